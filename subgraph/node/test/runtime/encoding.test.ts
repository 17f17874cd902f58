import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { base58 } from "../../src/runtime/host/conversion.ts";
import { bytesToHex, hexToBytes } from "../../src/runtime/hex.ts";
import { bitLength, fromSignedBytesLE, toSignedBytesLE } from "../../src/runtime/signed-bytes.ts";

describe("graph-ts BigInt bytes", () => {
  it("uses the fewest little-endian two's complement bytes that keep the sign", () => {
    const cases: [bigint, string][] = [
      [0n, "0x00"],
      [127n, "0x7f"],
      [128n, "0x8000"],
      [255n, "0xff00"],
      [256n, "0x0001"],
      [-1n, "0xff"],
      [-128n, "0x80"],
      [-129n, "0x7fff"],
      [2n ** 256n - 1n, `0x${"ff".repeat(32)}00`],
    ];
    for (const [value, hex] of cases) {
      assert.equal(bytesToHex(toSignedBytesLE(value)), hex, `${value}`);
      assert.equal(fromSignedBytesLE(hexToBytes(hex)), value, hex);
    }
  });

  it("reads empty bytes as zero and keeps any width of sign extension", () => {
    assert.equal(fromSignedBytesLE(new Uint8Array(0)), 0n);
    assert.equal(fromSignedBytesLE(hexToBytes("0xffffffff")), -1n);
    assert.equal(fromSignedBytesLE(hexToBytes("0x01000000")), 1n);
  });

  it("round-trips values around every byte boundary", () => {
    for (let bits = 0; bits <= 300; bits += 7) {
      for (const value of [
        2n ** BigInt(bits),
        2n ** BigInt(bits) - 1n,
        -(2n ** BigInt(bits)),
        -(2n ** BigInt(bits)) - 1n,
      ]) {
        assert.equal(fromSignedBytesLE(toSignedBytesLE(value)), value, `${value}`);
      }
    }
    assert.deepEqual([bitLength(0n), bitLength(1n), bitLength(-255n), bitLength(256n)], [0, 1, 8, 9]);
  });
});

describe("hex and base58", () => {
  it("reads hex in either case, with or without 0x, and writes lowercase with 0x", () => {
    assert.equal(bytesToHex(hexToBytes("0xDEADbeef")), "0xdeadbeef");
    assert.equal(bytesToHex(hexToBytes("0102")), "0x0102");
    assert.equal(bytesToHex(new Uint8Array(0)), "0x");
  });

  it("refuses odd lengths and non-hex digits", () => {
    assert.throws(() => hexToBytes("0x123"), /odd number of digits/);
    assert.throws(() => hexToBytes("0xzz"), /not a hex digit/);
  });

  it("encodes base58 with the Bitcoin alphabet, a '1' per leading zero byte", () => {
    assert.equal(base58(hexToBytes("0x0000287fb4cd")), "11233QC4");
    assert.equal(base58(new TextEncoder().encode("Hello World!")), "2NEpo7TZRRrLZSi2U");
    assert.equal(base58(new Uint8Array(0)), "");
  });
});
