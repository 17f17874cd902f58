/**
 * Lists come from the subgraph (The Graph, or the local Graph node in development): the same queries run against
 * either. Pages page with `id_gt` cursors, never deep `skip`.
 */
export class GraphQLRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GraphQLRequestError";
  }
}

export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<T> {
  if (url === "") throw new GraphQLRequestError("No GraphQL endpoint is configured (CONSTELLATE_GRAPHQL_URL).");
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      ...(signal !== undefined ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new GraphQLRequestError(`The indexer at ${url} cannot be reached; lists may be out of date.`);
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (body === null) throw new GraphQLRequestError(`The indexer answered ${response.status} without JSON.`);
  if (body.errors !== undefined && body.errors.length > 0) {
    throw new GraphQLRequestError(`The indexer refused the query: ${body.errors.map((e) => e.message).join("; ")}`);
  }
  if (body.data === undefined) throw new GraphQLRequestError("The indexer answered without data.");
  return body.data;
}

/** The newest block the indexer has processed. */
export async function indexedBlock(url: string): Promise<number> {
  const data = await graphql<{ _meta: { block: { number: number } } | null }>(url, "{ _meta { block { number } } }");
  return data._meta?.block.number ?? 0;
}

/** Waits until the indexer has processed `block` (or `timeoutMs` passes); true when it has. */
export async function waitForIndexer(url: string, block: bigint | number, timeoutMs = 15_000): Promise<boolean> {
  if (url === "") return false;
  const target = Number(block);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await indexedBlock(url)) >= target) return true;
    } catch {
      // the indexer may be restarting; keep trying until the deadline
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
