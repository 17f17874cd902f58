"use client";
/**
 * /console/verification: the verifier's inbox, for the acting company.
 *  - Requests: grants the company received whose scope is the evidence scope of a claim or batch (the issuer asked it
 *    to verify; recomputed here for the claims of the granting issuers and matched with the grants).
 *  - Claims and batches waiting in the constellations where it holds VERIFIER, without its verdict; several single
 *    claims can be attested one after another, each after its document's hash is checked in this browser.
 *  - Its past verdicts, with withdrawal of an attestation.
 */
import { Permission, Role } from "@constellate/sdk";
import Link from "next/link";
import { useMemo, useState } from "react";
import { isAddressEqual, zeroHash } from "viem";
import type { Address, Hex } from "viem";

import { useConsoleConfig } from "../components/config-context.tsx";
import { useCursorPages, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { useTransaction } from "../components/tx.tsx";
import {
  Badge,
  Button,
  EmptyState,
  Notice,
  PageTitle,
  Pager,
  Section,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import {
  batchEvidenceScope,
  claimEvidenceScope,
  claimOfIndexed,
  claimStatus,
  reasonName,
  topicTitle,
} from "../lib/claims-status.ts";
import {
  BATCH_FIELDS,
  CLAIM_FIELDS,
  dayOf,
  fetchClaimDocument,
  secondsOfDate,
  StatusBadge,
  subjectWords,
  useNow,
  usePermissionProblem,
  verdictsOf,
} from "./claims-shared.tsx";
import type { BatchRowEntity, ClaimRow } from "./claims-shared.tsx";

const ROLES_QUERY = `query VerifierRoles($company: String!) {
  memberships(where: { company: $company, active: true }, first: 500, orderBy: id) {
    id roles constellation { id name }
  }
  accreditations(where: { company: $company, kind: VerifierTopic, revoked: false }, first: 200) {
    id subject expiresAt term { active }
  }
}`;

const REQUESTS_QUERY = `query VerificationRequests($company: String!, $now: BigInt!) {
  grants(where: { grantee: $company, revoked: false, expiresAt_gt: $now }, first: 500, orderBy: id) {
    id scope expiresAt grantedAt owner { id name }
  }
}`;

const REQUESTED_QUERY = `query RequestedClaims($owners: [String!]!, $me: String!) {
  claims(where: { issuer_in: $owners, revoked: false }, first: 1000, orderBy: id) {
    ${CLAIM_FIELDS}
    mine: attestations(where: { verifier: $me }) { id verdict }
  }
  claimBatches(where: { issuer_in: $owners, revoked: false }, first: 500, orderBy: id) {
    ${BATCH_FIELDS}
    mine: attestations(where: { verifier: $me }) { id verdict }
  }
}`;

const WAITING_CLAIMS = `query WaitingClaims($constellations: [String!]!, $me: String!, $first: Int!, $after: Bytes!) {
  claims(where: { constellation_in: $constellations, revoked: false, id_gt: $after }, orderBy: id, first: $first) {
    ${CLAIM_FIELDS}
    mine: attestations(where: { verifier: $me }) { id verdict }
  }
}`;

const WAITING_BATCHES = `query WaitingBatches($constellations: [String!]!, $me: String!, $first: Int!, $after: Bytes!) {
  claimBatches(where: { constellation_in: $constellations, revoked: false, id_gt: $after }, orderBy: id, first: $first) {
    ${BATCH_FIELDS}
    mine: attestations(where: { verifier: $me }) { id verdict }
  }
}`;

const PAST_VERDICTS = `query PastVerdicts($me: String!, $first: Int!, $after: Bytes!) {
  attestations(where: { verifier: $me, id_gt: $after }, orderBy: id, first: $first) {
    id target verdict reason expiresAt givenAt withdrawnAt
    claim { id topic subjectKind product { id gtin14 brand namespace } batch { lot } item { serial } issuer { id name compromisedSince } }
    batch { id topic count issuer { id name } }
  }
}`;

type Mine = { mine: { id: string; verdict: string }[] };
type WaitingClaim = ClaimRow & Mine;
type WaitingBatch = BatchRowEntity & Mine;

interface RolesData {
  memberships: { id: string; roles: number; constellation: { id: string; name: string } }[];
  accreditations: { id: string; subject: string; expiresAt: string; term: { active: boolean } }[];
}

interface RequestsData {
  grants: {
    id: string;
    scope: string;
    expiresAt: string;
    grantedAt: string;
    owner: { id: string; name: string | null };
  }[];
}

interface PastVerdict {
  id: string;
  target: string;
  verdict: "Attested" | "Rejected" | "Withdrawn";
  reason: number | null;
  expiresAt: string | null;
  givenAt: string;
  withdrawnAt: string | null;
  claim: Pick<ClaimRow, "id" | "topic" | "subjectKind" | "product" | "batch" | "item" | "issuer"> | null;
  batch: { id: string; topic: string; count: string; issuer: { id: string; name: string | null } } | null;
}

export function VerificationInbox() {
  const session = useSession();
  const me = session.actingFor?.toLowerCase() ?? "";
  const roles = useGraph<RolesData>(["verifier-roles", me], ROLES_QUERY, { company: me }, { enabled: me !== "" });
  const verifierIn = (roles.data?.memberships ?? []).filter((m) => (m.roles & Role.VERIFIER) !== 0);
  const now = useNow();
  const topics = (roles.data?.accreditations ?? []).filter((a) => a.term.active && BigInt(a.expiresAt) > now);
  return (
    <div>
      <PageTitle intro="Claims you are asked to verify and claims waiting in the constellations where your company is a verifier. Open a claim to check its document against the hash on chain, read the evidence its issuer granted you, and attest or reject it.">
        Verification
      </PageTitle>
      <SignedIn needsCompany>
        <Section title="Where you verify">
          {roles.error !== null ? <Notice tone="error">{roles.error.message}</Notice> : null}
          {roles.data === undefined ? (
            <p className="text-sm text-slate-600">Loading…</p>
          ) : verifierIn.length === 0 ? (
            <EmptyState title="Your company holds the VERIFIER role in no constellation.">
              Verifiers judge the claims of a constellation&apos;s products. An admin of a constellation invites your
              company as VERIFIER; accept the role on the{" "}
              <Link className="underline" href="/console/constellations">
                Constellations
              </Link>{" "}
              page. Topics under accreditation also need an accreditation for the topic.
            </EmptyState>
          ) : (
            <p className="text-sm">
              VERIFIER in {verifierIn.map((m) => `#${m.constellation.id} ${m.constellation.name}`).join(", ")}.
              {topics.length > 0
                ? ` Accredited for ${topics.map((t) => topicTitle(t.subject)).join(", ")}.`
                : " No topic accreditation (topics under accreditation are not yours to judge)."}
            </p>
          )}
        </Section>
        {me !== "" ? <Requests me={me} /> : null}
        {me !== "" && verifierIn.length > 0 ? (
          <>
            <WaitingClaims me={me} constellations={verifierIn.map((m) => m.constellation.id)} />
            <WaitingBatches me={me} constellations={verifierIn.map((m) => m.constellation.id)} />
          </>
        ) : null}
        {me !== "" ? <PastVerdicts me={me} /> : null}
      </SignedIn>
    </div>
  );
}

function judged(row: Mine): boolean {
  return row.mine.some((m) => m.verdict === "Attested" || m.verdict === "Rejected");
}

function Requests({ me }: { me: string }) {
  const now = useNow();
  // Rounded to the minute so that the query key does not change with every tick.
  const minute = (now / 60n) * 60n;
  const grants = useGraph<RequestsData>(["verifier-grants", me, minute.toString()], REQUESTS_QUERY, {
    company: me,
    now: minute.toString(),
  });
  const owners = [...new Set((grants.data?.grants ?? []).map((g) => g.owner.id.toLowerCase()))].sort();
  const claims = useGraph<{ claims: WaitingClaim[]; claimBatches: WaitingBatch[] }>(
    ["requested-claims", me, owners.join(",")],
    REQUESTED_QUERY,
    { owners, me },
    { enabled: owners.length > 0 },
  );
  const requests = useMemo(() => {
    const byKey = new Map(
      (grants.data?.grants ?? []).map((g) => [`${g.owner.id.toLowerCase()}:${g.scope.toLowerCase()}`, g]),
    );
    const found: {
      key: string;
      kind: "claim" | "batch";
      grant: RequestsData["grants"][number];
      claim?: WaitingClaim;
      batch?: WaitingBatch;
    }[] = [];
    for (const c of claims.data?.claims ?? []) {
      const scope = claimEvidenceScope({ id: c.id, product: (c.product?.id ?? zeroHash) as Hex });
      const grant = byKey.get(`${c.issuer.id.toLowerCase()}:${scope}`);
      if (grant !== undefined) found.push({ key: c.id, kind: "claim", grant, claim: c });
    }
    for (const b of claims.data?.claimBatches ?? []) {
      const grant = byKey.get(`${b.issuer.id.toLowerCase()}:${batchEvidenceScope(b.id)}`);
      if (grant !== undefined) found.push({ key: b.id, kind: "batch", grant, batch: b });
    }
    return found;
  }, [grants.data, claims.data]);
  return (
    <Section title="Requests addressed to you">
      {grants.error !== null ? <Notice tone="error">{grants.error.message}</Notice> : null}
      {claims.error !== null ? <Notice tone="error">{claims.error.message}</Notice> : null}
      {grants.data === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : requests.length === 0 ? (
        <EmptyState title="No issuer has asked you to verify a claim.">
          When an issuer asks your company, the claim appears here and its evidence is readable for you at once. You can
          also judge the claims waiting below.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Requests">
          {requests.map((r) => (
            <li key={r.key} className="flex flex-wrap items-center justify-between gap-2 py-2" data-request={r.key}>
              <span>
                <span className="font-medium">{r.grant.owner.name ?? r.grant.owner.id}</span> asks you to verify{" "}
                {r.kind === "claim" && r.claim !== undefined
                  ? `its ${topicTitle(r.claim.topic).toLowerCase()} claim about ${subjectWords(r.claim)}`
                  : `its batch of ${r.batch?.count} ${topicTitle(r.batch?.topic ?? "").toLowerCase()} claims`}{" "}
                <span className="text-slate-600">
                  (asked {dayOf(BigInt(r.grant.grantedAt))}; evidence readable until {dayOf(BigInt(r.grant.expiresAt))})
                </span>{" "}
                {judged(r.claim ?? r.batch!) ? (
                  <Badge tone="good">you judged it</Badge>
                ) : (
                  <Badge tone="info">waiting for you</Badge>
                )}
              </span>
              <Link
                className="text-indigo-700 underline"
                href={
                  r.kind === "claim"
                    ? `/console/verification/claims/${r.key}`
                    : `/console/verification/batches/${r.key}`
                }
              >
                Open the request
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function WaitingClaims({ me, constellations }: { me: string; constellations: string[] }) {
  const now = useNow();
  const config = useConsoleConfig();
  const session = useSession();
  const tx = useTransaction();
  const permission = usePermissionProblem(Permission.VERIFY, "give verdicts");
  const pages = useCursorPages<WaitingClaim>(
    ["waiting-claims", me, constellations.join(",")],
    WAITING_CLAIMS,
    (data: { claims: WaitingClaim[] }) => data.claims,
    { constellations, me },
    25,
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [expiry, setExpiry] = useState("");
  const [progress, setProgress] = useState<
    { done: number; total: number; current?: string; results: string[] } | undefined
  >();
  const rows = (pages.rows ?? []).filter(
    (c) =>
      !judged(c) &&
      !isAddressEqual(c.issuer.id as Address, me as Address) &&
      (c.validUntil === null || BigInt(c.validUntil) > now),
  );
  const expiresAt = expiry === "" ? 0n : secondsOfDate(expiry);
  const expiryProblem =
    expiry !== "" && (expiresAt === undefined || expiresAt <= now)
      ? "The expiry must be a future date (or empty)."
      : undefined;
  const busy = progress !== undefined && progress.done < progress.total;

  async function attestSelected() {
    const chosen = rows.filter((r) => selected.has(r.id));
    const results: string[] = [];
    setProgress({ done: 0, total: chosen.length, results });
    for (const [i, row] of chosen.entries()) {
      const name = `${topicTitle(row.topic)} claim about ${subjectWords(row)}`;
      setProgress({ done: i, total: chosen.length, current: name, results: [...results] });
      let claim;
      try {
        claim = claimOfIndexed(row);
      } catch (error) {
        results.push(`${name}: skipped (${(error as Error).message}).`);
        continue;
      }
      const document = await fetchClaimDocument(config.vaultOrigin, claim);
      if (!document.hashMatches || !document.fieldsMatch) {
        results.push(
          `${name}: skipped: its document ${document.problem ?? "does not match the hash on chain"}. Open it to reject it.`,
        );
        continue;
      }
      const receipt = await tx.run(
        { contract: "Claims", functionName: "attest", args: [claim, zeroHash, expiresAt ?? 0n] },
        `Attest ${name} (${i + 1} of ${chosen.length})`,
      );
      results.push(
        receipt !== undefined ? `${name}: attested (hash checked).` : `${name}: not attested (see the reason above).`,
      );
    }
    setProgress({ done: chosen.length, total: chosen.length, results: [...results] });
    setSelected(new Set());
  }

  return (
    <Section title="Claims waiting in your constellations">
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : rows.length === 0 ? (
        <EmptyState title="No claim waits for your verdict on this page.">
          Claims your company already judged are under “Your verdicts”; expired and revoked claims take no verdict.
          {pages.hasNext ? " Later pages may hold more." : ""}
        </EmptyState>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Claims waiting">
            {rows.map((c) => {
              const status = claimStatus({
                revoked: c.revoked,
                validFrom: BigInt(c.validFrom),
                validUntil: c.validUntil === null ? null : BigInt(c.validUntil),
                issuedAt: BigInt(c.issuedAt),
                issuerCompromisedSince: c.issuer.compromisedSince === null ? null : BigInt(c.issuer.compromisedSince),
                verdicts: verdictsOf(c.attestations),
                now,
              });
              const label = `${topicTitle(c.topic)} claim about ${subjectWords(c)} by ${c.issuer.name ?? c.issuer.id}`;
              return (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-claim={c.id}>
                  <label className="flex items-start gap-2">
                    <input
                      type="checkbox"
                      className="mt-1"
                      checked={selected.has(c.id)}
                      disabled={busy}
                      aria-label={`Select the ${label}`}
                      onChange={(e) =>
                        setSelected((s) => {
                          const next = new Set(s);
                          if (e.target.checked) next.add(c.id);
                          else next.delete(c.id);
                          return next;
                        })
                      }
                    />
                    <span>
                      {label}{" "}
                      <span className="text-slate-600">
                        (in {c.constellation?.name ?? "?"}, issued {dayOf(BigInt(c.issuedAt))})
                      </span>{" "}
                      <StatusBadge status={status} />
                    </span>
                  </label>
                  <Link
                    className="text-indigo-700 underline"
                    href={`/console/verification/claims/${c.id}`}
                    aria-label={`Open the ${label}`}
                  >
                    Open
                  </Link>
                </li>
              );
            })}
          </ul>
          <div className="mt-3 rounded-md border border-slate-200 p-3">
            <p className="text-sm text-slate-700">
              Attest several claims one after another: each claim&apos;s document is fetched and hashed first, and a
              claim whose document does not match its hash is skipped. Open a claim to read its evidence or to reject
              it.
            </p>
            <TextField
              label="Attestations expire on (optional)"
              type="date"
              value={expiry}
              problem={expiryProblem}
              onChange={(e) => setExpiry(e.target.value)}
            />
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <Button
                disabled={
                  selected.size === 0 ||
                  busy ||
                  expiryProblem !== undefined ||
                  permission !== undefined ||
                  session.acting === undefined
                }
                onClick={() => void attestSelected()}
              >
                Attest {selected.size} selected claim{selected.size === 1 ? "" : "s"}
              </Button>
              {permission !== undefined ? <span className="text-sm">{permission}</span> : null}
            </div>
          </div>
        </>
      )}
      {progress !== undefined ? (
        <div role="status" className="mt-3 text-sm">
          <p>
            {progress.done < progress.total
              ? `Attesting ${progress.done + 1} of ${progress.total}: ${progress.current ?? ""}`
              : `Done: ${progress.total} claim${progress.total === 1 ? "" : "s"} handled.`}
          </p>
          <progress className="w-full" max={progress.total} value={progress.done} aria-label="Attestation progress" />
          <ul className="list-disc pl-5">
            {progress.results.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <TxStatus tx={tx} />
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}

function WaitingBatches({ me, constellations }: { me: string; constellations: string[] }) {
  const pages = useCursorPages<WaitingBatch>(
    ["waiting-batches", me, constellations.join(",")],
    WAITING_BATCHES,
    (data: { claimBatches: WaitingBatch[] }) => data.claimBatches,
    { constellations, me },
    20,
  );
  const rows = (pages.rows ?? []).filter((b) => !judged(b) && !isAddressEqual(b.issuer.id as Address, me as Address));
  return (
    <Section title="Batches waiting in your constellations">
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : rows.length === 0 ? (
        <EmptyState title="No batch of claims waits for your verdict on this page." />
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {rows.map((b) => (
            <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {b.issuer.name ?? b.issuer.id}: {b.count} {topicTitle(b.topic).toLowerCase()} claims in{" "}
                {b.constellation.name}, issued {dayOf(BigInt(b.issuedAt))}
              </span>
              <Link className="text-indigo-700 underline" href={`/console/verification/batches/${b.id}`}>
                Open the batch
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}

function PastVerdicts({ me }: { me: string }) {
  const tx = useTransaction();
  const now = useNow();
  const permission = usePermissionProblem(Permission.VERIFY, "withdraw attestations");
  const pages = useCursorPages<PastVerdict>(
    ["past-verdicts", me],
    PAST_VERDICTS,
    (data: { attestations: PastVerdict[] }) => data.attestations,
    { me },
    20,
  );
  return (
    <Section title="Your verdicts">
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : pages.rows.length === 0 ? (
        <EmptyState title="Your company has given no verdict yet.">
          Open a claim above to attest or reject it.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Your verdicts">
          {pages.rows.map((v) => {
            const what =
              v.claim !== null
                ? `${topicTitle(v.claim.topic)} claim about ${subjectWords(v.claim)} by ${v.claim.issuer.name ?? v.claim.issuer.id}`
                : v.batch !== null
                  ? `batch of ${v.batch.count} ${topicTitle(v.batch.topic).toLowerCase()} claims by ${v.batch.issuer.name ?? v.batch.issuer.id}`
                  : v.target;
            const href =
              v.claim !== null
                ? `/console/verification/claims/${v.claim.id}`
                : `/console/verification/batches/${v.target}`;
            const expired = v.expiresAt !== null && BigInt(v.expiresAt) <= now;
            return (
              <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-verdict={v.target}>
                <span>
                  <Link className="underline" href={href}>
                    {what}
                  </Link>
                  :{" "}
                  {v.verdict === "Attested" ? (
                    <Badge tone={expired ? "warn" : "good"}>
                      attested {dayOf(BigInt(v.givenAt))}
                      {v.expiresAt !== null ? `${expired ? ", expired" : ", until"} ${dayOf(BigInt(v.expiresAt))}` : ""}
                    </Badge>
                  ) : v.verdict === "Rejected" ? (
                    <Badge tone="bad">
                      rejected {dayOf(BigInt(v.givenAt))}: {reasonName(v.reason)}
                    </Badge>
                  ) : (
                    <Badge>withdrawn {v.withdrawnAt !== null ? dayOf(BigInt(v.withdrawnAt)) : ""}</Badge>
                  )}
                </span>
                {v.verdict === "Attested" ? (
                  <Button
                    variant="secondary"
                    disabled={tx.busy || permission !== undefined}
                    onClick={() =>
                      void tx.run(
                        { contract: "Claims", functionName: "withdraw", args: [v.target as Hex] },
                        "Withdraw your attestation",
                      )
                    }
                    aria-label={`Withdraw your attestation of the ${what}`}
                  >
                    Withdraw
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <TxStatus tx={tx} />
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}
