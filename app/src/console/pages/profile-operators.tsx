"use client";
/**
 * Operators: the wallets a company appoints to act for it, each with permissions and an expiry. Only the company's own
 * account appoints and removes them (Companies.setOperator / removeOperator refuse actFor); an operator signed in sees
 * the list and why it cannot change it.
 */
import { useState } from "react";
import type { FormEvent } from "react";
import { getAddress } from "viem";
import type { Address } from "viem";

import { useCompanyNames, useCursorPages } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Badge, Button, EmptyState, Hash, Notice, Pager, Section, TextField, TxStatus } from "../components/ui.tsx";
import {
  addressProblem,
  dateInputValue,
  endOfDay,
  expiryProblem,
  formatTime,
  nowSeconds,
  PERMISSIONS,
  permissionWords,
  sameAddress,
  useContractRefusal,
} from "./profile-common.tsx";

interface OperatorRow {
  id: string;
  account: string;
  permissions: string;
  expiresAt: string;
  appointedAt: string;
  lastActedAt: string | null;
  actionCount: number;
}

const DUMMY_OPERATOR = "0x000000000000000000000000000000000000dEaD";

const OPERATORS_QUERY = `query Operators($company: String!, $first: Int!, $after: Bytes!) {
  operators(where: { company: $company, active: true, id_gt: $after }, orderBy: id, first: $first) {
    id account permissions expiresAt appointedAt lastActedAt actionCount
  }
}`;

export function OperatorsSection({ company }: { company: Address }) {
  const session = useSession();
  const isSelf = sameAddress(company, session.address);
  const pages = useCursorPages<OperatorRow>(
    ["operators", company],
    OPERATORS_QUERY,
    (data: { operators: OperatorRow[] }) => data.operators,
    { company: company.toLowerCase() },
    10,
  );
  const nameOf = useCompanyNames((pages.rows ?? []).map((r) => r.account));
  const removeTx = useTransaction();
  const [editing, setEditing] = useState<OperatorRow | undefined>();
  // Only the company itself manages operators: for an operator, ask the contract what it says to the attempt.
  const { refusal } = useContractRefusal(
    isSelf
      ? undefined
      : {
          contract: "Companies",
          functionName: "setOperator",
          // Any appointment will do: the contract refuses actFor before it looks at the arguments. The expiry is
          // rounded to the day so that the question (and its cache key) stays the same while the page is open.
          args: [DUMMY_OPERATOR, 1n, BigInt((Math.floor(nowSeconds() / 86_400) + 2) * 86_400)],
        },
  );
  const operatorReason = isSelf
    ? undefined
    : `Only the company's own account can appoint or remove operators. The Companies contract refuses it for you: ${
        refusal ?? "checking…"
      }`;

  const remove = async (row: OperatorRow) => {
    await removeTx.run(
      { contract: "Companies", functionName: "removeOperator", args: [getAddress(row.account)], direct: true },
      `Remove operator ${nameOf(row.account) ?? row.account.slice(0, 10)}`,
    );
  };

  return (
    <Section title="Operators">
      <p className="text-sm text-slate-700">
        Operators are wallets that act for the company (an employee&apos;s wallet, a warehouse scanner), each with the
        permissions it needs, until an expiry. A 2-of-3 Safe then does not co-sign every scan. They stop at once when
        removed, when they expire, or when the company is marked compromised.
      </p>
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="mt-3 text-sm text-slate-600">Loading operators…</p>
      ) : pages.rows.length === 0 && pages.page === 0 ? (
        <div className="mt-3">
          <EmptyState title="No operators appointed.">
            {isSelf
              ? "Appoint one below: give it only the permissions its work needs, and an expiry."
              : "The company's own account appoints operators."}
          </EmptyState>
        </div>
      ) : (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Operators of the company</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th className="py-1 pr-3">Operator</th>
              <th className="py-1 pr-3">May</th>
              <th className="py-1 pr-3">Until</th>
              <th className="py-1 pr-3">Last acted</th>
              <th className="py-1">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((row) => {
              const expired = Number(row.expiresAt) <= nowSeconds();
              const label = nameOf(row.account) ?? getAddress(row.account);
              return (
                <tr key={row.id} className="border-b border-slate-100 align-top" data-testid="operator-row">
                  <td className="py-2 pr-3">
                    {nameOf(row.account) !== undefined ? <span className="block">{nameOf(row.account)}</span> : null}
                    <Hash value={getAddress(row.account)} />
                    {sameAddress(row.account, session.address) ? (
                      <>
                        {" "}
                        <Badge tone="info">you</Badge>
                      </>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3">{permissionWords(BigInt(row.permissions))}</td>
                  <td className="py-2 pr-3">
                    {formatTime(row.expiresAt)}{" "}
                    {expired ? <Badge tone="bad">expired</Badge> : <Badge tone="good">active</Badge>}
                  </td>
                  <td className="py-2 pr-3">
                    {row.lastActedAt === null ? "never" : `${formatTime(row.lastActedAt)} (${row.actionCount} actions)`}
                  </td>
                  <td className="py-2">
                    <div className="flex gap-2">
                      <Button
                        variant="secondary"
                        disabled={!isSelf}
                        aria-label={`Change appointment of ${label}`}
                        onClick={() => setEditing(row)}
                      >
                        {expired ? "Renew" : "Change"}
                      </Button>
                      <Button
                        variant="danger"
                        disabled={!isSelf || removeTx.busy}
                        aria-label={`Remove operator ${label}`}
                        onClick={() => void remove(row)}
                      >
                        Remove
                      </Button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
      <TxStatus tx={removeTx} />
      <AppointForm
        key={editing?.id ?? "new"}
        company={company}
        editing={editing}
        refusal={operatorReason}
        existing={pages.rows ?? []}
        onDone={() => setEditing(undefined)}
      />
    </Section>
  );
}

function AppointForm({
  company,
  editing,
  refusal,
  existing,
  onDone,
}: {
  company: Address;
  editing: OperatorRow | undefined;
  refusal: string | undefined;
  existing: OperatorRow[];
  onDone: () => void;
}) {
  const tx = useTransaction();
  const [operator, setOperator] = useState(editing === undefined ? "" : getAddress(editing.account));
  const [mask, setMask] = useState<bigint>(editing === undefined ? 0n : BigInt(editing.permissions));
  const [expiry, setExpiry] = useState(() =>
    editing !== undefined && Number(editing.expiresAt) > nowSeconds()
      ? dateOf(Number(editing.expiresAt))
      : dateInputValue(365),
  );
  const [tried, setTried] = useState(false);

  const operatorProblem =
    addressProblem(operator, "the operator") ??
    (sameAddress(operator, company)
      ? "The company itself cannot be its operator: it may do everything already."
      : undefined);
  const maskProblem = mask === 0n ? "Choose at least one permission." : undefined;
  const expiryIssue = expiryProblem(expiry);
  const invalid = operatorProblem !== undefined || maskProblem !== undefined || expiryIssue !== undefined;
  const current = existing.find((r) => sameAddress(r.account, operator));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (invalid || refusal !== undefined) return;
    const receipt = await tx.run(
      {
        contract: "Companies",
        functionName: "setOperator",
        args: [getAddress(operator), mask, BigInt(endOfDay(expiry)!)],
        direct: true,
      },
      current === undefined ? "Appoint operator" : "Change appointment",
    );
    if (receipt !== undefined) {
      setOperator("");
      setMask(0n);
      setTried(false);
      onDone();
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="mt-5 border-t border-slate-200 pt-4">
      <h3 className="font-semibold">{current === undefined ? "Appoint an operator" : "Change an appointment"}</h3>
      <TextField
        label="Operator's address"
        value={operator}
        onChange={(e) => setOperator(e.target.value.trim())}
        problem={operator !== "" || tried ? operatorProblem : undefined}
        placeholder="0x…"
        hint="The wallet that will act for the company. It signs in to this console with its own wallet."
      />
      {current !== undefined ? (
        <p className="mt-1 text-xs text-slate-700">
          Already an operator (may: {permissionWords(BigInt(current.permissions))}; until{" "}
          {formatTime(current.expiresAt)}). Saving replaces its permissions and expiry.
        </p>
      ) : null}
      <fieldset className="mt-3">
        <legend className="text-sm font-medium">Permissions</legend>
        <div className="mt-1 flex flex-wrap gap-2 text-xs">
          <button
            type="button"
            className="underline"
            onClick={() => setMask(PERMISSIONS.reduce((m, p) => m | p.bit, 0n))}
          >
            Select all
          </button>
          <button type="button" className="underline" onClick={() => setMask(0n)}>
            Clear
          </button>
        </div>
        <ul className="mt-1 grid gap-1 sm:grid-cols-2">
          {PERMISSIONS.map((p) => (
            <li key={p.key}>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={(mask & p.bit) !== 0n}
                  onChange={(e) => setMask((m) => (e.target.checked ? m | p.bit : m & ~p.bit))}
                />
                <span>
                  {p.label}
                  <span className="block text-xs text-slate-600">{p.detail}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {tried && maskProblem !== undefined ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {maskProblem}
          </p>
        ) : null}
      </fieldset>
      <TextField
        label="Appointment ends on"
        type="date"
        value={expiry}
        onChange={(e) => setExpiry(e.target.value)}
        problem={expiryIssue}
        hint="At the end of that day (your local time) the operator can no longer act. You can renew or remove it any time."
      />
      {refusal !== undefined ? (
        <Notice tone="warning">
          <span data-testid="operator-refusal">{refusal}</span>
        </Notice>
      ) : null}
      <div className="mt-4 flex gap-3">
        <Button type="submit" disabled={tx.busy || refusal !== undefined || (tried && invalid)}>
          {current === undefined ? "Appoint operator" : "Save appointment"}
        </Button>
        {editing !== undefined ? (
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
      <TxStatus tx={tx} />
    </form>
  );
}

function dateOf(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
