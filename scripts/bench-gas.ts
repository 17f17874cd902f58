/**
 * npm run bench:gas
 *
 * Deploys Constellate on the in-process network and measures every write in a steady state: fixed inputs, an EOA
 * sender, and each measured transaction preceded by a warm-up of the same kind, so that no measurement pays for a
 * contract-wide first write (a counter going from zero, say). Figures are receipt gasUsed (the 21,000 base included).
 * Writes bench/gas.json, prints a table with the change from the previous file and the targets, and exits non-zero
 * when a target is missed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";

import Constellate from "../ignition/modules/Constellate.ts";
import { businessStepCode, Kind, Motion, Permission, ProductRole, Role } from "../sdk/src/constants.ts";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

import type { Accreditations, Companies, Constellations, Products } from "../types/typechain/index.ts";
import { buildContracts } from "./lib/build.ts";
import { GAS_FILE, ROOT } from "./lib/paths.ts";

/** The targets: an operation's gas, or the sum of several, at most `max`. */
const TARGETS: { label: string; ops: string[]; max: number }[] = [
  { label: "constellation.create", ops: ["constellation.create"], max: 95_000 },
  { label: "constellation.invite + accept", ops: ["constellation.invite", "constellation.accept"], max: 110_000 },
  { label: "constellation.grantRole", ops: ["constellation.grantRole"], max: 35_000 },
  { label: "company.addOperator", ops: ["company.addOperator"], max: 50_000 },
  { label: "product.register", ops: ["product.register"], max: 75_000 },
  { label: "product.addActor", ops: ["product.addActor"], max: 50_000 },
  { label: "product.commitSerials", ops: ["product.commitSerials"], max: 60_000 },
  { label: "journey.record", ops: ["journey.record"], max: 38_000 },
];

const DAY = 24 * 60 * 60;

await buildContracts();
const connection = await network.create();
const { ethers } = connection;
const deployed = await connection.ignition.deploy(Constellate);
const companies = deployed.companies as unknown as Companies;
const accreditations = deployed.accreditations as unknown as Accreditations;
const constellations = deployed.constellations as unknown as Constellations;
const products = deployed.products as unknown as Products;

const signers = await ethers.getSigners();
const account = (i: number) => {
  const signer = signers[i];
  if (signer === undefined) throw new Error(`bench needs at least ${i + 1} accounts`);
  return signer;
};
const governance = account(0);
const brand = account(1);
const body = account(2);
const body2 = account(3);
const body3 = account(4);
const operator = account(5);
/** Companies that join, leave and get accredited; c[0] and c[1] make each warm-up/measure pair. */
const c = [6, 7, 8, 9, 10, 11, 12, 13].map(account);
const member = (i: number) => {
  const signer = c[i];
  if (signer === undefined) throw new Error(`no company ${i}`);
  return signer;
};
/** Two throwaway companies that mark themselves compromised. */
const doomed1 = account(14);
const doomed2 = account(15);
/** Operators that are only appointed and removed (plain addresses, never senders). */
const OP_A = "0x000000000000000000000000000000000000a11c";
const OP_B = "0x000000000000000000000000000000000000b0b0";

const profile = (version: number) => ({
  name: "Anatolia Organic Cotton Mill",
  registryId: "LEI:529900T8BM49AURSDO55",
  metadataURI: `ipfs://bafybeigdyrztv6fqwq3ay7mfyvk4wq2qvnwq3r6qd5h3r7m6nibxhc2nq/profile-v${version}.json`,
  metadataHash: ethers.sha256(ethers.toUtf8Bytes(`profile v${version}`)),
  dataEndpoint: "https://vault.anatolia-cotton.example",
});
const CONSTELLATION = {
  name: "Organic cotton",
  purpose: "Traceable organic cotton shirts, from the field to the shelf",
  metadataURI: "ipfs://bafybeigdyrztv6fqwq3ay7mfyvk4wq2qvnwq3r6qd5h3r7m6nibxhc2nq/constellation.json",
  metadataHash: ethers.sha256(ethers.toUtf8Bytes("constellation")),
};
const PREFIX = ethers.encodeBytes32String("4012345");
const EVIDENCE = ethers.sha256(ethers.toUtf8Bytes("audit report"));

const gas = new Map<string, number>();
type Tx = () => Promise<ContractTransactionResponse>;

async function send(tx: Tx): Promise<number> {
  const receipt = await (await tx()).wait();
  if (receipt === null || receipt.status !== 1) throw new Error("transaction failed");
  return Number(receipt.gasUsed);
}

/** Sends `warmUp`, then measures `measured`: two transactions of the same kind with the same inputs but the account. */
async function bench(op: string, warmUp: Tx, measured: Tx): Promise<void> {
  await send(warmUp);
  gas.set(op, await send(measured));
}

const now = async () => (await ethers.provider.getBlock("latest"))?.timestamp ?? 0;
const farFuture = BigInt((await now()) + 365 * DAY);

// ---------------------------------------------------------------------------------------------------------------
// Companies
// ---------------------------------------------------------------------------------------------------------------
await bench(
  "company.register",
  () => companies.connect(brand).register(profile(1)),
  () => companies.connect(body).register(profile(1)),
);
for (const signer of [body2, body3, ...c, doomed1, doomed2])
  await send(() => companies.connect(signer).register(profile(1)));

await bench(
  "company.updateProfile",
  () => companies.connect(brand).updateProfile(profile(2)),
  () => companies.connect(brand).updateProfile(profile(3)),
);
await bench(
  "company.addOperator",
  () => companies.connect(brand).setOperator(OP_A, Permission.ALL, farFuture),
  () => companies.connect(brand).setOperator(OP_B, Permission.ALL, farFuture),
);
await bench(
  "company.updateOperator",
  () => companies.connect(brand).setOperator(OP_A, Permission.PROFILE, farFuture),
  () => companies.connect(brand).setOperator(OP_B, Permission.PROFILE, farFuture),
);
await bench(
  "company.removeOperator",
  () => companies.connect(brand).removeOperator(OP_A),
  () => companies.connect(brand).removeOperator(OP_B),
);
await send(() => companies.connect(brand).setOperator(operator.address, Permission.ALL, farFuture));
await bench(
  "operator.actFor.updateProfile",
  () =>
    companies
      .connect(operator)
      .actFor(brand.address, companies.interface.encodeFunctionData("updateProfile", [profile(4)])),
  () =>
    companies
      .connect(operator)
      .actFor(brand.address, companies.interface.encodeFunctionData("updateProfile", [profile(5)])),
);
const since = BigInt(await now());
await bench(
  "company.markCompromised",
  () => companies.connect(doomed1).markCompromised(since),
  () => companies.connect(doomed2).markCompromised(since),
);

// ---------------------------------------------------------------------------------------------------------------
// Accreditations
// ---------------------------------------------------------------------------------------------------------------
const ALL_KINDS = Kind.GS1_COMPANY_PREFIX | Kind.LEGAL_ENTITY | Kind.VERIFIER_TOPIC;
await bench(
  "accreditation.appointBody",
  () => accreditations.connect(governance).appointBody(body.address, ALL_KINDS, "GS1 Demoland"),
  () => accreditations.connect(governance).appointBody(body2.address, ALL_KINDS, "GS1 Demoland"),
);
await send(() => accreditations.connect(governance).appointBody(body3.address, ALL_KINDS, "GS1 Demoland"));
await bench(
  "accreditation.removeBody",
  () => accreditations.connect(governance).removeBody(body3.address),
  () => accreditations.connect(governance).removeBody(body2.address),
);
await bench(
  "accreditation.attest",
  () => accreditations.connect(body).accredit(member(0).address, Kind.GS1_COMPANY_PREFIX, PREFIX, farFuture, EVIDENCE),
  () => accreditations.connect(body).accredit(member(1).address, Kind.GS1_COMPANY_PREFIX, PREFIX, farFuture, EVIDENCE),
);
await bench(
  "accreditation.revoke",
  () => accreditations.connect(body).revoke(member(0).address, Kind.GS1_COMPANY_PREFIX, PREFIX),
  () => accreditations.connect(body).revoke(member(1).address, Kind.GS1_COMPANY_PREFIX, PREFIX),
);

// ---------------------------------------------------------------------------------------------------------------
// Constellations (constellation 2 is the one measured; its twin 1 is the warm-up of `create`)
// ---------------------------------------------------------------------------------------------------------------
const asBrand = constellations.connect(brand);
const create = () =>
  asBrand.create(CONSTELLATION.name, CONSTELLATION.purpose, CONSTELLATION.metadataURI, CONSTELLATION.metadataHash);
await bench("constellation.create", create, create);
const id = 2n;
await bench(
  "constellation.update",
  () => asBrand.update(id, CONSTELLATION.name, CONSTELLATION.purpose, CONSTELLATION.metadataURI, EVIDENCE),
  () => asBrand.update(id, CONSTELLATION.name, CONSTELLATION.purpose, CONSTELLATION.metadataURI, EVIDENCE),
);
const inviteUntil = BigInt((await now()) + 30 * DAY);

// Invitations that do not lead to membership.
await bench(
  "constellation.withdrawInvitation",
  async () => {
    await send(() => asBrand.invite(id, member(6).address, Role.SUPPLIER, inviteUntil));
    return asBrand.withdrawInvitation(id, member(6).address);
  },
  async () => {
    await send(() => asBrand.invite(id, member(7).address, Role.SUPPLIER, inviteUntil));
    return asBrand.withdrawInvitation(id, member(7).address);
  },
);
await send(() => asBrand.invite(id, member(6).address, Role.SUPPLIER, inviteUntil));
await send(() => asBrand.invite(id, member(7).address, Role.SUPPLIER, inviteUntil));
await bench(
  "constellation.declineInvitation",
  () => constellations.connect(member(6)).declineInvitation(id),
  () => constellations.connect(member(7)).declineInvitation(id),
);
await bench(
  "constellation.cancelRequest",
  async () => {
    await send(() => constellations.connect(member(6)).requestToJoin(id, Role.RETAILER));
    return constellations.connect(member(6)).cancelJoinRequest(id);
  },
  async () => {
    await send(() => constellations.connect(member(7)).requestToJoin(id, Role.RETAILER));
    return constellations.connect(member(7)).cancelJoinRequest(id);
  },
);
await send(() => constellations.connect(member(6)).requestToJoin(id, Role.RETAILER));
await send(() => constellations.connect(member(7)).requestToJoin(id, Role.RETAILER));
await bench(
  "constellation.rejectRequest",
  () => asBrand.rejectJoinRequest(id, member(6).address),
  () => asBrand.rejectJoinRequest(id, member(7).address),
);

// Joining: members 0 and 1 by invitation, 2 and 3 by request.
await bench(
  "constellation.invite",
  () => asBrand.invite(id, member(0).address, Role.SUPPLIER, inviteUntil),
  () => asBrand.invite(id, member(1).address, Role.SUPPLIER, inviteUntil),
);
await bench(
  "constellation.accept",
  () => constellations.connect(member(0)).acceptInvitation(id),
  () => constellations.connect(member(1)).acceptInvitation(id),
);
await bench(
  "constellation.request",
  () => constellations.connect(member(2)).requestToJoin(id, Role.RETAILER),
  () => constellations.connect(member(3)).requestToJoin(id, Role.RETAILER),
);
await bench(
  "constellation.approve",
  () => asBrand.approveJoinRequest(id, member(2).address, Role.RETAILER),
  () => asBrand.approveJoinRequest(id, member(3).address, Role.RETAILER),
);

// Roles.
await bench(
  "constellation.grantRole",
  () => asBrand.grantRoles(id, member(0).address, Role.LOGISTICS),
  () => asBrand.grantRoles(id, member(1).address, Role.LOGISTICS),
);
await bench(
  "constellation.revokeRole",
  () => asBrand.revokeRoles(id, member(0).address, Role.LOGISTICS),
  () => asBrand.revokeRoles(id, member(1).address, Role.LOGISTICS),
);
for (const i of [0, 1, 2, 3]) await send(() => asBrand.grantRoles(id, member(i).address, Role.VERIFIER));
await bench(
  "constellation.acceptRoles",
  () => constellations.connect(member(0)).acceptRoles(id, Role.VERIFIER),
  () => constellations.connect(member(1)).acceptRoles(id, Role.VERIFIER),
);
await bench(
  "constellation.declineRoles",
  () => constellations.connect(member(2)).declineRoles(id, Role.VERIFIER),
  () => constellations.connect(member(3)).declineRoles(id, Role.VERIFIER),
);
const grantThroughOperator = (i: number) => () =>
  constellations
    .connect(operator)
    .actFor(
      brand.address,
      constellations.interface.encodeFunctionData("grantRoles", [id, member(i).address, Role.PRODUCER]),
    );
await bench("operator.actFor.grantRole", grantThroughOperator(2), grantThroughOperator(3));

// Leaving.
await bench(
  "constellation.leave",
  () => constellations.connect(member(0)).leaveConstellation(id),
  () => constellations.connect(member(1)).leaveConstellation(id),
);
await bench(
  "constellation.removeMember",
  () => asBrand.removeMember(id, member(2).address),
  () => asBrand.removeMember(id, member(3).address),
);

// Admins are made by majority motions. In a constellation with a single admin its vote carries at once: the
// measured vote is the second such appointment (the epoch counter is no longer zero).
const soloId = id + 1n;
await send(() =>
  asBrand.create(CONSTELLATION.name, CONSTELLATION.purpose, CONSTELLATION.metadataURI, CONSTELLATION.metadataHash),
);
for (const i of [2, 3]) {
  await send(() => asBrand.invite(soloId, member(i).address, Role.SUPPLIER, inviteUntil));
  await send(() => constellations.connect(member(i)).acceptInvitation(soloId));
}
await bench(
  "constellation.appointAdmin",
  () => asBrand.voteMotion(soloId, Motion.AppointAdmin, member(2).address),
  () => asBrand.voteMotion(soloId, Motion.AppointAdmin, member(3).address),
);

// Motions: five admins, each appointed by a majority of those before it; the measured vote is the second for the
// motion, which neither opens nor carries it.
const admins = [brand];
for (const i of [0, 1, 2, 3]) {
  await send(() => asBrand.invite(id, member(i).address, Role.SUPPLIER, inviteUntil));
  await send(() => constellations.connect(member(i)).acceptInvitation(id));
  for (const admin of admins.slice(0, Math.floor(admins.length / 2) + 1)) {
    await send(() => constellations.connect(admin).voteMotion(id, Motion.AppointAdmin, member(i).address));
  }
  await send(() => constellations.connect(member(i)).acceptRoles(id, Role.ADMIN));
  admins.push(member(i));
}
await bench(
  "constellation.voteMotion",
  () => asBrand.voteMotion(id, Motion.Archive, ethers.ZeroAddress),
  () => constellations.connect(member(0)).voteMotion(id, Motion.Archive, ethers.ZeroAddress),
);
// ---------------------------------------------------------------------------------------------------------------
// Products and journeys. The brand, accredited for prefix 4012345, holds PRODUCER in a constellation of its own;
// product A is every warm-up's subject and product B every measurement's. Metadata URIs are the length of an IPFS
// CID URI. Actors are registered companies acting directly.
// ---------------------------------------------------------------------------------------------------------------
await send(create);
const productsConstellation = await constellations.constellationCount();
await send(() => asBrand.grantRoles(productsConstellation, brand.address, Role.PRODUCER));
await send(() =>
  accreditations.connect(body).accredit(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX, farFuture, EVIDENCE),
);
const supplierActor = member(4);
const retailerActor = member(5);
const GTIN_A = "4012345000016";
const GTIN_B = "4012345000023";
const LOT = "LOT-2026-11A";
const metadata = (name: string) =>
  [
    `ipfs://bafybeigdyrztv6fqwq3ay7mfyvk4wq2qvnwq3r6qd5h3r7m6nibxhc2nq/${name}.json`,
    ethers.sha256(ethers.toUtf8Bytes(name)),
  ] as const;
const asProducer = products.connect(brand);
await bench(
  "product.register",
  () => asProducer.register(productsConstellation, GTIN_A, 7, ...metadata("product")),
  () => asProducer.register(productsConstellation, GTIN_B, 7, ...metadata("product")),
);
const productA = await products.productIdOf(ethers.ZeroAddress, GTIN_A);
const productB = await products.productIdOf(ethers.ZeroAddress, GTIN_B);
await send(() => asBrand.invite(productsConstellation, member(6).address, Role.PRODUCER, inviteUntil));
await send(() => constellations.connect(member(6)).acceptInvitation(productsConstellation));
await bench(
  "product.registerSelfDeclared",
  () => products.connect(member(6)).register(productsConstellation, GTIN_A, 0, ...metadata("product")),
  () => products.connect(member(6)).register(productsConstellation, GTIN_B, 0, ...metadata("product")),
);
await bench(
  "product.updateMetadata",
  () => asProducer.updateMetadata(productA, ...metadata("product-v2")),
  () => asProducer.updateMetadata(productB, ...metadata("product-v2")),
);
await bench(
  "product.registerBatch",
  () => asProducer.registerBatch(productA, LOT, ...metadata("batch")),
  () => asProducer.registerBatch(productB, LOT, ...metadata("batch")),
);
await bench(
  "product.registerItem",
  () => asProducer.registerItem(productA, "SN-000001", ...metadata("item")),
  () => asProducer.registerItem(productB, "SN-000001", ...metadata("item")),
);
const batchA = await products.batchIdOf(productA, LOT);
const batchB = await products.batchIdOf(productB, LOT);
// One root of 1,000 salted serials, built as the sdk and the contract's verifySerial expect.
const serialTree = (gtin: string) =>
  StandardMerkleTree.of(
    Array.from({ length: 1000 }, (_, i) => {
      const serial = `SN-${String(i + 1).padStart(6, "0")}`;
      return [BigInt(gtin), LOT, serial, ethers.keccak256(ethers.toUtf8Bytes(`salt ${gtin} ${serial}`))];
    }),
    ["uint256", "string", "string", "bytes32"],
  );
await bench(
  "product.commitSerials",
  () => asProducer.commitSerials(productA, batchA, serialTree(GTIN_A).root, 1000, true),
  () => asProducer.commitSerials(productB, batchB, serialTree(GTIN_B).root, 1000, true),
);
await bench(
  "product.addActor",
  () => asProducer.setActor(productA, supplierActor.address, ProductRole.SUPPLIER | ProductRole.LOGISTICS),
  () => asProducer.setActor(productB, supplierActor.address, ProductRole.SUPPLIER | ProductRole.LOGISTICS),
);
await bench(
  "product.updateActor",
  () => asProducer.setActor(productA, supplierActor.address, ProductRole.SUPPLIER),
  () => asProducer.setActor(productB, supplierActor.address, ProductRole.SUPPLIER),
);
for (const product of [productA, productB]) {
  await send(() => asProducer.setActor(product, retailerActor.address, ProductRole.RETAILER));
}
const eventTime = BigInt(await now());
const eventHash = (label: string) => ethers.sha256(ethers.toUtf8Bytes(label));
// An actor records on a batch: the common case, and the dearest direct one (the actor's and the batch's slots).
await bench(
  "journey.record",
  () =>
    products
      .connect(supplierActor)
      .recordEvent(productA, batchA, businessStepCode("shipping"), eventTime, eventHash("a1")),
  () =>
    products
      .connect(supplierActor)
      .recordEvent(productB, batchB, businessStepCode("shipping"), eventTime, eventHash("b1")),
);
await bench(
  "journey.record.owner",
  () => asProducer.recordEvent(productA, productA, businessStepCode("commissioning"), eventTime, eventHash("a2")),
  () => asProducer.recordEvent(productB, productB, businessStepCode("commissioning"), eventTime, eventHash("b2")),
);
await bench(
  "journey.record.actFor",
  () =>
    products
      .connect(operator)
      .actFor(
        brand.address,
        products.interface.encodeFunctionData("recordEvent", [
          productA,
          batchA,
          businessStepCode("receiving"),
          eventTime,
          eventHash("a3"),
        ]),
      ),
  () =>
    products
      .connect(operator)
      .actFor(
        brand.address,
        products.interface.encodeFunctionData("recordEvent", [
          productB,
          batchB,
          businessStepCode("receiving"),
          eventTime,
          eventHash("b3"),
        ]),
      ),
);
await bench(
  "journey.correct",
  () =>
    products
      .connect(retailerActor)
      .correctEvent(productA, batchA, businessStepCode("receiving"), eventTime, eventHash("a4"), eventHash("a1")),
  () =>
    products
      .connect(retailerActor)
      .correctEvent(productB, batchB, businessStepCode("receiving"), eventTime, eventHash("b4"), eventHash("b1")),
);
await bench(
  "product.removeActor",
  () => asProducer.removeActor(productA, retailerActor.address),
  () => asProducer.removeActor(productB, retailerActor.address),
);
await bench(
  "product.offerTransfer",
  () => asProducer.offerTransfer(productA, member(6).address),
  () => asProducer.offerTransfer(productB, member(6).address),
);
await bench(
  "product.acceptTransfer",
  () => products.connect(member(6)).acceptTransfer(productA),
  () => products.connect(member(6)).acceptTransfer(productB),
);
await bench(
  "product.discontinue",
  () => products.connect(member(6)).discontinue(productA),
  () => products.connect(member(6)).discontinue(productB),
);

await connection.close();

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------
const previous = readPrevious();
const sorted = Object.fromEntries([...gas.entries()].sort(([a], [b]) => a.localeCompare(b)));
mkdirSync(path.dirname(GAS_FILE), { recursive: true });
writeFileSync(GAS_FILE, JSON.stringify({ constellate: sorted }, null, 2) + "\n");

const fmt = (n: number) => n.toLocaleString("en-US");
const width = Math.max(...Object.keys(sorted).map((k) => k.length), 30);
console.log(`${"operation".padEnd(width)} ${"gasUsed".padStart(9)}  ${"change".padStart(8)}`);
for (const [op, used] of Object.entries(sorted)) {
  const before = previous[op];
  const change =
    before === undefined ? "new" : used === before ? "=" : `${used > before ? "+" : ""}${fmt(used - before)}`;
  console.log(`${op.padEnd(width)} ${fmt(used).padStart(9)}  ${change.padStart(8)}`);
}

console.log(`\n${"target".padEnd(width)} ${"gasUsed".padStart(9)}  ${"max".padStart(8)}  result`);
let missed = 0;
for (const target of TARGETS) {
  const used = target.ops.reduce((sum, op) => sum + (gas.get(op) ?? Number.NaN), 0);
  const ok = used <= target.max;
  if (!ok) missed++;
  console.log(
    `${target.label.padEnd(width)} ${fmt(used).padStart(9)}  ${fmt(target.max).padStart(8)}  ${ok ? "ok" : "MISSED"}`,
  );
}
console.log(`\nWrote ${path.relative(ROOT, GAS_FILE)}.`);
if (missed > 0) {
  console.error(`${missed} gas target(s) missed.`);
  process.exitCode = 1;
}

function readPrevious(): Record<string, number> {
  if (!existsSync(GAS_FILE)) return {};
  try {
    return (JSON.parse(readFileSync(GAS_FILE, "utf8")) as { constellate?: Record<string, number> }).constellate ?? {};
  } catch {
    return {};
  }
}
