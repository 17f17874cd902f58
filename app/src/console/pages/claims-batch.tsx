"use client";
/**
 * Batches of claims: issuing many claims of one topic at once (a table of subjects, or a CSV file, over values shared
 * by all), anchored as one Merkle root with a public manifest (Claims.issueBatch); and a batch's page, listing every
 * claim of its manifest with its status (confirmed with the chain's batchValidity view), revoking the batch or one of
 * its claims, and asking a verifier to attest it as a whole.
 */
import {
  buildClaimBatch,
  buildClaimDocument,
  canonicalClaimDocument,
  claimDocumentHash,
  ClaimDocumentError,
  claimFromDocument,
  claimId,
  claimManifestHash,
  getTopic,
  newClaimSalt,
  normalizeGtin,
  Permission,
  TOPICS,
  verifyClaimManifest,
} from "@constellate/sdk";
import type { Claim, ClaimBatch, ClaimManifest } from "@constellate/sdk";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { FormEvent } from "react";
import { isAddressEqual } from "viem";
import type { Address, Hex } from "viem";

import { useConsoleConfig } from "../components/config-context.tsx";
import { useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { useTransaction } from "../components/tx.tsx";
import {
  Button,
  EmptyState,
  Hash,
  Notice,
  PageTitle,
  Pager,
  Section,
  SelectField,
  TextArea,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import { batchClaimStatus, csvColumns, mergeRow, rowsFromCsv } from "../lib/claims-batch.ts";
import type { BatchRow } from "../lib/claims-batch.ts";
import { allFields, buildFormModel, FORM_PROBLEM, WINDOW_FROM, WINDOW_UNTIL } from "../lib/claims-form.ts";
import type { FieldProblems, FormState } from "../lib/claims-form.ts";
import {
  batchEvidenceScope,
  buildEvidenceIndex,
  claimBatchId,
  dayOf,
  sizeWords,
  topicTitle,
  vaultDocumentUrl,
  verifiersForValidity,
  withEvidenceIndex,
  withoutFragment,
} from "../lib/claims-status.ts";
import type { EvidenceFile } from "../lib/claims-status.ts";
import { AskVerifierSection, EvidenceSection } from "./claim-detail.tsx";
import { fileBytes, resolveSubject, SchemaForm, topicProblems, useClaimSubjects } from "./claim-form.tsx";
import type { ClaimableProduct, SubjectChoice } from "./claim-form.tsx";
import {
  BATCH_FIELDS,
  sha256Hex,
  StatusBadge,
  todayInput,
  uploadDocument,
  useBatchClaimValidity,
  useCheckCall,
  useNow,
  usePermissionProblem,
  verdictsOf,
} from "./claims-shared.tsx";
import type { BatchRowEntity } from "./claims-shared.tsx";

// ---------------------------------------------------------------------------------------------------------------------
// Issuing a batch
// ---------------------------------------------------------------------------------------------------------------------

interface TableRow {
  key: number;
  /** The CSV line it came from, if any. */
  line?: number;
  choice: SubjectChoice;
  validFrom?: string;
  validUntil?: string;
  values: FormState;
  /** A CSV subject that matched no product the company may claim about. */
  unmatched?: string;
}

let nextKey = 1;

function rowFromCsv(row: BatchRow, products: readonly ClaimableProduct[]): TableRow {
  const base = {
    key: nextKey++,
    line: row.line,
    values: row.values,
    ...(row.validFrom !== undefined ? { validFrom: row.validFrom } : {}),
    ...(row.validUntil !== undefined ? { validUntil: row.validUntil } : {}),
  };
  if (row.subject.kind === "company") {
    return { ...base, choice: { kind: "company", productId: "", lot: "", serial: "", constellation: "" } };
  }
  let gtin: string | undefined;
  try {
    gtin = normalizeGtin(row.subject.gtin ?? "");
  } catch {
    gtin = undefined;
  }
  const namespace = row.subject.namespace?.toLowerCase();
  const matches = products.filter(
    (p) =>
      p.gtin14 === gtin &&
      (namespace === undefined || namespace === ""
        ? p.namespace === undefined
        : p.namespace?.toLowerCase() === namespace),
  );
  const product = matches[0];
  return {
    ...base,
    choice: {
      kind: row.subject.kind,
      productId: product?.id ?? "",
      lot: row.subject.lot ?? "",
      serial: row.subject.serial ?? "",
      constellation: "",
    },
    ...(product === undefined
      ? {
          unmatched: `GTIN ${row.subject.gtin ?? "?"}${namespace !== undefined ? ` (registrant ${namespace})` : ""} is not a product you may claim about`,
        }
      : {}),
  };
}

/** Runs `work` over `items` with at most `limit` at a time; stops at the first failure. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (failed === undefined && next < items.length) {
      const i = next++;
      try {
        await work(items[i]!, i);
      } catch (error) {
        failed ??= error;
      }
    }
  });
  await Promise.all(runners);
  if (failed !== undefined) throw failed;
}

export function IssueBatchForm() {
  const session = useSession();
  const config = useConsoleConfig();
  const company = session.actingFor;
  const subjects = useClaimSubjects(company);
  const products = useMemo(() => subjects.products ?? [], [subjects.products]);
  const tx = useTransaction();
  const check = useCheckCall();
  const permission = usePermissionProblem(Permission.CLAIMS, "issue claims");

  const [topicName, setTopicName] = useState("");
  const [states, setStates] = useState<Record<string, FormState>>({});
  const [rows, setRows] = useState<TableRow[]>([]);
  const [companyConstellation, setCompanyConstellation] = useState("");
  const [validFrom, setValidFrom] = useState(todayInput);
  const [validUntil, setValidUntil] = useState("");
  const [csvText, setCsvText] = useState("");
  const [csvProblems, setCsvProblems] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [rowProblems, setRowProblems] = useState<string[]>([]);
  const [step, setStep] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [issued, setIssued] = useState<{ id: string; count: number } | undefined>();

  const topic = topicName === "" ? undefined : getTopic(topicName);
  const model = useMemo(() => (topic === undefined ? undefined : buildFormModel(topic.schema)), [topic]);
  const shared = topic === undefined ? {} : (states[topic.key] ?? {});
  const busy = step !== undefined || tx.busy;
  const blocker =
    permission ??
    (session.acting === undefined ? "Register your company first: only companies issue claims." : undefined);

  const onChange = (path: string, value: string | boolean | string[]) => {
    if (topic === undefined) return;
    setStates((s) => ({ ...s, [topic.key]: { ...(s[topic.key] ?? {}), [path]: value } }));
    setTouched((t) => new Set(t).add(path));
  };

  // Shared values: problems shown for fields typed in (all rows inherit them; a row's CSV values may fill the rest).
  const sharedChecked =
    topic !== undefined && model !== undefined
      ? topicProblems(topic, model, shared, { validFrom, validUntil })
      : undefined;
  const sharedShown: FieldProblems = {};
  for (const [path, message] of Object.entries(sharedChecked?.problems ?? {})) {
    if (touched.has(path) && message !== "Required.") sharedShown[path] = message;
  }

  function addRow() {
    const first = products[0];
    const kind = topic?.subjectKinds[0] ?? "product";
    setRows((r) => [
      ...r,
      {
        key: nextKey++,
        choice: { kind, productId: first?.id ?? "", lot: "", serial: "", constellation: "" },
        values: {},
      },
    ]);
  }

  function addEveryProduct() {
    setRows((r) => [
      ...r,
      ...products.map((p) => ({
        key: nextKey++,
        choice: { kind: "product" as const, productId: p.id, lot: "", serial: "", constellation: "" },
        values: {},
      })),
    ]);
  }

  function readCsv(text: string) {
    if (model === undefined) return;
    const { rows: read, problems } = rowsFromCsv(model, text);
    setCsvProblems(problems);
    if (problems.length === 0) setRows(read.map((r) => rowFromCsv(r, products)));
  }

  const template = model === undefined ? "" : `${csvColumns(model).join(",")}\n`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setIssued(undefined);
    setRowProblems([]);
    if (blocker !== undefined || topic === undefined || model === undefined || company === undefined) return;
    if (rows.length === 0) {
      setFailure("Add at least one row: a batch holds one claim per row.");
      return;
    }
    // Check every row before anything is built: subject, values (shared + own), window.
    const problems: string[] = [];
    const prepared: {
      row: TableRow;
      subject: Exclude<ReturnType<typeof resolveSubject>, { problem: string }>;
      values: Record<string, unknown>;
      from: string;
      until: string;
    }[] = [];
    rows.forEach((row, i) => {
      const where = row.line !== undefined ? `Row ${i + 1} (CSV line ${row.line})` : `Row ${i + 1}`;
      if (row.unmatched !== undefined) {
        problems.push(`${where}: ${row.unmatched}.`);
        return;
      }
      const choice =
        row.choice.kind === "company" ? { ...row.choice, constellation: companyConstellation } : row.choice;
      if (!topic.subjectKinds.includes(choice.kind)) {
        problems.push(`${where}: a ${topic.title.toLowerCase()} claim is not about a ${choice.kind}.`);
        return;
      }
      const subject = resolveSubject(choice, products, company);
      if ("problem" in subject) {
        problems.push(`${where}: ${subject.problem}`);
        return;
      }
      if (choice.kind === "batch") {
        const product = products.find((p) => p.id === choice.productId);
        if (product !== undefined && !product.lots.includes(choice.lot)) {
          problems.push(`${where}: lot ${choice.lot} is not a registered batch of GTIN ${product.gtin14}.`);
          return;
        }
      }
      const from = row.validFrom ?? validFrom;
      const until = row.validUntil ?? validUntil;
      const checked = topicProblems(topic, model, mergeRow(shared, row), { validFrom: from, validUntil: until });
      const own = Object.entries(checked.problems);
      if (own.length > 0) {
        const labels = new Map(allFields(model).map((f) => [f.path, f.label]));
        for (const [path, message] of own.slice(0, 3)) {
          const what =
            path === WINDOW_FROM
              ? "Valid from"
              : path === WINDOW_UNTIL
                ? "Valid until"
                : path === FORM_PROBLEM
                  ? ""
                  : (labels.get(path) ?? path);
          problems.push(`${where}: ${what !== "" ? `${what}: ` : ""}${message}`);
        }
        return;
      }
      prepared.push({ row, subject, values: checked.values, from, until });
    });
    const constellations = new Set(prepared.map((p) => p.subject.constellation));
    if (constellations.size > 1) {
      problems.push(
        `The rows are about products of ${constellations.size} constellations (${[...constellations].map((c) => `#${c}`).join(", ")}); a batch's claims are all judged in one constellation: issue one batch per constellation.`,
      );
    }
    if (problems.length > 0) {
      setRowProblems(problems);
      setFailure(
        `${problems.length} problem${problems.length === 1 ? "" : "s"} in the rows (listed above); nothing was sent.`,
      );
      return;
    }
    try {
      setStep(`Building ${prepared.length} claim documents (each with its own salt)…`);
      const docs: { canonical: string; claim: Claim }[] = [];
      for (const p of prepared) {
        let doc;
        try {
          doc = buildClaimDocument({
            topic,
            subject: p.subject.subject,
            issuer: company,
            values: p.values,
            validFrom: `${p.from}T00:00:00Z`,
            ...(p.until !== "" ? { validUntil: `${p.until}T00:00:00Z` } : {}),
            salt: newClaimSalt(),
          });
        } catch (error) {
          if (error instanceof ClaimDocumentError) {
            setFailure(`A claim document is not valid: ${error.issues.map((i) => i.message).join("; ")}`);
            return;
          }
          throw error;
        }
        const hash = claimDocumentHash(doc);
        const claim = claimFromDocument(doc, {
          documentURI: vaultDocumentUrl(config.vaultOrigin, company, hash),
          constellation: p.subject.constellation,
        });
        docs.push({ canonical: canonicalClaimDocument(doc), claim });
      }
      let batch: ClaimBatch;
      try {
        batch = buildClaimBatch(docs.map((d) => d.claim));
      } catch (error) {
        setFailure(`The batch cannot be built: ${(error as Error).message}`);
        return;
      }
      const manifestText = canonicalClaimDocument(batch.manifest);
      const batchId = claimBatchId(company, batch.root);

      setStep("Hashing the evidence files…");
      const evidence: { bytes: Uint8Array; entry: EvidenceFile }[] = [];
      for (const file of files) {
        const bytes = await fileBytes(file);
        evidence.push({
          bytes,
          entry: {
            name: file.name,
            contentType: file.type || "application/octet-stream",
            size: bytes.byteLength,
            sha256: (await sha256Hex(bytes)).slice(2),
          },
        });
      }
      const index =
        evidence.length === 0
          ? undefined
          : buildEvidenceIndex(
              evidence.map((e) => e.entry),
              newClaimSalt(),
            );
      const indexBytes = index === undefined ? undefined : new TextEncoder().encode(canonicalClaimDocument(index));
      const indexHash = indexBytes === undefined ? undefined : (await sha256Hex(indexBytes)).slice(2);
      const manifestURI = withEvidenceIndex(
        vaultDocumentUrl(config.vaultOrigin, company, batch.manifestHash),
        indexHash,
      );
      const args = [
        batch.root,
        batch.count,
        batch.topic,
        batch.constellation,
        batch.manifestHash,
        manifestURI,
      ] as const;

      setStep("Checking with the contract…");
      const refusal = await check("Claims", "issueBatch", args);
      if (refusal !== undefined) {
        setFailure(`The contract would refuse this batch: ${refusal} Nothing was stored or sent.`);
        return;
      }

      let stored = 0;
      setStep(`Storing the claim documents in the vault (public): 0 of ${docs.length}…`);
      await pool(docs, 4, async (d) => {
        await uploadDocument(session.vaultFetch, {
          owner: company,
          bytes: new TextEncoder().encode(d.canonical),
          contentType: "application/json",
          visibility: "public",
        });
        stored++;
        setStep(`Storing the claim documents in the vault (public): ${stored} of ${docs.length}…`);
      });
      setStep("Storing the batch manifest in the vault (public)…");
      await uploadDocument(session.vaultFetch, {
        owner: company,
        bytes: new TextEncoder().encode(manifestText),
        contentType: "application/json",
        visibility: "public",
      });
      if (indexBytes !== undefined) {
        const scope = batchEvidenceScope(batchId);
        for (const [i, e] of evidence.entries()) {
          setStep(`Storing evidence file ${i + 1} of ${evidence.length} (restricted)…`);
          await uploadDocument(session.vaultFetch, {
            owner: company,
            bytes: e.bytes,
            contentType: e.entry.contentType,
            visibility: "restricted",
            scope,
          });
        }
        await uploadDocument(session.vaultFetch, {
          owner: company,
          bytes: indexBytes,
          contentType: "application/json",
          visibility: "restricted",
          scope,
        });
      }
      setStep(undefined);
      const receipt = await tx.run(
        { contract: "Claims", functionName: "issueBatch", args: [...args] },
        `Issue a batch of ${batch.count} claims`,
      );
      if (receipt !== undefined) {
        setIssued({ id: batchId, count: batch.count });
        setFiles([]);
      }
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setStep(undefined);
    }
  }

  const hasCompanyRows = rows.some((r) => r.choice.kind === "company");

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Issue a batch of claims">
      <p className="text-sm text-slate-700">
        One transaction anchors every claim of the batch as a Merkle root; a public manifest lists them all, so pages
        and verifiers see each claim. All claims of a batch share a topic and the constellation whose verifiers judge
        them.
      </p>
      <SelectField
        label="Batch topic"
        value={topicName}
        onChange={(e) => {
          setTopicName(e.target.value);
          setCsvProblems([]);
        }}
      >
        <option value="">Choose a topic…</option>
        {TOPICS.map((t) => (
          <option key={t.key} value={t.key}>
            {t.title}
          </option>
        ))}
      </SelectField>

      {topic === undefined || model === undefined ? null : (
        <>
          <h3 className="mt-5 text-base font-semibold">Values shared by every claim</h3>
          <p className="text-sm text-slate-600">
            Fill in what every claim of the batch says; a CSV column for a field gives each row its own value instead.
          </p>
          <SchemaForm model={model} state={shared} onChange={onChange} problems={sharedShown} idPrefix="batch" />

          <h3 className="mt-5 text-base font-semibold">Validity of every claim</h3>
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TextField
              label="Batch valid from"
              type="date"
              value={validFrom}
              onChange={(e) => setValidFrom(e.target.value)}
              hint="00:00 UTC; a CSV column validFrom overrides it per row."
            />
            <TextField
              label="Batch valid until"
              type="date"
              value={validUntil}
              onChange={(e) => setValidUntil(e.target.value)}
              hint="Exclusive; empty: no end."
            />
          </div>

          <h3 className="mt-5 text-base font-semibold">Claims ({rows.length})</h3>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              variant="secondary"
              onClick={addRow}
              disabled={products.length === 0 && !topic.subjectKinds.includes("company")}
            >
              Add a row
            </Button>
            <Button variant="secondary" onClick={addEveryProduct} disabled={products.length === 0}>
              Add a row per product
            </Button>
            {rows.length > 0 ? (
              <Button variant="secondary" onClick={() => setRows([])}>
                Remove every row
              </Button>
            ) : null}
          </div>
          <details className="mt-3">
            <summary className="cursor-pointer text-sm text-indigo-700">From a CSV file</summary>
            <p className="mt-2 text-xs text-slate-600">
              A header row, then one claim per row. Columns:{" "}
              <code className="break-all">{csvColumns(model).join(", ")}</code>. kind is product, batch, item or company
              (default product); lists take items separated by “;”; empty cells keep the shared values.{" "}
              <a
                className="underline"
                download={`${topic.name}-batch.csv`}
                href={`data:text/csv;charset=utf-8,${encodeURIComponent(template)}`}
              >
                Download a template
              </a>
            </p>
            <div className="mt-2">
              <label htmlFor="batch-csv-file" className="block text-sm font-medium">
                CSV file
              </label>
              <input
                id="batch-csv-file"
                type="file"
                accept=".csv,text/csv"
                className="mt-1 text-sm"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file !== undefined)
                    void file.text().then((text) => {
                      setCsvText(text);
                      readCsv(text);
                    });
                }}
              />
            </div>
            <TextArea label="Or paste the CSV" rows={5} value={csvText} onChange={(e) => setCsvText(e.target.value)} />
            <Button
              variant="secondary"
              className="mt-2"
              onClick={() => readCsv(csvText)}
              disabled={csvText.trim() === ""}
            >
              Read the CSV
            </Button>
            {csvProblems.length > 0 ? (
              <div
                role="alert"
                className="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
              >
                The CSV was not read:
                <ul className="list-disc pl-5">
                  {csvProblems.slice(0, 20).map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </details>

          {hasCompanyRows ? (
            <SelectField
              label="Constellation whose verifiers judge the company claims"
              value={companyConstellation}
              onChange={(e) => setCompanyConstellation(e.target.value)}
            >
              <option value="">Choose…</option>
              {(subjects.constellations ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  #{c.id} {c.name}
                </option>
              ))}
            </SelectField>
          ) : null}

          {rows.length === 0 ? (
            <div className="mt-3">
              <EmptyState title="No claim in the batch yet.">
                Add rows (one claim each: a product, a batch or an item of it), or read a CSV file.
              </EmptyState>
            </div>
          ) : (
            <BatchTable rows={rows} setRows={setRows} products={products} kinds={topic.subjectKinds} />
          )}

          <div className="mt-4">
            <label htmlFor="batch-evidence" className="block text-sm font-medium">
              Evidence files for the whole batch (restricted)
            </label>
            <input
              id="batch-evidence"
              type="file"
              multiple
              className="mt-1 text-sm"
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
            {files.length > 0 ? (
              <p className="mt-1 text-xs text-slate-600">
                {files.map((f) => `${f.name} (${sizeWords(f.size)})`).join(", ")}
              </p>
            ) : null}
          </div>
        </>
      )}

      {rowProblems.length > 0 ? (
        <div role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <ul className="list-disc pl-5">
            {rowProblems.slice(0, 30).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {rowProblems.length > 30 ? <p>…and {rowProblems.length - 30} more.</p> : null}
        </div>
      ) : null}
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy || blocker !== undefined || topic === undefined || rows.length === 0}>
          {rows.length === 0
            ? "Issue the batch"
            : `Issue ${rows.length} claim${rows.length === 1 ? "" : "s"} as a batch`}
        </Button>
        {blocker !== undefined ? <span className="text-sm text-slate-700">{blocker}</span> : null}
      </div>
      {step !== undefined ? <Notice>{step}</Notice> : null}
      {failure !== undefined ? <Notice tone="error">{failure}</Notice> : null}
      <TxStatus tx={tx} />
      {issued !== undefined ? (
        <Notice tone="success">
          Batch of {issued.count} claims issued.{" "}
          <Link className="underline" href={`/console/claims/batches/${issued.id}`}>
            Open the batch
          </Link>{" "}
          to see every claim with its status.
        </Notice>
      ) : null}
    </form>
  );
}

const ROW_KIND_WORDS = { product: "Product", batch: "Batch", item: "Item", company: "My company" } as const;

function BatchTable({
  rows,
  setRows,
  products,
  kinds,
}: {
  rows: TableRow[];
  setRows: (update: (rows: TableRow[]) => TableRow[]) => void;
  products: readonly ClaimableProduct[];
  kinds: readonly SubjectChoice["kind"][];
}) {
  const [page, setPage] = useState(0);
  const size = 50;
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(page, pages - 1);
  const update = (key: number, change: Partial<SubjectChoice>) =>
    setRows((rs) =>
      rs.map((r) =>
        r.key === key ? ({ ...r, choice: { ...r.choice, ...change }, unmatched: undefined } as TableRow) : r,
      ),
    );
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">The claims of the batch, one per row</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600">
          <tr>
            <th className="py-1 pr-2">#</th>
            <th className="py-1 pr-2">Kind</th>
            <th className="py-1 pr-2">Product</th>
            <th className="py-1 pr-2">Lot or serial</th>
            <th className="py-1 pr-2">Own values</th>
            <th className="py-1">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(current * size, current * size + size).map((row, i) => {
            const n = current * size + i + 1;
            const product = products.find((p) => p.id === row.choice.productId);
            return (
              <tr key={row.key} className="border-b border-slate-100 align-top">
                <td className="py-1 pr-2">{n}</td>
                <td className="py-1 pr-2">
                  <select
                    aria-label={`Row ${n} kind`}
                    className="rounded border border-slate-300 px-1 py-0.5"
                    value={row.choice.kind}
                    onChange={(e) => update(row.key, { kind: e.target.value as SubjectChoice["kind"] })}
                  >
                    {kinds.map((k) => (
                      <option key={k} value={k}>
                        {ROW_KIND_WORDS[k]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="py-1 pr-2">
                  {row.choice.kind === "company" ? (
                    <span className="text-slate-600">—</span>
                  ) : (
                    <select
                      aria-label={`Row ${n} product`}
                      className="max-w-xs rounded border border-slate-300 px-1 py-0.5"
                      value={row.choice.productId}
                      onChange={(e) => update(row.key, { productId: e.target.value })}
                    >
                      <option value="">Choose…</option>
                      {products.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.label}
                        </option>
                      ))}
                    </select>
                  )}
                  {row.unmatched !== undefined ? <p className="text-xs text-red-700">{row.unmatched}</p> : null}
                </td>
                <td className="py-1 pr-2">
                  {row.choice.kind === "batch" || row.choice.kind === "item" ? (
                    <>
                      <input
                        aria-label={`Row ${n} ${row.choice.kind === "batch" ? "lot" : "serial"}`}
                        className="w-32 rounded border border-slate-300 px-1 py-0.5"
                        list={row.choice.kind === "batch" && product !== undefined ? `lots-${product.id}` : undefined}
                        value={row.choice.kind === "batch" ? row.choice.lot : row.choice.serial}
                        onChange={(e) =>
                          update(
                            row.key,
                            row.choice.kind === "batch" ? { lot: e.target.value } : { serial: e.target.value },
                          )
                        }
                      />
                      {row.choice.kind === "batch" && product !== undefined ? (
                        <datalist id={`lots-${product.id}`}>
                          {product.lots.map((lot) => (
                            <option key={lot} value={lot} />
                          ))}
                        </datalist>
                      ) : null}
                    </>
                  ) : (
                    <span className="text-slate-600">—</span>
                  )}
                </td>
                <td className="py-1 pr-2 text-xs text-slate-600">
                  {Object.keys(row.values).length === 0 ? "shared" : `${Object.keys(row.values).length} from the CSV`}
                  {row.validFrom !== undefined || row.validUntil !== undefined ? ", own window" : ""}
                </td>
                <td className="py-1">
                  <Button
                    variant="link"
                    aria-label={`Remove row ${n}`}
                    onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 ? (
        <Pager
          page={current}
          hasNext={current < pages - 1}
          onPrevious={() => setPage(current - 1)}
          onNext={() => setPage(current + 1)}
        />
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// A batch's page
// ---------------------------------------------------------------------------------------------------------------------

const BATCH_QUERY = `query ClaimBatch($id: ID!) {
  claimBatch(id: $id) {
    ${BATCH_FIELDS}
    revokedClaims(first: 1000) { id claimId blockTimestamp }
  }
}`;

const SUBJECT_NAMES = `query BatchSubjects($ids: [Bytes!]!) {
  products(where: { id_in: $ids }, first: 1000) { id gtin14 brand }
  batches(where: { id_in: $ids }, first: 1000) { id lot product { gtin14 } }
  items(where: { id_in: $ids }, first: 1000) { id serial product { gtin14 } }
}`;

interface BatchEntity extends BatchRowEntity {
  revokedClaims: { id: string; claimId: string; blockTimestamp: string }[];
}

interface SubjectNames {
  products: { id: string; gtin14: string; brand: boolean }[];
  batches: { id: string; lot: string; product: { gtin14: string } }[];
  items: { id: string; serial: string; product: { gtin14: string } }[];
}

/** Fetches a batch's manifest (this console's vault first, then its URI) and checks it against the chain's record. */
export function useManifest(batch: BatchRowEntity | undefined) {
  const { vaultOrigin } = useConsoleConfig();
  const [state, setState] = useState<{
    key?: string;
    loading: boolean;
    manifest?: ClaimManifest;
    built?: ClaimBatch;
    problem?: string;
    source?: string;
  }>({ loading: false });
  const key = batch?.id;
  useEffect(() => {
    if (batch === undefined) return;
    let cancelled = false;
    setState({ key: batch.id, loading: true });
    void (async () => {
      const sources = [vaultDocumentUrl(vaultOrigin, batch.issuer.id, batch.manifestHash)];
      const uri = withoutFragment(batch.manifestURI);
      if (/^https?:\/\//i.test(uri) && !sources.includes(uri)) sources.push(uri);
      const failures: string[] = [];
      for (const source of sources) {
        try {
          const response = await fetch(source, { credentials: "omit", cache: "force-cache" });
          if (!response.ok) {
            failures.push(`${source} answered HTTP ${response.status}`);
            continue;
          }
          const manifest = (await response.json()) as ClaimManifest;
          if (claimManifestHash(manifest) !== batch.manifestHash.toLowerCase()) {
            if (!cancelled)
              setState({
                key: batch.id,
                loading: false,
                source,
                problem: "The manifest does not match the hash on chain: it was changed, or it is another batch's.",
              });
            return;
          }
          const built = verifyClaimManifest(manifest);
          if (built.root !== batch.root.toLowerCase()) {
            if (!cancelled)
              setState({
                key: batch.id,
                loading: false,
                source,
                problem: "The manifest's claims do not make the batch's root.",
              });
            return;
          }
          if (!cancelled) setState({ key: batch.id, loading: false, manifest, built, source });
          return;
        } catch (error) {
          failures.push(`${source}: ${(error as Error).message}`);
        }
      }
      const problem = `The manifest could not be fetched: ${failures.join("; ")}.`;
      if (!cancelled) setState({ key: batch.id, loading: false, problem });
    })();
    return () => {
      cancelled = true;
    };
    // Keyed by the batch id: the same batch is not fetched again when its entity object changes.
  }, [key, vaultOrigin]);
  return state.key === key ? state : { loading: batch !== undefined };
}

export function ClaimBatchPage({ id }: { id: string }) {
  const session = useSession();
  const valid = /^0x[0-9a-fA-F]{64}$/.test(id);
  const { data, error, isLoading } = useGraph<{ claimBatch: BatchEntity | null }>(
    ["claim-batch", id],
    BATCH_QUERY,
    { id: id.toLowerCase() },
    { enabled: valid },
  );
  const batch = data?.claimBatch ?? undefined;
  const isIssuer =
    batch !== undefined &&
    session.actingFor !== undefined &&
    isAddressEqual(batch.issuer.id as Address, session.actingFor);
  return (
    <div>
      <p className="text-sm">
        <Link className="text-indigo-700 underline" href="/console/claims">
          ← All claims
        </Link>
      </p>
      <PageTitle>
        {batch !== undefined
          ? `Batch of ${batch.count} ${topicTitle(batch.topic).toLowerCase()} claims`
          : "Batch of claims"}
      </PageTitle>
      <SignedIn>
        {!valid ? <Notice tone="error">“{id}” is not a batch id (0x and 64 hex digits).</Notice> : null}
        {error !== null ? <Notice tone="error">{error.message}</Notice> : null}
        {valid && !isLoading && data !== undefined && data.claimBatch === null ? (
          <EmptyState title="The indexer knows no batch with this id.">
            If it was issued a moment ago, the indexer may still be catching up; reload in a few seconds.
          </EmptyState>
        ) : null}
        {batch !== undefined ? <BatchBody batch={batch} role={isIssuer ? "issuer" : "reader"} /> : null}
      </SignedIn>
    </div>
  );
}

/** A batch's summary, manifest check and claims; `role` "issuer" adds revocation, "verifier" the verifier's view. */
export function BatchBody({ batch, role }: { batch: BatchEntity; role: "issuer" | "verifier" | "reader" }) {
  const manifest = useManifest(batch);
  const now = useNow();
  const revokeTx = useTransaction();
  const [confirming, setConfirming] = useState(false);
  const permission = usePermissionProblem(Permission.CLAIMS, "revoke claims");
  const live = verdictsOf(batch.attestations).filter(
    (v) => v.verdict === "Attested" && (v.expiresAt === null || v.expiresAt === undefined || v.expiresAt > now),
  );
  return (
    <>
      <Section title="The batch">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="font-medium">Topic</dt>
          <dd>{topicTitle(batch.topic)}</dd>
          <dt className="font-medium">Issuer</dt>
          <dd>
            {batch.issuer.name ?? "An unregistered account"} <Hash value={batch.issuer.id} />
          </dd>
          <dt className="font-medium">Verifiers from</dt>
          <dd>
            #{batch.constellation.id} {batch.constellation.name}
          </dd>
          <dt className="font-medium">Claims</dt>
          <dd>
            {batch.count}
            {batch.revokedClaimCount > 0 ? `, of which ${batch.revokedClaimCount} revoked one by one` : ""}
          </dd>
          <dt className="font-medium">Issued</dt>
          <dd>{dayOf(BigInt(batch.issuedAt))}</dd>
          <dt className="font-medium">State</dt>
          <dd>
            {batch.revoked
              ? `Revoked as a whole${batch.revokedAt !== null ? ` on ${dayOf(BigInt(batch.revokedAt))}` : ""}`
              : live.length > 0
                ? `Attested as a whole by ${live.map((v) => v.verifierName ?? v.verifier).join(", ")}`
                : "Awaiting verification"}
          </dd>
          <dt className="font-medium">Merkle root</dt>
          <dd>
            <Hash value={batch.root} chars={10} />
          </dd>
          <dt className="font-medium">Manifest</dt>
          <dd>
            {manifest.loading ? (
              "Fetching and checking…"
            ) : manifest.problem !== undefined ? (
              <span role="alert" className="text-red-800">
                Warning: {manifest.problem}
              </span>
            ) : (
              <span className="text-emerald-800" data-testid="manifest-check">
                Matches the hash on chain; its {manifest.built?.count} claims make the batch&apos;s root (checked in
                this browser).
              </span>
            )}
          </dd>
        </dl>
      </Section>
      {manifest.built !== undefined ? <BatchClaims batch={batch} built={manifest.built} role={role} /> : null}
      {role === "issuer" ? (
        <>
          <EvidenceSection
            claim={{
              issuer: batch.issuer.id as Address,
              product: `0x${"0".repeat(64)}` as Hex,
              documentURI: batch.manifestURI,
            }}
            id={batch.id}
            reader="issuer"
            scope={batchEvidenceScope(batch.id)}
          />
          <AskVerifierSection
            target={{
              issuer: batch.issuer.id,
              constellation: batch.constellation,
              topic: batch.topic,
              scope: batchEvidenceScope(batch.id),
              revoked: batch.revoked,
              what: "batch",
            }}
          />
          <Section title="Revoke the whole batch">
            <p className="text-sm text-slate-700">
              Every claim of the batch stops being valid from now on. To withdraw one claim only, use its “Revoke”
              button in the list above.
            </p>
            {confirming ? (
              <div className="mt-3 flex gap-2">
                <Button
                  variant="danger"
                  disabled={revokeTx.busy || permission !== undefined}
                  onClick={() =>
                    void revokeTx
                      .run(
                        { contract: "Claims", functionName: "revokeBatch", args: [batch.root as Hex] },
                        "Revoke the batch",
                      )
                      .then(() => setConfirming(false))
                  }
                >
                  Yes, revoke all {batch.count} claims
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(false)}>
                  Keep them
                </Button>
              </div>
            ) : (
              <div className="mt-3 flex flex-wrap items-center gap-3">
                <Button
                  variant="danger"
                  disabled={batch.revoked || permission !== undefined}
                  onClick={() => setConfirming(true)}
                >
                  Revoke the batch
                </Button>
                {batch.revoked ? <span className="text-sm">The batch is revoked already.</span> : null}
                {permission !== undefined ? <span className="text-sm">{permission}</span> : null}
              </div>
            )}
            <TxStatus tx={revokeTx} />
          </Section>
        </>
      ) : null}
    </>
  );
}

const BATCH_PAGE = 100;

function BatchClaims({
  batch,
  built,
  role,
}: {
  batch: BatchEntity;
  built: ClaimBatch;
  role: "issuer" | "verifier" | "reader";
}) {
  const [page, setPage] = useState(0);
  const revokeTx = useTransaction();
  const permission = usePermissionProblem(Permission.CLAIMS, "revoke claims");
  const pages = Math.max(1, Math.ceil(built.claims.length / BATCH_PAGE));
  const shown = built.claims.slice(page * BATCH_PAGE, page * BATCH_PAGE + BATCH_PAGE);
  const subjectIds = [...new Set(shown.map((c) => c.subject.toLowerCase()))];
  const names = useGraph<SubjectNames>(
    ["batch-subjects", batch.id, page],
    SUBJECT_NAMES,
    { ids: subjectIds },
    { enabled: subjectIds.length > 0 },
  );
  const words = (c: Claim): string => {
    const s = c.subject.toLowerCase();
    const d = names.data;
    const product = d?.products.find((p) => p.id === s);
    if (product !== undefined) return `Product GTIN ${product.gtin14}`;
    const b = d?.batches.find((x) => x.id === s);
    if (b !== undefined) return `Batch ${b.lot} of GTIN ${b.product.gtin14}`;
    const item = d?.items.find((x) => x.id === s);
    if (item !== undefined) return `Item ${item.serial} of GTIN ${item.product.gtin14}`;
    if (BigInt(c.product) === 0n) return `${batch.issuer.name ?? "The issuer"} (the company itself)`;
    return `Subject ${s.slice(0, 10)}…`;
  };
  const revoked = new Map(batch.revokedClaims.map((r) => [r.claimId.toLowerCase(), BigInt(r.blockTimestamp)]));
  const verifiers = verifiersForValidity(batch.attestations.map((a) => ({ verifier: a.verifier.id })));
  return (
    <Section title={`Claims of the batch (${built.claims.length})`}>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="batch-claims">
          <caption className="sr-only">Every claim of the batch, with its status confirmed on the chain</caption>
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-600">
            <tr>
              <th className="py-1 pr-2">#</th>
              <th className="py-1 pr-2">Subject</th>
              <th className="py-1 pr-2">Valid</th>
              <th className="py-1 pr-2">Status</th>
              <th className="py-1 pr-2">Claim id</th>
              {role === "issuer" ? (
                <th className="py-1">
                  <span className="sr-only">Revoke</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((claim, i) => (
              <BatchClaimRow
                key={claimId(claim)}
                n={page * BATCH_PAGE + i + 1}
                claim={claim}
                batch={batch}
                built={built}
                subject={words(claim)}
                revokedAt={revoked.get(claimId(claim))}
                verifiers={verifiers}
                onRevoke={
                  role === "issuer"
                    ? (id) =>
                        void revokeTx.run(
                          { contract: "Claims", functionName: "revokeBatchClaim", args: [batch.root as Hex, id] },
                          "Revoke one claim of the batch",
                        )
                    : undefined
                }
                busy={revokeTx.busy || permission !== undefined || batch.revoked}
              />
            ))}
          </tbody>
        </table>
      </div>
      <TxStatus tx={revokeTx} />
      {pages > 1 ? (
        <Pager
          page={page}
          hasNext={page < pages - 1}
          onPrevious={() => setPage(page - 1)}
          onNext={() => setPage(page + 1)}
        />
      ) : null}
    </Section>
  );
}

function BatchClaimRow({
  n,
  claim,
  batch,
  built,
  subject,
  revokedAt,
  verifiers,
  onRevoke,
  busy,
}: {
  n: number;
  claim: Claim;
  batch: BatchEntity;
  built: ClaimBatch;
  subject: string;
  revokedAt: bigint | undefined;
  verifiers: `0x${string}`[];
  onRevoke: ((id: Hex) => void) | undefined;
  busy: boolean;
}) {
  const now = useNow();
  const id = claimId(claim);
  const proof = useMemo(() => built.proofFor(id), [built, id]);
  const { validity } = useBatchClaimValidity(claim, batch.root as Hex, proof, verifiers);
  const status = batchClaimStatus(
    {
      batchRevoked: batch.revoked,
      batchRevokedAt: batch.revokedAt === null ? null : BigInt(batch.revokedAt),
      claimRevoked: revokedAt !== undefined,
      claimRevokedAt: revokedAt ?? null,
      validFrom: claim.validFrom,
      validUntil: claim.validUntil,
      issuedAt: BigInt(batch.issuedAt),
      issuerCompromisedSince: batch.issuer.compromisedSince === null ? null : BigInt(batch.issuer.compromisedSince),
      verdicts: verdictsOf(batch.attestations),
      now,
    },
    validity,
  );
  return (
    <tr className="border-b border-slate-100 align-top" data-claim={id}>
      <td className="py-1 pr-2">{n}</td>
      <td className="py-1 pr-2">{subject}</td>
      <td className="py-1 pr-2 whitespace-nowrap">
        {dayOf(claim.validFrom)} – {claim.validUntil === 0n ? "no end" : dayOf(claim.validUntil)}
      </td>
      <td className="py-1 pr-2">
        <StatusBadge status={status} />
      </td>
      <td className="py-1 pr-2">
        <Hash value={id} />
      </td>
      {onRevoke !== undefined ? (
        <td className="py-1">
          <Button
            variant="link"
            disabled={busy || status.kind === "revoked"}
            aria-label={`Revoke claim ${n} of the batch`}
            onClick={() => onRevoke(id)}
          >
            Revoke
          </Button>
        </td>
      ) : null}
    </tr>
  );
}
