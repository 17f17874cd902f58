/**
 * `graph codegen` + `graph build` of subgraph/ (from the manifest that the export writes), run with the project's Node.
 * Output: subgraph/generated/ (AssemblyScript types) and subgraph/build/ (manifest, schema, ABIs and one WASM module
 * per data source), which the local Graph node loads.
 */
import path from "node:path";

import { runNode } from "./child.ts";
import { ROOT } from "./paths.ts";
import { SUBGRAPH_DIR } from "./subgraph.ts";

const GRAPH_CLI = path.join(ROOT, "node_modules", "@graphprotocol", "graph-cli", "bin", "run.js");

export const SUBGRAPH_BUILD_DIR = path.join(SUBGRAPH_DIR, "build");

export async function buildSubgraph(options: { dir?: string } = {}): Promise<void> {
  const dir = options.dir ?? SUBGRAPH_DIR;
  await graph(["codegen", "--output-dir", "generated"], dir);
  await graph(["build", "--output-dir", "build"], dir);
}

function graph(args: string[], cwd: string): Promise<void> {
  // The CLI's own update check calls home; CI and offline machines have no use for it.
  return runNode([GRAPH_CLI, ...args], {
    cwd,
    env: { GRAPH_SKIP_NEW_VERSION_CHECK: "true", NO_COLOR: "1" },
    what: `graph ${args[0]} in ${path.relative(ROOT, cwd) || "."}`,
  });
}
