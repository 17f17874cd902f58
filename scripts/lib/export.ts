import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { listContracts } from "./artifacts.ts";
import { errorNoticesByContract } from "./error-notices.ts";
import { ARTIFACTS_DIR, DEPLOYMENTS_DIR, SDK_CONTRACTS_FILE } from "./paths.ts";
import { exportSubgraph, SUBGRAPH_DIR } from "./subgraph.ts";
import type { SubgraphExportResult } from "./subgraph.ts";

export interface ExportOptions {
  /** Ignition's deployments folder, holding one folder per deployment id (default ignition/deployments). */
  deploymentsDir?: string;
  /** Hardhat's artifacts folder (default artifacts). */
  artifactsDir?: string;
  /** The file to write (default sdk/src/contracts.ts). */
  outFile?: string;
  /**
   * Where to write the subgraph's ABIs, networks.json and manifest (default: subgraph/ when `outFile` is the default;
   * false: not at all).
   */
  subgraphDir?: string | false;
  /** The network the subgraph manifest targets (default: the local chain). */
  subgraphNetwork?: string;
}

export interface DeployedContract {
  address: string;
  /** The block of the deployment transaction: where indexers start. */
  blockNumber: number;
}

/** One Ignition deployment folder, read. */
export interface DeploymentRecord {
  deploymentId: string;
  chainId: number;
  /** By contract name, in the order of the ABIs. */
  contracts: Record<string, DeployedContract>;
}

export interface ExportResult {
  outFile: string;
  contractNames: string[];
  /** Every deployment found, by deployment id. */
  deployments: DeploymentRecord[];
  /** The chain ids written to `deployments`, ascending. */
  chainIds: number[];
  /** Whether the file's content changed. */
  changed: boolean;
  /** Things worth telling the user (deployed contracts without an artifact, unknown blocks...). */
  warnings: string[];
  /** What was written for the subgraph, when it was. */
  subgraph?: SubgraphExportResult;
}

const BANNER = `// GENERATED FILE: DO NOT EDIT.
// Written by \`npm run export\` (scripts/export.ts) from the compiled artifacts (ABIs) and Ignition's deployments
// (ignition/deployments/*/: addresses and deployment blocks). Edit the contracts or redeploy, then run the export again.
// Not committed: every command that needs it (start, deploy, lint:ts) writes it first.`;

/**
 * Writes the sdk's typed contract file: the ABIs of every deployable contract (from the artifacts) and the addresses
 * and deployment blocks of every deployment under `deploymentsDir` (none is fine: `deployments` is then empty).
 */
export function exportContracts(options: ExportOptions = {}): ExportResult {
  const artifactsDir = options.artifactsDir ?? ARTIFACTS_DIR;
  const deploymentsDir = options.deploymentsDir ?? DEPLOYMENTS_DIR;
  const outFile = options.outFile ?? SDK_CONTRACTS_FILE;

  const abis = new Map(listContracts(artifactsDir).map((a) => [a.contractName, a.abi] as const));
  const warnings: string[] = [];
  const deployments = readDeployments(deploymentsDir, new Set(abis.keys()), warnings);
  const content = renderContractsFile(abis, deployments);

  const previous = existsSync(outFile) ? readFileSync(outFile, "utf8") : undefined;
  if (previous !== content) {
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, content);
  }
  const subgraphDir = options.subgraphDir ?? (options.outFile === undefined ? SUBGRAPH_DIR : false);
  const subgraph =
    subgraphDir === false
      ? undefined
      : exportSubgraph(abis, deployments, {
          dir: subgraphDir,
          ...(options.subgraphNetwork !== undefined ? { network: options.subgraphNetwork } : {}),
        });
  return {
    outFile,
    contractNames: [...abis.keys()],
    deployments,
    chainIds: [...new Set(deployments.map((d) => d.chainId))].sort((a, b) => a - b),
    changed: previous !== content,
    warnings,
    ...(subgraph !== undefined ? { subgraph } : {}),
  };
}

interface JournalFacts {
  chainId?: number;
  contractNameByFuture: Map<string, string>;
  /** futureId -> [contractAddress, blockNumber] of each confirmed transaction. */
  confirmations: Map<string, { contractAddress?: string; blockNumber: number }[]>;
}

/** Reads every deployment folder (deployed_addresses.json + journal.jsonl) under `deploymentsDir`. */
export function readDeployments(
  deploymentsDir: string,
  knownContracts: ReadonlySet<string>,
  warnings: string[] = [],
): DeploymentRecord[] {
  if (!existsSync(deploymentsDir)) return [];
  const records: DeploymentRecord[] = [];
  const folders = readdirSync(deploymentsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const deploymentId of folders) {
    const dir = path.join(deploymentsDir, deploymentId);
    const addressesFile = path.join(dir, "deployed_addresses.json");
    if (!existsSync(addressesFile)) continue; // started but nothing deployed yet
    const addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
    const journal = readJournal(path.join(dir, "journal.jsonl"));
    const chainId = journal.chainId ?? chainIdFromFolder(deploymentId);
    if (chainId === undefined) {
      warnings.push(`${deploymentId}: no chain id in its journal; skipped`);
      continue;
    }

    const found: Record<string, DeployedContract> = {};
    for (const [futureId, address] of Object.entries(addresses)) {
      const name = journal.contractNameByFuture.get(futureId) ?? futureId.slice(futureId.indexOf("#") + 1);
      if (!knownContracts.has(name)) {
        warnings.push(`${deploymentId}: ${futureId} (${name}) has no artifact among contracts/*.sol; left out`);
        continue;
      }
      if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`${addressesFile}: ${futureId} is not an address`);
      const confirmations = journal.confirmations.get(futureId) ?? [];
      const confirmation =
        confirmations.find((c) => c.contractAddress?.toLowerCase() === address.toLowerCase()) ?? confirmations.at(-1);
      if (confirmation === undefined) {
        warnings.push(`${deploymentId}: no deployment block for ${futureId}; using 0`);
      }
      if (found[name] !== undefined) warnings.push(`${deploymentId}: ${name} deployed twice; keeping ${futureId}`);
      found[name] = { address, blockNumber: confirmation?.blockNumber ?? 0 };
    }
    const contracts: Record<string, DeployedContract> = {};
    for (const name of knownContracts) {
      const c = found[name];
      if (c !== undefined) contracts[name] = c;
    }
    records.push({ deploymentId, chainId, contracts });
  }
  return records;
}

function chainIdFromFolder(deploymentId: string): number | undefined {
  const match = /^chain-(\d+)$/.exec(deploymentId);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function readJournal(file: string): JournalFacts {
  const facts: JournalFacts = { contractNameByFuture: new Map(), confirmations: new Map() };
  if (!existsSync(file)) return facts;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut short by an interrupted deployment
    }
    const futureId = typeof entry.futureId === "string" ? entry.futureId : undefined;
    switch (entry.type) {
      case "DEPLOYMENT_INITIALIZE":
        if (typeof entry.chainId === "number") facts.chainId = entry.chainId;
        break;
      case "DEPLOYMENT_EXECUTION_STATE_INITIALIZE":
        if (futureId !== undefined && typeof entry.contractName === "string") {
          facts.contractNameByFuture.set(futureId, entry.contractName);
        }
        break;
      case "TRANSACTION_CONFIRM": {
        const receipt = entry.receipt as { blockNumber?: unknown; contractAddress?: unknown } | undefined;
        if (futureId === undefined || typeof receipt?.blockNumber !== "number") break;
        const list = facts.confirmations.get(futureId) ?? [];
        list.push({
          blockNumber: receipt.blockNumber,
          ...(typeof receipt.contractAddress === "string" ? { contractAddress: receipt.contractAddress } : {}),
        });
        facts.confirmations.set(futureId, list);
        break;
      }
    }
  }
  return facts;
}

/**
 * The deployment that `deployments[chainId]` shows: Ignition's default folder `chain-<id>` when there is one, otherwise
 * the most recent (highest deployment block) of the chain's deployments.
 */
export function currentPerChain(deployments: readonly DeploymentRecord[]): Map<number, DeploymentRecord> {
  const byChain = new Map<number, DeploymentRecord>();
  const lastBlock = (d: DeploymentRecord) => Math.max(0, ...Object.values(d.contracts).map((c) => c.blockNumber));
  for (const d of deployments) {
    const current = byChain.get(d.chainId);
    const isDefault = d.deploymentId === `chain-${d.chainId}`;
    const currentIsDefault = current !== undefined && current.deploymentId === `chain-${current.chainId}`;
    if (current === undefined || isDefault || (!currentIsDefault && lastBlock(d) > lastBlock(current))) {
      byChain.set(d.chainId, d);
    }
  }
  return new Map([...byChain.entries()].sort(([a], [b]) => a - b));
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? line : pad + line))
    .join("\n");
}

function renderContracts(contracts: Record<string, DeployedContract>, spaces: number): string {
  const pad = " ".repeat(spaces);
  const lines = Object.entries(contracts).map(
    ([name, c]) => `${pad}  ${name}: { address: ${JSON.stringify(c.address)}, blockNumber: ${c.blockNumber} },`,
  );
  return lines.length === 0 ? "{}" : `{\n${lines.join("\n")}\n${pad}}`;
}

/** The text of sdk/src/contracts.ts. */
export function renderContractsFile(
  abis: ReadonlyMap<string, readonly unknown[]>,
  deployments: readonly DeploymentRecord[],
): string {
  const abiEntries = [...abis.entries()].map(
    ([name, abi]) => `  ${name}: ${indent(JSON.stringify(abi, null, 2), 2)} as const,`,
  );
  const current = [...currentPerChain(deployments).values()].map(
    (d) => `  ${d.chainId}: ${renderContracts(d.contracts, 2)},`,
  );
  const byId = [...deployments]
    .sort((a, b) => a.deploymentId.localeCompare(b.deploymentId))
    .map(
      (d) =>
        `  ${JSON.stringify(d.deploymentId)}: {\n    chainId: ${d.chainId},\n    contracts: ${renderContracts(d.contracts, 4)},\n  },`,
    );
  const block = (entries: string[]) => (entries.length === 0 ? "{}" : `{\n${entries.join("\n")}\n}`);
  const notices = Object.entries(errorNoticesByContract(abis)).map(
    ([name, byError]) => `  ${name}: ${indent(JSON.stringify(byError, null, 2), 2)},`,
  );

  return `${BANNER}

/** The ABI of every Constellate contract, by contract name. */
export const constellateAbis = ${block(abiEntries)} as const;

export type ContractName = keyof typeof constellateAbis;

/**
 * The NatSpec \`@notice\` of each contract's custom errors, from the contracts' sources: why a call was refused, in
 * words, naming the error's parameters in backticks (see describeError in errors.ts).
 */
export const errorNotices: { readonly [Name in ContractName]: Readonly<Record<string, string>> } = ${block(notices)};

/** The names of the contracts, in a stable order. */
export const contractNames = Object.keys(constellateAbis) as ContractName[];

/** Where a contract lives on one chain. */
export interface DeployedContract {
  readonly address: \`0x\${string}\`;
  /** The block of the deployment transaction: where indexers and event queries start. */
  readonly blockNumber: number;
}

/** The contracts of one deployment, by contract name. */
export type Deployment = { readonly [Name in ContractName]?: DeployedContract };

/** The current deployment of each chain, by chain id (Ignition's \`chain-<id>\` deployment where there is one). */
export const deployments = ${block(current)} as const satisfies Readonly<Record<number, Deployment>>;

/** Every Ignition deployment found, by deployment id (several per chain when custom deployment ids were used). */
export const deploymentsById = ${block(byId)} as const satisfies Readonly<
  Record<string, { readonly chainId: number; readonly contracts: Deployment }>
>;

/** A chain id with a deployment. */
export type DeployedChainId = keyof typeof deployments;

/** The chain ids with a deployment, ascending. */
export const deployedChainIds: readonly number[] = Object.keys(deployments).map(Number);

/** The current deployment on \`chainId\`, typed exactly for a chain known at build time; undefined when there is none. */
export function getDeployment<C extends DeployedChainId>(chainId: C): (typeof deployments)[C];
export function getDeployment(chainId: number | bigint): Deployment | undefined;
export function getDeployment(chainId: number | bigint): Deployment | undefined {
  return (deployments as Readonly<Record<string, Deployment>>)[chainId.toString()];
}

/** The address, deployment block and ABI of contract \`name\` on \`chainId\`; throws when it is not deployed there. */
export function getContract<Name extends ContractName>(
  chainId: number | bigint,
  name: Name,
): DeployedContract & { readonly abi: (typeof constellateAbis)[Name] } {
  const deployed = getDeployment(chainId)?.[name];
  if (deployed === undefined) {
    const known = deployedChainIds.length === 0 ? "none" : deployedChainIds.join(", ");
    throw new Error(\`\${name} is not deployed on chain \${chainId} (chains with a deployment: \${known}); run npm run deploy\`);
  }
  return { ...deployed, abi: constellateAbis[name] };
}
`;
}
