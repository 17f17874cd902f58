/**
 * Stateless SIWE nonces. A nonce is lowercase hex of `expiry (6 bytes, seconds) || random (16) || MAC (16)`, where the
 * MAC is HMAC-SHA256 under a key derived from the server secret and this vault's origin, truncated to 128 bits.
 * Issuing one stores nothing, so anonymous callers cannot fill the database; the store records a nonce only once a
 * signature over it has verified (see siwe.ts), until the nonce's own expiry.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import type { AuthContext } from "./context.ts";
import { AuthError } from "./errors.ts";

const EXPIRY_BYTES = 6;
const RANDOM_BYTES = 16;
const MAC_BYTES = 16;
const BODY_BYTES = EXPIRY_BYTES + RANDOM_BYTES;
/** EIP-4361 wants at least 8 alphanumeric characters; lowercase hex is alphanumeric and has one spelling per value. */
const NONCE_PATTERN = new RegExp(`^[0-9a-f]{${2 * (BODY_BYTES + MAC_BYTES)}}$`);

type NonceContext = Pick<AuthContext, "nonceKey" | "lifetimes" | "clock">;

export interface IssuedNonce {
  nonce: string;
  expiresAt: Date;
}

export function issueNonce(ctx: NonceContext): IssuedNonce {
  const expiresAtSeconds = Math.floor(ctx.clock() / 1000) + ctx.lifetimes.nonceSeconds;
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUIntBE(expiresAtSeconds, 0, EXPIRY_BYTES);
  randomBytes(RANDOM_BYTES).copy(body, EXPIRY_BYTES);
  const nonce = Buffer.concat([body, mac(ctx.nonceKey, body)]).toString("hex");
  return { nonce, expiresAt: new Date(expiresAtSeconds * 1000) };
}

/**
 * Checks that this vault issued `nonce` and that it has not expired; returns its expiry. Whether it was used already
 * is the store's to say. Throws `invalid_nonce` or `expired_nonce`.
 */
export function checkNonce(nonce: string, ctx: NonceContext): { expiresAt: Date } {
  if (!NONCE_PATTERN.test(nonce)) {
    throw new AuthError("invalid_nonce", "The nonce was not issued by this vault: ask GET /api/auth/nonce for one.");
  }
  const bytes = Buffer.from(nonce, "hex");
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(bytes.subarray(BODY_BYTES), mac(ctx.nonceKey, body))) {
    throw new AuthError("invalid_nonce", "The nonce was not issued by this vault: ask GET /api/auth/nonce for one.");
  }
  const expiresAt = new Date(body.readUIntBE(0, EXPIRY_BYTES) * 1000);
  if (ctx.clock() >= expiresAt.getTime()) {
    throw new AuthError("expired_nonce", "The nonce has expired: ask for a new one and sign again.");
  }
  return { expiresAt };
}

function mac(key: Uint8Array, body: Uint8Array): Buffer {
  return createHmac("sha256", key).update(body).digest().subarray(0, MAC_BYTES);
}
