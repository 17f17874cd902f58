/**
 * npm run coverage
 *
 * Runs `hardhat test --coverage` (mocha and Solidity tests) and fails unless every core contract (Companies,
 * Accreditations, Constellations, Products, Claims, Access, contracts/base/*.sol and the GS1 library) has at least 95%
 * of its lines and of its branches covered.
 * Hardhat writes coverage/lcov.info (lines only: its EDR engine reports no branch data yet) and coverage/html, and
 * prints a table with statement coverage, which stands in for branches until lcov carries them.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { buildContracts } from "./lib/build.ts";
import { checkCoverage, parseLcov, parseStatementPercents } from "./lib/coverage.ts";
import { COVERAGE_DIR, HARDHAT_CLI, ROOT } from "./lib/paths.ts";

const THRESHOLD = 95;
const LCOV_FILE = path.join(COVERAGE_DIR, "lcov.info");

const baseDir = path.join(ROOT, "contracts", "base");
const requiredFiles = [
  "contracts/Companies.sol",
  "contracts/Accreditations.sol",
  "contracts/Constellations.sol",
  "contracts/Products.sol",
  "contracts/Claims.sol",
  "contracts/Access.sol",
  "contracts/libraries/Gs1.sol",
  ...(existsSync(baseDir)
    ? readdirSync(baseDir)
        .filter((f) => f.endsWith(".sol"))
        .sort()
        .map((f) => `contracts/base/${f}`)
    : []),
];

// A stale report must not pass for this run's.
rmSync(LCOV_FILE, { force: true });

let printed = "";
const testExit = await new Promise<number>((resolve, reject) => {
  const child = spawn(process.execPath, [HARDHAT_CLI, "test", "--coverage"], {
    cwd: ROOT,
    stdio: ["inherit", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    printed += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    printed += chunk.toString();
  });
  child.once("error", reject);
  child.once("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
});

if (!existsSync(LCOV_FILE)) {
  console.error(
    `\ncoverage: hardhat test --coverage exited with ${testExit} and wrote no ${path.relative(ROOT, LCOV_FILE)}.`,
  );
  if (/warnings are errors/i.test(printed) && /exceeds 24576 bytes/.test(printed)) {
    console.error(
      "The coverage build is instrumented, so Constellations exceeds the 24,576-byte size limit and the\n" +
        "warnings-as-errors plugin in hardhat.config.ts stops it. That plugin must let coverage builds through:\n" +
        "  if (context.globalOptions.coverage) return errors;   // first line after `await next(...)`",
    );
  }
  process.exit(testExit === 0 ? 1 : testExit);
}

const checks = checkCoverage(
  parseLcov(readFileSync(LCOV_FILE, "utf8")),
  parseStatementPercents(printed),
  requiredFiles,
  THRESHOLD,
);

const width = Math.max(...requiredFiles.map((f) => f.length));
const pct = (value: number | undefined) => (value === undefined ? "-" : `${value.toFixed(2)}%`);
console.log(`\nCoverage thresholds (${THRESHOLD}% of lines and of branches, per file):`);
console.log(`${"file".padEnd(width)}  ${"lines".padStart(8)}  ${"branches".padStart(8)}  result`);
for (const check of checks) {
  const mark = check.branchSource === "statements" ? "*" : " ";
  const result = check.failures.length === 0 ? "ok" : "BELOW";
  console.log(
    `${check.file.padEnd(width)}  ${pct(check.lines).padStart(8)}  ${pct(check.branches).padStart(8)}${mark} ${result}`,
  );
}
if (checks.some((c) => c.branchSource === "statements")) {
  console.log("* Hardhat's lcov.info has no branch data yet: statement coverage stands in for branches.");
}

// The coverage run leaves instrumented artifacts, too large to deploy (EIP-170): put the deployable build back for
// whatever runs next (the local stack, end-to-end tests).
await buildContracts();

const failures = checks.flatMap((c) => c.failures);
if (failures.length > 0) {
  console.error(`\ncoverage: below threshold:\n  ${failures.join("\n  ")}`);
}
if (testExit !== 0) console.error(`\ncoverage: the tests failed (hardhat test exited with ${testExit}).`);
process.exit(failures.length > 0 || testExit !== 0 ? 1 : 0);
