/**
 * npm run build:subgraph [-- --network <name>]
 *
 * Compiles the contracts if needed, exports ABIs, networks.json and the manifest (for the local chain, or for
 * --network: a network with a deployment in networks.json), then runs `graph codegen` and `graph build` in subgraph/.
 * To deploy to The Graph afterwards: cd subgraph && npx graph deploy <name> (see subgraph/README.md).
 */
import { parseArgs } from "node:util";

import { buildContracts } from "./lib/build.ts";
import { exportContracts } from "./lib/export.ts";
import { buildSubgraph } from "./lib/subgraph-build.ts";

const { values } = parseArgs({ options: { network: { type: "string" } } });

try {
  const started = Date.now();
  await buildContracts();
  const exported = exportContracts(values.network !== undefined ? { subgraphNetwork: values.network } : {});
  for (const warning of exported.warnings) console.warn(`warning: ${warning}`);
  const target = exported.subgraph;
  if (target !== undefined && !target.deployed) {
    console.log(`No deployment on ${target.network} yet: the manifest names placeholder addresses (enough to build).`);
  }
  await buildSubgraph();
  console.log(`Built subgraph/build for network ${target?.network} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`build:subgraph failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
