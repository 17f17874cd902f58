/** Shared helpers for the store tests: blocks, a fresh store, and a dump of everything it holds. */
import type { EntityData } from "../../src/schema.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import type { BlockWork, SqliteStoreOptions } from "../../src/store/sqlite-store.ts";
import type { EntityStore } from "../../src/store/types.ts";
import { fixtureSchema } from "./fixture.ts";

export const A = `0x${"aa".repeat(20)}`;
export const B = `0x${"bb".repeat(20)}`;
export const C = `0x${"cc".repeat(20)}`;

/** A block hash that differs between forks of the chain. */
export function hashOf(number: number, fork = 0): string {
  return `0x${fork.toString(16).padStart(2, "0")}${number.toString(16).padStart(62, "0")}`;
}

export function block(number: number, run: (store: EntityStore) => void, fork = 0): BlockWork {
  return {
    pointer: { number: BigInt(number), hash: hashOf(number, fork) },
    parentHash: hashOf(number - 1, fork),
    timestamp: BigInt(1_700_000_000 + number * 12),
    run,
  };
}

export function openStore(options: Partial<SqliteStoreOptions> = {}): SqliteStore {
  return new SqliteStore({ schema: fixtureSchema(), deployment: "test", path: ":memory:", ...options });
}

/** Every entity of every type, by type, ordered by id. */
export function dump(store: SqliteStore): Record<string, EntityData[]> {
  const out: Record<string, EntityData[]> = {};
  for (const entity of store.schema.entities.keys()) out[entity] = store.find({ entity, first: 10_000, skip: 0 });
  return out;
}

export function company(id: string, name: string, extra: EntityData = {}): EntityData {
  return { id, name, status: "ACTIVE", employees: 1, shares: 0n, listed: false, tags: [], ...extra };
}
