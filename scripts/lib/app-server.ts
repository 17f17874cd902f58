/**
 * The app's production server (`next start` of app/.next) as a child process: the console, the product pages and the
 * data vault, on 127.0.0.1.
 */
import type { ChildProcess } from "node:child_process";

import { APP_DIR, NEXT_CLI } from "./app-build.ts";
import { spawnNode } from "./child.ts";
import { LOOPBACK } from "./node.ts";

export interface AppServer {
  child: ChildProcess;
  origin: string;
  stop(graceMs?: number): Promise<void>;
}

/** Starts `next start` on `port` with `env` added, and resolves once it answers; rejects with its output otherwise. */
export async function spawnApp(options: {
  port: number;
  env: Record<string, string>;
  logFile?: string;
  timeoutMs?: number;
}): Promise<AppServer> {
  const origin = `http://${LOOPBACK}:${options.port}`;
  const { child, output, exited, stop } = spawnNode(
    [NEXT_CLI, "start", "--hostname", LOOPBACK, "--port", String(options.port)],
    {
      cwd: APP_DIR,
      env: { NEXT_TELEMETRY_DISABLED: "1", ...options.env },
      logFile: options.logFile,
    },
  );

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited())
      throw new Error(`the app exited before it answered (exit code ${child.exitCode}):\n${output().trim()}`);
    const answered = await fetch(`${origin}/api/auth/nonce`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (answered) return { child, origin, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not answer at ${origin} in time:\n${output().trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
