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

export type PermissionName = keyof typeof Permission;
export type RoleName = keyof typeof Role;
export type KindName = keyof typeof Kind;
export type MotionName = keyof typeof Motion;
