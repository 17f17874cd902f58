/**
 * The chain follower: from the data sources' start block, fetches their logs over JSON-RPC in block order, runs the
 * handlers block by block and commits each batch of blocks atomically with the head pointer (number and hash). A restart
 * resumes after the last committed block. Before going on it checks that the chain still has the block it stopped at;
 * when it does not (a reorg: the block at the head height, or the next block's parent, differs from what was stored), it
 * rolls the store back to the newest block both agree on and reprocesses from there.
 */
import type { JsonRpcClient, RpcBlock, RpcLog } from "./rpc.ts";
import type { EntityStore } from "./store/types.ts";

export interface BlockPointer {
  number: bigint;
  hash: string;
}

/** What the indexer needs from the compiled subgraph. */
export interface Mappings {
  /** The data sources' addresses (lowercase) and the topic0 of every handled event. */
  addresses: string[];
  topic0s: string[];
  /** The first block to index (the lowest start block). */
  startBlock: bigint;
  /** Runs the handler for `log` in `block` (a block with full transactions) against `store`. */
  handle(log: RpcLog, block: RpcBlock, store: EntityStore): void;
}

/** What the indexer needs from the entity store. */
export interface IndexerStore {
  head(): BlockPointer | null;
  /** The stored hashes of recent blocks, newest first. */
  recentBlocks(): BlockPointer[];
  /** Runs `work` for every block in one transaction and moves the head to the last block. */
  processBlocks(
    blocks: { pointer: BlockPointer; parentHash: string; timestamp: bigint; run(store: EntityStore): void }[],
  ): void;
  /** Restores the state after block `number` (below the start block: empty) and moves the head there. */
  revertTo(number: bigint): void;
  recordIndexingError(block: BlockPointer, message: string): void;
  clearIndexingError(): void;
}

export interface IndexerOptions {
  rpc: JsonRpcClient;
  mappings: Mappings;
  store: IndexerStore;
  /** How often to ask for a new block when caught up (default 100 ms). */
  pollIntervalMs?: number;
  /** The most blocks fetched and committed together while catching up (default 1,000). */
  maxBlocksPerBatch?: number;
  /** Full blocks asked for in one JSON-RPC batch (default 50). */
  rpcBatchSize?: number;
  log?: (message: string) => void;
}

export interface IndexerStatus {
  chainHead: bigint | undefined;
  indexedHead: BlockPointer | null;
  /** The handler error that stopped indexing, if any. */
  error: string | undefined;
  reorgs: number;
}

/** Blocks committed in one transaction while catching up. */
const PROCESS_SLICE = 100;

export class Indexer {
  readonly #rpc: JsonRpcClient;
  readonly #mappings: Mappings;
  readonly #store: IndexerStore;
  readonly #pollIntervalMs: number;
  readonly #maxBlocks: bigint;
  readonly #rpcBatchSize: number;
  readonly #log: (message: string) => void;
  #chainHead: bigint | undefined;
  #error: string | undefined;
  #reorgs = 0;
  #stopped = false;
  #wake: (() => void) | undefined;
  #prefetched: { from: bigint; range: Promise<FetchedRange> } | undefined;
  #listeners = new Set<() => void>();

  constructor(options: IndexerOptions) {
    this.#rpc = options.rpc;
    this.#mappings = options.mappings;
    this.#store = options.store;
    this.#pollIntervalMs = options.pollIntervalMs ?? 100;
    this.#maxBlocks = BigInt(options.maxBlocksPerBatch ?? 1_000);
    this.#rpcBatchSize = options.rpcBatchSize ?? 50;
    this.#log = options.log ?? (() => {});
  }

  status(): IndexerStatus {
    return { chainHead: this.#chainHead, indexedHead: this.#store.head(), error: this.#error, reorgs: this.#reorgs };
  }

  /**
   * Follows the chain until stop(). Handler errors stop indexing (recorded for `_meta { hasIndexingErrors }`); RPC
   * errors are logged and retried.
   */
  async run(): Promise<void> {
    this.#store.clearIndexingError();
    let lastRpcError = "";
    while (!this.#stopped && this.#error === undefined) {
      let progressed = false;
      try {
        progressed = await this.syncOnce();
        lastRpcError = "";
      } catch (error) {
        if (error instanceof HandlerError) {
          this.#error = error.message;
          this.#store.recordIndexingError(error.block, error.message);
          this.#log(`indexing stopped: ${error.message}`);
          break;
        }
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastRpcError) this.#log(`${message}; retrying`);
        lastRpcError = message;
        await this.#sleep(Math.max(this.#pollIntervalMs, 1_000));
        continue;
      }
      if (progressed) for (const listener of this.#listeners) listener();
      else await this.#sleep(this.#pollIntervalMs);
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Resolves when the indexed head reaches `blockNumber` (or rejects when indexing stops with an error). */
  async waitFor(blockNumber: bigint, timeoutMs = 60_000): Promise<void> {
    const reached = () => (this.#store.head()?.number ?? -1n) >= blockNumber;
    if (reached()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`block ${blockNumber} not indexed within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        if (this.#error !== undefined) done(new Error(`indexing stopped: ${this.#error}`));
        else if (reached()) done();
      };
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#listeners.add(check);
    });
  }

  /** One step: handles a reorg, or indexes the next range of blocks. Returns whether anything changed. */
  async syncOnce(): Promise<boolean> {
    const latest = await this.#rpc.blockNumber();
    this.#chainHead = latest;
    const head = this.#store.head();
    if (head !== null) {
      const [atHead] = await this.#rpc.blocks([head.number], false);
      if (atHead?.hash !== head.hash) {
        this.#prefetched = undefined;
        await this.#rollBack(head);
        return true;
      }
    }
    const from = head === null ? this.#mappings.startBlock : head.number + 1n;
    if (from > latest) return false;
    // While one range is processed, the next one is fetched: the chain's node and this process work in parallel.
    const prefetched = this.#prefetched?.from === from ? this.#prefetched.range : undefined;
    this.#prefetched = undefined;
    const range = await (prefetched ?? this.#fetchRange(from, latest));
    if (range.to < latest) {
      const next = { from: range.to + 1n, range: this.#fetchRange(range.to + 1n, latest) };
      next.range.catch(() => {}); // a failed prefetch is fetched again, and its error reported, by the next step
      this.#prefetched = next;
    }
    const { numbers, blocks, logsByBlock } = range;

    // The range must hang together: the first block extends the stored head, and every log comes from the block
    // fetched at its height. Otherwise the chain moved under us; the next step sees the reorg.
    const first = blocks.get(from);
    if (first === undefined || (head !== null && first.parentHash !== head.hash)) {
      this.#prefetched = undefined;
      return true;
    }
    for (const [n, list] of logsByBlock) {
      if (list.some((l) => l.blockHash !== blocks.get(n)?.hash)) {
        this.#prefetched = undefined;
        return true;
      }
    }

    const units = numbers.map((n) => {
      const block = blocks.get(n) as RpcBlock;
      const blockLogs = (logsByBlock.get(n) ?? []).sort((a, b) => Number(BigInt(a.logIndex) - BigInt(b.logIndex)));
      const pointer = { number: n, hash: block.hash };
      return {
        pointer,
        parentHash: block.parentHash,
        timestamp: BigInt(block.timestamp),
        run: (store: EntityStore) => {
          for (const log of blockLogs) {
            try {
              this.#mappings.handle(log, block, store);
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              throw new HandlerError(pointer, `block ${n} (${block.hash}), log ${BigInt(log.logIndex)}: ${message}`);
            }
          }
        },
      };
    });
    // Committed in slices, giving the event loop a turn in between: the prefetch's requests and responses move on,
    // and GraphQL queries are answered while a long range is indexed.
    for (let i = 0; i < units.length; i += PROCESS_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      this.#store.processBlocks(units.slice(i, i + PROCESS_SLICE));
    }
    return true;
  }

  /** The logs of blocks `from`..`to` (at most maxBlocksPerBatch, not past `latest`) and the blocks they need. */
  async #fetchRange(from: bigint, latest: bigint): Promise<FetchedRange> {
    const to = from + this.#maxBlocks - 1n < latest ? from + this.#maxBlocks - 1n : latest;
    const logs = await this.#rpc.logs({
      fromBlock: from,
      toBlock: to,
      address: this.#mappings.addresses,
      topic0: this.#mappings.topic0s,
    });
    const logsByBlock = new Map<bigint, RpcLog[]>();
    for (const log of logs) {
      if (log.removed === true) continue;
      const n = BigInt(log.blockNumber);
      let list = logsByBlock.get(n);
      if (list === undefined) logsByBlock.set(n, (list = []));
      list.push(log);
    }
    // Full blocks (with transactions) where handlers run; headers for the ends of the range, which carry the head.
    const numbers = [...new Set([from, ...logsByBlock.keys(), to])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const blocks = await this.#fetchBlocks(numbers, new Set(logsByBlock.keys()));
    return { to, numbers, blocks, logsByBlock };
  }

  async #fetchBlocks(numbers: bigint[], withTransactions: ReadonlySet<bigint>): Promise<Map<bigint, RpcBlock>> {
    const found = new Map<bigint, RpcBlock>();
    const full = numbers.filter((n) => withTransactions.has(n));
    const headers = numbers.filter((n) => !withTransactions.has(n));
    const requests: Promise<void>[] = [];
    for (const [list, fullTransactions] of [
      [full, true],
      [headers, false],
    ] as const) {
      for (let i = 0; i < list.length; i += this.#rpcBatchSize) {
        const chunk = list.slice(i, i + this.#rpcBatchSize);
        requests.push(
          this.#rpc.blocks(chunk, fullTransactions).then((blocks) => {
            blocks.forEach((b, j) => {
              if (b !== null) found.set(chunk[j] as bigint, b);
            });
          }),
        );
      }
    }
    await Promise.all(requests);
    return found;
  }

  /** Finds the newest stored block the chain still has and reverts to it. */
  async #rollBack(head: BlockPointer): Promise<void> {
    const stored = this.#store.recentBlocks();
    let ancestor = this.#mappings.startBlock - 1n;
    for (let i = 0; i < stored.length; i += this.#rpcBatchSize) {
      const chunk = stored.slice(i, i + this.#rpcBatchSize);
      const onChain = await this.#rpc.blocks(
        chunk.map((b) => b.number),
        false,
      );
      const match = chunk.findIndex((b, j) => onChain[j]?.hash === b.hash);
      if (match >= 0) {
        ancestor = (chunk[match] as BlockPointer).number;
        break;
      }
    }
    this.#reorgs += 1;
    this.#log(
      `reorg: block ${head.number} (${head.hash}) is no longer on the chain; rolling back to block ${ancestor}`,
    );
    this.#store.revertTo(ancestor);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

interface FetchedRange {
  to: bigint;
  /** The blocks to process, ascending: those with logs, and the first and last of the range. */
  numbers: bigint[];
  blocks: Map<bigint, RpcBlock>;
  logsByBlock: Map<bigint, RpcLog[]>;
}

class HandlerError extends Error {
  readonly block: BlockPointer;
  constructor(block: BlockPointer, message: string) {
    super(message);
    this.name = "HandlerError";
    this.block = block;
  }
}
