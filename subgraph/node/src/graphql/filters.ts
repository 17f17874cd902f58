/**
 * The `where` filters of an entity type, as graph-node generates them (graphql/src/schema/api.rs): which input fields
 * exist for each field type, and the translation of a `where` value into a store Filter.
 */
import type { EntityType, FieldDef, JsValue, SubgraphSchema } from "../schema.ts";
import { QueryError } from "../store/query.ts";
import type { Comparison, Filter } from "../store/query.ts";

export type FilterOp =
  | ""
  | "not"
  | "gt"
  | "lt"
  | "gte"
  | "lte"
  | "in"
  | "not_in"
  | "contains"
  | "contains_nocase"
  | "not_contains"
  | "not_contains_nocase"
  | "starts_with"
  | "starts_with_nocase"
  | "not_starts_with"
  | "not_starts_with_nocase"
  | "ends_with"
  | "ends_with_nocase"
  | "not_ends_with"
  | "not_ends_with_nocase";

const ORDERED: FilterOp[] = ["", "not", "gt", "lt", "gte", "lte", "in", "not_in"];
const STRING: FilterOp[] = [
  ...ORDERED,
  "contains",
  "contains_nocase",
  "not_contains",
  "not_contains_nocase",
  "starts_with",
  "starts_with_nocase",
  "not_starts_with",
  "not_starts_with_nocase",
  "ends_with",
  "ends_with_nocase",
  "not_ends_with",
  "not_ends_with_nocase",
];
const LIST: FilterOp[] = ["", "not", "contains", "contains_nocase", "not_contains", "not_contains_nocase"];

/** Filter operators per GraphQL scalar; any other type (Timestamp, in graph-node too) gets equality only. */
const SCALAR_OPS: Record<string, FilterOp[]> = {
  BigInt: ORDERED,
  BigDecimal: ORDERED,
  Boolean: ["", "not", "in", "not_in"],
  Bytes: [...ORDERED, "contains", "not_contains"],
  ID: ORDERED,
  Int: ORDERED,
  Int8: ORDERED,
  String: STRING,
};
const ENUM_OPS: FilterOp[] = ["", "not", "in", "not_in"];

/** The GraphQL type of a filter input field's value. */
export type FilterValueType =
  | { kind: "named"; name: string; list: boolean }
  | { kind: "filter"; entity: string }
  | { kind: "filters"; entity: string }
  | { kind: "changeBlock" };

export type FilterSpec =
  | { kind: "field"; field: FieldDef; op: FilterOp }
  | { kind: "child"; field: FieldDef }
  | { kind: "changeBlock" }
  | { kind: "and" | "or" };

export interface FilterInput {
  name: string;
  type: FilterValueType;
  spec: FilterSpec;
}

/** The input fields of `<Entity>_filter`, in graph-node's order. */
export function filterInputs(schema: SubgraphSchema, entity: EntityType, typeNames: TypeNames): FilterInput[] {
  const inputs: FilterInput[] = [];
  const add = (field: FieldDef, ops: FilterOp[], valueType: string, list: boolean) => {
    for (const op of ops) {
      const name = op === "" ? field.name : `${field.name}_${op}`;
      const listValue = list || op === "in" || op === "not_in";
      inputs.push({
        name,
        type: { kind: "named", name: valueType, list: listValue },
        spec: { kind: "field", field, op },
      });
    }
  };
  for (const field of entity.fields) {
    const named = typeNames.of(entity, field);
    if (field.ref !== undefined) {
      // References filter by the referenced id: as String (ID, String and Bytes ids) or Int (Int8 ids).
      const idType = schema.entities.get(field.ref)?.idScalar === "Int8" ? "Int" : "String";
      if (field.derivedFrom === undefined)
        add(field, field.list ? LIST : (SCALAR_OPS[idType] ?? []), idType, field.list);
      inputs.push({
        name: `${field.name}_`,
        type: { kind: "filter", entity: field.ref },
        spec: { kind: "child", field },
      });
    } else if (field.list) {
      add(field, LIST, named, true);
    } else if (schema.enums.has(named)) {
      add(field, ENUM_OPS, named, false);
    } else {
      add(field, SCALAR_OPS[named] ?? ["", "not"], named, false);
    }
  }
  inputs.push({ name: "_change_block", type: { kind: "changeBlock" }, spec: { kind: "changeBlock" } });
  inputs.push({ name: "and", type: { kind: "filters", entity: entity.name }, spec: { kind: "and" } });
  inputs.push({ name: "or", type: { kind: "filters", entity: entity.name }, spec: { kind: "or" } });
  const seen = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.name)) {
      throw new Error(`schema.graphql: ${entity.name} has a field whose name clashes with the filter ${input.name}`);
    }
    seen.add(input.name);
  }
  return inputs;
}

/** The named GraphQL type of each field (enums keep their own name, which FieldDef folds into String). */
export class TypeNames {
  readonly #names = new Map<string, string>();

  constructor(schema: SubgraphSchema) {
    for (const definition of schema.document.definitions) {
      if (definition.kind !== "ObjectTypeDefinition") continue;
      for (const field of definition.fields ?? []) {
        let type = field.type;
        while (type.kind !== "NamedType") type = type.type;
        this.#names.set(`${definition.name.value}.${field.name.value}`, type.name.value);
      }
    }
  }

  of(entity: EntityType, field: FieldDef): string {
    return this.#names.get(`${entity.name}.${field.name}`) ?? field.scalar;
  }
}

/** Translates a coerced `where` value of `entity` into a store Filter. */
export function whereFilter(
  entity: EntityType,
  where: Record<string, unknown>,
  inputs: (entity: string) => ReadonlyMap<string, FilterInput>,
  schema: SubgraphSchema,
): Filter {
  const byName = inputs(entity.name);
  const keys = Object.keys(where);
  const logical = keys.filter((key) => key === "and" || key === "or");
  if (logical.length > 0) {
    if (keys.length > 1) {
      throw new QueryError(
        `Invalid filter: \`${logical.join("` and `")}\` cannot be combined with other filters at the same ` +
          `level; put them all in the \`${logical[0]}\` list`,
      );
    }
    const key = logical[0] as "and" | "or";
    const list = where[key];
    if (!Array.isArray(list)) throw new QueryError(`Invalid filter: \`${key}\` needs a list of filters`);
    return {
      kind: key,
      filters: list.map((item) => whereFilter(entity, asObject(item, key), inputs, schema)),
    };
  }
  const filters = keys.map((key): Filter => {
    const input = byName.get(key);
    if (input === undefined) throw new QueryError(`Entity \`${entity.name}\` has no attribute \`${key}\``);
    const value = where[key];
    const spec = input.spec;
    switch (spec.kind) {
      case "changeBlock":
        return { kind: "changedSince", block: Number(asObject(value, key).number_gte) };
      case "child": {
        const target = schema.entities.get(spec.field.ref ?? "") as EntityType;
        return {
          kind: "child",
          field: spec.field.name,
          filter: whereFilter(target, asObject(value, key), inputs, schema),
        };
      }
      case "field":
        return fieldFilter(spec.field, spec.op, storedValue(schema, spec.field, value as JsValue));
      default:
        throw new QueryError(`Invalid filter: \`${key}\` cannot be used here`);
    }
  });
  return filters.length === 1 ? (filters[0] as Filter) : { kind: "and", filters };
}

const COMPARISONS: Partial<Record<FilterOp, Comparison>> = {
  "": "=",
  not: "!=",
  gt: ">",
  lt: "<",
  gte: ">=",
  lte: "<=",
};

function fieldFilter(field: FieldDef, op: FilterOp, value: JsValue): Filter {
  const comparison = COMPARISONS[op];
  if (comparison !== undefined) return { kind: "compare", field: field.name, op: comparison, value };
  if (op === "in" || op === "not_in") {
    if (!Array.isArray(value)) throw new QueryError(`Non-list value passed to \`_${op}\` filter`);
    return { kind: "in", field: field.name, values: value, negated: op === "not_in" };
  }
  if (value === null) throw new QueryError(`unsupported filter \`${op}\` for value \`null\``);
  const negated = op.startsWith("not_");
  const ignoreCase = op.endsWith("_nocase");
  const base = op.replace(/^not_/, "").replace(/_nocase$/, "");
  const kind = base === "contains" ? "contains" : base === "starts_with" ? "startsWith" : "endsWith";
  return { kind, field: field.name, value, negated, ignoreCase };
}

/** References to Int8 ids are filtered with Int values; the store compares Int8 as bigint. */
function storedValue(schema: SubgraphSchema, field: FieldDef, value: JsValue): JsValue {
  if (field.ref === undefined || schema.entities.get(field.ref)?.idScalar !== "Int8") return value;
  const toBigInt = (v: JsValue): JsValue => (typeof v === "number" ? BigInt(v) : v);
  return Array.isArray(value) ? value.map(toBigInt) : toBigInt(value);
}

function asObject(value: unknown, key: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new QueryError(`Invalid filter: \`${key}\` needs an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
