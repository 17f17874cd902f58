/**
 * The local Graph node (subgraph/node) as a child process of `npm start`: it indexes and serves in its own process, so
 * the seed, the indexer and the GraphQL server do not share one event loop.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

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
  const child = spawn(
    process.execPath,
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
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  const log = createWriteStream(options.logFile);
  let output = "";
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      log.end();
      resolve();
    }),
  );
  const stop = async (graceMs = 5000) => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exit;
    clearTimeout(timer);
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the Graph node did not start within 60 s:\n${output.trim()}`)),
      60_000,
    );
    const onData = () => {
      const match = LISTENING.exec(output);
      if (match?.[1] !== undefined) done(match[1]);
    };
    const onExit = () => fail(new Error(`the Graph node exited (code ${child.exitCode}):\n${output.trim()}`));
    function done(found: string) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      resolve(found);
    }
    function fail(error: Error) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      void stop().then(() => reject(error));
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });

  const waitForBlock = async (blockNumber: bigint, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) throw new Error(`the Graph node exited while indexing:\n${output.trim()}`);
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ _meta { block { number } hasIndexingErrors } }" }),
      }).catch(() => undefined);
      const body = (await response?.json().catch(() => undefined)) as
        { data?: { _meta?: { block: { number: number }; hasIndexingErrors: boolean } | null } } | undefined;
      const meta = body?.data?._meta;
      if (meta?.hasIndexingErrors === true)
        throw new Error(`the Graph node stopped on an indexing error:\n${output.trim()}`);
      if (meta !== undefined && meta !== null && BigInt(meta.block.number) >= blockNumber) return;
      if (Date.now() > deadline)
        throw new Error(`the Graph node did not reach block ${blockNumber} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return { child, url, waitForBlock, stop };
}
