/**
 * The store on PostgreSQL (DATABASE_URL), for several vault instances sharing one database. Same behaviour as the
 * embedded store; the schema and why bytes live in the database are in postgres-schema.ts.
 *
 * Concurrency, with instances racing each other:
 * - Uploads of one owner take turns (an advisory lock per owner), so two cannot both fit a quota with room for one.
 * - An upload pins the shared blob (a KEY SHARE row lock) before its row refers to it, and collecting a blob skips
 *   pinned ones (FOR UPDATE SKIP LOCKED) and any that a row refers to, so no row ever outlives its bytes.
 * - Nonces and session ids are primary keys: INSERT ... ON CONFLICT DO NOTHING lets exactly one caller win.
 * - Expiry is judged by the database's clock, the one clock all instances share.
 */
import { randomBytes } from "node:crypto";

import { Pool } from "pg";
import type { PoolClient } from "pg";

import { documentCursor, logCursor, parseDocumentCursor, parseLogCursor } from "./cursor.ts";
import { checkQuota, groupScopes, newMeta, reupload } from "./documents.ts";
import { migrate } from "./postgres-schema.ts";
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

const DOCUMENT_COLUMNS = "owner, sha256, size, content_type, visibility, scope, created_at";
const FOREIGN_KEY_VIOLATION = "23503";

const UNREFERENCED = "NOT EXISTS (SELECT 1 FROM vault_documents d WHERE d.sha256 = b.sha256)";
const COLLECT_BLOB =
  "DELETE FROM vault_blobs WHERE sha256 IN " +
  `(SELECT sha256 FROM vault_blobs b WHERE b.sha256 = $1 AND ${UNREFERENCED} FOR UPDATE SKIP LOCKED)`;
const COLLECT_ALL_BLOBS =
  "DELETE FROM vault_blobs WHERE sha256 IN " +
  `(SELECT sha256 FROM vault_blobs b WHERE ${UNREFERENCED} FOR UPDATE SKIP LOCKED)`;
/** Each retry needs a concurrent delete of the same bytes to commit in between; more than a few means something is off. */
const MAX_PIN_ATTEMPTS = 10;

interface DocumentRow {
  owner: string;
  sha256: string;
  size: number;
  content_type: string;
  visibility: string;
  scope: string | null;
  created_at: Date;
}

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
}

export async function openPostgresVaultStore(options: PostgresStoreOptions): Promise<VaultStore> {
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    // When the database is down or saturated, fail the request rather than hold it forever.
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection that fails (the server restarted) is dropped by the pool; unhandled, the event would crash us.
  // After close, connections still closing may fail too: nothing to report then.
  pool.on("error", (error) => {
    if (!pool.ended) console.warn(`vault store: an idle PostgreSQL connection failed: ${error.message}`);
  });
  try {
    const store = new PostgresVaultStore(pool);
    await store.transaction(migrate);
    await store.collectBlobs(null);
    return store;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

class PostgresVaultStore implements VaultStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Deletes blobs no row refers to and no upload has pinned: the given one, or (null) all of them, as a crash between
   * deleting a row and its blob leaves behind.
   */
  async collectBlobs(sha256: string | null): Promise<void> {
    try {
      if (sha256 === null) await this.#pool.query(COLLECT_ALL_BLOBS);
      else await this.#pool.query(COLLECT_BLOB, [sha256]);
    } catch (error) {
      // A row referring to the blob committed while we looked: the blob stays, as it should.
      if ((error as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw error;
    }
  }

  // --- documents -----------------------------------------------------------------------------------------------------

  async putDocument(doc: NewDocument, limits: UploadLimits): Promise<{ meta: DocumentMeta; created: boolean }> {
    checkNewDocument(doc, limits);
    return this.transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('constellate.vault.owner:' || $1, 0))", [
        doc.owner,
      ]);
      const stored = await selectMeta(client, doc.owner, doc.sha256);
      if (stored !== null) return { meta: reupload(stored, doc), created: false };
      checkQuota(doc, limits, (await selectUsage(client, doc.owner)).bytes);
      await pinBlob(client, doc);
      const meta = newMeta(doc);
      await client.query(`INSERT INTO vault_documents (${DOCUMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        meta.owner,
        meta.sha256,
        meta.size,
        meta.contentType,
        meta.visibility,
        meta.scope,
        meta.createdAt,
      ]);
      return { meta, created: true };
    });
  }

  async getDocument(owner: Address, sha256: string): Promise<{ meta: DocumentMeta; bytes: Uint8Array } | null> {
    checkAddress(owner, "owner");
    checkSha256(sha256);
    const result = await this.#pool.query<DocumentRow & { bytes: Buffer }>(
      `SELECT d.owner, d.sha256, d.size, d.content_type, d.visibility, d.scope, d.created_at, b.bytes ` +
        `FROM vault_documents d JOIN vault_blobs b ON b.sha256 = d.sha256 WHERE d.owner = $1 AND d.sha256 = $2`,
      [owner, sha256],
    );
    const row = result.rows[0];
    if (row === undefined) return null;
    const meta = toMeta(row);
    if (row.bytes.length !== meta.size) {
      throw new VaultStoreError("corrupt", `the bytes of ${owner}/${sha256} are of the wrong size`);
    }
    return { meta, bytes: row.bytes };
  }

  async getMeta(owner: Address, sha256: string): Promise<DocumentMeta | null> {
    checkAddress(owner, "owner");
    checkSha256(sha256);
    return selectMeta(this.#pool, owner, sha256);
  }

  async listDocuments(owner: Address, page: PageRequest): Promise<{ documents: DocumentMeta[]; next: string | null }> {
    checkAddress(owner, "owner");
    checkPage(page);
    const scoped = page.scope !== undefined;
    const select = `SELECT ${DOCUMENT_COLUMNS} FROM vault_documents WHERE owner = $1${scoped ? " AND scope = $3" : ""}`;
    const order = "ORDER BY created_at DESC, sha256 DESC LIMIT $2";
    const cursor = page.after === undefined ? null : parseDocumentCursor(page.after);
    const first = scoped ? 4 : 3;
    const params: unknown[] = [owner, page.limit + 1, ...(scoped ? [page.scope] : [])];
    const result =
      cursor === null
        ? await this.#pool.query<DocumentRow>(`${select} ${order}`, params)
        : await this.#pool.query<DocumentRow>(
            `${select} AND (created_at, sha256) < ($${first}::timestamptz, $${first + 1}::text) ${order}`,
            [...params, cursor.createdAt, cursor.sha256],
          );
    const documents = result.rows.slice(0, page.limit).map(toMeta);
    const last = documents.at(-1);
    return { documents, next: result.rows.length > page.limit && last !== undefined ? documentCursor(last) : null };
  }

  async deleteDocument(owner: Address, sha256: string): Promise<boolean> {
    checkAddress(owner, "owner");
    checkSha256(sha256);
    const deleted = await this.#pool.query("DELETE FROM vault_documents WHERE owner = $1 AND sha256 = $2", [
      owner,
      sha256,
    ]);
    if (deleted.rowCount === 0) return false;
    await this.collectBlobs(sha256);
    return true;
  }

  async usage(owner: Address): Promise<{ documents: number; bytes: number }> {
    checkAddress(owner, "owner");
    return selectUsage(this.#pool, owner);
  }

  async restrictedScopes(): Promise<{ owner: Address; scopes: Bytes32[] }[]> {
    const result = await this.#pool.query<{ owner: Address; scope: Bytes32 }>(
      "SELECT DISTINCT owner, scope FROM vault_documents WHERE visibility = 'restricted' ORDER BY owner, scope",
    );
    return groupScopes(result.rows);
  }

  // --- nonces and sessions -------------------------------------------------------------------------------------------

  async consumeNonce(nonce: string, expiresAt: Date): Promise<boolean> {
    checkNonce(nonce, expiresAt);
    await this.#pool.query("DELETE FROM vault_nonces WHERE expires_at <= now()");
    const inserted = await this.#pool.query(
      "INSERT INTO vault_nonces (nonce, expires_at) SELECT $1::text, $2::timestamptz WHERE $2::timestamptz > now() " +
        "ON CONFLICT (nonce) DO NOTHING",
      [nonce, expiresAt],
    );
    return inserted.rowCount === 1;
  }

  async createSession(session: Session): Promise<void> {
    checkSession(session);
    await this.#pool.query("DELETE FROM vault_sessions WHERE expires_at <= now()");
    const inserted = await this.#pool.query(
      "INSERT INTO vault_sessions (id_hash, address, audience, kind, expires_at) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (id_hash) DO NOTHING",
      [session.idHash, session.address, session.audience, session.kind, session.expiresAt],
    );
    if (inserted.rowCount === 0) throw new VaultStoreError("conflict", "a session with this id hash exists");
  }

  async getSession(idHash: string): Promise<Session | null> {
    checkSessionId(idHash);
    const result = await this.#pool.query<{
      id_hash: string;
      address: string;
      audience: string;
      kind: Session["kind"];
      expires_at: Date;
    }>(
      "SELECT id_hash, address, audience, kind, expires_at FROM vault_sessions WHERE id_hash = $1 AND expires_at > now()",
      [idHash],
    );
    const row = result.rows[0];
    if (row === undefined) return null;
    return {
      idHash: row.id_hash,
      address: row.address as Address,
      audience: row.audience,
      kind: row.kind,
      expiresAt: row.expires_at,
    };
  }

  async deleteSession(idHash: string): Promise<void> {
    checkSessionId(idHash);
    await this.#pool.query("DELETE FROM vault_sessions WHERE id_hash = $1", [idHash]);
  }

  // --- access log and owner secrets ----------------------------------------------------------------------------------

  async recordRead(entry: ReadRecord): Promise<void> {
    checkReadRecord(entry);
    await this.#pool.query(
      "INSERT INTO vault_access_log (owner, sha256, reader, granted_by, at) VALUES ($1, $2, $3, $4, $5)",
      [entry.owner, entry.sha256, entry.reader, entry.grant, entry.at],
    );
  }

  async accessLog(owner: Address, page: PageRequest): Promise<{ entries: AccessLogEntry[]; next: string | null }> {
    checkAddress(owner, "owner");
    checkPage(page);
    const before = page.after === undefined ? null : parseLogCursor(page.after);
    const select = "SELECT id, owner, sha256, reader, granted_by, at FROM vault_access_log WHERE owner = $1";
    const order = "ORDER BY id DESC LIMIT $2";
    type LogRow = { id: string; owner: string; sha256: string; reader: string; granted_by: string; at: Date };
    const result =
      before === null
        ? await this.#pool.query<LogRow>(`${select} ${order}`, [owner, page.limit + 1])
        : await this.#pool.query<LogRow>(`${select} AND id < $3 ${order}`, [owner, page.limit + 1, before]);
    const kept = result.rows.slice(0, page.limit);
    const last = kept.at(-1);
    return {
      entries: kept.map((row) => ({
        owner: row.owner as Address,
        sha256: row.sha256,
        reader: row.reader as Address,
        grant: row.granted_by,
        at: row.at,
      })),
      next: result.rows.length > page.limit && last !== undefined ? logCursor(BigInt(last.id)) : null,
    };
  }

  async ownerSecret(owner: Address): Promise<Uint8Array> {
    checkAddress(owner, "owner");
    // Two statements, not one: the SELECT must see a secret that a concurrent first use committed meanwhile.
    await this.#pool.query(
      "INSERT INTO vault_owner_secrets (owner, secret) VALUES ($1, $2) ON CONFLICT (owner) DO NOTHING",
      [owner, randomBytes(32)],
    );
    const result = await this.#pool.query<{ secret: Buffer }>(
      "SELECT secret FROM vault_owner_secrets WHERE owner = $1",
      [owner],
    );
    return new Uint8Array((result.rows[0] as { secret: Buffer }).secret);
  }

  async importOwnerSecret(owner: Address, secret: Uint8Array): Promise<boolean> {
    checkAddress(owner, "owner");
    checkSecret(secret);
    await this.#pool.query(
      "INSERT INTO vault_owner_secrets (owner, secret) VALUES ($1, $2) ON CONFLICT (owner) DO NOTHING",
      [owner, Buffer.from(secret)],
    );
    const result = await this.#pool.query<{ secret: Buffer }>(
      "SELECT secret FROM vault_owner_secrets WHERE owner = $1",
      [owner],
    );
    return (result.rows[0] as { secret: Buffer }).secret.equals(Buffer.from(secret));
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}

type Queryable = Pick<Pool, "query">;

async function selectMeta(db: Queryable, owner: string, sha256: string): Promise<DocumentMeta | null> {
  const result = await db.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM vault_documents WHERE owner = $1 AND sha256 = $2`,
    [owner, sha256],
  );
  const row = result.rows[0];
  return row === undefined ? null : toMeta(row);
}

async function selectUsage(db: Queryable, owner: string): Promise<{ documents: number; bytes: number }> {
  // sum() of integers is a bigint, which pg hands over as a string.
  const result = await db.query<{ documents: number; bytes: string }>(
    "SELECT count(*)::integer AS documents, coalesce(sum(size), 0) AS bytes FROM vault_documents WHERE owner = $1",
    [owner],
  );
  const row = result.rows[0];
  return { documents: row?.documents ?? 0, bytes: Number(row?.bytes ?? 0) };
}

/**
 * Makes sure the document's blob exists and stays until this transaction ends: a KEY SHARE lock on its row, which a
 * concurrent collection skips. Bytes are sent only when the blob is not there yet.
 */
async function pinBlob(client: PoolClient, doc: NewDocument): Promise<void> {
  for (let attempt = 0; attempt < MAX_PIN_ATTEMPTS; attempt++) {
    const pinned = await client.query("SELECT 1 FROM vault_blobs WHERE sha256 = $1 FOR KEY SHARE", [doc.sha256]);
    if (pinned.rowCount === 1) return;
    // Waits for an upload of the same bytes in flight elsewhere, then does nothing if that one committed them.
    await client.query("INSERT INTO vault_blobs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING", [
      doc.sha256,
      doc.bytes,
    ]);
  }
  throw new VaultStoreError("conflict", `the bytes ${doc.sha256} kept being deleted while stored; try again`);
}

function toMeta(row: DocumentRow): DocumentMeta {
  return {
    owner: row.owner as Address,
    sha256: row.sha256,
    size: row.size,
    contentType: row.content_type,
    visibility: row.visibility as Visibility,
    scope: row.scope as Bytes32 | null,
    createdAt: row.created_at,
  };
}
