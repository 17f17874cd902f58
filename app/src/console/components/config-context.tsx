"use client";
/** The console's configuration (read by the server at request time) and typed handles on the contracts. */
import { constellateAbis } from "@constellate/sdk";
import type { ContractName } from "@constellate/sdk";
import { createContext, useContext, useMemo } from "react";
import type { ReactNode } from "react";

import type { ConsoleConfig } from "../types.ts";

const ConfigContext = createContext<ConsoleConfig | null>(null);

export function ConfigProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export function useConsoleConfig(): ConsoleConfig {
  const config = useContext(ConfigContext);
  if (config === null) throw new Error("useConsoleConfig outside the console's providers");
  return config;
}

export type ContractHandles = {
  [Name in ContractName]: { address: `0x${string}`; abi: (typeof constellateAbis)[Name]; blockNumber: number };
};

/** Address, ABI and deployment block of every contract on the configured chain. */
export function useContracts(): ContractHandles {
  const config = useConsoleConfig();
  return useMemo(() => {
    const handles = {} as Record<string, unknown>;
    for (const [name, deployed] of Object.entries(config.contracts)) {
      handles[name] = { ...deployed, abi: constellateAbis[name as ContractName] };
    }
    return handles as ContractHandles;
  }, [config]);
}
