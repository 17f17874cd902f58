/**
 * The HTTP face of the local Graph node: The Graph's query endpoint at /subgraphs/name/<name> (POST JSON
 * `{ query, variables, operationName }`, or GET with those as URL parameters), open to any origin as graph-node's is,
 * plus /health with the indexing status. Listens on 127.0.0.1 only.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface QueryRequest {
  query: string;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
}

export interface GraphServerOptions {
  subgraphName: string;
  execute(request: QueryRequest): Promise<unknown>;
  status(): unknown;
  host?: string;
  port?: number;
  /** Largest request body accepted (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface GraphServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const host = options.host ?? "127.0.0.1";
  const path = `/subgraphs/name/${options.subgraphName}`;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) sendJson(res, error.status, { errors: [{ message: error.message }] });
      else sendJson(res, 500, { errors: [{ message: `internal error: ${(error as Error).message}` }] });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    res.setHeader("access-control-allow-origin", "*");
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "86400",
      });
      res.end();
      return;
    }
    if (url.pathname === "/health" && req.method === "GET") {
      sendJson(res, 200, options.status());
      return;
    }
    if (url.pathname !== path && url.pathname !== `${path}/`) {
      throw new HttpError(404, `no subgraph at ${url.pathname}; query ${path}`);
    }
    let request: QueryRequest;
    if (req.method === "GET") {
      const query = url.searchParams.get("query");
      if (query === null) throw new HttpError(400, `send a GraphQL query: POST ${path} with {"query": "..."}`);
      const variables = url.searchParams.get("variables");
      request = {
        query,
        variables: variables === null ? undefined : parseVariables(variables),
        operationName: url.searchParams.get("operationName") ?? undefined,
      };
    } else if (req.method === "POST") {
      request = parseBody(await readBody(req, maxBody));
    } else {
      throw new HttpError(405, `${req.method} is not supported; use POST or GET`);
    }
    sendJson(res, 200, await options.execute(request));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8000, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): QueryRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON; send {"query": "...", "variables": {...}}');
  }
  if (typeof body !== "object" || body === null || typeof (body as { query?: unknown }).query !== "string") {
    throw new HttpError(400, 'the body needs a "query" string');
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) {
    throw new HttpError(400, '"variables" must be an object');
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") {
    throw new HttpError(400, '"operationName" must be a string');
  }
  return {
    query: query as string,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: (operationName ?? undefined) as string | undefined,
  };
}

function parseVariables(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new HttpError(400, "the variables parameter must be a JSON object");
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}
