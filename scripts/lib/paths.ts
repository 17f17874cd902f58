import path from "node:path";

/** The repository root (scripts run from anywhere; Hardhat itself looks for its config from the working directory). */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export const ARTIFACTS_DIR = path.join(ROOT, "artifacts");
export const DEPLOYMENTS_DIR = path.join(ROOT, "ignition", "deployments");
export const SDK_CONTRACTS_FILE = path.join(ROOT, "sdk", "src", "contracts.ts");
export const GAS_FILE = path.join(ROOT, "bench", "gas.json");
export const COVERAGE_DIR = path.join(ROOT, "coverage");
/** The Hardhat CLI, run by the Node that runs this script (Node 22, whatever `node` is first on PATH). */
export const HARDHAT_CLI = path.join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");
