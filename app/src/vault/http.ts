/** The vault's HTTP conventions: JSON errors `{ "error": { "code", "message" } }` and their statuses. */

export type ErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "hash_mismatch"
  | "rate_limited"
  | "quota_exceeded"
  | "internal"
  | (string & {});

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;
  constructor(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function jsonError(
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** Wraps a route handler: an HttpError becomes its JSON error; anything else a 500 that leaks no detail. */
export function handle<Args extends unknown[]>(
  fn: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    try {
      return await fn(...args);
    } catch (error) {
      if (error instanceof HttpError) return jsonError(error.status, error.code, error.message, error.headers);
      console.error("vault: unexpected error", error);
      return jsonError(500, "internal", "The vault failed to answer; try again, and tell its operator if it persists.");
    }
  };
}
