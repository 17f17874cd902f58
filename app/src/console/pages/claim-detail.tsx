"use client";
/**
 * /console/claims/[id]: one claim: its status (indexer, confirmed by the chain's validity view), its document fetched
 * and hashed in this browser, its evidence, the verifiers' verdicts; for its issuer: ask a verifier (a plain Access
 * grant of the claim's evidence scope to that verifier, which is also how the verifier learns it was asked), withdraw
 * a request, and revoke the claim.
 */
import { accountGrant, claimKeyFigures, constellateAbis, findTopic, grantId, Permission, Role } from "@constellate/sdk";
import type { Claim } from "@constellate/sdk";
import Link from "next/link";
import { useEffect, useState } from "react";
import { getAddress, isAddressEqual } from "viem";
import type { Address, Hex } from "viem";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { useTransaction } from "../components/tx.tsx";
import {
  Badge,
  Button,
  EmptyState,
  Hash,
  Notice,
  PageTitle,
  Section,
  SelectField,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import {
  claimEvidenceScope,
  claimStatus,
  evidenceIndexOf,
  parseEvidenceIndex,
  reasonWords,
  sizeWords,
  topicTitle,
  vaultDocumentPath,
  vaultReadWords,
  verifiersForValidity,
} from "../lib/claims-status.ts";
import type { EvidenceIndex } from "../lib/claims-status.ts";
import {
  CLAIM_FIELDS,
  dayOf,
  HashCheck,
  indexedClaim,
  secondsOfDate,
  StatusBadge,
  StatusDetail,
  subjectWords,
  useClaimDocument,
  useClaimValidity,
  useNow,
  usePermissionProblem,
  verdictsOf,
} from "./claims-shared.tsx";
import type { AttestationRow, ClaimRow } from "./claims-shared.tsx";

const CLAIM_QUERY = `query Claim($id: ID!) { claim(id: $id) { ${CLAIM_FIELDS} } }`;

export function ClaimPage({ id }: { id: string }) {
  const session = useSession();
  const valid = /^0x[0-9a-fA-F]{64}$/.test(id);
  const { data, error, isLoading } = useGraph<{ claim: ClaimRow | null }>(
    ["claim", id],
    CLAIM_QUERY,
    { id: id.toLowerCase() },
    { enabled: valid },
  );
  const row = data?.claim ?? undefined;
  const isIssuer =
    row !== undefined && session.actingFor !== undefined && isAddressEqual(row.issuer.id as Address, session.actingFor);
  return (
    <div>
      <p className="text-sm">
        <Link className="text-indigo-700 underline" href="/console/claims">
          ← All claims
        </Link>
      </p>
      <PageTitle>{row !== undefined ? `${topicTitle(row.topic)} claim` : "Claim"}</PageTitle>
      <SignedIn>
        {!valid ? <Notice tone="error">“{id}” is not a claim id (0x and 64 hex digits).</Notice> : null}
        {error !== null ? <Notice tone="error">{error.message}</Notice> : null}
        {valid && !isLoading && data !== undefined && data.claim === null ? (
          <EmptyState title="The indexer knows no claim with this id.">
            If it was issued a moment ago, the indexer may still be catching up; reload in a few seconds. Claims of a
            batch are listed on their batch&apos;s page.
          </EmptyState>
        ) : null}
        {row !== undefined ? <ClaimBody row={row} isIssuer={isIssuer} /> : null}
      </SignedIn>
    </div>
  );
}

function ClaimBody({ row, isIssuer }: { row: ClaimRow; isIssuer: boolean }) {
  const now = useNow();
  const { claim, problem } = indexedClaim(row);
  const verifiers = verifiersForValidity(row.attestations.map((a) => ({ verifier: a.verifier.id })));
  const { validity, error } = useClaimValidity(claim, verifiers);
  const status = claimStatus(
    {
      revoked: row.revoked,
      revokedAt: row.revokedAt === null ? null : BigInt(row.revokedAt),
      validFrom: BigInt(row.validFrom),
      validUntil: row.validUntil === null ? null : BigInt(row.validUntil),
      issuedAt: BigInt(row.issuedAt),
      issuerCompromisedSince: row.issuer.compromisedSince === null ? null : BigInt(row.issuer.compromisedSince),
      verdicts: verdictsOf(row.attestations),
      now,
    },
    validity,
  );
  return (
    <>
      <Section title="Status">
        <div data-testid="claim-status">
          <StatusBadge status={status} />
          <StatusDetail status={status} />
        </div>
        <p className="mt-2 text-xs text-slate-600">
          {validity !== undefined
            ? "Confirmed just now with the chain's validity view (Claims.validity), counting the verdicts of the verifiers the indexer lists."
            : error !== null
              ? `The chain could not be asked (${error.message}); the status comes from the indexer alone.`
              : "Asking the chain…"}
        </p>
        {problem !== undefined ? <Notice tone="error">{problem}</Notice> : null}
      </Section>
      <ClaimFacts row={row} />
      {claim !== undefined ? <ClaimDocumentSection claim={claim} id={row.id} /> : null}
      <VerdictList rows={row.attestations} now={now} />
      {claim !== undefined ? (
        <EvidenceSection claim={claim} id={row.id} reader={isIssuer ? "issuer" : "other"} />
      ) : null}
      {isIssuer && claim !== undefined ? (
        <>
          <AskVerifier row={row} claim={claim} />
          <RevokeClaim row={row} />
        </>
      ) : null}
    </>
  );
}

export function ClaimFacts({ row }: { row: ClaimRow }) {
  return (
    <Section title="The claim">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="font-medium">Topic</dt>
        <dd>
          {topicTitle(row.topic)} <span className="text-slate-600">({findTopic(row.topic)?.key ?? row.topic})</span>
        </dd>
        <dt className="font-medium">About</dt>
        <dd>{subjectWords(row)}</dd>
        <dt className="font-medium">Issuer</dt>
        <dd>
          {row.issuer.name ?? "An unregistered account"} <Hash value={row.issuer.id} />
        </dd>
        <dt className="font-medium">Verifiers from</dt>
        <dd>{row.constellation !== null ? `#${row.constellation.id} ${row.constellation.name}` : "—"}</dd>
        <dt className="font-medium">Valid</dt>
        <dd>
          from {dayOf(BigInt(row.validFrom))}{" "}
          {row.validUntil === null ? "with no end" : `until ${dayOf(BigInt(row.validUntil))} (exclusive)`}
        </dd>
        <dt className="font-medium">Issued</dt>
        <dd>{dayOf(BigInt(row.issuedAt))}</dd>
        <dt className="font-medium">Claim id</dt>
        <dd>
          <Hash value={row.id} chars={10} />
        </dd>
        <dt className="font-medium">Document hash (SHA-256)</dt>
        <dd>
          <Hash value={row.documentHash} chars={10} />
        </dd>
        <dt className="font-medium">Document URI</dt>
        <dd className="break-all font-mono text-xs">{row.documentURI}</dd>
      </dl>
    </Section>
  );
}

export function ClaimDocumentSection({ claim, id }: { claim: Claim; id: string }) {
  const { loading, result } = useClaimDocument(claim, id);
  const figures = (() => {
    if (result?.document === undefined || !result.hashMatches) return [];
    try {
      return claimKeyFigures(result.document);
    } catch {
      return [];
    }
  })();
  const topic = result?.document !== undefined ? findTopic(result.document.topic) : undefined;
  return (
    <Section title="Document">
      <HashCheck result={result} loading={loading} />
      {result?.source !== undefined && result.text !== "" ? (
        <p className="mt-2 text-xs text-slate-600">
          Fetched from <span className="break-all font-mono">{result.source}</span>
          {result.hash !== undefined ? (
            <>
              ; SHA-256 computed here: <Hash value={result.hash} chars={10} />
            </>
          ) : null}
          .
        </p>
      ) : null}
      {topic !== undefined && result?.document !== undefined && result.hashMatches ? (
        <p className="mt-2 text-sm">{topic.describe(result.document.claim)}</p>
      ) : null}
      {figures.length > 0 ? (
        <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[16rem_1fr]">
          {figures.map((f) => (
            <div key={f.label} className="contents">
              <dt className="font-medium">{f.label}</dt>
              <dd>
                {f.value}
                {f.unit !== undefined ? ` ${f.unit}` : ""}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {result?.document !== undefined ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm text-indigo-700">The whole document (JSON)</summary>
          <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs">
            {JSON.stringify(result.document, null, 2)}
          </pre>
        </details>
      ) : null}
    </Section>
  );
}

function VerdictList({ rows, now }: { rows: AttestationRow[]; now: bigint }) {
  return (
    <Section title="Verdicts">
      {rows.length === 0 ? (
        <EmptyState title="No verifier has judged this claim yet.">
          The issuer asks a verifier (a company holding VERIFIER in the claim&apos;s constellation) below; the verifier
          then attests or rejects it.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {rows.map((a) => {
            const expired = a.expiresAt !== null && BigInt(a.expiresAt) <= now;
            return (
              <li key={a.id} className="py-2">
                <span className="font-medium">{a.verifier.name ?? a.verifier.id}</span>{" "}
                {a.verdict === "Attested" ? (
                  <Badge tone={expired ? "warn" : "good"}>
                    {expired
                      ? `attested; expired ${dayOf(BigInt(a.expiresAt!))}`
                      : `attested${a.expiresAt !== null ? ` until ${dayOf(BigInt(a.expiresAt))}` : ""}`}
                  </Badge>
                ) : a.verdict === "Rejected" ? (
                  <Badge tone="bad">rejected</Badge>
                ) : (
                  <Badge>withdrew its attestation</Badge>
                )}{" "}
                <span className="text-slate-600">on {dayOf(BigInt(a.givenAt))}</span>
                {a.verdict === "Rejected" ? <p className="text-slate-700">Reason: {reasonWords(a.reason)}</p> : null}
                {BigInt(a.evidenceHash) !== 0n ? (
                  <p className="text-xs text-slate-600">
                    Verifier&apos;s evidence hash: <Hash value={a.evidenceHash} />
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Evidence
// ---------------------------------------------------------------------------------------------------------------------

/** Reading a restricted document of the vault as the acting company (with a grant hint for a verifier). */
export function useVaultRead() {
  const session = useSession();
  return async (owner: string, sha: string, hint?: Hex): Promise<Response> => {
    const headers: Record<string, string> = {};
    if (
      session.actingFor !== undefined &&
      session.address !== undefined &&
      !isAddressEqual(session.actingFor, session.address)
    ) {
      headers["x-acting-for"] = session.actingFor;
    }
    if (hint !== undefined) headers["x-access-hint"] = `grant:${hint}`;
    return session.vaultFetch(vaultDocumentPath(owner, sha), { headers, cache: "no-store" });
  };
}

/**
 * The evidence of a claim (or batch): the index named in the document URI's fragment, read from the issuer's vault as
 * the acting company, then each file on request. `reader` "verifier" sends the grant the issuer made it as a hint.
 */
export function EvidenceSection({
  claim,
  id,
  reader,
  uri,
  scope,
}: {
  claim: Pick<Claim, "issuer" | "product" | "documentURI">;
  id: string;
  reader: "issuer" | "verifier" | "other";
  uri?: string;
  scope?: Hex;
}) {
  const session = useSession();
  const read = useVaultRead();
  const index = evidenceIndexOf(uri ?? claim.documentURI);
  const what = scope !== undefined ? "batch" : "claim";
  const evidenceScope = scope ?? claimEvidenceScope({ id, product: claim.product });
  const hint =
    reader === "verifier" && session.actingFor !== undefined
      ? grantId(accountGrant(claim.issuer, evidenceScope, session.actingFor))
      : undefined;
  const [state, setState] = useState<{ loading: boolean; index?: EvidenceIndex; refusal?: string }>({ loading: true });
  const [fileNote, setFileNote] = useState<string | undefined>();

  useEffect(() => {
    if (index === undefined || reader === "other") return;
    let cancelled = false;
    setState({ loading: true });
    void (async () => {
      try {
        const response = await read(claim.issuer, index, hint);
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
          if (!cancelled) setState({ loading: false, refusal: vaultReadWords(response.status, body?.error?.message) });
          return;
        }
        const parsed = parseEvidenceIndex(await response.json());
        if (!cancelled) setState({ loading: false, index: parsed });
      } catch (error) {
        if (!cancelled)
          setState({ loading: false, refusal: `The evidence index could not be read: ${(error as Error).message}` });
      }
    })();
    return () => {
      cancelled = true;
    };
    // Re-read when the reader or the acting company changes (read() is a new function every render).
  }, [index, reader, claim.issuer, hint, session.actingFor]);

  async function download(sha: string, name: string) {
    setFileNote(undefined);
    try {
      const response = await read(claim.issuer, sha, hint);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setFileNote(`${name}: ${vaultReadWords(response.status, body?.error?.message)}`);
        return;
      }
      // As a download, never rendered in the console's origin.
      const blob = new Blob([await response.arrayBuffer()], { type: "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name.replace(/[\\/]/g, "_");
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setFileNote(`${name}: downloaded.`);
    } catch (error) {
      setFileNote(`${name}: the vault cannot be reached (${(error as Error).message}).`);
    }
  }

  return (
    <Section title="Evidence">
      {index === undefined ? (
        <EmptyState title={`No evidence is attached to this ${what}.`}>
          Its issuer stored no evidence index with it (its {what === "batch" ? "manifest" : "document"} URI names none).
          A verifier may ask the issuer for evidence directly, or{" "}
          {what === "batch" ? "decline to attest the batch" : "reject the claim for insufficient evidence"}.
        </EmptyState>
      ) : reader === "other" ? (
        <p className="text-sm text-slate-700">
          The issuer keeps evidence for this {what} in its vault, restricted to the verifiers it asks.
        </p>
      ) : state.loading ? (
        <p className="text-sm text-slate-600">Reading the evidence index from the vault…</p>
      ) : state.refusal !== undefined ? (
        <Notice tone="warning">Evidence index: {state.refusal}</Notice>
      ) : state.index !== undefined ? (
        state.index.files.length === 0 ? (
          <EmptyState title="The evidence index lists no file." />
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Evidence files">
            {state.index.files.map((f) => (
              <li key={f.sha256} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {f.name}{" "}
                  <span className="text-slate-600">
                    ({f.contentType}, {sizeWords(f.size)})
                  </span>
                </span>
                <Button variant="secondary" onClick={() => void download(f.sha256, f.name)}>
                  Download {f.name}
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {fileNote !== undefined ? <Notice>{fileNote}</Notice> : null}
      {reader === "issuer" && index !== undefined ? (
        <p className="mt-2 text-xs text-slate-600">
          Restricted documents under this {what}&apos;s evidence scope <Hash value={evidenceScope} />: only your
          company, its operators holding ACCESS, and the verifiers you ask can read them.
        </p>
      ) : null}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Ask a verifier
// ---------------------------------------------------------------------------------------------------------------------

const VERIFIERS_QUERY = `query ClaimVerifiers($constellation: String!, $topic: ID!, $topicBytes: Bytes!) {
  memberships(where: { constellation: $constellation, active: true }, first: 500, orderBy: id) {
    id roles company { id name }
  }
  governedTopic(id: $topic) { governed }
  accreditations(where: { kind: VerifierTopic, subject: $topicBytes, revoked: false }, first: 500) {
    id expiresAt company { id } term { active }
  }
}`;

const REQUESTS_QUERY = `query VerificationRequests($owner: String!, $scope: Bytes!) {
  grants(where: { owner: $owner, scope: $scope, granteeKind: Account }, first: 100, orderBy: id) {
    id expiresAt revoked grantedAt grantee { id name }
  }
}`;

interface VerifiersData {
  memberships: { id: string; roles: number; company: { id: string; name: string | null } }[];
  governedTopic: { governed: boolean } | null;
  accreditations: { id: string; expiresAt: string; company: { id: string }; term: { active: boolean } }[];
}

interface RequestsData {
  grants: {
    id: string;
    expiresAt: string;
    revoked: boolean;
    grantedAt: string;
    grantee: { id: string; name: string | null } | null;
  }[];
}

function defaultGrantExpiry(): string {
  return new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
}

/** Companies that may verify claims of `topic` in `constellation`, from the indexer (candidates for the issuer). */
export function useVerifierCandidates(constellation: string | undefined, topic: string, issuer: string) {
  const now = useNow();
  const query = useGraph<VerifiersData>(
    ["verifier-candidates", constellation, topic],
    VERIFIERS_QUERY,
    { constellation: constellation ?? "", topic: topic.toLowerCase(), topicBytes: topic.toLowerCase() },
    { enabled: constellation !== undefined },
  );
  const data = query.data;
  const governed = data?.governedTopic?.governed === true;
  const accredited = new Set(
    (data?.accreditations ?? [])
      .filter((a) => a.term.active && BigInt(a.expiresAt) > now)
      .map((a) => a.company.id.toLowerCase()),
  );
  const candidates = (data?.memberships ?? [])
    .filter((m) => (m.roles & Role.VERIFIER) !== 0)
    .map((m) => {
      const id = m.company.id.toLowerCase();
      const problem =
        id === issuer.toLowerCase()
          ? "it is the issuer: nobody verifies its own claim"
          : governed && !accredited.has(id)
            ? "not accredited for this topic, which is under accreditation"
            : undefined;
      return { address: getAddress(id), name: m.company.name ?? id, problem };
    });
  return { candidates, governed, isLoading: query.isLoading, error: query.error };
}

/** What a request to verify is about: a single claim, or a batch. */
export interface VerifyTarget {
  issuer: string;
  constellation: { id: string; name: string } | null;
  topic: string;
  /** The evidence scope (the grant's scope). */
  scope: Hex;
  revoked: boolean;
  /** "claim" or "batch", for the words. */
  what: "claim" | "batch";
}

function AskVerifier({ row, claim }: { row: ClaimRow; claim: Claim }) {
  return (
    <AskVerifierSection
      target={{
        issuer: row.issuer.id,
        constellation: row.constellation,
        topic: row.topic,
        scope: claimEvidenceScope({ id: row.id, product: claim.product }),
        revoked: row.revoked,
        what: "claim",
      }}
    />
  );
}

/** The issuer asks a verifier to verify a claim or a batch: a plain Access grant of its evidence scope. */
export function AskVerifierSection({ target }: { target: VerifyTarget }) {
  const session = useSession();
  const contracts = useContracts();
  const tx = useTransaction();
  const revokeTx = useTransaction();
  const now = useNow();
  const permission = usePermissionProblem(
    Permission.ACCESS,
    "ask a verifier (asking grants it access to your evidence)",
  );
  const { scope } = target;
  const row = {
    constellation: target.constellation,
    topic: target.topic,
    revoked: target.revoked,
    issuer: { id: target.issuer },
  };
  const { candidates, governed, error } = useVerifierCandidates(row.constellation?.id, row.topic, row.issuer.id);
  const requests = useGraph<RequestsData>(["verification-requests", scope], REQUESTS_QUERY, {
    owner: row.issuer.id.toLowerCase(),
    scope,
  });
  const [verifier, setVerifier] = useState("");
  const [until, setUntil] = useState(defaultGrantExpiry);
  const chosen = candidates.find((c) => c.address === verifier);

  // Fresh from the chain: does the chosen company hold VERIFIER now, and may it verify the topic?
  const hasRole = useReadContract({
    address: contracts.Constellations.address,
    abi: constellateAbis.Constellations,
    functionName: "hasRoles",
    args:
      chosen === undefined || row.constellation === null
        ? undefined
        : [BigInt(row.constellation.id), chosen.address, Role.VERIFIER],
    query: { enabled: chosen !== undefined && row.constellation !== null },
  });
  const mayVerify = useReadContract({
    address: contracts.Accreditations.address,
    abi: constellateAbis.Accreditations,
    functionName: "canVerifyTopic",
    args: chosen === undefined ? undefined : [chosen.address, row.topic as Hex],
    query: { enabled: chosen !== undefined },
  });
  const untilSeconds = secondsOfDate(until);
  const live = (requests.data?.grants ?? []).filter((g) => !g.revoked && BigInt(g.expiresAt) > now);
  const already =
    chosen !== undefined &&
    live.some((g) => g.grantee !== null && isAddressEqual(g.grantee.id as Address, chosen.address));

  const problem =
    permission ??
    (row.revoked ? `The ${target.what} is revoked: there is nothing left to verify.` : undefined) ??
    (chosen === undefined ? "Choose a verifier." : undefined) ??
    (chosen?.problem !== undefined ? `${chosen.name} cannot verify this claim: ${chosen.problem}.` : undefined) ??
    (hasRole.data === false
      ? `${chosen?.name} no longer holds VERIFIER in the ${target.what}'s constellation (the chain says so).`
      : undefined) ??
    (mayVerify.data === false
      ? `${chosen?.name} is not accredited for this topic now (the chain says so).`
      : undefined) ??
    (untilSeconds === undefined ? "Enter until when the verifier may read the evidence." : undefined) ??
    (untilSeconds !== undefined && untilSeconds <= now ? "The access must end in the future." : undefined) ??
    (already
      ? `${chosen?.name} was asked already (its access is live); withdraw that request first to change it.`
      : undefined);

  async function ask() {
    if (problem !== undefined || chosen === undefined || untilSeconds === undefined) return;
    const grant = accountGrant(row.issuer.id, scope, chosen.address);
    await tx.run(
      { contract: "Access", functionName: "grantAccess", args: [grant, untilSeconds] },
      `Ask ${chosen.name} to verify`,
    );
  }

  return (
    <Section title="Ask a verifier">
      <p className="text-sm text-slate-700">
        Asking a verifier grants it, on the chain, read access to this {target.what}&apos;s evidence in your vault until
        the date you choose (Access.grantAccess for the {target.what}&apos;s evidence scope). The verifier&apos;s inbox
        shows the request, and its vault reads work at once.
        {governed ? " This topic is under accreditation: only accredited verifiers can judge it." : ""}
      </p>
      {error !== null ? <Notice tone="error">{error.message}</Notice> : null}
      {candidates.length === 0 ? (
        <EmptyState title={`The ${target.what}'s constellation has no verifier.`}>
          A verifier is a company holding the VERIFIER role in the constellation. An admin of{" "}
          {row.constellation?.name ?? "the constellation"} invites one (it must accept the role).
        </EmptyState>
      ) : (
        <>
          <SelectField label="Verifier" value={verifier} onChange={(e) => setVerifier(e.target.value)}>
            <option value="">Choose a verifier…</option>
            {candidates.map((c) => (
              <option key={c.address} value={c.address}>
                {c.name}
                {c.problem !== undefined ? ` (cannot: ${c.problem})` : ""}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Evidence readable until"
            type="date"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            hint="The grant ends at 00:00 UTC on this day; you can withdraw it sooner."
          />
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <Button disabled={problem !== undefined || tx.busy} onClick={() => void ask()}>
              Ask to verify
            </Button>
            {problem !== undefined && verifier !== "" ? (
              <span className="text-sm text-slate-700">{problem}</span>
            ) : null}
          </div>
          <TxStatus tx={tx} />
        </>
      )}
      <h3 className="mt-4 text-sm font-semibold">Requests sent</h3>
      {live.length === 0 ? (
        <p className="text-sm text-slate-600">No verifier holds a live request for this {target.what}.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {live.map((g) => (
            <li key={g.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {g.grantee?.name ?? g.grantee?.id ?? "?"}: asked {dayOf(BigInt(g.grantedAt))}, may read the evidence
                until {dayOf(BigInt(g.expiresAt))}
              </span>
              <Button
                variant="secondary"
                disabled={revokeTx.busy || permission !== undefined}
                onClick={() =>
                  void revokeTx.run(
                    { contract: "Access", functionName: "revokeAccess", args: [g.id as Hex] },
                    `Withdraw the request to ${g.grantee?.name ?? "the verifier"}`,
                  )
                }
              >
                Withdraw request to {g.grantee?.name ?? "verifier"}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <TxStatus tx={revokeTx} />
      {session.acting?.relation === "operator" ? (
        <p className="mt-2 text-xs text-slate-600">You act as an operator: the grant is made for your company.</p>
      ) : null}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Revoke
// ---------------------------------------------------------------------------------------------------------------------

function RevokeClaim({ row }: { row: ClaimRow }) {
  const tx = useTransaction();
  const permission = usePermissionProblem(Permission.CLAIMS, "revoke claims");
  const [confirming, setConfirming] = useState(false);
  const contracts = useContracts();
  // Fresh from the chain: revoked already?
  const record = useReadContract({
    address: contracts.Claims.address,
    abi: constellateAbis.Claims,
    functionName: "claimOf",
    args: [row.id as Hex],
  });
  const revokedOnChain = record.data !== undefined && Number(record.data.revokedAt) !== 0;
  const problem = permission ?? (row.revoked || revokedOnChain ? "The claim is revoked already." : undefined);
  return (
    <Section title="Revoke">
      <p className="text-sm text-slate-700">
        Revoking marks the claim as no longer valid from now on, for everyone: pages and verifiers see it revoked. Its
        record and history stay on the chain. It cannot be undone; issue a new claim instead.
      </p>
      {confirming ? (
        <div className="mt-3 flex flex-wrap gap-2">
          <Button
            variant="danger"
            disabled={problem !== undefined || tx.busy}
            onClick={() =>
              void tx
                .run({ contract: "Claims", functionName: "revoke", args: [row.id as Hex] }, "Revoke the claim")
                .then(() => setConfirming(false))
            }
          >
            Yes, revoke this claim
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </div>
      ) : (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Button variant="danger" disabled={problem !== undefined || tx.busy} onClick={() => setConfirming(true)}>
            Revoke claim
          </Button>
          {problem !== undefined ? <span className="text-sm text-slate-700">{problem}</span> : null}
        </div>
      )}
      <TxStatus tx={tx} />
    </Section>
  );
}
