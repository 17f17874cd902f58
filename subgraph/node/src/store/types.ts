import type { EntityData } from "../schema.ts";

/**
 * What a mapping sees of the store while one block is processed. Ids are in their string form: Bytes ids as lowercase
 * "0x" hex, Int8 ids as decimal.
 */
export interface EntityStore {
  /** The entity as of now: written earlier in this block, or committed before it. */
  get(entity: string, id: string): EntityData | null;
  /** The entity only if it was written in the current block (graph-node's `store.get_in_block`). */
  getInBlock(entity: string, id: string): EntityData | null;
  /** Stores the full entity (after merging with the previous version), already validated by the runtime. */
  set(entity: string, data: EntityData): void;
  remove(entity: string, id: string): void;
  /** The entities of derived field `field` of entity `id` (graph-node's `store.loadRelated`). */
  loadRelated(entity: string, id: string, field: string): EntityData[];
}
