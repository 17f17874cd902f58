import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";

export const ZERO_ADDRESS = Address.zero();

/** Whether every byte of `bytes` is zero (a bytes32 that names nothing). */
export function isZero(bytes: Bytes): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] != 0) return false;
  return true;
}

/** `value` as `size` big-endian bytes, so that composite ids read like the numbers in them. */
function bigEndian(value: u64, size: i32): Bytes {
  const out = new Bytes(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = <u8>(value & 0xff);
    value >>= 8;
  }
  return out;
}

/** A uint64 (a constellation id) as 8 big-endian bytes. */
export function uint64Key(value: BigInt): Bytes {
  return bigEndian(value.toU64(), 8);
}

/** A uint32 (a term, an epoch) as 4 big-endian bytes. */
export function uint32Key(value: i32): Bytes {
  return bigEndian(<u64>value, 4);
}

/** A uint8 (a kind bit, a motion) as one byte. */
export function uint8Key(value: i32): Bytes {
  return bigEndian(<u64>value, 1);
}

/** The ASCII text of a left-aligned, zero-padded bytes32 (a GS1 Company Prefix, an LEI). */
export function leftAlignedText(subject: Bytes): string {
  let text = "";
  for (let i = 0; i < subject.length && subject[i] != 0; i++) text += String.fromCharCode(subject[i]);
  return text;
}

/** `text` (at most 32 ASCII characters) left-aligned in a zero-padded bytes32. */
export function leftAligned(text: string): Bytes {
  const out = new Bytes(32);
  for (let i = 0; i < text.length; i++) out[i] = <u8>text.charCodeAt(i);
  return out;
}
