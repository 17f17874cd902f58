"use client";
/**
 * What the claims and verification pages share: the indexed claim's GraphQL fields, the chain's validity view, the
 * status badge, checking a call with the contract before anything is stored, storing documents in the vault, and
 * fetching a claim's public document and checking its hash in the browser.
 */
import { claimDocumentHash, constellateAbis, documentMatchesClaim, Permission } from "@constellate/sdk";
import type { Claim, ClaimDocument, ContractName } from "@constellate/sdk";
import { useCallback, useEffect, useState } from "react";
import type { ReactNode } from "react";
import { bytesToHex, encodeFunctionData, isAddressEqual, sha256 } from "viem";
import type { Abi, Hex, PublicClient } from "viem";
import { usePublicClient, useReadContract } from "wagmi";

import { explainError } from "../errors.ts";
import { useConsoleConfig, useContracts } from "../components/config-context.tsx";
import { useSession } from "../components/session.tsx";
import { Badge } from "../components/ui.tsx";
import { chainValidityOf, claimOfIndexed, dayOf, vaultDocumentUrl, withoutFragment } from "../lib/claims-status.ts";
import type { ClaimStatus, IndexedClaim, VerdictInput } from "../lib/claims-status.ts";

// ---------------------------------------------------------------------------------------------------------------------
// GraphQL
// ---------------------------------------------------------------------------------------------------------------------

/** The fields of a Claim entity every claims page reads. */
export const CLAIM_FIELDS = `
  id subjectKind subject topic documentHash documentURI validFrom validUntil issuedAt revoked revokedAt
  issuer { id name compromisedSince }
  product { id gtin14 brand namespace }
  batch { lot }
  item { serial }
  constellation { id name }
  attestations(first: 100) { id verdict reason expiresAt givenAt evidenceHash verifier { id name compromisedSince } }
`;

export interface AttestationRow {
  id: string;
  verdict: "Attested" | "Rejected" | "Withdrawn";
  reason: number | null;
  expiresAt: string | null;
  givenAt: string;
  evidenceHash: string;
  verifier: { id: string; name: string | null; compromisedSince: string | null };
}

export interface ClaimRow extends IndexedClaim {
  subjectKind: "Product" | "Batch" | "Item" | "Company";
  issuedAt: string;
  revoked: boolean;
  revokedAt: string | null;
  issuer: { id: string; name: string | null; compromisedSince: string | null };
  product: { id: string; gtin14: string; brand: boolean; namespace: string } | null;
  batch: { lot: string } | null;
  item: { serial: string } | null;
  constellation: { id: string; name: string } | null;
  attestations: AttestationRow[];
}

/** The fields of a ClaimBatch entity. */
export const BATCH_FIELDS = `
  id root topic count manifestHash manifestURI issuedAt revoked revokedAt revokedClaimCount
  issuer { id name compromisedSince }
  constellation { id name }
  attestations(first: 100) { id verdict reason expiresAt givenAt evidenceHash verifier { id name compromisedSince } }
`;

export interface BatchRowEntity {
  id: string;
  root: string;
  topic: string;
  count: string;
  manifestHash: string;
  manifestURI: string;
  issuedAt: string;
  revoked: boolean;
  revokedAt: string | null;
  revokedClaimCount: number;
  issuer: { id: string; name: string | null; compromisedSince: string | null };
  constellation: { id: string; name: string };
  attestations: AttestationRow[];
}

/** The indexer's verdicts as the status computation takes them. */
export function verdictsOf(rows: readonly AttestationRow[]): VerdictInput[] {
  return rows.map((a) => ({
    verifier: a.verifier.id,
    verifierName: a.verifier.name,
    verdict: a.verdict,
    reason: a.reason,
    expiresAt: a.expiresAt === null ? null : BigInt(a.expiresAt),
    givenAt: BigInt(a.givenAt),
  }));
}

/** A claim's subject in words ("Batch L2025-07 of GTIN 04012345000016"). */
export function subjectWords(c: Pick<ClaimRow, "subjectKind" | "product" | "batch" | "item" | "issuer">): string {
  const gtin = c.product !== null ? `GTIN ${c.product.gtin14}${c.product.brand ? "" : " (self-declared)"}` : "";
  switch (c.subjectKind) {
    case "Company":
      return `${c.issuer.name ?? c.issuer.id} (the company itself)`;
    case "Batch":
      return `Batch ${c.batch?.lot ?? "?"} of ${gtin}`;
    case "Item":
      return `Item ${c.item?.serial ?? "?"} of ${gtin}`;
    default:
      return `Product ${gtin}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------------------------

/** The wall clock in seconds, ticking every 15 seconds (statuses that depend on time move with it). */
export function useNow(): bigint {
  const [now, setNow] = useState(() => BigInt(Math.floor(Date.now() / 1000)));
  useEffect(() => {
    const timer = setInterval(() => setNow(BigInt(Math.floor(Date.now() / 1000))), 15_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Today as an <input type="date"> value (UTC). */
export function todayInput(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A date input's value as Unix seconds at 00:00 UTC, or undefined when empty or not a date. */
export function secondsOfDate(value: string): bigint | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : BigInt(ms / 1000);
}

export { dayOf };

// ---------------------------------------------------------------------------------------------------------------------
// The chain
// ---------------------------------------------------------------------------------------------------------------------

/** The chain's validity view for a claim, the given verifiers counted (fresh: refetched on every block). */
export function useClaimValidity(claim: Claim | undefined, verifiers: readonly `0x${string}`[]) {
  const { Claims } = useContracts();
  const result = useReadContract({
    address: Claims.address,
    abi: constellateAbis.Claims,
    functionName: "validity",
    args: claim === undefined ? undefined : [claim, [...verifiers]],
    query: { enabled: claim !== undefined },
  });
  return { validity: chainValidityOf(result.data), error: result.error, isLoading: result.isLoading };
}

/** The chain's batchValidity view for one claim of a batch. */
export function useBatchClaimValidity(
  claim: Claim | undefined,
  root: Hex,
  proof: readonly Hex[],
  verifiers: readonly `0x${string}`[],
) {
  const { Claims } = useContracts();
  const result = useReadContract({
    address: Claims.address,
    abi: constellateAbis.Claims,
    functionName: "batchValidity",
    args: claim === undefined ? undefined : [claim, root, [...proof], [...verifiers]],
    query: { enabled: claim !== undefined },
  });
  return { validity: chainValidityOf(result.data), error: result.error };
}

/** The claim struct of an indexed claim, or the reason it cannot be rebuilt. */
export function indexedClaim(row: IndexedClaim | undefined): { claim?: Claim; problem?: string } {
  if (row === undefined) return {};
  try {
    return { claim: claimOfIndexed(row) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/**
 * Checks a call with the contract before anything else happens (documents stored, the wallet asked): the same call
 * the transaction will make (wrapped in actFor when acting for another company), simulated from the account. Resolves
 * to the refusal in words, or undefined when the contract would accept it.
 */
export function useCheckCall(): (
  contract: ContractName,
  functionName: string,
  args: readonly unknown[],
) => Promise<string | undefined> {
  const contracts = useContracts();
  const publicClient = usePublicClient() as PublicClient | undefined;
  const session = useSession();
  return useCallback(
    async (contract, functionName, args) => {
      const account = session.account;
      if (account === undefined || publicClient === undefined) return "Connect your wallet first.";
      const handle = contracts[contract];
      let data: Hex = encodeFunctionData({ abi: handle.abi as Abi, functionName, args: [...args] });
      const actingFor = session.actingFor;
      if (actingFor !== undefined && !isAddressEqual(actingFor, account)) {
        data = encodeFunctionData({ abi: handle.abi as Abi, functionName: "actFor", args: [actingFor, data] });
      }
      try {
        await publicClient.call({ account, to: handle.address, data });
        return undefined;
      } catch (error) {
        return explainError(error, { contract });
      }
    },
    [contracts, publicClient, session.account, session.actingFor],
  );
}

/** Why the acting session may not do what needs operator permission `permission` (undefined: it may). */
export function usePermissionProblem(permission: bigint, what: string): string | undefined {
  const session = useSession();
  const acting = session.acting;
  if (acting === undefined || acting.relation !== "operator") return undefined;
  if ((acting.permissions & permission) === 0n) {
    const name = Object.entries(Permission).find(([, bit]) => bit === permission)?.[0] ?? "the needed permission";
    return `You act for this company as its operator without the ${name} permission, so you cannot ${what}. Ask the company to appoint you with ${name}.`;
  }
  if (acting.expiresAt !== null && acting.expiresAt * 1000n <= BigInt(Date.now())) {
    return "Your operator appointment has expired; ask the company to renew it.";
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// The vault
// ---------------------------------------------------------------------------------------------------------------------

/** SHA-256 of bytes, 0x-hex (WebCrypto where there is one, else the sdk's implementation). */
export async function sha256Hex(bytes: Uint8Array): Promise<Hex> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined) {
    const digest = await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
    return bytesToHex(new Uint8Array(digest));
  }
  return sha256(bytes);
}

export interface UploadRequest {
  owner: `0x${string}`;
  bytes: Uint8Array;
  contentType: string;
  visibility: "public" | "restricted";
  scope?: Hex;
}

/** Stores a document in the session's vault for `owner`; resolves to its SHA-256 (bare hex); throws in words. */
export async function uploadDocument(
  vaultFetch: (path: string, init?: RequestInit) => Promise<Response>,
  request: UploadRequest,
): Promise<string> {
  const hash = (await sha256Hex(request.bytes)).slice(2);
  const headers: Record<string, string> = {
    "content-type": request.contentType,
    "x-owner": request.owner,
    "x-content-sha256": hash,
    "x-visibility": request.visibility,
  };
  if (request.visibility === "restricted") {
    if (request.scope === undefined) throw new Error("A restricted document needs a scope.");
    headers["x-scope"] = request.scope;
  }
  let response: Response;
  try {
    response = await vaultFetch("/api/vault/documents", {
      method: "POST",
      headers,
      body: request.bytes as Uint8Array<ArrayBuffer>,
    });
  } catch {
    throw new Error("The data vault cannot be reached; nothing was stored. Check your connection and try again.");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    const message = body?.error?.message;
    if (response.status === 401) throw new Error("The vault asks you to sign in again before storing documents.");
    throw new Error(
      `The vault refused to store the document (${response.status})${message !== undefined ? `: ${message}` : "."}`,
    );
  }
  return hash;
}

/** A fetched claim document and what the browser found checking it. */
export interface FetchedDocument {
  /** Where it came from. */
  source: string;
  text: string;
  document?: ClaimDocument;
  /** SHA-256 over the canonical form, computed here. */
  hash?: Hex;
  /** The hash equals the claim's documentHash on chain. */
  hashMatches: boolean;
  /** Issuer, subject, topic, window and hash all agree with the claim. */
  fieldsMatch: boolean;
  problem?: string;
}

/**
 * Fetches a claim's public document and checks it: first from this console's vault by (issuer, hash), then from the
 * claim's documentURI (http(s) only). Hashing happens here, in the browser, with the sdk (RFC 8785 + SHA-256).
 */
export async function fetchClaimDocument(vaultOrigin: string, claim: Claim): Promise<FetchedDocument> {
  const candidates = [vaultDocumentUrl(vaultOrigin, claim.issuer, claim.documentHash)];
  const uri = withoutFragment(claim.documentURI);
  if (/^https?:\/\//i.test(uri) && !candidates.includes(uri)) candidates.push(uri);
  const failures: string[] = [];
  for (const source of candidates) {
    let text: string;
    try {
      const response = await fetch(source, { credentials: "omit", cache: "force-cache" });
      if (!response.ok) {
        failures.push(`${source} answered HTTP ${response.status}`);
        continue;
      }
      text = await response.text();
    } catch {
      failures.push(`${source} did not answer (or does not allow this site)`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { source, text, hashMatches: false, fieldsMatch: false, problem: "The document is not JSON." };
    }
    const hash = claimDocumentHash(parsed);
    const hashMatches = hash === claim.documentHash.toLowerCase();
    let fieldsMatch = false;
    try {
      fieldsMatch = documentMatchesClaim(parsed as ClaimDocument, claim);
    } catch {
      fieldsMatch = false;
    }
    return { source, text, document: parsed as ClaimDocument, hash, hashMatches, fieldsMatch };
  }
  const problem =
    failures.length === 0
      ? "The claim names no document this console can fetch."
      : `The document could not be fetched: ${failures.join("; ")}.`;
  return { source: candidates[0]!, text: "", hashMatches: false, fieldsMatch: false, problem };
}

/** Fetches and checks a claim's document once per claim id. */
export function useClaimDocument(claim: Claim | undefined, id: string | undefined) {
  const { vaultOrigin } = useConsoleConfig();
  const [state, setState] = useState<{ id?: string; loading: boolean; result?: FetchedDocument }>({ loading: false });
  useEffect(() => {
    if (claim === undefined || id === undefined) return;
    let cancelled = false;
    setState({ id, loading: true });
    void fetchClaimDocument(vaultOrigin, claim).then((result) => {
      if (!cancelled) setState({ id, loading: false, result });
    });
    return () => {
      cancelled = true;
    };
    // The claim is identified by its id: a new object for the same claim fetches nothing again.
  }, [id, vaultOrigin]);
  return state.id === id ? state : { loading: claim !== undefined };
}

// ---------------------------------------------------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------------------------------------------------

export function StatusBadge({ status }: { status: ClaimStatus }) {
  return (
    <span
      className="inline-flex flex-wrap items-center gap-1"
      data-status={status.kind}
      data-confirmed={status.confirmed === true ? "true" : "false"}
    >
      <Badge tone={status.tone}>{status.label}</Badge>
      {status.lagging ? <span className="text-xs text-slate-600">(the chain is ahead of the indexer)</span> : null}
    </span>
  );
}

export function StatusDetail({ status }: { status: ClaimStatus }) {
  if (status.detail === undefined) return null;
  return <p className="mt-1 text-xs text-slate-600">{status.detail}</p>;
}

/** The hash check's result in words. */
export function HashCheck({ result, loading }: { result: FetchedDocument | undefined; loading: boolean }): ReactNode {
  if (loading || result === undefined)
    return <p className="text-sm text-slate-600">Fetching the document and hashing it…</p>;
  if (result.problem !== undefined && result.hash === undefined) {
    return (
      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        Warning: {result.problem} Its hash could not be checked.
      </p>
    );
  }
  if (result.hashMatches && result.fieldsMatch) {
    return (
      <p
        role="status"
        className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        data-testid="hash-check"
      >
        The document matches the hash on chain: its SHA-256 over the canonical form, computed in this browser, is the
        claim&apos;s documentHash, and its issuer, subject, topic and window are the claim&apos;s.
      </p>
    );
  }
  return (
    <p
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
      data-testid="hash-check"
    >
      Warning:{" "}
      {result.hashMatches
        ? "the document hashes to the claim's hash, but its issuer, subject, topic or window differ from the claim's."
        : "the document does NOT match the hash on chain: it was changed, or it is another document. Do not attest it; reject it with “document unavailable or hash mismatch”."}
    </p>
  );
}
