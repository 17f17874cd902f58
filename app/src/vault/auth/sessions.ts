/**
 * Server-side sessions. A sign-in yields two credentials, both 256-bit random values of which the store keeps only
 * the SHA-256:
 *  - the cookie value, for the vault's own origin (httpOnly, never readable by scripts);
 *  - a bearer token for console pages on other origins, short-lived and bound to this vault: its record names this
 *    vault's origin as audience, and another vault refuses it even when both share a database.
 * The bearer token is HMAC(cookie value, label): whoever holds the cookie can end both (logout), while the bearer
 * token, which scripts on another origin hold, reveals nothing about the cookie. Opaque stored tokens rather than
 * self-contained signed ones, because logout must end a session at once.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";

import type { Address } from "viem";
import { getAddress } from "viem";

import type { AuthContext, CredentialKind } from "./context.ts";
import { readCookie, sessionCookieName } from "./cookies.ts";

const BEARER_LABEL = "constellate.vault.auth.bearer.v1";
/** 32 bytes in base64url without padding. */
const CREDENTIAL_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const AUTHORIZATION_BEARER = /^Bearer +(\S+) *$/i;

type SessionContext = Pick<AuthContext, "vault" | "store" | "lifetimes" | "clock">;

/** The request headers authentication reads (a Fetch API `Headers` will do). */
export interface HeaderSource {
  get(name: string): string | null;
}

export interface IssuedSession {
  address: Address;
  /** The session cookie's value and end: set it with `sessionCookie(vault, value, maxAgeSeconds)`. */
  cookie: { value: string; expiresAt: Date; maxAgeSeconds: number };
  /** For pages on other origins: `Authorization: Bearer <token>`. */
  bearer: { token: string; expiresAt: Date; expiresInSeconds: number };
}

export interface Session {
  address: Address;
  /** How the request proved it: the cookie, or a bearer token. */
  kind: CredentialKind;
  expiresAt: Date;
}

/**
 * Opens a session for `address` (after {@link verifySignIn}). `notAfter`, the SIWE message's Expiration Time, caps
 * both lifetimes: a session never outlives what the signer agreed to.
 */
export async function createSession(
  address: Address,
  ctx: SessionContext,
  options: { notAfter?: Date | undefined } = {},
): Promise<IssuedSession> {
  const now = ctx.clock();
  const cap = options.notAfter?.getTime() ?? Number.POSITIVE_INFINITY;
  const cookieEnd = Math.min(now + ctx.lifetimes.cookieSeconds * 1000, cap);
  const bearerEnd = Math.min(now + ctx.lifetimes.bearerSeconds * 1000, cookieEnd);
  const cookieValue = randomBytes(32).toString("base64url");
  const bearerToken = bearerFor(cookieValue);
  const checksummed = getAddress(address);
  const audience = ctx.vault.origin;

  await ctx.store.createSession({
    idHash: credentialHash(cookieValue),
    address: checksummed,
    audience,
    kind: "cookie",
    expiresAt: new Date(cookieEnd),
  });
  await ctx.store.createSession({
    idHash: credentialHash(bearerToken),
    address: checksummed,
    audience,
    kind: "bearer",
    expiresAt: new Date(bearerEnd),
  });
  return {
    address: checksummed,
    cookie: { value: cookieValue, expiresAt: new Date(cookieEnd), maxAgeSeconds: Math.floor((cookieEnd - now) / 1000) },
    bearer: {
      token: bearerToken,
      expiresAt: new Date(bearerEnd),
      expiresInSeconds: Math.floor((bearerEnd - now) / 1000),
    },
  };
}

/**
 * The session a request proves, or null. An Authorization header, when present, is the only credential considered
 * (a bad bearer token does not fall back to the cookie); the cookie counts only on requests from the vault's own
 * origin, or with no Origin header at all.
 */
export async function authenticate(headers: HeaderSource, ctx: SessionContext): Promise<Session | null> {
  const credential = presentedCredential(headers, ctx);
  if (credential === null) return null;
  return await lookUp(credential.value, credential.kind, ctx);
}

/**
 * Ends the session the request proves: presented with the cookie, both the cookie's and its bearer token's; presented
 * with a bearer token, that token's. Returns whether there was a live session to end.
 */
export async function logout(headers: HeaderSource, ctx: SessionContext): Promise<boolean> {
  const credential = presentedCredential(headers, ctx);
  if (credential === null || (await lookUp(credential.value, credential.kind, ctx)) === null) return false;
  await ctx.store.deleteSession(credentialHash(credential.value));
  if (credential.kind === "cookie") await ctx.store.deleteSession(credentialHash(bearerFor(credential.value)));
  return true;
}

/** The hex SHA-256 under which a credential's session is stored. */
export function credentialHash(credential: string): string {
  return createHash("sha256").update(credential).digest("hex");
}

function presentedCredential(
  headers: HeaderSource,
  ctx: SessionContext,
): { kind: CredentialKind; value: string } | null {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const token = AUTHORIZATION_BEARER.exec(authorization)?.[1];
    return token !== undefined && CREDENTIAL_PATTERN.test(token) ? { kind: "bearer", value: token } : null;
  }
  // The cookie speaks only for the vault's own pages. Browsers send Origin with every POST and DELETE, so a form or
  // fetch from another site (even a sibling subdomain, which SameSite=Lax lets through) rides no session; plain
  // navigations to a document send none and still work.
  const origin = headers.get("origin");
  if (origin !== null && origin !== ctx.vault.origin) return null;
  const cookie = readCookie(headers.get("cookie"), sessionCookieName(ctx.vault));
  return cookie !== null && CREDENTIAL_PATTERN.test(cookie) ? { kind: "cookie", value: cookie } : null;
}

async function lookUp(credential: string, kind: CredentialKind, ctx: SessionContext): Promise<Session | null> {
  const stored = await ctx.store.getSession(credentialHash(credential));
  if (stored === null) return null;
  // A credential works only as what it was issued as, only at the vault that issued it, and only until it ends.
  if (stored.kind !== kind || stored.audience !== ctx.vault.origin) return null;
  if (stored.expiresAt.getTime() <= ctx.clock()) return null;
  return { address: stored.address, kind, expiresAt: stored.expiresAt };
}

function bearerFor(cookieValue: string): string {
  return createHmac("sha256", Buffer.from(cookieValue, "base64url")).update(BEARER_LABEL).digest("base64url");
}
