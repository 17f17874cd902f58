import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { A, B, C, D, api, errors, ids } from "./helpers.ts";

const TOP = (2n ** 255n).toString();
const query = api();

/** [where, expected ids in id order] for `companies` */
type Case = [string, string[]];

async function expectCompanies(cases: Case[]): Promise<void> {
  for (const [where, expected] of cases) {
    assert.deepEqual(await ids(query, "companies", `where: ${where}`), expected, where);
  }
}

describe("where: equality and comparison", () => {
  it("filters every scalar type by equality and _not", async () => {
    await expectCompanies([
      [`{ id: "${A.toUpperCase().replace("0X", "0x")}" }`, [A]],
      [`{ name: "Delta" }`, [D]],
      [`{ name_not: "Delta" }`, [A, B, C]],
      [`{ status: PAUSED }`, [B]],
      [`{ status_not: PAUSED }`, [A, C, D]],
      [`{ employees: 3 }`, [B, D]],
      [`{ shares: "${TOP}" }`, [A]],
      [`{ shares: "-${TOP}" }`, [B]],
      [`{ valuation: "12.50" }`, [A]],
      [`{ counter: "-3" }`, [B]],
      [`{ counter: 5 }`, [A]],
      [`{ listed: true }`, [A]],
      [`{ listed_not: true }`, [B, C, D]],
      [`{ logo: "0xBEEF" }`, [B]],
      [`{ founded: "1700000000000000" }`, [A]],
      [`{ founded_not: "1700000000000000" }`, []],
    ]);
  });

  it("matches null with equality and non-null with _not, and leaves nulls out of comparisons", async () => {
    await expectCompanies([
      [`{ valuation: null }`, [C]],
      [`{ valuation_not: null }`, [A, B, D]],
      [`{ valuation_not: "12.5" }`, [B, D]],
      [`{ parent: null }`, [A]],
    ]);
  });

  it("compares numbers numerically: Int, 256-bit and negative BigInt, BigDecimal, Int8", async () => {
    await expectCompanies([
      [`{ employees_gt: 3 }`, [A, C]],
      [`{ employees_gte: 7 }`, [A, C]],
      [`{ employees_lt: 7 }`, [B, D]],
      [`{ employees_lte: 3 }`, [B, D]],
      [`{ shares_gt: "0" }`, [A, D]],
      [`{ shares_gt: "12" }`, [A]],
      [`{ shares_lt: "0" }`, [B]],
      [`{ shares_lte: "-${TOP}" }`, [B]],
      [`{ shares_gte: "-1" }`, [A, C, D]],
      [`{ valuation_gt: "-1" }`, [A, B, D]],
      [`{ valuation_lt: "13" }`, [A, B]],
      [`{ valuation_gte: "100.0" }`, [D]],
      [`{ counter_lt: 0 }`, [B]],
      [`{ counter_gte: "-3" }`, [A, B]],
    ]);
  });

  it("compares strings and bytes in byte order", async () => {
    await expectCompanies([
      [`{ name_gt: "Bolt" }`, [B, C, D]],
      [`{ name_lt: "Bolt" }`, [A]],
      [`{ name_gte: "cargo 50%_off" }`, [C]],
      [`{ name_lte: "Acme" }`, [A]],
      [`{ id_gt: "${B}" }`, [C, D]],
      [`{ id_lte: "${B}" }`, [A, B]],
      [`{ logo_gt: "0xbeef" }`, [A]],
    ]);
  });

  it("supports _in and _not_in, where an empty list matches nothing (as in graph-node)", async () => {
    await expectCompanies([
      [`{ name_in: ["Acme", "Delta", "nobody"] }`, [A, D]],
      [`{ name_not_in: ["Acme", "Delta"] }`, [B, C]],
      [`{ status_in: [PAUSED] }`, [B]],
      [`{ shares_in: ["0", "12"] }`, [C, D]],
      [`{ valuation_in: ["-0.50"] }`, [B]],
      [`{ listed_in: [true] }`, [A]],
      [`{ id_in: ["${C}", "${A}"] }`, [A, C]],
      [`{ id_not_in: ["${C}", "${A}"] }`, [B, D]],
      [`{ name_in: [] }`, []],
      [`{ name_not_in: [] }`, []],
    ]);
  });
});

describe("where: strings and bytes", () => {
  it("matches substrings literally and case-sensitively, or ignoring case with _nocase", async () => {
    await expectCompanies([
      [`{ name_contains: "o" }`, [B, C]],
      [`{ name_contains: "O" }`, []],
      [`{ name_contains_nocase: "O" }`, [B, C]],
      [`{ name_not_contains: "o" }`, [A, D]],
      [`{ name_not_contains_nocase: "A" }`, [B]],
      [`{ name_contains: "50%_" }`, [C]],
      [`{ name_contains: "%" }`, [C]],
      [`{ name_contains: "_" }`, [C]],
      [`{ name_contains: "" }`, [A, B, C, D]],
    ]);
  });

  it("matches prefixes and suffixes", async () => {
    await expectCompanies([
      [`{ name_starts_with: "B" }`, [B]],
      [`{ name_starts_with: "b" }`, []],
      [`{ name_starts_with_nocase: "b" }`, [B]],
      [`{ name_not_starts_with: "B" }`, [A, C, D]],
      [`{ name_not_starts_with_nocase: "a" }`, [B, C, D]],
      [`{ name_ends_with: "ta" }`, [D]],
      [`{ name_ends_with_nocase: "WORKS" }`, [B]],
      [`{ name_not_ends_with: "e" }`, [B, C, D]],
      [`{ name_not_ends_with_nocase: "TA" }`, [A, B, C]],
      [`{ name_ends_with: "a much longer suffix than any name" }`, []],
      [`{ name_starts_with: "" }`, [A, B, C, D]],
    ]);
  });

  it("finds byte sequences inside Bytes", async () => {
    await expectCompanies([
      [`{ logo_contains: "0xbeef" }`, [A, B]],
      [`{ logo_contains: "0xadbe" }`, [A]],
      [`{ logo_contains: "0xdbee" }`, []], // not on a byte boundary
      [`{ logo_not_contains: "0xdead" }`, [B]],
    ]);
  });
});

describe("where: lists", () => {
  it("compares whole lists, or checks that a list holds every given element (_contains) or none (_not_contains)", async () => {
    await expectCompanies([
      [`{ tags: ["steel", "eu"] }`, [A]],
      [`{ tags: [] }`, [C]],
      [`{ tags_not: ["eu"] }`, [A, C, D]],
      [`{ tags_contains: ["steel"] }`, [A, D]],
      [`{ tags_contains: ["eu", "steel"] }`, [A]],
      [`{ tags_contains: [] }`, [A, B, C, D]],
      [`{ tags_not_contains: ["steel"] }`, [B, C]],
      [`{ tags_not_contains: ["steel", "eu"] }`, [C]],
      [`{ tags_contains_nocase: ["eu"] }`, [A, B]],
      [`{ partners_contains: ["${B}"] }`, [A, C]],
      [`{ partners_not_contains: ["${A}"] }`, [A]],
    ]);
  });

  it("filters a list of references to Int8 ids", async () => {
    assert.deepEqual(await ids(query, "reviews", `where: { id_gt: 1, stars_lt: 5 }`), ["2", "3", "10"]);
    assert.deepEqual(await ids(query, "reviews", `where: { subjects_contains: ["${B}"] }`), ["1", "10"]);
  });
});

describe("where: references", () => {
  it("filters by the referenced id, in any hex case", async () => {
    assert.deepEqual(await ids(query, "products", `where: { owner: "${A.toUpperCase().replace("0X", "0x")}" }`), [
      "p1",
      "p2",
      "p5",
    ]);
    assert.deepEqual(await ids(query, "products", `where: { owner_in: ["${B}", "${C}"] }`), ["p3", "p4"]);
    assert.deepEqual(await ids(query, "products", `where: { owner_not: "${A}" }`), ["p3", "p4"]);
    assert.deepEqual(await ids(query, "companies", `where: { parent: "${A}" }`), [B, C]);
  });

  it("filters through a reference, a list of references and derived fields with `field_`", async () => {
    assert.deepEqual(await ids(query, "products", `where: { owner_: { status: PAUSED } }`), ["p3"]);
    assert.deepEqual(await ids(query, "companies", `where: { parent_: { name_starts_with: "Bolt" } }`), [D]);
    assert.deepEqual(await ids(query, "companies", `where: { partners_: { name: "Acme" } }`), [C]);
    assert.deepEqual(await ids(query, "companies", `where: { products_: { title_starts_with_nocase: "b" } }`), [A]);
    assert.deepEqual(await ids(query, "companies", `where: { reviews_: { stars: 1 } }`), [B, D]);
    assert.deepEqual(await ids(query, "companies", `where: { profile_: { bio_contains: "cargo" } }`), [C]);
    assert.deepEqual(await ids(query, "reviews", `where: { subjects_: { name: "Delta" } }`), ["10"]);
  });

  it("refuses child filters inside child filters, as graph-node does", async () => {
    const messages = await errors(query, `{ products(where: { owner_: { parent_: { name: "Acme" } } }) { id } }`);
    assert.deepEqual(messages, ["Child filters can not be nested"]);
  });

  it("rejects a malformed id in a reference filter", async () => {
    const messages = await errors(query, `{ products(where: { owner: "0x123" }) { id } }`);
    assert.match(messages[0] ?? "", /Failed to decode `Product.owner` value: not a hex string/);
  });
});

describe("where: and, or, _change_block", () => {
  it("combines filters with and / or lists", async () => {
    await expectCompanies([
      [`{ or: [{ name: "Acme" }, { employees_lt: 4 }] }`, [A, B, D]],
      [`{ and: [{ employees: 3 }, { shares_gt: "0" }] }`, [D]],
      [`{ or: [{ and: [{ employees: 3 }, { status: PAUSED }] }, { name: "cargo 50%_off" }] }`, [B, C]],
      [`{ or: [] }`, []],
      [`{ employees: 3, shares_gt: "0" }`, [D]],
    ]);
  });

  it("refuses or / and next to other filters at the same level", async () => {
    const messages = await errors(query, `{ companies(where: { or: [{ name: "Acme" }], employees: 3 }) { id } }`);
    assert.match(messages[0] ?? "", /`or` cannot be combined with other filters at the same level/);
  });

  it("selects entities changed at or after a block with _change_block", async () => {
    await expectCompanies([
      [`{ _change_block: { number_gte: 2 } }`, [D]],
      [`{ _change_block: { number_gte: 1 } }`, [A, B, C, D]],
    ]);
  });
});
