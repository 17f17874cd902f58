/**
 * Crash safety: a writer process (crash-writer.ts) uploads and deletes documents and is SIGKILLed at a random moment,
 * many times over the same data. After each kill the store is reopened and must hold exactly the documents whose
 * steps finished (give or take the one step cut short), each serving bytes that hash to its name, with no bytes kept
 * that no document refers to, and it must go on working.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import pg from "pg";

import { sha256Hex } from "../../../src/vault/storage/index.ts";
import type { VaultStoreConfig } from "../../../src/vault/storage/index.ts";
import { locatePostgres, startPostgres } from "../../support/postgres.ts";
import type { PostgresServer } from "../../support/postgres.ts";
import { ALICE, BOB, CAROL, NO_QUOTA, postgresLocation, publicDocument, sqliteLocation } from "./harness.ts";
import type { StoreLocation } from "./harness.ts";

const postgres = await locatePostgres();
if (postgres.skip !== undefined) console.warn(`skipping the PostgreSQL crash test: ${postgres.skip}`);

const WRITER = fileURLToPath(new URL("./crash-writer.ts", import.meta.url));
const OWNERS = [ALICE, BOB, CAROL];

interface Step {
  op: "put" | "del";
  /** `<owner>/<sha256>` */
  key: string;
}

interface KilledRun {
  finished: Step[];
  /** The step the kill interrupted, if it came between a step's announcement and its end. */
  cutShort: Step | null;
}

/** Runs the writer and SIGKILLs it at a random moment: while it starts, or while it writes. */
async function runAndKill(config: VaultStoreConfig, whileWriting: boolean): Promise<KilledRun> {
  const child = spawn(process.execPath, ["--no-warnings", WRITER, JSON.stringify(config)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: KilledRun = { finished: [], cutShort: null };
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const kill = (): void => void child.kill("SIGKILL");
  if (!whileWriting) setTimeout(kill, randomInt(600));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const [word, owner, sha256] = line.split(" ");
    if (word === "ready") {
      if (whileWriting) setTimeout(kill, randomInt(250));
    } else if (word === "put" || word === "del") {
      run.cutShort = { op: word, key: `${owner}/${sha256}` };
    } else if (word === "ok" && run.cutShort !== null) {
      run.finished.push(run.cutShort);
      run.cutShort = null;
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once("close", (_, s) => resolve(s)));
  assert.equal(signal, "SIGKILL", `the writer stopped by itself:\n${stderr}`);
  return run;
}

/**
 * Kills a writer `runs` times over one location and checks the store after each kill. `settle` waits, after a kill,
 * for whatever the dead writer left running elsewhere (a database session) to end.
 */
async function killRepeatedly(
  location: StoreLocation,
  config: VaultStoreConfig,
  runs: number,
  settle: () => Promise<void> = async () => {},
): Promise<void> {
  const stored = new Set<string>();
  let killedMidStep = 0;
  for (let i = 0; i < runs; i++) {
    const run = await runAndKill(config, i % 4 !== 0);
    await settle();
    for (const step of run.finished) {
      if (step.op === "put") stored.add(step.key);
      else stored.delete(step.key);
    }
    if (run.cutShort !== null) killedMidStep++;

    const store = await location.open();
    try {
      const listed = new Set<string>();
      for (const owner of OWNERS) {
        let after: string | undefined;
        do {
          const page = await store.listDocuments(owner, after === undefined ? { limit: 100 } : { after, limit: 100 });
          for (const meta of page.documents) {
            const read = await store.getDocument(owner, meta.sha256);
            assert.ok(read !== null, `${owner}/${meta.sha256} is listed but not served`);
            assert.equal(read.bytes.length, meta.size);
            assert.equal(sha256Hex(read.bytes), meta.sha256, `${owner}/${meta.sha256} serves other bytes`);
            listed.add(`${owner}/${meta.sha256}`);
          }
          after = page.next ?? undefined;
        } while (after !== undefined);
      }
      const unexplained = [...listed, ...stored].filter(
        (key) => listed.has(key) !== stored.has(key) && key !== run.cutShort?.key,
      );
      assert.deepEqual(unexplained, [], `run ${i + 1}: listed documents differ from the finished steps`);
      const referenced = new Set([...listed].map((key) => key.split("/")[1] as string));
      assert.deepEqual(await location.blobs(), [...referenced].sort(), `run ${i + 1}: bytes kept without a document`);

      const probe = publicDocument(ALICE);
      assert.equal((await store.putDocument(probe, NO_QUOTA)).created, true);
      assert.deepEqual(
        Buffer.from((await store.getDocument(ALICE, probe.sha256))?.bytes ?? []),
        Buffer.from(probe.bytes),
      );
      assert.equal(await store.deleteDocument(ALICE, probe.sha256), true);

      stored.clear();
      for (const key of listed) stored.add(key);
    } finally {
      await store.close();
    }
  }
  // The runs tested something: documents were written, and kills landed in the middle of steps.
  assert.ok(stored.size > 0, "the writer stored nothing before being killed");
  assert.ok(killedMidStep >= runs / 3, `only ${killedMidStep} of ${runs} kills interrupted a step`);
}

describe("crash safety", () => {
  it("SQLite: a writer killed at 30 random moments leaves whole documents or none", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "vault-crash-"));
    try {
      await killRepeatedly(sqliteLocation(dataDir), { dataDir }, 30);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe("PostgreSQL", { skip: postgres.skip }, () => {
    let server: PostgresServer;
    before(async () => (server = await startPostgres(postgres)));
    after(() => server.stop());

    it("a writer killed at 10 random moments leaves whole documents or none", async () => {
      const databaseUrl = await server.createDatabase();
      await killRepeatedly(postgresLocation(databaseUrl), { databaseUrl }, 10, () => sessionsEnded(databaseUrl));
    });
  });
});

/** Waits until the database has no session but ours: the server has noticed the killed writer and rolled it back. */
async function sessionsEnded(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const result = await client.query<{ others: number }>(
        "SELECT count(*)::integer AS others FROM pg_stat_activity " +
          "WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      if (result.rows[0]?.others === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}
