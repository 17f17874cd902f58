import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { toEventSelector } from "viem";

import { loadSubgraph } from "../../src/runtime/index.ts";
import type { Subgraph } from "../../src/runtime/index.ts";
import { probeBuildDir } from "./probe.ts";

describe("loading a built subgraph", () => {
  let buildDir: string;
  let subgraph: Subgraph;
  const scratch: string[] = [];

  before(async () => {
    buildDir = await probeBuildDir();
    subgraph = loadSubgraph(buildDir, { log: () => {} });
  });
  after(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the build with its manifest edited. */
  const withManifest = (edit: (manifest: string) => string): string => {
    const dir = mkdtempSync(join(tmpdir(), "probe-manifest-"));
    scratch.push(dir);
    cpSync(buildDir, dir, { recursive: true });
    const file = join(dir, "subgraph.yaml");
    writeFileSync(file, edit(readFileSync(file, "utf8")));
    return dir;
  };

  it("reads each data source: network, lowercase address, start block, ABI, context", () => {
    assert.deepEqual(
      subgraph.dataSources.map((ds) => [ds.name, ds.network, ds.address, ds.startBlock, ds.abiName, ds.apiVersion]),
      [
        ["Probe", "hardhat", "0x5fbdb2315678afecb367f032d93f642f64180aa3", 1n, "Probe", "0.0.9"],
        ["Unsupported", "hardhat", "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", 1n, "Probe", "0.0.9"],
      ],
    );
    assert.deepEqual(
      [...subgraph.dataSource("Probe").context],
      [
        ["label", { kind: "String", value: "probe" }],
        ["weight", { kind: "BigInt", value: 42n }],
      ],
    );
    assert.ok(subgraph.schema.entities.has("Thing"));
  });

  it("keys event handlers by the topic0 of the event's canonical signature", () => {
    const handlers = subgraph.dataSource("Probe").eventHandlers;
    const everything = handlers.find((h) => h.handler === "handleEverything")!;
    assert.equal(
      everything.topic0,
      toEventSelector(
        "Everything(address,string,uint256,int32,bool,string,bytes,bytes32,(uint64,string),uint256[],address[2],(uint8,bytes)[])",
      ),
    );
    assert.equal(handlers.find((h) => h.handler === "handleGlobal")!.topic0, toEventSelector("Global()"));
  });

  it("finds the handlers a log triggers by address and topic0", () => {
    const topic = toEventSelector("Global()");
    const found = (address: string) =>
      subgraph
        .handlersFor({ address, topics: [topic] })
        .map(({ dataSource, handler }) => `${dataSource.name}.${handler.handler}`);
    assert.deepEqual(found("0x5FbDB2315678afecb367f032d93F642f64180aa3"), ["Probe.handleGlobal"]);
    assert.deepEqual(found("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"), ["Unsupported.handleGlobal"]);
    assert.deepEqual(found("0x0000000000000000000000000000000000000001"), []);
    assert.deepEqual(subgraph.handlersFor({ address: "0x5fbdb2315678afecb367f032d93f642f64180aa3", topics: [] }), []);
    const probe = { address: "0x5fbdb2315678afecb367f032d93f642f64180aa3", topics: [topic] };
    assert.equal(subgraph.handlersFor(probe, 0n).length, 0, "before the data source's start block");
    assert.equal(subgraph.handlersFor(probe, 1n).length, 1);
  });

  it("refuses a manifest event that the ABI does not have", () => {
    const dir = withManifest((m) => m.replace("event: Put(string,string,int32)", "event: Put(string,string,int64)"));
    assert.throws(() => loadSubgraph(dir), {
      message: "data source Probe: event Put(string,string,int64) is not in ABI Probe",
    });
  });

  it("refuses a handler that the mapping does not export", () => {
    const dir = withManifest((m) => m.replace("handler: handlePut", "handler: handlePutt"));
    assert.throws(() => loadSubgraph(dir), {
      message: /^data source Probe: Probe\/Probe\.wasm does not export handlePutt$/,
    });
  });

  it("refuses what the local node does not run: block handlers, templates", () => {
    const blocks = withManifest((m) =>
      m.replace(
        "      eventHandlers:\n",
        "      blockHandlers:\n        - handler: handleGlobal\n      eventHandlers:\n",
      ),
    );
    assert.throws(() => loadSubgraph(blocks), {
      message: /block and call handlers are not supported by the local node/,
    });
    const templates = withManifest((m) => `${m}templates:\n  - name: Template\n`);
    assert.throws(() => loadSubgraph(templates), {
      message: /data source templates are not supported by the local node/,
    });
  });

  it("names the data source that lacks a name, a network or a mapping field", () => {
    const dir = withManifest((m) => m.replace("    network: hardhat\n", ""));
    assert.throws(() => loadSubgraph(dir), { message: "data source Probe: subgraph.yaml lacks network" });
  });
});
