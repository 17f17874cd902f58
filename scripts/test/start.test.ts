import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { after, describe, it } from "node:test";

import { Contract, encodeBytes32String, getAddress, id, JsonRpcProvider, ZeroAddress } from "ethers";

import { Kind, ProductRole, Role } from "../../sdk/src/constants.ts";
import { readArtifact } from "../lib/artifacts.ts";
import { findFreePort, isPortFree, LOOPBACK } from "../lib/node.ts";
import { DEPLOYMENTS_DIR, ROOT, SDK_CONTRACTS_FILE } from "../lib/paths.ts";
import { DEMO_GTINS, DEMO_LOT } from "../lib/seed-products.ts";
import { DEMO_GS1_PREFIX, PCF_TOPIC_NAME } from "../lib/seed.ts";

const READY = "Constellate is ready";
const READY_TIMEOUT_MS = 120_000;

interface Run {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

function runStart(port: number, graphPort: number, appPort: number): Run {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      CONSTELLATE_RPC_PORT: String(port),
      CONSTELLATE_GRAPH_PORT: String(graphPort),
      CONSTELLATE_APP_PORT: String(appPort),
      FORCE_COLOR: "0",
    },
  });
  running.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, output: () => output, exit };
}

async function waitFor(run: Run, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void run.exit.then(() => (exited = true));
  while (!run.output().includes(text)) {
    if (exited) assert.fail(`npm start exited before "${text}":\n${run.output()}`);
    if (Date.now() > deadline) assert.fail(`no "${text}" within ${timeoutMs / 1000} s:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

after(async () => {
  // Whatever a failed test left running (only the processes these tests started, by their own handles): SIGTERM
  // first, so that start.ts stops its node child too, then SIGKILL.
  await Promise.all(
    [...running].map(async (child) => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }),
  );
});

describe("npm start", () => {
  it(
    "deploys, exports, seeds and indexes a chain on 127.0.0.1, reports ready, and stops everything on SIGINT",
    { timeout: 240_000 },
    async (t) => {
      const port = await findFreePort();
      const graphPort = await findFreePort();
      const appPort = await findFreePort();
      const started = Date.now();
      const run = runStart(port, graphPort, appPort);
      await waitFor(run, READY, READY_TIMEOUT_MS);
      t.diagnostic(`ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.equal(run.output().trim().split("\n").at(-1), READY, "the ready line comes last");

      const provider = new JsonRpcProvider(`http://${LOOPBACK}:${port}`, undefined, { staticNetwork: true });
      try {
        assert.equal((await provider.getNetwork()).chainId, 31337n);

        // The addresses Ignition recorded, and the same addresses exported to the sdk.
        const addresses = JSON.parse(
          readFileSync(path.join(DEPLOYMENTS_DIR, "chain-31337", "deployed_addresses.json"), "utf8"),
        ) as Record<string, string>;
        const address = (name: string) => {
          const a = addresses[`Constellate#${name}`];
          assert.ok(a !== undefined, `${name} deployed`);
          return a;
        };
        const exported = readFileSync(SDK_CONTRACTS_FILE, "utf8");
        for (const name of ["Companies", "Accreditations", "Constellations", "Products", "Claims", "Access"]) {
          assert.notEqual(await provider.getCode(address(name)), "0x", `${name} has code`);
          assert.ok(exported.includes(address(name)), `${name}'s address is in sdk/src/contracts.ts`);
        }
        assert.match(exported, /31337: \{/);

        const at = (name: string) => new Contract(address(name), readArtifact(name).abi, provider);
        const companies = at("Companies");
        const accreditations = at("Accreditations");
        const constellations = at("Constellations");
        const accounts = ((await provider.send("eth_accounts", [])) as string[]).map((a) => getAddress(a));
        const [governance, brand, supplier, logistics, retailer, verifier, body, competitor, operator] = accounts;
        assert.ok(operator !== undefined, "the node has the demo's accounts");

        for (const company of [brand, supplier, logistics, retailer, verifier, body, competitor]) {
          assert.equal(await companies.getFunction("isRegistered")(company), true, `${company} registered`);
        }
        assert.equal(await accreditations.getFunction("owner")(), governance);
        assert.ok((await companies.getFunction("operatorOf")(brand, operator)).permissions > 0n, "brand's operator");
        assert.ok((await accreditations.getFunction("bodyOf")(body)).kinds > 0n, "body appointed");
        assert.equal(await accreditations.getFunction("isAccreditedForPrefix")(brand, DEMO_GS1_PREFIX), true);
        assert.equal(
          await accreditations.getFunction("isAccredited")(
            brand,
            Kind.GS1_COMPANY_PREFIX,
            encodeBytes32String("4012345"),
          ),
          true,
        );
        assert.equal(await accreditations.getFunction("isAccreditedForTopic")(verifier, id(PCF_TOPIC_NAME)), true);

        const hasRoles = constellations.getFunction("hasRoles");
        assert.equal(await constellations.getFunction("constellationCount")(), 2n);
        assert.equal(await hasRoles(1, brand, Role.ADMIN), true);
        assert.equal(await hasRoles(1, supplier, Role.SUPPLIER), true, "the supplier is the brand's partner in #1");
        assert.equal(await hasRoles(1, logistics, Role.LOGISTICS), true);
        assert.equal(await hasRoles(1, retailer, Role.RETAILER), true);
        assert.equal(await hasRoles(1, verifier, Role.VERIFIER), true);
        assert.equal(await hasRoles(2, competitor, Role.ADMIN | Role.PRODUCER), true);
        assert.equal(await hasRoles(2, supplier, Role.PRODUCER), true, "and produces alongside the competitor in #2");
        assert.equal(await hasRoles(2, brand, 0), false, "the brand is not in the competitor's constellation");

        // Products: the brand's registration is authoritative, the competitor's copy is self-declared, the batch's
        // serials are committed, the actors are designated, and the journey is on-chain with its EPCIS documents.
        const products = at("Products");
        const resolution = await products.getFunction("resolve")(DEMO_GTINS.tshirt);
        assert.equal(resolution.owner, brand);
        assert.equal(resolution.accredited, true);
        const tshirt = await products.getFunction("productIdOf")(ZeroAddress, DEMO_GTINS.tshirt);
        assert.equal(resolution.product, tshirt);
        const copy = await products.getFunction("productIdOf")(competitor, DEMO_GTINS.tshirt);
        assert.equal((await products.getFunction("productOf")(copy)).owner, competitor, "the copy is self-declared");
        assert.equal((await products.getFunction("productOf")(copy)).prefixLength, 0n);
        const batch = await products.getFunction("batchIdOf")(tshirt, DEMO_LOT);
        const [, live] = await products.getFunction("subjectOf")(tshirt, batch);
        assert.equal(live, true, "the batch is registered");
        for (const [actor, roles] of [
          [supplier, ProductRole.SUPPLIER],
          [logistics, ProductRole.LOGISTICS],
          [retailer, ProductRole.RETAILER],
        ] as const) {
          assert.equal((await products.getFunction("actorOf")(tshirt, actor))[1], BigInt(roles));
        }
        const recorded = await products.queryFilter(products.filters.JourneyEventRecorded!(tshirt));
        assert.ok(recorded.length >= 9, `the journey has ${recorded.length} events`);
        const documents = readdirSync(path.join(ROOT, ".constellate", "epcis"));
        assert.equal(documents.length, recorded.length, "one EPCIS document per recorded event");
        const committed = await products.queryFilter(products.filters.SerialsCommitted!(tshirt, batch));
        assert.equal(committed.length, 1);

        // The local Graph node serves the demo, indexed up to the chain's head.
        const graphUrl = `http://${LOOPBACK}:${graphPort}/subgraphs/name/constellate`;
        assert.ok(run.output().includes(graphUrl), "the GraphQL URL is printed");
        const response = await fetch(graphUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query: `{ _meta { block { number } hasIndexingErrors }
                      product(id: "${tshirt}") { gtin14 brand owner { id name } journeyEventCount } }`,
          }),
        });
        const { data } = (await response.json()) as {
          data: {
            _meta: { block: { number: number }; hasIndexingErrors: boolean };
            product: { gtin14: string; brand: boolean; owner: { id: string }; journeyEventCount: number };
          };
        };
        assert.equal(data._meta.hasIndexingErrors, false);
        assert.equal(BigInt(data._meta.block.number), BigInt(await provider.getBlockNumber()));
        assert.equal(data.product.gtin14, `0${DEMO_GTINS.tshirt}`);
        assert.equal(data.product.brand, true);
        assert.equal(getAddress(data.product.owner.id), brand);
        assert.equal(data.product.journeyEventCount, recorded.length);

        // The vault serves the demo's public claim documents byte-identical to the hash on-chain, and keeps the
        // restricted datasets from strangers.
        const appOrigin = `http://${LOOPBACK}:${appPort}`;
        assert.ok(run.output().includes(appOrigin), "the app's URL is printed");
        const claims = at("Claims");
        const [issued] = await claims.queryFilter(claims.filters.ClaimIssued!());
        assert.ok(issued !== undefined && "args" in issued, "the demo issued claims");
        const { issuer, documentHash } = issued.args as unknown as { issuer: string; documentHash: string };
        const document = await fetch(`${appOrigin}/api/vault/documents/${issuer}/${documentHash.slice(2)}`);
        assert.equal(document.status, 200);
        assert.equal(document.headers.get("etag"), `"${documentHash.slice(2)}"`);
        const bytes = new Uint8Array(await document.arrayBuffer());
        assert.equal(`0x${createHash("sha256").update(bytes).digest("hex")}`, documentHash);
        const listing = await fetch(`${appOrigin}/api/vault/documents?owner=${brand}`);
        assert.equal(listing.status, 401, "listing a company's documents needs a signed-in owner");
      } finally {
        provider.destroy();
      }

      run.child.kill("SIGINT");
      const { code, signal } = await withTimeout(run.exit, 20_000, "stopping after SIGINT");
      assert.equal(signal, null);
      assert.equal(code, 0, run.output());
      assert.equal(await isPortFree(port), true, "the node's port is free again");
      assert.equal(await isPortFree(graphPort), true, "the Graph node's port is free again");
      assert.equal(await isPortFree(appPort), true, "the app's port is free again");
    },
  );

  for (const taken of ["chain", "GraphQL", "app"] as const) {
    it(`refuses to start when its ${taken} port is taken, saying so`, { timeout: 60_000 }, async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen({ port: 0, host: LOOPBACK }, resolve));
      const address = blocker.address();
      const blocked = typeof address === "object" && address !== null ? address.port : 0;
      const [free, other] = [await findFreePort(), await findFreePort()];
      try {
        const run =
          taken === "chain"
            ? runStart(blocked, free, other)
            : taken === "GraphQL"
              ? runStart(free, blocked, other)
              : runStart(free, other, blocked);
        const { code } = await withTimeout(run.exit, 30_000, "failing on a taken port");
        assert.equal(code, 1);
        assert.match(run.output(), new RegExp(`Port ${blocked} on 127\\.0\\.0\\.1 .*is already in use`));
        const variable = {
          chain: /CONSTELLATE_RPC_PORT=/,
          GraphQL: /CONSTELLATE_GRAPH_PORT=/,
          app: /CONSTELLATE_APP_PORT=/,
        };
        assert.match(run.output(), variable[taken]);
        assert.doesNotMatch(run.output(), new RegExp(READY));
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });
  }
});
