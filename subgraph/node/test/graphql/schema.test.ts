import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { camelCase, collectionFieldName, pluralize, singleFieldName } from "../../src/graphql/naming.ts";
import { A, C, api, data } from "./helpers.ts";

const query = api();

describe("query field names", () => {
  it("pluralizes entity names as graph-node (the Inflector crate) does", () => {
    const cases: [string, string][] = [
      ["Company", "Companies"],
      ["Batch", "Batches"],
      ["ClaimBatch", "ClaimBatches"],
      ["JourneyEvent", "JourneyEvents"],
      ["Accreditation", "Accreditations"],
      ["Status", "Statuses"],
      ["Address", "Addresses"],
      ["Key", "Keys"],
      ["Day", "Days"],
      ["Leaf", "Leaves"],
      ["Analysis", "Analyses"],
      ["Box", "Boxes"],
      ["hero", "heroes"],
      ["Hero", "Heros"], // Inflector's rules are case-sensitive
      ["news", "news"],
      ["ox", "oxen"],
    ];
    for (const [singular, plural] of cases) assert.equal(pluralize(singular), plural, singular);
  });

  it("camel-cases the type name for the lookup and the plural for the collection", () => {
    assert.equal(singleFieldName("ClaimBatch"), "claimBatch");
    assert.equal(collectionFieldName("ClaimBatch"), "claimBatches");
    assert.equal(collectionFieldName("Company"), "companies");
    assert.equal(camelCase("NFTOwner"), "nftOwner");
    assert.equal(camelCase("ERC20Token"), "erc20Token");
  });

  it("serves a lookup and a collection per entity type, and _meta", () => {
    const fields = Object.keys(query.schema.getQueryType()?.getFields() ?? {});
    assert.deepEqual(fields, [
      "company",
      "companies",
      "profile",
      "profiles",
      "product",
      "products",
      "review",
      "reviews",
      "_meta",
    ]);
  });
});

describe("types and values", () => {
  it("carries descriptions over from schema.graphql", async () => {
    const result = await data(query, `{ __type(name: "Company") { description fields { name description } } }`);
    const type = result.__type as { description: string; fields: { name: string; description: string | null }[] };
    assert.equal(type.description, "A company: every scalar, a list, references to its own kind, and derived fields.");
    assert.equal(type.fields.find((f) => f.name === "name")?.description, "The display name.");
  });

  it("serializes BigInt, BigDecimal and Int8 as strings, Bytes as lowercase hex, Timestamp as microseconds", async () => {
    const result = await data(
      query,
      `{ company(id: "${A}") { id name status employees shares valuation founded counter listed logo tags } }`,
    );
    assert.deepEqual(result.company, {
      id: A,
      name: "Acme",
      status: "ACTIVE",
      employees: 10,
      shares: (2n ** 255n).toString(),
      valuation: "12.5",
      founded: "1700000000000000",
      counter: "5",
      listed: true,
      logo: "0xdeadbeef",
      tags: ["steel", "eu"],
    });
  });

  it("returns null for unset optional fields", async () => {
    const result = await data(query, `{ company(id: "${C}") { valuation founded counter logo parent { id } } }`);
    assert.deepEqual(result.company, { valuation: null, founded: null, counter: null, logo: null, parent: { id: A } });
  });

  it("takes arguments from variables as well as literals", async () => {
    const result = await data(
      query,
      `query Rich($min: BigInt!, $id: ID!) { companies(where: { shares_gt: $min }) { id } company(id: $id) { name } }`,
      { min: "0", id: A },
    );
    assert.equal((result.companies as unknown[]).length, 2);
    assert.deepEqual(result.company, { name: "Acme" });
  });

  it("runs the operation named by operationName", async () => {
    const result = await query.execute({
      query: `query One { company(id: "${A}") { name } } query Two { review(id: "2") { stars } }`,
      operationName: "Two",
    });
    assert.deepEqual(JSON.parse(JSON.stringify(result)), { data: { review: { stars: 3 } } });
  });
});
