/**
 * The vault's storage (see types.ts for what a store promises). Open one store per process and share it: the
 * embedded store refuses a second opener of the same data directory ("locked").
 */
import type { VaultStore } from "./types.ts";

export type VaultStoreConfig =
  /** The embedded store: SQLite and files in this directory (created if missing, readable by this user only). */
  | { dataDir: string }
  /** PostgreSQL; the schema is created or migrated on open. */
  | { databaseUrl: string; maxConnections?: number };

/** Loads only the backend it opens: no PostgreSQL driver for the embedded store, no SQLite for PostgreSQL. */
export async function openVaultStore(config: VaultStoreConfig): Promise<VaultStore> {
  if ("databaseUrl" in config) return (await import("./postgres-store.ts")).openPostgresVaultStore(config);
  return (await import("./sqlite-store.ts")).openSqliteVaultStore(config.dataDir);
}

export { MAX_PAGE_LIMIT, VaultStoreError } from "./types.ts";
export type {
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
  VaultStoreErrorCode,
  Visibility,
} from "./types.ts";
export { sha256Hex } from "./validate.ts";
