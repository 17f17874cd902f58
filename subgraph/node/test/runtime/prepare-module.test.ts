import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";

import { MEMORY_IMPORT, prepareModule } from "../../src/runtime/asc/prepare-module.ts";
import { probeBuildDir } from "./probe.ts";

describe("preparing a compiled mapping for cheap fresh instances", () => {
  let original: Uint8Array<ArrayBuffer>;
  before(async () => {
    original = new Uint8Array(readFileSync(join(await probeBuildDir(), "Probe/Probe.wasm")));
  });

  it("imports the memory instead of defining it, with the same limits", () => {
    const prepared = prepareModule(original);
    const module = new WebAssembly.Module(prepared.wasm);
    assert.deepEqual(
      WebAssembly.Module.imports(module).filter((i) => i.kind === "memory"),
      [{ module: MEMORY_IMPORT.module, name: MEMORY_IMPORT.name, kind: "memory" }],
    );
    assert.equal(prepared.memory?.initialPages, 1);
    assert.equal(prepared.memory?.maximumPages, undefined);
  });

  it("exports the mutable globals under names of the host's and no other global", () => {
    const prepared = prepareModule(original);
    const before = WebAssembly.Module.exports(new WebAssembly.Module(original));
    const after = WebAssembly.Module.exports(new WebAssembly.Module(prepared.wasm));
    assert.ok(before.some((e) => e.name === "TypeId.String"));
    assert.deepEqual(
      after.filter((e) => e.kind === "global").map((e) => e.name),
      prepared.reset?.globals.map((g) => g.exportName),
    );
    assert.ok((prepared.reset?.globals.length ?? 0) > 0);
    const functions = (exports: WebAssembly.ModuleExportDescriptor[]) =>
      exports.filter((e) => e.kind !== "global").map((e) => e.name);
    assert.deepEqual(functions(after), functions(before));
  });

  it("records the initial memory: the data segments over zeros, as a fresh instance has it before _start", () => {
    const prepared = prepareModule(original);
    const plan = prepared.reset!;
    const memory = new WebAssembly.Memory({ initial: prepared.memory!.initialPages });
    const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    for (const i of WebAssembly.Module.imports(new WebAssembly.Module(prepared.wasm))) {
      (imports[i.module] ??= {})[i.name] = i.kind === "memory" ? memory : () => 0;
    }
    const instance = new WebAssembly.Instance(new WebAssembly.Module(prepared.wasm), imports);
    const expected = new Uint8Array(memory.buffer.byteLength);
    expected.set(plan.data, plan.dataOffset);
    assert.deepEqual(new Uint8Array(memory.buffer), expected);
    for (const { exportName, value } of plan.globals) {
      assert.equal((instance.exports[exportName] as WebAssembly.Global).value, value, exportName);
    }
  });

  it("leaves a module without a memory of its own as it is", () => {
    const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    assert.deepEqual(prepareModule(empty), { wasm: empty, memory: undefined, reset: undefined });
  });
});
