"use client";
/**
 * Importing journey events from a CSV file: every row is checked first (columns, subject, lot or serial registered on
 * the chain, business step allowed for the acting company, time, location, quantity, and the EPCIS document it
 * makes), and problems are listed with their row numbers. Only a clean file is sent: one transaction per row, each
 * after its EPCIS document is stored in the vault, with progress; the first refusal stops the import, which then says
 * which rows were recorded.
 */
import { useState } from "react";
import type { Abi } from "viem";
import { usePublicClient } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Button, Notice, TxStatus } from "../components/ui.tsx";
import { describeLines, JOURNEY_COLUMNS, parseJourneyCsv, stepLabel } from "../lib/products.ts";
import type { JourneyRow, RowProblem } from "../lib/products.ts";
import type { EpcisObjectEvent } from "../lib/products-epcis.ts";
import { storeEpcis, subjectIdOf, VisibilityChoice } from "./journey-record.tsx";
import type { Visibility } from "./journey-record.tsx";
import { ProblemList } from "./product-common.tsx";
import type { ProductAccess } from "./product-common.tsx";

const TEMPLATE = [
  "subject,lot,serial,step,time,location,quantity,unit,disposition",
  "batch,LOT-1,,commissioning,2026-03-01T08:00:00+01:00,4012345000009,1000,H87,active",
  "batch,LOT-1,,shipping,2026-03-02T16:30:00+01:00,Warehouse 3,1000,H87,in_transit",
  "item,,SN-0001,retail_selling,2026-03-09T11:15:00+01:00,urn:epc:id:sgln:4012345.00001.0,,,retail_sold",
  "",
].join("\n");

type Checked = { file: string; rows: JourneyRow[]; events: EpcisObjectEvent[]; problems: RowProblem[] };

type Progress =
  | { phase: "idle" }
  | { phase: "sending"; done: number; total: number; line: number }
  | { phase: "stopped"; recorded: number[]; failedLine: number; notSent: number[]; reason: string }
  | { phase: "finished"; recorded: number[] };

export function ImportEvents({
  product,
  gtin14,
  access,
}: {
  product: `0x${string}`;
  gtin14: string;
  access: ProductAccess;
}) {
  const { Products } = useContracts();
  const session = useSession();
  const publicClient = usePublicClient();
  const tx = useTransaction();
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState<Checked | undefined>();
  const [visibility, setVisibility] = useState<Visibility>("restricted");
  const [progress, setProgress] = useState<Progress>({ phase: "idle" });

  const check = async (file: File) => {
    setChecking(true);
    setProgress({ phase: "idle" });
    tx.reset();
    try {
      const text = await file.text();
      const parsed = parseJourneyCsv(text, {
        company: access.company ?? "",
        isOwner: access.isOwner,
        roles: access.roles,
        now: new Date(),
      });
      const problems = [...parsed.problems];
      // Lots and items must be registered for the product now: one read per distinct subject.
      const subjects = new Map<string, { kind: 10 | 21; text: string; lines: number[] }>();
      for (const row of parsed.rows) {
        if (row.subject === "product") continue;
        const id = subjectIdOf(product, row);
        const entry = subjects.get(id) ?? {
          kind: row.subject === "batch" ? 10 : 21,
          text: (row.subject === "batch" ? row.lot : row.serial) ?? "",
          lines: [],
        };
        entry.lines.push(row.line);
        subjects.set(id, entry);
      }
      if (publicClient !== undefined) {
        await Promise.all(
          [...subjects.entries()].map(async ([id, entry]) => {
            const [record, live] = (await publicClient.readContract({
              address: Products.address,
              abi: Products.abi as Abi,
              functionName: "subjectOf",
              args: [product, id],
            })) as readonly [{ kind: number }, boolean];
            if (live && record.kind === entry.kind) return;
            const what = entry.kind === 10 ? `lot ${entry.text}` : `item ${entry.text}`;
            for (const line of entry.lines) {
              problems.push({
                line,
                message: `${what} is not registered for this product (the owner registers it first).`,
              });
            }
          }),
        );
      }
      // The EPCIS document of each row, built now so that a row the standard refuses is reported before anything is sent.
      const epcis = await import("../lib/products-epcis.ts");
      const events: EpcisObjectEvent[] = [];
      const rows: JourneyRow[] = [];
      for (const row of parsed.rows) {
        try {
          events.push(
            epcis.buildEvent(gtin14, {
              step: row.stepName,
              time: row.time,
              offset: row.offset,
              lot: row.lot,
              serial: row.serial,
              readPoint: row.location,
              quantity: row.quantity,
              disposition: row.disposition,
            }),
          );
          rows.push(row);
        } catch (error) {
          problems.push({ line: row.line, message: (error as Error).message });
        }
      }
      problems.sort((a, b) => a.line - b.line);
      setChecked({ file: file.name, rows, events, problems });
    } catch (error) {
      setChecked({ file: file.name, rows: [], events: [], problems: [{ line: 1, message: (error as Error).message }] });
    } finally {
      setChecking(false);
    }
  };

  const send = async () => {
    if (checked === undefined || access.company === undefined) return;
    const epcis = await import("../lib/products-epcis.ts");
    const total = checked.rows.length;
    const recorded: number[] = [];
    for (let i = 0; i < total; i++) {
      const row = checked.rows[i]!;
      const event = checked.events[i]!;
      setProgress({ phase: "sending", done: i, total, line: row.line });
      const notSent = checked.rows.slice(i).map((r) => r.line);
      try {
        const document = epcis.eventDocument(event);
        await storeEpcis(session.vaultFetch, access.company, product, document.bytes, visibility);
      } catch (error) {
        setProgress({ phase: "stopped", recorded, failedLine: row.line, notSent, reason: (error as Error).message });
        return;
      }
      const args = epcis.recordArgs(event);
      const receipt = await tx.run(
        {
          contract: "Products",
          functionName: "recordEvent",
          args: [product, subjectIdOf(product, row), args.step, args.eventTime, args.eventHash],
        },
        `Row ${row.line} (${i + 1} of ${total}): "${stepLabel(row.stepName)}"`,
      );
      if (receipt === undefined) {
        setProgress({
          phase: "stopped",
          recorded,
          failedLine: row.line,
          notSent,
          reason: "the transaction was refused or failed (the reason is shown below)",
        });
        return;
      }
      recorded.push(row.line);
    }
    setProgress({ phase: "finished", recorded });
  };

  const sending = progress.phase === "sending";
  const ready = checked !== undefined && checked.problems.length === 0 && checked.rows.length > 0;
  return (
    <div className="mt-4 rounded-md border border-slate-200 p-3">
      <h3 className="font-medium">Import events from a CSV file</h3>
      <p className="mt-1 text-sm text-slate-700">
        One event per row, after a header row naming the columns (any order; commas, semicolons or tabs). Every row is
        checked before anything is sent; then each row is recorded in its own transaction.
      </p>
      <table className="mt-2 text-left text-sm" aria-label="CSV columns">
        <thead>
          <tr className="text-slate-600">
            <th className="pr-3 font-medium">Column</th>
            <th className="pr-3 font-medium">Required</th>
            <th className="font-medium">What it holds</th>
          </tr>
        </thead>
        <tbody>
          {JOURNEY_COLUMNS.map((c) => (
            <tr key={c.name}>
              <td className="pr-3 font-mono">{c.name}</td>
              <td className="pr-3">{c.required ? "yes" : "no"}</td>
              <td>{c.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-sm">
        <a
          className="text-indigo-700 underline"
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`}
          download="journey-template.csv"
        >
          Download a template
        </a>
      </p>
      <div className="mt-3 text-sm">
        <label className="font-medium" htmlFor={`journey-file-${product}`}>
          CSV file of events
        </label>{" "}
        <input
          id={`journey-file-${product}`}
          type="file"
          accept=".csv,text/csv,text/plain"
          disabled={sending || checking}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file !== undefined) void check(file);
            event.target.value = "";
          }}
        />
      </div>
      {checking ? <Notice>Checking every row…</Notice> : null}
      {checked !== undefined && !checking ? (
        checked.problems.length > 0 ? (
          <ProblemList
            label={`${checked.file}: nothing was sent. Fix these rows and pick the file again.`}
            problems={checked.problems}
          />
        ) : checked.rows.length === 0 ? (
          <Notice tone="warning">{checked.file} holds no events.</Notice>
        ) : (
          <Notice tone="success">
            {checked.file}: all {checked.rows.length} rows are valid ({describeLines(checked.rows.map((r) => r.line))}).
          </Notice>
        )
      ) : null}
      {ready ? (
        <VisibilityChoice value={visibility} onChange={setVisibility} name={`import-visibility-${product}`} />
      ) : null}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button
          disabled={!ready || sending || tx.busy || access.eventProblem !== undefined || progress.phase === "finished"}
          onClick={() => void send()}
        >
          {ready ? `Record ${checked.rows.length} event${checked.rows.length === 1 ? "" : "s"}` : "Record events"}
        </Button>
      </div>
      {progress.phase === "sending" ? (
        <Notice>
          {progress.done} of {progress.total} recorded; now row {progress.line}.
        </Notice>
      ) : null}
      {progress.phase === "finished" ? (
        <Notice tone="success">
          {progress.recorded.length} of {progress.recorded.length} recorded ({describeLines(progress.recorded)}).
        </Notice>
      ) : null}
      {progress.phase === "stopped" ? (
        <Notice tone="error">
          Stopped at row {progress.failedLine}: {progress.reason}.{" "}
          {progress.recorded.length > 0 ? `Recorded: ${describeLines(progress.recorded)}.` : "No row was recorded."} Not
          recorded: {describeLines(progress.notSent)}. Remove the recorded rows from the file before importing the rest
          again.
        </Notice>
      ) : null}
      <TxStatus tx={tx} />
    </div>
  );
}
