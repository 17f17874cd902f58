import { Contract, encodeBytes32String, sha256, toUtf8Bytes, ZeroAddress } from "ethers";
import type { ContractTransactionResponse, Signer } from "ethers";

import { accessScope, accountGrant, blindedGrant, grantId } from "../../sdk/src/access.ts";
import { buildClaimBatch, buildClaimDocument, claimDocumentHash, claimFromDocument } from "../../sdk/src/claims.ts";
import { Kind, Motion, Permission, ProductRole, Role } from "../../sdk/src/constants.ts";
import { getTopic, rejectionReason } from "../../sdk/src/topics.ts";
import { claimId, nonceWordAndBit, randomNonce } from "../../sdk/src/typed-data.ts";
import type { Claim } from "../../sdk/src/typed-data.ts";
import type {
  Access,
  Accreditations,
  Claims,
  Companies,
  Constellations,
  Products,
} from "../../types/typechain/index.ts";
import { readArtifact } from "./artifacts.ts";
import type { ConstellateAddresses } from "./deploy.ts";
import { SEED_ACCOUNT_ORDER, seedAccountsFrom } from "./seed.ts";

/**
 * The parts the exercise gives to the accounts after the demo's cast (in this order, from account
 * SEED_ACCOUNT_ORDER.length on).
 */
export const EXERCISE_ACCOUNT_ORDER = [
  // A workwear brand: founds "Circular workwear", holds a GS1 Company Prefix, reclaims its product.
  "workwear",
  // A knitter: declines, asks, cancels, joins, becomes an admin, takes a product by transfer.
  "knitter",
  // A carrier: invited and uninvited, rejected, joins and leaves; founds and archives a pilot.
  "carrier",
  // A testing lab: a verifier that attests and withdraws, and rejects.
  "lab",
  // A dyehouse: a product actor that steps down, marks itself compromised and is removed.
  "dyehouse",
  // A certification body that governance appoints and removes.
  "certifier",
  // An employee's wallet acting for the workwear brand in every contract.
  "workwearOperator",
  // An employee's wallet acting for the seed's accreditation body.
  "bodyOperator",
  // Holds governance for a moment, and hands it back.
  "interimGovernance",
] as const;

export type ExerciseAccount = (typeof EXERCISE_ACCOUNT_ORDER)[number];

export interface ExerciseOptions {
  /** The node's funded accounts in order: the demo's cast ({@link SEED_ACCOUNT_ORDER}), then the exercise's. */
  signers: readonly Signer[];
  addresses: ConstellateAddresses;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

/** What the exercise did: its transaction count, and the ids of what it touched, to compare an index with the chain. */
export interface ExerciseResult {
  transactions: number;
  accounts: Record<ExerciseAccount, string>;
  constellations: { circular: bigint; archived: bigint };
  products: { reclaimed: string; discontinued: string };
  accreditations: { prefix: string; revoked: string };
  claims: { withdrawn: string; revoked: string };
  batch: { id: string; root: string; revokedClaim: string };
  grants: { revoked: string; blindedRevoked: string };
}

const DAY = 24 * 60 * 60;
const VAULT = "http://127.0.0.1:3000/vault";
const PREFIX = "4098765";
const GTINS = { jacket: "4098765000010", apron: "5601234000016" } as const;
const RECYCLED = getTopic("recycled-content");
const LABOUR = getTopic("labour-audit");

const PROFILES = {
  workwear: { name: "Harbour Workwear", registryId: "GLN:4098765000003", slug: "harbour-workwear" },
  knitter: { name: "Loomline Knitting", registryId: "GLN:5600001000006", slug: "loomline-knitting" },
  carrier: { name: "Kestrel Freight", registryId: "GLN:8712000100001", slug: "kestrel-freight" },
  lab: { name: "Tidewater Testing Lab", registryId: "GLN:5030001000001", slug: "tidewater-lab" },
  dyehouse: { name: "Quarry Lane Dyehouse", registryId: "GLN:5019999000002", slug: "quarry-lane-dyehouse" },
  certifier: { name: "Northstar Certification", registryId: "GLN:7300001000003", slug: "northstar-certification" },
} as const;

type CompanyKey = keyof typeof PROFILES;

/** Any Constellate contract, as an operator calls its actFor. */
interface ActsForCompanies {
  connect(runner: Signer): { actFor(company: string, data: string): Promise<ContractTransactionResponse> };
}

/** The six contracts, the cast (the demo's and the exercise's), and how to send and count transactions. */
interface Stage {
  companies: Companies;
  accreditations: Accreditations;
  constellations: Constellations;
  products: Products;
  claims: Claims;
  access: Access;
  signer: Record<ExerciseAccount | "governance" | "body", Signer>;
  address: Record<ExerciseAccount | "governance" | "body", string>;
  chainId: bigint;
  /** Sends `tx`, waits for it to succeed, and counts it. */
  send(label: string, tx: Promise<ContractTransactionResponse>): Promise<void>;
  /** `operator` sends `call` (a call of `target`) for `company` through `target.actFor`. */
  actFor(label: string, target: ActsForCompanies, operator: Signer, company: string, call: string): Promise<void>;
  now(): Promise<number>;
  transactions(): number;
}

/**
 * After `seedDemo` on the same chain, emits every event of every Constellate contract that the seed does not:
 * profile updates, an operator removed, a company compromised; a body appointed and removed, a topic governed, an
 * accreditation revoked, governance handed over and back; invitations declined and withdrawn, requests to join
 * cancelled and rejected, an admin appointed by motion, members leaving and removed, a constellation updated and one
 * archived; a product actor stepping down, product metadata, a transfer, a reclaim and a discontinued product; an
 * attestation withdrawn, a rejection, a batch with a revoked claim then revoked whole; nonces cancelled; a grant and a
 * blinded grant revoked; and an operator acting in each of the six contracts. It uses the accounts after the demo's
 * cast ({@link EXERCISE_ACCOUNT_ORDER}), with the seed's governance and accreditation body.
 */
export async function exerciseEveryEvent(options: ExerciseOptions): Promise<ExerciseResult> {
  const stage = await setStage(options);
  await registerCast(stage);
  const accreditations = await exerciseGovernance(stage);
  const constellations = await exerciseMemberships(stage);
  const products = await exerciseProducts(stage, constellations.circular);
  const { claims, batch } = await exerciseClaims(stage, constellations.circular);
  const grants = await exerciseAccess(stage);
  await windDown(stage, constellations.circular);

  const { governance: _governance, body: _body, ...accounts } = stage.address;
  return {
    transactions: stage.transactions(),
    accounts,
    constellations,
    products,
    accreditations,
    claims,
    batch,
    grants,
  };
}

async function setStage(options: ExerciseOptions): Promise<Stage> {
  const { signers, addresses } = options;
  const log = options.log ?? (() => {});
  const cast = seedAccountsFrom(signers);
  const signer = { governance: cast.governance, body: cast.body } as Stage["signer"];
  EXERCISE_ACCOUNT_ORDER.forEach((key, i) => {
    const account = signers[SEED_ACCOUNT_ORDER.length + i];
    if (account === undefined) {
      throw new Error(`The exercise needs ${SEED_ACCOUNT_ORDER.length + EXERCISE_ACCOUNT_ORDER.length} accounts`);
    }
    signer[key] = account;
  });
  const address = Object.fromEntries(
    await Promise.all(Object.entries(signer).map(async ([key, s]) => [key, await s.getAddress()] as const)),
  ) as Stage["address"];
  const provider = cast.governance.provider;
  if (provider === null) throw new Error("exercise: the signers need a provider");

  const at = <T>(name: keyof ConstellateAddresses) =>
    new Contract(addresses[name], readArtifact(name).abi, cast.governance) as unknown as T;
  let transactions = 0;
  const send = async (label: string, tx: Promise<ContractTransactionResponse>) => {
    const receipt = await (await tx).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`exercise: ${label} failed`);
    transactions++;
    log(`  ${label}`);
  };
  return {
    companies: at<Companies>("Companies"),
    accreditations: at<Accreditations>("Accreditations"),
    constellations: at<Constellations>("Constellations"),
    products: at<Products>("Products"),
    claims: at<Claims>("Claims"),
    access: at<Access>("Access"),
    signer,
    address,
    chainId: (await provider.getNetwork()).chainId,
    send,
    actFor: (label, target, operator, company, call) => send(label, target.connect(operator).actFor(company, call)),
    now: async () => (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000),
    transactions: () => transactions,
  };
}

function profile(key: CompanyKey, revision = 1) {
  const { name, registryId, slug } = PROFILES[key];
  return {
    name,
    registryId,
    metadataURI: `${VAULT}/profiles/${slug}.json`,
    metadataHash: sha256(toUtf8Bytes(`demo profile of ${slug}, revision ${revision}`)),
    dataEndpoint: `${VAULT}/${slug}`,
  };
}

function hashOf(text: string): string {
  return sha256(toUtf8Bytes(text));
}

/** The exercise's companies register; the workwear brand and the seed's body appoint operators. */
async function registerCast(s: Stage): Promise<void> {
  for (const key of Object.keys(PROFILES) as CompanyKey[]) {
    await s.send(`${PROFILES[key].name} registers`, s.companies.connect(s.signer[key]).register(profile(key)));
  }
  const expiresAt = (await s.now()) + 90 * DAY;
  const permissions =
    Permission.PROFILE | Permission.CONSTELLATION_ADMIN | Permission.PRODUCTS | Permission.CLAIMS | Permission.ACCESS;
  await s.send(
    "the workwear brand appoints its operator",
    s.companies.connect(s.signer.workwear).setOperator(s.address.workwearOperator, permissions, expiresAt),
  );
  await s.actFor(
    "its operator publishes a new profile revision (actFor)",
    s.companies,
    s.signer.workwearOperator,
    s.address.workwear,
    s.companies.interface.encodeFunctionData("updateProfile", [profile("workwear", 2)]),
  );
  await s.send(
    "the accreditation body appoints its operator",
    s.companies.connect(s.signer.body).setOperator(s.address.bodyOperator, Permission.ACCREDIT, expiresAt),
  );
}

/** Bodies, topics, accreditations and the two-step handover of governance. */
async function exerciseGovernance(s: Stage): Promise<ExerciseResult["accreditations"]> {
  const asGovernance = s.accreditations.connect(s.signer.governance);
  await s.send(
    "governance appoints a second body for legal entities",
    asGovernance.appointBody(s.address.certifier, Kind.LEGAL_ENTITY, PROFILES.certifier.name),
  );
  await s.send("governance removes it again", asGovernance.removeBody(s.address.certifier));
  await s.send("governance puts labour audits under accreditation", asGovernance.governTopic(LABOUR.id, true));

  const expiresAt = (await s.now()) + 365 * DAY;
  const prefix = encodeBytes32String(PREFIX);
  await s.actFor(
    `the body's operator accredits the workwear brand for prefix ${PREFIX} (actFor)`,
    s.accreditations,
    s.signer.bodyOperator,
    s.address.body,
    s.accreditations.interface.encodeFunctionData("accredit", [
      s.address.workwear,
      Kind.GS1_COMPANY_PREFIX,
      prefix,
      expiresAt,
      hashOf(`GS1 licence of ${PROFILES.workwear.name}`),
    ]),
  );
  await s.send(
    "the body accredits the lab for labour audits",
    s.accreditations
      .connect(s.signer.body)
      .accredit(s.address.lab, Kind.VERIFIER_TOPIC, LABOUR.id, expiresAt, hashOf("lab's SA8000 auditor licence")),
  );
  await s.send(
    "governance revokes it: the lab's auditor licence lapsed",
    asGovernance.revoke(s.address.lab, Kind.VERIFIER_TOPIC, LABOUR.id),
  );

  await s.send(
    "governance offers its role to an interim account",
    asGovernance.transferOwnership(s.address.interimGovernance),
  );
  const asInterim = s.accreditations.connect(s.signer.interimGovernance);
  await s.send("the interim account accepts it", asInterim.acceptOwnership());
  await s.send("and offers it back", asInterim.transferOwnership(s.address.governance));
  await s.send("governance accepts it back", asGovernance.acceptOwnership());

  return {
    prefix: await s.accreditations.accreditationId(s.address.workwear, Kind.GS1_COMPANY_PREFIX, prefix),
    revoked: await s.accreditations.accreditationId(s.address.lab, Kind.VERIFIER_TOPIC, LABOUR.id),
  };
}

/** "Circular workwear" and its members' comings and goings; a pilot constellation archived by its only admin. */
async function exerciseMemberships(s: Stage): Promise<ExerciseResult["constellations"]> {
  const c = s.constellations;
  const asWorkwear = c.connect(s.signer.workwear);
  const circular = (await c.constellationCount()) + 1n;
  await s.send(
    'the workwear brand founds "Circular workwear"',
    asWorkwear.create(
      "Circular workwear",
      "Workwear that is repaired, re-dyed and re-knitted",
      `${VAULT}/constellations/circular-workwear.json`,
      hashOf("circular workwear v1"),
    ),
  );
  await s.actFor(
    "its operator updates the description (actFor)",
    c,
    s.signer.workwearOperator,
    s.address.workwear,
    c.interface.encodeFunctionData("update", [
      circular,
      "Circular workwear",
      "Workwear that is repaired, re-dyed and re-knitted, with every garment's history",
      `${VAULT}/constellations/circular-workwear.json`,
      hashOf("circular workwear v2"),
    ]),
  );
  await s.send("the workwear brand takes PRODUCER", asWorkwear.grantRoles(circular, s.address.workwear, Role.PRODUCER));
  const until = (await s.now()) + 30 * DAY;

  // The knitter: declines an invitation, asks to join and thinks better of it, asks again, and becomes an admin.
  const asKnitter = c.connect(s.signer.knitter);
  await s.send("the knitter is invited", asWorkwear.invite(circular, s.address.knitter, Role.PRODUCER, until));
  await s.send("the knitter declines", asKnitter.declineInvitation(circular));
  await s.send("the knitter asks to join", asKnitter.requestToJoin(circular, Role.PRODUCER));
  await s.send("the knitter cancels its request", asKnitter.cancelJoinRequest(circular));
  await s.send("the knitter asks again", asKnitter.requestToJoin(circular, Role.PRODUCER));
  await s.send(
    "the workwear brand approves",
    asWorkwear.approveJoinRequest(circular, s.address.knitter, Role.PRODUCER),
  );
  await s.send(
    "the only admin votes to make the knitter an admin (carried: ADMIN offered)",
    asWorkwear.voteMotion(circular, Motion.AppointAdmin, s.address.knitter),
  );
  await s.send("the knitter accepts ADMIN", asKnitter.acceptRoles(circular, Role.ADMIN));

  // The carrier: invited by mistake, asks and is turned down, joins later and leaves.
  const asCarrier = c.connect(s.signer.carrier);
  await s.send("the carrier is invited", asWorkwear.invite(circular, s.address.carrier, Role.LOGISTICS, until));
  await s.send("the invitation is withdrawn", asWorkwear.withdrawInvitation(circular, s.address.carrier));
  await s.send("the carrier asks to join", asCarrier.requestToJoin(circular, Role.LOGISTICS));
  await s.send("its request is rejected", asWorkwear.rejectJoinRequest(circular, s.address.carrier));
  await s.send("the carrier is invited again", asWorkwear.invite(circular, s.address.carrier, Role.LOGISTICS, until));
  await s.send("the carrier accepts", asCarrier.acceptInvitation(circular));
  await s.send("the carrier leaves", asCarrier.leaveConstellation(circular));

  for (const [key, roles] of [
    ["lab", Role.VERIFIER],
    ["dyehouse", Role.SUPPLIER],
  ] as const) {
    await s.send(`the ${key} is invited`, asWorkwear.invite(circular, s.address[key], roles, until));
    await s.send(`the ${key} accepts`, c.connect(s.signer[key]).acceptInvitation(circular));
  }

  const archived = circular + 1n;
  await s.send(
    'the carrier founds a "Returnable hangers" pilot',
    asCarrier.create("Returnable hangers", "A pilot of reusable hangers between depots", "", hashOf("hangers")),
  );
  await s.send(
    "its only admin votes to archive it (carried)",
    asCarrier.voteMotion(archived, Motion.Archive, ZeroAddress),
  );
  return { circular, archived };
}

/** A jacket that changes hands and is reclaimed by its accredited brand; an apron discontinued. */
async function exerciseProducts(s: Stage, circular: bigint): Promise<ExerciseResult["products"]> {
  const p = s.products;
  const asWorkwear = p.connect(s.signer.workwear);
  const meta = (slug: string, revision = 1) =>
    [`${VAULT}/products/${slug}.json`, hashOf(`demo product ${slug}, revision ${revision}`)] as const;
  await s.send(
    "the workwear brand registers its jacket (brand registration)",
    asWorkwear.register(circular, GTINS.jacket, PREFIX.length, ...meta("work-jacket")),
  );
  const jacket = await p.productIdOf(ZeroAddress, GTINS.jacket);
  await s.send(
    "it designates the dyehouse as SUPPLIER",
    asWorkwear.setActor(jacket, s.address.dyehouse, ProductRole.SUPPLIER),
  );
  await s.send("the dyehouse steps down", p.connect(s.signer.dyehouse).removeActor(jacket, s.address.dyehouse));
  await s.actFor(
    "the operator publishes new jacket metadata (actFor)",
    p,
    s.signer.workwearOperator,
    s.address.workwear,
    p.interface.encodeFunctionData("updateMetadata", [jacket, ...meta("work-jacket", 2)]),
  );
  await s.send("the brand offers the jacket to the knitter", asWorkwear.offerTransfer(jacket, s.address.knitter));
  const asKnitter = p.connect(s.signer.knitter);
  await s.send("the knitter accepts it", asKnitter.acceptTransfer(jacket));
  await s.send(
    "the accredited brand reclaims it from the unaccredited knitter",
    asWorkwear.register(circular, GTINS.jacket, PREFIX.length, ...meta("work-jacket", 3)),
  );

  await s.send(
    "the knitter registers an apron (self-declared)",
    asKnitter.register(circular, GTINS.apron, 0, ...meta("knitted-apron")),
  );
  const apron = await p.productIdOf(s.address.knitter, GTINS.apron);
  await s.send("and discontinues it", asKnitter.discontinue(apron));
  return { reclaimed: jacket, discontinued: apron };
}

/** Verdicts given and withdrawn, a claim revoked, and a batch with one claim revoked and then revoked whole. */
async function exerciseClaims(s: Stage, circular: bigint) {
  const asWorkwear = s.claims.connect(s.signer.workwear);
  const asLab = s.claims.connect(s.signer.lab);
  const year = new Date((await s.now()) * 1000).getUTCFullYear();
  const recycled = (percent: number) => jacketRecycledContent(s.address.workwear, circular, year, percent);

  const withdrawn = recycled(35);
  await s.send("the workwear brand claims 35% recycled polyester", asWorkwear.issue(withdrawn));
  await s.send("the lab attests it", asLab.attest(withdrawn, hashOf("lab report TW-1101"), 0));
  await s.send("the lab withdraws its attestation", asLab.withdraw(claimId(withdrawn)));

  const revoked = recycled(60);
  await s.actFor(
    "the operator claims 60% (actFor)",
    s.claims,
    s.signer.workwearOperator,
    s.address.workwear,
    s.claims.interface.encodeFunctionData("issue", [revoked]),
  );
  const inconsistent = rejectionReason("data_inconsistent_with_evidence");
  await s.send(
    "the lab rejects it",
    asLab.reject(revoked, inconsistent.code, hashOf("lab report TW-1102: 34% measured")),
  );
  await s.send("the brand revokes it", asWorkwear.revoke(claimId(revoked)));

  const batch = buildClaimBatch([recycled(30), recycled(40)]);
  const manifestURI = `${VAULT}/harbour-workwear/claims/${batch.manifestHash.slice(2)}.json`;
  await s.send(
    "the brand anchors a batch of two claims",
    asWorkwear.issueBatch(batch.root, batch.count, batch.topic, batch.constellation, batch.manifestHash, manifestURI),
  );
  const revokedClaim = claimId(batch.claims[0]!);
  await s.send("it revokes one claim of the batch", asWorkwear.revokeBatchClaim(batch.root, revokedClaim));
  await s.send("and then the whole batch", asWorkwear.revokeBatch(batch.root));

  const { word, mask } = nonceWordAndBit(randomNonce());
  await s.send("the brand cancels a signed claim's nonce", asWorkwear.cancelNonces(word, mask));
  return {
    claims: { withdrawn: claimId(withdrawn), revoked: claimId(revoked) },
    batch: { id: await s.claims.batchId(s.address.workwear, batch.root), root: batch.root, revokedClaim },
  };
}

/** The workwear brand's claim of `percent` recycled polyester in its jacket, valid this year and the next. */
function jacketRecycledContent(issuer: string, constellation: bigint, year: number, percent: number): Claim {
  const document = buildClaimDocument({
    topic: RECYCLED,
    subject: { kind: "product", gtin: GTINS.jacket },
    issuer,
    values: { material: "polyester", recycledContentPercent: percent, basis: "mass", standard: "ISO 14021" },
    validFrom: `${year}-01-01`,
    validUntil: `${year + 2}-01-01`,
  });
  const documentURI = `${VAULT}/harbour-workwear/claims/${claimDocumentHash(document).slice(2)}.json`;
  return claimFromDocument(document, { documentURI, constellation });
}

/** A grant made by the operator and revoked, a blinded grant revoked, and a cancelled nonce. */
async function exerciseAccess(s: Stage): Promise<ExerciseResult["grants"]> {
  const asWorkwear = s.access.connect(s.signer.workwear);
  const until = (await s.now()) + 30 * DAY;
  const grant = accountGrant(s.address.workwear, accessScope("documents"), s.address.knitter);
  await s.actFor(
    "the operator grants the knitter the brand's product documents (actFor)",
    s.access,
    s.signer.workwearOperator,
    s.address.workwear,
    s.access.interface.encodeFunctionData("grantAccess", [grant, until]),
  );
  await s.send("the brand revokes the grant", asWorkwear.revokeAccess(grantId(grant)));

  const { commitment } = blindedGrant({
    ownerSecret: hashOf("harbour workwear owner secret (exercise only)"),
    kind: "account",
    grantee: s.address.lab,
    scope: accessScope("claim-evidence"),
    chainId: s.chainId,
    contract: await s.access.getAddress(),
    owner: s.address.workwear,
  });
  await s.send("the brand grants the lab its claim evidence, blinded", asWorkwear.grantBlinded(commitment, until));
  await s.send("and revokes the blinded grant", asWorkwear.revokeBlinded(commitment));

  const { word, mask } = nonceWordAndBit(randomNonce());
  await s.send("the brand cancels a signed grant's nonce", asWorkwear.cancelNonces(word, mask));
  return { revoked: grantId(grant), blindedRevoked: commitment };
}

/** The dyehouse reports a stolen key and is removed; the workwear brand retires its operator. */
async function windDown(s: Stage, circular: bigint): Promise<void> {
  const since = (await s.now()) - 2 * DAY;
  await s.send(
    "the dyehouse marks itself compromised from two days ago",
    s.companies.connect(s.signer.dyehouse).markCompromised(since),
  );
  await s.send(
    "the workwear brand removes the dyehouse from its constellation",
    s.constellations.connect(s.signer.workwear).removeMember(circular, s.address.dyehouse),
  );
  await s.send(
    "the workwear brand removes its operator",
    s.companies.connect(s.signer.workwear).removeOperator(s.address.workwearOperator),
  );
}
