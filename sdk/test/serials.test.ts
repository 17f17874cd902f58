import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { bytesToHex, encodeAbiParameters, hexToBytes, keccak256 } from "viem";
import type { Hex } from "viem";

import { Gs1Error } from "../src/gs1.ts";
import {
  SERIAL_LEAF_ENCODING,
  ZERO_SALT,
  buildSerialTree,
  newSerialSecret,
  parseSerialList,
  serialLeafHash,
  serialSalt,
  verifySerialProof,
} from "../src/serials.ts";
import type { SerialLeafValue, SerialTree } from "../src/serials.ts";

const GTIN = "4006381333931";
const LOT = "L-2025/01";
const SERIALS = Array.from({ length: 100 }, (_, i) => `SN-${String(i).padStart(5, "0")}`);
const SECRET: Hex = `0x${"5e".repeat(32)}`;

function proves(tree: SerialTree, serial: string, overrides: Partial<Parameters<typeof verifySerialProof>[0]> = {}) {
  const { salt, proof } = tree.proofFor(serial);
  return verifySerialProof({ gtin: GTIN, lot: LOT, serial, salt, root: tree.root, proof, ...overrides });
}

function flip(hex: Hex, at: number): Hex {
  const bytes = hexToBytes(hex);
  bytes[at % 32]! ^= 0x01;
  return bytesToHex(bytes);
}

describe("serial leaves", () => {
  it("are OpenZeppelin's double-hashed leaves of (gtin14 value, lot, serial, salt)", () => {
    const encoded = encodeAbiParameters(
      [{ type: "uint256" }, { type: "string" }, { type: "string" }, { type: "bytes32" }],
      [4006381333931n, LOT, "S1", ZERO_SALT],
    );
    assert.equal(serialLeafHash(GTIN, LOT, "S1"), keccak256(keccak256(encoded)));
    const tree = StandardMerkleTree.of([["4006381333931", LOT, "S1", ZERO_SALT]], [...SERIAL_LEAF_ENCODING]);
    assert.equal(
      serialLeafHash(`0${GTIN}`, LOT, "S1", ZERO_SALT),
      tree.leafHash(["4006381333931", LOT, "S1", ZERO_SALT]),
    );
    assert.throws(() => serialLeafHash(GTIN, LOT, "S 1"), Gs1Error);
    assert.throws(() => serialLeafHash(GTIN, "", "S1"), Gs1Error);
    assert.throws(() => serialLeafHash(GTIN, LOT, "S1", "0x1234"), TypeError);
  });
});

describe("unsalted serial trees", () => {
  const tree = buildSerialTree({ gtin: GTIN, lot: LOT, serials: SERIALS });

  it("commit every serial with a zero salt, and every proof verifies", () => {
    assert.equal(tree.count, SERIALS.length);
    assert.equal(tree.salted, false);
    assert.equal(tree.gtin, `0${GTIN}`);
    const reference = StandardMerkleTree.of(
      SERIALS.map((s): SerialLeafValue => ["4006381333931", LOT, s, ZERO_SALT]),
      [...SERIAL_LEAF_ENCODING],
    );
    assert.equal(tree.root, reference.root);
    for (const serial of SERIALS) {
      const { salt, proof } = tree.proofFor(serial);
      assert.equal(salt, ZERO_SALT);
      assert.equal(proves(tree, serial), true, serial);
      assert.equal(verifySerialProof({ gtin: GTIN, lot: LOT, serial, root: tree.root, proof }), true);
      assert.equal(tree.tree.verify(["4006381333931", LOT, serial, salt], proof), true);
    }
  });

  it("dump to JSON and load back to the same root", () => {
    const loaded = StandardMerkleTree.load<SerialLeafValue>(JSON.parse(JSON.stringify(tree.tree.dump())));
    assert.equal(loaded.root, tree.root);
  });

  it("make a one-serial root the leaf itself, with an empty proof", () => {
    const one = buildSerialTree({ gtin: GTIN, lot: LOT, serials: ["ONLY"] });
    assert.equal(one.root, serialLeafHash(GTIN, LOT, "ONLY"));
    assert.deepEqual(one.proofFor("ONLY").proof, []);
    assert.equal(proves(one, "ONLY"), true);
  });
});

describe("salted serial trees", () => {
  const tree = buildSerialTree({ gtin: GTIN, lot: LOT, serials: SERIALS, secret: SECRET });

  it("give every serial its own salt, deterministic for the secret", () => {
    assert.equal(tree.salted, true);
    const salts = SERIALS.map((s) => tree.proofFor(s).salt);
    assert.equal(new Set(salts).size, SERIALS.length);
    assert.ok(!salts.includes(ZERO_SALT));
    assert.equal(salts[0], serialSalt(SECRET, GTIN, LOT, SERIALS[0]!));
    assert.equal(serialSalt(hexToBytes(SECRET), `0${GTIN}`, LOT, "X"), serialSalt(SECRET, GTIN, LOT, "X"));
    // Same secret, same root; other secret (or the legacy `salt` option spelling), as expected.
    assert.equal(buildSerialTree({ gtin: GTIN, lot: LOT, serials: SERIALS, secret: SECRET }).root, tree.root);
    assert.equal(buildSerialTree({ gtin: GTIN, lot: LOT, serials: SERIALS, salt: { secret: SECRET } }).root, tree.root);
    const other = buildSerialTree({ gtin: GTIN, lot: LOT, serials: SERIALS, secret: newSerialSecret() });
    assert.notEqual(other.root, tree.root);
    assert.notEqual(other.proofFor(SERIALS[0]!).salt, salts[0]);
    // Salts differ per GTIN and lot too.
    assert.notEqual(serialSalt(SECRET, GTIN, "L2", "X"), serialSalt(SECRET, GTIN, LOT, "X"));
    assert.notEqual(serialSalt(SECRET, "96385074", LOT, "X"), serialSalt(SECRET, GTIN, LOT, "X"));
  });

  it("prove a serial only with its own salt", () => {
    for (const serial of SERIALS) assert.equal(proves(tree, serial), true, serial);
    assert.equal(proves(tree, SERIALS[3]!, { salt: ZERO_SALT }), false);
    assert.equal(proves(tree, SERIALS[3]!, { salt: tree.proofFor(SERIALS[4]!).salt }), false);
  });

  it("refuse secrets shorter than 16 bytes", () => {
    assert.throws(() => serialSalt("0x1234", GTIN, LOT, "X"), TypeError);
    assert.throws(
      () => buildSerialTree({ gtin: GTIN, lot: LOT, serials: ["A"], secret: new Uint8Array(15) }),
      TypeError,
    );
    assert.throws(
      () => buildSerialTree({ gtin: GTIN, lot: LOT, serials: ["A"], secret: SECRET, salt: { secret: SECRET } }),
      TypeError,
    );
  });
});

describe("serial proofs", () => {
  const tree = buildSerialTree({ gtin: GTIN, lot: LOT, serials: SERIALS, secret: SECRET });
  const serial = SERIALS[42]!;
  const { salt, proof } = tree.proofFor(serial);

  it("never prove a serial outside the list", () => {
    assert.equal(tree.has("SN-99999"), false);
    assert.throws(
      () => tree.proofFor("SN-99999"),
      (e: unknown) => e instanceof Gs1Error && e.code === "notInList",
    );
    for (const s of SERIALS.slice(0, 20)) {
      const p = tree.proofFor(s);
      assert.equal(
        verifySerialProof({ gtin: GTIN, lot: LOT, serial: "SN-99999", salt: p.salt, root: tree.root, proof: p.proof }),
        false,
      );
    }
  });

  it("fail when tampered with", () => {
    const check = (overrides: Partial<Parameters<typeof verifySerialProof>[0]>) =>
      verifySerialProof({ gtin: GTIN, lot: LOT, serial, salt, root: tree.root, proof, ...overrides });
    assert.equal(check({}), true);
    proof.forEach((_, i) => {
      const tampered = [...proof];
      tampered[i] = flip(tampered[i]!, i);
      assert.equal(check({ proof: tampered }), false, `element ${i}`);
    });
    assert.equal(check({ proof: proof.slice(1) }), false);
    assert.equal(check({ proof: [...proof, ZERO_SALT] }), false);
    assert.equal(check({ proof: [...proof].reverse() }), false);
    assert.equal(check({ proof: [...proof.slice(0, -1), "0x1234"] }), false);
    assert.equal(check({ root: flip(tree.root, 5) }), false);
    assert.equal(check({ salt: flip(salt, 0) }), false);
    assert.equal(check({ lot: "L-2025/02" }), false);
    assert.equal(check({ gtin: "96385074" }), false);
    assert.equal(check({ serial: SERIALS[43]! }), false);
    assert.throws(() => check({ gtin: "4006381333932" }), Gs1Error);
    assert.throws(() => check({ serial: "" }), Gs1Error);
  });
});

describe("serial list checks", () => {
  const error = (code: string, message: RegExp) => (e: unknown) =>
    e instanceof Gs1Error && e.code === code && message.test(e.message);

  it("refuse duplicates, invalid serials, empty lists and invalid lots", () => {
    assert.throws(
      () => buildSerialTree({ gtin: GTIN, lot: LOT, serials: ["A", "B", "A"] }),
      error("duplicate", /"A" appears twice \(#1 and #3\)/),
    );
    assert.throws(
      () => buildSerialTree({ gtin: GTIN, lot: LOT, serials: ["A", "B C"] }),
      error("text", /^serial #2: .*a space/),
    );
    assert.throws(() => buildSerialTree({ gtin: GTIN, lot: LOT, serials: ["A", "X".repeat(21)] }), error("text", /#2/));
    assert.throws(() => buildSerialTree({ gtin: GTIN, lot: LOT, serials: [] }), error("notInList", /no serials/));
    assert.throws(() => buildSerialTree({ gtin: GTIN, lot: "L 1", serials: ["A"] }), error("text", /lot/));
    assert.throws(() => buildSerialTree({ gtin: "4006381333932", lot: LOT, serials: ["A"] }), error("checkDigit", /./));
  });
});

describe("parseSerialList", () => {
  it("reads one per line or separated by commas, semicolons and tabs, skipping a header and empty entries", () => {
    const { serials, issues } = parseSerialList("Serial\r\nA1\n\n  A2 , A3;A4\tA5\n,;\nA6\n");
    assert.deepEqual(serials, ["A1", "A2", "A3", "A4", "A5", "A6"]);
    assert.deepEqual(issues, []);
    assert.deepEqual(parseSerialList("SERIALS\nX").serials, ["X"]);
    assert.deepEqual(parseSerialList("\n\n serial \nX").serials, ["X"]);
    // Only the first entry can be a header.
    assert.deepEqual(parseSerialList("X\nserial").serials, ["X", "serial"]);
    assert.deepEqual(parseSerialList("").serials, []);
  });

  it("reports invalid serials and repeats with their line", () => {
    const { serials, issues } = parseSerialList(
      ["serial", "OK-1", "BAD 1", "OK-2, ünïcode", "OK-1", "X".repeat(21)].join("\n"),
    );
    assert.deepEqual(serials, ["OK-1", "OK-2"]);
    assert.deepEqual(
      issues.map((i) => [i.line, i.value]),
      [
        [3, "BAD 1"],
        [4, "ünïcode"],
        [5, "OK-1"],
        [6, "X".repeat(21)],
      ],
    );
    assert.match(issues[0]!.message, /a space at position 4/);
    assert.match(issues[2]!.message, /repeats line 2/);
    assert.match(issues[3]!.message, /at most 20/);
  });

  it("feeds buildSerialTree", () => {
    const { serials } = parseSerialList("serial\nA1\nA2\nA3");
    assert.equal(buildSerialTree({ gtin: GTIN, lot: LOT, serials }).count, 3);
  });
});
