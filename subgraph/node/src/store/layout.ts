/**
 * The SQLite tables generated from schema.graphql: one table per entity type, one column per stored field (named
 * after the field, always quoted), plus a history table per entity type for reverts. Identifiers come only from the
 * schema; internal names end in "$", which GraphQL names cannot contain, so they never collide with an entity or field.
 */
import { storedFields } from "../schema.ts";
import type { EntityType, FieldDef, SubgraphSchema } from "../schema.ts";
import { sqlType } from "./codec.ts";

/** The block that last wrote the current version of a row (for `_change_block` filters). */
export const CHANGED_COLUMN = '"block$"';
/** In a history table: the block whose changes the row undoes. */
export const UNDO_BLOCK_COLUMN = '"undo$"';
/** In a history table: whether the entity existed before that block (0: the block created it). */
export const EXISTED_COLUMN = '"existed$"';

export interface Column {
  field: FieldDef;
  /** The quoted column name. */
  name: string;
}

export interface Table {
  entity: EntityType;
  /** Quoted table name. */
  name: string;
  /** Quoted history table name. */
  history: string;
  /** The `id` column. */
  id: Column;
  /** Every stored column, `id` first, in schema order. */
  columns: Column[];
  byField: Map<string, Column>;
}

export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

export function layoutFor(schema: SubgraphSchema): Map<string, Table> {
  const tables = new Map<string, Table>();
  const tableNames = new Map<string, string>();
  for (const entity of schema.entities.values()) {
    // SQLite identifiers are case-insensitive: `Owner` and `OWNER` would share a table.
    claim(tableNames, entity.name, `entity ${entity.name}`);
    const columnNames = new Map<string, string>();
    const fields = storedFields(entity);
    const idField = fields.find((f) => f.name === "id");
    if (idField === undefined) throw new Error(`schema.graphql: ${entity.name} has no id field`);
    const columns = [idField, ...fields.filter((f) => f !== idField)].map((field) => {
      claim(columnNames, field.name, `field ${entity.name}.${field.name}`);
      return { field, name: quote(field.name) };
    });
    tables.set(entity.name, {
      entity,
      name: quote(entity.name),
      history: quote(`${entity.name}$history`),
      id: columns[0] as Column,
      columns,
      byField: new Map(columns.map((c) => [c.field.name, c])),
    });
  }
  return tables;
}

function claim(seen: Map<string, string>, name: string, what: string): void {
  const other = seen.get(name.toLowerCase());
  if (other !== undefined) {
    throw new Error(`schema.graphql: ${what} differs from ${other} only in case, which SQLite cannot tell apart`);
  }
  seen.set(name.toLowerCase(), what);
}

export function columnType(column: Column): string {
  return column.field.list ? "TEXT" : sqlType(column.field.scalar);
}

/**
 * The tables, and indexes on the columns queries join and filter on most: every single-valued reference (derived
 * fields look their children up by it) besides the id. Other columns are scanned, which stays fast at a local
 * chain's scale.
 */
export function createTableSql(table: Table): string[] {
  const columns = table.columns.map((c) => `${c.name} ${columnType(c)}${c === table.id ? " NOT NULL" : ""}`);
  const statements = [
    `CREATE TABLE ${table.name} (${columns.join(", ")}, ${CHANGED_COLUMN} INTEGER NOT NULL, ` +
      `PRIMARY KEY (${table.id.name})) WITHOUT ROWID, STRICT`,
    `CREATE TABLE ${table.history} (${UNDO_BLOCK_COLUMN} INTEGER NOT NULL, ${EXISTED_COLUMN} INTEGER NOT NULL, ` +
      `${columns.join(", ")}, ${CHANGED_COLUMN} INTEGER, ` +
      `PRIMARY KEY (${table.id.name}, ${UNDO_BLOCK_COLUMN})) WITHOUT ROWID, STRICT`,
    `CREATE INDEX ${quote(`${table.entity.name}$history$by$undo`)} ON ${table.history} (${UNDO_BLOCK_COLUMN})`,
  ];
  for (const column of table.columns) {
    if (column.field.ref !== undefined && !column.field.list) {
      const index = quote(`${table.entity.name}$by$${column.field.name}`);
      statements.push(`CREATE INDEX ${index} ON ${table.name} (${column.name}, ${table.id.name})`);
    }
  }
  return statements;
}

/** `c."a", c."b", ...`: the stored columns (with the change block last) behind an optional table alias. */
export function columnList(table: Table, alias?: string): string {
  const prefix = alias === undefined ? "" : `${alias}.`;
  return [...table.columns.map((c) => prefix + c.name), prefix + CHANGED_COLUMN].join(", ");
}
