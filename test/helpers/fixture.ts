import { network } from "hardhat";

import type {
  Access,
  Accreditations,
  Claims,
  Companies,
  Constellations,
  Products,
} from "../../types/typechain/index.js";

/** One in-process chain per test file; tests restore its snapshots through `loadFixture`. */
export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

import { Role } from "../../sdk/src/constants.js";

export { Kind, Motion, Permission, Role } from "../../sdk/src/constants.js";

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
 * Deploys the contracts with `governance` as the Accreditations owner, and registers the named companies.
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
  const products = (await ethers.deployContract("Products", [
    await companies.getAddress(),
    await constellations.getAddress(),
    await accreditations.getAddress(),
  ])) as unknown as Products;
  const claims = (await ethers.deployContract("Claims", [
    await companies.getAddress(),
    await constellations.getAddress(),
    await products.getAddress(),
    await accreditations.getAddress(),
  ])) as unknown as Claims;
  const access = (await ethers.deployContract("Access", [
    await companies.getAddress(),
    await constellations.getAddress(),
  ])) as unknown as Access;
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
    products,
    claims,
    access,
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
