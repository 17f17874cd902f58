/** The collection arguments (`where`, `orderBy`, `orderDirection`, `first`, `skip`) as a store query. */
import type { EntityType, SubgraphSchema } from "../schema.ts";
import { QueryError } from "../store/query.ts";
import type { EntityQuery, Order } from "../store/query.ts";
import { whereFilter } from "./filters.ts";
import type { FilterInput } from "./filters.ts";

export interface Limits {
  /** The largest `first` (graph-node's GRAPH_GRAPHQL_MAX_FIRST, default 1000). */
  maxFirst: number;
  /** The largest `skip` (graph-node's GRAPH_GRAPHQL_MAX_SKIP, default unlimited: 2^32 - 1). */
  maxSkip: number;
}

export const DEFAULT_LIMITS: Limits = { maxFirst: 1000, maxSkip: 4_294_967_295 };

export interface CollectionArgs {
  where?: Record<string, unknown> | null;
  orderBy?: { field: string; child?: string } | null;
  orderDirection?: "asc" | "desc" | null;
  first?: number | null;
  skip?: number | null;
}

export class CollectionArguments {
  readonly schema: SubgraphSchema;
  readonly #filters: Map<string, Map<string, FilterInput>>;
  readonly #limits: Limits;

  constructor(schema: SubgraphSchema, filters: Map<string, Map<string, FilterInput>>, limits: Limits) {
    this.schema = schema;
    this.#filters = filters;
    this.#limits = limits;
  }

  query(entity: EntityType, args: CollectionArgs): EntityQuery {
    const first = args.first ?? 100;
    if (first <= 0 || first > this.#limits.maxFirst) throw rangeError("first", this.#limits.maxFirst, first);
    const skip = args.skip ?? 0;
    if (skip < 0 || skip > this.#limits.maxSkip) throw rangeError("skip", this.#limits.maxSkip, skip);
    const filter =
      args.where === undefined || args.where === null
        ? undefined
        : whereFilter(entity, args.where, (name) => this.#inputs(name), this.schema);
    // As in graph-node, `orderDirection` without `orderBy` leaves the default order: by id, ascending.
    const order: Order | undefined =
      args.orderBy === undefined || args.orderBy === null
        ? undefined
        : { field: args.orderBy.field, child: args.orderBy.child, direction: args.orderDirection ?? "asc" };
    return { entity: entity.name, filter, order, first, skip };
  }

  #inputs(entity: string): Map<string, FilterInput> {
    const inputs = this.#filters.get(entity);
    if (inputs === undefined) throw new QueryError(`Entity type \`${entity}\` is not defined in schema.graphql`);
    return inputs;
  }
}

function rangeError(argument: string, max: number, actual: number): QueryError {
  return new QueryError(`The \`${argument}\` argument must be between 0 and ${max}, but is ${actual}`);
}
