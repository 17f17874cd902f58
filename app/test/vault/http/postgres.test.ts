/**
 * The running vault on PostgreSQL (DATABASE_URL) instead of its embedded store: sign-in and sessions, uploads, reads
 * through a grant, listing, deletion and the access log behave the same over HTTP, sessions outlive a restart, and a
 * SIGKILL in the middle of uploads leaves only whole documents (see crash-runs.ts). The PostgreSQL server is Debian's,
 * started by the test on 127.0.0.1 (see test/support/postgres.ts).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { accessScope } from "@constellate/sdk";
import type { Address, Hex } from "viem";

import { locatePostgres, startPostgres } from "../../support/postgres.ts";
import type { PostgresServer } from "../../support/postgres.ts";
import { signedSiwe, signIn, startVaultStack } from "../../support/stack.ts";
import type { SignedIn, VaultStack } from "../../support/stack.ts";
import { killDuringUploads } from "./crash-runs.ts";
import { documentUrl, get, jsonDocument, sha256Hex, stored } from "./helpers.ts";

const postgres = await locatePostgres();
if (postgres.skip !== undefined) console.warn(`skipping the vault's HTTP tests on PostgreSQL: ${postgres.skip}`);

const MAX_BYTES = 128 * 1024;

describe("the vault on PostgreSQL", { skip: postgres.skip }, () => {
  let server: PostgresServer;
  let stack: VaultStack;
  let brand: SignedIn;
  let retailer: SignedIn;
  let brandAddress: Address;

  before(async () => {
    server = await startPostgres(postgres);
    stack = await startVaultStack({
      name: "vault-http-postgres",
      databaseUrl: await server.createDatabase(),
      maxBytes: MAX_BYTES,
      quotaBytes: 256 * 1024 * 1024,
    });
    brandAddress = stack.seed.companies.brand.address as Address;
    [brand, retailer] = await Promise.all([
      signIn(stack, brandAddress),
      signIn(stack, stack.seed.companies.retailer.address),
    ]);
  });
  after(async () => {
    await stack?.stop();
    await server?.stop();
  });

  it("consumes each sign-in nonce once", async () => {
    const signed = await signedSiwe(stack, brandAddress);
    const post = () =>
      fetch(`${stack.origin}/api/auth/verify`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(signed),
      });
    const answers = await Promise.all([post(), post(), post()]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401, 401]);
  });

  it("stores, serves, lists, logs and deletes documents as the embedded store does", async () => {
    const publicBytes = jsonDocument("public, on PostgreSQL");
    const publicHash = await stored(stack, brand, publicBytes);
    assert.equal(publicHash, sha256Hex(publicBytes));
    const anonymous = await get(documentUrl(stack, brandAddress, publicHash));
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.text, publicBytes);
    assert.equal(anonymous.headers.get("etag"), `"${publicHash}"`);

    const grant = stack.seed.claims.grants.find((g) => g.kind === "account" && !g.revoked)!;
    const restricted = await stored(stack, brand, jsonDocument("restricted, on PostgreSQL"), {
      visibility: "restricted",
      scope: grant.scope as Hex,
    });
    assert.equal((await get(documentUrl(stack, brandAddress, restricted))).status, 401);
    const read = await get(documentUrl(stack, brandAddress, restricted), retailer.cookieHeaders());
    assert.equal(read.status, 200);
    assert.equal(read.headers.get("cache-control"), "private, no-store");
    const other = await signIn(stack, stack.seed.companies.competitor.address);
    assert.equal((await get(documentUrl(stack, brandAddress, restricted), other.cookieHeaders())).status, 404);

    const log = (
      await get(`${stack.origin}/api/vault/access-log?owner=${brandAddress}`, brand.cookieHeaders())
    ).json() as { entries: { reader: string; grant: string; sha256: string }[] };
    assert.deepEqual(log.entries[0], {
      ...log.entries[0],
      reader: stack.seed.companies.retailer.address.toLowerCase(),
      sha256: restricted,
      grant: `grant:${grant.id}`,
    });

    const listed = (
      await get(`${stack.origin}/api/vault/documents?owner=${brandAddress}&limit=1`, brand.cookieHeaders())
    ).json() as { documents: { sha256: string }[]; next: string | null };
    assert.deepEqual(
      listed.documents.map((d) => d.sha256),
      [restricted],
    );
    assert.notEqual(listed.next, null);

    const deleted = await fetch(documentUrl(stack, brandAddress, restricted), {
      method: "DELETE",
      headers: brand.cookieHeaders(),
    });
    assert.equal(deleted.status, 204);
    assert.equal((await get(documentUrl(stack, brandAddress, restricted), brand.cookieHeaders())).status, 404);
  });

  it("keeps sessions across a restart of the server", async () => {
    await stack.restartServer();
    const session = await get(`${stack.origin}/api/auth/session`, brand.bearer());
    assert.equal(session.status, 200);
    assert.equal((session.json() as { address: string }).address, brandAddress);
  });

  it("leaves only whole documents that hash to their names after SIGKILLs in the middle of uploads", async (t) => {
    const supplier = await signIn(stack, stack.seed.companies.supplier.address);
    const report = await killDuringUploads(stack, supplier, {
      runs: 3,
      uploadsPerRun: 16,
      maxBytes: MAX_BYTES,
      scope: accessScope("dataset", null, "crash-test"),
    });
    t.diagnostic(report.kills.join("\n"));
  });
});
