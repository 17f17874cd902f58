/**
 * The vault, assembled once per server process: configuration, the store, sign-in and sessions, and the access checker
 * following the chain. Route handlers call {@link getVault}.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { constellateAbis, getDeployment } from "@constellate/sdk";
import { createPublicClient, getAddress, http } from "viem";
import type { Address, PublicClient } from "viem";

import { createAccessChecker, subgraphLookup } from "./access/index.ts";
import type { AccessChecker } from "./access/index.ts";
import { createAuthContext } from "./auth/index.ts";
import type { AuthContext, AuthStore } from "./auth/index.ts";
import { ConfigError, loadVaultConfig } from "./config.ts";
import type { VaultConfig } from "./config.ts";
import { openVaultStore } from "./storage/index.ts";
import type { VaultStore } from "./storage/index.ts";

export interface Vault {
  config: VaultConfig;
  store: VaultStore;
  auth: AuthContext;
  access: AccessChecker;
  client: PublicClient;
  /** Whether this vault serves `company`: its on-chain profile names this vault's endpoint as its data endpoint. */
  serves(company: Address): Promise<boolean>;
}

const GLOBAL_KEY = Symbol.for("constellate.vault");
type Holder = { [GLOBAL_KEY]?: Promise<Vault> };

/** The process's vault (created on first use; kept across hot reloads in development). */
export function getVault(): Promise<Vault> {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= createVault(loadVaultConfig()).catch((error: unknown) => {
    delete holder[GLOBAL_KEY]; // a later request tries again (the chain may not have been up yet)
    throw error;
  });
  return holder[GLOBAL_KEY];
}

export async function createVault(config: VaultConfig): Promise<Vault> {
  const deployment = config.contracts ?? getDeployment(config.chainId);
  const companies = deployment?.Companies;
  const constellations = deployment?.Constellations;
  const access = deployment?.Access;
  if (companies === undefined || constellations === undefined || access === undefined) {
    throw new ConfigError(
      `Constellate is not deployed on chain ${config.chainId} as far as the sdk knows: deploy it and run npm run export ` +
        `(or set CONSTELLATE_CHAIN_ID to a chain with a deployment, or CONSTELLATE_CONTRACTS), then rebuild the app.`,
    );
  }
  const client = createPublicClient({ transport: http(config.rpcUrl, { batch: true }) }) as PublicClient;
  const chainId = await client.getChainId().catch((error: unknown) => {
    throw new ConfigError(`The vault cannot reach the chain at ${config.rpcUrl}: ${(error as Error).message}`);
  });
  if (chainId !== config.chainId) {
    throw new ConfigError(`The RPC at ${config.rpcUrl} serves chain ${chainId}, not ${config.chainId}`);
  }

  const store = await openVaultStore(
    config.databaseUrl !== undefined ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  const auth = createAuthContext({
    origin: config.origin,
    chainId: config.chainId,
    secret: serverSecret(config),
    client,
    companies: companies.address,
    companiesFromBlock: BigInt(companies.blockNumber),
    store: authStoreOf(store),
    graphqlUrl: config.graphqlUrl,
    corsOrigins: config.corsOrigins,
  });
  const checker = createAccessChecker({
    publicClient: client,
    addresses: { Companies: companies.address, Constellations: constellations.address, Access: access.address },
    ownerSecret: (owner) => store.ownerSecret(owner.toLowerCase() as Address),
    fromBlock: BigInt(access.blockNumber),
    ...(config.graphqlUrl !== undefined ? { lookup: subgraphLookup(config.graphqlUrl) } : {}),
  });
  await checker.sync();
  checker.watch({
    intervalMs: 500,
    onError: (error) => console.error(`vault: following the chain failed: ${(error as Error).message}`),
  });

  // Profiles change rarely; a change of data endpoint is honoured within a few seconds.
  const served = new Map<Address, { serves: boolean; until: number }>();
  const serves = async (company: Address): Promise<boolean> => {
    const key = getAddress(company);
    const cached = served.get(key);
    if (cached !== undefined && cached.until > Date.now()) return cached.serves;
    // Only registration writes a profile, so an account that never registered has no data endpoint to match.
    const profile = await client.readContract({
      address: companies.address,
      abi: constellateAbis.Companies,
      functionName: "profileOf",
      args: [key],
    });
    const endpoint = profile.dataEndpoint.replace(/\/+$/, "");
    const answer = endpoint === config.endpoint || endpoint.startsWith(`${config.endpoint}/`);
    served.set(key, { serves: answer, until: Date.now() + 5_000 });
    return answer;
  };

  return { config, store, auth, access: checker, client, serves };
}

/**
 * The store as sign-in and sessions use it. Auth speaks checksummed addresses; the store keeps lowercase ones (and
 * refuses anything else), so addresses are lowered on the way in and checksummed on the way out.
 */
function authStoreOf(store: VaultStore): AuthStore {
  return {
    consumeNonce: (nonce, expiresAt) => store.consumeNonce(nonce, expiresAt),
    createSession: (session) =>
      store.createSession({ ...session, address: session.address.toLowerCase() as `0x${string}` }),
    getSession: async (idHash) => {
      const session = await store.getSession(idHash);
      return session === null ? null : { ...session, address: getAddress(session.address) };
    },
    deleteSession: (idHash) => store.deleteSession(idHash),
  };
}

/**
 * The server secret (nonce HMACs, bearer tokens): CONSTELLATE_VAULT_SECRET (hex, 32 bytes or more), else one generated
 * on first start and kept in the data directory (readable by this user only). Several instances behind one PostgreSQL
 * database must share CONSTELLATE_VAULT_SECRET.
 */
function serverSecret(config: VaultConfig): string {
  const configured = process.env.CONSTELLATE_VAULT_SECRET;
  if (configured !== undefined && configured !== "") return configured;
  const file = path.join(config.dataDir, "server-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const secret = `0x${randomBytes(32).toString("hex")}`;
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  }
}
