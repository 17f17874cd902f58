/**
 * `graph codegen` + `graph build` of subgraph/ (from the manifest that the export writes), run with the project's Node.
 * Output: subgraph/generated/ (AssemblyScript types) and subgraph/build/ (manifest, schema, ABIs and one WASM module
 * per data source), which the local Graph node loads.
 */
import { spawn } from "node:child_process";
import path from "node:path";

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
  return new Promise((resolve, reject) => {
    // The CLI's own update check calls home; CI and offline machines have no use for it.
    const env = { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true", NO_COLOR: "1" };
    const child = spawn(process.execPath, [GRAPH_CLI, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`graph ${args[0]} failed in ${path.relative(ROOT, cwd) || "."} (exit ${code}):\n${output.trim()}`),
        );
    });
  });
}
