/**
 * Child processes of the local stack and its builds, run with the Node that runs this script: long-running servers
 * (the chain, the Graph node, the app), supervised with their output kept and stopped cleanly; and build tools, run to
 * completion with their output in the error when they fail.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface Supervised {
  child: ChildProcess;
  /** What the process printed: its start and its latest output, when it printed a lot. */
  output(): string;
  exited(): boolean;
  /** Resolves when the process has exited. */
  exit: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const KEEP = 50_000;

/** Starts `node <args>` and keeps its output (all of it in `logFile`, when given). */
export function spawnNode(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; logFile?: string | undefined },
): Supervised {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let head = "";
  let tail = "";
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile);
  const keep = (chunk: Buffer) => {
    log?.write(chunk);
    if (head.length < KEEP) head += chunk.toString();
    else tail = (tail + chunk.toString()).slice(-KEEP);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      log?.end();
      resolve();
    });
  });
  const stop = async (graceMs = 5000) => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exit;
    clearTimeout(timer);
  };
  return { child, output: () => head + tail, exited: () => exited, exit, stop };
}

/** Runs `node <args>` to completion; rejects with `what` and the tool's output when it fails. */
export async function runNode(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; what: string },
): Promise<void> {
  const run = spawnNode(args, options);
  const spawnError = new Promise<never>((_, reject) => run.child.once("error", reject));
  await Promise.race([run.exit, spawnError]);
  if (run.child.exitCode !== 0) {
    throw new Error(
      `${options.what} failed (exit ${run.child.exitCode ?? run.child.signalCode}):\n${run.output().trim()}`,
    );
  }
}
