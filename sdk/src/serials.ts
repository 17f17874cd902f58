/**
 * Serials committed in bulk (`Products.commitSerials`): a batch's serials as the root of an OpenZeppelin
 * StandardMerkleTree over leaves `(uint256 gtin14, string lot, string serial, bytes32 salt)`, the leaf
 * `Products.serialLeaf` computes and `Products.verifySerial` checks.
 *
 * What a proof shows: that the product's owner committed the serial among the serials of the lot. It does NOT show that
 * a physical item carrying the serial is genuine: printed codes can be copied, and a copied code proves as well as the
 * original.
 *
 * Salts. Without salts (zero salt in every leaf) anyone holding one proof can test guessed serials against the hashes in
 * it, and so enumerate a batch's serials when they follow a pattern. A per-serial salt, derived from a secret the owner
 * keeps ({@link serialSalt}), stops that: the verifier then needs the serial's salt along with its proof (printed next to
 * the code, or served by the owner's resolver).
 *
 * Runs unchanged in Node and in the browser.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { bytesToHex, encodeAbiParameters, isHex, keccak256, size, zeroHash } from "viem";
import type { Hex } from "viem";

import { Gs1Error, checkKeyText, gtinValue, normalizeGtin } from "./gs1.ts";
import type { GtinInput } from "./gs1.ts";

/** The leaf encoding of a serial root (OpenZeppelin StandardMerkleTree): gtin14 value, lot, serial, salt. */
export const SERIAL_LEAF_ENCODING = ["uint256", "string", "string", "bytes32"] as const;

/** A leaf's values as the tree holds them: the GTIN-14's value as a decimal string (so `tree.dump()` is JSON), lot,
 * serial, salt. */
export type SerialLeafValue = [gtin: string, lot: string, serial: string, salt: Hex];

/** The salt of an unsalted leaf. */
export const ZERO_SALT: Hex = zeroHash;

/** The domain-separation tag of {@link serialSalt}; a new construction would get a new tag. */
export const SERIAL_SALT_DOMAIN = "constellate.serial-salt.v1";

/** The shortest secret {@link serialSalt} accepts, in bytes. */
export const MIN_SECRET_BYTES = 16;

const MAX_COUNT = 2 ** 32 - 1;

function secretHex(secret: Uint8Array | string): Hex {
  const hex = typeof secret === "string" ? secret : bytesToHex(secret);
  if (!isHex(hex, { strict: true }) || size(hex) < MIN_SECRET_BYTES) {
    throw new TypeError(
      `a serial secret is at least ${MIN_SECRET_BYTES} bytes (bytes or 0x-hex); use newSerialSecret()`,
    );
  }
  return hex;
}

/** A fresh random 32-byte secret for {@link serialSalt} (WebCrypto, in Node and in the browser). Keep it private. */
export function newSerialSecret(): Hex {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The salt of serial `serial` of lot `lot` of GTIN `gtin`, derived from the owner's secret:
 * `keccak256(abi.encode("constellate.serial-salt.v1", bytes secret, uint256 gtin14, string lot, string serial))`.
 * Deterministic for a secret (the owner can hand out any serial's salt again later) and different for every serial;
 * without the secret it cannot be computed. keccak256 is a sponge, not a Merkle-Damgård hash, so keying it by prefixing
 * the secret is a sound pseudo-random function (no length extension); the ABI encoding keeps the fields apart. Sync,
 * and the same in Node and the browser.
 */
export function serialSalt(secret: Uint8Array | string, gtin: GtinInput, lot: string, serial: string): Hex {
  checkKeyText(10, lot);
  checkKeyText(21, serial);
  return keccak256(
    encodeAbiParameters(
      [{ type: "string" }, { type: "bytes" }, { type: "uint256" }, { type: "string" }, { type: "string" }],
      [SERIAL_SALT_DOMAIN, secretHex(secret), gtinValue(gtin), lot, serial],
    ),
  );
}

function checkSalt(salt: string): asserts salt is Hex {
  if (typeof salt !== "string" || !isHex(salt, { strict: true }) || size(salt) !== 32) {
    throw new TypeError(`a salt is a 0x-prefixed 32-byte hex string, not ${JSON.stringify(String(salt))}`);
  }
}

/**
 * The leaf of serial `serial` (`Products.serialLeaf`): keccak256(keccak256(abi.encode(gtin14, lot, serial, salt))).
 * Checks the GTIN, lot and serial as the contract's `verifySerial` does.
 */
export function serialLeafHash(gtin: GtinInput, lot: string, serial: string, salt: string = ZERO_SALT): Hex {
  checkKeyText(10, lot);
  checkKeyText(21, serial);
  checkSalt(salt);
  const encoded = encodeAbiParameters(
    [{ type: "uint256" }, { type: "string" }, { type: "string" }, { type: "bytes32" }],
    [gtinValue(gtin), lot, serial, salt],
  );
  return keccak256(keccak256(encoded));
}

/** A serial's proof: what a verifier needs, besides GTIN, lot and root, to check it (`Products.verifySerial`). */
export interface SerialProof {
  serial: string;
  /** Zero for an unsalted tree. */
  salt: Hex;
  proof: Hex[];
}

/** A batch's serials as a Merkle tree, ready for `commitSerials(product, batch, root, count, salted)`. */
export interface SerialTree {
  /** The GTIN-14. */
  gtin: string;
  lot: string;
  root: Hex;
  count: number;
  salted: boolean;
  tree: StandardMerkleTree<SerialLeafValue>;
  /** Whether the list holds `serial`. */
  has(serial: string): boolean;
  /** The salt and proof of `serial`; throws a {@link Gs1Error} (code "notInList") if the list does not hold it. */
  proofFor(serial: string): SerialProof;
}

/** The serials of one lot to commit, unsalted or salted from a secret ({@link serialSalt}). */
export interface SerialTreeInput {
  gtin: GtinInput;
  lot: string;
  serials: readonly string[];
  /** The owner's secret the per-serial salts derive from ({@link serialSalt}); without it every salt is zero. */
  secret?: Uint8Array | string;
  /** The same as `secret`, for callers that name the salting option. */
  salt?: { secret: Uint8Array | string };
}

/**
 * Builds the Merkle tree of the serials of lot `lot` of GTIN `gtin`. Every serial must be valid (1 to 20 characters of
 * GS1's 82-character set) and appear once; a {@link Gs1Error} says which is not. A proof from it shows that the owner
 * committed the serial, not that a physical item carrying it is genuine.
 */
export function buildSerialTree(input: SerialTreeInput): SerialTree {
  const gtin = normalizeGtin(typeof input.gtin === "bigint" ? input.gtin.toString().padStart(14, "0") : input.gtin);
  const value = BigInt(gtin).toString();
  const { lot, serials } = input;
  checkKeyText(10, lot);
  if (serials.length === 0) throw new Gs1Error("notInList", `lot ${JSON.stringify(lot)} has no serials to commit`);
  if (serials.length > MAX_COUNT) throw new RangeError(`a root covers at most ${MAX_COUNT} serials`);
  if (input.secret !== undefined && input.salt !== undefined)
    throw new TypeError("give the secret once: secret or salt");
  const given = input.secret ?? input.salt?.secret;
  const secret = given === undefined ? undefined : secretHex(given);
  const index = new Map<string, number>();
  const values: SerialLeafValue[] = [];
  serials.forEach((serial, i) => {
    try {
      checkKeyText(21, serial);
    } catch (error) {
      if (error instanceof Gs1Error) throw new Gs1Error(error.code, `serial #${i + 1}: ${error.message}`);
      throw error;
    }
    const first = index.get(serial);
    if (first !== undefined) {
      throw new Gs1Error(
        "duplicate",
        `serial ${JSON.stringify(serial)} appears twice (#${first + 1} and #${i + 1}); each serial may appear once`,
      );
    }
    index.set(serial, i);
    values.push([value, lot, serial, secret === undefined ? ZERO_SALT : serialSalt(secret, gtin, lot, serial)]);
  });
  const tree = StandardMerkleTree.of<SerialLeafValue>(values, [...SERIAL_LEAF_ENCODING]);
  return {
    gtin,
    lot,
    root: tree.root as Hex,
    count: values.length,
    salted: secret !== undefined,
    tree,
    has: (serial) => index.has(serial),
    proofFor(serial) {
      const i = index.get(serial);
      if (i === undefined) {
        throw new Gs1Error("notInList", `serial ${JSON.stringify(serial)} is not among the serials of lot ${lot}`);
      }
      return { serial, salt: values[i]![3], proof: tree.getProof(i) as Hex[] };
    },
  };
}

/** What {@link verifySerialProof} checks. */
export interface SerialProofInput {
  gtin: GtinInput;
  lot: string;
  serial: string;
  /** Zero (the default) for an unsalted root. */
  salt?: string;
  root: string;
  proof: readonly string[];
}

/**
 * Checks a serial's proof against a root locally, as `Products.verifySerial` does (which also checks that the root is
 * committed and live). True shows the serial was committed under `root`; it does not show that a physical item
 * carrying it is genuine. Throws a {@link Gs1Error} for an invalid GTIN, lot or serial, as the contract reverts.
 */
export function verifySerialProof(input: SerialProofInput): boolean {
  const { root, proof } = input;
  if (!isHex(root, { strict: true }) || size(root) !== 32) throw new TypeError("a root is a 32-byte hex string");
  let node = serialLeafHash(input.gtin, input.lot, input.serial, input.salt ?? ZERO_SALT);
  for (const sibling of proof) {
    if (!isHex(sibling, { strict: true }) || size(sibling) !== 32) return false;
    // OpenZeppelin MerkleProof: commutative keccak256 of the sorted pair.
    const [a, b] = BigInt(node) < BigInt(sibling) ? [node, sibling] : [sibling, node];
    node = keccak256(`0x${a.slice(2)}${b.slice(2)}`);
  }
  return node.toLowerCase() === root.toLowerCase();
}

/** One rejected entry of {@link parseSerialList}. */
export interface SerialListIssue {
  /** 1-based line of the input. */
  line: number;
  value: string;
  message: string;
}

/**
 * Reads serials pasted or exported from a spreadsheet: one per line, or separated by commas, semicolons or tabs;
 * entries are trimmed, empty ones skipped, and a first line reading "serial" or "serials" (any case) is taken for a
 * header. Invalid serials and repeats are reported with their line, not thrown. Since commas and semicolons separate
 * entries, serials containing them (valid in GS1's set) must be given to {@link buildSerialTree} directly.
 */
export function parseSerialList(text: string): { serials: string[]; issues: SerialListIssue[] } {
  const serials: string[] = [];
  const issues: SerialListIssue[] = [];
  const seen = new Map<string, number>();
  let headerChecked = false;
  text.split(/\r\n|\r|\n/).forEach((row, i) => {
    const line = i + 1;
    for (const raw of row.split(/[,;\t]/)) {
      const value = raw.trim();
      if (value === "") continue;
      if (!headerChecked) {
        headerChecked = true;
        if (/^serials?$/i.test(value)) continue;
      }
      try {
        checkKeyText(21, value);
      } catch (error) {
        if (!(error instanceof Gs1Error)) throw error;
        issues.push({ line, value, message: error.message });
        continue;
      }
      const first = seen.get(value);
      if (first !== undefined) {
        issues.push({ line, value, message: `serial ${JSON.stringify(value)} repeats line ${first}` });
        continue;
      }
      seen.set(value, line);
      serials.push(value);
    }
  });
  return { serials, issues };
}
