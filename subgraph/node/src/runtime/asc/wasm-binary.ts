/** The few pieces of the WebAssembly binary format that prepare-module.ts reads and writes. */

export const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
} as const;

export const EXTERNAL = { function: 0, table: 1, memory: 2, global: 3 } as const;

export const VALUE_TYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c } as const;

export const OPCODE = {
  end: 0x0b,
  globalGet: 0x23,
  i32Const: 0x41,
  i64Const: 0x42,
  f32Const: 0x43,
  f64Const: 0x44,
} as const;

export interface Section {
  id: number;
  content: Uint8Array;
}

export function readSections(wasm: Uint8Array): Section[] {
  const reader = new Reader(wasm, 8); // after the magic number and the version
  const sections: Section[] = [];
  while (!reader.done()) {
    const id = reader.byte();
    const size = reader.u32();
    sections.push({ id, content: reader.take(size) });
  }
  return sections;
}

export function writeModule(header: Uint8Array, sections: readonly Section[]): Uint8Array<ArrayBuffer> {
  return concat([header, ...sections.map((s) => concat([[s.id], unsignedLeb(s.content.length), s.content]))]);
}

export class Reader {
  readonly bytes: Uint8Array;
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.offset = offset;
  }

  done(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    const byte = this.bytes[this.offset++];
    if (byte === undefined) throw new Error("truncated WebAssembly module");
    return byte;
  }

  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new Error("truncated WebAssembly module");
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }

  /** A signed LEB128, as bigint (i32.const and i64.const immediates). */
  signed(): bigint {
    let result = 0n;
    let shift = 0n;
    let byte: number;
    do {
      byte = this.byte();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while ((byte & 0x80) !== 0);
    return (byte & 0x40) !== 0 ? result - (1n << shift) : result;
  }

  name(): string {
    return new TextDecoder().decode(this.take(this.u32()));
  }
}

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function encodeName(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  return concat([unsignedLeb(bytes.length), bytes]);
}

export function concat(parts: readonly (Uint8Array | readonly number[])[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
