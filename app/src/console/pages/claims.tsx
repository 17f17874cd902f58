"use client";
/**
 * /console/claims: the acting company's claims and batches of claims (GraphQL, paged), each with its status in words,
 * computed from the indexer and confirmed with the chain's validity view for the rows shown; and the forms to issue a
 * claim or a batch of claims.
 */
import Link from "next/link";
import { useState } from "react";

import { useCursorPages } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { Button, EmptyState, Notice, PageTitle, Pager, Section } from "../components/ui.tsx";
import { claimStatus, topicTitle, verifiersForValidity } from "../lib/claims-status.ts";
import { IssueClaimForm } from "./claim-form.tsx";
import { IssueBatchForm } from "./claims-batch.tsx";
import {
  BATCH_FIELDS,
  CLAIM_FIELDS,
  dayOf,
  indexedClaim,
  StatusBadge,
  StatusDetail,
  subjectWords,
  useClaimValidity,
  useNow,
  verdictsOf,
} from "./claims-shared.tsx";
import type { BatchRowEntity, ClaimRow } from "./claims-shared.tsx";

const MY_CLAIMS = `query MyClaims($issuer: String!, $first: Int!, $after: Bytes!) {
  claims(where: { issuer: $issuer, id_gt: $after }, orderBy: id, first: $first) { ${CLAIM_FIELDS} }
}`;

const MY_BATCHES = `query MyClaimBatches($issuer: String!, $first: Int!, $after: Bytes!) {
  claimBatches(where: { issuer: $issuer, id_gt: $after }, orderBy: id, first: $first) { ${BATCH_FIELDS} }
}`;

export function ClaimsPage() {
  const [open, setOpen] = useState<"none" | "claim" | "batch">("none");
  return (
    <div>
      <PageTitle intro="ESG claims your company issued: each claim document is salted, canonicalised and hashed in your browser, stored in your vault, and its hash anchored on the chain. Ask a verifier to attest a claim; see who did.">
        Claims
      </PageTitle>
      <SignedIn needsCompany>
        <div className="mt-4 flex flex-wrap gap-2">
          <Button
            variant={open === "claim" ? "secondary" : "primary"}
            onClick={() => setOpen(open === "claim" ? "none" : "claim")}
          >
            {open === "claim" ? "Close the claim form" : "Issue a claim"}
          </Button>
          <Button
            variant={open === "batch" ? "secondary" : "primary"}
            onClick={() => setOpen(open === "batch" ? "none" : "batch")}
          >
            {open === "batch" ? "Close the batch form" : "Issue a batch of claims"}
          </Button>
        </div>
        {open === "claim" ? (
          <Section title="Issue a claim">
            <IssueClaimForm />
          </Section>
        ) : null}
        {open === "batch" ? (
          <Section title="Issue a batch of claims">
            <IssueBatchForm />
          </Section>
        ) : null}
        <MyClaims />
        <MyBatches />
      </SignedIn>
    </div>
  );
}

function MyClaims() {
  const session = useSession();
  const issuer = session.actingFor?.toLowerCase() ?? "";
  const pages = useCursorPages<ClaimRow>(
    ["my-claims", issuer],
    MY_CLAIMS,
    (data: { claims: ClaimRow[] }) => data.claims,
    { issuer },
    20,
    { enabled: issuer !== "" },
  );
  return (
    <Section title="Your claims">
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading your claims…</p>
      ) : pages.rows.length === 0 ? (
        <EmptyState title="Your company has issued no claim yet.">
          Use “Issue a claim” above: pick a product (or your company), a topic, fill in the form the topic&apos;s schema
          generates, and attach your evidence.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Your claims, with their status confirmed on the chain</caption>
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-600">
              <tr>
                <th className="py-2 pr-3">Topic</th>
                <th className="py-2 pr-3">Subject</th>
                <th className="py-2 pr-3">Valid</th>
                <th className="py-2 pr-3">Status</th>
                <th className="py-2">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pages.rows.map((row) => (
                <ClaimListRow key={row.id} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}

function ClaimListRow({ row }: { row: ClaimRow }) {
  const now = useNow();
  const { claim, problem } = indexedClaim(row);
  const verifiers = verifiersForValidity(row.attestations.map((a) => ({ verifier: a.verifier.id })));
  const { validity } = useClaimValidity(claim, verifiers);
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
    <tr className="border-b border-slate-100 align-top" data-claim={row.id}>
      <td className="py-2 pr-3">{topicTitle(row.topic)}</td>
      <td className="py-2 pr-3">{subjectWords(row)}</td>
      <td className="py-2 pr-3 whitespace-nowrap">
        {dayOf(BigInt(row.validFrom))} – {row.validUntil === null ? "no end" : dayOf(BigInt(row.validUntil))}
      </td>
      <td className="py-2 pr-3">
        <StatusBadge status={status} />
        <StatusDetail status={status} />
        {problem !== undefined ? <p className="text-xs text-red-700">{problem}</p> : null}
      </td>
      <td className="py-2">
        <Link
          className="text-indigo-700 underline"
          href={`/console/claims/${row.id}`}
          aria-label={`Open the ${topicTitle(row.topic)} claim about ${subjectWords(row)}`}
        >
          Open
        </Link>
      </td>
    </tr>
  );
}

function MyBatches() {
  const session = useSession();
  const issuer = session.actingFor?.toLowerCase() ?? "";
  const now = useNow();
  const pages = useCursorPages<BatchRowEntity>(
    ["my-claim-batches", issuer],
    MY_BATCHES,
    (data: { claimBatches: BatchRowEntity[] }) => data.claimBatches,
    { issuer },
    20,
    { enabled: issuer !== "" },
  );
  return (
    <Section title="Your batches of claims">
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading your batches…</p>
      ) : pages.rows.length === 0 ? (
        <EmptyState title="No batch of claims yet.">
          Use “Issue a batch of claims” above to anchor many claims of one topic in one transaction (from a table or a
          CSV file).
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {pages.rows.map((b) => {
            const live = verdictsOf(b.attestations).filter(
              (v) =>
                v.verdict === "Attested" && (v.expiresAt === null || v.expiresAt === undefined || v.expiresAt > now),
            );
            return (
              <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-batch={b.id}>
                <span>
                  {topicTitle(b.topic)}: {b.count} claims, issued {dayOf(BigInt(b.issuedAt))}
                  {b.revoked ? " — revoked" : ""}
                  {b.revokedClaimCount > 0 ? `, ${b.revokedClaimCount} revoked one by one` : ""}
                  {live.length > 0
                    ? `, attested as a whole by ${live.map((v) => v.verifierName ?? v.verifier).join(", ")}`
                    : ""}
                </span>
                <Link className="text-indigo-700 underline" href={`/console/claims/batches/${b.id}`}>
                  Open the batch ({b.count} claims)
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}
