/**
 * The vault as it runs for real, for tests and benchmarks: a Hardhat node of its own, Constellate deployed under a
 * `test-` Ignition id, the demo seeded so that its companies name this vault as their data endpoint, optionally the
 * local Graph node (in this process) indexing that chain, and the production build of the app (`next start`, app/.next)
 * serving the vault on 127.0.0.1 with a fresh data directory and small limits.
 *
 *     const stack = await startVaultStack();
 *     after(() => stack.stop());
 *     const brand = await signIn(stack, stack.seed.companies.brand.address);
 *     await fetch(`${stack.origin}/api/vault/documents?owner=...`, { headers: brand.bearer() });
 *
 * The app must be built first (`node scripts/build-app.ts`, which `npm run test:app` runs). Everything started here is
 * stopped by stop(); the server runs in a process group of its own, so that killing it (SIGKILL in crash tests) takes
 * nothing else with it and leaves nothing behind.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Signer } from "ethers";
import { createWalletClient, getAddress, http } from "viem";
import type { Address, Hex } from "viem";
import { createSiweMessage } from "viem/siwe";

import { APP_DIR, NEXT_CLI } from "../../../scripts/lib/app-build.ts";
import { buildContracts } from "../../../scripts/lib/build.ts";
import { deployConstellate } from "../../../scripts/lib/deploy.ts";
import type { DeployResult } from "../../../scripts/lib/deploy.ts";
import { findFreePort, LOOPBACK, rpc, spawnHardhatNode } from "../../../scripts/lib/node.ts";
import type { LocalNode } from "../../../scripts/lib/node.ts";
import { DEPLOYMENTS_DIR } from "../../../scripts/lib/paths.ts";
import { seedVault } from "../../../scripts/lib/seed-vault.ts";
import { SEED_ACCOUNT_ORDER, seedAccountsFrom, seedDemo } from "../../../scripts/lib/seed.ts";
import type { SeedResult } from "../../../scripts/lib/seed.ts";
import { SUBGRAPH_BUILD_DIR } from "../../../scripts/lib/subgraph-build.ts";
import type { GraphNode } from "../../../subgraph/node/src/graph-node.ts";

export const CHAIN_ID = 31337;
/** The origin the default stack allows to call it with a bearer token (CORS). */
export const CONSOLE_ORIGIN = "http://console.constellate.test";

export interface VaultStackOptions {
  /** Names the Ignition deployment (`test-<name>-<pid>`, removed on stop) and the temporary directory. */
  name?: string;
  /** CONSTELLATE_VAULT_MAX_BYTES (default 64 KiB). */
  maxBytes?: number;
  /** CONSTELLATE_VAULT_QUOTA_BYTES (default 256 KiB). */
  quotaBytes?: number;
  /** CONSTELLATE_VAULT_CORS_ORIGINS (default [CONSOLE_ORIGIN]). */
  corsOrigins?: string[];
  /** Index the chain with the local Graph node and give the vault its GraphQL endpoint (default: no subgraph). */
  graph?: boolean;
  /** PostgreSQL instead of the embedded store. */
  databaseUrl?: string;
  /** More environment for the server. */
  env?: Record<string, string>;
  /** Store the demo's documents in the vault before it starts, as `npm start` does (default: an empty vault). */
  demoDocuments?: boolean;
}

export interface VaultStack {
  /** The vault's origin, e.g. http://127.0.0.1:41234 (its configured CONSTELLATE_VAULT_ORIGIN). */
  origin: string;
  /** The Hardhat node's JSON-RPC endpoint. */
  rpcUrl: string;
  /** The GraphQL endpoint the vault uses, when started with `graph`. */
  graphqlUrl: string | undefined;
  /** The embedded store's data directory (kept across restarts, removed on stop). */
  dataDir: string;
  /** The server's environment (without the parent's). */
  env: Readonly<Record<string, string>>;
  seed: SeedResult;
  deployment: DeployResult;
  /**
   * The node's unlocked accounts as ethers signers: the demo's cast first (SEED_ACCOUNT_ORDER, accounts 0 to 9), then
   * accounts that are nobody in the demo ({@link VaultStack.strangers}).
   */
  signers: Signer[];
  /** The same accounts' addresses, checksummed. */
  accounts: Address[];
  /** The accounts after the demo's cast, checksummed: no company, operator or grantee of the seed. */
  strangers: Address[];
  /** The server's process id (changes on restart). */
  serverPid(): number | undefined;
  /** The server's output since the stack started, across restarts (its last 200 kB). */
  serverOutput(): string;
  /** Stops the server with `signal` (default SIGTERM) and waits for it to exit. */
  stopServer(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts the server again (same port and data directory) and waits until it answers. `env` changes its environment
   * for this start only (e.g. another CONSTELLATE_VAULT_ORIGIN); the next start without it has the stack's again.
   */
  startServer(env?: Record<string, string>): Promise<void>;
  /** stopServer(signal) then startServer(). */
  restartServer(signal?: NodeJS.Signals): Promise<void>;
  /** Mines a block (automine mines one per transaction anyway). */
  mine(): Promise<void>;
  /** Moves block time forward by `seconds` and mines a block. */
  increaseTime(seconds: number): Promise<void>;
  /** The latest block's number and timestamp. */
  latestBlock(): Promise<{ number: bigint; timestamp: bigint }>;
  /** Resolves once the Graph node (if any) has indexed the latest block. */
  indexed(): Promise<void>;
  /** Stops everything started here and removes the temporary files and the Ignition deployment. */
  stop(): Promise<void>;
}

/** Starts the whole stack; on failure, stops whatever it started and throws with the output that explains it. */
export async function startVaultStack(options: VaultStackOptions = {}): Promise<VaultStack> {
  const distDir = process.env.CONSTELLATE_NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(APP_DIR, distDir, "BUILD_ID"))) {
    throw new Error(`app/${distDir} is missing: build the app first (node scripts/build-app.ts, or npm run build:app)`);
  }
  if (options.graph === true && !existsSync(path.join(SUBGRAPH_BUILD_DIR, "subgraph.yaml"))) {
    throw new Error("subgraph/build is missing: build the subgraph first (npm run build:subgraph)");
  }
  const name = options.name ?? "vault-http";
  const deploymentId = `test-${name}-${process.pid}`;
  const workDir = mkdtempSync(path.join(tmpdir(), `constellate-${name}-`));
  const dataDir = path.join(workDir, "data");
  const logFile = path.join(workDir, "server.log");

  const node: LocalNode = spawnHardhatNode(await findFreePort(), { logFile: path.join(workDir, "node.log") });
  let deployment: DeployResult | undefined;
  let graph: GraphNode | undefined;
  let server: ServerProcess | undefined;
  const log = createWriteStream(logFile, { flags: "a" });
  let output = "";
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-200_000);
  };
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await server?.stop("SIGTERM");
      await new Promise<void>((resolve) => log.end(resolve));
      await graph?.close().catch(() => {});
      await deployment?.connection.close().catch(() => {});
      await node.stop();
      rmSync(path.join(DEPLOYMENTS_DIR, deploymentId), { recursive: true, force: true });
      rmSync(workDir, { recursive: true, force: true });
    })());

  try {
    await node.ready();
    const firstBlock = Number(await rpc(node.url, "eth_blockNumber"));
    deployment = await deployConstellate({
      network: "localhost",
      rpcUrl: node.url,
      deploymentId,
      reset: true,
      beforeDeploy: buildContracts,
    });
    const signers: Signer[] = await deployment.connection.ethers.getSigners();
    const accounts = await Promise.all(signers.map(async (s) => getAddress(await s.getAddress())));
    const port = await findFreePort();
    const origin = `http://${LOOPBACK}:${port}`;
    const seed = await seedDemo({
      accounts: seedAccountsFrom(signers),
      addresses: deployment.addresses,
      vaultUrl: `${origin}/vault`,
    });

    if (options.graph === true) {
      const { startGraphNode } = await import("../../../subgraph/node/src/graph-node.ts");
      graph = await startGraphNode({
        rpcUrl: node.url,
        buildDir: SUBGRAPH_BUILD_DIR,
        database: ":memory:",
        port: 0,
        pollIntervalMs: 50,
        dataSources: Object.fromEntries(
          Object.entries(deployment.addresses).map(([contract, address]) => [
            contract,
            { address, startBlock: firstBlock },
          ]),
        ),
      });
    }
    const indexed = async () => {
      if (graph !== undefined) await graph.indexer.waitFor(BigInt((await rpc(node.url, "eth_blockNumber")) as string));
    };
    await indexed();

    // Every contract of this deployment (the vault needs Companies, Constellations and Access; the console all).
    const contracts = Object.fromEntries(
      Object.entries(deployment.addresses).map(([key, address]) => [key, { address, blockNumber: firstBlock }]),
    );
    const env: Record<string, string> = {
      CONSTELLATE_VAULT_ORIGIN: origin,
      CONSTELLATE_RPC_URL: node.url,
      CONSTELLATE_CHAIN_ID: String(CHAIN_ID),
      CONSTELLATE_VAULT_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? "",
      CONSTELLATE_GRAPHQL_URL: graph?.url ?? "",
      CONSTELLATE_VAULT_MAX_BYTES: String(options.maxBytes ?? 64 * 1024),
      CONSTELLATE_VAULT_QUOTA_BYTES: String(options.quotaBytes ?? 256 * 1024),
      CONSTELLATE_VAULT_CORS_ORIGINS: (options.corsOrigins ?? [CONSOLE_ORIGIN]).join(","),
      CONSTELLATE_VAULT_SECRET: `0x${randomBytes(32).toString("hex")}`,
      CONSTELLATE_CONTRACTS: JSON.stringify(contracts),
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    };
    if (options.demoDocuments === true) {
      if (options.databaseUrl !== undefined) throw new Error("demoDocuments needs the embedded store");
      await seedVault({ dataDir, seed, brand: seed.companies.brand.address });
    }
    const startServer = async (overrides: Record<string, string> = {}) => {
      if (server?.running() === true) throw new Error("the vault server is running already");
      server = startServerProcess(port, { ...env, ...overrides }, keep);
      await server.ready(origin);
    };
    await startServer();

    const latestBlock = async () => {
      const block = (await rpc(node.url, "eth_getBlockByNumber", ["latest", false])) as { number: Hex; timestamp: Hex };
      return { number: BigInt(block.number), timestamp: BigInt(block.timestamp) };
    };
    const stopServer = async (signal: NodeJS.Signals = "SIGTERM") => {
      await server?.stop(signal);
    };
    return {
      origin,
      rpcUrl: node.url,
      graphqlUrl: graph?.url,
      dataDir,
      env,
      seed,
      deployment,
      signers,
      accounts,
      strangers: accounts.slice(SEED_ACCOUNT_ORDER.length),
      serverPid: () => server?.pid(),
      serverOutput: () => output,
      stopServer,
      startServer,
      restartServer: async (signal?: NodeJS.Signals) => {
        await stopServer(signal);
        await startServer();
      },
      mine: async () => void (await rpc(node.url, "evm_mine")),
      increaseTime: async (seconds: number) => {
        await rpc(node.url, "evm_increaseTime", [seconds]);
        await rpc(node.url, "evm_mine");
      },
      latestBlock,
      indexed,
      stop,
    };
  } catch (error) {
    await stop();
    if (output !== "" && error instanceof Error) error.message += `\nvault server output:\n${output.trim()}`;
    throw error;
  }
}

interface ServerProcess {
  pid(): number | undefined;
  running(): boolean;
  ready(origin: string, timeoutMs?: number): Promise<void>;
  stop(signal: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * `next start` for app/.next in a process group of its own (detached), so that a signal to the group reaches the server
 * and anything it spawned, and nothing else.
 */
function startServerProcess(
  port: number,
  env: Record<string, string>,
  onOutput: (chunk: Buffer) => void,
): ServerProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    [NEXT_CLI, "start", "--hostname", LOOPBACK, "--port", String(port)],
    {
      cwd: APP_DIR,
      env: { ...process.env, ...env, NODE_ENV: "production", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      process.off("exit", onExit);
      resolve();
    }),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  // A detached server outlives its parent: if the test process ends without stop(), take the server with it.
  const onExit = () => signalGroup("SIGKILL");
  process.once("exit", onExit);
  const stop = async (signal: NodeJS.Signals, graceMs = 5000) => {
    if (!exited) {
      signalGroup(signal);
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    }
    // Whatever the server spawned dies with it.
    signalGroup("SIGKILL");
  };
  const ready = async (origin: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) throw new Error(`the vault server exited before it answered (code ${child.exitCode})`);
      try {
        // The nonce route assembles the vault (chain, store, checker): once it answers, the vault is up.
        const response = await fetch(`${origin}/api/auth/nonce`, { signal: AbortSignal.timeout(5000) });
        if (response.ok) return;
        await response.body?.cancel();
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop("SIGKILL");
        throw new Error(`the vault server did not answer at ${origin} within ${timeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { pid: () => child.pid, running: () => !exited, ready, stop };
}

// ---------------------------------------------------------------------------------------------------------------------
// Signing in
// ---------------------------------------------------------------------------------------------------------------------

export interface SignedIn {
  address: Address;
  /** The session cookie's value (`constellate-vault-session=...`, as a Cookie header sends it). */
  cookie: string;
  /** The bearer token from the sign-in. */
  token: string;
  /** Headers that carry the cookie. */
  cookieHeaders(extra?: Record<string, string>): Record<string, string>;
  /** Headers that carry the bearer token. */
  bearer(extra?: Record<string, string>): Record<string, string>;
  /** The whole sign-in answer. */
  response: Response;
  body: { address: string; token: string; tokenExpiresAt: string; companies: string[] };
}

export interface SiweFields {
  domain?: string;
  uri?: string;
  chainId?: number;
  nonce?: string;
  issuedAt?: Date;
  expirationTime?: Date;
  notBefore?: Date;
}

/** A nonce from the vault. */
export async function nonceFrom(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/nonce`);
  if (!response.ok) throw new Error(`GET /api/auth/nonce: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { nonce: string }).nonce;
}

/** A SIWE message for this vault signed by `address` (an unlocked account of the node, via personal_sign). */
export async function signedSiwe(
  stack: Pick<VaultStack, "origin" | "rpcUrl">,
  address: Address,
  fields: SiweFields = {},
): Promise<{ message: string; signature: Hex }> {
  const url = new URL(stack.origin);
  const message = createSiweMessage({
    domain: fields.domain ?? url.host,
    address: getAddress(address),
    statement: "Sign in to the Constellate data vault.",
    uri: fields.uri ?? `${url.origin}/`,
    version: "1",
    chainId: fields.chainId ?? CHAIN_ID,
    nonce: fields.nonce ?? (await nonceFrom(stack.origin)),
    issuedAt: fields.issuedAt ?? new Date(),
    ...(fields.expirationTime !== undefined ? { expirationTime: fields.expirationTime } : {}),
    ...(fields.notBefore !== undefined ? { notBefore: fields.notBefore } : {}),
  });
  const wallet = createWalletClient({ account: getAddress(address), transport: http(stack.rpcUrl) });
  const signature = await wallet.signMessage({ account: getAddress(address), message });
  return { message, signature };
}

/** Signs `address` in (SIWE over HTTP) and returns its credentials; throws when the vault refuses. */
export async function signIn(stack: Pick<VaultStack, "origin" | "rpcUrl">, address: string): Promise<SignedIn> {
  const signed = await signedSiwe(stack, getAddress(address));
  const response = await fetch(`${stack.origin}/api/auth/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(signed),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${address}: ${response.status} ${await response.text()}`);
  const body = (await response.clone().json()) as SignedIn["body"];
  const setCookie = response.headers.getSetCookie().find((c) => c.includes("constellate-vault-session="));
  if (setCookie === undefined) throw new Error(`sign-in of ${address} set no session cookie`);
  const cookie = setCookie.split(";")[0]!;
  return {
    address: getAddress(address),
    cookie,
    token: body.token,
    cookieHeaders: (extra = {}) => ({ cookie, ...extra }),
    bearer: (extra = {}) => ({ authorization: `Bearer ${body.token}`, ...extra }),
    response,
    body,
  };
}
