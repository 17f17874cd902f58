/**
 * Sign-in, sessions and CORS over HTTP, against the production build and a local chain: nonces, SIWE verification
 * (and its refusals, Host header spoofing included), the session cookie and the bearer token, the session route,
 * logout, and the CORS allow-list for console pages on other origins.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { Address } from "viem";

import { CONSOLE_ORIGIN, nonceFrom, signedSiwe, signIn, startVaultStack } from "../../support/stack.ts";
import type { VaultStack } from "../../support/stack.ts";
import { errorCode, get, rawRequest, sha256Hex } from "./helpers.ts";

let stack: VaultStack;
let brand: Address;
let operator: Address;
let stranger: Address;

before(async () => {
  stack = await startVaultStack({ name: "vault-http-auth" });
  brand = stack.seed.companies.brand.address as Address;
  operator = stack.seed.operator.address as Address;
  stranger = stack.strangers[1]!;
});
after(() => stack?.stop());

async function verify(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return await fetch(`${stack.origin}/api/auth/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function session(headers: Record<string, string>) {
  return await get(`${stack.origin}/api/auth/session`, headers);
}

describe("GET /api/auth/nonce", () => {
  it("hands out a different nonce each time, with its expiry, never cached", async () => {
    const first = await fetch(`${stack.origin}/api/auth/nonce`);
    const second = await fetch(`${stack.origin}/api/auth/nonce`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("cache-control"), "no-store");
    const a = (await first.json()) as { nonce: string; expiresAt: string };
    const b = (await second.json()) as { nonce: string; expiresAt: string };
    assert.match(a.nonce, /^[A-Za-z0-9]{8,}$/);
    assert.notEqual(a.nonce, b.nonce);
    assert.ok(Date.parse(a.expiresAt) > Date.now(), "the nonce expires in the future");
  });
});

describe("POST /api/auth/verify", () => {
  it("signs in an EOA: an httpOnly SameSite=Lax session cookie (not Secure on loopback http) and a bearer token", async () => {
    const response = await verify(await signedSiwe(stack, brand));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    const body = (await response.json()) as {
      address: string;
      token: string;
      tokenExpiresAt: string;
      companies: string[];
    };
    assert.equal(body.address, brand);
    assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(Date.parse(body.tokenExpiresAt) > Date.now());
    assert.deepEqual(body.companies, [brand]);

    const cookies = response.headers.getSetCookie();
    assert.equal(cookies.length, 1);
    const [pair, ...attributes] = cookies[0]!.split(/;\s*/);
    assert.match(pair!, /^constellate-vault-session=[A-Za-z0-9_-]{43}$/);
    assert.ok(!pair!.endsWith(body.token), "the cookie is not the bearer token");
    const names = attributes.map((a) => a.split("=")[0]!.toLowerCase());
    assert.ok(names.includes("httponly"), `HttpOnly in ${cookies[0]}`);
    assert.ok(
      attributes.some((a) => /^samesite=(lax|strict)$/i.test(a)),
      `SameSite in ${cookies[0]}`,
    );
    assert.ok(
      attributes.some((a) => /^path=\/$/i.test(a)),
      `Path=/ in ${cookies[0]}`,
    );
    assert.ok(
      attributes.some((a) => /^max-age=[1-9][0-9]*$/i.test(a)),
      `Max-Age in ${cookies[0]}`,
    );
    assert.ok(!names.includes("secure"), "a loopback http vault cannot set a Secure cookie");
    assert.ok(!names.includes("domain"), "the cookie is for the vault's host alone");
  });

  it("refuses a replayed message: its nonce was consumed by the first sign-in", async () => {
    const signed = await signedSiwe(stack, brand);
    assert.equal((await verify(signed)).status, 200);
    const replay = await verify(signed);
    assert.equal(replay.status, 401);
    assert.equal(errorCode(await replay.text()), "nonce_used");
  });

  it("signs in only once when the same message is posted many times at once", async () => {
    const signed = await signedSiwe(stack, operator);
    const answers = await Promise.all(Array.from({ length: 8 }, () => verify(signed)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401, 401, 401, 401, 401, 401, 401]);
  });

  const refusals: [string, (nonce: string) => Parameters<typeof signedSiwe>[2], string][] = [
    ["another domain", (nonce) => ({ nonce, domain: "vault.example.com" }), "wrong_domain"],
    ["another URI", (nonce) => ({ nonce, uri: "http://127.0.0.1:1/" }), "wrong_uri"],
    [
      "a URI with a path on this origin",
      (nonce) => ({ nonce, uri: `${stack.origin}/api/vault/documents` }),
      "wrong_uri",
    ],
    ["another chain id", (nonce) => ({ nonce, chainId: 1 }), "wrong_chain"],
    [
      "an Expiration Time in the past",
      (nonce) => ({ nonce, issuedAt: new Date(Date.now() - 120_000), expirationTime: new Date(Date.now() - 60_000) }),
      "message_expired",
    ],
    [
      "an Issued At an hour ago",
      (nonce) => ({ nonce, issuedAt: new Date(Date.now() - 3_600_000) }),
      "issued_too_long_ago",
    ],
    [
      "a Not Before an hour ahead",
      (nonce) => ({ nonce, notBefore: new Date(Date.now() + 3_600_000) }),
      "not_yet_valid",
    ],
    ["a nonce the vault never issued", () => ({ nonce: "abcdef0123456789" }), "invalid_nonce"],
  ];
  for (const [what, fields, code] of refusals) {
    it(`refuses a message with ${what} (401 ${code})`, async () => {
      const response = await verify(await signedSiwe(stack, brand, fields(await nonceFrom(stack.origin))));
      assert.equal(response.status, 401);
      assert.equal(errorCode(await response.text()), code);
      assert.deepEqual(response.headers.getSetCookie(), [], "no cookie for a refused sign-in");
    });
  }

  it("refuses a signature by another account than the message names (401 invalid_signature)", async () => {
    const theirs = await signedSiwe(stack, brand);
    const mine = await signedSiwe(stack, stranger, { nonce: /Nonce: (\w+)/.exec(theirs.message)![1]! });
    const response = await verify({ message: theirs.message, signature: mine.signature });
    assert.equal(response.status, 401);
    assert.equal(errorCode(await response.text()), "invalid_signature");
    // The nonce was not burnt by the failed attempt: the rightful signer can still use it.
    assert.equal((await verify(theirs)).status, 200);
  });

  it("answers 400 to a body that is not { message, signature } and to a message that is not EIP-4361", async () => {
    const notJson = await fetch(`${stack.origin}/api/auth/verify`, { method: "POST", body: "message=hello" });
    assert.equal(notJson.status, 400);
    assert.equal(errorCode(await notJson.text()), "bad_request");
    const missing = await verify({ message: "hello" });
    assert.equal(missing.status, 400);
    const prose = await verify({ message: "Please sign in to the vault", signature: "0x1234" });
    assert.equal(prose.status, 400);
    assert.equal(errorCode(await prose.text()), "malformed_message");
  });

  it("takes the SIWE domain from its configuration: a spoofed Host header neither admits its own domain nor refuses the real one", async () => {
    const spoofed = "evil.example:80";
    const forSpoofedHost = await signedSiwe(stack, brand, {
      nonce: await nonceFrom(stack.origin),
      domain: spoofed,
      uri: `http://${spoofed}/`,
    });
    const refused = await rawRequest(`${stack.origin}/api/auth/verify`, {
      method: "POST",
      headers: { host: spoofed, "content-type": "application/json", "x-forwarded-host": spoofed },
      body: JSON.stringify(forSpoofedHost),
    });
    assert.equal(refused.status, 401);
    assert.equal(errorCode(refused.text), "wrong_domain");

    const forVault = await signedSiwe(stack, brand);
    const accepted = await rawRequest(`${stack.origin}/api/auth/verify`, {
      method: "POST",
      headers: { host: spoofed, "content-type": "application/json", "x-forwarded-host": spoofed },
      body: JSON.stringify(forVault),
    });
    assert.equal(accepted.status, 200, accepted.text);
  });
});

describe("GET /api/auth/session", () => {
  it("names the signed-in address and the companies it acts for, with the cookie and with the bearer token", async () => {
    const signedIn = await signIn(stack, brand);
    for (const headers of [signedIn.cookieHeaders(), signedIn.bearer()]) {
      const answer = await session(headers);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.headers.get("cache-control"), "no-store");
      const body = answer.json() as { address: string; companies: { company: string; relation: string }[] };
      assert.equal(body.address, brand);
      assert.deepEqual(
        body.companies.map((c) => [c.company, c.relation]),
        [[brand, "self"]],
      );
    }
  });

  it("lists the company an operator acts for, with the permissions of its appointment", async () => {
    const signedIn = await signIn(stack, operator);
    const body = (await session(signedIn.cookieHeaders())).json() as {
      address: string;
      companies: { company: string; relation: string; permissions: string }[];
    };
    assert.equal(body.address, operator);
    const appointment = body.companies.find((c) => c.company === brand);
    assert.deepEqual(
      { relation: appointment?.relation, permissions: appointment?.permissions },
      { relation: "operator", permissions: stack.seed.operator.permissions.toString() },
    );
    assert.ok(!body.companies.some((c) => c.company === operator), "the operator is no registered company itself");
  });

  it("signs in an account that is no company: it acts for nobody", async () => {
    const signedIn = await signIn(stack, stranger);
    const body = (await session(signedIn.bearer())).json() as { address: string; companies: unknown[] };
    assert.deepEqual(body, { ...body, address: stranger, companies: [] });
  });

  it("is 401 without credentials, with a made-up cookie or token, and with a malformed Authorization header", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { cookie: `constellate-vault-session=${"A".repeat(43)}` },
      { authorization: `Bearer ${"A".repeat(43)}` },
      { authorization: "Basic dXNlcjpwYXNz" },
    ];
    for (const headers of attempts) {
      const answer = await session(headers);
      assert.equal(answer.status, 401, JSON.stringify(headers));
      assert.equal(errorCode(answer.text), "unauthenticated");
    }
  });

  it("does not accept the bearer token as a cookie, nor the cookie as a bearer token", async () => {
    const signedIn = await signIn(stack, brand);
    const cookieValue = signedIn.cookie.split("=")[1]!;
    assert.equal((await session({ cookie: `constellate-vault-session=${signedIn.token}` })).status, 401);
    assert.equal((await session({ authorization: `Bearer ${cookieValue}` })).status, 401);
  });
});

describe("POST /api/auth/logout", () => {
  it("with the cookie ends the session: the cookie is cleared and neither it nor its bearer token works after", async () => {
    const signedIn = await signIn(stack, brand);
    const response = await fetch(`${stack.origin}/api/auth/logout`, {
      method: "POST",
      headers: signedIn.cookieHeaders(),
    });
    assert.equal(response.status, 204);
    const cleared = response.headers.getSetCookie()[0] ?? "";
    assert.match(cleared, /^constellate-vault-session=;/);
    assert.match(cleared, /Max-Age=0/i);
    assert.equal((await session(signedIn.cookieHeaders())).status, 401);
    assert.equal((await session(signedIn.bearer())).status, 401);
  });

  it("with the bearer token ends that token only", async () => {
    const signedIn = await signIn(stack, brand);
    const response = await fetch(`${stack.origin}/api/auth/logout`, { method: "POST", headers: signedIn.bearer() });
    assert.equal(response.status, 204);
    assert.equal((await session(signedIn.bearer())).status, 401);
    assert.equal((await session(signedIn.cookieHeaders())).status, 200);
  });

  it("leaves other sessions of the same account alone", async () => {
    const first = await signIn(stack, operator);
    const second = await signIn(stack, operator);
    await fetch(`${stack.origin}/api/auth/logout`, { method: "POST", headers: first.cookieHeaders() });
    assert.equal((await session(first.cookieHeaders())).status, 401);
    assert.equal((await session(second.cookieHeaders())).status, 200);
  });
});

describe("CORS for console pages on other origins", () => {
  const preflight = (origin: string, path: string, method = "GET") =>
    fetch(`${stack.origin}${path}`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": method,
        "access-control-request-headers": "authorization, x-owner",
      },
    });

  it("answers a preflight from an allowed origin with 204 and what it may send", async () => {
    for (const [path, method] of [
      ["/api/auth/session", "GET"],
      ["/api/vault/documents", "POST"],
      [`/api/vault/documents/${brand.toLowerCase()}/${"ab".repeat(32)}`, "DELETE"],
    ] as const) {
      const response = await preflight(CONSOLE_ORIGIN, path, method);
      assert.equal(response.status, 204, path);
      assert.equal(response.headers.get("access-control-allow-origin"), CONSOLE_ORIGIN);
      assert.match(response.headers.get("access-control-allow-methods") ?? "", new RegExp(method));
      const allowed = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase();
      for (const header of ["authorization", "x-owner", "x-content-sha256", "x-visibility", "x-scope"]) {
        assert.ok(allowed.includes(header), `${header} in ${allowed}`);
      }
      assert.equal(response.headers.get("access-control-allow-credentials"), null, "cookies never cross origins");
    }
  });

  it("refuses a preflight from any other origin with 403", async () => {
    for (const origin of [
      "http://evil.example",
      `${CONSOLE_ORIGIN}.evil.example`,
      "null",
      stack.origin.replace("127.0.0.1", "localhost"),
    ]) {
      const response = await preflight(origin, "/api/auth/session");
      assert.equal(response.status, 403, origin);
      assert.equal(response.headers.get("access-control-allow-origin"), null);
    }
  });

  it("serves a bearer token's request from an allowed origin, echoing the origin for the browser", async () => {
    const signedIn = await signIn(stack, brand);
    const answer = await session(signedIn.bearer({ origin: CONSOLE_ORIGIN }));
    assert.equal(answer.status, 200);
    assert.equal((answer.json() as { address: string }).address, brand);
    assert.equal(answer.headers.get("access-control-allow-origin"), CONSOLE_ORIGIN);
    assert.match(answer.headers.get("vary") ?? "", /origin/i);
  });

  it("gives a page on another origin no CORS allowance to read the answer", async () => {
    const signedIn = await signIn(stack, brand);
    const answer = await session(signedIn.bearer({ origin: "http://evil.example" }));
    assert.equal(answer.headers.get("access-control-allow-origin"), null);
  });

  it("ignores the session cookie on a request from another origin, allowed or not", async () => {
    const signedIn = await signIn(stack, brand);
    for (const origin of [CONSOLE_ORIGIN, "http://evil.example"]) {
      assert.equal((await session(signedIn.cookieHeaders({ origin }))).status, 401, origin);
    }
    assert.equal((await session(signedIn.cookieHeaders({ origin: stack.origin }))).status, 200);
  });

  it("lets an allowed origin upload with a bearer token", async () => {
    const signedIn = await signIn(stack, brand);
    const bytes = new TextEncoder().encode('{"from":"the console"}');
    const response = await fetch(`${stack.origin}/api/vault/documents`, {
      method: "POST",
      headers: signedIn.bearer({
        origin: CONSOLE_ORIGIN,
        "content-type": "application/json",
        "x-content-sha256": sha256Hex(bytes),
        "x-visibility": "restricted",
        "x-scope": `0x${"11".repeat(32)}`,
      }),
      body: bytes,
    });
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(response.headers.get("access-control-allow-origin"), CONSOLE_ORIGIN);
  });
});

describe("a vault whose origin is https (behind a TLS-terminating proxy)", () => {
  const HTTPS_ORIGIN = "https://vault.constellate.test";
  before(async () => {
    await stack.stopServer();
    await stack.startServer({ CONSTELLATE_VAULT_ORIGIN: HTTPS_ORIGIN });
  });
  after(async () => {
    await stack.stopServer();
    await stack.startServer();
  });

  it("sets a Secure, __Host- prefixed session cookie, and takes only messages for its https origin", async () => {
    const nonce = await nonceFrom(stack.origin);
    const forHttps = await signedSiwe({ origin: HTTPS_ORIGIN, rpcUrl: stack.rpcUrl }, brand, { nonce });
    const response = await verify(forHttps);
    assert.equal(response.status, 200, await response.clone().text());
    const cookie = response.headers.getSetCookie()[0] ?? "";
    assert.match(cookie, /^__Host-constellate-vault-session=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /;\s*Secure(;|$)/i);
    assert.match(cookie, /;\s*HttpOnly(;|$)/i);
    assert.match(cookie, /;\s*Path=\/(;|$)/i);
    assert.doesNotMatch(cookie, /Domain=/i);

    // A message for the address the server happens to listen on is for another origin now.
    const forLoopback = await signedSiwe(stack, brand, { nonce: await nonceFrom(stack.origin) });
    const refused = await verify(forLoopback);
    assert.equal(refused.status, 401);
    assert.equal(errorCode(await refused.text()), "wrong_domain");
    // An http message for the same host is refused too.
    const httpScheme = await signedSiwe({ origin: "http://vault.constellate.test", rpcUrl: stack.rpcUrl }, brand, {
      nonce: await nonceFrom(stack.origin),
    });
    assert.equal((await verify(httpScheme)).status, 401);
  });
});
