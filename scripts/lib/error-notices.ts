/**
 * The `@notice` of every custom error, read from the contracts' sources, so that apps can tell users why a call was
 * refused in words rather than as a selector. Notices name the error's parameters in backticks (`id`, `account`); the
 * sdk's `describeError` fills them in with the decoded arguments.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { ROOT } from "./paths.ts";

export const CONTRACTS_DIR = path.join(ROOT, "contracts");

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return solidityFiles(full);
      return entry.name.endsWith(".sol") ? [full] : [];
    })
    .sort();
}

/** Every documented error declaration: its name, the file declaring it and its notice (the `@notice` text, lines joined). */
export interface ErrorNotice {
  name: string;
  file: string;
  notice: string;
}

/**
 * Errors the contracts inherit from OpenZeppelin, whose sources document them with `@dev` only: their wording for
 * users lives here, checked complete by sdk/test/errors.test.ts.
 */
export const LIBRARY_NOTICES: Readonly<Record<string, string>> = {
  AddressEmptyCode: "There is no contract at `target`.",
  FailedCall: "A call inside the transaction failed without a reason.",
  InvalidShortString: "A signing-domain string is malformed.",
  StringTooLong: "The text `str` is too long.",
  OwnableInvalidOwner: "`owner` cannot be the owner (the zero address).",
  OwnableUnauthorizedAccount: "Only the governance account may do this; `account` is not it.",
};

export function readErrorNotices(contractsDir: string = CONTRACTS_DIR): ErrorNotice[] {
  const found: ErrorNotice[] = Object.entries(LIBRARY_NOTICES).map(([name, notice]) => ({
    name,
    file: "@openzeppelin/contracts",
    notice,
  }));
  for (const file of solidityFiles(contractsDir)) {
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((line, index) => {
      const declaration = /^\s*error\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(line);
      if (declaration === null) return;
      const doc: string[] = [];
      for (let i = index - 1; i >= 0 && /^\s*\/\/\//.test(lines[i]!); i--)
        doc.unshift(lines[i]!.replace(/^\s*\/\/\/\s?/, ""));
      const notice = noticeOf(doc);
      if (notice !== undefined) found.push({ name: declaration[1]!, file: path.basename(file), notice });
    });
  }
  return found;
}

/**
 * Contract -> error name -> notice, for the errors in each contract's ABI. Where two declarations share a name (the
 * same selector, e.g. `InvalidExpiry` of Claims and of Access), the contract's own (`I<Name>.sol` or `<Name>.sol`) wins.
 */
export function errorNoticesByContract(
  abis: ReadonlyMap<string, readonly unknown[]>,
  notices: readonly ErrorNotice[] = readErrorNotices(),
): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const [contract, abi] of abis) {
    const own = new Set([`I${contract}.sol`, `${contract}.sol`]);
    const entries: [string, string][] = [];
    for (const item of abi as { type?: string; name?: string }[]) {
      if (item.type !== "error" || item.name === undefined) continue;
      const candidates = notices.filter((n) => n.name === item.name);
      const chosen = candidates.find((n) => own.has(n.file)) ?? candidates[0];
      if (chosen !== undefined) entries.push([item.name, chosen.notice]);
    }
    result[contract] = Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }
  return result;
}

/** The text of the @notice tag (with its continuation lines) in a NatSpec block; untagged text counts as notice. */
function noticeOf(doc: readonly string[]): string | undefined {
  const parts: string[] = [];
  let inNotice = false;
  for (const line of doc) {
    const tag = /^@(\w+)\s*(.*)$/.exec(line.trim());
    if (tag !== null) {
      inNotice = tag[1] === "notice";
      if (inNotice) parts.push(tag[2]!);
    } else if (inNotice || parts.length === 0) {
      inNotice = true;
      parts.push(line.trim());
    }
  }
  const text = parts.join(" ").replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}
