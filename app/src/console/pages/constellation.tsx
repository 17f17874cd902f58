"use client";
/**
 * /console/constellations/[id]: one constellation. Everyone sees its description, members and open motions. The
 * acting company sees its own membership (roles offered to accept or decline, leaving, or an invitation or request);
 * its admins invite companies, withdraw invitations, approve or reject requests to join, grant and revoke roles, remove
 * members, and vote on motions (admin changes and archiving take a majority of the admins).
 *
 * Every button says, before anything is sent, why the contract would refuse (read fresh from the chain: the admin
 * count, memberships, registration, votes); a refusal that happens anyway shows in the transaction status, decoded.
 */
import { Motion, Permission, Role } from "@constellate/sdk";
import Link from "next/link";
import { useState } from "react";
import type { ReactNode } from "react";
import { getAddress, isAddress, zeroAddress } from "viem";
import type { Address } from "viem";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useCompanyNames, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { useTransaction } from "../components/tx.tsx";
import type { Transaction } from "../components/tx.tsx";
import {
  Badge,
  Button,
  EmptyState,
  Hash,
  Notice,
  PageTitle,
  Pager,
  Section,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import {
  formatTime,
  GuardedButton,
  NON_ADMIN_ROLES,
  parseConstellationId,
  RoleBadges,
  RolePicker,
  rolesInWords,
  safeHref,
  same,
  useActingProblem,
  useChainTime,
  useConstellationState,
  useMembership,
  usePages,
} from "./constellation-common.tsx";
import type { ConstellationState, MembershipState } from "./constellation-common.tsx";
import { RequestToJoin } from "./constellations.tsx";

const DAY = 86_400n;
const MAX_INVITATION_DAYS = 90;

/** What every part of the page needs to know about the constellation and the acting company. */
interface Context {
  id: bigint;
  name: string;
  state: ConstellationState | undefined;
  archived: boolean;
  adminCount: number;
  me: Address | undefined;
  mine: MembershipState | undefined;
  isMember: boolean;
  isAdmin: boolean;
  now: bigint | undefined;
  /** Why the acting account cannot act as this company's admin / member now (operator permissions), if it cannot. */
  adminProblem: string | undefined;
  memberProblem: string | undefined;
  nameOf: (address: string) => string;
}

function lastAdminReason(ctx: Context, who: "you" | string): string {
  return who === "you"
    ? `A constellation must keep an admin: your company is the only admin of ${ctx.name}. Make another member an admin first (a motion under Members), then try again.`
    : `A constellation must keep an admin: ${who} is the only admin of ${ctx.name}.`;
}

export function ConstellationPage({ id: idText }: { id: string }) {
  const id = parseConstellationId(idText);
  if (id === undefined) {
    return (
      <div>
        <PageTitle>Constellation</PageTitle>
        <Notice tone="error">
          “{idText}” is not a constellation number. <Link href="/console/constellations">See all constellations</Link>.
        </Notice>
      </div>
    );
  }
  return <ConstellationView id={id} />;
}

const CONSTELLATION = `query Constellation($id: ID!) {
  constellation(id: $id) {
    id number name purpose metadataURI metadataHash archived archivedAt memberCount adminCount adminEpoch createdAt
    founder { id }
  }
}`;

interface ConstellationData {
  constellation: {
    id: string;
    number: string;
    name: string;
    purpose: string;
    metadataURI: string;
    metadataHash: string;
    archived: boolean;
    archivedAt: string | null;
    memberCount: number;
    adminCount: number;
    adminEpoch: number;
    createdAt: string;
    founder: { id: string };
  } | null;
}

function ConstellationView({ id }: { id: bigint }) {
  const session = useSession();
  const graph = useGraph<ConstellationData>(["constellation", id.toString()], CONSTELLATION, { id: id.toString() });
  const fresh = useConstellationState(id);
  const me = session.status === "signed-in" ? session.actingFor : undefined;
  const { membership: mine, isMember } = useMembership(id, me);
  const now = useChainTime();
  const adminProblem = useActingProblem(Permission.CONSTELLATION_ADMIN, now);
  const memberProblem = useActingProblem(Permission.MEMBERSHIP, now);
  const c = graph.data?.constellation ?? undefined;
  const names = useCompanyNames([...(c !== undefined ? [c.founder.id] : []), ...(me !== undefined ? [me] : [])]);
  const nameOfRaw = names;

  if (fresh.state !== undefined && !fresh.exists) {
    return (
      <div>
        <PageTitle>Constellation #{id.toString()}</PageTitle>
        <Notice tone="error">
          There is no constellation #{id.toString()} on this chain.{" "}
          <Link className="underline" href="/console/constellations">
            See all constellations
          </Link>
          .
        </Notice>
      </div>
    );
  }
  const name = c?.name ?? `Constellation #${id.toString()}`;
  const archived = fresh.state?.archived ?? c?.archived ?? false;
  const ctx: Context = {
    id,
    name,
    state: fresh.state,
    archived,
    adminCount: fresh.state?.adminCount ?? c?.adminCount ?? 0,
    me,
    mine,
    isMember,
    isAdmin: isMember && mine !== undefined && (mine.roles & Role.ADMIN) !== 0,
    now,
    adminProblem,
    memberProblem,
    nameOf: (address) => nameOfRaw(address) ?? address,
  };
  const metadataLink = c !== undefined && c.metadataURI !== "" ? safeHref(c.metadataURI) : undefined;
  return (
    <div>
      <p className="text-sm">
        <Link className="text-indigo-700 underline" href="/console/constellations">
          ← Constellations
        </Link>
      </p>
      <PageTitle intro={c?.purpose !== undefined && c.purpose !== "" ? c.purpose : undefined}>
        {name} <span className="text-base font-normal text-slate-600">#{id.toString()}</span>{" "}
        {archived ? <Badge tone="warn">Archived</Badge> : null}
      </PageTitle>
      {graph.error !== null ? <Notice tone="error">{graph.error.message}</Notice> : null}
      {c === undefined && graph.data !== undefined ? (
        <Notice>The indexer has not seen this constellation yet; its description appears once it catches up.</Notice>
      ) : null}
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        {c !== undefined ? (
          <>
            <dt className="font-medium">Founded by</dt>
            <dd>
              {ctx.nameOf(c.founder.id)} (<Hash value={c.founder.id} />) on {formatTime(c.createdAt)}
            </dd>
            <dt className="font-medium">Members</dt>
            <dd>{c.memberCount}</dd>
          </>
        ) : null}
        <dt className="font-medium">Admins</dt>
        <dd>{ctx.adminCount}</dd>
        {archived ? (
          <>
            <dt className="font-medium">Archived</dt>
            <dd>
              {c?.archivedAt !== undefined && c.archivedAt !== null ? `${formatTime(c.archivedAt)}: ` : ""}it takes no
              new members or roles; members may still leave.
            </dd>
          </>
        ) : null}
        {c !== undefined && c.metadataURI !== "" ? (
          <>
            <dt className="font-medium">Metadata</dt>
            <dd className="break-all">
              {metadataLink !== undefined ? (
                <a className="text-indigo-700 underline" href={metadataLink} target="_blank" rel="noreferrer noopener">
                  {c.metadataURI}
                </a>
              ) : (
                <span>{c.metadataURI}</span>
              )}
              {/^0x0*$/.test(c.metadataHash) ? null : (
                <>
                  {" "}
                  (SHA-256 <Hash value={c.metadataHash} />)
                </>
              )}
            </dd>
          </>
        ) : null}
      </dl>
      <SignedIn needsCompany>
        <YourMembership ctx={ctx} />
        {ctx.isAdmin ? (
          <>
            <InviteCompany ctx={ctx} />
            <OpenInvitations ctx={ctx} />
            <JoinRequests ctx={ctx} />
          </>
        ) : null}
      </SignedIn>
      <Members ctx={ctx} />
      <Motions ctx={ctx} epoch={fresh.state?.adminEpoch ?? c?.adminEpoch} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// The acting company's own membership

function YourMembership({ ctx }: { ctx: Context }) {
  // One transaction for the area: what it shows changes with the answer (an accepted invitation becomes a membership,
  // leaving ends it), and the status stays.
  const tx = useTransaction();
  const m = ctx.mine;
  let body: ReactNode;
  if (m === undefined) body = <p className="text-sm text-slate-600">Reading your membership from the chain…</p>;
  else if (ctx.isMember) body = <Membership ctx={ctx} m={m} tx={tx} />;
  // An open invitation first; an expired one gives way to an open request to join.
  else if (
    m.invitationExpiresAt !== 0n &&
    (m.requestedAt === 0n || (ctx.now !== undefined && ctx.now < m.invitationExpiresAt))
  )
    body = <Invitation ctx={ctx} m={m} tx={tx} />;
  else if (m.requestedAt !== 0n) body = <PendingRequest ctx={ctx} m={m} tx={tx} />;
  else if (ctx.archived)
    body = (
      <EmptyState title={`Your company is not a member of ${ctx.name}.`}>
        It is archived and takes no new members.
      </EmptyState>
    );
  else
    body = (
      <>
        <EmptyState title={`Your company is not a member of ${ctx.name}.`}>
          Ask to join with the roles you want; an admin approves or rejects the request. Or ask an admin to invite your
          company.
        </EmptyState>
        <RequestToJoin id={ctx.id} name={ctx.name} tx={tx} />
      </>
    );
  return (
    <Section title="Your membership">
      {body}
      <TxStatus tx={tx} />
    </Section>
  );
}

function Membership({ ctx, m, tx }: { ctx: Context; m: MembershipState; tx: Transaction }) {
  const pending = m.pendingRoles;
  const lastAdmin = (m.roles & Role.ADMIN) !== 0 && ctx.adminCount <= 1;
  return (
    <>
      <p className="text-sm">
        Your company is a member since {formatTime(m.joinedAt)}. Its roles:{" "}
        <RoleBadges roles={m.roles} pending={pending} />
      </p>
      {pending !== 0 ? (
        <div className="mt-3 rounded-md bg-amber-50 p-3 text-sm">
          <p>
            {ctx.name} offers your company the {rolesInWords(pending)} role{pending & (pending - 1) ? "s" : ""}.{" "}
            {(pending & Role.ADMIN) !== 0 ? "The admins voted to make your company an admin. " : ""}
            It takes effect only when you accept it.
          </p>
          <div className="flex flex-wrap gap-4">
            <GuardedButton
              blocked={
                ctx.memberProblem ?? (ctx.archived ? `${ctx.name} is archived: it takes no new roles.` : undefined)
              }
              busy={tx.busy}
              onClick={() =>
                void tx.run(
                  { contract: "Constellations", functionName: "acceptRoles", args: [ctx.id, pending] },
                  `Accept ${rolesInWords(pending)}`,
                )
              }
            >
              Accept {rolesInWords(pending)}
            </GuardedButton>
            <GuardedButton
              variant="secondary"
              blocked={ctx.memberProblem}
              busy={tx.busy}
              onClick={() =>
                void tx.run(
                  { contract: "Constellations", functionName: "declineRoles", args: [ctx.id, pending] },
                  `Decline ${rolesInWords(pending)}`,
                )
              }
            >
              Decline {rolesInWords(pending)}
            </GuardedButton>
          </div>
        </div>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-6">
        {(m.roles & Role.ADMIN) !== 0 ? (
          <div>
            <GuardedButton
              variant="secondary"
              blocked={
                ctx.adminProblem ??
                (lastAdmin ? "A constellation must keep an admin, and your company is its only one." : undefined)
              }
              busy={tx.busy}
              onClick={() =>
                void tx.run(
                  { contract: "Constellations", functionName: "revokeRoles", args: [ctx.id, ctx.me, Role.ADMIN] },
                  "Give up the Admin role",
                )
              }
            >
              Give up the Admin role
            </GuardedButton>
          </div>
        ) : null}
        <div>
          <GuardedButton
            variant="danger"
            blocked={ctx.memberProblem ?? (lastAdmin ? lastAdminReason(ctx, "you") : undefined)}
            busy={tx.busy}
            onClick={() =>
              void tx.run(
                { contract: "Constellations", functionName: "leaveConstellation", args: [ctx.id] },
                `Leave ${ctx.name}`,
              )
            }
          >
            Leave {ctx.name}
          </GuardedButton>
        </div>
      </div>
    </>
  );
}

function Invitation({ ctx, m, tx }: { ctx: Context; m: MembershipState; tx: Transaction }) {
  const expired = ctx.now !== undefined && ctx.now >= m.invitationExpiresAt;
  const acceptBlocked =
    ctx.memberProblem ??
    (expired
      ? `This invitation expired on ${formatTime(m.invitationExpiresAt)}: ask an admin of ${ctx.name} to invite your company again.`
      : ctx.archived
        ? `${ctx.name} is archived: it takes no new members.`
        : undefined);
  return (
    <>
      <p className="text-sm">
        Your company is invited with the roles <RoleBadges roles={m.invitedRoles} />;{" "}
        {expired ? (
          <Badge tone="bad">expired {formatTime(m.invitationExpiresAt)}</Badge>
        ) : (
          <>open until {formatTime(m.invitationExpiresAt)}.</>
        )}{" "}
        Accepting makes it a member with these roles at once (Verifier included: accepting is your consent).
      </p>
      <div className="flex flex-wrap gap-4">
        <GuardedButton
          blocked={acceptBlocked}
          busy={tx.busy}
          onClick={() =>
            void tx.run(
              { contract: "Constellations", functionName: "acceptInvitation", args: [ctx.id] },
              `Accept the invitation to ${ctx.name}`,
            )
          }
        >
          Accept the invitation to {ctx.name}
        </GuardedButton>
        <GuardedButton
          variant="secondary"
          blocked={ctx.memberProblem}
          busy={tx.busy}
          onClick={() =>
            void tx.run(
              { contract: "Constellations", functionName: "declineInvitation", args: [ctx.id] },
              `Decline the invitation to ${ctx.name}`,
            )
          }
        >
          Decline the invitation to {ctx.name}
        </GuardedButton>
      </div>
      {expired && !ctx.archived && m.requestedAt === 0n ? (
        <>
          <p className="mt-3 text-sm">Or ask to join instead; an admin approves or rejects the request.</p>
          <RequestToJoin id={ctx.id} name={ctx.name} tx={tx} />
        </>
      ) : null}
    </>
  );
}

function PendingRequest({ ctx, m, tx }: { ctx: Context; m: MembershipState; tx: Transaction }) {
  return (
    <>
      <p className="text-sm">
        Your company asked to join on {formatTime(m.requestedAt)} with the roles <RoleBadges roles={m.requestedRoles} />
        ; an admin approves or rejects the request.
      </p>
      <GuardedButton
        variant="secondary"
        blocked={ctx.memberProblem}
        busy={tx.busy}
        onClick={() =>
          void tx.run(
            { contract: "Constellations", functionName: "cancelJoinRequest", args: [ctx.id] },
            `Cancel the request to join ${ctx.name}`,
          )
        }
      >
        Cancel the request to join {ctx.name}
      </GuardedButton>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Admins: inviting

function addressProblem(text: string): string | undefined {
  if (text === "") return undefined;
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return "An address is 0x followed by 40 hexadecimal characters.";
  if (!isAddress(text, { strict: true }))
    return "The address's capitals do not match its checksum: it has a typo. Copy it again.";
  if (/^0x0{40}$/.test(text)) return "That is the zero address, not a company.";
  return undefined;
}

function InviteCompany({ ctx }: { ctx: Context }) {
  const { Companies } = useContracts();
  const tx = useTransaction();
  const [text, setText] = useState("");
  const [roles, setRoles] = useState<number>(0);
  const [days, setDays] = useState("14");
  const trimmed = text.trim();
  const formatProblem = addressProblem(trimmed);
  const company = trimmed !== "" && formatProblem === undefined ? getAddress(trimmed) : undefined;
  const registered = useReadContract({
    address: Companies.address,
    abi: Companies.abi,
    functionName: "isRegistered",
    args: company !== undefined ? [company] : undefined,
    query: { enabled: company !== undefined },
  });
  const { membership: theirs, isMember: theyAreMember } = useMembership(ctx.id, company);
  const names = useCompanyNames(company !== undefined ? [company] : []);
  const label = company !== undefined ? (names(company) ?? company) : "";

  const chainProblem =
    company === undefined
      ? undefined
      : registered.data === false
        ? "This address is not a registered company: it must register its profile in the console before it can be invited."
        : theyAreMember
          ? `${label} is a member of ${ctx.name} already.`
          : undefined;
  const daysNumber = Number(days);
  const daysProblem =
    days.trim() === "" || !Number.isInteger(daysNumber) || daysNumber < 1 || daysNumber > MAX_INVITATION_DAYS
      ? `Choose a whole number of days from 1 to ${MAX_INVITATION_DAYS}.`
      : undefined;
  const openInvitation =
    theirs !== undefined &&
    theirs.invitationExpiresAt !== 0n &&
    ctx.now !== undefined &&
    ctx.now < theirs.invitationExpiresAt;
  const blocked =
    ctx.adminProblem ??
    (ctx.archived
      ? `${ctx.name} is archived: it takes no new members.`
      : trimmed === ""
        ? "Enter the address of the company to invite."
        : formatProblem !== undefined
          ? "Correct the company address above."
          : registered.isLoading || (company !== undefined && theirs === undefined)
            ? "Checking the address on the chain…"
            : registered.error !== null
              ? "The chain could not be asked whether this company is registered; try again."
              : chainProblem !== undefined
                ? "The company address above cannot be invited (see why under it)."
                : daysProblem !== undefined
                  ? "Correct the number of days above."
                  : ctx.now === undefined
                    ? "Reading the chain's time…"
                    : undefined);

  async function submit() {
    if (blocked !== undefined || company === undefined || ctx.now === undefined) return;
    const expiresAt = ctx.now + BigInt(daysNumber) * DAY;
    const receipt = await tx.run(
      { contract: "Constellations", functionName: "invite", args: [ctx.id, company, roles, expiresAt] },
      `Invite ${label} as ${rolesInWords(roles)}`,
    );
    if (receipt !== undefined) setText("");
  }

  return (
    <Section title="Invite a company">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Company address"
          value={text}
          placeholder="0x…"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
          problem={formatProblem ?? chainProblem}
          hint={
            company !== undefined && registered.data === true && chainProblem === undefined
              ? `${label}: a registered company.`
              : "The company's account address (its Safe or wallet), as it appears on its profile."
          }
        />
        <RolePicker
          legend="Roles to offer"
          value={roles}
          onChange={setRoles}
          hint="They take effect when the company accepts the invitation. Admin is not offered by invitation: once it is a member, the admins can make it one by a majority vote."
        />
        <TextField
          label="Open for (days)"
          type="number"
          min={1}
          max={MAX_INVITATION_DAYS}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          problem={daysProblem}
          hint={`The invitation expires after this many days (at most ${MAX_INVITATION_DAYS}).`}
        />
        {openInvitation && theirs !== undefined ? (
          <Notice>
            {label} has an open invitation until {formatTime(theirs.invitationExpiresAt)} (roles:{" "}
            {rolesInWords(theirs.invitedRoles)}); sending replaces it.
          </Notice>
        ) : null}
        <GuardedButton blocked={blocked} busy={tx.busy} onClick={() => void submit()}>
          Send the invitation
        </GuardedButton>
      </form>
      <TxStatus tx={tx} />
    </Section>
  );
}

const INVITATIONS = `query Invitations($constellation: String!, $first: Int!, $after: Bytes!) {
  invitations(where: { constellation: $constellation, status: Open, id_gt: $after }, orderBy: id, first: $first) {
    id roles expiresAt invitedAt invitedBy { id } company { id }
  }
}`;

interface InvitationRow {
  id: string;
  roles: number;
  expiresAt: string;
  invitedAt: string;
  invitedBy: { id: string };
  company: { id: string };
}

function OpenInvitations({ ctx }: { ctx: Context }) {
  const list = usePages<InvitationRow>(
    ["constellation", ctx.id.toString(), "invitations"],
    INVITATIONS,
    (data: { invitations: InvitationRow[] }) => data.invitations,
    (row) => row.id,
    "0x",
    { constellation: ctx.id.toString() },
  );
  const names = useCompanyNames((list.rows ?? []).flatMap((r) => [r.company.id, r.invitedBy.id]));
  // One transaction for the list: a withdrawn invitation leaves it, its status stays.
  const tx = useTransaction();
  return (
    <Section title="Open invitations">
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : list.rows.length === 0 ? (
        <EmptyState title="No open invitations.">
          Invite a company above; its invitation shows here until it answers.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {list.rows.map((row) => (
            <InvitationItem
              key={row.id}
              ctx={ctx}
              row={row}
              label={names(row.company.id) ?? row.company.id}
              by={names(row.invitedBy.id) ?? row.invitedBy.id}
              tx={tx}
            />
          ))}
        </ul>
      )}
      <Pager page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
      <TxStatus tx={tx} />
    </Section>
  );
}

function InvitationItem({
  ctx,
  row,
  label,
  by,
  tx,
}: {
  ctx: Context;
  row: InvitationRow;
  label: string;
  by: string;
  tx: Transaction;
}) {
  const expired = ctx.now !== undefined && ctx.now >= BigInt(row.expiresAt);
  const company = getAddress(row.company.id);
  return (
    <li className="py-3 text-sm">
      <p>
        <span className="font-medium">{label}</span> (<Hash value={company} />) invited by {by} on{" "}
        {formatTime(row.invitedAt)} with the roles <RoleBadges roles={row.roles} />{" "}
        {expired ? (
          <Badge tone="bad">Expired</Badge>
        ) : (
          <Badge tone="info">Open until {formatTime(row.expiresAt)}</Badge>
        )}
      </p>
      <GuardedButton
        variant="secondary"
        blocked={ctx.adminProblem}
        busy={tx.busy}
        onClick={() =>
          void tx.run(
            { contract: "Constellations", functionName: "withdrawInvitation", args: [ctx.id, company] },
            `Withdraw the invitation of ${label}`,
          )
        }
      >
        Withdraw the invitation of {label}
      </GuardedButton>
    </li>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Admins: requests to join

const REQUESTS = `query JoinRequests($constellation: String!, $first: Int!, $after: Bytes!) {
  joinRequests(where: { constellation: $constellation, status: Open, id_gt: $after }, orderBy: id, first: $first) {
    id roles requestedAt company { id }
  }
}`;

interface RequestRow {
  id: string;
  roles: number;
  requestedAt: string;
  company: { id: string };
}

function JoinRequests({ ctx }: { ctx: Context }) {
  const list = usePages<RequestRow>(
    ["constellation", ctx.id.toString(), "requests"],
    REQUESTS,
    (data: { joinRequests: RequestRow[] }) => data.joinRequests,
    (row) => row.id,
    "0x",
    { constellation: ctx.id.toString() },
  );
  const names = useCompanyNames((list.rows ?? []).map((r) => r.company.id));
  // One transaction for the list: an answered request leaves it, its status stays.
  const tx = useTransaction();
  return (
    <Section title="Requests to join">
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : list.rows.length === 0 ? (
        <EmptyState title="No requests to join.">
          Companies find {ctx.name} under Constellations and ask to join; their requests show here to approve or reject.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {list.rows.map((row) => (
            <RequestItem key={row.id} ctx={ctx} row={row} label={names(row.company.id) ?? row.company.id} tx={tx} />
          ))}
        </ul>
      )}
      <Pager page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
      <TxStatus tx={tx} />
    </Section>
  );
}

function RequestItem({ ctx, row, label, tx }: { ctx: Context; row: RequestRow; label: string; tx: Transaction }) {
  const company = getAddress(row.company.id);
  const { membership } = useMembership(ctx.id, company);
  const asked = membership !== undefined && membership.requestedAt !== 0n ? membership.requestedRoles : row.roles;
  const [roles, setRoles] = useState<number>(row.roles & NON_ADMIN_ROLES);
  const gone = membership !== undefined && membership.requestedAt === 0n;
  const unconsented = roles & Role.VERIFIER & ~asked;
  return (
    <li className="py-3 text-sm">
      <p>
        <span className="font-medium">{label}</span> (<Hash value={company} />) asked on {formatTime(row.requestedAt)}{" "}
        for the roles <RoleBadges roles={asked} />
      </p>
      <RolePicker legend={`Roles to give ${label}`} value={roles} onChange={setRoles} />
      {unconsented !== 0 ? (
        <Notice>{label} did not ask for Verifier: it waits for their acceptance after joining.</Notice>
      ) : null}
      <div className="flex flex-wrap gap-4">
        <GuardedButton
          blocked={
            ctx.adminProblem ??
            (ctx.archived
              ? `${ctx.name} is archived: it takes no new members.`
              : gone
                ? "This request is no longer open (cancelled or answered)."
                : undefined)
          }
          busy={tx.busy}
          onClick={() =>
            void tx.run(
              { contract: "Constellations", functionName: "approveJoinRequest", args: [ctx.id, company, roles] },
              `Approve ${label} as ${rolesInWords(roles)}`,
            )
          }
        >
          Approve {label}
        </GuardedButton>
        <GuardedButton
          variant="secondary"
          blocked={ctx.adminProblem ?? (gone ? "This request is no longer open." : undefined)}
          busy={tx.busy}
          onClick={() =>
            void tx.run(
              { contract: "Constellations", functionName: "rejectJoinRequest", args: [ctx.id, company] },
              `Reject the request of ${label}`,
            )
          }
        >
          Reject {label}
        </GuardedButton>
      </div>
    </li>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Members

const MEMBERS = `query Members($constellation: String!, $first: Int!, $after: Bytes!) {
  memberships(where: { constellation: $constellation, active: true, id_gt: $after }, orderBy: id, first: $first) {
    id roles pendingRoles joinedAt joinedVia company { id }
  }
}`;

interface MemberRow {
  id: string;
  roles: number;
  pendingRoles: number;
  joinedAt: string;
  joinedVia: "Founded" | "Invitation" | "Request";
  company: { id: string };
}

const VIA: Record<MemberRow["joinedVia"], string> = {
  Founded: "founded it",
  Invitation: "invited",
  Request: "asked to join",
};

function Members({ ctx }: { ctx: Context }) {
  const list = usePages<MemberRow>(
    ["constellation", ctx.id.toString(), "members"],
    MEMBERS,
    (data: { memberships: MemberRow[] }) => data.memberships,
    (row) => row.id,
    "0x",
    { constellation: ctx.id.toString() },
    20,
  );
  const names = useCompanyNames((list.rows ?? []).map((r) => r.company.id));
  // Removals and votes share one transaction for the list: a removed member leaves it, the status stays.
  const tx = useTransaction();
  return (
    <Section title="Members">
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      <TxStatus tx={tx} />
      {list.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : list.rows.length === 0 ? (
        <EmptyState title="No members listed yet.">
          The indexer lists members shortly after they join; an admin invites companies above.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {list.rows.map((row) => (
            <MemberItem
              key={row.id}
              ctx={ctx}
              row={row}
              label={names(row.company.id) ?? getAddress(row.company.id)}
              tx={tx}
            />
          ))}
        </ul>
      )}
      <Pager page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </Section>
  );
}

function MemberItem({ ctx, row, label, tx }: { ctx: Context; row: MemberRow; label: string; tx: Transaction }) {
  const [open, setOpen] = useState(false);
  const company = getAddress(row.company.id);
  const isSelf = same(company, ctx.me);
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="text-sm">
          <span className="font-medium">{label}</span> {isSelf ? <Badge tone="info">Your company</Badge> : null}{" "}
          <Hash value={company} />
          <p className="text-xs text-slate-600">
            Member since {formatTime(row.joinedAt)} ({VIA[row.joinedVia]})
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <RoleBadges roles={row.roles} pending={row.pendingRoles} />
          {ctx.isAdmin ? (
            <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
              {open ? `Close ${label}` : `Manage ${label}`}
            </Button>
          ) : null}
        </div>
      </div>
      {open && ctx.isAdmin ? <ManageMember ctx={ctx} company={company} label={label} isSelf={isSelf} tx={tx} /> : null}
    </li>
  );
}

function ManageMember({
  ctx,
  company,
  label,
  isSelf,
  tx,
}: {
  ctx: Context;
  company: Address;
  label: string;
  isSelf: boolean;
  /** The list's transaction, for what may take the member out of it (removal, motions). */
  tx: Transaction;
}) {
  const { membership, isMember } = useMembership(ctx.id, company);
  const grantTx = useTransaction();
  const [selected, setSelected] = useState<number>(0);
  if (membership === undefined)
    return <p className="mt-2 text-sm text-slate-600">Reading {label}&apos;s membership from the chain…</p>;
  if (!isMember) return <Notice>{label} is no longer a member (the list updates shortly).</Notice>;
  const held = membership.roles;
  const pending = membership.pendingRoles;
  const adminHeldOrOffered = ((held | pending) & Role.ADMIN) !== 0;
  const offered = NON_ADMIN_ROLES | (isSelf && (held & Role.ADMIN) !== 0 ? Role.ADMIN : 0);

  // grantRoles: roles other than VERIFIER take effect; VERIFIER waits for acceptance.
  const newRoles = held | (selected & ~Role.VERIFIER & ~Role.ADMIN);
  const newPending = (pending | (selected & Role.VERIFIER)) & ~newRoles;
  const grantBlocked =
    ctx.adminProblem ??
    (ctx.archived
      ? `${ctx.name} is archived: it takes no new roles.`
      : selected === 0
        ? "Choose the roles to grant."
        : (selected & Role.ADMIN) !== 0
          ? "Making a company an admin takes a majority of the admins: vote for it below instead."
          : newRoles === held && newPending === pending
            ? `Roles unchanged: ${label} has ${rolesInWords(selected)} already${(selected & pending & Role.VERIFIER) !== 0 ? " (Verifier awaiting its acceptance)" : ""}.`
            : undefined);
  const revokeBlocked =
    ctx.adminProblem ??
    (selected === 0
      ? "Choose the roles to revoke."
      : (selected & Role.ADMIN) !== 0 && !isSelf && adminHeldOrOffered
        ? `Demoting ${label} takes a majority of the admins: vote for it below instead.`
        : (selected & Role.ADMIN) !== 0 && isSelf && (held & Role.ADMIN) !== 0 && ctx.adminCount <= 1
          ? lastAdminReason(ctx, "you")
          : ((held | pending) & selected) === 0
            ? `Roles unchanged: ${label} ${(selected & (selected - 1)) === 0 ? "does not hold" : "holds none of"} ${rolesInWords(selected)}.`
            : undefined);
  const removeBlocked =
    ctx.adminProblem ??
    (isSelf
      ? "To take your own company out, use “Leave” under Your membership."
      : adminHeldOrOffered
        ? `${label} is an admin${(held & Role.ADMIN) === 0 ? " (offered the role)" : ""}: removing it takes a majority of the admins. Vote for “Remove ${label}” below instead.`
        : undefined);

  return (
    <div className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <h3 className="font-medium">Manage {label}</h3>
      <p className="text-sm">
        Roles now: <RoleBadges roles={held} pending={pending} />
      </p>
      <RolePicker
        legend={`Roles to grant or revoke for ${label}`}
        value={selected}
        onChange={setSelected}
        offered={offered}
        hint="Granting Verifier offers it: it takes effect when the company accepts. Admin changes are motions (below)."
      />
      <div className="flex flex-wrap gap-6">
        <GuardedButton
          blocked={grantBlocked}
          busy={grantTx.busy}
          onClick={() =>
            void grantTx.run(
              { contract: "Constellations", functionName: "grantRoles", args: [ctx.id, company, selected] },
              `Grant ${rolesInWords(selected)} to ${label}`,
            )
          }
        >
          Grant the selected roles
        </GuardedButton>
        <GuardedButton
          variant="secondary"
          blocked={revokeBlocked}
          busy={grantTx.busy}
          onClick={() =>
            void grantTx.run(
              { contract: "Constellations", functionName: "revokeRoles", args: [ctx.id, company, selected] },
              `Revoke ${rolesInWords(selected)} from ${label}`,
            )
          }
        >
          Revoke the selected roles
        </GuardedButton>
      </div>
      <TxStatus tx={grantTx} />
      <div className="mt-2 flex flex-wrap gap-6">
        <div>
          <GuardedButton
            variant="danger"
            blocked={removeBlocked}
            busy={tx.busy}
            onClick={() =>
              void tx.run(
                { contract: "Constellations", functionName: "removeMember", args: [ctx.id, company] },
                `Remove ${label}`,
              )
            }
          >
            Remove {label} from {ctx.name}
          </GuardedButton>
          {tx.state.phase !== "idle" ? (
            <p className="mt-1 text-xs text-slate-600">Progress shows above the list.</p>
          ) : null}
        </div>
      </div>
      <h4 className="mt-4 text-sm font-medium">Motions about {label}</h4>
      {adminHeldOrOffered ? (
        <div className="flex flex-wrap gap-6">
          <MotionVote ctx={ctx} motion={Motion.DemoteAdmin} target={company} label={label} tx={tx} />
          <MotionVote ctx={ctx} motion={Motion.RemoveAdmin} target={company} label={label} tx={tx} />
        </div>
      ) : (
        <MotionVote ctx={ctx} motion={Motion.AppointAdmin} target={company} label={label} tx={tx} />
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Motions

type MotionValue = (typeof Motion)[keyof typeof Motion];
const MOTION_KIND: Record<string, MotionValue> = {
  DemoteAdmin: Motion.DemoteAdmin,
  RemoveAdmin: Motion.RemoveAdmin,
  Archive: Motion.Archive,
  AppointAdmin: Motion.AppointAdmin,
};

function motionWords(motion: MotionValue, label: string, name: string): string {
  switch (motion) {
    case Motion.DemoteAdmin:
      return `Demote ${label} (revoke Admin)`;
    case Motion.RemoveAdmin:
      return `Remove ${label}`;
    case Motion.Archive:
      return `Archive ${name}`;
    case Motion.AppointAdmin:
      return `Make ${label} an admin`;
  }
}

/** The tally of one motion (fresh from the chain) and the acting admin's vote. */
function MotionVote({
  ctx,
  motion,
  target,
  label,
  tx,
}: {
  ctx: Context;
  motion: MotionValue;
  target: Address;
  label: string;
  /** Shared with the list it is in: a carried motion may leave it. */
  tx: Transaction;
}) {
  const { Constellations } = useContracts();
  const aboutAdmin = motion === Motion.DemoteAdmin || motion === Motion.RemoveAdmin;
  const { membership: targets } = useMembership(ctx.id, aboutAdmin ? target : undefined);
  const targetHeldAdmin = targets !== undefined && (targets.roles & Role.ADMIN) !== 0;
  const tally = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "motionVotes",
    args: [ctx.id, motion, target],
  });
  const voted = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "hasVoted",
    args: ctx.me !== undefined ? [ctx.id, motion, target, ctx.me] : undefined,
    query: { enabled: ctx.me !== undefined },
  });
  const [votes, needed] = (tally.data as readonly [number, number] | undefined) ?? [undefined, undefined];
  const what = motionWords(motion, label, ctx.name);
  const carries = votes !== undefined && needed !== undefined && votes + 1 >= needed;
  const blocked =
    ctx.adminProblem ??
    (!ctx.isAdmin
      ? "Only the constellation's admins vote on motions."
      : voted.data === true
        ? `Your company has voted for this already; it carries when ${needed ?? "a majority of"} admins have voted.`
        : ctx.archived && (motion === Motion.Archive || motion === Motion.AppointAdmin)
          ? `${ctx.name} is archived already.`
          : aboutAdmin && targetHeldAdmin && ctx.adminCount <= 1
            ? lastAdminReason(ctx, label)
            : undefined);
  const notes: Record<MotionValue, string> = {
    [Motion.DemoteAdmin]: `${label} keeps its other roles.`,
    [Motion.RemoveAdmin]: `${label} leaves the constellation.`,
    [Motion.Archive]: "No new members or roles afterwards; members may still leave.",
    [Motion.AppointAdmin]: `${label} is offered Admin and becomes an admin when it accepts.`,
  };
  return (
    <div className="mt-2 text-sm">
      <p>
        <span className="font-medium">{what}</span>:{" "}
        {votes === undefined
          ? "reading the votes…"
          : `${votes} of the ${needed} ${needed === 1 ? "vote" : "votes"} needed`}
        . {notes[motion]}
      </p>
      <GuardedButton
        variant="secondary"
        blocked={blocked}
        busy={tx.busy}
        onClick={() =>
          void tx.run(
            { contract: "Constellations", functionName: "voteMotion", args: [ctx.id, motion, target] },
            `Vote: ${what}`,
          )
        }
      >
        Vote: {what}
        {carries && blocked === undefined ? " (your vote carries it)" : ""}
      </GuardedButton>
    </div>
  );
}

const MOTIONS = `query Motions($constellation: String!, $epoch: Int!) {
  motions(where: { constellation: $constellation, carried: false, epoch: $epoch, votes_gt: 0 }, orderBy: updatedAt, orderDirection: desc, first: 100) {
    id kind votes needed target { id }
  }
}`;

interface MotionRow {
  id: string;
  kind: keyof typeof MOTION_KIND;
  votes: number;
  needed: number;
  target: { id: string } | null;
}

function Motions({ ctx, epoch }: { ctx: Context; epoch: number | undefined }) {
  const list = useGraph<{ motions: MotionRow[] }>(
    ["constellation", ctx.id.toString(), "motions"],
    MOTIONS,
    { constellation: ctx.id.toString(), epoch: epoch ?? 0 },
    { enabled: epoch !== undefined },
  );
  const rows = (list.data?.motions ?? []).filter((m) => m.kind !== "Archive");
  const archiveOpen = (list.data?.motions ?? []).some((m) => m.kind === "Archive");
  // Votes share one transaction for the list: a carried motion leaves it, the status stays.
  const tx = useTransaction();
  const names = useCompanyNames(rows.flatMap((m) => (m.target !== null ? [m.target.id] : [])));
  let body: ReactNode;
  if (list.data === undefined) body = <p className="text-sm text-slate-600">Loading…</p>;
  else if (rows.length === 0)
    body = (
      <EmptyState title="No open motions about admins.">
        Making a member an admin, demoting an admin or removing one takes a majority of the admins. An admin starts a
        motion by voting for it under Members → Manage.
      </EmptyState>
    );
  else
    body = (
      <ul className="divide-y divide-slate-200">
        {rows.map((m) => {
          const target = getAddress(m.target!.id);
          return (
            <li key={m.id} className="py-2">
              <MotionVote
                ctx={ctx}
                motion={MOTION_KIND[m.kind]!}
                target={target}
                label={names(target) ?? target}
                tx={tx}
              />
            </li>
          );
        })}
      </ul>
    );
  return (
    <Section title="Motions">
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      {body}
      {(ctx.isAdmin || archiveOpen) && !ctx.archived ? (
        <div className="mt-4 border-t border-slate-200 pt-3">
          <MotionVote ctx={ctx} motion={Motion.Archive} target={zeroAddress} label="" tx={tx} />
        </div>
      ) : null}
      <TxStatus tx={tx} />
    </Section>
  );
}
