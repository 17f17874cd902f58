/**
 * Entity queries (filter, order, range) and their translation to SQL over the entity tables, following graph-node's
 * semantics (store/postgres/src/relational_queries.rs): SQL comparisons (a null column never matches a comparison),
 * `x: null` as IS NULL, `_in: []` and `_not_in: []` match nothing, a list `_contains` holds every given element and a
 * list `_not_contains` none of them, and results ordered by the sort column then by id in the same direction, with
 * nulls last ascending and first descending as in Postgres. Every value is a bound parameter; every identifier comes
 * from the schema.
 */
import type { FieldDef, JsValue } from "../schema.ts";
import { encodeField, listElement } from "./codec.ts";
import type { SqlValue } from "./codec.ts";
import { CHANGED_COLUMN, columnList } from "./layout.ts";
import type { Column, Table } from "./layout.ts";

export type Comparison = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type Filter =
  | { kind: "and" | "or"; filters: Filter[] }
  | { kind: "compare"; field: string; op: Comparison; value: JsValue }
  | { kind: "in"; field: string; values: JsValue[]; negated: boolean }
  | { kind: "contains"; field: string; value: JsValue; negated: boolean; ignoreCase: boolean }
  | { kind: "startsWith" | "endsWith"; field: string; value: JsValue; negated: boolean; ignoreCase: boolean }
  /** Entities whose reference (or derived field) `field` leads to an entity matching `filter`. */
  | { kind: "child"; field: string; filter: Filter }
  /** Entities written at or after `block` (graph-node's `_change_block: { number_gte }`). */
  | { kind: "changedSince"; block: number };

export interface Order {
  field: string;
  /** Orders by this field of the entity that `field` references (graph-node's `field__child`). */
  child?: string | undefined;
  direction: "asc" | "desc";
}

export interface EntityQuery {
  entity: string;
  filter?: Filter | undefined;
  /** Default: by id, ascending. */
  order?: Order | undefined;
  first: number;
  skip: number;
}

/** The children of many parents through one field: for each parent, its own filtered, ordered, ranged list. */
export interface ChildrenQuery extends EntityQuery {
  parent: string;
  /** A `@derivedFrom` field of the parent, or a list of references it stores. */
  field: string;
  parentIds: readonly string[];
}

/** A query error whose message is meant for the person who wrote the query. */
export class QueryError extends Error {
  override name = "QueryError";
}

export interface Tables {
  table(entity: string): Table;
}

export interface Sql {
  text: string;
  params: SqlValue[];
}

/** `SELECT` for `query`; rows carry the columns of `columnList`. */
export function selectSql(tables: Tables, query: EntityQuery): Sql {
  const params: SqlValue[] = [];
  const table = tables.table(query.entity);
  const order = orderSql(tables, table, query.order);
  const where = query.filter === undefined ? "1" : filterSql(tables, table, "c", query.filter, params, false);
  params.push(query.first, query.skip);
  return {
    text:
      `SELECT ${columnList(table, "c")} FROM ${table.name} AS c${order.join} ` +
      `WHERE ${where} ORDER BY ${order.by} LIMIT ? OFFSET ?`,
    params,
  };
}

/**
 * One `SELECT` for the children of every parent: the parents' ids come in as a JSON list, each child row carries its
 * parent's id (string form) in "parent$", and a window numbers each parent's children so the range applies per parent.
 */
export function childrenSql(tables: Tables, query: ChildrenQuery): Sql {
  const params: SqlValue[] = [JSON.stringify(query.parentIds)];
  const parent = tables.table(query.parent);
  const table = tables.table(query.entity);
  const link = linkSql(parent, query.field, table);
  const order = orderSql(tables, table, query.order);
  const where = query.filter === undefined ? "1" : filterSql(tables, table, "c", query.filter, params, false);
  params.push(query.skip, query.skip + query.first);
  return {
    text:
      `SELECT * FROM (SELECT ${columnList(table, "c")}, p.value AS "parent$", ` +
      `row_number() OVER (PARTITION BY p.value ORDER BY ${order.by}) AS "rank$" ` +
      `FROM json_each(?) AS p JOIN ${table.name} AS c ON ${link}${order.join} WHERE ${where}) ` +
      `WHERE "rank$" > ? AND "rank$" <= ? ORDER BY "parent$", "rank$"`,
    params,
  };
}

/** `SELECT` of the entities with the given ids (string form), in no particular order. */
export function byIdsSql(table: Table, ids: readonly string[]): Sql {
  return {
    text:
      `SELECT ${columnList(table, "c")} FROM ${table.name} AS c ` +
      `WHERE c.${table.id.name} IN (SELECT ${elementAsId("value", table)} FROM json_each(?))`,
    params: [JSON.stringify(ids)],
  };
}

/** How the child `c` hangs from the parent whose id is `p.value`. */
function linkSql(parent: Table, fieldName: string, table: Table): string {
  const field = parent.entity.fieldsByName.get(fieldName);
  if (field?.ref !== table.entity.name) {
    throw new QueryError(`\`${parent.entity.name}.${fieldName}\` does not lead to \`${table.entity.name}\``);
  }
  if (field.derivedFrom !== undefined) {
    const back = column(table, field.derivedFrom);
    if (back.field.list) return `EXISTS (SELECT 1 FROM json_each(c.${back.name}) AS e WHERE e.value = p.value)`;
    return `c.${back.name} = ${elementAsId("p.value", parent)}`;
  }
  if (!field.list) throw new QueryError(`\`${parent.entity.name}.${fieldName}\` is a single reference`);
  const stored = column(parent, fieldName);
  return (
    `c.${table.id.name} IN (SELECT ${elementAsId("e.value", table)} FROM ${parent.name} AS pt, ` +
    `json_each(pt.${stored.name}) AS e WHERE pt.${parent.id.name} = ${elementAsId("p.value", parent)})`
  );
}

function orderSql(tables: Tables, table: Table, order: Order | undefined): { by: string; join: string } {
  const direction = order?.direction === "desc" ? "DESC" : "ASC";
  const byId = `c.${table.id.name} ${direction}`;
  if (order === undefined || (order.field === "id" && order.child === undefined)) return { by: byId, join: "" };
  const nulls = direction === "ASC" ? "NULLS LAST" : "NULLS FIRST";
  const field = table.entity.fieldsByName.get(order.field);
  if (field === undefined) throw new QueryError(`Entity \`${table.entity.name}\` has no attribute \`${order.field}\``);
  const notSupported = () =>
    new QueryError(`Ordering by \`${order.field}\` is not supported for type \`${table.entity.name}\``);
  if (field.list) throw notSupported();
  if (order.child === undefined) {
    if (field.derivedFrom !== undefined) throw notSupported();
    return { by: `c.${column(table, field.name).name} ${direction} ${nulls}, ${byId}`, join: "" };
  }

  if (field.ref === undefined) throw notSupported();
  const target = tables.table(field.ref);
  const sortBy = target.byField.get(order.child);
  if (sortBy === undefined || sortBy.field.list) {
    throw new QueryError(`Ordering by \`${order.child}\` is not supported for type \`${target.entity.name}\``);
  }
  let on: string;
  if (field.derivedFrom === undefined) {
    on = `cc.${target.id.name} = c.${column(table, field.name).name}`;
  } else {
    // A one-to-one derived field: the child points back with a single reference.
    const back = column(target, field.derivedFrom);
    if (back.field.list) throw notSupported();
    on = `cc.${back.name} = c.${table.id.name}`;
  }
  return { by: `cc.${sortBy.name} ${direction} ${nulls}, ${byId}`, join: ` LEFT JOIN ${target.name} AS cc ON ${on}` };
}

/** The SQL condition for `filter` on `table` (under `alias`), binding its values into `params` in text order. */
function filterSql(
  tables: Tables,
  table: Table,
  alias: string,
  filter: Filter,
  params: SqlValue[],
  inChild: boolean,
): string {
  const bind = (value: SqlValue) => {
    params.push(value);
    return "?";
  };
  switch (filter.kind) {
    case "and":
    case "or": {
      if (filter.filters.length === 0) return filter.kind === "and" ? "1" : "0";
      const parts = filter.filters.map((f) => filterSql(tables, table, alias, f, params, inChild));
      return `(${parts.join(filter.kind === "and" ? " AND " : " OR ")})`;
    }
    case "changedSince":
      return `${alias}.${CHANGED_COLUMN} >= ${bind(filter.block)}`;
    case "child":
      if (inChild) throw new QueryError("Child filters can not be nested");
      return childSql(tables, table, alias, filter.field, filter.filter, params);
  }

  const { name, field } = column(table, filter.field);
  const col = `${alias}.${name}`;
  const value = (v: JsValue) => bind(encodeValue(table, field, v));
  switch (filter.kind) {
    case "compare": {
      if (filter.value === null) {
        if (filter.op === "=") return `${col} IS NULL`;
        if (filter.op === "!=") return `${col} IS NOT NULL`;
        throw unsupported(filter.op, filter.value);
      }
      if (field.list && filter.op !== "=" && filter.op !== "!=") throw unsupported(filter.op, filter.value);
      return `${col} ${filter.op} ${value(filter.value)}`;
    }
    case "in": {
      if (filter.values.length === 0) return "0";
      const nonNull = filter.values.filter((v) => v !== null);
      const parts: string[] = [];
      if (nonNull.length < filter.values.length) parts.push(`${col} ${filter.negated ? "IS NOT NULL" : "IS NULL"}`);
      if (nonNull.length > 0) {
        parts.push(`${col} ${filter.negated ? "NOT IN" : "IN"} (${nonNull.map(value).join(", ")})`);
      }
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" OR ")})`;
    }
    case "contains": {
      if (field.list) {
        if (!Array.isArray(filter.value)) throw unsupported("contains", filter.value);
        const given = bind(JSON.stringify(filter.value.map((v) => listElement(field.scalar, v))));
        return filter.negated
          ? `(${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(${col}) AS e ` +
              `WHERE e.value IN (SELECT q.value FROM json_each(${given}) AS q)))`
          : `(${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(${given}) AS q ` +
              `WHERE q.value NOT IN (SELECT e.value FROM json_each(${col}) AS e)))`;
      }
      if (field.scalar !== "String" && field.scalar !== "ID" && field.scalar !== "Bytes") {
        throw unsupported("contains", filter.value);
      }
      const [haystack, needle] = caseFolded(field, filter.ignoreCase, col, value(filter.value));
      return `instr(${haystack}, ${needle}) ${filter.negated ? "= 0" : "> 0"}`;
    }
    case "startsWith":
    case "endsWith": {
      if (field.list || (field.scalar !== "String" && field.scalar !== "ID" && field.scalar !== "Bytes")) {
        throw unsupported(filter.kind === "startsWith" ? "starts_with" : "ends_with", filter.value);
      }
      const encoded = encodeValue(table, field, filter.value);
      const [text, first] = caseFolded(field, filter.ignoreCase, col, bind(encoded));
      const [, second] = caseFolded(field, filter.ignoreCase, col, bind(encoded));
      const test =
        filter.kind === "startsWith"
          ? `substr(${text}, 1, length(${first})) = ${second}`
          : `substr(${text}, length(${text}) - length(${first}) + 1) = ${second}`;
      return filter.negated ? `(${col} IS NOT NULL AND NOT ${test})` : test;
    }
  }
}

/** `EXISTS` a child of the row under `alias`, through reference or derived field `fieldName`, matching `filter`. */
function childSql(tables: Tables, table: Table, alias: string, fieldName: string, filter: Filter, params: SqlValue[]) {
  const field = table.entity.fieldsByName.get(fieldName);
  if (field?.ref === undefined) {
    throw new QueryError(`Entity \`${table.entity.name}\` has no reference \`${fieldName}\` to filter through`);
  }
  const child = tables.table(field.ref);
  let link: string;
  if (field.derivedFrom !== undefined) {
    const back = column(child, field.derivedFrom);
    link = back.field.list
      ? `EXISTS (SELECT 1 FROM json_each(i.${back.name}) AS e WHERE e.value = ${idAsElement(`${alias}.${table.id.name}`, table)})`
      : `i.${back.name} = ${alias}.${table.id.name}`;
  } else {
    const own = column(table, fieldName);
    link = field.list
      ? `i.${child.id.name} IN (SELECT ${elementAsId("e.value", child)} FROM json_each(${alias}.${own.name}) AS e)`
      : `i.${child.id.name} = ${alias}.${own.name}`;
  }
  const condition = filterSql(tables, child, "i", filter, params, true);
  return `EXISTS (SELECT 1 FROM ${child.name} AS i WHERE ${link} AND ${condition})`;
}

function caseFolded(field: FieldDef, ignoreCase: boolean, ...exprs: string[]): string[] {
  // Bytes have no case; SQLite's lower() folds ASCII letters only.
  return ignoreCase && field.scalar !== "Bytes" ? exprs.map((e) => `lower(${e})`) : exprs;
}

function column(table: Table, fieldName: string): Column {
  const found = table.byField.get(fieldName);
  if (found === undefined) throw new QueryError(`Entity \`${table.entity.name}\` has no attribute \`${fieldName}\``);
  return found;
}

function encodeValue(table: Table, field: FieldDef, value: JsValue): SqlValue {
  try {
    return encodeField(field, value);
  } catch (error) {
    throw new QueryError(`Failed to decode \`${table.entity.name}.${field.name}\` value: ${(error as Error).message}`);
  }
}

function unsupported(filter: string, value: JsValue): QueryError {
  const shown = Array.isArray(value) ? `[${value.map(String).join(", ")}]` : String(value);
  return new QueryError(`unsupported filter \`${filter}\` for value \`${shown}\``);
}

/** An id column expression as it appears in a JSON list of references (Bytes as hex text, Int8 as decimal text). */
function idAsElement(expr: string, table: Table): string {
  switch (table.entity.idScalar) {
    case "Bytes":
      return `'0x' || lower(hex(${expr}))`;
    case "Int8":
      return `CAST(${expr} AS TEXT)`;
    default:
      return expr;
  }
}

/** The inverse of idAsElement: a JSON list element (or an id string) as the id column stores it. */
function elementAsId(expr: string, table: Table): string {
  switch (table.entity.idScalar) {
    case "Bytes":
      return `unhex(substr(${expr}, 3))`;
    case "Int8":
      return `CAST(${expr} AS INTEGER)`;
    default:
      return expr;
  }
}
