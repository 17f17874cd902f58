/**
 * The contracts' rules of time, judged off-chain from the records they store (contracts/Access.sol `_isLive`,
 * contracts/Companies.sol `isActing`, contracts/Constellations.sol `hasRoles`).
 *
 * The chain judges by block time; the vault also requires the wall clock to agree (DESIGN.md, "Time"). Every rule here
 * only ever turns false as time passes (a grant expires, an appointment expires, a compromise takes effect), so "live
 * by both clocks" is "live at the later of the two": {@link judgementTime}.
 */

/** A grant's or a blinded grant's record (`IAccess.GrantRecord`): block times in seconds; zero means none. */
export interface GrantRecord {
  grantedAt: bigint;
  expiresAt: bigint;
  revokedAt: bigint;
}

/** What `IConstellations.hasRoles` reads of a membership. */
export interface MembershipRecord {
  roles: number;
  /** Zero: not a member. */
  joinedAt: bigint;
}

/** `ICompanies.Status`. */
export interface CompanyStatus {
  /** Zero: not registered. */
  registeredAt: bigint;
  /** Zero: never marked compromised. */
  compromisedFrom: bigint;
}

/** `ICompanies.Operator`: no appointment has zero permissions. */
export interface OperatorRecord {
  permissions: bigint;
  expiresAt: bigint;
}

/** The later of block time and wall clock, in whole seconds, as the contracts compare times. */
export function judgementTime(blockTime: bigint, wallClock: Date): bigint {
  const ms = wallClock.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("the wall clock gave an invalid date");
  const wall = BigInt(Math.floor(ms / 1000));
  return wall > blockTime ? wall : blockTime;
}

/** Granted, not revoked, not expired at `at` (a record never written has `expiresAt` zero). */
export function isGrantLive(record: GrantRecord, at: bigint): boolean {
  return record.revokedAt === 0n && at < record.expiresAt;
}

/** A member holding every role of `roles` (zero: any member). */
export function holdsRoles(membership: MembershipRecord, roles: number): boolean {
  return membership.joinedAt !== 0n && (membership.roles & roles) === roles;
}

/**
 * Whether an operator with appointment `operator` may act for a company with `status` with `permissions` at `at`:
 * `ICompanies.isActing` for an account other than the company itself.
 */
export function isOperatorActing(
  status: CompanyStatus,
  operator: OperatorRecord,
  permissions: bigint,
  at: bigint,
): boolean {
  if (status.registeredAt === 0n) return false;
  if (status.compromisedFrom !== 0n && at >= status.compromisedFrom) return false;
  return operator.permissions !== 0n && (operator.permissions & permissions) === permissions && at < operator.expiresAt;
}
