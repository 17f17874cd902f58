/**
 * The local Graph node (subgraph/node) as a child process of `npm start`: it indexes and serves in its own process, so
 * the seed, the indexer and the GraphQL server do not share one event loop.
 */
import type { ChildProcess } from "node:child_process";
import path from "node:path";

import { spawnNode } from "./child.ts";
import { ROOT } from "./paths.ts";

const MAIN = path.join(ROOT, "subgraph", "node", "src", "main.ts");
const LISTENING = /Graph node listening on (\S+)/;

export interface LocalGraphNode {
  child: ChildProcess;
  /** The GraphQL endpoint, once listening. */
  url: string;
  /** Resolves when the node has indexed block `blockNumber` (polls its GraphQL `_meta`). */
  waitForBlock(blockNumber: bigint, timeoutMs?: number): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

export async function spawnGraphNode(options: {
  rpcUrl: string;
  port: number;
  database: string;
  buildDir: string;
  logFile: string;
}): Promise<LocalGraphNode> {
  const { child, output, exited, stop } = spawnNode(
    [
      "--disable-warning=ExperimentalWarning",
      MAIN,
      "--rpc",
      options.rpcUrl,
      "--port",
      String(options.port),
      "--db",
      options.database,
      "--build",
      options.buildDir,
    ],
    { cwd: ROOT, logFile: options.logFile },
  );

  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (url === undefined) {
    url = LISTENING.exec(output())?.[1];
    if (url !== undefined) break;
    if (exited()) throw new Error(`the Graph node exited (code ${child.exitCode}):\n${output().trim()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Graph node did not start within 60 s:\n${output().trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const endpoint = url;

  const waitForBlock = async (blockNumber: bigint, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited()) throw new Error(`the Graph node exited while indexing:\n${output().trim()}`);
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ _meta { block { number } hasIndexingErrors } }" }),
      }).catch(() => undefined);
      const body = (await response?.json().catch(() => undefined)) as
        { data?: { _meta?: { block: { number: number }; hasIndexingErrors: boolean } | null } } | undefined;
      const meta = body?.data?._meta;
      if (meta?.hasIndexingErrors === true)
        throw new Error(`the Graph node stopped on an indexing error:\n${output().trim()}`);
      if (meta !== undefined && meta !== null && BigInt(meta.block.number) >= blockNumber) return;
      if (Date.now() > deadline)
        throw new Error(`the Graph node did not reach block ${blockNumber} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return { child, url: endpoint, waitForBlock, stop };
}
