/**
 * wagmi's configuration for the console: one chain (the configured one), reads over its JSON-RPC, and wallets found by
 * EIP-6963 discovery (every injected wallet the browser announces). WalletConnect is added only when a project id is
 * configured; its SDK is loaded lazily by the connector, so a console without it never downloads or calls it.
 */
import { createConfig, createStorage, http } from "wagmi";
import type { Config } from "wagmi";
import { injected } from "wagmi/connectors/injected";
import { walletConnect } from "wagmi/connectors/walletConnect";
import { defineChain } from "viem";
import type { Chain } from "viem";

import type { ConsoleConfig } from "./types.ts";

export function consoleChain(config: ConsoleConfig): Chain {
  return defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
    ...(config.explorerUrl !== undefined
      ? { blockExplorers: { default: { name: "Explorer", url: config.explorerUrl } } }
      : {}),
  });
}

export function makeWagmiConfig(config: ConsoleConfig): Config {
  const chain = consoleChain(config);
  const connectors = [
    // A wallet that injects window.ethereum without announcing itself (EIP-6963) still works through this one; the
    // connect dialog hides it when announced wallets exist.
    injected({ shimDisconnect: true }),
    ...(config.walletConnectProjectId !== undefined
      ? [
          walletConnect({
            projectId: config.walletConnectProjectId,
            showQrModal: true,
            metadata: {
              name: "Constellate",
              description: "Constellations of Value: products, journeys, ESG claims and data access.",
              url: config.appOrigin,
              icons: [],
            },
          }),
        ]
      : []),
  ];
  return createConfig({
    chains: [chain],
    transports: { [chain.id]: http(config.rpcUrl, { batch: true }) },
    connectors,
    multiInjectedProviderDiscovery: true,
    ssr: true,
    storage: createStorage({
      storage: typeof window === "undefined" ? undefined : window.localStorage,
      key: `constellate.${config.chainId}`,
    }),
    pollingInterval: 1_000,
  });
}
