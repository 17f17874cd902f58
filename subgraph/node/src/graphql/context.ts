/**
 * Per-request state: the store, the head block the request answers for, and the batching loaders. The store is
 * synchronous and every resolver step continues in a microtask, so a whole request runs before the indexer (which
 * waits on network I/O) can commit another block: all of it sees the same block.
 */
import type { EntityData, EntityType, FieldDef, JsValue } from "../schema.ts";
import { normalizeHex } from "../store/codec.ts";
import { QueryError } from "../store/query.ts";
import type { ChildrenQuery, EntityQuery } from "../store/query.ts";
import type { HeadBlock } from "../store/sqlite-store.ts";
import type { CollectionArgs, CollectionArguments } from "./arguments.ts";
import { BatchLoader } from "./loader.ts";

/** What the query API reads; SqliteStore provides it. */
export interface QueryStore {
  readonly deployment: string;
  head(): HeadBlock | null;
  hasIndexingErrors(): boolean;
  blockNumber(hash: string): bigint | null;
  find(query: EntityQuery): EntityData[];
  findChildren(query: ChildrenQuery): Map<string, EntityData[]>;
  findByIds(entity: string, ids: readonly string[]): Map<string, EntityData>;
}

/** `block: Block_height` */
export interface BlockHeight {
  hash?: string | null;
  number?: number | null;
  number_gte?: number | null;
}

export class RequestContext {
  readonly store: QueryStore;
  readonly arguments: CollectionArguments;
  readonly head: HeadBlock | null;
  readonly #loaders = new Map<string, BatchLoader<unknown>>();

  constructor(store: QueryStore, args: CollectionArguments) {
    this.store = store;
    this.arguments = args;
    this.head = store.head();
  }

  /** The entity with this id (string form), or null. */
  entity(entity: string, id: string): Promise<EntityData | null> {
    const loader = this.#loader(
      `id:${entity}`,
      () => new BatchLoader((ids) => this.store.findByIds(entity, ids), null),
    );
    return loader.load(id);
  }

  /** The children of `parentId` through list or derived field `field` of `parent`, with the field's arguments. */
  children(parent: EntityType, field: FieldDef, args: CollectionArgs, parentId: string): Promise<EntityData[]> {
    const key = `children:${parent.name}.${field.name}:${JSON.stringify(args, jsonBigInt)}`;
    const loader = this.#loader(key, () => {
      const query = this.arguments.query(this.#target(field), args);
      return new BatchLoader<EntityData[]>(
        (parentIds) => this.store.findChildren({ ...query, parent: parent.name, field: field.name, parentIds }),
        [],
      );
    });
    return loader.load(parentId) as Promise<EntityData[]>;
  }

  /**
   * Checks a `block` argument. Only the latest block can be queried: the local node keeps the current state and the
   * changes needed for reverts, not every past version as graph-node does.
   */
  checkBlock(block: BlockHeight | null | undefined): void {
    if (block === undefined || block === null) return;
    const given = Object.entries(block).filter(([, v]) => v !== null && v !== undefined);
    if (given.length === 0) return;
    if (given.length > 1) throw new QueryError("`block` takes one of `hash`, `number` or `number_gte`, not several");
    const head = this.head;
    const indexedUpTo = (wanted: number) =>
      new QueryError(
        `Failed to decode \`block.number\` value: \`subgraph ${this.store.deployment} has only indexed up to block ` +
          `number ${head?.number ?? "(none)"} and data for block number ${wanted} is therefore not yet available\``,
      );
    if (block.number_gte !== null && block.number_gte !== undefined) {
      if (head === null || head.number < BigInt(block.number_gte)) throw indexedUpTo(block.number_gte);
      return;
    }
    if (block.number !== null && block.number !== undefined) {
      if (head === null || head.number < BigInt(block.number)) throw indexedUpTo(block.number);
      if (head.number > BigInt(block.number)) throw pastBlock(`number ${block.number}`, head);
      return;
    }
    const hash = normalizeHex(block.hash as string);
    if (head !== null && hash === head.hash.toLowerCase()) return;
    if (head !== null && this.store.blockNumber(hash) !== null) throw pastBlock(`hash ${hash}`, head);
    throw new QueryError("Failed to decode `block.hash` value: `no block with that hash found`");
  }

  #target(field: FieldDef): EntityType {
    const target = this.arguments.schema.entities.get(field.ref ?? "");
    if (target === undefined) throw new QueryError(`Entity type \`${field.ref}\` is not defined in schema.graphql`);
    return target;
  }

  #loader<V>(key: string, create: () => BatchLoader<V>): BatchLoader<V> {
    let loader = this.#loaders.get(key);
    if (loader === undefined) this.#loaders.set(key, (loader = create()));
    return loader as BatchLoader<V>;
  }
}

function pastBlock(what: string, head: HeadBlock): QueryError {
  return new QueryError(
    `block ${what} is before the latest indexed block ${head.number}; the local Graph node answers for the latest ` +
      "block only (no time-travel queries)",
  );
}

/** The string form of an id value (Bytes: lowercase hex, Int8: decimal). */
export function idText(value: JsValue | undefined): string {
  if (typeof value === "string" || typeof value === "bigint" || typeof value === "number") return String(value);
  throw new QueryError(`an entity id must be a string or an integer, got ${JSON.stringify(value)}`);
}

function jsonBigInt(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
