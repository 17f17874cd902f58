/**
 * The local Graph node, assembled: the built subgraph (runtime), the SQLite entity store, the chain follower and the
 * GraphQL endpoint. `startGraphNode` is what `npm start`, the end-to-end test and the indexer benchmark run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { createQueryApi } from "./graphql/query-api.ts";
import { Indexer } from "./indexer.ts";
import type { Mappings } from "./indexer.ts";
import { JsonRpcClient } from "./rpc.ts";
import type { RpcBlock, RpcLog, RpcTransaction } from "./rpc.ts";
import { eventFromLog } from "./runtime/event.ts";
import { blockFromRpc, transactionFromRpc } from "./runtime/rpc-input.ts";
import type { EthereumBlock, EthereumTransaction } from "./runtime/event.ts";
import type { Hex } from "./runtime/hex.ts";
import type { MappingLogger } from "./runtime/logger.ts";
import { loadSubgraph, Subgraph } from "./runtime/subgraph.ts";
import { runTrigger } from "./runtime/trigger.ts";
import { startGraphServer } from "./server.ts";
import type { GraphServer } from "./server.ts";
import { deploymentId, SqliteStore } from "./store/sqlite-store.ts";
import type { EntityStore } from "./store/types.ts";

export const DEFAULT_SUBGRAPH_NAME = "constellate";

export interface GraphNodeOptions {
  /** The chain's JSON-RPC endpoint. */
  rpcUrl: string;
  /** `graph build` output (holding subgraph.yaml). */
  buildDir: string;
  /** The SQLite file, or ":memory:". */
  database: string;
  /** GraphQL port on 127.0.0.1 (default 8000; 0 picks a free one). */
  port?: number;
  subgraphName?: string;
  /**
   * Addresses and start blocks that replace the manifest's, by data source name: runs the same compiled mappings
   * against another deployment (tests and benchmarks deploy afresh) without rebuilding.
   */
  dataSources?: Readonly<Record<string, { address: string; startBlock: number | bigint }>>;
  pollIntervalMs?: number;
  maxBlocksPerBatch?: number;
  /** Blocks behind the head that a reorg may still undo (default 10,000). */
  historyBlocks?: number;
  /** Progress and problems (default: none). */
  log?: (message: string) => void;
  /** The mappings' log.* calls (default: warnings and worse to stderr). */
  mappingLog?: MappingLogger;
}

export interface GraphNode {
  url: string;
  subgraph: Subgraph;
  store: SqliteStore;
  indexer: Indexer;
  server: GraphServer;
  /** Stops following the chain and serving, and closes the database. */
  close(): Promise<void>;
}

export async function startGraphNode(options: GraphNodeOptions): Promise<GraphNode> {
  const log = options.log ?? (() => {});
  const built = loadSubgraph(options.buildDir, options.mappingLog !== undefined ? { log: options.mappingLog } : {});
  built.assertImportsProvided();
  const subgraph = withDataSources(built, options.dataSources);
  const manifest = readFileSync(path.join(options.buildDir, "subgraph.yaml"), "utf8");
  const store = new SqliteStore({
    schema: subgraph.schema,
    deployment: deploymentId(subgraph.schema.source, manifest, JSON.stringify(options.dataSources ?? {}, replacer)),
    path: options.database,
    ...(options.historyBlocks !== undefined ? { historyBlocks: options.historyBlocks } : {}),
  });
  const rpc = new JsonRpcClient(options.rpcUrl);
  const indexer = new Indexer({
    rpc,
    mappings: mappingsOf(subgraph),
    store,
    log,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.maxBlocksPerBatch !== undefined ? { maxBlocksPerBatch: options.maxBlocksPerBatch } : {}),
  });
  const api = createQueryApi(subgraph.schema, store);
  let server: GraphServer;
  try {
    server = await startGraphServer({
      subgraphName: options.subgraphName ?? DEFAULT_SUBGRAPH_NAME,
      port: options.port ?? 8000,
      execute: (request) => api.execute(request),
      status: () => {
        const status = indexer.status();
        return {
          chainHead: status.chainHead?.toString() ?? null,
          indexedHead:
            status.indexedHead === null
              ? null
              : { number: status.indexedHead.number.toString(), hash: status.indexedHead.hash },
          reorgs: status.reorgs,
          error: status.error ?? store.indexingError()?.message ?? null,
        };
      },
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const running = indexer.run();
  return {
    url: server.url,
    subgraph,
    store,
    indexer,
    server,
    async close() {
      indexer.stop();
      await running;
      await server.close();
      store.close();
    },
  };
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

function withDataSources(subgraph: Subgraph, overrides: GraphNodeOptions["dataSources"]): Subgraph {
  if (overrides === undefined) return subgraph;
  for (const name of Object.keys(overrides)) subgraph.dataSource(name); // throws for an unknown name
  const dataSources = subgraph.dataSources.map((ds) => {
    const o = overrides[ds.name];
    return o === undefined ? ds : { ...ds, address: o.address.toLowerCase() as Hex, startBlock: BigInt(o.startBlock) };
  });
  return new Subgraph(subgraph.directory, subgraph.schema, dataSources, subgraph.log);
}

/** The indexer's view of the subgraph: which logs to fetch, and how to run a handler for one. */
export function mappingsOf(subgraph: Subgraph): Mappings {
  const addresses = subgraph.dataSources.map((ds) => ds.address);
  if (addresses.some((a) => a === undefined)) {
    throw new Error(
      "a data source without an address (one that listens to every contract) is not supported by the local node",
    );
  }
  const topic0s = [...new Set(subgraph.dataSources.flatMap((ds) => ds.eventHandlers.map((h) => h.topic0)))];
  const startBlock = subgraph.dataSources.reduce((min, ds) => (ds.startBlock < min ? ds.startBlock : min), 2n ** 63n);
  // Blocks are converted once, however many of their logs trigger handlers.
  const converted = new WeakMap<RpcBlock, { block: EthereumBlock; transactions: Map<string, EthereumTransaction> }>();
  return {
    addresses: [...new Set(addresses as Hex[])],
    topic0s,
    startBlock: subgraph.dataSources.length === 0 ? 0n : startBlock,
    handle(log: RpcLog, rpcBlock: RpcBlock, store: EntityStore) {
      const handlers = subgraph.handlersFor(log, BigInt(log.blockNumber));
      if (handlers.length === 0) return;
      let cached = converted.get(rpcBlock);
      if (cached === undefined) {
        cached = {
          block: blockFromRpc(rpcBlock),
          transactions: new Map(
            (rpcBlock.transactions as RpcTransaction[]).map((tx) => [tx.hash.toLowerCase(), transactionFromRpc(tx)]),
          ),
        };
        converted.set(rpcBlock, cached);
      }
      const transaction = cached.transactions.get(log.transactionHash.toLowerCase());
      if (transaction === undefined) {
        throw new Error(`transaction ${log.transactionHash} of log ${log.logIndex} is not in block ${rpcBlock.hash}`);
      }
      const input = {
        address: log.address as Hex,
        topics: log.topics as Hex[],
        data: log.data as Hex,
        logIndex: BigInt(log.logIndex),
      };
      for (const { dataSource, handler } of handlers) {
        const event = eventFromLog(handler.abiEvent, input, cached.block, transaction);
        runTrigger(subgraph, dataSource.name, handler.handler, event, store);
      }
    },
  };
}
