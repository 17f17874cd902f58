import { sha256, toUtf8Bytes } from "ethers";
import type { ContractTransactionResponse, Signer } from "ethers";

import { accessScope, accountGrant, blindedGrant, constellationGrant, grantId } from "../../sdk/src/access.ts";
import type { Grant } from "../../sdk/src/access.ts";
import { buildClaimBatch, buildClaimDocument, claimDocumentHash, claimFromDocument } from "../../sdk/src/claims.ts";
import type { ClaimDocumentInput } from "../../sdk/src/claims.ts";
import { normalizeGtin } from "../../sdk/src/gs1.ts";
import { getTopic, rejectionReason } from "../../sdk/src/topics.ts";
import { claimId } from "../../sdk/src/typed-data.ts";
import type { Claim } from "../../sdk/src/typed-data.ts";
import type { Access, Accreditations, Claims } from "../../types/typechain/index.ts";
import { DEMO_GTINS, DEMO_LOT } from "./seed-products.ts";

/** A demo company's profile, as the seed registers it. */
interface CompanyProfile {
  name: string;
  /** "GLN:" and the company's 13-digit GLN. */
  registryId: string;
  slug: string;
}

type Issuer = "brand" | "supplier" | "competitor";

/** What the claims part of the demo needs from the rest of the seed. */
export interface ClaimSeedContext {
  claims: Claims;
  access: Access;
  accreditations: Accreditations;
  signers: Record<"governance" | "brand" | "supplier" | "verifier" | "competitor" | "operator", Signer>;
  address: Record<"brand" | "supplier" | "logistics" | "retailer" | "verifier" | "competitor", string>;
  companies: Record<Issuer | "verifier", CompanyProfile>;
  /** Constellation ids: the brand's "Organic cotton" and the competitor's "Recycled denim". */
  cotton: bigint;
  denim: bigint;
  /** The id of the brand's T-shirt (a brand registration). */
  tshirt: string;
  vaultUrl: string;
  now: () => Promise<number>;
  send: (label: string, tx: Promise<ContractTransactionResponse>) => Promise<void>;
}

export type ClaimStatus = "attested" | "awaiting verification" | "rejected" | "revoked" | "unverified";

export interface SeededClaim {
  id: string;
  /** The claim as issued: what `Claims.validity` takes. */
  claim: Claim;
  /** The topic's full name. */
  topic: string;
  /** What the claim is about, in words. */
  about: string;
  status: ClaimStatus;
  /** The verifier whose verdict gave the status, if any. */
  verifier?: string;
}

export interface SeededClaimBatch {
  id: string;
  root: string;
  issuer: string;
  topic: string;
  manifestHash: string;
  /** The claims under the root (issued by the batch alone: no ClaimIssued of their own). */
  claims: SeededClaim[];
  /** The verifier that attested the batch as a whole. */
  attestedBy: string;
}

interface GrantBase {
  /** The grant id, or the commitment of a blinded grant. */
  id: string;
  owner: string;
  scope: string;
  /** The scope in words. */
  data: string;
  expiresAt: number;
  revoked: boolean;
}

export type SeededGrant =
  | (GrantBase & { kind: "account"; account: string })
  | (GrantBase & { kind: "constellation"; constellation: bigint; roles: number })
  // A blinded grant puts only its commitment on-chain; the seed knows whom it is for.
  | (GrantBase & { kind: "blinded"; account: string });

/** A claim document or a batch manifest, named by its SHA-256 (the hash on chain), for the issuer's vault to serve. */
export interface SeededClaimDocument {
  hash: string;
  document: unknown;
}

export interface ClaimSeedResult {
  claims: SeededClaim[];
  batch: SeededClaimBatch;
  grants: SeededGrant[];
  documents: SeededClaimDocument[];
  /** Demo only: the secret the brand's blinded-grant salts derive from (a real owner keeps it in its vault). */
  ownerSecret: string;
}

const DAY = 24 * 60 * 60;
const PCF = getTopic("product-carbon-footprint");
const BRAND_OWNER_SECRET = sha256(toUtf8Bytes("constellate demo owner secret (never use outside the demo)"));

/**
 * The claims and data-access half of the demo:
 *  - governance puts product carbon footprints under accreditation (the verifier is accredited for them already);
 *  - the brand's T-shirt footprint is attested by the accredited verifier; its hoodie footprint, issued by its
 *    operator, is revoked after an allocation error;
 *  - the supplier's organic-content (OCS) certification of the batch awaits verification;
 *  - the brand's recycled-content claim on the hoodie is rejected for insufficient evidence;
 *  - the competitor claims a footprint for its self-declared copy of the T-shirt, which no verifier can judge;
 *  - the brand anchors the water use of its range as a batch of claims, attested as a whole;
 *  - the brand opens its data: claim documents to the retailer, the T-shirt's EPCIS documents to the members of
 *    "Organic cotton", claim evidence to the verifier through a blinded grant, and the T-shirt's serials to the
 *    logistics company, a grant it revokes.
 * Claim documents follow the sdk's topic schemas; they and the batch manifest are returned for the vaults to serve.
 */
export async function seedClaims(ctx: ClaimSeedContext): Promise<ClaimSeedResult> {
  const now = await ctx.now();
  const shelf = documentShelf(ctx, now);
  const year = new Date(now * 1000).getUTCFullYear();
  const claims = [...(await seedFootprints(ctx, shelf, year)), ...(await seedMaterialClaims(ctx, shelf, now))];
  const batch = await seedWaterUseBatch(ctx, shelf, year);
  const grants = await seedGrants(ctx, now);
  return { claims, batch, grants, documents: shelf.documents, ownerSecret: BRAND_OWNER_SECRET };
}

type DocumentInput = Omit<ClaimDocumentInput, "issuer" | "issuedAt">;

interface DocumentShelf {
  documents: SeededClaimDocument[];
  /** Keeps `document` for `issuer`'s vault; returns the URI the vault serves it at. */
  keep(issuer: Issuer, document: unknown): string;
  /** Builds and keeps a claim document of `issuer`, issued now; returns its claim, judged in `constellation`. */
  prepare(issuer: Issuer, input: DocumentInput, constellation: bigint): Claim;
}

function documentShelf(ctx: ClaimSeedContext, now: number): DocumentShelf {
  const documents: SeededClaimDocument[] = [];
  const keep = (issuer: Issuer, document: unknown) => {
    const hash = claimDocumentHash(document);
    documents.push({ hash, document });
    return `${ctx.vaultUrl}/${ctx.companies[issuer].slug}/claims/${hash.slice(2)}.json`;
  };
  const prepare = (issuer: Issuer, input: DocumentInput, constellation: bigint) => {
    const document = buildClaimDocument({ ...input, issuer: ctx.address[issuer], issuedAt: now });
    return claimFromDocument(document, { documentURI: keep(issuer, document), constellation });
  };
  return { documents, keep, prepare };
}

function seeded(claim: Claim, about: string, status: ClaimStatus, verifier?: string): SeededClaim {
  const topic = getTopic(claim.topic).key;
  return { id: claimId(claim), claim, topic, about, status, ...(verifier === undefined ? {} : { verifier }) };
}

/** Carbon footprints: the T-shirt's (attested), the hoodie's (revoked) and the competitor's copy's (unverified). */
async function seedFootprints(ctx: ClaimSeedContext, shelf: DocumentShelf, year: number): Promise<SeededClaim[]> {
  const { claims, signers, address, companies, send } = ctx;
  const period = { start: `${year - 1}-01-01T00:00:00Z`, end: `${year}-01-01T00:00:00Z` };
  // PACT: a footprint is valid from the end of its reference period on, for at most three years.
  const window = { validFrom: period.end, validUntil: `${year + 2}-01-01T00:00:00Z` };
  const footprint = (issuer: Issuer, gtin: string, figures: FootprintFigures, namespace?: string): DocumentInput => ({
    topic: PCF,
    subject: { kind: "product", gtin, namespace },
    values: carbonFootprint(companies[issuer], gtin, period, figures),
    ...window,
  });

  await send(
    "governance puts product carbon footprints under accreditation",
    ctx.accreditations.connect(signers.governance).governTopic(PCF.id, true),
  );

  const tshirt = shelf.prepare("brand", footprint("brand", DEMO_GTINS.tshirt, TSHIRT_FOOTPRINT), ctx.cotton);
  await send("the brand claims the T-shirt's carbon footprint", claims.connect(signers.brand).issue(tshirt));
  await send(
    "the accredited verifier attests it",
    claims
      .connect(signers.verifier)
      .attest(tshirt, evidence("Clearview Assurance, ISO 14067 verification statement CA-2291"), tshirt.validUntil),
  );

  const hoodie = shelf.prepare("brand", footprint("brand", DEMO_GTINS.hoodie, HOODIE_FOOTPRINT), ctx.cotton);
  await send(
    "the brand's operator claims the hoodie's carbon footprint (actFor)",
    claims.connect(signers.operator).actFor(address.brand, claims.interface.encodeFunctionData("issue", [hoodie])),
  );
  await send(
    "the brand revokes it: the mill's energy was allocated by mass instead of machine hours",
    claims.connect(signers.brand).revoke(claimId(hoodie)),
  );

  const copy = shelf.prepare(
    "competitor",
    footprint("competitor", DEMO_GTINS.tshirt, COPY_FOOTPRINT, address.competitor),
    ctx.denim,
  );
  await send(
    "the competitor claims a footprint for its self-declared copy (no verifier in its constellation)",
    claims.connect(signers.competitor).issue(copy),
  );

  return [
    seeded(tshirt, "Organic cotton T-shirt", "attested", address.verifier),
    seeded(hoodie, "Organic cotton hoodie", "revoked"),
    seeded(copy, "Organic cotton T-shirt (the competitor's copy)", "unverified"),
  ];
}

/** The supplier's organic-content certification of the batch (awaiting) and the brand's fleece claim (rejected). */
async function seedMaterialClaims(ctx: ClaimSeedContext, shelf: DocumentShelf, now: number): Promise<SeededClaim[]> {
  const { claims, signers, address, send } = ctx;
  const year = new Date(now * 1000).getUTCFullYear();

  // A one-year scope certificate, four months into its term.
  const certified = { first: dateOf(now - 120 * DAY), last: dateOf(now + 244 * DAY) };
  const organic = shelf.prepare(
    "supplier",
    {
      topic: "certification",
      subject: { kind: "batch", gtin: DEMO_GTINS.tshirt, lot: DEMO_LOT },
      values: organicContentCertificate(ctx.companies.supplier, certified),
      validFrom: certified.first,
      // A certification claim ends when the certificate's last day does.
      validUntil: Date.parse(certified.last) / 1000 + DAY,
    },
    ctx.cotton,
  );
  await send(
    `the supplier claims OCS certification of batch ${DEMO_LOT} (awaiting verification)`,
    claims.connect(signers.supplier).issue(organic),
  );

  const fleece = shelf.prepare(
    "brand",
    {
      topic: "recycled-content",
      subject: { kind: "product", gtin: DEMO_GTINS.hoodie },
      values: RECYCLED_FLEECE,
      validFrom: `${year}-01-01`,
      validUntil: `${year + 2}-01-01`,
    },
    ctx.cotton,
  );
  await send("the brand claims recycled polyester in the hoodie's fleece", claims.connect(signers.brand).issue(fleece));
  const reason = rejectionReason("insufficient_evidence");
  await send(
    `the verifier rejects it (${reason.name}: no transaction certificate covers the yarn)`,
    claims
      .connect(signers.verifier)
      .reject(
        fleece,
        reason.code,
        evidence("Clearview Assurance, finding CA-2304: GRS transaction certificate missing"),
      ),
  );

  return [
    seeded(organic, `batch ${DEMO_LOT} of the T-shirt`, "awaiting verification"),
    seeded(fleece, "Organic cotton hoodie", "rejected", address.verifier),
  ];
}

/** The brand anchors the water use of its range (T-shirt and hoodie) as one batch, which the verifier attests. */
async function seedWaterUseBatch(ctx: ClaimSeedContext, shelf: DocumentShelf, year: number): Promise<SeededClaimBatch> {
  const { claims, signers, address, send } = ctx;
  const range = [
    { gtin: DEMO_GTINS.tshirt, name: "Organic cotton T-shirt", figures: TSHIRT_WATER },
    { gtin: DEMO_GTINS.hoodie, name: "Organic cotton hoodie", figures: HOODIE_WATER },
  ];
  const members = range.map((product) =>
    shelf.prepare(
      "brand",
      {
        topic: "water-use",
        subject: { kind: "product", gtin: product.gtin },
        values: waterUse(year - 1, product.figures),
        validFrom: `${year}-01-01`,
        validUntil: `${year + 2}-01-01`,
      },
      ctx.cotton,
    ),
  );
  const batch = buildClaimBatch(members);
  const manifestURI = shelf.keep("brand", batch.manifest);
  await send(
    `the brand anchors the water use of its range as a batch of ${batch.count} claims`,
    claims
      .connect(signers.brand)
      .issueBatch(batch.root, batch.count, batch.topic, batch.constellation, batch.manifestHash, manifestURI),
  );
  await send(
    "the verifier attests the batch as a whole",
    claims
      .connect(signers.verifier)
      .attestBatch(
        address.brand,
        batch.root,
        evidence("Clearview Assurance, ISO 14046 review CA-2317"),
        (await ctx.now()) + 365 * DAY,
      ),
  );
  return {
    id: await claims.batchId(address.brand, batch.root),
    root: batch.root,
    issuer: address.brand,
    topic: getTopic(batch.topic).key,
    manifestHash: batch.manifestHash,
    claims: members.map((claim, i) => seeded(claim, range[i]!.name, "attested", address.verifier)),
    attestedBy: address.verifier,
  };
}

/** The brand's grants: to the retailer, to "Organic cotton", a blinded one to the verifier, and a revoked one. */
async function seedGrants(ctx: ClaimSeedContext, now: number): Promise<SeededGrant[]> {
  const { access, signers, address, send } = ctx;
  const asBrand = access.connect(signers.brand);
  const owner = address.brand;
  const grant = async (label: string, g: Grant, data: string, days: number) => {
    const expiresAt = now + days * DAY;
    await send(label, asBrand.grantAccess(g, expiresAt));
    return { id: grantId(g), owner, scope: g.scope, data, expiresAt, revoked: false };
  };

  const documentsScope = accessScope("claim-documents");
  const toRetailer = await grant(
    "the brand lets the retailer read its claim documents for a year",
    accountGrant(owner, documentsScope, address.retailer),
    "claim documents, all products",
    365,
  );

  const journeyScope = accessScope("epcis", ctx.tshirt);
  const toCotton = await grant(
    'the brand opens the T-shirt\'s EPCIS documents to every member of "Organic cotton"',
    constellationGrant(owner, journeyScope, ctx.cotton),
    "EPCIS documents of the T-shirt",
    180,
  );

  const evidenceScope = accessScope("claim-evidence");
  const network = await signers.brand.provider?.getNetwork();
  if (network === undefined) throw new Error("seed: the signers need a provider");
  const blinded = blindedGrant({
    ownerSecret: BRAND_OWNER_SECRET,
    kind: "account",
    grantee: address.verifier,
    scope: evidenceScope,
    chainId: network.chainId,
    contract: await access.getAddress(),
    owner,
  });
  const blindedUntil = now + 90 * DAY;
  await send(
    "the brand grants the verifier its claim evidence, blinded (only a commitment on-chain)",
    asBrand.grantBlinded(blinded.commitment, blindedUntil),
  );

  const serialsScope = accessScope("serials", ctx.tshirt);
  const serialsGrant = accountGrant(owner, serialsScope, address.logistics);
  const toLogistics = await grant(
    "the brand grants the logistics company the T-shirt's serials",
    serialsGrant,
    "serials and salts of the T-shirt",
    30,
  );
  await send(
    "the brand revokes it: serial salts are for its own anti-counterfeit checks",
    asBrand.revokeAccess(grantId(serialsGrant)),
  );

  return [
    { ...toRetailer, kind: "account", account: address.retailer },
    { ...toCotton, kind: "constellation", constellation: ctx.cotton, roles: 0 },
    {
      id: blinded.commitment,
      owner,
      scope: evidenceScope,
      data: "claim evidence",
      expiresAt: blindedUntil,
      revoked: false,
      kind: "blinded",
      account: address.verifier,
    },
    { ...toLogistics, revoked: true, kind: "account", account: address.logistics },
  ];
}

// ---------------------------------------------------------------------------------------------------------------------
// Claim values (the topics' schemas in sdk/schemas)
// ---------------------------------------------------------------------------------------------------------------------

/** Per-piece figures of a footprint, kg CO2e (kg C for carbon contents), as PACT's decimal strings. */
interface FootprintFigures {
  name: string;
  description: string;
  massKg: string;
  fossil: string;
  landUseChange: string;
  excludingBiogenic: string;
  biogenicCarbon: string;
  biogenicUptake: string;
  includingBiogenic: string;
  primaryDataShare?: string;
  standards: string[];
  comment: string;
}

// Excluding biogenic uptake = fossil + land-use change; including = excluding + uptake (the uptake is the cotton's
// biogenic carbon as CO2: 44/12 of it, negative).
const TSHIRT_FOOTPRINT: FootprintFigures = {
  name: "Organic cotton T-shirt",
  description: "Crew-neck T-shirt, 100% organic cotton single jersey, 160 g/m2, size M",
  massKg: "0.18",
  fossil: "2.21",
  landUseChange: "0.14",
  excludingBiogenic: "2.35",
  biogenicCarbon: "0.076",
  biogenicUptake: "-0.28",
  includingBiogenic: "2.07",
  primaryDataShare: "62",
  standards: ["ISO14067", "PACT-3.0"],
  comment: "Cradle-to-gate: cultivation, ginning, spinning, knitting, dyeing and make-up; primary data from the mill.",
};

const HOODIE_FOOTPRINT: FootprintFigures = {
  name: "Organic cotton hoodie",
  description: "Hooded sweatshirt, 80% organic cotton / 20% recycled polyester brushed fleece, 320 g/m2, size M",
  massKg: "0.52",
  fossil: "6.48",
  landUseChange: "0.41",
  excludingBiogenic: "6.89",
  biogenicCarbon: "0.175",
  biogenicUptake: "-0.64",
  includingBiogenic: "6.25",
  primaryDataShare: "58",
  standards: ["ISO14067", "PACT-3.0"],
  comment: "Cradle-to-gate; the mill's energy allocated to products by mass.",
};

const COPY_FOOTPRINT: FootprintFigures = {
  name: "Organic cotton T-shirt",
  description: "T-shirt, cotton jersey",
  massKg: "0.17",
  fossil: "0.83",
  landUseChange: "0.05",
  excludingBiogenic: "0.88",
  biogenicCarbon: "0.072",
  biogenicUptake: "-0.26",
  includingBiogenic: "0.62",
  standards: ["GHGP-Product"],
  comment: "Estimate from industry averages.",
};

/** A PACT v3 ProductFootprint (without its envelope) for one piece of the product with GTIN `gtin`. */
function carbonFootprint(
  company: CompanyProfile,
  gtin: string,
  period: { start: string; end: string },
  f: FootprintFigures,
): Record<string, unknown> {
  return {
    companyName: company.name,
    companyIds: [sglnUrn(company.registryId)],
    productDescription: f.description,
    productIds: [`urn:gtin:${normalizeGtin(gtin)}`],
    productNameCompany: f.name,
    comment: f.comment,
    pcf: {
      declaredUnitOfMeasurement: "piece",
      declaredUnitAmount: "1",
      productMassPerDeclaredUnit: f.massKg,
      referencePeriodStart: period.start,
      referencePeriodEnd: period.end,
      geographyCountry: "TR",
      pcfExcludingBiogenicUptake: f.excludingBiogenic,
      pcfIncludingBiogenicUptake: f.includingBiogenic,
      fossilGhgEmissions: f.fossil,
      landUseChangeGhgEmissions: f.landUseChange,
      fossilCarbonContent: "0",
      biogenicCarbonContent: f.biogenicCarbon,
      biogenicCO2Uptake: f.biogenicUptake,
      packagingEmissionsIncluded: false,
      ipccCharacterizationFactors: ["AR6"],
      crossSectoralStandards: f.standards,
      exemptedEmissionsPercent: "0.8",
      ...(f.primaryDataShare === undefined
        ? {}
        : {
            primaryDataShare: f.primaryDataShare,
            secondaryEmissionFactorSources: [{ name: "ecoinvent", version: "3.10" }],
          }),
    },
  };
}

/** An Organic Content Standard scope certificate of the mill, for the T-shirt's yarn, fabric and make-up. */
function organicContentCertificate(mill: CompanyProfile, valid: { first: string; last: string }) {
  const gln = mill.registryId.replace(/^GLN:/, "");
  return {
    scheme: "ocs",
    standardVersion: "OCS 3.0",
    certificateNumber: "MCS-OCS-204815",
    certificationBody: { name: "Meridian Certification Services", id: "CB-0417" },
    scope: "Organic cotton yarn and single jersey fabric; cut, make and trim of T-shirts",
    sites: [`${gln} (${mill.name}, Denizli, TR)`],
    labelClaim: "OCS 100",
    validFrom: valid.first,
    validUntil: valid.last,
    certificateURI: "https://certificates.example.org/ocs/MCS-OCS-204815",
  };
}

const RECYCLED_FLEECE = {
  material: "polyester (fleece backing yarn)",
  recycledContentPercent: 100,
  postConsumerPercent: 100,
  basis: "mass",
  standard: "GRS",
  chainOfCustodyModel: "segregation",
  certificate: { number: "GRS-TC-88213", certificationBody: "Meridian Certification Services" },
  comment: "Yarn spun from post-consumer PET bottles; the polyester is 20% of the hoodie's mass.",
};

/** Cradle-to-gate water use per piece, m3. */
interface WaterFigures {
  withdrawal: number;
  consumption: number;
  scarcity: number;
}

const TSHIRT_WATER: WaterFigures = { withdrawal: 1.9, consumption: 1.3, scarcity: 38.5 };
const HOODIE_WATER: WaterFigures = { withdrawal: 4.6, consumption: 3.2, scarcity: 94.1 };

function waterUse(year: number, w: WaterFigures) {
  return {
    declaredUnitOfMeasurement: "piece",
    declaredUnitAmount: 1,
    waterWithdrawal: w.withdrawal,
    waterConsumption: w.consumption,
    waterScarcityFootprint: w.scarcity,
    boundary: "cradle-to-gate",
    methodology: "ISO 14046",
    geographyCountry: "TR",
    referencePeriodStart: `${year}-01-01`,
    referencePeriodEnd: `${year}-12-31`,
    primaryDataShare: 55,
  };
}

/** `urn:epc:id:sgln` of a company's main site, from its "GLN:<13 digits>" registry id (a 7-digit company prefix). */
function sglnUrn(registryId: string): string {
  const gln = registryId.replace(/^GLN:/, "");
  return `urn:epc:id:sgln:${gln.slice(0, 7)}.${gln.slice(7, 12)}.0`;
}

/** The day of Unix time `seconds`, as a full date ("2026-03-01"). */
function dateOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** SHA-256 of a verifier's evidence, here its reference. */
function evidence(reference: string): string {
  return sha256(toUtf8Bytes(reference));
}
