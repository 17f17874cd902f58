import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { checkCoverage, parseLcov, parseStatementPercents } from "../lib/coverage.ts";

// As Hardhat 3.18 writes them: lines only in lcov.info, statements in the printed table.
const LCOV = `TN:
SF:contracts/Companies.sol
DA:10,1
DA:11,3
DA:12,0
LH:2
LF:3
end_of_record
SF:contracts/base/ActsForCompanies.sol
DA:22,1
LH:1
LF:1
end_of_record
`;

const PRINTED = `Saved html report to /repo/coverage/html
\u001b[1m╔══════════════════════════════════════╗\u001b[22m
║ File Path                           │ Line % │ Statement % │ Uncovered Lines ║
╟─────────────────────────────────────┼────────┼─────────────┼─────────────────╢
║ contracts/base/ActsForCompanies.sol │ 100.00 │ 100.00      │ -               ║
║ contracts/Companies.sol             │ 66.67  │ 93.10       │ 12              ║
╟─────────────────────────────────────┼────────┼─────────────┼─────────────────╢
║ Total                               │ 75.00  │ 94.00       │                 ║
`;

describe("coverage parsing", () => {
  it("reads lines per file from lcov, and branches when lcov has them", () => {
    const lcov = parseLcov(
      LCOV +
        "SF:contracts/Accreditations.sol\nDA:1,1\nBRDA:5,0,0,1\nBRDA:5,0,1,-\nBRDA:9,0,0,2\nBRDA:9,0,1,0\nend_of_record\n",
    );
    assert.deepEqual(lcov.get("contracts/Companies.sol"), { linesFound: 3, linesHit: 2 });
    assert.deepEqual(lcov.get("contracts/Accreditations.sol"), {
      linesFound: 1,
      linesHit: 1,
      branchesFound: 4,
      branchesHit: 2,
    });
  });

  it("reads statement percentages from Hardhat's printed table, colours and all", () => {
    const statements = parseStatementPercents(PRINTED);
    assert.deepEqual(
      [...statements],
      [
        ["contracts/base/ActsForCompanies.sol", 100],
        ["contracts/Companies.sol", 93.1],
      ],
    );
  });

  it("fails a file below the threshold in lines or branches, naming the file and the figure", () => {
    const checks = checkCoverage(
      parseLcov(LCOV),
      parseStatementPercents(PRINTED),
      ["contracts/Companies.sol", "contracts/base/ActsForCompanies.sol", "contracts/Constellations.sol"],
      95,
    );
    assert.deepEqual(
      checks.map((c) => c.failures),
      [
        [
          "contracts/Companies.sol: lines 66.67% (2/3) is below 95%",
          "contracts/Companies.sol: branches (statements) 93.10% is below 95%",
        ],
        [],
        ["contracts/Constellations.sol: no coverage data (not compiled with coverage, or no test touches it)"],
      ],
    );
    assert.equal(checks[1]?.branchSource, "statements");
  });
});
