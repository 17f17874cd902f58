/**
 * EPCIS 2.0 documents of journey events as the console builds them: the event (sdk buildJourneyEvent), its document
 * (buildEpcisDocument, checked against the standard's schema), the bytes stored in the vault, the arguments of
 * Products.recordEvent / correctEvent, and error declarations. The sdk's EPCIS module weighs about 700 kB, so pages
 * load this file with a dynamic import when they need it.
 */
import {
  buildEpcisDocument,
  buildJourneyEvent,
  declareEventError,
  epcisEventHash,
  journeyEventRecord,
} from "@constellate/sdk/epcis";
import type { EpcisDocument, EpcisObjectEvent, JourneyEventInput } from "@constellate/sdk/epcis";

export type { EpcisDocument, EpcisObjectEvent };

/** What the record form (or one row of an import) says about an event. */
export interface EventFields {
  /** CBV business step name ("shipping"). */
  step: string;
  /** ISO 8601 (UTC) event time and the local offset it was observed in. */
  time: string;
  offset: string;
  lot?: string | undefined;
  serial?: string | undefined;
  /** Where it was observed, and where the objects are afterwards (URIs). */
  readPoint?: string | undefined;
  bizLocation?: string | undefined;
  quantity?: { value: number; uom?: string } | undefined;
  disposition?: string | undefined;
}

/** The EPCIS 2.0 ObjectEvent of `fields` on GTIN `gtin`; throws (RangeError) with the reason in words. */
export function buildEvent(gtin: string, fields: EventFields): EpcisObjectEvent {
  const input: JourneyEventInput = {
    step: fields.step,
    eventTime: fields.time,
    timeZoneOffset: fields.offset,
    gtin,
  };
  if (fields.lot !== undefined) input.lot = fields.lot;
  if (fields.serial !== undefined) input.serial = fields.serial;
  if (fields.quantity !== undefined) input.quantity = fields.quantity;
  if (fields.readPoint !== undefined) input.readPoint = fields.readPoint;
  if (fields.bizLocation !== undefined) input.bizLocation = fields.bizLocation;
  if (fields.disposition !== undefined) input.disposition = fields.disposition;
  return buildJourneyEvent(input);
}

/** A document ready for the vault: the EPCIS document, its bytes (pretty JSON, as the demo stores them). */
export interface StoredEpcis {
  document: EpcisDocument;
  bytes: Uint8Array;
  contentType: "application/ld+json";
}

function stored(document: EpcisDocument): StoredEpcis {
  return {
    document,
    bytes: new TextEncoder().encode(JSON.stringify(document, null, 2) + "\n"),
    contentType: "application/ld+json",
  };
}

/** The EPCIS 2.0 document of one event. */
export function eventDocument(event: EpcisObjectEvent, creationDate: Date = new Date()): StoredEpcis {
  return stored(buildEpcisDocument([event], { creationDate }));
}

/**
 * The EPCIS 2.0 document of a correction: the erroneous event declared in error (its hash unchanged, naming the
 * corrective event) followed by the corrective event, as the demo records it.
 */
export function correctionDocument(
  erroneous: EpcisObjectEvent,
  corrective: EpcisObjectEvent,
  reason: string,
  declarationTime: Date = new Date(),
): StoredEpcis {
  const declared = declareEventError(erroneous, {
    declarationTime,
    reason,
    correctiveEventIDs: [corrective.eventID],
  });
  return stored(buildEpcisDocument([declared, corrective], { creationDate: declarationTime }));
}

/** The arguments Products.recordEvent takes from an event: step number, event time (seconds), event hash. */
export function recordArgs(event: EpcisObjectEvent): { step: number; eventTime: bigint; eventHash: `0x${string}` } {
  return journeyEventRecord(event);
}

/** An event's CBV 2.0 hash as the ni URI its eventID carries. */
export function eventNi(eventHash: string): string {
  return `ni:///sha-256;${eventHash.replace(/^0x/, "").toLowerCase()}?ver=CBV2.0`;
}

/**
 * The event hashing to `eventHash` (bytes32) in an EPCIS document, if any: the hash is recomputed from the event, never
 * taken from its eventID. An error declaration hashes like the event it declares, so the declaration is dropped.
 */
export function findEvent(document: unknown, eventHash: string): EpcisObjectEvent | undefined {
  const list = (document as { epcisBody?: { eventList?: unknown } } | null)?.epcisBody?.eventList;
  if (!Array.isArray(list)) return undefined;
  const wanted = eventHash.toLowerCase();
  for (const candidate of list) {
    if (typeof candidate !== "object" || candidate === null) continue;
    try {
      if (epcisEventHash(candidate as object).bytes32.toLowerCase() !== wanted) continue;
    } catch {
      continue;
    }
    const { errorDeclaration: _dropped, ...event } = candidate as EpcisObjectEvent;
    return event as EpcisObjectEvent;
  }
  return undefined;
}

/** The form's fields of an event (to prefill a correction), as far as the event says them. */
export function fieldsOf(event: EpcisObjectEvent): EventFields & { subject: "product" | "batch" | "item" } {
  const bizStep = event.bizStep.replace(/^https:\/\/ref\.gs1\.org\/cbv\/BizStep-/, "");
  const fields: EventFields & { subject: "product" | "batch" | "item" } = {
    subject: "product",
    step: bizStep,
    time: event.eventTime,
    offset: event.eventTimeZoneOffset,
  };
  const epc = event.epcList?.[0];
  const serial = epc === undefined ? undefined : /\/21\/([^/?#]+)/.exec(epc)?.[1];
  if (serial !== undefined) {
    fields.subject = "item";
    fields.serial = decodeURIComponent(serial);
    const lot = event.ilmd?.["cbvmda:lotNumber"];
    if (typeof lot === "string") fields.lot = lot;
  } else {
    const element = event.quantityList?.[0];
    const lot = element === undefined ? undefined : /\/10\/([^/?#]+)/.exec(element.epcClass)?.[1];
    if (lot !== undefined) {
      fields.subject = "batch";
      fields.lot = decodeURIComponent(lot);
    }
    if (element?.quantity !== undefined) {
      fields.quantity =
        element.uom === undefined ? { value: element.quantity } : { value: element.quantity, uom: element.uom };
    }
  }
  if (event.readPoint !== undefined) fields.readPoint = event.readPoint.id;
  if (event.bizLocation !== undefined) fields.bizLocation = event.bizLocation.id;
  if (event.disposition !== undefined) {
    fields.disposition = event.disposition.replace(/^https:\/\/ref\.gs1\.org\/cbv\/Disp-/, "");
  }
  return fields;
}
