import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { TestContext } from "node:test";

import pg from "pg";

import { openVaultStore } from "../../../src/vault/storage/index.ts";
import type { VaultStore } from "../../../src/vault/storage/index.ts";
import { locatePostgres, startPostgres } from "../../support/postgres.ts";
import type { PostgresServer } from "../../support/postgres.ts";
import { describeVaultStore } from "./conformance.ts";
import { ALICE, BOB, CAROL, NO_QUOTA, postgresLocation, postgresSchema, publicDocument } from "./harness.ts";

const postgres = await locatePostgres();
if (postgres.skip !== undefined) console.warn(`skipping the PostgreSQL store tests: ${postgres.skip}`);

let server: PostgresServer;
/** Where this file's stores live: each test gets a schema of its own in this database. */
let databaseUrl: string;
before(async () => {
  if (postgres.skip !== undefined) return;
  server = await startPostgres(postgres);
  databaseUrl = await server.createDatabase();
});
after(() => server?.stop());

/** Several stores on one database, as several vault instances would have; closed after the test. */
async function instances(t: TestContext, count: number, url: string): Promise<VaultStore[]> {
  const stores = await Promise.all(Array.from({ length: count }, () => openVaultStore({ databaseUrl: url })));
  t.after(() => Promise.all(stores.map((store) => store.close())));
  return stores;
}

describe("PostgreSQL", { skip: postgres.skip }, () => {
  describeVaultStore({ name: "PostgreSQL", location: async () => postgresLocation(await postgresSchema(databaseUrl)) });

  describe("PostgreSQL: several instances on one database", () => {
    it("create the schema once when they start together", async (t) => {
      const schemaUrl = await postgresSchema(databaseUrl);
      await instances(t, 4, schemaUrl);
      const client = new pg.Client({ connectionString: schemaUrl });
      await client.connect();
      try {
        const result = await client.query("SELECT version FROM vault_schema");
        assert.deepEqual(result.rows, [{ version: 1 }]);
      } finally {
        await client.end();
      }
    });

    it("let a nonce be consumed once among them all", async (t) => {
      const stores = await instances(t, 3, await postgresSchema(databaseUrl));
      const expiresAt = new Date(Date.now() + 60_000);
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stores[i % stores.length]?.consumeNonce("shared-nonce", expiresAt)),
      );
      assert.equal(outcomes.filter(Boolean).length, 1);
    });

    it("never exceed an owner's quota together", async (t) => {
      const stores = await instances(t, 3, await postgresSchema(databaseUrl));
      const docs = Array.from({ length: 12 }, () => publicDocument(ALICE, randomBytes(30)));
      const results = await Promise.allSettled(
        docs.map((doc, i) => stores[i % stores.length]?.putDocument(doc, { quotaBytes: 100 })),
      );
      assert.equal(results.filter((result) => result.status === "fulfilled").length, 3);
      assert.deepEqual(await stores[0]?.usage(ALICE), { documents: 3, bytes: 90 });
    });

    it("never leave a row without its bytes while they upload and delete the same bytes", async (t) => {
      const schemaUrl = await postgresSchema(databaseUrl);
      const location = postgresLocation(schemaUrl);
      const stores = await instances(t, 3, schemaUrl);
      const doc = publicDocument(ALICE, "contended across instances");
      const owners = [ALICE, BOB, CAROL];
      for (let round = 0; round < 15; round++) {
        await Promise.all(
          stores.flatMap((store, i) => {
            const owner = owners[(i + round) % owners.length] ?? ALICE;
            return [store.putDocument({ ...doc, owner }, NO_QUOTA), store.deleteDocument(owner, doc.sha256)];
          }),
        );
        for (const owner of owners) {
          const read = await stores[round % stores.length]?.getDocument(owner, doc.sha256);
          if (read !== null) assert.deepEqual(Buffer.from(read?.bytes ?? []), Buffer.from(doc.bytes));
        }
      }
      for (const owner of owners) await stores[0]?.deleteDocument(owner, doc.sha256);
      assert.deepEqual(await location.blobs(), []);
    });
  });
});
