"use client";
/**
 * The verifier's view of one claim (/console/verification/claims/[id]) or one batch (/console/verification/batches/[id]):
 * the document fetched from the vault and hashed in this browser ("matches the hash on chain" or a warning), the
 * evidence the issuer granted, and the verdict: attest (with an optional expiry and the hash of the verifier's own
 * evidence) or reject with a reason from the published list; withdraw an attestation.
 */
import { constellateAbis, Permission, REJECTION_REASONS, Role } from "@constellate/sdk";
import Link from "next/link";
import { useState } from "react";
import { isAddressEqual, zeroHash } from "viem";
import type { Address, Hex } from "viem";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { useTransaction } from "../components/tx.tsx";
import type { Transaction } from "../components/tx.tsx";
import {
  Badge,
  Button,
  EmptyState,
  Notice,
  PageTitle,
  Section,
  SelectField,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import {
  batchEvidenceScope,
  claimStatus,
  reasonWords,
  topicTitle,
  verifiersForValidity,
} from "../lib/claims-status.ts";
import { ClaimDocumentSection, ClaimFacts, EvidenceSection } from "./claim-detail.tsx";
import { BatchBody } from "./claims-batch.tsx";
import {
  BATCH_FIELDS,
  CLAIM_FIELDS,
  dayOf,
  indexedClaim,
  secondsOfDate,
  sha256Hex,
  StatusBadge,
  StatusDetail,
  useClaimDocument,
  useClaimValidity,
  useNow,
  usePermissionProblem,
  verdictsOf,
} from "./claims-shared.tsx";
import type { BatchRowEntity, ClaimRow } from "./claims-shared.tsx";

const CLAIM_QUERY = `query VerifyClaim($id: ID!) { claim(id: $id) { ${CLAIM_FIELDS} } }`;
const BATCH_QUERY = `query VerifyBatch($id: ID!) {
  claimBatch(id: $id) { ${BATCH_FIELDS} revokedClaims(first: 1000) { id claimId blockTimestamp } }
}`;

const VERDICT_WORDS = ["none", "attested", "rejected", "withdrawn"] as const;

/** Whether the acting company may give a verdict on a target, asked of the chain now; the reason in words if not. */
function useEligibility(target: {
  id: string;
  issuer: string;
  constellation: string | undefined;
  topic: string;
  revoked: boolean;
  expired: boolean;
}) {
  const session = useSession();
  const contracts = useContracts();
  const me = session.actingFor;
  const permission = usePermissionProblem(Permission.VERIFY, "give verdicts");
  const enabled = me !== undefined && target.constellation !== undefined;
  const role = useReadContract({
    address: contracts.Constellations.address,
    abi: constellateAbis.Constellations,
    functionName: "hasRoles",
    args: enabled ? [BigInt(target.constellation!), me, Role.VERIFIER] : undefined,
    query: { enabled },
  });
  const topic = useReadContract({
    address: contracts.Accreditations.address,
    abi: constellateAbis.Accreditations,
    functionName: "canVerifyTopic",
    args: me !== undefined ? [me, target.topic as Hex] : undefined,
    query: { enabled: me !== undefined },
  });
  const verdict = useReadContract({
    address: contracts.Claims.address,
    abi: constellateAbis.Claims,
    functionName: "verdictOf",
    args: me !== undefined ? [target.id as Hex, me] : undefined,
    query: { enabled: me !== undefined },
  });
  const operatorOfIssuer = useReadContract({
    address: contracts.Companies.address,
    abi: constellateAbis.Companies,
    functionName: "isOperator",
    args: session.account !== undefined ? [target.issuer as Address, session.account] : undefined,
    query: { enabled: session.account !== undefined },
  });
  const current = verdict.data === undefined ? 0 : Number(verdict.data.verdict);
  const self =
    me !== undefined &&
    (isAddressEqual(me, target.issuer as Address) ||
      (session.account !== undefined && isAddressEqual(session.account, target.issuer as Address)) ||
      operatorOfIssuer.data === true);
  const problem =
    permission ??
    (me === undefined ? "Sign in first." : undefined) ??
    (self ? "You issued this (or act for its issuer): nobody verifies its own claims." : undefined) ??
    (target.revoked ? "It is revoked: there is nothing left to judge." : undefined) ??
    (target.expired ? "Its validity window has ended: the contract takes no verdict on it any more." : undefined) ??
    (role.data === false
      ? "Your company does not hold VERIFIER in its constellation (the chain says so)."
      : undefined) ??
    (topic.data === false
      ? "The topic is under accreditation and your company is not accredited for it (the chain says so)."
      : undefined);
  return {
    problem,
    current,
    record: verdict.data,
    loading: role.isLoading || topic.isLoading || verdict.isLoading,
  };
}

/** The verifier's own evidence: a file hashed in the browser (it stays with the verifier), or a hash typed in. */
function EvidenceHashInput({
  value,
  onChange,
  idPrefix,
}: {
  value: string;
  onChange: (hash: string) => void;
  idPrefix: string;
}) {
  const [name, setName] = useState<string | undefined>();
  const problem =
    value !== "" && !/^0x[0-9a-fA-F]{64}$/.test(value) ? "A SHA-256 hash is 0x and 64 hex digits." : undefined;
  return (
    <div>
      <div className="mt-3">
        <label htmlFor={`${idPrefix}-evidence-file`} className="block text-sm font-medium">
          Your evidence file (optional)
        </label>
        <input
          id={`${idPrefix}-evidence-file`}
          type="file"
          className="mt-1 text-sm"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file === undefined) return;
            setName(file.name);
            void file.arrayBuffer().then((b) => sha256Hex(new Uint8Array(b)).then(onChange));
          }}
        />
        <p className="mt-1 text-xs text-slate-600">
          Hashed in this browser; only its SHA-256 goes on the chain. Keep the file: it backs your verdict.
          {name !== undefined ? ` (${name})` : ""}
        </p>
      </div>
      <TextField
        label="Your evidence hash (optional)"
        value={value}
        problem={problem}
        placeholder="0x…"
        hint="Filled in from the file, or paste the SHA-256 of your report. Empty: none."
        onChange={(e) => onChange(e.target.value.trim())}
      />
    </div>
  );
}

/** Attest / reject / withdraw for one claim or a whole batch. */
function VerdictForms({
  target,
  hashProblem,
  onAttest,
  onReject,
  eligibility,
  withdrawId,
  attestTx,
  rejectTx,
}: {
  target: "claim" | "batch";
  hashProblem: string | undefined;
  onAttest: (evidence: Hex, expiresAt: bigint) => Promise<unknown>;
  onReject: ((reason: number, evidence: Hex) => Promise<unknown>) | undefined;
  eligibility: ReturnType<typeof useEligibility>;
  withdrawId: Hex;
  attestTx: Transaction;
  rejectTx: Transaction | undefined;
}) {
  const withdrawTx = useTransaction();
  const now = useNow();
  const [expiry, setExpiry] = useState("");
  const [attestEvidence, setAttestEvidence] = useState("");
  const [reason, setReason] = useState("");
  const [rejectEvidence, setRejectEvidence] = useState("");
  const expiresAt = expiry === "" ? 0n : secondsOfDate(expiry);
  const expiryProblem =
    expiry !== "" && expiresAt === undefined
      ? "Enter a date, or leave it empty for no end."
      : expiresAt !== undefined && expiresAt !== 0n && expiresAt <= now
        ? "The expiry must be in the future."
        : undefined;
  const hashOk = (h: string) => h === "" || /^0x[0-9a-fA-F]{64}$/.test(h);
  const current = eligibility.current;

  if (current === 1 || current === 2) {
    const record = eligibility.record;
    return (
      <Section title="Your verdict">
        <p className="text-sm">
          You {VERDICT_WORDS[current]} this {target}
          {record !== undefined ? ` on ${dayOf(record.givenAt)}` : ""}
          {current === 1 && record !== undefined && Number(record.expiresAt) !== 0
            ? `, until ${dayOf(record.expiresAt)}`
            : ""}
          {current === 2 && record !== undefined ? `: ${reasonWords(Number(record.reason))}` : ""}.
        </p>
        {current === 1 ? (
          <>
            <p className="mt-2 text-sm text-slate-700">
              Withdrawing your attestation stops it counting at once; you may then attest or reject again.
            </p>
            <Button
              variant="danger"
              className="mt-2"
              disabled={withdrawTx.busy}
              onClick={() =>
                void withdrawTx.run(
                  { contract: "Claims", functionName: "withdraw", args: [withdrawId] },
                  "Withdraw your attestation",
                )
              }
            >
              Withdraw attestation
            </Button>
            <TxStatus tx={withdrawTx} />
          </>
        ) : (
          <p className="mt-2 text-sm text-slate-700">A rejection stands; the issuer may issue a corrected claim.</p>
        )}
      </Section>
    );
  }

  const blocked = eligibility.problem;
  const attestProblem =
    blocked ?? hashProblem ?? expiryProblem ?? (hashOk(attestEvidence) ? undefined : "Fix the evidence hash.");
  const rejectProblem =
    blocked ??
    (reason === "" ? "Choose a reason." : undefined) ??
    (hashOk(rejectEvidence) ? undefined : "Fix the evidence hash.");
  return (
    <>
      {current === 3 ? (
        <Notice>You withdrew an earlier attestation of this {target}; you may judge it again.</Notice>
      ) : null}
      {blocked !== undefined ? <Notice tone="warning">You cannot give a verdict: {blocked}</Notice> : null}
      <Section title={target === "claim" ? "Attest" : "Attest the whole batch"}>
        <p className="text-sm text-slate-700">
          {target === "claim"
            ? "Your attestation says you checked the claim against its evidence; pages show the claim as verified by your company."
            : "One transaction attests every claim of the batch."}
        </p>
        <TextField
          label="Attestation expires on (optional)"
          type="date"
          value={expiry}
          problem={expiryProblem}
          hint="00:00 UTC on this day; empty: it counts until you withdraw it."
          onChange={(e) => setExpiry(e.target.value)}
        />
        <EvidenceHashInput value={attestEvidence} onChange={setAttestEvidence} idPrefix={`${target}-attest`} />
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Button
            disabled={attestProblem !== undefined || attestTx.busy || eligibility.loading}
            onClick={() =>
              void onAttest((attestEvidence === "" ? zeroHash : attestEvidence) as Hex, expiresAt ?? 0n).then(
                () => undefined,
              )
            }
          >
            {target === "claim" ? "Attest claim" : "Attest batch"}
          </Button>
          {attestProblem !== undefined && blocked === undefined ? (
            <span className="text-sm text-slate-700">{attestProblem}</span>
          ) : null}
        </div>
        <TxStatus tx={attestTx} />
      </Section>
      {onReject !== undefined ? (
        <Section title="Reject">
          <SelectField
            label="Reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            hint="The published reasons (REJECTION_REASONS); your evidence explains the details."
          >
            <option value="">Choose a reason…</option>
            {REJECTION_REASONS.map((r) => (
              <option key={r.code} value={String(r.code)}>
                {reasonWords(r.code)}
              </option>
            ))}
          </SelectField>
          <EvidenceHashInput value={rejectEvidence} onChange={setRejectEvidence} idPrefix={`${target}-reject`} />
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <Button
              variant="danger"
              disabled={rejectProblem !== undefined || rejectTx?.busy === true || eligibility.loading}
              onClick={() => void onReject(Number(reason), (rejectEvidence === "" ? zeroHash : rejectEvidence) as Hex)}
            >
              Reject claim
            </Button>
            {rejectProblem !== undefined && blocked === undefined ? (
              <span className="text-sm text-slate-700">{rejectProblem}</span>
            ) : null}
          </div>
          {rejectTx !== undefined ? <TxStatus tx={rejectTx} /> : null}
        </Section>
      ) : null}
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// A claim
// ---------------------------------------------------------------------------------------------------------------------

export function VerifyClaimPage({ id }: { id: string }) {
  const valid = /^0x[0-9a-fA-F]{64}$/.test(id);
  const { data, error, isLoading } = useGraph<{ claim: ClaimRow | null }>(
    ["claim", id],
    CLAIM_QUERY,
    { id: id.toLowerCase() },
    { enabled: valid },
  );
  const row = data?.claim ?? undefined;
  return (
    <div>
      <p className="text-sm">
        <Link className="text-indigo-700 underline" href="/console/verification">
          ← Verification inbox
        </Link>
      </p>
      <PageTitle>{row !== undefined ? `Verify: ${topicTitle(row.topic)} claim` : "Verify a claim"}</PageTitle>
      <SignedIn needsCompany>
        {!valid ? <Notice tone="error">“{id}” is not a claim id.</Notice> : null}
        {error !== null ? <Notice tone="error">{error.message}</Notice> : null}
        {valid && !isLoading && data !== undefined && data.claim === null ? (
          <EmptyState title="The indexer knows no claim with this id.">
            It may still be catching up; reload in a few seconds.
          </EmptyState>
        ) : null}
        {row !== undefined ? <VerifyClaimBody row={row} /> : null}
      </SignedIn>
    </div>
  );
}

function VerifyClaimBody({ row }: { row: ClaimRow }) {
  const now = useNow();
  const { claim, problem } = indexedClaim(row);
  const verifiers = verifiersForValidity(row.attestations.map((a) => ({ verifier: a.verifier.id })));
  const { validity } = useClaimValidity(claim, verifiers);
  const document = useClaimDocument(claim, row.id);
  const attestTx = useTransaction();
  const rejectTx = useTransaction();
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
  const eligibility = useEligibility({
    id: row.id,
    issuer: row.issuer.id,
    constellation: row.constellation?.id,
    topic: row.topic,
    revoked: status.kind === "revoked",
    expired: row.validUntil !== null && BigInt(row.validUntil) <= now,
  });
  const hashProblem = document.loading
    ? "Wait for the document's hash check."
    : document.result === undefined || document.result.hash === undefined
      ? "The document could not be fetched, so its hash is unchecked: do not attest it (if it stays unavailable, reject it as “document unavailable or hash mismatch”)."
      : !document.result.hashMatches || !document.result.fieldsMatch
        ? "The document does not match the claim on chain: do not attest it."
        : undefined;

  if (claim === undefined) return <Notice tone="error">{problem}</Notice>;
  return (
    <>
      <Section title="Status">
        <StatusBadge status={status} />
        <StatusDetail status={status} />
      </Section>
      <ClaimFacts row={row} />
      <ClaimDocumentSection claim={claim} id={row.id} />
      <EvidenceSection claim={claim} id={row.id} reader="verifier" />
      <VerdictForms
        target="claim"
        hashProblem={hashProblem}
        eligibility={eligibility}
        withdrawId={row.id as Hex}
        attestTx={attestTx}
        rejectTx={rejectTx}
        onAttest={(evidence, expiresAt) =>
          attestTx.run(
            { contract: "Claims", functionName: "attest", args: [claim, evidence, expiresAt] },
            "Attest the claim",
          )
        }
        onReject={(reason, evidence) =>
          rejectTx.run(
            { contract: "Claims", functionName: "reject", args: [claim, reason, evidence] },
            "Reject the claim",
          )
        }
      />
      <OtherVerdicts row={row} />
    </>
  );
}

function OtherVerdicts({ row }: { row: ClaimRow }) {
  const session = useSession();
  const others = row.attestations.filter(
    (a) => session.actingFor === undefined || !isAddressEqual(a.verifier.id as Address, session.actingFor),
  );
  if (others.length === 0) return null;
  return (
    <Section title="Other verifiers' verdicts">
      <ul className="text-sm">
        {others.map((a) => (
          <li key={a.id}>
            {a.verifier.name ?? a.verifier.id}:{" "}
            <Badge tone={a.verdict === "Attested" ? "good" : a.verdict === "Rejected" ? "bad" : "neutral"}>
              {a.verdict.toLowerCase()}
            </Badge>
            {a.verdict === "Rejected" ? ` (${reasonWords(a.reason)})` : ""}
          </li>
        ))}
      </ul>
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// A batch
// ---------------------------------------------------------------------------------------------------------------------

type BatchEntity = BatchRowEntity & { revokedClaims: { id: string; claimId: string; blockTimestamp: string }[] };

export function VerifyBatchPage({ id }: { id: string }) {
  const valid = /^0x[0-9a-fA-F]{64}$/.test(id);
  const { data, error, isLoading } = useGraph<{ claimBatch: BatchEntity | null }>(
    ["claim-batch", id],
    BATCH_QUERY,
    { id: id.toLowerCase() },
    { enabled: valid },
  );
  const batch = data?.claimBatch ?? undefined;
  return (
    <div>
      <p className="text-sm">
        <Link className="text-indigo-700 underline" href="/console/verification">
          ← Verification inbox
        </Link>
      </p>
      <PageTitle>
        {batch !== undefined
          ? `Verify: batch of ${batch.count} ${topicTitle(batch.topic).toLowerCase()} claims`
          : "Verify a batch"}
      </PageTitle>
      <SignedIn needsCompany>
        {!valid ? <Notice tone="error">“{id}” is not a batch id.</Notice> : null}
        {error !== null ? <Notice tone="error">{error.message}</Notice> : null}
        {valid && !isLoading && data !== undefined && data.claimBatch === null ? (
          <EmptyState title="The indexer knows no batch with this id.">
            It may still be catching up; reload in a few seconds.
          </EmptyState>
        ) : null}
        {batch !== undefined ? <VerifyBatchBody batch={batch} /> : null}
      </SignedIn>
    </div>
  );
}

function VerifyBatchBody({ batch }: { batch: BatchEntity }) {
  const attestTx = useTransaction();
  const eligibility = useEligibility({
    id: batch.id,
    issuer: batch.issuer.id,
    constellation: batch.constellation.id,
    topic: batch.topic,
    revoked: batch.revoked,
    expired: false,
  });
  return (
    <>
      <BatchBody batch={batch} role="verifier" />
      <EvidenceSection
        claim={{ issuer: batch.issuer.id as Address, product: zeroHash, documentURI: batch.manifestURI }}
        id={batch.id}
        reader="verifier"
        scope={batchEvidenceScope(batch.id)}
      />
      <VerdictForms
        target="batch"
        hashProblem={undefined}
        eligibility={eligibility}
        withdrawId={batch.id as Hex}
        attestTx={attestTx}
        rejectTx={undefined}
        onAttest={(evidence, expiresAt) =>
          attestTx.run(
            {
              contract: "Claims",
              functionName: "attestBatch",
              args: [batch.issuer.id as Address, batch.root as Hex, evidence, expiresAt],
            },
            `Attest the batch of ${batch.count} claims`,
          )
        }
        onReject={undefined}
      />
    </>
  );
}
