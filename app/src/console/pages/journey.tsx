"use client";
/**
 * A product's journey: the events recorded on it, its lots and its items (from the indexer, in the order they
 * happened, paged), with their corrections; and, for its owner and actors, the forms to record an event, to correct
 * one with an EPCIS error declaration, and to import events from a CSV file.
 */
import { useState } from "react";
import type { Address } from "viem";

import { useGraph } from "../components/hooks.tsx";
import { Badge, Button, EmptyState, Hash, Notice, Section, TxLink } from "../components/ui.tsx";
import { stepByNumber, stepLabel } from "../lib/products.ts";
import { CorrectEvent } from "./journey-correct.tsx";
import { ImportEvents } from "./journey-import.tsx";
import { RecordEvent } from "./journey-record.tsx";
import { same, Time } from "./product-common.tsx";
import type { ProductAccess } from "./product-common.tsx";

const EVENT_FIELDS = `id subject subjectKind batch { lot } item { serial }
  recorder { id name compromisedSince } step eventTime eventHash transactionHash blockTimestamp
  correctionOf { id corrects qualifies }
  corrections { id qualifies corrector { id name } correctiveEvent { id eventHash } }`;

const FIRST_PAGE = `query Journey($product: String!, $first: Int!) {
  journeyEvents(where: { product: $product }, orderBy: eventTime, orderDirection: asc, first: $first) {
    ${EVENT_FIELDS}
  }
}`;

const NEXT_PAGE = `query JourneyAfter($product: String!, $first: Int!, $time: BigInt!, $after: Bytes!) {
  journeyEvents(
    where: { and: [{ product: $product }, { or: [{ eventTime_gt: $time }, { eventTime: $time, id_gt: $after }] }] }
    orderBy: eventTime
    orderDirection: asc
    first: $first
  ) {
    ${EVENT_FIELDS}
  }
}`;

export interface JourneyEventRow {
  id: string;
  subject: string;
  subjectKind: "Product" | "Batch" | "Item" | "Company";
  batch: { lot: string } | null;
  item: { serial: string } | null;
  recorder: { id: string; name: string | null; compromisedSince: string | null };
  step: number;
  eventTime: string;
  eventHash: string;
  transactionHash: string;
  blockTimestamp: string;
  correctionOf: { id: string; corrects: string; qualifies: boolean } | null;
  corrections: {
    id: string;
    qualifies: boolean;
    corrector: { id: string; name: string | null };
    correctiveEvent: { id: string; eventHash: string };
  }[];
}

const PAGE_SIZE = 20;

/** Journey events in the order they happened, with a (time, id) cursor. */
function useJourneyPages(product: string) {
  const [cursors, setCursors] = useState<{ time: string; id: string }[]>([]);
  const cursor = cursors.at(-1);
  const result = useGraph<{ journeyEvents: JourneyEventRow[] }>(
    ["journey", product, "page"],
    cursor === undefined ? FIRST_PAGE : NEXT_PAGE,
    cursor === undefined
      ? { product, first: PAGE_SIZE + 1 }
      : { product, first: PAGE_SIZE + 1, time: cursor.time, after: cursor.id },
  );
  const rows = result.data?.journeyEvents;
  const visible = rows?.slice(0, PAGE_SIZE);
  return {
    rows: visible,
    error: result.error,
    page: cursors.length,
    hasNext: rows !== undefined && rows.length > PAGE_SIZE,
    next: () => {
      const last = visible?.at(-1);
      if (last !== undefined) setCursors((c) => [...c, { time: last.eventTime, id: last.id }]);
    },
    previous: () => setCursors((c) => c.slice(0, -1)),
  };
}

function subjectText(e: JourneyEventRow): string {
  if (e.subjectKind === "Batch") return `lot ${e.batch?.lot ?? "?"}`;
  if (e.subjectKind === "Item") return `item ${e.item?.serial ?? "?"}`;
  return "the product";
}

export function Journey({
  id,
  gtin14,
  access,
  owner,
}: {
  id: `0x${string}`;
  gtin14: string;
  access: ProductAccess;
  owner: Address;
}) {
  const pages = useJourneyPages(id);
  const [correcting, setCorrecting] = useState<JourneyEventRow | undefined>();
  const [tab, setTab] = useState<"record" | "import">("record");
  const canWrite = access.eventProblem === undefined;
  return (
    <Section title="Journey">
      <p className="text-sm text-slate-700">
        Each event is an EPCIS 2.0 document kept in its recorder&apos;s vault; the chain holds its business step, time
        and hash, so anyone given the document can check it was not changed.
      </p>
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="mt-2 text-sm text-slate-600">Loading the journey…</p>
      ) : pages.rows.length === 0 && pages.page === 0 ? (
        <div className="mt-2">
          <EmptyState title="No journey events yet.">
            {canWrite
              ? "Record the first one below (for example commissioning at the factory), or import them from a CSV file."
              : "The owner and the actors it designates record them."}
          </EmptyState>
        </div>
      ) : (
        <table className="mt-2 w-full text-left text-sm" aria-label="Journey events">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="py-1 pr-3 font-medium">When</th>
              <th className="py-1 pr-3 font-medium">Step</th>
              <th className="py-1 pr-3 font-medium">Subject</th>
              <th className="py-1 pr-3 font-medium">Recorded by</th>
              <th className="py-1 pr-3 font-medium">Event hash</th>
              <th className="py-1 pr-3 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((e) => {
              const corrected = e.corrections.filter((c) => c.qualifies);
              const voided =
                e.recorder.compromisedSince !== null && BigInt(e.eventTime) >= BigInt(e.recorder.compromisedSince);
              const mayCorrect = canWrite && (same(e.recorder.id, access.company) || access.isOwner);
              const step = stepByNumber(e.step);
              return (
                <tr key={e.id} className="border-b border-slate-100 align-top" data-testid="journey-event">
                  <td className="py-1.5 pr-3">
                    <Time seconds={e.eventTime} />
                  </td>
                  <td className="py-1.5 pr-3">
                    {step !== undefined ? stepLabel(step.name) : `step ${e.step}`}
                    <div className="mt-0.5 flex flex-wrap gap-1">
                      {corrected.length > 0 ? <Badge tone="warn">Corrected</Badge> : null}
                      {e.correctionOf !== null ? (
                        <Badge tone={e.correctionOf.qualifies ? "info" : "bad"}>
                          {e.correctionOf.qualifies ? "Correction" : "Correction by someone not entitled"}
                        </Badge>
                      ) : null}
                      {voided ? <Badge tone="bad">Void: its recorder was compromised</Badge> : null}
                    </div>
                  </td>
                  <td className="py-1.5 pr-3">{subjectText(e)}</td>
                  <td className="py-1.5 pr-3">
                    {e.recorder.name ?? <Hash value={e.recorder.id} />}
                    {same(e.recorder.id, access.company) ? " (you)" : ""}
                  </td>
                  <td className="py-1.5 pr-3">
                    <Hash value={e.eventHash} />
                    <div className="text-xs text-slate-600">
                      tx <TxLink hash={e.transactionHash} />
                    </div>
                    {e.correctionOf !== null ? (
                      <div className="text-xs text-slate-600">
                        corrects <Hash value={e.correctionOf.corrects} />
                      </div>
                    ) : null}
                  </td>
                  <td className="py-1.5 pr-3">
                    {mayCorrect ? (
                      <Button
                        variant="link"
                        onClick={() => setCorrecting(e)}
                        aria-label={`Correct the ${step !== undefined ? stepLabel(step.name) : ""} event of ${new Date(Number(e.eventTime) * 1000).toLocaleString()}`}
                      >
                        Correct
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pages.page > 0 || pages.hasNext ? (
        <nav aria-label="Journey pages" className="mt-3 flex items-center gap-3 text-sm">
          <Button variant="secondary" disabled={pages.page === 0} onClick={pages.previous}>
            Earlier events
          </Button>
          <span>Page {pages.page + 1}</span>
          <Button variant="secondary" disabled={!pages.hasNext} onClick={pages.next}>
            Later events
          </Button>
        </nav>
      ) : null}
      {correcting !== undefined ? (
        <CorrectEvent
          key={correcting.id}
          product={id}
          gtin14={gtin14}
          access={access}
          event={correcting}
          owner={owner}
          onClose={() => setCorrecting(undefined)}
        />
      ) : null}
      {canWrite ? (
        <div className="mt-4">
          <div role="tablist" aria-label="Add events" className="flex gap-2 border-b border-slate-200">
            <button
              type="button"
              role="tab"
              aria-selected={tab === "record"}
              className={`px-3 py-1.5 text-sm ${tab === "record" ? "border-b-2 border-indigo-700 font-medium" : "text-slate-700"}`}
              onClick={() => setTab("record")}
            >
              Record one event
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === "import"}
              className={`px-3 py-1.5 text-sm ${tab === "import" ? "border-b-2 border-indigo-700 font-medium" : "text-slate-700"}`}
              onClick={() => setTab("import")}
            >
              Import from a CSV file
            </button>
          </div>
          {tab === "record" ? (
            <RecordEvent product={id} gtin14={gtin14} access={access} />
          ) : (
            <ImportEvents product={id} gtin14={gtin14} access={access} />
          )}
        </div>
      ) : (
        <Notice>{access.eventProblem}</Notice>
      )}
    </Section>
  );
}
