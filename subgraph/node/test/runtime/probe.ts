/**
 * Builds the probe subgraph (test/fixtures/probe) with graph-cli, once per content: the output goes to a directory in
 * the system's temporary directory named by a hash of the fixture's files and graph-cli's version, so test files (which
 * node:test runs in parallel processes) share one build, and nothing is written into the repository. A lock directory
 * keeps two processes from building at the same time.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

import { loadSubgraph } from "../../src/runtime/index.ts";
import type { LoadOptions, Subgraph } from "../../src/runtime/index.ts";

const run = promisify(execFile);
const FIXTURE = resolve(import.meta.dirname, "../fixtures/probe");
const LOCK_STALE_MS = 5 * 60_000;

export async function probeBuildDir(): Promise<string> {
  const nodeModules = findNodeModules(FIXTURE);
  const cacheDir = join(tmpdir(), "constellate-probe-subgraph", fixtureHash(nodeModules));
  const built = join(cacheDir, "build");
  if (existsSync(join(built, "subgraph.yaml"))) return built;

  const lock = `${cacheDir}.lock`;
  mkdirSync(dirname(cacheDir), { recursive: true });
  while (!tryLock(lock)) {
    await new Promise((r) => setTimeout(r, 250));
    if (existsSync(join(built, "subgraph.yaml"))) return built;
  }
  try {
    if (existsSync(join(built, "subgraph.yaml"))) return built;
    const work = mkdtempSync(join(dirname(cacheDir), "work-"));
    cpSync(FIXTURE, work, { recursive: true });
    symlinkSync(nodeModules, join(work, "node_modules"));
    const graph = join(nodeModules, "@graphprotocol/graph-cli/bin/run.js");
    const env = { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" };
    for (const args of [
      ["codegen", "--output-dir", "generated"],
      ["build", "--output-dir", "build"],
    ]) {
      await run(process.execPath, [graph, ...args], { cwd: work, env }).catch((error: { stdout?: string }) => {
        throw new Error(`graph ${args[0]} of the probe subgraph failed:\n${error.stdout ?? String(error)}`);
      });
    }
    rmSync(cacheDir, { recursive: true, force: true });
    renameSync(work, cacheDir);
    return built;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function loadProbe(options: LoadOptions = {}): Promise<Subgraph> {
  return loadSubgraph(await probeBuildDir(), { log: () => {}, ...options });
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A lock left by a killed process would block every later run.
    const held = statSync(lock, { throwIfNoEntry: false });
    if (held !== undefined && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function fixtureHash(nodeModules: string): string {
  const hash = createHash("sha256");
  const graphCli = JSON.parse(readFileSync(join(nodeModules, "@graphprotocol/graph-cli/package.json"), "utf8")) as {
    version: string;
  };
  const graphTs = JSON.parse(readFileSync(join(nodeModules, "@graphprotocol/graph-ts/package.json"), "utf8")) as {
    version: string;
  };
  hash.update(`${graphCli.version} ${graphTs.version}\n`);
  for (const file of listFiles(FIXTURE)) hash.update(`${file}\n`).update(readFileSync(join(FIXTURE, file)));
  return hash.digest("hex").slice(0, 16);
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .sort();
}

function findNodeModules(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules");
    if (existsSync(join(candidate, "@graphprotocol/graph-cli"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no node_modules with @graphprotocol/graph-cli above ${from}`);
  }
}
