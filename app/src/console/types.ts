import type { ContractName } from "@constellate/sdk";

/** The console's configuration as the browser receives it (see config.ts). */
export interface ConsoleConfig {
  chainId: number;
  chainName: string;
  /** JSON-RPC endpoint the browser reads the chain through (writes go through the wallet). */
  rpcUrl: string;
  /** The subgraph's GraphQL endpoint ("" when there is none: lists are then unavailable). */
  graphqlUrl: string;
  /** The data vault the console signs in to (SIWE) and stores documents in. */
  vaultOrigin: string;
  /** The data endpoint prefix companies served by this vault name in their profile. */
  vaultEndpoint: string;
  /** Block explorer base URL (transactions at `${explorerUrl}/tx/<hash>`), when there is one. */
  explorerUrl: string | undefined;
  /** WalletConnect is offered only when a project id is configured. */
  walletConnectProjectId: string | undefined;
  /** This app's public origin: GS1 Digital Link URIs and QR codes point here. */
  appOrigin: string;
  contracts: Record<ContractName, { address: `0x${string}`; blockNumber: number }>;
}
