/**
 * Claims as the console shows them: a claim's status in words (from the indexer's record, confirmed by the chain's
 * validity view), the claim struct rebuilt from an indexed claim, where documents live in the vault, and how a claim's
 * evidence is kept and found.
 *
 * Evidence. The issuer stores each evidence file in its vault as a RESTRICTED document under the claim's evidence
 * scope, `accessScope("claim-evidence", product, "claim/<claim id>")` (a company claim: no product; a batch:
 * "batch/<batch id>"), together with an evidence index (JSON listing the files' names, types, sizes and SHA-256, with
 * a salt) under the same scope. The index's SHA-256 rides in the fragment of the claim's documentURI
 * (`…/documents/<issuer>/<document hash>#evidence=<index hash>`): the fragment is never sent to a server, so the URI
 * still fetches the public document, while a verifier learns where the index is. Asking a verifier is a plain Access
 * grant of exactly that scope to the verifier: the vault's grant check then lets the verifier read the index and the
 * files with no further step, and the verifier's inbox finds the request by recomputing the scope of the claims it
 * sees and matching the grants it received. A scope per claim keeps one claim's evidence from opening another's.
 *
 * Pure: no React, no DOM; runs in the browser and in Node tests.
 */
import { accessScope, REJECTION_REASONS, claimId, getTopic, findTopic } from "@constellate/sdk";
import type { Claim } from "@constellate/sdk";
import { encodeAbiParameters, getAddress, isAddress, keccak256, zeroHash } from "viem";
import type { Address, Hex } from "viem";

// ---------------------------------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------------------------------

/** A verifier's verdict as the indexer keeps it (Attestation entity). */
export interface VerdictInput {
  verifier: string;
  verifierName?: string | null;
  verdict: "Attested" | "Rejected" | "Withdrawn";
  reason?: number | null;
  /** Seconds; null or undefined: no end. */
  expiresAt?: bigint | null;
  givenAt: bigint;
}

/** What the status of a claim is computed from. */
export interface StatusInput {
  revoked: boolean;
  revokedAt?: bigint | null;
  validFrom: bigint;
  /** Zero, null or undefined: no end. */
  validUntil?: bigint | null;
  issuedAt?: bigint | null;
  /** The issuer marked itself compromised from this time on (null: never). */
  issuerCompromisedSince?: bigint | null;
  verdicts: readonly VerdictInput[];
  /** Seconds (block time or wall clock). */
  now: bigint;
}

/** The chain's answer (IClaims.Validity). */
export interface ChainValidity {
  exists: boolean;
  revoked: boolean;
  inWindow: boolean;
  issuerCompromised: boolean;
  attestations: number;
  rejections: number;
  valid: boolean;
}

export type StatusKind =
  "verified" | "awaiting" | "rejected" | "revoked" | "expired" | "not-yet-valid" | "void" | "missing";

export interface ClaimStatus {
  kind: StatusKind;
  /** One line in words: "Valid, attested by Clearview Assurance". */
  label: string;
  /** More, when there is more to say (the rejection reasons, an attestation that lapsed). */
  detail?: string;
  tone: "good" | "warn" | "bad" | "neutral" | "info";
  /** Verifiers whose attestation counts now, by name (or address). */
  attestedBy: string[];
  /** Verifiers that rejected it (without a live attestation), with the reason in words. */
  rejectedBy: { verifier: string; reason: string }[];
  /** Set when the chain's answer was taken into account. */
  confirmed?: boolean;
  /** The chain and the indexer disagree: the indexer has not caught up yet. */
  lagging?: boolean;
}

/** A rejection reason code in words ("Insufficient evidence: the evidence offered does not support…"). */
export function reasonWords(code: number | null | undefined): string {
  const found = REJECTION_REASONS.find((r) => r.code === code);
  if (found === undefined) return code === null || code === undefined ? "no reason given" : `reason ${code}`;
  const name = found.name.replace(/_/g, " ");
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${found.description}`;
}

/** A rejection reason's short name in words ("Insufficient evidence"). */
export function reasonName(code: number | null | undefined): string {
  const found = REJECTION_REASONS.find((r) => r.code === code);
  if (found === undefined) return code === null || code === undefined ? "no reason given" : `reason ${code}`;
  const name = found.name.replace(/_/g, " ");
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** A time in seconds as a UTC date ("2026-03-01"), or date and time when not midnight. */
export function dayOf(seconds: bigint | number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "";
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function nameOf(v: VerdictInput): string {
  return v.verifierName !== undefined && v.verifierName !== null && v.verifierName !== "" ? v.verifierName : v.verifier;
}

function live(v: VerdictInput, now: bigint): boolean {
  return (
    v.verdict === "Attested" &&
    (v.expiresAt === null || v.expiresAt === undefined || v.expiresAt === 0n || now < v.expiresAt)
  );
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * The status of a claim in words, from the indexer's record at time `now`; with `chain` (the validity view, verdicts
 * of the indexed verifiers counted), the chain's word wins where they differ (and `lagging` says the indexer is behind).
 */
export function claimStatus(input: StatusInput, chain?: ChainValidity): ClaimStatus {
  const now = input.now;
  const until =
    input.validUntil === null || input.validUntil === undefined || input.validUntil === 0n
      ? undefined
      : input.validUntil;
  const attested = input.verdicts.filter((v) => live(v, now));
  const lapsed = input.verdicts.filter((v) => v.verdict === "Attested" && !live(v, now));
  const attestedBy = attested.map(nameOf);
  const attestedSet = new Set(attested.map((v) => v.verifier.toLowerCase()));
  const rejectedBy = input.verdicts
    .filter((v) => v.verdict === "Rejected" && !attestedSet.has(v.verifier.toLowerCase()))
    .map((v) => ({ verifier: nameOf(v), reason: reasonName(v.reason) }));

  let revoked = input.revoked;
  let compromised =
    input.issuerCompromisedSince !== null &&
    input.issuerCompromisedSince !== undefined &&
    input.issuedAt !== null &&
    input.issuedAt !== undefined &&
    input.issuerCompromisedSince <= input.issuedAt;
  let inWindow = now >= input.validFrom && (until === undefined || now < until);
  let lagging = false;
  if (chain !== undefined) {
    if (!chain.exists) {
      return {
        kind: "missing",
        label: "Not found on the chain",
        detail: "The indexer lists this claim, but the chain does not know it (a reorganised block?).",
        tone: "bad",
        attestedBy: [],
        rejectedBy: [],
        confirmed: true,
      };
    }
    lagging =
      chain.revoked !== revoked ||
      chain.issuerCompromised !== compromised ||
      chain.attestations !== attested.length ||
      chain.rejections !== rejectedBy.length;
    revoked = chain.revoked;
    compromised = chain.issuerCompromised;
    inWindow = chain.inWindow;
  }
  const base = {
    attestedBy,
    rejectedBy,
    ...(chain !== undefined ? { confirmed: true } : {}),
    ...(lagging ? { lagging: true } : {}),
  };

  if (revoked) {
    const at = input.revokedAt !== null && input.revokedAt !== undefined ? ` on ${dayOf(input.revokedAt)}` : "";
    return { ...base, kind: "revoked", label: `Revoked by its issuer${at}`, tone: "bad" };
  }
  if (compromised) {
    return {
      ...base,
      kind: "void",
      label: "Void: the issuer reported its keys compromised",
      detail: "The issuer marked itself compromised from a time at or before this claim was issued.",
      tone: "bad",
    };
  }
  if (!inWindow) {
    if (now < input.validFrom) {
      return {
        ...base,
        kind: "not-yet-valid",
        label: `Not yet valid (from ${dayOf(input.validFrom)})`,
        tone: "neutral",
      };
    }
    return {
      ...base,
      kind: "expired",
      label: `Expired${until !== undefined ? ` on ${dayOf(until)}` : ""}`,
      tone: "warn",
    };
  }
  const chainAttestations = chain?.attestations ?? attested.length;
  if (chainAttestations > 0) {
    const who =
      attestedBy.length === chainAttestations
        ? list(attestedBy)
        : `${chainAttestations} verifier${chainAttestations === 1 ? "" : "s"}`;
    const rejected =
      rejectedBy.length > 0 ? `; rejected by ${list(rejectedBy.map((r) => `${r.verifier} (${r.reason})`))}` : "";
    return {
      ...base,
      kind: "verified",
      label: `Valid, verified: attested by ${who}`,
      ...(rejected !== "" ? { detail: `Also${rejected}.` } : {}),
      tone: "good",
    };
  }
  const chainRejections = chain?.rejections ?? rejectedBy.length;
  if (chainRejections > 0) {
    const who =
      rejectedBy.length === chainRejections
        ? list(rejectedBy.map((r) => `${r.verifier} (${r.reason})`))
        : `${chainRejections} verifier${chainRejections === 1 ? "" : "s"}`;
    return { ...base, kind: "rejected", label: `Rejected by ${who}`, tone: "bad" };
  }
  const detail = lapsed.length > 0 ? `The attestation of ${list(lapsed.map(nameOf))} has expired.` : undefined;
  return {
    ...base,
    kind: "awaiting",
    label: "Valid, awaiting verification",
    ...(detail !== undefined ? { detail } : {}),
    tone: "info",
  };
}

/** The verifiers to name to the validity view: each once, ascending (as the contract requires). */
export function verifiersForValidity(verdicts: readonly { verifier: string }[]): Address[] {
  const unique = new Map<string, Address>();
  for (const v of verdicts) if (isAddress(v.verifier)) unique.set(v.verifier.toLowerCase(), getAddress(v.verifier));
  return [...unique.values()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/** The view's answer as viem returns it (a struct object). */
export function chainValidityOf(result: unknown): ChainValidity | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  const r = result as Record<string, unknown>;
  if (typeof r.exists !== "boolean") return undefined;
  return {
    exists: r.exists,
    revoked: r.revoked === true,
    inWindow: r.inWindow === true,
    issuerCompromised: r.issuerCompromised === true,
    attestations: Number(r.attestations ?? 0),
    rejections: Number(r.rejections ?? 0),
    valid: r.valid === true,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Claims from the indexer
// ---------------------------------------------------------------------------------------------------------------------

/** The fields of an indexed Claim entity that make up the claim itself. */
export interface IndexedClaim {
  id: string;
  issuer: { id: string };
  product: { id: string } | null;
  subject: string;
  constellation: { id: string } | null;
  topic: string;
  documentHash: string;
  documentURI: string;
  validFrom: string;
  validUntil: string | null;
}

/** The claim struct of an indexed claim, as the contract takes it; throws if it does not hash to the claim's id. */
export function claimOfIndexed(c: IndexedClaim): Claim {
  const claim: Claim = {
    issuer: getAddress(c.issuer.id),
    product: (c.product?.id ?? zeroHash) as Hex,
    subject: c.subject as Hex,
    constellation: BigInt(c.constellation?.id ?? "0"),
    topic: c.topic as Hex,
    documentHash: c.documentHash as Hex,
    documentURI: c.documentURI,
    validFrom: BigInt(c.validFrom),
    validUntil: BigInt(c.validUntil ?? "0"),
  };
  if (claimId(claim) !== c.id.toLowerCase()) {
    throw new Error(`the indexer's claim ${c.id} does not hash to its id; the indexer may be wrong`);
  }
  return claim;
}

/** A topic id in words ("Water use"), or the id when it is not a published topic. */
export function topicTitle(topic: string): string {
  return findTopic(topic)?.title ?? `Topic ${topic.slice(0, 10)}…`;
}

/** The full name of a published topic ("constellate.topic.water-use.v1"). */
export function topicKey(topic: string): string | undefined {
  return findTopic(topic)?.key;
}

export { getTopic };

/** A batch's id, as `Claims.batchId(issuer, root)` computes it: keccak256(abi.encode(issuer, root)). */
export function claimBatchId(issuer: string, root: string): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [getAddress(issuer), root as Hex]));
}

// ---------------------------------------------------------------------------------------------------------------------
// Vault locations and evidence
// ---------------------------------------------------------------------------------------------------------------------

/** Where a vault serves owner `owner`'s document with SHA-256 `hash` (0x-hex or bare). */
export function vaultDocumentUrl(vaultOrigin: string, owner: string, hash: string): string {
  const sha = hash.toLowerCase().replace(/^0x/, "");
  return `${vaultOrigin.replace(/\/+$/, "")}/api/vault/documents/${owner.toLowerCase()}/${sha}`;
}

/** The vault path (for vaultFetch) of owner `owner`'s document `hash`. */
export function vaultDocumentPath(owner: string, hash: string): string {
  return `/api/vault/documents/${owner.toLowerCase()}/${hash.toLowerCase().replace(/^0x/, "")}`;
}

const EVIDENCE_FRAGMENT = /#(?:.*&)?evidence=([0-9a-fA-F]{64})(?:&|$)/;

/** A document URI that also tells where the claim's evidence index is (in its fragment). */
export function withEvidenceIndex(uri: string, indexHash: string | undefined): string {
  if (indexHash === undefined) return uri;
  return `${uri.replace(/#.*$/, "")}#evidence=${indexHash.toLowerCase().replace(/^0x/, "")}`;
}

/** The SHA-256 (bare hex) of the evidence index a document URI names, if it names one. */
export function evidenceIndexOf(uri: string): string | undefined {
  return EVIDENCE_FRAGMENT.exec(uri)?.[1]?.toLowerCase();
}

/** A URI without its fragment: what a browser fetches. */
export function withoutFragment(uri: string): string {
  return uri.replace(/#.*$/, "");
}

/** The scope a single claim's evidence is kept under (see the module's doc). */
export function claimEvidenceScope(claim: Pick<Claim, "product"> & { id: string }): Hex {
  const product = claim.product === zeroHash || BigInt(claim.product) === 0n ? null : claim.product;
  return accessScope("claim-evidence", product, `claim/${claim.id.toLowerCase()}`);
}

/** The scope a batch's evidence is kept under. */
export function batchEvidenceScope(batchId: string): Hex {
  return accessScope("claim-evidence", null, `batch/${batchId.toLowerCase()}`);
}

export const EVIDENCE_INDEX_TYPE = "ConstellateClaimEvidence";

/** One evidence file as the index lists it. */
export interface EvidenceFile {
  name: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes, bare lowercase hex (the vault's key). */
  sha256: string;
}

/** The evidence index of a claim or batch: restricted, under the same scope as the files. */
export interface EvidenceIndex {
  type: typeof EVIDENCE_INDEX_TYPE;
  version: 1;
  files: EvidenceFile[];
  /** 32 random bytes: the index's hash (public, in the URI) reveals nothing about the files. */
  salt: string;
}

/** An evidence index of `files`, salted. */
export function buildEvidenceIndex(files: readonly EvidenceFile[], salt: string): EvidenceIndex {
  if (!/^0x[0-9a-f]{64}$/.test(salt)) throw new RangeError("the salt is 32 bytes of lower-case 0x-hex");
  return {
    type: EVIDENCE_INDEX_TYPE,
    version: 1,
    files: files.map((f) => ({
      name: f.name,
      contentType: f.contentType,
      size: f.size,
      sha256: f.sha256.toLowerCase().replace(/^0x/, ""),
    })),
    salt,
  };
}

/** An evidence index read from the vault; throws a RangeError, in words, if it is not one. */
export function parseEvidenceIndex(value: unknown): EvidenceIndex {
  if (typeof value !== "object" || value === null) throw new RangeError("the evidence index is not a JSON object");
  const v = value as Record<string, unknown>;
  if (v.type !== EVIDENCE_INDEX_TYPE || v.version !== 1 || !Array.isArray(v.files)) {
    throw new RangeError(`the evidence index is not a version 1 ${EVIDENCE_INDEX_TYPE}`);
  }
  const files = v.files.map((f, i) => {
    const file = f as Record<string, unknown>;
    if (typeof file.name !== "string" || typeof file.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(file.sha256)) {
      throw new RangeError(`evidence file #${i + 1} has no name or SHA-256`);
    }
    return {
      name: file.name,
      contentType: typeof file.contentType === "string" ? file.contentType : "application/octet-stream",
      size: typeof file.size === "number" ? file.size : 0,
      sha256: file.sha256,
    };
  });
  return { type: EVIDENCE_INDEX_TYPE, version: 1, files, salt: typeof v.salt === "string" ? v.salt : "" };
}

/** A vault's answer to a read, in words (for restricted documents: what a refusal means). */
export function vaultReadWords(status: number, message?: string): string {
  switch (status) {
    case 200:
      return "Read.";
    case 401:
      return "The vault asks you to sign in first (your session may have ended): sign in again and retry.";
    case 403:
      return `The vault refused the read${message !== undefined ? `: ${message}` : "."}`;
    case 404:
      return (
        "The vault did not hand it over: either it does not hold the document, or you hold no live grant for it " +
        "(a vault answers both the same way, so strangers learn nothing). Ask the issuer to ask you again."
      );
    case 503:
      return "The vault cannot check grants against the chain right now; try again shortly.";
    default:
      return `The vault answered ${status}${message !== undefined ? `: ${message}` : "."}`;
  }
}

/** A byte count in words ("12.3 kB"). */
export function sizeWords(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
