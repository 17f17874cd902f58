import assert from "node:assert/strict";
import { test } from "node:test";

import { encodeErrorResult, getAddress } from "viem";

import { constellateAbis, contractNames, describeRevert, errorNotices, fillNotice, roleNames } from "../src/index.ts";

const company = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");

test("every custom error of every contract has a notice in words", () => {
  for (const name of contractNames) {
    for (const item of constellateAbis[name]) {
      if (item.type !== "error") continue;
      assert.ok(errorNotices[name][item.name], `${name}.${item.name} has no @notice`);
    }
  }
});

test("a revert is described with its arguments filled in", () => {
  const data = encodeErrorResult({
    abi: constellateAbis.Constellations,
    errorName: "MissingRoles",
    args: [3n, company, 2, 1],
  });
  const described = describeRevert(data, { contract: "Constellations" });
  assert.equal(described?.name, "MissingRoles");
  assert.equal(described?.message, `${company} lacks PRODUCER in #3 (it holds ADMIN).`);
  const named = describeRevert(data, { contract: "Constellations", formatAddress: () => "Lumen Coffee" });
  assert.equal(named?.message, "Lumen Coffee lacks PRODUCER in #3 (it holds ADMIN).");
});

test("the called contract's wording wins for errors two contracts declare", () => {
  const data = encodeErrorResult({ abi: constellateAbis.Access, errorName: "InvalidExpiry", args: [1_700_000_000n] });
  assert.equal(
    describeRevert(data, { contract: "Access" })?.message,
    "2023-11-14 22:13:20Z must be in the future (and fit 40 bits).",
  );
  assert.equal(
    describeRevert(data, { contract: "Claims" })?.message,
    "An attestation expiry must be zero or in the future.",
  );
});

test("revert strings, panics and unknown selectors", () => {
  const text = encodeErrorResult({
    abi: [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }],
    errorName: "Error",
    args: ["nope"],
  });
  assert.equal(describeRevert(text)?.message, "nope");
  const panic = encodeErrorResult({
    abi: [{ type: "error", name: "Panic", inputs: [{ name: "code", type: "uint256" }] }],
    errorName: "Panic",
    args: [0x11n],
  });
  assert.equal(describeRevert(panic)?.message, "The contract stopped on a number overflowed.");
  assert.equal(describeRevert("0xdeadbeef"), undefined);
  assert.equal(describeRevert("0x"), undefined);
});

test("notices: nested references, {links} and role masks", () => {
  assert.equal(
    fillNotice("`grant.owner` is not the acting company.", "X", { grant: { owner: company } }),
    `${company} is not the acting company.`,
  );
  assert.equal(
    fillNotice("{actFor} cannot wrap another {actFor}", "NestedActFor", {}),
    "ActFor cannot wrap another actFor.",
  );
  assert.equal(roleNames(0), "no role");
  assert.equal(roleNames(1 | 32), "ADMIN and VERIFIER");
  assert.equal(roleNames(2 | 4 | 8), "PRODUCER, SUPPLIER and LOGISTICS");
});
