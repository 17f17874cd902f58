/**
 * Which cached answers an event of the Companies, Constellations or Access contract makes stale.
 *
 * Every answer the checker caches is filed under the tags below. Each contract write that changes what those answers
 * read emits an event naming the same keys, so the event's tags evict exactly the answers it touches. An event this
 * module does not know (a new contract version, a log it cannot decode) evicts everything: staleness is never the
 * default.
 */
import { constellateAbis } from "@constellate/sdk";
import { decodeEventLog } from "viem";
import type { Address, Hex } from "viem";

export type WatchedContract = "Companies" | "Constellations" | "Access";

export const WATCHED_CONTRACTS: readonly WatchedContract[] = ["Companies", "Constellations", "Access"];

const lower = (value: string) => value.toLowerCase();

/** The tags answers are filed under. */
export const tags = {
  /** `Access.grantOf(owner, id)`. */
  grant: (owner: Address, id: Hex) => `grant:${lower(owner)}:${lower(id)}`,
  /** Anything derived from the set of an owner's grants (candidate lists). */
  grantsOf: (owner: Address) => `grants-of:${lower(owner)}`,
  /** `Access.blindedGrantOf(owner, commitment)`. */
  blindedGrant: (owner: Address, commitment: Hex) => `blinded:${lower(owner)}:${lower(commitment)}`,
  /** `Constellations.membershipOf(constellation, account)`: roles and joining. */
  membership: (constellation: bigint, account: Address) => `member:${constellation}:${lower(account)}`,
  /** Anything derived from the set of an account's memberships (candidate lists). */
  membershipsOf: (account: Address) => `memberships-of:${lower(account)}`,
  /** `Companies.operatorOf(company, operator)`. */
  operator: (company: Address, operator: Address) => `operator:${lower(company)}:${lower(operator)}`,
  /** `Companies.statusOf(company)`: registration and compromise. */
  companyStatus: (company: Address) => `status:${lower(company)}`,
};

/** Invalidate every answer. */
export const EVERYTHING = Symbol("everything");

/** Events that change nothing the checker reads: invitations, requests, pending roles, descriptions, nonces. */
const HARMLESS: Readonly<Record<WatchedContract, ReadonlySet<string>>> = {
  Companies: new Set(["ActedFor", "CompanyUpdated"]),
  Constellations: new Set([
    "ActedFor",
    // hasRoles ignores archiving; the founder's membership comes with its own MemberJoined.
    "ConstellationArchived",
    "ConstellationCreated",
    "ConstellationUpdated",
    "InvitationDeclined",
    "InvitationWithdrawn",
    "Invited",
    "JoinRequestCancelled",
    "JoinRequestRejected",
    "JoinRequested",
    "MotionVoted",
    "PendingRolesChanged",
  ]),
  Access: new Set(["ActedFor", "EIP712DomainChanged", "NoncesCancelled"]),
};

export interface RawLog {
  topics: readonly Hex[];
  data: Hex;
}

/** The tags that an event of `contract` invalidates, or {@link EVERYTHING}. */
export function invalidatedBy(contract: WatchedContract, log: RawLog): readonly string[] | typeof EVERYTHING {
  const [signature, ...rest] = log.topics;
  if (signature === undefined) return EVERYTHING;
  const topics: [Hex, ...Hex[]] = [signature, ...rest];
  let event;
  try {
    event = decodeEventLog({ abi: constellateAbis[contract], topics, data: log.data });
  } catch {
    return EVERYTHING;
  }
  switch (event.eventName) {
    case "AccessGranted":
    case "AccessRevoked":
      return [tags.grant(event.args.owner, event.args.id), tags.grantsOf(event.args.owner)];
    case "BlindedGrantCreated":
    case "BlindedGrantRevoked":
      return [tags.blindedGrant(event.args.owner, event.args.commitment)];
    case "MemberJoined":
      return [tags.membership(event.args.id, event.args.company), tags.membershipsOf(event.args.company)];
    case "RolesChanged":
    case "MemberLeft":
    case "MemberRemoved":
      return [tags.membership(event.args.id, event.args.member), tags.membershipsOf(event.args.member)];
    case "OperatorSet":
    case "OperatorRemoved":
      return [tags.operator(event.args.company, event.args.operator)];
    case "CompanyRegistered":
    case "CompanyCompromised":
      return [tags.companyStatus(event.args.company)];
    default:
      return HARMLESS[contract].has(event.eventName) ? [] : EVERYTHING;
  }
}
