import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { block } from "../store/helpers.ts";
import { A, B, C, D, api, data, errors, ids, populatedStore } from "./helpers.ts";

const query = api();

describe("orderBy and orderDirection", () => {
  it("orders by id ascending by default, and ignores orderDirection without orderBy as graph-node does", async () => {
    assert.deepEqual(await ids(query, "companies", ""), [A, B, C, D]);
    assert.deepEqual(await ids(query, "companies", "orderDirection: desc"), [A, B, C, D]);
    assert.deepEqual(await ids(query, "companies", "orderBy: id, orderDirection: desc"), [D, C, B, A]);
    assert.deepEqual(await ids(query, "reviews", ""), ["1", "2", "3", "10"]);
  });

  it("orders BigInt numerically, 256-bit and negative values included", async () => {
    assert.deepEqual(await ids(query, "companies", "orderBy: shares"), [B, C, D, A]);
    assert.deepEqual(await ids(query, "companies", "orderBy: shares, orderDirection: desc"), [A, D, C, B]);
  });

  it("breaks ties by id in the same direction", async () => {
    assert.deepEqual(await ids(query, "companies", "orderBy: employees"), [B, D, C, A]);
    assert.deepEqual(await ids(query, "companies", "orderBy: employees, orderDirection: desc"), [A, C, D, B]);
  });

  it("puts nulls last ascending and first descending, as Postgres does", async () => {
    assert.deepEqual(await ids(query, "companies", "orderBy: valuation"), [B, A, D, C]);
    assert.deepEqual(await ids(query, "companies", "orderBy: valuation, orderDirection: desc"), [C, D, A, B]);
    assert.deepEqual(await ids(query, "products", "orderBy: price"), ["p5", "p1", "p4", "p2", "p3"]);
  });

  it("orders strings bytewise and Int8 numerically", async () => {
    assert.deepEqual(await ids(query, "products", "orderBy: title"), ["p2", "p5", "p1", "p3", "p4"]);
    assert.deepEqual(await ids(query, "companies", "orderBy: counter, orderDirection: desc"), [D, C, A, B]);
  });

  it("orders by a field of the referenced (or one-to-one derived) entity with `field__child`", async () => {
    assert.deepEqual(await ids(query, "products", "orderBy: owner__name"), ["p1", "p2", "p5", "p3", "p4"]);
    assert.deepEqual(await ids(query, "companies", "orderBy: parent__name, orderDirection: desc"), [A, D, C, B]);
    assert.deepEqual(await ids(query, "companies", "orderBy: profile__bio"), [C, A, B, D]);
  });

  it("refuses to order by a list or a derived field", async () => {
    assert.deepEqual(await errors(query, "{ companies(orderBy: tags) { id } }"), [
      "Ordering by `tags` is not supported for type `Company`",
    ]);
    assert.deepEqual(await errors(query, "{ companies(orderBy: products) { id } }"), [
      "Ordering by `products` is not supported for type `Company`",
    ]);
  });
});

describe("first and skip", () => {
  it("pages with first and skip", async () => {
    assert.deepEqual(await ids(query, "companies", "first: 2"), [A, B]);
    assert.deepEqual(await ids(query, "companies", "first: 2, skip: 1"), [B, C]);
    assert.deepEqual(await ids(query, "companies", "skip: 3"), [D]);
    assert.deepEqual(await ids(query, "companies", "skip: 10"), []);
  });

  it("returns 100 by default and refuses first outside 1..1000 and a negative skip, in graph-node's words", async () => {
    const store = populatedStore();
    store.processBlock(
      block(3, (s) => {
        for (let i = 0; i < 150; i++) s.set("Product", { id: `q${String(i).padStart(3, "0")}`, owner: A });
      }),
    );
    const many = api(store);
    assert.equal((await ids(many, "products", "")).length, 100);
    assert.equal((await ids(many, "products", "first: 1000")).length, 155);
    assert.deepEqual(await errors(many, "{ products(first: 1001) { id } }"), [
      "The `first` argument must be between 0 and 1000, but is 1001",
    ]);
    assert.deepEqual(await errors(many, "{ products(first: 0) { id } }"), [
      "The `first` argument must be between 0 and 1000, but is 0",
    ]);
    assert.deepEqual(await errors(many, "{ products(skip: -1) { id } }"), [
      "The `skip` argument must be between 0 and 4294967295, but is -1",
    ]);
  });

  it("pages through everything with id_gt cursors, as the app does", async () => {
    const seen: string[] = [];
    let cursor = "";
    for (;;) {
      const page = await data(
        query,
        `query Page($after: ID!) { products(first: 2, orderBy: id, where: { id_gt: $after }) { id } }`,
        { after: cursor },
      );
      const rows = page.products as { id: string }[];
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.id));
      cursor = rows.at(-1)?.id ?? assert.fail();
    }
    assert.deepEqual(seen, ["p1", "p2", "p3", "p4", "p5"]);
  });
});
