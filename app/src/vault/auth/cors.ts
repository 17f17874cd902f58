/**
 * CORS for the bearer flow: console pages on the configured origins may call the vault with `Authorization: Bearer`.
 * Credentials (cookies) are never allowed across origins, so the session cookie only ever works on the vault's own
 * origin. Public documents, open to every origin, set their own `Access-Control-Allow-Origin: *`.
 */
import { jsonError } from "../http.ts";
import type { AuthContext } from "./context.ts";
import type { HeaderSource } from "./sessions.ts";

export const CORS_ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
export const CORS_ALLOWED_HEADERS =
  "Authorization, Content-Type, If-None-Match, X-Owner, X-Acting-For, X-Access-Hint, X-Content-SHA256, X-Visibility, X-Scope";
export const CORS_EXPOSED_HEADERS = "ETag, Content-Disposition, Content-Length";
const PREFLIGHT_MAX_AGE_SECONDS = 600;

type CorsContext = Pick<AuthContext, "corsOrigins">;

/** Whether `origin` (an Origin header) is on the allow-list; compared as serialised origins, exactly. */
export function isAllowedOrigin(origin: string | null, ctx: CorsContext): origin is string {
  return origin !== null && ctx.corsOrigins.has(origin);
}

/**
 * Headers for an actual (non-preflight) response: the echoed origin when it is allowed, and `Vary: Origin` always,
 * so that no cache hands one origin's answer to another.
 */
export function corsHeaders(origin: string | null, ctx: CorsContext): Record<string, string> {
  if (!isAllowedOrigin(origin, ctx)) return { vary: "Origin" };
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": CORS_EXPOSED_HEADERS,
    vary: "Origin",
  };
}

/** The answer to an OPTIONS preflight: 204 with the allowances for an allowed origin, 403 for any other. */
export function preflight(headers: HeaderSource, ctx: CorsContext): Response {
  const origin = headers.get("origin");
  if (!isAllowedOrigin(origin, ctx)) {
    return jsonError(403, "cors_origin_not_allowed", "This origin may not call the vault from a browser.", {
      vary: "Origin",
    });
  }
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": CORS_ALLOWED_METHODS,
      "access-control-allow-headers": CORS_ALLOWED_HEADERS,
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
      vary: "Origin",
    },
  });
}
