/** graph-ts `store`: get, get_in_block, set, remove, loadRelated. */
import { mergeForSet, parseEntityId, toStoreValues } from "../entity.ts";
import type { EntityModel } from "../entity.ts";
import { readValueMap, writeValueMap } from "../store-value.ts";
import type { EntityData } from "../../schema.ts";
import type { HostContext, HostFunctions } from "./context.ts";

export const storeFunctions: HostFunctions = {
  "store.get": (context, entityPtr, idPtr) => get(context, entityPtr, idPtr, false),

  "store.get_in_block": (context, entityPtr, idPtr) => get(context, entityPtr, idPtr, true),

  "store.set": ({ heap, schema, store }, entityPtr, idPtr, dataPtr) => {
    const model = schema.entity(heap.string(entityPtr));
    const id = parseEntityId(model, heap.string(idPtr));
    const merged = mergeForSet(model, id, readValueMap(heap, dataPtr), store.get(model.name, id.key));
    if (merged !== null) store.set(model.name, merged);
  },

  "store.remove": ({ heap, schema, store }, entityPtr, idPtr) => {
    const model = schema.entity(heap.string(entityPtr));
    store.remove(model.name, parseEntityId(model, heap.string(idPtr)).key);
  },

  "store.loadRelated": ({ heap, schema, store }, entityPtr, idPtr, fieldPtr) => {
    const model = schema.entity(heap.string(entityPtr));
    const id = parseEntityId(model, heap.string(idPtr));
    const fieldName = heap.string(fieldPtr);
    const field = model.field(fieldName);
    if (field?.derivedFrom === undefined || field.ref === undefined) {
      throw new Error(`store.loadRelated: ${model.name}.${fieldName} is not a derived field`);
    }
    const related = schema.entity(field.ref);
    const entities = store.loadRelated(model.name, id.key, fieldName).map((data) => writeEntity(heap, related, data));
    return heap.newPointerArray(entities, heap.ids.ArrayTypedMapEntryStringStoreValue);
  },
};

function get({ heap, schema, store }: HostContext, entityPtr: number, idPtr: number, inBlock: boolean): number {
  const model = schema.entity(heap.string(entityPtr));
  const id = parseEntityId(model, heap.string(idPtr));
  const data = inBlock ? store.getInBlock(model.name, id.key) : store.get(model.name, id.key);
  return data === null ? 0 : writeEntity(heap, model, data);
}

function writeEntity(heap: HostContext["heap"], model: EntityModel, data: EntityData): number {
  return writeValueMap(heap, toStoreValues(model, data));
}
