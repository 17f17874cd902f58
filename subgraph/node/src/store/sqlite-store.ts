/**
 * The entity store of the local Graph node, in one SQLite database (a file, or ":memory:").
 *
 * Blocks are processed in transactions: the handlers of a block write into a per-block cache (BlockWrites), which is
 * applied at the end of the block together with the block's hash and the head pointer, so a crash never leaves half a
 * block and a restart resumes right after the last committed one.
 *
 * Reverts: the tables hold only the current version of each entity, and a history table per entity type keeps, for
 * every block of the last `historyBlocks`, the version each changed entity had before that block (or that it did not
 * exist). graph-node instead versions every row with a block range, which buys time-travel queries (`block: { number
 * }`) at the price of a range condition in every query and an extra write per update. The local node answers only
 * for the latest block, so plain current-state tables keep queries simple and fast, and undoing a block is a handful
 * of set-based statements per table.
 */
import { createHash } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";

import type { EntityData, SubgraphSchema } from "../schema.ts";
import { BlockWrites } from "./block-writes.ts";
import { createTableSql, layoutFor, quote } from "./layout.ts";
import type { Table } from "./layout.ts";
import { byIdsSql, childrenSql, selectSql } from "./query.ts";
import type { ChildrenQuery, EntityQuery, Sql } from "./query.ts";
import { decodeRow, idFromSql } from "./rows.ts";
import type { Row } from "./rows.ts";
import { TableStatements } from "./statements.ts";
import type { EntityStore } from "./types.ts";

export interface BlockPointer {
  number: bigint;
  hash: string;
}

export interface HeadBlock extends BlockPointer {
  parentHash: string;
  /** Seconds since the epoch. */
  timestamp: bigint;
}

/** One block to process: its pointer, and the work of its handlers. */
export interface BlockWork {
  pointer: BlockPointer;
  parentHash: string;
  timestamp: bigint;
  run(store: EntityStore): void;
}

export interface IndexingError {
  block: BlockPointer;
  message: string;
}

export interface SqliteStoreOptions {
  schema: SubgraphSchema;
  /** Identifies the subgraph (see `deploymentId`); a database holding another deployment is emptied first. */
  deployment: string;
  /** A file path, or ":memory:". The store owns the whole database. */
  path: string;
  /** How many blocks behind the head can still be reverted (default 10,000). */
  historyBlocks?: number;
}

/** A deployment id for a subgraph: a hash of its schema and manifest (and anything else that shapes the data). */
export function deploymentId(...sources: string[]): string {
  const hash = createHash("sha256");
  for (const source of sources) hash.update(`${source.length}:${source}`);
  return `0x${hash.digest("hex")}`;
}

const META = '"meta$"';
const BLOCKS = '"blocks$"';

export class SqliteStore {
  readonly schema: SubgraphSchema;
  readonly deployment: string;
  readonly #db: DatabaseSync;
  readonly #tables: Map<string, Table>;
  readonly #statements = new Map<Table, TableStatements>();
  readonly #fixed = new Map<string, StatementSync>();
  readonly #historyBlocks: bigint;
  readonly #access = {
    table: (entity: string) => this.#table(entity),
    statements: (table: Table) => this.#statementsFor(table),
  };

  constructor(options: SqliteStoreOptions) {
    this.schema = options.schema;
    this.deployment = options.deployment;
    this.#historyBlocks = BigInt(options.historyBlocks ?? 10_000);
    this.#tables = layoutFor(options.schema);
    this.#db = new DatabaseSync(options.path);
    if (options.path !== ":memory:") this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
    this.#open();
  }

  close(): void {
    this.#db.close();
  }

  // --- indexing ------------------------------------------------------------------------------------------------------

  head(): HeadBlock | null {
    const row = this.#prepared(`SELECT head_number, head_hash, head_parent_hash, head_timestamp FROM ${META}`).get() as
      Record<string, number | string | null> | undefined;
    if (row?.head_number === null || row?.head_number === undefined) return null;
    return {
      number: BigInt(row.head_number),
      hash: row.head_hash as string,
      parentHash: row.head_parent_hash as string,
      timestamp: BigInt(row.head_timestamp as number),
    };
  }

  /** The processed blocks still revertible to, newest first. */
  recentBlocks(): BlockPointer[] {
    const rows = this.#prepared(`SELECT number, hash FROM ${BLOCKS} ORDER BY number DESC`).all();
    return rows.map((row) => ({ number: BigInt(row.number as number), hash: row.hash as string }));
  }

  blockHash(number: bigint): string | null {
    const row = this.#prepared(`SELECT hash FROM ${BLOCKS} WHERE number = ?`).get(number);
    return row === undefined ? null : (row.hash as string);
  }

  /** The number of a processed block still in the block list, by its hash (any case). */
  blockNumber(hash: string): bigint | null {
    const row = this.#prepared(`SELECT number FROM ${BLOCKS} WHERE lower(hash) = lower(?)`).get(hash);
    return row === undefined ? null : BigInt(row.number as number);
  }

  processBlock(block: BlockWork): void {
    this.processBlocks([block]);
  }

  /**
   * Runs each block's handlers and applies their writes, all in one transaction with the new head. If a block's
   * handlers (or its writes) fail, the blocks before it are still committed, the head stays on the last of them, and
   * the error is rethrown.
   */
  processBlocks(blocks: readonly BlockWork[]): void {
    let previous = this.head()?.number;
    for (const { pointer } of blocks) {
      if (previous !== undefined && pointer.number <= previous) {
        throw new Error(`block ${pointer.number} does not come after block ${previous}; revert before reprocessing`);
      }
      previous = pointer.number;
    }
    let failure: unknown;
    let last: BlockWork | undefined;
    this.#transaction(() => {
      const insertBlock = this.#prepared(
        `INSERT INTO ${BLOCKS} (number, hash, parent_hash, timestamp) VALUES (?, ?, ?, ?)`,
      );
      for (const block of blocks) {
        const writes = new BlockWrites(this.#access);
        try {
          block.run(writes);
          this.#db.exec("SAVEPOINT block");
          try {
            writes.flush(block.pointer.number);
            insertBlock.run(block.pointer.number, block.pointer.hash, block.parentHash, block.timestamp);
            this.#db.exec("RELEASE block");
          } catch (error) {
            this.#db.exec("ROLLBACK TO block; RELEASE block");
            throw error;
          }
        } catch (error) {
          failure = error;
          break;
        }
        last = block;
      }
      if (last !== undefined) {
        this.#prepared(
          `UPDATE ${META} SET head_number = ?, head_hash = ?, head_parent_hash = ?, head_timestamp = ?`,
        ).run(last.pointer.number, last.pointer.hash, last.parentHash, last.timestamp);
        this.#prune(last.pointer.number - this.#historyBlocks);
      }
    });
    if (failure !== undefined) throw failure;
  }

  /**
   * Restores every entity to its state after block `number` and moves the head to the newest processed block at or
   * before it (none: the store is empty again). An indexing error recorded after that block is cleared.
   */
  revertTo(number: bigint): void {
    const head = this.head();
    if (head === null || number >= head.number) return;
    const oldest = this.#meta("pruned_through");
    if (oldest !== null && number < BigInt(oldest)) {
      throw new Error(
        `cannot revert to block ${number}: the store keeps the changes of the last ${this.#historyBlocks} blocks ` +
          `only, back to block ${oldest}; reindex from scratch (delete the database)`,
      );
    }
    this.#transaction(() => {
      for (const table of this.#tables.values()) {
        for (const statement of this.#statementsFor(table).revertStatements()) statement.run(number);
      }
      this.#prepared(`DELETE FROM ${BLOCKS} WHERE number > ?`).run(number);
      const newest = this.#prepared(
        `SELECT number, hash, parent_hash, timestamp FROM ${BLOCKS} ORDER BY number DESC LIMIT 1`,
      ).get();
      this.#prepared(`UPDATE ${META} SET head_number = ?, head_hash = ?, head_parent_hash = ?, head_timestamp = ?`).run(
        newest?.number ?? null,
        newest?.hash ?? null,
        newest?.parent_hash ?? null,
        newest?.timestamp ?? null,
      );
      this.#prepared(
        `UPDATE ${META} SET error_block = NULL, error_hash = NULL, error_message = NULL WHERE error_block > ?`,
      ).run(number);
    });
  }

  recordIndexingError(block: BlockPointer, message: string): void {
    this.#prepared(`UPDATE ${META} SET error_block = ?, error_hash = ?, error_message = ?`).run(
      block.number,
      block.hash,
      message,
    );
  }

  clearIndexingError(): void {
    this.#db.exec(`UPDATE ${META} SET error_block = NULL, error_hash = NULL, error_message = NULL`);
  }

  indexingError(): IndexingError | null {
    const row = this.#prepared(`SELECT error_block, error_hash, error_message FROM ${META}`).get();
    if (row?.error_message === null || row?.error_message === undefined) return null;
    return {
      block: { number: BigInt(row.error_block as number), hash: row.error_hash as string },
      message: row.error_message as string,
    };
  }

  hasIndexingErrors(): boolean {
    return this.indexingError() !== null;
  }

  /** An EntityStore over the committed state, for reading outside block processing (writes are refused). */
  reader(): EntityStore {
    const writes = new BlockWrites(this.#access);
    return {
      get: (entity, id) => writes.get(entity, id),
      getInBlock: () => null,
      loadRelated: (entity, id, field) => writes.loadRelated(entity, id, field),
      set: () => {
        throw new Error("the store is read-only outside block processing");
      },
      remove: () => {
        throw new Error("the store is read-only outside block processing");
      },
    };
  }

  // --- queries -------------------------------------------------------------------------------------------------------

  find(query: EntityQuery): EntityData[] {
    const table = this.#table(query.entity);
    return this.#all(selectSql(this.#access, query)).map((row) => decodeRow(table, row));
  }

  /** For each parent id, its children in order (parents without children are missing from the map). */
  findChildren(query: ChildrenQuery): Map<string, EntityData[]> {
    const table = this.#table(query.entity);
    const children = new Map<string, EntityData[]>();
    for (const row of this.#all(childrenSql(this.#access, query))) {
      const parent = row.parent$ as string;
      let list = children.get(parent);
      if (list === undefined) children.set(parent, (list = []));
      list.push(decodeRow(table, row));
    }
    return children;
  }

  /** The entities with the given ids (string form), by id. */
  findByIds(entity: string, ids: readonly string[]): Map<string, EntityData> {
    const table = this.#table(entity);
    const found = new Map<string, EntityData>();
    for (const row of this.#all(byIdsSql(table, ids)))
      found.set(idFromSql(table, row.id ?? null), decodeRow(table, row));
    return found;
  }

  #all(sql: Sql): Row[] {
    const statement = this.#db.prepare(sql.text);
    statement.setReadBigInts(true);
    return statement.all(...sql.params) as Row[];
  }

  /** A statement with fixed text, prepared once. */
  #prepared(text: string): StatementSync {
    let statement = this.#fixed.get(text);
    if (statement === undefined) this.#fixed.set(text, (statement = this.#db.prepare(text)));
    return statement;
  }

  // --- internals -----------------------------------------------------------------------------------------------------

  #table(entity: string): Table {
    const table = this.#tables.get(entity);
    if (table === undefined) throw new Error(`Entity type \`${entity}\` is not defined in schema.graphql`);
    return table;
  }

  #statementsFor(table: Table): TableStatements {
    let statements = this.#statements.get(table);
    if (statements === undefined) this.#statements.set(table, (statements = new TableStatements(this.#db, table)));
    return statements;
  }

  #transaction(work: () => void): void {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      work();
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Creates the tables, first dropping everything if the database holds another deployment (or nothing). */
  #open(): void {
    const hasMeta = this.#prepared(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta$'`).get();
    if (hasMeta !== undefined && this.#meta("deployment") === this.deployment) return;
    this.#transaction(() => {
      const tables = this.#prepared(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
      ).all();
      for (const { name } of tables) this.#db.exec(`DROP TABLE ${quote(name as string)}`);
      this.#db.exec(
        `CREATE TABLE ${META} (deployment TEXT NOT NULL, head_number INTEGER, head_hash TEXT, head_parent_hash TEXT, ` +
          `head_timestamp INTEGER, pruned_through INTEGER, error_block INTEGER, error_hash TEXT, error_message TEXT) STRICT`,
      );
      this.#prepared(`INSERT INTO ${META} (deployment) VALUES (?)`).run(this.deployment);
      this.#db.exec(
        `CREATE TABLE ${BLOCKS} (number INTEGER PRIMARY KEY, hash TEXT NOT NULL, parent_hash TEXT NOT NULL, ` +
          `timestamp INTEGER NOT NULL) STRICT`,
      );
      for (const table of this.#tables.values()) for (const sql of createTableSql(table)) this.#db.exec(sql);
    });
  }

  #meta(column: "deployment" | "pruned_through"): string | null {
    const row = this.#prepared(`SELECT ${column} AS value FROM ${META}`).get();
    return row?.value === null || row?.value === undefined ? null : String(row.value);
  }

  /**
   * Forgets how to undo block `through` and older ones. The newest processed block at or before it stays in the block
   * list, so a revert to any block from there on has a head to return to.
   */
  #prune(through: bigint): void {
    const done = this.#meta("pruned_through");
    if (through < 0n || (done !== null && through <= BigInt(done))) return;
    for (const table of this.#tables.values()) this.#statementsFor(table).prune.run(through);
    this.#prepared(`DELETE FROM ${BLOCKS} WHERE number < (SELECT max(number) FROM ${BLOCKS} WHERE number <= ?)`).run(
      through,
    );
    this.#prepared(`UPDATE ${META} SET pruned_through = ?`).run(through);
  }
}
