/**
 * What the mapping tests share: the built subgraph (subgraph/build, from `npm run build:subgraph`), loaded once, a fresh
 * harness per test, accounts, and the ids the mappings compute, spelled out here independently of them.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { concat, encodeAbiParameters, keccak256, pad, stringToBytes, stringToHex, toHex } from "viem";
import type { Hex } from "viem";

import type { EthereumEvent } from "../../src/runtime/event.ts";
import { loadSubgraph } from "../../src/runtime/subgraph.ts";
import { MappingHarness } from "../../src/runtime/testing.ts";
import type { EntityData } from "../../src/schema.ts";

const BUILD_DIR = fileURLToPath(new URL("../../../build", import.meta.url));
if (!existsSync(`${BUILD_DIR}/subgraph.yaml`)) {
  throw new Error(`No built subgraph in ${BUILD_DIR}: run npm run build:subgraph first`);
}
const subgraph = loadSubgraph(BUILD_DIR);

/** A harness with an empty store, at block 1. */
export function harness(): MappingHarness {
  return new MappingHarness(subgraph);
}

/** Account `n`, as a lowercase address. */
export function account(n: number): Hex {
  return `0x${n.toString(16).padStart(40, "0")}`;
}

export const ACME = account(0xac3e);
export const BOLT = account(0xb017);
export const CARGO = account(0xca60);
export const DELTA = account(0xde17);
export const VERITAS = account(0x7e21);
export const OPERATOR = account(0x0be2);
export const GOVERNANCE = account(0x9000);
export const ZERO_ADDRESS = account(0);
export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

/** A bytes32 labelled `label` (a hash, a root, an id). */
export function bytes32(label: string): Hex {
  return keccak256(stringToBytes(label));
}

/** Concatenated hex, lowercase: the composite ids of the schema. */
export function id(...parts: Hex[]): string {
  return concat(parts).toLowerCase();
}

/** The id of an immutable event entity: transaction hash + log index (4 bytes, little-endian, as graph-ts writes it). */
export function eventId(event: EthereumEvent): string {
  const index = Number(event.logIndex);
  const littleEndian = [0, 8, 16, 24].map((shift) => ((index >>> shift) & 0xff).toString(16).padStart(2, "0"));
  return `${event.transaction.hash}${littleEndian.join("")}`.toLowerCase();
}

/** The id of everything between constellation `constellation` and `company`. */
export function pairId(constellation: bigint, company: Hex): string {
  return id(toHex(constellation, { size: 8 }), company);
}

/** The Accreditations contract's id of an accreditation. */
export function accreditationId(company: Hex, kind: number, subject: Hex): string {
  return keccak256(
    encodeAbiParameters([{ type: "address" }, { type: "uint8" }, { type: "bytes32" }], [company, kind, subject]),
  );
}

/** ASCII text left-aligned in a bytes32, as the Accreditations contract stores prefixes and LEIs. */
export function leftAligned(text: string): Hex {
  return pad(stringToHex(text), { dir: "right", size: 32 });
}

/** The entity, which must exist. */
export function must(h: MappingHarness, type: string, entityId: string): EntityData {
  const entity = h.entity(type, entityId);
  if (entity === null) throw new Error(`no ${type} ${entityId}`);
  return entity;
}

/** Event entities in the order they happened: by block, then by the log index at the end of their id. */
export function inOrder(events: EntityData[]): EntityData[] {
  const logIndex = (e: EntityData) => {
    const le = String(e.id).slice(-8);
    return parseInt(le.match(/../g)!.reverse().join(""), 16);
  };
  return [...events].sort((a, b) => Number(a.blockNumber) - Number(b.blockNumber) || logIndex(a) - logIndex(b));
}

/** Entities of `type` whose `field` is `value`. */
export function where(h: MappingHarness, type: string, field: string, value: unknown): EntityData[] {
  return h.entities(type).filter((e) => e[field] === value);
}

// ---------------------------------------------------------------------------------------------------------------------
// Scenes: the events a contract emits for one call
// ---------------------------------------------------------------------------------------------------------------------

export function registerCompany(h: MappingHarness, company: Hex, name = `company ${company.slice(-4)}`): void {
  h.emit("Companies", "CompanyRegistered", {
    company,
    profile: { name, registryId: "", metadataURI: "", metadataHash: ZERO_HASH, dataEndpoint: "" },
  });
}

/** Constellations.create: the constellation, then its founder joining as admin. */
export function createConstellation(
  h: MappingHarness,
  constellation: bigint,
  founder: Hex,
  name = "Fair Coffee",
): void {
  h.emit("Constellations", "ConstellationCreated", {
    id: constellation,
    founder,
    name,
    purpose: "Coffee farmers paid fairly",
    metadataURI: "ipfs://constellation",
    metadataHash: bytes32("constellation metadata"),
  });
  h.emit("Constellations", "MemberJoined", {
    id: constellation,
    company: founder,
    admin: founder,
    roles: 1,
    pendingRoles: 0,
  });
}

export const INVITATION_EXPIRY = 1_800_000_000n;

/** An invitation by `admin`, accepted (accepting an invitation gives every role offered, VERIFIER included). */
export function join(h: MappingHarness, constellation: bigint, company: Hex, roles: number, admin: Hex): void {
  h.emit("Constellations", "Invited", { id: constellation, company, by: admin, roles, expiresAt: INVITATION_EXPIRY });
  h.emit("Constellations", "MemberJoined", { id: constellation, company, admin: ZERO_ADDRESS, roles, pendingRoles: 0 });
}

export const GTIN = 9506000134352n;
export const GTIN14 = "09506000134352";

/** A brand registration of GTIN by `owner` with a 7-digit prefix, in `constellation`. */
export function registerProduct(
  h: MappingHarness,
  product: Hex,
  owner: Hex,
  constellation: bigint,
  prefixLength = 7,
  gtin = GTIN,
): void {
  h.emit("Products", "ProductRegistered", {
    product,
    owner,
    constellation,
    gtin,
    prefixLength,
    metadataURI: "ipfs://product",
    metadataHash: bytes32("product metadata"),
  });
}
