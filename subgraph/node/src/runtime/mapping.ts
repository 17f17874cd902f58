/**
 * One data source's compiled mapping: the WebAssembly module, compiled and linked to the host functions once. Every
 * handler call runs in a freshly started instance, as in graph-node, so mutable globals start over each time. By
 * default a used instance is reset to the fresh state rather than instantiated again (see asc/prepare-module.ts for why
 * that is the same and what it saves); `fresh: true` instantiates anew every time.
 */
import { AscHeap } from "./asc/heap.ts";
import type { AscExports } from "./asc/heap.ts";
import { MEMORY_IMPORT, prepareModule } from "./asc/prepare-module.ts";
import type { PreparedModule } from "./asc/prepare-module.ts";
import { resolveClassIds } from "./asc/type-ids.ts";
import type { ClassIds } from "./asc/type-ids.ts";
import { HOST_FUNCTIONS } from "./host/index.ts";
import type { HostContext } from "./host/index.ts";

interface MappingExports extends AscExports {
  _start(): void;
  id_of_type(typeId: number): number;
  [name: string]: unknown;
}

interface LiveInstance {
  exports: MappingExports;
  heap: AscHeap;
  /** The imported memory, when the module's memory was made an import. */
  memory: WebAssembly.Memory | undefined;
  globals: { global: WebAssembly.Global; value: number | bigint }[];
}

/** What a call needs besides the instance's memory. */
export type CallContext = Omit<HostContext, "heap">;

/** An instance whose memory grew beyond this is dropped rather than reset, so that one large trigger does not stay. */
const MAX_RECYCLED_MEMORY_BYTES = 8 << 20;

export class CompiledMapping {
  readonly file: string;
  readonly module: WebAssembly.Module;
  /** Imports the local node does not provide; a module with any cannot run. */
  readonly missingImports: readonly string[];
  /** Whether used instances are reset for the next call (otherwise every call instantiates). */
  readonly recyclesInstances: boolean;
  readonly #prepared: PreparedModule;
  readonly #imports: Record<string, Record<string, WebAssembly.ImportValue>>;
  #idle: LiveInstance | undefined;
  #context: HostContext | undefined;
  #classIds: ClassIds | undefined;

  constructor(file: string, wasm: Uint8Array, options: { fresh?: boolean } = {}) {
    this.file = file;
    this.#prepared = prepareModule(wasm);
    this.module = new WebAssembly.Module(this.#prepared.wasm);
    this.recyclesInstances = this.#prepared.reset !== undefined && options.fresh !== true;
    const missing: string[] = [];
    const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    for (const { module, name, kind } of WebAssembly.Module.imports(this.module)) {
      const isOurMemory = kind === "memory" && module === MEMORY_IMPORT.module && name === MEMORY_IMPORT.name;
      if (isOurMemory && this.#prepared.memory !== undefined) continue;
      const implementation = kind === "function" ? HOST_FUNCTIONS.get(name) : undefined;
      if (implementation === undefined) {
        missing.push(name);
        continue;
      }
      // Host functions take at most four arguments; the closure finds the call that is running.
      (imports[module] ??= {})[name] = (a: number, b: number, c: number, d: number) =>
        implementation(this.#current(name), a, b, c, d);
    }
    this.missingImports = missing;
    this.#imports = imports;
  }

  exportsFunction(name: string): boolean {
    return WebAssembly.Module.exports(this.module).some((e) => e.name === name && e.kind === "function");
  }

  /**
   * Starts a fresh instance and calls `handler` with the pointer `argument` writes into its memory. Host functions
   * run synchronously inside the call, so one context at a time is enough.
   */
  call(handler: string, context: CallContext, argument: (heap: AscHeap) => number): void {
    if (this.missingImports.length > 0) {
      throw new Error(
        `mapping imports ${this.missingImports.join(", ")}, which the local node does not provide (${this.file})`,
      );
    }
    if (this.#context !== undefined) throw new Error(`${this.file}: a handler is already running (calls do not nest)`);
    const live = this.#acquire();
    try {
      const handlerFunction = live.exports[handler];
      if (typeof handlerFunction !== "function") throw new Error(`${this.file} exports no function ${handler}`);
      this.#context = { ...context, heap: live.heap };
      live.exports._start();
      (handlerFunction as (event: number) => void)(argument(live.heap));
    } finally {
      this.#context = undefined;
      this.#release(live);
    }
  }

  /** An instance in the state of a fresh one, before `_start`. */
  #acquire(): LiveInstance {
    const idle = this.#idle;
    this.#idle = undefined;
    if (idle !== undefined && this.recyclesInstances) {
      this.#reset(idle);
      return idle;
    }
    return this.#instantiate(idle?.memory);
  }

  #instantiate(spareMemory: WebAssembly.Memory | undefined): LiveInstance {
    const limits = this.#prepared.memory;
    let memory: WebAssembly.Memory | undefined;
    if (limits !== undefined) {
      memory =
        spareMemory ?? new WebAssembly.Memory({ initial: limits.initialPages, maximum: limits.maximumPages ?? 65_536 });
      if (spareMemory !== undefined) new Uint8Array(memory.buffer).fill(0);
      (this.#imports[MEMORY_IMPORT.module] ??= {})[MEMORY_IMPORT.name] = memory;
    }
    const exports = new WebAssembly.Instance(this.module, this.#imports).exports as MappingExports;
    this.#classIds ??= resolveClassIds(exports.id_of_type);
    const globals = (this.#prepared.reset?.globals ?? []).map(({ exportName, value }) => ({
      global: exports[exportName] as WebAssembly.Global,
      value,
    }));
    return { exports, heap: new AscHeap(exports, this.#classIds), memory, globals };
  }

  #reset(live: LiveInstance): void {
    const plan = this.#prepared.reset!;
    const bytes = new Uint8Array(live.exports.memory.buffer);
    bytes.fill(0);
    bytes.set(plan.data, plan.dataOffset);
    for (const { global, value } of live.globals) global.value = value;
  }

  #release(live: LiveInstance): void {
    if (live.exports.memory.buffer.byteLength <= MAX_RECYCLED_MEMORY_BYTES) this.#idle = live;
  }

  #current(name: string): HostContext {
    if (this.#context === undefined) throw new Error(`host function ${name} called outside of a handler`);
    return this.#context;
  }
}
