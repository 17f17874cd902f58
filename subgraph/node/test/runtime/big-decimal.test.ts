import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  bigDecimal,
  dividedBy,
  equals,
  formatBigDecimal,
  minus,
  normalize,
  parseBigDecimal,
  plus,
  times,
} from "../../src/runtime/big-decimal.ts";

const text = (value: string) => formatBigDecimal(parseBigDecimal(value));

describe("BigDecimal (graph-node's representation)", () => {
  it("parses decimal and exponent notation into digits and exponent without trailing zeros", () => {
    assert.deepEqual(parseBigDecimal("1.50"), { digits: 15n, exp: -1 });
    assert.deepEqual(parseBigDecimal("100.000"), { digits: 1n, exp: 2 });
    assert.deepEqual(parseBigDecimal("-0.00"), { digits: 0n, exp: 0 });
    assert.equal(text("1e3"), "1000");
    assert.equal(text("-1.5E-3"), "-0.0015");
    assert.equal(text(".5"), "0.5");
    assert.equal(text("5."), "5");
    assert.equal(text("+2"), "2");
    assert.equal(text("25E+2"), "2500");
  });

  it("refuses strings that are not decimals, naming them", () => {
    for (const bad of ["", "abc", "1.2.3", "e5", "1e", "--1", "1 "]) {
      assert.throws(() => parseBigDecimal(bad), { message: `string is not a BigDecimal: '${bad}'` });
    }
  });

  it("prints without an exponent, however large or small", () => {
    assert.equal(formatBigDecimal(bigDecimal(1n, 40)), `1${"0".repeat(40)}`);
    assert.equal(formatBigDecimal(bigDecimal(-25n, -30)), `-0.${"0".repeat(28)}25`);
    assert.equal(formatBigDecimal(bigDecimal(0n, 5)), "0");
  });

  it("keeps 34 significant digits: half-up for positive numbers, truncated for negative ones (as graph-node)", () => {
    const digits35 = "12345678901234567890123456789012345";
    assert.equal(text(digits35), "12345678901234567890123456789012350");
    assert.equal(text(`-${digits35}`), "-12345678901234567890123456789012340");
    assert.equal(text("0.99999999999999999999999999999999999"), "1");
    assert.deepEqual(normalize(10n ** 40n - 1n, 0), { digits: 1n, exp: 40 });
  });

  it("divides to 100 digits, then normalises", () => {
    const one = parseBigDecimal("1");
    const two = parseBigDecimal("2");
    const three = parseBigDecimal("3");
    assert.equal(formatBigDecimal(dividedBy(one, three)), `0.${"3".repeat(34)}`);
    assert.equal(formatBigDecimal(dividedBy(two, three)), `0.${"6".repeat(33)}7`);
    assert.equal(formatBigDecimal(dividedBy(minus(parseBigDecimal("0"), two), three)), `-0.${"6".repeat(34)}`);
    assert.equal(formatBigDecimal(dividedBy(parseBigDecimal("1.5"), parseBigDecimal("0.25"))), "6");
    assert.equal(formatBigDecimal(dividedBy(parseBigDecimal("1000"), three)), `333.${"3".repeat(31)}`);
  });

  it("refuses division by zero, naming the dividend", () => {
    assert.throws(() => dividedBy(parseBigDecimal("1.5"), parseBigDecimal("0")), {
      message: "attempted to divide BigDecimal `1.5` by zero",
    });
  });

  it("adds, subtracts and multiplies exactly across exponents", () => {
    assert.equal(formatBigDecimal(plus(parseBigDecimal("1.5"), parseBigDecimal("0.25"))), "1.75");
    assert.equal(formatBigDecimal(minus(parseBigDecimal("0.25"), parseBigDecimal("1.5"))), "-1.25");
    assert.equal(formatBigDecimal(times(parseBigDecimal("1.5"), parseBigDecimal("0.25"))), "0.375");
    assert.equal(formatBigDecimal(plus(parseBigDecimal("1e30"), parseBigDecimal("1e-3"))), `1${"0".repeat(30)}.001`);
  });

  it("compares normalised values", () => {
    assert.equal(equals(parseBigDecimal("1.50"), parseBigDecimal("1.5")), true);
    assert.equal(equals(parseBigDecimal("1.5"), parseBigDecimal("0.15e1")), true);
    assert.equal(equals(parseBigDecimal("1.5"), parseBigDecimal("1.51")), false);
  });
});
