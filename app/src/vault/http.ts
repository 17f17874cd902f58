/** The vault's HTTP conventions: JSON errors `{ "error": { "code", "message" } }` and their statuses. */
import { AccessCheckUnavailableError, AccessDeniedError, AccessQueryError } from "./access/index.ts";
import { VaultStoreError } from "./storage/index.ts";

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

/**
 * The answer for an error the store or the access checker raises about the request (its input, its rights, a chain
 * that kept moving); undefined for anything else, which is the vault's own failure.
 */
function asHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof VaultStoreError) {
    switch (error.code) {
      case "invalid_input":
        return new HttpError(400, "bad_request", error.message);
      case "hash_mismatch":
        return new HttpError(422, "hash_mismatch", error.message);
      case "conflict":
        return new HttpError(409, "conflict", error.message);
      case "quota_exceeded":
        return new HttpError(507, "quota_exceeded", error.message);
      default:
        return undefined; // locked, incompatible, corrupt: the operator's problem, not the caller's
    }
  }
  if (error instanceof AccessQueryError) return new HttpError(400, "bad_request", error.message);
  if (error instanceof AccessDeniedError) return new HttpError(403, "forbidden", error.message);
  if (error instanceof AccessCheckUnavailableError) {
    return new HttpError(503, "chain_unavailable", "The chain kept moving while the vault checked; try again.", {
      "retry-after": "1",
    });
  }
  return undefined;
}

/**
 * Wraps a route handler: an HttpError, or a store or access error about the request, becomes its JSON error; anything
 * else a 500 that leaks no detail.
 */
export function handle<Args extends unknown[]>(
  fn: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    try {
      return await fn(...args);
    } catch (error) {
      const answer = asHttpError(error);
      if (answer !== undefined) return jsonError(answer.status, answer.code, answer.message, answer.headers);
      console.error("vault: unexpected error", error);
      return jsonError(500, "internal", "The vault failed to answer; try again, and tell its operator if it persists.");
    }
  };
}
