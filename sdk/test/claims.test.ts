/**
 * Claim documents, topics, claims and batches.
 *
 * How the fixed vector (vectors/claim-document.json) was checked, once, without the sdk:
 * - `canonical` was written by hand from `document` (keys sorted by UTF-16 code units at every level, no whitespace,
 *   JSON's minimal escapes (\" and \n), non-ASCII as is, 1e-7 as ECMAScript prints it) and then found equal to
 *   `canonicalize(document)`;
 * - `sha256` is the same from `sha256sum`, `openssl dgst -sha256` and node `crypto.createHash("sha256")` over the
 *   UTF-8 of `canonical` (this test repeats the last);
 * - `claim.product` and `claim.subject` from ethers `AbiCoder.encode` + `keccak256` as Products.productIdOf and
 *   batchIdOf define them, `claim.topic` from ethers `id(topic)`, the times from `date -u +%s`;
 * - `claimId` from ethers `TypedDataEncoder.hashStruct("Claim", types, claim)` (this test repeats it).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import canonicalize from "canonicalize";
import { AbiCoder, TypedDataEncoder, id as ethersId, keccak256 as ethersKeccak } from "ethers";
import { keccak256, pad, zeroHash } from "viem";
import type { Hex } from "viem";

import {
  CLAIM_LEAF_ENCODING,
  ClaimDocumentError,
  buildClaimBatch,
  buildClaimDocument,
  canonicalClaimDocument,
  claimDocumentDigestSRI,
  claimDocumentHash,
  claimFromDocument,
  claimKeyFigures,
  claimLeafHash,
  claimManifestHash,
  claimSubjectIds,
  documentMatchesClaim,
  documentTime,
  newClaimSalt,
  toPactProductFootprint,
  toVerifiableCredential,
  validateClaimDocument,
  verifyClaimManifest,
  verifyClaimProof,
} from "../src/claims.ts";
import type { ClaimDocument, ClaimDocumentInput, ClaimManifest } from "../src/claims.ts";
import { batchId, productId } from "../src/gs1.ts";
import {
  MAX_REJECTION_REASON,
  REJECTION_REASONS,
  SchemaError,
  TOPICS,
  assertSupportedSchema,
  findTopic,
  getTopic,
  keyFigures,
  rejectionReason,
  topicId,
  topicKey,
  validateJsonSchema,
  validateTopicValues,
} from "../src/topics.ts";
import type { JsonSchema, Topic } from "../src/topics.ts";
import { CLAIM_TYPE, claimId } from "../src/typed-data.ts";
import type { Claim } from "../src/typed-data.ts";

const vector = JSON.parse(readFileSync(new URL("./vectors/claim-document.json", import.meta.url), "utf8")) as {
  document: ClaimDocument;
  canonical: string;
  sha256: Hex;
  digestSRI: string;
  documentURI: string;
  claim: Record<string, string>;
  claimId: Hex;
};
const vectorClaim: Claim = {
  ...(vector.claim as unknown as Claim),
  constellation: BigInt(vector.claim.constellation!),
  validFrom: BigInt(vector.claim.validFrom!),
  validUntil: BigInt(vector.claim.validUntil!),
};
const PLACEMENT = { documentURI: vector.documentURI, constellation: 1n };

const ISSUER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER = "0x3c44cDDb6A900Fa2b585dd299e03d12Fa4293Bc5";
const GTIN = "4012345000016";
const CLAIMS_CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const SALT: Hex = `0x${"ab".repeat(32)}`;

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClaimDocumentError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

/** What the tests read of a credential. */
interface Credential {
  "@context": string[];
  type: string[];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id: string; claim: unknown };
  relatedResource?: unknown;
  evidence: { claimId: string; contract: string; chain: string; constellation: string }[];
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

// ---------------------------------------------------------------------------------------------------------------------
// Valid examples of every topic, with the document fields each needs.
// ---------------------------------------------------------------------------------------------------------------------

const PCF_VALUES = clone(vector.document.claim) as Record<string, unknown>;

const EXAMPLES: Record<string, Omit<ClaimDocumentInput, "topic" | "issuer">> = {
  "product-carbon-footprint": {
    subject: { kind: "batch", gtin: GTIN, lot: "L-2025/01" },
    values: PCF_VALUES,
    issuedAt: "2025-03-01T12:00:00Z",
    validFrom: "2025-03-01T00:00:00Z",
    validUntil: "2027-12-31T00:00:00Z",
  },
  "recycled-content": {
    subject: { kind: "product", gtin: GTIN },
    values: {
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
    validFrom: "2025-01-01T00:00:00Z",
  },
  "water-use": {
    subject: { kind: "item", gtin: GTIN, serial: "SN-00001" },
    values: {
      declaredUnitOfMeasurement: "piece",
      declaredUnitAmount: 1,
      waterWithdrawal: 2.9,
      waterConsumption: 2.7,
      waterScarcityFootprint: 41.2,
      blueWater: 2.7,
      greenWater: 1.1,
      boundary: "cradle-to-gate",
      methodology: "ISO 14046",
      geographyCountry: "TR",
      referencePeriodStart: "2024-01-01",
      referencePeriodEnd: "2024-12-31",
    },
    validFrom: "2025-01-01T00:00:00Z",
  },
  certification: {
    subject: { kind: "company", company: ISSUER },
    values: {
      scheme: "gots",
      standardVersion: "GOTS 7.0",
      certificateNumber: "CU 1234567",
      certificationBody: { name: "Control Union Certifications", id: "CU" },
      scope: "Spinning, weaving, dyeing and garment manufacturing of organic cotton textiles",
      labelClaim: "organic",
      validFrom: "2025-01-15",
      validUntil: "2026-01-14",
    },
    validFrom: "2025-02-01T00:00:00Z",
    validUntil: "2026-01-15T00:00:00Z",
  },
  "labour-audit": {
    subject: { kind: "company", company: ISSUER },
    values: {
      standard: "amfori-BSCI",
      auditType: "periodic",
      announcement: "semi-announced",
      auditDate: "2025-01-20",
      auditFirm: { name: "Example Audit Services" },
      site: { name: "Anatolia Organic Cotton Mill", gln: "8690003000002", country: "TR" },
      rating: "B",
      findings: { critical: 0, major: 1, minor: 4, open: 1 },
      nextAuditDue: "2026-01-20",
    },
    issuedAt: "2025-02-01T00:00:00Z",
    validFrom: "2025-02-01T00:00:00Z",
    validUntil: "2026-01-20T00:00:00Z",
  },
  "eu-deforestation-free": {
    subject: { kind: "batch", gtin: GTIN, lot: "COCOA-2501" },
    values: {
      commodity: "cocoa",
      hsCode: "1801",
      productDescription: "Cocoa beans, whole, raw",
      quantity: { netMassKg: 12000 },
      countriesOfProduction: ["CI", "GH"],
      geolocation: {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            geometry: { type: "Point", coordinates: [-5.547083, 7.539989] },
            properties: { plotId: "CI-0001", country: "CI", areaHectares: 2.5 },
          },
          {
            type: "Feature",
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [-1.023194, 7.946527],
                  [-1.001234, 7.946527],
                  [-1.001234, 7.971234],
                  [-1.023194, 7.971234],
                  [-1.023194, 7.946527],
                ],
              ],
            },
            properties: { plotId: "GH-0001", country: "GH", areaHectares: 6.2, producerName: "Example Cooperative" },
          },
        ],
      },
      productionPeriod: { start: "2024-10-01", end: "2025-01-31" },
      dueDiligenceStatement: { referenceNumber: "25FRXYZ12345", verificationNumber: "ABCD1234" },
      operatorRole: "operator",
      deforestationFree: true,
      legallyProduced: true,
    },
    validFrom: "2025-02-15T00:00:00Z",
  },
};

function example(name: string, change?: (values: Record<string, unknown>) => void): ClaimDocumentInput {
  const base = EXAMPLES[name]!;
  const values = clone(base.values);
  change?.(values);
  return { ...clone(base), values, topic: name, issuer: ISSUER, salt: SALT };
}

function topicIssues(name: string, change: (values: Record<string, unknown>) => void): string[] {
  return issues(() => buildClaimDocument(example(name, change)));
}

// ---------------------------------------------------------------------------------------------------------------------

describe("the fixed claim document vector", () => {
  it("canonicalises to the hand-written RFC 8785 form", () => {
    assert.equal(canonicalClaimDocument(vector.document), vector.canonical);
    assert.equal(canonicalize(vector.document), vector.canonical);
  });

  it("hashes to the SHA-256 of the canonical form's UTF-8 (checked with node:crypto)", () => {
    assert.equal(claimDocumentHash(vector.document), vector.sha256);
    assert.equal(`0x${createHash("sha256").update(vector.canonical, "utf8").digest("hex")}`, vector.sha256);
    assert.equal(claimDocumentDigestSRI(vector.document), vector.digestSRI);
    assert.equal(vector.digestSRI, `sha256-${createHash("sha256").update(vector.canonical, "utf8").digest("base64")}`);
  });

  it("is a valid document, and buildClaimDocument rebuilds it exactly from its parts", () => {
    assert.deepEqual(validateClaimDocument(vector.document), []);
    const d = vector.document;
    const rebuilt = buildClaimDocument({
      topic: d.topic,
      subject: { kind: "batch", gtin: GTIN, lot: d.subject.lot! },
      issuer: d.issuer.toLowerCase(),
      values: d.claim,
      issuedAt: new Date(d.issuedAt),
      validFrom: BigInt(Date.parse(d.validFrom) / 1000),
      validUntil: d.validUntil!,
      salt: d.salt,
    });
    assert.equal(canonicalClaimDocument(rebuilt), vector.canonical);
  });

  it("gives the claim of the vector, whose id is ethers' struct hash", () => {
    const claim = claimFromDocument(vector.document, PLACEMENT);
    assert.deepEqual(claim, vectorClaim);
    assert.equal(claimId(claim), vector.claimId);
    const types = { Claim: CLAIM_TYPE.map((f) => ({ ...f })) };
    assert.equal(TypedDataEncoder.hashStruct("Claim", types, claim), vector.claimId);
    // The subject ids, as the Products contract defines them.
    const coder = AbiCoder.defaultAbiCoder();
    const product = ethersKeccak(coder.encode(["address", "uint256"], [zeroHash.slice(0, 42), BigInt(GTIN)]));
    assert.equal(claim.product, product);
    assert.equal(claim.subject, ethersKeccak(coder.encode(["bytes32", "uint8", "string"], [product, 10, "L-2025/01"])));
    assert.equal(claim.topic, ethersId("constellate.topic.product-carbon-footprint.v1"));
  });

  it("changes hash with any change to the document, the salt included", () => {
    const salted = { ...clone(vector.document), salt: `0x${"00".repeat(32)}` as Hex };
    assert.notEqual(claimDocumentHash(salted), vector.sha256);
    const edited = clone(vector.document);
    (edited.claim.pcf as Record<string, string>).pcfExcludingBiogenicUptake = "2.36";
    assert.notEqual(claimDocumentHash(edited), vector.sha256);
    // Key order and whitespace do not matter.
    const reverse = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverse)
        : typeof value === "object" && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverse(v)]),
            )
          : value;
    const reordered = reverse(vector.document);
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(vector.document));
    assert.equal(claimDocumentHash(reordered), vector.sha256);
  });
});

describe("claim documents", () => {
  it("get a fresh random 256-bit salt unless one is given", () => {
    const a = buildClaimDocument({ ...example("recycled-content"), salt: undefined });
    const b = buildClaimDocument({ ...example("recycled-content"), salt: undefined });
    assert.match(a.salt, /^0x[0-9a-f]{64}$/);
    assert.notEqual(a.salt, b.salt);
    assert.notEqual(claimDocumentHash(a), claimDocumentHash(b));
    assert.match(newClaimSalt(), /^0x[0-9a-f]{64}$/);
  });

  it("write times in UTC, whole seconds", () => {
    assert.equal(documentTime(new Date("2025-03-01T12:00:00.987Z")), "2025-03-01T12:00:00Z");
    assert.equal(documentTime("2025-03-01T14:00:00+02:00"), "2025-03-01T12:00:00Z");
    assert.equal(documentTime("2025-03-01"), "2025-03-01T00:00:00Z");
    assert.equal(documentTime(1740787200), "2025-03-01T00:00:00Z");
    assert.equal(documentTime(1740787200n), "2025-03-01T00:00:00Z");
    assert.throws(() => documentTime("1 March 2025"), TypeError);
    assert.throws(() => documentTime(-1), RangeError);
  });

  it("refuse values JSON cannot carry exactly", () => {
    assert.throws(() => buildClaimDocument(example("water-use", (v) => (v.waterConsumption = 3n))), /bigint/);
    assert.throws(() => buildClaimDocument(example("water-use", (v) => (v.waterConsumption = NaN))), /JSON number/);
    assert.throws(() => buildClaimDocument(example("water-use", (v) => (v.comment = new Date()))), /RFC 3339/);
    // Undefined properties are left out, as JSON.stringify does.
    const d = buildClaimDocument(example("water-use", (v) => (v.comment = undefined)));
    assert.equal("comment" in d.claim, false);
  });

  it("check the subject as the Products contract does", () => {
    assert.throws(
      () => buildClaimDocument({ ...example("recycled-content"), subject: { kind: "product", gtin: "4012345000017" } }),
      /check digit/,
    );
    assert.match(
      issues(() =>
        buildClaimDocument({
          ...example("recycled-content"),
          subject: { kind: "batch", gtin: GTIN, lot: "lot with space" },
        }),
      ).join(),
      /\/subject\/lot/,
    );
    assert.match(
      issues(() =>
        buildClaimDocument({ ...example("recycled-content"), subject: { kind: "batch", gtin: GTIN } }),
      ).join(),
      /needs "lot"/,
    );
    assert.match(
      issues(() =>
        buildClaimDocument({ ...example("recycled-content"), subject: { kind: "product", gtin: GTIN, serial: "1" } }),
      ).join(),
      /must not have "serial"/,
    );
  });

  it("let a company claim only about itself, as bytes32 of its address", () => {
    assert.match(
      issues(() =>
        buildClaimDocument({ ...example("certification"), subject: { kind: "company", company: OTHER } }),
      ).join(),
      /about itself/,
    );
    const d = buildClaimDocument(example("certification"));
    const ids = claimSubjectIds(d.subject);
    assert.equal(ids.product, zeroHash);
    assert.equal(ids.subject, pad(ISSUER.toLowerCase() as Hex, { size: 32 }));
  });

  it("identify self-declared registrations by their namespace", () => {
    const d = buildClaimDocument({
      ...example("recycled-content"),
      subject: { kind: "product", gtin: GTIN, namespace: OTHER },
    });
    assert.equal(claimSubjectIds(d.subject).product, productId(OTHER, GTIN));
    const brand = buildClaimDocument({
      ...example("recycled-content"),
      subject: { kind: "product", gtin: GTIN, namespace: zeroHash.slice(0, 42) },
    });
    assert.equal("namespace" in brand.subject, false);
    assert.equal(claimSubjectIds(brand.subject).subject, productId(null, GTIN));
  });

  it("refuse a subject kind the topic does not take", () => {
    assert.match(
      issues(() =>
        buildClaimDocument({ ...example("product-carbon-footprint"), subject: { kind: "company", company: ISSUER } }),
      ).join(),
      /not a company/,
    );
  });

  it("need validUntil after validFrom, a known topic and schema version", () => {
    assert.match(
      issues(() => buildClaimDocument({ ...example("recycled-content"), validUntil: "2024-12-31T00:00:00Z" })).join(),
      /after validFrom/,
    );
    assert.match(
      issues(() => buildClaimDocument({ ...example("recycled-content"), version: "1.1.0" })).join(),
      /newer/,
    );
    assert.match(
      issues(() => buildClaimDocument({ ...example("recycled-content"), version: "2.0.0" })).join(),
      /1\.x\.x/,
    );
    const unknown = { ...buildClaimDocument(example("recycled-content")), topic: "constellate.topic.unknown.v1" };
    assert.match(
      validateClaimDocument(unknown)
        .map((i) => i.message)
        .join(),
      /not a published topic/,
    );
    assert.throws(() => buildClaimDocument({ ...example("recycled-content"), topic: "unknown" }), RangeError);
  });

  it("refuse envelope fields they do not define", () => {
    const extra = { ...buildClaimDocument(example("recycled-content")), note: "x" };
    assert.match(
      validateClaimDocument(extra)
        .map((i) => i.message)
        .join(),
      /no property "note"/,
    );
    const upper = { ...buildClaimDocument(example("recycled-content")), salt: `0x${"AB".repeat(32)}` };
    assert.equal(validateClaimDocument(upper).length, 1);
  });

  it("match their claim, and no other", () => {
    const claim = claimFromDocument(vector.document, PLACEMENT);
    assert.equal(documentMatchesClaim(vector.document, claim), true);
    assert.equal(documentMatchesClaim(vector.document, { ...claim, validUntil: 0n }), false);
    assert.equal(documentMatchesClaim(vector.document, { ...claim, constellation: 2n }), true);
    assert.notEqual(claimId({ ...claim, constellation: 2n }), claimId(claim));
    assert.equal(documentMatchesClaim(vector.document, { ...claim, documentHash: keccak256("0x01") }), false);
    const other = { ...clone(vector.document), salt: `0x${"cd".repeat(32)}` as Hex };
    assert.equal(documentMatchesClaim(other, claim), false);
  });
});

describe("topics", () => {
  it("have ids that are keccak256 of their full names (ethers id())", () => {
    for (const topic of TOPICS) {
      assert.equal(topic.key, topicKey(topic.name, topic.version));
      assert.equal(topic.id, ethersId(topic.key));
      assert.equal(topicId(topic.key), topic.id);
      assert.equal(getTopic(topic.name), topic);
      assert.equal(getTopic(topic.key), topic);
      assert.equal(getTopic(topic.id.toUpperCase().replace("0X", "0x")), topic);
      assert.equal(topic.schemaFile, `schemas/${topic.name}.v${topic.version}.schema.json`);
      assert.equal(topic.schema.$id, `urn:constellate:schema:${topic.name}.v${topic.version}`);
      assert.equal(Number(topic.schemaVersion.split(".")[0]), topic.version);
    }
    // The demo seed's topic.
    assert.equal(getTopic("product-carbon-footprint").id, ethersId("constellate.topic.product-carbon-footprint.v1"));
    assert.equal(findTopic("nothing"), undefined);
    assert.throws(() => topicKey("Bad Name", 1), RangeError);
    assert.throws(() => topicId("constellate.topic.x"), RangeError);
  });

  it("cover the six published topics", () => {
    assert.deepEqual(
      TOPICS.map((t) => t.key),
      [
        "constellate.topic.product-carbon-footprint.v1",
        "constellate.topic.recycled-content.v1",
        "constellate.topic.water-use.v1",
        "constellate.topic.certification.v1",
        "constellate.topic.labour-audit.v1",
        "constellate.topic.eu-deforestation-free.v1",
      ],
    );
  });

  it("publish their schemas as files the package exports", () => {
    for (const topic of TOPICS) {
      const file = JSON.parse(readFileSync(new URL(`../${topic.schemaFile}`, import.meta.url), "utf8"));
      assert.deepEqual(file, topic.schema);
      assert.equal(file.$schema, "https://json-schema.org/draft/2020-12/schema");
    }
  });

  for (const name of Object.keys(EXAMPLES)) {
    it(`${name}: accepts its example, with key figures and a summary`, () => {
      const topic = getTopic(name);
      const doc = buildClaimDocument(example(name));
      assert.deepEqual(validateClaimDocument(doc), []);
      assert.ok(claimKeyFigures(doc).length >= 2);
      assert.ok(topic.describe(doc.claim).length > 20);
      assert.ok(topic.summary.length > 20 && topic.title.length > 0);
      assert.doesNotMatch(topic.describe(doc.claim), /undefined/);
    });
  }

  it("product-carbon-footprint: refuses what PACT v3 refuses", () => {
    const pcf = (change: (p: Record<string, unknown>) => void) =>
      topicIssues("product-carbon-footprint", (v) => change(v.pcf as Record<string, unknown>)).join("\n");
    assert.match(
      pcf((p) => delete p.pcfExcludingBiogenicUptake),
      /needs "pcfExcludingBiogenicUptake"/,
    );
    assert.match(
      pcf((p) => (p.pCfExcludingBiogenic = "1")),
      /no property "pCfExcludingBiogenic" \(now "pcfExcludingBiogenicUptake"\)/,
    );
    assert.match(
      pcf((p) => (p.declaredUnitOfMeasurement = "kg")),
      /declaredUnitOfMeasurement must be one of/,
    );
    assert.match(
      pcf((p) => (p.declaredUnitAmount = "0")),
      /declaredUnitAmount/,
    );
    assert.match(
      pcf((p) => (p.declaredUnitAmount = 1)),
      /must be string, not integer/,
    );
    assert.match(
      pcf((p) => (p.fossilGhgEmissions = "-0.1")),
      /fossilGhgEmissions/,
    );
    assert.match(
      pcf((p) => (p.primaryDataShare = "100.5")),
      /primaryDataShare/,
    );
    assert.match(
      pcf((p) => (p.ipccCharacterizationFactors = ["AR6", "AR6"])),
      /repeats item 0/,
    );
    assert.match(
      pcf((p) => (p.ipccCharacterizationFactors = [])),
      /at least 1 item/,
    );
    assert.match(
      pcf((p) => (p.crossSectoralStandards = ["ISO 14067"])),
      /must be one of/,
    );
    assert.match(
      pcf((p) => (p.referencePeriodEnd = "2025-02-30T00:00:00Z")),
      /valid date-time/,
    );
    assert.match(
      pcf((p) => (p.geographyRegionOrSubregion = "Western Asia")),
      /must not have "geographyRegionOrSubregion" together with "geographyCountry"/,
    );
    assert.match(
      pcf((p) => {
        p.packagingEmissionsIncluded = false;
        p.packagingGhgEmissions = "0.1";
      }),
      /must not have "packagingGhgEmissions"/,
    );
    assert.match(
      pcf((p) => (p.productOrSectorSpecificRules = [{ operator: "Other", ruleNames: ["x"] }])),
      /needs "otherOperatorName"/,
    );
    assert.match(
      topicIssues("product-carbon-footprint", (v) => (v.productIds = ["04012345000016"])).join(),
      /does not match/,
    );
    // The reference period and the document's window.
    assert.match(
      pcf((p) => (p.referencePeriodStart = "2025-01-01T00:00:00Z")),
      /referencePeriodEnd must be after/,
    );
    assert.match(
      issues(() =>
        buildClaimDocument({ ...example("product-carbon-footprint"), validFrom: "2024-12-01T00:00:00Z" }),
      ).join(),
      /end of its reference period/,
    );
    assert.match(
      issues(() =>
        buildClaimDocument({ ...example("product-carbon-footprint"), validUntil: "2028-01-02T00:00:00Z" }),
      ).join(),
      /3 years/,
    );
    assert.deepEqual(
      issues(() => buildClaimDocument({ ...example("product-carbon-footprint"), validUntil: "2028-01-01T00:00:00Z" })),
      [],
    );
  });

  it("recycled-content: refuses shares out of range or adding up to too much", () => {
    assert.match(topicIssues("recycled-content", (v) => (v.recycledContentPercent = 101)).join(), /at most 100/);
    assert.match(topicIssues("recycled-content", (v) => (v.postConsumerPercent = 60)).join(), /add up to more/);
    assert.match(topicIssues("recycled-content", (v) => (v.standard = "other")).join(), /needs "standardName"/);
    assert.match(topicIssues("recycled-content", (v) => (v.basis = "weight")).join(), /basis must be one of/);
    assert.match(topicIssues("recycled-content", (v) => (v.referencePeriodEnd = "2023-12-31")).join(), /on or after/);
  });

  it("water-use: refuses negative water and consumption above withdrawal", () => {
    assert.match(topicIssues("water-use", (v) => (v.waterConsumption = -1)).join(), /at least 0/);
    assert.match(topicIssues("water-use", (v) => (v.declaredUnitAmount = 0)).join(), /more than 0/);
    assert.match(topicIssues("water-use", (v) => (v.waterConsumption = 3)).join(), /exceed/);
    assert.match(topicIssues("water-use", (v) => delete v.boundary).join(), /needs "boundary"/);
  });

  it("certification: refuses unknown schemes and a window outside the certificate's", () => {
    assert.match(topicIssues("certification", (v) => (v.scheme = "FSC")).join(), /scheme must be one of/);
    assert.match(topicIssues("certification", (v) => (v.scheme = "other")).join(), /needs "schemeName"/);
    assert.deepEqual(
      topicIssues("certification", (v) => {
        v.scheme = "other";
        v.schemeName = "Demoland Organic";
      }),
      [],
    );
    assert.match(topicIssues("certification", (v) => (v.validUntil = "2025-12-31")).join(), /last day/);
    assert.match(topicIssues("certification", (v) => (v.validFrom = "2025-03-01")).join(), /before the certificate/);
    assert.match(
      issues(() => buildClaimDocument({ ...example("certification"), validUntil: undefined })).join(),
      /ends when its certificate does/,
    );
  });

  it("labour-audit: refuses negative or fractional findings and impossible dates", () => {
    assert.match(
      topicIssues("labour-audit", (v) => ((v.findings as Record<string, number>).major = -1)).join(),
      /at least 0/,
    );
    assert.match(
      topicIssues("labour-audit", (v) => ((v.findings as Record<string, number>).minor = 1.5)).join(),
      /integer/,
    );
    assert.match(
      topicIssues("labour-audit", (v) => ((v.findings as Record<string, number>).open = 9)).join(),
      /open findings/,
    );
    assert.match(topicIssues("labour-audit", (v) => (v.auditDate = "2025-03-01")).join(), /after the claim was issued/);
    assert.match(topicIssues("labour-audit", (v) => (v.site = { country: "Turkey" })).join(), /country/);
    assert.match(topicIssues("labour-audit", (v) => (v.auditor = "Jane Doe")).join(), /no property "auditor"/);
  });

  it("eu-deforestation-free: asks for polygons over 4 ha, closed rings, plots in every country", () => {
    const features = (v: Record<string, unknown>) =>
      (v.geolocation as { features: { geometry: Record<string, unknown>; properties: Record<string, unknown> }[] })
        .features;
    // A point for a plot of more than 4 ha.
    assert.match(
      topicIssues("eu-deforestation-free", (v) => (features(v)[0]!.properties.areaHectares = 4.5)).join(),
      /geometry.*Polygon/s,
    );
    // ... allowed for cattle (establishments), and for plots of 4 ha or less.
    assert.deepEqual(
      topicIssues("eu-deforestation-free", (v) => {
        v.commodity = "cattle";
        v.hsCode = "0102";
        features(v)[0]!.properties.areaHectares = 40;
      }),
      [],
    );
    assert.deepEqual(
      topicIssues("eu-deforestation-free", (v) => (features(v)[0]!.properties.areaHectares = 4)),
      [],
    );
    assert.match(
      topicIssues("eu-deforestation-free", (v) => {
        const ring = (features(v)[1]!.geometry.coordinates as number[][][])[0]!;
        ring[ring.length - 1] = [-1.023195, 7.946527];
      }).join(),
      /end where it starts/,
    );
    assert.match(
      topicIssues(
        "eu-deforestation-free",
        (v) => ((features(v)[1]!.geometry.coordinates as number[][][])[0]!.length = 3),
      ).join(),
      /at least 4 items/,
    );
    assert.match(
      topicIssues("eu-deforestation-free", (v) => (features(v)[0]!.geometry.coordinates = [7.5, -95])).join(),
      /at least -90/,
    );
    assert.match(
      topicIssues("eu-deforestation-free", (v) => (v.countriesOfProduction = ["CI"])).join(),
      /not among the countries/,
    );
    assert.match(
      topicIssues("eu-deforestation-free", (v) => (v.countriesOfProduction = ["CI", "GH", "NG"])).join(),
      /no plot lies in NG/,
    );
    assert.match(topicIssues("eu-deforestation-free", (v) => (v.commodity = "wood")).join(), /needs "species"/);
    assert.match(
      topicIssues("eu-deforestation-free", (v) => (v.commodity = "palm oil")).join(),
      /commodity must be one of/,
    );
    assert.match(topicIssues("eu-deforestation-free", (v) => (v.hsCode = "18010")).join(), /hsCode/);
    assert.match(topicIssues("eu-deforestation-free", (v) => (v.deforestationFree = false)).join(), /must be true/);
    assert.match(
      topicIssues("eu-deforestation-free", (v) => delete v.dueDiligenceStatement).join(),
      /needs "dueDiligenceStatement"/,
    );
    assert.match(
      topicIssues(
        "eu-deforestation-free",
        (v) => (v.productionPeriod = { start: "2025-02-01", end: "2025-01-01" }),
      ).join(),
      /on or after/,
    );
  });

  it("show key figures with their units", () => {
    const figures = keyFigures(getTopic("product-carbon-footprint"), vector.document.claim);
    assert.deepEqual(figures[0], {
      label: "Carbon footprint (excluding biogenic CO2 uptake)",
      value: "2.35",
      unit: "kg CO2e per 1 piece",
    });
    assert.ok(figures.every((f) => f.value !== ""));
  });
});

describe("rejection reasons", () => {
  it("run from 1 to MAX_REJECTION_REASON without gaps, with unique names", () => {
    assert.equal(MAX_REJECTION_REASON, 8);
    assert.deepEqual(
      REJECTION_REASONS.map((r) => r.code),
      Array.from({ length: MAX_REJECTION_REASON }, (_, i) => i + 1),
    );
    assert.equal(new Set(REJECTION_REASONS.map((r) => r.name)).size, REJECTION_REASONS.length);
    assert.equal(rejectionReason(6).name, "document_unavailable_or_hash_mismatch");
    assert.equal(rejectionReason("other").code, 8);
    assert.throws(() => rejectionReason(0), RangeError);
    assert.throws(() => rejectionReason(MAX_REJECTION_REASON + 1), RangeError);
  });
});

describe("the schema validator", () => {
  it("refuses schemas with keywords or formats it does not implement", () => {
    assert.throws(() => validateJsonSchema({ type: "object", patternProperties: {} }, {}), SchemaError);
    assert.throws(() => assertSupportedSchema({ properties: { a: { multipleOf: 2 } } }), SchemaError);
    assert.throws(() => assertSupportedSchema({ format: "email" }), SchemaError);
    assert.throws(() => assertSupportedSchema({ $ref: "#/$defs/missing" }), SchemaError);
    assert.throws(() => validateJsonSchema({ $ref: "https://example.org/s.json" }, 1), SchemaError);
  });

  it("implements the keywords the schemas use", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: {
        n: { type: "integer", minimum: 1, exclusiveMaximum: 10 },
        s: { type: ["string", "null"], minLength: 2, maxLength: 3, pattern: "^a" },
        t: { type: "string", format: "date-time" },
        d: { type: "string", format: "date" },
        u: { type: "string", format: "uri" },
        a: { type: "array", prefixItems: [{ const: "x" }], items: { type: "number" }, maxItems: 3, uniqueItems: true },
        o: { oneOf: [{ type: "string" }, { type: "string", minLength: 1 }] },
        e: { enum: [1, "1", { k: [1] }] },
      },
      additionalProperties: { type: "boolean" },
    };
    const ok = {
      n: 9,
      s: "ab",
      t: "2024-02-29T23:59:60.5+01:00",
      d: "2024-02-29",
      u: "urn:x:y",
      a: ["x", 1, 2],
      e: { k: [1] },
      z: true,
    };
    assert.deepEqual(validateJsonSchema(schema, ok), []);
    assert.deepEqual(validateJsonSchema(schema, { ...ok, s: null }), []);
    const bad = validateJsonSchema(schema, {
      n: 10,
      s: "b😀😀😀",
      t: "2024-02-29 23:59:59Z",
      d: "2023-02-29",
      u: "no scheme",
      a: ["y", 1, 1, 2],
      o: "two",
      e: 2,
      z: "yes",
    }).map((i) => i.path);
    assert.deepEqual(bad.sort(), ["/a", "/a/0", "/a/2", "/d", "/e", "/n", "/o", "/s", "/s", "/t", "/u", "/z"].sort());
  });

  it("checks every topic value path it reports under /claim", () => {
    const topic: Topic = getTopic("water-use");
    const found = validateTopicValues(topic, { waterConsumption: "3" });
    assert.ok(found.every((i) => i.path.startsWith("/claim")));
  });
});

// ---------------------------------------------------------------------------------------------------------------------

function sampleClaims(n: number, issuer = ISSUER): Claim[] {
  const product = productId(null, GTIN);
  return Array.from({ length: n }, (_, i) => ({
    issuer: issuer as Hex,
    product,
    subject: batchId(product, `L-${String(i).padStart(4, "0")}`),
    constellation: 3n,
    topic: getTopic("product-carbon-footprint").id,
    documentHash: keccak256(`0x${i.toString(16).padStart(8, "0")}`),
    documentURI: `https://vault.example/claims/${i}.json`,
    validFrom: 1740787200n + BigInt(i),
    validUntil: i % 2 === 0 ? 0n : 1830211200n,
  }));
}

describe("claim batches", () => {
  const claims = sampleClaims(37);
  const batch = buildClaimBatch(claims);

  it("root the claim ids as an OpenZeppelin StandardMerkleTree with leaf encoding [bytes32]", () => {
    const ids = claims.map(claimId);
    const reference = StandardMerkleTree.of(
      ids.map((id) => [id]),
      ["bytes32"],
    );
    assert.equal(batch.root, reference.root);
    assert.equal(batch.count, 37);
    assert.deepEqual(batch.manifest.leafEncoding, [...CLAIM_LEAF_ENCODING]);
    const coder = AbiCoder.defaultAbiCoder();
    assert.equal(claimLeafHash(ids[0]!), ethersKeccak(ethersKeccak(coder.encode(["bytes32"], [ids[0]!]))));
  });

  it("prove every claim, as OpenZeppelin's verifier agrees", () => {
    for (const claim of claims) {
      const id = claimId(claim);
      const proof = batch.proofFor(id);
      assert.equal(verifyClaimProof(batch.root, id, proof), true);
      assert.equal(StandardMerkleTree.verify(batch.root, ["bytes32"], [id], proof), true);
      assert.equal(batch.has(id), true);
    }
  });

  it("never prove a claim outside the batch, nor with a tampered proof or root", () => {
    const outside = claimId({ ...claims[0]!, documentURI: "https://vault.example/claims/other.json" });
    assert.equal(batch.has(outside), false);
    assert.throws(() => batch.proofFor(outside), RangeError);
    for (const claim of claims) {
      assert.equal(verifyClaimProof(batch.root, outside, batch.proofFor(claimId(claim))), false);
    }
    for (let i = 0; i < 200; i++) {
      const random = keccak256(`0x${(i + 1000).toString(16).padStart(8, "0")}`);
      assert.equal(verifyClaimProof(batch.root, random, batch.proofFor(claimId(claims[i % claims.length]!))), false);
    }
    const id = claimId(claims[5]!);
    const proof = batch.proofFor(id);
    assert.equal(verifyClaimProof(batch.root, id, proof.slice(1)), false);
    assert.equal(verifyClaimProof(batch.root, id, [...proof].reverse()), false);
    assert.equal(verifyClaimProof(batch.root, id, [...proof, keccak256("0x02")]), false);
    assert.equal(
      verifyClaimProof(
        batch.root,
        id,
        proof.map((p, i) => (i === 0 ? "0x1234" : p)),
      ),
      false,
    );
    assert.equal(verifyClaimProof(keccak256("0x03"), id, proof), false);
    // A leaf of the tree is not a claim id: an inner node does not prove.
    assert.equal(verifyClaimProof(batch.root, proof[0]!, proof.slice(1)), false);
  });

  it("list every claim in a manifest whose hash is stable and which rebuilds the batch", () => {
    const m = batch.manifest;
    assert.equal(m.type, "ConstellateClaimBatch");
    assert.equal(m.version, 1);
    assert.equal(m.issuer, ISSUER);
    assert.equal(m.topicName, "constellate.topic.product-carbon-footprint.v1");
    assert.equal(m.constellation, "3");
    assert.equal(m.claims.length, 37);
    assert.equal(m.claims[1]!.validUntil, "1830211200");
    assert.equal(m.claims[1]!.constellation, "3");
    assert.equal(batch.manifestHash, claimManifestHash(m));
    assert.equal(batch.manifestHash, `0x${createHash("sha256").update(canonicalize(m)!, "utf8").digest("hex")}`);
    const roundTrip = JSON.parse(JSON.stringify(m)) as ClaimManifest;
    assert.equal(claimManifestHash(roundTrip), batch.manifestHash);
    const rebuilt = verifyClaimManifest(roundTrip);
    assert.equal(rebuilt.root, batch.root);
    assert.equal(buildClaimBatch([...claims].reverse(), { constellation: 3n }).root, batch.root);
  });

  it("refuse a manifest that does not add up", () => {
    const m = clone(batch.manifest);
    m.claims[3]!.documentURI = "https://elsewhere.example/x.json";
    assert.throws(() => verifyClaimManifest(m), /entry #4/);
    const n = clone(batch.manifest);
    n.count = 36;
    assert.throws(() => verifyClaimManifest(n), /counts 36/);
    const r = clone(batch.manifest);
    r.root = keccak256("0x04");
    assert.throws(() => verifyClaimManifest(r), /root/);
    const dropped = clone(batch.manifest);
    dropped.claims.pop();
    assert.throws(() => verifyClaimManifest(dropped));
  });

  it("hold one issuer, one topic, one constellation, distinct claims", () => {
    assert.throws(() => buildClaimBatch([]), RangeError);
    assert.throws(() => buildClaimBatch([...sampleClaims(2), ...sampleClaims(1, OTHER)]), /one issuer/);
    const other = { ...claims[1]!, topic: getTopic("water-use").id };
    assert.throws(() => buildClaimBatch([claims[0]!, other]), /one topic/);
    assert.throws(() => buildClaimBatch([claims[0]!, { ...claims[1]!, constellation: 4n }]), /constellation/);
    assert.throws(() => buildClaimBatch(claims, { constellation: 4n }), /constellation/);
    assert.throws(() => buildClaimBatch([claims[0]!, { ...claims[0]! }]), /same claim/);
    assert.throws(() => buildClaimBatch([{ ...claims[0]!, constellation: 2n ** 64n }]), RangeError);
    assert.throws(() => buildClaimBatch([{ ...claims[0]!, documentURI: "x".repeat(513) }]), /512/);
    assert.equal(buildClaimBatch([{ ...claims[0]!, documentURI: "é".repeat(256) }]).count, 1);
    const single = buildClaimBatch([claims[0]!], { constellation: 3 });
    assert.deepEqual(single.proofFor(claimId(claims[0]!)), []);
    assert.equal(verifyClaimProof(single.root, claimId(claims[0]!), []), true);
  });
});

describe("exports", () => {
  it("make a W3C VC 2.0 credential of a claim, with the document's digest and the chain as evidence", () => {
    const claim = claimFromDocument(vector.document, PLACEMENT);
    const vc = toVerifiableCredential(
      vector.document,
      claim,
      31337,
      CLAIMS_CONTRACT.toLowerCase(),
    ) as unknown as Credential;
    assert.deepEqual(vc["@context"], ["https://www.w3.org/ns/credentials/v2"]);
    assert.deepEqual(vc.type, ["VerifiableCredential", "ConstellateClaimCredential"]);
    assert.equal(vc.issuer, `did:pkh:eip155:31337:${ISSUER}`);
    assert.equal(vc.validFrom, vector.document.validFrom);
    assert.equal(vc.validUntil, vector.document.validUntil);
    assert.equal(vc.credentialSubject.id, "https://id.gs1.org/01/04012345000016/10/L-2025%2F01");
    assert.deepEqual(vc.credentialSubject.claim, vector.document.claim);
    assert.equal(JSON.stringify(vc).includes(vector.document.salt), false);
    assert.deepEqual(vc.relatedResource, [
      { id: vector.documentURI, mediaType: "application/json", digestSRI: vector.digestSRI },
    ]);
    assert.equal(vc.evidence[0]!.claimId, vector.claimId);
    assert.equal(vc.evidence[0]!.contract, CLAIMS_CONTRACT);
    assert.equal(vc.evidence[0]!.chain, "eip155:31337");
    assert.equal(vc.evidence[0]!.constellation, "1");
    assert.throws(
      () => toVerifiableCredential(vector.document, { ...claim, documentURI: "x", validFrom: 1n }, 1, CLAIMS_CONTRACT),
      RangeError,
    );
    const company = buildClaimDocument(example("labour-audit"));
    const companyVc = toVerifiableCredential(
      company,
      claimFromDocument(company, { documentURI: "", constellation: 2 }),
      1,
      CLAIMS_CONTRACT,
    ) as unknown as Credential;
    assert.equal(companyVc.credentialSubject.id, `did:pkh:eip155:1:${ISSUER}`);
    assert.equal(companyVc.relatedResource, undefined);
  });

  it("rebuild a PACT v3 ProductFootprint from a carbon-footprint claim", () => {
    const pf = toPactProductFootprint(vector.document);
    assert.match(pf.id as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(pf.id, toPactProductFootprint(clone(vector.document)).id);
    assert.equal(pf.specVersion, "3.0.0");
    assert.equal(pf.created, vector.document.issuedAt);
    assert.equal(pf.status, "Active");
    assert.equal(pf.validityPeriodStart, vector.document.validFrom);
    assert.equal(pf.validityPeriodEnd, vector.document.validUntil);
    assert.deepEqual(pf.pcf, vector.document.claim.pcf);
    assert.deepEqual(pf.productIds, ["urn:gtin:04012345000016"]);
    assert.equal(
      toPactProductFootprint(vector.document, { id: "f4b1225a-bd44-4c8e-861d-079e4e1dfd69" }).id,
      "f4b1225a-bd44-4c8e-861d-079e4e1dfd69",
    );
    assert.throws(() => toPactProductFootprint(buildClaimDocument(example("water-use"))), RangeError);
  });
});
