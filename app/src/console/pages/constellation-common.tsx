"use client";
/**
 * What the constellation pages share: roles in words, a role picker, fresh chain reads (a membership, a
 * constellation's state, the chain's time), and the checks that say, before anything is sent, why the contract would
 * refuse (the operator's permissions, the last admin, unchanged roles...).
 *
 * The rules mirror contracts/Constellations.sol; the contract stays the judge: a call the page lets through is still
 * simulated first (tx.tsx) and a refusal is shown decoded in words.
 */
import { Permission, Role } from "@constellate/sdk";
import { useCallback, useId, useState } from "react";
import type { ReactNode } from "react";
import type { Address } from "viem";
import { isAddressEqual } from "viem";
import { useBlock, useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { Badge, Button } from "../components/ui.tsx";

export const ROLE_INFO = [
  {
    bit: Role.ADMIN,
    name: "ADMIN",
    label: "Admin",
    about: "manages members and roles; making, removing or demoting an admin takes a majority of the admins",
  },
  { bit: Role.PRODUCER, name: "PRODUCER", label: "Producer", about: "registers products in the constellation" },
  { bit: Role.SUPPLIER, name: "SUPPLIER", label: "Supplier", about: "supplies materials, parts or services" },
  { bit: Role.LOGISTICS, name: "LOGISTICS", label: "Logistics", about: "moves and stores goods" },
  { bit: Role.RETAILER, name: "RETAILER", label: "Retailer", about: "sells to consumers" },
  {
    bit: Role.VERIFIER,
    name: "VERIFIER",
    label: "Verifier",
    about: "attests or rejects claims; takes effect only once the company accepts it",
  },
] as const;

/** Roles an admin may give without a motion (everything but ADMIN). */
export const NON_ADMIN_ROLES = Role.ALL & ~Role.ADMIN;
/** Roles that wait for the receiving company's acceptance. */
export const NEED_CONSENT = Role.ADMIN | Role.VERIFIER;

/** "Admin, Producer and Verifier"; "no roles" for zero. */
export function rolesInWords(mask: number): string {
  const names = ROLE_INFO.filter((r) => (mask & r.bit) !== 0).map((r) => r.label);
  if (names.length === 0) return "no roles";
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Roles in effect as badges, pending ones marked as waiting for acceptance. */
export function RoleBadges({ roles, pending = 0 }: { roles: number; pending?: number }) {
  if (roles === 0 && pending === 0) return <span className="text-sm text-slate-600">No roles</span>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {ROLE_INFO.filter((r) => (roles & r.bit) !== 0).map((r) => (
        <Badge key={r.bit} tone={r.bit === Role.ADMIN ? "info" : "neutral"}>
          {r.label}
        </Badge>
      ))}
      {ROLE_INFO.filter((r) => (pending & r.bit) !== 0).map((r) => (
        <Badge key={`p${r.bit}`} tone="warn">
          {r.label} (awaiting acceptance)
        </Badge>
      ))}
    </span>
  );
}

/**
 * Checkboxes for a role mask. `offered` limits which roles appear; `locked` explains, per role, why it cannot be
 * chosen here (shown next to it).
 */
export function RolePicker({
  legend,
  value,
  onChange,
  offered = NON_ADMIN_ROLES,
  locked,
  hint,
  disabled = false,
}: {
  legend: string;
  value: number;
  onChange: (mask: number) => void;
  offered?: number;
  locked?: (bit: number) => string | undefined;
  hint?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <fieldset className="mt-3" disabled={disabled}>
      <legend className="text-sm font-medium">{legend}</legend>
      {hint !== undefined ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      <div className="mt-1 grid gap-1 sm:grid-cols-2">
        {ROLE_INFO.filter((r) => (offered & r.bit) !== 0).map((r) => {
          const reason = locked?.(r.bit);
          const inputId = `${id}-${r.name}`;
          return (
            <div key={r.bit} className="flex items-start gap-2 text-sm">
              <input
                id={inputId}
                type="checkbox"
                className="mt-1"
                checked={(value & r.bit) !== 0}
                disabled={reason !== undefined}
                aria-describedby={`${inputId}-about`}
                onChange={(event) => onChange(event.target.checked ? value | r.bit : value & ~r.bit)}
              />
              <div>
                <label htmlFor={inputId} className="font-medium">
                  {r.label}
                </label>
                <p id={`${inputId}-about`} className="text-xs text-slate-600">
                  {reason ?? r.about}
                </p>
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The chain's latest block time (seconds): contracts judge expiry by it, not by the wall clock. */
export function useChainTime(): bigint | undefined {
  // Polled rather than watched: every component asking shares the one query (and its one request per interval).
  const { data } = useBlock({ query: { refetchInterval: 2_000 } });
  return data?.timestamp;
}

export interface MembershipState {
  roles: number;
  pendingRoles: number;
  joinedAt: bigint;
  invitedRoles: number;
  invitationExpiresAt: bigint;
  requestedRoles: number;
  requestedAt: bigint;
}

/** Everything between `company` and constellation `id`, fresh from the chain (refetched on every block). */
export function useMembership(id: bigint | undefined, company: Address | undefined) {
  const { Constellations } = useContracts();
  const result = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "membershipOf",
    args: id !== undefined && company !== undefined ? [id, company] : undefined,
    query: { enabled: id !== undefined && company !== undefined },
  });
  const m = result.data as MembershipState | undefined;
  return {
    membership: m,
    isMember: m !== undefined && m.joinedAt !== 0n,
    isLoading: result.isLoading,
    error: result.error,
  };
}

export interface ConstellationState {
  createdAt: bigint;
  adminCount: number;
  adminEpoch: number;
  archived: boolean;
}

/** A constellation's state (admin count, epoch, archived), fresh from the chain. */
export function useConstellationState(id: bigint | undefined) {
  const { Constellations } = useContracts();
  const result = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "constellationOf",
    args: id !== undefined ? [id] : undefined,
    query: { enabled: id !== undefined },
  });
  const state = result.data as ConstellationState | undefined;
  return {
    state,
    exists: state !== undefined && state.createdAt !== 0n,
    isLoading: result.isLoading,
    error: result.error,
  };
}

/**
 * Why the signed-in account cannot act for its company in something needing operator `permission` (MEMBERSHIP for a
 * member's own steps, CONSTELLATION_ADMIN for an admin's), or undefined when it can. The company's own account needs
 * no permission.
 */
export function useActingProblem(permission: bigint, now: bigint | undefined): string | undefined {
  const session = useSession();
  const acting = session.acting;
  if (session.actingFor === undefined) return "Sign in first.";
  if (acting === undefined) return "This account is not a registered company: register its profile first.";
  if (acting.relation === "self") return undefined;
  if (acting.compromised) {
    return "The company you act for marked itself compromised: its operators can no longer act for it.";
  }
  if (acting.expiresAt !== null && now !== undefined && acting.expiresAt <= now) {
    return "Your appointment as this company's operator has expired: ask the company to renew it.";
  }
  if ((acting.permissions & permission) !== permission) {
    const name = permission === Permission.CONSTELLATION_ADMIN ? "constellation admin" : "membership";
    return `You act as an operator without the ${name} permission: ask the company to grant it to you.`;
  }
  return undefined;
}

/** Whether `a` and `b` are the same address (false when either is missing). */
export function same(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  try {
    return isAddressEqual(a as Address, b as Address);
  } catch {
    return false;
  }
}

/** Untrusted links from the chain become links only when https or ipfs. */
export function safeHref(uri: string): string | undefined {
  return /^(https:\/\/|ipfs:\/\/)/i.test(uri) ? uri : undefined;
}

export const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** A block time as a date and time in the user's locale. */
export function formatTime(seconds: bigint | number | string | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds === "") return "—";
  const n = Number(seconds);
  if (!Number.isFinite(n) || n === 0) return "—";
  return new Date(n * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A constellation id from a route segment or a query, or undefined when it is not one. */
export function parseConstellationId(text: string): bigint | undefined {
  if (!/^[1-9]\d{0,19}$/.test(text.trim())) return undefined;
  const id = BigInt(text.trim());
  return id < 2n ** 64n ? id : undefined;
}

/**
 * A button that says why it is disabled: the reason (what the contract would refuse, in words) is shown under it and
 * linked to it for screen readers. `blocked` undefined means it may be pressed.
 */
export function GuardedButton({
  blocked,
  busy = false,
  onClick,
  variant = "primary",
  children,
}: {
  blocked: string | undefined;
  busy?: boolean;
  onClick: () => void;
  variant?: "primary" | "secondary" | "danger" | "link";
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="mt-3">
      <Button
        variant={variant}
        disabled={blocked !== undefined || busy}
        aria-describedby={blocked !== undefined ? id : undefined}
        onClick={onClick}
      >
        {children}
      </Button>
      {blocked !== undefined ? (
        <p id={id} className="mt-1 text-sm text-amber-900" data-blocked-reason="">
          {blocked}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Cursor paging like the foundation's useCursorPages, with the cursor's start value and field chosen by the list: ids
 * that are Bytes start after "0x", constellations page by `number` (their ids sort as text).
 */
export function usePages<Row>(
  key: readonly unknown[],
  query: string,
  pick: (data: never) => Row[],
  cursorOf: (row: Row) => string,
  start: string,
  variables: Record<string, unknown> = {},
  pageSize = 10,
  options: { enabled?: boolean } = {},
) {
  const [cursors, setCursors] = useState<string[]>([start]);
  const page = cursors.length - 1;
  const result = useGraph<unknown>(
    [...key, "pages"],
    query,
    { ...variables, first: pageSize + 1, after: cursors[page] },
    options,
  );
  const rows = result.data === undefined ? undefined : pick(result.data as never);
  const hasNext = rows !== undefined && rows.length > pageSize;
  const visible = rows?.slice(0, pageSize);
  const last = visible?.at(-1);
  const next = useCallback(() => {
    if (last !== undefined) setCursors((c) => [...c, cursorOf(last)]);
  }, [last, cursorOf]);
  const previous = useCallback(() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)), []);
  const restart = useCallback(() => setCursors([start]), [start]);
  return { rows: visible, page, hasNext, next, previous, restart, isLoading: result.isLoading, error: result.error };
}
