/** The local Graph node (subgraph/node), in process, indexing a test chain from its first block. */
import { existsSync } from "node:fs";
import path from "node:path";

import { startGraphNode } from "../../../../../subgraph/node/src/graph-node.ts";
import type { GraphNode } from "../../../../../subgraph/node/src/graph-node.ts";
import { SUBGRAPH_BUILD_DIR } from "../../../../../scripts/lib/subgraph-build.ts";
import type { TestChain } from "./chain.ts";

export async function startTestGraphNode(chain: TestChain): Promise<GraphNode> {
  if (!existsSync(path.join(SUBGRAPH_BUILD_DIR, "subgraph.yaml"))) {
    throw new Error("subgraph/build is missing: run `npm run build:subgraph` first");
  }
  return await startGraphNode({
    rpcUrl: chain.url,
    buildDir: SUBGRAPH_BUILD_DIR,
    database: ":memory:",
    port: 0,
    pollIntervalMs: 20,
    dataSources: Object.fromEntries(
      Object.entries(chain.allAddresses).map(([name, address]) => [name, { address, startBlock: 0 }]),
    ),
  });
}
