/**
 * EIP-712 typed data of the signed operations of the Claims and Access contracts (`issueBySig`, `attestBySig`,
 * `issueBatchBySig`, `grantBlindedBySig`, `grantAccessBySig`), the Claim struct and its id, and unordered nonces (ISignedOperations).
 *
 * Each builder returns `{ domain, types, primaryType, message }`:
 * - viem: `walletClient.signTypedData({ account, ...typedData })`, `hashTypedData(typedData)`;
 * - ethers v6: `signer.signTypedData(typedData.domain, typedData.types, typedData.message)` (the types never include
 *   `EIP712Domain`, which ethers refuses; see also {@link toEthersTypedData});
 * - a wallet's `eth_signTypedData_v4` JSON-RPC: {@link toSignTypedDataV4} (adds `EIP712Domain`, bigints as strings).
 *
 * Runs unchanged in Node and in the browser.
 */
import { bytesToBigInt, getAddress, hashStruct, hashTypedData, isAddress, isHex, size } from "viem";
import type { Address, Hex } from "viem";

import { checkGrant } from "./access.ts";
import type { Grant, GrantInput } from "./access.ts";

/** The EIP-712 domain name of the Claims contract. */
export const CLAIMS_DOMAIN_NAME = "Constellate Claims";
/** The EIP-712 domain name of the Access contract. */
export const ACCESS_DOMAIN_NAME = "Constellate Access";
/** The EIP-712 domain version of both. */
export const DOMAIN_VERSION = "1";

/** An EIP-712 domain of a Constellate contract: name, version, chain and contract. */
export interface ConstellateDomain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: Address;
}

/** A claim as the Claims contract takes it (`IClaims.Claim`). Its id is {@link claimId}. */
export interface Claim {
  issuer: Address;
  /** The product; zero for a claim a company makes about itself. */
  product: Hex;
  /** The product, one of its batches or items, or (product zero) the issuer as bytes32. */
  subject: Hex;
  /**
   * The constellation whose verifiers may judge the claim: the product's, or for a company claim one the issuer
   * belongs to (both checked at issue). A batch's claims all name the batch's constellation.
   */
  constellation: bigint;
  topic: Hex;
  /** SHA-256 of the canonical (RFC 8785) claim document. */
  documentHash: Hex;
  documentURI: string;
  /** Seconds; valid from this block time on. */
  validFrom: bigint;
  /** Seconds; valid until this block time (exclusive); zero means no end. */
  validUntil: bigint;
}

/**
 * The EIP-712 type `Claim(address issuer,bytes32 product,bytes32 subject,uint64 constellation,bytes32 topic,
 * bytes32 documentHash,string documentURI,uint64 validFrom,uint64 validUntil)` (Claims.CLAIM_TYPEHASH).
 */
export const CLAIM_TYPE = [
  { name: "issuer", type: "address" },
  { name: "product", type: "bytes32" },
  { name: "subject", type: "bytes32" },
  { name: "constellation", type: "uint64" },
  { name: "topic", type: "bytes32" },
  { name: "documentHash", type: "bytes32" },
  { name: "documentURI", type: "string" },
  { name: "validFrom", type: "uint64" },
  { name: "validUntil", type: "uint64" },
] as const;

/** The types of a Claim's struct hash. */
export const CLAIM_TYPES = { Claim: CLAIM_TYPE } as const;

/** `IssueClaim(Claim claim,address signer,uint256 nonce,uint64 deadline)` and the Claim type it references. */
export const ISSUE_CLAIM_TYPES = {
  IssueClaim: [
    { name: "claim", type: "Claim" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
  Claim: CLAIM_TYPE,
} as const;

/** `AttestClaim(bytes32 id,address verifier,bytes32 evidenceHash,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)`. */
export const ATTEST_CLAIM_TYPES = {
  AttestClaim: [
    { name: "id", type: "bytes32" },
    { name: "verifier", type: "address" },
    { name: "evidenceHash", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** `GrantBlinded(address owner,bytes32 commitment,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)`. */
export const GRANT_BLINDED_TYPES = {
  GrantBlinded: [
    { name: "owner", type: "address" },
    { name: "commitment", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/**
 * `IssueBatch(address issuer,bytes32 root,uint32 count,bytes32 topic,uint64 constellation,bytes32 manifestHash,
 * string manifestURI,address signer,uint256 nonce,uint64 deadline)` (Claims.ISSUE_BATCH_TYPEHASH).
 */
export const ISSUE_BATCH_TYPES = {
  IssueBatch: [
    { name: "issuer", type: "address" },
    { name: "root", type: "bytes32" },
    { name: "count", type: "uint32" },
    { name: "topic", type: "bytes32" },
    { name: "constellation", type: "uint64" },
    { name: "manifestHash", type: "bytes32" },
    { name: "manifestURI", type: "string" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/**
 * The EIP-712 type `Grant(address owner,bytes32 scope,uint8 kind,address account,uint64 constellation,uint8 roles)`
 * (Access.GRANT_TYPEHASH; the grantee kind as uint8).
 */
export const GRANT_TYPE = [
  { name: "owner", type: "address" },
  { name: "scope", type: "bytes32" },
  { name: "kind", type: "uint8" },
  { name: "account", type: "address" },
  { name: "constellation", type: "uint64" },
  { name: "roles", type: "uint8" },
] as const;

/**
 * `GrantAccess(Grant grant,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)` and the Grant type it
 * references (Access.GRANT_ACCESS_TYPEHASH).
 */
export const GRANT_ACCESS_TYPES = {
  GrantAccess: [
    { name: "grant", type: "Grant" },
    { name: "expiresAt", type: "uint64" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
  Grant: GRANT_TYPE,
} as const;

/** The EIP-712 `EIP712Domain` type of the domains above (for {@link toSignTypedDataV4}). */
export const EIP712_DOMAIN_TYPE = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
] as const;

/** Typed data ready to sign or hash. */
export interface TypedData<Types, Primary extends string, Message> {
  domain: ConstellateDomain;
  types: Types;
  primaryType: Primary;
  message: Message;
}

export interface IssueClaimMessage {
  claim: Claim;
  signer: Address;
  nonce: bigint;
  deadline: bigint;
}

export interface AttestClaimMessage {
  id: Hex;
  verifier: Address;
  evidenceHash: Hex;
  expiresAt: bigint;
  signer: Address;
  nonce: bigint;
  deadline: bigint;
}

export interface GrantBlindedMessage {
  owner: Address;
  commitment: Hex;
  expiresAt: bigint;
  signer: Address;
  nonce: bigint;
  deadline: bigint;
}

/** A batch as `issueBatchBySig` takes it (`IClaims.BatchRequest`). */
export interface BatchRequest {
  issuer: Address;
  /** The Merkle root of the batch's claim ids. */
  root: Hex;
  count: number;
  topic: Hex;
  constellation: bigint;
  /** SHA-256 of the batch's manifest. */
  manifestHash: Hex;
  manifestURI: string;
}

/** A batch request given loosely; {@link checkBatchRequest} normalises it. */
export interface BatchRequestInput {
  issuer: string;
  root: string;
  count: UintInput;
  topic: string;
  constellation: UintInput;
  manifestHash: string;
  manifestURI: string;
}

export interface IssueBatchMessage extends BatchRequest {
  signer: Address;
  nonce: bigint;
  deadline: bigint;
}

export interface GrantAccessMessage {
  grant: Grant;
  expiresAt: bigint;
  signer: Address;
  nonce: bigint;
  deadline: bigint;
}

export type IssueClaimTypedData = TypedData<typeof ISSUE_CLAIM_TYPES, "IssueClaim", IssueClaimMessage>;
export type AttestClaimTypedData = TypedData<typeof ATTEST_CLAIM_TYPES, "AttestClaim", AttestClaimMessage>;
export type GrantBlindedTypedData = TypedData<typeof GRANT_BLINDED_TYPES, "GrantBlinded", GrantBlindedMessage>;
export type IssueBatchTypedData = TypedData<typeof ISSUE_BATCH_TYPES, "IssueBatch", IssueBatchMessage>;
export type GrantAccessTypedData = TypedData<typeof GRANT_ACCESS_TYPES, "GrantAccess", GrantAccessMessage>;

/** An unsigned integer given as a bigint, or as a safe integer number. */
export type UintInput = bigint | number;

// ---------------------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------------------

function show(value: unknown): string {
  return typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
}

/** `value` as a checksummed address; throws a TypeError naming `what` otherwise. */
export function checkAddress(value: unknown, what: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    throw new TypeError(`${what} must be an address (0x and 40 hex digits), not ${show(value)}`);
  }
  return getAddress(value);
}

/** `value` as lower-case 32-byte hex; throws a TypeError naming `what` otherwise. */
export function checkBytes32(value: unknown, what: string): Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || size(value) !== 32) {
    throw new TypeError(`${what} must be 32 bytes as 0x and 64 hex digits, not ${show(value)}`);
  }
  return value.toLowerCase() as Hex;
}

/** `value` as a bigint that fits `bits` unsigned bits; throws a RangeError naming `what` otherwise. */
export function checkUint(value: unknown, bits: number, what: string): bigint {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) n = BigInt(value);
  else throw new TypeError(`${what} must be a bigint or a safe integer, not ${show(value)}`);
  if (n < 0n || n >= 1n << BigInt(bits)) throw new RangeError(`${what} must fit uint${bits}; ${n} does not`);
  return n;
}

/** The longest document or manifest URI the Claims contract accepts, in UTF-8 bytes (`Claims.MAX_URI_LENGTH`). */
export const MAX_URI_LENGTH = 512;

/** Checks a document or manifest URI as the Claims contract does: a string of at most {@link MAX_URI_LENGTH} bytes. */
export function checkUri(uri: unknown, what = "documentURI"): string {
  if (typeof uri !== "string") throw new TypeError(`${what} must be a string`);
  const length = new TextEncoder().encode(uri).length;
  if (length > MAX_URI_LENGTH)
    throw new RangeError(`${what} has ${length} bytes; the contract takes ${MAX_URI_LENGTH}`);
  return uri;
}

/** Checks every field of a claim as the contract's ABI (and URI limit) would take it, and returns it normalised. */
export function checkClaim(claim: Claim): Claim {
  return {
    issuer: checkAddress(claim.issuer, "issuer"),
    product: checkBytes32(claim.product, "product"),
    subject: checkBytes32(claim.subject, "subject"),
    constellation: checkUint(claim.constellation, 64, "constellation"),
    topic: checkBytes32(claim.topic, "topic"),
    documentHash: checkBytes32(claim.documentHash, "documentHash"),
    documentURI: checkUri(claim.documentURI),
    validFrom: checkUint(claim.validFrom, 64, "validFrom"),
    validUntil: checkUint(claim.validUntil, 64, "validUntil"),
  };
}

/** Checks every field of a batch request as the contract's ABI (and URI limit) would take it, and normalises it. */
export function checkBatchRequest(request: BatchRequestInput): BatchRequest {
  return {
    issuer: checkAddress(request.issuer, "issuer"),
    root: checkBytes32(request.root, "root"),
    count: Number(checkUint(request.count, 32, "count")),
    topic: checkBytes32(request.topic, "topic"),
    constellation: checkUint(request.constellation, 64, "constellation"),
    manifestHash: checkBytes32(request.manifestHash, "manifestHash"),
    manifestURI: checkUri(request.manifestURI, "manifestURI"),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Claim id
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The id of `claim` as `Claims.claimId` computes it: the EIP-712 struct hash of the Claim (keccak256 of the type hash
 * and the encoded fields, the URI as keccak256 of its UTF-8). Not domain-separated: the same claim has the same id on
 * every chain and contract (its constellation id, though, is of one deployment).
 */
export function claimId(claim: Claim): Hex {
  return hashStruct({ data: checkClaim(claim), primaryType: "Claim", types: CLAIM_TYPES });
}

// ---------------------------------------------------------------------------------------------------------------------
// Domains and typed data
// ---------------------------------------------------------------------------------------------------------------------

function domain(name: string, chainId: UintInput, verifyingContract: string): ConstellateDomain {
  return {
    name,
    version: DOMAIN_VERSION,
    chainId: checkUint(chainId, 256, "chainId"),
    verifyingContract: checkAddress(verifyingContract, "the contract"),
  };
}

/** The EIP-712 domain of the Claims contract at `address` on chain `chainId`. */
export function claimsDomain(chainId: UintInput, address: string): ConstellateDomain {
  return domain(CLAIMS_DOMAIN_NAME, chainId, address);
}

/** The EIP-712 domain of the Access contract at `address` on chain `chainId`. */
export function accessDomain(chainId: UintInput, address: string): ConstellateDomain {
  return domain(ACCESS_DOMAIN_NAME, chainId, address);
}

function checkDomain(d: ConstellateDomain, name: string): ConstellateDomain {
  if (d.name !== name) throw new RangeError(`the domain is "${d.name}"; this operation is signed for "${name}"`);
  if (d.version !== DOMAIN_VERSION)
    throw new RangeError(`the domain version is "${d.version}", not "${DOMAIN_VERSION}"`);
  return domain(d.name, d.chainId, d.verifyingContract);
}

/** The typed data `signer` signs for `issueBySig(claim, signer, nonce, deadline, signature)`. */
export function issueClaimTypedData(
  claim: Claim,
  signer: string,
  nonce: UintInput,
  deadline: UintInput,
  claimsDomainValue: ConstellateDomain,
): IssueClaimTypedData {
  return {
    domain: checkDomain(claimsDomainValue, CLAIMS_DOMAIN_NAME),
    types: ISSUE_CLAIM_TYPES,
    primaryType: "IssueClaim",
    message: {
      claim: checkClaim(claim),
      signer: checkAddress(signer, "signer"),
      nonce: checkUint(nonce, 256, "nonce"),
      deadline: checkUint(deadline, 64, "deadline"),
    },
  };
}

/** What `attestBySig` takes besides the claim's fields and the signature (the constellation is the claim's). */
export interface AttestClaimInput {
  /** The claim, or its id. */
  claim?: Claim;
  id?: string;
  verifier: string;
  evidenceHash: string;
  /** Zero: the attestation has no end. */
  expiresAt: UintInput;
  signer: string;
  nonce: UintInput;
  deadline: UintInput;
}

/** The typed data `signer` signs for `attestBySig(claim, verifier, evidenceHash, expiresAt, signer, nonce, ...)`. */
export function attestClaimTypedData(
  input: AttestClaimInput,
  claimsDomainValue: ConstellateDomain,
): AttestClaimTypedData {
  let id: Hex;
  if (input.claim !== undefined) {
    id = claimId(input.claim);
    if (input.id !== undefined && checkBytes32(input.id, "id") !== id) {
      throw new RangeError(`id ${input.id} is not the id of the claim given (${id})`);
    }
  } else if (input.id !== undefined) {
    id = checkBytes32(input.id, "id");
  } else {
    throw new TypeError("give the claim or its id");
  }
  return {
    domain: checkDomain(claimsDomainValue, CLAIMS_DOMAIN_NAME),
    types: ATTEST_CLAIM_TYPES,
    primaryType: "AttestClaim",
    message: {
      id,
      verifier: checkAddress(input.verifier, "verifier"),
      evidenceHash: checkBytes32(input.evidenceHash, "evidenceHash"),
      expiresAt: checkUint(input.expiresAt, 64, "expiresAt"),
      signer: checkAddress(input.signer, "signer"),
      nonce: checkUint(input.nonce, 256, "nonce"),
      deadline: checkUint(input.deadline, 64, "deadline"),
    },
  };
}

/** What `grantBlindedBySig` takes besides the signature. */
export interface GrantBlindedInput {
  owner: string;
  commitment: string;
  expiresAt: UintInput;
  signer: string;
  nonce: UintInput;
  deadline: UintInput;
}

/** The typed data `signer` signs for `grantBlindedBySig(owner, commitment, expiresAt, signer, nonce, deadline, ...)`. */
export function grantBlindedTypedData(
  input: GrantBlindedInput,
  accessDomainValue: ConstellateDomain,
): GrantBlindedTypedData {
  return {
    domain: checkDomain(accessDomainValue, ACCESS_DOMAIN_NAME),
    types: GRANT_BLINDED_TYPES,
    primaryType: "GrantBlinded",
    message: {
      owner: checkAddress(input.owner, "owner"),
      commitment: checkBytes32(input.commitment, "commitment"),
      expiresAt: checkUint(input.expiresAt, 64, "expiresAt"),
      signer: checkAddress(input.signer, "signer"),
      nonce: checkUint(input.nonce, 256, "nonce"),
      deadline: checkUint(input.deadline, 64, "deadline"),
    },
  };
}

/** The typed data `signer` signs for `issueBatchBySig(request, signer, nonce, deadline, signature)`. */
export function issueBatchTypedData(
  request: BatchRequestInput,
  signer: string,
  nonce: UintInput,
  deadline: UintInput,
  claimsDomainValue: ConstellateDomain,
): IssueBatchTypedData {
  return {
    domain: checkDomain(claimsDomainValue, CLAIMS_DOMAIN_NAME),
    types: ISSUE_BATCH_TYPES,
    primaryType: "IssueBatch",
    message: {
      ...checkBatchRequest(request),
      signer: checkAddress(signer, "signer"),
      nonce: checkUint(nonce, 256, "nonce"),
      deadline: checkUint(deadline, 64, "deadline"),
    },
  };
}

/**
 * The typed data `signer` signs for `grantAccessBySig(grant, expiresAt, signer, nonce, deadline, signature)`. The
 * grant is checked as {@link checkGrant} does (the contract's grantee rules).
 */
export function grantAccessTypedData(
  grant: GrantInput,
  expiresAt: UintInput,
  signer: string,
  nonce: UintInput,
  deadline: UintInput,
  accessDomainValue: ConstellateDomain,
): GrantAccessTypedData {
  return {
    domain: checkDomain(accessDomainValue, ACCESS_DOMAIN_NAME),
    types: GRANT_ACCESS_TYPES,
    primaryType: "GrantAccess",
    message: {
      grant: checkGrant(grant),
      expiresAt: checkUint(expiresAt, 64, "expiresAt"),
      signer: checkAddress(signer, "signer"),
      nonce: checkUint(nonce, 256, "nonce"),
      deadline: checkUint(deadline, 64, "deadline"),
    },
  };
}

type AnyTypedData =
  IssueClaimTypedData | AttestClaimTypedData | GrantBlindedTypedData | IssueBatchTypedData | GrantAccessTypedData;

/** The digest the contract checks the signature against (`_hashTypedDataV4(structHash)`). */
export function typedDataDigest(typedData: AnyTypedData): Hex {
  return hashTypedData(typedData as unknown as Parameters<typeof hashTypedData>[0]);
}

/** A field of an EIP-712 struct type, mutable, as ethers takes it. */
export interface TypedDataField {
  name: string;
  type: string;
}

/**
 * The arguments of ethers v6 `signer.signTypedData(domain, types, value)` and `TypedDataEncoder.hash(domain, types,
 * value)`: the same domain and message, the types as mutable arrays without `EIP712Domain`.
 */
export function toEthersTypedData(typedData: AnyTypedData): {
  domain: ConstellateDomain;
  types: Record<string, TypedDataField[]>;
  value: Record<string, unknown>;
} {
  const types: Record<string, TypedDataField[]> = {};
  for (const [name, fields] of Object.entries(typedData.types)) {
    types[name] = (fields as readonly TypedDataField[]).map((f) => ({ name: f.name, type: f.type }));
  }
  return { domain: { ...typedData.domain }, types, value: { ...typedData.message } };
}

type JsonSafe = string | number | boolean | null | JsonSafe[] | { [key: string]: JsonSafe };

function jsonSafe(value: unknown): JsonSafe {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value as JsonSafe;
}

/**
 * The typed data as a wallet's `eth_signTypedData_v4` takes it (`params: [address, JSON.stringify(result)]`): with the
 * `EIP712Domain` type, and integers as decimal strings.
 */
export function toSignTypedDataV4(typedData: AnyTypedData): { [key: string]: JsonSafe } {
  return {
    types: jsonSafe({ EIP712Domain: EIP712_DOMAIN_TYPE, ...typedData.types }),
    domain: jsonSafe(typedData.domain),
    primaryType: typedData.primaryType,
    message: jsonSafe(typedData.message),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Unordered nonces
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A random uint256 nonce (WebCrypto, in Node and in the browser). Nonces are unordered: any unused number works once,
 * so operations signed in parallel need only distinct nonces, and random ones are distinct with overwhelming
 * probability. (Sequential nonces from one word, {@link nonceWordAndBit}, make cancelling many at once cheaper.)
 */
export function randomNonce(): bigint {
  return bytesToBigInt(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Where nonce `nonce` sits in the signer's bitmap: word `nonce >> 8`, bit `nonce & 0xff`, and the mask with that bit
 * set, as `cancelNonces(word, mask)` and `nonceBitmap(signer, word)` take them.
 */
export function nonceWordAndBit(nonce: UintInput): { word: bigint; bit: number; mask: bigint } {
  const n = checkUint(nonce, 256, "nonce");
  const bit = n & 0xffn;
  return { word: n >> 8n, bit: Number(bit), mask: 1n << bit };
}
