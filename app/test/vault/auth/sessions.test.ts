/** Sessions: a cookie for the vault's origin, a short-lived bearer token bound to this vault, logout, and CORS. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";

import type { Client } from "viem";
import { zeroAddress } from "viem";

import {
  authenticate,
  clearedSessionCookie,
  corsHeaders,
  createAuthContext,
  createSession,
  logout,
  preflight,
  sessionCookie,
  sessionCookieName,
} from "../../../src/vault/auth/index.ts";
import type { AuthContext, AuthOptions, IssuedSession } from "../../../src/vault/auth/index.ts";
import { MemoryAuthStore } from "./helpers/memory-store.ts";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const HOUR = 3_600_000;

let now: number;
let store: MemoryAuthStore;
let ctx: AuthContext;

function context(overrides: Partial<AuthOptions> = {}): AuthContext {
  return createAuthContext({
    origin: "https://vault.example.com",
    chainId: 31337,
    secret: `0x${"42".repeat(32)}`,
    client: {} as Client,
    companies: zeroAddress,
    store,
    clock: () => now,
    corsOrigins: ["https://console.example.org"],
    ...overrides,
  });
}

const withCookie = (session: IssuedSession, on: AuthContext = ctx) =>
  new Headers({ cookie: `theme=dark; ${sessionCookieName(on.vault)}=${session.cookie.value}; lang=en` });
const withBearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

beforeEach(() => {
  now = Date.now();
  store = new MemoryAuthStore(() => now);
  ctx = context();
});

describe("sessions", () => {
  it("authenticates the session cookie and the bearer token as the signed-in address", async () => {
    const session = await createSession(ALICE, ctx);
    assert.deepEqual(await authenticate(withCookie(session), ctx), {
      address: ALICE,
      kind: "cookie",
      expiresAt: session.cookie.expiresAt,
    });
    assert.deepEqual(await authenticate(withBearer(session.bearer.token), ctx), {
      address: ALICE,
      kind: "bearer",
      expiresAt: session.bearer.expiresAt,
    });
  });

  it("makes the bearer token short-lived and the cookie longer, both capped by the message's expiry", async () => {
    const session = await createSession(ALICE, ctx);
    assert.equal(session.bearer.expiresAt.getTime(), now + HOUR);
    assert.equal(session.cookie.expiresAt.getTime(), now + 12 * HOUR);
    assert.equal(session.cookie.maxAgeSeconds, 12 * 3600);
    const capped = await createSession(ALICE, ctx, { notAfter: new Date(now + 10 * 60_000) });
    assert.equal(capped.cookie.expiresAt.getTime(), now + 10 * 60_000);
    assert.equal(capped.bearer.expiresAt.getTime(), now + 10 * 60_000);
  });

  it("stores only hashes of the credentials", async () => {
    const session = await createSession(ALICE, ctx);
    const stored = JSON.stringify([...store.sessions.entries()]);
    assert.equal(store.sessions.size, 2);
    assert.ok(!stored.includes(session.cookie.value));
    assert.ok(!stored.includes(session.bearer.token));
  });

  it("refuses a bearer token at a vault of another audience, even one sharing the database", async () => {
    const session = await createSession(ALICE, ctx);
    const otherVault = context({ origin: "https://vault.other.example" });
    assert.equal(await authenticate(withBearer(session.bearer.token), otherVault), null);
    assert.equal(await authenticate(withCookie(session, otherVault), otherVault), null);
  });

  it("accepts each credential only as what it was issued as", async () => {
    const session = await createSession(ALICE, ctx);
    assert.equal(await authenticate(withBearer(session.cookie.value), ctx), null);
    const bearerAsCookie = new Headers({ cookie: `${sessionCookieName(ctx.vault)}=${session.bearer.token}` });
    assert.equal(await authenticate(bearerAsCookie, ctx), null);
  });

  it("considers only the Authorization header when there is one", async () => {
    const session = await createSession(ALICE, ctx);
    const headers = withCookie(session);
    headers.set("authorization", "Bearer not-a-token");
    assert.equal(await authenticate(headers, ctx), null);
  });

  it("honours the cookie only on requests from the vault's own origin or with no Origin", async () => {
    const session = await createSession(ALICE, ctx);
    for (const origin of ["https://evil.example", "https://sub.vault.example.com", "null"]) {
      const headers = withCookie(session);
      headers.set("origin", origin);
      assert.equal(await authenticate(headers, ctx), null, origin);
      assert.equal(await logout(headers, ctx), false, origin);
    }
    const ownPage = withCookie(session);
    ownPage.set("origin", "https://vault.example.com");
    assert.equal((await authenticate(ownPage, ctx))?.address, ALICE);
  });

  it("honours the bearer token whatever the Origin (it is never sent by itself)", async () => {
    const session = await createSession(ALICE, ctx);
    const headers = withBearer(session.bearer.token);
    headers.set("origin", "https://console.example.org");
    assert.equal((await authenticate(headers, ctx))?.kind, "bearer");
  });

  it("finds nothing without a credential, or with an unknown or malformed one", async () => {
    assert.equal(await authenticate(new Headers(), ctx), null);
    assert.equal(await authenticate(withBearer("A".repeat(43)), ctx), null);
    assert.equal(await authenticate(new Headers({ authorization: "Basic dXNlcjpwYXNz" }), ctx), null);
    assert.equal(await authenticate(new Headers({ cookie: `${sessionCookieName(ctx.vault)}=x; a=b` }), ctx), null);
  });

  it("ends sessions when they expire", async () => {
    const session = await createSession(ALICE, ctx);
    now += HOUR;
    assert.equal(await authenticate(withBearer(session.bearer.token), ctx), null);
    assert.notEqual(await authenticate(withCookie(session), ctx), null);
    now += 11 * HOUR;
    assert.equal(await authenticate(withCookie(session), ctx), null);
  });

  it("logout with the cookie ends the cookie session and its bearer token", async () => {
    const session = await createSession(ALICE, ctx);
    assert.equal(await logout(withCookie(session), ctx), true);
    assert.equal(await authenticate(withCookie(session), ctx), null);
    assert.equal(await authenticate(withBearer(session.bearer.token), ctx), null);
    assert.equal(await logout(withCookie(session), ctx), false);
  });

  it("logout with the bearer token ends that token", async () => {
    const session = await createSession(ALICE, ctx);
    assert.equal(await logout(withBearer(session.bearer.token), ctx), true);
    assert.equal(await authenticate(withBearer(session.bearer.token), ctx), null);
  });

  it("logout leaves other sessions of the same address alone", async () => {
    const first = await createSession(ALICE, ctx);
    const second = await createSession(ALICE, ctx);
    await logout(withCookie(first), ctx);
    assert.notEqual(await authenticate(withCookie(second), ctx), null);
    assert.notEqual(await authenticate(withBearer(second.bearer.token), ctx), null);
  });
});

describe("session cookie", () => {
  it("is __Host- prefixed, httpOnly, SameSite=Lax, Secure, Path=/ with a Max-Age over https", () => {
    const header = sessionCookie(ctx.vault, "value", 3600);
    assert.equal(
      header,
      "__Host-constellate-vault-session=value; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure",
    );
    assert.doesNotMatch(header, /Domain=/i);
  });

  it("is not Secure (nor __Host-) on a loopback origin over http", () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:3000"]) {
      const local = context({ origin });
      assert.equal(
        sessionCookie(local.vault, "value", 60),
        "constellate-vault-session=value; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
      );
    }
  });

  it("is cleared with an empty value and Max-Age=0", () => {
    assert.match(clearedSessionCookie(ctx.vault), /^__Host-constellate-vault-session=; Path=\/; Max-Age=0;/);
  });
});

describe("CORS for the bearer flow", () => {
  it("echoes an allowed origin, never credentials, and always varies on Origin", () => {
    const headers = corsHeaders("https://console.example.org", ctx);
    assert.equal(headers["access-control-allow-origin"], "https://console.example.org");
    assert.equal(headers["access-control-allow-credentials"], undefined);
    assert.equal(headers.vary, "Origin");
  });

  it("allows no other origin, look-alikes and null included", () => {
    for (const origin of [
      "https://evil.example",
      "https://console.example.org.evil.example",
      "http://console.example.org",
      "https://console.example.org:444",
      "null",
      null,
    ]) {
      assert.deepEqual(corsHeaders(origin, ctx), { vary: "Origin" }, String(origin));
    }
  });

  it("answers a preflight from an allowed origin with 204 and the allowances", async () => {
    const response = preflight(
      new Headers({ origin: "https://console.example.org", "access-control-request-method": "POST" }),
      ctx,
    );
    assert.equal(response.status, 204);
    assert.equal(response.headers.get("access-control-allow-origin"), "https://console.example.org");
    assert.match(response.headers.get("access-control-allow-headers") ?? "", /Authorization/);
    assert.match(response.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.equal(response.headers.get("access-control-allow-credentials"), null);
  });

  it("refuses a preflight from any other origin with 403 and a JSON error", async () => {
    const response = preflight(new Headers({ origin: "https://evil.example" }), ctx);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get("access-control-allow-origin"), null);
    assert.deepEqual(((await response.json()) as { error: { code: string } }).error.code, "cors_origin_not_allowed");
  });
});
