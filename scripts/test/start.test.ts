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
import { DEMO_GS1_PREFIX, PACKAGING_GS1_PREFIX, PCF_TOPIC_NAME } from "../lib/seed.ts";

const READY = "Constellate is ready";
// npm start compiles, deploys and seeds while it builds the subgraph and the app (next build): minutes on a busy machine.
const READY_TIMEOUT_MS = 360_000;

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
    { timeout: 600_000 },
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
        const [governance, brand, supplier, logistics, retailer, verifier, body, competitor, operator, packaging] =
          accounts;
        assert.ok(packaging !== undefined, "the node has the demo's accounts");

        for (const company of [brand, supplier, logistics, retailer, verifier, body, competitor, packaging]) {
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
        assert.equal(await accreditations.getFunction("isAccreditedForPrefix")(packaging, PACKAGING_GS1_PREFIX), true);
        assert.equal(await accreditations.getFunction("isAccreditedForTopic")(verifier, id(PCF_TOPIC_NAME)), true);

        const hasRoles = constellations.getFunction("hasRoles");
        assert.equal(await constellations.getFunction("constellationCount")(), 2n);
        assert.equal(await hasRoles(1, brand, Role.ADMIN), true);
        assert.equal(await hasRoles(1, brand, Role.ADMIN | Role.PRODUCER), true);
        assert.equal(await hasRoles(1, supplier, Role.SUPPLIER), true, "the co-op is the brand's partner in #1");
        assert.equal(await hasRoles(1, logistics, Role.LOGISTICS), true);
        assert.equal(await hasRoles(1, retailer, Role.RETAILER), true);
        assert.equal(await hasRoles(1, verifier, Role.VERIFIER), true);
        assert.equal(await hasRoles(1, packaging, Role.SUPPLIER), true, "the packaging maker supplies the brand in #1");
        assert.equal(await hasRoles(1, competitor, 0), false, "the competitor is not in the brand's constellation");
        assert.equal(await hasRoles(2, packaging, Role.ADMIN | Role.PRODUCER), true);
        assert.equal(await hasRoles(2, competitor, Role.PRODUCER), true, "the competitor produces in #2...");
        assert.equal(await hasRoles(2, brand, Role.PRODUCER), true, "...alongside the brand");
        assert.equal(await hasRoles(2, verifier, Role.VERIFIER), true);

        // Products: the brand's registration is authoritative, the competitor's guest listing is self-declared, the
        // lot's serials are committed, the actors are designated, and the journeys are on-chain with their EPCIS
        // documents.
        const products = at("Products");
        const resolution = await products.getFunction("resolve")(DEMO_GTINS.singleOrigin);
        assert.equal(resolution.owner, brand);
        assert.equal(resolution.accredited, true);
        const singleOrigin = await products.getFunction("productIdOf")(ZeroAddress, DEMO_GTINS.singleOrigin);
        assert.equal(resolution.product, singleOrigin);
        const guest = await products.getFunction("productIdOf")(competitor, DEMO_GTINS.singleOrigin);
        assert.equal(
          (await products.getFunction("productOf")(guest)).owner,
          competitor,
          "the listing is self-declared",
        );
        assert.equal((await products.getFunction("productOf")(guest)).prefixLength, 0n);
        const bag = await products.getFunction("resolve")(DEMO_GTINS.bag);
        assert.deepEqual([bag.owner, bag.accredited], [packaging, true], "the packaging maker's bag is a brand's");
        const batch = await products.getFunction("batchIdOf")(singleOrigin, DEMO_LOT);
        const [, live] = await products.getFunction("subjectOf")(singleOrigin, batch);
        assert.equal(live, true, "the batch is registered");
        for (const [actor, roles] of [
          [supplier, ProductRole.SUPPLIER],
          [logistics, ProductRole.LOGISTICS],
          [retailer, ProductRole.RETAILER],
        ] as const) {
          assert.equal((await products.getFunction("actorOf")(singleOrigin, actor))[1], BigInt(roles));
        }
        const recorded = await products.queryFilter(products.filters.JourneyEventRecorded!(singleOrigin));
        assert.ok(recorded.length >= 9, `the lot's journey has ${recorded.length} events`);
        const everyEvent = await products.queryFilter(products.filters.JourneyEventRecorded!());
        assert.ok(everyEvent.length > recorded.length, "the competitor's and the packaging maker's journeys too");
        const documents = readdirSync(path.join(ROOT, ".constellate", "epcis"));
        assert.equal(documents.length, everyEvent.length, "one EPCIS document per recorded event");
        const committed = await products.queryFilter(products.filters.SerialsCommitted!(singleOrigin, batch));
        assert.equal(committed.length, 1);

        // The local Graph node serves the demo, indexed up to the chain's head.
        const graphUrl = `http://${LOOPBACK}:${graphPort}/subgraphs/name/constellate`;
        assert.ok(run.output().includes(graphUrl), "the GraphQL URL is printed");
        const response = await fetch(graphUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query: `{ _meta { block { number } hasIndexingErrors }
                      product(id: "${singleOrigin}") { gtin14 brand owner { id name } journeyEventCount } }`,
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
        assert.equal(data.product.gtin14, `0${DEMO_GTINS.singleOrigin}`);
        assert.equal(data.product.brand, true);
        assert.equal(getAddress(data.product.owner.id), brand);
        assert.equal(data.product.journeyEventCount, recorded.length);

        // The claims, as GraphQL lists them and as the chain judges them at its head: attested, awaiting a verdict,
        // rejected, revoked, and one attested claim whose window has ended, by block time and, within a minute, by
        // the wall clock (the chain's clock is not moved: see seedExpiringCertification).
        const claims = at("Claims");
        const listed = await fetch(graphUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query: `{ claims(first: 100, orderBy: issuedAt) { id issuer { id } subject product { id }
                      constellation { number } topic documentHash documentURI validFrom validUntil revoked
                      attestationCount rejectionCount } }`,
          }),
        });
        interface ListedClaim {
          id: string;
          issuer: { id: string };
          subject: string;
          product: { id: string } | null;
          constellation: { number: string };
          topic: string;
          documentHash: string;
          documentURI: string;
          validFrom: string;
          validUntil: string | null;
          revoked: boolean;
          attestationCount: number;
          rejectionCount: number;
        }
        const listedClaims = ((await listed.json()) as { data: { claims: ListedClaim[] } }).data.claims;
        const judged = await Promise.all(
          listedClaims.map(async (c) => ({
            ...c,
            validity: await claims.getFunction("validity")(
              {
                issuer: c.issuer.id,
                product: c.product?.id ?? `0x${"00".repeat(32)}`,
                subject: c.subject,
                constellation: BigInt(c.constellation.number),
                topic: c.topic,
                documentHash: c.documentHash,
                documentURI: c.documentURI,
                validFrom: BigInt(c.validFrom),
                validUntil: BigInt(c.validUntil ?? 0),
              },
              [verifier],
            ),
          })),
        );
        // Every claim's documentURI on chain fetches bytes that hash to its documentHash (the demo vault serves them).
        for (const c of listedClaims) {
          const answer = await fetch(c.documentURI);
          assert.equal(answer.status, 200, c.documentURI);
          const digest = createHash("sha256")
            .update(new Uint8Array(await answer.arrayBuffer()))
            .digest("hex");
          assert.equal(`0x${digest}`, c.documentHash, c.documentURI);
        }
        const head = (await provider.getBlock("latest"))!.timestamp;
        assert.ok(
          judged.every((c) => c.validity.exists),
          "every listed claim exists on-chain",
        );
        const expired = judged.filter((c) => !c.validity.inWindow);
        assert.equal(expired.length, 1, "one claim has expired");
        assert.equal(expired[0]!.attestationCount, 1, "it had been attested");
        assert.equal(expired[0]!.validity.attestations, 0n, "its attestation ended with it");
        assert.ok(Number(expired[0]!.validUntil) <= head);
        assert.ok(
          Number(expired[0]!.validUntil) <= Date.now() / 1000 + 60,
          `the wall clock passes its end within a minute (block time runs ${head - Date.now() / 1000} s ahead)`,
        );
        const valid = judged.filter((c) => c.validity.valid);
        assert.ok(
          valid.some((c) => c.validity.attestations > 0n),
          "attested claims",
        );
        assert.ok(
          valid.some((c) => c.attestationCount === 0 && c.rejectionCount === 0),
          "claims awaiting a verdict",
        );
        assert.ok(
          valid.some((c) => c.validity.rejections > 0n),
          "a rejected claim",
        );
        assert.ok(
          judged.some((c) => c.revoked && c.validity.revoked && !c.validity.valid),
          "a revoked claim",
        );

        // The vault serves the demo's public claim documents byte-identical to the hash on-chain, and keeps the
        // restricted datasets from strangers.
        const appOrigin = `http://${LOOPBACK}:${appPort}`;
        assert.ok(run.output().includes(appOrigin), "the app's URL is printed");
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

        // Progress per step, and the URLs to open: the console (served), a demo product page and GraphQL.
        for (let n = 1; n <= 6; n++) assert.match(run.output(), new RegExp(`^\\[${n}/6\\] `, "m"), `step ${n} shown`);
        assert.ok(run.output().includes(`Console (`), "the console is printed");
        assert.match(run.output(), new RegExp(`${appOrigin}/console\\b`));
        assert.match(run.output(), new RegExp(`${appOrigin}/01/\\d{14}`), "a demo product page is printed");
        const consolePage = await fetch(`${appOrigin}/console`);
        assert.equal(consolePage.status, 200);
        assert.match(await consolePage.text(), /Constellate console/);
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
