/** The prepared statements for one entity table, created on first use. */
import type { DatabaseSync, StatementSync } from "node:sqlite";

import { CHANGED_COLUMN, EXISTED_COLUMN, UNDO_BLOCK_COLUMN, columnList } from "./layout.ts";
import type { Table } from "./layout.ts";

export class TableStatements {
  readonly #db: DatabaseSync;
  readonly #table: Table;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, table: Table) {
    this.#db = db;
    this.#table = table;
  }

  #prepare(key: string, sql: () => string): StatementSync {
    let statement = this.#cache.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare(sql());
      statement.setReadBigInts(true);
      this.#cache.set(key, statement);
    }
    return statement;
  }

  /** (id) -> the row */
  get byId(): StatementSync {
    const t = this.#table;
    return this.#prepare("byId", () => `SELECT ${columnList(t)} FROM ${t.name} WHERE ${t.id.name} = ?`);
  }

  /** (...columns, block) */
  get upsert(): StatementSync {
    const t = this.#table;
    return this.#prepare("upsert", () => `INSERT OR REPLACE INTO ${t.name} (${columnList(t)}) VALUES (${slots(t)})`);
  }

  /** (...columns, block); fails if the id exists. */
  get insert(): StatementSync {
    const t = this.#table;
    return this.#prepare("insert", () => `INSERT INTO ${t.name} (${columnList(t)}) VALUES (${slots(t)})`);
  }

  /** (id) */
  get delete(): StatementSync {
    const t = this.#table;
    return this.#prepare("delete", () => `DELETE FROM ${t.name} WHERE ${t.id.name} = ?`);
  }

  /** (block, id): copies the current row, if any, into the history as the version to restore when `block` is undone. */
  get saveExisting(): StatementSync {
    const t = this.#table;
    return this.#prepare(
      "saveExisting",
      () =>
        `INSERT INTO ${t.history} (${UNDO_BLOCK_COLUMN}, ${EXISTED_COLUMN}, ${columnList(t)}) ` +
        `SELECT ?, 1, ${columnList(t)} FROM ${t.name} WHERE ${t.id.name} = ?`,
    );
  }

  /** (block, id): records that the entity did not exist before `block`. */
  get saveMissing(): StatementSync {
    const t = this.#table;
    return this.#prepare(
      "saveMissing",
      () => `INSERT INTO ${t.history} (${UNDO_BLOCK_COLUMN}, ${EXISTED_COLUMN}, ${t.id.name}) VALUES (?, 0, ?)`,
    );
  }

  /** (parent id as stored) -> the rows whose single-valued reference `field` holds it */
  relatedBy(field: string): StatementSync {
    const t = this.#table;
    const column = t.byField.get(field)?.name;
    return this.#prepare(
      `related:${field}`,
      () => `SELECT ${columnList(t)} FROM ${t.name} WHERE ${column} = ? ORDER BY ${t.id.name}`,
    );
  }

  /** (parent id as a JSON list element) -> the rows whose list of references `field` contains it */
  relatedByListMember(field: string): StatementSync {
    const t = this.#table;
    const column = t.byField.get(field)?.name;
    return this.#prepare(
      `relatedList:${field}`,
      () =>
        `SELECT ${columnList(t)} FROM ${t.name} AS c ` +
        `WHERE EXISTS (SELECT 1 FROM json_each(c.${column}) AS e WHERE e.value = ?) ORDER BY ${t.id.name}`,
    );
  }

  /**
   * Undoes every block after `block` (bound three times): the rows those blocks touched go, and each comes back as
   * it was before the earliest of them, if it existed then.
   */
  revertStatements(): StatementSync[] {
    const t = this.#table;
    const columns = t.columns.map((c) => c.name).join(", ");
    return [
      this.#prepare(
        "revertDelete",
        () =>
          `DELETE FROM ${t.name} WHERE ${t.id.name} IN (SELECT ${t.id.name} FROM ${t.history} WHERE ${UNDO_BLOCK_COLUMN} > ?)`,
      ),
      this.#prepare(
        "revertRestore",
        () =>
          `INSERT INTO ${t.name} (${columns}, ${CHANGED_COLUMN}) SELECT ${columns}, ${CHANGED_COLUMN} FROM ${t.history} AS h ` +
          `WHERE h.${UNDO_BLOCK_COLUMN} = (SELECT min(${UNDO_BLOCK_COLUMN}) FROM ${t.history} AS o ` +
          `WHERE o.${t.id.name} = h.${t.id.name} AND o.${UNDO_BLOCK_COLUMN} > ?) AND h.${EXISTED_COLUMN} = 1`,
      ),
      this.#prepare("revertForget", () => `DELETE FROM ${t.history} WHERE ${UNDO_BLOCK_COLUMN} > ?`),
    ];
  }

  /** (block): forgets how to undo `block` and every block before it. */
  get prune(): StatementSync {
    const t = this.#table;
    return this.#prepare("prune", () => `DELETE FROM ${t.history} WHERE ${UNDO_BLOCK_COLUMN} <= ?`);
  }
}

function slots(table: Table): string {
  return Array.from({ length: table.columns.length + 1 }, () => "?").join(", ");
}
