/**
 * The subgraph's generated inputs: ABIs (subgraph/abis/), networks.json (address and start block of each data source
 * per network) and the manifest subgraph/subgraph.yaml. None is committed and none is edited by hand: the ABIs come
 * from the artifacts, the addresses from Ignition's deployments, the event handlers from the ABIs (every event of every
 * contract is handled by `handle<EventName>` in the contract's mapping file).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { JsonFragment, JsonFragmentType } from "ethers";
import { stringify } from "yaml";

import { currentPerChain } from "./export.ts";
import type { DeploymentRecord } from "./export.ts";
import { ROOT } from "./paths.ts";

export const SUBGRAPH_DIR = path.join(ROOT, "subgraph");

/** The data sources, in indexing order, with their mapping files (relative to subgraph/). */
export const DATA_SOURCES = [
  { name: "Companies", mapping: "src/companies.ts" },
  { name: "Accreditations", mapping: "src/accreditations.ts" },
  { name: "Constellations", mapping: "src/constellations.ts" },
  { name: "Products", mapping: "src/products.ts" },
  { name: "Claims", mapping: "src/claims.ts" },
  { name: "Access", mapping: "src/access.ts" },
] as const;

/**
 * Events declared by a contract's ABI that it can never emit, and so have no handler. ERC-5267's
 * EIP712DomainChanged announces a changed signing domain; the Claims and Access domains are immutable.
 */
export const NEVER_EMITTED = new Set(["EIP712DomainChanged"]);

/** The Graph's name for a chain id (the names graph-node and Subgraph Studio use); the local chain is "hardhat". */
export const NETWORK_NAMES: Readonly<Record<number, string>> = {
  1: "mainnet",
  10: "optimism",
  100: "gnosis",
  137: "matic",
  8453: "base",
  42161: "arbitrum-one",
  84532: "base-sepolia",
  421614: "arbitrum-sepolia",
  11155111: "sepolia",
  11155420: "optimism-sepolia",
  31337: "hardhat",
};

export const LOCAL_NETWORK = "hardhat";
const PLACEHOLDER_ADDRESS = "0x0000000000000000000000000000000000000000";

export interface SubgraphNetworks {
  [network: string]: { [dataSource: string]: { address: string; startBlock: number } };
}

export interface SubgraphExportResult {
  networks: SubgraphNetworks;
  /** The network the manifest targets. */
  network: string;
  /** Whether the manifest names deployed addresses (false: placeholders, enough to build). */
  deployed: boolean;
  changed: string[];
}

export function networkName(chainId: number): string {
  return NETWORK_NAMES[chainId] ?? `chain-${chainId}`;
}

/**
 * Writes subgraph/abis/*.json, subgraph/networks.json and subgraph/subgraph.yaml. The manifest targets `network`
 * (default: the local chain when it has a deployment, otherwise the local chain with placeholder addresses, which builds
 * but indexes nothing).
 */
export function exportSubgraph(
  abis: ReadonlyMap<string, readonly JsonFragment[]>,
  deployments: readonly DeploymentRecord[],
  options: { network?: string; dir?: string } = {},
): SubgraphExportResult {
  const dir = options.dir ?? SUBGRAPH_DIR;
  const changed: string[] = [];
  const write = (relative: string, content: string) => {
    const file = path.join(dir, relative);
    if (existsSync(file) && readFileSync(file, "utf8") === content) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    changed.push(relative);
  };

  for (const { name } of DATA_SOURCES) {
    const abi = abis.get(name);
    if (abi === undefined) throw new Error(`No ABI for data source ${name}: compile the contracts first`);
    write(`abis/${name}.json`, JSON.stringify(abi, null, 2) + "\n");
  }

  const networks: SubgraphNetworks = {};
  for (const d of currentPerChain(deployments).values()) {
    const entries: SubgraphNetworks[string] = {};
    for (const { name } of DATA_SOURCES) {
      const c = d.contracts[name];
      if (c !== undefined) entries[name] = { address: c.address, startBlock: c.blockNumber };
    }
    if (Object.keys(entries).length > 0) networks[networkName(d.chainId)] = entries;
  }
  write("networks.json", JSON.stringify(networks, null, 2) + "\n");

  const network = options.network ?? LOCAL_NETWORK;
  const targets = networks[network];
  if (options.network !== undefined && targets === undefined) {
    const known = Object.keys(networks).join(", ") || "none";
    throw new Error(`No deployment for network ${network} (networks with one: ${known}); deploy there first`);
  }
  write("subgraph.yaml", renderManifest(abis, network, targets, dir));
  return { networks, network, deployed: targets !== undefined, changed };
}

/** The event signature graph-node matches: `Name(indexed type,...)` with tuples spelled out. */
export function eventSignature(event: JsonFragment): string {
  const params = (event.inputs ?? []).map((i) => `${i.indexed === true ? "indexed " : ""}${typeOf(i)}`);
  return `${event.name}(${params.join(",")})`;
}

function typeOf(param: JsonFragmentType): string {
  const type = param.type ?? "";
  if (!type.startsWith("tuple")) return type;
  return `(${(param.components ?? []).map(typeOf).join(",")})${type.slice("tuple".length)}`;
}

export function handledEvents(abi: readonly JsonFragment[]): JsonFragment[] {
  return abi
    .filter((f) => f.type === "event" && !NEVER_EMITTED.has(f.name ?? ""))
    .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
}

function renderManifest(
  abis: ReadonlyMap<string, readonly JsonFragment[]>,
  network: string,
  targets: SubgraphNetworks[string] | undefined,
  dir: string,
): string {
  const schemaFile = path.join(dir, "schema.graphql");
  const schema = existsSync(schemaFile) ? readFileSync(schemaFile, "utf8") : "";
  const entities = [...schema.matchAll(/^type\s+(\w+)\s+@entity/gm)].map((m) => m[1]);
  const manifest = {
    specVersion: "1.3.0",
    description: "Constellate: constellations of value, products, journeys, ESG claims and data-access grants.",
    schema: { file: "./schema.graphql" },
    indexerHints: { prune: "auto" },
    dataSources: DATA_SOURCES.map(({ name, mapping }) => ({
      kind: "ethereum",
      name,
      network,
      source: {
        address: targets?.[name]?.address ?? PLACEHOLDER_ADDRESS,
        abi: name,
        startBlock: targets?.[name]?.startBlock ?? 0,
      },
      mapping: {
        kind: "ethereum/events",
        apiVersion: "0.0.9",
        language: "wasm/assemblyscript",
        entities,
        abis: [{ name, file: `./abis/${name}.json` }],
        eventHandlers: handledEvents(abis.get(name) ?? []).map((e) => ({
          event: eventSignature(e),
          handler: `handle${e.name}`,
        })),
        file: `./${mapping}`,
      },
    })),
  };
  return (
    "# GENERATED FILE: DO NOT EDIT. Written by `npm run export` (scripts/lib/subgraph.ts) from the ABIs and\n" +
    "# networks.json; every event of every contract is handled by handle<EventName> in the data source's mapping.\n" +
    stringify(manifest, { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
