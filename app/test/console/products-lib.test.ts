/**
 * The product pages' pure helpers (app/src/console/lib/products*.ts): GTIN checks in words, business steps and roles,
 * locations, times, quantities, CSV reading, serial lists, journey imports, and the EPCIS documents of events and
 * corrections (hashes as the chain records them).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { businessStepCode, ProductRole } from "@constellate/sdk";
import { epcisEventHash, validateEpcis } from "@constellate/sdk/epcis";

import {
  checkEventDraft,
  checkEventTime,
  checkGtin,
  checkLocation,
  checkQuantity,
  checkSha256,
  describeLines,
  DISPOSITIONS,
  draftFromFields,
  emptyDraft,
  keyTextProblem,
  metadataUriProblem,
  parseCsv,
  parseJourneyCsv,
  parseStep,
  productRoleNames,
  readSerials,
  stepLabel,
  stepRefusal,
  timeZoneOffset,
  toLocalInput,
} from "../../src/console/lib/products.ts";
import {
  buildEvent,
  correctionDocument,
  eventDocument,
  eventNi,
  fieldsOf,
  findEvent,
  recordArgs,
} from "../../src/console/lib/products-epcis.ts";
import { sha256Hex } from "../../src/console/lib/products-vault.ts";

const COMPANY = "0x1111111111111111111111111111111111111111";
const NOW = new Date("2026-03-10T12:00:00Z");
const OWNER = { company: COMPANY, isOwner: true, roles: 0, now: NOW };

describe("checkGtin", () => {
  it("accepts GTIN-8, -12, -13 and -14 and normalises them to GTIN-14", () => {
    assert.deepEqual(checkGtin("4012345000016"), { ok: true, gtin14: "04012345000016" });
    assert.deepEqual(checkGtin("04012345000016"), { ok: true, gtin14: "04012345000016" });
    assert.deepEqual(checkGtin("96385074"), { ok: true, gtin14: "00000096385074" });
    assert.deepEqual(checkGtin("614141000036"), { ok: true, gtin14: "00614141000036" });
  });

  it("names the expected check digit", () => {
    const result = checkGtin("4012345000017");
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.code === "checkDigit");
    assert.match(result.problem, /should be 6, not 7/);
    assert.match(result.problem, /4012345000016/);
  });

  it("names the restricted range in words", () => {
    const inStore = checkGtin("2012345000018");
    assert.ok(!inStore.ok && inStore.code === "restricted");
    assert.match(inStore.problem, /in-store/);
    const coupon = checkGtin("9912345000014");
    assert.ok(!coupon.ok && coupon.code === "restricted");
    assert.match(coupon.problem, /coupon/);
  });

  it("explains lengths and characters", () => {
    const short = checkGtin("40123");
    assert.ok(!short.ok && short.code === "length");
    assert.match(short.problem, /8, 12, 13 or 14/);
    const letters = checkGtin("40123450000A6");
    assert.ok(!letters.ok && letters.code === "digits");
    assert.match(letters.problem, /position 12/);
    const spaced = checkGtin("401234 000016");
    assert.ok(!spaced.ok && spaced.code === "digits");
    assert.match(spaced.problem, /a space/);
    assert.deepEqual(checkGtin(""), { ok: false, code: "empty", problem: "Enter the GTIN: 8, 12, 13 or 14 digits." });
  });
});

describe("roles and steps in words", () => {
  it("names product roles", () => {
    assert.equal(productRoleNames(0), "no role");
    assert.equal(productRoleNames(ProductRole.SUPPLIER), "Supplier");
    assert.equal(
      productRoleNames(ProductRole.SUPPLIER | ProductRole.RETAILER | ProductRole.AUDITOR),
      "Supplier, Retailer and Auditor",
    );
  });

  it("labels steps and reads them back in any common spelling", () => {
    assert.equal(stepLabel("retail_selling"), "Retail selling");
    assert.equal(stepLabel("shipping"), "Shipping");
    assert.equal(parseStep("shipping")?.step, 33);
    assert.equal(parseStep("Retail selling")?.name, "retail_selling");
    assert.equal(parseStep("retail-selling")?.name, "retail_selling");
    assert.equal(parseStep("https://ref.gs1.org/cbv/BizStep-receiving")?.name, "receiving");
    assert.equal(parseStep("24")?.name, "receiving");
    assert.equal(parseStep("42"), undefined);
    assert.equal(parseStep("teleporting"), undefined);
  });

  it("says which steps an actor may record, as the contract does", () => {
    const shipping = businessStepCode("shipping");
    assert.equal(stepRefusal(shipping, true, 0), undefined);
    assert.equal(stepRefusal(shipping, false, ProductRole.LOGISTICS), undefined);
    assert.match(stepRefusal(shipping, false, ProductRole.RETAILER) ?? "", /Supplier and Logistics.*Retailer/);
    assert.match(stepRefusal(businessStepCode("other"), false, ProductRole.ALL) ?? "", /owner only/);
  });

  it("offers the CBV 2.0 dispositions", () => {
    assert.ok(DISPOSITIONS.includes("in_transit"));
    assert.ok(DISPOSITIONS.includes("sellable_accessible"));
  });
});

describe("fields of an event", () => {
  it("reads locations: GLN, SGLN, URI or the company's own id", () => {
    assert.deepEqual(checkLocation("", COMPANY), { ok: true, id: undefined, kind: "none" });
    assert.deepEqual(checkLocation("4012345000009", COMPANY), {
      ok: true,
      id: "https://id.gs1.org/414/4012345000009",
      kind: "GLN",
    });
    const wrong = checkLocation("4012345000008", COMPANY);
    assert.ok(!wrong.ok && /should be 9, not 8/.test(wrong.problem));
    assert.ok(!checkLocation("40123", COMPANY).ok);
    assert.deepEqual(checkLocation("urn:epc:id:sgln:4012345.00001.0", COMPANY), {
      ok: true,
      id: "urn:epc:id:sgln:4012345.00001.0",
      kind: "SGLN",
    });
    assert.ok(!checkLocation("urn:epc:id:sgln:nonsense", COMPANY).ok);
    const own = checkLocation("Warehouse 3", COMPANY);
    assert.deepEqual(own, {
      ok: true,
      id: `urn:constellate:location:${COMPANY}:Warehouse%203`,
      kind: "your own id",
    });
  });

  it("reads times, refusing the future beyond the contract's 15 minutes", () => {
    const zulu = checkEventTime("2026-03-01T14:30:00Z", NOW, { requireOffset: true });
    assert.ok(zulu.ok && zulu.iso === "2026-03-01T14:30:00.000Z" && zulu.offset === "+00:00");
    const offset = checkEventTime("2026-03-01T14:30:00+01:00", NOW, { requireOffset: true });
    assert.ok(offset.ok && offset.iso === "2026-03-01T13:30:00.000Z" && offset.offset === "+01:00");
    const bare = checkEventTime("2026-03-01T14:30", NOW, { requireOffset: true });
    assert.ok(!bare.ok && /no time zone/.test(bare.problem));
    const local = checkEventTime("2026-03-01T14:30", NOW);
    assert.ok(local.ok && local.offset === timeZoneOffset(local.date));
    assert.ok(checkEventTime("2026-03-10T12:14:00Z", NOW).ok);
    const future = checkEventTime("2026-03-10T12:16:00Z", NOW);
    assert.ok(!future.ok && /15 minutes/.test(future.problem));
    assert.ok(!checkEventTime("yesterday", NOW).ok);
    assert.ok(!checkEventTime("", NOW).ok);
  });

  it("round-trips the datetime-local value", () => {
    const date = new Date(2026, 2, 1, 9, 5, 7);
    assert.equal(toLocalInput(date), "2026-03-01T09:05:07");
    const back = checkEventTime(toLocalInput(date), NOW);
    assert.ok(back.ok && back.date.getTime() === date.getTime());
  });

  it("reads quantities and units", () => {
    assert.deepEqual(checkQuantity("", ""), { ok: true, quantity: undefined });
    assert.deepEqual(checkQuantity("12", ""), { ok: true, quantity: { value: 12 } });
    assert.deepEqual(checkQuantity("12.5", "kgm"), { ok: true, quantity: { value: 12.5, uom: "KGM" } });
    assert.ok(!checkQuantity("12.5", "").ok);
    assert.ok(!checkQuantity("-3", "").ok);
    assert.ok(!checkQuantity("", "KGM").ok);
    assert.ok(!checkQuantity("3", "kilograms").ok);
  });

  it("checks lots, serials, metadata URIs and hashes", () => {
    assert.equal(keyTextProblem("lot", "LOT-2026-11A"), undefined);
    assert.match(keyTextProblem("lot", "LOT 1") ?? "", /a space/);
    assert.match(keyTextProblem("serial", "X".repeat(21)) ?? "", /at most 20/);
    assert.equal(metadataUriProblem(""), undefined);
    assert.equal(metadataUriProblem("https://example.com/p.json"), undefined);
    assert.equal(metadataUriProblem("ipfs://bafy"), undefined);
    assert.ok(metadataUriProblem("http://example.com") !== undefined);
    assert.ok(metadataUriProblem(`https://example.com/${"a".repeat(520)}`)?.includes("512"));
    assert.deepEqual(checkSha256(""), { ok: true, hash: undefined });
    assert.deepEqual(checkSha256("AB".repeat(32)), { ok: true, hash: `0x${"ab".repeat(32)}` });
    assert.ok(!checkSha256("0x1234").ok);
  });
});

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, line breaks in quotes and CRLF, skipping empty lines", () => {
    const records = parseCsv('a,b,c\r\n1,"two, too","say ""hi"""\r\n\r\n3,"multi\nline",x\n');
    assert.deepEqual(records, [
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "two, too", 'say "hi"'] },
      { line: 4, fields: ["3", "multi\nline", "x"] },
    ]);
  });

  it("detects semicolons and tabs from the header line", () => {
    assert.deepEqual(parseCsv("a;b\n1;2,5"), [
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2,5"] },
    ]);
    assert.deepEqual(parseCsv("a\tb\n1\t2"), [
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });

  it("names the line of an unterminated quote", () => {
    assert.throws(() => parseCsv('a,b\n1,"open\n2,3'), /Line 2/);
  });

  it("drops a byte-order mark and rows of empty fields", () => {
    assert.deepEqual(parseCsv("\uFEFFa,b\n,,\n1,2"), [
      { line: 1, fields: ["a", "b"] },
      { line: 3, fields: ["1", "2"] },
    ]);
  });
});

describe("readSerials", () => {
  it("takes a pasted list (one per line, commas, semicolons, tabs)", () => {
    assert.deepEqual(readSerials("SN1\nSN2, SN3;SN4\tSN5\n"), {
      serials: ["SN1", "SN2", "SN3", "SN4", "SN5"],
      issues: [],
    });
  });

  it("takes the serial column of a CSV export", () => {
    const csv = "gtin,lot,serial\n04012345000016,L1,SN-1\n04012345000016,L1,SN-2\n";
    assert.deepEqual(readSerials(csv), { serials: ["SN-1", "SN-2"], issues: [] });
  });

  it("reports invalid, empty and repeated serials with their lines", () => {
    const { serials, issues } = readSerials("gtin,serial\n1,SN-1\n2,\n3,SN 2\n4,SN-1\n");
    assert.deepEqual(serials, ["SN-1"]);
    assert.deepEqual(
      issues.map((i) => i.line),
      [3, 4, 5],
    );
    assert.match(issues[1]!.message, /a space/);
    assert.match(issues[2]!.message, /repeats line 2/);
  });
});

describe("parseJourneyCsv", () => {
  const header = "subject,lot,serial,step,time,location,quantity,unit,disposition";

  it("reads valid rows into what the record form takes", () => {
    const { rows, problems } = parseJourneyCsv(
      [
        header,
        "batch,LOT-1,,commissioning,2026-03-01T08:00:00+01:00,4012345000009,1000,H87,active",
        "product,,,Shipping,2026-03-02T16:30:00Z,Warehouse 3,,,in transit",
        "item,,SN-1,retail_selling,2026-03-09T11:15:00Z,,,,retail_sold",
      ].join("\n"),
      OWNER,
    );
    assert.deepEqual(problems, []);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0], {
      line: 2,
      subject: "batch",
      lot: "LOT-1",
      step: 5,
      stepName: "commissioning",
      time: "2026-03-01T07:00:00.000Z",
      offset: "+01:00",
      location: "https://id.gs1.org/414/4012345000009",
      quantity: { value: 1000, uom: "H87" },
      disposition: "active",
    });
    assert.equal(rows[1]!.location, `urn:constellate:location:${COMPANY}:Warehouse%203`);
    assert.equal(rows[1]!.disposition, "in_transit");
    assert.equal(rows[2]!.serial, "SN-1");
  });

  it("accepts the columns in any order and case", () => {
    const { rows, problems } = parseJourneyCsv("Time;Step;Subject\n2026-03-01T08:00:00Z;packing;product", OWNER);
    assert.deepEqual(problems, []);
    assert.equal(rows[0]!.stepName, "packing");
  });

  it("lists every problem with its row number", () => {
    const { rows, problems } = parseJourneyCsv(
      [
        header,
        "batch,,,commissioning,2026-03-01T08:00:00Z,,,,", // 2: no lot
        "thing,,,packing,2026-03-01T08:00:00Z,,,,", // 3: subject
        "product,,,teleporting,2026-03-01T08:00:00Z,,,,", // 4: step
        "product,,,packing,2026-03-01 08:00,,,,", // 5: no time zone
        "product,,,packing,2026-04-01T08:00:00Z,,,,", // 6: future
        "product,,,packing,2026-03-01T08:00:00Z,4012345000008,,,", // 7: GLN check digit
        "item,,SN-1,packing,2026-03-01T08:00:00Z,,5,,", // 8: quantity on an item
        "product,,,packing,2026-03-01T08:00:00Z,,2.5,,", // 9: fractional count
        "product,,,packing,2026-03-01T08:00:00Z,,,,gone", // 10: disposition
        "batch,LOT 1,,packing,2026-03-01T08:00:00Z,,,,", // 11: lot with a space
        "product,,,packing,2026-03-01T09:00:00Z,,,,", // 12: valid
        "product,,,packing,2026-03-01T09:00:00Z,,,,", // 13: repeats 12
      ].join("\n"),
      OWNER,
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13],
    );
    const by = new Map(problems.map((p) => [p.line, p.message]));
    assert.match(by.get(2)!, /needs its lot/);
    assert.match(by.get(3)!, /not product, batch or item/);
    assert.match(by.get(4)!, /41 CBV business steps/);
    assert.match(by.get(5)!, /no time zone/);
    assert.match(by.get(6)!, /future/);
    assert.match(by.get(7)!, /check digit/);
    assert.match(by.get(8)!, /one piece/);
    assert.match(by.get(9)!, /whole number/);
    assert.match(by.get(10)!, /disposition/);
    assert.match(by.get(11)!, /a space/);
    assert.match(by.get(13)!, /repeats line 12/);
    assert.deepEqual(
      rows.map((r) => r.line),
      [12],
    );
  });

  it("refuses steps the actor's roles do not cover", () => {
    const { problems } = parseJourneyCsv("subject,step,time\nproduct,retail_selling,2026-03-01T08:00:00Z", {
      ...OWNER,
      isOwner: false,
      roles: ProductRole.LOGISTICS,
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /Retailer role/);
  });

  it("refuses unknown and missing columns before reading rows", () => {
    const unknown = parseJourneyCsv("subject,step,time,colour\nproduct,packing,2026-03-01T08:00:00Z,red", OWNER);
    assert.match(unknown.problems[0]!.message, /Unknown column "colour"/);
    const missing = parseJourneyCsv("subject,step\nproduct,packing", OWNER);
    assert.match(missing.problems[0]!.message, /no "time" column/);
    assert.match(parseJourneyCsv("", OWNER).problems[0]!.message, /empty/);
    assert.match(parseJourneyCsv("subject,step,time\n", OWNER).problems[0]!.message, /no rows/);
  });

  it("says which rows in words", () => {
    assert.equal(describeLines([]), "no rows");
    assert.equal(describeLines([4]), "row 4");
    assert.equal(describeLines([4, 2, 3]), "rows 2-4");
    assert.equal(describeLines([2, 4, 7]), "rows 2, 4 and 7");
  });
});

describe("the record form", () => {
  it("checks a draft field by field", () => {
    const draft = { ...emptyDraft(NOW), subject: "batch" as const, lot: "", step: "" };
    const { problems, event } = checkEventDraft(draft, OWNER);
    assert.equal(event, undefined);
    assert.equal(problems.lot, "Enter the lot.");
    assert.equal(problems.step, "Choose the business step.");
    assert.equal(problems.time, undefined);
  });

  it("turns a valid draft into the event's fields", () => {
    const draft = {
      ...emptyDraft(new Date("2026-03-10T11:00:00Z")),
      subject: "batch" as const,
      lot: "LOT-1",
      step: String(businessStepCode("shipping")),
      readPoint: "4012345000009",
      quantity: "990",
      unit: "H87",
      disposition: "in_transit",
    };
    const { problems, event } = checkEventDraft(draft, OWNER);
    assert.deepEqual(problems, {});
    assert.equal(event?.stepName, "shipping");
    assert.equal(event?.lot, "LOT-1");
    assert.equal(event?.readPoint, "https://id.gs1.org/414/4012345000009");
    assert.deepEqual(event?.quantity, { value: 990, uom: "H87" });
  });

  it("ignores quantities on items", () => {
    const draft = { ...emptyDraft(NOW), subject: "item" as const, serial: "SN-1", step: "30", quantity: "x" };
    assert.deepEqual(checkEventDraft(draft, OWNER).problems, {});
  });
});

describe("EPCIS documents", () => {
  const gtin = "04012345000016";
  const fields = {
    step: "receiving",
    time: "2026-03-01T10:00:00.000Z",
    offset: "+01:00",
    lot: "LOT-1",
    readPoint: "https://id.gs1.org/414/4012345000009",
    quantity: { value: 990, uom: "H87" },
    disposition: "in_progress",
  };

  it("builds a valid EPCIS 2.0 document whose event hash the chain records", async () => {
    const event = buildEvent(gtin, fields);
    const stored = eventDocument(event, new Date("2026-03-01T10:05:00Z"));
    assert.equal(validateEpcis(stored.document).success, true);
    const args = recordArgs(event);
    assert.equal(args.step, businessStepCode("receiving"));
    assert.equal(args.eventTime, BigInt(Date.parse("2026-03-01T10:00:00Z") / 1000));
    assert.equal(args.eventHash, epcisEventHash(event).bytes32);
    assert.equal(eventNi(args.eventHash), event.eventID);
    const parsed = JSON.parse(new TextDecoder().decode(stored.bytes)) as unknown;
    assert.deepEqual(findEvent(parsed, args.eventHash), event);
    assert.equal(findEvent(parsed, `0x${"00".repeat(32)}`), undefined);
    assert.match(await sha256Hex(stored.bytes), /^[0-9a-f]{64}$/);
  });

  it("gives the form's fields back from an event", () => {
    const event = buildEvent(gtin, fields);
    const back = fieldsOf(event);
    assert.equal(back.subject, "batch");
    assert.equal(back.lot, "LOT-1");
    assert.equal(back.step, "receiving");
    assert.deepEqual(back.quantity, { value: 990, uom: "H87" });
    assert.equal(back.readPoint, fields.readPoint);
    assert.equal(back.disposition, "in_progress");
    const draft = draftFromFields(back);
    assert.equal(draft.step, String(businessStepCode("receiving")));
    assert.equal(draft.quantity, "990");
    const item = fieldsOf(
      buildEvent(gtin, { step: "retail_selling", time: fields.time, offset: "+00:00", serial: "SN/1" }),
    );
    assert.equal(item.subject, "item");
    assert.equal(item.serial, "SN/1");
  });

  it("builds a correction: the erroneous event declared in error, then the corrective one", () => {
    const erroneous = buildEvent(gtin, fields);
    const corrective = buildEvent(gtin, { ...fields, quantity: { value: 1000, uom: "H87" } });
    const stored = correctionDocument(erroneous, corrective, "incorrect_data", new Date("2026-03-01T12:00:00Z"));
    assert.equal(validateEpcis(stored.document).success, true);
    const [declared, second] = stored.document.epcisBody.eventList;
    assert.deepEqual(declared!.errorDeclaration?.correctiveEventIDs, [corrective.eventID]);
    assert.equal(declared!.errorDeclaration?.reason, "incorrect_data");
    // The declaration hashes like the erroneous event, so readers match it with the hash the chain names.
    assert.equal(epcisEventHash(declared!).bytes32, recordArgs(erroneous).eventHash);
    assert.equal(second!.eventID, corrective.eventID);
    // Finding the erroneous event in the correction document gives it back without the declaration.
    assert.deepEqual(findEvent(stored.document, recordArgs(erroneous).eventHash), erroneous);
  });

  it("explains what the standard refuses", () => {
    assert.throws(
      () => buildEvent(gtin, { ...fields, lot: undefined, serial: "SN-1" }),
      /quantity is for a lot or a product/,
    );
  });
});
