"use client";
/** The vault's log of reads of the company's restricted documents: who read what, when, and what allowed it. */
import { useCompanyNames, useGraph } from "../components/hooks.tsx";
import { EmptyState, Hash, Notice, Pager } from "../components/ui.tsx";
import { granteeWords } from "./data-grants.tsx";
import type { ScopeNamer } from "./data-scopes.tsx";
import { formatTime, rememberedFileName, useVaultPages, useVaultProblem } from "./data-vault.tsx";

interface LogEntry {
  owner: string;
  sha256: string;
  reader: string;
  grant: string;
  at: string;
}

const PAGE_SIZE = 25;

interface LoggedGrant {
  id: string;
  scope: string;
  granteeKind: "Account" | "Constellation";
  grantee: { id: string; name: string | null } | null;
  constellation: { id: string; number: string; name: string } | null;
  roles: number;
}

const LOGGED_GRANTS = `query LoggedGrants($ids: [Bytes!]!) {
  grants(where: { id_in: $ids }, first: 100) {
    id scope granteeKind grantee { id name } constellation { id number name } roles
  }
}`;

/** What allowed a read, in words: "owner", "operator", "grant:0x…", "blinded:0x…", maybe "(read by 0x…)". */
export function allowedBy(
  grant: string,
  nameOf: (address: string) => string | undefined,
  grantOf: (id: string) => string | undefined = () => undefined,
): string {
  const readBy = /\(read by (0x[0-9a-fA-F]{40})\)/.exec(grant)?.[1];
  const base = grant.replace(/\s*\(read by 0x[0-9a-fA-F]{40}\)/, "");
  let words: string;
  if (base === "owner") words = "your company itself";
  else if (base === "operator") words = "an operator of your company";
  else if (base.startsWith("grant:")) {
    const known = grantOf(base.slice(6));
    words = known !== undefined ? `the grant to ${known}` : `grant ${base.slice(6, 16)}…`;
  } else if (base.startsWith("blinded:")) words = `blinded grant ${base.slice(8, 18)}…`;
  else words = base;
  return readBy !== undefined ? `${words}, read by its operator ${nameOf(readBy) ?? readBy}` : words;
}

export function AccessLog({
  owner,
  mayRead,
  nameOfScope,
}: {
  owner: string;
  mayRead: boolean;
  nameOfScope: ScopeNamer;
}) {
  const explain = useVaultProblem();
  const pages = useVaultPages<LogEntry>(
    ["access-log", owner.toLowerCase()],
    (after) =>
      `/api/vault/access-log?owner=${owner}&limit=${PAGE_SIZE}${after !== null ? `&after=${encodeURIComponent(after)}` : ""}`,
    (body: { entries: LogEntry[] }) => body.entries,
    mayRead,
  );
  const nameOf = useCompanyNames((pages.rows ?? []).map((e) => e.reader));
  const ids = [
    ...new Set((pages.rows ?? []).flatMap((e) => /^grant:(0x[0-9a-f]{64})/.exec(e.grant)?.[1] ?? [])),
  ].sort();
  const { data: grants } = useGraph<{ grants: LoggedGrant[] }>(
    ["data", "logged-grants"],
    LOGGED_GRANTS,
    { ids },
    {
      enabled: ids.length > 0,
    },
  );
  const grantOf = (id: string) => {
    const g = grants?.grants.find((x) => x.id === id.toLowerCase());
    return g === undefined
      ? undefined
      : `${granteeWords(g)} (${nameOfScope(g.scope) ?? `custom scope ${g.scope.slice(0, 10)}…`})`;
  };
  if (!mayRead) {
    return <Notice>Reading the access log needs the ACCESS permission.</Notice>;
  }
  if (pages.error !== null) return <Notice tone="error">{explain(pages.error, "log")}</Notice>;
  if (pages.rows === undefined) return <p className="text-sm text-slate-600">Loading the access log…</p>;
  if (pages.rows.length === 0 && pages.page === 0) {
    return (
      <EmptyState title="Nobody has read your restricted documents yet.">
        Every read of a restricted document shows here, with the grant that allowed it, once you grant a partner access
        and it downloads a document.
      </EmptyState>
    );
  }
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Access log">
          <thead className="text-xs uppercase text-slate-600">
            <tr>
              <th className="py-2 pr-3">When</th>
              <th className="py-2 pr-3">Reader</th>
              <th className="py-2 pr-3">Document</th>
              <th className="py-2">Allowed by</th>
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((entry, index) => {
              const file = rememberedFileName(entry.sha256);
              return (
                <tr key={`${entry.at}-${entry.sha256}-${index}`} className="border-t border-slate-200 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">{formatTime(entry.at)}</td>
                  <td className="py-2 pr-3" data-reader={entry.reader}>
                    {nameOf(entry.reader) ?? "an account"} <Hash value={entry.reader} />
                  </td>
                  <td className="py-2 pr-3">
                    {file !== undefined ? <span className="mr-1">{file}</span> : null}
                    <Hash value={entry.sha256} chars={8} />
                  </td>
                  <td className="py-2">{allowedBy(entry.grant, nameOf, grantOf)}</td>
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
