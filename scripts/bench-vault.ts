/**
 * npm run bench:vault [-- --seconds 10] [--connections 10]
 *
 * Reads per second and p99 latency of the vault's production build (`next start` of app/.next) on 127.0.0.1, measured
 * with autocannon while the local chain mines a block every second (so the access checker keeps following the chain):
 *  - static: a 100 KiB file served from app/public by the same server: the reference;
 *  - public: a public 100 KiB document;
 *  - restricted: a restricted 100 KiB document read by the holder of a live grant (the demo's retailer, signed in with
 *    SIWE, bearer token), with the access checker's cache hit ratio over the run.
 * Writes bench/vault.json. Target: restricted reads at least 50% of the static reference's throughput.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

import { accessScope } from "../sdk/src/access.ts";
import { signIn, startVaultStack } from "../app/test/support/stack.ts";
import type { VaultStack } from "../app/test/support/stack.ts";
import { buildApp } from "./lib/app-build.ts";
import { buildContracts } from "./lib/build.ts";
import { exportContracts } from "./lib/export.ts";
import { rpc } from "./lib/node.ts";
import { ROOT } from "./lib/paths.ts";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "10" } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const OUT = path.join(ROOT, "bench", "vault.json");
const STATIC_DIR = path.join(ROOT, "app", "public", "bench");
const SIZE = 100 * 1024;

let stack: VaultStack | undefined;
let miner: NodeJS.Timeout | undefined;

try {
  console.log("Building the app (next build)...");
  await buildContracts();
  exportContracts();
  await buildApp();

  // The static reference must be in app/public before the server starts.
  const reference = randomBytes(SIZE);
  mkdirSync(STATIC_DIR, { recursive: true });
  writeFileSync(path.join(STATIC_DIR, "reference-100k.bin"), reference);

  console.log("Starting a chain, deploying, seeding and starting the vault...");
  stack = await startVaultStack({
    name: "bench-vault",
    maxBytes: 1024 * 1024,
    quotaBytes: 64 * 1024 * 1024,
    env: { CONSTELLATE_VAULT_EXPOSE_STATS: "1" },
  });
  const { brand, retailer } = stack.seed.companies;
  const owner = await signIn(stack, brand.address);
  const reader = await signIn(stack, retailer.address);
  const scope =
    stack.seed.claims.grants.find((g) => g.kind === "account" && !g.revoked)?.scope ?? accessScope("claim-documents");

  const upload = async (visibility: "public" | "restricted") => {
    const bytes = randomBytes(SIZE);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const response = await fetch(`${stack?.origin}/api/vault/documents`, {
      method: "POST",
      headers: owner.bearer({
        "content-type": "application/octet-stream",
        "x-content-sha256": sha256,
        "x-visibility": visibility,
        ...(visibility === "restricted" ? { "x-scope": scope } : {}),
      }),
      body: bytes,
    });
    if (response.status !== 201) throw new Error(`upload (${visibility}): ${response.status} ${await response.text()}`);
    return `${stack?.origin}/api/vault/documents/${brand.address}/${sha256}`;
  };
  const publicUrl = await upload("public");
  const restrictedUrl = await upload("restricted");
  const check = await fetch(restrictedUrl, { headers: reader.bearer() });
  if (check.status !== 200) throw new Error(`the grantee cannot read the restricted document: ${check.status}`);

  const statsOf = async () =>
    (await (await fetch(`${stack?.origin}/api/vault/stats`)).json()) as { hits: number; misses: number };

  // A block a second, as a busy chain would: every block makes the checker look for events that touch its cache.
  miner = setInterval(() => {
    if (stack !== undefined) void rpc(stack.rpcUrl, "evm_mine").catch(() => {});
  }, 1000);

  const run = async (name: string, url: string, headers: Record<string, string> = {}) => {
    await autocannon({ url, connections, duration: 2, headers }); // warm-up
    const result = await autocannon({ url, connections, duration: seconds, headers });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${name}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
    }
    const figures = { rps: Math.round(result.requests.average), p99Ms: result.latency.p99 };
    console.log(`  ${name.padEnd(10)} ${String(figures.rps).padStart(6)} req/s   p99 ${figures.p99Ms} ms`);
    return figures;
  };

  console.log(`autocannon: ${connections} connections, ${seconds} s each, a block mined every second`);
  const staticFigures = await run("static", `${stack.origin}/bench/reference-100k.bin`);
  const publicFigures = await run("public", publicUrl);
  const before = await statsOf();
  const restrictedFigures = await run("restricted", restrictedUrl, reader.bearer());
  const after = await statsOf();
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  const cacheHitRatio = hits + misses === 0 ? 0 : Number((hits / (hits + misses)).toFixed(4));
  console.log(`  restricted reads: cache hit ratio ${cacheHitRatio}`);

  const result = {
    static: staticFigures,
    public: publicFigures,
    restricted: { ...restrictedFigures, cacheHitRatio },
    setup: {
      machine: "2 cores; next start (production build) on 127.0.0.1; Hardhat node mining a block every second",
      document: "100 KiB, random bytes",
      load: `autocannon, ${connections} connections, ${seconds} s per case after a 2 s warm-up`,
      restrictedReader: "the demo's retailer, holding a live account grant for the document's scope, bearer token",
    },
    target: { restrictedVsStatic: 0.5 },
    restrictedVsStatic: Number((restrictedFigures.rps / staticFigures.rps).toFixed(3)),
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  console.log(`Wrote ${path.relative(ROOT, OUT)} (restricted/static = ${result.restrictedVsStatic})`);
  if (result.restrictedVsStatic < 0.5)
    console.warn("target missed: restricted reads are under 50% of the static reference");
} catch (error) {
  console.error(`bench:vault failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (miner !== undefined) clearInterval(miner);
  await stack?.stop();
  rmSync(STATIC_DIR, { recursive: true, force: true });
}
