/**
 * npm run bench:indexer [-- --events 20000] [--per-block 20] [--samples 60]
 *
 * The local Graph node's throughput and latency, on a local Hardhat node made to look like a busy chain: automine off,
 * blocks of about 20 events each (a JSON-RPC batch of transactions, then evm_mine; see scripts/lib/busy-chain.ts).
 *  - eventsPerSecond: every event of the six contracts since deployment (the demo seed plus the generated blocks),
 *    indexed from scratch into a fresh SQLite file, divided by the wall time until the last block is queryable.
 *  - blockToQueryableMs: then, with the node following the chain as `npm start` runs it (polling every 100 ms), the time
 *    from evm_mine returning a new block of about 20 events to GraphQL's `_meta` reporting that block.
 *  - sqliteBytes: the database (with its WAL) after indexing.
 * Writes bench/indexer.json.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { buildContracts } from "./lib/build.ts";
import { makeBusyChain, busyChain } from "./lib/busy-chain.ts";
import { deployConstellate } from "./lib/deploy.ts";
import type { DeployResult } from "./lib/deploy.ts";
import { exportContracts, readDeployments } from "./lib/export.ts";
import { findFreePort, rpc, spawnHardhatNode } from "./lib/node.ts";
import type { LocalNode } from "./lib/node.ts";
import { DEPLOYMENTS_DIR, ROOT } from "./lib/paths.ts";
import { seedAccountsFrom, seedDemo } from "./lib/seed.ts";
import { DATA_SOURCES } from "./lib/subgraph.ts";
import { buildSubgraph, SUBGRAPH_BUILD_DIR } from "./lib/subgraph-build.ts";
import { startGraphNode } from "../subgraph/node/src/graph-node.ts";
import type { GraphNode } from "../subgraph/node/src/graph-node.ts";

const OUT = path.join(ROOT, "bench", "indexer.json");
/** Its own Ignition deployment id (git-ignored), removed afterwards: the local stack's deployment stays untouched. */
const DEPLOYMENT_ID = "test-bench-indexer";
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    "per-block": { type: "string", default: "20" },
    samples: { type: "string", default: "60" },
  },
});
const targetEvents = Number(values.events);
const perBlock = Number(values["per-block"]);
const samples = Number(values.samples);

let chain: LocalNode | undefined;
let deployment: DeployResult | undefined;
let graph: GraphNode | undefined;
const dir = mkdtempSync(path.join(tmpdir(), "constellate-bench-indexer-"));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

try {
  console.log("Compiling, exporting and building the subgraph...");
  await buildContracts();
  exportContracts();
  await buildSubgraph();

  chain = spawnHardhatNode(await findFreePort());
  await chain.ready();
  deployment = await deployConstellate({
    network: "localhost",
    rpcUrl: chain.url,
    deploymentId: DEPLOYMENT_ID,
    reset: true,
  });
  const signers = await deployment.connection.ethers.getSigners();
  const accounts = seedAccountsFrom(signers);
  await seedDemo({ accounts, addresses: deployment.addresses });
  const busy = {
    rpcUrl: chain.url,
    addresses: deployment.addresses,
    brand: await accounts.brand.getAddress(),
    operator: await accounts.operator.getAddress(),
    grantee: await accounts.retailer.getAddress(),
    eventsPerBlock: perBlock,
  };

  console.log(`Generating ${targetEvents} events in blocks of about ${perBlock}...`);
  const generating = Date.now();
  const generated = await makeBusyChain({
    ...busy,
    events: targetEvents,
    progress: (n) => {
      if (n % 5000 < perBlock) console.log(`  ${n} events`);
    },
  });
  console.log(
    `  ${generated.events} events in ${generated.transactions} transactions and ${generated.blocks} blocks ` +
      `(${generated.firstBlock}..${generated.lastBlock}) in ${seconds(Date.now() - generating)}`,
  );

  const record = readDeployments(DEPLOYMENTS_DIR, new Set(DATA_SOURCES.map((d) => d.name))).find(
    (d) => d.deploymentId === deployment?.deploymentId,
  );
  if (record === undefined) throw new Error("the benchmark deployment has no journal");
  const dataSources = Object.fromEntries(
    Object.entries(record.contracts).map(([name, c]) => [name, { address: c.address, startBlock: c.blockNumber }]),
  );
  const startBlock = Math.min(...Object.values(dataSources).map((d) => d.startBlock));
  const indexedLogs = (await rpc(chain.url, "eth_getLogs", [
    {
      fromBlock: `0x${startBlock.toString(16)}`,
      toBlock: `0x${generated.lastBlock.toString(16)}`,
      address: Object.values(dataSources).map((d) => d.address),
    },
  ])) as unknown[];
  const events = indexedLogs.length;

  console.log(`Indexing ${events} events from scratch...`);
  const database = path.join(dir, "graph.sqlite");
  const indexing = Date.now();
  graph = await startGraphNode({ rpcUrl: chain.url, buildDir: SUBGRAPH_BUILD_DIR, database, port: 0, dataSources });
  await graph.indexer.waitFor(generated.lastBlock, 600_000);
  const indexingMs = Date.now() - indexing;
  const eventsPerSecond = Math.round(events / (indexingMs / 1000));
  console.log(`  ${eventsPerSecond} events/s (${seconds(indexingMs)})`);

  console.log(`Measuring block-to-queryable latency over ${samples} new blocks...`);
  const { mineBlock } = busyChain(busy);
  const latencies: number[] = [];
  await rpc(chain.url, "evm_setAutomine", [false]);
  try {
    for (let i = 0; i < samples; i++) {
      const mined = await mineBlock();
      const t0 = performance.now();
      for (;;) {
        const response = await fetch(graph.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ _meta { block { number } } }" }),
        });
        const body = (await response.json()) as { data: { _meta: { block: { number: number } } } };
        if (BigInt(body.data._meta.block.number) >= mined.number) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200)); // blocks arrive at random phases
    }
  } finally {
    await rpc(chain.url, "evm_setAutomine", [true]);
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? 0);
  const blockToQueryableMs = { median: percentile(0.5), p95: percentile(0.95) };
  console.log(`  median ${blockToQueryableMs.median} ms, p95 ${blockToQueryableMs.p95} ms`);

  await graph.close();
  graph = undefined;
  const size = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  const sqliteBytes = size(database) + size(`${database}-wal`);

  const result = {
    events,
    eventsPerSecond,
    blockToQueryableMs,
    sqliteBytes,
    setup: {
      machine: "2 cores; Node 22 (node:sqlite); Hardhat node on 127.0.0.1; indexer in the benchmark's process",
      chain: `${generated.blocks} generated blocks of about ${perBlock} events (automine off; each block a JSON-RPC batch of eth_sendTransaction then evm_mine), after the demo seed`,
      mix: "journey events 60% (a fifth of product writes via an operator's actFor, adding ActedFor), batches 10%, claims 10%, access grants 10%, blinded grants 10%",
      indexingMs,
      latencySamples: samples,
      pollIntervalMs: 100,
    },
    targets: { eventsPerSecond: 1000, blockToQueryableP95Ms: 1000 },
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  console.log(`Wrote ${path.relative(ROOT, OUT)}`);
  const misses = [
    eventsPerSecond < 1000 ? `${eventsPerSecond} events/s is under the 1,000 target` : undefined,
    blockToQueryableMs.p95 > 1000 ? `p95 ${blockToQueryableMs.p95} ms is over the 1 s target` : undefined,
  ].filter((m) => m !== undefined);
  for (const miss of misses) console.warn(`target missed: ${miss}`);
} catch (error) {
  console.error(`bench:indexer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await graph?.close().catch(() => {});
  await deployment?.connection.close().catch(() => {});
  await chain?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(DEPLOYMENTS_DIR, DEPLOYMENT_ID), { recursive: true, force: true });
}
