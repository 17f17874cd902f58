/** graph-ts BigInt (a Uint8Array of signed little-endian bytes) and BigDecimal ({digits: BigInt, exp: BigInt}). */
import { normalize } from "../big-decimal.ts";
import type { BigDecimal } from "../big-decimal.ts";
import { bitLength, fromSignedBytesLE, toSignedBytesLE } from "../signed-bytes.ts";
import type { AscHeap } from "./heap.ts";

/** graph-node refuses BigInts wider than this (graph/src/data/store/scalar/bigint.rs). */
export const MAX_BIG_INT_BITS = 435;

export function readBigInt(heap: AscHeap, ptr: number): bigint {
  return fromSignedBytesLE(heap.bytes(ptr));
}

export function newBigInt(heap: AscHeap, value: bigint): number {
  const bits = bitLength(value);
  if (bits > MAX_BIG_INT_BITS) throw new Error(`BigInt is too big, total bits ${bits} (max ${MAX_BIG_INT_BITS})`);
  return heap.newBytes(toSignedBytesLE(value));
}

/** Reads and normalises, as graph-node does for every BigDecimal it receives. */
export function readBigDecimal(heap: AscHeap, ptr: number): BigDecimal {
  const digits = readBigInt(heap, heap.u32(ptr));
  const exp = readBigInt(heap, heap.u32(ptr + 4));
  return normalize(digits, Number(exp));
}

export function newBigDecimal(heap: AscHeap, value: BigDecimal): number {
  const digits = heap.newBytes(toSignedBytesLE(value.digits));
  const exp = heap.newBytes(toSignedBytesLE(BigInt(value.exp)));
  return heap.newObject(heap.ids.BigDecimal, [digits, exp]);
}
