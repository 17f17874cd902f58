/**
 * GS1 keys as the Products contract checks them (contracts/libraries/Gs1.sol): GTINs normalised to GTIN-14 (check
 * digit, restricted ranges), lots and serials (1 to 20 characters of GS1's 82-character set), GS1 Company Prefixes as
 * the Accreditations contract stores them, GS1 Digital Link URIs, and the product, batch and item ids.
 *
 * Runs unchanged in Node and in the browser (viem for hashing; no Node built-ins).
 */
import { encodeAbiParameters, isAddress, isHex, keccak256, size, stringToHex, zeroAddress } from "viem";
import type { Address, Hex } from "viem";

/** What a {@link Gs1Error} is about. */
export type Gs1ErrorCode =
  | "length" // a GTIN of a length other than 8, 12, 13 or 14
  | "digits" // a GTIN with something other than the digits 0-9
  | "checkDigit" // a GTIN whose last digit is not its check digit
  | "restricted" // a GTIN from one of GS1's restricted ranges
  | "text" // a lot, serial or CPV that is not 1 to 20 characters of GS1's 82-character set
  | "prefix" // a GS1 Company Prefix or prefix length that is not 4 to 12 digits
  | "digitalLink" // a GS1 Digital Link URI or path that is malformed
  | "duplicate" // the same serial twice in a list
  | "notInList"; // a serial asked for that the list does not hold

/** A GS1 key or GS1 Digital Link that the contract would refuse; `message` says what is wrong and what would be right. */
export class Gs1Error extends Error {
  readonly code: Gs1ErrorCode;

  constructor(code: Gs1ErrorCode, message: string) {
    super(message);
    this.name = "Gs1Error";
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// GTINs
// ---------------------------------------------------------------------------------------------------------------------

const GTIN_LENGTHS = [8, 12, 13, 14] as const;
const encoder = new TextEncoder();

function show(text: string): string {
  return JSON.stringify(text);
}

/**
 * The check digit (0-9) of a GTIN whose digits but the last are `body` (7, 11, 12 or 13 digits for a GTIN-8, -12, -13
 * or -14): weights 3 and 1 alternate from the right, starting with 3.
 */
export function gtinCheckDigit(body: string): number {
  if (![7, 11, 12, 13].includes(body.length)) {
    throw new Gs1Error(
      "length",
      `a GTIN body (the digits before the check digit) has 7, 11, 12 or 13 digits; ${show(body)} has ${body.length}`,
    );
  }
  if (!/^[0-9]+$/.test(body)) throw new Gs1Error("digits", `a GTIN body is digits only; ${show(body)} is not`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? 3 * digit : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Checks the length and digits of a GTIN as the contract does (in UTF-8 bytes) and left-pads it to 14 digits. */
function padGtin(input: string): string {
  const bytes = encoder.encode(input).length;
  if (!(GTIN_LENGTHS as readonly number[]).includes(bytes)) {
    throw new Gs1Error(
      "length",
      `GTIN ${show(input)} has ${bytes} character${bytes === 1 ? "" : "s"}; a GTIN has 8, 12, 13 or 14 digits`,
    );
  }
  const bad = /[^0-9]/.exec(input);
  if (bad !== null) {
    const what = bad[0] === " " ? "a space" : show(bad[0]);
    throw new Gs1Error(
      "digits",
      `GTIN ${show(input)} contains ${what} at position ${bad.index + 1}; a GTIN is digits 0-9 only`,
    );
  }
  return input.padStart(14, "0");
}

/**
 * Which of GS1's restricted ranges GTIN `gtin` (8, 12, 13 or 14 digits; the check digit is not checked) lies in, as a
 * description, or undefined if none. Exactly the contract's rule (Gs1.checkUnrestricted): after the indicator digit,
 * five zeros mean a GTIN-8, restricted if it starts with 0 or 2; otherwise the GTIN-13 prefixes 020-029, 040-049,
 * 200-299 and 977-999 are restricted.
 */
export function restrictedRange(gtin: string): string | undefined {
  const g = padGtin(gtin);
  if (g.slice(1, 6) === "00000") {
    const first = g[6];
    if (first === "0" || first === "2") {
      return `GS1's restricted range of GTIN-8s starting with ${first} (restricted circulation numbers, RCN-8)`;
    }
    return undefined;
  }
  const prefix = Number(g.slice(1, 4));
  if (prefix >= 20 && prefix <= 29) return `GS1 prefixes 020-029 (restricted circulation within a geographic region)`;
  if (prefix >= 40 && prefix <= 49) return `GS1 prefixes 040-049 (restricted circulation within a company)`;
  if (prefix >= 200 && prefix <= 299) {
    return `GS1 prefixes 200-299 (restricted circulation within a geographic region: in-store and variable-measure numbers)`;
  }
  if (prefix === 977) return `GS1 prefix 977 (serial publications: ISSN, issued by ISSN centres)`;
  if (prefix === 978 || prefix === 979) {
    return `GS1 prefixes 978-979 (books: ISBN, issued by ISBN agencies)`;
  }
  if (prefix === 980) return `GS1 prefix 980 (refund receipts)`;
  if (prefix >= 981) return `GS1 prefixes 981-999 (coupons)`;
  return undefined;
}

/**
 * A GTIN of 8, 12, 13 or 14 digits as a GTIN-14 (left-padded with zeros), checked as the contract checks it: length,
 * digits, check digit, restricted ranges. Throws a {@link Gs1Error} otherwise. Whitespace is not trimmed: the contract
 * would refuse it.
 */
export function normalizeGtin(input: string): string {
  const g = padGtin(input);
  const expected = gtinCheckDigit(g.slice(0, 13));
  const actual = g.charCodeAt(13) - 48;
  if (actual !== expected) {
    throw new Gs1Error(
      "checkDigit",
      `GTIN ${input}: check digit should be ${expected}, not ${actual} (a valid GTIN would be ${input.slice(0, -1)}${expected})`,
    );
  }
  const restricted = restrictedRange(g);
  if (restricted !== undefined) {
    throw new Gs1Error(
      "restricted",
      `GTIN ${input} cannot be registered: it lies in ${restricted}, not under a GS1 Company Prefix a brand can be accredited for`,
    );
  }
  return g;
}

/** Whether the contract accepts GTIN `input`: {@link normalizeGtin} does not throw. */
export function isValidGtin(input: string): boolean {
  try {
    normalizeGtin(input);
    return true;
  } catch (error) {
    if (error instanceof Gs1Error) return false;
    throw error;
  }
}

/** A GTIN given as a string of 8-14 digits or as the integer value of its GTIN-14. */
export type GtinInput = string | bigint;

function gtinString(gtin: GtinInput): string {
  if (typeof gtin === "bigint") {
    if (gtin < 0n || gtin >= 10n ** 14n) {
      throw new Gs1Error("length", `GTIN value ${gtin} is not the value of a GTIN-14 (0 to 10^14 - 1)`);
    }
    return gtin.toString().padStart(14, "0");
  }
  return gtin;
}

/** GTIN `gtin` as the contract carries it: the integer value of its 14 digits (`Products.gtin14`). */
export function gtinValue(gtin: GtinInput): bigint {
  return BigInt(normalizeGtin(gtinString(gtin)));
}

/** The GTIN-14 whose value is `value` (leading zeros restored), checked. */
export function gtin14FromValue(value: bigint): string {
  return normalizeGtin(gtinString(value));
}

// ---------------------------------------------------------------------------------------------------------------------
// GS1 Company Prefixes
// ---------------------------------------------------------------------------------------------------------------------

/** The shortest and longest GS1 Company Prefix. */
export const MIN_PREFIX_LENGTH = 4;
export const MAX_PREFIX_LENGTH = 12;

function checkPrefixLength(length: number): void {
  if (!Number.isInteger(length) || length < MIN_PREFIX_LENGTH || length > MAX_PREFIX_LENGTH) {
    throw new Gs1Error("prefix", `a GS1 Company Prefix has 4 to 12 digits, not ${length}`);
  }
}

/**
 * The first `length` (4 to 12) digits after the indicator digit of GTIN `gtin`'s GTIN-14: the GS1 Company Prefix the
 * contract asks the Accreditations contract about when a company registers the GTIN with prefix length `length`. A
 * GTIN-8's reads as "00000" followed by its first digits.
 */
export function prefixOf(gtin: GtinInput, length: number): string {
  checkPrefixLength(length);
  return normalizeGtin(gtinString(gtin)).slice(1, 1 + length);
}

/** A GS1 Company Prefix candidate of a GTIN: its length, digits and Accreditations subject. */
export interface PrefixCandidate {
  length: number;
  prefix: string;
  subject: Hex;
}

/** Every GS1 Company Prefix GTIN `gtin` may belong to, by length 4 to 12 (see {@link prefixOf}). */
export function companyPrefixCandidates(gtin: GtinInput): PrefixCandidate[] {
  const g = normalizeGtin(gtinString(gtin));
  const candidates: PrefixCandidate[] = [];
  for (let length = MIN_PREFIX_LENGTH; length <= MAX_PREFIX_LENGTH; length++) {
    const prefix = g.slice(1, 1 + length);
    candidates.push({ length, prefix, subject: prefixSubject(prefix) });
  }
  return candidates;
}

/**
 * GS1 Company Prefix `prefix` (4 to 12 digits) as the Accreditations contract stores it (`prefixSubject`): its ASCII
 * digits left-aligned in a bytes32.
 */
export function prefixSubject(prefix: string): Hex {
  if (!/^[0-9]{4,12}$/.test(prefix)) {
    throw new Gs1Error("prefix", `a GS1 Company Prefix is 4 to 12 digits 0-9; ${show(prefix)} is not`);
  }
  return stringToHex(prefix, { size: 32 });
}

// ---------------------------------------------------------------------------------------------------------------------
// Lots and serials
// ---------------------------------------------------------------------------------------------------------------------

/** GS1 application identifiers of the key qualifiers: 22 consumer product variant, 10 lot, 21 serial. */
export const AI = { CPV: 22, LOT: 10, SERIAL: 21 } as const;
export type KeyTextAi = 10 | 21 | 22;

/** GS1's 82-character set (GS1 General Specifications, "CSET 82"), the characters of a lot or serial. */
export const GS1_CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
/** The longest lot, serial or CPV (GS1 format X..20). */
export const MAX_KEY_TEXT_LENGTH = 20;

const CSET82 = new Set(GS1_CSET82);
const AI_NAMES: Record<KeyTextAi, string> = { 10: "lot", 21: "serial", 22: "consumer product variant" };

function describeChar(c: string): string {
  if (c === " ") return "a space";
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f)
    return `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return show(c);
}

/**
 * Checks that `text` is a valid value of GS1 application identifier `ai` (10 lot, 21 serial, 22 CPV) as the contract
 * does (`InvalidKeyText`): 1 to 20 characters of GS1's 82-character set. Throws a {@link Gs1Error} (code "text").
 */
export function checkKeyText(ai: KeyTextAi, text: string): void {
  const name = AI_NAMES[ai];
  if (name === undefined) throw new Gs1Error("text", `AI ${String(ai)} is not 10 (lot), 21 (serial) or 22 (CPV)`);
  if (typeof text !== "string" || text.length === 0) {
    throw new Gs1Error("text", `the ${name} (AI ${ai}) is empty; it needs 1 to 20 characters`);
  }
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!CSET82.has(c)) {
      throw new Gs1Error(
        "text",
        `${name} ${show(text)} contains ${describeChar(c)} at position ${i + 1}; GS1 allows only A-Z a-z 0-9 and ! " % & ' ( ) * + , - . / : ; < = > ? _`,
      );
    }
  }
  if (text.length > MAX_KEY_TEXT_LENGTH) {
    throw new Gs1Error("text", `${name} ${show(text)} has ${text.length} characters; GS1 allows at most 20`);
  }
}

/** Whether `text` is a valid lot (10), serial (21) or CPV (22): see {@link checkKeyText}. */
export function isValidKeyText(ai: KeyTextAi, text: string): boolean {
  try {
    checkKeyText(ai, text);
    return true;
  } catch (error) {
    if (error instanceof Gs1Error) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// GS1 Digital Link
// ---------------------------------------------------------------------------------------------------------------------

/** GS1's canonical resolver domain. */
export const GS1_RESOLVER = "https://id.gs1.org";

/** The GS1 keys of a GTIN-based GS1 Digital Link. */
export interface DigitalLinkKeys {
  gtin: string;
  cpv?: string;
  lot?: string;
  serial?: string;
}

/**
 * Percent-encodes a lot, serial or CPV as GS1 Digital Link 1.2 asks: every character outside RFC 3986's unreserved set
 * (A-Z a-z 0-9 - . _ ~), e.g. "/" as %2F, "%" as %25, '"' as %22, "+" as %2B.
 */
export function encodeKeyText(text: string): string {
  let out = "";
  for (const c of text) {
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c;
    else for (const byte of encoder.encode(c)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function checkPathText(ai: KeyTextAi, text: string): void {
  checkKeyText(ai, text);
  if (text === "." || text === "..") {
    throw new Gs1Error(
      "digitalLink",
      `${AI_NAMES[ai]} ${show(text)} cannot appear in a URI path: browsers and URL parsers drop "." and ".." segments (even percent-encoded)`,
    );
  }
}

function checkBase(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(trimmed)) {
    throw new Gs1Error(
      "digitalLink",
      `a GS1 Digital Link base is an http(s) URI without query or fragment, such as ${GS1_RESOLVER}; not ${show(base)}`,
    );
  }
  return trimmed;
}

/**
 * The GS1 Digital Link URI of a GTIN, optionally qualified by CPV, lot and serial: `{base}/01/{gtin14}[/22/{cpv}]
 * [/10/{lot}][/21/{serial}]`, in GS1's qualifier order, each value percent-encoded ({@link encodeKeyText}). `base` may
 * carry a path (a custom resolver). Throws a {@link Gs1Error} on an invalid key.
 */
export function buildDigitalLink(keys: DigitalLinkKeys, base: string = GS1_RESOLVER): string {
  let uri = `${checkBase(base)}/01/${normalizeGtin(keys.gtin)}`;
  if (keys.cpv !== undefined) {
    checkPathText(22, keys.cpv);
    uri += `/22/${encodeKeyText(keys.cpv)}`;
  }
  if (keys.lot !== undefined) {
    checkPathText(10, keys.lot);
    uri += `/10/${encodeKeyText(keys.lot)}`;
  }
  if (keys.serial !== undefined) {
    checkPathText(21, keys.serial);
    uri += `/21/${encodeKeyText(keys.serial)}`;
  }
  return uri;
}

/** A parsed GTIN-based GS1 Digital Link. */
export interface ParsedDigitalLink {
  /** The GTIN-14. */
  gtin: string;
  cpv?: string;
  lot?: string;
  serial?: string;
  /** The query string's data attributes and extensions (as URLSearchParams reads them). */
  query: URLSearchParams;
  /** Whatever came before /01/: the domain (for a full URI) and any base path, or "" for a bare path. */
  base: string;
  /** The same keys under GS1's canonical domain https://id.gs1.org, without the query. */
  canonical: string;
}

const QUALIFIER_RANK: Record<string, { rank: number; ai: KeyTextAi; field: "cpv" | "lot" | "serial" }> = {
  "22": { rank: 0, ai: 22, field: "cpv" },
  "10": { rank: 1, ai: 10, field: "lot" },
  "21": { rank: 2, ai: 21, field: "serial" },
};
const SHORT_NAMES: Record<string, string> = { gtin: "01", cpv: "22", lot: "10", ser: "21" };

function decodeSegment(segment: string, what: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Gs1Error(
      "digitalLink",
      `the ${what} ${show(segment)} is not valid percent-encoding (a "%" must be followed by two hex digits of UTF-8)`,
    );
  }
}

/**
 * Parses a GTIN-based GS1 Digital Link, given as a full http(s) URI or as a path (with or without a base path before
 * /01/). Each path segment is split from the raw (still encoded) path and decoded once, so "%2F" in a lot stays a "/"
 * in its value, "%25" becomes "%" and "+" stays "+". Accepts a GTIN of any valid length and returns its GTIN-14.
 * Throws a {@link Gs1Error} for a bad GTIN, an unknown or repeated AI, qualifiers out of GS1's order (22, 10, 21), or a
 * value outside GS1's 82-character set (non-ASCII included).
 */
export function parseDigitalLink(uriOrPath: string): ParsedDigitalLink {
  let rest = uriOrPath.trim();
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  let origin = "";
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (scheme !== null) {
    const authority = /^https?:\/\/([^/?#]+)/i.exec(rest);
    if (authority === null) {
      throw new Gs1Error("digitalLink", `a GS1 Digital Link is an http(s) URI or a path; not ${show(uriOrPath)}`);
    }
    origin = authority[0];
    rest = rest.slice(origin.length);
  }
  const q = rest.indexOf("?");
  const query = new URLSearchParams(q >= 0 ? rest.slice(q + 1) : "");
  let path = q >= 0 ? rest.slice(0, q) : rest;
  if (!path.startsWith("/")) path = `/${path}`;
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  const segments = path.slice(1).split("/");

  const at = segments.indexOf("01");
  if (at < 0) {
    const short = segments.indexOf("gtin");
    throw new Gs1Error(
      "digitalLink",
      short >= 0
        ? `write the GTIN as /01/{gtin}: GS1 Digital Link 1.2 uses numeric AIs, not "gtin"`
        : `${show(uriOrPath)} has no /01/{gtin} segment: only GTIN-based GS1 Digital Links are supported`,
    );
  }
  const prefixSegments = segments.slice(0, at);
  if (prefixSegments.some((s) => s === "")) {
    throw new Gs1Error("digitalLink", `${show(uriOrPath)} has an empty path segment ("//") before /01/`);
  }
  const base = origin + (prefixSegments.length > 0 ? `/${prefixSegments.join("/")}` : "");
  const rawGtin = segments[at + 1];
  if (rawGtin === undefined || rawGtin === "") {
    throw new Gs1Error("digitalLink", `${show(uriOrPath)} ends after /01/: the GTIN is missing`);
  }
  const parsed: ParsedDigitalLink = { gtin: normalizeGtin(decodeSegment(rawGtin, "GTIN")), query, base, canonical: "" };

  let lastRank = -1;
  let lastAi = "01";
  const qualifiers = segments.slice(at + 2);
  for (let i = 0; i < qualifiers.length; i += 2) {
    const ai = qualifiers[i]!;
    const value = qualifiers[i + 1];
    const spec = QUALIFIER_RANK[ai];
    if (spec === undefined) {
      const short = SHORT_NAMES[ai];
      throw new Gs1Error(
        "digitalLink",
        short !== undefined
          ? `write /${short}/ instead of /${ai}/: GS1 Digital Link 1.2 uses numeric AIs`
          : ai === ""
            ? `${show(uriOrPath)} has an empty path segment ("//")`
            : `AI ${show(ai)} cannot qualify a GTIN in a GS1 Digital Link path; only 22 (CPV), 10 (lot) and 21 (serial) can`,
      );
    }
    if (value === undefined || value === "") {
      throw new Gs1Error("digitalLink", `AI ${ai} (${AI_NAMES[spec.ai]}) has no value`);
    }
    if (spec.rank === lastRank) throw new Gs1Error("digitalLink", `AI ${ai} (${AI_NAMES[spec.ai]}) appears twice`);
    if (spec.rank < lastRank) {
      throw new Gs1Error(
        "digitalLink",
        `AI ${ai} (${AI_NAMES[spec.ai]}) comes after AI ${lastAi}; GS1 Digital Link orders the qualifiers 22 (CPV), 10 (lot), 21 (serial)`,
      );
    }
    const text = decodeSegment(value, AI_NAMES[spec.ai]);
    checkKeyText(spec.ai, text);
    parsed[spec.field] = text;
    lastRank = spec.rank;
    lastAi = ai;
  }
  const keys: DigitalLinkKeys = { gtin: parsed.gtin };
  if (parsed.cpv !== undefined) keys.cpv = parsed.cpv;
  if (parsed.lot !== undefined) keys.lot = parsed.lot;
  if (parsed.serial !== undefined) keys.serial = parsed.serial;
  parsed.canonical = buildDigitalLink(keys);
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------------------
// Ids (contracts/Products.sol)
// ---------------------------------------------------------------------------------------------------------------------

/** The namespace of brand registrations (those of a company accredited for the GTIN's GS1 Company Prefix). */
export const BRAND_NAMESPACE: Address = zeroAddress;

function checkBytes32(value: string, what: string): asserts value is Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || size(value) !== 32) {
    throw new TypeError(`${what} must be a 0x-prefixed 32-byte hex string, not ${show(String(value))}`);
  }
}

/**
 * The id of the registration of GTIN `gtin` in `namespace` (`Products.productIdOf`): keccak256(abi.encode(address
 * namespace, uint256 gtin14)). A null or zero namespace is the brand namespace; any other is the registrant's own
 * (self-declared registrations).
 */
export function productId(namespace: Address | string | null, gtin: GtinInput): Hex {
  const ns = namespace ?? BRAND_NAMESPACE;
  if (!isAddress(ns, { strict: false })) throw new TypeError(`namespace ${show(String(ns))} is not an address`);
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [ns, gtinValue(gtin)]));
}

function subjectId(product: string, ai: 10 | 21, text: string): Hex {
  checkBytes32(product, "a product id");
  checkKeyText(ai, text);
  return keccak256(
    encodeAbiParameters([{ type: "bytes32" }, { type: "uint8" }, { type: "string" }], [product, ai, text]),
  );
}

/** The id of batch (lot) `lot` of product `product` (`Products.batchIdOf`): keccak256(abi.encode(product, 10, lot)). */
export function batchId(product: string, lot: string): Hex {
  return subjectId(product, 10, lot);
}

/** The id of item `serial` of product `product` (`Products.itemIdOf`): keccak256(abi.encode(product, 21, serial)). */
export function itemId(product: string, serial: string): Hex {
  return subjectId(product, 21, serial);
}
