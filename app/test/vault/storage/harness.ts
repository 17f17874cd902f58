/** What the storage tests need from each backend, and small builders of test values. */
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";

import pg from "pg";

import { openVaultStore, sha256Hex } from "../../../src/vault/storage/index.ts";
import type { Address, Bytes32, NewDocument, VaultStore } from "../../../src/vault/storage/index.ts";

/** A place a store keeps its data: a data directory, or a PostgreSQL database. */
export interface StoreLocation {
  /** Opens a store on this location; may be called again after closing, to reopen the same data. */
  open(): Promise<VaultStore>;
  /** The hashes of the blobs stored underneath, sorted: how many times bytes are really kept. */
  blobs(): Promise<string[]>;
}

export interface Backend {
  name: string;
  /** A new, empty location. */
  location(): Promise<StoreLocation>;
}

/** An embedded store's data directory. */
export function sqliteLocation(dataDir: string): StoreLocation {
  return { open: () => openVaultStore({ dataDir }), blobs: () => filesUnder(path.join(dataDir, "blobs")) };
}

/** A PostgreSQL database, or a schema in one (a URL with `options=-c search_path=...`). */
export function postgresLocation(databaseUrl: string): StoreLocation {
  return {
    open: () => openVaultStore({ databaseUrl }),
    async blobs() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const result = await client.query<{ sha256: string }>("SELECT sha256 FROM vault_blobs");
        return result.rows.map((row) => row.sha256).sort();
      } finally {
        await client.end();
      }
    },
  };
}

let schemas = 0;

/**
 * A new, empty schema in the database at `databaseUrl`, as the URL of a store that keeps its tables there: far quicker
 * to make than a database, and it shows the store works outside the `public` schema.
 */
export async function postgresSchema(databaseUrl: string): Promise<string> {
  const name = `vault_${process.pid}_${++schemas}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${name}`);
  return url.toString();
}

/** The names of the files in the fan-out directories under `blobs` (blobs, and anything else lying there), sorted. */
export async function filesUnder(blobs: string): Promise<string[]> {
  const names: string[] = [];
  for (const fanout of await readdir(blobs)) names.push(...(await readdir(path.join(blobs, fanout))));
  return names.sort();
}

export const ALICE = "0x00000000000000000000000000000000000a11ce" as Address;
export const BOB = "0x0000000000000000000000000000000000000b0b" as Address;
export const CAROL = "0x00000000000000000000000000000000000ca201" as Address;
export const SCOPE_A = `0x${"a".repeat(64)}` as Bytes32;
export const SCOPE_B = `0x${"b".repeat(64)}` as Bytes32;

export const NO_QUOTA = { quotaBytes: Number.MAX_SAFE_INTEGER };

/** A public document of `owner` holding `content` (random bytes when absent). */
export function publicDocument(owner: Address, content?: string | Uint8Array): NewDocument {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : (content ?? randomBytes(64));
  return { owner, sha256: sha256Hex(bytes), contentType: "application/json", visibility: "public", scope: null, bytes };
}

export function restrictedDocument(owner: Address, scope: Bytes32, content?: string | Uint8Array): NewDocument {
  return { ...publicDocument(owner, content), visibility: "restricted", scope };
}

/** A hex SHA-256, as session ids are stored. */
export function sessionId(): string {
  return sha256Hex(randomBytes(32));
}
