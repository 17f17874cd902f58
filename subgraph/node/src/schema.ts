/**
 * The subgraph's schema.graphql, read into the entity types that the host runtime, the store and the GraphQL API share.
 *
 * Values in the store are plain JavaScript, chosen by the field's scalar type:
 *   ID, String -> string        Bytes -> lowercase "0x" hex string      Int -> number (32-bit)
 *   Int8, BigInt, Timestamp -> bigint (Timestamp: microseconds since the epoch, as graph-node)
 *   BigDecimal -> string (normalised decimal)     Boolean -> boolean    list -> array    missing -> null
 * A reference to another entity holds that entity's id, typed by the target's id type.
 */
import { readFileSync } from "node:fs";

import { Kind, parse } from "graphql";
import type { DocumentNode, FieldDefinitionNode, ObjectTypeDefinitionNode, TypeNode } from "graphql";

export type Scalar = "ID" | "String" | "Bytes" | "Int" | "Int8" | "BigInt" | "BigDecimal" | "Boolean" | "Timestamp";
export const SCALARS: readonly Scalar[] = [
  "ID",
  "String",
  "Bytes",
  "Int",
  "Int8",
  "BigInt",
  "BigDecimal",
  "Boolean",
  "Timestamp",
];

export type JsValue = string | number | bigint | boolean | null | JsValue[];
/** An entity as stored: field name -> value; always has `id`. */
export type EntityData = Record<string, JsValue>;

export interface FieldDef {
  name: string;
  description: string | undefined;
  /** The scalar stored for this field; for a reference, the target entity's id scalar. */
  scalar: Scalar;
  /** The entity (or interface) this field references, if any. */
  ref: string | undefined;
  /** The field holds a list. */
  list: boolean;
  /** `Type!` (for a list: the list itself is non-null). */
  nonNull: boolean;
  /** For a list, whether its elements are non-null. */
  itemNonNull: boolean;
  /** `@derivedFrom(field: ...)`: not stored; the entities of `ref` whose field `derivedFrom` points here. */
  derivedFrom: string | undefined;
}

export interface EntityType {
  name: string;
  description: string | undefined;
  immutable: boolean;
  /** The scalar of `id`: ID/String, Bytes or Int8. */
  idScalar: Scalar;
  /** Every field in schema order, `id` included. */
  fields: FieldDef[];
  fieldsByName: Map<string, FieldDef>;
}

export interface SubgraphSchema {
  /** The source text. */
  source: string;
  document: DocumentNode;
  entities: Map<string, EntityType>;
  /** Enum names -> values; stored as strings. */
  enums: Map<string, string[]>;
}

export function loadSchema(file: string): SubgraphSchema {
  return parseSchema(readFileSync(file, "utf8"));
}

/** Parses schema.graphql, checking what graph-node checks for the parts the project uses. */
export function parseSchema(source: string): SubgraphSchema {
  const document = parse(source);
  const enums = new Map<string, string[]>();
  const objects: ObjectTypeDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION)
      enums.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) objects.push(def);
    else if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      throw new Error(`schema.graphql: interface ${def.name.value}: interfaces are not supported by the local node`);
    }
  }
  const entityNames = new Set<string>();
  for (const o of objects) {
    if (!o.directives?.some((d) => d.name.value === "entity")) {
      throw new Error(`schema.graphql: type ${o.name.value} needs @entity`);
    }
    entityNames.add(o.name.value);
  }
  // First pass: id scalars, needed to type references.
  const idScalars = new Map<string, Scalar>();
  for (const o of objects) {
    const idField = o.fields?.find((f) => f.name.value === "id");
    if (idField === undefined) throw new Error(`schema.graphql: ${o.name.value} has no id field`);
    const t = unwrap(idField.type);
    if (t.list || !t.nonNull || !["ID", "String", "Bytes", "Int8"].includes(t.name)) {
      throw new Error(`schema.graphql: ${o.name.value}.id must be ID!, String!, Bytes! or Int8!`);
    }
    idScalars.set(o.name.value, t.name as Scalar);
  }
  const entities = new Map<string, EntityType>();
  for (const o of objects) {
    const entityDirective = o.directives?.find((d) => d.name.value === "entity");
    const immutableArg = entityDirective?.arguments?.find((a) => a.name.value === "immutable");
    const immutable = immutableArg?.value.kind === Kind.BOOLEAN && immutableArg.value.value;
    const fields = (o.fields ?? []).map((f) => fieldDef(o.name.value, f, entityNames, idScalars, enums));
    entities.set(o.name.value, {
      name: o.name.value,
      description: o.description?.value,
      immutable,
      idScalar: idScalars.get(o.name.value) as Scalar,
      fields,
      fieldsByName: new Map(fields.map((f) => [f.name, f])),
    });
  }
  // Derived fields must point at a field of the target that references this entity.
  for (const e of entities.values()) {
    for (const f of e.fields) {
      if (f.derivedFrom === undefined) continue;
      const target = entities.get(f.ref ?? "");
      const back = target?.fieldsByName.get(f.derivedFrom);
      if (back === undefined || back.ref !== e.name) {
        throw new Error(
          `schema.graphql: ${e.name}.${f.name} derives from ${f.ref}.${f.derivedFrom}, which is not a ${e.name} reference`,
        );
      }
    }
  }
  return { source, document, entities, enums };
}

function unwrap(type: TypeNode): { name: string; list: boolean; nonNull: boolean; itemNonNull: boolean } {
  let nonNull = false;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    let inner = t.type;
    let itemNonNull = false;
    if (inner.kind === Kind.NON_NULL_TYPE) {
      itemNonNull = true;
      inner = inner.type;
    }
    if (inner.kind !== Kind.NAMED_TYPE) throw new Error("schema.graphql: nested lists are not supported");
    return { name: inner.name.value, list: true, nonNull, itemNonNull };
  }
  if (t.kind !== Kind.NAMED_TYPE) throw new Error("schema.graphql: unexpected type");
  return { name: t.name.value, list: false, nonNull, itemNonNull: false };
}

function fieldDef(
  entity: string,
  f: FieldDefinitionNode,
  entityNames: ReadonlySet<string>,
  idScalars: ReadonlyMap<string, Scalar>,
  enums: ReadonlyMap<string, string[]>,
): FieldDef {
  const t = unwrap(f.type);
  const derived = f.directives?.find((d) => d.name.value === "derivedFrom");
  const derivedArg = derived?.arguments?.find((a) => a.name.value === "field");
  const derivedFrom = derivedArg?.value.kind === Kind.STRING ? derivedArg.value.value : undefined;
  if (derived !== undefined && derivedFrom === undefined) {
    throw new Error(`schema.graphql: ${entity}.${f.name.value}: @derivedFrom needs field: "..."`);
  }
  let scalar: Scalar;
  let ref: string | undefined;
  if (entityNames.has(t.name)) {
    ref = t.name;
    scalar = idScalars.get(t.name) as Scalar;
  } else if (enums.has(t.name)) {
    scalar = "String";
  } else if ((SCALARS as readonly string[]).includes(t.name)) {
    scalar = t.name as Scalar;
  } else {
    throw new Error(`schema.graphql: ${entity}.${f.name.value} has unknown type ${t.name}`);
  }
  if (derivedFrom !== undefined && ref === undefined) {
    throw new Error(`schema.graphql: ${entity}.${f.name.value}: @derivedFrom needs an entity type`);
  }
  return {
    name: f.name.value,
    description: f.description?.value,
    scalar,
    ref,
    list: t.list,
    nonNull: t.nonNull,
    itemNonNull: t.itemNonNull,
    derivedFrom,
  };
}

/** The fields an entity stores (derived ones are computed at query time). */
export function storedFields(type: EntityType): FieldDef[] {
  return type.fields.filter((f) => f.derivedFrom === undefined);
}
