/**
 * Who acts for which company, on a real chain with Constellate deployed and the local Graph node indexing it: the
 * index suggests, the Companies contract decides, and the wall clock can only shorten what the chain allows.
 *
 * The cast, set up once (block time moves forward by two minutes at the end of the setup):
 *  - acme, globex, initech, umbrella, hooli: registered companies; sam: an account that never registered;
 *  - oscar is a live operator of acme (CLAIMS | ACCESS, a year) and of umbrella (CLAIMS, one day);
 *  - globex appointed oscar and removed him; initech appointed him for one minute (expired by block time);
 *  - hooli appointed him for a year, then marked itself compromised.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { constellateAbis, Permission } from "@constellate/sdk";
import type { Address, HDAccount } from "viem";

import { deployConstellate } from "../../../../scripts/lib/deploy.ts";
import type { DeployResult } from "../../../../scripts/lib/deploy.ts";
import { findFreePort } from "../../../../scripts/lib/node.ts";
import { DEPLOYMENTS_DIR } from "../../../../scripts/lib/paths.ts";
import { DATA_SOURCES } from "../../../../scripts/lib/subgraph.ts";
import { SUBGRAPH_BUILD_DIR } from "../../../../scripts/lib/subgraph-build.ts";
import { startGraphNode } from "../../../../subgraph/node/src/graph-node.ts";
import type { GraphNode } from "../../../../subgraph/node/src/graph-node.ts";
import { companiesFor, createAuthContext, mayActFor } from "../../../src/vault/auth/index.ts";
import type { AuthContext, AuthOptions } from "../../../src/vault/auth/index.ts";
import { startChain } from "./helpers/chain.ts";
import type { TestChain } from "./helpers/chain.ts";
import { MemoryAuthStore } from "./helpers/memory-store.ts";

const DEPLOYMENT_ID = `test-auth-companies-${process.pid}`;
const DAY = 86_400n;
const ABI = constellateAbis.Companies;

let chain: TestChain;
let deployment: DeployResult | undefined;
let graph: GraphNode | undefined;
let graphDir: string | undefined;
let companies: Address;
let acme: HDAccount, globex: HDAccount, initech: HDAccount, umbrella: HDAccount, hooli: HDAccount;
let oscar: HDAccount, sam: HDAccount;

function context(overrides: Partial<AuthOptions> = {}): AuthContext {
  return createAuthContext({
    origin: "https://vault.example.com",
    chainId: chain.chain.id,
    secret: `0x${"42".repeat(32)}`,
    client: chain.client,
    companies,
    store: new MemoryAuthStore(),
    ...overrides,
  });
}

async function register(account: HDAccount, name: string) {
  const profile = {
    name,
    registryId: "",
    metadataURI: "",
    metadataHash: `0x${"0".repeat(64)}`,
    dataEndpoint: "",
  } as const;
  await chain.write(account, { address: companies, abi: ABI, functionName: "register", args: [profile] });
}

async function appoint(company: HDAccount, operator: HDAccount, permissions: bigint, seconds: bigint) {
  const expiresAt = (await chain.blockTime()) + seconds;
  await chain.write(company, {
    address: companies,
    abi: ABI,
    functionName: "setOperator",
    args: [operator.address, permissions, expiresAt],
  });
}

/** Companies as [address, relation] pairs, sorted, for comparisons that do not depend on discovery order. */
function summary(list: Awaited<ReturnType<typeof companiesFor>>): [Address, string][] {
  return list.map((c) => [c.company, c.relation] as [Address, string]).sort(([a], [b]) => a.localeCompare(b));
}

const sorted = (...pairs: [HDAccount, string][]): [Address, string][] =>
  pairs.map(([a, relation]) => [a.address, relation] as [Address, string]).sort(([a], [b]) => a.localeCompare(b));

/** A GraphQL endpoint that answers every operator query with `companies`, whatever it was asked. */
async function lyingIndex(companiesToSuggest: Address[]): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const operators = companiesToSuggest.map((company, i) => ({
        id: `0x${i}`,
        company: { id: company.toLowerCase() },
      }));
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ data: { operators } }));
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}/subgraphs/name/constellate`, server };
}

before(
  async () => {
    if (!existsSync(path.join(SUBGRAPH_BUILD_DIR, "subgraph.yaml"))) {
      throw new Error("subgraph/build is missing: run `npm run build:subgraph` first");
    }
    chain = await startChain();
    deployment = await deployConstellate({ network: "localhost", rpcUrl: chain.url, deploymentId: DEPLOYMENT_ID });
    companies = deployment.addresses.Companies as Address;
    [, acme, globex, initech, umbrella, hooli, oscar, sam] = chain.accounts as HDAccount[] as [
      HDAccount,
      HDAccount,
      HDAccount,
      HDAccount,
      HDAccount,
      HDAccount,
      HDAccount,
      HDAccount,
    ];

    for (const [account, name] of [
      [acme, "Acme"],
      [globex, "Globex"],
      [initech, "Initech"],
      [umbrella, "Umbrella"],
      [hooli, "Hooli"],
    ] as const) {
      await register(account, name);
    }
    await appoint(acme, oscar, Permission.CLAIMS | Permission.ACCESS, 365n * DAY);
    await appoint(umbrella, oscar, Permission.CLAIMS, DAY);
    await appoint(globex, oscar, Permission.ALL, 365n * DAY);
    await chain.write(globex, { address: companies, abi: ABI, functionName: "removeOperator", args: [oscar.address] });
    await appoint(initech, oscar, Permission.ALL, 60n);
    await appoint(hooli, oscar, Permission.ALL, 365n * DAY);
    const since = await chain.blockTime();
    await chain.write(hooli, { address: companies, abi: ABI, functionName: "markCompromised", args: [since] });
    await chain.advanceTime(120);

    graphDir = mkdtempSync(path.join(tmpdir(), "constellate-auth-graph-"));
    graph = await startGraphNode({
      rpcUrl: chain.url,
      buildDir: SUBGRAPH_BUILD_DIR,
      database: path.join(graphDir, "graph.sqlite"),
      port: 0,
      pollIntervalMs: 50,
      dataSources: Object.fromEntries(
        DATA_SOURCES.map(({ name }) => [name, { address: deployment!.addresses[name], startBlock: 0 }]),
      ),
    });
    await graph.indexer.waitFor(await chain.client.getBlockNumber());
  },
  { timeout: 240_000 },
);

after(async () => {
  await graph?.close();
  await deployment?.connection.close().catch(() => {});
  await chain?.stop();
  if (graphDir !== undefined) rmSync(graphDir, { recursive: true, force: true });
  rmSync(path.join(DEPLOYMENTS_DIR, DEPLOYMENT_ID), { recursive: true, force: true });
});

describe("companiesFor", () => {
  it("lists a registered company as acting for itself", async () => {
    const list = await companiesFor(acme.address, context({ graphqlUrl: graph!.url }));
    assert.deepEqual(list, [
      { company: acme.address, relation: "self", permissions: Permission.ALL, expiresAt: null, compromised: false },
    ]);
  });

  it("lists nothing for an account that is neither a company nor an operator", async () => {
    assert.deepEqual(await companiesFor(sam.address, context({ graphqlUrl: graph!.url })), []);
  });

  it("lists the companies of a live operator, found through the subgraph, and not removed, expired or compromised ones", async () => {
    const list = await companiesFor(oscar.address, context({ graphqlUrl: graph!.url }));
    assert.deepEqual(summary(list), sorted([acme, "operator"], [umbrella, "operator"]));
    const atAcme = list.find((c) => c.company === acme.address);
    assert.equal(atAcme?.permissions, Permission.CLAIMS | Permission.ACCESS);
    assert.equal(typeof atAcme?.expiresAt, "bigint");
  });

  it("finds the same companies in the chain's logs when no subgraph is configured", async () => {
    const list = await companiesFor(oscar.address, context());
    assert.deepEqual(summary(list), sorted([acme, "operator"], [umbrella, "operator"]));
  });

  it("believes the chain, not the index: suggestions the chain refutes are dropped", async () => {
    const { url, server } = await lyingIndex([
      globex.address,
      initech.address,
      hooli.address,
      sam.address,
      acme.address,
    ]);
    try {
      const list = await companiesFor(oscar.address, context({ graphqlUrl: url }));
      assert.deepEqual(summary(list), sorted([acme, "operator"]));
    } finally {
      server.close();
    }
  });

  it("drops an appointment that the wall clock says has ended, though the chain's last block does not", async () => {
    const tomorrow = context({ graphqlUrl: graph!.url, clock: () => Date.now() + 2 * 86_400_000 });
    const list = await companiesFor(oscar.address, tomorrow);
    assert.deepEqual(summary(list), sorted([acme, "operator"]));
  });

  it("marks a compromised company that acts for itself", async () => {
    const [hooliItself] = await companiesFor(hooli.address, context({ graphqlUrl: graph!.url }));
    assert.equal(hooliItself?.relation, "self");
    assert.equal(hooliItself?.compromised, true);
  });

  it("says the index is unavailable when the subgraph does not answer", async () => {
    const dead = context({ graphqlUrl: `http://127.0.0.1:${await findFreePort()}/subgraphs/name/constellate` });
    await assert.rejects(companiesFor(oscar.address, dead), { code: "index_unavailable" });
  });
});

describe("mayActFor", () => {
  it("asks the chain whether an operator holds the permissions", async () => {
    const ctx = context();
    assert.equal(await mayActFor({ account: oscar.address, company: acme.address }, ctx), true);
    assert.equal(
      await mayActFor({ account: oscar.address, company: acme.address, permissions: Permission.ACCESS }, ctx),
      true,
    );
    assert.equal(
      await mayActFor({ account: oscar.address, company: acme.address, permissions: Permission.PRODUCTS }, ctx),
      false,
    );
  });

  it("refuses removed, expired and compromised appointments, and strangers", async () => {
    const ctx = context();
    for (const company of [globex, initech, hooli]) {
      assert.equal(await mayActFor({ account: oscar.address, company: company.address }, ctx), false, company.address);
    }
    assert.equal(await mayActFor({ account: sam.address, company: acme.address }, ctx), false);
    assert.equal(await mayActFor({ account: oscar.address, company: sam.address }, ctx), false);
    assert.equal(await mayActFor({ account: oscar.address, company: "acme" }, ctx), false);
  });

  it("lets a registered company act for itself, and an unregistered account not even for itself", async () => {
    const ctx = context();
    assert.equal(
      await mayActFor({ account: acme.address, company: acme.address, permissions: Permission.ALL }, ctx),
      true,
    );
    assert.equal(await mayActFor({ account: sam.address, company: sam.address }, ctx), false);
  });

  it("refuses once the wall clock passes the appointment's end, even before a block does", async () => {
    const tomorrow = context({ clock: () => Date.now() + 2 * 86_400_000 });
    assert.equal(await mayActFor({ account: oscar.address, company: umbrella.address }, tomorrow), false);
    assert.equal(await mayActFor({ account: oscar.address, company: umbrella.address }, context()), true);
  });
});
