/**
 * What the mappings of one block see: reads go through this block's writes to the committed tables; writes stay in
 * memory (the last write of an entity wins) until `flush` applies them, each with the row it replaces saved in the
 * history table so the block can be undone.
 */
import type { EntityData, JsValue } from "../schema.ts";
import { listElement } from "./codec.ts";
import type { Table } from "./layout.ts";
import { canonicalEntity, decodeRow, encodeRow, idFromSql, idString, idToSql } from "./rows.ts";
import type { Row } from "./rows.ts";
import type { TableStatements } from "./statements.ts";
import type { EntityStore } from "./types.ts";

const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

export interface StoreTables {
  table(entity: string): Table;
  statements(table: Table): TableStatements;
}

export class BlockWrites implements EntityStore {
  readonly #tables: StoreTables;
  /** entity -> id (string form) -> the entity as last written in this block, or null once removed */
  readonly #writes = new Map<string, Map<string, EntityData | null>>();

  constructor(tables: StoreTables) {
    this.#tables = tables;
  }

  get(entity: string, id: string): EntityData | null {
    const table = this.#tables.table(entity);
    const key = idString(table, id);
    const written = this.#writes.get(entity)?.get(key);
    if (written !== undefined) return written === null ? null : copy(written);
    const row = this.#tables.statements(table).byId.get(idToSql(table, key)) as Row | undefined;
    return row === undefined ? null : decodeRow(table, row);
  }

  getInBlock(entity: string, id: string): EntityData | null {
    const table = this.#tables.table(entity);
    const written = this.#writes.get(entity)?.get(idString(table, id));
    return written === undefined || written === null ? null : copy(written);
  }

  set(entity: string, data: EntityData): void {
    const table = this.#tables.table(entity);
    const stored = canonicalEntity(table, data);
    this.#entityWrites(entity).set(idString(table, data.id ?? null), stored);
  }

  remove(entity: string, id: string): void {
    const table = this.#tables.table(entity);
    this.#entityWrites(entity).set(idString(table, id), null);
  }

  loadRelated(entity: string, id: string, field: string): EntityData[] {
    const parent = this.#tables.table(entity);
    const derived = parent.entity.fieldsByName.get(field);
    if (derived?.derivedFrom === undefined || derived.ref === undefined) {
      throw new Error(`loadRelated: ${entity}.${field} is not a field with @derivedFrom`);
    }
    const table = this.#tables.table(derived.ref);
    const back = table.entity.fieldsByName.get(derived.derivedFrom);
    if (back === undefined) throw new Error(`loadRelated: ${derived.ref} has no field ${derived.derivedFrom}`);
    const parentId = idString(parent, id);
    const statements = this.#tables.statements(table);
    const rows = (
      back.list
        ? statements.relatedByListMember(back.name).all(listElement(back.scalar, parentId) as string)
        : statements.relatedBy(back.name).all(idToSql(parent, parentId))
    ) as Row[];

    const written = this.#writes.get(table.entity.name) ?? new Map<string, EntityData | null>();
    const found = new Map<string, EntityData>();
    for (const row of rows) {
      const childId = idFromSql(table, row.id ?? null);
      if (!written.has(childId)) found.set(childId, decodeRow(table, row));
    }
    const pointsHere = (value: JsValue | undefined) =>
      value !== undefined && value !== null && idString(parent, value) === parentId;
    for (const [childId, data] of written) {
      if (data === null) continue;
      const value = data[back.name];
      const refers = Array.isArray(value) ? value.some(pointsHere) : pointsHere(value);
      if (refers) found.set(childId, copy(data));
    }
    return [...found.entries()].sort(([a], [b]) => compareIds(table, a, b)).map(([, data]) => data);
  }

  /** Applies this block's writes to the tables, saving what each replaces under `block` in the history. */
  flush(block: bigint): void {
    for (const [entity, writes] of this.#writes) {
      const table = this.#tables.table(entity);
      const statements = this.#tables.statements(table);
      for (const [id, data] of writes) {
        const key = idToSql(table, id);
        if (data === null) {
          if (Number(statements.saveExisting.run(block, key).changes) > 0) statements.delete.run(key);
        } else if (table.entity.immutable) {
          statements.saveMissing.run(block, key);
          try {
            statements.insert.run(...encodeRow(table, data, block));
          } catch (error) {
            if ((error as { errcode?: number }).errcode !== SQLITE_CONSTRAINT_PRIMARYKEY) throw error;
            throw new Error(`${entity} is immutable, and ${entity} ${id} was already written in an earlier block`);
          }
        } else {
          if (Number(statements.saveExisting.run(block, key).changes) === 0) statements.saveMissing.run(block, key);
          statements.upsert.run(...encodeRow(table, data, block));
        }
      }
    }
    this.#writes.clear();
  }

  #entityWrites(entity: string): Map<string, EntityData | null> {
    let writes = this.#writes.get(entity);
    if (writes === undefined) this.#writes.set(entity, (writes = new Map()));
    return writes;
  }
}

function copy(data: EntityData): EntityData {
  const out: EntityData = {};
  for (const [name, value] of Object.entries(data)) out[name] = Array.isArray(value) ? [...value] : value;
  return out;
}

/** Orders ids as the id column does: Int8 numerically, Bytes and strings bytewise. */
export function compareIds(table: Table, a: string, b: string): number {
  if (table.entity.idScalar === "Int8") {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
