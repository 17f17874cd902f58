/** Reading Hardhat 3's coverage output and judging it against the project's thresholds. */

export interface FileCoverage {
  linesFound: number;
  linesHit: number;
  /** Present when the lcov file carries branch data (BRF/BRH or BRDA); Hardhat 3.18 writes none yet. */
  branchesFound?: number;
  branchesHit?: number;
  /** Statement coverage in percent, from Hardhat's printed report (it is not in lcov.info). */
  statementsPercent?: number;
}

/** Parses an lcov tracefile: per source file (SF), lines from DA or LF/LH and branches from BRDA or BRF/BRH. */
export function parseLcov(text: string): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  let file: string | undefined;
  let da = new Map<number, number>();
  let brda = new Map<string, boolean>();
  let summary: { lf?: number; lh?: number; brf?: number; brh?: number } = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const colon = line.indexOf(":");
    const tag = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1);
    switch (tag) {
      case "SF":
        file = value;
        da = new Map();
        brda = new Map();
        summary = {};
        break;
      case "DA": {
        const [lineNo, count] = value.split(",");
        const n = Number(lineNo);
        da.set(n, Math.max(da.get(n) ?? 0, Number(count)));
        break;
      }
      case "BRDA": {
        const [lineNo, block, branch, taken] = value.split(",");
        const key = `${lineNo},${block},${branch}`;
        brda.set(key, (brda.get(key) ?? false) || (taken !== "-" && Number(taken) > 0));
        break;
      }
      case "LF":
        summary.lf = Number(value);
        break;
      case "LH":
        summary.lh = Number(value);
        break;
      case "BRF":
        summary.brf = Number(value);
        break;
      case "BRH":
        summary.brh = Number(value);
        break;
      case "end_of_record": {
        if (file === undefined) break;
        const coverage: FileCoverage = {
          linesFound: summary.lf ?? da.size,
          linesHit: summary.lh ?? [...da.values()].filter((count) => count > 0).length,
        };
        const branchesFound = summary.brf ?? (brda.size > 0 ? brda.size : undefined);
        if (branchesFound !== undefined) {
          coverage.branchesFound = branchesFound;
          coverage.branchesHit = summary.brh ?? [...brda.values()].filter(Boolean).length;
        }
        files.set(file, coverage);
        file = undefined;
        break;
      }
    }
  }
  return files;
}

const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, "g");

/**
 * Statement coverage per file from the report Hardhat prints after `test --coverage`, a box-drawn table with the
 * columns File Path, Line %, Statement %, Uncovered Lines.
 */
export function parseStatementPercents(printed: string): Map<string, number> {
  const percents = new Map<string, number>();
  for (const raw of printed.replace(ANSI, "").split(/\r?\n/)) {
    const cells = raw
      .split(/[║│|]/)
      .map((cell) => cell.trim())
      .filter((cell, i, all) => !(cell === "" && (i === 0 || i === all.length - 1)));
    const [file, linePct, statementPct] = cells;
    if (file === undefined || !file.endsWith(".sol")) continue;
    if (linePct === undefined || statementPct === undefined || !/^\d+(\.\d+)?$/.test(statementPct)) continue;
    percents.set(file, Number(statementPct));
  }
  return percents;
}

export interface CoverageCheck {
  file: string;
  lines: number | undefined;
  branches: number | undefined;
  /** Where the branch figure came from. */
  branchSource: "lcov branches" | "statements" | "none";
  failures: string[];
}

export function percent(hit: number, found: number): number {
  return found === 0 ? 100 : (hit * 100) / found;
}

/**
 * Judges each required file: its line coverage and its branch coverage must be at least `threshold` percent. Where
 * the lcov data has no branches (Hardhat 3.18's EDR reports none), statement coverage stands in for them: every
 * `if`/`revert`/`return` arm is a statement, so an untaken arm shows as an uncovered statement.
 */
export function checkCoverage(
  lcov: ReadonlyMap<string, FileCoverage>,
  statements: ReadonlyMap<string, number>,
  requiredFiles: readonly string[],
  threshold: number,
): CoverageCheck[] {
  return requiredFiles.map((file) => {
    const data = lcov.get(file);
    const failures: string[] = [];
    if (data === undefined) {
      return {
        file,
        lines: undefined,
        branches: undefined,
        branchSource: "none",
        failures: [`${file}: no coverage data (not compiled with coverage, or no test touches it)`],
      };
    }
    const lines = percent(data.linesHit, data.linesFound);
    if (lines < threshold) {
      failures.push(`${file}: lines ${lines.toFixed(2)}% (${data.linesHit}/${data.linesFound}) is below ${threshold}%`);
    }
    let branches: number | undefined;
    let branchSource: CoverageCheck["branchSource"] = "none";
    if (data.branchesFound !== undefined && data.branchesHit !== undefined) {
      branches = percent(data.branchesHit, data.branchesFound);
      branchSource = "lcov branches";
    } else if (statements.has(file)) {
      branches = statements.get(file);
      branchSource = "statements";
    }
    if (branches === undefined) {
      failures.push(`${file}: no branch or statement figure found`);
    } else if (branches < threshold) {
      const what = branchSource === "statements" ? "branches (statements)" : "branches";
      failures.push(`${file}: ${what} ${branches.toFixed(2)}% is below ${threshold}%`);
    }
    return { file, lines, branches, branchSource, failures };
  });
}
