import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createQueryApi } from "../../src/graphql/query-api.ts";
import type { QueryStore } from "../../src/graphql/context.ts";
import { fixtureSchema } from "../store/fixture.ts";
import { hashOf, openStore } from "../store/helpers.ts";
import { A, api, data, errors, populatedStore } from "./helpers.ts";

describe("_meta", () => {
  it("reports the latest block, the deployment and whether indexing failed", async () => {
    const store = populatedStore();
    const query = api(store);
    assert.deepEqual(
      await data(query, `{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }`),
      {
        _meta: {
          block: { number: 2, hash: hashOf(2), timestamp: 1_700_000_024, parentHash: hashOf(1) },
          deployment: "test",
          hasIndexingErrors: false,
        },
      },
    );
    store.recordIndexingError({ number: 3n, hash: hashOf(3) }, "handler failed");
    assert.deepEqual(await data(query, `{ _meta { hasIndexingErrors } companies(first: 1) { id } }`), {
      _meta: { hasIndexingErrors: true },
      companies: [{ id: A }],
    });
  });

  it("leaves the hash out when the block is asked for by number, as graph-node does", async () => {
    assert.deepEqual(await data(api(), `{ _meta(block: { number: 2 }) { block { number hash } } }`), {
      _meta: { block: { number: 2, hash: null } },
    });
  });

  it("says plainly when nothing is indexed yet", async () => {
    assert.deepEqual(await errors(api(openStore()), `{ _meta { block { number } } }`), [
      "the subgraph has not indexed any block yet",
    ]);
  });
});

describe("the block argument", () => {
  const query = api();

  it("accepts the latest block by number, hash or number_gte (or none)", async () => {
    for (const block of [
      `{}`,
      `{ number: 2 }`,
      `{ hash: "${hashOf(2).toUpperCase().replace("0X", "0x")}" }`,
      `{ number_gte: 1 }`,
    ]) {
      const result = await data(
        query,
        `{ companies(block: ${block}, first: 1) { id } company(id: "${A}", block: ${block}) { id } }`,
      );
      assert.deepEqual(result, { companies: [{ id: A }], company: { id: A } }, block);
    }
  });

  it("refuses blocks not indexed yet in graph-node's words, and past blocks clearly", async () => {
    assert.deepEqual(await errors(query, `{ companies(block: { number: 3 }) { id } }`), [
      "Failed to decode `block.number` value: `subgraph test has only indexed up to block number 2 and data for " +
        "block number 3 is therefore not yet available`",
    ]);
    assert.deepEqual(await errors(query, `{ companies(block: { number_gte: 9 }) { id } }`), [
      "Failed to decode `block.number` value: `subgraph test has only indexed up to block number 2 and data for " +
        "block number 9 is therefore not yet available`",
    ]);
    const past = "the local Graph node answers for the latest block only (no time-travel queries)";
    assert.match(
      (await errors(query, `{ companies(block: { number: 1 }) { id } }`))[0] ?? "",
      new RegExp(past.replace(/[()]/g, "\\$&")),
    );
    assert.match(
      (await errors(query, `{ companies(block: { hash: "${hashOf(1)}" }) { id } }`))[0] ?? "",
      /before the latest indexed block 2/,
    );
    assert.deepEqual(await errors(query, `{ companies(block: { hash: "0x1234" }) { id } }`), [
      "Failed to decode `block.hash` value: `no block with that hash found`",
    ]);
    assert.deepEqual(await errors(query, `{ companies(block: { number: 2, number_gte: 1 }) { id } }`), [
      "`block` takes one of `hash`, `number` or `number_gte`, not several",
    ]);
  });
});

describe("errors", () => {
  const query = api();

  it("reports syntax errors, unknown fields and arguments, and values of the wrong type", async () => {
    assert.match((await errors(query, `{ companies { id `))[0] ?? "", /^Syntax Error/);
    assert.deepEqual(await errors(query, `{ companies { id colour } }`), [
      'Cannot query field "colour" on type "Company".',
    ]);
    assert.match((await errors(query, `{ companies(colour: "red") { id } }`))[0] ?? "", /Unknown argument "colour"/);
    assert.match((await errors(query, `{ companies(first: "ten") { id } }`))[0] ?? "", /Int cannot represent/);
    assert.match(
      (await errors(query, `{ companies(orderBy: colour) { id } }`))[0] ?? "",
      /Value "colour" does not exist/,
    );
    assert.match(
      (await errors(query, `{ companies(where: { shares: "a lot" }) { id } }`))[0] ?? "",
      /BigInt expects an integer/,
    );
    assert.match((await errors(query, `{ companies(where: { logo: "0xabc" }) { id } }`))[0] ?? "", /not a hex string/);
    assert.match(
      (
        await errors(query, `query Q($n: Int8) { companies(where: { counter: $n }) { id } }`, {
          n: "9223372036854775808",
        })
      )[0] ?? "",
      /outside the signed 64-bit range/,
    );
    assert.match((await errors(query, `{ company(id: "acme") { id } }`))[0] ?? "", /Failed to decode `Bytes` value/);
    assert.match((await errors(query, `{ review(id: "first") { id } }`))[0] ?? "", /Failed to decode `Int8` value/);
  });

  it("reports failures inside the store as errors, never by throwing", async () => {
    const broken: QueryStore = {
      deployment: "broken",
      head: () => null,
      hasIndexingErrors: () => false,
      blockNumber: () => null,
      find: () => {
        throw new Error("disk I/O error");
      },
      findChildren: () => new Map(),
      findByIds: () => new Map(),
    };
    const result = await createQueryApi(fixtureSchema(), broken).execute({ query: `{ companies { id } }` });
    assert.deepEqual(
      result.errors?.map((e) => e.message),
      ["Store error: disk I/O error"],
    );
  });
});
