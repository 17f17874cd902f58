/**
 * An EntityStore in memory, for mapping tests: entities by type and id, the set written since beginBlock() (for
 * store.get_in_block), and derived fields answered from the schema.
 */
import type { EntityData, JsValue, SubgraphSchema } from "../schema.ts";
import type { EntityStore } from "../store/types.ts";

export class MemoryStore implements EntityStore {
  readonly #schema: SubgraphSchema;
  readonly #entities = new Map<string, Map<string, EntityData>>();
  readonly #writtenInBlock = new Set<string>();

  constructor(schema: SubgraphSchema) {
    this.#schema = schema;
  }

  /** Starts a new block: get_in_block no longer sees what earlier blocks wrote. */
  beginBlock(): void {
    this.#writtenInBlock.clear();
  }

  get(entity: string, id: string): EntityData | null {
    const data = this.#entities.get(entity)?.get(id);
    return data === undefined ? null : { ...data };
  }

  getInBlock(entity: string, id: string): EntityData | null {
    return this.#writtenInBlock.has(blockKey(entity, id)) ? this.get(entity, id) : null;
  }

  set(entity: string, data: EntityData): void {
    const id = idKey(data.id ?? null);
    let table = this.#entities.get(entity);
    if (table === undefined) this.#entities.set(entity, (table = new Map()));
    table.set(id, { ...data });
    this.#writtenInBlock.add(blockKey(entity, id));
  }

  remove(entity: string, id: string): void {
    this.#entities.get(entity)?.delete(id);
    this.#writtenInBlock.delete(blockKey(entity, id));
  }

  loadRelated(entity: string, id: string, field: string): EntityData[] {
    const definition = this.#schema.entities.get(entity)?.fieldsByName.get(field);
    if (definition?.ref === undefined || definition.derivedFrom === undefined) {
      throw new Error(`${entity}.${field} is not a derived field`);
    }
    const back = definition.derivedFrom;
    const refersToId = (value: JsValue | undefined): boolean =>
      Array.isArray(value) ? value.some(refersToId) : value !== null && value !== undefined && idKey(value) === id;
    return this.all(definition.ref).filter((data) => refersToId(data[back]));
  }

  /** Every entity of a type, ordered by id. */
  all(entity: string): EntityData[] {
    const table = this.#entities.get(entity);
    if (table === undefined) return [];
    return [...table.keys()].sort().map((id) => ({ ...table.get(id)! }));
  }

  count(entity: string): number {
    return this.#entities.get(entity)?.size ?? 0;
  }
}

function idKey(value: JsValue): string {
  if (typeof value === "string" || typeof value === "bigint" || typeof value === "number") return String(value);
  throw new Error(`entity id ${String(value)} is not a string, bytes or Int8`);
}

function blockKey(entity: string, id: string): string {
  return `${entity}\u0000${id}`;
}
