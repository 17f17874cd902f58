/**
 * graph-ts `json`: parsing into JSONValue ({kind, payload}; a number keeps its source text, which toI64/toU64/toF64/
 * toBigInt then convert, as graph-node does with serde_json's arbitrary precision).
 */
import { newBigInt } from "../asc/numbers.ts";
import type { AscHeap } from "../asc/heap.ts";
import type { HostFunctions } from "./context.ts";

/** graph-ts's JSONValueKind numbering. */
const KIND = { null: 0, bool: 1, number: 2, string: 3, array: 4, object: 5 } as const;

class JsonNumber {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
}

type Json = null | boolean | JsonNumber | string | Json[] | { [key: string]: Json };

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const I64 = /^[+-]?\d+$/;
const U64 = /^\+?\d+$/;
const F64 = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

export const jsonFunctions: HostFunctions = {
  "json.fromBytes": ({ heap }, bytesPtr) => {
    let value: Json;
    try {
      value = parse(heap.bytes(bytesPtr));
    } catch (error) {
      throw new Error(`Failed to parse JSON from byte array: ${(error as Error).message}`);
    }
    return writeJson(heap, value);
  },

  "json.try_fromBytes": ({ heap }, bytesPtr) => {
    let value: Json;
    try {
      value = parse(heap.bytes(bytesPtr));
    } catch {
      return heap.newObject(heap.ids.ResultJsonValueBool, [0, heap.newWrappedBool(true)]);
    }
    const wrapped = heap.newObject(heap.ids.WrappedJsonValue, [writeJson(heap, value)]);
    return heap.newObject(heap.ids.ResultJsonValueBool, [wrapped, 0]);
  },

  "json.toI64": ({ heap }, ptr) => {
    const text = heap.string(ptr);
    const value = I64.test(text) ? BigInt(text) : undefined;
    if (value === undefined || BigInt.asIntN(64, value) !== value) {
      throw new Error(`JSON \`${text}\` cannot be parsed as i64`);
    }
    return value;
  },

  // A u64 crosses into WebAssembly as the i64 with the same bits.
  "json.toU64": ({ heap }, ptr) => {
    const text = heap.string(ptr);
    const value = U64.test(text) ? BigInt(text) : undefined;
    if (value === undefined || BigInt.asUintN(64, value) !== value) {
      throw new Error(`JSON \`${text}\` cannot be parsed as u64`);
    }
    return BigInt.asIntN(64, value);
  },

  "json.toF64": ({ heap }, ptr) => {
    const text = heap.string(ptr);
    if (!F64.test(text)) throw new Error(`JSON \`${text}\` cannot be parsed as f64`);
    const lower = text.toLowerCase().replace(/^\+/, "");
    if (lower.endsWith("nan")) return NaN;
    if (lower.endsWith("inf") || lower.endsWith("infinity")) return lower.startsWith("-") ? -Infinity : Infinity;
    return Number(text);
  },

  "json.toBigInt": ({ heap }, ptr) => {
    const text = heap.string(ptr);
    if (!I64.test(text)) throw new Error(`JSON \`${text}\` is not a decimal string`);
    return newBigInt(heap, BigInt(text));
  },
};

function parse(bytes: Uint8Array): Json {
  return JSON.parse(UTF8.decode(bytes), (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" ? new JsonNumber(context?.source ?? String(value)) : value,
  ) as Json;
}

function writeJson(heap: AscHeap, value: Json): number {
  const classId = heap.ids.JsonValue;
  if (value === null) return heap.newEnum(classId, KIND.null, 0);
  if (typeof value === "boolean") return heap.newEnum(classId, KIND.bool, value ? 1 : 0);
  if (typeof value === "string") return heap.newEnum(classId, KIND.string, heap.newString(value));
  if (value instanceof JsonNumber) return heap.newEnum(classId, KIND.number, heap.newString(value.source));
  if (Array.isArray(value)) {
    const items = value.map((item) => writeJson(heap, item));
    return heap.newEnum(classId, KIND.array, heap.newPointerArray(items, heap.ids.ArrayJsonValue));
  }
  // graph-node's serde_json keeps object keys sorted.
  const entries = Object.entries(value)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) =>
      heap.newObject(heap.ids.TypedMapEntryStringJsonValue, [heap.newString(key), writeJson(heap, item)]),
    );
  const entriesPtr = heap.newPointerArray(entries, heap.ids.ArrayTypedMapEntryStringJsonValue);
  return heap.newEnum(classId, KIND.object, heap.newObject(heap.ids.TypedMapStringJsonValue, [entriesPtr]));
}
