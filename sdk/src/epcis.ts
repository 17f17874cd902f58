/**
 * EPCIS 2.0 journey events, built and checked with epcis2.js, and the CBV 2.0 standard event hash the Products contract
 * records (`recordEvent(product, subject, step, eventTime, eventHash)`).
 *
 * On-chain only the subject, the business step, the event time and the hash; the event itself (locations, quantities,
 * partners) stays in the EPCIS document, which its owner may keep private. Anyone holding the document recomputes the
 * hash ({@link epcisEventHash}) and compares it with the one on chain.
 *
 * Corrections (EPCIS error declarations). CBV 2.0's hash leaves out `errorDeclaration` (and `eventID`), so an error
 * declaration, which repeats the erroneous event with an `errorDeclaration` added ({@link declareEventError}), hashes
 * like the event it declares erroneous. On chain, record the corrective event with `correctEvent(product, subject,
 * step, eventTime, hash(corrective), hash(erroneous))` and publish the declaration (naming the corrective event's
 * eventID) in the EPCIS document.
 *
 * Browser: epcis2.js compiles its JSON schemas with Ajv when imported, which uses `new Function`; a page whose
 * Content-Security-Policy forbids 'unsafe-eval' cannot import this module. Its browser build ("browser" field) is
 * CommonJS, so it needs a bundler, and it weighs about 700 kB. That is why the sdk's index does not re-export this
 * module: import it on its own where EPCIS is needed. The GS1, id and serial helpers do not depend on it.
 */
// @ts-expect-error -- epcis2.js ships declarations (under @types/) but no "types" entry pointing at them; see below.
import epcis2Module from "epcis2.js";
import type * as Epcis2 from "epcis2.js/@types/epcis2.js/index.js";
import type { Hex } from "viem";

import { BUSINESS_STEPS, businessStepCode } from "./constants.ts";
import { buildDigitalLink, gtinCheckDigit } from "./gs1.ts";
import type { DigitalLinkKeys } from "./gs1.ts";

// epcis2.js ships its declarations under @types/ without pointing package.json at them; its module is CommonJS, whose
// exports Node's ESM loader offers as the default export only.
const epcis2 = epcis2Module as unknown as typeof Epcis2;

/** The JSON-LD context of an EPCIS 2.0 document. */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

export type EpcisAction = "ADD" | "OBSERVE" | "DELETE";

/** An EPCIS 2.0 error declaration (the event it sits in is declared erroneous). */
export interface ErrorDeclarationInput {
  declarationTime: Date | string;
  /** CBV error reason ("did_not_occur", "incorrect_data") or a URI. */
  reason?: string;
  /** The eventIDs of the events that correct the erroneous one. */
  correctiveEventIDs?: readonly string[];
}

/** What a journey event says, in the terms of Constellate's products. */
export interface JourneyEventInput {
  /** A CBV 2.0 business step: its name ("shipping"), CBV URI, or on-chain number (1 to 41). */
  step: string | number;
  eventTime: Date | string;
  /** "+02:00"; by default the offset written in `eventTime` if it is a string carrying one, else "+00:00". */
  timeZoneOffset?: string;
  gtin: string;
  /** A lot: the event counts it in `quantityList`. With a serial, the lot shows only in a commissioning event's ILMD
   * (`cbvmda:lotNumber`): elsewhere the item's URI identifies it. */
  lot?: string;
  /** An item: the event lists it in `epcList` by its GS1 Digital Link URI. Without it, the event counts the lot (or
   * the product) in `quantityList`. */
  serial?: string;
  /** For a lot or a product: how much (`uom` a UN/CEFACT Rec. 20 code such as "KGM"; without it, a count). */
  quantity?: { value: number; uom?: string };
  /** Where the event was observed: a GLN (13 digits), an SGLN URN or any URI. */
  readPoint?: string;
  /** Where the objects are afterwards: a GLN, an SGLN URN or any URI. */
  bizLocation?: string;
  /** CBV disposition ("in_transit") or a URI. */
  disposition?: string;
  /** Default: ADD for commissioning, OBSERVE otherwise. */
  action?: EpcisAction;
  /** CBV source/destination type ("owning_party", "possessing_party", "location") or URI, and the party or place. */
  sourceList?: readonly { type: string; source: string }[];
  destinationList?: readonly { type: string; destination: string }[];
  /** CBV business transaction type ("po", "desadv", ...) or URI, and the transaction's URI. */
  bizTransactionList?: readonly { type?: string; bizTransaction: string }[];
  errorDeclaration?: ErrorDeclarationInput;
}

/** An EPCIS 2.0 ObjectEvent as JSON (what {@link buildJourneyEvent} returns). */
export interface EpcisObjectEvent {
  type: "ObjectEvent";
  /** The CBV 2.0 event hash as an ni URI ({@link epcisEventHash}). */
  eventID: string;
  eventTime: string;
  eventTimeZoneOffset: string;
  action: EpcisAction;
  bizStep: string;
  epcList?: string[];
  quantityList?: { epcClass: string; quantity?: number; uom?: string }[];
  disposition?: string;
  readPoint?: { id: string };
  bizLocation?: { id: string };
  bizTransactionList?: { type?: string; bizTransaction: string }[];
  sourceList?: { type: string; source: string }[];
  destinationList?: { type: string; destination: string }[];
  ilmd?: Record<string, unknown>;
  errorDeclaration?: { declarationTime: string; reason?: string; correctiveEventIDs?: string[] };
}

/** An EPCIS 2.0 document (what {@link buildEpcisDocument} returns). */
export interface EpcisDocument {
  "@context": string | (string | Record<string, string>)[];
  type: "EPCISDocument";
  schemaVersion: string;
  creationDate: string;
  epcisBody: { eventList: EpcisObjectEvent[] };
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

function isoTime(time: Date | string, what: string): string {
  const date = typeof time === "string" ? new Date(time) : time;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${what} ${JSON.stringify(String(time))} is not a date and time (use ISO 8601 or a Date)`);
  }
  return date.toISOString();
}

function offsetOf(input: JourneyEventInput): string {
  let offset = input.timeZoneOffset;
  if (offset === undefined && typeof input.eventTime === "string") {
    const written = /(Z|[+-]\d{2}:\d{2})$/.exec(input.eventTime.trim());
    if (written !== null) offset = written[1] === "Z" ? "+00:00" : written[1];
  }
  offset ??= "+00:00";
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (match === null || Number(match[2]) > 14 || Number(match[3]) > 59) {
    throw new RangeError(`time zone offset ${JSON.stringify(offset)} is not of the form +hh:mm or -hh:mm`);
  }
  return offset;
}

function stepName(step: string | number): string {
  if (typeof step === "number") {
    const found = BUSINESS_STEPS.find((s) => s.step === step);
    if (found === undefined) throw new RangeError(`business step ${step} is not 1 to 41`);
    return found.name;
  }
  return BUSINESS_STEPS[businessStepCode(step) - 1]!.name;
}

/** A CBV term from `vocabulary`, kept bare, or any URI. */
function cbvTerm(value: string, vocabulary: Record<string, string>, what: string): string {
  if (Object.values(vocabulary).includes(value) || URI.test(value)) return value;
  throw new RangeError(
    `${what} ${JSON.stringify(value)} is neither a CBV 2.0 value (${Object.values(vocabulary).join(", ")}) nor a URI`,
  );
}

function locationId(value: string, what: string): string {
  if (/^[0-9]{13}$/.test(value)) {
    const expected = gtinCheckDigit(value.slice(0, 12));
    if (Number(value[12]) !== expected) {
      throw new RangeError(`${what} GLN ${value}: check digit should be ${expected}, not ${value[12]}`);
    }
    return `https://id.gs1.org/414/${value}`;
  }
  if (URI.test(value)) return value;
  throw new RangeError(`${what} ${JSON.stringify(value)} is neither a GLN (13 digits), an SGLN URN nor a URI`);
}

function errorDeclarationOf(input: ErrorDeclarationInput): Epcis2.ErrorDeclaration {
  const declaration = new epcis2.ErrorDeclaration();
  declaration.setDeclarationTime(isoTime(input.declarationTime, "declarationTime"));
  if (input.reason !== undefined) {
    declaration.setReason(cbvTerm(input.reason, epcis2.cbv.errorReasonIdentifiers, "error reason"));
  }
  for (const id of input.correctiveEventIDs ?? []) {
    if (!URI.test(id)) throw new RangeError(`corrective event ID ${JSON.stringify(id)} is not a URI`);
    declaration.addCorrectiveEventID(id);
  }
  return declaration;
}

function withEventId(event: Record<string, unknown>): EpcisObjectEvent {
  const { type, eventTime, eventTimeZoneOffset, eventID: _old, ...rest } = event;
  const eventID = epcisEventHash(event).ni;
  return { type, eventID, eventTime, eventTimeZoneOffset, ...rest } as EpcisObjectEvent;
}

/**
 * Builds the EPCIS 2.0 ObjectEvent of a journey step on a product, a lot or an item, with epcis2.js. The item is listed
 * in `epcList` by its GS1 Digital Link URI (https://id.gs1.org/01/{gtin14}/21/{serial}); a lot (…/10/{lot}) or the
 * product (…/01/{gtin14}) goes in `quantityList`. `bizStep` is the CBV 2.0 name; `action` is ADD for commissioning,
 * OBSERVE otherwise. `eventID` is the event's CBV 2.0 hash ({@link epcisEventHash}). Throws on an invalid key or value.
 */
export function buildJourneyEvent(input: JourneyEventInput): EpcisObjectEvent {
  const bizStep = stepName(input.step);
  const event = new epcis2.ObjectEvent();
  event.setEventTime(isoTime(input.eventTime, "eventTime"), false);
  event.setEventTimeZoneOffset(offsetOf(input));
  event.setAction(input.action ?? (bizStep === "commissioning" ? "ADD" : "OBSERVE"));
  event.setBizStep(bizStep);

  const keys: DigitalLinkKeys = { gtin: input.gtin };
  if (input.serial !== undefined) {
    if (input.quantity !== undefined) {
      throw new RangeError("an event on an item (serial) lists it by its URI; quantity is for a lot or a product");
    }
    event.addEPC(buildDigitalLink({ ...keys, serial: input.serial }));
    if (input.lot !== undefined) {
      buildDigitalLink({ ...keys, lot: input.lot }); // checks the lot
      if (event.getAction() === "ADD") event.setIlmd(new epcis2.Ilmd({ "cbvmda:lotNumber": input.lot }));
    }
  } else {
    const element = new epcis2.QuantityElement();
    element.setEpcClass(buildDigitalLink(input.lot === undefined ? keys : { ...keys, lot: input.lot }));
    if (input.quantity !== undefined) {
      const { value, uom } = input.quantity;
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`quantity ${value} is not a number >= 0`);
      if (uom === undefined && !Number.isInteger(value)) {
        throw new RangeError(`quantity ${value} without a unit is a count, so a whole number`);
      }
      element.setQuantity(value);
      if (uom !== undefined) {
        if (!/^[A-Z0-9]{2,3}$/.test(uom)) {
          throw new RangeError(`unit ${JSON.stringify(uom)} is not a UN/CEFACT Rec. 20 code (2-3 capitals or digits)`);
        }
        element.setUom(uom);
      }
    }
    event.addQuantity(element);
  }

  if (input.disposition !== undefined) {
    event.setDisposition(cbvTerm(input.disposition, epcis2.cbv.dispositions, "disposition"));
  }
  if (input.readPoint !== undefined) event.setReadPoint(locationId(input.readPoint, "readPoint"));
  if (input.bizLocation !== undefined) event.setBizLocation(locationId(input.bizLocation, "bizLocation"));
  for (const t of input.bizTransactionList ?? []) {
    if (!URI.test(t.bizTransaction)) throw new RangeError(`business transaction ${t.bizTransaction} is not a URI`);
    const element = new epcis2.BizTransactionElement();
    if (t.type !== undefined) {
      element.setType(cbvTerm(t.type, epcis2.cbv.businessTransactionTypes, "business transaction type"));
    }
    element.setBizTransaction(t.bizTransaction);
    event.addBizTransaction(element);
  }
  const types = epcis2.cbv.sourceDestinationTypes;
  for (const s of input.sourceList ?? []) {
    if (!URI.test(s.source)) throw new RangeError(`source ${JSON.stringify(s.source)} is not a URI`);
    const element = new epcis2.SourceElement();
    element.setType(cbvTerm(s.type, types, "source type")).setSource(s.source);
    event.addSource(element);
  }
  for (const d of input.destinationList ?? []) {
    if (!URI.test(d.destination)) throw new RangeError(`destination ${JSON.stringify(d.destination)} is not a URI`);
    const element = new epcis2.DestinationElement();
    element.setType(cbvTerm(d.type, types, "destination type")).setDestination(d.destination);
    event.addDestination(element);
  }
  if (input.errorDeclaration !== undefined) event.setErrorDeclaration(errorDeclarationOf(input.errorDeclaration));
  return withEventId(event.toObject() as Record<string, unknown>);
}

/**
 * The EPCIS error declaration of `event`: the same event with `errorDeclaration` added. Its eventID and hash stay those
 * of `event` (CBV 2.0 leaves the declaration out of the hash).
 */
export function declareEventError(event: EpcisObjectEvent, declaration: ErrorDeclarationInput): EpcisObjectEvent {
  const copy = structuredClone(event);
  copy.errorDeclaration = errorDeclarationOf(declaration).toObject() as EpcisObjectEvent["errorDeclaration"];
  return withEventId(copy as unknown as Record<string, unknown>);
}

/** An event's CBV 2.0 standard hash, as an ni URI and as the bytes32 the contract records. */
export interface EpcisEventHash {
  ni: string;
  bytes32: Hex;
}

/**
 * The CBV 2.0 standard event hash of an EPCIS event (epcis2.js `eventToHashedId`): the SHA-256 of its canonical
 * pre-hash string, which leaves out eventID, recordTime, errorDeclaration and @context. `context` maps any extension
 * prefixes the event uses to their namespaces.
 */
export function epcisEventHash(event: object, context: Record<string, string> = {}): EpcisEventHash {
  // eventToHashedId sorts lists in place: hash a copy.
  const ni = epcis2.eventToHashedId(structuredClone(event), context, true);
  const match = /^ni:\/\/\/sha-256;([0-9a-f]{64})\?ver=CBV2\.0$/.exec(ni);
  if (match === null) throw new Error(`epcis2.js returned an unexpected event hash: ${ni}`);
  return { ni, bytes32: `0x${match[1]}` };
}

/** The arguments `recordEvent` takes from a journey event: business step number, event time (seconds), event hash. */
export function journeyEventRecord(event: EpcisObjectEvent): { step: number; eventTime: bigint; eventHash: Hex } {
  return {
    step: businessStepCode(event.bizStep),
    eventTime: BigInt(Math.floor(Date.parse(event.eventTime) / 1000)),
    eventHash: epcisEventHash(event).bytes32,
  };
}

/** Checks an EPCIS 2.0 document against the standard's JSON schema (epcis2.js; on a copy: Ajv adds defaults). */
export function validateEpcis(document: object): { success: boolean; errors: string[] } {
  return epcis2.validateEpcisDocument(structuredClone(document), false);
}

/**
 * An EPCIS 2.0 document (EPCISDocument, schemaVersion "2.0") carrying `events`, built with epcis2.js and checked
 * against the standard's JSON schema; throws if it does not pass.
 */
export function buildEpcisDocument(
  events: readonly EpcisObjectEvent[],
  options: { creationDate?: Date | string } = {},
): EpcisDocument {
  const document = new epcis2.EPCISDocument({
    "@context": EPCIS_CONTEXT,
    schemaVersion: "2.0",
    creationDate: isoTime(options.creationDate ?? new Date(), "creationDate"),
    epcisBody: { eventList: structuredClone(events) },
  });
  const built = document.toObject() as EpcisDocument;
  const json: EpcisDocument = {
    "@context": built["@context"],
    type: built.type,
    schemaVersion: built.schemaVersion,
    creationDate: built.creationDate,
    epcisBody: built.epcisBody,
  };
  const result = validateEpcis(json);
  if (!result.success) throw new Error(`the EPCIS document does not validate: ${result.errors.join("; ")}`);
  return json;
}
