/**
 * Reads and writes AssemblyScript 0.19 objects in one instance's linear memory.
 *
 * Layouts (AssemblyScript's stub runtime): a pointer points at an object's payload; the 4 bytes before it hold the
 * payload size in bytes and the 4 before that its class id. A String is UTF-16LE code units; an ArrayBuffer is raw bytes;
 * a typed array (Uint8Array, so Bytes and BigInt) is {buffer, dataStart, byteLength}; an Array<T> adds {length} after
 * those three; a class is its fields in declaration order, pointers taking 4 bytes. graph-ts's enum-like values
 * (store Value, ethereum.Value, JSONValue) are {kind: i32, 4 bytes padding, payload: u64}.
 */
import type { ClassIds } from "./type-ids.ts";

export interface AscExports {
  memory: WebAssembly.Memory;
  __new(size: number, classId: number): number;
}

const SIZE_OFFSET = -4;
const UTF16 = new TextDecoder("utf-16le", { fatal: false });
const UTF16_DECODER_THRESHOLD = 32;

export class AscHeap {
  readonly ids: ClassIds;
  readonly #memory: WebAssembly.Memory;
  readonly #new: (size: number, classId: number) => number;
  #bytes: Uint8Array;
  #view: DataView;

  constructor(exports: AscExports, ids: ClassIds) {
    this.ids = ids;
    this.#memory = exports.memory;
    this.#new = exports.__new;
    this.#bytes = new Uint8Array(this.#memory.buffer);
    this.#view = new DataView(this.#memory.buffer);
  }

  // Memory grows while the mapping runs (or when the host allocates), which detaches the old buffer: its views then
  // have length 0, which is cheaper to test than asking the memory for its buffer.
  #sync(): void {
    if (this.#bytes.byteLength === 0) {
      this.#bytes = new Uint8Array(this.#memory.buffer);
      this.#view = new DataView(this.#memory.buffer);
    }
  }

  // Reading ------------------------------------------------------------------------------------------------------

  u8(ptr: number): number {
    this.#sync();
    return this.#bytes[ptr]!;
  }

  u32(ptr: number): number {
    this.#sync();
    return this.#view.getUint32(ptr, true);
  }

  i32(ptr: number): number {
    this.#sync();
    return this.#view.getInt32(ptr, true);
  }

  i64(ptr: number): bigint {
    this.#sync();
    return this.#view.getBigInt64(ptr, true);
  }

  f64(ptr: number): number {
    this.#sync();
    return this.#view.getFloat64(ptr, true);
  }

  string(ptr: number): string {
    this.#sync();
    const byteLength = this.#view.getUint32(ptr + SIZE_OFFSET, true);
    if (byteLength > 2 * UTF16_DECODER_THRESHOLD) return UTF16.decode(this.#bytes.subarray(ptr, ptr + byteLength));
    let out = "";
    for (let i = 0; i < byteLength; i += 2) out += String.fromCharCode(this.#view.getUint16(ptr + i, true));
    return out;
  }

  /** A copy of a typed array's bytes (Bytes, BigInt, Address are all Uint8Array). */
  bytes(ptr: number): Uint8Array {
    this.#sync();
    const dataStart = this.#view.getUint32(ptr + 4, true);
    const byteLength = this.#view.getUint32(ptr + 8, true);
    return this.#bytes.slice(dataStart, dataStart + byteLength);
  }

  /** The elements of an Array<T> whose elements are pointers. */
  pointers(ptr: number): number[] {
    this.#sync();
    const dataStart = this.#view.getUint32(ptr + 4, true);
    const length = this.#view.getInt32(ptr + 12, true);
    const out = new Array<number>(length);
    for (let i = 0; i < length; i++) out[i] = this.#view.getUint32(dataStart + 4 * i, true);
    return out;
  }

  /** The {kind, payload} of a graph-ts enum-like value. */
  kind(ptr: number): number {
    return this.i32(ptr);
  }

  payloadPointer(ptr: number): number {
    return this.u32(ptr + 8);
  }

  payloadI64(ptr: number): bigint {
    return this.i64(ptr + 8);
  }

  // Writing ------------------------------------------------------------------------------------------------------

  allocate(size: number, classId: number): number {
    const ptr = this.#new(size, classId) >>> 0;
    this.#sync();
    return ptr;
  }

  newString(value: string): number {
    const ptr = this.allocate(2 * value.length, this.ids.String);
    const view = this.#view;
    for (let i = 0; i < value.length; i++) view.setUint16(ptr + 2 * i, value.charCodeAt(i), true);
    return ptr;
  }

  /** A Uint8Array with its own buffer: how graph-ts holds Bytes, Address and BigInt. */
  newBytes(value: Uint8Array): number {
    const buffer = this.allocate(value.length, this.ids.ArrayBuffer);
    this.#bytes.set(value, buffer);
    const ptr = this.allocate(12, this.ids.Uint8Array);
    this.#setU32(ptr, buffer);
    this.#setU32(ptr + 4, buffer);
    this.#setU32(ptr + 8, value.length);
    return ptr;
  }

  /** An Array<T> of pointers, with the class id of that array type. */
  newPointerArray(pointers: readonly number[], classId: number): number {
    const buffer = this.allocate(4 * pointers.length, this.ids.ArrayBuffer);
    for (let i = 0; i < pointers.length; i++) this.#setU32(buffer + 4 * i, pointers[i]!);
    const ptr = this.allocate(16, classId);
    this.#setU32(ptr, buffer);
    this.#setU32(ptr + 4, buffer);
    this.#setU32(ptr + 8, 4 * pointers.length);
    this.#setU32(ptr + 12, pointers.length);
    return ptr;
  }

  /** An object whose fields are all pointers (or other 32-bit values), in declaration order. */
  newObject(classId: number, fields: readonly number[]): number {
    const ptr = this.allocate(4 * fields.length, classId);
    for (let i = 0; i < fields.length; i++) this.#setU32(ptr + 4 * i, fields[i]!);
    return ptr;
  }

  /** A graph-ts enum-like value; the payload is a pointer, an i32 (sign-extended, as graph-ts does) or an i64. */
  newEnum(classId: number, kind: number, payload: number | bigint): number {
    const ptr = this.allocate(16, classId);
    this.#view.setInt32(ptr, kind, true);
    this.#view.setBigInt64(ptr + 8, typeof payload === "bigint" ? payload : BigInt(payload), true);
    return ptr;
  }

  /** graph-ts's Wrapped<bool> ({inner: bool}). */
  newWrappedBool(value: boolean): number {
    const ptr = this.allocate(1, this.ids.WrappedBool);
    this.#bytes[ptr] = value ? 1 : 0;
    return ptr;
  }

  #setU32(ptr: number, value: number): void {
    this.#view.setUint32(ptr, value, true);
  }
}
