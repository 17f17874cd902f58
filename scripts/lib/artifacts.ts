import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import type { JsonFragment } from "ethers";

import { ARTIFACTS_DIR } from "./paths.ts";

/** The part of a Hardhat 3 artifact (hh3-artifact-1) that the scripts read. */
export interface Artifact {
  contractName: string;
  sourceName: string;
  abi: JsonFragment[];
  bytecode: string;
}

/**
 * The deployable contracts of the project: one per top-level file contracts/<Name>.sol whose artifact has bytecode.
 * Interfaces, abstract bases and libraries live in sub-folders and are left out. Sorted by name.
 */
export function listContracts(artifactsDir: string = ARTIFACTS_DIR): Artifact[] {
  const contractsDir = path.join(artifactsDir, "contracts");
  if (!existsSync(contractsDir)) {
    throw new Error(`No artifacts under ${contractsDir}: compile first (npx hardhat build).`);
  }
  const found: Artifact[] = [];
  for (const entry of readdirSync(contractsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.endsWith(".sol")) continue;
    const name = entry.name.slice(0, -".sol".length);
    const file = path.join(contractsDir, entry.name, `${name}.json`);
    if (!existsSync(file)) continue;
    const artifact = readArtifactFile(file);
    if (artifact.bytecode.length > 2) found.push(artifact);
  }
  if (found.length === 0) throw new Error(`No deployable contract artifacts under ${contractsDir}: compile first.`);
  return found.sort((a, b) => a.contractName.localeCompare(b.contractName));
}

/** The artifact of contracts/<name>.sol:<name>. */
export function readArtifact(name: string, artifactsDir: string = ARTIFACTS_DIR): Artifact {
  const file = path.join(artifactsDir, "contracts", `${name}.sol`, `${name}.json`);
  if (!existsSync(file)) throw new Error(`No artifact ${file}: compile first (npx hardhat build).`);
  return readArtifactFile(file);
}

function readArtifactFile(file: string): Artifact {
  const json = JSON.parse(readFileSync(file, "utf8")) as Partial<Artifact>;
  if (typeof json.contractName !== "string" || !Array.isArray(json.abi) || typeof json.bytecode !== "string") {
    throw new Error(`${file} is not a Hardhat artifact`);
  }
  return {
    contractName: json.contractName,
    sourceName: json.sourceName ?? "",
    abi: json.abi,
    bytecode: json.bytecode,
  };
}
