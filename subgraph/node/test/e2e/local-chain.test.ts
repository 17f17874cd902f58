/**
 * End to end: a local Hardhat node, Constellate deployed with Ignition, the demo seed plus activity that emits every
 * event of every contract; the local Graph node indexes it from the deployment block, and its GraphQL answers are
 * checked against the chain's own views and logs. Then: a restart resumes without processing anything twice, and a
 * reorg (evm_snapshot / evm_revert) rolls the entities back and reindexes the new branch.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { Contract, Interface } from "ethers";
import type { Signer } from "ethers";

import { readArtifact } from "../../../../scripts/lib/artifacts.ts";
import { buildContracts } from "../../../../scripts/lib/build.ts";
import { deployConstellate } from "../../../../scripts/lib/deploy.ts";
import type { DeployResult } from "../../../../scripts/lib/deploy.ts";
import { readDeployments } from "../../../../scripts/lib/export.ts";
import { EXERCISE_ACCOUNT_ORDER, exerciseEveryEvent } from "../../../../scripts/lib/exercise.ts";
import { findFreePort, rpc, spawnHardhatNode } from "../../../../scripts/lib/node.ts";
import type { LocalNode } from "../../../../scripts/lib/node.ts";
import { DEPLOYMENTS_DIR } from "../../../../scripts/lib/paths.ts";
import { SEED_ACCOUNT_ORDER, seedAccountsFrom, seedDemo } from "../../../../scripts/lib/seed.ts";
import { DATA_SOURCES, handledEvents } from "../../../../scripts/lib/subgraph.ts";
import { SUBGRAPH_BUILD_DIR } from "../../../../scripts/lib/subgraph-build.ts";
import { startGraphNode } from "../../src/graph-node.ts";
import type { GraphNode, GraphNodeOptions } from "../../src/graph-node.ts";

type Json = Record<string, unknown>;

/** Its own Ignition deployment id: the local stack's chain-31337 deployment stays untouched. */
const DEPLOYMENT_ID = "test-e2e-indexing";

let chain: LocalNode | undefined;
let deployment: DeployResult | undefined;
let graph: GraphNode | undefined;
let signers: Signer[];
let dir: string;
let nodeOptions: GraphNodeOptions;
/** Every log of the six contracts, decoded: [contract, event name, args]. */
const logs: { contract: string; name: string; args: Record<string, unknown> }[] = [];

const contract = (name: string) =>
  new Contract(deployment!.addresses[name as keyof DeployResult["addresses"]], readArtifact(name).abi, signers[0]);

async function query<T = Json>(text: string, variables: Json = {}): Promise<T> {
  const response = await fetch(graph!.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: text, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  assert.equal(body.errors, undefined, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** Every entity of a collection, paged with id_gt as the app does. */
async function all(collection: string, fields: string): Promise<Json[]> {
  const out: Json[] = [];
  let last = "";
  for (;;) {
    const where = last === "" ? "{}" : `{ id_gt: "${last}" }`;
    const data = await query<Record<string, Json[]>>(
      `{ list: ${collection}(first: 1000, orderBy: id, where: ${where}) { id ${fields} } }`,
    );
    const page = data.list ?? [];
    out.push(...page);
    if (page.length < 1000) return out;
    last = String(page.at(-1)?.id);
  }
}

async function latestBlock(): Promise<bigint> {
  return BigInt((await rpc(chain!.url, "eth_blockNumber")) as string);
}

const lower = (value: unknown) => String(value).toLowerCase();

before(
  async () => {
    chain = spawnHardhatNode(await findFreePort());
    await chain.ready();
    deployment = await deployConstellate({
      network: "localhost",
      rpcUrl: chain.url,
      deploymentId: DEPLOYMENT_ID,
      reset: true,
      beforeDeploy: buildContracts,
    });
    signers = await deployment.connection.ethers.getSigners();
    await seedDemo({ accounts: seedAccountsFrom(signers), addresses: deployment.addresses });
    await exerciseEveryEvent({ signers, addresses: deployment.addresses });

    const record = readDeployments(DEPLOYMENTS_DIR, new Set(DATA_SOURCES.map((d) => d.name))).find(
      (d) => d.deploymentId === deployment!.deploymentId,
    );
    assert.ok(record, "the deployment's journal");
    for (const { name } of DATA_SOURCES) {
      const abi = new Interface(readArtifact(name).abi);
      const raw = await deployment.connection.ethers.provider.getLogs({
        address: deployment.addresses[name as keyof DeployResult["addresses"]],
        fromBlock: 0,
        toBlock: "latest",
      });
      for (const log of raw) {
        const parsed = abi.parseLog(log);
        if (parsed !== null) logs.push({ contract: name, name: parsed.name, args: parsed.args.toObject() });
      }
    }

    dir = mkdtempSync(path.join(tmpdir(), "constellate-graph-"));
    nodeOptions = {
      rpcUrl: chain.url,
      buildDir: SUBGRAPH_BUILD_DIR,
      database: path.join(dir, "graph.sqlite"),
      port: 0,
      pollIntervalMs: 50,
      dataSources: Object.fromEntries(
        Object.entries(record.contracts).map(([name, c]) => [name, { address: c.address, startBlock: c.blockNumber }]),
      ),
    };
    graph = await startGraphNode(nodeOptions);
    await graph.indexer.waitFor(await latestBlock());
  },
  { timeout: 240_000 },
);

after(async () => {
  await graph?.close();
  await deployment?.connection.close().catch(() => {});
  await chain?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(DEPLOYMENTS_DIR, DEPLOYMENT_ID), { recursive: true, force: true });
});

describe("the local Graph node on a local chain", () => {
  it("indexes activity covering every event of every contract, without indexing errors", async () => {
    for (const { name } of DATA_SOURCES) {
      for (const event of handledEvents(readArtifact(name).abi)) {
        assert.ok(
          logs.some((l) => l.contract === name && l.name === event.name),
          `the scripted activity emits ${name}.${event.name}`,
        );
      }
    }
    const data = await query<{ _meta: { block: { number: number; hash: string }; hasIndexingErrors: boolean } }>(
      "{ _meta { block { number hash } hasIndexingErrors } }",
    );
    assert.equal(data._meta.hasIndexingErrors, false);
    const head = await latestBlock();
    assert.equal(BigInt(data._meta.block.number), head);
    const block = (await rpc(chain!.url, "eth_getBlockByNumber", [`0x${head.toString(16)}`, false])) as {
      hash: string;
    };
    assert.equal(data._meta.block.hash, block.hash);
  });

  it("lists every registered company with the profile and operators the chain holds", async () => {
    const companies = contract("Companies");
    const registered = await all(
      "companies",
      "registered name registryId dataEndpoint compromisedSince operators { account active permissions expiresAt }",
    );
    const onChain = new Set(logs.filter((l) => l.name === "CompanyRegistered").map((l) => lower(l.args.company)));
    assert.deepEqual(new Set(registered.filter((c) => c.registered).map((c) => lower(c.id))), onChain);
    for (const company of registered.filter((c) => c.registered)) {
      const profile = await companies.getFunction("profileOf")(company.id);
      assert.equal(company.name, profile.name);
      assert.equal(company.registryId, profile.registryId);
      assert.equal(company.dataEndpoint, profile.dataEndpoint);
      const status = await companies.getFunction("statusOf")(company.id);
      const since = BigInt(status.compromisedFrom);
      assert.equal(company.compromisedSince === null ? 0n : BigInt(company.compromisedSince as string), since);
      for (const op of company.operators as Json[]) {
        const record = await companies.getFunction("operatorOf")(company.id, op.account);
        const live = BigInt(record.permissions) !== 0n;
        assert.equal(op.active, live, `operator ${op.account} of ${company.name}`);
        if (live) assert.equal(BigInt(op.permissions as string), BigInt(record.permissions));
      }
    }
  });

  it("has each membership's roles and state as Constellations.membershipOf says", async () => {
    const constellations = contract("Constellations");
    const memberships = await all("memberships", "active roles pendingRoles constellation { number } company { id }");
    assert.ok(memberships.length > 0);
    for (const m of memberships) {
      const number = (m.constellation as Json).number as string;
      const company = (m.company as Json).id as string;
      const record = await constellations.getFunction("membershipOf")(BigInt(number), company);
      assert.equal(m.active, Number(record.roles) !== 0, `membership of ${company} in #${number}`);
      if (m.active) {
        // An ended membership keeps the roles it last had, for history; only a live one must match the chain.
        assert.equal(m.roles, Number(record.roles), `roles of ${company} in #${number}`);
        assert.equal(m.pendingRoles, Number(record.pendingRoles));
      }
    }
    const count = await constellations.getFunction("constellationCount")();
    const listed = await all("constellations", "number");
    assert.equal(BigInt(listed.length), BigInt(count));
  });

  it("has each product's owner, generation and discontinuation as Products.productOf says", async () => {
    const products = contract("Products");
    const listed = await all("products", "owner { id } generation discontinued journeyEventCount gtin14 brand");
    assert.equal(
      listed.length,
      new Set(logs.filter((l) => l.name === "ProductRegistered").map((l) => l.args.product)).size,
    );
    for (const p of listed) {
      const record = await products.getFunction("productOf")(p.id);
      assert.equal(lower((p.owner as Json).id), lower(record.owner), `owner of ${p.gtin14}`);
      assert.equal(p.generation, Number(record.generation));
      assert.equal(p.discontinued, record.discontinued);
      const recorded = logs.filter((l) => l.name === "JourneyEventRecorded" && lower(l.args.product) === lower(p.id));
      assert.equal(p.journeyEventCount, recorded.length, `journey events of ${p.gtin14}`);
    }
  });

  it("has every journey event with the hash, step and recorder the chain logged", async () => {
    const events = await all("journeyEvents", "eventHash step eventTime recorder { id } product { id }");
    const recorded = logs.filter((l) => l.name === "JourneyEventRecorded");
    assert.equal(events.length, recorded.length);
    const byHash = new Map(events.map((e) => [lower(e.eventHash), e]));
    for (const l of recorded) {
      const e = byHash.get(lower(l.args.eventHash));
      assert.ok(e, `journey event ${l.args.eventHash}`);
      assert.equal(e.step, Number(l.args.step));
      assert.equal(BigInt(e.eventTime as string), BigInt(l.args.eventTime as bigint));
      assert.equal(lower((e.recorder as Json).id), lower(l.args.recorder));
    }
  });

  it("has each claim's and verdict's state as Claims.claimOf and verdictOf say", async () => {
    const claims = contract("Claims");
    const listed = await all(
      "claims",
      "revoked issuedAt issuer { id } constellation { number } attestations { verifier { id } verdict withdrawnAt }",
    );
    assert.equal(listed.length, logs.filter((l) => l.name === "ClaimIssued").length);
    for (const c of listed) {
      const record = await claims.getFunction("claimOf")(c.id);
      assert.equal(lower((c.issuer as Json).id), lower(record.issuer));
      assert.equal(BigInt(c.issuedAt as string), BigInt(record.issuedAt));
      assert.equal(c.revoked, BigInt(record.revokedAt) !== 0n);
      for (const a of c.attestations as Json[]) {
        const verdict = await claims.getFunction("verdictOf")(c.id, (a.verifier as Json).id);
        // IClaims.Verdict: None, Attested, Rejected, Withdrawn.
        const kinds = [undefined, "Attested", "Rejected", "Withdrawn"];
        assert.equal(a.verdict, kinds[Number(verdict.verdict)], `verdict of ${(a.verifier as Json).id} on ${c.id}`);
      }
    }
    const batches = await all("claimBatches", "root revoked issuer { id }");
    assert.equal(batches.length, logs.filter((l) => l.name === "BatchIssued").length);
    for (const b of batches) {
      const [batch] = await claims.getFunction("batchOf")((b.issuer as Json).id, b.root);
      assert.equal(b.revoked, BigInt(batch.revokedAt) !== 0n, `batch ${b.id}`);
    }
  });

  it("has each grant's expiry and revocation as Access.grantOf and blindedGrantOf say", async () => {
    const access = contract("Access");
    const grants = await all("grants", "expiresAt revoked owner { id }");
    assert.ok(grants.length > 0);
    for (const g of grants) {
      const record = await access.getFunction("grantOf")((g.owner as Json).id, g.id);
      assert.equal(BigInt(g.expiresAt as string), BigInt(record.expiresAt));
      assert.equal(g.revoked, BigInt(record.revokedAt) !== 0n);
    }
    const blinded = await all("blindedGrants", "commitment expiresAt revoked owner { id }");
    assert.equal(blinded.length, logs.filter((l) => l.name === "BlindedGrantCreated").length);
    for (const g of blinded) {
      const record = await access.getFunction("blindedGrantOf")((g.owner as Json).id, g.commitment);
      assert.equal(g.revoked, BigInt(record.revokedAt) !== 0n);
    }
  });

  it("resumes after a restart where it stopped, processing nothing twice", async () => {
    const before = await query<{ protocol: Json }>('{ protocol(id: "constellate") { journeyEventCount claimCount } }');
    const head = graph!.store.head();
    await graph!.close();
    graph = await startGraphNode(nodeOptions);
    assert.deepEqual(graph.store.head(), head, "the head survives the restart");
    const again = await query<{ protocol: Json }>('{ protocol(id: "constellate") { journeyEventCount claimCount } }');
    assert.deepEqual(again, before);

    // New activity after the restart is indexed once.
    const companies = contract("Companies");
    // The first account after the demo's cast and the exercise's.
    const newcomer = signers[SEED_ACCOUNT_ORDER.length + EXERCISE_ACCOUNT_ORDER.length]!;
    await (
      await companies.connect(newcomer).getFunction("register")({
        name: "Fresh Start Textiles",
        registryId: "GLN:4000001000005",
        metadataURI: "",
        metadataHash: `0x${"00".repeat(32)}`,
        dataEndpoint: "",
      })
    ).wait();
    await graph.indexer.waitFor(await latestBlock());
    const data = await query<{ company: Json | null }>(
      `{ company(id: "${lower(await newcomer.getAddress())}") { name registered } }`,
    );
    assert.deepEqual(data.company, { name: "Fresh Start Textiles", registered: true });
  });

  it("rolls back a reorg to the common ancestor and indexes the new branch", async () => {
    const companies = contract("Companies");
    const brand = seedAccountsFrom(signers).brand;
    const ancestor = await latestBlock();
    const snapshot = (await rpc(chain!.url, "evm_snapshot")) as string;

    const rename = async (name: string) =>
      (
        await companies.connect(brand).getFunction("updateProfile")({
          name,
          registryId: "LEI:529900T8BM49AURSDO55",
          metadataURI: "",
          metadataHash: `0x${"00".repeat(32)}`,
          dataEndpoint: "",
        })
      ).wait();
    await rename("Branch A name");
    await rename("Branch A, later");
    await graph!.indexer.waitFor(await latestBlock());
    const brandId = lower(await brand.getAddress());
    assert.equal(
      (await query<{ company: Json }>(`{ company(id: "${brandId}") { name } }`)).company.name,
      "Branch A, later",
    );

    await rpc(chain!.url, "evm_revert", [snapshot]);
    assert.equal(await latestBlock(), ancestor);
    await rpc(chain!.url, "evm_mine"); // a different block at the first branch height
    await rename("Branch B name");
    await rpc(chain!.url, "evm_mine");
    const tip = await latestBlock();
    await graph!.indexer.waitFor(tip);

    const meta = await query<{ _meta: { block: { number: number; hash: string } } }>(
      "{ _meta { block { number hash } } }",
    );
    const block = (await rpc(chain!.url, "eth_getBlockByNumber", [`0x${tip.toString(16)}`, false])) as { hash: string };
    assert.equal(meta._meta.block.hash, block.hash, "the head is the new branch's tip");
    assert.equal(
      (await query<{ company: Json }>(`{ company(id: "${brandId}") { name } }`)).company.name,
      "Branch B name",
    );
    const changes = await query<{ companyChanges: Json[] }>(
      `{ companyChanges(where: { company: "${brandId}", name_contains: "Branch" }) { name } }`,
    );
    assert.deepEqual(
      changes.companyChanges.map((c) => c.name),
      ["Branch B name"],
      "no entity written on the abandoned branch survives",
    );
    assert.ok(graph!.indexer.status().reorgs >= 1);
  });
});
