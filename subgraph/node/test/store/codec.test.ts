import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  decodeBigDecimal,
  decodeBigInt,
  encodeBigDecimal,
  encodeBigInt,
  normalizeBigDecimal,
  normalizeHex,
} from "../../src/store/codec.ts";

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomBigInt(next: () => number): bigint {
  const bits = Math.floor(next() * 257);
  let n = 0n;
  for (let i = 0; i < bits; i += 16) n = (n << 16n) | BigInt(Math.floor(next() * 65536));
  n &= (1n << BigInt(bits)) - 1n;
  return next() < 0.5 ? -n : n;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("BigInt encoding", () => {
  const edges = [
    0n,
    1n,
    -1n,
    9n,
    10n,
    -9n,
    -10n,
    99n,
    100n,
    2n ** 255n,
    -(2n ** 255n),
    2n ** 256n - 1n,
    -(2n ** 256n) + 1n,
  ];

  it("round-trips every value", () => {
    const next = random(1);
    for (const n of [...edges, ...Array.from({ length: 2000 }, () => randomBigInt(next))]) {
      assert.equal(decodeBigInt(encodeBigInt(n)), n);
    }
  });

  // Invariant: comparing encodings as text orders them as the numbers, including 256-bit and negative values.
  it("sorts as text in numeric order", () => {
    const next = random(2);
    const values = [...edges, ...Array.from({ length: 2000 }, () => randomBigInt(next))];
    const byValue = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const byEncoding = values.map(encodeBigInt).sort(byText).map(decodeBigInt);
    assert.deepEqual(byEncoding, byValue);
  });
});

describe("BigDecimal encoding", () => {
  it("normalizes to plain notation without trailing zeros, as graph-node prints decimals", () => {
    const cases: [string, string][] = [
      ["1.50", "1.5"],
      ["-0.000", "0"],
      ["0", "0"],
      ["1e3", "1000"],
      ["-1.2E-3", "-0.0012"],
      ["000123.4500", "123.45"],
      [".5", "0.5"],
      ["+7.", "7"],
      ["100", "100"],
    ];
    for (const [input, expected] of cases) assert.equal(normalizeBigDecimal(input), expected, input);
  });

  it("refuses text that is not a decimal number", () => {
    for (const bad of ["", "abc", "1.2.3", "--1", "0x10", "1e"]) assert.throws(() => encodeBigDecimal(bad), /decimal/);
  });

  it("sorts as text in numeric order and round-trips", () => {
    const next = random(3);
    const values = [
      "0",
      "-0.1",
      "0.1",
      "-0.15",
      "-0.151",
      "0.15",
      "0.151",
      "1",
      "-1",
      "10",
      "-10",
      "9.99",
      "1e40",
      "-1e40",
    ];
    for (let i = 0; i < 1000; i++) {
      const digits = String(Math.floor(next() * 1e9));
      const exponent = Math.floor(next() * 60) - 30;
      values.push(`${next() < 0.5 ? "-" : ""}${digits}e${exponent}`);
    }
    const numeric = (a: string, b: string) => compareDecimals(normalizeBigDecimal(a), normalizeBigDecimal(b));
    const expected = [...values].sort(numeric).map(normalizeBigDecimal);
    const actual = values.map(encodeBigDecimal).sort(byText).map(decodeBigDecimal);
    assert.deepEqual(actual, expected);
  });
});

/** Compares two normalized decimals exactly, by scaling both to integers. */
function compareDecimals(a: string, b: string): number {
  const scale = (s: string) => (s.split(".")[1] ?? "").length;
  const places = Math.max(scale(a), scale(b));
  const integer = (s: string) => {
    const [whole = "", fraction = ""] = s.replace("-", "").split(".");
    const n = BigInt(whole + fraction.padEnd(places, "0"));
    return s.startsWith("-") ? -n : n;
  };
  const x = integer(a);
  const y = integer(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

describe("Bytes", () => {
  it("normalizes hex to lowercase with 0x, with or without the prefix", () => {
    assert.equal(normalizeHex("0xABcd"), "0xabcd");
    assert.equal(normalizeHex("ABcd"), "0xabcd");
    assert.equal(normalizeHex("0x"), "0x");
  });

  it("refuses odd-length and non-hex text", () => {
    assert.throws(() => normalizeHex("0xabc"), /whole bytes/);
    assert.throws(() => normalizeHex("0xzz"), /whole bytes/);
  });
});
