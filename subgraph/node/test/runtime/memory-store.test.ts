import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";

import { MemoryStore } from "../../src/runtime/index.ts";
import { parseSchema } from "../../src/schema.ts";

const schema = parseSchema(`
  type Company @entity(immutable: false) {
    id: Bytes!
    name: String!
    products: [Product!]! @derivedFrom(field: "owner")
    sharedProducts: [Product!]! @derivedFrom(field: "sharedWith")
  }
  type Product @entity(immutable: false) {
    id: ID!
    owner: Company!
    sharedWith: [Company!]!
  }
  type Tick @entity(immutable: true) {
    id: Int8!
  }
`);

const ACME = "0x00000000000000000000000000000000000000aa";
const GLOBEX = "0x00000000000000000000000000000000000000bb";

describe("MemoryStore", () => {
  let store: MemoryStore;
  beforeEach(() => {
    store = new MemoryStore(schema);
  });

  it("keeps entities by type and id, as copies", () => {
    store.set("Company", { id: ACME, name: "Acme" });
    const company = store.get("Company", ACME)!;
    company.name = "changed";
    assert.deepEqual(store.get("Company", ACME), { id: ACME, name: "Acme" });
    assert.equal(store.get("Company", GLOBEX), null);
    assert.equal(store.get("Product", ACME), null);
  });

  it("keys Int8 ids by their decimal form", () => {
    store.set("Tick", { id: -5n });
    assert.deepEqual(store.get("Tick", "-5"), { id: -5n });
  });

  it("sees in-block writes until beginBlock, and forgets removed ones", () => {
    store.set("Company", { id: ACME, name: "Acme" });
    store.set("Company", { id: GLOBEX, name: "Globex" });
    assert.deepEqual(store.getInBlock("Company", ACME), { id: ACME, name: "Acme" });
    store.remove("Company", GLOBEX);
    assert.equal(store.getInBlock("Company", GLOBEX), null);
    store.beginBlock();
    assert.equal(store.getInBlock("Company", ACME), null);
    assert.deepEqual(store.get("Company", ACME), { id: ACME, name: "Acme" });
  });

  it("answers derived fields from single and list references, ordered by id", () => {
    store.set("Company", { id: ACME, name: "Acme" });
    store.set("Product", { id: "p2", owner: ACME, sharedWith: [GLOBEX] });
    store.set("Product", { id: "p1", owner: ACME, sharedWith: [] });
    store.set("Product", { id: "p3", owner: GLOBEX, sharedWith: [ACME, GLOBEX] });
    assert.deepEqual(
      store.loadRelated("Company", ACME, "products").map((p) => p.id),
      ["p1", "p2"],
    );
    assert.deepEqual(
      store.loadRelated("Company", GLOBEX, "sharedProducts").map((p) => p.id),
      ["p2", "p3"],
    );
    assert.throws(() => store.loadRelated("Company", ACME, "name"), { message: "Company.name is not a derived field" });
  });

  it("lists and counts a type's entities", () => {
    store.set("Product", { id: "b", owner: ACME, sharedWith: [] });
    store.set("Product", { id: "a", owner: ACME, sharedWith: [] });
    assert.deepEqual(
      store.all("Product").map((p) => p.id),
      ["a", "b"],
    );
    assert.equal(store.count("Product"), 2);
    assert.equal(store.count("Company"), 0);
  });
});
