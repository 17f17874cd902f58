import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

import { spawnNode } from "./child.ts";
import { HARDHAT_CLI, ROOT } from "./paths.ts";

export const LOOPBACK = "127.0.0.1";

/** Whether nothing listens on `host`:`port` (tried by listening there for a moment). */
export async function isPortFree(port: number, host: string = LOOPBACK): Promise<boolean> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" || error.code === "EACCES") resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the system says is free now (for tests). */
export async function findFreePort(host: string = LOOPBACK): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One JSON-RPC call over HTTP; rejects on a transport error or an RPC error. */
export async function rpc(url: string, method: string, params: unknown[] = [], timeoutMs = 2000): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message ?? "RPC error"}`);
  return body.result;
}

export interface LocalNode {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the node printed so far (its start and its latest output, when it printed a lot). */
  output(): string;
  /** Resolves once the node answers JSON-RPC; rejects with its output if it exits first or stays silent too long. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops the node (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `hardhat node --hostname 127.0.0.1 --port <port>` as a child process; see {@link LocalNode.ready}. */
export function spawnHardhatNode(port: number, options: { logFile?: string } = {}): LocalNode {
  // The node logs every request: its start (banner, accounts) and latest output are kept, all of it in logFile.
  const { child, output, exited, stop } = spawnNode(
    [HARDHAT_CLI, "node", "--hostname", LOOPBACK, "--port", String(port)],
    {
      cwd: ROOT,
      env: { FORCE_COLOR: "0" },
      logFile: options.logFile,
    },
  );
  const url = `http://${LOOPBACK}:${port}`;
  const ready = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited()) {
        throw new Error(`hardhat node exited before it answered (exit code ${child.exitCode}):\n${output().trim()}`);
      }
      try {
        await rpc(url, "eth_chainId", [], 1000);
        return;
      } catch {
        if (Date.now() > deadline) {
          await stop();
          throw new Error(`hardhat node did not answer at ${url} within ${timeoutMs / 1000} s:\n${output().trim()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  return { child, url, port, output, ready, stop };
}
