/**
 * Crash safety of the running vault on its embedded store (SQLite + files): uploads of many documents are under way
 * when the server is SIGKILLed at a random moment, many times over; after each restart every stored document hashes to
 * its name, no half-written document is served or listed, and no acknowledged upload is lost (see crash-runs.ts). At
 * the end every upload that was cut short can be made again, and the vault goes on working.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { accessScope } from "@constellate/sdk";

import { signIn, startVaultStack } from "../../support/stack.ts";
import type { SignedIn, VaultStack } from "../../support/stack.ts";
import { killDuringUploads, listAll, send } from "./crash-runs.ts";
import type { Attempt } from "./crash-runs.ts";
import { documentUrl, get } from "./helpers.ts";

const RUNS = 10;
const UPLOADS_PER_RUN = 24;
const MAX_BYTES = 256 * 1024;
const SCOPE = accessScope("dataset", null, "crash-test");

let stack: VaultStack;
let brand: SignedIn;

before(async () => {
  stack = await startVaultStack({ name: "vault-http-crash", maxBytes: MAX_BYTES, quotaBytes: 512 * 1024 * 1024 });
  brand = await signIn(stack, stack.seed.companies.brand.address);
});
after(() => stack?.stop());

describe("SIGKILL in the middle of uploads (embedded store)", () => {
  let attempts: Attempt[] = [];

  it(`leaves, after each of ${RUNS} kills and restarts, only whole documents that hash to their names`, async (t) => {
    const report = await killDuringUploads(stack, brand, {
      runs: RUNS,
      uploadsPerRun: UPLOADS_PER_RUN,
      maxBytes: MAX_BYTES,
      scope: SCOPE,
    });
    attempts = report.attempts;
    t.diagnostic(report.kills.join("\n"));
    // The kills must have cut uploads short, or the test proved nothing.
    assert.ok(
      attempts.some((a) => a.status === undefined),
      `some uploads were cut short by the kills\n${report.kills.join("\n")}`,
    );
  });

  it("accepts every upload that was cut short when it is made again, and goes on working", async () => {
    const cutShort = attempts.filter((a) => a.status === undefined);
    for (let i = 0; i < cutShort.length; i += 8) {
      await Promise.all(cutShort.slice(i, i + 8).map((attempt) => send(stack, brand, attempt, SCOPE)));
    }
    for (const attempt of cutShort) assert.equal(attempt.status, 201, attempt.sha256);
    const listed = new Set((await listAll(stack, brand, brand.address)).map((d) => d.sha256));
    for (const attempt of attempts) assert.ok(listed.has(attempt.sha256), attempt.sha256);
    await stack.restartServer("SIGTERM");
    const answer = await get(documentUrl(stack, brand.address, attempts[0]!.sha256), brand.cookieHeaders());
    assert.deepEqual(answer.bytes, attempts[0]!.bytes);
  });
});
