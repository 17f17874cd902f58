/** Hex strings as the runtime's public types use them: "0x" followed by lowercase digits. */
import { Buffer } from "node:buffer";

export type Hex = `0x${string}`;

export function bytesToHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`;
}

/** Parses hex with or without "0x", in either case; throws on odd length or a non-hex digit. */
export function hexToBytes(hex: string): Uint8Array {
  const digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (digits.length % 2 !== 0) throw new Error(`invalid hex "${hex}": odd number of digits`);
  const bytes = Buffer.from(digits, "hex");
  // Buffer stops at the first pair that is not hex.
  if (2 * bytes.length !== digits.length)
    throw new Error(`invalid hex "${hex}": not a hex digit near ${2 * bytes.length}`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function isHex(value: string): value is Hex {
  return /^0x(?:[0-9a-fA-F]{2})*$/.test(value);
}
