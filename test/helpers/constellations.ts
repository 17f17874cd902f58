import type { ContractTransactionResponse } from "ethers";

import type { Constellations } from "../../types/typechain/index.js";
import { DAY, deployWithConstellation, ethers, Motion, now, Permission, Role, type Signer } from "./fixture.js";

/** A membership as plain numbers, for deep comparison. */
export interface MembershipView {
  roles: number;
  pendingRoles: number;
  joinedAt: number;
  invitedRoles: number;
  invitationExpiresAt: number;
  requestedRoles: number;
  requestedAt: number;
}

/** What `membershipOf` returns for an account with no membership, invitation or request. */
export const NO_MEMBERSHIP: MembershipView = {
  roles: 0,
  pendingRoles: 0,
  joinedAt: 0,
  invitedRoles: 0,
  invitationExpiresAt: 0,
  requestedRoles: 0,
  requestedAt: 0,
};

export async function membership(c: Constellations, id: bigint | number, account: string): Promise<MembershipView> {
  const m = await c.membershipOf(id, account);
  return {
    roles: Number(m.roles),
    pendingRoles: Number(m.pendingRoles),
    joinedAt: Number(m.joinedAt),
    invitedRoles: Number(m.invitedRoles),
    invitationExpiresAt: Number(m.invitationExpiresAt),
    requestedRoles: Number(m.requestedRoles),
    requestedAt: Number(m.requestedAt),
  };
}

/** A constellation's state as plain numbers, for deep comparison. */
export interface ConstellationView {
  createdAt: number;
  adminCount: number;
  adminEpoch: number;
  archived: boolean;
}

export async function constellation(c: Constellations, id: bigint | number): Promise<ConstellationView> {
  const s = await c.constellationOf(id);
  return {
    createdAt: Number(s.createdAt),
    adminCount: Number(s.adminCount),
    adminEpoch: Number(s.adminEpoch),
    archived: s.archived,
  };
}

/** The block time at which `tx` was mined. */
export async function minedAt(tx: ContractTransactionResponse | Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction not mined");
  const block = await ethers.provider.getBlock(receipt.blockNumber);
  if (block === null) throw new Error("block not found");
  return block.timestamp;
}

/** The names of the events `c` emitted in `tx`, in order. */
export async function eventNames(
  c: Constellations,
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

/** A string of `length` ASCII characters. */
export function text(length: number): string {
  return "x".repeat(length);
}

/** An invitation expiry a week from the latest block. */
export async function inAWeek(): Promise<number> {
  return (await now()) + 7 * DAY;
}

/**
 * As {deployWithConstellation}, plus operators:
 *  - `operator` acts for `brand` with MEMBERSHIP and CONSTELLATION_ADMIN until `operatorExpiry`;
 *  - `operator2` acts for `brand` with MEMBERSHIP only, and for `supplier` with PROFILE only.
 */
export async function deployWithOperators() {
  const base = await deployWithConstellation();
  const { companies, brand, supplier, operator, operator2 } = base;
  const operatorExpiry = (await now()) + 30 * DAY;
  await companies
    .connect(brand)
    .setOperator(operator.address, Permission.MEMBERSHIP | Permission.CONSTELLATION_ADMIN, operatorExpiry);
  await companies.connect(brand).setOperator(operator2.address, Permission.MEMBERSHIP, operatorExpiry);
  await companies.connect(supplier).setOperator(operator2.address, Permission.PROFILE, operatorExpiry);
  return { ...base, operatorExpiry };
}

/**
 * `voters`, admins of `id`, vote a motion to appoint `member` an admin, enough of them to carry it, and `member`
 * accepts the ADMIN offered to it: no single admin can make an admin alone.
 */
export async function appointAdmin(
  c: Constellations,
  id: bigint | number,
  voters: readonly Signer[],
  member: Signer,
): Promise<void> {
  for (const admin of voters) await c.connect(admin).voteMotion(id, Motion.AppointAdmin, member.address);
  await c.connect(member).acceptRoles(id, Role.ADMIN);
}

/** As {deployWithConstellation}, with `supplier` an admin too (appointed by `brand`'s vote): two admins. */
export async function deployWithTwoAdmins() {
  const base = await deployWithConstellation();
  const { constellations, brand, supplier, id } = base;
  await appointAdmin(constellations, id, [brand], supplier);
  return base;
}

/** As {deployWithTwoAdmins}, with `retailer` a member holding RETAILER only: a candidate for ADMIN. */
export async function deployWithTwoAdminsAndCandidate() {
  const base = await deployWithTwoAdmins();
  const { constellations, brand, retailer, id } = base;
  await constellations.connect(brand).invite(id, retailer.address, Role.RETAILER, await inAWeek());
  await constellations.connect(retailer).acceptInvitation(id);
  return base;
}

/**
 * As {deployWithTwoAdminsAndCandidate}, with `retailer` appointed an admin by the votes of `brand` and `supplier` (two
 * of two): three admins, the retailer holding RETAILER too.
 */
export async function deployWithThreeAdmins() {
  const base = await deployWithTwoAdminsAndCandidate();
  const { constellations, brand, supplier, retailer, id } = base;
  await appointAdmin(constellations, id, [brand, supplier], retailer);
  return base;
}

/** As {deployWithThreeAdmins}, with `verifier` a member holding VERIFIER only: a candidate for ADMIN. */
export async function deployWithThreeAdminsAndCandidate() {
  const base = await deployWithThreeAdmins();
  const { constellations, brand, verifier, id } = base;
  await constellations.connect(verifier).requestToJoin(id, Role.VERIFIER);
  await constellations.connect(brand).approveJoinRequest(id, verifier.address, Role.VERIFIER);
  return base;
}

/**
 * As {deployWithThreeAdminsAndCandidate}, with `verifier` appointed an admin by the votes of `brand` and `supplier`
 * (two of three): four admins.
 */
export async function deployWithFourAdmins() {
  const base = await deployWithThreeAdminsAndCandidate();
  const { constellations, brand, supplier, verifier, id } = base;
  await appointAdmin(constellations, id, [brand, supplier], verifier);
  return base;
}

/**
 * As {deployWithConstellation}, with business left open when its single admin `brand` archived it: `supplier` has
 * VERIFIER pending, `retailer` an open invitation (RETAILER) and `verifier` an open request to join (VERIFIER).
 */
export async function deployArchived() {
  const base = await deployWithConstellation();
  const { constellations, brand, supplier, retailer, verifier, id } = base;
  await constellations.connect(brand).grantRoles(id, supplier.address, Role.VERIFIER);
  await constellations.connect(brand).invite(id, retailer.address, Role.RETAILER, await inAWeek());
  await constellations.connect(verifier).requestToJoin(id, Role.VERIFIER);
  await constellations.connect(brand).voteMotion(id, Motion.Archive, ethers.ZeroAddress);
  return base;
}

/**
 * Two constellations in which `retailer` plays different parts: in constellation 1 (founded by `brand`) it is a
 * partner holding RETAILER and ADMIN (appointed by `brand`'s vote); in constellation 2, founded by `rival` (the `body`
 * account, a competing brand), it is a competitor admitted as RETAILER only.
 */
export async function deployCompetitors() {
  const base = await deployWithConstellation();
  const { constellations, brand, retailer, body: rival, id } = base;
  await constellations.connect(brand).invite(id, retailer.address, Role.RETAILER, await inAWeek());
  await constellations.connect(retailer).acceptInvitation(id);
  await appointAdmin(constellations, id, [brand], retailer);
  await constellations.connect(rival).create("Fast fashion", "Cheap shirts", "ipfs://rival", ethers.ZeroHash);
  await constellations.connect(retailer).requestToJoin(2, Role.RETAILER);
  await constellations.connect(rival).approveJoinRequest(2, retailer.address, Role.RETAILER);
  return { ...base, rival, partnerId: id, rivalId: 2n };
}
