/**
 * The SQLite schema, as migrations applied in order on open; `PRAGMA user_version` counts those applied. Append new
 * migrations, never edit old ones. Times are milliseconds since the epoch.
 */
import type { DatabaseSync } from "node:sqlite";

import { VaultStoreError } from "./types.ts";

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE vault_documents (
    owner        TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    content_type TEXT NOT NULL,
    visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'restricted')),
    scope        TEXT CHECK ((visibility = 'public') = (scope IS NULL)),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (owner, sha256)
  ) WITHOUT ROWID;
  CREATE INDEX vault_documents_by_sha256 ON vault_documents (sha256);
  CREATE INDEX vault_documents_by_age ON vault_documents (owner, created_at DESC, sha256 DESC);

  CREATE TABLE vault_sessions (
    id_hash    TEXT PRIMARY KEY,
    address    TEXT NOT NULL,
    audience   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX vault_sessions_by_expiry ON vault_sessions (expires_at);

  CREATE TABLE vault_nonces (
    nonce      TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX vault_nonces_by_expiry ON vault_nonces (expires_at);

  CREATE TABLE vault_access_log (
    id         INTEGER PRIMARY KEY,
    owner      TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    reader     TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    at         INTEGER NOT NULL
  );
  CREATE INDEX vault_access_log_by_owner ON vault_access_log (owner, id DESC);

  CREATE TABLE vault_owner_secrets (
    owner  TEXT PRIMARY KEY,
    secret BLOB NOT NULL CHECK (length(secret) = 32)
  ) WITHOUT ROWID;
  `,
];

export function migrate(db: DatabaseSync): void {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  if (row.user_version > MIGRATIONS.length) {
    throw new VaultStoreError(
      "incompatible",
      `the database is at schema version ${row.user_version}, newer than this vault knows (${MIGRATIONS.length})`,
    );
  }
  for (let version = row.user_version; version < MIGRATIONS.length; version++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(MIGRATIONS[version] as string);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
}
