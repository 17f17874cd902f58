import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createQueryApi } from "../../src/graphql/query-api.ts";
import type { QueryStore } from "../../src/graphql/context.ts";
import { fixtureSchema } from "../store/fixture.ts";
import { block } from "../store/helpers.ts";
import { A, B, C, D, api, data, errors, populatedStore } from "./helpers.ts";

const query = api();

describe("references", () => {
  it("resolves references to objects, at any depth", async () => {
    const result = await data(query, `{ product(id: "p3") { title owner { name parent { name parent { id } } } } }`);
    assert.deepEqual(result.product, {
      title: "crate",
      owner: { name: "Bolt Works", parent: { name: "Acme", parent: null } },
    });
  });

  it("resolves a stored list of references with the collection arguments", async () => {
    const result = await data(
      query,
      `{ company(id: "${C}") {
          all: partners { id }
          desc: partners(orderBy: name, orderDirection: desc) { name }
          filtered: partners(where: { status: PAUSED }) { id }
          paged: partners(first: 1, skip: 1) { id }
        } }`,
    );
    assert.deepEqual(result.company, {
      all: [{ id: A }, { id: B }],
      desc: [{ name: "Bolt Works" }, { name: "Acme" }],
      filtered: [{ id: B }],
      paged: [{ id: B }],
    });
  });

  it("returns null for an id that matches nothing", async () => {
    assert.deepEqual(await data(query, `{ company(id: "0x01") { id } review(id: "99") { id } }`), {
      company: null,
      review: null,
    });
  });
});

describe("derived fields", () => {
  it("lists the entities that point back, with where, orderBy, orderDirection, first and skip per parent", async () => {
    const result = await data(
      query,
      `{ companies {
          id
          products { id }
          priciest: products(first: 1, orderBy: price, orderDirection: desc, where: { price_not: null }) { id price }
          rest: products(skip: 1, orderBy: title) { title }
        } }`,
    );
    assert.deepEqual(result.companies, [
      {
        id: A,
        products: [{ id: "p1" }, { id: "p2" }, { id: "p5" }],
        priciest: [{ id: "p2", price: "50" }],
        rest: [{ title: "Nail" }, { title: "anvil" }],
      },
      { id: B, products: [{ id: "p3" }], priciest: [], rest: [] },
      { id: C, products: [{ id: "p4" }], priciest: [{ id: "p4", price: "7" }], rest: [] },
      { id: D, products: [], priciest: [], rest: [] },
    ]);
  });

  it("follows derived fields whose back reference is a list", async () => {
    const result = await data(
      query,
      `{ companies(where: { id_in: ["${A}", "${B}", "${D}"] }) {
          reviews { id }
          best: reviews(orderBy: stars, orderDirection: desc, first: 1) { stars }
        } }`,
    );
    assert.deepEqual(result.companies, [
      { reviews: [{ id: "1" }, { id: "2" }], best: [{ stars: 5 }] },
      { reviews: [{ id: "1" }, { id: "10" }], best: [{ stars: 5 }] },
      { reviews: [{ id: "10" }], best: [{ stars: 1 }] },
    ]);
  });

  it("resolves a one-to-one derived field to the single entity pointing back, or null", async () => {
    const result = await data(query, `{ companies { profile { bio } } }`);
    assert.deepEqual(result.companies, [
      { profile: { bio: "makes anvils" } },
      { profile: null },
      { profile: { bio: "carries cargo" } },
      { profile: null },
    ]);
  });

  it("reports a one-to-one derived field that finds several entities, in graph-node's words", async () => {
    const store = populatedStore();
    store.processBlock(block(3, (s) => s.set("Profile", { id: "pa2", company: A, bio: "a second profile" })));
    assert.deepEqual(await errors(api(store), `{ company(id: "${A}") { profile { bio } } }`), [
      "Ambiguous result for derived field `profile`: Multiple `Profile` entities refer back via `company`",
    ]);
  });

  it("checks the range arguments of nested collections too", async () => {
    assert.deepEqual(await errors(query, `{ companies { products(first: 5000) { id } } }`), [
      "The `first` argument must be between 0 and 1000, but is 5000",
    ]);
  });
});

describe("batching", () => {
  it("fetches a nested field for all parents at once rather than once per parent", async () => {
    const store = populatedStore();
    const calls: string[] = [];
    const counting: QueryStore = {
      deployment: store.deployment,
      head: () => store.head(),
      hasIndexingErrors: () => store.hasIndexingErrors(),
      blockNumber: (hash) => store.blockNumber(hash),
      find: (q) => (calls.push(`find ${q.entity}`), store.find(q)),
      findChildren: (q) => (calls.push(`children ${q.parent}.${q.field}`), store.findChildren(q)),
      findByIds: (entity, ids) => (calls.push(`byIds ${entity} x${ids.length}`), store.findByIds(entity, ids)),
    };
    const batched = createQueryApi(fixtureSchema(), counting);
    await data(batched, `{ companies { products { owner { name } } reviews { subjects { id } } parent { name } } }`);
    // Parents A and B are fetched together; of the products' owners (A, B, C) only C is not cached by then.
    assert.deepEqual(calls.sort(), [
      "byIds Company x1",
      "byIds Company x2",
      "children Company.products",
      "children Company.reviews",
      "children Review.subjects",
      "find Company",
    ]);
  });
});
