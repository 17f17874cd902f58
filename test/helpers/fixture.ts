import { network } from "hardhat";

import type { Accreditations, Companies, Constellations } from "../../types/typechain/index.js";

/** One in-process chain per test file; tests restore its snapshots through `loadFixture`. */
export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

/** Operator permission bits (contracts/libraries/OperatorPermissions.sol). */
export const Permission = {
  PROFILE: 1n << 0n,
  MEMBERSHIP: 1n << 1n,
  CONSTELLATION_ADMIN: 1n << 2n,
  ACCREDIT: 1n << 3n,
  PRODUCTS: 1n << 4n,
  EVENTS: 1n << 5n,
  CLAIMS: 1n << 6n,
  VERIFY: 1n << 7n,
  ACCESS: 1n << 8n,
  ALL: (1n << 9n) - 1n,
} as const;

/** Constellation role bits (contracts/libraries/ConstellationRoles.sol). */
export const Role = {
  ADMIN: 1,
  PRODUCER: 2,
  SUPPLIER: 4,
  LOGISTICS: 8,
  RETAILER: 16,
  VERIFIER: 32,
  ALL: 63,
} as const;

/** Accreditation kinds (contracts/Accreditations.sol). */
export const Kind = { GS1_COMPANY_PREFIX: 1, LEGAL_ENTITY: 2, VERIFIER_TOPIC: 4 } as const;

/** Motions (IConstellations.Motion). */
export const Motion = { DemoteAdmin: 0, RemoveAdmin: 1, Archive: 2 } as const;

export const DAY = 24 * 60 * 60;

/** The test network's accounts by the part they play, in `getSigners()` order. */
const ACCOUNT_NAMES = [
  "governance",
  "brand",
  "supplier",
  "retailer",
  "verifier",
  "body",
  "stranger",
  "operator",
  "operator2",
] as const;
export type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

export async function namedAccounts(): Promise<Record<(typeof ACCOUNT_NAMES)[number], Signer>> {
  const signers = await ethers.getSigners();
  if (signers.length < ACCOUNT_NAMES.length) throw new Error(`the test network has only ${signers.length} accounts`);
  return Object.fromEntries(ACCOUNT_NAMES.map((name, i) => [name, signers[i]])) as Record<
    (typeof ACCOUNT_NAMES)[number],
    Signer
  >;
}

export function profile(name: string, overrides: Partial<Record<string, string>> = {}) {
  return {
    name,
    registryId: "LEI:529900T8BM49AURSDO55",
    metadataURI: `ipfs://bafybeigdyrztv6fqwq3ay7mfyvk4wq2qvnwq3r6qd5h3r7m6nibxhc2nq/${encodeURIComponent(name)}`,
    metadataHash: ethers.id(`profile:${name}`),
    dataEndpoint: "https://vault.example.com",
    ...overrides,
  };
}

export async function now(): Promise<number> {
  return networkHelpers.time.latest();
}

/**
 * Deploys the three contracts with `governance` as the Accreditations owner, and registers the named companies.
 * Accounts: governance, brand, supplier, retailer, verifier, body (an accreditation body), stranger (never
 * registered), operator, operator2.
 */
export async function deployConstellate() {
  const { governance, brand, supplier, retailer, verifier, body, stranger, operator, operator2 } =
    await namedAccounts();
  const companies = (await ethers.deployContract("Companies")) as unknown as Companies;
  const constellations = (await ethers.deployContract("Constellations", [
    await companies.getAddress(),
  ])) as unknown as Constellations;
  const accreditations = (await ethers.deployContract("Accreditations", [
    await companies.getAddress(),
    governance.address,
  ])) as unknown as Accreditations;
  for (const [signer, name] of [
    [brand, "Brand"],
    [supplier, "Supplier"],
    [retailer, "Retailer"],
    [verifier, "Verifier"],
    [body, "GS1 Body"],
  ] as const) {
    await companies.connect(signer).register(profile(name));
  }
  return {
    companies,
    constellations,
    accreditations,
    governance,
    brand,
    supplier,
    retailer,
    verifier,
    body,
    stranger,
    operator,
    operator2,
  };
}

/** As {deployConstellate}, plus constellation 1 founded by `brand`, with `supplier` a member holding SUPPLIER. */
export async function deployWithConstellation() {
  const base = await deployConstellate();
  const { constellations, brand, supplier } = base;
  await constellations
    .connect(brand)
    .create("Organic cotton", "Traceable organic shirts", "ipfs://meta", ethers.ZeroHash);
  await constellations.connect(brand).invite(1, supplier.address, Role.SUPPLIER, (await now()) + 7 * DAY);
  await constellations.connect(supplier).acceptInvitation(1);
  return { ...base, id: 1n };
}
