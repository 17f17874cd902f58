/**
 * The Graph's scalars as graph-node serializes them: BigInt, BigDecimal and Int8 as strings (JSON numbers would lose
 * precision), Bytes as lowercase "0x" hex, Timestamp as a string of microseconds since the epoch. Inputs parse into
 * the values the store keeps (bigint, canonical decimal and hex strings).
 */
import { GraphQLScalarType, Kind } from "graphql";
import type { ValueNode } from "graphql";

import { normalizeBigDecimal, normalizeHex } from "../store/codec.ts";

const INTEGER = /^[+-]?\d+$/;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function parseInteger(scalar: string, value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && INTEGER.test(value)) return BigInt(value);
  throw new TypeError(`${scalar} expects an integer as a string of decimal digits, got ${JSON.stringify(value)}`);
}

function parseInt8(scalar: string, value: unknown): bigint {
  const n = parseInteger(scalar, value);
  if (n < INT8_MIN || n > INT8_MAX) throw new TypeError(`${scalar} ${n} is outside the signed 64-bit range`);
  return n;
}

function serializeString(scalar: string) {
  return (value: unknown): string => {
    if (typeof value === "string" || typeof value === "bigint" || typeof value === "number") return String(value);
    throw new TypeError(`${scalar} cannot represent ${String(value)}`);
  };
}

/** Literal text of a string or number literal, for scalars that accept both. */
function literal(ast: ValueNode, kinds: readonly Kind[], scalar: string): string {
  if (kinds.includes(ast.kind) && "value" in ast && typeof ast.value === "string") return ast.value;
  throw new TypeError(`${scalar} cannot be given as a ${ast.kind} literal`);
}

export const BigIntScalar = new GraphQLScalarType<bigint, string>({
  name: "BigInt",
  description: "An arbitrary-size integer, as a string of decimal digits.",
  serialize: serializeString("BigInt"),
  parseValue: (value) => parseInteger("BigInt", value),
  parseLiteral: (ast) => parseInteger("BigInt", literal(ast, [Kind.STRING, Kind.INT], "BigInt")),
});

export const BigDecimalScalar = new GraphQLScalarType<string, string>({
  name: "BigDecimal",
  description: "An arbitrary-precision decimal, as a string.",
  serialize: serializeString("BigDecimal"),
  parseValue: (value) => {
    if (typeof value !== "string" && typeof value !== "number") {
      throw new TypeError(`BigDecimal expects a decimal number as a string, got ${JSON.stringify(value)}`);
    }
    return normalizeBigDecimal(String(value));
  },
  parseLiteral: (ast) => normalizeBigDecimal(literal(ast, [Kind.STRING, Kind.INT, Kind.FLOAT], "BigDecimal")),
});

export const BytesScalar = new GraphQLScalarType<string, string>({
  name: "Bytes",
  description: 'A byte array, as a "0x"-prefixed hex string.',
  serialize: serializeString("Bytes"),
  parseValue: (value) => {
    if (typeof value !== "string") throw new TypeError(`Bytes expects a hex string, got ${JSON.stringify(value)}`);
    return normalizeHex(value);
  },
  parseLiteral: (ast) => normalizeHex(literal(ast, [Kind.STRING], "Bytes")),
});

export const Int8Scalar = new GraphQLScalarType<bigint, string>({
  name: "Int8",
  description: "A signed 64-bit integer, as a string of decimal digits.",
  serialize: serializeString("Int8"),
  parseValue: (value) => parseInt8("Int8", value),
  parseLiteral: (ast) => parseInt8("Int8", literal(ast, [Kind.STRING, Kind.INT], "Int8")),
});

export const TimestampScalar = new GraphQLScalarType<bigint, string>({
  name: "Timestamp",
  description: "A point in time, as a string of microseconds since the Unix epoch.",
  serialize: serializeString("Timestamp"),
  parseValue: (value) => {
    if (typeof value !== "string") {
      throw new TypeError(`Timestamp expects a string of microseconds, got ${JSON.stringify(value)}`);
    }
    return parseInt8("Timestamp", value);
  },
  parseLiteral: (ast) => parseInt8("Timestamp", literal(ast, [Kind.STRING], "Timestamp")),
});

export const THE_GRAPH_SCALARS = {
  BigInt: BigIntScalar,
  BigDecimal: BigDecimalScalar,
  Bytes: BytesScalar,
  Int8: Int8Scalar,
  Timestamp: TimestampScalar,
} as const;
