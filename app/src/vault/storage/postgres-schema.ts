/**
 * The PostgreSQL schema, as migrations applied in order on open, in one transaction under an advisory lock so that
 * several vault instances starting together migrate once. `vault_schema` counts those applied. Append new migrations,
 * never edit old ones.
 *
 * Bytes live in the database (`vault_blobs.bytea`), not in files: a document's blob and row then commit in one
 * transaction, the foreign key makes a row without its bytes impossible, every instance sees the same data without a
 * shared filesystem, and one backup holds everything. Documents are at most a few MiB (TOAST stores them out of line),
 * which bytea handles well; for much larger objects an object store would be the better home.
 */
import type { PoolClient } from "pg";

import { VaultStoreError } from "./types.ts";

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE vault_blobs (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes  bytea NOT NULL
  );

  CREATE TABLE vault_documents (
    owner        text NOT NULL,
    sha256       text NOT NULL REFERENCES vault_blobs (sha256),
    size         integer NOT NULL CHECK (size > 0),
    content_type text NOT NULL,
    visibility   text NOT NULL CHECK (visibility IN ('public', 'restricted')),
    scope        text CHECK ((visibility = 'public') = (scope IS NULL)),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (owner, sha256)
  );
  CREATE INDEX vault_documents_by_sha256 ON vault_documents (sha256);
  CREATE INDEX vault_documents_by_age ON vault_documents (owner, created_at DESC, sha256 DESC);

  CREATE TABLE vault_sessions (
    id_hash    text PRIMARY KEY,
    address    text NOT NULL,
    audience   text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX vault_sessions_by_expiry ON vault_sessions (expires_at);

  CREATE TABLE vault_nonces (
    nonce      text PRIMARY KEY,
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX vault_nonces_by_expiry ON vault_nonces (expires_at);

  CREATE TABLE vault_access_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner      text NOT NULL,
    sha256     text NOT NULL,
    reader     text NOT NULL,
    granted_by text NOT NULL,
    at         timestamptz NOT NULL
  );
  CREATE INDEX vault_access_log_by_owner ON vault_access_log (owner, id DESC);

  CREATE TABLE vault_owner_secrets (
    owner  text PRIMARY KEY,
    secret bytea NOT NULL CHECK (octet_length(secret) = 32)
  );
  `,
];

/** Run inside a transaction. */
export async function migrate(client: PoolClient): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended('constellate.vault.schema', 0))");
  await client.query("CREATE TABLE IF NOT EXISTS vault_schema (version integer NOT NULL)");
  const result = await client.query<{ version: number | null }>("SELECT max(version) AS version FROM vault_schema");
  const applied = result.rows[0]?.version ?? 0;
  if (applied > MIGRATIONS.length) {
    throw new VaultStoreError(
      "incompatible",
      `the database is at schema version ${applied}, newer than this vault knows (${MIGRATIONS.length})`,
    );
  }
  for (let version = applied; version < MIGRATIONS.length; version++) {
    await client.query(MIGRATIONS[version] as string);
    await client.query("INSERT INTO vault_schema (version) VALUES ($1)", [version + 1]);
  }
}
