/**
 * graph-ts's ethereum.Value: an ABI value tagged with its kind (ethabi's Token). Event parameters reach a handler as
 * these, and ethereum.encode/decode convert them to and from ABI bytes.
 */
import { decodeAbiParameters, encodeAbiParameters, parseAbiParameters } from "viem";
import type { AbiParameter } from "viem";

import type { AscHeap } from "./asc/heap.ts";
import { newBigInt, readBigInt } from "./asc/numbers.ts";
import { bytesToHex, hexToBytes } from "./hex.ts";
import type { Hex } from "./hex.ts";

export type EthereumValue =
  | { readonly kind: "address"; readonly value: Hex }
  | { readonly kind: "fixedBytes"; readonly value: Hex }
  | { readonly kind: "bytes"; readonly value: Hex }
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "uint"; readonly value: bigint }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "fixedArray"; readonly value: readonly EthereumValue[] }
  | { readonly kind: "array"; readonly value: readonly EthereumValue[] }
  | { readonly kind: "tuple"; readonly value: readonly EthereumValue[] };

/** graph-ts's ethereum.ValueKind numbering. */
const KIND_NUMBER = {
  address: 0,
  fixedBytes: 1,
  bytes: 2,
  int: 3,
  uint: 4,
  bool: 5,
  string: 6,
  fixedArray: 7,
  array: 8,
  tuple: 9,
} as const satisfies Record<EthereumValue["kind"], number>;

const KIND_NAME = Object.fromEntries(Object.entries(KIND_NUMBER).map(([name, n]) => [n, name])) as Record<
  number,
  EthereumValue["kind"] | undefined
>;

/** Splits "T[]" / "T[k]" into the element type and the length (null for a dynamic array). */
export function arrayType(type: string): { element: string; length: number | null } | null {
  const match = /^(.*)\[(\d*)\]$/.exec(type);
  if (match === null) return null;
  return { element: match[1]!, length: match[2] === "" ? null : Number(match[2]) };
}

/** Whether an indexed parameter of this type is logged as its keccak hash rather than its value. */
export function isHashedWhenIndexed(param: AbiParameter): boolean {
  return (
    param.type === "string" || param.type === "bytes" || param.type.startsWith("tuple") || param.type.endsWith("]")
  );
}

/** Converts a value decoded by viem for `param` into an EthereumValue. */
export function fromAbiValue(param: AbiParameter, value: unknown): EthereumValue {
  const array = arrayType(param.type);
  if (array !== null) {
    const element = { ...param, type: array.element } as AbiParameter;
    const items = (value as readonly unknown[]).map((item) => fromAbiValue(element, item));
    return { kind: array.length === null ? "array" : "fixedArray", value: items };
  }
  const type = param.type;
  if (type === "tuple") {
    const components = (param as { components: readonly AbiParameter[] }).components;
    return {
      kind: "tuple",
      value: components.map((component, i) =>
        fromAbiValue(
          component,
          Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[component.name ?? ""],
        ),
      ),
    };
  }
  if (type === "address") return { kind: "address", value: (value as string).toLowerCase() as Hex };
  if (type === "bool") return { kind: "bool", value: value as boolean };
  if (type === "string") return { kind: "string", value: value as string };
  if (type === "bytes") return { kind: "bytes", value: (value as string).toLowerCase() as Hex };
  if (type.startsWith("bytes")) return { kind: "fixedBytes", value: (value as string).toLowerCase() as Hex };
  if (type.startsWith("uint")) return { kind: "uint", value: BigInt(value as number | bigint) };
  if (type.startsWith("int")) return { kind: "int", value: BigInt(value as number | bigint) };
  throw new Error(`unsupported ABI type ${type}`);
}

/** The ABI type and viem value of an EthereumValue (for encoding); array element types come from the first element. */
export function toAbiValue(value: EthereumValue): { param: AbiParameter; value: unknown } {
  switch (value.kind) {
    case "address":
    case "bool":
    case "string":
    case "bytes":
      return { param: { type: value.kind }, value: value.value };
    case "fixedBytes":
      return { param: { type: `bytes${(value.value.length - 2) / 2}` }, value: value.value };
    case "int":
      return { param: { type: "int256" }, value: value.value };
    case "uint":
      return { param: { type: "uint256" }, value: value.value };
    case "tuple": {
      const parts = value.value.map(toAbiValue);
      return {
        param: { type: "tuple", components: parts.map((part) => part.param) } as AbiParameter,
        value: parts.map((part) => part.value),
      };
    }
    case "fixedArray":
    case "array": {
      const parts = value.value.map(toAbiValue);
      const element = parts[0]?.param ?? { type: "uint256" };
      const suffix = value.kind === "array" ? "[]" : `[${parts.length}]`;
      return {
        param: { ...element, type: `${element.type}${suffix}` } as AbiParameter,
        value: parts.map((p) => p.value),
      };
    }
  }
}

/** ethereum.encode: the ABI encoding of one value (a dynamic tuple starts with its offset, as with ethabi). */
export function encodeEthereumValue(value: EthereumValue): Hex {
  const { param, value: abiValue } = toAbiValue(value);
  return encodeAbiParameters([param], [abiValue]);
}

/** ethereum.decode: `types` is one ABI type such as "(address,uint256)" or "uint256[]". */
export function decodeEthereumValue(types: string, data: Hex): EthereumValue {
  const params = parseAbiParameters(types) as readonly AbiParameter[];
  if (params.length !== 1) throw new Error(`expected one ABI type, got "${types}"`);
  const param = params[0]!;
  const [value] = decodeAbiParameters([param], data);
  return fromAbiValue(param, value);
}

export function writeEthereumValue(heap: AscHeap, value: EthereumValue): number {
  const kind = KIND_NUMBER[value.kind];
  const classId = heap.ids.EthereumValue;
  switch (value.kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return heap.newEnum(classId, kind, heap.newBytes(hexToBytes(value.value)));
    case "int":
    case "uint":
      return heap.newEnum(classId, kind, newBigInt(heap, value.value));
    case "bool":
      return heap.newEnum(classId, kind, value.value ? 1 : 0);
    case "string":
      return heap.newEnum(classId, kind, heap.newString(value.value));
    case "fixedArray":
    case "array":
    case "tuple": {
      const items = value.value.map((item) => writeEthereumValue(heap, item));
      return heap.newEnum(classId, kind, heap.newPointerArray(items, heap.ids.ArrayEthereumValue));
    }
  }
}

export function readEthereumValue(heap: AscHeap, ptr: number): EthereumValue {
  const kind = KIND_NAME[heap.kind(ptr)];
  switch (kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return { kind, value: bytesToHex(heap.bytes(heap.payloadPointer(ptr))) };
    case "int":
    case "uint":
      return { kind, value: readBigInt(heap, heap.payloadPointer(ptr)) };
    case "bool":
      return { kind, value: heap.payloadI64(ptr) !== 0n };
    case "string":
      return { kind, value: heap.string(heap.payloadPointer(ptr)) };
    case "fixedArray":
    case "array":
    case "tuple":
      return { kind, value: heap.pointers(heap.payloadPointer(ptr)).map((item) => readEthereumValue(heap, item)) };
    case undefined:
      throw new Error(`ethereum.Value of unknown kind ${heap.kind(ptr)}`);
  }
}
