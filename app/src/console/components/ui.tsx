"use client";
/** Small building blocks shared by the console's pages, so that every page looks and behaves the same. */
import type {
  ButtonHTMLAttributes,
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { useId } from "react";

import { useConsoleConfig } from "./config-context.tsx";
import type { Transaction, TxState } from "./tx.tsx";

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" | "link" }) {
  const styles = {
    primary: "bg-indigo-700 text-white hover:bg-indigo-800 disabled:bg-slate-400",
    secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 disabled:text-slate-400",
    danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-400",
    link: "text-indigo-700 underline hover:text-indigo-900 disabled:text-slate-400",
  }[variant];
  const shape = variant === "link" ? "" : "rounded-md px-3 py-1.5 text-sm font-medium";
  return <button type="button" className={`${shape} ${styles} disabled:cursor-not-allowed ${className}`} {...props} />;
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-label={title}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        {actions}
      </div>
      <div className="mt-3">{children}</div>
    </section>
  );
}

export function PageTitle({ children, intro }: { children: ReactNode; intro?: ReactNode }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold">{children}</h1>
      {intro !== undefined ? <p className="mt-1 max-w-3xl text-slate-700">{intro}</p> : null}
    </div>
  );
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  /** A problem with the value, shown under the field and announced to screen readers. */
  problem?: string | undefined;
}

export function TextField({ label, hint, problem, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="mt-3">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={problem !== undefined}
        aria-describedby={`${id}-hint ${id}-problem`}
        className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm aria-invalid:border-red-600"
        {...input}
      />
      {hint !== undefined ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {problem !== undefined ? (
        <p id={`${id}-problem`} role="alert" className="mt-1 text-xs text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

export function TextArea({ label, hint, problem, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="mt-3">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        aria-invalid={problem !== undefined}
        className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm"
        {...input}
      />
      {hint !== undefined ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      {problem !== undefined ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({
  label,
  hint,
  problem,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const id = useId();
  return (
    <div className="mt-3">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select id={id} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" {...select}>
        {children}
      </select>
      {hint !== undefined ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      {problem !== undefined ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** What to do when a list is empty: never just "no data". */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700">
      <p className="font-medium">{title}</p>
      {children !== undefined ? <div className="mt-1">{children}</div> : null}
    </div>
  );
}

export function Notice({
  tone = "info",
  children,
}: {
  tone?: "info" | "warning" | "error" | "success";
  children: ReactNode;
}) {
  const styles = {
    info: "border-sky-300 bg-sky-50 text-sky-900",
    warning: "border-amber-300 bg-amber-50 text-amber-900",
    error: "border-red-300 bg-red-50 text-red-900",
    success: "border-emerald-300 bg-emerald-50 text-emerald-900",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`mt-3 rounded-md border px-3 py-2 text-sm ${styles}`}>
      {children}
    </div>
  );
}

export function Badge({
  tone = "neutral",
  children,
}: {
  tone?: "neutral" | "good" | "warn" | "bad" | "info";
  children: ReactNode;
}) {
  const styles = {
    neutral: "bg-slate-100 text-slate-800",
    good: "bg-emerald-100 text-emerald-900",
    warn: "bg-amber-100 text-amber-900",
    bad: "bg-red-100 text-red-900",
    info: "bg-sky-100 text-sky-900",
  }[tone];
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${styles}`}>{children}</span>;
}

/** Shortened hex (an address, hash or id) with the full value as its title. */
export function Hash({ value, chars = 6 }: { value: string; chars?: number }) {
  const short = value.length > 2 * chars + 4 ? `${value.slice(0, chars + 2)}…${value.slice(-chars)}` : value;
  return (
    <code title={value} className="font-mono text-xs">
      {short}
    </code>
  );
}

export function TxLink({ hash }: { hash: string }) {
  const { explorerUrl } = useConsoleConfig();
  if (explorerUrl === undefined) return <Hash value={hash} />;
  return (
    <a
      className="text-indigo-700 underline"
      href={`${explorerUrl}/tx/${hash}`}
      target="_blank"
      rel="noreferrer noopener"
    >
      <Hash value={hash} />
    </a>
  );
}

/** A transaction's progress, in words. */
export function TxStatus({ tx }: { tx: Transaction | TxState }) {
  const state = "state" in tx ? tx.state : tx;
  switch (state.phase) {
    case "idle":
      return null;
    case "checking":
      return <Notice>{state.label}: checking with the contract…</Notice>;
    case "wallet":
      return <Notice>{state.label}: waiting for your wallet. Confirm the transaction there.</Notice>;
    case "pending":
      return (
        <Notice>
          {state.label}: sent, waiting for a block (<TxLink hash={state.hash} />
          ).
        </Notice>
      );
    case "safe":
      return (
        <Notice tone="warning">
          {state.label}: awaiting co-signers. Your Safe proposed the transaction
          {state.threshold !== undefined ? ` (it needs ${state.threshold} owners' signatures)` : ""}; Safe transaction
          hash <Hash value={state.safeTxHash} />. This page confirms it when the Safe executes it.
        </Notice>
      );
    case "confirmed":
      return (
        <Notice tone="success">
          {state.label}: confirmed in block {state.blockNumber.toString()} (<TxLink hash={state.hash} />)
          {state.indexed ? "." : "; lists update once the indexer catches up."}
        </Notice>
      );
    case "failed":
      return (
        <Notice tone="error">
          {state.label} failed: {state.reason}
          {state.hash !== undefined ? (
            <>
              {" "}
              (<TxLink hash={state.hash} />)
            </>
          ) : null}
        </Notice>
      );
  }
}

/** Cursor paging for lists read from GraphQL (`id_gt`), with a page size chosen by the list. */
export function Pager({
  page,
  hasNext,
  onPrevious,
  onNext,
}: {
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  if (page === 0 && !hasNext) return null;
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
      <Button variant="secondary" disabled={page === 0} onClick={onPrevious}>
        Previous
      </Button>
      <span>Page {page + 1}</span>
      <Button variant="secondary" disabled={!hasNext} onClick={onNext}>
        Next
      </Button>
    </nav>
  );
}
