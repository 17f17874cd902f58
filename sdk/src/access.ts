/**
 * Data-access grants (contracts/interfaces/IAccess.sol): scopes, grant ids, and blinded grants (a commitment on chain,
 * salted from a secret of the owner's).
 *
 * A scope names a part of an owner's data: a kind of data ({@link SCOPE_KINDS}), optionally one product, optionally a
 * dataset name. Scopes are namespaced by owner on chain (a grant's id commits to its owner), so every owner uses the
 * same scope values for the same kinds of data, and pages and vaults compute them with {@link accessScope}.
 *
 * Runs unchanged in Node and in the browser (HMAC-SHA-256 over viem's SHA-256: synchronous, no WebCrypto needed).
 */
import {
  bytesToHex,
  concat,
  encodeAbiParameters,
  hexToBytes,
  isHex,
  keccak256,
  sha256,
  stringToHex,
  zeroAddress,
  zeroHash,
} from "viem";
import type { Address, Hex } from "viem";

import { Role } from "./constants.ts";
import { checkAddress, checkBytes32, checkUint } from "./typed-data.ts";
import type { UintInput } from "./typed-data.ts";

// ---------------------------------------------------------------------------------------------------------------------
// Scopes
// ---------------------------------------------------------------------------------------------------------------------

/** The domain-separation tag of scopes; a new construction would get a new tag. */
export const SCOPE_DOMAIN = "constellate.scope.v1";

/**
 * The kinds of data a scope names. With a product id a scope covers that product's data of the kind (its batches and
 * items too); without, all the owner's data of the kind. A dataset name narrows either (for the claim kinds, a topic's
 * full name narrows to that topic's claims).
 */
export const SCOPE_KINDS = {
  documents: "Product documents: specifications, certificates, declarations, safety data sheets.",
  epcis: "EPCIS 2.0 documents of journey events (whose hashes the Products contract records).",
  "claim-documents": "Claim documents with their salts: what a reader needs to match a claim's hash on chain.",
  "claim-evidence": "The evidence behind claims: LCA reports, audit reports, certificates, lab results.",
  serials: "Serial lists and the per-serial salts of committed serial roots.",
  dataset: "A dataset the owner names (the dataset name is required).",
} as const;

export type ScopeKind = keyof typeof SCOPE_KINDS;

function show(value: unknown): string {
  return typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
}

/**
 * The scope of data of kind `kind` ({@link SCOPE_KINDS}), of product `product` (a product id; absent, null or zero:
 * all products), narrowed to dataset `dataset` (absent: the whole kind):
 * `keccak256(abi.encode("constellate.scope.v1", string kind, bytes32 product, string dataset))`.
 */
export function accessScope(kind: ScopeKind, product?: string | null, dataset?: string | null): Hex {
  if (!Object.hasOwn(SCOPE_KINDS, kind)) {
    throw new RangeError(`scope kind ${show(kind)} is not one of ${Object.keys(SCOPE_KINDS).join(", ")}`);
  }
  const p = product === undefined || product === null ? zeroHash : checkBytes32(product, "product");
  const d = dataset ?? "";
  if (typeof d !== "string") throw new TypeError("a dataset name is a string");
  if (kind === "dataset" && d === "") throw new RangeError('a "dataset" scope names its dataset');
  return keccak256(
    encodeAbiParameters(
      [{ type: "string" }, { type: "string" }, { type: "bytes32" }, { type: "string" }],
      [SCOPE_DOMAIN, kind, p, d],
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Grants
// ---------------------------------------------------------------------------------------------------------------------

/** Who a grant is for (`IAccess.GranteeKind`). */
export const GranteeKind = { Account: 0, Constellation: 1 } as const;
export type GranteeKindValue = (typeof GranteeKind)[keyof typeof GranteeKind];

/** A grantee kind by value (0, 1) or name ("account", "constellation", any case). */
export type GranteeKindInput = GranteeKindValue | "account" | "constellation" | "Account" | "Constellation";

function kindOf(kind: GranteeKindInput): GranteeKindValue {
  if (kind === 0 || kind === 1) return kind;
  if (typeof kind === "string") {
    const lower = kind.toLowerCase();
    if (lower === "account") return 0;
    if (lower === "constellation") return 1;
  }
  throw new RangeError(`grantee kind ${show(kind)} is not 0 (Account) or 1 (Constellation)`);
}

/** A grant as the Access contract takes it (`IAccess.Grant`). Its id is {@link grantId}. */
export interface Grant {
  owner: Address;
  scope: Hex;
  kind: GranteeKindValue;
  /** Kind Account: the grantee; else zero. */
  account: Address;
  /** Kind Constellation: the constellation; else zero. */
  constellation: bigint;
  /** Kind Constellation: the roles a member must hold (zero: any member); else zero. */
  roles: number;
}

/** A grant given loosely; {@link checkGrant} normalises it. */
export interface GrantInput {
  owner: string;
  scope: string;
  kind: GranteeKindInput;
  account?: string;
  constellation?: UintInput;
  roles?: number;
}

function checkRoles(roles: number | undefined): number {
  const r = Number(checkUint(roles ?? 0, 8, "roles"));
  if ((r & ~Role.ALL) !== 0)
    throw new RangeError(`roles ${r} has bits that are no constellation role (Role.ALL is ${Role.ALL})`);
  return r;
}

/**
 * `grant` normalised and checked as the contract checks it: a non-zero scope; an Account grant has a non-zero account
 * and no constellation or roles; a Constellation grant has a constellation, no account, and roles within Role.ALL.
 */
export function checkGrant(grant: GrantInput): Grant {
  const kind = kindOf(grant.kind);
  const scope = checkBytes32(grant.scope, "scope");
  if (scope === zeroHash) throw new RangeError("the scope must not be zero");
  const account = grant.account === undefined ? zeroAddress : checkAddress(grant.account, "account");
  const constellation = checkUint(grant.constellation ?? 0n, 64, "constellation");
  const roles = checkRoles(grant.roles);
  if (kind === GranteeKind.Account) {
    if (account === zeroAddress) throw new RangeError("an Account grant names its grantee account");
    if (constellation !== 0n || roles !== 0) throw new RangeError("an Account grant has no constellation or roles");
  } else {
    if (constellation === 0n) throw new RangeError("a Constellation grant names its constellation");
    if (account !== zeroAddress) throw new RangeError("a Constellation grant has no account");
  }
  return { owner: checkAddress(grant.owner, "owner"), scope, kind, account, constellation, roles };
}

/** A grant of `scope` of `owner`'s data to account `account`. */
export function accountGrant(owner: string, scope: string, account: string): Grant {
  return checkGrant({ owner, scope, kind: GranteeKind.Account, account });
}

/** A grant of `scope` of `owner`'s data to the members of `constellation` holding every role of `roles` (0: all). */
export function constellationGrant(owner: string, scope: string, constellation: UintInput, roles = 0): Grant {
  return checkGrant({ owner, scope, kind: GranteeKind.Constellation, constellation, roles });
}

const GRANT_TUPLE = {
  type: "tuple",
  components: [
    { name: "owner", type: "address" },
    { name: "scope", type: "bytes32" },
    { name: "kind", type: "uint8" },
    { name: "account", type: "address" },
    { name: "constellation", type: "uint64" },
    { name: "roles", type: "uint8" },
  ],
} as const;

/** The id of `grant` as `Access.grantId` computes it: `keccak256(abi.encode(grant))` (the enum as uint8). */
export function grantId(grant: GrantInput): Hex {
  return keccak256(encodeAbiParameters([GRANT_TUPLE], [checkGrant(grant)]));
}

// ---------------------------------------------------------------------------------------------------------------------
// Blinded grants
// ---------------------------------------------------------------------------------------------------------------------

/** The tag whose keccak256 is `BLINDED_GRANT_DOMAIN`. */
export const BLINDED_GRANT_TAG = "constellate.access.blinded-grant.v1";
/** `Access.BLINDED_GRANT_DOMAIN`: keccak256("constellate.access.blinded-grant.v1"). */
export const BLINDED_GRANT_DOMAIN: Hex = keccak256(stringToHex(BLINDED_GRANT_TAG));
/** The domain-separation tag of {@link blindedGrantSalt}. */
export const BLINDED_SALT_DOMAIN = "constellate.access.blinded-grant-salt.v1";
/** The shortest owner secret {@link blindedGrantSalt} accepts, in bytes. */
export const MIN_OWNER_SECRET_BYTES = 16;

/** Who a blinded grant is for: the kind, the account or constellation id, the roles, and the scope. */
export interface BlindedGrantee {
  kind: GranteeKindInput;
  /** Kind Account: the account. Kind Constellation: the constellation id. */
  grantee: string | UintInput;
  /** Kind Constellation: the roles a member must hold (0: any; within Role.ALL, as for grants); kind Account: 0. */
  roles?: number;
  scope: string;
}

function blindedFields(g: BlindedGrantee): { kind: GranteeKindValue; grantee: bigint; roles: number; scope: Hex } {
  const kind = kindOf(g.kind);
  const roles = checkRoles(g.roles);
  const scope = checkBytes32(g.scope, "scope");
  if (scope === zeroHash) throw new RangeError("the scope must not be zero");
  let grantee: bigint;
  if (kind === GranteeKind.Account) {
    if (typeof g.grantee !== "string") throw new TypeError("an Account grantee is an address");
    grantee = BigInt(checkAddress(g.grantee, "grantee"));
    if (grantee === 0n) throw new RangeError("the grantee account must not be zero");
    if (roles !== 0) throw new RangeError("an Account grant has no roles");
  } else {
    if (typeof g.grantee === "string") throw new TypeError("a Constellation grantee is a constellation id (bigint)");
    grantee = checkUint(g.grantee, 64, "constellation");
    if (grantee === 0n) throw new RangeError("the constellation must not be zero");
  }
  return { kind, grantee, roles, scope };
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  const bytes =
    typeof secret === "string" ? (isHex(secret, { strict: true }) ? hexToBytes(secret) : undefined) : secret;
  if (bytes === undefined || bytes.length < MIN_OWNER_SECRET_BYTES) {
    throw new TypeError(
      `an owner secret is at least ${MIN_OWNER_SECRET_BYTES} bytes (bytes or 0x-hex); use newOwnerSecret()`,
    );
  }
  return bytes;
}

/** A fresh random 32-byte owner secret (WebCrypto). Keep it in the owner's vault: it derives every blinded salt. */
export function newOwnerSecret(): Hex {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/** HMAC-SHA-256 (RFC 2104) of `message` under `key`, synchronous, over viem's SHA-256. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = 64;
  const k = new Uint8Array(block);
  k.set(key.length > block ? sha256(key, "bytes") : key);
  const inner = sha256(concat([k.map((b) => b ^ 0x36), message]), "bytes");
  return sha256(concat([k.map((b) => b ^ 0x5c), inner]), "bytes");
}

/**
 * The salt of a blinded grant, derived from the owner's secret: HMAC-SHA-256(secret,
 * abi.encode("constellate.access.blinded-grant-salt.v1", uint8 kind, uint256 grantee, uint8 roles, bytes32 scope)).
 * The owner's vault recomputes it (and so the commitment) for a grantee who signs in; without the secret, nobody can
 * test a guessed grantee against a commitment on chain.
 */
export function blindedGrantSalt(ownerSecret: Uint8Array | string, grantee: BlindedGrantee): Hex {
  const f = blindedFields(grantee);
  const message = encodeAbiParameters(
    [{ type: "string" }, { type: "uint8" }, { type: "uint256" }, { type: "uint8" }, { type: "bytes32" }],
    [BLINDED_SALT_DOMAIN, f.kind, f.grantee, f.roles, f.scope],
  );
  return bytesToHex(hmacSha256(secretBytes(ownerSecret), hexToBytes(message)));
}

/** What a blinded commitment binds. */
export interface BlindedCommitmentInput extends BlindedGrantee {
  chainId: UintInput;
  /** The Access contract. */
  contract: string;
  owner: string;
  salt: string;
}

/**
 * The commitment of a blinded grant, as `Access.blindedCommitment` computes it: `keccak256(abi.encode(
 * BLINDED_GRANT_DOMAIN, chainId, contract, owner, uint8 kind, uint256 grantee, uint8 roles, scope, salt))`, the grantee
 * being the account (as uint256) or the constellation id.
 */
export function blindedCommitment(input: BlindedCommitmentInput): Hex {
  const f = blindedFields(input);
  return keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "uint256" },
        { type: "address" },
        { type: "address" },
        { type: "uint8" },
        { type: "uint256" },
        { type: "uint8" },
        { type: "bytes32" },
        { type: "bytes32" },
      ],
      [
        BLINDED_GRANT_DOMAIN,
        checkUint(input.chainId, 256, "chainId"),
        checkAddress(input.contract, "the Access contract"),
        checkAddress(input.owner, "owner"),
        f.kind,
        f.grantee,
        f.roles,
        f.scope,
        checkBytes32(input.salt, "salt"),
      ],
    ),
  );
}

/** The salt ({@link blindedGrantSalt}) and commitment ({@link blindedCommitment}) of a blinded grant. */
export function blindedGrant(input: Omit<BlindedCommitmentInput, "salt"> & { ownerSecret: Uint8Array | string }): {
  salt: Hex;
  commitment: Hex;
} {
  const salt = blindedGrantSalt(input.ownerSecret, input);
  return { salt, commitment: blindedCommitment({ ...input, salt }) };
}
