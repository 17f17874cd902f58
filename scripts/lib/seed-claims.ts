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

type Issuer = "brand" | "supplier" | "competitor" | "packaging";

/** What the claims part of the demo needs from the rest of the seed. */
export interface ClaimSeedContext {
  claims: Claims;
  access: Access;
  accreditations: Accreditations;
  signers: Record<"governance" | "brand" | "supplier" | "verifier" | "competitor" | "operator" | "packaging", Signer>;
  address: Record<"brand" | "supplier" | "logistics" | "retailer" | "verifier" | "competitor" | "packaging", string>;
  companies: Record<Issuer | "verifier", CompanyProfile>;
  /** Constellation ids: the brand's "Specialty coffee" and the packaging maker's "Circular packaging". */
  coffee: bigint;
  circular: bigint;
  /** The id of the brand's single origin (a brand registration). */
  singleOrigin: string;
  /** The claim {@link seedExpiringCertification} issued earlier in the seed. */
  expiring: ExpiringCertification;
  vaultUrl: string;
  now: () => Promise<number>;
  send: (label: string, tx: Promise<ContractTransactionResponse>) => Promise<void>;
}

/**
 * Where a claim stands once the seed is done: "attested" (a live attestation), "rejected" (a verifier's rejection),
 * "revoked" (by its issuer), "expired" (its validity window has ended; if `verifier` is set, that verifier had attested
 * it until then), "awaiting verification" (issued in a constellation whose verifier has not judged it yet) or
 * "unverified" (a self-declared claim no verifier was asked to judge).
 */
export type ClaimStatus = "attested" | "awaiting verification" | "rejected" | "revoked" | "expired" | "unverified";

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
  /** In the order issued: the expired certification first. */
  claims: SeededClaim[];
  batch: SeededClaimBatch;
  /**
   * The brand's grants (to the retailer, to the members of "Specialty coffee", blinded to the auditor, a revoked one to
   * the shipper), then the co-op's to the brand and the brand's to the packaging maker.
   */
  grants: SeededGrant[];
  documents: SeededClaimDocument[];
  /** Demo only: the secret the brand's blinded-grant salts derive from (a real owner keeps it in its vault). */
  ownerSecret: string;
}

const DAY = 24 * 60 * 60;
const PCF = getTopic("product-carbon-footprint");
const BRAND_OWNER_SECRET = sha256(toUtf8Bytes("constellate demo owner secret (never use outside the demo)"));

/**
 * How long the expiring claim is valid, in seconds from its issue (see {@link seedExpiringCertification}). Long enough
 * for the auditor's attestation, in the next block, to land inside it; short enough that the blocks the rest of the
 * seed mines leave it behind.
 */
export const EXPIRING_WINDOW_SECONDS = 10;

/**
 * Where the demo vault serves an owner's document with SHA-256 `hash`: its documents route (seed-vault.ts stores every
 * claim document there), so that the documentURI on chain fetches the very bytes whose hash the claim records.
 */
export function vaultDocumentUrl(vaultUrl: string, owner: string, hash: string): string {
  return `${new URL(vaultUrl).origin}/api/vault/documents/${owner.toLowerCase()}/${hash.replace(/^0x/, "")}`;
}

/** What {@link seedExpiringCertification} needs. */
export interface ExpiringCertificationContext {
  claims: Claims;
  signers: Record<"supplier" | "verifier", Signer>;
  address: Record<"supplier" | "verifier", string>;
  /** The co-op's profile. */
  company: CompanyProfile;
  /** "Specialty coffee", where the co-op is a member and the auditor a verifier. */
  constellation: bigint;
  vaultUrl: string;
  now: () => Promise<number>;
  send: (label: string, tx: Promise<ContractTransactionResponse>) => Promise<void>;
}

export interface ExpiringCertification {
  claim: SeededClaim;
  document: SeededClaimDocument;
}

/**
 * The co-op's claim that it holds an EU organic certificate, whose last day is today: the auditor attests it until the
 * claim ends, {@link EXPIRING_WINDOW_SECONDS} seconds after its issue, so that the demo shows a verified claim that has
 * since expired. (A real claim would end at midnight after the certificate's last day; the demo cannot wait that long,
 * and it does not move the chain's clock, since the vault and the pages require the chain and the wall clock to agree.)
 *
 * Block time on the local Hardhat node (`npm start`, the tests' nodes): automine mines a block per transaction, each
 * one second or more after the one before (the wall clock when the chain is behind it, the previous block's time plus
 * one when several transactions come within a second). So while the seed sends its transactions, several a second,
 * block time runs ahead of the wall clock by about a second per transaction, and `eth_call` at `latest` judges by the
 * latest block's time. This claim therefore goes first, right after the auditor joins, when block time is closest to
 * the wall clock: the wall clock then passes the claim's end about as many seconds after the seed as the seed had sent
 * transactions before it (some 25: before `npm start` is ready, which also builds the subgraph and the app), and the
 * seed's later blocks leave the claim's window behind at the chain's head ({@link ensureExpired} makes sure).
 */
export async function seedExpiringCertification(ctx: ExpiringCertificationContext): Promise<ExpiringCertification> {
  const { claims, signers, address, send } = ctx;
  const now = await ctx.now();
  const until = now + EXPIRING_WINDOW_SECONDS;
  // An 18-month certificate whose last day is the day the claim ends.
  const certified = { first: dateOf(now - 547 * DAY), last: dateOf(until) };
  const document = buildClaimDocument({
    topic: "certification",
    subject: { kind: "company", company: address.supplier },
    issuer: address.supplier,
    values: organicCertificate(ctx.company, certified),
    issuedAt: now,
    validFrom: certified.first,
    validUntil: until,
  });
  const hash = claimDocumentHash(document);
  const claim = claimFromDocument(document, {
    documentURI: vaultDocumentUrl(ctx.vaultUrl, address.supplier, hash),
    constellation: ctx.constellation,
  });
  await send(
    `the co-op claims its EU organic certification, which ends today (the claim in ${EXPIRING_WINDOW_SECONDS} s)`,
    claims.connect(signers.supplier).issue(claim),
  );
  await send(
    "the auditor attests it until it ends",
    claims
      .connect(signers.verifier)
      .attest(claim, evidence("Clearview Assurance, certificate check CA-2288 (EU organic)"), claim.validUntil),
  );
  return {
    claim: seeded(claim, "the co-op itself (a company claim)", "expired", address.verifier),
    document: { hash, document },
  };
}

/**
 * The claims and data-access half of the demo (after {@link seedExpiringCertification}):
 *  - governance puts product carbon footprints under accreditation (the auditor is accredited for them already);
 *  - the brand's footprint of its single origin is attested by the accredited auditor; its espresso's, issued by its
 *    operator, is revoked after an allocation error; the competing roaster's footprint of its Sidama is self-declared;
 *  - the brand's EUDR (deforestation-free) claim on the single origin's lot is attested; the co-op's Fairtrade
 *    certification of the lot awaits verification;
 *  - the packaging maker's recycled-content claim on its bag is attested in "Circular packaging"; the brand's claim of
 *    the same for its espresso's bag is rejected (the certificate covers another bag);
 *  - the brand anchors the water use of its range as a batch of claims, attested as a whole;
 *  - grants: the brand's claim documents to the retailer, the single origin's EPCIS documents to the members of
 *    "Specialty coffee", its audit evidence to the auditor through a blinded grant, its bags' serials to the shipper (a
 *    grant it revokes); the co-op's farm-gate prices and plot register to the brand; the brand's roast and degassing
 *    data to the packaging maker;
 *  - last, the expired claim's window is checked to have ended at the chain's head ({@link ensureExpired}).
 * Claim documents follow the sdk's topic schemas; they and the batch manifest are returned for the vaults to serve.
 */
export async function seedClaims(ctx: ClaimSeedContext): Promise<ClaimSeedResult> {
  const now = await ctx.now();
  const shelf = documentShelf(ctx, now);
  const year = new Date(now * 1000).getUTCFullYear();
  const claims = [
    ctx.expiring.claim,
    ...(await seedFootprints(ctx, shelf, year)),
    ...(await seedOriginClaims(ctx, shelf, now)),
    ...(await seedPackagingClaims(ctx, shelf, year)),
  ];
  const batch = await seedWaterUseBatch(ctx, shelf, year);
  const grants = await seedGrants(ctx, now);
  await ensureExpired(ctx, ctx.expiring.claim.claim);
  return {
    claims,
    batch,
    grants,
    documents: [ctx.expiring.document, ...shelf.documents],
    ownerSecret: BRAND_OWNER_SECRET,
  };
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
    return vaultDocumentUrl(ctx.vaultUrl, ctx.address[issuer], hash);
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

/** Carbon footprints per kg: the single origin's (attested), the espresso's (revoked) and the competitor's (unverified). */
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

  const single = shelf.prepare(
    "brand",
    footprint("brand", DEMO_GTINS.singleOrigin, SINGLE_ORIGIN_FOOTPRINT),
    ctx.coffee,
  );
  await send(
    "the brand claims the single origin's carbon footprint per kg",
    claims.connect(signers.brand).issue(single),
  );
  await send(
    "the accredited auditor attests it",
    claims
      .connect(signers.verifier)
      .attest(single, evidence("Clearview Assurance, ISO 14067 verification statement CA-2291"), single.validUntil),
  );

  const espresso = shelf.prepare("brand", footprint("brand", DEMO_GTINS.espresso, ESPRESSO_FOOTPRINT), ctx.coffee);
  await send(
    "the brand's operator claims the espresso's carbon footprint per kg (actFor)",
    claims.connect(signers.operator).actFor(address.brand, claims.interface.encodeFunctionData("issue", [espresso])),
  );
  await send(
    "the brand revokes it: the roastery's gas was allocated by mass instead of by roasting time",
    claims.connect(signers.brand).revoke(claimId(espresso)),
  );

  const sidama = shelf.prepare(
    "competitor",
    footprint("competitor", DEMO_GTINS.sidama, SIDAMA_FOOTPRINT, address.competitor),
    ctx.circular,
  );
  await send(
    "the competing roaster claims its Sidama's footprint from industry averages (self-declared, no verifier asked)",
    claims.connect(signers.competitor).issue(sidama),
  );

  return [
    seeded(single, "Huila single origin", "attested", address.verifier),
    seeded(espresso, "House espresso", "revoked"),
    seeded(sidama, "Sidama natural (the competing roaster's)", "unverified"),
  ];
}

/** The lot's origin: the brand's EUDR claim (attested) and the co-op's Fairtrade certification (awaiting). */
async function seedOriginClaims(ctx: ClaimSeedContext, shelf: DocumentShelf, now: number): Promise<SeededClaim[]> {
  const { claims, signers, address, send } = ctx;
  const year = new Date(now * 1000).getUTCFullYear();
  const lot = { kind: "batch" as const, gtin: DEMO_GTINS.singleOrigin, lot: DEMO_LOT };

  // The harvest the lot comes from: the three weeks before the co-op commissioned it (see seed-products.ts).
  const harvested = { start: dateOf(now - 171 * DAY), end: dateOf(now - 150 * DAY) };
  const eudr = shelf.prepare(
    "brand",
    {
      topic: "eu-deforestation-free",
      subject: lot,
      values: deforestationFree(harvested),
      validFrom: harvested.end,
      // EUDR: operators keep due-diligence records for five years.
      validUntil: `${year + 5}-01-01`,
    },
    ctx.coffee,
  );
  await send(
    `the brand claims lot ${DEMO_LOT} deforestation-free under the EUDR`,
    claims.connect(signers.brand).issue(eudr),
  );
  await send(
    "the auditor attests it",
    claims
      .connect(signers.verifier)
      .attest(eudr, evidence("Clearview Assurance, EUDR due-diligence review CA-2296"), eudr.validUntil),
  );

  // A three-year certificate, a year into its term.
  const certified = { first: dateOf(now - 400 * DAY), last: dateOf(now + 695 * DAY) };
  const fairtrade = shelf.prepare(
    "supplier",
    {
      topic: "certification",
      subject: lot,
      values: fairtradeCertificate(ctx.companies.supplier, certified),
      validFrom: certified.first,
      // A certification claim ends when the certificate's last day does.
      validUntil: Date.parse(certified.last) / 1000 + DAY,
    },
    ctx.coffee,
  );
  await send(
    `the co-op claims Fairtrade certification of lot ${DEMO_LOT} (awaiting verification)`,
    claims.connect(signers.supplier).issue(fairtrade),
  );

  return [
    seeded(eudr, `lot ${DEMO_LOT} of the single origin`, "attested", address.verifier),
    seeded(fairtrade, `lot ${DEMO_LOT} of the single origin`, "awaiting verification"),
  ];
}

/** Recycled content: the packaging maker's bag (attested), the brand's claim for its espresso's bag (rejected). */
async function seedPackagingClaims(ctx: ClaimSeedContext, shelf: DocumentShelf, year: number): Promise<SeededClaim[]> {
  const { claims, signers, address, send } = ctx;
  const window = { validFrom: `${year}-01-01`, validUntil: `${year + 2}-01-01` };
  const values = recycledFilm(year);

  const bag = shelf.prepare(
    "packaging",
    { topic: "recycled-content", subject: { kind: "product", gtin: DEMO_GTINS.bag }, values, ...window },
    ctx.circular,
  );
  await send("the packaging maker claims 30% recycled PE in its bag", claims.connect(signers.packaging).issue(bag));
  await send(
    'the auditor attests it (in "Circular packaging")',
    claims
      .connect(signers.verifier)
      .attest(bag, evidence("Clearview Assurance, ISCC PLUS mass-balance review CA-2301"), bag.validUntil),
  );

  const espresso = shelf.prepare(
    "brand",
    {
      topic: "recycled-content",
      subject: { kind: "product", gtin: DEMO_GTINS.espresso },
      values: { ...values, comment: "The espresso's 1 kg bag, from the packaging maker's recyclable range." },
      ...window,
    },
    ctx.coffee,
  );
  await send("the brand claims 30% recycled PE in the espresso's bag", claims.connect(signers.brand).issue(espresso));
  const reason = rejectionReason("scope_mismatch");
  await send(
    `the auditor rejects it (${reason.name}: the certificate covers the 250 g bag, not the 1 kg bag)`,
    claims
      .connect(signers.verifier)
      .reject(
        espresso,
        reason.code,
        evidence("Clearview Assurance, finding CA-2304: the 1 kg bags come from stock outside the ISCC PLUS scope"),
      ),
  );

  return [
    seeded(bag, "Recyclable coffee bag (the packaging maker's)", "attested", address.verifier),
    seeded(espresso, "House espresso's bag", "rejected", address.verifier),
  ];
}

/** The brand anchors the water use of its range (single origin and espresso) as one batch, which the auditor attests. */
async function seedWaterUseBatch(ctx: ClaimSeedContext, shelf: DocumentShelf, year: number): Promise<SeededClaimBatch> {
  const { claims, signers, address, send } = ctx;
  const range = [
    { gtin: DEMO_GTINS.singleOrigin, name: "Huila single origin", figures: SINGLE_ORIGIN_WATER },
    { gtin: DEMO_GTINS.espresso, name: "House espresso", figures: ESPRESSO_WATER },
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
      ctx.coffee,
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
    "the auditor attests the batch as a whole",
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

/** Grants by the brand (four kinds, one revoked), by the co-op to the brand, and by the brand to the packaging maker. */
async function seedGrants(ctx: ClaimSeedContext, now: number): Promise<SeededGrant[]> {
  const { access, signers, address, send } = ctx;
  const brand = address.brand;
  const grant = async (label: string, owner: "brand" | "supplier", g: Grant, data: string, days: number) => {
    const expiresAt = now + days * DAY;
    await send(label, access.connect(signers[owner]).grantAccess(g, expiresAt));
    return { id: grantId(g), owner: address[owner], scope: g.scope, data, expiresAt, revoked: false };
  };

  const documentsScope = accessScope("claim-documents");
  const toRetailer = await grant(
    "the brand lets the retailer read its claim documents for a year",
    "brand",
    accountGrant(brand, documentsScope, address.retailer),
    "claim documents, all products",
    365,
  );

  const journeyScope = accessScope("epcis", ctx.singleOrigin);
  const toCoffee = await grant(
    'the brand opens the single origin\'s EPCIS documents to every member of "Specialty coffee"',
    "brand",
    constellationGrant(brand, journeyScope, ctx.coffee),
    "EPCIS documents of the single origin",
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
    owner: brand,
  });
  const blindedUntil = now + 90 * DAY;
  await send(
    "the brand grants the auditor its claim evidence, blinded (only a commitment on-chain)",
    access.connect(signers.brand).grantBlinded(blinded.commitment, blindedUntil),
  );

  const serialsScope = accessScope("serials", ctx.singleOrigin);
  const serialsGrant = accountGrant(brand, serialsScope, address.logistics);
  const toShipper = await grant(
    "the brand grants the shipper the single origin's bag serials",
    "brand",
    serialsGrant,
    "serials and salts of the single origin",
    30,
  );
  await send(
    "the brand revokes it: serial salts are for its own anti-counterfeit checks",
    access.connect(signers.brand).revokeAccess(grantId(serialsGrant)),
  );

  const coop = address.supplier;
  const prices = await grant(
    "the co-op shares the farm-gate prices it paid its growers with the brand",
    "supplier",
    accountGrant(coop, accessScope("dataset", null, "farm-gate-prices"), brand),
    "farm-gate prices paid to growers",
    365,
  );
  const plots = await grant(
    "the co-op shares its growers' plot polygons with the brand, for its EUDR due diligence",
    "supplier",
    accountGrant(coop, accessScope("dataset", null, "eudr-plots"), brand),
    "plot polygons of the growers (EUDR)",
    365,
  );
  const degassing = await grant(
    "the brand shares its roast-loss and degassing data with the packaging maker, to size the bags' valves",
    "brand",
    accountGrant(brand, accessScope("dataset", null, "roast-degassing"), address.packaging),
    "roast loss and degassing curves",
    180,
  );

  return [
    { ...toRetailer, kind: "account", account: address.retailer },
    { ...toCoffee, kind: "constellation", constellation: ctx.coffee, roles: 0 },
    {
      id: blinded.commitment,
      owner: brand,
      scope: evidenceScope,
      data: "claim evidence",
      expiresAt: blindedUntil,
      revoked: false,
      kind: "blinded",
      account: address.verifier,
    },
    { ...toShipper, revoked: true, kind: "account", account: address.logistics },
    { ...prices, kind: "account", account: brand },
    { ...plots, kind: "account", account: brand },
    { ...degassing, kind: "account", account: address.packaging },
  ];
}

/**
 * Checks that the expired claim's window has ended at the chain's head: `Claims.validity` at the latest block (whose
 * time is what an `eth_call` judges by) must find it out of its window. The blocks the seed mined after the claim have
 * normally taken block time past its end; if they have not (a node that does not run ahead of the wall clock), this
 * waits until the wall clock has passed the end and mines one block (`evm_mine`), which the node stamps with the wall
 * clock's time: the chain's clock is never moved ahead of the wall clock.
 */
async function ensureExpired(ctx: ClaimSeedContext, claim: Claim): Promise<void> {
  const validity = () => ctx.claims.validity(claim, [ctx.address.verifier]);
  if ((await validity()).inWindow) {
    const wait = Number(claim.validUntil) * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 100));
    const provider = ctx.signers.brand.provider as { send?: (method: string, params: unknown[]) => Promise<unknown> };
    if (typeof provider?.send !== "function") throw new Error("seed: the provider cannot mine a block (evm_mine)");
    await provider.send("evm_mine", []);
  }
  const answer = await validity();
  if (!answer.exists || answer.inWindow || answer.valid || answer.attestations !== 0n) {
    throw new Error("seed: the expiring claim is still valid at the chain's head");
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Claim values (the topics' schemas in sdk/schemas)
// ---------------------------------------------------------------------------------------------------------------------

/** Per-kg figures of a footprint of roasted coffee, kg CO2e (kg C for carbon contents), as PACT's decimal strings. */
interface FootprintFigures {
  name: string;
  description: string;
  /** Where it was roasted (ISO 3166-1 alpha-2). */
  country: string;
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

// Excluding biogenic uptake = fossil + land-use change; including = excluding + uptake (the uptake is the roasted
// bean's biogenic carbon as CO2: 44/12 of it, negative).
const SINGLE_ORIGIN_FOOTPRINT: FootprintFigures = {
  name: "Huila single origin",
  description: "Roasted coffee, washed Arabica (Caturra, Castillo) from Huila, Colombia, whole bean",
  country: "DE",
  fossil: "3.92",
  landUseChange: "0.41",
  excludingBiogenic: "4.33",
  biogenicCarbon: "0.5",
  biogenicUptake: "-1.83",
  includingBiogenic: "2.5",
  primaryDataShare: "71",
  standards: ["ISO14067", "PACT-3.0"],
  comment:
    "Cradle-to-gate per kg roasted: cultivation and wet milling (the co-op's farm records), dry milling, sea freight " +
    "Buenaventura-Hamburg, roasting; packaging excluded.",
};

const ESPRESSO_FOOTPRINT: FootprintFigures = {
  name: "House espresso",
  description: "Roasted coffee, blend of natural Brazil (60%) and washed Colombia (40%) Arabica, whole bean",
  country: "DE",
  fossil: "5.36",
  landUseChange: "1.21",
  excludingBiogenic: "6.57",
  biogenicCarbon: "0.5",
  biogenicUptake: "-1.83",
  includingBiogenic: "4.74",
  primaryDataShare: "48",
  standards: ["ISO14067", "PACT-3.0"],
  comment: "Cradle-to-gate per kg roasted; the roastery's natural gas allocated to products by mass.",
};

const SIDAMA_FOOTPRINT: FootprintFigures = {
  name: "Sidama natural",
  description: "Roasted coffee, natural-process Arabica from Sidama, Ethiopia, whole bean",
  country: "GB",
  fossil: "2.62",
  landUseChange: "0.18",
  excludingBiogenic: "2.8",
  biogenicCarbon: "0.5",
  biogenicUptake: "-1.83",
  includingBiogenic: "0.97",
  standards: ["GHGP-Product"],
  comment: "Estimate from industry averages.",
};

/** A PACT v3 ProductFootprint (without its envelope) for 1 kg of the product with GTIN `gtin`. */
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
      declaredUnitOfMeasurement: "kilogram",
      declaredUnitAmount: "1",
      productMassPerDeclaredUnit: "1",
      referencePeriodStart: period.start,
      referencePeriodEnd: period.end,
      geographyCountry: f.country,
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

/** The sites of the co-op's certificates: its wet mill and its dry mill. */
function coopSites(coop: CompanyProfile): string[] {
  return [
    `7701234000103 (${coop.name}, wet mill, Pitalito, CO)`,
    `7701234000202 (${coop.name}, dry mill, Pitalito, CO)`,
  ];
}

/** The co-op's EU organic certificate, as a group of growers. */
function organicCertificate(coop: CompanyProfile, valid: { first: string; last: string }) {
  return {
    scheme: "eu-organic",
    standardVersion: "Regulation (EU) 2018/848",
    certificateNumber: "CO-BIO-154.2025.0871",
    certificationBody: { name: "Andina Certification Services", id: "CO-BIO-154" },
    scope: "Organic production of green coffee (Coffea arabica) by a group of 84 of the co-op's growers, Huila",
    sites: coopSites(coop),
    labelClaim: "organic",
    validFrom: valid.first,
    validUntil: valid.last,
    certificateURI: "https://certificates.example.org/eu-organic/CO-BIO-154.2025.0871",
    comment: "The renewal inspection is pending: the co-op's coffee is not organic until a new certificate is issued.",
  };
}

/** The co-op's Fairtrade certificate, as a small-scale producer organization. */
function fairtradeCertificate(coop: CompanyProfile, valid: { first: string; last: string }) {
  return {
    scheme: "fairtrade",
    standardVersion: "Fairtrade Standard for Small-scale Producer Organizations",
    certificateNumber: "FLO ID 48213",
    certificationBody: { name: "Andina Certification Services", id: "CB-CO-027" },
    scope: "Green coffee (Coffea arabica), washed, from the co-op's 312 member farms in Pitalito and Acevedo, Huila",
    sites: coopSites(coop),
    labelClaim: "Fairtrade",
    validFrom: valid.first,
    validUntil: valid.last,
    certificateURI: "https://certificates.example.org/fairtrade/48213",
    comment: "Fairtrade Minimum Price and Premium paid on this lot; the farm-gate prices are in the co-op's vault.",
  };
}

/** The EUDR claim on the lot: coffee from three mapped plots of the co-op's growers (no personal data). */
function deforestationFree(harvested: { start: string; end: string }) {
  const plot = (plotId: string, place: string, areaHectares: number, geometry: Record<string, unknown>) => ({
    type: "Feature",
    geometry,
    properties: { plotId, country: "CO", areaHectares, productionPlace: `${place}, Huila` },
  });
  return {
    commodity: "coffee",
    hsCode: "090121",
    productDescription: "Roasted coffee, not decaffeinated, whole bean (imported green under HS 0901 11)",
    quantity: { netMassKg: 294 },
    countriesOfProduction: ["CO"],
    geolocation: {
      type: "FeatureCollection",
      features: [
        // More than 4 ha: a polygon.
        plot("CS-PIT-0412", "Pitalito", 5.4, {
          type: "Polygon",
          coordinates: [
            [
              [-76.071342, 1.842118],
              [-76.069251, 1.842305],
              [-76.069087, 1.840204],
              [-76.071195, 1.840012],
              [-76.071342, 1.842118],
            ],
          ],
        }),
        plot("CS-PIT-0977", "Pitalito", 1.8, { type: "Point", coordinates: [-76.052871, 1.861305] }),
        plot("CS-ACE-0153", "Acevedo", 2.6, { type: "Point", coordinates: [-75.887203, 1.806931] }),
      ],
    },
    productionPeriod: harvested,
    dueDiligenceStatement: { referenceNumber: "26DEXL7Q4R2K9M", verificationNumber: "W3PZ8KQN" },
    operatorRole: "operator",
    countryRiskCategory: "standard",
    deforestationFree: true,
    legallyProduced: true,
    comment:
      "Plots mapped by the co-op and checked against forest cover on 31 December 2020; the full plot register is " +
      "shared with the brand in the co-op's vault.",
  };
}

/** The packaging maker's recyclable mono-PE film with chemically recycled content, attributed by mass balance. */
function recycledFilm(year: number) {
  return {
    material: "polyethylene film (mono-PE laminate with EVOH barrier)",
    recycledContentPercent: 30,
    postConsumerPercent: 30,
    basis: "mass",
    standard: "other",
    standardName: "ISCC PLUS",
    chainOfCustodyModel: "mass-balance",
    referencePeriodStart: `${year - 1}-01-01`,
    referencePeriodEnd: `${year - 1}-12-31`,
    certificate: { number: "EU-ISCC-Cert-IT218-30241", certificationBody: "Meridian Certification Services" },
    comment:
      "Food-contact PE from pyrolysed post-consumer plastic, attributed by mass balance; the bag is recyclable in PE " +
      "streams.",
  };
}

/** Cradle-to-gate water use per kg of roasted coffee, m3. */
interface WaterFigures {
  withdrawal: number;
  consumption: number;
  scarcity: number;
  /** Where most of the water was used: the country of origin. */
  country: string;
}

const SINGLE_ORIGIN_WATER: WaterFigures = { withdrawal: 0.42, consumption: 0.19, scarcity: 3.6, country: "CO" };
const ESPRESSO_WATER: WaterFigures = { withdrawal: 0.95, consumption: 0.64, scarcity: 21.7, country: "BR" };

function waterUse(year: number, w: WaterFigures) {
  return {
    declaredUnitOfMeasurement: "kilogram",
    declaredUnitAmount: 1,
    waterWithdrawal: w.withdrawal,
    waterConsumption: w.consumption,
    waterScarcityFootprint: w.scarcity,
    boundary: "cradle-to-gate",
    methodology: "ISO 14046",
    geographyCountry: w.country,
    referencePeriodStart: `${year}-01-01`,
    referencePeriodEnd: `${year}-12-31`,
    primaryDataShare: 55,
    comment: "Irrigation, wet milling and roasting; rain-fed cultivation's green water excluded.",
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
