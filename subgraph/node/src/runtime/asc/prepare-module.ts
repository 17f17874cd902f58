/**
 * Rewrites a compiled mapping so that giving every trigger a freshly started instance is cheap, without changing what the
 * mapping computes. Measured on this host with the probe mapping: `new WebAssembly.Instance` took about 450 µs, almost
 * all of it the fresh 64 KiB memory (page faults and unmapping, ~150 µs per touched memory) and graph-ts's ~180
 * exported `TypeId` globals (an object each). The rewrite:
 *   - imports the memory (as `env.memory`) instead of defining it, so that the host can hand a zeroed memory over;
 *   - stops exporting globals (the host asks `id_of_type` instead), and exports each mutable global under a name of
 *     its own, so that the host can set it back to its initial value;
 *   - records the active data segments, so that the host can write them again.
 * With that, a used instance is returned to the state of a fresh one, before `_start`, by zeroing its memory, writing
 * the data segments and resetting the mutable globals: everything a WebAssembly instance's behaviour depends on, for
 * modules such as AssemblyScript emits (no start section, constant initialisers, tables never written). Modules outside
 * that shape get no reset plan and are instantiated afresh each time.
 */
import {
  concat,
  encodeName,
  EXTERNAL,
  OPCODE,
  readSections,
  Reader,
  SECTION,
  unsignedLeb,
  writeModule,
} from "./wasm-binary.ts";
import type { Section } from "./wasm-binary.ts";

export const MEMORY_IMPORT = { module: "env", name: "memory" } as const;
const GLOBAL_EXPORT_PREFIX = "__mutable_global_";

export interface MemoryLimits {
  initialPages: number;
  maximumPages: number | undefined;
}

export interface ResetPlan {
  /** The initial memory contents above zero: the active data segments, merged (the memory is zero elsewhere). */
  dataOffset: number;
  data: Uint8Array;
  /** Each mutable global by the name the rewrite exports it under, with its initial value. */
  globals: { exportName: string; value: number | bigint }[];
}

export interface PreparedModule {
  wasm: Uint8Array<ArrayBuffer>;
  /** The limits of the memory the module now imports; undefined if it had no plain memory of its own. */
  memory: MemoryLimits | undefined;
  reset: ResetPlan | undefined;
}

export function prepareModule(wasm: Uint8Array): PreparedModule {
  const sections = readSections(wasm);
  const memory = importMemory(sections);
  if (memory === undefined) return { wasm: new Uint8Array(wasm), memory: undefined, reset: undefined };
  const imports = sectionOf(memory.sections, SECTION.import);
  const importedGlobals = imports === undefined ? 0 : countImportedGlobals(imports);
  const mutableGlobals = readMutableGlobals(sectionOf(sections, SECTION.global), importedGlobals);
  const data = readData(sectionOf(sections, SECTION.data));
  const resettable =
    sectionOf(sections, SECTION.start) === undefined &&
    data !== undefined &&
    mutableGlobals.every((global) => global.value !== undefined);

  const rewritten = memory.sections.map((section) =>
    section.id === SECTION.export
      ? {
          id: section.id,
          content: rewriteGlobalExports(
            section.content,
            mutableGlobals.map((g) => g.index),
          ),
        }
      : section,
  );
  return {
    wasm: writeModule(wasm.subarray(0, 8), rewritten),
    memory: memory.limits,
    reset: resettable
      ? {
          ...data,
          globals: mutableGlobals.map((g) => ({ exportName: GLOBAL_EXPORT_PREFIX + g.index, value: g.value! })),
        }
      : undefined,
  };
}

function sectionOf(sections: readonly Section[], id: number): Section | undefined {
  return sections.find((section) => section.id === id);
}

/** Replaces the memory definition by an import of it; undefined when there is no single plain memory to replace. */
function importMemory(sections: readonly Section[]): { sections: Section[]; limits: MemoryLimits } | undefined {
  const memory = sectionOf(sections, SECTION.memory);
  if (memory === undefined) return undefined;
  const reader = new Reader(memory.content);
  if (reader.u32() !== 1) return undefined;
  const limitsStart = reader.offset;
  const flags = reader.u32();
  if (flags !== 0 && flags !== 1) return undefined; // shared or 64-bit memories are not AssemblyScript's stub output
  const initialPages = reader.u32();
  const maximumPages = flags === 1 ? reader.u32() : undefined;
  const limits = memory.content.subarray(limitsStart, reader.offset);

  const entry = concat([encodeName(MEMORY_IMPORT.module), encodeName(MEMORY_IMPORT.name), [EXTERNAL.memory], limits]);
  const imports = sectionOf(sections, SECTION.import);
  let importContent = concat([unsignedLeb(1), entry]);
  if (imports !== undefined) {
    const importReader = new Reader(imports.content);
    const count = importReader.u32();
    importContent = concat([unsignedLeb(count + 1), imports.content.subarray(importReader.offset), entry]);
  }

  const out: Section[] = [];
  let importWritten = false;
  for (const section of sections) {
    // The import section comes right after the type section, before every other known section.
    if (!importWritten && section.id !== SECTION.custom && section.id >= SECTION.import) {
      out.push({ id: SECTION.import, content: importContent });
      importWritten = true;
    }
    if (section.id !== SECTION.import && section.id !== SECTION.memory) out.push(section);
  }
  if (!importWritten) out.push({ id: SECTION.import, content: importContent });
  return { sections: out, limits: { initialPages, maximumPages } };
}

function countImportedGlobals(imports: Section): number {
  const reader = new Reader(imports.content);
  let globals = 0;
  for (let count = reader.u32(); count > 0; count--) {
    reader.name();
    reader.name();
    const kind = reader.byte();
    if (kind === EXTERNAL.function) reader.u32();
    else if (kind === EXTERNAL.table) {
      reader.byte();
      readLimits(reader);
    } else if (kind === EXTERNAL.memory) readLimits(reader);
    else {
      reader.byte();
      reader.byte();
      globals++;
    }
  }
  return globals;
}

function readLimits(reader: Reader): void {
  const flags = reader.u32();
  reader.u32();
  if ((flags & 1) !== 0) reader.u32();
}

/** The module's mutable globals with their constant initial values (undefined when the initialiser is not a constant). */
function readMutableGlobals(
  section: Section | undefined,
  firstIndex: number,
): { index: number; value: number | bigint | undefined }[] {
  if (section === undefined) return [];
  const reader = new Reader(section.content);
  const out: { index: number; value: number | bigint | undefined }[] = [];
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    reader.byte(); // value type
    const mutable = reader.byte() === 1;
    const value = readConstant(reader);
    if (mutable) out.push({ index: firstIndex + i, value });
  }
  return out;
}

/** Reads a constant expression up to its `end`; undefined if it is not a single constant. */
function readConstant(reader: Reader): number | bigint | undefined {
  const opcode = reader.byte();
  let value: number | bigint | undefined;
  const view = () => new DataView(reader.bytes.buffer, reader.bytes.byteOffset + reader.offset);
  if (opcode === OPCODE.i32Const) value = Number(reader.signed());
  else if (opcode === OPCODE.i64Const) value = reader.signed();
  else if (opcode === OPCODE.f32Const) {
    value = view().getFloat32(0, true);
    reader.offset += 4;
  } else if (opcode === OPCODE.f64Const) {
    value = view().getFloat64(0, true);
    reader.offset += 8;
  } else {
    // Skip whatever it is (global.get, ref.func, ...) to the end of the expression.
    while (reader.byte() !== OPCODE.end);
    return undefined;
  }
  if (reader.byte() !== OPCODE.end) throw new Error("unexpected constant expression in WebAssembly module");
  return value;
}

/** The active data segments merged into one block; undefined if any segment is passive or has a computed offset. */
function readData(section: Section | undefined): { dataOffset: number; data: Uint8Array } | undefined {
  if (section === undefined) return { dataOffset: 0, data: new Uint8Array(0) };
  const reader = new Reader(section.content);
  const segments: { offset: number; bytes: Uint8Array }[] = [];
  for (let count = reader.u32(); count > 0; count--) {
    const flags = reader.u32();
    if (flags === 1) return undefined;
    if (flags === 2 && reader.u32() !== 0) return undefined;
    const offset = readConstant(reader);
    if (typeof offset !== "number") return undefined;
    segments.push({ offset: offset >>> 0, bytes: reader.take(reader.u32()) });
  }
  if (segments.length === 0) return { dataOffset: 0, data: new Uint8Array(0) };
  const start = Math.min(...segments.map((s) => s.offset));
  const end = Math.max(...segments.map((s) => s.offset + s.bytes.length));
  const data = new Uint8Array(end - start);
  for (const segment of segments) data.set(segment.bytes, segment.offset - start);
  return { dataOffset: start, data };
}

/** Drops every global export and exports the mutable globals under names of the host's. */
function rewriteGlobalExports(content: Uint8Array, mutableGlobals: readonly number[]): Uint8Array {
  const reader = new Reader(content);
  const kept: Uint8Array[] = [];
  for (let count = reader.u32(); count > 0; count--) {
    const start = reader.offset;
    reader.name();
    const kind = reader.byte();
    reader.u32();
    if (kind !== EXTERNAL.global) kept.push(content.subarray(start, reader.offset));
  }
  for (const index of mutableGlobals) {
    kept.push(concat([encodeName(GLOBAL_EXPORT_PREFIX + index), [EXTERNAL.global], unsignedLeb(index)]));
  }
  return concat([unsignedLeb(kept.length), ...kept]);
}
