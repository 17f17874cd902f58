"use client";
/**
 * Granting access to a scope of the company's data: to a company, or to the members of a constellation (optionally
 * only those holding given roles), until a date; plainly (Access.grantAccess) or blinded (the vault computes the
 * commitment from the owner secret it keeps; Access.grantBlinded puts only the commitment on chain). And the grants the
 * company made, with revocation.
 */
import { accountGrant, constellationGrant, grantId, Role, roleNames } from "@constellate/sdk";
import type { Grant } from "@constellate/sdk";
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { getAddress, isAddress, isAddressEqual } from "viem";
import type { Address, Hex } from "viem";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useCompanyNames, useCursorPages, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import type { Transaction } from "../components/tx.tsx";
import { Badge, Button, EmptyState, Hash, Notice, Pager, SelectField, TextField, TxStatus } from "../components/ui.tsx";
import { DEFAULT_SCOPE, ScopeFields, scopeOf, scopeProblem, ScopeText, scopeWords } from "./data-scopes.tsx";
import type { ScopeChoice, ScopeNamer, ScopeProduct } from "./data-scopes.tsx";
import { formatTime, useNow, useVaultProblem, vaultJson } from "./data-vault.tsx";

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

const ROLE_CHOICES = (["ADMIN", "PRODUCER", "SUPPLIER", "LOGISTICS", "RETAILER", "VERIFIER"] as const).map((name) => ({
  name,
  bit: Role[name],
}));

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The first second after the chosen day ends (local time): a grant authorises until then, exclusive. */
export function expiryOfDate(value: string): bigint | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1, 0, 0, 0);
  if (Number.isNaN(date.getTime())) return undefined;
  return BigInt(Math.floor(date.getTime() / 1000));
}

const BLINDED_KEY = "constellate.data.blinded-grants";

interface BlindedMemory {
  grantee: string;
  scope: string;
}

function blindedMemories(): Record<string, BlindedMemory> {
  if (typeof window === "undefined") return {};
  try {
    const parsed = JSON.parse(window.localStorage.getItem(BLINDED_KEY) ?? "{}") as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, BlindedMemory>) : {};
  } catch {
    return {};
  }
}

/** Whom and what a blinded grant made from this browser was for (the chain shows only its commitment). */
function rememberBlinded(commitment: string, memory: BlindedMemory): void {
  window.localStorage.setItem(
    BLINDED_KEY,
    JSON.stringify({ ...blindedMemories(), [commitment.toLowerCase()]: memory }),
  );
}

export type GrantStatus = "live" | "expired" | "revoked";

export function grantStatus(row: { revoked: boolean; expiresAt: string }, now: bigint): GrantStatus {
  if (row.revoked) return "revoked";
  return BigInt(row.expiresAt) <= now ? "expired" : "live";
}

export function StatusBadge({ status, revokedAt }: { status: GrantStatus; revokedAt?: string | null }) {
  if (status === "live") return <Badge tone="good">live</Badge>;
  if (status === "expired") return <Badge tone="neutral">expired</Badge>;
  return (
    <Badge tone="bad">revoked{revokedAt !== undefined && revokedAt !== null ? ` ${formatTime(revokedAt)}` : ""}</Badge>
  );
}

interface MembershipsData {
  company: {
    memberships: {
      id: string;
      roles: number;
      constellation: { id: string; number: string; name: string; archived: boolean };
    }[];
  } | null;
}

const MEMBERSHIPS = `query DataMemberships($company: ID!) {
  company(id: $company) {
    memberships(first: 100, where: { active: true }) { id roles constellation { id number name archived } }
  }
}`;

/** The constellations `company` is a member of now, with its roles (from the indexer). */
export function useMemberships(company: string | undefined) {
  const { data } = useGraph<MembershipsData>(
    ["data", "memberships"],
    MEMBERSHIPS,
    { company: company?.toLowerCase() },
    { enabled: company !== undefined },
  );
  return data?.company?.memberships ?? [];
}

// ---------------------------------------------------------------------------------------------------------------------
// The grant form
// ---------------------------------------------------------------------------------------------------------------------

export interface GrantPrefill {
  choice: ScopeChoice;
  /** Changes whenever the page asks the form to take the prefill. */
  nonce: number;
}

export function GrantForm({
  owner,
  products,
  mayGrant,
  prefill,
}: {
  owner: Address;
  products: readonly ScopeProduct[];
  /** Whether the session may grant for the owner (the owner itself, or its operator holding ACCESS). */
  mayGrant: boolean;
  prefill: GrantPrefill | undefined;
}) {
  const contracts = useContracts();
  const { vaultFetch } = useSession();
  const explainVault = useVaultProblem();
  const tx = useTransaction();
  const now = useNow();
  const memberships = useMemberships(owner);

  const [target, setTarget] = useState<"company" | "constellation">("company");
  const [company, setCompany] = useState("");
  const [constellation, setConstellation] = useState("");
  const [roles, setRoles] = useState(0);
  const [choice, setChoice] = useState<ScopeChoice>(DEFAULT_SCOPE);
  const [until, setUntil] = useState(() => localDate(new Date(Date.now() + 90 * 24 * 3600 * 1000)));
  const [mode, setMode] = useState<"plain" | "blinded">("plain");
  const [attempted, setAttempted] = useState(false);
  const [vaultProblem, setVaultProblem] = useState<string | undefined>();
  const [preparing, setPreparing] = useState(false);

  useEffect(() => {
    if (prefill !== undefined) setChoice(prefill.choice);
  }, [prefill]);

  // The grantee company: a well-formed address of a registered company (read from the chain now), not the owner.
  const companyText = company.trim();
  const companyAddress = isAddress(companyText, { strict: false }) ? getAddress(companyText) : undefined;
  const registered = useReadContract({
    address: contracts.Companies.address,
    abi: contracts.Companies.abi,
    functionName: "isRegistered",
    args: companyAddress !== undefined ? [companyAddress] : undefined,
    query: { enabled: target === "company" && companyAddress !== undefined },
  });
  const nameOf = useCompanyNames(companyAddress !== undefined ? [companyAddress] : []);
  let companyProblem: string | undefined;
  if (target === "company") {
    if (companyText === "") companyProblem = "Enter the address of the company to grant access to.";
    else if (companyAddress === undefined) companyProblem = "An address is 0x followed by 40 hexadecimal digits.";
    else if (isAddressEqual(companyAddress, owner))
      companyProblem = "That is your own company: it reads its data already.";
    else if (registered.data === false) {
      companyProblem =
        "No company is registered at this address (checked on the chain just now). Ask your partner for the address of its registered company.";
    }
  }
  const companyChecking = target === "company" && companyAddress !== undefined && registered.data === undefined;

  // The grantee constellation: one the owner is a member of now (the contract refuses any other).
  const constellationId = /^\d+$/.test(constellation) ? BigInt(constellation) : undefined;
  const ownerMember = useReadContract({
    address: contracts.Constellations.address,
    abi: contracts.Constellations.abi,
    functionName: "hasRoles",
    args: constellationId !== undefined ? [constellationId, owner, 0] : undefined,
    query: { enabled: target === "constellation" && constellationId !== undefined },
  });
  let constellationProblem: string | undefined;
  if (target === "constellation") {
    if (memberships.length === 0) {
      constellationProblem = "Your company is a member of no constellation: join one first (Constellations page).";
    } else if (constellationId === undefined)
      constellationProblem = "Choose the constellation whose members get access.";
    else if (ownerMember.data === false) {
      constellationProblem =
        "Your company is no longer a member of this constellation (checked on the chain just now), so it cannot grant to its members.";
    }
  }
  const constellationChecking =
    target === "constellation" && constellationId !== undefined && ownerMember.data === undefined;

  const expiresAt = expiryOfDate(until);
  const untilProblem =
    expiresAt === undefined
      ? "Pick the last day of access."
      : expiresAt <= now
        ? "Pick a day in the future: the grant would have ended already."
        : expiresAt >= 1n << 40n
          ? "Pick an earlier day."
          : undefined;

  const scope = scopeOf(choice);
  let grant: Grant | undefined;
  if (scope !== undefined) {
    if (target === "company" && companyAddress !== undefined && companyProblem === undefined) {
      grant = accountGrant(owner, scope, companyAddress);
    } else if (target === "constellation" && constellationId !== undefined) {
      grant = constellationGrant(owner, scope, constellationId, roles);
    }
  }
  const id: Hex | undefined = grant !== undefined ? grantId(grant) : undefined;
  const existing = useReadContract({
    address: contracts.Access.address,
    abi: contracts.Access.abi,
    functionName: "grantOf",
    args: id !== undefined ? [owner, id] : undefined,
    query: { enabled: id !== undefined && mode === "plain" },
  });

  const blindedProblem =
    mode === "blinded" && target === "constellation"
      ? "Blinded grants from this console are for one company: the vault prepares them for an account grantee."
      : undefined;
  const problems = [
    target === "company" ? companyProblem : constellationProblem,
    scopeProblem(choice),
    untilProblem,
    blindedProblem,
  ].filter((p): p is string => p !== undefined);
  const blocked = !mayGrant || problems.length > 0 || companyChecking || constellationChecking;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    setVaultProblem(undefined);
    if (blocked || scope === undefined || expiresAt === undefined) return;
    if (mode === "plain") {
      if (grant === undefined) return;
      await tx.run({ contract: "Access", functionName: "grantAccess", args: [grant, expiresAt] }, "Grant access");
      return;
    }
    if (companyAddress === undefined) return;
    setPreparing(true);
    let commitment: Hex;
    try {
      const prepared = await vaultJson<{ commitment: Hex }>(vaultFetch, "/api/vault/blinded-grants", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ owner, grantee: companyAddress, scope, expiresAt: Number(expiresAt) }),
      });
      commitment = prepared.commitment;
    } catch (error) {
      setVaultProblem(explainVault(error, "blinded"));
      return;
    } finally {
      setPreparing(false);
    }
    rememberBlinded(commitment, { grantee: companyAddress, scope });
    await tx.run({ contract: "Access", functionName: "grantBlinded", args: [commitment, expiresAt] }, "Blinded grant");
  }

  const record = existing.data as { grantedAt: number; expiresAt: number; revokedAt: number } | undefined;
  const renewal =
    record !== undefined && record.grantedAt !== 0
      ? record.revokedAt !== 0
        ? "This grant was made before and revoked: granting again renews it."
        : BigInt(record.expiresAt) > now
          ? `This grant exists and is live until ${formatTime(record.expiresAt)}: granting again sets its new end.`
          : "This grant existed and expired: granting again renews it."
      : undefined;

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Grant access">
      {!mayGrant ? (
        <Notice tone="warning">
          Granting and revoking need the ACCESS permission: ask your company to add it to your operator appointment.
        </Notice>
      ) : null}
      <fieldset className="mt-2">
        <legend className="text-sm font-medium">Grant to</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="grant-target"
              checked={target === "company"}
              onChange={() => setTarget("company")}
            />
            A company
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="grant-target"
              checked={target === "constellation"}
              onChange={() => setTarget("constellation")}
            />
            The members of a constellation
          </label>
        </div>
      </fieldset>
      {target === "company" ? (
        <TextField
          label="Company address"
          value={company}
          placeholder="0x…"
          spellCheck={false}
          autoComplete="off"
          problem={company !== "" || attempted ? companyProblem : undefined}
          hint={
            companyChecking
              ? "Checking the chain…"
              : companyAddress !== undefined && registered.data === true
                ? `Registered company: ${nameOf(companyAddress) ?? companyAddress} (checked on the chain just now; its profile is self-declared).`
                : "The partner's registered company address (its Safe or account)."
          }
          onChange={(e) => setCompany(e.target.value)}
        />
      ) : (
        <>
          <SelectField
            label="Constellation"
            value={constellation}
            problem={attempted || constellation !== "" ? constellationProblem : undefined}
            hint="Members get access while they are members (and hold the roles below); a member who leaves loses it at once."
            onChange={(e) => setConstellation(e.target.value)}
          >
            <option value="">Choose a constellation…</option>
            {memberships.map((m) => (
              <option key={m.id} value={m.constellation.number}>
                #{m.constellation.number} {m.constellation.name}
                {m.constellation.archived ? " (archived)" : ""}
              </option>
            ))}
          </SelectField>
          <fieldset className="mt-3">
            <legend className="text-sm font-medium">
              Only members holding all of these roles (none ticked: every member)
            </legend>
            <div className="mt-1 flex flex-wrap gap-3 text-sm">
              {ROLE_CHOICES.map(({ name, bit }) => (
                <label key={name} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={(roles & bit) !== 0}
                    onChange={(e) => setRoles((r) => (e.target.checked ? r | bit : r & ~bit))}
                  />
                  {roleNames(bit)}
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
      <ScopeFields value={choice} onChange={setChoice} products={products} touched={attempted} />
      {scope !== undefined ? (
        <p className="mt-1 text-xs text-slate-700" title={scope}>
          Scope:{" "}
          {scopeWords(
            choice.kind,
            products.find((p) => p.id === choice.product),
            choice.dataset,
          )}
        </p>
      ) : null}
      <TextField
        label="Access until (last day, inclusive)"
        type="date"
        value={until}
        problem={untilProblem}
        hint={
          expiresAt !== undefined
            ? `Access ends at ${formatTime(expiresAt)}; you can revoke it earlier at any time.`
            : undefined
        }
        onChange={(e) => setUntil(e.target.value)}
      />
      <fieldset className="mt-3">
        <legend className="text-sm font-medium">How the grant appears on the chain</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-1">
            <input type="radio" name="grant-mode" checked={mode === "plain"} onChange={() => setMode("plain")} />
            Plain
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="grant-mode"
              checked={mode === "blinded"}
              disabled={target === "constellation"}
              onChange={() => setMode("blinded")}
            />
            Blinded{target === "constellation" ? " (for one company only)" : ""}
          </label>
        </div>
        {mode === "plain" ? (
          <p className="mt-1 text-xs text-slate-700">
            Anyone can see on the chain whom you granted which scope, until when. Every vault and anyone asking the
            Access contract sees the grant.
          </p>
        ) : (
          <Notice>
            A blinded grant puts only a commitment on the chain (and that your company made a grant until that date):
            nobody can tell whom it is for or which scope it covers. This vault computes the commitment from a secret
            only it keeps, and only this vault enforces the grant; the Access contract cannot check it for anyone. The
            commitment is timestamped on the chain, so you cannot deny having made it.
          </Notice>
        )}
      </fieldset>
      {renewal !== undefined && mode === "plain" ? <Notice>{renewal}</Notice> : null}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={blocked || tx.busy || preparing} aria-describedby="grant-blocked">
          {preparing ? "Preparing the commitment…" : mode === "blinded" ? "Grant access (blinded)" : "Grant access"}
        </Button>
        {blocked ? (
          <p id="grant-blocked" className="text-sm text-slate-700">
            {!mayGrant
              ? "Needs the ACCESS permission."
              : companyChecking || constellationChecking
                ? "Checking the grantee on the chain…"
                : `Before granting: ${problems.join(" ")}`}
          </p>
        ) : null}
      </div>
      {vaultProblem !== undefined ? (
        <Notice tone="error">The vault could not prepare the blinded grant: {vaultProblem}</Notice>
      ) : null}
      <TxStatus tx={tx} />
    </form>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Grants made
// ---------------------------------------------------------------------------------------------------------------------

interface GrantRow {
  id: string;
  scope: string;
  granteeKind: "Account" | "Constellation";
  grantee: { id: string; name: string | null } | null;
  constellation: { id: string; number: string; name: string } | null;
  roles: number;
  expiresAt: string;
  grantedAt: string;
  revoked: boolean;
  revokedAt: string | null;
}

const GRANT_FIELDS = `id scope granteeKind grantee { id name } constellation { id number name } roles expiresAt grantedAt revoked revokedAt`;
const MY_GRANTS = `query MyGrants($owner: String!, $first: Int!, $after: Bytes!) {
  grants(where: { owner: $owner, id_gt: $after }, orderBy: id, first: $first) { ${GRANT_FIELDS} }
}`;
const MY_LIVE_GRANTS = `query MyLiveGrants($owner: String!, $now: BigInt!, $first: Int!, $after: Bytes!) {
  grants(where: { owner: $owner, revoked: false, expiresAt_gt: $now, id_gt: $after }, orderBy: id, first: $first) { ${GRANT_FIELDS} }
}`;

/** Whom a grant is for, in words. */
export function granteeWords(row: Pick<GrantRow, "granteeKind" | "grantee" | "constellation" | "roles">): string {
  if (row.granteeKind === "Account") return row.grantee?.name ?? row.grantee?.id ?? "an account";
  const c = row.constellation;
  const who = c !== null ? `the members of #${c.number} ${c.name}` : "the members of a constellation";
  return row.roles !== 0 ? `${who} holding ${roleNames(row.roles)}` : who;
}

export function GrantsMade({
  owner,
  nameOfScope,
  mayGrant,
}: {
  owner: Address;
  nameOfScope: ScopeNamer;
  mayGrant: boolean;
}) {
  const [liveOnly, setLiveOnly] = useState(false);
  const tx = useTransaction();
  return (
    <div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={liveOnly} onChange={(e) => setLiveOnly(e.target.checked)} />
        Only live grants (hide revoked and expired ones)
      </label>
      <TxStatus tx={tx} />
      <GrantsMadeTable
        key={String(liveOnly)}
        owner={owner}
        nameOfScope={nameOfScope}
        mayGrant={mayGrant}
        liveOnly={liveOnly}
        tx={tx}
      />
    </div>
  );
}

function GrantsMadeTable({
  owner,
  nameOfScope,
  mayGrant,
  liveOnly,
  tx,
}: {
  owner: Address;
  nameOfScope: ScopeNamer;
  mayGrant: boolean;
  liveOnly: boolean;
  tx: Transaction;
}) {
  const now = useNow();
  const [since] = useState(() => now);
  const pages = useCursorPages<GrantRow>(
    ["data", "grants-made", liveOnly],
    liveOnly ? MY_LIVE_GRANTS : MY_GRANTS,
    (data: { grants: GrantRow[] }) => data.grants,
    { owner: owner.toLowerCase(), ...(liveOnly ? { now: since.toString() } : {}) },
    20,
  );
  return (
    <div>
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="mt-2 text-sm text-slate-600">Loading grants…</p>
      ) : pages.rows.length === 0 && pages.page === 0 ? (
        <div className="mt-2">
          <EmptyState title={liveOnly ? "No live grants." : "Your company has made no grants yet."}>
            Use the form above to grant a partner or a constellation access to a scope of your data.
          </EmptyState>
        </div>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th className="py-2 pr-3">Grantee</th>
                <th className="py-2 pr-3">Scope</th>
                <th className="py-2 pr-3">Until</th>
                <th className="py-2 pr-3">Status</th>
                <th className="py-2">Action</th>
              </tr>
            </thead>
            <tbody>
              {pages.rows.map((row) => {
                const status = grantStatus(row, now);
                const who = granteeWords(row);
                return (
                  <tr key={row.id} className="border-t border-slate-200 align-top" data-grant={row.id}>
                    <td className="py-2 pr-3">
                      {who}
                      {row.granteeKind === "Account" && row.grantee !== null ? (
                        <div>
                          <Hash value={row.grantee.id} />
                        </div>
                      ) : null}
                    </td>
                    <td className="py-2 pr-3">
                      <ScopeText scope={row.scope} nameOf={nameOfScope} />
                    </td>
                    <td className="py-2 pr-3 whitespace-nowrap">{formatTime(row.expiresAt)}</td>
                    <td className="py-2 pr-3">
                      <StatusBadge status={status} revokedAt={row.revokedAt} />
                    </td>
                    <td className="py-2">
                      {!row.revoked ? (
                        <Button
                          variant="danger"
                          aria-label={`Revoke the grant to ${who}`}
                          disabled={!mayGrant || tx.busy}
                          title={!mayGrant ? "Revoking needs the ACCESS permission." : undefined}
                          onClick={() =>
                            void tx.run(
                              { contract: "Access", functionName: "revokeAccess", args: [row.id] },
                              `Revoke the grant to ${who}`,
                            )
                          }
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </div>
  );
}

interface BlindedRow {
  id: string;
  commitment: string;
  expiresAt: string;
  grantedAt: string;
  revoked: boolean;
  revokedAt: string | null;
}

const MY_BLINDED = `query MyBlindedGrants($owner: String!, $first: Int!, $after: Bytes!) {
  blindedGrants(where: { owner: $owner, id_gt: $after }, orderBy: id, first: $first) {
    id commitment expiresAt grantedAt revoked revokedAt
  }
}`;

export function BlindedGrantsMade({
  owner,
  nameOfScope,
  mayGrant,
}: {
  owner: Address;
  nameOfScope: ScopeNamer;
  mayGrant: boolean;
}) {
  const tx = useTransaction();
  const now = useNow();
  const pages = useCursorPages<BlindedRow>(
    ["data", "blinded-made"],
    MY_BLINDED,
    (data: { blindedGrants: BlindedRow[] }) => data.blindedGrants,
    { owner: owner.toLowerCase() },
    20,
  );
  const [memories, setMemories] = useState<Record<string, BlindedMemory>>({});
  useEffect(() => setMemories(blindedMemories()), [pages.rows]);
  const names = useCompanyNames(Object.values(memories).map((m) => m.grantee));
  return (
    <div>
      <TxStatus tx={tx} />
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading blinded grants…</p>
      ) : pages.rows.length === 0 && pages.page === 0 ? (
        <EmptyState title="Your company has made no blinded grants.">
          Choose &quot;Blinded&quot; in the form above to grant a company without showing the public whom.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th className="py-2 pr-3">Commitment (what the chain shows)</th>
                <th className="py-2 pr-3">Grantee and scope</th>
                <th className="py-2 pr-3">Until</th>
                <th className="py-2 pr-3">Status</th>
                <th className="py-2">Action</th>
              </tr>
            </thead>
            <tbody>
              {pages.rows.map((row) => {
                const memory = memories[row.commitment.toLowerCase()];
                const who =
                  memory !== undefined
                    ? (names(memory.grantee) ?? memory.grantee)
                    : `commitment ${row.commitment.slice(0, 10)}…`;
                return (
                  <tr key={row.id} className="border-t border-slate-200 align-top" data-commitment={row.commitment}>
                    <td className="py-2 pr-3">
                      <Hash value={row.commitment} />
                    </td>
                    <td className="py-2 pr-3">
                      {memory !== undefined ? (
                        <>
                          {names(memory.grantee) ?? <Hash value={memory.grantee} />},{" "}
                          <ScopeText scope={memory.scope} nameOf={nameOfScope} />
                          <div className="text-xs text-slate-600">(remembered by this browser only)</div>
                        </>
                      ) : (
                        <span className="text-xs text-slate-600">
                          Known only to your vault (made from another browser or by another operator).
                        </span>
                      )}
                    </td>
                    <td className="py-2 pr-3 whitespace-nowrap">{formatTime(row.expiresAt)}</td>
                    <td className="py-2 pr-3">
                      <StatusBadge status={grantStatus(row, now)} revokedAt={row.revokedAt} />
                    </td>
                    <td className="py-2">
                      {!row.revoked ? (
                        <Button
                          variant="danger"
                          aria-label={`Revoke the blinded grant to ${who}`}
                          disabled={!mayGrant || tx.busy}
                          onClick={() =>
                            void tx.run(
                              { contract: "Access", functionName: "revokeBlinded", args: [row.commitment] },
                              `Revoke the blinded grant to ${who}`,
                            )
                          }
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </div>
  );
}
