/**
 * graph-ts's store Value (common/value.ts): what an Entity maps field names to. Read from and written to the mapping's
 * memory here; entity.ts checks them against schema.graphql and converts them to the stored JavaScript model.
 */
import type { AscHeap } from "./asc/heap.ts";
import { newBigDecimal, newBigInt, readBigDecimal, readBigInt } from "./asc/numbers.ts";
import { formatBigDecimal } from "./big-decimal.ts";
import type { BigDecimal } from "./big-decimal.ts";
import { bytesToHex } from "./hex.ts";

export type StoreValue =
  | { readonly kind: "String"; readonly value: string }
  | { readonly kind: "Int"; readonly value: number }
  | { readonly kind: "Int8"; readonly value: bigint }
  | { readonly kind: "Timestamp"; readonly value: bigint }
  | { readonly kind: "BigDecimal"; readonly value: BigDecimal }
  | { readonly kind: "Boolean"; readonly value: boolean }
  | { readonly kind: "List"; readonly value: readonly StoreValue[] }
  | { readonly kind: "Null" }
  | { readonly kind: "Bytes"; readonly value: Uint8Array }
  | { readonly kind: "BigInt"; readonly value: bigint };

export const NULL: StoreValue = { kind: "Null" };

/** graph-ts's ValueKind numbering. */
const KIND = {
  String: 0,
  Int: 1,
  BigDecimal: 2,
  Boolean: 3,
  List: 4,
  Null: 5,
  Bytes: 6,
  BigInt: 7,
  Int8: 8,
  Timestamp: 9,
} as const satisfies Record<StoreValue["kind"], number>;

export function readStoreValue(heap: AscHeap, ptr: number): StoreValue {
  const kind = heap.kind(ptr);
  switch (kind) {
    case KIND.String:
      return { kind: "String", value: heap.string(heap.payloadPointer(ptr)) };
    case KIND.Int:
      return { kind: "Int", value: Number(BigInt.asIntN(32, heap.payloadI64(ptr))) };
    case KIND.BigDecimal:
      return { kind: "BigDecimal", value: readBigDecimal(heap, heap.payloadPointer(ptr)) };
    case KIND.Boolean:
      return { kind: "Boolean", value: heap.payloadI64(ptr) !== 0n };
    case KIND.List:
      return { kind: "List", value: heap.pointers(heap.payloadPointer(ptr)).map((item) => readStoreValue(heap, item)) };
    case KIND.Null:
      return NULL;
    case KIND.Bytes:
      return { kind: "Bytes", value: heap.bytes(heap.payloadPointer(ptr)) };
    case KIND.BigInt:
      return { kind: "BigInt", value: readBigInt(heap, heap.payloadPointer(ptr)) };
    case KIND.Int8:
      return { kind: "Int8", value: heap.payloadI64(ptr) };
    case KIND.Timestamp:
      return { kind: "Timestamp", value: heap.payloadI64(ptr) };
    default:
      throw new Error(`store value of unknown kind ${kind}`);
  }
}

export function writeStoreValue(heap: AscHeap, value: StoreValue): number {
  const classId = heap.ids.StoreValue;
  const kind = KIND[value.kind];
  switch (value.kind) {
    case "String":
      return heap.newEnum(classId, kind, heap.newString(value.value));
    case "Int":
      return heap.newEnum(classId, kind, value.value);
    case "BigDecimal":
      return heap.newEnum(classId, kind, newBigDecimal(heap, value.value));
    case "Boolean":
      return heap.newEnum(classId, kind, value.value ? 1 : 0);
    case "List": {
      const items = value.value.map((item) => writeStoreValue(heap, item));
      return heap.newEnum(classId, kind, heap.newPointerArray(items, heap.ids.ArrayStoreValue));
    }
    case "Null":
      return heap.newEnum(classId, kind, 0);
    case "Bytes":
      return heap.newEnum(classId, kind, heap.newBytes(value.value));
    case "BigInt":
      return heap.newEnum(classId, kind, newBigInt(heap, value.value));
    case "Int8":
    case "Timestamp":
      return heap.newEnum(classId, kind, value.value);
  }
}

/** Reads a graph-ts TypedMap<string, Value> (an Entity or a DataSourceContext) in entry order. */
export function readValueMap(heap: AscHeap, ptr: number): Map<string, StoreValue> {
  const out = new Map<string, StoreValue>();
  for (const entry of heap.pointers(heap.u32(ptr))) {
    out.set(heap.string(heap.u32(entry)), readStoreValue(heap, heap.u32(entry + 4)));
  }
  return out;
}

/** Writes a TypedMap<string, Value> with the entries in the given order. */
export function writeValueMap(heap: AscHeap, entries: Iterable<readonly [string, StoreValue]>): number {
  const ids = heap.ids;
  const pointers: number[] = [];
  for (const [key, value] of entries) {
    pointers.push(
      heap.newObject(ids.TypedMapEntryStringStoreValue, [heap.newString(key), writeStoreValue(heap, value)]),
    );
  }
  return heap.newObject(ids.TypedMapStringStoreValue, [
    heap.newPointerArray(pointers, ids.ArrayTypedMapEntryStringStoreValue),
  ]);
}

/** graph-node's Value::type_name, for error messages. */
export function typeName(value: StoreValue): string {
  if (value.kind !== "List") return value.kind;
  const first = value.value[0];
  return first === undefined ? "[Any]" : `[${typeName(first)}]`;
}

/** graph-node's Display of a Value, for error messages. */
export function displayValue(value: StoreValue): string {
  switch (value.kind) {
    case "Null":
      return "null";
    case "List":
      return `[${value.value.map(displayValue).join(", ")}]`;
    case "Bytes":
      return bytesToHex(value.value);
    case "BigDecimal":
      return formatBigDecimal(value.value);
    default:
      return String(value.value);
  }
}
