/**
 * Claim documents and claims (contracts/interfaces/IClaims.sol).
 *
 * A claim document is a JSON object: the topic, the subject (a product, batch, item or company), the issuer, the
 * topic's values (`claim`, checked against the topic's JSON Schema), the validity window and a random 256-bit salt. Its
 * hash is SHA-256 over its RFC 8785 (JCS) canonical form, as UTF-8; the claim on chain carries that hash, the
 * document's URI, the topic id, the subject's ids and the constellation whose verifiers judge it, and its id is the
 * EIP-712 struct hash of those fields.
 *
 * The salt makes the hash hiding: without it, anyone could confirm a guessed document (a footprint figure, an audit
 * rating) against the hash on chain. So the salt stays with the document, in the issuer's vault, and goes only to
 * those the issuer lets read the document; a document that loses its salt can no longer be matched with its claim.
 *
 * Batches anchor many claims as one Merkle root (OpenZeppelin StandardMerkleTree over the claim ids, leaf encoding
 * ["bytes32"]), listed in a manifest (JSON, hashed like documents).
 *
 * Runs unchanged in Node and in the browser.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import canonicalize from "canonicalize";
import {
  bytesToHex,
  encodeAbiParameters,
  hexToBytes,
  isHex,
  keccak256,
  pad,
  sha256,
  size,
  stringToBytes,
  zeroHash,
} from "viem";
import type { Address, Hex } from "viem";

import {
  BRAND_NAMESPACE,
  Gs1Error,
  batchId,
  buildDigitalLink,
  checkKeyText,
  itemId,
  normalizeGtin,
  productId,
} from "./gs1.ts";
import type { GtinInput } from "./gs1.ts";
import {
  CLAIM_DOCUMENT_SCHEMA,
  findTopic,
  getTopic,
  keyFigures,
  validateJsonSchema,
  validateTopicValues,
} from "./topics.ts";
import type { JsonValue, KeyFigureValue, SchemaIssue, SubjectKind, Topic } from "./topics.ts";
import { checkAddress, checkBytes32, checkClaim, checkUint, checkUri, claimId } from "./typed-data.ts";
import type { Claim, UintInput } from "./typed-data.ts";

/** The `type` of a claim document. */
export const CLAIM_DOCUMENT_TYPE = "ConstellateClaim";

/** The subject of a claim document, as the document writes it. */
export interface ClaimSubject {
  kind: SubjectKind;
  /** GTIN-14 (product, batch, item). */
  gtin?: string;
  /** The registrant of a self-declared registration (`Products.productIdOf(namespace, gtin)`); absent: the brand's. */
  namespace?: Address;
  /** Batch: the lot. Item: optional, for readers (the item id does not depend on it). */
  lot?: string;
  /** Item: the serial. */
  serial?: string;
  /** Company: the company's address, which must be the issuer's. */
  company?: Address;
}

/** A claim document. Its hash ({@link claimDocumentHash}) is the claim's `documentHash`. */
export interface ClaimDocument {
  "@context"?: string | string[];
  type: typeof CLAIM_DOCUMENT_TYPE;
  /** The topic's full name, "constellate.topic.<name>.v<major>". */
  topic: string;
  /** The version of the topic's schema the values follow (major.minor.patch). */
  version: string;
  subject: ClaimSubject;
  /** Checksummed address of the issuing company. */
  issuer: Address;
  /** The topic's values. */
  claim: { [key: string]: JsonValue };
  /** RFC 3339, UTC, whole seconds ("2025-03-01T00:00:00Z"); so are validFrom and validUntil. */
  issuedAt: string;
  validFrom: string;
  /** Exclusive; absent means no end. */
  validUntil?: string;
  /** 32 random bytes, lower-case 0x-hex. Keep it with the document. */
  salt: Hex;
}

/** A time: a Date, an RFC 3339 date-time or full date string, or Unix seconds (number or bigint). */
export type TimeInput = Date | string | number | bigint;

/** A subject as {@link buildClaimDocument} takes it. */
export interface ClaimSubjectInput {
  kind: SubjectKind;
  gtin?: GtinInput;
  /** Null, absent or the zero address: the brand's registration. */
  namespace?: string | null;
  lot?: string;
  serial?: string;
  company?: string;
}

/** What {@link buildClaimDocument} takes. */
export interface ClaimDocumentInput {
  /** A topic, or its name, full name or id. */
  topic: Topic | string;
  subject: ClaimSubjectInput;
  /** The issuing company's address. */
  issuer: string;
  /** The topic's values (JSON: no bigints, Dates or functions; decimals the topic wants as strings as strings). */
  values: Record<string, unknown>;
  /** Default: now. */
  issuedAt?: TimeInput;
  validFrom: TimeInput;
  /** Absent or null: no end. */
  validUntil?: TimeInput | null;
  /** 32 bytes as 0x-hex; default: random (WebCrypto). Give one only to rebuild a document exactly. */
  salt?: string;
  "@context"?: string | string[];
  /** The topic schema version the values follow; default the topic's current one. */
  version?: string;
}

/** A claim document (or its input) that breaks its topic's schema or the rules of claims; `issues` lists each. */
export class ClaimDocumentError extends Error {
  readonly issues: SchemaIssue[];

  constructor(issues: SchemaIssue[], what = "claim document") {
    super(
      `invalid ${what}:\n${issues.map((i) => `- ${i.message}${i.path === "" || i.message.includes(i.path) ? "" : ` (${i.path})`}`).join("\n")}`,
    );
    this.name = "ClaimDocumentError";
    this.issues = issues;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Values, times, salts
// ---------------------------------------------------------------------------------------------------------------------

function show(value: unknown): string {
  return typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
}

/** A deep copy of `value` as plain JSON; throws a TypeError at the first thing JSON cannot carry exactly. */
function toJson(value: unknown, path: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a JSON number`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (typeof value === "bigint") {
    throw new TypeError(`${path}: ${value}n is a bigint; write it as a number or a decimal string as the topic asks`);
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new TypeError(`${path}/${i} is undefined`);
      return toJson(item, `${path}/${i}`);
    });
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toJson(v, `${path}/${key}`);
    return out;
  }
  if (value instanceof Date) throw new TypeError(`${path} is a Date; write it as an RFC 3339 string`);
  throw new TypeError(`${path}: ${typeof value} is not JSON`);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}([Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/;
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

/**
 * `time` as a claim document writes it: RFC 3339 in UTC, whole seconds ("2025-03-01T00:00:00Z"); fractions of a second
 * are dropped. A number or bigint is Unix seconds; a string is an RFC 3339 date-time or full date (midnight UTC).
 */
export function documentTime(time: TimeInput, what = "time"): string {
  let seconds: number;
  if (time instanceof Date) seconds = Math.floor(time.getTime() / 1000);
  else if (typeof time === "bigint") seconds = Number(time);
  else if (typeof time === "number") seconds = Math.floor(time);
  else if (typeof time === "string" && RFC3339.test(time)) {
    seconds = Math.floor(Date.parse(time.length === 10 ? `${time}T00:00:00Z` : time.toUpperCase()) / 1000);
  } else throw new TypeError(`${what} must be a Date, Unix seconds or an RFC 3339 string, not ${show(time)}`);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
    throw new RangeError(`${what} ${show(time)} is not a time from 1970 to 9999`);
  }
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** A document time as Unix seconds, as the contract takes it. */
export function documentSeconds(time: string): bigint {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new TypeError(`${show(time)} is not a time`);
  return BigInt(Math.floor(ms / 1000));
}

/** A fresh random salt: 32 bytes from WebCrypto, lower-case 0x-hex. */
export function newClaimSalt(): Hex {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

// ---------------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------------

function subjectOf(input: ClaimSubjectInput): ClaimSubject {
  const subject: ClaimSubject = { kind: input.kind };
  if (input.gtin !== undefined) {
    subject.gtin = normalizeGtin(typeof input.gtin === "bigint" ? input.gtin.toString().padStart(14, "0") : input.gtin);
  }
  if (input.namespace !== undefined && input.namespace !== null) {
    const ns = checkAddress(input.namespace, "subject.namespace");
    if (ns !== BRAND_NAMESPACE) subject.namespace = ns;
  }
  if (input.lot !== undefined) subject.lot = input.lot;
  if (input.serial !== undefined) subject.serial = input.serial;
  if (input.company !== undefined) subject.company = checkAddress(input.company, "subject.company");
  return subject;
}

/**
 * Builds a claim document and checks it ({@link validateClaimDocument}); throws a {@link ClaimDocumentError} listing
 * every issue. The salt is random unless given.
 */
export function buildClaimDocument(input: ClaimDocumentInput): ClaimDocument {
  const topic = typeof input.topic === "string" ? getTopic(input.topic) : input.topic;
  const doc: ClaimDocument = {
    type: CLAIM_DOCUMENT_TYPE,
    topic: topic.key,
    version: input.version ?? topic.schemaVersion,
    subject: subjectOf(input.subject),
    issuer: checkAddress(input.issuer, "issuer"),
    claim: toJson(input.values, "values") as { [key: string]: JsonValue },
    issuedAt: documentTime(input.issuedAt ?? new Date(), "issuedAt"),
    validFrom: documentTime(input.validFrom, "validFrom"),
    salt: input.salt === undefined ? newClaimSalt() : checkBytes32(input.salt, "salt"),
  };
  if (input["@context"] !== undefined) {
    doc["@context"] = toJson(input["@context"], "@context") as string | string[];
  }
  if (input.validUntil !== undefined && input.validUntil !== null) {
    doc.validUntil = documentTime(input.validUntil, "validUntil");
  }
  const issues = validateClaimDocument(doc);
  if (issues.length > 0) throw new ClaimDocumentError(issues);
  return doc;
}

function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * Every issue with claim document `doc`, empty if none: its envelope (schema claim-document.v1), its subject (GTIN,
 * lot and serial as the Products contract checks them; a company claim's subject is its issuer), its window, its
 * topic (published, of a schema version this sdk knows, for a subject of a kind the topic allows) and its values
 * (the topic's schema and rules).
 */
export function validateClaimDocument(doc: unknown): SchemaIssue[] {
  const issues = validateJsonSchema(CLAIM_DOCUMENT_SCHEMA, doc);
  if (issues.length > 0) return issues;
  const d = doc as ClaimDocument;
  const s = d.subject;
  const guard = (path: string, check: () => void): void => {
    try {
      check();
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      issues.push({ path, message: error.message });
    }
  };
  if (s.gtin !== undefined) guard("/subject/gtin", () => normalizeGtin(s.gtin!));
  if (s.lot !== undefined) guard("/subject/lot", () => checkKeyText(10, s.lot!));
  if (s.serial !== undefined) guard("/subject/serial", () => checkKeyText(21, s.serial!));
  if (s.namespace !== undefined && BigInt(s.namespace) === 0n) {
    issues.push({ path: "/subject/namespace", message: "leave out the namespace of a brand registration" });
  }
  if (s.company !== undefined && s.company.toLowerCase() !== d.issuer.toLowerCase()) {
    issues.push({ path: "/subject/company", message: "a company claims only about itself: the company is the issuer" });
  }
  if (d.validUntil !== undefined && Date.parse(d.validUntil) <= Date.parse(d.validFrom)) {
    issues.push({ path: "/validUntil", message: "validUntil must be after validFrom" });
  }
  const topic = findTopic(d.topic);
  if (topic === undefined) {
    issues.push({ path: "/topic", message: `${d.topic} is not a published topic` });
    return issues;
  }
  if (Number(d.version.split(".")[0]) !== topic.version) {
    issues.push({ path: "/version", message: `a ${topic.key} document follows schema ${topic.version}.x.x` });
  } else if (compareVersions(d.version, topic.schemaVersion) > 0) {
    issues.push({
      path: "/version",
      message: `schema ${d.version} is newer than ${topic.schemaVersion}, the latest this sdk knows; update the sdk`,
    });
  }
  if (!topic.subjectKinds.includes(s.kind)) {
    issues.push({
      path: "/subject/kind",
      message: `a ${topic.name} claim is about a ${topic.subjectKinds.join(", ")}, not a ${s.kind}`,
    });
  }
  const context = {
    issuedAt: d.issuedAt,
    validFrom: d.validFrom,
    ...(d.validUntil === undefined ? {} : { validUntil: d.validUntil }),
  };
  issues.push(...validateTopicValues(topic, d.claim, context));
  return issues;
}

/** Throws a {@link ClaimDocumentError} if `doc` is not a valid claim document; returns it typed. */
export function assertClaimDocument(doc: unknown): ClaimDocument {
  const issues = validateClaimDocument(doc);
  if (issues.length > 0) throw new ClaimDocumentError(issues);
  return doc as ClaimDocument;
}

/**
 * The RFC 8785 (JSON Canonicalization Scheme) form of `doc`: keys sorted by UTF-16 code units, no whitespace, numbers
 * as ECMAScript prints them, strings with JSON's minimal escapes. Works on any JSON value.
 */
export function canonicalClaimDocument(doc: unknown): string {
  const text = canonicalize(doc);
  if (text === undefined) throw new TypeError("a claim document is a JSON object");
  return text;
}

/** SHA-256 of the UTF-8 of the canonical form of `doc` ({@link canonicalClaimDocument}): the claim's documentHash. */
export function claimDocumentHash(doc: unknown): Hex {
  return sha256(stringToBytes(canonicalClaimDocument(doc)));
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The Subresource Integrity form of a 32-byte SHA-256 hash: "sha256-" and the hash in base64. */
export function sha256ToSri(hash: string): string {
  return `sha256-${base64(hexToBytes(checkBytes32(hash, "a SHA-256 hash")))}`;
}

/** `doc`'s hash as Subresource Integrity ("sha256-<base64>"), as W3C VC 2.0 `digestSRI` and HTTP fetch() take it. */
export function claimDocumentDigestSRI(doc: unknown): string {
  return sha256ToSri(claimDocumentHash(doc));
}

/** The on-chain ids of a document's subject: the product (zero for a company) and the subject itself. */
export function claimSubjectIds(subject: ClaimSubject): { product: Hex; subject: Hex } {
  if (subject.kind === "company") {
    if (subject.company === undefined) throw new TypeError("a company subject names the company");
    // The company's address as bytes32: bytes32(uint256(uint160(company))).
    return {
      product: zeroHash,
      subject: pad(checkAddress(subject.company, "subject.company"), { size: 32 }).toLowerCase() as Hex,
    };
  }
  if (subject.gtin === undefined) throw new TypeError(`a ${subject.kind} subject names its GTIN`);
  const product = productId(subject.namespace ?? null, subject.gtin);
  if (subject.kind === "product") return { product, subject: product };
  if (subject.kind === "batch") {
    if (subject.lot === undefined) throw new Gs1Error("text", "a batch subject names its lot");
    return { product, subject: batchId(product, subject.lot) };
  }
  if (subject.serial === undefined) throw new Gs1Error("text", "an item subject names its serial");
  return { product, subject: itemId(product, subject.serial) };
}

/** Where a claim's document is published and which constellation's verifiers judge it: what a claim adds to its document. */
export interface ClaimPlacement {
  /** Where the vault serves the document (at most 512 bytes of UTF-8). */
  documentURI: string;
  /**
   * The constellation whose verifiers may judge the claim: the product's (`Products`' record of it), or for a company
   * claim one the issuer belongs to. The contract checks it at issue.
   */
  constellation: UintInput;
}

/**
 * The claim to issue for document `doc` (checked first; throws a {@link ClaimDocumentError}), published at
 * `documentURI`, for the verifiers of `constellation`: issuer, product and subject ids, constellation, topic id,
 * document hash, URI and window in seconds.
 */
export function claimFromDocument(doc: ClaimDocument, placement: ClaimPlacement): Claim {
  assertClaimDocument(doc);
  const topic = getTopic(doc.topic);
  const ids = claimSubjectIds(doc.subject);
  return {
    issuer: checkAddress(doc.issuer, "issuer"),
    product: ids.product,
    subject: ids.subject,
    constellation: checkUint(placement.constellation, 64, "constellation"),
    topic: topic.id,
    documentHash: claimDocumentHash(doc),
    documentURI: checkUri(placement.documentURI),
    validFrom: documentSeconds(doc.validFrom),
    validUntil: doc.validUntil === undefined ? 0n : documentSeconds(doc.validUntil),
  };
}

/**
 * Whether `claim` is the claim of `doc`: same issuer, subject, topic, window, and `claim.documentHash` is the
 * document's hash (the URI and constellation are the claim's own). The check a reader makes after fetching a document
 * from `claim.documentURI`.
 */
export function documentMatchesClaim(doc: ClaimDocument, claim: Claim): boolean {
  try {
    return claimId(claimFromDocument(doc, claim)) === claimId(claim);
  } catch (error) {
    if (error instanceof ClaimDocumentError) return false;
    throw error;
  }
}

/** The key figures of a claim document's values, for pages ({@link Topic.keyFigures}). */
export function claimKeyFigures(doc: ClaimDocument): KeyFigureValue[] {
  return keyFigures(getTopic(doc.topic), doc.claim);
}

// ---------------------------------------------------------------------------------------------------------------------
// W3C Verifiable Credential, PACT
// ---------------------------------------------------------------------------------------------------------------------

/** The base context of W3C Verifiable Credentials Data Model 2.0. */
export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";

/** did:pkh of an account on an EVM chain (CAIP-10): "did:pkh:eip155:<chainId>:<address>". */
export function didPkh(chainId: UintInput, address: string): string {
  return `did:pkh:eip155:${checkUint(chainId, 256, "chainId")}:${checkAddress(address, "the account")}`;
}

function subjectUri(subject: ClaimSubject, chainId: bigint): string {
  if (subject.kind === "company") return didPkh(chainId, subject.company!);
  const keys: { gtin: string; lot?: string; serial?: string } = { gtin: subject.gtin! };
  if (subject.kind !== "product" && subject.lot !== undefined) keys.lot = subject.lot;
  if (subject.kind === "item") keys.serial = subject.serial!;
  return buildDigitalLink(keys);
}

/**
 * Document `doc` and its claim `claim` (issued on the Claims contract `contract` of chain `chainId`) as a W3C
 * Verifiable Credential 2.0, unsecured (no `proof`): the chain is the proof. The issuer is the company's did:pkh; the
 * subject its GS1 Digital Link URI (a company: its did:pkh); `relatedResource` and `evidence` point at the document
 * (with its SHA-256 as `digestSRI`) and at the claim on chain. The salt is left out: a holder checks the credential
 * against the chain by fetching the document. Throws if `claim` is not `doc`'s claim.
 */
export function toVerifiableCredential(
  doc: ClaimDocument,
  claim: Claim,
  chainId: UintInput,
  contract: string,
): Record<string, unknown> {
  const checked = checkClaim(claim);
  if (!documentMatchesClaim(doc, checked)) {
    throw new RangeError("the claim is not the claim of this document (issuer, subject, topic, window or hash differ)");
  }
  const chain = checkUint(chainId, 256, "chainId");
  const address = checkAddress(contract, "the Claims contract");
  const topic = getTopic(doc.topic);
  const id = claimId(checked);
  const digestSRI = sha256ToSri(checked.documentHash);
  const credentialSubject: Record<string, unknown> = {
    id: subjectUri(doc.subject, chain),
    subjectKind: doc.subject.kind,
    topic: doc.topic,
    claim: doc.claim,
  };
  if (doc.subject.namespace !== undefined) credentialSubject.registrant = didPkh(chain, doc.subject.namespace);
  const vc: Record<string, unknown> = {
    "@context": [VC_V2_CONTEXT],
    id: `urn:constellate:claim:eip155:${chain}:${address}:${id}`,
    type: ["VerifiableCredential", "ConstellateClaimCredential"],
    name: topic.title,
    description: topic.describe(doc.claim),
    issuer: didPkh(chain, doc.issuer),
    validFrom: doc.validFrom,
  };
  if (doc.validUntil !== undefined) vc.validUntil = doc.validUntil;
  vc.credentialSubject = credentialSubject;
  if (checked.documentURI !== "") {
    vc.relatedResource = [{ id: checked.documentURI, mediaType: "application/json", digestSRI }];
  }
  vc.evidence = [
    {
      type: ["ConstellateOnChainClaim"],
      chain: `eip155:${chain}`,
      contract: address,
      claimId: id,
      constellation: checked.constellation.toString(),
      topic: checked.topic,
      product: checked.product,
      subject: checked.subject,
      documentHash: checked.documentHash,
      digestSRI,
      ...(checked.documentURI === "" ? {} : { documentURI: checked.documentURI }),
    },
  ];
  return vc;
}

/** The PACT Technical Specifications version {@link toPactProductFootprint} writes. */
export const PACT_SPEC_VERSION = "3.0.0";

/** A UUID (version 4 layout) taken from the first 16 bytes of a hash: random, since the document is salted. */
function uuidFromHash(hash: Hex): string {
  const b = hexToBytes(hash).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = bytesToHex(b).slice(2);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A product-carbon-footprint claim document as a PACT v3 ProductFootprint: the document's values, with `id` (a UUID
 * derived from the document hash, unless given), `specVersion` "3.0.0", `created` (issuedAt), `status` "Active" and
 * the validity period (validFrom, validUntil).
 */
export function toPactProductFootprint(doc: ClaimDocument, options: { id?: string } = {}): Record<string, unknown> {
  assertClaimDocument(doc);
  const topic = getTopic(doc.topic);
  if (topic.name !== "product-carbon-footprint") {
    throw new RangeError(`a PACT ProductFootprint is made from a product-carbon-footprint claim, not ${doc.topic}`);
  }
  const v = doc.claim;
  const pf: Record<string, unknown> = {
    id: options.id ?? uuidFromHash(claimDocumentHash(doc)),
    specVersion: PACT_SPEC_VERSION,
    created: doc.issuedAt,
    status: "Active",
    validityPeriodStart: doc.validFrom,
  };
  if (doc.validUntil !== undefined) pf.validityPeriodEnd = doc.validUntil;
  for (const key of [
    "companyName",
    "companyIds",
    "productDescription",
    "productIds",
    "productClassifications",
    "productCategoryCpc",
    "productNameCompany",
    "comment",
    "pcf",
    "extensions",
  ]) {
    if (v[key] !== undefined) pf[key] = structuredClone(v[key]);
  }
  return pf;
}

// ---------------------------------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------------------------------

/** The leaf encoding of a claim batch (OpenZeppelin StandardMerkleTree). */
export const CLAIM_LEAF_ENCODING = ["bytes32"] as const;

/** The `type` of a batch manifest. */
export const CLAIM_MANIFEST_TYPE = "ConstellateClaimBatch";

/** A claim as a manifest lists it: its id and fields, integers as decimal strings. */
export interface ClaimManifestEntry {
  id: Hex;
  issuer: Address;
  product: Hex;
  subject: Hex;
  constellation: string;
  topic: Hex;
  documentHash: Hex;
  documentURI: string;
  validFrom: string;
  validUntil: string;
}

/** The manifest of a batch: every claim under the root, for indexers, pages and verifiers. */
export interface ClaimManifest {
  type: typeof CLAIM_MANIFEST_TYPE;
  version: 1;
  issuer: Address;
  /** The topic id; `topicName` is its full name when the topic is published. */
  topic: Hex;
  topicName?: string;
  /** The constellation id (uint64) as a decimal string. */
  constellation: string;
  root: Hex;
  count: number;
  leafEncoding: ["bytes32"];
  claims: ClaimManifestEntry[];
}

/** A batch of claims, ready for `issueBatch(root, count, topic, constellation, manifestHash, manifestURI)`. */
export interface ClaimBatch {
  root: Hex;
  count: number;
  topic: Hex;
  constellation: bigint;
  tree: StandardMerkleTree<[Hex]>;
  manifest: ClaimManifest;
  /** SHA-256 of the manifest's RFC 8785 form ({@link claimManifestHash}). */
  manifestHash: Hex;
  claims: Claim[];
  has(id: string): boolean;
  /** The proof of claim `id`; throws a RangeError if the batch does not hold it. */
  proofFor(id: string): Hex[];
}

const MAX_BATCH = 2 ** 32 - 1;

/**
 * Builds the batch of `claims` (one issuer, one topic, one constellation, distinct ids, at least one): the Merkle root
 * over their ids, the manifest and its hash, and proofs. `options.constellation`, if given, must be the claims'.
 */
export function buildClaimBatch(claims: readonly Claim[], options: { constellation?: UintInput } = {}): ClaimBatch {
  if (claims.length === 0) throw new RangeError("a batch holds at least one claim");
  if (claims.length > MAX_BATCH) throw new RangeError(`a batch holds at most ${MAX_BATCH} claims`);
  const checked = claims.map(checkClaim);
  const first = checked[0]!;
  const constellation =
    options.constellation === undefined ? first.constellation : checkUint(options.constellation, 64, "constellation");
  const index = new Map<Hex, number>();
  const ids = checked.map((claim, i) => {
    if (claim.issuer !== first.issuer) {
      throw new RangeError(`claim #${i + 1} is issued by ${claim.issuer}; a batch has one issuer (${first.issuer})`);
    }
    if (claim.topic !== first.topic) {
      throw new RangeError(`claim #${i + 1} is of topic ${claim.topic}; a batch has one topic (${first.topic})`);
    }
    if (claim.constellation !== constellation) {
      throw new RangeError(
        `claim #${i + 1} names constellation ${claim.constellation}; the batch's claims name its constellation (${constellation})`,
      );
    }
    const id = claimId(claim);
    const seen = index.get(id);
    if (seen !== undefined) throw new RangeError(`claims #${seen + 1} and #${i + 1} are the same claim (${id})`);
    index.set(id, i);
    return id;
  });
  const tree = StandardMerkleTree.of<[Hex]>(
    ids.map((id) => [id]),
    [...CLAIM_LEAF_ENCODING],
  );
  const root = tree.root as Hex;
  const topicName = findTopic(first.topic)?.key;
  const manifest: ClaimManifest = {
    type: CLAIM_MANIFEST_TYPE,
    version: 1,
    issuer: first.issuer,
    topic: first.topic,
    ...(topicName === undefined ? {} : { topicName }),
    constellation: constellation.toString(),
    root,
    count: ids.length,
    leafEncoding: ["bytes32"],
    claims: checked.map((c, i) => ({
      id: ids[i]!,
      issuer: c.issuer,
      product: c.product,
      subject: c.subject,
      constellation: c.constellation.toString(),
      topic: c.topic,
      documentHash: c.documentHash,
      documentURI: c.documentURI,
      validFrom: c.validFrom.toString(),
      validUntil: c.validUntil.toString(),
    })),
  };
  return {
    root,
    count: ids.length,
    topic: first.topic,
    constellation,
    tree,
    manifest,
    manifestHash: claimManifestHash(manifest),
    claims: checked,
    has: (id) => isHex(id) && index.has(id.toLowerCase() as Hex),
    proofFor(id) {
      const i = isHex(id) ? index.get(id.toLowerCase() as Hex) : undefined;
      if (i === undefined) throw new RangeError(`claim ${id} is not in the batch`);
      return tree.getProof(i) as Hex[];
    },
  };
}

/** SHA-256 of the UTF-8 of a manifest's RFC 8785 form: the batch's `manifestHash`. */
export function claimManifestHash(manifest: ClaimManifest): Hex {
  return claimDocumentHash(manifest);
}

/** The claims a manifest lists, as the contract takes them. */
export function claimsFromManifest(manifest: ClaimManifest): Claim[] {
  return manifest.claims.map((e) =>
    checkClaim({
      issuer: e.issuer,
      product: e.product,
      subject: e.subject,
      constellation: BigInt(e.constellation),
      topic: e.topic,
      documentHash: e.documentHash,
      documentURI: e.documentURI,
      validFrom: BigInt(e.validFrom),
      validUntil: BigInt(e.validUntil),
    }),
  );
}

/**
 * Rebuilds the batch a manifest lists and checks it: every entry's id is its claim's id, the count and root are the
 * claims'. Throws a RangeError at the first mismatch. (Compare the result's root and `manifestHash` with the
 * `BatchIssued` event.)
 */
export function verifyClaimManifest(manifest: ClaimManifest): ClaimBatch {
  if (manifest.type !== CLAIM_MANIFEST_TYPE || manifest.version !== 1) {
    throw new RangeError(`not a version 1 ${CLAIM_MANIFEST_TYPE} manifest`);
  }
  const claims = claimsFromManifest(manifest);
  claims.forEach((claim, i) => {
    const id = claimId(claim);
    if (id !== manifest.claims[i]!.id.toLowerCase()) {
      throw new RangeError(`entry #${i + 1}: id ${manifest.claims[i]!.id} is not its claim's id (${id})`);
    }
  });
  const batch = buildClaimBatch(claims, { constellation: BigInt(manifest.constellation) });
  if (batch.count !== manifest.count)
    throw new RangeError(`the manifest counts ${manifest.count} claims; it lists ${batch.count}`);
  if (batch.root !== manifest.root.toLowerCase()) {
    throw new RangeError(`the manifest's root ${manifest.root} is not its claims' root ${batch.root}`);
  }
  if (batch.manifest.issuer !== manifest.issuer || batch.topic !== manifest.topic.toLowerCase()) {
    throw new RangeError("the manifest's issuer or topic is not its claims'");
  }
  return batch;
}

/** The leaf of claim `id` in a batch: keccak256(keccak256(abi.encode(id))) (OpenZeppelin StandardMerkleTree). */
export function claimLeafHash(id: string): Hex {
  return keccak256(keccak256(encodeAbiParameters([{ type: "bytes32" }], [checkBytes32(id, "a claim id")])));
}

/**
 * Whether `proof` proves claim `id` under batch root `root` (OpenZeppelin MerkleProof: sorted-pair keccak256), as the
 * contract's `batchValidity` checks it (which also checks the batch exists and is not revoked).
 */
export function verifyClaimProof(root: string, id: string, proof: readonly string[]): boolean {
  const r = checkBytes32(root, "a root");
  let node = claimLeafHash(id);
  for (const sibling of proof) {
    if (typeof sibling !== "string" || !isHex(sibling, { strict: true }) || size(sibling) !== 32) return false;
    const s = sibling.toLowerCase() as Hex;
    const [a, b] = BigInt(node) < BigInt(s) ? [node, s] : [s, node];
    node = keccak256(`0x${a.slice(2)}${b.slice(2)}`);
  }
  return node === r;
}
