import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";

import Constellate from "../../ignition/modules/Constellate.ts";
import { DEPLOYMENTS_DIR } from "./paths.ts";

/** The addresses of one Constellate deployment. */
export interface ConstellateAddresses {
  Companies: string;
  Accreditations: string;
  Constellations: string;
  Products: string;
  Claims: string;
  Access: string;
}

export interface DeployOptions {
  /** A network of hardhat.config.ts (default "localhost"). */
  network?: string;
  /** Overrides the network's RPC URL (an http network only). */
  rpcUrl?: string;
  /** Discards the network's earlier deployment state first (a fresh local node). */
  reset?: boolean;
  /** The Accreditations governance; default: the deployer. */
  governance?: string;
  /** Show Ignition's progress display. */
  displayUi?: boolean;
  /** Where Ignition keeps deployments (default ignition/deployments); only to find and reset stale local state. */
  deploymentsDir?: string;
  /**
   * Ignition's deployment id (default `chain-<chain id>`). Tests that deploy to their own throwaway node pass one of
   * their own (`test-...`, git-ignored), so that they never touch the local stack's deployment or each other's.
   */
  deploymentId?: string;
  /** Seconds to wait for the RPC to answer (default 15). */
  rpcTimeoutSeconds?: number;
  /** Runs once the network answered and has an account, right before Ignition deploys (e.g. compiling). */
  beforeDeploy?: () => Promise<void>;
}

export interface DeployResult {
  connection: NetworkConnection;
  networkName: string;
  chainId: number;
  deploymentId: string;
  deployer: string;
  addresses: ConstellateAddresses;
}

/** A deployment that cannot start, with what to do about it. */
export class DeployError extends Error {
  override name = "DeployError";
}

/** Chains whose state does not outlive the node process: a deployment recorded for them may point at nothing. */
const EPHEMERAL_CHAIN_IDS = new Set([31337, 1337]);

/**
 * Deploys ignition/modules/Constellate.ts to a network of hardhat.config.ts through Hardhat's programmatic API.
 * Ignition records it under ignition/deployments/chain-<id>/ (except on the in-process network) and resumes or
 * skips what is deployed already.
 */
export async function deployConstellate(options: DeployOptions = {}): Promise<DeployResult> {
  const { default: hre } = await import("hardhat");
  const networkName = options.network ?? "localhost";
  if (!(networkName in hre.config.networks)) {
    const known = Object.keys(hre.config.networks).join(", ");
    throw new DeployError(`Unknown network "${networkName}". Networks in hardhat.config.ts: ${known}.`);
  }
  const networkConfig = hre.config.networks[networkName];

  let connection: NetworkConnection;
  try {
    connection = await hre.network.create({
      network: networkName,
      ...(options.rpcUrl !== undefined ? { override: { url: options.rpcUrl } } : {}),
    });
  } catch (error) {
    throw explainConnectionError(error, networkName);
  }

  const url = options.rpcUrl ?? (await describeUrl(networkConfig));
  let chainId: number;
  try {
    const answer = await withTimeout(
      connection.provider.request({ method: "eth_chainId" }),
      (options.rpcTimeoutSeconds ?? 15) * 1000,
    );
    chainId = Number(answer);
  } catch (error) {
    const explained = explainConnectionError(error, networkName);
    if (explained instanceof DeployError) throw explained; // a missing configuration variable, resolved lazily
    const hint =
      networkName === "localhost"
        ? "Start a local chain first (npm start, or npx hardhat node --hostname 127.0.0.1), or set CONSTELLATE_RPC_URL."
        : "Check RPC_URL (an environment variable, or npx hardhat keystore set RPC_URL).";
    throw new DeployError(
      `Cannot reach the RPC of network "${networkName}" at ${url}: ${shortMessage(error)}\n${hint}`,
    );
  }

  const accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
  const deployer = accounts[0];
  if (deployer === undefined) {
    throw new DeployError(
      `Network "${networkName}" (chain ${chainId}) offers no account to deploy from. ` +
        "Set DEPLOYER_PRIVATE_KEY (an environment variable, or npx hardhat keystore set DEPLOYER_PRIVATE_KEY).",
    );
  }

  const deploymentId = options.deploymentId ?? `chain-${chainId}`;
  const deploymentDir = path.join(options.deploymentsDir ?? DEPLOYMENTS_DIR, deploymentId);
  if (options.reset === true) {
    rmSync(deploymentDir, { recursive: true, force: true });
  } else if (EPHEMERAL_CHAIN_IDS.has(chainId) && (await isStale(connection, deploymentDir))) {
    console.log(`The recorded ${deploymentId} deployment is not on this chain (a restarted node): deploying afresh.`);
    rmSync(deploymentDir, { recursive: true, force: true });
  }

  await options.beforeDeploy?.();
  const result = await connection.ignition.deploy(Constellate, {
    deploymentId,
    displayUi: options.displayUi ?? false,
    ...(options.governance !== undefined ? { parameters: { Constellate: { governance: options.governance } } } : {}),
  });
  return {
    connection,
    networkName,
    chainId,
    deploymentId,
    deployer,
    addresses: {
      Companies: await result.companies.getAddress(),
      Accreditations: await result.accreditations.getAddress(),
      Constellations: await result.constellations.getAddress(),
      Products: await result.products.getAddress(),
      Claims: await result.claims.getAddress(),
      Access: await result.access.getAddress(),
    },
  };
}

/** Whether the deployment recorded in `dir` names a contract that has no code on the connected chain. */
async function isStale(connection: NetworkConnection, dir: string): Promise<boolean> {
  const file = path.join(dir, "deployed_addresses.json");
  if (!existsSync(file)) return existsSync(dir); // a journal with no deployed contract: nothing worth keeping
  const addresses = Object.values(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>);
  for (const address of addresses) {
    const code = await connection.provider.request({ method: "eth_getCode", params: [address, "latest"] });
    if (code === "0x") return true;
  }
  return false;
}

/** The network's RPC URL for messages: a configuration variable is shown by name, and by value when set in the env. */
async function describeUrl(config: unknown): Promise<string> {
  const url = (config as { url?: unknown }).url;
  if (typeof url === "string") return url;
  if (url === null || typeof url !== "object") return "(in-process)";
  if ("name" in url && typeof url.name === "string") {
    const value = process.env[url.name];
    return value === undefined ? url.name : `${url.name}=${value}`;
  }
  if ("getUrl" in url && typeof url.getUrl === "function") {
    try {
      return String(await (url.getUrl as () => Promise<unknown>).call(url));
    } catch {
      return "(unresolved URL)";
    }
  }
  return "(unknown URL)";
}

function explainConnectionError(error: unknown, networkName: string): Error {
  const message = shortMessage(error);
  const variable = /Configuration Variable "(\w+)" not found/.exec(message)?.[1];
  if (variable === "RPC_URL") {
    return new DeployError(
      `Network "${networkName}" needs RPC_URL, the JSON-RPC endpoint of the chain to deploy to.\n` +
        "Set it as an environment variable (RPC_URL=https://...) or store it with: npx hardhat keystore set RPC_URL",
    );
  }
  if (variable === "DEPLOYER_PRIVATE_KEY") {
    return new DeployError(
      `Network "${networkName}" needs DEPLOYER_PRIVATE_KEY, the private key of the funded account that deploys.\n` +
        "Set it as an environment variable or, better, store it encrypted with: " +
        "npx hardhat keystore set DEPLOYER_PRIVATE_KEY",
    );
  }
  if (variable !== undefined) {
    return new DeployError(
      `Network "${networkName}" needs ${variable}: set it as an environment variable or with ` +
        `npx hardhat keystore set ${variable}`,
    );
  }
  return error instanceof Error ? error : new Error(message);
}

function shortMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
