import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";

import { VaultStoreError } from "../../../src/vault/storage/index.ts";
import { describeVaultStore } from "./conformance.ts";
import { ALICE, BOB, CAROL, NO_QUOTA, publicDocument, sqliteLocation } from "./harness.ts";
import type { StoreLocation } from "./harness.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "vault-sqlite-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let locations = 0;

function freshLocation(): StoreLocation & { dataDir: string } {
  const dataDir = path.join(scratch, `store-${++locations}`);
  return { ...sqliteLocation(dataDir), dataDir };
}

function blobPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, "blobs", sha256.slice(0, 2), sha256);
}

describeVaultStore({ name: "SQLite", location: async () => freshLocation() });

describe("SQLite: the data directory", () => {
  it("belongs to one store at a time", async () => {
    const location = freshLocation();
    const store = await location.open();
    await assert.rejects(location.open(), (error) => error instanceof VaultStoreError && error.code === "locked");
    await store.close();
    const next = await location.open();
    await next.close();
  });

  it("is readable by its user only", async () => {
    const location = freshLocation();
    const store = await location.open();
    const doc = publicDocument(ALICE);
    await store.putDocument(doc, NO_QUOTA);
    await store.close();
    assert.equal((await stat(location.dataDir)).mode & 0o777, 0o700);
    assert.equal((await stat(blobPath(location.dataDir, doc.sha256))).mode & 0o777, 0o600);
  });

  it("sweeps temporary files and blobs without a row on open, and never serves such a blob", async () => {
    const location = freshLocation();
    const kept = publicDocument(ALICE, "kept");
    const orphan = publicDocument(ALICE, "orphan");

    const store = await location.open();
    await store.putDocument(kept, NO_QUOTA);
    // What a crash leaves: a blob written before its row, and a temporary file never renamed.
    await mkdir(path.dirname(blobPath(location.dataDir, orphan.sha256)), { recursive: true });
    await writeFile(blobPath(location.dataDir, orphan.sha256), orphan.bytes);
    const fanout = path.dirname(blobPath(location.dataDir, kept.sha256));
    await writeFile(path.join(fanout, "tmp-0123456789abcdef"), "half a docu");
    await writeFile(path.join(fanout, "README"), "not the store's");
    assert.equal(await store.getDocument(ALICE, orphan.sha256), null);
    await store.close();

    const reopened = await location.open();
    assert.deepEqual(await location.blobs(), ["README", kept.sha256].sort());
    assert.equal((await reopened.getDocument(ALICE, kept.sha256))?.meta.sha256, kept.sha256);
    await reopened.close();
  });

  it("reports bytes that vanished or changed size behind its back as corrupt, and heals on re-upload", async () => {
    const location = freshLocation();
    const store = await location.open();
    const doc = publicDocument(ALICE, "precious");
    const blob = blobPath(location.dataDir, doc.sha256);
    await store.putDocument(doc, NO_QUOTA);
    await store.putDocument({ ...doc, owner: BOB }, NO_QUOTA);

    await writeFile(blob, "truncated");
    await assert.rejects(store.getDocument(ALICE, doc.sha256), (error) => {
      return error instanceof VaultStoreError && error.code === "corrupt";
    });
    await unlink(blob);
    await assert.rejects(store.getDocument(BOB, doc.sha256), /missing or of the wrong size/);

    // Another owner's upload of the same bytes writes them again.
    await store.putDocument({ ...doc, owner: CAROL }, NO_QUOTA);
    assert.deepEqual(Buffer.from((await store.getDocument(ALICE, doc.sha256))?.bytes ?? []), Buffer.from(doc.bytes));
    await store.close();
  });

  it("stores nothing when the blob cannot be written", async () => {
    const location = freshLocation();
    const store = await location.open();
    const doc = publicDocument(ALICE);
    // A directory where the blob should go: the rename into place fails, for root too.
    await mkdir(blobPath(location.dataDir, doc.sha256), { recursive: true });
    await assert.rejects(store.putDocument(doc, NO_QUOTA), { code: "EISDIR" });
    assert.equal(await store.getMeta(ALICE, doc.sha256), null);
    assert.deepEqual(await location.blobs(), [doc.sha256]);
    await store.close();
  });
});
