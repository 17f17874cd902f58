"use client";
/**
 * What the product and journey pages share: the product as the indexer lists it and as the chain holds it now, who the
 * acting company is to it (owner, actor with roles, neither), the operator-permission check, and small pieces of UI
 * (a confirm dialog, times, company names).
 *
 * The rules mirror contracts/Products.sol; the contract stays the judge: a call the page lets through is still
 * simulated first (tx.tsx) and a refusal is shown decoded in words.
 */
import { Permission } from "@constellate/sdk";
import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";
import { isAddressEqual, zeroAddress } from "viem";
import type { Address } from "viem";
import { useBlock, useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useCompanyNames, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { Button, Hash } from "../components/ui.tsx";

/** The product as the indexer lists it (entity ids are lowercase hex). */
export interface ProductRow {
  id: string;
  gtin14: string;
  brand: boolean;
  namespace: string;
  prefixLength: number;
  companyPrefix: string | null;
  owner: { id: string; name: string | null };
  constellation: { id: string; number: string; name: string; archived: boolean };
  generation: number;
  discontinued: boolean;
  discontinuedAt: string | null;
  metadataURI: string;
  metadataHash: string;
  transferOfferedTo: { id: string; name: string | null } | null;
  registeredAt: string;
  batchCount: number;
  itemCount: number;
  journeyEventCount: number;
}

export const PRODUCT_FIELDS = `id gtin14 brand namespace prefixLength companyPrefix owner { id name }
  constellation { id number name archived } generation discontinued discontinuedAt metadataURI metadataHash
  transferOfferedTo { id name } registeredAt batchCount itemCount journeyEventCount`;

const PRODUCT_QUERY = `query Product($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;

/** The registration as the chain holds it now (Products.productOf). */
export interface ChainProduct {
  owner: Address;
  constellation: bigint;
  prefixLength: number;
  discontinued: boolean;
  generation: number;
}

/** Whether `a` and `b` are the same address (false when either is missing or malformed). */
export function same(a: string | undefined | null, b: string | undefined | null): boolean {
  if (a === undefined || b === undefined || a === null || b === null) return false;
  try {
    return isAddressEqual(a as Address, b as Address);
  } catch {
    return false;
  }
}

/** The acting company, its relation to a product, and whether it may write what. */
export interface ProductAccess {
  company: Address | undefined;
  isOwner: boolean;
  /** Live actor roles (zero for the owner and for strangers). */
  roles: number;
  /** Why the session may not do owner things now (not the owner, an operator without PRODUCTS...), or undefined. */
  ownerProblem: string | undefined;
  /** Why the session may not record events at all now, or undefined (step roles are checked per step). */
  eventProblem: string | undefined;
}

/** Everything a product page needs about product `id`: indexer row, fresh chain state, and the acting company's access. */
export function useProduct(id: `0x${string}`) {
  const { Products } = useContracts();
  const session = useSession();
  const company = session.actingFor;
  const graph = useGraph<{ product: ProductRow | null }>(["product", id], PRODUCT_QUERY, { id: id.toLowerCase() });
  const chain = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "productOf",
    args: [id],
  });
  const offer = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "transferOfferOf",
    args: [id],
  });
  const actor = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "actorOf",
    args: company !== undefined ? [id, company] : undefined,
    query: { enabled: company !== undefined },
  });
  const now = useChainTime();
  const state = chain.data as ChainProduct | undefined;
  const exists = state !== undefined && state.owner !== zeroAddress;
  const isOwner = exists && same(state.owner, company);
  const roles = isOwner ? 0 : Number((actor.data as readonly [unknown, number] | undefined)?.[1] ?? 0);
  const operatorProducts = useOperatorProblem(Permission.PRODUCTS, "products", now);
  const operatorEvents = useOperatorProblem(Permission.EVENTS, "journey events", now);

  let ownerProblem: string | undefined;
  let eventProblem: string | undefined;
  if (!exists) {
    ownerProblem = eventProblem = "This product is not registered.";
  } else {
    const ownerName = graph.data?.product?.owner.name ?? state.owner;
    if (!isOwner) ownerProblem = `Only the product's owner (${ownerName}) may do this.`;
    else if (operatorProducts !== undefined) ownerProblem = operatorProducts;
    if (state.discontinued) eventProblem = "The product is discontinued: no new journey events.";
    else if (!isOwner && roles === 0) {
      eventProblem = `Only the product's owner (${ownerName}) and the actors it designates record journey events.`;
    } else if (operatorEvents !== undefined) eventProblem = operatorEvents;
  }
  const access: ProductAccess = { company, isOwner, roles, ownerProblem, eventProblem };
  return {
    row: graph.data?.product ?? undefined,
    graph,
    state,
    exists,
    loading: chain.isLoading || graph.isLoading,
    error: chain.error ?? graph.error,
    offeredTo: (offer.data as Address | undefined) ?? undefined,
    access,
    now,
  };
}

/** The latest block's time (seconds), refreshed as blocks arrive. */
export function useChainTime(): bigint | undefined {
  const block = useBlock({ watch: true });
  return block.data?.timestamp;
}

/**
 * Why the session cannot act for its company in something needing operator `permission`, or undefined. The company's
 * own account needs no permission.
 */
export function useOperatorProblem(permission: bigint, what: string, now: bigint | undefined): string | undefined {
  const session = useSession();
  const acting = session.acting;
  if (session.actingFor === undefined) return "Sign in first.";
  if (acting === undefined) return "This account is not a registered company: register its profile first.";
  if (acting.relation === "self") return undefined;
  if (acting.compromised) return "The company you act for marked itself compromised: its operators can no longer act.";
  if (acting.expiresAt !== null && now !== undefined && acting.expiresAt <= now) {
    return "Your appointment as this company's operator has expired: ask the company to renew it.";
  }
  if ((acting.permissions & permission) !== permission) {
    const name = permission === Permission.PRODUCTS ? "PRODUCTS" : "EVENTS";
    return `You act as an operator without the ${name} permission, which ${what} need: ask the company to grant it.`;
  }
  return undefined;
}

/** A company by name (from the indexer) with its address; "you" when it is the acting company. */
export function CompanyName({ address, you }: { address: string; you?: string | undefined }) {
  const nameOf = useCompanyNames([address]);
  const name = nameOf(address);
  return (
    <span>
      {name !== undefined && name !== null && name !== "" ? <span>{name} </span> : null}
      <Hash value={address} />
      {same(address, you) ? <span className="text-slate-600"> (you)</span> : null}
    </span>
  );
}

/** A block time (seconds) as local date and time, with the ISO form as its title. */
export function Time({ seconds }: { seconds: string | bigint | number }) {
  const date = new Date(Number(seconds) * 1000);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {date.toLocaleString()}
    </time>
  );
}

/** Untrusted links from the chain become links only when https or ipfs. */
export function SafeLink({ uri }: { uri: string }) {
  if (uri === "") return <span className="text-slate-600">none</span>;
  if (/^(https:\/\/|ipfs:\/\/)/i.test(uri)) {
    return (
      <a className="break-all text-indigo-700 underline" href={uri} target="_blank" rel="noreferrer noopener">
        {uri}
      </a>
    );
  }
  return <span className="break-all">{uri}</span>;
}

/**
 * A modal confirmation (the native dialog element: focus trapped, Escape closes). `confirmLabel` names the button that
 * goes ahead.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  danger = false,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto max-w-lg rounded-lg border border-slate-300 p-5 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-2 text-sm text-slate-800">{children}</div>
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant={danger ? "danger" : "primary"} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}

/** A list of problems, each with its line (for files). */
export function ProblemList({
  problems,
  label,
  unit = "Row",
}: {
  problems: { line: number; message: string }[];
  label: string;
  unit?: "Row" | "Line";
}) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-medium">{label}</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.slice(0, 50).map((p, i) => (
          <li key={`${p.line}-${i}`}>
            {unit} {p.line}: {p.message}
          </li>
        ))}
      </ul>
      {problems.length > 50 ? <p className="mt-1">…and {problems.length - 50} more.</p> : null}
    </div>
  );
}

/** Reads a file the user picked as text (UTF-8). */
export function readFileText(file: File): Promise<string> {
  return file.text();
}
