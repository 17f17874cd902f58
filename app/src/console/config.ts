/**
 * What the console's browser code needs to know, read on the server at request time (so that one production build
 * serves any chain, RPC, GraphQL endpoint or deployment) and handed to the client as props. Only public facts: URLs
 * the browser itself calls and contract addresses.
 */
import { contractNames, getDeployment } from "@constellate/sdk";
import type { ContractName } from "@constellate/sdk";

import { ConfigError, loadVaultConfig } from "../vault/config.ts";
import type { ConsoleConfig } from "./types.ts";

const CHAIN_NAMES: Record<number, string> = {
  1: "Ethereum",
  10: "OP Mainnet",
  8453: "Base",
  42161: "Arbitrum One",
  11155111: "Sepolia",
  84532: "Base Sepolia",
  31337: "Local Hardhat chain",
};

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const vault = loadVaultConfig(env);
  const deployment = vault.contracts ?? getDeployment(vault.chainId);
  const contracts = {} as ConsoleConfig["contracts"];
  for (const name of contractNames) {
    const deployed = (deployment as Record<string, { address: `0x${string}`; blockNumber: number } | undefined>)?.[
      name
    ];
    if (deployed === undefined) {
      throw new ConfigError(
        `${name} is not deployed on chain ${vault.chainId} as far as the app knows: deploy Constellate and run ` +
          `npm run export (or set CONSTELLATE_CONTRACTS), then rebuild the app.`,
      );
    }
    contracts[name as ContractName] = { address: deployed.address, blockNumber: deployed.blockNumber };
  }
  const walletConnect = env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID?.trim();
  return {
    chainId: vault.chainId,
    chainName: env.CONSTELLATE_CHAIN_NAME ?? CHAIN_NAMES[vault.chainId] ?? `Chain ${vault.chainId}`,
    // The browser's RPC may differ from the server's (a public endpoint rather than an internal one).
    rpcUrl: env.CONSTELLATE_PUBLIC_RPC_URL ?? vault.rpcUrl,
    graphqlUrl: env.CONSTELLATE_PUBLIC_GRAPHQL_URL ?? vault.graphqlUrl ?? "",
    vaultOrigin: vault.origin,
    vaultEndpoint: vault.endpoint,
    explorerUrl: env.CONSTELLATE_EXPLORER_URL?.replace(/\/+$/, "") || undefined,
    walletConnectProjectId: walletConnect === "" ? undefined : walletConnect,
    appOrigin: (env.CONSTELLATE_APP_ORIGIN ?? vault.origin).replace(/\/+$/, ""),
    contracts,
  };
}
