/**
 * The GraphQL schema graph-node derives from schema.graphql (graph/src/schema/api.rs), for the query API the local
 * node serves: per entity type an object type, `<Entity>_filter` and `<Entity>_orderBy`, and on Query a lookup by id
 * (`company(id:)`) and a collection (`companies(where:, orderBy:, orderDirection:, first:, skip:)`); list and derived
 * fields take the collection arguments too; `_meta` reports the indexed block.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from "graphql";
import type {
  GraphQLEnumValueConfigMap,
  GraphQLFieldConfig,
  GraphQLFieldConfigArgumentMap,
  GraphQLFieldConfigMap,
  GraphQLInputFieldConfigMap,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLScalarType,
} from "graphql";

import type { EntityData, EntityType, FieldDef, SubgraphSchema } from "../schema.ts";
import { normalizeHex } from "../store/codec.ts";
import { QueryError } from "../store/query.ts";
import type { CollectionArgs } from "./arguments.ts";
import { idText } from "./context.ts";
import type { BlockHeight, RequestContext } from "./context.ts";
import { TypeNames, filterInputs } from "./filters.ts";
import type { FilterInput, FilterValueType } from "./filters.ts";
import { collectionFieldName, singleFieldName } from "./naming.ts";
import { THE_GRAPH_SCALARS } from "./scalars.ts";

export interface ApiSchema {
  schema: GraphQLSchema;
  /** entity -> `where` input field -> what it filters */
  filters: Map<string, Map<string, FilterInput>>;
}

type EntityFieldConfig = GraphQLFieldConfig<EntityData, RequestContext>;

const BUILT_IN: Record<string, GraphQLScalarType> = {
  ID: GraphQLID,
  String: GraphQLString,
  Int: GraphQLInt,
  Boolean: GraphQLBoolean,
  ...THE_GRAPH_SCALARS,
};

const OrderDirection = new GraphQLEnumType({
  name: "OrderDirection",
  description: "Defines the order direction, either ascending or descending",
  values: { asc: { value: "asc" }, desc: { value: "desc" } },
});

const SubgraphErrorPolicy = new GraphQLEnumType({
  name: "_SubgraphErrorPolicy_",
  values: {
    allow: { value: "allow", description: "Data will be returned even if the subgraph has indexing errors" },
    deny: { value: "deny", description: "If the subgraph has indexing errors, data will be omitted. The default." },
  },
});

const BlockHeightInput = new GraphQLInputObjectType({
  name: "Block_height",
  description: "The block at which the query should be executed (the local node answers for the latest block only).",
  fields: {
    hash: { type: THE_GRAPH_SCALARS.Bytes, description: "Value containing a block hash" },
    number: { type: GraphQLInt, description: "Value containing a block number" },
    number_gte: { type: GraphQLInt, description: "Value containing the minimum block number" },
  },
});

const BlockChangedFilter = new GraphQLInputObjectType({
  name: "BlockChangedFilter",
  fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } },
});

const BlockType = new GraphQLObjectType({
  name: "_Block_",
  fields: {
    hash: { type: THE_GRAPH_SCALARS.Bytes, description: "The hash of the block" },
    number: { type: new GraphQLNonNull(GraphQLInt), description: "The block number" },
    timestamp: {
      type: GraphQLInt,
      description: "Integer representation of the timestamp stored in blocks for the chain",
    },
    parentHash: { type: THE_GRAPH_SCALARS.Bytes, description: "The hash of the parent block" },
  },
});

const MetaType = new GraphQLObjectType({
  name: "_Meta_",
  description: "The type for the top-level _meta field",
  fields: {
    block: { type: new GraphQLNonNull(BlockType) },
    deployment: { type: new GraphQLNonNull(GraphQLString), description: "The deployment ID" },
    hasIndexingErrors: {
      type: new GraphQLNonNull(GraphQLBoolean),
      description: "If `true`, the subgraph encountered indexing errors at some past block",
    },
  },
});

const blockArgument = { type: BlockHeightInput, description: "The block at which the query should be executed." };
const subgraphErrorArgument = {
  type: new GraphQLNonNull(SubgraphErrorPolicy),
  defaultValue: "deny",
  description: "Set to `allow` to receive data even if the subgraph has skipped over errors while syncing.",
};

export function buildApiSchema(subgraph: SubgraphSchema): ApiSchema {
  const typeNames = new TypeNames(subgraph);
  const enums = new Map<string, GraphQLEnumType>();
  for (const [name, values] of subgraph.enums) {
    enums.set(name, new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }));
  }
  const objects = new Map<string, GraphQLObjectType>();
  const filterTypes = new Map<string, GraphQLInputObjectType>();
  const orderByTypes = new Map<string, GraphQLEnumType>();
  const filters = new Map<string, Map<string, FilterInput>>();

  const named = (name: string): GraphQLScalarType | GraphQLEnumType => {
    const type = BUILT_IN[name] ?? enums.get(name);
    if (type === undefined) throw new Error(`schema.graphql: unknown type ${name}`);
    return type;
  };
  const entityOf = (name: string) => subgraph.entities.get(name) as EntityType;
  const collectionArguments = (entity: string): GraphQLFieldConfigArgumentMap => ({
    skip: { type: GraphQLInt, defaultValue: 0 },
    first: { type: GraphQLInt, defaultValue: 100 },
    orderBy: { type: orderByTypes.get(entity) as GraphQLEnumType },
    orderDirection: { type: OrderDirection },
    where: { type: filterTypes.get(entity) as GraphQLInputObjectType },
  });

  for (const entity of subgraph.entities.values()) {
    const inputs = filterInputs(subgraph, entity, typeNames);
    filters.set(entity.name, new Map(inputs.map((input) => [input.name, input])));
    filterTypes.set(
      entity.name,
      new GraphQLInputObjectType({
        name: `${entity.name}_filter`,
        fields: () =>
          Object.fromEntries(
            inputs.map((input) => [input.name, { type: filterValueType(input.type) }]),
          ) as GraphQLInputFieldConfigMap,
      }),
    );
    orderByTypes.set(
      entity.name,
      new GraphQLEnumType({ name: `${entity.name}_orderBy`, values: orderByValues(entity) }),
    );
    objects.set(
      entity.name,
      new GraphQLObjectType<EntityData, RequestContext>({
        name: entity.name,
        description: entity.description,
        fields: () => Object.fromEntries(entity.fields.map((field) => [field.name, entityField(entity, field)])),
      }),
    );
  }

  function filterValueType(type: FilterValueType): GraphQLInputType {
    switch (type.kind) {
      case "named": {
        const scalar = named(type.name);
        return type.list ? new GraphQLList(new GraphQLNonNull(scalar)) : scalar;
      }
      case "filter":
        return filterTypes.get(type.entity) as GraphQLInputObjectType;
      case "filters":
        return new GraphQLList(filterTypes.get(type.entity) as GraphQLInputObjectType);
      case "changeBlock":
        return BlockChangedFilter;
    }
  }

  /** Every field, then `field__child` for each scalar field of a single referenced entity (graph-node's child sort). */
  function orderByValues(entity: EntityType): GraphQLEnumValueConfigMap {
    const values: GraphQLEnumValueConfigMap = {};
    for (const field of entity.fields) {
      values[field.name] = { value: { field: field.name } };
      if (field.ref === undefined || field.list) continue;
      for (const child of entityOf(field.ref).fields) {
        if (child.list || child.ref !== undefined) continue;
        values[`${field.name}__${child.name}`] = { value: { field: field.name, child: child.name } };
      }
    }
    return values;
  }

  function outputType(entity: EntityType, field: FieldDef): GraphQLOutputType {
    const base =
      field.ref !== undefined ? (objects.get(field.ref) as GraphQLObjectType) : named(typeNames.of(entity, field));
    if (!field.list) return field.nonNull ? new GraphQLNonNull(base) : base;
    const list = new GraphQLList(field.itemNonNull ? new GraphQLNonNull(base) : base);
    return field.nonNull ? new GraphQLNonNull(list) : list;
  }

  function entityField(entity: EntityType, field: FieldDef): EntityFieldConfig {
    const type = outputType(entity, field);
    const description = field.description;
    if (field.ref === undefined) return { type, description };
    if (field.list) {
      return {
        type,
        description,
        args: collectionArguments(field.ref),
        resolve: (parent, args: CollectionArgs, context) => {
          if (field.derivedFrom === undefined && parent[field.name] === undefined) return null;
          return context.children(entity, field, args, idText(parent.id));
        },
      };
    }
    if (field.derivedFrom !== undefined) {
      return {
        type,
        description,
        resolve: async (parent, _args, context) => {
          const found = await context.children(entity, field, { first: 2 }, idText(parent.id));
          if (found.length > 1) {
            throw new QueryError(
              `Ambiguous result for derived field \`${field.name}\`: Multiple \`${field.ref}\` entities refer back ` +
                `via \`${field.derivedFrom}\``,
            );
          }
          return found[0] ?? null;
        },
      };
    }
    const target = field.ref;
    return {
      type,
      description,
      resolve: (parent, _args, context) => {
        const id = parent[field.name];
        return id === undefined || id === null ? null : context.entity(target, idText(id));
      },
    };
  }

  const queryFields: GraphQLFieldConfigMap<unknown, RequestContext> = {};
  for (const entity of subgraph.entities.values()) {
    const object = objects.get(entity.name) as GraphQLObjectType;
    const single = singleFieldName(entity.name);
    const collection = collectionFieldName(entity.name);
    if (single in queryFields || collection in queryFields || single === collection) {
      throw new Error(
        `schema.graphql: the query fields of ${entity.name} (${single}, ${collection}) clash with others`,
      );
    }
    queryFields[single] = {
      type: object,
      description: entity.description,
      args: { id: { type: new GraphQLNonNull(GraphQLID) }, block: blockArgument, subgraphError: subgraphErrorArgument },
      resolve: (_root, args: { id: string; block?: BlockHeight }, context) => {
        context.checkBlock(args.block);
        return context.entity(entity.name, idArgument(entity, args.id));
      },
    };
    queryFields[collection] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(object))),
      description: entity.description,
      args: { ...collectionArguments(entity.name), block: blockArgument, subgraphError: subgraphErrorArgument },
      resolve: (_root, args: CollectionArgs & { block?: BlockHeight }, context) => {
        context.checkBlock(args.block);
        return context.store.find(context.arguments.query(entity, args));
      },
    };
  }
  queryFields._meta = {
    type: MetaType,
    description: "Access to subgraph metadata",
    args: { block: blockArgument },
    resolve: (_root, args: { block?: BlockHeight }, context) => {
      context.checkBlock(args.block);
      const head = context.head;
      if (head === null) throw new QueryError("the subgraph has not indexed any block yet");
      const byNumber = args.block?.number !== undefined && args.block.number !== null;
      return {
        block: {
          // As graph-node: a query pinned to a block number does not report the block's hash.
          hash: byNumber ? null : head.hash,
          number: Number(head.number),
          timestamp: Number(head.timestamp),
          parentHash: head.parentHash,
        },
        deployment: context.store.deployment,
        hasIndexingErrors: context.store.hasIndexingErrors(),
      };
    },
  };

  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: queryFields }),
    types: [...objects.values()],
  });
  return { schema, filters };
}

/** The `id` argument in the string form the store uses, checked against the entity's id type. */
function idArgument(entity: EntityType, id: string): string {
  if (entity.idScalar === "Bytes") {
    try {
      return normalizeHex(id);
    } catch (error) {
      throw new QueryError(`Failed to decode \`Bytes\` value: \`${(error as Error).message}\``);
    }
  }
  if (entity.idScalar === "Int8") {
    if (!/^-?\d+$/.test(id)) throw new QueryError(`Failed to decode \`Int8\` value: \`"${id}" is not an integer\``);
    return BigInt(id).toString();
  }
  return id;
}
