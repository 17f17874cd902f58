/** Why the vault refused to sign someone in or to answer for them: a machine code, an HTTP status and words. */
import { HttpError } from "../http.ts";

/** HTTP status of each refusal: 400 for a request no signer could have meant, 401 for a sign-in that does not hold. */
const STATUS = {
  malformed_message: 400,
  wrong_domain: 401,
  wrong_scheme: 401,
  wrong_uri: 401,
  wrong_chain: 401,
  invalid_nonce: 401,
  expired_nonce: 401,
  nonce_used: 401,
  issued_too_long_ago: 401,
  issued_in_future: 401,
  message_expired: 401,
  not_yet_valid: 401,
  invalid_signature: 401,
  chain_unavailable: 503,
  index_unavailable: 503,
} as const;

export type AuthErrorCode = keyof typeof STATUS;

export class AuthError extends HttpError {
  declare readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(STATUS[code], code, message);
    this.name = "AuthError";
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
