"use client";
/**
 * Recording a journey event: the form (subject, business step, time, locations, quantity, disposition), checked as it
 * is typed; then the EPCIS 2.0 document is built, stored in the company's vault (restricted to the companies it grants
 * the product's "epcis" scope, or public, as it chooses), hashed, and Products.recordEvent is sent. The vault comes
 * first: if it refuses, nothing goes on chain.
 */
import { accessScope, BUSINESS_STEPS, batchId, itemId } from "@constellate/sdk";
import { useState } from "react";
import type { Dispatch, SetStateAction } from "react";
import { useReadContract } from "wagmi";

import { useConsoleConfig, useContracts } from "../components/config-context.tsx";
import { useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Button, Notice, SelectField, TextField, TxStatus } from "../components/ui.tsx";
import {
  checkEventDraft,
  checkLocation,
  DISPOSITIONS,
  dispositionLabel,
  emptyDraft,
  productRoleNames,
  stepLabel,
  stepRefusal,
  UNITS,
} from "../lib/products.ts";
import type { DraftEvent, DraftProblems, EventDraft } from "../lib/products.ts";
import { storeDocument } from "../lib/products-vault.ts";
import type { ProductAccess } from "./product-common.tsx";

const SUBJECTS = `query Subjects($product: String!) {
  batches(where: { product: $product }, first: 100, orderBy: registeredAt, orderDirection: desc) { id lot }
  items(where: { product: $product }, first: 100, orderBy: registeredAt, orderDirection: desc) { id serial }
}`;

export type Visibility = "restricted" | "public";

/** The subject id the chain records: the product itself, or a batch or item id. */
export function subjectIdOf(
  product: `0x${string}`,
  event: Pick<DraftEvent, "subject" | "lot" | "serial">,
): `0x${string}` {
  if (event.subject === "batch") return batchId(product, event.lot!);
  if (event.subject === "item") return itemId(product, event.serial!);
  return product;
}

/** Whether the draft's lot or serial is registered for the product now (fresh from the chain); the problem if not. */
export function useSubjectProblem(
  product: `0x${string}`,
  draft: EventDraft,
  problems: DraftProblems,
): string | undefined {
  const { Products } = useContracts();
  const text = draft.subject === "batch" ? draft.lot : draft.subject === "item" ? draft.serial : "";
  const fieldOk = draft.subject === "batch" ? problems.lot === undefined : problems.serial === undefined;
  const subject =
    draft.subject !== "product" && text !== "" && fieldOk
      ? subjectIdOf(product, { subject: draft.subject, lot: draft.lot, serial: draft.serial })
      : undefined;
  const result = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "subjectOf",
    args: subject !== undefined ? [product, subject] : undefined,
    query: { enabled: subject !== undefined },
  });
  if (subject === undefined || result.data === undefined) return undefined;
  const [record, live] = result.data as readonly [{ kind: number }, boolean];
  const wanted = draft.subject === "batch" ? 10 : 21;
  if (live && record.kind === wanted) return undefined;
  return draft.subject === "batch"
    ? `Lot ${draft.lot} is not registered for this product: the owner registers it under "Lots and items" first.`
    : `Item ${draft.serial} is not registered for this product: the owner registers it under "Lots and items" first.`;
}

/** The event fields of the record and correction forms. */
export function EventFieldsEditor({
  product,
  draft,
  setDraft,
  problems,
  subjectProblem,
  access,
  fixedSubject = false,
}: {
  product: `0x${string}`;
  draft: EventDraft;
  setDraft: Dispatch<SetStateAction<EventDraft>>;
  problems: DraftProblems;
  subjectProblem: string | undefined;
  access: ProductAccess;
  fixedSubject?: boolean;
}) {
  const subjects = useGraph<{ batches: { id: string; lot: string }[]; items: { id: string; serial: string }[] }>(
    ["products", "subjects", product],
    SUBJECTS,
    { product },
  );
  const set = (field: keyof EventDraft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));
  const company = access.company ?? "";
  const locationHint = (value: string, what: string) => {
    const checked = checkLocation(value, company);
    if (checked.ok && checked.id !== undefined) return `Recorded as ${checked.id} (${checked.kind}).`;
    return `${what}: a GLN (13 digits), an SGLN URN (urn:epc:id:sgln:…), a URI, or your own id (e.g. "Warehouse 3").`;
  };
  const listId = `subjects-${product}-${fixedSubject ? "fix" : "new"}`;
  return (
    <>
      <SelectField
        label="Subject"
        value={draft.subject}
        disabled={fixedSubject}
        onChange={(event) => setDraft((d) => ({ ...d, subject: event.target.value as EventDraft["subject"] }))}
        hint="What the event is about: the product as a whole, one lot (batch), or one item (serial)."
      >
        <option value="product">The product itself</option>
        <option value="batch">A lot (batch)</option>
        <option value="item">An item (serial)</option>
      </SelectField>
      {draft.subject === "batch" ? (
        <TextField
          label="Lot"
          list={`${listId}-lots`}
          value={draft.lot}
          disabled={fixedSubject}
          onChange={set("lot")}
          problem={problems.lot ?? subjectProblem}
        />
      ) : null}
      {draft.subject === "item" ? (
        <TextField
          label="Serial"
          list={`${listId}-items`}
          value={draft.serial}
          disabled={fixedSubject}
          onChange={set("serial")}
          problem={problems.serial ?? subjectProblem}
        />
      ) : null}
      <datalist id={`${listId}-lots`}>
        {(subjects.data?.batches ?? []).map((b) => (
          <option key={b.id} value={b.lot} />
        ))}
      </datalist>
      <datalist id={`${listId}-items`}>
        {(subjects.data?.items ?? []).map((i) => (
          <option key={i.id} value={i.serial} />
        ))}
      </datalist>
      <SelectField
        label="Business step"
        value={draft.step}
        onChange={set("step")}
        problem={draft.step === "" ? undefined : problems.step}
        hint={
          access.isOwner
            ? "As the owner you may record every step."
            : `You act on this product as ${productRoleNames(access.roles)}: steps for other roles are not offered.`
        }
      >
        <option value="">Choose a step…</option>
        {BUSINESS_STEPS.map((s) => {
          const refused = stepRefusal(s.step, access.isOwner, access.roles) !== undefined;
          return (
            <option key={s.step} value={String(s.step)} disabled={refused}>
              {stepLabel(s.name)}
              {refused ? " (not for your roles)" : ""}
            </option>
          );
        })}
      </SelectField>
      <TextField
        label="Event time"
        type="datetime-local"
        step={1}
        value={draft.time}
        onChange={set("time")}
        problem={problems.time}
        hint="When it happened, in your local time (the document keeps your time zone)."
      />
      <TextField
        label="Location (read point)"
        value={draft.readPoint}
        onChange={set("readPoint")}
        problem={problems.readPoint}
        hint={locationHint(draft.readPoint, "Where it happened")}
      />
      <TextField
        label="Business location afterwards (optional)"
        value={draft.bizLocation}
        onChange={set("bizLocation")}
        problem={problems.bizLocation}
        hint={locationHint(draft.bizLocation, "Where the goods are afterwards")}
      />
      {draft.subject !== "item" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label="Quantity (optional)"
            inputMode="decimal"
            value={draft.quantity}
            onChange={set("quantity")}
            problem={problems.quantity}
          />
          <SelectField label="Unit" value={draft.unit} onChange={set("unit")}>
            <option value="">a count (no unit)</option>
            {UNITS.map((u) => (
              <option key={u.code} value={u.code}>
                {u.label}
              </option>
            ))}
            {draft.unit !== "" && !UNITS.some((u) => u.code === draft.unit) ? (
              <option value={draft.unit}>{draft.unit}</option>
            ) : null}
          </SelectField>
        </div>
      ) : null}
      <SelectField
        label="Disposition afterwards (optional)"
        value={draft.disposition}
        onChange={set("disposition")}
        problem={problems.disposition}
      >
        <option value="">not stated</option>
        {DISPOSITIONS.map((d) => (
          <option key={d} value={d}>
            {dispositionLabel(d)}
          </option>
        ))}
      </SelectField>
    </>
  );
}

/** Where the EPCIS document goes: restricted to granted companies, or public. */
export function VisibilityChoice({
  value,
  onChange,
  name,
}: {
  value: Visibility;
  onChange: (v: Visibility) => void;
  name: string;
}) {
  return (
    <fieldset className="mt-3">
      <legend className="text-sm font-medium">Who may read the EPCIS document</legend>
      <label className="mt-1 flex items-start gap-2 text-sm">
        <input
          type="radio"
          name={name}
          className="mt-1"
          checked={value === "restricted"}
          onChange={() => onChange("restricted")}
        />
        <span>
          Restricted: only your company and those you grant this product&apos;s EPCIS documents (Data access).
          Locations, quantities and partners stay private; the chain holds only the step, the time and the hash.
        </span>
      </label>
      <label className="mt-1 flex items-start gap-2 text-sm">
        <input
          type="radio"
          name={name}
          className="mt-1"
          checked={value === "public"}
          onChange={() => onChange("public")}
        />
        <span>Public: anyone, for example shoppers on the product page, can read the whole document.</span>
      </label>
    </fieldset>
  );
}

/** Stores an EPCIS document in the acting company's vault; resolves to its path there. */
export async function storeEpcis(
  vaultFetch: ReturnType<typeof useSession>["vaultFetch"],
  owner: string,
  product: `0x${string}`,
  bytes: Uint8Array,
  visibility: Visibility,
) {
  return storeDocument(vaultFetch, {
    owner,
    bytes,
    contentType: "application/ld+json",
    visibility,
    ...(visibility === "restricted" ? { scope: accessScope("epcis", product) } : {}),
  });
}

/** The `fields` sdk/epcis takes from a checked draft. */
export function eventFieldsOf(event: DraftEvent) {
  return {
    step: event.stepName,
    time: event.time,
    offset: event.offset,
    lot: event.lot,
    serial: event.serial,
    readPoint: event.readPoint,
    bizLocation: event.bizLocation,
    quantity: event.quantity,
    disposition: event.disposition,
  };
}

export function RecordEvent({
  product,
  gtin14,
  access,
}: {
  product: `0x${string}`;
  gtin14: string;
  access: ProductAccess;
}) {
  const session = useSession();
  const config = useConsoleConfig();
  const tx = useTransaction();
  const [draft, setDraft] = useState<EventDraft>(() => emptyDraft());
  const [visibility, setVisibility] = useState<Visibility>("restricted");
  const [stage, setStage] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [recorded, setRecorded] = useState<{ path: string; visibility: Visibility } | undefined>();
  const checked = checkEventDraft(draft, {
    company: access.company ?? "",
    isOwner: access.isOwner,
    roles: access.roles,
    now: new Date(),
  });
  const subjectProblem = useSubjectProblem(product, draft, checked.problems);
  const firstProblem = Object.values(checked.problems)[0];
  const blocker =
    access.eventProblem ??
    (draft.step === "" ? "Choose the business step." : undefined) ??
    firstProblem ??
    subjectProblem;
  const working = stage !== undefined;

  const record = async () => {
    const event = checked.event;
    if (event === undefined || access.company === undefined) return;
    setFailure(undefined);
    setRecorded(undefined);
    tx.reset();
    try {
      setStage("Building the EPCIS 2.0 document…");
      const epcis = await import("../lib/products-epcis.ts");
      const built = epcis.buildEvent(gtin14, eventFieldsOf(event));
      const document = epcis.eventDocument(built);
      setStage(`Storing the EPCIS document in your vault (${visibility})…`);
      const stored = await storeEpcis(session.vaultFetch, access.company, product, document.bytes, visibility);
      setStage(undefined);
      const args = epcis.recordArgs(built);
      const receipt = await tx.run(
        {
          contract: "Products",
          functionName: "recordEvent",
          args: [product, subjectIdOf(product, event), args.step, args.eventTime, args.eventHash],
        },
        `Record "${stepLabel(event.stepName)}"`,
      );
      if (receipt !== undefined) {
        setRecorded({ path: stored.path, visibility });
        setDraft((d) => ({ ...d, time: emptyDraft().time }));
      }
    } catch (error) {
      setFailure(`Nothing was recorded: ${(error as Error).message}`);
    } finally {
      setStage(undefined);
    }
  };

  return (
    <form
      aria-label="Record a journey event"
      className="mt-4 rounded-md border border-slate-200 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        void record();
      }}
    >
      <h3 className="font-medium">Record an event</h3>
      <EventFieldsEditor
        product={product}
        draft={draft}
        setDraft={setDraft}
        problems={checked.problems}
        subjectProblem={subjectProblem}
        access={access}
      />
      <VisibilityChoice value={visibility} onChange={setVisibility} name={`visibility-${product}`} />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={blocker !== undefined || tx.busy || working}>
          Record event
        </Button>
        {access.eventProblem !== undefined ? (
          <span className="text-sm text-slate-700">{access.eventProblem}</span>
        ) : null}
      </div>
      {stage !== undefined ? <Notice>{stage}</Notice> : null}
      {failure !== undefined ? <Notice tone="error">{failure}</Notice> : null}
      <TxStatus tx={tx} />
      {recorded !== undefined && tx.state.phase === "confirmed" ? (
        <Notice tone="success">
          Recorded. The EPCIS document is in your vault ({recorded.visibility}):{" "}
          <a className="underline" href={`${config.vaultOrigin}${recorded.path}`} target="_blank" rel="noreferrer">
            open it
          </a>
          .
        </Notice>
      ) : null}
    </form>
  );
}
