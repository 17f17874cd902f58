/**
 * The Graph's query API over the entity store: parses, validates and executes a request with graphql-js against the
 * schema graph-node would derive from schema.graphql. Every failure comes back as `{ errors: [{ message }] }`.
 */
import { GraphQLError, execute, parse, validate } from "graphql";
import type { DocumentNode, ExecutionResult, GraphQLSchema } from "graphql";

import type { SubgraphSchema } from "../schema.ts";
import { QueryError } from "../store/query.ts";
import { CollectionArguments, DEFAULT_LIMITS } from "./arguments.ts";
import type { Limits } from "./arguments.ts";
import { buildApiSchema } from "./api-schema.ts";
import { RequestContext } from "./context.ts";
import type { QueryStore } from "./context.ts";

export interface QueryRequest {
  query: string;
  variables?: Record<string, unknown> | null | undefined;
  operationName?: string | null | undefined;
}

export interface QueryApi {
  /** The GraphQL schema served (for introspection and tooling). */
  readonly schema: GraphQLSchema;
  execute(request: QueryRequest): Promise<ExecutionResult>;
}

export function createQueryApi(subgraph: SubgraphSchema, store: QueryStore, limits: Partial<Limits> = {}): QueryApi {
  const { schema, filters } = buildApiSchema(subgraph);
  const collectionArguments = new CollectionArguments(subgraph, filters, { ...DEFAULT_LIMITS, ...limits });

  return {
    schema,
    async execute(request) {
      let document: DocumentNode;
      try {
        document = parse(request.query);
      } catch (error) {
        return { errors: [asGraphQLError(error)] };
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) return { errors: invalid };
      try {
        const result = await execute({
          schema,
          document,
          variableValues: request.variables ?? undefined,
          operationName: request.operationName ?? undefined,
          contextValue: new RequestContext(store, collectionArguments),
        });
        return result.errors === undefined ? result : { ...result, errors: result.errors.map(explain) };
      } catch (error) {
        return { errors: [asGraphQLError(error)] };
      }
    },
  };
}

/** A resolver error that is not the query's fault (a bug, a broken database) says so. */
function explain(error: GraphQLError): GraphQLError {
  const cause = error.originalError;
  if (error.path === undefined || cause === undefined || cause instanceof QueryError || cause instanceof GraphQLError) {
    return error;
  }
  return new GraphQLError(`Store error: ${error.message}`, {
    nodes: error.nodes,
    path: error.path,
    originalError: cause,
  });
}

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(`Store error: ${error instanceof Error ? error.message : String(error)}`);
}
