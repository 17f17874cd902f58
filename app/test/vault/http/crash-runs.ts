/**
 * Killing the vault in the middle of uploads, and what must hold after it restarts (crash.test.ts runs it on the
 * embedded store, postgres.test.ts on PostgreSQL):
 *  - every listed document is served, and its bytes hash to its name and have the listed size;
 *  - a document is served exactly when it is listed (no half-written document is served or listed);
 *  - every upload the vault acknowledged (201) before the kill is there, with the visibility it was uploaded with.
 */
import assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";

import type { Hex } from "viem";

import type { SignedIn, VaultStack } from "../../support/stack.ts";
import { documentUrl, get, sha256Hex, upload } from "./helpers.ts";

export interface Attempt {
  sha256: string;
  bytes: Uint8Array;
  visibility: "public" | "restricted";
  /** The vault's answer, if one came before the kill. */
  status?: number;
}

interface Listed {
  sha256: string;
  size: number;
  visibility: string;
}

export interface CrashOptions {
  runs: number;
  uploadsPerRun: number;
  /** The largest document (at most the vault's limit). */
  maxBytes: number;
  /** The scope of the restricted half of the documents. */
  scope: Hex;
}

export interface CrashReport {
  attempts: Attempt[];
  /** One line per run: when the kill came and how many uploads had been acknowledged. */
  kills: string[];
}

/** Lists all of `owner`'s documents as `who`. */
export async function listAll(stack: VaultStack, who: SignedIn, owner: string): Promise<Listed[]> {
  const all: Listed[] = [];
  let after: string | null = null;
  do {
    const query: string = after === null ? "" : `&after=${encodeURIComponent(after)}`;
    const answer = await get(
      `${stack.origin}/api/vault/documents?owner=${owner}&limit=1000${query}`,
      who.cookieHeaders(),
    );
    assert.equal(answer.status, 200, answer.text);
    const page = answer.json() as { documents: Listed[]; next: string | null };
    all.push(...page.documents);
    after = page.next;
  } while (after !== null);
  return all;
}

/** Uploads `attempt` as `who`, recording the answer's status (none when the kill cut it off). */
export function send(stack: VaultStack, who: SignedIn, attempt: Attempt, scope: Hex): Promise<void> {
  return upload(stack, who, attempt.bytes, {
    contentType: "application/octet-stream",
    visibility: attempt.visibility,
    ...(attempt.visibility === "restricted" ? { scope } : {}),
  }).then(
    async (response) => {
      attempt.status = response.status;
      await response.body?.cancel();
    },
    () => {
      // cut off by the kill
    },
  );
}

/**
 * Runs `runs` times: a warm-up upload, then `uploadsPerRun` concurrent uploads of `who`'s own documents, SIGKILL of the
 * server once a random number of them were acknowledged (plus a few random milliseconds), a restart on the same data,
 * and the checks above over everything `who` ever uploaded.
 */
export async function killDuringUploads(stack: VaultStack, who: SignedIn, options: CrashOptions): Promise<CrashReport> {
  const owner = who.address;
  const attempts: Attempt[] = [];
  const kills: string[] = [];
  const newAttempt = (): Attempt => {
    // Sizes from 1 KiB to the limit: the larger ones take long enough to write that kills land inside them.
    const bytes = new Uint8Array(randomBytes(randomInt(1024, options.maxBytes + 1)));
    return { sha256: sha256Hex(bytes), bytes, visibility: randomInt(2) === 0 ? "public" : "restricted" };
  };

  for (let run = 0; run < options.runs; run++) {
    // One upload first, so that the routes are loaded and the batch's writes overlap.
    const warmUp = newAttempt();
    attempts.push(warmUp);
    await send(stack, who, warmUp, options.scope);
    assert.equal(warmUp.status, 201);

    // Kill once a random number of the batch's uploads were acknowledged (and a few ms more): the others are then
    // being received, hashed or written.
    const batch = Array.from({ length: options.uploadsPerRun }, newAttempt);
    attempts.push(...batch);
    const killAfter = randomInt(0, Math.max(1, options.uploadsPerRun - 4));
    const extraMs = randomInt(0, 25);
    const started = Date.now();
    let acknowledged = 0;
    let killed: Promise<void> | undefined;
    const kill = () => {
      killed ??= new Promise<void>((resolve) => setTimeout(resolve, extraMs)).then(() => stack.stopServer("SIGKILL"));
    };
    if (killAfter === 0) kill();
    const uploads = batch.map((attempt) =>
      send(stack, who, attempt, options.scope).then(() => {
        if (attempt.status === 201 && ++acknowledged >= killAfter) kill();
      }),
    );
    const fallback = setTimeout(kill, 5000);
    await Promise.all(uploads);
    clearTimeout(fallback);
    kill();
    await killed;
    const atKill = batch.filter((a) => a.status === 201).length;
    kills.push(
      `run ${run}: killed ${Date.now() - started} ms in, after ${killAfter}+ acknowledgements and ${extraMs} ms; ` +
        `${atKill}/${batch.length} acknowledged`,
    );
    await stack.startServer();

    const context = kills.join("\n");
    const listed = await listAll(stack, who, owner);
    const byHash = new Map(listed.map((d) => [d.sha256, d]));
    assert.equal(byHash.size, listed.length, `no document listed twice\n${context}`);
    for (const document of listed) {
      const answer = await get(documentUrl(stack, owner, document.sha256), who.cookieHeaders());
      assert.equal(answer.status, 200, `listed ${document.sha256} is served\n${context}`);
      assert.equal(sha256Hex(answer.bytes), document.sha256, `served bytes hash to the name\n${context}`);
      assert.equal(answer.bytes.length, document.size, `served bytes have the listed size\n${context}`);
    }
    for (const attempt of batch) {
      const document = byHash.get(attempt.sha256);
      if (attempt.status === 201) {
        assert.ok(document !== undefined, `acknowledged ${attempt.sha256} survived the kill\n${context}`);
      }
      if (document === undefined) {
        const answer = await get(documentUrl(stack, owner, attempt.sha256), who.cookieHeaders());
        assert.equal(answer.status, 404, `unlisted ${attempt.sha256} is not served\n${context}`);
      } else {
        assert.equal(document.visibility, attempt.visibility);
        assert.equal(document.size, attempt.bytes.length);
      }
    }
  }
  return { attempts, kills };
}
