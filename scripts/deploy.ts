/**
 * npm run deploy [-- --network <name>] [--governance <address>] [--reset]
 *
 * Deploys the Ignition module ignition/modules/Constellate.ts to a network of hardhat.config.ts (default localhost),
 * then exports ABIs and addresses to sdk/src/contracts.ts. For any EVM network use `--network remote` with RPC_URL and
 * DEPLOYER_PRIVATE_KEY set (environment variables, or `npx hardhat keystore set <NAME>`).
 */
import path from "node:path";
import { parseArgs } from "node:util";

import { buildContracts } from "./lib/build.ts";
import { DeployError, deployConstellate } from "./lib/deploy.ts";
import { exportContracts } from "./lib/export.ts";
import { ROOT } from "./lib/paths.ts";

const { values } = parseArgs({
  options: {
    network: { type: "string", default: "localhost" },
    governance: { type: "string" },
    reset: { type: "boolean", default: false },
  },
});

try {
  console.log(`Deploying Constellate to network "${values.network}"...`);
  const deployment = await deployConstellate({
    network: values.network,
    reset: values.reset,
    // Compiling takes a while: only once the network is known to answer.
    beforeDeploy: buildContracts,
    displayUi: process.stdout.isTTY,
    ...(values.governance !== undefined ? { governance: values.governance } : {}),
  });
  console.log(`Chain ${deployment.chainId}, deployer ${deployment.deployer}, deployment ${deployment.deploymentId}:`);
  for (const [name, address] of Object.entries(deployment.addresses)) console.log(`  ${name.padEnd(15)} ${address}`);
  await deployment.connection.close();

  const exported = exportContracts();
  for (const warning of exported.warnings) console.warn(`warning: ${warning}`);
  console.log(`Exported ABIs and addresses to ${path.relative(ROOT, exported.outFile)}.`);
  process.exit(0);
} catch (error) {
  if (error instanceof DeployError) {
    console.error(`Deployment failed: ${error.message}`);
  } else {
    console.error("Deployment failed:", error);
  }
  process.exit(1);
}
