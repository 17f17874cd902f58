/** Conversion between entities (EntityData) and table rows, and between id strings and id column values. */
import type { EntityData, JsValue } from "../schema.ts";
import { decodeField, encodeField, encodeScalar, hexFromBytes, normalizeHex } from "./codec.ts";
import type { SqlValue } from "./codec.ts";
import type { Table } from "./layout.ts";

export type Row = Record<string, SqlValue>;

/** The values for `columnList(table)`: every stored column, then the block that writes them. */
export function encodeRow(table: Table, data: EntityData, block: bigint): SqlValue[] {
  const values = table.columns.map((column) => {
    const value = data[column.field.name] ?? null;
    try {
      return encodeField(column.field, value);
    } catch (error) {
      throw new Error(`${table.entity.name}.${column.field.name}: ${(error as Error).message}`, { cause: error });
    }
  });
  if (values[0] === null) throw new Error(`${table.entity.name}: an entity needs an id`);
  values.push(block);
  return values;
}

/**
 * The entity exactly as reading it back from its row would give it: values checked against their fields' types and
 * put in canonical form (lowercase hex, normalized decimals), derived fields and nulls left out.
 */
export function canonicalEntity(table: Table, data: EntityData): EntityData {
  const out: EntityData = {};
  for (const [name, value] of Object.entries(data)) {
    const field = table.entity.fieldsByName.get(name);
    if (field === undefined) throw new Error(`${table.entity.name} has no field "${name}"`);
    if (field.derivedFrom !== undefined || value === null) continue;
    try {
      out[name] = decodeField(field, encodeField(field, value));
    } catch (error) {
      throw new Error(`${table.entity.name}.${name}: ${(error as Error).message}`, { cause: error });
    }
  }
  return out;
}

/** An entity from a row read with `columnList(table)`. Null fields are left out, as graph-node leaves them out. */
export function decodeRow(table: Table, row: Row): EntityData {
  const data: EntityData = {};
  for (const column of table.columns) {
    const value = row[column.field.name] ?? null;
    if (value !== null) data[column.field.name] = decodeField(column.field, value);
  }
  return data;
}

/** The id column value for an id in its string form (Bytes as hex, Int8 as decimal). */
export function idToSql(table: Table, id: string): SqlValue {
  switch (table.entity.idScalar) {
    case "Bytes":
      return encodeScalar("Bytes", id);
    case "Int8":
      if (!/^-?\d+$/.test(id)) throw new TypeError(`${table.entity.name} ids are Int8; "${id}" is not an integer`);
      return BigInt(id);
    default:
      return id;
  }
}

/** The string form of an id value as stored in EntityData (Bytes: hex, Int8: bigint). */
export function idString(table: Table, id: JsValue): string {
  switch (table.entity.idScalar) {
    case "Bytes":
      if (typeof id !== "string") break;
      return normalizeHex(id);
    case "Int8":
      if (typeof id === "bigint") return id.toString();
      if (typeof id !== "string" || !/^-?\d+$/.test(id)) break;
      return BigInt(id).toString();
    default:
      if (typeof id !== "string") break;
      return id;
  }
  throw new TypeError(`${table.entity.name}.id must be a ${table.entity.idScalar}, got ${typeof id} ${String(id)}`);
}

/** The string form of an id read from the id column. */
export function idFromSql(table: Table, value: SqlValue): string {
  if (value instanceof Uint8Array) return hexFromBytes(value);
  return String(value);
}
