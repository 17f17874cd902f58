import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";

import { MappingHarness } from "../../src/runtime/index.ts";
import type { Subgraph } from "../../src/runtime/index.ts";
import { loadProbe } from "./probe.ts";

const OWNER = "0x00000000000000000000000000000000000000cc";

describe("the entity store as mappings see it", () => {
  let subgraph: Subgraph;
  let mappings: MappingHarness;
  const results = () => new Map(mappings.entities("Result").map((r) => [r.id as string, r.value as string]));

  const putAll = (id: string) =>
    mappings.emit("Probe", "PutAll", {
      id,
      owner: OWNER,
      big: -12345678901234567890n,
      small: -9n,
      ratio: "2.50",
      flag: true,
      data: "0xABCD",
      when: 1_700_000_000_000_000n,
    });

  before(async () => {
    subgraph = await loadProbe();
  });
  beforeEach(() => {
    mappings = new MappingHarness(subgraph);
  });

  it("stores every scalar type in the model the store keeps", () => {
    putAll("t1");
    assert.deepEqual(mappings.entity("Thing", "t1"), {
      id: "t1",
      name: "all",
      count: -5,
      big: -12345678901234567890n,
      small: -9n,
      ratio: "2.5",
      flag: true,
      data: "0xabcd",
      when: 1_700_000_000_000_000n,
      tags: ["a", "b"],
      amounts: [-12345678901234567890n, 7n],
      ratios: ["0.5", "-2"],
      owner: OWNER,
    });
    assert.deepEqual(mappings.entity("Owner", OWNER), { id: OWNER });
  });

  it("gives store.get the values back with their schema types, in field-name order, without nulls", () => {
    putAll("t1");
    mappings.emit("Probe", "Read", { thingId: "t1" });
    const read = results();
    assert.equal(
      read.get("read:entries"),
      "amounts:Array,big:BigInt,count:Int,data:Bytes,flag:bool,id:String,name:String,owner:Bytes,ratio:BigDecimal," +
        "ratios:Array,small:Int8,tags:Array,when:Timestamp",
    );
    assert.equal(read.get("read:big"), "-12345678901234567890");
    assert.equal(read.get("read:small"), "-9");
    assert.equal(read.get("read:ratio"), "2.5");
    assert.equal(read.get("read:data"), "0xabcd");
    assert.equal(read.get("read:when"), "1700000000000000");
    assert.equal(read.get("read:tags"), "a|b");
    assert.equal(read.get("read:amounts"), "-12345678901234567890|7");
    assert.equal(read.get("read:ratios"), "0.5|-2");
    assert.equal(read.get("read:owner"), OWNER);
  });

  it("merges a partial set over the stored entity", () => {
    putAll("t1");
    mappings.emit("Probe", "Put", { id: "t1", name: "renamed", count: 42 });
    const thing = mappings.entity("Thing", "t1");
    assert.equal(thing?.name, "renamed");
    assert.equal(thing?.count, 42);
    assert.equal(thing?.big, -12345678901234567890n);
    assert.deepEqual(thing?.tags, ["a", "b"]);
  });

  it("clears a field that a set gives as null", () => {
    putAll("t1");
    mappings.emit("Probe", "Clear", { thingId: "t1" });
    assert.equal(mappings.entity("Thing", "t1")?.big, null);
    assert.equal(mappings.entity("Thing", "t1")?.name, "all");
  });

  it("answers derived fields through loadRelated, from either side of the reference", () => {
    putAll("t1");
    mappings.emit("Probe", "AddPart", { thingId: "t1", index: 3 });
    mappings.emit("Probe", "AddPart", { thingId: "t1", index: 1 });
    mappings.emit("Probe", "AddPart", { thingId: "other", index: 2 });
    mappings.emit("Probe", "Read", { thingId: "t1" });
    assert.equal(results().get("read:parts"), "1|3");
    assert.equal(results().get("read:ownerThings"), "t1");
  });

  it("answers get_in_block only for entities written in the current block", () => {
    putAll("t1");
    mappings.emit("Probe", "Read", { thingId: "t1" });
    assert.equal(results().get("read:inBlock"), "true");
    mappings.nextBlock();
    mappings.emit("Probe", "Read", { thingId: "t1" });
    assert.equal(results().get("read:found"), "true");
    assert.equal(results().get("read:inBlock"), "false");
  });

  it("removes entities", () => {
    putAll("t1");
    mappings.emit("Probe", "Remove", { thingId: "t1" });
    assert.equal(mappings.entity("Thing", "t1"), null);
    mappings.emit("Probe", "Read", { thingId: "t1" });
    assert.equal(results().get("read:found"), "false");
  });

  it("keys Int8 ids by their decimal form and Bytes ids by lowercase hex", () => {
    mappings.emit("Probe", "Count", { id: -3n });
    mappings.emit("Probe", "Count", { id: -3n });
    assert.deepEqual(mappings.entity("Counter", "-3"), { id: -3n, value: 2n });
    putAll("t1");
    assert.deepEqual(mappings.entity("Owner", OWNER), { id: OWNER });
  });

  it("accepts an immutable entity set again unchanged, and refuses it changed", () => {
    mappings.emit("Probe", "AddPart", { thingId: "thing", index: 1 });
    mappings.emit("Probe", "AddPart", { thingId: "thing", index: 1 });
    assert.equal(mappings.count("Part"), 1);
    assert.throws(() => mappings.emit("Probe", "Fail", { mode: 8 }), {
      name: "MappingError",
      message: /Entity Part\[0x7468696e6701000000\]: the entity type is immutable .* \(field `index`: 1 -> 2\)$/,
    });
  });

  describe("refuses entities that do not fit the schema, naming entity, id and field", () => {
    const failures: [number, string][] = [
      [2, "Entity Thing[mismatch]: the value `seven` for field `count` must have type Int! but has type String"],
      [3, "Entity Thing[incomplete]: missing value for non-nullable field `count`"],
      [
        4,
        "Attempted to set undefined fields [colour] for the entity type `Thing`. Make sure those fields are defined in the schema.",
      ],
      [5, "Entity Thing[derived]: field `parts` is derived and cannot be set"],
      [7, "Value of Thing attribute 'id' conflicts with ID passed to `store.set()`: another-id != one-id"],
      [11, "entity type `Nope` is not defined in schema.graphql"],
      [12, "Entity Thing[list]: field `tags` is of type [String!], but the value `[a, 1]` contains a Int at index 1"],
      [13, "Entity Owner[not-hex]: the id must be Bytes (hex), but `not-hex` is not hex"],
      [15, "Entity Thing[nulled]: missing value for non-nullable field `name`"],
    ];
    for (const [mode, reason] of failures) {
      it(reason, () => {
        assert.throws(
          () => mappings.emit("Probe", "Fail", { mode }),
          (error: Error & { reason?: string }) => {
            assert.equal(error.reason, reason);
            return true;
          },
        );
      });
    }
  });
});
