import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { ContractTransactionResponse } from "ethers";

import { ProductRole } from "../../sdk/src/constants.js";
import type { Products } from "../../types/typechain/index.js";
import { DAY, deployWithConstellation, ethers, Kind, now, profile, Role, type Signer } from "./fixture.js";

/** GS1 application identifiers that tag batch (lot) and item (serial) ids. */
export const AI_LOT = 10;
export const AI_SERIAL = 21;

/** The brand's GS1 Company Prefix, and the GTINs built on it. */
export const PREFIX = "4012345";
/** A prefix that does not cover the brand's GTINs (held by nobody at first). */
export const OTHER_PREFIX = "4098765";

/** The check digit of a GTIN whose other digits are `body` (7, 11, 12 or 13 digits). */
export function checkDigit(body: string): number {
  const digits = body.padStart(13, "0");
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** `body` completed with its check digit. */
export function gtin(body: string): string {
  return `${body}${checkDigit(body)}`;
}

/** The brand's product: GTIN-13 4012345000016 written as a GTIN-14. */
export const GTIN = "04012345000016";
/** The same GTIN in its 13-digit form. */
export const GTIN13 = "4012345000016";
/** A second product of the brand. */
export const GTIN2 = gtin("0401234500002");
/** The brand's GTIN with packaging indicator 1: another GTIN-14 under the same prefix. */
export const GTIN_CASE = gtin("1401234500001");
/** A GTIN under OTHER_PREFIX. */
export const OTHER_GTIN = gtin("0409876500001");

export const LOT = "L-2025/01";
export const LOT2 = "L-2025/02";
export const SERIAL = "SN-0001";
export const URI = "ipfs://bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku/product.json";
export const META = ethers.id("product metadata");
export const EVENT_HASH = ethers.sha256(ethers.toUtf8Bytes('{"type":"ObjectEvent","bizStep":"shipping"}'));
export const EVENT_HASH2 = ethers.sha256(ethers.toUtf8Bytes('{"type":"ObjectEvent","bizStep":"receiving"}'));

/** The integer value of a GTIN's digits, as the contract carries a GTIN-14. */
export function gtinValue(g: string): bigint {
  return BigInt(g);
}

/** `keccak256(abi.encode(namespace, gtin14))`. */
export function productId(namespace: string, g: string): string {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [namespace, gtinValue(g)]));
}

/** `keccak256(abi.encode(product, uint8(ai), text))`. */
export function subjectId(product: string, ai: number, text: string): string {
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint8", "string"], [product, ai, text]),
  );
}

/** The Accreditations subject of a GS1 Company Prefix: its ASCII digits, left-aligned. */
export function prefixSubject(prefix: string): string {
  return ethers.encodeBytes32String(prefix);
}

/** A registration as plain values, for deep comparison. */
export interface ProductView {
  owner: string;
  constellation: number;
  prefixLength: number;
  discontinued: boolean;
  generation: number;
}

export async function productView(products: Products, product: string): Promise<ProductView> {
  const p = await products.productOf(product);
  return {
    owner: p.owner,
    constellation: Number(p.constellation),
    prefixLength: Number(p.prefixLength),
    discontinued: p.discontinued,
    generation: Number(p.generation),
  };
}

/** `subjectOf` as plain values. */
export async function subjectView(
  products: Products,
  product: string,
  subject: string,
): Promise<{ kind: number; generation: number; registeredAt: number; live: boolean }> {
  const [record, live] = await products.subjectOf(product, subject);
  return {
    kind: Number(record.kind),
    generation: Number(record.generation),
    registeredAt: Number(record.registeredAt),
    live,
  };
}

/** `actorOf` as plain values. */
export async function actorView(
  products: Products,
  product: string,
  actor: string,
): Promise<{ designatedBy: string; stored: number; roles: number }> {
  const [record, roles] = await products.actorOf(product, actor);
  return { designatedBy: record.designatedBy, stored: Number(record.roles), roles: Number(roles) };
}

/** The names of the events `c` emitted in `tx`, in order. */
export async function productEvents(
  c: Products,
  tx: ContractTransactionResponse | Promise<ContractTransactionResponse>,
): Promise<string[]> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction not mined");
  const address = (await c.getAddress()).toLowerCase();
  const names: string[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = c.interface.parseLog(log);
    if (parsed !== null) names.push(parsed.name);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Serial trees
// ---------------------------------------------------------------------------------------------------------------

export const SERIAL_LEAF = ["uint256", "string", "string", "bytes32"];
export type SerialLeaf = [bigint, string, string, string];

/** A StandardMerkleTree over `count` serials of lot `lot` of `g`, salted (a distinct salt per leaf) or not. */
export function serialTree(
  g: string,
  lot: string,
  count: number,
  { salted = false, tag = "SN" }: { salted?: boolean; tag?: string } = {},
): { tree: StandardMerkleTree<SerialLeaf>; leaves: SerialLeaf[] } {
  const leaves: SerialLeaf[] = [];
  for (let i = 0; i < count; i++) {
    const serial = `${tag}${String(i).padStart(6, "0")}`;
    const salt = salted ? ethers.id(`salt:${lot}:${serial}`) : ethers.ZeroHash;
    leaves.push([gtinValue(g), lot, serial, salt]);
  }
  return { tree: StandardMerkleTree.of(leaves, SERIAL_LEAF), leaves };
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

/**
 * As {deployWithConstellation}, plus:
 *  - `impostor`, `successor` and `carrier`: registered companies (accounts 9, 10, 11);
 *  - in constellation 1: `brand` holds ADMIN and PRODUCER, `impostor` and `successor` PRODUCER (competitors of the
 *    brand in the same constellation), `retailer` RETAILER and `carrier` LOGISTICS, `supplier` SUPPLIER;
 *  - `body` appointed for GS1 Company Prefixes, and `brand` accredited by it for PREFIX for a year
 *    (`accreditationExpiry`). `verifier` is registered but no member.
 */
export async function deployProducts() {
  const base = await deployWithConstellation();
  const { companies, constellations, accreditations, governance, brand, body, retailer, id } = base;
  const signers = await ethers.getSigners();
  const [impostor, successor, carrier] = [signers[9], signers[10], signers[11]] as [Signer, Signer, Signer];
  await companies.connect(impostor).register(profile("Impostor"));
  await companies.connect(successor).register(profile("Successor"));
  await companies.connect(carrier).register(profile("Carrier"));
  await constellations.connect(brand).grantRoles(id, brand.address, Role.PRODUCER);
  const expiry = (await now()) + 7 * DAY;
  for (const [member, roles] of [
    [impostor, Role.PRODUCER],
    [successor, Role.PRODUCER],
    [retailer, Role.RETAILER],
    [carrier, Role.LOGISTICS],
  ] as const) {
    await constellations.connect(brand).invite(id, member.address, roles, expiry);
    await constellations.connect(member).acceptInvitation(id);
  }
  await accreditations.connect(governance).appointBody(body.address, Kind.GS1_COMPANY_PREFIX, "GS1 Germany");
  const accreditationExpiry = (await now()) + 365 * DAY;
  await accreditations
    .connect(body)
    .accredit(brand.address, Kind.GS1_COMPANY_PREFIX, prefixSubject(PREFIX), accreditationExpiry, META);
  return { ...base, impostor, successor, carrier, accreditationExpiry };
}

/** `body` accredits `company` for GS1 Company Prefix `prefix` for `lifetime` seconds. */
export async function accredit(
  fx: Awaited<ReturnType<typeof deployProducts>>,
  company: Signer,
  prefix: string,
  lifetime = 365 * DAY,
): Promise<void> {
  await fx.accreditations
    .connect(fx.body)
    .accredit(company.address, Kind.GS1_COMPANY_PREFIX, prefixSubject(prefix), (await now()) + lifetime, META);
}

/** `body` revokes `company`'s accreditation for `prefix`. */
export async function revokePrefix(
  fx: Awaited<ReturnType<typeof deployProducts>>,
  company: Signer,
  prefix: string,
): Promise<void> {
  await fx.accreditations.connect(fx.body).revoke(company.address, Kind.GS1_COMPANY_PREFIX, prefixSubject(prefix));
}

/**
 * As {deployProducts}, with the brand's registration of GTIN (brand namespace, prefix length 7) as `product`, its
 * batch LOT as `batch` and its item SERIAL as `item`.
 */
export async function deployWithProduct() {
  const base = await deployProducts();
  const { products, brand, id } = base;
  await products.connect(brand).register(id, GTIN, PREFIX.length, URI, META);
  const product = productId(ethers.ZeroAddress, GTIN);
  await products.connect(brand).registerBatch(product, LOT, URI, META);
  await products.connect(brand).registerItem(product, SERIAL, URI, META);
  return {
    ...base,
    product,
    batch: subjectId(product, AI_LOT, LOT),
    item: subjectId(product, AI_SERIAL, SERIAL),
  };
}

/**
 * As {deployWithProduct}, with one actor per role on `product`: `supplier` SUPPLIER, `carrier` LOGISTICS, `retailer`
 * RETAILER and `verifier` AUDITOR (not a member of the constellation: actors need not be). `impostor` and `successor`
 * are members of the constellation but no actors.
 */
export async function deployWithActors() {
  const base = await deployWithProduct();
  const { products, brand, supplier, carrier, retailer, verifier, product } = base;
  await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
  await products.connect(brand).setActor(product, carrier.address, ProductRole.LOGISTICS);
  await products.connect(brand).setActor(product, retailer.address, ProductRole.RETAILER);
  await products.connect(brand).setActor(product, verifier.address, ProductRole.AUDITOR);
  return {
    ...base,
    actors: [
      { signer: supplier, roles: ProductRole.SUPPLIER },
      { signer: carrier, roles: ProductRole.LOGISTICS },
      { signer: retailer, roles: ProductRole.RETAILER },
      { signer: verifier, roles: ProductRole.AUDITOR },
    ],
  };
}
