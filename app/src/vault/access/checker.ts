/**
 * Who may read a restricted document: the vault's authorisation, answered from the chain as of the latest block the
 * vault has seen, with both block time and wall clock agreeing that whatever allows the read is live.
 *
 * A reader may read `scope` of `owner`'s data when it is
 *  1. the owner itself;
 *  2. a live operator of the owner holding ACCESS ({@link READ_PERMISSION});
 *  3. or, reading as itself or as a company it operates for with ACCESS, the grantee of a live grant from the owner
 *     for the scope: a plain grant to the account; a grant to the members of a constellation holding the grant's roles
 *     (candidates from the reader's hint, else from the subgraph; each confirmed on the chain); or a blinded grant,
 *     whose commitment only this vault can recompute (it keeps the owner's secret).
 */
import { blindedCommitment, blindedGrantSalt, grantId, Permission } from "@constellate/sdk";
import type { Grant } from "@constellate/sdk";
import type { Address, Hex } from "viem";

import { createChainState } from "./chain-state.ts";
import type { AccessContracts, CacheStats, ChainClient, ChainState, ChainView, PinnedReads } from "./chain-state.ts";
import { AccessQueryError, address, bytes32, checkBlindedGrantee, checkHint } from "./inputs.ts";
import type { BlindedGrantee, ReadHint } from "./inputs.ts";
import { tags } from "./invalidation.ts";
import { holdsRoles, isGrantLive, isOperatorActing, judgementTime } from "./liveness.ts";
import type { ConstellationGrantCandidate, ConstellationGrantLookup } from "./subgraph.ts";
import { TaggedCache } from "./tagged-cache.ts";

/**
 * The operator permission that lets an operator read its company's restricted data, and read as its company. ACCESS
 * governs who may read the company's data: an operator holding it could grant itself any scope, so letting it read
 * adds no power, while a lesser operator (a warehouse scanner holding EVENTS) reads nothing it was not granted.
 */
export const READ_PERMISSION = Permission.ACCESS;

export interface ReadQuery {
  /** The signed-in account. */
  reader: Address;
  owner: Address;
  scope: Hex;
  /** The company the reader reads as (it must operate for it with ACCESS); default: the reader itself. */
  actingFor?: Address;
  hint?: ReadHint;
}

export type ReadVia = "owner" | "operator" | { grant: Hex } | { constellationGrant: Hex } | { blinded: Hex };

/** The decision, as of `block` (the latest block the vault had seen). */
export type ReadDecision = { allowed: true; via: ReadVia; block: bigint } | { allowed: false; block: bigint };

export interface LiveBlindedGrant {
  owner: Address;
  scope: Hex;
  commitment: Hex;
  expiresAt: bigint;
}

export interface AccessCheckerOptions {
  publicClient: ChainClient;
  addresses: AccessContracts;
  /** The owner's secret, from which its blinded grants' salts derive (at least 16 bytes). */
  ownerSecret: (owner: Address) => Promise<Uint8Array>;
  /** The wall clock (default: the system's). */
  now?: () => Date;
  /** Proposes constellation grants when the reader gives no hint (e.g. {@link subgraphLookup}). */
  lookup?: ConstellationGrantLookup;
  /** Most candidates from the lookup confirmed on the chain per read (default 8). */
  maxCandidates?: number;
  /** Most (owner, scope) pairs {@link AccessChecker.blindedGrantsFor} checks per call (default 1000). */
  maxBlindedChecks?: number;
  cacheSize?: number;
  maxLogRange?: bigint;
  maxViewAgeMs?: number;
  /** The Access contract's deployment block: where grant-id hints are looked up (default 0). */
  fromBlock?: bigint;
}

export interface AccessChecker {
  mayRead(query: ReadQuery): Promise<ReadDecision>;
  /**
   * For the owner (or its operator holding ACCESS, `requester`): the salt and commitment of a blinded grant of `scope`
   * to `grantee`, to sign and submit through a relayer (`Access.grantBlindedBySig`) with `expiresAt`.
   */
  blindedGrantFor(request: {
    requester: Address;
    owner: Address;
    grantee: BlindedGrantee;
    scope: Hex;
    expiresAt: bigint;
  }): Promise<{ salt: Hex; commitment: Hex; expiresAt: bigint }>;
  /**
   * For a grantee (the requester, or a company it operates for with ACCESS): the live blinded grants that `owners`
   * (owners this vault serves, each with the scopes of its restricted documents) made to it.
   */
  blindedGrantsFor(request: {
    requester: Address;
    grantee?: Address;
    owners: readonly { owner: Address; scopes: readonly Hex[] }[];
  }): Promise<LiveBlindedGrant[]>;
  /** Brings the checker up to the chain's latest block, evicting what the events since touched. */
  sync(): Promise<ChainView>;
  /** Syncs when `blockNumber` is past the latest block seen. */
  onNewBlock(blockNumber: bigint): Promise<ChainView>;
  /** Polls for new blocks every `intervalMs` (default 1000); returns the function that stops it. */
  watch(options?: { intervalMs?: number; onError?: (error: unknown) => void }): () => void;
  stats(): AccessStats;
}

export interface AccessStats extends CacheStats {
  /** Reads for which the lookup (the subgraph) failed, and so proposed nothing. */
  lookupFailures: number;
}

/** The requester may not do this (make or list blinded grants for someone it does not act for). */
export class AccessDeniedError extends Error {
  override name = "AccessDeniedError";
}

/** The chain kept moving while the checker answered: no answer is sure to be as of the latest block seen. */
export class AccessCheckUnavailableError extends Error {
  override name = "AccessCheckUnavailableError";
}

const ATTEMPTS = 3;
const TIME_LIMIT = 1n << 40n;

export function createAccessChecker(options: AccessCheckerOptions): AccessChecker {
  const chain: ChainState = createChainState({
    client: options.publicClient,
    addresses: options.addresses,
    cacheSize: options.cacheSize,
    maxLogRange: options.maxLogRange,
    maxViewAgeMs: options.maxViewAgeMs,
    fromBlock: options.fromBlock,
  });
  const accessContract = options.addresses.Access;
  const now = options.now ?? (() => new Date());
  const maxCandidates = options.maxCandidates ?? 8;
  const maxBlindedChecks = options.maxBlindedChecks ?? 1000;

  let lookupFailures = 0;

  // Hashing is most of a cached check's cost: recent grant ids and blinded commitments are kept.
  const hashes = new TaggedCache<Hex>(10_000);

  function accountGrantId(owner: Address, scope: Hex, account: Address): Hex {
    const key = `grant:${owner}:${scope}:${account}`;
    const known = hashes.get(key);
    if (known !== undefined) return known;
    const id = grantId({ owner, scope, kind: 0, account, constellation: 0n, roles: 0 });
    hashes.set(key, id, []);
    return id;
  }

  /** Runs `decide` against the latest view, again if a newer block arrived meanwhile. */
  async function asOfLatest<T>(decide: (reads: PinnedReads, at: bigint) => Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const view = await chain.view();
      const answer = await decide(chain.reads(view), judgementTime(view.time, now()));
      if (chain.isCurrent(view)) return answer;
    }
    throw new AccessCheckUnavailableError(`new blocks kept arriving during ${ATTEMPTS} attempts to answer`);
  }

  async function isActing(reads: PinnedReads, company: Address, account: Address, at: bigint): Promise<boolean> {
    if (company === account) return true;
    const operator = await reads.operator(company, account);
    if (operator.permissions === 0n) return false;
    return isOperatorActing(await reads.companyStatus(company), operator, READ_PERMISSION, at);
  }

  /** The salt and commitment of `owner`'s blinded grant of `scope` to `grantee`, recomputed from its secret. */
  async function blindedGrant(
    owner: Address,
    scope: Hex,
    grantee: BlindedGrantee,
  ): Promise<{ salt: Hex; commitment: Hex }> {
    const who =
      typeof grantee === "string"
        ? { kind: 0 as const, grantee, roles: 0 }
        : { kind: 1 as const, grantee: grantee.constellation, roles: grantee.roles ?? 0 };
    const salt = blindedGrantSalt(await options.ownerSecret(owner), { ...who, scope });
    const chainId = await chain.chainId();
    return { salt, commitment: blindedCommitment({ ...who, scope, salt, owner, contract: accessContract, chainId }) };
  }

  async function commitment(owner: Address, scope: Hex, grantee: BlindedGrantee): Promise<Hex> {
    const whom = typeof grantee === "string" ? grantee : `${grantee.constellation}/${grantee.roles ?? 0}`;
    const key = `blinded:${owner}:${scope}:${whom}`;
    const known = hashes.get(key);
    if (known !== undefined) return known;
    const { commitment } = await blindedGrant(owner, scope, grantee);
    hashes.set(key, commitment, []);
    return commitment;
  }

  async function liveConstellationGrant(
    reads: PinnedReads,
    at: bigint,
    owner: Address,
    scope: Hex,
    grantee: Address,
    candidate: ConstellationGrantCandidate,
  ): Promise<ReadVia | undefined> {
    const grant: Grant = { owner, scope, kind: 1, account: ZERO, ...candidate };
    const id = grantId(grant);
    if (!isGrantLive(await reads.grant(owner, id), at)) return undefined;
    return holdsRoles(await reads.membership(candidate.constellation, grantee), candidate.roles)
      ? { constellationGrant: id }
      : undefined;
  }

  async function byHint(
    reads: PinnedReads,
    at: bigint,
    owner: Address,
    scope: Hex,
    grantee: Address,
    hint: ReadHint,
  ): Promise<ReadVia | undefined> {
    if ("grantId" in hint) {
      if (!isGrantLive(await reads.grant(owner, hint.grantId), at)) return undefined;
      const grant = await reads.grantById(owner, hint.grantId);
      if (grant === undefined || grant.scope !== scope) return undefined;
      if (grant.kind === 0) return grant.account === grantee ? { grant: hint.grantId } : undefined;
      return await liveConstellationGrant(reads, at, owner, scope, grantee, grant);
    }
    const candidate = { constellation: hint.constellation, roles: hint.roles ?? 0 };
    const plain = await liveConstellationGrant(reads, at, owner, scope, grantee, candidate);
    if (plain !== undefined) return plain;
    const blinded = await commitment(owner, scope, candidate);
    if (!isGrantLive(await reads.blindedGrant(owner, blinded), at)) return undefined;
    return holdsRoles(await reads.membership(candidate.constellation, grantee), candidate.roles)
      ? { blinded }
      : undefined;
  }

  async function byLookup(
    reads: PinnedReads,
    at: bigint,
    owner: Address,
    scope: Hex,
    grantee: Address,
  ): Promise<ReadVia | undefined> {
    const lookup = options.lookup;
    if (lookup === undefined) return undefined;
    let candidates: ConstellationGrantCandidate[];
    try {
      candidates = await reads.derived(
        `candidates:${owner}:${scope}:${grantee}`.toLowerCase(),
        [tags.grantsOf(owner), tags.membershipsOf(grantee)],
        async () => {
          // Block time, not `at`: the answer is cached for later views, whose block time is never earlier.
          const answer = await lookup({ owner, scope, grantee, now: reads.view.time });
          return { value: answer.candidates, complete: answer.indexedBlock >= reads.view.block };
        },
      );
    } catch {
      // An index that cannot answer proposes nothing: fail closed, as for a stranger.
      lookupFailures++;
      return undefined;
    }
    for (const candidate of candidates.slice(0, maxCandidates)) {
      const via = await liveConstellationGrant(reads, at, owner, scope, grantee, candidate);
      if (via !== undefined) return via;
    }
    return undefined;
  }

  async function mayRead(query: ReadQuery): Promise<ReadDecision> {
    const q = checkReadQuery(query);
    return await asOfLatest(async (reads, at): Promise<ReadDecision> => {
      const block = reads.view.block;
      const allow = (via: ReadVia): ReadDecision => ({ allowed: true, via, block });
      const refuse: ReadDecision = { allowed: false, block };
      const { reader, owner, scope } = q;
      if (reader === owner) return allow("owner");
      if (await isActing(reads, owner, reader, at)) return allow("operator");

      const grantee = q.actingFor ?? reader;
      if (!(await isActing(reads, grantee, reader, at))) return refuse;

      const id = accountGrantId(owner, scope, grantee);
      if (isGrantLive(await reads.grant(owner, id), at)) return allow({ grant: id });

      if (q.hint !== undefined) {
        const via = await byHint(reads, at, owner, scope, grantee, q.hint);
        if (via !== undefined) return allow(via);
      }

      const blinded = await commitment(owner, scope, grantee);
      if (isGrantLive(await reads.blindedGrant(owner, blinded), at)) return allow({ blinded });

      const via = await byLookup(reads, at, owner, scope, grantee);
      return via !== undefined ? allow(via) : refuse;
    });
  }

  async function blindedGrantFor(request: {
    requester: Address;
    owner: Address;
    grantee: BlindedGrantee;
    scope: Hex;
    expiresAt: bigint;
  }): Promise<{ salt: Hex; commitment: Hex; expiresAt: bigint }> {
    const requester = address(request.requester, "requester");
    const owner = address(request.owner, "owner");
    const scope = bytes32(request.scope, "scope");
    const grantee = checkBlindedGrantee(request.grantee);
    const expiresAt = request.expiresAt;
    await asOfLatest(async (reads, at) => {
      if (!(await isActing(reads, owner, requester, at))) {
        throw new AccessDeniedError("only the owner, or its operator holding ACCESS, may make its blinded grants");
      }
      if (typeof expiresAt !== "bigint" || expiresAt <= at || expiresAt >= TIME_LIMIT) {
        throw new AccessQueryError(`expiresAt must be a time (in seconds) after now (${at}) and before 2^40`);
      }
    });
    return { ...(await blindedGrant(owner, scope, grantee)), expiresAt };
  }

  async function blindedGrantsFor(request: {
    requester: Address;
    grantee?: Address;
    owners: readonly { owner: Address; scopes: readonly Hex[] }[];
  }): Promise<LiveBlindedGrant[]> {
    const requester = address(request.requester, "requester");
    const grantee = request.grantee === undefined ? requester : address(request.grantee, "grantee");
    const pairs = request.owners.flatMap(({ owner, scopes }) =>
      scopes.map((scope) => ({ owner: address(owner, "owner"), scope: bytes32(scope, "scope") })),
    );
    if (pairs.length > maxBlindedChecks) {
      throw new AccessQueryError(`at most ${maxBlindedChecks} (owner, scope) pairs per call; got ${pairs.length}`);
    }
    return await asOfLatest(async (reads, at) => {
      if (!(await isActing(reads, grantee, requester, at))) {
        throw new AccessDeniedError("blinded grants are listed only to their grantee, or its operator holding ACCESS");
      }
      const commitments = await Promise.all(pairs.map((p) => commitment(p.owner, p.scope, grantee)));
      const records = await Promise.all(pairs.map((p, i) => reads.blindedGrant(p.owner, commitments[i]!)));
      return pairs.flatMap((p, i) =>
        isGrantLive(records[i]!, at) ? [{ ...p, commitment: commitments[i]!, expiresAt: records[i]!.expiresAt }] : [],
      );
    });
  }

  return {
    mayRead,
    blindedGrantFor,
    blindedGrantsFor,
    sync: chain.sync,
    onNewBlock: chain.onNewBlock,
    watch: chain.watch,
    stats: () => ({ ...chain.stats(), lookupFailures }),
  };
}

const ZERO: Address = "0x0000000000000000000000000000000000000000";

function checkReadQuery(q: ReadQuery): ReadQuery {
  return {
    reader: address(q.reader, "reader"),
    owner: address(q.owner, "owner"),
    scope: bytes32(q.scope, "scope"),
    ...(q.actingFor !== undefined ? { actingFor: address(q.actingFor, "actingFor") } : {}),
    ...(q.hint !== undefined ? { hint: checkHint(q.hint) } : {}),
  };
}
