import { readFileSync } from "node:fs";
import path from "node:path";

import { parse } from "yaml";

export const runtime = "nodejs";
export const dynamic = "force-static";

/** The vault's API as OpenAPI 3.1 (the source is app/openapi/vault.yaml), for anyone building a client or a vault. */
export function GET(): Response {
  const document = parse(readFileSync(path.join(process.cwd(), "openapi", "vault.yaml"), "utf8")) as unknown;
  return Response.json(document, { headers: { "access-control-allow-origin": "*" } });
}
