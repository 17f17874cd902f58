/**
 * What the checker knows of the chain: the latest block it has seen (the view), and cached reads of the Companies,
 * Constellations and Access contracts, kept fresh by those contracts' events.
 *
 * Invariants:
 *  - Every read is pinned to the block of the view it serves, and is cached only while that view is still the latest:
 *    a read that a newer view overtook is never stored.
 *  - {@link ChainState.sync} moves the view to the chain's head and, in the same synchronous step, evicts every answer
 *    that an event in the blocks between touched (see invalidation.ts). So a cached answer is the chain's answer at
 *    the current view, and a grant revoked in a block the vault has seen is never honoured after it.
 *  - When the chain reorganised under the view, or the view fell too far behind to read the logs in between, the
 *    whole cache goes.
 */
import type { Grant } from "@constellate/sdk";
import type { Address, Hex, PublicClient } from "viem";

import { contractReads } from "./contract-reads.ts";
import { EVERYTHING, invalidatedBy, tags, WATCHED_CONTRACTS } from "./invalidation.ts";
import type { WatchedContract } from "./invalidation.ts";
import type { CompanyStatus, GrantRecord, MembershipRecord, OperatorRecord } from "./liveness.ts";
import { TaggedCache } from "./tagged-cache.ts";

/** The chain as the vault last saw it. */
export interface ChainView {
  block: bigint;
  hash: Hex;
  /** The block's timestamp, in seconds. */
  time: bigint;
}

/** The contracts the checker reads. */
export type AccessContracts = Record<WatchedContract, Address>;

/** The calls the checker makes (a viem public client has them all). */
export type ChainClient = Pick<PublicClient, "getBlock" | "getChainId" | "getLogs" | "readContract">;

export interface ChainStateOptions {
  client: ChainClient;
  addresses: AccessContracts;
  /** Most answers kept (default 100,000). */
  cacheSize?: number;
  /** A view further behind the head than this many blocks drops the cache instead of reading the logs between. */
  maxLogRange?: bigint;
  /** A view older than this is brought up to date before it answers (default 10 s; watch() keeps it fresher). */
  maxViewAgeMs?: number;
  /** Where to look for the grant behind a grant-id hint: the Access contract's deployment block (default 0). */
  fromBlock?: bigint;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses); zero before the first read. */
  hitRatio: number;
  entries: number;
  /** Times the whole cache was dropped (a reorg, or a gap too long to read). */
  flushes: number;
}

/** Reads pinned to one view. */
export interface PinnedReads {
  readonly view: ChainView;
  grant(owner: Address, id: Hex): Promise<GrantRecord>;
  blindedGrant(owner: Address, commitment: Hex): Promise<GrantRecord>;
  membership(constellation: bigint, account: Address): Promise<MembershipRecord>;
  operator(company: Address, operator: Address): Promise<OperatorRecord>;
  companyStatus(company: Address): Promise<CompanyStatus>;
  /** The grant whose id is `id`, from its AccessGranted event; undefined when `owner` never made it. */
  grantById(owner: Address, id: Hex): Promise<Grant | undefined>;
  /**
   * An answer derived from elsewhere (the subgraph), cached under `tagList` when `load` says it is complete as of this
   * view.
   */
  derived<T>(key: string, tagList: readonly string[], load: () => Promise<{ value: T; complete: boolean }>): Promise<T>;
}

export interface ChainState {
  /** The current view, synced first when there is none yet or it is older than `maxViewAgeMs`. */
  view(): Promise<ChainView>;
  /** Whether `view` is still the latest (no block seen since). */
  isCurrent(view: ChainView): boolean;
  reads(view: ChainView): PinnedReads;
  /** Brings the view up to the chain's head, evicting what the events in between touched. */
  sync(): Promise<ChainView>;
  /** Syncs when `blockNumber` is beyond the view (for a caller that watches blocks itself). */
  onNewBlock(blockNumber: bigint): Promise<ChainView>;
  /** Syncs every `intervalMs` (default 1000) until the returned function is called. */
  watch(options?: { intervalMs?: number; onError?: (error: unknown) => void }): () => void;
  chainId(): Promise<number>;
  stats(): CacheStats;
}

export function createChainState(options: ChainStateOptions): ChainState {
  const { client, addresses } = options;
  const maxLogRange = options.maxLogRange ?? 1000n;
  const maxViewAgeMs = options.maxViewAgeMs ?? 10_000;
  const contract = contractReads(client, addresses, options.fromBlock ?? 0n);
  const cache = new TaggedCache<unknown>(options.cacheSize ?? 100_000);
  const inFlight = new Map<string, Promise<unknown>>();
  const contractAt = new Map<string, WatchedContract>(
    WATCHED_CONTRACTS.map((name) => [addresses[name].toLowerCase(), name]),
  );
  let current: ChainView | undefined;
  let syncedAt = 0;
  let hits = 0;
  let misses = 0;
  let flushes = 0;
  let chainIdPromise: Promise<number> | undefined;

  // ---------------------------------------------------------------------------------------------------------------
  // Syncing
  // ---------------------------------------------------------------------------------------------------------------

  const flush = () => {
    cache.clear();
    flushes++;
  };

  const watched = [addresses.Companies, addresses.Constellations, addresses.Access];

  /** What the blocks after the view did to the cache, or EVERYTHING when they cannot be read as a continuation. */
  async function changesSince(view: ChainView, head: ChainView & { parentHash: Hex }) {
    if (head.block < view.block) return EVERYTHING;
    if (head.block === view.block) return head.hash === view.hash ? [] : EVERYTHING;
    if (head.block - view.block > maxLogRange) return EVERYTHING;
    const logs = head.block === view.block + 1n ? await nextBlockLogs(view, head) : await logsBetween(view, head);
    if (logs === undefined) return EVERYTHING;
    const stale: string[] = [];
    for (const log of logs) {
      const contract = contractAt.get(log.address.toLowerCase());
      const touched = contract === undefined ? EVERYTHING : invalidatedBy(contract, log);
      if (touched === EVERYTHING) return EVERYTHING;
      stale.push(...touched);
    }
    return stale;
  }

  /** The logs of the head, asked for by its hash, when it is the view's child; else undefined. */
  async function nextBlockLogs(view: ChainView, head: ChainView & { parentHash: Hex }) {
    if (head.parentHash !== view.hash) return undefined;
    return await client.getLogs({ address: watched, blockHash: head.hash });
  }

  /** The logs after the view up to the head, when both are still on the chain after reading them; else undefined. */
  async function logsBetween(view: ChainView, head: ChainView) {
    if ((await client.getBlock({ blockNumber: view.block })).hash !== view.hash) return undefined;
    const logs = await client.getLogs({ address: watched, fromBlock: view.block + 1n, toBlock: head.block });
    if ((await client.getBlock({ blockNumber: head.block })).hash !== head.hash) return undefined;
    return logs;
  }

  async function syncOnce(): Promise<ChainView> {
    const block = await client.getBlock({ blockTag: "latest" });
    if (block.hash === null || block.number === null) throw new Error("the chain's latest block has no hash");
    const head = { block: block.number, hash: block.hash, time: block.timestamp, parentHash: block.parentHash };
    const changes = current === undefined ? [] : await changesSince(current, head); // nothing is cached before a view
    // From here to the end, synchronously: no read can slip between the eviction and the new view.
    if (changes === EVERYTHING) flush();
    else for (const tag of changes) cache.invalidate(tag);
    const view: ChainView = { block: head.block, hash: head.hash, time: head.time };
    if (current === undefined || view.block !== current.block || view.hash !== current.hash) current = view;
    syncedAt = performance.now();
    return current;
  }

  let running: Promise<ChainView> | undefined;
  let queued: Promise<ChainView> | undefined;

  /** One sync at a time; a call made during one gets the next, so it sees every block mined before it was made. */
  function sync(): Promise<ChainView> {
    if (running === undefined) {
      running = syncOnce().finally(() => (running = undefined));
      return running;
    }
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return sync();
      });
    return queued;
  }

  async function view(): Promise<ChainView> {
    if (current === undefined || performance.now() - syncedAt > maxViewAgeMs) return await sync();
    return current;
  }

  function watch(watchOptions: { intervalMs?: number; onError?: (error: unknown) => void } = {}): () => void {
    const intervalMs = watchOptions.intervalMs ?? 1000;
    const onError = watchOptions.onError ?? ((error) => console.error("vault access: sync failed", error));
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        await sync();
      } catch (error) {
        onError(error);
      }
      if (!stopped) {
        timer = setTimeout(tick, intervalMs);
        timer.unref?.();
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pinned, cached reads
  // ---------------------------------------------------------------------------------------------------------------

  function cached<T>(
    view: ChainView,
    key: string,
    tagList: readonly string[],
    load: () => Promise<{ value: T; complete: boolean }>,
  ): Promise<T> {
    const hit = cache.get(key);
    if (hit !== undefined) {
      hits++;
      return Promise.resolve(hit as T);
    }
    misses++;
    const flightKey = `${key}@${view.block}:${view.hash}`;
    let flight = inFlight.get(flightKey) as Promise<T> | undefined;
    if (flight === undefined) {
      flight = load()
        .then(({ value, complete }) => {
          if (complete && current === view) cache.set(key, value, tagList);
          return value;
        })
        .finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
    }
    return flight;
  }

  function reads(view: ChainView): PinnedReads {
    const at = view.block;
    const chainRead = <T>(key: string, read: () => Promise<T>) =>
      cached(view, key, [key], async () => ({ value: await read(), complete: true }));
    return {
      view,
      grant: (owner, id) => chainRead(tags.grant(owner, id), () => contract.grant(owner, id, at)),
      blindedGrant: (owner, commitment) =>
        chainRead(tags.blindedGrant(owner, commitment), () => contract.blindedGrant(owner, commitment, at)),
      membership: (constellation, account) =>
        chainRead(tags.membership(constellation, account), () => contract.membership(constellation, account, at)),
      operator: (company, operator) =>
        chainRead(tags.operator(company, operator), () => contract.operator(company, operator, at)),
      companyStatus: (company) => chainRead(tags.companyStatus(company), () => contract.companyStatus(company, at)),
      // The id commits to the whole grant, so what its event says never changes: no tags. Not found is not final.
      grantById: (owner, id) =>
        cached(view, `grant-by-id:${owner}:${id}`.toLowerCase(), [], async () => {
          const grant = await contract.grantById(owner, id, at);
          return { value: grant, complete: grant !== undefined };
        }),
      derived: (key, tagList, load) => cached(view, key, tagList, load),
    };
  }

  return {
    view,
    isCurrent: (view) => view === current,
    reads,
    sync,
    onNewBlock: async (blockNumber) => (current !== undefined && blockNumber <= current.block ? current : await sync()),
    watch,
    chainId: () => (chainIdPromise ??= client.getChainId()),
    stats: () => ({
      hits,
      misses,
      hitRatio: hits + misses === 0 ? 0 : hits / (hits + misses),
      entries: cache.size,
      flushes,
    }),
  };
}
