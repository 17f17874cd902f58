/**
 * npm run export [-- --deployments <dir>] [--artifacts <dir>] [--out <file>] [--no-compile]
 *
 * Writes sdk/src/contracts.ts: the ABIs from the compiled artifacts and every Ignition deployment's addresses and
 * deployment blocks. It always writes the file, with empty deployments when nothing is deployed yet.
 */
import path from "node:path";
import { parseArgs } from "node:util";

import { buildContracts } from "./lib/build.ts";
import { exportContracts } from "./lib/export.ts";
import { ROOT } from "./lib/paths.ts";

const { values } = parseArgs({
  options: {
    deployments: { type: "string" },
    artifacts: { type: "string" },
    out: { type: "string" },
    "no-compile": { type: "boolean", default: false },
  },
});

try {
  // Explicit artifacts are taken as they are; the project's own are brought up to date first.
  if (values.artifacts === undefined && !values["no-compile"]) await buildContracts();
  const result = exportContracts({
    ...(values.deployments !== undefined ? { deploymentsDir: path.resolve(values.deployments) } : {}),
    ...(values.artifacts !== undefined ? { artifactsDir: path.resolve(values.artifacts) } : {}),
    ...(values.out !== undefined ? { outFile: path.resolve(values.out) } : {}),
  });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  const chains = result.chainIds.length === 0 ? "no deployment yet" : `chain ids ${result.chainIds.join(", ")}`;
  console.log(
    `${result.changed ? "Wrote" : "Unchanged:"} ${path.relative(ROOT, result.outFile)} ` +
      `(${result.contractNames.join(", ")}; ${chains})`,
  );
} catch (error) {
  console.error(`export failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
