"use client";
/**
 * The accreditation body's page. A company appointed by governance sees its kinds and terms, the requests companies
 * sent it (grants of REQUEST_SCOPE to it, read from the requesters' vaults with those grants), accredits companies
 * (Accreditations.accredit) and revokes what it attested. Anyone else sees the appointed bodies and how to ask one.
 */
import { Kind, Permission } from "@constellate/sdk";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { FormEvent } from "react";
import { getAddress, zeroAddress, zeroHash } from "viem";
import type { Address, Hex } from "viem";
import { useReadContract } from "wagmi";

import { useConsoleConfig, useContracts } from "../components/config-context.tsx";
import { useCompanyNames, useCursorPages, useGraph } from "../components/hooks.tsx";
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
  Pager,
  Section,
  SelectField,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import {
  accreditationStatus,
  accreditationWords,
  BODIES_QUERY,
  kindByBit,
  kindByName,
  KINDS,
  kindWords,
  parseRequest,
  REQUEST_SCOPE,
  requestSubjectValue,
  requestWords,
  STATUS_WORDS,
  subjectOf,
  TOPICS,
} from "./accreditations-common.tsx";
import type { AccreditationRequest, AccreditationRow, BodyRow, KindBit, KindName } from "./accreditations-common.tsx";
import { REQUEST_CONTENT_TYPE } from "./profile-accreditations.tsx";
import {
  addressProblem,
  dateInputValue,
  endOfDay,
  expiryProblem,
  formatDate,
  formatTime,
  nowSeconds,
  sameAddress,
  sha256Hex,
  vaultErrorText,
  vaultServes,
} from "./profile-common.tsx";

const ACCREDIT = Permission.ACCREDIT;

export function AccreditationsPage() {
  return (
    <div>
      <PageTitle intro="Accreditation bodies, appointed by the network's governance, attest that a company holds a GS1 Company Prefix, is the legal entity behind an LEI, or may verify claims of a topic. Without an accreditation, a profile is only self-declared.">
        Accreditations
      </PageTitle>
      <SignedIn>
        <BodyPage />
      </SignedIn>
    </div>
  );
}

interface BodyGraph {
  accreditationBody: {
    id: string;
    name: string;
    kinds: number;
    appointed: boolean;
    appointedAt: string;
    removedAt: string | null;
    accreditationCount: number;
    terms: { id: string; kind: KindName; number: number; startedAt: string }[];
  } | null;
  protocol: { accreditationsOwner: string | null } | null;
}

const BODY_QUERY = `query Body($body: ID!) {
  accreditationBody(id: $body) {
    id name kinds appointed appointedAt removedAt accreditationCount
    terms(where: { active: true }, first: 10) { id kind number startedAt }
  }
  protocol(id: "constellate") { accreditationsOwner }
}`;

interface Prefill {
  company: string;
  kind: KindBit;
  value: string;
  evidence: string;
}

function BodyPage() {
  const session = useSession();
  const contracts = useContracts();
  const body = session.actingFor as Address;
  const onChain = useReadContract({
    address: contracts.Accreditations.address,
    abi: contracts.Accreditations.abi,
    functionName: "bodyOf",
    args: [body],
  });
  const graph = useGraph<BodyGraph>(["body", body], BODY_QUERY, { body: body.toLowerCase() });
  const [prefill, setPrefill] = useState<Prefill | undefined>();
  const nameOf = useCompanyNames([body]);

  if (onChain.error !== null)
    return <Notice tone="error">The chain cannot be read right now: {onChain.error.message.split("\n")[0]}</Notice>;
  if (onChain.data === undefined) return <p className="text-slate-600">Reading the chain…</p>;
  const kinds = onChain.data.kinds;
  const record = graph.data?.accreditationBody ?? null;
  const governance = graph.data?.protocol?.accreditationsOwner ?? null;

  if (kinds === 0) {
    return (
      <>
        <Section title="Not an accreditation body">
          <p data-testid="not-a-body">
            {nameOf(body) ?? "This account"} (<Hash value={body} />) is not an appointed accreditation body
            {record?.removedAt != null
              ? `: governance removed it on ${formatDate(record.removedAt)}, which voided all it attested`
              : ""}
            .
          </p>
          <p className="mt-2 text-sm">
            To see your own accreditations or ask a body for one, go to{" "}
            <Link className="underline" href="/console/profile">
              your company page
            </Link>
            .
          </p>
          {governance !== null && sameAddress(governance, session.address) ? (
            <Notice>
              You are signed in as governance (the Accreditations contract&apos;s owner). Appointing and removing bodies
              and putting claim topics under accreditation are not in the console: send Accreditations.appointBody,
              removeBody and governTopic from a script or your Safe (scripts/lib/seed.ts shows the calls).
            </Notice>
          ) : (
            <p className="mt-2 text-sm text-slate-700">
              Governance
              {governance !== null ? (
                <>
                  {" "}
                  (<Hash value={getAddress(governance)} />)
                </>
              ) : null}{" "}
              appoints bodies; that is done from a script or its Safe, not from this console.
            </p>
          )}
        </Section>
        <BodiesDirectory />
        <GrantedList body={body} removed />
      </>
    );
  }

  const operator = session.acting?.relation === "operator";
  const mayAccredit = !operator || ((session.acting?.permissions ?? 0n) & ACCREDIT) !== 0n;
  return (
    <>
      <Section title="Your appointment">
        <p data-testid="body-appointment">
          {record?.name ?? nameOf(body) ?? "This company"} is an accreditation body for:{" "}
          <span className="font-medium">{kindWords(kinds)}</span>, in office since{" "}
          {formatTime(onChain.data.appointedAt)}.
        </p>
        <ul className="mt-2 list-disc pl-5 text-sm">
          {KINDS.filter((k) => (kinds & k.bit) !== 0).map((k) => {
            const term = record?.terms.find((t) => t.kind === k.name);
            const number =
              k.bit === Kind.GS1_COMPANY_PREFIX
                ? onChain.data.prefixTerm
                : k.bit === Kind.LEGAL_ENTITY
                  ? onChain.data.legalEntityTerm
                  : onChain.data.topicTerm;
            return (
              <li key={k.bit}>
                {k.label}: term {number}
                {term !== undefined ? `, since ${formatDate(term.startedAt)}` : ""}
              </li>
            );
          })}
        </ul>
        <p className="mt-2 text-sm text-slate-700">
          What you attest stays valid while you hold the kind without a break. If governance takes a kind from you, all
          you attested under it becomes void at once, and giving it back starts a new term.
        </p>
        {!mayAccredit ? (
          <Notice tone="warning">
            Your appointment as operator does not include “Act as an accreditation body”: you can read requests, but not
            accredit or revoke. Ask the company to add that permission.
          </Notice>
        ) : null}
      </Section>
      <RequestsReceived body={body} onAccredit={setPrefill} />
      <AccreditForm
        key={JSON.stringify(prefill ?? null)}
        body={body}
        kinds={kinds}
        mayAccredit={mayAccredit}
        prefill={prefill}
      />
      <GrantedList body={body} removed={false} />
    </>
  );
}

function BodiesDirectory() {
  const bodies = useGraph<{ accreditationBodies: BodyRow[] }>(["bodies"], BODIES_QUERY);
  const list = bodies.data?.accreditationBodies ?? [];
  return (
    <Section title="Appointed accreditation bodies">
      {bodies.error !== null ? <Notice tone="error">{bodies.error.message}</Notice> : null}
      {bodies.data !== undefined && list.length === 0 ? (
        <EmptyState title="No body is appointed yet.">
          Governance appoints bodies; until then, profiles are only self-declared.
        </EmptyState>
      ) : (
        <ul className="list-disc pl-5 text-sm">
          {list.map((b) => (
            <li key={b.id}>
              <span className="font-medium">{b.name}</span> (<Hash value={getAddress(b.id)} />
              ): {kindWords(b.kinds)}; since {formatDate(b.appointedAt)}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Requests received
// ---------------------------------------------------------------------------------------------------------------------

interface ReceivedGrant {
  id: string;
  expiresAt: string;
  grantedAt: string;
  revoked: boolean;
  owner: { id: string; name: string | null; registered: boolean; dataEndpoint: string | null };
}

const RECEIVED_QUERY = `query Received($body: String!, $scope: Bytes!, $first: Int!, $after: Bytes!) {
  grants(where: { grantee: $body, scope: $scope, granteeKind: Account, id_gt: $after }, orderBy: id, first: $first) {
    id expiresAt grantedAt revoked
    owner { id name registered dataEndpoint }
  }
}`;

function RequestsReceived({ body, onAccredit }: { body: Address; onAccredit: (prefill: Prefill) => void }) {
  const pages = useCursorPages<ReceivedGrant>(
    ["requests-received", body],
    RECEIVED_QUERY,
    (data: { grants: ReceivedGrant[] }) => data.grants,
    { body: body.toLowerCase(), scope: REQUEST_SCOPE },
    10,
  );
  const [open, setOpen] = useState<string | undefined>();
  const rows = pages.rows ?? [];
  return (
    <Section title="Requests received">
      <p className="text-sm text-slate-700">
        Companies ask for an accreditation by storing a request (and its evidence) in their vault and granting you
        access to it. Read it, check the evidence, then accredit below.
      </p>
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="mt-2 text-sm text-slate-600">Loading requests…</p>
      ) : rows.length === 0 && pages.page === 0 ? (
        <div className="mt-2">
          <EmptyState title="No requests yet.">
            Companies send requests from their Company page; they appear here as soon as they share them with you.
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-2 space-y-2">
          {rows.map((g) => {
            const live = !g.revoked && Number(g.expiresAt) > nowSeconds();
            const requester = g.owner.name ?? g.owner.id;
            return (
              <li key={g.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="received-request">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p>
                    From <span className="font-medium">{requester}</span> (<Hash value={getAddress(g.owner.id)} />
                    ), shared {formatDate(g.grantedAt)};{" "}
                    {g.revoked
                      ? "withdrawn by the company"
                      : live
                        ? `readable until ${formatDate(g.expiresAt)}`
                        : `expired ${formatDate(g.expiresAt)}`}{" "}
                    {live ? <Badge tone="info">open</Badge> : <Badge>closed</Badge>}
                  </p>
                  {live ? (
                    <Button
                      variant="secondary"
                      aria-expanded={open === g.id}
                      aria-label={`${open === g.id ? "Close" : "Open"} the request from ${requester}`}
                      onClick={() => setOpen(open === g.id ? undefined : g.id)}
                    >
                      {open === g.id ? "Close" : "Open"}
                    </Button>
                  ) : null}
                </div>
                {open === g.id && live ? <RequestDetail grant={g} body={body} onAccredit={onAccredit} /> : null}
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}

interface ReadRequest {
  sha256: string;
  request: AccreditationRequest | undefined;
  hashChecked: boolean;
}

type VaultFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Reads one document of `owner` with the grant as the hint; the bytes are hashed here and compared with the name. */
async function readGranted(
  vaultFetch: VaultFetch,
  owner: string,
  sha256: string,
  headers: Record<string, string>,
): Promise<{ bytes: Uint8Array; hashChecked: boolean; contentType: string }> {
  const response = await vaultFetch(`/api/vault/documents/${getAddress(owner)}/${sha256}`, {
    cache: "no-store",
    headers,
  });
  if (response.status === 404)
    throw new Error("the vault has no such document that you may read (wrong reference, or the grant ended).");
  if (!response.ok) throw new Error(await vaultErrorText(response));
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    bytes,
    hashChecked: (await sha256Hex(bytes)).slice(2) === sha256,
    contentType: response.headers.get("content-type") ?? "",
  };
}

/**
 * The request documents a grant opens. The vault lists an owner's documents only to the owner and its operators, so
 * this first asks for a listing narrowed to the scope with the grant as the hint (a vault that offers grantees such a
 * listing answers it); otherwise the body opens a request by the reference the company gives it.
 */
function RequestDetail({
  grant,
  body,
  onAccredit,
}: {
  grant: ReceivedGrant;
  body: Address;
  onAccredit: (prefill: Prefill) => void;
}) {
  const config = useConsoleConfig();
  const session = useSession();
  const operator = session.acting?.relation === "operator";
  const headers: Record<string, string> = {
    "x-access-hint": `grant:${grant.id}`,
    ...(operator ? { "x-acting-for": body } : {}),
  };
  const served = grant.owner.dataEndpoint !== null && vaultServes(grant.owner.dataEndpoint, config.vaultEndpoint);
  const [reference, setReference] = useState("");
  const [opened, setOpened] = useState<ReadRequest | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  const listing = useQuery({
    queryKey: ["vault", "granted-requests", grant.id, session.address],
    enabled: served,
    retry: false,
    queryFn: async (): Promise<ReadRequest[] | null> => {
      const query = new URLSearchParams({ owner: getAddress(grant.owner.id), scope: REQUEST_SCOPE, limit: "100" });
      const response = await session.vaultFetch(`/api/vault/documents?${query}`, { cache: "no-store", headers });
      if (!response.ok) return null; // this vault lists documents to their owner only
      const list = (await response.json()) as {
        documents: { sha256: string; scope: string | null; contentType: string }[];
      };
      const out: ReadRequest[] = [];
      for (const doc of list.documents) {
        if (doc.scope?.toLowerCase() !== REQUEST_SCOPE || !doc.contentType.startsWith(REQUEST_CONTENT_TYPE)) continue;
        const read = await readGranted(session.vaultFetch, grant.owner.id, doc.sha256, headers);
        out.push({
          sha256: doc.sha256,
          request: parseRequest(new TextDecoder().decode(read.bytes)),
          hashChecked: read.hashChecked,
        });
      }
      return out;
    },
  });

  if (!served) {
    return (
      <Notice tone="warning">
        {grant.owner.name ?? "The company"} keeps its data in another vault ({grant.owner.dataEndpoint ?? "none named"}
        ). Sign in to that vault to read the request; this console&apos;s vault cannot serve it.
      </Notice>
    );
  }

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const sha = reference.trim().toLowerCase().replace(/^0x/, "");
    if (!/^[0-9a-f]{64}$/.test(sha)) {
      setFailure("A reference is the request's SHA-256: 64 hexadecimal digits.");
      return;
    }
    try {
      const read = await readGranted(session.vaultFetch, grant.owner.id, sha, headers);
      setOpened({
        sha256: sha,
        request: parseRequest(new TextDecoder().decode(read.bytes)),
        hashChecked: read.hashChecked,
      });
    } catch (error) {
      setFailure(`The request cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const found = listing.data ?? null;
  return (
    <div className="mt-3 border-t border-slate-100 pt-3">
      {listing.isPending ? <p className="text-slate-600">Reading the company&apos;s vault…</p> : null}
      {found !== null && found.length === 0 ? (
        <p>The company&apos;s vault holds no request for you under this grant.</p>
      ) : null}
      {found?.map((r) => (
        <RequestView key={r.sha256} read={r} grant={grant} headers={headers} onAccredit={onAccredit} />
      ))}
      {found === null && !listing.isPending ? (
        <form onSubmit={(e) => void open(e)} noValidate>
          <p className="text-slate-700">
            This vault lists a company&apos;s documents only to the company itself. Ask{" "}
            {grant.owner.name ?? "the company"} for the request&apos;s reference (its Company page shows it under
            “Requests sent”) and open it with your grant.
          </p>
          <TextField
            label="Request reference"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            problem={failure}
            placeholder="64 hexadecimal digits"
          />
          <div className="mt-2">
            <Button type="submit" variant="secondary">
              Open request
            </Button>
          </div>
        </form>
      ) : null}
      {opened !== undefined ? (
        <RequestView read={opened} grant={grant} headers={headers} onAccredit={onAccredit} />
      ) : null}
    </div>
  );
}

function RequestView({
  read,
  grant,
  headers,
  onAccredit,
}: {
  read: ReadRequest;
  grant: ReceivedGrant;
  headers: Record<string, string>;
  onAccredit: (prefill: Prefill) => void;
}) {
  const session = useSession();
  const [downloadError, setDownloadError] = useState<string | undefined>();
  const request = read.request;
  if (request === undefined) {
    return <Notice tone="warning">Document {read.sha256.slice(0, 12)}… is not an accreditation request.</Notice>;
  }
  const kind = Kind[request.kind] as KindBit;
  const forOther = !sameAddress(request.company, grant.owner.id);

  const download = async (sha256: string, name: string) => {
    setDownloadError(undefined);
    try {
      const file = await readGranted(session.vaultFetch, grant.owner.id, sha256, headers);
      if (!file.hashChecked) throw new Error("the bytes do not match the hash the request names");
      // Saved as a plain download, never opened in this origin.
      const url = URL.createObjectURL(
        new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
      );
      const a = document.createElement("a");
      a.href = url;
      a.download = name.replace(/[^\w.\- ]+/g, "_").slice(0, 100) || sha256;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setDownloadError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="mt-2 rounded-md bg-slate-50 p-3" data-testid="request-document">
      <p>
        <span className="font-medium">Asks for: {requestWords(request)}</span>{" "}
        {read.hashChecked ? <Badge tone="good">hash checked</Badge> : <Badge tone="bad">hash mismatch</Badge>}
      </p>
      <p className="mt-1 text-xs text-slate-600">
        Requested {request.requestedAt === "" ? "at an unknown time" : request.requestedAt}; reference{" "}
        <code className="break-all">{read.sha256}</code>
      </p>
      {forOther ? (
        <Notice tone="error">
          The document names another company ({request.company}) than the one that shared it: do not rely on it.
        </Notice>
      ) : null}
      {request.message !== "" ? <p className="mt-2 whitespace-pre-wrap">{request.message}</p> : null}
      {request.evidence.length > 0 ? (
        <ul className="mt-2 list-disc pl-5">
          {request.evidence.map((e) => (
            <li key={e.sha256}>
              {e.name || "unnamed"} ({Math.ceil(e.size / 1024)} KB){" "}
              <Button
                variant="link"
                aria-label={`Download evidence ${e.name}`}
                onClick={() => void download(e.sha256, e.name)}
              >
                Download
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-slate-600">No evidence documents attached.</p>
      )}
      {downloadError !== undefined ? <Notice tone="error">Download failed: {downloadError}</Notice> : null}
      {!forOther ? (
        <div className="mt-2">
          <Button
            onClick={() =>
              onAccredit({
                company: getAddress(grant.owner.id),
                kind,
                value: requestSubjectValue(request),
                evidence: `0x${read.sha256}`,
              })
            }
          >
            Fill in the accreditation form
          </Button>
        </div>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Accredit
// ---------------------------------------------------------------------------------------------------------------------

function AccreditForm({
  body,
  kinds,
  mayAccredit,
  prefill,
}: {
  body: Address;
  kinds: number;
  mayAccredit: boolean;
  prefill: Prefill | undefined;
}) {
  const contracts = useContracts();
  const tx = useTransaction();
  const firstKind = (KINDS.find((k) => (kinds & k.bit) !== 0)?.bit ?? Kind.GS1_COMPANY_PREFIX) as KindBit;
  const [company, setCompany] = useState(prefill?.company ?? "");
  const [kind, setKind] = useState<KindBit>(prefill?.kind ?? firstKind);
  const [value, setValue] = useState(prefill?.value ?? "");
  const [expiry, setExpiry] = useState(dateInputValue(365));
  const [evidence, setEvidence] = useState(prefill?.evidence ?? "");
  const [tried, setTried] = useState(false);

  const companyAddress = addressProblem(company, "the company") === undefined ? getAddress(company) : undefined;
  const registered = useReadContract({
    address: contracts.Companies.address,
    abi: contracts.Companies.abi,
    functionName: "isRegistered",
    args: [companyAddress ?? zeroAddress],
    query: { enabled: companyAddress !== undefined },
  });
  const { subject, problem: subjectProblem } = subjectOf(kind, value);
  const existing = useReadContract({
    address: contracts.Accreditations.address,
    abi: contracts.Accreditations.abi,
    functionName: "accreditationOf",
    args: [companyAddress ?? zeroAddress, kind, subject ?? zeroHash],
    query: { enabled: companyAddress !== undefined && subject !== undefined },
  });
  const nameOf = useCompanyNames(companyAddress !== undefined ? [companyAddress] : []);

  const companyProblem =
    addressProblem(company, "the company") ??
    (sameAddress(company, body)
      ? "A body cannot accredit itself."
      : registered.data === false
        ? "This account has no company profile: it must register first."
        : undefined);
  const kindProblem =
    (kinds & kind) === 0 ? `You are not appointed to attest ${kindByBit(kind)?.label ?? "this"}.` : undefined;
  const expiryIssue = expiryProblem(expiry);
  const evidenceProblem =
    evidence === "" || /^0x[0-9a-fA-F]{64}$/.test(evidence)
      ? undefined
      : "The evidence hash is 0x followed by 64 hexadecimal digits (or pick the file to hash it).";
  const invalid = [companyProblem, kindProblem, subjectProblem, expiryIssue, evidenceProblem].some(
    (p) => p !== undefined,
  );
  const blocked = !mayAccredit
    ? "Your operator appointment does not include “Act as an accreditation body”."
    : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (invalid || blocked !== undefined || companyAddress === undefined || subject === undefined) return;
    const receipt = await tx.run(
      {
        contract: "Accreditations",
        functionName: "accredit",
        args: [
          companyAddress,
          kind,
          subject,
          BigInt(endOfDay(expiry)!),
          (evidence === "" ? zeroHash : evidence) as Hex,
        ],
      },
      `Accredit ${nameOf(companyAddress) ?? "the company"}`,
    );
    if (receipt !== undefined) setTried(false);
  };

  const hashFile = async (file: File | undefined) => {
    if (file === undefined) return;
    setEvidence(await sha256Hex(new Uint8Array(await file.arrayBuffer())));
  };

  const current = existing.data;
  return (
    <Section title="Accredit a company">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Company's address"
          value={company}
          onChange={(e) => setCompany(e.target.value.trim())}
          problem={company !== "" || tried ? companyProblem : undefined}
          placeholder="0x…"
          hint={
            companyAddress !== undefined && nameOf(companyAddress) !== undefined
              ? `Registered as “${nameOf(companyAddress)}” (self-declared).`
              : undefined
          }
        />
        <SelectField
          label="Kind"
          value={String(kind)}
          onChange={(e) => {
            setKind(Number(e.target.value) as KindBit);
            setValue("");
          }}
          problem={kindProblem}
        >
          {KINDS.map((k) => (
            <option key={k.bit} value={k.bit} disabled={(kinds & k.bit) === 0}>
              {k.label}
              {(kinds & k.bit) === 0 ? " (not appointed)" : ""}
            </option>
          ))}
        </SelectField>
        {kind === Kind.VERIFIER_TOPIC ? (
          <SelectField
            label="Claim topic"
            value={TOPICS.some((t) => t.key === value) || value === "" ? value : "other"}
            onChange={(e) => setValue(e.target.value === "other" ? "0x" : e.target.value)}
            problem={tried ? subjectProblem : undefined}
          >
            <option value="">Choose a topic…</option>
            {TOPICS.map((t) => (
              <option key={t.key} value={t.key}>
                {t.title} ({t.key})
              </option>
            ))}
            <option value="other">Another topic, by id…</option>
          </SelectField>
        ) : (
          <TextField
            label={kind === Kind.GS1_COMPANY_PREFIX ? "GS1 Company Prefix" : "LEI"}
            value={value}
            onChange={(e) => setValue(e.target.value.trim())}
            problem={value !== "" || tried ? subjectProblem : undefined}
            hint={
              kind === Kind.GS1_COMPANY_PREFIX ? "4 to 12 digits." : "20 characters with valid ISO 17442 check digits."
            }
          />
        )}
        {kind === Kind.VERIFIER_TOPIC && value !== "" && !TOPICS.some((t) => t.key === value) ? (
          <TextField
            label="Topic id"
            value={value}
            onChange={(e) => setValue(e.target.value.trim())}
            problem={subjectProblem}
            hint="keccak256 of the topic's full name, 0x and 64 hexadecimal digits."
          />
        ) : null}
        <TextField
          label="Valid until"
          type="date"
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
          problem={expiryIssue}
          hint="The end of that day, your local time. Renew it before then if the company still qualifies."
        />
        <TextField
          label="Evidence hash"
          value={evidence}
          onChange={(e) => setEvidence(e.target.value.trim())}
          problem={evidenceProblem}
          placeholder="0x… (optional)"
          hint="SHA-256 of the evidence you relied on (a request's reference fills it in). Only the hash goes on the chain."
        />
        <div className="mt-2">
          <label className="text-sm" htmlFor="accredit-evidence-file">
            Or hash an evidence file:{" "}
          </label>
          <input
            id="accredit-evidence-file"
            type="file"
            className="text-sm"
            onChange={(e) => void hashFile(e.target.files?.[0])}
          />
        </div>
        {current !== undefined && current[0].body !== zeroAddress ? (
          <p className="mt-2 text-sm text-slate-700">
            This replaces the current accreditation ({current[1] ? "valid" : "no longer valid"}, until{" "}
            {formatDate(current[0].expiresAt)}
            {sameAddress(current[0].body, body) ? ", attested by you" : ", attested by another body"}).
          </p>
        ) : null}
        {blocked !== undefined ? <Notice tone="warning">{blocked}</Notice> : null}
        <div className="mt-4">
          <Button type="submit" disabled={tx.busy || blocked !== undefined || (tried && invalid)}>
            Accredit
          </Button>
        </div>
        <TxStatus tx={tx} />
      </form>
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// What the body attested
// ---------------------------------------------------------------------------------------------------------------------

interface GrantedRow extends AccreditationRow {
  company: { id: string; name: string | null };
}

const GRANTED_QUERY = `query Granted($body: String!, $first: Int!, $after: Bytes!) {
  accreditations(where: { body: $body, id_gt: $after }, orderBy: id, first: $first) {
    id kind subject subjectText expiresAt revoked revokedAt accreditedAt evidenceHash
    term { active number }
    company { id name }
  }
}`;

function GrantedList({ body, removed }: { body: Address; removed: boolean }) {
  const session = useSession();
  const tx = useTransaction();
  const pages = useCursorPages<GrantedRow>(
    ["granted", body],
    GRANTED_QUERY,
    (data: { accreditations: GrantedRow[] }) => data.accreditations,
    { body: body.toLowerCase() },
    10,
  );
  const rows = pages.rows ?? [];
  const operator = session.acting?.relation === "operator";
  const mayRevoke = !operator || ((session.acting?.permissions ?? 0n) & ACCREDIT) !== 0n;
  if (removed && rows.length === 0 && pages.page === 0) return null;

  const revoke = async (row: GrantedRow) => {
    const kind = kindByName(row.kind)!;
    await tx.run(
      {
        contract: "Accreditations",
        functionName: "revoke",
        args: [getAddress(row.company.id), kind.bit, row.subject as Hex],
      },
      `Revoke ${accreditationWords(row.kind, row.subject, row.subjectText)} of ${row.company.name ?? row.company.id}`,
    );
  };

  return (
    <Section title="Accreditations you attested">
      {removed ? (
        <p className="text-sm text-slate-700">
          Your appointment ended, so these are void; you may still revoke them to say so explicitly.
        </p>
      ) : null}
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : rows.length === 0 && pages.page === 0 ? (
        <EmptyState title="You have not accredited anyone yet.">
          Use the form above, after checking a company&apos;s request.
        </EmptyState>
      ) : (
        <ul className="space-y-2">
          {rows.map((row) => {
            const status = accreditationStatus(row);
            const words = STATUS_WORDS[status];
            const what = accreditationWords(row.kind, row.subject, row.subjectText);
            const who = row.company.name ?? row.company.id;
            return (
              <li
                key={row.id}
                className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-3 text-sm"
                data-testid="granted-accreditation"
              >
                <p>
                  <span className="font-medium">{who}</span>: {what},{" "}
                  {status === "revoked" && row.revokedAt !== null
                    ? `revoked on ${formatDate(row.revokedAt)}`
                    : `until ${formatDate(row.expiresAt)}`}{" "}
                  <Badge tone={words.tone}>{words.text}</Badge>
                </p>
                {!row.revoked ? (
                  <Button
                    variant="danger"
                    disabled={tx.busy || !mayRevoke}
                    aria-label={`Revoke ${what} of ${who}`}
                    onClick={() => void revoke(row)}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
      <TxStatus tx={tx} />
    </Section>
  );
}
