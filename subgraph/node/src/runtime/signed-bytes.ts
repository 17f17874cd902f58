/**
 * graph-ts keeps a BigInt as the little-endian two's complement bytes of the number, in as few bytes as hold its sign
 * (num-bigint's `to_signed_bytes_le`): 0 -> [00], 127 -> [7f], 128 -> [80 00], -1 -> [ff], -129 -> [7f ff].
 */
export function toSignedBytesLE(value: bigint): Uint8Array {
  // Two's complement needs the magnitude's bits plus a sign bit; -x and x-1 need the same number of bits.
  const magnitude = value < 0n ? -value - 1n : value;
  const length = Math.floor(bitLength(magnitude) / 8) + 1;
  const hex = BigInt.asUintN(8 * length, value)
    .toString(16)
    .padStart(2 * length, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(hex.length - 2 * i - 2, hex.length - 2 * i), 16);
  return out;
}

/** The inverse of toSignedBytesLE; empty bytes are zero. */
export function fromSignedBytesLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = "";
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, "0");
  return BigInt.asIntN(8 * bytes.length, BigInt(`0x${hex}`));
}

/** Bits of |value| (0 for 0). */
export function bitLength(value: bigint): number {
  if (value < 0n) value = -value;
  if (value === 0n) return 0;
  const hex = value.toString(16);
  return (hex.length - 1) * 4 + Math.floor(Math.log2(parseInt(hex[0]!, 16))) + 1;
}
