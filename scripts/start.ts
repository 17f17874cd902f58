/**
 * npm start: the local stack.
 *
 * Starts a Hardhat node on 127.0.0.1 (port 8545, or CONSTELLATE_RPC_PORT) as a child process, deploys Constellate with
 * Ignition, exports ABIs and addresses to sdk/src/contracts.ts and the subgraph, seeds a demo with the node's default
 * accounts while the subgraph builds, starts the local Graph node (GraphQL on port 8000, or CONSTELLATE_GRAPH_PORT)
 * and waits until it has indexed the demo, prints what it did and then `Constellate is ready`. It runs until SIGINT
 * (Ctrl-C) or SIGTERM, which stop the node and the Graph node.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { Signer } from "ethers";

import { buildDigitalLink } from "../sdk/src/gs1.ts";
import { buildApp } from "./lib/app-build.ts";
import { spawnApp } from "./lib/app-server.ts";
import type { AppServer } from "./lib/app-server.ts";
import { buildContracts } from "./lib/build.ts";
import { deployConstellate } from "./lib/deploy.ts";
import type { DeployResult } from "./lib/deploy.ts";
import { exportContracts } from "./lib/export.ts";
import { spawnGraphNode } from "./lib/graph-node.ts";
import type { LocalGraphNode } from "./lib/graph-node.ts";
import { isPortFree, LOOPBACK, spawnHardhatNode } from "./lib/node.ts";
import type { LocalNode } from "./lib/node.ts";
import { ROOT } from "./lib/paths.ts";
import type { SeededGrant } from "./lib/seed-claims.ts";
import { DEMO_COMPANIES, roleNames, seedAccountsFrom, seedDemo } from "./lib/seed.ts";
import { seedVault } from "./lib/seed-vault.ts";
import { buildSubgraph, SUBGRAPH_BUILD_DIR } from "./lib/subgraph-build.ts";

const READY_LINE = "Constellate is ready";
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const STEPS = 6;
let stepNumber = 0;
/** Progress: which step of how many, and the time since the start. */
const step = (what: string) => console.log(`[${++stepNumber}/${STEPS}] ${what} (${elapsed()})`);

const port = Number(process.env.CONSTELLATE_RPC_PORT ?? 8545);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`CONSTELLATE_RPC_PORT must be a TCP port number; got "${process.env.CONSTELLATE_RPC_PORT}".`);
  process.exit(1);
}
const graphPort = Number(process.env.CONSTELLATE_GRAPH_PORT ?? 8000);
if (!Number.isInteger(graphPort) || graphPort <= 0 || graphPort > 65535 || graphPort === port) {
  console.error(
    `CONSTELLATE_GRAPH_PORT must be a TCP port other than the chain's; got "${process.env.CONSTELLATE_GRAPH_PORT}".`,
  );
  process.exit(1);
}
const appPort = Number(process.env.CONSTELLATE_APP_PORT ?? 3000);
if (!Number.isInteger(appPort) || appPort <= 0 || appPort > 65535 || appPort === port || appPort === graphPort) {
  console.error(
    `CONSTELLATE_APP_PORT must be a TCP port other than the chain's and GraphQL's; got "${process.env.CONSTELLATE_APP_PORT}".`,
  );
  process.exit(1);
}
const rpcUrl = `http://${LOOPBACK}:${port}`;
const appOrigin = `http://${LOOPBACK}:${appPort}`;
// hardhat.config.ts points its `localhost` network here, for anything in this process that reads it.
process.env.CONSTELLATE_RPC_URL = rpcUrl;
const stateDir = path.join(ROOT, ".constellate");
const nodeLog = path.join(stateDir, "node.log");
const graphLog = path.join(stateDir, "graph-node.log");
const graphDatabase = path.join(stateDir, "graph", "constellate.sqlite");
const appLog = path.join(stateDir, "app.log");
const vaultDir = path.join(stateDir, "vault");

let node: LocalNode | undefined;
let graphNode: LocalGraphNode | undefined;
let app: AppServer | undefined;
let deployment: DeployResult | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  stopping = true;
  await app?.stop();
  await graphNode?.stop();
  await node?.stop();
  await deployment?.connection.close().catch(() => {});
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the app, the Graph node and the chain...`);
    void shutdown(0);
  });
}

try {
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} on ${LOOPBACK} is already in use (another node, or npm start running elsewhere?).\n` +
        `Stop whatever listens there, or pick another port: CONSTELLATE_RPC_PORT=${port + 1} npm start`,
    );
  }
  if (!(await isPortFree(appPort))) {
    throw new Error(
      `Port ${appPort} on ${LOOPBACK} (the app and its vault) is already in use.\n` +
        `Stop whatever listens there, or pick another port: CONSTELLATE_APP_PORT=${appPort + 1} npm start`,
    );
  }
  if (!(await isPortFree(graphPort))) {
    throw new Error(
      `Port ${graphPort} on ${LOOPBACK} (the Graph node's GraphQL) is already in use.\n` +
        `Stop whatever listens there, or pick another port: CONSTELLATE_GRAPH_PORT=${graphPort + 1} npm start`,
    );
  }
  mkdirSync(stateDir, { recursive: true });

  // The node boots while the contracts compile: it needs no artifacts.
  step(`Starting hardhat node on ${rpcUrl} (log: ${path.relative(ROOT, nodeLog)}) and compiling...`);
  const localNode = spawnHardhatNode(port, { logFile: nodeLog });
  node = localNode;
  await buildContracts();
  try {
    await localNode.ready();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes("EADDRINUSE")) throw new Error(`Port ${port} on ${LOOPBACK} was taken while starting.`);
    throw error;
  }
  localNode.child.once("exit", (code, signal) => {
    if (stopping) return;
    // Ctrl-C in a terminal signals the whole process group: the node may see it before this process does.
    if (signal === "SIGINT" || signal === "SIGTERM" || code === 130) {
      console.log(`\nThe node stopped (${signal ?? `exit code ${code}`}).`);
      void shutdown(0);
      return;
    }
    console.error(`hardhat node stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${nodeLog}`);
    void shutdown(1);
  });

  step("Deploying with Ignition...");
  // The node starts from genesis every time, so any recorded local deployment is void.
  deployment = await deployConstellate({ network: "localhost", rpcUrl, reset: true });
  const exported = exportContracts();
  for (const warning of exported.warnings) console.warn(`warning: ${warning}`);

  step("Seeding the demo while the subgraph and the app build (graph build, next build)...");
  // Built one after the other (two cores): both builds are CPU-bound, the seed mostly waits for the chain.
  const built = buildSubgraph().then(buildApp);
  built.catch(() => {}); // awaited below; a failure must not surface as an unhandled rejection meanwhile
  const signers: Signer[] = await deployment.connection.ethers.getSigners();
  const seed = await seedDemo({
    accounts: seedAccountsFrom(signers),
    addresses: deployment.addresses,
    vaultUrl: `${appOrigin}/vault`,
  });
  // The chain starts from genesis every time, so the vault's previous documents and sessions are void.
  rmSync(vaultDir, { recursive: true, force: true });
  const vaultSeed = await seedVault({ dataDir: vaultDir, seed, brand: seed.companies.brand.address });
  step("Waiting for the builds...");
  await built;

  step(`Starting the Graph node (log: ${path.relative(ROOT, graphLog)}) and indexing the demo...`);
  // The chain starts from genesis every time, so the previous index is void.
  rmSync(path.dirname(graphDatabase), { recursive: true, force: true });
  mkdirSync(path.dirname(graphDatabase), { recursive: true });
  graphNode = await spawnGraphNode({
    rpcUrl,
    port: graphPort,
    database: graphDatabase,
    buildDir: SUBGRAPH_BUILD_DIR,
    logFile: graphLog,
  });
  graphNode.child.once("exit", (code, signal) => {
    if (stopping) return;
    // Ctrl-C reaches the whole process group; the Graph node then stops cleanly on its own.
    if (signal === "SIGINT" || signal === "SIGTERM" || code === 0) {
      void shutdown(0);
      return;
    }
    console.error(`The Graph node stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${graphLog}`);
    void shutdown(1);
  });
  await graphNode.waitForBlock(BigInt(await deployment.connection.ethers.provider.getBlockNumber()));

  step(`Starting the app and its vault (log: ${path.relative(ROOT, appLog)})...`);
  app = await spawnApp({
    port: appPort,
    logFile: appLog,
    env: {
      CONSTELLATE_VAULT_ORIGIN: appOrigin,
      CONSTELLATE_RPC_URL: rpcUrl,
      CONSTELLATE_CHAIN_ID: String(deployment.chainId),
      CONSTELLATE_GRAPHQL_URL: graphNode.url,
      CONSTELLATE_VAULT_DIR: vaultDir,
    },
  });
  app.child.once("exit", (code, signal) => {
    if (stopping) return;
    if (signal === "SIGINT" || signal === "SIGTERM" || code === 0) {
      void shutdown(0);
      return;
    }
    console.error(`The app stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${appLog}`);
    void shutdown(1);
  });

  const nameOf = new Map<string, string>(Object.values(seed.companies).map((c) => [c.address, c.name]));
  nameOf.set(seed.governance, "governance");
  // The journey's EPCIS documents, named by their event hash, also as plain files (the vault holds them too).
  const epcisDir = path.join(stateDir, "epcis");
  rmSync(epcisDir, { recursive: true, force: true });
  mkdirSync(epcisDir, { recursive: true });
  for (const doc of seed.products.journey) {
    writeFileSync(path.join(epcisDir, `${doc.eventHash.slice(2)}.json`), JSON.stringify(doc.document, null, 2) + "\n");
  }
  // Claim documents and the batch manifest, named by their SHA-256 as the chain records it, likewise.
  const claimsDir = path.join(stateDir, "claims");
  rmSync(claimsDir, { recursive: true, force: true });
  mkdirSync(claimsDir, { recursive: true });
  for (const doc of seed.claims.documents) {
    writeFileSync(path.join(claimsDir, `${doc.hash.slice(2)}.json`), JSON.stringify(doc.document, null, 2) + "\n");
  }
  const name = (address: string) => nameOf.get(address) ?? address;
  const topicName = (topic: string) => topic.replace(/^constellate\.topic\./, "");
  const grantee = (grant: SeededGrant) =>
    grant.kind === "constellation"
      ? `members of #${grant.constellation} ${seed.constellations.find((c) => c.id === grant.constellation)?.name ?? ""}`
      : `${name(grant.account)}${grant.kind === "blinded" ? " (blinded)" : ""}`;
  const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  const { batch } = seed.products;
  const lotJourney = seed.products.journey.filter((doc) => doc.product === batch.product).length;
  const claimBatch = seed.claims.batch;
  const lines = [
    "",
    `Chain ${deployment.chainId} at ${rpcUrl}`,
    `GraphQL (local Graph node, demo indexed) at ${graphNode.url}`,
    `App and data vault at ${app.origin} (vault API: ${app.origin}/api/vault/openapi.json; ` +
      `${vaultSeed.public} public and ${vaultSeed.restricted} restricted demo documents)`,
    "",
    "Contracts (ignition/deployments/chain-" + deployment.chainId + ", exported to sdk/src/contracts.ts):",
    ...Object.entries(deployment.addresses).map(([name, address]) => `  ${name.padEnd(16)} ${address}`),
    "",
    "Companies (the node's default accounts; their private keys are in the node log):",
    `  ${"governance".padEnd(40)} ${seed.governance}  (Accreditations owner, deployer)`,
    ...Object.values(seed.companies).map((c) => `  ${c.name.padEnd(40)} ${c.address}`),
    `  ${"operator of " + DEMO_COMPANIES.brand.name.padEnd(28)} ${seed.operator.address}  (permissions 0x${seed.operator.permissions.toString(16)})`,
    "",
    "Accreditations (by " + DEMO_COMPANIES.body.name + "):",
    ...seed.accreditations.map((a) => `  ${(nameOf.get(a.company) ?? a.company).padEnd(40)} ${a.label}`),
    "",
    "Constellations:",
    ...seed.constellations.flatMap((c) => [
      `  #${c.id} ${c.name} (founded by ${nameOf.get(c.founder) ?? c.founder})`,
      ...Object.entries(c.members).map(
        ([member, roles]) => `      ${(nameOf.get(member) ?? member).padEnd(36)} ${roleNames(roles)}`,
      ),
    ]),
    "",
    "Products:",
    ...seed.products.products.map(
      (p) => `  GTIN ${p.gtin} ${p.name.padEnd(36)} ${(nameOf.get(p.owner) ?? p.owner).padEnd(36)} ${p.standing}`,
    ),
    `  lot ${batch.lot} of GTIN ${seed.products.products[0]?.gtin}: ${batch.serialCount} bag serials committed (root ${batch.serialRoot})`,
    `  journeys: ${lotJourney} events of lot ${batch.lot}, from the co-op's wet mill to the shop, and ` +
      `${seed.products.journey.length - lotJourney} on other products; EPCIS documents in ${path.relative(ROOT, epcisDir)}/`,
    "",
    `Claims (documents in ${path.relative(ROOT, claimsDir)}/):`,
    ...seed.claims.claims.map(
      (c) =>
        `  ${topicName(c.topic).padEnd(30)} ${c.about.padEnd(48)} ${name(c.claim.issuer).padEnd(36)} ${c.status}` +
        (c.status === "expired" ? ` at ${new Date(Number(c.claim.validUntil) * 1000).toISOString()}` : "") +
        (c.verifier === undefined ? "" : ` (${c.status === "expired" ? "attested by " : ""}${name(c.verifier)})`),
    ),
    `  batch of ${claimBatch.claims.length} ${topicName(claimBatch.topic)} claims by ${name(claimBatch.issuer)}: ` +
      `attested as a whole (${name(claimBatch.attestedBy)})`,
    "",
    "Access grants:",
    ...seed.claims.grants.map(
      (g) =>
        `  ${name(g.owner).padEnd(36)} ${g.data.padEnd(38)} to ${grantee(g).padEnd(42)} ` +
        (g.revoked ? "revoked" : `until ${day(g.expiresAt)}`),
    ),
    "",
    `Deployed and seeded in ${seed.transactions + 3} transactions; ready after ${elapsed()}. Ctrl-C stops the chain, the Graph node and the app.`,
  ];
  const product = seed.products.products.find((p) => p.standing === "brand") ?? seed.products.products[0];
  lines.push(
    "",
    "Open:",
    `  Console (connect a browser wallet on chain ${deployment.chainId}; README "The company console")  ${app.origin}/console`,
    ...(product !== undefined
      ? [
          `  Demo product page (GS1 Digital Link)${" ".repeat(43)}${buildDigitalLink({ gtin: product.gtin }, app.origin)}`,
        ]
      : []),
    `  GraphQL${" ".repeat(72)}${graphNode.url}`,
  );
  console.log(lines.join("\n"));
  console.log(READY_LINE);
} catch (error) {
  if (!stopping) {
    console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}
