/**
 * Constants of Constellate's contracts, as the contracts define them. Keep in step with contracts/libraries and
 * contracts/Accreditations.sol (test/Constants.ts checks them against the contracts).
 */

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

/** Roles that take effect only once the receiving company accepts them. */
export const ROLES_NEEDING_CONSENT = Role.ADMIN | Role.VERIFIER;

/** Accreditation kinds (contracts/Accreditations.sol). */
export const Kind = { GS1_COMPANY_PREFIX: 1, LEGAL_ENTITY: 2, VERIFIER_TOPIC: 4 } as const;

/** Motions that need a majority of a constellation's admins (IConstellations.Motion). */
export const Motion = { DemoteAdmin: 0, RemoveAdmin: 1, Archive: 2, AppointAdmin: 3 } as const;

/** Product-actor role bits (contracts/libraries/ProductRoles.sol). The product's owner needs none. */
export const ProductRole = { SUPPLIER: 1, LOGISTICS: 2, RETAILER: 4, AUDITOR: 8, ALL: 15 } as const;

/**
 * The business steps a journey event records (contracts/libraries/JourneySteps.sol): GS1 CBV 2.0's 41 business steps,
 * numbered in the CBV's alphabetical order, each with the product-actor roles that may record it (any one suffices;
 * 0 means the owner alone).
 */
export const BUSINESS_STEPS = [
  { step: 1, name: "accepting", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 2, name: "arriving", roles: ProductRole.LOGISTICS },
  { step: 3, name: "assembling", roles: ProductRole.SUPPLIER },
  { step: 4, name: "collecting", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 5, name: "commissioning", roles: ProductRole.SUPPLIER },
  { step: 6, name: "consigning", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS },
  { step: 7, name: "creating_class_instance", roles: ProductRole.SUPPLIER },
  { step: 8, name: "cycle_counting", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 9, name: "decommissioning", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 10, name: "departing", roles: ProductRole.LOGISTICS },
  { step: 11, name: "destroying", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 12, name: "disassembling", roles: ProductRole.SUPPLIER },
  { step: 13, name: "dispensing", roles: ProductRole.RETAILER },
  { step: 14, name: "encoding", roles: ProductRole.SUPPLIER },
  { step: 15, name: "entering_exiting", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  {
    step: 16,
    name: "holding",
    roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER | ProductRole.AUDITOR,
  },
  {
    step: 17,
    name: "inspecting",
    roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER | ProductRole.AUDITOR,
  },
  { step: 18, name: "installing", roles: ProductRole.SUPPLIER | ProductRole.RETAILER },
  { step: 19, name: "killing", roles: ProductRole.SUPPLIER | ProductRole.RETAILER },
  { step: 20, name: "loading", roles: ProductRole.LOGISTICS },
  { step: 21, name: "other", roles: 0 },
  { step: 22, name: "packing", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS },
  { step: 23, name: "picking", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 24, name: "receiving", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 25, name: "removing", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 26, name: "repackaging", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS },
  { step: 27, name: "repairing", roles: ProductRole.SUPPLIER | ProductRole.RETAILER },
  { step: 28, name: "replacing", roles: ProductRole.SUPPLIER | ProductRole.RETAILER },
  { step: 29, name: "reserving", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 30, name: "retail_selling", roles: ProductRole.RETAILER },
  { step: 31, name: "sampling", roles: ProductRole.SUPPLIER | ProductRole.AUDITOR },
  {
    step: 32,
    name: "sensor_reporting",
    roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER | ProductRole.AUDITOR,
  },
  { step: 33, name: "shipping", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS },
  { step: 34, name: "staging_outbound", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS },
  { step: 35, name: "stock_taking", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 36, name: "stocking", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 37, name: "storing", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 38, name: "transporting", roles: ProductRole.LOGISTICS },
  { step: 39, name: "unloading", roles: ProductRole.LOGISTICS },
  { step: 40, name: "unpacking", roles: ProductRole.LOGISTICS | ProductRole.RETAILER },
  { step: 41, name: "void_shipping", roles: ProductRole.SUPPLIER | ProductRole.LOGISTICS },
] as const;

export type BusinessStepName = (typeof BUSINESS_STEPS)[number]["name"];

/** The on-chain number of a CBV 2.0 business step, from its name ("shipping") or its CBV URI. */
export function businessStepCode(name: string): number {
  const bare = name.replace(/^https:\/\/ref\.gs1\.org\/cbv\/BizStep-/, "").replace(/^urn:epcglobal:cbv:bizstep:/, "");
  const found = BUSINESS_STEPS.find((s) => s.name === bare);
  if (found === undefined) throw new RangeError(`"${name}" is not a CBV 2.0 business step`);
  return found.step;
}

export type PermissionName = keyof typeof Permission;
export type RoleName = keyof typeof Role;
export type KindName = keyof typeof Kind;
export type MotionName = keyof typeof Motion;
export type ProductRoleName = keyof typeof ProductRole;
