/**
 * The app's production server (`next start` of app/.next) as a child process: the console, the product pages and the
 * data vault, on 127.0.0.1.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";

import { APP_DIR, NEXT_CLI } from "./app-build.ts";
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
  const child = spawn(process.execPath, [NEXT_CLI, "start", "--hostname", LOOPBACK, "--port", String(options.port)], {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile);
  let output = "";
  const keep = (chunk: Buffer) => {
    log?.write(chunk);
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      log?.end();
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

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`the app exited before it answered (exit code ${child.exitCode}):\n${output.trim()}`);
    const answered = await fetch(`${origin}/api/auth/nonce`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (answered) return { child, origin, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not answer at ${origin} in time:\n${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
