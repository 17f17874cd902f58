"use client";
/**
 * Scopes in words. A scope on chain is a bytes32 (sdk `accessScope(kind, product, dataset)`), the same value for every
 * owner, so the console names one by recomputing the scopes it can know of: every kind, for all products or for each
 * product of the owners on the page, without a dataset name or with one of the names it has seen used (names typed in
 * this browser, and the published claim topics' full names for the claim kinds). Anything else is a "custom scope".
 */
import { accessScope, SCOPE_KINDS, TOPICS } from "@constellate/sdk";
import type { ScopeKind } from "@constellate/sdk";
import { useEffect, useMemo, useState } from "react";
import type { Hex } from "viem";

import { useGraph } from "../components/hooks.tsx";
import { SelectField, TextField } from "../components/ui.tsx";

/** Short names of the kinds (SCOPE_KINDS describes each in a sentence). */
export const KIND_LABELS: Record<ScopeKind, string> = {
  documents: "Product documents",
  epcis: "Journey event documents (EPCIS)",
  "claim-documents": "Claim documents",
  "claim-evidence": "Claim evidence",
  serials: "Serial lists",
  dataset: "Named dataset",
};

export const SCOPE_KIND_NAMES = Object.keys(SCOPE_KINDS) as ScopeKind[];

/** The claim kinds, which a topic's full name narrows to that topic's claims. */
const CLAIM_KINDS = new Set<ScopeKind>(["claim-documents", "claim-evidence"]);

/** Most products whose scopes are recomputed (the first ones by GTIN). */
const MAX_PRODUCTS = 200;
/** Most dataset names remembered by this browser. */
const MAX_DATASETS = 30;
const DATASETS_KEY = "constellate.data.dataset-names";
const DATASETS_EVENT = "constellate-dataset-names";

export interface ScopeProduct {
  id: string;
  gtin14: string;
  owner: { id: string };
}

/** What a scope names, in words. */
export function scopeWords(kind: ScopeKind, product: ScopeProduct | undefined, dataset: string): string {
  const what =
    kind === "dataset"
      ? `Dataset "${dataset}"`
      : `${KIND_LABELS[kind]}${dataset !== "" ? `, ${datasetWords(kind, dataset)}` : ""}`;
  return `${what}, ${product !== undefined ? `product GTIN ${product.gtin14}` : "all products"}`;
}

function datasetWords(kind: ScopeKind, dataset: string): string {
  if (CLAIM_KINDS.has(kind)) {
    const topic = TOPICS.find((t) => t.key === dataset);
    if (topic !== undefined) return `topic "${topic.title}"`;
  }
  return `dataset "${dataset}"`;
}

/** The dataset names this browser has seen used (newest first). */
export function rememberedDatasets(): string[] {
  if (typeof window === "undefined") return [];
  try {
    const parsed = JSON.parse(window.localStorage.getItem(DATASETS_KEY) ?? "[]") as unknown;
    return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === "string" && n !== "") : [];
  } catch {
    return [];
  }
}

/** Remembers a dataset name, so that scopes using it can be named later. */
export function rememberDataset(name: string): void {
  if (typeof window === "undefined" || name === "") return;
  const names = [name, ...rememberedDatasets().filter((n) => n !== name)].slice(0, MAX_DATASETS);
  window.localStorage.setItem(DATASETS_KEY, JSON.stringify(names));
  window.dispatchEvent(new Event(DATASETS_EVENT));
}

function useRememberedDatasets(): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const load = () => setNames(rememberedDatasets());
    load();
    window.addEventListener(DATASETS_EVENT, load);
    window.addEventListener("storage", load);
    return () => {
      window.removeEventListener(DATASETS_EVENT, load);
      window.removeEventListener("storage", load);
    };
  }, []);
  return names;
}

const PRODUCTS = `query ScopeProducts($owners: [String!]!) {
  products(where: { owner_in: $owners }, first: ${MAX_PRODUCTS}, orderBy: gtin14) { id gtin14 owner { id } }
}`;

/** The products of `owners` (lowercase addresses), for scope fields and scope names. */
export function useProductsOf(owners: readonly string[]): ScopeProduct[] {
  const ids = [...new Set(owners.map((o) => o.toLowerCase()))].sort();
  const { data } = useGraph<{ products: ScopeProduct[] }>(
    ["data", "scope-products"],
    PRODUCTS,
    { owners: ids },
    {
      enabled: ids.length > 0,
    },
  );
  return data?.products ?? [];
}

export interface ScopeNamer {
  /** The scope in words, or undefined when the console does not know it. */
  (scope: string): string | undefined;
}

/**
 * Names scopes of the products of `owners`: kind × (all products, or each product) × (no dataset, or each name seen).
 * `extraDatasets` adds names the page knows of (for example the one being typed).
 */
export function useScopeNames(owners: readonly string[], extraDatasets: readonly string[] = []): ScopeNamer {
  const products = useProductsOf(owners);
  const remembered = useRememberedDatasets();
  const datasetKey = [...new Set([...remembered, ...extraDatasets.filter((d) => d !== "")])].sort().join("\n");
  const productKey = products.map((p) => p.id).join(",");
  const names = useMemo(() => {
    const map = new Map<string, string>();
    const datasets = datasetKey === "" ? [] : datasetKey.split("\n");
    const topicKeys = TOPICS.map((t) => t.key);
    for (const kind of SCOPE_KIND_NAMES) {
      const names = [...(kind === "dataset" ? [] : [""]), ...datasets, ...(CLAIM_KINDS.has(kind) ? topicKeys : [])];
      for (const product of [undefined, ...products]) {
        for (const dataset of names) {
          const scope = accessScope(kind, product?.id ?? null, dataset);
          if (!map.has(scope)) map.set(scope, scopeWords(kind, product, dataset));
        }
      }
    }
    return map;
    // productKey stands for products (a new array on every render).
  }, [productKey, datasetKey]);
  return (scope: string) => names.get(scope.toLowerCase());
}

/** A scope in words, or "custom scope 0x…" when the console cannot name it. */
export function ScopeText({ scope, nameOf }: { scope: string; nameOf: ScopeNamer }) {
  const words = nameOf(scope);
  if (words !== undefined) {
    return (
      <span title={scope} data-scope={scope}>
        {words}
      </span>
    );
  }
  return (
    <span title={scope} data-scope={scope}>
      custom scope <code className="font-mono text-xs">{`${scope.slice(0, 10)}…${scope.slice(-6)}`}</code>
    </span>
  );
}

export interface ScopeChoice {
  kind: ScopeKind;
  /** A product id, or "" for all products. */
  product: string;
  dataset: string;
}

export const DEFAULT_SCOPE: ScopeChoice = { kind: "dataset", product: "", dataset: "" };

/** The problem with a scope choice, in words, or undefined. */
export function scopeProblem(choice: ScopeChoice): string | undefined {
  const name = choice.dataset;
  if (choice.kind === "dataset" && name.trim() === "") return "A named dataset needs its name.";
  if (name !== name.trim()) return "The dataset name must not start or end with spaces.";
  if (new TextEncoder().encode(name).length > 200) return "The dataset name is too long (200 bytes at most).";
  return undefined;
}

/** The scope's bytes32, or undefined while the choice has a problem. */
export function scopeOf(choice: ScopeChoice): Hex | undefined {
  if (scopeProblem(choice) !== undefined) return undefined;
  return accessScope(choice.kind, choice.product === "" ? null : choice.product, choice.dataset);
}

/** Kind, product and dataset name: the three parts of a scope, as form fields. */
export function ScopeFields({
  value,
  onChange,
  products,
  disabled = false,
  touched = false,
}: {
  value: ScopeChoice;
  onChange: (value: ScopeChoice) => void;
  products: readonly ScopeProduct[];
  disabled?: boolean;
  /** Show the dataset problem even before the field was edited (after a submit attempt). */
  touched?: boolean;
}) {
  const [edited, setEdited] = useState(false);
  const problem = edited || touched ? scopeProblem(value) : undefined;
  return (
    <div className="grid gap-x-4 sm:grid-cols-3">
      <SelectField
        label="Kind of data"
        value={value.kind}
        disabled={disabled}
        hint={SCOPE_KINDS[value.kind]}
        onChange={(e) => onChange({ ...value, kind: e.target.value as ScopeKind })}
      >
        {SCOPE_KIND_NAMES.map((kind) => (
          <option key={kind} value={kind}>
            {KIND_LABELS[kind]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Product (optional)"
        value={value.product}
        disabled={disabled}
        hint={products.length === 0 ? "You own no products yet: the scope covers all products." : undefined}
        onChange={(e) => onChange({ ...value, product: e.target.value })}
      >
        <option value="">All products</option>
        {products.map((p) => (
          <option key={p.id} value={p.id}>
            GTIN {p.gtin14}
          </option>
        ))}
      </SelectField>
      <TextField
        label={value.kind === "dataset" ? "Dataset name" : "Dataset name (optional)"}
        value={value.dataset}
        disabled={disabled}
        placeholder={value.kind === "dataset" ? "e.g. supplier-audits-2025" : ""}
        hint="Narrows the scope: a grant covers documents stored under exactly the same kind, product and name."
        problem={problem}
        onChange={(e) => {
          setEdited(true);
          onChange({ ...value, dataset: e.target.value });
        }}
      />
    </div>
  );
}
