"use client";
/**
 * Correcting a journey event (EPCIS error declaration): the erroneous event is found again in the company's vault (or
 * pasted, when it lives elsewhere), the form opens with its fields to change, and the correction document (the
 * erroneous event declared in error, naming the corrective event, followed by the corrective event) is stored in the
 * vault; then Products.correctEvent records the corrective event's hash with the hash of the event it corrects. Readers
 * honour a correction only from the corrected event's recorder or the product's owner.
 */
import { useEffect, useState } from "react";
import type { Address } from "viem";

import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Button, Hash, Notice, SelectField, TextArea, TxStatus } from "../components/ui.tsx";
import { checkEventDraft, draftFromFields, ERROR_REASONS, stepLabel } from "../lib/products.ts";
import type { EventDraft } from "../lib/products.ts";
import type { EpcisObjectEvent } from "../lib/products-epcis.ts";
import { findInDocuments } from "../lib/products-vault.ts";
import type { JourneyEventRow } from "./journey.tsx";
import {
  EventFieldsEditor,
  eventFieldsOf,
  storeEpcis,
  subjectIdOf,
  useSubjectProblem,
  VisibilityChoice,
} from "./journey-record.tsx";
import type { Visibility } from "./journey-record.tsx";
import { same } from "./product-common.tsx";
import type { ProductAccess } from "./product-common.tsx";

type Lookup =
  | { phase: "looking"; checked: number }
  | { phase: "found"; event: EpcisObjectEvent; visibility: Visibility }
  | { phase: "missing"; reason: string };

export function CorrectEvent({
  product,
  gtin14,
  access,
  event,
  onClose,
}: {
  product: `0x${string}`;
  gtin14: string;
  access: ProductAccess;
  event: JourneyEventRow;
  owner: Address;
  onClose: () => void;
}) {
  const session = useSession();
  const tx = useTransaction();
  const [lookup, setLookup] = useState<Lookup>({ phase: "looking", checked: 0 });
  const [pasted, setPasted] = useState("");
  const [pasteProblem, setPasteProblem] = useState<string | undefined>();
  const [draft, setDraft] = useState<EventDraft | undefined>();
  const [reason, setReason] = useState<string>("incorrect_data");
  const [visibility, setVisibility] = useState<Visibility>("restricted");
  const [stage, setStage] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  // The erroneous event's document: in the acting company's vault when it recorded the event.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (access.company === undefined) return;
      if (!same(event.recorder.id, access.company)) {
        setLookup({
          phase: "missing",
          reason: `${event.recorder.name ?? event.recorder.id} recorded this event, so its EPCIS document is in its vault, not yours. Paste the document it gave you.`,
        });
        return;
      }
      try {
        const epcis = await import("../lib/products-epcis.ts");
        const found = await findInDocuments(
          session.vaultFetch,
          access.company,
          (document) => epcis.findEvent(document, event.eventHash),
          { onProgress: (checked) => !cancelled && setLookup({ phase: "looking", checked }) },
        );
        if (cancelled) return;
        if (found === undefined) {
          setLookup({
            phase: "missing",
            reason: "Your vault holds no EPCIS document with this event. Paste the document if you have it elsewhere.",
          });
        } else {
          setLookup({ phase: "found", event: found.found, visibility: found.visibility });
          setVisibility(found.visibility);
        }
      } catch (error) {
        if (!cancelled) setLookup({ phase: "missing", reason: (error as Error).message });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [access.company, event.eventHash, event.recorder.id, event.recorder.name, session.vaultFetch]);

  // Once the erroneous event is known, the form starts from its fields.
  const erroneous = lookup.phase === "found" ? lookup.event : undefined;
  useEffect(() => {
    if (erroneous === undefined) return;
    let cancelled = false;
    void import("../lib/products-epcis.ts").then((epcis) => {
      if (!cancelled) setDraft(draftFromFields(epcis.fieldsOf(erroneous)));
    });
    return () => {
      cancelled = true;
    };
  }, [erroneous]);

  const takePasted = async () => {
    setPasteProblem(undefined);
    let document: unknown;
    try {
      document = JSON.parse(pasted);
    } catch {
      setPasteProblem("This is not JSON: paste the EPCIS document as it was stored.");
      return;
    }
    const epcis = await import("../lib/products-epcis.ts");
    const found = epcis.findEvent(document, event.eventHash);
    if (found === undefined) {
      setPasteProblem(`This document holds no event hashing to ${event.eventHash}: it is not the one recorded.`);
      return;
    }
    setLookup({ phase: "found", event: found, visibility: "restricted" });
  };

  const context = { company: access.company ?? "", isOwner: access.isOwner, roles: access.roles, now: new Date() };
  const checked = draft === undefined ? undefined : checkEventDraft(draft, context);
  const subjectProblem = useSubjectProblem(
    product,
    draft ?? {
      subject: "product",
      lot: "",
      serial: "",
      step: "",
      time: "",
      readPoint: "",
      bizLocation: "",
      quantity: "",
      unit: "",
      disposition: "",
    },
    checked?.problems ?? {},
  );
  const firstProblem = checked === undefined ? undefined : Object.values(checked.problems)[0];
  const blocker =
    access.eventProblem ??
    (erroneous === undefined ? "Find the erroneous event's document first." : undefined) ??
    firstProblem ??
    subjectProblem;

  const submit = async () => {
    if (erroneous === undefined || checked?.event === undefined || access.company === undefined) return;
    setFailure(undefined);
    tx.reset();
    try {
      const epcis = await import("../lib/products-epcis.ts");
      const corrective = epcis.buildEvent(gtin14, eventFieldsOf(checked.event));
      const args = epcis.recordArgs(corrective);
      if (args.eventHash.toLowerCase() === event.eventHash.toLowerCase()) {
        setFailure("The correction changes nothing: change at least one field of the event.");
        return;
      }
      const document = epcis.correctionDocument(erroneous, corrective, reason);
      setStage(`Storing the error declaration and the corrective event in your vault (${visibility})…`);
      await storeEpcis(session.vaultFetch, access.company, product, document.bytes, visibility);
      setStage(undefined);
      const receipt = await tx.run(
        {
          contract: "Products",
          functionName: "correctEvent",
          args: [
            product,
            subjectIdOf(product, checked.event),
            args.step,
            args.eventTime,
            args.eventHash,
            event.eventHash,
          ],
        },
        `Correct the "${stepLabel(checked.event.stepName)}" event`,
      );
      if (receipt !== undefined) setDraft(undefined);
    } catch (error) {
      setFailure(`Nothing was recorded: ${(error as Error).message}`);
    } finally {
      setStage(undefined);
    }
  };

  return (
    <form
      aria-label="Correct a journey event"
      className="mt-4 rounded-md border border-amber-300 bg-amber-50/40 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-medium">
          Correct the event <Hash value={event.eventHash} />
        </h3>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
      <p className="text-sm text-slate-700">
        The chain keeps the erroneous event; your correction is a new event that names it (an EPCIS error declaration).
        Change what was wrong below.
      </p>
      {lookup.phase === "looking" ? (
        <Notice>Looking for the event&apos;s EPCIS document in your vault ({lookup.checked} documents checked)…</Notice>
      ) : null}
      {lookup.phase === "missing" ? (
        <>
          <Notice tone="warning">{lookup.reason}</Notice>
          <TextArea
            label="EPCIS document of the erroneous event (JSON)"
            rows={6}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            problem={pasteProblem}
          />
          <div className="mt-2">
            <Button variant="secondary" disabled={pasted.trim() === ""} onClick={() => void takePasted()}>
              Use this document
            </Button>
          </div>
        </>
      ) : null}
      {draft !== undefined && checked !== undefined ? (
        <>
          <EventFieldsEditor
            product={product}
            draft={draft}
            setDraft={(update) =>
              setDraft((d) => (d === undefined ? d : typeof update === "function" ? update(d) : update))
            }
            problems={checked.problems}
            subjectProblem={subjectProblem}
            access={access}
            fixedSubject
          />
          <SelectField label="What was wrong" value={reason} onChange={(e) => setReason(e.target.value)}>
            {ERROR_REASONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <VisibilityChoice value={visibility} onChange={setVisibility} name={`correction-visibility-${event.id}`} />
        </>
      ) : null}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={blocker !== undefined || tx.busy || stage !== undefined}>
          Record correction
        </Button>
      </div>
      {stage !== undefined ? <Notice>{stage}</Notice> : null}
      {failure !== undefined ? <Notice tone="error">{failure}</Notice> : null}
      <TxStatus tx={tx} />
    </form>
  );
}
