/** graph-ts `typeConversion` and `crypto`. */
import { keccak256 } from "viem";

import { readBigInt } from "../asc/numbers.ts";
import { bytesToHex, hexToBytes } from "../hex.ts";
import type { HostFunctions } from "./context.ts";

const UTF8 = new TextDecoder("utf-8", { fatal: false });
const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export const conversionFunctions: HostFunctions = {
  // Lossy, and without the NUL padding of fixed-size byte strings, as in graph-node.
  "typeConversion.bytesToString": ({ heap }, ptr) => heap.newString(UTF8.decode(heap.bytes(ptr)).replace(/\0+$/, "")),

  "typeConversion.bytesToHex": ({ heap }, ptr) => heap.newString(bytesToHex(heap.bytes(ptr))),

  "typeConversion.bigIntToString": ({ heap }, ptr) => heap.newString(readBigInt(heap, ptr).toString()),

  // The magnitude in minimal hex digits ("0x0" for zero); graph-node drops the sign.
  "typeConversion.bigIntToHex": ({ heap }, ptr) => {
    const value = readBigInt(heap, ptr);
    return heap.newString(`0x${(value < 0n ? -value : value).toString(16)}`);
  },

  "typeConversion.stringToH160": ({ heap }, ptr) => {
    const text = heap.string(ptr);
    const hex = text.startsWith("0x") ? text.slice(2) : text;
    if (!/^[0-9a-fA-F]{40}$/.test(hex)) throw new Error(`Failed to convert string to Address/H160: '${hex}'`);
    return heap.newBytes(hexToBytes(hex));
  },

  "typeConversion.bytesToBase58": ({ heap }, ptr) => heap.newString(base58(heap.bytes(ptr))),

  "crypto.keccak256": ({ heap }, ptr) => heap.newBytes(keccak256(heap.bytes(ptr), "bytes")),
};

/** Bitcoin-alphabet base58 (the bs58 crate graph-node uses): each leading zero byte becomes a '1'. */
export function base58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let value = 0n;
  for (const byte of bytes) value = value * 256n + BigInt(byte);
  let out = "";
  while (value > 0n) {
    out = BASE58_ALPHABET[Number(value % 58n)] + out;
    value /= 58n;
  }
  return "1".repeat(zeros) + out;
}
