/**
 * How entity values are kept in SQLite so that SQL comparison and ORDER BY agree with the values' own order:
 *
 *   ID, String        TEXT     as is (SQLite compares bytewise, like graph-node's Postgres with the C collation)
 *   Bytes             BLOB     the raw bytes (memcmp order, like bytea)
 *   Int               INTEGER
 *   Int8, Timestamp   INTEGER  64-bit signed, SQLite's native integer
 *   Boolean           INTEGER  0 or 1
 *   BigInt            TEXT     order-preserving: sign, digit count, digits (negatives complemented)
 *   BigDecimal        TEXT     order-preserving: sign, exponent, significant digits (negatives complemented)
 *   lists             TEXT     JSON array; 64-bit and big numbers and Bytes as strings, so elements compare by text
 *
 * Decimal strings alone do not sort: "10" < "9" and "-1" < "-2" as text. The encodings below do.
 */
import type { FieldDef, JsValue, Scalar } from "../schema.ts";

export type SqlValue = null | number | bigint | string | Uint8Array;

/** The SQLite column type of a scalar (lists are always TEXT). */
export function sqlType(scalar: Scalar): "TEXT" | "BLOB" | "INTEGER" {
  switch (scalar) {
    case "Bytes":
      return "BLOB";
    case "Int":
    case "Int8":
    case "Timestamp":
    case "Boolean":
      return "INTEGER";
    default:
      return "TEXT";
  }
}

/** A field's value as stored in its column. */
export function encodeField(field: FieldDef, value: JsValue): SqlValue {
  if (value === null) return null;
  if (field.list) {
    if (!Array.isArray(value)) throw new TypeError(`${field.name}: expected a list, got ${describe(value)}`);
    return encodeList(field.scalar, value);
  }
  return encodeScalar(field.scalar, value);
}

export function decodeField(field: FieldDef, value: SqlValue): JsValue {
  if (value === null) return null;
  if (field.list) return decodeList(field.scalar, value as string);
  return decodeScalar(field.scalar, value);
}

export function encodeScalar(scalar: Scalar, value: JsValue): SqlValue {
  switch (scalar) {
    case "ID":
    case "String":
      return expectString(scalar, value);
    case "Bytes":
      return bytesFromHex(expectString(scalar, value));
    case "Int":
      return expectInt(scalar, value);
    case "Int8":
    case "Timestamp":
      return expectBigInt(scalar, value);
    case "Boolean":
      return expectBoolean(scalar, value) ? 1 : 0;
    case "BigInt":
      return encodeBigInt(expectBigInt(scalar, value));
    case "BigDecimal":
      return encodeBigDecimal(expectString(scalar, value));
  }
}

export function decodeScalar(scalar: Scalar, value: SqlValue): JsValue {
  switch (scalar) {
    case "ID":
    case "String":
      return value as string;
    case "Bytes":
      return hexFromBytes(value as Uint8Array);
    case "Int":
      return Number(value);
    case "Int8":
    case "Timestamp":
      return BigInt(value as bigint | number);
    case "Boolean":
      return Number(value) !== 0;
    case "BigInt":
      return decodeBigInt(value as string);
    case "BigDecimal":
      return decodeBigDecimal(value as string);
  }
}

/** A list as JSON text. Equal lists give equal text, so list equality is text equality. */
export function encodeList(scalar: Scalar, items: readonly JsValue[]): string {
  return JSON.stringify(items.map((item) => listElement(scalar, item)));
}

/** One list element as it appears in the JSON text (what `json_each` yields for it). */
export function listElement(scalar: Scalar, item: JsValue): string | number | boolean | null {
  if (item === null) return null;
  switch (scalar) {
    case "Int":
      return expectInt(scalar, item);
    case "Boolean":
      return expectBoolean(scalar, item);
    case "Bytes":
      return normalizeHex(expectString(scalar, item));
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return expectBigInt(scalar, item).toString();
    case "BigDecimal":
      return normalizeBigDecimal(expectString(scalar, item));
    default:
      return expectString(scalar, item);
  }
}

function decodeList(scalar: Scalar, text: string): JsValue[] {
  const items = JSON.parse(text) as (string | number | boolean | null)[];
  return items.map((item) => {
    if (item === null) return null;
    switch (scalar) {
      case "BigInt":
      case "Int8":
      case "Timestamp":
        return BigInt(item as string);
      default:
        return item;
    }
  });
}

// --- Bytes ---------------------------------------------------------------------------------------------------------

const HEX = /^(0x)?([0-9a-fA-F]{2})*$/;

/** Bytes from hex, with or without "0x" (as graph-node accepts them), in either case. */
export function bytesFromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new TypeError(`not a hex string of whole bytes: "${hex}"`);
  return Buffer.from(hex.startsWith("0x") ? hex.slice(2) : hex, "hex");
}

export function hexFromBytes(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

/** The canonical form of a Bytes value: lowercase with "0x". */
export function normalizeHex(hex: string): string {
  return hexFromBytes(bytesFromHex(hex));
}

// --- BigInt --------------------------------------------------------------------------------------------------------
// n >= 0: "1" + digit count (4 digits) + digits.       e.g. 0 -> "100010", 42 -> "1000242"
// n < 0:  "0" + (9999 - digit count) + each digit d replaced by 9 - d, so a larger magnitude sorts lower.
// Every encoding of a given sign and length has the same length, so plain text comparison orders them.

const MAX_DIGITS = 9999;

export function encodeBigInt(n: bigint): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString();
  if (digits.length > MAX_DIGITS) throw new RangeError(`BigInt with more than ${MAX_DIGITS} digits`);
  if (!negative) return `1${pad(digits.length, 4)}${digits}`;
  return `0${pad(MAX_DIGITS - digits.length, 4)}${complement(digits)}`;
}

export function decodeBigInt(text: string): bigint {
  const digits = text.slice(5);
  return text.startsWith("1") ? BigInt(digits) : -BigInt(complement(digits));
}

// --- BigDecimal ----------------------------------------------------------------------------------------------------
// A non-zero value is sign x 0.D x 10^E with D free of leading and trailing zeros.
// zero:     "1"
// positive: "2" + (E + 50000, 5 digits) + D
// negative: "0" + (49999 - E, 5 digits) + complemented D + "~"   ("~" sorts after every digit, so -0.15 > -0.151)

const EXPONENT_OFFSET = 50000;

interface Decimal {
  negative: boolean;
  /** Significant digits without leading or trailing zeros; "" for zero. */
  digits: string;
  /** The value is 0.digits x 10^exponent. */
  exponent: number;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text.trim());
  const [, sign, whole = "", fraction = "", exp = "0"] = match ?? [];
  if (match === null || whole.length + fraction.length === 0) throw new TypeError(`not a decimal number: "${text}"`);
  const all = whole + fraction;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return { negative: false, digits: "", exponent: 0 };
  const digits = all.slice(lead).replace(/0+$/, "");
  const exponent = whole.length - lead + Number(exp);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) >= EXPONENT_OFFSET) {
    throw new RangeError(`decimal exponent out of range: "${text}"`);
  }
  return { negative: sign === "-", digits, exponent };
}

export function encodeBigDecimal(text: string): string {
  const { negative, digits, exponent } = parseDecimal(text);
  if (digits === "") return "1";
  if (!negative) return `2${pad(exponent + EXPONENT_OFFSET, 5)}${digits}`;
  return `0${pad(EXPONENT_OFFSET - 1 - exponent, 5)}${complement(digits)}~`;
}

export function decodeBigDecimal(text: string): string {
  if (text === "1") return "0";
  const negative = text.startsWith("0");
  const encodedExponent = Number(text.slice(1, 6));
  const exponent = negative ? EXPONENT_OFFSET - 1 - encodedExponent : encodedExponent - EXPONENT_OFFSET;
  const digits = negative ? complement(text.slice(6, -1)) : text.slice(6);
  return formatDecimal({ negative, digits, exponent });
}

/** Plain notation without exponent or trailing zeros, as graph-node prints a normalized BigDecimal. */
export function normalizeBigDecimal(text: string): string {
  return formatDecimal(parseDecimal(text));
}

function formatDecimal({ negative, digits, exponent }: Decimal): string {
  if (digits === "") return "0";
  let plain: string;
  if (exponent <= 0) plain = `0.${"0".repeat(-exponent)}${digits}`;
  else if (exponent >= digits.length) plain = digits + "0".repeat(exponent - digits.length);
  else plain = `${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
  return negative ? `-${plain}` : plain;
}

// --- helpers -------------------------------------------------------------------------------------------------------

function pad(n: number, width: number): string {
  return n.toString().padStart(width, "0");
}

function complement(digits: string): string {
  let out = "";
  for (const d of digits) out += String(9 - Number(d));
  return out;
}

function expectString(scalar: Scalar, value: JsValue): string {
  if (typeof value !== "string") throw mismatch(scalar, value);
  return value;
}

function expectInt(scalar: Scalar, value: JsValue): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw mismatch(scalar, value);
  return value;
}

function expectBigInt(scalar: Scalar, value: JsValue): bigint {
  if (typeof value !== "bigint") throw mismatch(scalar, value);
  return value;
}

function expectBoolean(scalar: Scalar, value: JsValue): boolean {
  if (typeof value !== "boolean") throw mismatch(scalar, value);
  return value;
}

function mismatch(scalar: Scalar, value: JsValue): TypeError {
  return new TypeError(`expected a ${scalar} value, got ${describe(value)}`);
}

function describe(value: JsValue): string {
  if (Array.isArray(value)) return "a list";
  return typeof value === "string" ? `the string "${value}"` : `${typeof value} ${String(value)}`;
}
