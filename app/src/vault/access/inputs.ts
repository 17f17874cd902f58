/** Checks of everything a request may put into a query: addresses, scopes, hints, grantees. */
import { checkAddress, checkBytes32, checkUint, Role } from "@constellate/sdk";
import type { Address, Hex } from "viem";

/** A query that cannot be asked (a malformed address, scope, hint or expiry). */
export class AccessQueryError extends Error {
  override name = "AccessQueryError";
}

/**
 * Which grant the reader says allows it: a grant id, or a constellation and the roles its grant requires (default 0:
 * any member). A constellation hint is also how a blinded grant to a constellation is found.
 */
export type ReadHint = { grantId: Hex } | { constellation: bigint; roles?: number };

/** Whom a blinded grant is for: an account, or the members of a constellation holding `roles` (default 0: any). */
export type BlindedGrantee = Address | { constellation: bigint; roles?: number };

function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new AccessQueryError(error instanceof Error ? error.message : String(error));
  }
}

/** `value` as a checksummed address. */
export const address = (value: unknown, what: string): Address => checked(() => checkAddress(value, what));

/** `value` as lower-case 32-byte hex. */
export const bytes32 = (value: unknown, what: string): Hex => checked(() => checkBytes32(value, what));

function roles(value: unknown): number {
  return checked(() => {
    const r = Number(checkUint(value ?? 0, 8, "roles"));
    if ((r & ~Role.ALL) !== 0) throw new RangeError(`roles ${r} has bits that are no constellation role`);
    return r;
  });
}

function constellationId(value: unknown): bigint {
  const id = checked(() => checkUint(value, 64, "constellation"));
  if (id === 0n) throw new AccessQueryError("constellation 0 does not exist");
  return id;
}

export function checkHint(hint: unknown): ReadHint {
  if (typeof hint !== "object" || hint === null) throw new AccessQueryError("a hint is an object");
  if ("grantId" in hint) return { grantId: bytes32(hint.grantId, "grantId") };
  if ("constellation" in hint) {
    return { constellation: constellationId(hint.constellation), roles: roles((hint as { roles?: unknown }).roles) };
  }
  throw new AccessQueryError("a hint names a grantId or a constellation");
}

export function checkBlindedGrantee(grantee: unknown): BlindedGrantee {
  if (typeof grantee === "string") return address(grantee, "grantee");
  if (typeof grantee !== "object" || grantee === null || !("constellation" in grantee)) {
    throw new AccessQueryError("a blinded grantee is an address or { constellation, roles }");
  }
  return {
    constellation: constellationId(grantee.constellation),
    roles: roles((grantee as { roles?: unknown }).roles),
  };
}
