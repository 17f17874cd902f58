/**
 * The vault's configuration, from the environment, with the local stack's defaults. The origin is configuration, never
 * taken from a request: SIWE messages must name it, and the Host header is the attacker's to choose.
 */
import path from "node:path";

export interface VaultConfig {
  /** This vault's origin, e.g. https://vault.example.com (CONSTELLATE_VAULT_ORIGIN). */
  origin: string;
  /**
   * The data endpoint prefix a company's on-chain profile names when this vault serves it
   * (CONSTELLATE_VAULT_ENDPOINT, default `<origin>/vault`).
   */
  endpoint: string;
  chainId: number;
  rpcUrl: string;
  /** The subgraph's GraphQL endpoint, used to find candidates that the chain then confirms. */
  graphqlUrl: string | undefined;
  /** Where the embedded store keeps its database and files. */
  dataDir: string;
  /** PostgreSQL instead of the embedded store, when set. */
  databaseUrl: string | undefined;
  maxDocumentBytes: number;
  quotaBytes: number;
  /** Origins allowed to call the vault with a bearer token (console pages on other domains). */
  corsOrigins: string[];
  /**
   * The contracts to use instead of the sdk's deployment for the chain (CONSTELLATE_CONTRACTS, JSON:
   * `{ "Companies": { "address": "0x...", "blockNumber": 1 }, "Constellations": ..., "Access": ... }`).
   */
  contracts: Record<string, DeployedContract> | undefined;
}

export interface DeployedContract {
  address: `0x${string}`;
  blockNumber: number;
}

const MiB = 1024 * 1024;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function loadVaultConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): VaultConfig {
  const origin = originOf(env.CONSTELLATE_VAULT_ORIGIN ?? "http://127.0.0.1:3000", "CONSTELLATE_VAULT_ORIGIN");
  const endpoint = (env.CONSTELLATE_VAULT_ENDPOINT ?? `${origin}/vault`).replace(/\/+$/, "");
  return {
    origin,
    endpoint,
    chainId: integer(env.CONSTELLATE_CHAIN_ID ?? "31337", "CONSTELLATE_CHAIN_ID"),
    rpcUrl: env.CONSTELLATE_RPC_URL ?? "http://127.0.0.1:8545",
    graphqlUrl:
      env.CONSTELLATE_GRAPHQL_URL === ""
        ? undefined
        : (env.CONSTELLATE_GRAPHQL_URL ?? "http://127.0.0.1:8000/subgraphs/name/constellate"),
    dataDir: path.resolve(cwd, env.CONSTELLATE_VAULT_DIR ?? path.join("..", ".constellate", "vault")),
    databaseUrl: env.DATABASE_URL === "" ? undefined : env.DATABASE_URL,
    maxDocumentBytes: integer(env.CONSTELLATE_VAULT_MAX_BYTES ?? String(10 * MiB), "CONSTELLATE_VAULT_MAX_BYTES"),
    quotaBytes: integer(env.CONSTELLATE_VAULT_QUOTA_BYTES ?? String(1024 * MiB), "CONSTELLATE_VAULT_QUOTA_BYTES"),
    corsOrigins: (env.CONSTELLATE_VAULT_CORS_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter((o) => o !== "")
      .map((o) => originOf(o, "CONSTELLATE_VAULT_CORS_ORIGINS")),
    contracts: contractsOf(env.CONSTELLATE_CONTRACTS),
  };
}

function contractsOf(value: string | undefined): Record<string, DeployedContract> | undefined {
  if (value === undefined || value === "") return undefined;
  const problem = 'CONSTELLATE_CONTRACTS must be JSON like {"Companies": {"address": "0x...", "blockNumber": 1}, ...}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(problem);
  }
  if (typeof parsed !== "object" || parsed === null) throw new ConfigError(problem);
  const contracts: Record<string, DeployedContract> = {};
  for (const [name, entry] of Object.entries(parsed)) {
    const { address, blockNumber } = (entry ?? {}) as { address?: unknown; blockNumber?: unknown };
    if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address) || !Number.isSafeInteger(blockNumber)) {
      throw new ConfigError(`${problem}; ${name} is not`);
    }
    contracts[name] = { address: address as `0x${string}`, blockNumber: blockNumber as number };
  }
  return contracts;
}

function originOf(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an origin such as https://vault.example.com; got "${value}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`${name} must use https (or http for a local vault); got "${value}"`);
  }
  return url.origin;
}

function integer(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer; got "${value}"`);
  return n;
}
