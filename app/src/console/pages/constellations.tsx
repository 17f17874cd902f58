"use client";
/**
 * /console/constellations: the acting company's constellations with its roles (and roles offered to it, to accept or
 * decline), its invitations (accept, decline) and requests to join (cancel), founding a new constellation, and
 * browsing the others to ask to join them. Lists come from GraphQL; what decides a button (an invitation's expiry, an
 * archived constellation, a membership) is read fresh from the chain.
 */
import { Permission } from "@constellate/sdk";
import Link from "next/link";
import { useState } from "react";
import type { ChangeEvent } from "react";
import { decodeEventLog, isHex } from "viem";
import type { Hex, TransactionReceipt } from "viem";

import { useContracts } from "../components/config-context.tsx";
import { useCompanyNames } from "../components/hooks.tsx";
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
  Pager,
  Section,
  TextArea,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import {
  formatTime,
  GuardedButton,
  RoleBadges,
  RolePicker,
  rolesInWords,
  useActingProblem,
  useChainTime,
  useConstellationState,
  useMembership,
  usePages,
  utf8Length,
} from "./constellation-common.tsx";

export function ConstellationsPage() {
  return (
    <div>
      <PageTitle intro="A constellation is a network of companies serving one customer value. A company can belong to many, with different roles in each. Joining takes both sides' consent: an admin invites and the company accepts, or the company asks and an admin approves.">
        Constellations
      </PageTitle>
      <SignedIn needsCompany>
        <MyConstellations />
        <MyInvitations />
        <MyJoinRequests />
        <FoundConstellation />
        <BrowseConstellations />
      </SignedIn>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Mine

const MY_MEMBERSHIPS = `query MyMemberships($company: String!, $first: Int!, $after: Bytes!) {
  memberships(where: { company: $company, active: true, id_gt: $after }, orderBy: id, first: $first) {
    id roles pendingRoles joinedAt
    constellation { id number name purpose archived memberCount }
  }
}`;

interface MembershipRow {
  id: string;
  roles: number;
  pendingRoles: number;
  joinedAt: string;
  constellation: { id: string; number: string; name: string; purpose: string; archived: boolean; memberCount: number };
}

function MyConstellations() {
  const session = useSession();
  const company = session.actingFor?.toLowerCase() ?? "";
  const list = usePages<MembershipRow>(
    ["constellations", "mine", company],
    MY_MEMBERSHIPS,
    (data: { memberships: MembershipRow[] }) => data.memberships,
    (row) => row.id,
    "0x",
    { company },
  );
  return (
    <Section title="My constellations">
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : list.rows.length === 0 ? (
        <EmptyState title="Your company is not a member of any constellation yet.">
          Found one below, accept an invitation, or find one under “Other constellations” and ask to join.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {list.rows.map((row) => (
            <MyMembership key={row.id} row={row} />
          ))}
        </ul>
      )}
      <Pager page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </Section>
  );
}

function MyMembership({ row }: { row: MembershipRow }) {
  const session = useSession();
  const id = BigInt(row.constellation.number);
  const { membership } = useMembership(id, session.actingFor);
  const { state } = useConstellationState(id);
  const now = useChainTime();
  const acting = useActingProblem(Permission.MEMBERSHIP, now);
  const tx = useTransaction();
  // Fresh from the chain where it has answered, else what the indexer says.
  const roles = membership?.roles ?? row.roles;
  const pending = membership?.pendingRoles ?? row.pendingRoles;
  const archived = state?.archived ?? row.constellation.archived;
  const name = row.constellation.name;
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <Link
            className="font-medium text-indigo-700 underline"
            href={`/console/constellations/${row.constellation.number}`}
          >
            {name}
          </Link>{" "}
          <span className="text-xs text-slate-600">#{row.constellation.number}</span>{" "}
          {archived ? <Badge tone="warn">Archived</Badge> : null}
          <p className="text-sm text-slate-700">{row.constellation.purpose}</p>
        </div>
        <div className="text-sm">
          <span className="sr-only">Your roles: </span>
          <RoleBadges roles={roles} pending={pending} />
        </div>
      </div>
      {pending !== 0 ? (
        <div className="mt-2 rounded-md bg-amber-50 p-3 text-sm">
          <p>
            {name} offers your company the {rolesInWords(pending)} role{pending & (pending - 1) ? "s" : ""}. It takes
            effect only when you accept it.
          </p>
          <div className="flex flex-wrap gap-4">
            <GuardedButton
              blocked={acting ?? (archived ? "The constellation is archived: it takes no new roles." : undefined)}
              busy={tx.busy}
              onClick={() =>
                void tx.run(
                  { contract: "Constellations", functionName: "acceptRoles", args: [id, pending] },
                  `Accept ${rolesInWords(pending)} in ${name}`,
                )
              }
            >
              Accept {rolesInWords(pending)} in {name}
            </GuardedButton>
            <GuardedButton
              variant="secondary"
              blocked={acting}
              busy={tx.busy}
              onClick={() =>
                void tx.run(
                  { contract: "Constellations", functionName: "declineRoles", args: [id, pending] },
                  `Decline ${rolesInWords(pending)} in ${name}`,
                )
              }
            >
              Decline {rolesInWords(pending)} in {name}
            </GuardedButton>
          </div>
          <TxStatus tx={tx} />
        </div>
      ) : tx.state.phase !== "idle" ? (
        <TxStatus tx={tx} />
      ) : null}
    </li>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Invitations and requests

const MY_INVITATIONS = `query MyInvitations($company: String!, $first: Int!, $after: Bytes!) {
  invitations(where: { company: $company, status: Open, id_gt: $after }, orderBy: id, first: $first) {
    id roles expiresAt invitedAt invitedBy { id }
    constellation { id number name purpose archived }
  }
}`;

interface InvitationRow {
  id: string;
  roles: number;
  expiresAt: string;
  invitedAt: string;
  invitedBy: { id: string };
  constellation: { id: string; number: string; name: string; purpose: string; archived: boolean };
}

function MyInvitations() {
  const session = useSession();
  const company = session.actingFor?.toLowerCase() ?? "";
  const list = usePages<InvitationRow>(
    ["constellations", "invitations", company],
    MY_INVITATIONS,
    (data: { invitations: InvitationRow[] }) => data.invitations,
    (row) => row.id,
    "0x",
    { company },
  );
  const nameOf = useCompanyNames((list.rows ?? []).map((r) => r.invitedBy.id));
  // One transaction for the list: an answered invitation leaves it, its status stays.
  const tx = useTransaction();
  return (
    <Section title="Invitations to my company">
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : list.rows.length === 0 ? (
        <EmptyState title="No open invitations.">
          When an admin of a constellation invites your company, the invitation appears here to accept or decline. Give
          partners your company&apos;s address: <code className="font-mono text-xs">{session.actingFor}</code>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {list.rows.map((row) => (
            <MyInvitation key={row.id} row={row} invitedBy={nameOf(row.invitedBy.id) ?? row.invitedBy.id} tx={tx} />
          ))}
        </ul>
      )}
      <Pager page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
      <TxStatus tx={tx} />
    </Section>
  );
}

function MyInvitation({ row, invitedBy, tx }: { row: InvitationRow; invitedBy: string; tx: Transaction }) {
  const session = useSession();
  const id = BigInt(row.constellation.number);
  const { membership, isMember } = useMembership(id, session.actingFor);
  const { state } = useConstellationState(id);
  const now = useChainTime();
  const acting = useActingProblem(Permission.MEMBERSHIP, now);
  const name = row.constellation.name;
  const expiresAt = membership !== undefined ? membership.invitationExpiresAt : BigInt(row.expiresAt);
  const roles = membership !== undefined && membership.invitationExpiresAt !== 0n ? membership.invitedRoles : row.roles;
  const expired = now !== undefined && expiresAt !== 0n && now >= expiresAt;
  const gone = membership !== undefined && membership.invitationExpiresAt === 0n;
  const acceptBlocked =
    acting ??
    (isMember
      ? `Your company is a member of ${name} already.`
      : gone
        ? "This invitation is no longer open (withdrawn or answered)."
        : expired
          ? `This invitation expired on ${formatTime(expiresAt)}: ask an admin of ${name} to invite you again.`
          : state?.archived === true
            ? `${name} is archived: it takes no new members.`
            : undefined);
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <Link
            className="font-medium text-indigo-700 underline"
            href={`/console/constellations/${row.constellation.number}`}
          >
            {name}
          </Link>{" "}
          <span className="text-xs text-slate-600">#{row.constellation.number}</span>{" "}
          {expired ? <Badge tone="bad">Expired</Badge> : <Badge tone="info">Open until {formatTime(expiresAt)}</Badge>}
          <p className="text-sm text-slate-700">{row.constellation.purpose}</p>
          <p className="text-sm">
            Invited by {invitedBy} on {formatTime(row.invitedAt)} with the roles: <RoleBadges roles={roles} />
          </p>
        </div>
      </div>
      <div className="flex flex-wrap gap-4">
        <GuardedButton
          blocked={acceptBlocked}
          busy={tx.busy}
          onClick={() =>
            void tx.run(
              { contract: "Constellations", functionName: "acceptInvitation", args: [id] },
              `Accept the invitation to ${name}`,
            )
          }
        >
          Accept the invitation to {name}
        </GuardedButton>
        <GuardedButton
          variant="secondary"
          blocked={acting ?? (gone ? "This invitation is no longer open." : undefined)}
          busy={tx.busy}
          onClick={() =>
            void tx.run(
              { contract: "Constellations", functionName: "declineInvitation", args: [id] },
              `Decline the invitation to ${name}`,
            )
          }
        >
          Decline the invitation to {name}
        </GuardedButton>
      </div>
    </li>
  );
}

const MY_REQUESTS = `query MyJoinRequests($company: String!, $first: Int!, $after: Bytes!) {
  joinRequests(where: { company: $company, status: Open, id_gt: $after }, orderBy: id, first: $first) {
    id roles requestedAt
    constellation { id number name }
  }
}`;

interface RequestRow {
  id: string;
  roles: number;
  requestedAt: string;
  constellation: { id: string; number: string; name: string };
}

function MyJoinRequests() {
  const session = useSession();
  const company = session.actingFor?.toLowerCase() ?? "";
  const list = usePages<RequestRow>(
    ["constellations", "requests", company],
    MY_REQUESTS,
    (data: { joinRequests: RequestRow[] }) => data.joinRequests,
    (row) => row.id,
    "0x",
    { company },
  );
  const tx = useTransaction();
  return (
    <Section title="My requests to join">
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : list.rows.length === 0 ? (
        <EmptyState title="No open requests to join.">
          Find a constellation under “Other constellations” below and ask to join it with the roles you want; its admins
          approve or reject the request.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {list.rows.map((row) => (
            <MyJoinRequest key={row.id} row={row} tx={tx} />
          ))}
        </ul>
      )}
      <Pager page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
      <TxStatus tx={tx} />
    </Section>
  );
}

function MyJoinRequest({ row, tx }: { row: RequestRow; tx: Transaction }) {
  const session = useSession();
  const id = BigInt(row.constellation.number);
  const { membership } = useMembership(id, session.actingFor);
  const now = useChainTime();
  const acting = useActingProblem(Permission.MEMBERSHIP, now);
  const name = row.constellation.name;
  const gone = membership !== undefined && membership.requestedAt === 0n;
  return (
    <li className="py-3">
      <Link
        className="font-medium text-indigo-700 underline"
        href={`/console/constellations/${row.constellation.number}`}
      >
        {name}
      </Link>{" "}
      <span className="text-xs text-slate-600">#{row.constellation.number}</span>
      <p className="text-sm">
        Asked on {formatTime(row.requestedAt)} for the roles: <RoleBadges roles={row.roles} />; waiting for an admin.
      </p>
      <GuardedButton
        variant="secondary"
        blocked={acting ?? (gone ? "This request is no longer open (answered already)." : undefined)}
        busy={tx.busy}
        onClick={() =>
          void tx.run(
            { contract: "Constellations", functionName: "cancelJoinRequest", args: [id] },
            `Cancel the request to join ${name}`,
          )
        }
      >
        Cancel the request to join {name}
      </GuardedButton>
    </li>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Founding

const MAX_NAME = 64;
const MAX_PURPOSE = 280;
const MAX_URI = 512;
const ZERO_HASH = `0x${"0".repeat(64)}` as Hex;

function FoundConstellation() {
  const { Constellations } = useContracts();
  const now = useChainTime();
  const acting = useActingProblem(Permission.MEMBERSHIP, now);
  const tx = useTransaction();
  const [name, setName] = useState("");
  const [purpose, setPurpose] = useState("");
  const [uri, setUri] = useState("");
  const [hash, setHash] = useState("");
  const [hashing, setHashing] = useState<string | undefined>();
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<{ id: bigint; name: string } | undefined>();

  const nameProblem =
    name.trim() === ""
      ? touched
        ? "Give the constellation a name."
        : undefined
      : utf8Length(name) > MAX_NAME
        ? `The name is ${utf8Length(name)} bytes long; at most ${MAX_NAME} fit.`
        : name !== name.trim()
          ? "The name starts or ends with spaces."
          : undefined;
  const purposeProblem =
    utf8Length(purpose) > MAX_PURPOSE
      ? `The purpose is ${utf8Length(purpose)} bytes long; at most ${MAX_PURPOSE} fit.`
      : undefined;
  const uriProblem =
    uri === ""
      ? undefined
      : utf8Length(uri) > MAX_URI
        ? `The address is ${utf8Length(uri)} bytes long; at most ${MAX_URI} fit.`
        : !/^(https:\/\/|ipfs:\/\/)\S+$/i.test(uri)
          ? "Use an https:// or ipfs:// address without spaces."
          : undefined;
  const hashProblem =
    hash === ""
      ? undefined
      : !(isHex(hash) && hash.length === 66)
        ? "A SHA-256 digest is 0x followed by 64 hexadecimal characters (or choose the file to compute it)."
        : undefined;
  const hashWithoutUri =
    hash !== "" && uri === "" ? "A digest without an address says little: add the metadata URI too." : undefined;
  const fieldProblem = nameProblem ?? purposeProblem ?? uriProblem ?? hashProblem;
  const blocked =
    acting ??
    (name.trim() === "" && !touched
      ? "Give the constellation a name."
      : fieldProblem !== undefined
        ? "Correct the fields marked above."
        : hashWithoutUri);

  async function hashFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    setHashing(`Hashing ${file.name}…`);
    try {
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
      setHash(`0x${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`);
      setHashing(`SHA-256 of ${file.name} (${file.size} bytes).`);
    } catch {
      setHashing("This browser could not hash the file: paste its SHA-256 digest instead.");
    }
  }

  async function submit() {
    setTouched(true);
    if (blocked !== undefined) return;
    setCreated(undefined);
    const receipt = await tx.run(
      {
        contract: "Constellations",
        functionName: "create",
        args: [name, purpose, uri, hash === "" ? ZERO_HASH : (hash as Hex)],
      },
      `Found “${name}”`,
    );
    if (receipt === undefined) return; // the form keeps its values; TxStatus says why
    const id = createdId(receipt, Constellations.address, Constellations.abi);
    if (id !== undefined) setCreated({ id, name });
    setName("");
    setPurpose("");
    setUri("");
    setHash("");
    setHashing(undefined);
    setTouched(false);
  }

  return (
    <Section title="Found a constellation">
      <p className="text-sm text-slate-700">
        Your company becomes its first admin. Name, purpose and metadata are recorded in the transaction&apos;s event
        and are public.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(true)}
          problem={nameProblem}
          hint={`Up to ${MAX_NAME} bytes, e.g. “Organic cotton”.`}
        />
        <TextArea
          label="Purpose"
          value={purpose}
          rows={2}
          onChange={(e) => setPurpose(e.target.value)}
          problem={purposeProblem}
          hint={`The customer value it serves, up to ${MAX_PURPOSE} bytes (optional).`}
        />
        <TextField
          label="Metadata URI"
          value={uri}
          onChange={(e) => setUri(e.target.value.trim())}
          problem={uriProblem}
          hint="Where a longer description lives, https:// or ipfs:// (optional)."
        />
        <TextField
          label="Metadata SHA-256"
          value={hash}
          onChange={(e) => setHash(e.target.value.trim().toLowerCase())}
          problem={hashProblem}
          hint="The digest of the document at the URI, so readers can check it (optional)."
        />
        <div className="mt-2 text-sm">
          <label className="font-medium" htmlFor="constellation-metadata-file">
            Or compute the digest from the file
          </label>{" "}
          <input id="constellation-metadata-file" type="file" className="text-sm" onChange={(e) => void hashFile(e)} />
          {hashing !== undefined ? <p className="text-xs text-slate-600">{hashing}</p> : null}
        </div>
        <GuardedButton blocked={touched || name !== "" ? blocked : acting} busy={tx.busy} onClick={() => void submit()}>
          Found the constellation
        </GuardedButton>
      </form>
      <TxStatus tx={tx} />
      {created !== undefined && tx.state.phase === "confirmed" ? (
        <Notice tone="success">
          {created.name} is constellation #{created.id.toString()}.{" "}
          <Link className="underline" href={`/console/constellations/${created.id.toString()}`}>
            Open {created.name}
          </Link>{" "}
          to invite companies.
        </Notice>
      ) : null}
    </Section>
  );
}

function createdId(receipt: TransactionReceipt, address: string, abi: readonly unknown[]): bigint | undefined {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: abi as never, data: log.data, topics: log.topics }) as {
        eventName: string;
        args: { id?: bigint };
      };
      if (event.eventName === "ConstellationCreated" && event.args.id !== undefined) return event.args.id;
    } catch {
      // another event
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Browsing and asking to join

const BROWSE = `query Browse($first: Int!, $after: BigInt!, $search: String!) {
  constellations(where: { number_gt: $after, name_contains_nocase: $search }, orderBy: number, first: $first) {
    id number name purpose archived memberCount founder { id }
  }
}`;

interface BrowseRow {
  id: string;
  number: string;
  name: string;
  purpose: string;
  archived: boolean;
  memberCount: number;
  founder: { id: string };
}

function BrowseConstellations() {
  const [search, setSearch] = useState("");
  const [applied, setApplied] = useState("");
  const list = usePages<BrowseRow>(
    ["constellations", "browse"],
    BROWSE,
    (data: { constellations: BrowseRow[] }) => data.constellations,
    (row) => row.number,
    "0",
    { search: applied },
  );
  const nameOf = useCompanyNames((list.rows ?? []).map((r) => r.founder.id));
  return (
    <Section title="Other constellations">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(search.trim());
          list.restart();
        }}
      >
        <div className="min-w-64 flex-1">
          <TextField label="Find by name" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {list.error !== null ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.rows === undefined ? (
        <p className="mt-3 text-sm text-slate-600">Loading…</p>
      ) : list.rows.length === 0 ? (
        <div className="mt-3">
          <EmptyState
            title={applied === "" ? "No constellations yet." : `No constellation’s name contains “${applied}”.`}
          >
            {applied === "" ? "Found the first one above." : "Try another name, or found one above."}
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200">
          {list.rows.map((row) => (
            <BrowseItem key={row.id} row={row} founder={nameOf(row.founder.id) ?? row.founder.id} />
          ))}
        </ul>
      )}
      <Pager page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </Section>
  );
}

function BrowseItem({ row, founder }: { row: BrowseRow; founder: string }) {
  const session = useSession();
  const id = BigInt(row.number);
  const { membership, isMember } = useMembership(id, session.actingFor);
  const [open, setOpen] = useState(false);
  let status = null;
  if (isMember) status = <Badge tone="good">Your company is a member</Badge>;
  else if (membership !== undefined && membership.requestedAt !== 0n)
    status = <Badge tone="info">You asked to join</Badge>;
  else if (membership !== undefined && membership.invitationExpiresAt !== 0n)
    status = <Badge tone="info">You are invited</Badge>;
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <Link className="font-medium text-indigo-700 underline" href={`/console/constellations/${row.number}`}>
            {row.name}
          </Link>{" "}
          <span className="text-xs text-slate-600">#{row.number}</span>{" "}
          {row.archived ? <Badge tone="warn">Archived</Badge> : null} {status}
          <p className="text-sm text-slate-700">{row.purpose}</p>
          <p className="text-xs text-slate-600">
            Founded by {founder}; {row.memberCount} member{row.memberCount === 1 ? "" : "s"}.
          </p>
        </div>
        {!isMember && !row.archived && membership?.requestedAt === 0n ? (
          <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? "Close" : `Ask to join ${row.name}`}
          </Button>
        ) : null}
      </div>
      {open ? <RequestToJoin id={id} name={row.name} /> : null}
    </li>
  );
}

/** Asking to join constellation `id` with roles (also used on a constellation's own page). */
export function RequestToJoin({ id, name, tx: shared }: { id: bigint; name: string; tx?: Transaction }) {
  const session = useSession();
  const { membership, isMember } = useMembership(id, session.actingFor);
  const { state } = useConstellationState(id);
  const now = useChainTime();
  const acting = useActingProblem(Permission.MEMBERSHIP, now);
  const own = useTransaction();
  // The caller may show the status itself (when this form gives way to the request it sent).
  const tx = shared ?? own;
  const [roles, setRoles] = useState<number>(0);
  const blocked =
    acting ??
    (state?.archived === true
      ? `${name} is archived: it takes no new members.`
      : isMember
        ? `Your company is a member of ${name} already.`
        : membership !== undefined && membership.requestedAt !== 0n
          ? `Your company asked to join ${name} already (on ${formatTime(membership.requestedAt)}); cancel that request to ask with other roles.`
          : undefined);
  const invited =
    membership !== undefined &&
    membership.invitationExpiresAt !== 0n &&
    now !== undefined &&
    now < membership.invitationExpiresAt;
  return (
    <div className="mt-2 rounded-md border border-slate-200 p-3">
      <RolePicker
        legend={`Roles to ask for in ${name}`}
        value={roles}
        onChange={setRoles}
        hint="Admin is never asked for: the admins offer it by a majority vote. Asking for Verifier consents to it in advance."
      />
      {roles === 0 ? (
        <p className="mt-1 text-xs text-slate-600">Without roles your company would join as an observer.</p>
      ) : null}
      {invited ? (
        <Notice>
          Your company is invited to {name} already: accepting the invitation (under “Invitations to my company”) makes
          it a member at once.
        </Notice>
      ) : null}
      <GuardedButton
        blocked={blocked}
        busy={tx.busy}
        onClick={() =>
          void tx.run(
            { contract: "Constellations", functionName: "requestToJoin", args: [id, roles] },
            `Ask to join ${name} as ${rolesInWords(roles)}`,
          )
        }
      >
        Send the request to join {name}
      </GuardedButton>
      {shared === undefined ? <TxStatus tx={tx} /> : null}
    </div>
  );
}
