/** Stateless nonces: issued by this vault alone, for a while, in one spelling. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { zeroAddress } from "viem";
import type { Client } from "viem";

import { checkNonce, createAuthContext, issueNonce } from "../../../src/vault/auth/index.ts";
import type { AuthOptions } from "../../../src/vault/auth/index.ts";
import { MemoryAuthStore } from "./helpers/memory-store.ts";

const MINUTE = 60_000;

function context(overrides: Partial<AuthOptions> = {}) {
  return createAuthContext({
    origin: "https://vault.example.com",
    chainId: 31337,
    secret: `0x${"42".repeat(32)}`,
    client: {} as Client,
    companies: zeroAddress,
    store: new MemoryAuthStore(),
    ...overrides,
  });
}

function refusedAs(code: string) {
  return (error: Error & { code?: string }) => {
    assert.equal(error.code, code);
    return true;
  };
}

describe("issueNonce and checkNonce", () => {
  const ctx = context();

  it("issues nonces that EIP-4361 accepts and that check out until they expire", () => {
    const { nonce, expiresAt } = issueNonce(ctx);
    assert.match(nonce, /^[a-zA-Z0-9]{8,}$/);
    assert.equal(checkNonce(nonce, ctx).expiresAt.getTime(), expiresAt.getTime());
    assert.ok(expiresAt.getTime() > Date.now() + 9 * MINUTE && expiresAt.getTime() <= Date.now() + 10 * MINUTE);
  });

  it("issues a different nonce every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => issueNonce(ctx).nonce));
    assert.equal(nonces.size, 1000);
  });

  it("refuses a nonce with any character changed", () => {
    const { nonce } = issueNonce(ctx);
    for (let i = 0; i < nonce.length; i++) {
      const flipped = nonce.slice(0, i) + (nonce[i] === "0" ? "1" : "0") + nonce.slice(i + 1);
      assert.throws(() => checkNonce(flipped, ctx), refusedAs("invalid_nonce"));
    }
  });

  it("accepts one spelling only, so a nonce cannot be used twice under two spellings", () => {
    const { nonce } = issueNonce(ctx);
    const upper = nonce.toUpperCase();
    assert.notEqual(upper, nonce);
    assert.throws(() => checkNonce(upper, ctx), refusedAs("invalid_nonce"));
  });

  it("refuses a nonce whose expiry was pushed back", () => {
    const { nonce } = issueNonce(ctx);
    const later = (parseInt(nonce.slice(0, 12), 16) + 3600).toString(16).padStart(12, "0");
    assert.throws(() => checkNonce(later + nonce.slice(12), ctx), refusedAs("invalid_nonce"));
  });

  it("refuses nonces of another secret or of another vault origin sharing the secret", () => {
    const { nonce } = issueNonce(ctx);
    assert.throws(() => checkNonce(nonce, context({ secret: `0x${"43".repeat(32)}` })), refusedAs("invalid_nonce"));
    assert.throws(
      () => checkNonce(nonce, context({ origin: "https://other.example.com" })),
      refusedAs("invalid_nonce"),
    );
  });

  it("refuses what is not a nonce of this format", () => {
    for (const nonce of ["", "12345678", "g".repeat(76), `${issueNonce(ctx).nonce}00`]) {
      assert.throws(() => checkNonce(nonce, ctx), refusedAs("invalid_nonce"));
    }
  });

  it("refuses an expired nonce", () => {
    const { nonce } = issueNonce(context({ clock: () => Date.now() - 10 * MINUTE - 1000 }));
    assert.throws(() => checkNonce(nonce, ctx), refusedAs("expired_nonce"));
  });

  it("keeps a nonce as long as lifetimes.nonceSeconds says", () => {
    const short = context({ lifetimes: { nonceSeconds: 30 } });
    const { expiresAt } = issueNonce(short);
    assert.ok(expiresAt.getTime() <= Date.now() + 30_000);
  });
});

describe("createAuthContext", () => {
  it("refuses a secret shorter than 32 bytes", () => {
    assert.throws(() => context({ secret: `0x${"42".repeat(31)}` }), /at least 32/);
    assert.throws(() => context({ secret: "not hex" }), /hex/);
  });

  it("refuses an origin that is not an origin, or plain http outside loopback", () => {
    for (const origin of ["vault.example.com", "https://vault.example.com/app", "ftp://vault.example.com"]) {
      assert.throws(() => context({ origin }), TypeError, origin);
    }
    assert.throws(() => context({ origin: "http://vault.example.com" }), /https/);
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:3000", "https://vault.example.com/"]) {
      assert.doesNotThrow(() => context({ origin }), origin);
    }
  });

  it("refuses a wildcard or a malformed CORS origin", () => {
    assert.throws(() => context({ corsOrigins: ["*"] }), TypeError);
    assert.throws(() => context({ corsOrigins: ["https://console.example.com/page"] }), TypeError);
  });
});
