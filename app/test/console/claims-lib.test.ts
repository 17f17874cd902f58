/**
 * The console's pure claim helpers: a topic's JSON Schema as a form (lib/claims-form.ts), batch rows from CSV
 * (lib/claims-batch.ts), and claim status, evidence locations and scopes (lib/claims-status.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import {
  accessScope,
  buildClaimDocument,
  claimFromDocument,
  claimId,
  getTopic,
  TOPICS,
  validateTopicValues,
} from "@constellate/sdk";
import type { Claim } from "@constellate/sdk";
import { encodeAbiParameters, keccak256, zeroHash } from "viem";

import {
  batchClaimStatus,
  columnOf,
  csvColumns,
  mergeRow,
  parseCsv,
  rowsFromCsv,
} from "../../src/console/lib/claims-batch.ts";
import {
  allFields,
  buildFormModel,
  dateTimeFromInput,
  dateTimeToInput,
  enumValue,
  fieldHint,
  FORM_PROBLEM,
  humanize,
  leafFields,
  problemsFromIssues,
  readForm,
  stateFromValues,
  WINDOW_FROM,
  WINDOW_UNTIL,
} from "../../src/console/lib/claims-form.ts";
import type { FormField, FormState, ObjectField } from "../../src/console/lib/claims-form.ts";
import {
  batchEvidenceScope,
  buildEvidenceIndex,
  claimBatchId,
  claimEvidenceScope,
  claimOfIndexed,
  claimStatus,
  evidenceIndexOf,
  parseEvidenceIndex,
  reasonWords,
  vaultDocumentUrl,
  verifiersForValidity,
  withEvidenceIndex,
  withoutFragment,
} from "../../src/console/lib/claims-status.ts";
import type { ChainValidity, StatusInput, VerdictInput } from "../../src/console/lib/claims-status.ts";

const ISSUER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const VERIFIER_A = "0x3c44cDDb6A900Fa2b585dd299e03d12Fa4293Bc5";
const VERIFIER_B = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const GTIN = "4012345000016";

const PCF_VALUES = (
  JSON.parse(readFileSync(new URL("../../../sdk/test/vectors/claim-document.json", import.meta.url), "utf8")) as {
    document: { claim: Record<string, unknown> };
  }
).document.claim;

/** A valid example of each topic's values (those of the sdk's tests). */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  "product-carbon-footprint": PCF_VALUES,
  "recycled-content": {
    material: "polyester",
    recycledContentPercent: 65,
    preConsumerPercent: 15,
    postConsumerPercent: 50,
    basis: "mass",
    standard: "GRS",
    chainOfCustodyModel: "mass-balance",
    referencePeriodStart: "2024-01-01",
    referencePeriodEnd: "2024-12-31",
    certificate: { number: "CU-GRS-812345", certificationBody: "Control Union" },
  },
  "water-use": {
    declaredUnitOfMeasurement: "piece",
    declaredUnitAmount: 1,
    waterWithdrawal: 2.9,
    waterConsumption: 2.7,
    boundary: "cradle-to-gate",
    methodology: "ISO 14046",
    geographyCountry: "TR",
    referencePeriodStart: "2024-01-01",
    referencePeriodEnd: "2024-12-31",
  },
  certification: {
    scheme: "gots",
    standardVersion: "GOTS 7.0",
    certificateNumber: "CU 1234567",
    certificationBody: { name: "Control Union Certifications", id: "CU" },
    scope: "Spinning, weaving and dyeing of organic cotton textiles",
    sites: ["8690003000002 (Anatolia mill)", "8690003000019 (Izmir dye house)"],
    labelClaim: "organic",
    validFrom: "2025-01-15",
    validUntil: "2026-01-14",
  },
  "labour-audit": {
    standard: "amfori-BSCI",
    auditType: "periodic",
    auditDate: "2025-01-20",
    auditFirm: { name: "Example Audit Services" },
    site: { name: "Anatolia Organic Cotton Mill", gln: "8690003000002", country: "TR" },
    rating: "B",
    findings: { critical: 0, major: 1, minor: 4, open: 1 },
  },
  "eu-deforestation-free": {
    commodity: "cocoa",
    hsCode: "1801",
    countriesOfProduction: ["CI"],
    geolocation: {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          geometry: { type: "Point", coordinates: [-5.547083, 7.539989] },
          properties: { plotId: "CI-0001", country: "CI", areaHectares: 2.5 },
        },
      ],
    },
    productionPeriod: { start: "2024-10-01", end: "2025-01-31" },
    dueDiligenceStatement: { referenceNumber: "25FRXYZ12345" },
    deforestationFree: true,
    legallyProduced: true,
  },
};

function field(model: ObjectField, path: string): FormField {
  const found = allFields(model).find((f) => f.path === path);
  assert.ok(found, `no field ${path}`);
  return found;
}

function modelOf(name: string): ObjectField {
  return buildFormModel(getTopic(name).schema);
}

// ---------------------------------------------------------------------------------------------------------------------
// Schema to form
// ---------------------------------------------------------------------------------------------------------------------

describe("a topic's schema as a form", () => {
  it("builds a form for every published topic, every field labelled, paths unique", () => {
    for (const topic of TOPICS) {
      const model = buildFormModel(topic.schema);
      assert.equal(model.kind, "object");
      const fields = allFields(model);
      assert.ok(fields.length > 3, topic.name);
      const paths = fields.map((f) => f.path);
      assert.equal(new Set(paths).size, paths.length, `${topic.name}: duplicate paths`);
      const labels = leafFields(model).map((f) => f.label);
      assert.equal(new Set(labels).size, labels.length, `${topic.name}: duplicate labels ${labels}`);
      for (const f of fields.slice(1)) assert.ok(f.label.trim() !== "", `${topic.name} ${f.path} has no label`);
    }
  });

  it("maps the keywords the sdk supports onto controls (recycled content)", () => {
    const model = modelOf("recycled-content");
    assert.deepEqual(
      model.fields.map((f) => [f.key, f.kind, f.required]),
      [
        ["material", "text", true],
        ["recycledContentPercent", "number", true],
        ["preConsumerPercent", "number", false],
        ["postConsumerPercent", "number", false],
        ["basis", "enum", true],
        ["standard", "enum", true],
        ["standardName", "text", false],
        ["chainOfCustodyModel", "enum", false],
        ["referencePeriodStart", "text", false],
        ["referencePeriodEnd", "text", false],
        ["certificate", "object", false],
        ["comment", "text", false],
      ],
    );
    const percent = field(model, "/recycledContentPercent");
    assert.ok(percent.kind === "number" && !percent.integer && percent.minimum === 0 && percent.maximum === 100);
    assert.equal(percent.label, "Recycled content percent");
    const basis = field(model, "/basis");
    assert.ok(basis.kind === "enum");
    assert.deepEqual(basis.options, ["mass", "volume"]);
    const start = field(model, "/referencePeriodStart");
    assert.ok(start.kind === "text" && start.format === "date");
    const uri = field(model, "/certificate/uri");
    assert.ok(uri.kind === "text" && uri.format === "uri");
    assert.equal(uri.label, "Certificate › URI");
    assert.equal(field(model, "/certificate/number").required, true);
    assert.match(fieldHint(percent), /^Required\. A number\. At least 0\. At most 100\. Recycled share, percent\.$/);
  });

  it("resolves $ref, nests objects, lists simple arrays and falls back to JSON for the rest (carbon footprint)", () => {
    const model = modelOf("product-carbon-footprint");
    const pcf = field(model, "/pcf");
    assert.equal(pcf.kind, "object");
    const companyIds = field(model, "/companyIds");
    assert.ok(companyIds.kind === "list" && companyIds.item.kind === "text" && companyIds.uniqueItems);
    assert.equal(companyIds.description, "URNs identifying the data owner (e.g. urn:epc:id:sgln:..., urn:lei:...).");
    const standards = field(model, "/pcf/crossSectoralStandards");
    assert.ok(
      standards.kind === "list" && standards.item.kind === "enum" && standards.item.options.includes("ISO14067"),
    );
    const amount = field(model, "/pcf/declaredUnitAmount");
    assert.ok(amount.kind === "text" && amount.pattern !== undefined && amount.required);
    assert.equal(field(model, "/pcf/referencePeriodStart").kind, "text");
    assert.equal(field(model, "/pcf/packagingEmissionsIncluded").kind, "boolean");
    assert.equal(field(model, "/pcf/secondaryEmissionFactorSources").kind, "json");
    assert.equal(field(model, "/extensions").kind, "json");
    // Deprecated properties are not offered.
    assert.equal(
      allFields(model).find((f) => f.path === "/productCategoryCpc"),
      undefined,
    );
    assert.equal(field(model, "/pcf/ipccCharacterizationFactors").label, "PCF › IPCC characterization factors");
  });

  it("turns `const: true` into a confirmation and other consts into fixed values (EUDR)", () => {
    const model = modelOf("eu-deforestation-free");
    assert.equal(field(model, "/deforestationFree").kind, "confirm");
    const type = field(model, "/geolocation/type");
    assert.ok(type.kind === "const" && type.value === "FeatureCollection");
    assert.equal(field(model, "/geolocation/features").kind, "json");
    const countries = field(model, "/countriesOfProduction");
    assert.ok(countries.kind === "list" && countries.item.kind === "text" && countries.item.pattern === "^[A-Z]{2}$");
  });

  it("says what a field takes: required only with its optional group, decimal text, JSON examples", () => {
    const pcf = modelOf("product-carbon-footprint");
    const dqr = field(pcf, "/pcf/dqi/technologicalDQR");
    assert.equal(dqr.requiredIf, "DQI");
    assert.match(fieldHint(dqr), /^Required if you fill in DQI\. A data quality rating from 1 to 5, as text\.$/);
    assert.equal(field(pcf, "/pcf/declaredUnitAmount").requiredIf, undefined);
    assert.match(fieldHint(field(pcf, "/pcf/fossilGhgEmissions")), /Zero or more, as text with a dot for decimals/);
    assert.match(fieldHint(field(pcf, "/pcf/biogenicCO2Uptake")), /Zero or a negative number/);
    assert.match(fieldHint(field(pcf, "/pcf/declaredUnitAmount")), /A number above zero/);
    assert.match(fieldHint(field(pcf, "/pcf/primaryDataShare")), /A percentage from 0 to 100/);
    const sources = field(pcf, "/pcf/secondaryEmissionFactorSources");
    assert.ok(sources.kind === "json");
    assert.equal(sources.example, '[{"name":"","version":""}]');
    assert.equal(
      fieldHint(sources, { omitRequired: true }).startsWith('JSON, for example [{"name":"","version":""}]'),
      true,
    );
    const features = field(modelOf("eu-deforestation-free"), "/geolocation/features");
    assert.ok(features.kind === "json");
    assert.equal(
      features.example,
      '[{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"properties":{"country":"","areaHectares":0}}]',
    );
  });

  it("knows integers (labour audit findings)", () => {
    const critical = field(modelOf("labour-audit"), "/findings/critical");
    assert.ok(critical.kind === "number" && critical.integer && critical.minimum === 0);
    assert.equal(critical.label, "Findings › Critical");
  });

  it("words property names", () => {
    assert.equal(humanize("recycledContentPercent"), "Recycled content percent");
    assert.equal(humanize("hsCode"), "HS code");
    assert.equal(humanize("pcfExcludingBiogenicUptake"), "PCF excluding biogenic uptake");
    assert.equal(humanize("biogenicCO2Uptake"), "Biogenic CO2 uptake");
    assert.equal(humanize("certificateURI"), "Certificate URI");
    assert.equal(humanize("gln"), "GLN");
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Reading a form
// ---------------------------------------------------------------------------------------------------------------------

describe("reading a filled-in form", () => {
  it("gives back every topic's example values from the form that shows them", () => {
    for (const topic of TOPICS) {
      const model = buildFormModel(topic.schema);
      const example = EXAMPLES[topic.name];
      assert.ok(example !== undefined, `no example for ${topic.name}`);
      const state = stateFromValues(model, example);
      const { values, problems } = readForm(model, state);
      assert.deepEqual(problems, {}, topic.name);
      assert.deepEqual(values, example, topic.name);
      assert.deepEqual(validateTopicValues(topic, values), [], topic.name);
    }
  });

  it("types values as the schema says: numbers, integers, enums, lists, booleans; leaves out empty optional fields", () => {
    const model = modelOf("recycled-content");
    const state: FormState = {
      "/material": "  polyester  ",
      "/recycledContentPercent": "42.5",
      "/basis": enumValue("mass"),
      "/standard": "GRS",
      "/comment": "   ",
      "/certificate/number": "",
    };
    const { values, problems } = readForm(model, state);
    assert.deepEqual(problems, {});
    assert.deepEqual(values, { material: "polyester", recycledContentPercent: 42.5, basis: "mass", standard: "GRS" });

    const pcf = modelOf("product-carbon-footprint");
    const read = readForm(pcf, {
      "/pcf/crossSectoralStandards": [enumValue("ISO14067"), enumValue("PACT-3.0")],
      "/productIds": "urn:gtin:04012345000016\n\n urn:gtin:04012345000023 ",
      "/pcf/packagingEmissionsIncluded": "false",
      "/pcf/referencePeriodStart": "2024-01-01T00:00",
    });
    const p = read.values.pcf as Record<string, unknown>;
    assert.deepEqual(p.crossSectoralStandards, ["ISO14067", "PACT-3.0"]);
    assert.equal(p.packagingEmissionsIncluded, false);
    assert.equal(p.referencePeriodStart, "2024-01-01T00:00:00Z");
    assert.deepEqual(read.values.productIds, ["urn:gtin:04012345000016", "urn:gtin:04012345000023"]);
  });

  it("says in words what it cannot read: a number that is not one, a fraction for an integer, broken JSON", () => {
    const recycled = readForm(modelOf("recycled-content"), { "/recycledContentPercent": "12,5" });
    assert.equal(recycled.problems["/recycledContentPercent"], "Enter a number (use a dot for decimals).");
    assert.equal("recycledContentPercent" in recycled.values, false);
    const audit = readForm(modelOf("labour-audit"), { "/findings/critical": "1.5" });
    assert.equal(audit.problems["/findings/critical"], "Enter a whole number.");
    const pcf = readForm(modelOf("product-carbon-footprint"), { "/extensions": "[{ oops" });
    assert.match(pcf.problems["/extensions"] ?? "", /^This is not valid JSON/);
    const enumBad = readForm(modelOf("recycled-content"), { "/basis": '"weight"' });
    assert.equal(enumBad.problems["/basis"], "Choose one of mass, volume.");
  });

  it("converts date-times between the browser's input and RFC 3339 (UTC)", () => {
    assert.equal(dateTimeFromInput("2025-01-31T14:05"), "2025-01-31T14:05:00Z");
    assert.equal(dateTimeFromInput("2025-01-31T14:05:09"), "2025-01-31T14:05:09Z");
    assert.equal(dateTimeFromInput("2025-01-31T14:05:09+02:00"), "2025-01-31T14:05:09+02:00");
    assert.equal(dateTimeToInput("2025-01-31T14:05:00Z"), "2025-01-31T14:05");
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// The sdk's issues on the fields
// ---------------------------------------------------------------------------------------------------------------------

describe("validation issues placed on fields", () => {
  const topic = getTopic("recycled-content");
  const model = buildFormModel(topic.schema);
  const problems = (state: FormState, context?: { validFrom?: string; validUntil?: string }) =>
    problemsFromIssues(model, validateTopicValues(topic, readForm(model, state).values, context));

  it("marks missing required fields as required, each on its own field", () => {
    const p = problems({ "/material": "PET" });
    assert.equal(p["/recycledContentPercent"], "Required.");
    assert.equal(p["/basis"], "Required.");
    assert.equal(p["/standard"], "Required.");
    assert.equal(p["/material"], undefined);
  });

  it("words range, pattern and conditional rules on the field they concern", () => {
    const full = { "/material": "PET", "/basis": '"mass"', "/standard": '"other"' };
    const p = problems({ ...full, "/recycledContentPercent": "120" });
    assert.equal(p["/recycledContentPercent"], "Must be at most 100; it is 120");
    // "other" standard needs its name (if/then), filed on standardName.
    assert.equal(p["/standardName"], "Required.");
    const cert = problems({
      ...full,
      "/standardName": "X",
      "/recycledContentPercent": "10",
      "/certificate/uri": "not a uri",
    });
    assert.match(cert["/certificate/uri"] ?? "", /is not a valid uri/);
    assert.equal(cert["/certificate/number"], "Required.");
    // A topic rule across fields (topic.check), once the schema holds.
    const sum = problems({
      ...full,
      "/standardName": "X",
      "/recycledContentPercent": "10",
      "/postConsumerPercent": "50",
    });
    assert.match(sum["/recycledContentPercent"] ?? "", /add up to more than the recycled content/);
  });

  it("files the window's problems under the window and the rest above the form", () => {
    const pcfTopic = getTopic("product-carbon-footprint");
    const pcf = buildFormModel(pcfTopic.schema);
    const values = structuredClone(PCF_VALUES) as { pcf: Record<string, unknown> };
    const issues = validateTopicValues(pcfTopic, values, {
      validFrom: "2000-01-01T00:00:00Z",
      validUntil: "2099-01-01T00:00:00Z",
    });
    const p = problemsFromIssues(pcf, issues);
    assert.match(p[WINDOW_FROM] ?? "", /valid from the end of its reference period/);
    assert.match(p[WINDOW_UNTIL] ?? "", /at most 3 years/);
    values.pcf.geographyRegionOrSubregion = "Europe";
    values.pcf.geographyCountry = "TR";
    const geo = problemsFromIssues(pcf, validateTopicValues(pcfTopic, values));
    assert.match(
      geo[FORM_PROBLEM] ?? "",
      /must not have "geographyRegionOrSubregion" together with "geographyCountry"/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Batches from CSV
// ---------------------------------------------------------------------------------------------------------------------

describe("batch rows from CSV", () => {
  const model = modelOf("water-use");

  it("parses RFC 4180: quotes, doubled quotes, commas and line breaks in fields, CRLF, a BOM", () => {
    assert.deepEqual(parseCsv('\uFEFFa,b,c\r\n1,"two, too","say ""hi""\nthere"\n\n3,,\n'), [
      ["a", "b", "c"],
      ["1", "two, too", 'say "hi"\nthere'],
      ["3", "", ""],
    ]);
    assert.throws(() => parseCsv('a\n"open'), /ends inside a quoted field/);
  });

  it("names columns by field path and reads subjects, windows and typed values", () => {
    assert.equal(columnOf("/pcf/declaredUnitAmount"), "pcf.declaredUnitAmount");
    const columns = csvColumns(model);
    assert.deepEqual(columns.slice(0, 7), ["kind", "gtin", "namespace", "lot", "serial", "validFrom", "validUntil"]);
    assert.ok(columns.includes("waterConsumption") && columns.includes("boundary"));
    const csv = [
      "kind,gtin,lot,serial,validFrom,waterConsumption,boundary",
      `product,${GTIN},,,,1.5,cradle-to-gate`,
      `batch,${GTIN},L-7,,2026-02-01,2,`,
      `item,${GTIN},,SN-1,,,`,
    ].join("\n");
    const { rows, problems } = rowsFromCsv(model, csv);
    assert.deepEqual(problems, []);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0], {
      line: 2,
      subject: { kind: "product", gtin: GTIN },
      values: { "/waterConsumption": "1.5", "/boundary": enumValue("cradle-to-gate") },
    });
    assert.deepEqual(rows[1]?.subject, { kind: "batch", gtin: GTIN, lot: "L-7" });
    assert.equal(rows[1]?.validFrom, "2026-02-01");
    assert.deepEqual(rows[2]?.values, {});
    // A row's own values over the shared ones, read like a form.
    const shared: FormState = { "/waterConsumption": "9", "/declaredUnitAmount": "1" };
    const merged = readForm(model, mergeRow(shared, rows[1]!)).values;
    assert.equal(merged.waterConsumption, 2);
    assert.equal(merged.declaredUnitAmount, 1);
  });

  it("says what is wrong, by line: unknown columns, kinds, enum values, missing lot or serial", () => {
    const { problems } = rowsFromCsv(
      model,
      ["kind,gtin,lot,colour,boundary", `box,${GTIN},,,`, `batch,${GTIN},,,`, `product,${GTIN},,,cradle-to-moon`].join(
        "\n",
      ),
    );
    assert.deepEqual(problems, [
      'Column "colour" is neither a subject column (kind, gtin, namespace, lot, serial, validFrom, validUntil) nor a field of this topic.',
      'Line 2: kind "box" is not one of product, batch, item, company.',
      "Line 3: a batch claim needs its lot.",
      'Line 4: boundary "cradle-to-moon" is not one of cradle-to-gate, gate-to-gate, cradle-to-grave.',
    ]);
    assert.deepEqual(rowsFromCsv(model, "kind,gtin\n").problems, ["The CSV has a header but no claims."]);
  });

  it("takes list items separated by semicolons", () => {
    const pcf = modelOf("product-carbon-footprint");
    const { rows, problems } = rowsFromCsv(
      pcf,
      `gtin,pcf.crossSectoralStandards,productIds\n${GTIN},ISO14067; PACT-3.0,urn:a:1;urn:b:2`,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(rows[0]?.values["/pcf/crossSectoralStandards"], [enumValue("ISO14067"), enumValue("PACT-3.0")]);
    assert.equal(rows[0]?.values["/productIds"], "urn:a:1\nurn:b:2");
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Status in words
// ---------------------------------------------------------------------------------------------------------------------

describe("a claim's status in words", () => {
  const NOW = 1_800_000_000n;
  const base: StatusInput = {
    revoked: false,
    validFrom: NOW - 1000n,
    validUntil: null,
    issuedAt: NOW - 1000n,
    verdicts: [],
    now: NOW,
  };
  const attested = (verifier: string, name: string, expiresAt: bigint | null = null): VerdictInput => ({
    verifier,
    verifierName: name,
    verdict: "Attested",
    expiresAt,
    givenAt: NOW - 10n,
  });
  const chain = (over: Partial<ChainValidity>): ChainValidity => ({
    exists: true,
    revoked: false,
    inWindow: true,
    issuerCompromised: false,
    attestations: 0,
    rejections: 0,
    valid: true,
    ...over,
  });

  it("names the verifiers that attested a valid claim", () => {
    const s = claimStatus({
      ...base,
      verdicts: [attested(VERIFIER_A, "Clearview Assurance"), attested(VERIFIER_B, "Northbound Audits")],
    });
    assert.equal(s.kind, "verified");
    assert.equal(s.label, "Valid, verified: attested by Clearview Assurance and Northbound Audits");
    assert.equal(s.tone, "good");
  });

  it("says awaiting verification, rejected (with the reason in words), revoked, expired, not yet valid, void", () => {
    assert.equal(claimStatus(base).label, "Valid, awaiting verification");
    const rejected = claimStatus({
      ...base,
      verdicts: [{ verifier: VERIFIER_A, verifierName: "Clearview", verdict: "Rejected", reason: 1, givenAt: NOW }],
    });
    assert.equal(rejected.kind, "rejected");
    assert.equal(rejected.label, "Rejected by Clearview (Insufficient evidence)");
    assert.equal(
      claimStatus({ ...base, revoked: true, revokedAt: 1_767_225_600n }).label,
      "Revoked by its issuer on 2026-01-01",
    );
    assert.equal(claimStatus({ ...base, validUntil: NOW - 1n }).kind, "expired");
    assert.equal(claimStatus({ ...base, validFrom: 1_893_456_000n }).label, "Not yet valid (from 2030-01-01)");
    assert.equal(claimStatus({ ...base, issuerCompromisedSince: NOW - 2000n }).kind, "void");
    assert.match(reasonWords(6), /^Document unavailable or hash mismatch: /);
  });

  it("does not count a lapsed attestation, and says it lapsed", () => {
    const s = claimStatus({ ...base, verdicts: [attested(VERIFIER_A, "Clearview", NOW)] });
    assert.equal(s.kind, "awaiting");
    assert.equal(s.detail, "The attestation of Clearview has expired.");
  });

  it("lets the chain's answer win, and says when the indexer lags", () => {
    const revoked = claimStatus(base, chain({ revoked: true, valid: false }));
    assert.equal(revoked.kind, "revoked");
    assert.equal(revoked.lagging, true);
    const counted = claimStatus({ ...base, verdicts: [attested(VERIFIER_A, "Clearview")] }, chain({ attestations: 1 }));
    assert.equal(counted.label, "Valid, verified: attested by Clearview");
    assert.equal(counted.confirmed, true);
    assert.equal(counted.lagging, undefined);
    const ahead = claimStatus(base, chain({ attestations: 1 }));
    assert.equal(ahead.label, "Valid, verified: attested by 1 verifier");
    assert.equal(claimStatus(base, chain({ exists: false })).kind, "missing");
    assert.equal(claimStatus(base, chain({ inWindow: false })).kind, "expired");
  });

  it("names the verifiers to the view in ascending order, each once", () => {
    assert.deepEqual(
      verifiersForValidity([
        { verifier: VERIFIER_A },
        { verifier: VERIFIER_B.toLowerCase() },
        { verifier: VERIFIER_A },
      ]),
      [VERIFIER_B, VERIFIER_A],
    );
  });

  it("words a claim of a batch: revoked with its batch, alone, or not accepted in it", () => {
    const input = {
      batchRevoked: false,
      claimRevoked: false,
      validFrom: NOW - 10n,
      validUntil: 0n,
      issuedAt: NOW - 10n,
      verdicts: [attested(VERIFIER_A, "Clearview")],
      now: NOW,
    };
    assert.equal(batchClaimStatus(input).kind, "verified");
    assert.equal(
      batchClaimStatus({ ...input, batchRevoked: true }).label,
      "Revoked with its whole batch by its issuer",
    );
    assert.equal(batchClaimStatus({ ...input, claimRevoked: true }).kind, "revoked");
    assert.equal(
      batchClaimStatus(input, chain({ exists: false })).label,
      "Not valid: the chain does not accept it in its batch",
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Claims, documents and evidence
// ---------------------------------------------------------------------------------------------------------------------

describe("claims from the indexer, document locations and evidence", () => {
  const doc = buildClaimDocument({
    topic: "recycled-content",
    subject: { kind: "product", gtin: GTIN },
    issuer: ISSUER,
    values: EXAMPLES["recycled-content"]!,
    validFrom: "2025-01-01",
    salt: `0x${"ab".repeat(32)}`,
  });
  const claim: Claim = claimFromDocument(doc, {
    documentURI: "http://127.0.0.1:3000/api/vault/documents/x/y",
    constellation: 1n,
  });
  const id = claimId(claim);

  it("rebuilds the claim struct of an indexed claim and checks it hashes to its id", () => {
    const indexed = {
      id,
      issuer: { id: ISSUER.toLowerCase() },
      product: { id: claim.product },
      subject: claim.subject,
      constellation: { id: "1" },
      topic: claim.topic,
      documentHash: claim.documentHash,
      documentURI: claim.documentURI,
      validFrom: claim.validFrom.toString(),
      validUntil: null,
    };
    assert.deepEqual(claimOfIndexed(indexed), claim);
    assert.throws(() => claimOfIndexed({ ...indexed, documentURI: "elsewhere" }), /does not hash to its id/);
  });

  it("puts the evidence index in the document URI's fragment, which fetching drops", () => {
    const url = vaultDocumentUrl("http://127.0.0.1:3000/", ISSUER, claim.documentHash);
    assert.equal(
      url,
      `http://127.0.0.1:3000/api/vault/documents/${ISSUER.toLowerCase()}/${claim.documentHash.slice(2)}`,
    );
    const index = "ab".repeat(32);
    const uri = withEvidenceIndex(url, `0x${index.toUpperCase()}`);
    assert.equal(uri, `${url}#evidence=${index}`);
    assert.equal(evidenceIndexOf(uri), index);
    assert.equal(evidenceIndexOf(url), undefined);
    assert.equal(withoutFragment(uri), url);
    assert.equal(withEvidenceIndex(url, undefined), url);
  });

  it("keeps each claim's and batch's evidence under a scope of its own", () => {
    assert.equal(
      claimEvidenceScope({ id, product: claim.product }),
      accessScope("claim-evidence", claim.product, `claim/${id}`),
    );
    assert.equal(claimEvidenceScope({ id, product: zeroHash }), accessScope("claim-evidence", null, `claim/${id}`));
    assert.notEqual(
      claimEvidenceScope({ id, product: claim.product }),
      claimEvidenceScope({ id: `0x${"1".repeat(64)}`, product: claim.product }),
    );
    const root = `0x${"cd".repeat(32)}` as const;
    const batch = claimBatchId(ISSUER, root);
    assert.equal(batch, keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [ISSUER, root])));
    assert.equal(batchEvidenceScope(batch), accessScope("claim-evidence", null, `batch/${batch}`));
  });

  it("writes and reads evidence indexes", () => {
    const salt = `0x${"01".repeat(32)}`;
    const index = buildEvidenceIndex(
      [{ name: "LCA report.pdf", contentType: "application/pdf", size: 1234, sha256: `0x${"AA".repeat(32)}` }],
      salt,
    );
    assert.deepEqual(index.files[0], {
      name: "LCA report.pdf",
      contentType: "application/pdf",
      size: 1234,
      sha256: "aa".repeat(32),
    });
    assert.deepEqual(parseEvidenceIndex(JSON.parse(JSON.stringify(index))), index);
    assert.throws(() => parseEvidenceIndex({ type: "Other" }), /not a version 1 ConstellateClaimEvidence/);
    assert.throws(
      () => parseEvidenceIndex({ ...index, files: [{ name: "x" }] }),
      /evidence file #1 has no name or SHA-256/,
    );
    assert.throws(() => buildEvidenceIndex([], "0x12"), /32 bytes/);
  });
});
