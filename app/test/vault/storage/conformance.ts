/**
 * The behaviour every vault store shares, run against each backend (sqlite.test.ts, postgres.test.ts). A backend is
 * correct when it passes this suite unchanged.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";

import { MAX_PAGE_LIMIT, VaultStoreError } from "../../../src/vault/storage/index.ts";
import type { Address, DocumentMeta, VaultStore, VaultStoreErrorCode } from "../../../src/vault/storage/index.ts";
import {
  ALICE,
  BOB,
  CAROL,
  NO_QUOTA,
  SCOPE_A,
  SCOPE_B,
  publicDocument,
  restrictedDocument,
  sessionId,
} from "./harness.ts";
import type { Backend, StoreLocation } from "./harness.ts";

function refusedWith(code: VaultStoreErrorCode, message?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof VaultStoreError, `expected a VaultStoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  };
}

async function allDocuments(store: VaultStore, owner: Address, limit: number): Promise<DocumentMeta[][]> {
  const pages: DocumentMeta[][] = [];
  let after: string | undefined;
  do {
    const page = await store.listDocuments(owner, after === undefined ? { limit } : { after, limit });
    pages.push(page.documents);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return pages;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function describeVaultStore(backend: Backend): void {
  /** Runs `test` on a fresh store, closing it afterwards. */
  function withStore(test: (store: VaultStore, location: StoreLocation) => Promise<void>): () => Promise<void> {
    return async () => {
      const location = await backend.location();
      const store = await location.open();
      try {
        await test(store, location);
      } finally {
        await store.close();
      }
    };
  }

  describe(`${backend.name}: documents`, () => {
    it(
      "stores a document and serves back the same bytes and meta",
      withStore(async (store) => {
        const doc = restrictedDocument(ALICE, SCOPE_A, '{"co2e":"12.5"}');
        const before = Date.now();
        const { meta, created } = await store.putDocument(doc, NO_QUOTA);
        assert.equal(created, true);
        const { createdAt, ...described } = meta;
        assert.deepEqual(described, {
          owner: ALICE,
          sha256: doc.sha256,
          size: doc.bytes.length,
          contentType: "application/json",
          visibility: "restricted",
          scope: SCOPE_A,
        });
        assert.ok(createdAt.getTime() >= before && createdAt.getTime() <= Date.now());
        const read = await store.getDocument(ALICE, doc.sha256);
        assert.deepEqual(read?.meta, meta);
        assert.deepEqual(Buffer.from(read?.bytes ?? []), Buffer.from(doc.bytes));
        assert.deepEqual(await store.getMeta(ALICE, doc.sha256), meta);
      }),
    );

    it(
      "answers null for a document it does not have, including another owner's",
      withStore(async (store) => {
        const doc = publicDocument(ALICE);
        await store.putDocument(doc, NO_QUOTA);
        assert.equal(await store.getDocument(BOB, doc.sha256), null);
        assert.equal(await store.getMeta(BOB, doc.sha256), null);
        assert.equal(await store.getDocument(ALICE, "0".repeat(64)), null);
      }),
    );

    it(
      "keeps identical bytes once underneath, whoever owns them and however they are shared",
      withStore(async (store, location) => {
        const bytes = new TextEncoder().encode("the same certificate");
        await store.putDocument(publicDocument(ALICE, bytes), NO_QUOTA);
        await store.putDocument(restrictedDocument(BOB, SCOPE_B, bytes), NO_QUOTA);
        await store.putDocument(publicDocument(CAROL, "something else"), NO_QUOTA);
        assert.equal((await location.blobs()).length, 2);
        const sha256 = publicDocument(ALICE, bytes).sha256;
        assert.equal((await store.getMeta(ALICE, sha256))?.visibility, "public");
        assert.equal((await store.getMeta(BOB, sha256))?.visibility, "restricted");
      }),
    );

    it(
      "takes a repeated upload of the same document as a no-op that returns the stored one",
      withStore(async (store) => {
        const doc = restrictedDocument(ALICE, SCOPE_A);
        const first = await store.putDocument(doc, NO_QUOTA);
        const again = await store.putDocument({ ...doc, bytes: Uint8Array.from(doc.bytes) }, NO_QUOTA);
        assert.equal(again.created, false);
        assert.deepEqual(again.meta, first.meta);
        assert.deepEqual(await store.usage(ALICE), { documents: 1, bytes: doc.bytes.length });
      }),
    );

    it(
      "refuses a repeated upload that declares another content type, visibility or scope",
      withStore(async (store) => {
        const doc = restrictedDocument(ALICE, SCOPE_A);
        const { meta } = await store.putDocument(doc, NO_QUOTA);
        for (const changed of [
          { ...doc, scope: SCOPE_B },
          { ...doc, visibility: "public" as const, scope: null },
          { ...doc, contentType: "text/csv" },
        ]) {
          await assert.rejects(store.putDocument(changed, NO_QUOTA), refusedWith("conflict", /already stored with/));
        }
        assert.deepEqual(await store.getMeta(ALICE, doc.sha256), meta);
      }),
    );

    it(
      "refuses bytes that do not hash to the declared SHA-256, storing nothing",
      withStore(async (store, location) => {
        const doc = publicDocument(ALICE, "what was hashed");
        const forged = { ...doc, bytes: new TextEncoder().encode("what was sent") };
        await assert.rejects(store.putDocument(forged, NO_QUOTA), refusedWith("hash_mismatch"));
        assert.equal(await store.getMeta(ALICE, doc.sha256), null);
        assert.deepEqual(await location.blobs(), []);
      }),
    );

    it(
      "refuses a document that would take its owner past the quota, counting shared bytes for each owner",
      withStore(async (store, location) => {
        const quota = { quotaBytes: 10 };
        const six = publicDocument(ALICE, "123456");
        await store.putDocument(six, quota);
        await assert.rejects(
          store.putDocument(publicDocument(ALICE, "12345"), quota),
          refusedWith("quota_exceeded", /uses 6 of 10 bytes; 5 more/),
        );
        await store.putDocument(publicDocument(ALICE, "1234"), quota);
        assert.deepEqual(await store.usage(ALICE), { documents: 2, bytes: 10 });
        // A repeated upload adds nothing, so it is no excess.
        assert.equal((await store.putDocument(six, quota)).created, false);
        // Bob pays for his copy of the same bytes, even though they are kept once.
        await store.putDocument(publicDocument(BOB, "123456"), { quotaBytes: 6 });
        await assert.rejects(
          store.putDocument(publicDocument(BOB, "7"), { quotaBytes: 6 }),
          refusedWith("quota_exceeded"),
        );
        assert.equal((await location.blobs()).length, 2);
      }),
    );

    it(
      "never lets concurrent uploads of one owner exceed the quota together",
      withStore(async (store) => {
        const docs = Array.from({ length: 10 }, () => publicDocument(ALICE, randomBytes(30)));
        const results = await Promise.allSettled(docs.map((doc) => store.putDocument(doc, { quotaBytes: 100 })));
        const stored = results.filter((result) => result.status === "fulfilled");
        const refused = results.filter((result) => result.status === "rejected");
        assert.equal(stored.length, 3);
        for (const result of refused) refusedWith("quota_exceeded")(result.reason);
        assert.deepEqual(await store.usage(ALICE), { documents: 3, bytes: 90 });
      }),
    );

    it(
      "lists an owner's documents newest first, in pages that together hold each document once",
      withStore(async (store) => {
        const stored: DocumentMeta[] = [];
        for (let i = 0; i < 7; i++) {
          stored.push((await store.putDocument(publicDocument(ALICE), NO_QUOTA)).meta);
          if (i % 3 === 0) await sleep(2);
        }
        await store.putDocument(publicDocument(BOB), NO_QUOTA);
        const expected = stored.toSorted(
          (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.sha256 < b.sha256 ? 1 : -1),
        );

        const pages = await allDocuments(store, ALICE, 3);
        assert.deepEqual(
          pages.map((page) => page.length),
          [3, 3, 1],
        );
        assert.deepEqual(pages.flat(), expected);
        assert.deepEqual(await allDocuments(store, ALICE, 7), [expected]);
        assert.deepEqual(await store.listDocuments(CAROL, { limit: 5 }), { documents: [], next: null });
      }),
    );

    it(
      "lists the restricted documents of one scope, a page at a time",
      withStore(async (store) => {
        const inA: DocumentMeta[] = [];
        for (let i = 0; i < 5; i++) {
          inA.push(
            (await store.putDocument(restrictedDocument(ALICE, SCOPE_A, new TextEncoder().encode(`a${i}`)), NO_QUOTA))
              .meta,
          );
          await store.putDocument(restrictedDocument(ALICE, SCOPE_B, new TextEncoder().encode(`b${i}`)), NO_QUOTA);
          await store.putDocument(publicDocument(ALICE, new TextEncoder().encode(`p${i}`)), NO_QUOTA);
          await store.putDocument(restrictedDocument(BOB, SCOPE_A, new TextEncoder().encode(`bob${i}`)), NO_QUOTA);
          await sleep(2);
        }
        const expected = inA.toSorted(
          (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.sha256 < b.sha256 ? 1 : -1),
        );
        const first = await store.listDocuments(ALICE, { limit: 3, scope: SCOPE_A });
        assert.ok(first.next !== null);
        const second = await store.listDocuments(ALICE, { limit: 3, scope: SCOPE_A, after: first.next });
        assert.equal(second.next, null);
        assert.deepEqual([...first.documents, ...second.documents], expected);
        await assert.rejects(
          store.listDocuments(ALICE, { limit: 3, scope: "0x12" as never }),
          refusedWith("invalid_input"),
        );
      }),
    );

    it(
      "refuses page limits out of range and cursors it did not give out",
      withStore(async (store) => {
        for (const limit of [0, -1, 1.5, MAX_PAGE_LIMIT + 1, Number.NaN]) {
          await assert.rejects(store.listDocuments(ALICE, { limit }), refusedWith("invalid_input"));
          await assert.rejects(store.accessLog(ALICE, { limit }), refusedWith("invalid_input"));
        }
        for (const after of ["", "garbage", "1-abc", `1-${"A".repeat(64)}`, "' OR 1=1 --", "-5"]) {
          await assert.rejects(store.listDocuments(ALICE, { after, limit: 5 }), refusedWith("invalid_input"));
          await assert.rejects(store.accessLog(ALICE, { after, limit: 5 }), refusedWith("invalid_input"));
        }
      }),
    );

    it(
      "deletes a document, keeping its bytes while another owner still has them",
      withStore(async (store, location) => {
        const bytes = new TextEncoder().encode("shared evidence");
        const alices = restrictedDocument(ALICE, SCOPE_A, bytes);
        await store.putDocument(alices, NO_QUOTA);
        await store.putDocument(publicDocument(BOB, bytes), NO_QUOTA);

        assert.equal(await store.deleteDocument(ALICE, alices.sha256), true);
        assert.equal(await store.getDocument(ALICE, alices.sha256), null);
        assert.deepEqual(await store.listDocuments(ALICE, { limit: 10 }), { documents: [], next: null });
        assert.deepEqual(await store.usage(ALICE), { documents: 0, bytes: 0 });
        assert.deepEqual(Buffer.from((await store.getDocument(BOB, alices.sha256))?.bytes ?? []), Buffer.from(bytes));
        assert.deepEqual(await location.blobs(), [alices.sha256]);
        assert.equal(await store.deleteDocument(ALICE, alices.sha256), false);

        assert.equal(await store.deleteDocument(BOB, alices.sha256), true);
        assert.deepEqual(await location.blobs(), []);
      }),
    );

    it(
      "stores a deleted document again, as anything",
      withStore(async (store) => {
        const doc = restrictedDocument(ALICE, SCOPE_A);
        await store.putDocument(doc, NO_QUOTA);
        await store.deleteDocument(ALICE, doc.sha256);
        const again = await store.putDocument({ ...doc, visibility: "public", scope: null }, NO_QUOTA);
        assert.equal(again.created, true);
        assert.equal((await store.getDocument(ALICE, doc.sha256))?.meta.visibility, "public");
      }),
    );

    it(
      "keeps every document whole while uploads and deletes of the same bytes interleave",
      withStore(async (store, location) => {
        const doc = publicDocument(ALICE, "contended");
        const work: Promise<unknown>[] = [];
        for (let round = 0; round < 20; round++) {
          for (const owner of [ALICE, BOB, CAROL]) {
            work.push(store.putDocument({ ...doc, owner }, NO_QUOTA), store.deleteDocument(owner, doc.sha256));
          }
          work.push(store.getDocument(BOB, doc.sha256));
        }
        await Promise.all(work);
        await store.putDocument({ ...doc, owner: CAROL }, NO_QUOTA);
        for (const owner of [ALICE, BOB, CAROL]) {
          const read = await store.getDocument(owner, doc.sha256);
          if (read !== null) assert.deepEqual(Buffer.from(read.bytes), Buffer.from(doc.bytes));
        }
        assert.deepEqual(await location.blobs(), [doc.sha256]);
      }),
    );

    it(
      "refuses owners, hashes, scopes, visibilities and content types of the wrong shape",
      withStore(async (store) => {
        const doc = restrictedDocument(ALICE, SCOPE_A);
        const malformed = [
          { ...doc, owner: ALICE.toUpperCase().replace("0X", "0x") as Address },
          { ...doc, owner: "0x1234" as Address },
          { ...doc, sha256: `0x${doc.sha256}` },
          { ...doc, sha256: doc.sha256.toUpperCase() },
          { ...doc, sha256: "../../../../etc/passwd" },
          { ...doc, scope: null },
          { ...doc, scope: "0x1234" as Address },
          { ...doc, visibility: "public" as const },
          { ...doc, visibility: "secret" as "public" },
          { ...doc, contentType: "" },
          { ...doc, contentType: "text/html\r\nSet-Cookie: a=b" },
          { ...doc, bytes: new Uint8Array(0) },
        ];
        for (const wrong of malformed) {
          await assert.rejects(store.putDocument(wrong, NO_QUOTA), refusedWith("invalid_input"));
        }
        await assert.rejects(store.putDocument(doc, { quotaBytes: -1 }), refusedWith("invalid_input"));
        await assert.rejects(store.getDocument(ALICE, "../blobs"), refusedWith("invalid_input"));
        await assert.rejects(store.getMeta("0xALICE" as Address, doc.sha256), refusedWith("invalid_input"));
        await assert.rejects(store.deleteDocument(ALICE, ""), refusedWith("invalid_input"));
        await assert.rejects(store.usage("alice" as Address), refusedWith("invalid_input"));
        assert.deepEqual(await store.usage(ALICE), { documents: 0, bytes: 0 });
      }),
    );
  });

  describe(`${backend.name}: nonces and sessions`, () => {
    it(
      "lets a nonce be consumed once, even by many concurrent callers",
      withStore(async (store) => {
        const expiresAt = new Date(Date.now() + 60_000);
        const outcomes = await Promise.all(Array.from({ length: 25 }, () => store.consumeNonce("n0nce-1", expiresAt)));
        assert.equal(outcomes.filter(Boolean).length, 1);
        assert.equal(await store.consumeNonce("n0nce-1", expiresAt), false);
        assert.equal(await store.consumeNonce("n0nce-2", expiresAt), true);
      }),
    );

    it(
      "refuses a nonce past its expiry, used or not, and nonces of the wrong shape",
      withStore(async (store) => {
        assert.equal(await store.consumeNonce("stale", new Date(Date.now() - 1)), false);
        const soon = new Date(Date.now() + 50);
        assert.equal(await store.consumeNonce("brief", soon), true);
        assert.equal(await store.consumeNonce("brief", soon), false);
        while (Date.now() <= soon.getTime()) await sleep(20);
        assert.equal(await store.consumeNonce("brief", soon), false);
        await assert.rejects(store.consumeNonce("", soon), refusedWith("invalid_input"));
        await assert.rejects(store.consumeNonce("a b", soon), refusedWith("invalid_input"));
        await assert.rejects(store.consumeNonce("n".repeat(201), soon), refusedWith("invalid_input"));
        await assert.rejects(store.consumeNonce("ok", new Date(Number.NaN)), refusedWith("invalid_input"));
      }),
    );

    it(
      "keeps a session until it expires or is deleted",
      withStore(async (store) => {
        const session = {
          idHash: sessionId(),
          address: ALICE,
          audience: "https://vault.example.com",
          kind: "bearer" as const,
          expiresAt: new Date(Date.now() + 3_600_000),
        };
        await store.createSession(session);
        assert.deepEqual(await store.getSession(session.idHash), session);
        await assert.rejects(store.createSession(session), refusedWith("conflict"));
        await store.deleteSession(session.idHash);
        assert.equal(await store.getSession(session.idHash), null);
        await store.deleteSession(session.idHash);

        const expired = {
          ...session,
          idHash: sessionId(),
          kind: "cookie" as const,
          expiresAt: new Date(Date.now() - 1),
        };
        await store.createSession(expired);
        assert.equal(await store.getSession(expired.idHash), null);
      }),
    );

    it(
      "refuses sessions of the wrong shape",
      withStore(async (store) => {
        const session = {
          idHash: sessionId(),
          address: ALICE,
          audience: "https://vault.example.com",
          kind: "cookie" as const,
          expiresAt: new Date(Date.now() + 60_000),
        };
        for (const wrong of [
          { ...session, idHash: "raw-token" },
          { ...session, address: "0xabc" as Address },
          { ...session, audience: "" },
          { ...session, kind: "jwt" as "cookie" },
          { ...session, expiresAt: new Date(Number.NaN) },
        ]) {
          await assert.rejects(store.createSession(wrong), refusedWith("invalid_input"));
        }
        await assert.rejects(store.getSession("nope"), refusedWith("invalid_input"));
      }),
    );
  });

  describe(`${backend.name}: access log and owner secrets`, () => {
    it(
      "logs reads per owner and lists them newest first, in pages",
      withStore(async (store) => {
        const doc = restrictedDocument(ALICE, SCOPE_A);
        const read = { owner: ALICE, sha256: doc.sha256, reader: BOB, grant: "owner", at: new Date(1_700_000_000_000) };
        const reads = Array.from({ length: 5 }, (_, i) => ({
          ...read,
          reader: i % 2 === 0 ? BOB : CAROL,
          grant: i === 0 ? "owner" : `grant:0x${String(i).repeat(64)}`,
          at: new Date(read.at.getTime() + i * 1000),
        }));
        for (const entry of reads) await store.recordRead(entry);
        await store.recordRead({ ...read, owner: BOB });

        const first = await store.accessLog(ALICE, { limit: 2 });
        const second = await store.accessLog(ALICE, { limit: 2, after: first.next ?? "" });
        const third = await store.accessLog(ALICE, { limit: 2, after: second.next ?? "" });
        assert.deepEqual([...first.entries, ...second.entries, ...third.entries], reads.toReversed());
        assert.equal(third.next, null);
        assert.deepEqual((await store.accessLog(BOB, { limit: 10 })).entries, [{ ...read, owner: BOB }]);
        await assert.rejects(store.recordRead({ ...read, grant: "" }), refusedWith("invalid_input"));
        await assert.rejects(store.recordRead({ ...read, reader: "0x" as Address }), refusedWith("invalid_input"));
      }),
    );

    it(
      "gives each owner one random secret of 32 bytes, the same on every call, even the first ones at once",
      withStore(async (store) => {
        const [first, ...others] = await Promise.all(Array.from({ length: 8 }, () => store.ownerSecret(ALICE)));
        assert.equal(first?.length, 32);
        for (const other of others) assert.deepEqual(other, first);
        assert.notDeepEqual(await store.ownerSecret(BOB), first);
      }),
    );

    it(
      "imports an owner's existing secret once, and never replaces a secret it already has",
      withStore(async (store) => {
        const imported = new Uint8Array(32).fill(7);
        assert.equal(await store.importOwnerSecret(ALICE, imported), true);
        assert.deepEqual(await store.ownerSecret(ALICE), imported);
        assert.equal(await store.importOwnerSecret(ALICE, imported), true, "the same secret again is fine");
        assert.equal(await store.importOwnerSecret(ALICE, new Uint8Array(32).fill(8)), false);
        assert.deepEqual(await store.ownerSecret(ALICE), imported, "the first secret stays");
        const generated = await store.ownerSecret(BOB);
        assert.equal(await store.importOwnerSecret(BOB, imported), false, "a generated secret is not replaced either");
        assert.deepEqual(await store.ownerSecret(BOB), generated);
        await assert.rejects(store.importOwnerSecret(ALICE, new Uint8Array(16)), refusedWith("invalid_input"));
      }),
    );

    it(
      "lists each owner's restricted scopes, once each, and no public document",
      withStore(async (store) => {
        assert.deepEqual(await store.restrictedScopes(), []);
        await store.putDocument(restrictedDocument(BOB, SCOPE_A), NO_QUOTA);
        await store.putDocument(restrictedDocument(ALICE, SCOPE_B), NO_QUOTA);
        await store.putDocument(restrictedDocument(ALICE, SCOPE_A), NO_QUOTA);
        await store.putDocument(restrictedDocument(ALICE, SCOPE_A, "another"), NO_QUOTA);
        await store.putDocument(publicDocument(ALICE), NO_QUOTA);
        const expected = [
          { owner: ALICE, scopes: [SCOPE_A, SCOPE_B].sort() },
          { owner: BOB, scopes: [SCOPE_A] },
        ].sort((a, b) => a.owner.localeCompare(b.owner));
        assert.deepEqual(await store.restrictedScopes(), expected);
      }),
    );

    it("keeps documents, sessions, the log and secrets across reopening", async () => {
      const location = await backend.location();
      const doc = restrictedDocument(ALICE, SCOPE_A);
      const session = {
        idHash: sessionId(),
        address: BOB,
        audience: "https://vault.example.com",
        kind: "cookie" as const,
        expiresAt: new Date(Date.now() + 3_600_000),
      };
      const logged = { owner: ALICE, sha256: doc.sha256, reader: BOB, grant: "operator", at: new Date() };
      const expiresAt = new Date(Date.now() + 60_000);

      const store = await location.open();
      const { meta } = await store.putDocument(doc, NO_QUOTA);
      await store.createSession(session);
      await store.recordRead(logged);
      assert.equal(await store.consumeNonce("once", expiresAt), true);
      const secret = await store.ownerSecret(ALICE);
      await store.close();
      await store.close();

      const reopened = await location.open();
      try {
        const kept = await reopened.getDocument(ALICE, doc.sha256);
        assert.deepEqual(kept?.meta, meta);
        assert.deepEqual(Buffer.from(kept?.bytes ?? []), Buffer.from(doc.bytes));
        assert.deepEqual(await reopened.getSession(session.idHash), session);
        assert.deepEqual((await reopened.accessLog(ALICE, { limit: 5 })).entries, [logged]);
        assert.equal(await reopened.consumeNonce("once", expiresAt), false);
        assert.deepEqual(await reopened.ownerSecret(ALICE), secret);
      } finally {
        await reopened.close();
      }
    });
  });
}
