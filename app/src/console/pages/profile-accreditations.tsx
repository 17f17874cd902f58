"use client";
/**
 * A company's accreditations: what bodies attested about it (in words, with what is only self-declared marked as
 * such), and requests for new ones. A request is a restricted document in the company's own vault under
 * REQUEST_SCOPE, shared with the chosen body by an on-chain grant of that scope for 90 days (Access.grantAccess).
 */
import { accountGrant, Kind, Permission } from "@constellate/sdk";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { getAddress } from "viem";
import type { Address, Hex } from "viem";
import { useReadContract } from "wagmi";

import { useConsoleConfig, useContracts } from "../components/config-context.tsx";
import { useCompanyNames, useCursorPages, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import {
  Badge,
  Button,
  EmptyState,
  Hash,
  Notice,
  Pager,
  Section,
  SelectField,
  TextArea,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import {
  accreditationStatus,
  accreditationWords,
  BODIES_QUERY,
  kindByBit,
  KINDS,
  parseRequest,
  REQUEST_DAYS,
  REQUEST_SCOPE,
  REQUEST_TYPE,
  requestWords,
  STATUS_WORDS,
  subjectOf,
  TOPICS,
} from "./accreditations-common.tsx";
import type {
  AccreditationRequest,
  AccreditationRow,
  BodyRow,
  KindBit,
  RequestEvidence,
} from "./accreditations-common.tsx";
import type { ProfileValues } from "./profile.tsx";
import {
  formatDate,
  formatTime,
  nowSeconds,
  sameAddress,
  uploadRestricted,
  vaultErrorText,
  vaultServes,
} from "./profile-common.tsx";

export const REQUEST_CONTENT_TYPE = "application/vnd.constellate.accreditation-request+json";

interface CompanyAccreditation extends AccreditationRow {
  body: { id: string; name: string };
}

const ACCREDITATIONS_QUERY = `query CompanyAccreditations($company: String!, $first: Int!, $after: Bytes!) {
  accreditations(where: { company: $company, id_gt: $after }, orderBy: id, first: $first) {
    id kind subject subjectText expiresAt revoked revokedAt accreditedAt evidenceHash
    term { active number }
    body { id name }
  }
}`;

export function AccreditationsSection({ company, profile }: { company: Address; profile: ProfileValues }) {
  const pages = useCursorPages<CompanyAccreditation>(
    ["company-accreditations", company],
    ACCREDITATIONS_QUERY,
    (data: { accreditations: CompanyAccreditation[] }) => data.accreditations,
    { company: company.toLowerCase() },
    10,
  );
  const rows = pages.rows ?? [];
  const valid = rows.filter((r) => accreditationStatus(r) === "valid");
  return (
    <Section title="Accreditations">
      <p className="text-sm text-slate-700">
        Your profile is self-declared. Accreditation bodies, appointed by the network&apos;s governance, attest that you
        hold a GS1 Company Prefix (so your products count as the brand&apos;s), that you are the legal entity behind an
        LEI, or that you may verify claims of a topic.
      </p>
      <SelfDeclared profile={profile} valid={valid} />
      <h3 className="mt-4 font-semibold">Attested by accreditation bodies</h3>
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="mt-2 text-sm text-slate-600">Loading accreditations…</p>
      ) : rows.length === 0 && pages.page === 0 ? (
        <div className="mt-2">
          <EmptyState title="No accreditation yet.">
            Request one below from an accreditation body: it reads your request and evidence, and attests on the chain.
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-2 space-y-2">
          {rows.map((row) => {
            const status = accreditationStatus(row);
            const words = STATUS_WORDS[status];
            return (
              <li key={row.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="accreditation">
                <p>
                  <span className="font-medium">{accreditationWords(row.kind, row.subject, row.subjectText)}</span>,
                  accredited by {row.body.name} (<Hash value={row.body.id} />
                  ),{" "}
                  {status === "revoked" && row.revokedAt !== null
                    ? `revoked on ${formatDate(row.revokedAt)}`
                    : `${status === "expired" ? "expired" : "until"} ${formatDate(row.expiresAt)}`}{" "}
                  <Badge tone={words.tone}>{words.text}</Badge>
                </p>
                <p className="mt-1 text-xs text-slate-600">
                  Attested {formatTime(row.accreditedAt)}; evidence hash <Hash value={row.evidenceHash} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
      <RequestForm company={company} profile={profile} />
      <SentRequests company={company} />
    </Section>
  );
}

/** The profile's claims about identity, marked accredited only when a valid accreditation covers them. */
function SelfDeclared({ profile, valid }: { profile: ProfileValues; valid: CompanyAccreditation[] }) {
  const id = profile.registryId;
  let covered: CompanyAccreditation | undefined;
  if (id.startsWith("GLN:")) {
    const digits = id.slice(4);
    covered = valid.find(
      (a) => a.kind === "GS1CompanyPrefix" && a.subjectText !== null && digits.startsWith(a.subjectText),
    );
  } else if (id.startsWith("LEI:")) {
    covered = valid.find((a) => a.kind === "LegalEntity" && a.subjectText === id.slice(4));
  }
  return (
    <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" aria-label="What is accredited">
      <dt className="font-medium">Name</dt>
      <dd>
        {profile.name} <Badge tone="warn">only self-declared</Badge>
      </dd>
      <dt className="font-medium">Registry identifier</dt>
      <dd data-testid="registry-id-status">
        {id === "" ? (
          "none given"
        ) : covered !== undefined ? (
          <>
            {id} <Badge tone="good">accredited</Badge>{" "}
            <span className="text-slate-600">
              ({accreditationWords(covered.kind, covered.subject, covered.subjectText)} by {covered.body.name})
            </span>
          </>
        ) : (
          <>
            {id} <Badge tone="warn">only self-declared</Badge>{" "}
            <span className="text-slate-600">no valid accreditation covers it: request one below</span>
          </>
        )}
      </dd>
    </dl>
  );
}

function RequestForm({ company, profile }: { company: Address; profile: ProfileValues }) {
  const config = useConsoleConfig();
  const contracts = useContracts();
  const session = useSession();
  const queryClient = useQueryClient();
  const tx = useTransaction();
  const bodies = useGraph<{ accreditationBodies: BodyRow[] }>(["bodies"], BODIES_QUERY);
  const [kind, setKind] = useState<KindBit>(Kind.GS1_COMPANY_PREFIX);
  const [value, setValue] = useState(() => defaultSubject(Kind.GS1_COMPANY_PREFIX, profile.registryId));
  const [body, setBody] = useState("");
  const [message, setMessage] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [step, setStep] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [sent, setSent] = useState<{ sha256: string; body: string } | undefined>();
  const [tried, setTried] = useState(false);

  const { subject, problem: subjectProblem } = subjectOf(kind, value);
  const candidates = (bodies.data?.accreditationBodies ?? []).filter(
    (b) => (b.kinds & kind) !== 0 && !sameAddress(b.id, company),
  );
  const chosen = candidates.find((b) => sameAddress(b.id, body));
  const bodyProblem = chosen === undefined ? "Choose the accreditation body to ask." : undefined;
  const messageProblem = message.length > 2000 ? `At most 2000 characters (${message.length} now).` : undefined;
  const filesProblem = files.length > 10 ? "Attach at most 10 evidence documents." : undefined;
  const existing = useReadContract({
    address: contracts.Accreditations.address,
    abi: contracts.Accreditations.abi,
    functionName: "accreditationOf",
    args: [company, kind, subject ?? "0x0000000000000000000000000000000000000000000000000000000000000001"],
    query: { enabled: subject !== undefined },
  });

  const operator = session.acting?.relation === "operator";
  const mayShare = !operator || ((session.acting?.permissions ?? 0n) & Permission.ACCESS) !== 0n;
  const served = vaultServes(profile.dataEndpoint, config.vaultEndpoint);
  const blocked = !served
    ? `Requests are stored in your vault, and this console's vault (${config.vaultEndpoint}) does not serve your data endpoint. Set the data endpoint above to use it.`
    : !mayShare
      ? "Your appointment does not include “Share the company's data”, which a request needs (it grants the body access)."
      : undefined;
  const invalid = [subjectProblem, bodyProblem, messageProblem, filesProblem].some((p) => p !== undefined);
  const busy = step !== undefined || tx.busy;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setFailure(undefined);
    setSent(undefined);
    if (invalid || blocked !== undefined || chosen === undefined || subject === undefined) return;
    const bodyAddress = getAddress(chosen.id);
    try {
      const evidence: RequestEvidence[] = [];
      for (const [i, file] of files.entries()) {
        setStep(`Storing evidence ${i + 1} of ${files.length} (${file.name}) in your vault…`);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const sha256 = await uploadRestricted(session.vaultFetch, company, REQUEST_SCOPE, bytes, file.type);
        evidence.push({
          sha256,
          name: file.name,
          size: file.size,
          contentType: file.type || "application/octet-stream",
        });
      }
      setStep("Storing the request in your vault…");
      const kindName = kindByBit(kind)!.sdk;
      const request: AccreditationRequest = {
        type: REQUEST_TYPE,
        version: 1,
        company,
        body: bodyAddress,
        kind: kindName,
        ...(kind === Kind.GS1_COMPANY_PREFIX
          ? { prefix: value }
          : kind === Kind.LEGAL_ENTITY
            ? { lei: value }
            : { topic: value }),
        message,
        evidence,
        requestedAt: new Date().toISOString(),
      };
      const bytes = new TextEncoder().encode(JSON.stringify(request, null, 2));
      const sha256 = await uploadRestricted(session.vaultFetch, company, REQUEST_SCOPE, bytes, REQUEST_CONTENT_TYPE);
      setStep(undefined);
      const grant = accountGrant(company, REQUEST_SCOPE, bodyAddress);
      const receipt = await tx.run(
        {
          contract: "Access",
          functionName: "grantAccess",
          args: [grant, BigInt(nowSeconds() + REQUEST_DAYS * 86_400)],
        },
        `Share the request with ${chosen.name}`,
      );
      await queryClient.invalidateQueries({ queryKey: ["vault", "accreditation-requests"] });
      if (receipt !== undefined) {
        setSent({ sha256, body: chosen.name });
        setMessage("");
        setFiles([]);
        setTried(false);
      }
    } catch (error) {
      setStep(undefined);
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  const current = existing.data;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="mt-5 border-t border-slate-200 pt-4">
      <h3 className="font-semibold">Request an accreditation</h3>
      <p className="mt-1 text-sm text-slate-700">
        Your request and its evidence stay in your vault; the body you choose gets access to them for {REQUEST_DAYS}{" "}
        days (an access grant on the chain, which anyone can see).
      </p>
      <SelectField
        label="What to have accredited"
        value={String(kind)}
        onChange={(e) => {
          const k = Number(e.target.value) as KindBit;
          setKind(k);
          setValue(defaultSubject(k, profile.registryId));
          setBody("");
        }}
      >
        {KINDS.map((k) => (
          <option key={k.bit} value={k.bit}>
            {k.label}
          </option>
        ))}
      </SelectField>
      {kind === Kind.VERIFIER_TOPIC ? (
        <SelectField
          label="Claim topic"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          problem={tried ? subjectProblem : undefined}
        >
          <option value="">Choose a topic…</option>
          {TOPICS.map((t) => (
            <option key={t.key} value={t.key}>
              {t.title} ({t.key})
            </option>
          ))}
        </SelectField>
      ) : (
        <TextField
          label={kind === Kind.GS1_COMPANY_PREFIX ? "GS1 Company Prefix" : "LEI"}
          value={value}
          onChange={(e) => setValue(e.target.value.trim())}
          problem={value !== "" || tried ? subjectProblem : undefined}
          hint={
            kind === Kind.GS1_COMPANY_PREFIX
              ? "4 to 12 digits, as on your GS1 licence. GTINs starting with it then count as your brand's."
              : "Your 20-character Legal Entity Identifier."
          }
        />
      )}
      {current !== undefined && current[0].body !== "0x0000000000000000000000000000000000000000" ? (
        <p className="mt-1 text-xs text-slate-700">
          {current[1]
            ? `You hold this accreditation already, until ${formatDate(current[0].expiresAt)}; a body may renew it.`
            : "You held this accreditation before; it is no longer valid."}
        </p>
      ) : null}
      {bodies.error !== null ? <Notice tone="error">{bodies.error.message}</Notice> : null}
      {bodies.data !== undefined && candidates.length === 0 ? (
        <Notice tone="warning">
          No accreditation body is appointed for {kindByBit(kind)!.label} yet. Governance appoints bodies; ask the
          network&apos;s operators.
        </Notice>
      ) : (
        <SelectField
          label="Accreditation body"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          problem={tried ? bodyProblem : undefined}
        >
          <option value="">Choose a body…</option>
          {candidates.map((b) => (
            <option key={b.id} value={getAddress(b.id)}>
              {b.name} ({getAddress(b.id).slice(0, 10)}…)
            </option>
          ))}
        </SelectField>
      )}
      <TextArea
        label="Message to the body"
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        problem={messageProblem}
        rows={3}
        placeholder="Who you are, and where the evidence shows it."
      />
      <div className="mt-3">
        <label className="block text-sm font-medium" htmlFor="request-evidence">
          Evidence documents
        </label>
        <input
          id="request-evidence"
          type="file"
          multiple
          className="mt-1 text-sm"
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
        <p className="mt-1 text-xs text-slate-600">
          Optional: your GS1 licence, an LEI record, an accreditation certificate. Stored restricted in your vault; only
          the body you ask can read them.
        </p>
        {files.length > 0 ? (
          <ul className="mt-1 text-xs">
            {files.map((f) => (
              <li key={`${f.name}-${f.size}`}>
                {f.name} ({Math.ceil(f.size / 1024)} KB)
              </li>
            ))}
          </ul>
        ) : null}
        {filesProblem !== undefined ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {filesProblem}
          </p>
        ) : null}
      </div>
      {blocked !== undefined ? <Notice tone="warning">{blocked}</Notice> : null}
      <div className="mt-4">
        <Button type="submit" disabled={busy || blocked !== undefined || (tried && invalid)}>
          Send request
        </Button>
      </div>
      {step !== undefined ? <Notice>{step}</Notice> : null}
      {failure !== undefined ? <Notice tone="error">The request was not sent: {failure}</Notice> : null}
      <TxStatus tx={tx} />
      {sent !== undefined ? (
        <Notice tone="success">
          Request sent to {sent.body}. It sees the request on its Accreditations page; its reference is{" "}
          <code className="break-all text-xs" data-testid="request-reference">
            {sent.sha256}
          </code>
          .
        </Notice>
      ) : null}
    </form>
  );
}

function defaultSubject(kind: KindBit, registryId: string): string {
  if (kind === Kind.LEGAL_ENTITY && registryId.startsWith("LEI:")) return registryId.slice(4);
  return "";
}

interface SentGrant {
  id: string;
  grantee: { id: string; name: string | null } | null;
  expiresAt: string;
  grantedAt: string;
  revoked: boolean;
}

const SENT_QUERY = `query SentRequests($owner: String!, $scope: Bytes!) {
  grants(where: { owner: $owner, scope: $scope, granteeKind: Account }, orderBy: grantedAt, orderDirection: desc, first: 100) {
    id expiresAt grantedAt revoked
    grantee { id name }
  }
}`;

interface StoredRequest {
  sha256: string;
  request: AccreditationRequest;
}

/** The requests this company sent: its grants of REQUEST_SCOPE (indexer) and the request documents (its vault). */
function SentRequests({ company }: { company: Address }) {
  const session = useSession();
  const tx = useTransaction();
  const grants = useGraph<{ grants: SentGrant[] }>(["sent-requests", company], SENT_QUERY, {
    owner: company.toLowerCase(),
    scope: REQUEST_SCOPE,
  });
  const operator = session.acting?.relation === "operator";
  const mayList = !operator || ((session.acting?.permissions ?? 0n) & Permission.ACCESS) !== 0n;
  const documents = useQuery({
    queryKey: ["vault", "accreditation-requests", company, session.address],
    enabled: mayList && session.status === "signed-in",
    queryFn: () => readSentRequests(session.vaultFetch, company, operator),
  });
  const nameOf = useCompanyNames(
    (grants.data?.grants ?? []).flatMap((g) => (g.grantee === null ? [] : [g.grantee.id])),
  );
  const list = grants.data?.grants ?? [];
  if (list.length === 0) return null;

  const withdraw = async (grant: SentGrant) => {
    await tx.run(
      { contract: "Access", functionName: "revokeAccess", args: [grant.id as Hex] },
      `Withdraw the request to ${grant.grantee?.name ?? nameOf(grant.grantee?.id ?? "") ?? "the body"}`,
    );
  };

  return (
    <div className="mt-5 border-t border-slate-200 pt-4">
      <h3 className="font-semibold">Requests sent</h3>
      {documents.error !== null ? (
        <Notice tone="warning">Your vault&apos;s request documents cannot be read: {documents.error.message}</Notice>
      ) : null}
      <ul className="mt-2 space-y-2">
        {list.map((g) => {
          const bodyAddress = g.grantee?.id ?? "";
          const bodyName = g.grantee?.name ?? nameOf(bodyAddress) ?? bodyAddress;
          const live = !g.revoked && Number(g.expiresAt) > nowSeconds();
          const requests = (documents.data ?? []).filter((d) => sameAddress(d.request.body, bodyAddress));
          return (
            <li key={g.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="sent-request">
              <p>
                To <span className="font-medium">{bodyName}</span>: shared {formatDate(g.grantedAt)},{" "}
                {g.revoked
                  ? "withdrawn"
                  : live
                    ? `readable by the body until ${formatDate(g.expiresAt)}`
                    : `expired ${formatDate(g.expiresAt)}`}{" "}
                {live ? <Badge tone="info">open</Badge> : <Badge>closed</Badge>}
              </p>
              {requests.length > 0 ? (
                <ul className="mt-1 list-disc pl-5 text-xs">
                  {requests.map((r) => (
                    <li key={r.sha256}>
                      {requestWords(r.request)}, {r.request.evidence.length} evidence document
                      {r.request.evidence.length === 1 ? "" : "s"}; reference{" "}
                      <code className="break-all">{r.sha256}</code>
                    </li>
                  ))}
                </ul>
              ) : null}
              {live ? (
                <div className="mt-2">
                  <Button
                    variant="secondary"
                    disabled={tx.busy}
                    aria-label={`Withdraw the request to ${bodyName}`}
                    onClick={() => void withdraw(g)}
                  >
                    Withdraw
                  </Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <TxStatus tx={tx} />
    </div>
  );
}

async function readSentRequests(
  vaultFetch: (path: string, init?: RequestInit) => Promise<Response>,
  company: Address,
  asOperator: boolean,
): Promise<StoredRequest[]> {
  const found: StoredRequest[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const query = new URLSearchParams({ owner: company, limit: "1000" });
    if (after !== null) query.set("after", after);
    const response = await vaultFetch(`/api/vault/documents?${query}`, { cache: "no-store" });
    if (!response.ok) throw new Error(await vaultErrorText(response));
    const body = (await response.json()) as {
      documents: { sha256: string; scope: string | null; contentType: string }[];
      next: string | null;
    };
    for (const doc of body.documents) {
      if (doc.scope?.toLowerCase() !== REQUEST_SCOPE || !doc.contentType.startsWith(REQUEST_CONTENT_TYPE)) continue;
      const read = await vaultFetch(`/api/vault/documents/${company}/${doc.sha256}`, {
        cache: "no-store",
        headers: asOperator ? { "x-acting-for": company } : {},
      });
      if (!read.ok) continue;
      const request = parseRequest(await read.text());
      if (request !== undefined && sameAddress(request.company, company)) found.push({ sha256: doc.sha256, request });
    }
    after = body.next;
    if (after === null) break;
  }
  return found.sort((a, b) => b.request.requestedAt.localeCompare(a.request.requestedAt));
}
