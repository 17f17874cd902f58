/**
 * The local Graph node's command line:
 *
 *   node subgraph/node/src/main.ts [--rpc <url>] [--build <dir>] [--db <file>] [--port <port>] [--name <name>]
 *
 * Defaults: rpc http://127.0.0.1:8545 (CONSTELLATE_RPC_URL), build subgraph/build, db .constellate/graph/<name>.sqlite,
 * port 8000 (CONSTELLATE_GRAPH_PORT), name constellate. Prints `Graph node listening on <url>` once it serves GraphQL,
 * then indexes until SIGINT or SIGTERM. Exits 1 with a message when it cannot start.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { DEFAULT_SUBGRAPH_NAME, startGraphNode } from "./graph-node.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

const { values } = parseArgs({
  options: {
    rpc: { type: "string", default: process.env.CONSTELLATE_RPC_URL ?? "http://127.0.0.1:8545" },
    build: { type: "string", default: path.join(ROOT, "subgraph", "build") },
    db: { type: "string" },
    port: { type: "string", default: process.env.CONSTELLATE_GRAPH_PORT ?? "8000" },
    name: { type: "string", default: DEFAULT_SUBGRAPH_NAME },
  },
});

const log = (message: string) => console.log(`[graph-node] ${message}`);

try {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a TCP port; got "${values.port}"`);
  if (!existsSync(path.join(values.build, "subgraph.yaml"))) {
    throw new Error(`no built subgraph in ${values.build}: run npm run build:subgraph first`);
  }
  const database = values.db ?? path.join(ROOT, ".constellate", "graph", `${values.name}.sqlite`);
  if (database !== ":memory:") mkdirSync(path.dirname(database), { recursive: true });
  const node = await startGraphNode({
    rpcUrl: values.rpc,
    buildDir: values.build,
    database,
    port,
    subgraphName: values.name,
    log,
  });
  const head = node.store.head();
  log(head === null ? "indexing from the start block" : `resuming after block ${head.number} (${head.hash})`);
  console.log(`Graph node listening on ${node.url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void node.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    `graph node failed to start: ${message.includes("EADDRINUSE") ? `port ${values.port} is in use; pick another with --port` : message}`,
  );
  process.exit(1);
}
