/**
 * The embedded store: SQLite (WAL) for rows, content-addressed files for bytes, under one data directory:
 *
 *     <dataDir>/vault.sqlite     documents, sessions, nonces, access log, owner secrets
 *     <dataDir>/blobs/ab/ab...   the bytes, one file per SHA-256 (see blob-files.ts)
 *
 * One process owns a data directory: the database is opened in exclusive locking mode, so a second store (in this
 * process or another) is refused with "locked", and the lock dies with the process. That is what makes it safe to
 * sweep crash leftovers on open, and lets SQL checks and writes run without a transaction: node:sqlite is synchronous,
 * so no other task of this process runs between two statements, and no other process can.
 *
 * A document is written blob first (durably), row second, so a row never points at missing bytes; a crash in between
 * leaves only an orphan blob, swept on the next open. A blob goes when the last row referring to it does. Puts and
 * deletes of the same bytes take turns (a per-hash lock), so a delete never collects a blob that a put is about to use.
 */
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";

import { BlobFiles } from "./blob-files.ts";
import { documentCursor, logCursor, parseDocumentCursor, parseLogCursor } from "./cursor.ts";
import { checkQuota, groupScopes, newMeta, reupload } from "./documents.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { migrate } from "./sqlite-schema.ts";
import { VaultStoreError } from "./types.ts";
import type {
  AccessLogEntry,
  Address,
  Bytes32,
  DocumentMeta,
  NewDocument,
  PageRequest,
  ReadRecord,
  Session,
  UploadLimits,
  VaultStore,
  Visibility,
} from "./types.ts";
import {
  checkAddress,
  checkNewDocument,
  checkNonce,
  checkPage,
  checkReadRecord,
  checkSession,
  checkSecret,
  checkSessionId,
  checkSha256,
} from "./validate.ts";

const DATABASE_FILE = "vault.sqlite";
const BLOBS_DIRECTORY = "blobs";
const SQLITE_BUSY = 5;

const DOCUMENT_COLUMNS = "owner, sha256, size, content_type, visibility, scope, created_at";

type Row = Record<string, unknown>;

export async function openSqliteVaultStore(dataDir: string): Promise<VaultStore> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  try {
    migrate(db);
    const store = new SqliteVaultStore(db, await BlobFiles.open(path.join(dataDir, BLOBS_DIRECTORY)));
    await store.sweep();
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}

function openDatabase(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  try {
    // Exclusive locking before WAL: no shared-memory index, and the write lock, once taken, is held until close.
    // synchronous = FULL makes each commit durable, as an upload answered 201 must be.
    db.exec("PRAGMA locking_mode = EXCLUSIVE; PRAGMA busy_timeout = 0");
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL");
    db.exec("BEGIN IMMEDIATE; COMMIT");
    return db;
  } catch (error) {
    db.close();
    if ((error as { errcode?: number }).errcode === SQLITE_BUSY) {
      throw new VaultStoreError("locked", `another vault store holds ${path.dirname(file)}`, { cause: error });
    }
    throw error;
  }
}

class SqliteVaultStore implements VaultStore {
  readonly #db: DatabaseSync;
  readonly #blobs: BlobFiles;
  readonly #blobTurns = new KeyedMutex();
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, blobs: BlobFiles) {
    this.#db = db;
    this.#blobs = blobs;
  }

  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #isReferenced(sha256: string): boolean {
    return this.#sql("SELECT 1 FROM vault_documents WHERE sha256 = ? LIMIT 1").get(sha256) !== undefined;
  }

  #meta(owner: Address, sha256: string): DocumentMeta | null {
    const row = this.#sql(`SELECT ${DOCUMENT_COLUMNS} FROM vault_documents WHERE owner = ? AND sha256 = ?`).get(
      owner,
      sha256,
    );
    return row === undefined ? null : toMeta(row);
  }

  /** Removes what crashes left behind; runs on open, before anyone else can write. */
  async sweep(): Promise<void> {
    await this.#blobs.sweep((sha256) => this.#isReferenced(sha256));
  }

  // --- documents -----------------------------------------------------------------------------------------------------

  async putDocument(doc: NewDocument, limits: UploadLimits): Promise<{ meta: DocumentMeta; created: boolean }> {
    checkNewDocument(doc, limits);
    return this.#blobTurns.run(doc.sha256, async () => {
      const existing = this.#admit(doc, limits);
      if (existing !== null) return { meta: existing, created: false };
      if (!(await this.#blobs.has(doc.sha256, doc.bytes.length))) await this.#blobs.write(doc.sha256, doc.bytes);
      try {
        // Other documents of this owner may have been stored while the blob was written: admit again, then insert.
        const raced = this.#admit(doc, limits);
        if (raced !== null) return { meta: raced, created: false };
        const meta = newMeta(doc);
        this.#sql(`INSERT INTO vault_documents (${DOCUMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
          meta.owner,
          meta.sha256,
          meta.size,
          meta.contentType,
          meta.visibility,
          meta.scope,
          meta.createdAt.getTime(),
        );
        return { meta, created: true };
      } catch (error) {
        if (!this.#isReferenced(doc.sha256)) await this.#blobs.remove(doc.sha256);
        throw error;
      }
    });
  }

  /** The stored document if this is a re-upload of it, else null once the new one fits the quota. */
  #admit(doc: NewDocument, limits: UploadLimits): DocumentMeta | null {
    const stored = this.#meta(doc.owner, doc.sha256);
    if (stored !== null) return reupload(stored, doc);
    checkQuota(doc, limits, this.#usage(doc.owner).bytes);
    return null;
  }

  async getDocument(owner: Address, sha256: string): Promise<{ meta: DocumentMeta; bytes: Uint8Array } | null> {
    checkAddress(owner, "owner");
    checkSha256(sha256);
    const fast = await this.#read(owner, sha256);
    if (fast !== "missing") return fast;
    // The blob went between the row and the file: a delete (and maybe a new put) ran meanwhile. Ask again while no
    // put or delete of these bytes can run.
    return this.#blobTurns.run(sha256, async () => {
      const settled = await this.#read(owner, sha256);
      if (settled !== "missing") return settled;
      throw new VaultStoreError("corrupt", `the bytes of ${owner}/${sha256} are missing or of the wrong size`);
    });
  }

  async #read(owner: Address, sha256: string): Promise<{ meta: DocumentMeta; bytes: Uint8Array } | null | "missing"> {
    const meta = this.#meta(owner, sha256);
    if (meta === null) return null;
    const bytes = await this.#blobs.read(sha256);
    return bytes !== null && bytes.length === meta.size ? { meta, bytes } : "missing";
  }

  async getMeta(owner: Address, sha256: string): Promise<DocumentMeta | null> {
    checkAddress(owner, "owner");
    checkSha256(sha256);
    return this.#meta(owner, sha256);
  }

  async listDocuments(owner: Address, page: PageRequest): Promise<{ documents: DocumentMeta[]; next: string | null }> {
    checkAddress(owner, "owner");
    checkPage(page);
    const order = `ORDER BY created_at DESC, sha256 DESC LIMIT ?`;
    const where = page.scope === undefined ? "owner = ?" : "owner = ? AND scope = ?";
    const keys: string[] = page.scope === undefined ? [owner] : [owner, page.scope];
    let rows: Row[];
    if (page.after === undefined) {
      rows = this.#sql(`SELECT ${DOCUMENT_COLUMNS} FROM vault_documents WHERE ${where} ${order}`).all(
        ...keys,
        page.limit + 1,
      );
    } else {
      const cursor = parseDocumentCursor(page.after);
      rows = this.#sql(
        `SELECT ${DOCUMENT_COLUMNS} FROM vault_documents WHERE ${where} AND (created_at, sha256) < (?, ?) ${order}`,
      ).all(...keys, cursor.createdAt.getTime(), cursor.sha256, page.limit + 1);
    }
    const documents = rows.slice(0, page.limit).map(toMeta);
    const last = documents.at(-1);
    return { documents, next: rows.length > page.limit && last !== undefined ? documentCursor(last) : null };
  }

  async deleteDocument(owner: Address, sha256: string): Promise<boolean> {
    checkAddress(owner, "owner");
    checkSha256(sha256);
    return this.#blobTurns.run(sha256, async () => {
      const deleted = this.#sql("DELETE FROM vault_documents WHERE owner = ? AND sha256 = ?").run(owner, sha256);
      if (deleted.changes === 0) return false;
      if (!this.#isReferenced(sha256)) await this.#blobs.remove(sha256);
      return true;
    });
  }

  async usage(owner: Address): Promise<{ documents: number; bytes: number }> {
    checkAddress(owner, "owner");
    return this.#usage(owner);
  }

  async restrictedScopes(): Promise<{ owner: Address; scopes: Bytes32[] }[]> {
    const rows = this.#sql(
      "SELECT DISTINCT owner, scope FROM vault_documents WHERE visibility = 'restricted' ORDER BY owner, scope",
    ).all() as { owner: Address; scope: Bytes32 }[];
    return groupScopes(rows);
  }

  #usage(owner: Address): { documents: number; bytes: number } {
    const row = this.#sql(
      "SELECT count(*) AS documents, coalesce(sum(size), 0) AS bytes FROM vault_documents WHERE owner = ?",
    ).get(owner) as { documents: number; bytes: number };
    return { documents: row.documents, bytes: row.bytes };
  }

  // --- nonces and sessions -------------------------------------------------------------------------------------------

  async consumeNonce(nonce: string, expiresAt: Date): Promise<boolean> {
    checkNonce(nonce, expiresAt);
    const now = Date.now();
    if (expiresAt.getTime() <= now) return false;
    this.#sql("DELETE FROM vault_nonces WHERE expires_at <= ?").run(now);
    const inserted = this.#sql(
      "INSERT INTO vault_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING",
    ).run(nonce, expiresAt.getTime());
    return inserted.changes === 1;
  }

  async createSession(session: Session): Promise<void> {
    checkSession(session);
    this.#sql("DELETE FROM vault_sessions WHERE expires_at <= ?").run(Date.now());
    const inserted = this.#sql(
      "INSERT INTO vault_sessions (id_hash, address, audience, kind, expires_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (id_hash) DO NOTHING",
    ).run(session.idHash, session.address, session.audience, session.kind, session.expiresAt.getTime());
    if (inserted.changes === 0) throw new VaultStoreError("conflict", "a session with this id hash exists");
  }

  async getSession(idHash: string): Promise<Session | null> {
    checkSessionId(idHash);
    const row = this.#sql(
      "SELECT id_hash, address, audience, kind, expires_at FROM vault_sessions WHERE id_hash = ? AND expires_at > ?",
    ).get(idHash, Date.now());
    if (row === undefined) return null;
    return {
      idHash: row.id_hash as string,
      address: row.address as Address,
      audience: row.audience as string,
      kind: row.kind as Session["kind"],
      expiresAt: new Date(row.expires_at as number),
    };
  }

  async deleteSession(idHash: string): Promise<void> {
    checkSessionId(idHash);
    this.#sql("DELETE FROM vault_sessions WHERE id_hash = ?").run(idHash);
  }

  // --- access log and owner secrets ----------------------------------------------------------------------------------

  async recordRead(entry: ReadRecord): Promise<void> {
    checkReadRecord(entry);
    this.#sql("INSERT INTO vault_access_log (owner, sha256, reader, granted_by, at) VALUES (?, ?, ?, ?, ?)").run(
      entry.owner,
      entry.sha256,
      entry.reader,
      entry.grant,
      entry.at.getTime(),
    );
  }

  async accessLog(owner: Address, page: PageRequest): Promise<{ entries: AccessLogEntry[]; next: string | null }> {
    checkAddress(owner, "owner");
    checkPage(page);
    const before = page.after === undefined ? null : parseLogCursor(page.after);
    const select = "SELECT id, owner, sha256, reader, granted_by, at FROM vault_access_log WHERE owner = ?";
    const order = "ORDER BY id DESC LIMIT ?";
    const rows =
      before === null
        ? this.#sql(`${select} ${order}`).all(owner, page.limit + 1)
        : this.#sql(`${select} AND id < ? ${order}`).all(owner, before, page.limit + 1);
    const kept = rows.slice(0, page.limit);
    const last = kept.at(-1);
    return {
      entries: kept.map((row) => ({
        owner: row.owner as Address,
        sha256: row.sha256 as string,
        reader: row.reader as Address,
        grant: row.granted_by as string,
        at: new Date(row.at as number),
      })),
      next: rows.length > page.limit && last !== undefined ? logCursor(BigInt(last.id as number)) : null,
    };
  }

  async ownerSecret(owner: Address): Promise<Uint8Array> {
    checkAddress(owner, "owner");
    this.#sql("INSERT INTO vault_owner_secrets (owner, secret) VALUES (?, ?) ON CONFLICT (owner) DO NOTHING").run(
      owner,
      randomBytes(32),
    );
    const row = this.#sql("SELECT secret FROM vault_owner_secrets WHERE owner = ?").get(owner) as {
      secret: Uint8Array;
    };
    return new Uint8Array(row.secret);
  }

  async importOwnerSecret(owner: Address, secret: Uint8Array): Promise<boolean> {
    checkAddress(owner, "owner");
    checkSecret(secret);
    this.#sql("INSERT INTO vault_owner_secrets (owner, secret) VALUES (?, ?) ON CONFLICT (owner) DO NOTHING").run(
      owner,
      secret,
    );
    const row = this.#sql("SELECT secret FROM vault_owner_secrets WHERE owner = ?").get(owner) as {
      secret: Uint8Array;
    };
    return Buffer.from(row.secret).equals(Buffer.from(secret));
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toMeta(row: Row): DocumentMeta {
  return {
    owner: row.owner as Address,
    sha256: row.sha256 as string,
    size: row.size as number,
    contentType: row.content_type as string,
    visibility: row.visibility as Visibility,
    scope: row.scope as Bytes32 | null,
    createdAt: new Date(row.created_at as number),
  };
}
