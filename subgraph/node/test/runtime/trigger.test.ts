import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { makeEvent, MappingError, MappingHarness, MemoryStore, runTrigger } from "../../src/runtime/index.ts";
import type { MappingLogEntry, Subgraph } from "../../src/runtime/index.ts";
import { loadProbe } from "./probe.ts";

describe("running a trigger", () => {
  let subgraph: Subgraph;
  before(async () => {
    subgraph = await loadProbe();
  });

  for (const freshInstances of [false, true]) {
    const mode = freshInstances ? "instantiating afresh" : "resetting a used instance";
    it(`starts every trigger from a fresh instance, so a mutable global does not survive (${mode})`, async () => {
      const mappings = new MappingHarness(await loadProbe({ freshInstances }));
      assert.equal(mappings.subgraph.dataSource("Probe").mapping.recyclesInstances, !freshInstances);
      for (let i = 0; i < 3; i++) {
        mappings.emit("Probe", "Global");
        assert.equal(mappings.entity("Result", "global")?.value, "1");
      }
      // A trigger that fails half-way leaves nothing behind for the next one either.
      assert.throws(() => mappings.emit("Probe", "Fail", { mode: 0 }));
      mappings.emit("Probe", "Put", { id: "after", name: "n", count: 1 });
      assert.equal(mappings.entity("Thing", "after")?.name, "n");
    });
  }

  it("behaves the same whether it resets a used instance or instantiates afresh", async () => {
    const run = async (freshInstances: boolean) => {
      const mappings = new MappingHarness(await loadProbe({ freshInstances }));
      mappings.emit("Probe", "Host", { a: 12n, b: 5n, text: "0.125", blob: "0x00ff" });
      mappings.emit("Probe", "PutAll", {
        id: "t",
        owner: "0x00000000000000000000000000000000000000cc",
        big: 1n,
        small: 2n,
        ratio: "3.5",
        flag: false,
        data: "0x",
        when: 4n,
      });
      mappings.emit("Probe", "AddPart", { thingId: "t", index: 1 });
      mappings.emit("Probe", "Read", { thingId: "t" });
      return Object.fromEntries(["Result", "Thing", "Owner", "Part"].map((type) => [type, mappings.entities(type)]));
    };
    assert.deepEqual(await run(false), await run(true));
  });

  it("reports an abort with the data source, handler, block, transaction, log, message and source location", () => {
    const trigger = makeEvent(subgraph, "Probe", "Fail", { mode: 0 }, { block: { number: 7n }, logIndex: 3 });
    assert.throws(
      () => runTrigger(subgraph, trigger.dataSource, trigger.handler, trigger.event, new MemoryStore(subgraph.schema)),
      (error: unknown) => {
        assert.ok(error instanceof MappingError);
        assert.equal(error.dataSource, "Probe");
        assert.equal(error.handler, "handleFail");
        assert.equal(error.blockNumber, 7n);
        assert.equal(error.blockHash, trigger.event.block.hash);
        assert.equal(error.transactionHash, trigger.event.transaction.hash);
        assert.equal(error.logIndex, 3n);
        assert.match(
          error.reason,
          /^Mapping aborted at src\/probe\.ts, line \d+, column \d+, with message: the probe asserts$/,
        );
        assert.equal(
          error.message,
          `Probe.handleFail failed at block 7 (${trigger.event.block.hash}), transaction ` +
            `${trigger.event.transaction.hash}, log 3: ${error.reason}`,
        );
        return true;
      },
    );
  });

  it("fails the trigger on log.critical, after logging it", async () => {
    const logs: MappingLogEntry[] = [];
    const mappings = new MappingHarness(await loadProbe({ log: (entry) => logs.push(entry) }));
    assert.throws(() => mappings.emit("Probe", "Fail", { mode: 1 }), {
      name: "MappingError",
      message: /: Critical error logged in mapping: critical trouble$/,
    });
    assert.deepEqual(
      logs.map((entry) => [entry.level, entry.message]),
      [["critical", "critical trouble"]],
    );
  });

  it("passes host function errors through: division by zero", () => {
    const mappings = new MappingHarness(subgraph);
    assert.throws(() => mappings.emit("Probe", "Fail", { mode: 6 }), {
      message: /: attempted to divide BigInt `1` by zero$/,
    });
  });

  it("fails loudly on host functions the local node cannot serve: contract calls and data source templates", () => {
    const mappings = new MappingHarness(subgraph);
    assert.throws(() => mappings.emit("Probe", "Fail", { mode: 9 }), {
      message: /: dataSource\.create\("Template"\): data source templates are not supported by the local node$/,
    });
    assert.throws(() => mappings.emit("Probe", "Fail", { mode: 14 }), {
      message: /: dataSource\.createWithContext\("Template"\): data source templates are not supported/,
    });
    assert.throws(() => mappings.emit("Probe", "Fail", { mode: 10 }), {
      message:
        /: ethereum\.call Probe\.value\(\):\(uint256\) at 0x5fbdb2315678afecb367f032d93f642f64180aa3: contract calls are not supported/,
    });
  });

  it("refuses to instantiate a mapping that imports a host function the local node lacks, naming it", () => {
    const unsupported = subgraph.dataSource("Unsupported");
    assert.deepEqual(unsupported.mapping.missingImports, ["ipfs.cat"]);
    const mappings = new MappingHarness(subgraph);
    assert.throws(() => mappings.emit("Unsupported", "Global"), {
      name: "MappingError",
      message:
        /^Unsupported\.handleGlobal failed at block 1 .*: mapping imports ipfs\.cat, which the local node does not provide/,
    });
    assert.throws(() => subgraph.assertImportsProvided(), {
      message: "data source Unsupported imports ipfs.cat, which the local node does not provide",
    });
  });

  it("leaves the store as the handler left it before failing: the caller discards the block", () => {
    const mappings = new MappingHarness(subgraph);
    assert.throws(() => mappings.emit("Probe", "Fail", { mode: 15 }));
    assert.equal(mappings.entity("Thing", "nulled")?.name, "valid");
  });
});
