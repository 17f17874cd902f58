import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";

import { BUSINESS_STEPS } from "../src/constants.ts";
import {
  EPCIS_CONTEXT,
  buildEpcisDocument,
  buildJourneyEvent,
  declareEventError,
  epcisEventHash,
  journeyEventRecord,
  validateEpcis,
} from "../src/epcis.ts";
import type { EpcisObjectEvent, JourneyEventInput } from "../src/epcis.ts";
import { Gs1Error } from "../src/gs1.ts";

// epcis2.js itself, both builds: the one Node loads ("main") and the one bundlers give browsers ("browser").
interface Epcis2 {
  eventToHashedId(event: object, context: object, throwError?: boolean): string;
  validateEpcisDocument(document: object, throwError?: boolean): { success: boolean; errors: string[] };
  cbv: { bizSteps: Record<string, string> };
}
const require = createRequire(import.meta.url);
const node = require("epcis2.js") as Epcis2;
const browser = require("epcis2.js/dist/epcis2.browser.js") as Epcis2;

const GTIN = "4006381333931";
const MILL = "https://id.gs1.org/414/4012345000009";
const STORE = "5400001000002"; // a GLN, turned into its Digital Link URI

const shipping: JourneyEventInput = {
  step: "shipping",
  eventTime: "2025-03-01T09:30:00+01:00",
  gtin: GTIN,
  lot: "L-2025/01",
  quantity: { value: 1000, uom: "H87" },
  readPoint: MILL,
  disposition: "in_transit",
  sourceList: [{ type: "owning_party", source: MILL }],
  destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/4012345000009" }],
  bizTransactionList: [{ type: "po", bizTransaction: "urn:epcglobal:cbv:bt:4012345000009:PO-42" }],
};

function validates(events: EpcisObjectEvent[]): void {
  const document = buildEpcisDocument(events, { creationDate: "2025-03-02T00:00:00Z" });
  // epcis2.js's validator adds schema defaults to what it checks: give it copies.
  assert.deepEqual(node.validateEpcisDocument(structuredClone(document), false), { success: true, errors: [] });
  assert.deepEqual(browser.validateEpcisDocument(structuredClone(document), false), { success: true, errors: [] });
}

describe("journey events", () => {
  it("build an EPCIS 2.0 ObjectEvent on a lot, with the lot's Digital Link URI in quantityList", () => {
    const event = buildJourneyEvent(shipping);
    assert.equal(event.type, "ObjectEvent");
    assert.equal(event.action, "OBSERVE");
    assert.equal(event.bizStep, "shipping");
    assert.equal(event.eventTime, "2025-03-01T08:30:00.000Z");
    assert.equal(event.eventTimeZoneOffset, "+01:00");
    assert.deepEqual(event.quantityList, [
      { epcClass: "https://id.gs1.org/01/04006381333931/10/L-2025%2F01", quantity: 1000, uom: "H87" },
    ]);
    assert.equal(event.epcList, undefined);
    assert.deepEqual(event.readPoint, { id: MILL });
    assert.equal(event.sourceList?.[0]?.type, "owning_party");
    assert.match(event.eventID, /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    validates([event]);
  });

  it("list an item by its Digital Link URI, ADD it on commissioning with its lot in the ILMD", () => {
    const event = buildJourneyEvent({
      step: 5,
      eventTime: new Date("2025-03-01T08:00:00Z"),
      gtin: "96385074",
      lot: "L1",
      serial: "SN/0001",
      bizLocation: STORE,
    });
    assert.equal(event.bizStep, "commissioning");
    assert.equal(event.action, "ADD");
    assert.deepEqual(event.epcList, ["https://id.gs1.org/01/00000096385074/21/SN%2F0001"]);
    assert.deepEqual(event.ilmd, { "cbvmda:lotNumber": "L1" });
    assert.deepEqual(event.bizLocation, { id: `https://id.gs1.org/414/${STORE}` });
    assert.equal(event.eventTimeZoneOffset, "+00:00");
    validates([event]);
  });

  it("count the product itself when there is neither lot nor serial", () => {
    const event = buildJourneyEvent({
      step: "https://ref.gs1.org/cbv/BizStep-inspecting",
      eventTime: "2025-03-01T08:00:00Z",
      gtin: GTIN,
    });
    assert.equal(event.bizStep, "inspecting");
    assert.deepEqual(event.quantityList, [{ epcClass: "https://id.gs1.org/01/04006381333931" }]);
    validates([event]);
  });

  it("build every business step", () => {
    const events = BUSINESS_STEPS.map((s) =>
      buildJourneyEvent({ step: s.name, eventTime: "2025-03-01T08:00:00Z", gtin: GTIN, serial: `S${s.step}` }),
    );
    assert.deepEqual(
      events.map((e) => e.bizStep),
      Object.values(node.cbv.bizSteps),
    );
    validates(events);
  });

  it("refuse what the standard or GS1 would refuse", () => {
    const base = { step: "shipping", eventTime: "2025-03-01T08:00:00Z", gtin: GTIN };
    assert.throws(() => buildJourneyEvent({ ...base, step: "teleporting" }), RangeError);
    assert.throws(() => buildJourneyEvent({ ...base, step: 42 }), RangeError);
    assert.throws(() => buildJourneyEvent({ ...base, eventTime: "yesterday" }), RangeError);
    assert.throws(() => buildJourneyEvent({ ...base, timeZoneOffset: "+2:00" }), RangeError);
    assert.throws(() => buildJourneyEvent({ ...base, gtin: "4006381333932" }), Gs1Error);
    assert.throws(() => buildJourneyEvent({ ...base, serial: "S 1" }), Gs1Error);
    assert.throws(() => buildJourneyEvent({ ...base, serial: "S1", lot: "L 1" }), Gs1Error);
    assert.throws(() => buildJourneyEvent({ ...base, serial: "S1", quantity: { value: 1 } }), RangeError);
    assert.throws(() => buildJourneyEvent({ ...base, quantity: { value: 1.5 } }), /whole number/);
    assert.throws(() => buildJourneyEvent({ ...base, quantity: { value: 1, uom: "kg" } }), /Rec\. 20/);
    assert.throws(() => buildJourneyEvent({ ...base, disposition: "lost" }), /CBV 2\.0 value/);
    assert.throws(() => buildJourneyEvent({ ...base, readPoint: "4012345000008" }), /check digit should be 9/);
    assert.throws(() => buildJourneyEvent({ ...base, readPoint: "the mill" }), RangeError);
    assert.throws(() => buildJourneyEvent({ ...base, sourceList: [{ type: "owner", source: MILL }] }), RangeError);
    const invalid = { ...buildJourneyEvent(base), action: "OBSERVE_CAREFULLY" } as unknown as EpcisObjectEvent;
    assert.throws(() => buildEpcisDocument([invalid]), /does not validate: .*action/);
  });
});

describe("EPCIS documents", () => {
  it("carry the EPCIS 2.0 context, schema version and creation date", () => {
    const event = buildJourneyEvent(shipping);
    const document = buildEpcisDocument([event], { creationDate: new Date("2025-03-02T00:00:00Z") });
    assert.equal(document.type, "EPCISDocument");
    assert.equal(document["@context"], EPCIS_CONTEXT);
    assert.equal(document.schemaVersion, "2.0");
    assert.equal(document.creationDate, "2025-03-02T00:00:00.000Z");
    assert.deepEqual(document.epcisBody.eventList, [event]);
    assert.deepEqual(validateEpcis(document), { success: true, errors: [] });
    assert.equal(JSON.stringify(document).includes("eventID"), true);
    // The validator does not change what it is given.
    const copy = structuredClone(document);
    validateEpcis(document);
    assert.deepEqual(document, copy);
  });
});

describe("event hashes", () => {
  it("are epcis2.js's CBV 2.0 hash (eventToHashedId), in both its Node and browser builds", () => {
    const event = buildJourneyEvent(shipping);
    const hash = epcisEventHash(event);
    assert.equal(hash.ni, node.eventToHashedId(structuredClone(event), {}));
    assert.equal(hash.ni, browser.eventToHashedId(structuredClone(event), {}));
    assert.equal(hash.ni, event.eventID);
    assert.equal(hash.bytes32, `0x${/sha-256;([0-9a-f]{64})/.exec(hash.ni)![1]}`);
  });

  it("are stable: the same event, rebuilt or read back from JSON, hashes alike", () => {
    const event = buildJourneyEvent(shipping);
    assert.equal(buildJourneyEvent(shipping).eventID, event.eventID);
    const sameInstant = { ...shipping, eventTime: new Date("2025-03-01T08:30:00Z"), timeZoneOffset: "+01:00" };
    assert.equal(buildJourneyEvent(sameInstant).eventID, event.eventID);
    // The offset is part of the event.
    assert.notEqual(buildJourneyEvent({ ...sameInstant, timeZoneOffset: "+00:00" }).eventID, event.eventID);
    assert.equal(epcisEventHash(JSON.parse(JSON.stringify(event)) as object).ni, event.eventID);
    // eventID itself, @context and key order do not count.
    const { eventID: _id, ...rest } = event;
    assert.equal(epcisEventHash(rest).ni, event.eventID);
    assert.equal(
      epcisEventHash({ "@context": EPCIS_CONTEXT, ...Object.fromEntries(Object.entries(event).reverse()) }).ni,
      event.eventID,
    );
    // A bare CBV value and its https form are the same value.
    assert.equal(
      epcisEventHash({
        ...event,
        bizStep: "https://ref.gs1.org/cbv/BizStep-shipping",
        disposition: "https://ref.gs1.org/cbv/Disp-in_transit",
      }).ni,
      event.eventID,
    );
    // Pinned, so a change in epcis2.js's canonicalisation shows up here.
    assert.equal(
      event.eventID,
      "ni:///sha-256;60d8721994558c1c8e9d0d85a557e4e61427e1e95e8f383e17096b64341659d6?ver=CBV2.0",
    );
  });

  it("change with what the event says", () => {
    const id = buildJourneyEvent(shipping).eventID;
    const variants: JourneyEventInput[] = [
      { ...shipping, step: "receiving" },
      { ...shipping, eventTime: "2025-03-01T09:30:01+01:00" },
      { ...shipping, quantity: { value: 999, uom: "H87" } },
      { ...shipping, lot: "L-2025/02" },
      { ...shipping, readPoint: `https://id.gs1.org/414/${STORE}` },
      { ...shipping, disposition: "in_progress" },
    ];
    for (const input of variants) assert.notEqual(buildJourneyEvent(input).eventID, id, JSON.stringify(input));
  });

  it("do not reorder the lists of the event they hash", () => {
    const event = { ...buildJourneyEvent({ ...shipping, lot: undefined, quantity: undefined, serial: "B" }) };
    event.epcList = ["https://id.gs1.org/01/04006381333931/21/B", "https://id.gs1.org/01/04006381333931/21/A"];
    epcisEventHash(event);
    assert.deepEqual(event.epcList, [
      "https://id.gs1.org/01/04006381333931/21/B",
      "https://id.gs1.org/01/04006381333931/21/A",
    ]);
  });

  it("give recordEvent its arguments", () => {
    const event = buildJourneyEvent(shipping);
    assert.deepEqual(journeyEventRecord(event), {
      step: 33,
      eventTime: BigInt(Date.parse("2025-03-01T08:30:00Z") / 1000),
      eventHash: epcisEventHash(event).bytes32,
    });
  });
});

describe("error declarations", () => {
  const erroneous = buildJourneyEvent({ ...shipping, step: "receiving", quantity: { value: 990, uom: "H87" } });
  const corrective = buildJourneyEvent({ ...shipping, step: "receiving" });
  const declaration = {
    declarationTime: "2025-03-01T12:00:00Z",
    reason: "incorrect_data",
    correctiveEventIDs: [corrective.eventID],
  };

  it("repeat the erroneous event with the declaration, and validate", () => {
    const declared = declareEventError(erroneous, declaration);
    assert.deepEqual(declared.errorDeclaration, {
      declarationTime: "2025-03-01T12:00:00.000Z",
      reason: "incorrect_data",
      correctiveEventIDs: [corrective.eventID],
    });
    assert.equal(erroneous.errorDeclaration, undefined);
    const { errorDeclaration: _d, ...rest } = declared;
    assert.deepEqual(rest, erroneous);
    validates([erroneous, corrective, declared]);
  });

  it("hash like the event they declare erroneous (CBV 2.0 leaves errorDeclaration out)", () => {
    const declared = declareEventError(erroneous, declaration);
    assert.equal(declared.eventID, erroneous.eventID);
    assert.equal(epcisEventHash(declared).ni, erroneous.eventID);
    // Built in one go, the same.
    const built = buildJourneyEvent({
      ...shipping,
      step: "receiving",
      quantity: { value: 990, uom: "H87" },
      errorDeclaration: declaration,
    });
    assert.deepEqual(built, declared);
    // The corrective event is what the contract's correctEvent records, naming the erroneous event's hash.
    assert.notEqual(journeyEventRecord(corrective).eventHash, journeyEventRecord(declared).eventHash);
  });

  it("refuse reasons outside the CBV that are not URIs", () => {
    assert.throws(() => declareEventError(erroneous, { ...declaration, reason: "oops" }), /CBV 2\.0 value/);
    assert.throws(
      () => declareEventError(erroneous, { ...declaration, correctiveEventIDs: ["not a uri"] }),
      /not a URI/,
    );
    assert.throws(() => declareEventError(erroneous, { ...declaration, declarationTime: "soon" }), RangeError);
  });
});
