import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { A, B, C, block, company, openStore } from "./helpers.ts";

describe("what handlers see within a block", () => {
  it("reads its own writes, the last write winning, and committed entities otherwise", () => {
    const store = openStore();
    store.processBlock(block(1, (s) => s.set("Company", company(A, "first"))));
    store.processBlock(
      block(2, (s) => {
        assert.equal(s.get("Company", A)?.name, "first");
        s.set("Company", company(A, "second"));
        s.set("Company", company(A, "third"));
        assert.equal(s.get("Company", A)?.name, "third");
        s.remove("Company", A);
        assert.equal(s.get("Company", A), null);
        assert.equal(s.get("Company", B), null);
      }),
    );
    assert.equal(store.reader().get("Company", A), null);
  });

  it("getInBlock returns only entities written in the current block", () => {
    const store = openStore();
    store.processBlock(block(1, (s) => s.set("Company", company(A, "old"))));
    store.processBlock(
      block(2, (s) => {
        assert.equal(s.getInBlock("Company", A), null);
        s.set("Company", company(B, "new"));
        assert.equal(s.getInBlock("Company", B)?.name, "new");
        s.remove("Company", B);
        assert.equal(s.getInBlock("Company", B), null);
      }),
    );
  });

  it("gives back values in canonical form and copies, never its own objects", () => {
    const store = openStore();
    store.processBlock(
      block(1, (s) => {
        const written = company(A.toUpperCase().replace("0X", "0x"), "Acme", { valuation: "1.50", tags: ["a"] });
        s.set("Company", written);
        (written.tags as string[]).push("changed later");
        const read = s.get("Company", A);
        assert.deepEqual(read, company(A, "Acme", { valuation: "1.5", tags: ["a"] }));
        (read?.tags as string[]).push("mutated");
        assert.deepEqual(s.get("Company", A)?.tags, ["a"]);
      }),
    );
    assert.deepEqual(store.reader().get("Company", A), company(A, "Acme", { valuation: "1.5", tags: ["a"] }));
  });

  it("looks ids up in their string form: Bytes in any case, Int8 in decimal", () => {
    const store = openStore();
    store.processBlock(
      block(1, (s) => {
        s.set("Company", company(A, "Acme"));
        s.set("Review", { id: 42n, subjects: [A], stars: 4 });
      }),
    );
    const reader = store.reader();
    assert.equal(reader.get("Company", A.toUpperCase().replace("0X", "0x"))?.name, "Acme");
    assert.equal(reader.get("Review", "42")?.stars, 4);
    assert.throws(() => reader.get("Review", "forty-two"), /Int8/);
  });

  it("refuses fields the schema does not have and values of the wrong type", () => {
    const store = openStore();
    store.processBlock(
      block(1, (s) => {
        assert.throws(() => s.set("Company", company(A, "Acme", { colour: "red" })), /Company has no field "colour"/);
        assert.throws(
          () => s.set("Company", company(A, "Acme", { shares: "12" })),
          /Company\.shares: expected a BigInt/,
        );
        assert.throws(() => s.set("Company", company(A, "Acme", { logo: "0x123" })), /Company\.logo: not a hex string/);
        assert.throws(() => s.set("Nope", { id: "x" }), /Entity type `Nope` is not defined/);
      }),
    );
  });

  it("loadRelated merges this block's writes with committed entities, through single and list references", () => {
    const store = openStore();
    store.processBlock(
      block(1, (s) => {
        s.set("Company", company(A, "Acme"));
        s.set("Product", { id: "p1", owner: A, title: "one" });
        s.set("Product", { id: "p2", owner: A, title: "two" });
        s.set("Product", { id: "p3", owner: B, title: "three" });
        s.set("Review", { id: 2n, subjects: [A, B], stars: 2 });
        s.set("Review", { id: 10n, subjects: [B], stars: 1 });
      }),
    );
    store.processBlock(
      block(2, (s) => {
        s.set("Product", { id: "p0", owner: A, title: "zero" });
        s.set("Product", { id: "p2", owner: B, title: "moved away" });
        s.set("Product", { id: "p3", owner: A, title: "moved here" });
        s.remove("Product", "p1");
        s.set("Review", { id: 1n, subjects: [C, A], stars: 5 });
        const products = s.loadRelated("Company", A, "products").map((p) => [p.id, p.title]);
        assert.deepEqual(products, [
          ["p0", "zero"],
          ["p3", "moved here"],
        ]);
        // Int8 ids order numerically: 1 before 2 (and 10 does not refer to A).
        assert.deepEqual(
          s.loadRelated("Company", A, "reviews").map((r) => r.id),
          [1n, 2n],
        );
      }),
    );
    assert.throws(() => store.reader().loadRelated("Company", A, "name"), /not a field with @derivedFrom/);
  });

  it("rejects a second write of an immutable entity in a later block", () => {
    const store = openStore();
    store.processBlock(block(1, (s) => s.set("Review", { id: 1n, subjects: [], stars: 1 })));
    assert.throws(
      () => store.processBlock(block(2, (s) => s.set("Review", { id: 1n, subjects: [], stars: 2 }))),
      /Review is immutable, and Review 1 was already written in an earlier block/,
    );
    assert.equal(store.reader().get("Review", "1")?.stars, 1);
    assert.equal(store.head()?.number, 1n);
  });
});
