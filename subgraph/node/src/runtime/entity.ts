/**
 * Entities between the mapping and the store, checked against schema.graphql as graph-node checks them
 * (graph/src/data/store/mod.rs `Entity::validate`, runtime/wasm/src/host_exports.rs `store_set`):
 *   - `store.set` merges the values it is given over the stored entity (a null value clears a field), then requires
 *     every field to have its schema type, every non-null field a value, no value for a derived field, and no field
 *     the schema lacks; the id must agree with the id passed; an immutable entity may be set again only unchanged.
 *   - `store.get` rebuilds the values from the stored JavaScript model using the field types, in field-name order and
 *     without null fields, as graph-node returns them.
 * Error messages follow graph-node's: "Entity Thing[t1]: missing value for non-nullable field `name`".
 */
import { print } from "graphql";
import type { FieldDefinitionNode } from "graphql";

import { formatBigDecimal, parseBigDecimal } from "./big-decimal.ts";
import { bytesToHex, hexToBytes } from "./hex.ts";
import { displayValue, NULL, typeName } from "./store-value.ts";
import type { StoreValue } from "./store-value.ts";
import type { EntityData, EntityType, FieldDef, JsValue, Scalar, SubgraphSchema } from "../schema.ts";

const INT8_MIN = -(1n << 63n);
const INT8_MAX = (1n << 63n) - 1n;

/** One entity type with what the runtime needs precomputed. */
export class EntityModel {
  readonly type: EntityType;
  readonly name: string;
  /** Stored (not derived) fields in schema order. */
  readonly storedFields: readonly FieldDef[];
  /** Stored fields sorted by name: the order of an entity's entries in `store.get`. */
  readonly fieldsByNameOrder: readonly FieldDef[];
  readonly #typeStrings: ReadonlyMap<string, string>;

  constructor(type: EntityType, typeStrings: ReadonlyMap<string, string>) {
    this.type = type;
    this.name = type.name;
    this.storedFields = type.fields.filter((field) => field.derivedFrom === undefined);
    this.fieldsByNameOrder = [...this.storedFields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.#typeStrings = typeStrings;
  }

  field(name: string): FieldDef | undefined {
    return this.type.fieldsByName.get(name);
  }

  /** The field's GraphQL type as written in the schema, e.g. "[Thing!]!". */
  typeString(field: FieldDef): string {
    return this.#typeStrings.get(field.name) ?? field.scalar;
  }
}

export class SchemaModel {
  readonly schema: SubgraphSchema;
  readonly #entities = new Map<string, EntityModel>();

  constructor(schema: SubgraphSchema) {
    this.schema = schema;
    const typeStrings = new Map<string, Map<string, string>>();
    for (const definition of schema.document.definitions) {
      if (definition.kind !== "ObjectTypeDefinition") continue;
      const fields = definition.fields ?? ([] as readonly FieldDefinitionNode[]);
      typeStrings.set(definition.name.value, new Map(fields.map((field) => [field.name.value, print(field.type)])));
    }
    for (const type of schema.entities.values()) {
      this.#entities.set(type.name, new EntityModel(type, typeStrings.get(type.name) ?? new Map()));
    }
  }

  entity(name: string): EntityModel {
    const model = this.#entities.get(name);
    if (model === undefined) throw new Error(`entity type \`${name}\` is not defined in schema.graphql`);
    return model;
  }
}

export interface EntityKey {
  /** The id as the EntityStore keys it: Bytes as lowercase 0x-hex, Int8 as decimal. */
  key: string;
  value: StoreValue;
}

/** Parses the id a mapping passes to store.get/set/remove according to the entity's id type. */
export function parseEntityId(model: EntityModel, id: string): EntityKey {
  switch (model.type.idScalar) {
    case "Bytes": {
      let bytes: Uint8Array;
      try {
        bytes = hexToBytes(id);
      } catch {
        throw new Error(`Entity ${model.name}[${id}]: the id must be Bytes (hex), but \`${id}\` is not hex`);
      }
      return { key: bytesToHex(bytes), value: { kind: "Bytes", value: bytes } };
    }
    case "Int8": {
      const value = /^[+-]?\d+$/.test(id) ? BigInt(id) : undefined;
      if (value === undefined || value < INT8_MIN || value > INT8_MAX) {
        throw new Error(`Entity ${model.name}[${id}]: the id must be Int8, but \`${id}\` is not a 64-bit integer`);
      }
      return { key: value.toString(), value: { kind: "Int8", value } };
    }
    default:
      return { key: id, value: { kind: "String", value: id } };
  }
}

/**
 * The entity to store after `store.set(type, id, update)`, or null when there is nothing to write (an immutable entity
 * set again unchanged). `stored` is the entity in the store, if any.
 */
export function mergeForSet(
  model: EntityModel,
  id: EntityKey,
  update: Map<string, StoreValue>,
  stored: EntityData | null,
): EntityData | null {
  const label = `Entity ${model.name}[${id.key}]`;
  checkUpdate(model, id, update);
  const existing = stored === null ? null : canonical(model, stored);
  const merged: EntityData = {};
  for (const field of model.storedFields) merged[field.name] = existing?.[field.name] ?? null;
  for (const [name, value] of update) {
    const field = model.field(name) as FieldDef;
    if (field.derivedFrom !== undefined) {
      if (value.kind === "Null") continue;
      throw new Error(`${label}: field \`${name}\` is derived and cannot be set`);
    }
    merged[name] = toJsValue(model, label, field, value);
  }
  merged.id = toJsValue(model, label, model.field("id") as FieldDef, id.value);
  for (const field of model.storedFields) {
    if (field.nonNull && merged[field.name] === null) {
      throw new Error(`${label}: missing value for non-nullable field \`${field.name}\``);
    }
  }
  if (!model.type.immutable || existing === null) return merged;

  const changed = model.storedFields.find((field) => !sameJsValue(existing[field.name] ?? null, merged[field.name]!));
  if (changed === undefined) return null;
  throw new Error(
    `${label}: the entity type is immutable and the entity exists; it cannot be set again with different data ` +
      `(field \`${changed.name}\`: ${show(existing[changed.name] ?? null)} -> ${show(merged[changed.name]!)})`,
  );
}

/** The checks graph-node makes before merging: the id agrees with the one passed, every field is in the schema. */
function checkUpdate(model: EntityModel, id: EntityKey, update: Map<string, StoreValue>): void {
  const idValue = update.get("id");
  if (idValue !== undefined && idValue.kind !== "Null" && !sameStoreValue(idValue, id.value)) {
    if (idValue.kind !== id.value.kind) {
      throw new Error(
        `Attribute \`${model.name}.id\` has wrong type: expected ${id.value.kind} but got ${idValue.kind}`,
      );
    }
    throw new Error(
      `Value of ${model.name} attribute 'id' conflicts with ID passed to \`store.set()\`: ` +
        `${displayValue(idValue)} != ${displayValue(id.value)}`,
    );
  }
  const undefinedFields = [...update.keys()].filter((name) => model.field(name) === undefined).sort();
  if (undefinedFields.length > 0) {
    throw new Error(
      `Attempted to set undefined fields [${undefinedFields.join(", ")}] for the entity type \`${model.name}\`. ` +
        "Make sure those fields are defined in the schema.",
    );
  }
}

/** The stored entity in the runtime's canonical model (the store may return an Int8 as a number, say). */
function canonical(model: EntityModel, data: EntityData): EntityData {
  const out: EntityData = {};
  for (const field of model.storedFields) {
    const value = data[field.name];
    out[field.name] = value === null || value === undefined ? null : scalarToJs(fromJsValue(model, field, value));
  }
  return out;
}

/** The entity's values for the mapping: non-null fields in field-name order, typed by the schema. */
export function toStoreValues(model: EntityModel, data: EntityData): [string, StoreValue][] {
  const out: [string, StoreValue][] = [];
  for (const field of model.fieldsByNameOrder) {
    const value = data[field.name];
    if (value === null || value === undefined) continue;
    out.push([field.name, fromJsValue(model, field, value)]);
  }
  return out;
}

function toJsValue(model: EntityModel, label: string, field: FieldDef, value: StoreValue): JsValue {
  if (value.kind === "Null") return null;
  if (field.list) {
    if (value.kind !== "List") throw typeError(model, label, field, value);
    return value.value.map((item, index) => {
      if (item.kind === "Null") return null;
      if (!fitsScalar(field.scalar, item)) {
        throw new Error(
          `${label}: field \`${field.name}\` is of type ${model.typeString(field)}, but the value ` +
            `\`${displayValue(value)}\` contains a ${typeName(item)} at index ${index}`,
        );
      }
      return scalarToJs(item);
    });
  }
  if (!fitsScalar(field.scalar, value)) throw typeError(model, label, field, value);
  return scalarToJs(value);
}

function typeError(model: EntityModel, label: string, field: FieldDef, value: StoreValue): Error {
  return new Error(
    `${label}: the value \`${displayValue(value)}\` for field \`${field.name}\` must have type ` +
      `${model.typeString(field)} but has type ${typeName(value)}`,
  );
}

function fitsScalar(scalar: Scalar, value: StoreValue): boolean {
  return value.kind === (scalar === "ID" ? "String" : scalar);
}

function scalarToJs(value: StoreValue): JsValue {
  switch (value.kind) {
    case "Bytes":
      return bytesToHex(value.value);
    case "BigDecimal":
      return formatBigDecimal(value.value);
    case "Null":
      return null;
    case "List":
      return value.value.map(scalarToJs);
    default:
      return value.value;
  }
}

function fromJsValue(model: EntityModel, field: FieldDef, value: JsValue): StoreValue {
  if (value === null) return NULL;
  if (field.list) {
    if (!Array.isArray(value)) throw storedTypeError(model, field, value);
    return { kind: "List", value: value.map((item) => (item === null ? NULL : scalarFromJs(model, field, item))) };
  }
  return scalarFromJs(model, field, value);
}

function scalarFromJs(model: EntityModel, field: FieldDef, value: JsValue): StoreValue {
  switch (field.scalar) {
    case "ID":
    case "String":
      if (typeof value === "string") return { kind: "String", value };
      break;
    case "Bytes":
      if (typeof value === "string") return { kind: "Bytes", value: hexToBytes(value) };
      break;
    case "Boolean":
      if (typeof value === "boolean") return { kind: "Boolean", value };
      break;
    case "Int":
      if (typeof value === "number" || typeof value === "bigint") return { kind: "Int", value: Number(value) };
      break;
    case "BigDecimal":
      if (typeof value === "string" || typeof value === "number") {
        return { kind: "BigDecimal", value: parseBigDecimal(String(value)) };
      }
      break;
    case "Int8":
    case "BigInt":
    case "Timestamp":
      if (typeof value === "bigint" || typeof value === "number" || typeof value === "string") {
        return { kind: field.scalar, value: BigInt(value) };
      }
      break;
  }
  throw storedTypeError(model, field, value);
}

function storedTypeError(model: EntityModel, field: FieldDef, value: JsValue): Error {
  return new Error(
    `the store returned ${model.name}.${field.name} as ${show(value)} (${typeof value}), ` +
      `which is not a stored ${model.typeString(field)}`,
  );
}

function sameStoreValue(a: StoreValue, b: StoreValue): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "Bytes" && b.kind === "Bytes") return bytesToHex(a.value) === bytesToHex(b.value);
  return "value" in a && "value" in b && a.value === b.value;
}

function sameJsValue(a: JsValue, b: JsValue): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameJsValue(item, b[i]!));
  return a === b;
}

function show(value: JsValue): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
