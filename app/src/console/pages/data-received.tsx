"use client";
/**
 * What the acting company may read of others' data: grants made to it (as an account, or to the members of its
 * constellations), blinded grants the vault recognises for it, and a form to download a document it may read. A
 * grantee cannot list an owner's documents: the owner shares a document's hash (or a link to this page with it).
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { getAddress, isAddress, isAddressEqual } from "viem";
import type { Address } from "viem";

import { useCompanyNames, useCursorPages } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { Button, EmptyState, Hash, Notice, Pager, TextField } from "../components/ui.tsx";
import { ScopeText, useScopeNames } from "./data-scopes.tsx";
import { granteeWords, grantStatus, StatusBadge, useMemberships } from "./data-grants.tsx";
import {
  downloadDocument,
  formatBytes,
  formatTime,
  useNow,
  useVaultProblem,
  VaultAnswerError,
  vaultJson,
} from "./data-vault.tsx";

export interface OpenRequest {
  owner: string;
  sha256: string;
  hint: string;
  /** Changes whenever the page asks the form to take these values. */
  nonce: number;
}

// ---------------------------------------------------------------------------------------------------------------------
// Grants received
// ---------------------------------------------------------------------------------------------------------------------

interface ReceivedRow {
  id: string;
  owner: { id: string; name: string | null };
  scope: string;
  granteeKind: "Account" | "Constellation";
  grantee: { id: string; name: string | null } | null;
  constellation: { id: string; number: string; name: string } | null;
  roles: number;
  expiresAt: string;
  revoked: boolean;
  revokedAt: string | null;
}

const RECEIVED = `query GrantsReceived($grantee: String!, $constellations: [String!]!, $first: Int!, $after: Bytes!) {
  grants(
    where: {
      or: [
        { grantee: $grantee, owner_not: $grantee, id_gt: $after }
        { constellation_in: $constellations, owner_not: $grantee, id_gt: $after }
      ]
    }
    orderBy: id
    first: $first
  ) {
    id owner { id name } scope granteeKind grantee { id name } constellation { id number name } roles expiresAt revoked revokedAt
  }
}`;

export function GrantsReceived({
  company,
  onOpen,
}: {
  company: Address;
  onOpen: (request: Omit<OpenRequest, "nonce">) => void;
}) {
  const now = useNow();
  const memberships = useMemberships(company);
  const rolesIn = new Map(memberships.map((m) => [m.constellation.id, m.roles]));
  const constellations = memberships.map((m) => m.constellation.id).sort();
  const pages = useCursorPages<ReceivedRow>(
    ["data", "grants-received"],
    RECEIVED,
    (data: { grants: ReceivedRow[] }) => data.grants,
    { grantee: company.toLowerCase(), constellations },
    20,
  );
  const nameOfScope = useScopeNames((pages.rows ?? []).map((r) => r.owner.id));
  if (pages.error !== null) return <Notice tone="error">{pages.error.message}</Notice>;
  if (pages.rows === undefined) return <p className="text-sm text-slate-600">Loading grants to your company…</p>;
  if (pages.rows.length === 0 && pages.page === 0) {
    return (
      <EmptyState title="No company has granted yours access to its data yet.">
        Ask a partner to grant your company (or a constellation you are a member of) a scope of its data; its grant
        shows here, and you can then download the documents it shares with you.
      </EmptyState>
    );
  }
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-600">
            <tr>
              <th className="py-2 pr-3">From</th>
              <th className="py-2 pr-3">Scope</th>
              <th className="py-2 pr-3">Granted to</th>
              <th className="py-2 pr-3">Until</th>
              <th className="py-2 pr-3">Status</th>
              <th className="py-2">Documents</th>
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((row) => {
              const status = grantStatus(row, now);
              const owner = row.owner.name ?? row.owner.id;
              const myRoles = row.constellation !== null ? rolesIn.get(row.constellation.id) : undefined;
              const qualifies =
                row.granteeKind === "Account" || (myRoles !== undefined && (myRoles & row.roles) === row.roles);
              const hint = row.granteeKind === "Constellation" ? `grant:${row.id}` : "";
              return (
                <tr key={row.id} className="border-t border-slate-200 align-top" data-grant={row.id}>
                  <td className="py-2 pr-3">
                    {owner}
                    <div>
                      <Hash value={row.owner.id} />
                    </div>
                  </td>
                  <td className="py-2 pr-3">
                    <ScopeText scope={row.scope} nameOf={nameOfScope} />
                  </td>
                  <td className="py-2 pr-3">
                    {row.granteeKind === "Account" ? "your company" : granteeWords(row)}
                    {!qualifies ? (
                      <div className="text-xs text-amber-800">Your company lacks the roles this grant asks for.</div>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatTime(row.expiresAt)}</td>
                  <td className="py-2 pr-3">
                    <StatusBadge status={status} revokedAt={row.revokedAt} />
                  </td>
                  <td className="py-2">
                    {status === "live" && qualifies ? (
                      <Button
                        variant="secondary"
                        aria-label={`Open a document of ${owner}`}
                        onClick={() => onOpen({ owner: getAddress(row.owner.id), sha256: "", hint })}
                      >
                        Open a document
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </div>
  );
}

interface BlindedReceived {
  owner: string;
  scope: string;
  commitment: string;
  expiresAt: string;
}

/** Blinded grants the vault recognises for the acting company (only grants from owners this vault serves). */
export function BlindedReceivedList({
  company,
  onOpen,
}: {
  company: Address;
  onOpen: (request: Omit<OpenRequest, "nonce">) => void;
}) {
  const { vaultFetch } = useSession();
  const explain = useVaultProblem();
  const { data, error } = useQuery({
    queryKey: ["vault", "blinded-received", company.toLowerCase()],
    queryFn: () =>
      vaultJson<{ grants: BlindedReceived[] }>(vaultFetch, `/api/vault/blinded-grants?grantee=${company}`).then(
        (b) => b.grants,
      ),
  });
  const names = useCompanyNames((data ?? []).map((g) => g.owner));
  const nameOfScope = useScopeNames((data ?? []).map((g) => g.owner));
  if (error !== null) return <Notice tone="error">{explain(error, "list")}</Notice>;
  if (data === undefined) return <p className="text-sm text-slate-600">Asking the vault for blinded grants…</p>;
  if (data.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        This vault knows of no live blinded grant to your company. (A blinded grant shows only to its grantee, and only
        in the vault of the company that made it.)
      </p>
    );
  }
  return (
    <ul className="space-y-2 text-sm">
      {data.map((g) => {
        const owner = names(g.owner) ?? g.owner;
        return (
          <li
            key={`${g.owner}-${g.commitment}`}
            className="flex flex-wrap items-center gap-2"
            data-commitment={g.commitment}
          >
            <span>
              {owner}: <ScopeText scope={g.scope} nameOf={nameOfScope} />, until {formatTime(g.expiresAt)} (blinded,
              commitment <Hash value={g.commitment} />)
            </span>
            <Button
              variant="secondary"
              aria-label={`Open a document of ${owner} (blinded grant)`}
              onClick={() => onOpen({ owner: getAddress(g.owner), sha256: "", hint: "" })}
            >
              Open a document
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Opening a document
// ---------------------------------------------------------------------------------------------------------------------

/** Owner and SHA-256 out of a share link (this page's `?owner=&sha256=`) or a vault document URL, if it is one. */
export function parseDocumentLink(text: string): { owner: string; sha256: string } | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const owner = url.searchParams.get("owner");
  const sha256 = url.searchParams.get("sha256");
  if (owner !== null && sha256 !== null) return { owner, sha256 };
  const path = /\/api\/vault\/documents\/(0x[0-9a-fA-F]{40})\/([0-9a-fA-F]{64})\/?$/.exec(url.pathname);
  return path !== null ? { owner: path[1]!, sha256: path[2]! } : undefined;
}

export function OpenDocumentForm({ company, request }: { company: Address; request: OpenRequest | undefined }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const explain = useVaultProblem();
  const [owner, setOwner] = useState("");
  const [hash, setHash] = useState("");
  const [hint, setHint] = useState("");
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | undefined>();
  const hashInput = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (request === undefined) return;
    setOwner(request.owner);
    setHash(request.sha256);
    setHint(request.hint);
    setResult(undefined);
    hashInput.current?.scrollIntoView({ block: "center" });
    hashInput.current?.querySelector("input")?.focus();
  }, [request]);

  const ownerText = owner.trim();
  const ownerProblem =
    ownerText === ""
      ? "Enter the address of the company that owns the document."
      : !isAddress(ownerText, { strict: false })
        ? "An address is 0x followed by 40 hexadecimal digits."
        : undefined;
  const hashText = hash.trim().toLowerCase().replace(/^0x/, "");
  const hashProblem =
    hashText === ""
      ? "Enter the document's SHA-256 (the owner shares it with you), or paste its link."
      : !/^[0-9a-f]{64}$/.test(hashText)
        ? "A SHA-256 is 64 hexadecimal digits."
        : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    setResult(undefined);
    if (ownerProblem !== undefined || hashProblem !== undefined) return;
    setBusy(true);
    try {
      const actingFor =
        session.address !== undefined && !isAddressEqual(company, session.address) ? company : undefined;
      const saved = await downloadDocument(session.vaultFetch, {
        owner: getAddress(ownerText),
        sha256: hashText,
        hint: hint !== "" ? hint : undefined,
        actingFor,
      });
      setResult({
        tone: "success",
        text: `Saved as ${saved.fileName} (${formatBytes(saved.size)}, ${saved.contentType}). The owner's vault logged this read.`,
      });
    } catch (error) {
      setResult({ tone: "error", text: explain(error, "download") });
      // A refusal often means a grant ended: show the lists as the indexer has them now.
      if (error instanceof VaultAnswerError && error.status === 404) {
        void queryClient.invalidateQueries({ queryKey: ["graph", "data"] });
        void queryClient.invalidateQueries({ queryKey: ["vault", "blinded-received"] });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form id="open-document" onSubmit={(e) => void submit(e)} noValidate aria-label="Open a shared document">
      <p className="text-sm text-slate-700">
        The vault serves a restricted document to your company while a grant of its owner for the document&apos;s scope
        is live. The document is saved as a file; it never opens inside the console.
      </p>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField
          label="Owner (company address)"
          value={owner}
          placeholder="0x…"
          spellCheck={false}
          autoComplete="off"
          problem={attempted || owner !== "" ? ownerProblem : undefined}
          onChange={(e) => setOwner(e.target.value)}
        />
        <div ref={hashInput}>
          <TextField
            label="Document SHA-256 or link"
            value={hash}
            spellCheck={false}
            autoComplete="off"
            problem={attempted || hash !== "" ? hashProblem : undefined}
            hint={
              hint !== ""
                ? `Relying on grant ${hint.replace(/^grant:/, "").slice(0, 12)}… of a constellation.`
                : undefined
            }
            onChange={(e) => {
              const link = parseDocumentLink(e.target.value);
              if (link !== undefined) {
                setOwner(link.owner);
                setHash(link.sha256);
              } else setHash(e.target.value);
            }}
          />
        </div>
      </div>
      <div className="mt-4">
        <Button type="submit" disabled={busy}>
          {busy ? "Downloading…" : "Download document"}
        </Button>
      </div>
      {result !== undefined ? (
        <Notice tone={result.tone}>
          <span data-testid="download-result">
            {result.tone === "error" ? `Download refused: ${result.text}` : result.text}
          </span>
        </Notice>
      ) : null}
    </form>
  );
}
