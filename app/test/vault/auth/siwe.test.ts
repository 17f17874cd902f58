/**
 * Sign-In with Ethereum against a real Hardhat node: EOAs by signature, a Safe by ERC-1271, and every way a message
 * can fail to be this vault's, this chain's, fresh, unused and the signer's own.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { Address, HDAccount } from "viem";
import { createPublicClient, hashMessage, http, zeroAddress } from "viem";
import { createSiweMessage, generateSiweNonce } from "viem/siwe";
import type { SiweMessage } from "viem/siwe";

import { findFreePort } from "../../../../scripts/lib/node.ts";
import { createAuthContext, issueNonce, verifySignIn } from "../../../src/vault/auth/index.ts";
import type { AuthContext, AuthOptions } from "../../../src/vault/auth/index.ts";
import { startChain } from "./helpers/chain.ts";
import type { TestChain } from "./helpers/chain.ts";
import { MemoryAuthStore } from "./helpers/memory-store.ts";
import { deploySafe, signSafeMessage } from "./helpers/safe.ts";

const ORIGIN = "https://vault.example.com";
const SECRET = `0x${"42".repeat(32)}` as const;
const MINUTE = 60_000;

let chain: TestChain;
let ctx: AuthContext;
let alice: HDAccount;
let bob: HDAccount;
let carol: HDAccount;
let safe: Address;

function context(overrides: Partial<AuthOptions> = {}): AuthContext {
  return createAuthContext({
    origin: ORIGIN,
    chainId: chain.chain.id,
    secret: SECRET,
    client: chain.client,
    companies: zeroAddress,
    store: new MemoryAuthStore(),
    ...overrides,
  });
}

/** A SIWE message for this vault by `address`, with a fresh nonce, changed by `overrides`. */
function message(address: Address, overrides: Partial<SiweMessage> = {}): string {
  return createSiweMessage({
    address,
    chainId: chain.chain.id,
    domain: "vault.example.com",
    uri: ORIGIN,
    version: "1",
    nonce: issueNonce(ctx).nonce,
    issuedAt: new Date(),
    statement: "Sign in to the Constellate data vault.",
    ...overrides,
  });
}

async function signed(signer: HDAccount, overrides: Partial<SiweMessage> = {}) {
  const text = message(signer.address, overrides);
  return { message: text, signature: await signer.signMessage({ message: text }) };
}

async function refuses(request: { message: unknown; signature: unknown }, code: string, on: AuthContext = ctx) {
  await assert.rejects(verifySignIn(request, on), (error: Error & { code?: string; status?: number }) => {
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    assert.ok(error.message.length > 0);
    return true;
  });
}

before(
  async () => {
    chain = await startChain();
    [alice, bob, carol] = chain.accounts as [HDAccount, HDAccount, HDAccount];
    ctx = context();
    safe = await deploySafe(chain, [alice, bob, carol], 2);
  },
  { timeout: 120_000 },
);

after(async () => {
  await chain?.stop();
});

describe("verifySignIn", () => {
  it("signs in an EOA and returns its checksummed address", async () => {
    const result = await verifySignIn(await signed(alice), ctx);
    assert.equal(result.address, alice.address);
    assert.equal(result.expirationTime, undefined);
  });

  it("returns the message's Expiration Time so that the session can end with it", async () => {
    const expirationTime = new Date(Date.now() + 5 * MINUTE);
    const result = await verifySignIn(await signed(alice, { expirationTime }), ctx);
    assert.equal(result.expirationTime?.getTime(), expirationTime.getTime());
  });

  it("refuses a replayed message (the nonce is used)", async () => {
    const request = await signed(alice);
    await verifySignIn(request, ctx);
    await refuses(request, "nonce_used");
  });

  it("lets only one of two simultaneous uses of the same message through", async () => {
    const request = await signed(alice);
    const results = await Promise.allSettled([verifySignIn(request, ctx), verifySignIn(request, ctx)]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const refusal = results.find((r) => r.status === "rejected");
    assert.equal((refusal?.reason as { code?: string }).code, "nonce_used");
  });

  it("refuses a message for another domain, including look-alikes", async () => {
    for (const domain of ["evil.example", "vault.example.com.evil.io", "vault.example.co", "evilvault.example.com"]) {
      await refuses(await signed(alice, { domain }), "wrong_domain");
    }
  });

  it("accepts the domain in any letter case (host names are case-insensitive)", async () => {
    const result = await verifySignIn(await signed(alice, { domain: "Vault.Example.com" }), ctx);
    assert.equal(result.address, alice.address);
  });

  it("refuses a message whose scheme is not the vault's", async () => {
    await refuses(await signed(alice, { scheme: "http" }), "wrong_scheme");
    const result = await verifySignIn(await signed(alice, { scheme: "https" }), ctx);
    assert.equal(result.address, alice.address);
  });

  it("refuses a message whose URI is not the vault's origin", async () => {
    for (const uri of [
      "https://evil.example",
      "http://vault.example.com",
      "https://vault.example.com:8443",
      "https://vault.example.com/elsewhere",
      "https://user@vault.example.com",
      "urn:vault",
    ]) {
      await refuses(await signed(alice, { uri }), "wrong_uri");
    }
  });

  it("refuses a message for another chain", async () => {
    await refuses(await signed(alice, { chainId: 1 }), "wrong_chain");
  });

  it("refuses a message past its Expiration Time", async () => {
    await refuses(
      await signed(alice, {
        issuedAt: new Date(Date.now() - 2 * MINUTE),
        expirationTime: new Date(Date.now() - MINUTE),
      }),
      "message_expired",
    );
  });

  it("refuses a message whose Not Before lies in the future", async () => {
    await refuses(await signed(alice, { notBefore: new Date(Date.now() + 60 * MINUTE) }), "not_yet_valid");
  });

  it("refuses a message issued too long ago, or in the future beyond the allowed clock skew", async () => {
    await refuses(await signed(alice, { issuedAt: new Date(Date.now() - 11 * MINUTE) }), "issued_too_long_ago");
    await refuses(await signed(alice, { issuedAt: new Date(Date.now() + 2 * MINUTE) }), "issued_in_future");
    const slightlyAhead = await verifySignIn(await signed(alice, { issuedAt: new Date(Date.now() + 20_000) }), ctx);
    assert.equal(slightlyAhead.address, alice.address);
  });

  it("refuses the signature of another address", async () => {
    const text = message(alice.address);
    await refuses({ message: text, signature: await bob.signMessage({ message: text }) }, "invalid_signature");
  });

  it("does not use up the nonce on a failed attempt, so nobody can burn another person's nonce", async () => {
    const text = message(alice.address);
    await refuses({ message: text, signature: await bob.signMessage({ message: text }) }, "invalid_signature");
    const result = await verifySignIn({ message: text, signature: await alice.signMessage({ message: text }) }, ctx);
    assert.equal(result.address, alice.address);
  });

  it("refuses a nonce this vault did not issue", async () => {
    const otherVault = context({ secret: `0x${"17".repeat(32)}` });
    for (const nonce of [generateSiweNonce(), "a".repeat(76), issueNonce(otherVault).nonce]) {
      await refuses(await signed(alice, { nonce }), "invalid_nonce");
    }
  });

  it("refuses an expired nonce", async () => {
    const past = context({ clock: () => Date.now() - 11 * MINUTE });
    await refuses(await signed(alice, { nonce: issueNonce(past).nonce }), "expired_nonce");
  });

  it("takes the domain from configuration, so a spoofed Host header changes nothing", async () => {
    // What an attacker would get if the vault believed `Host: evil.example`: a message for evil.example signed by the
    // victim on the attacker's site. The vault compares with its configured origin and refuses it.
    const phished = await signed(alice, { domain: "evil.example", uri: "https://evil.example" });
    await refuses(phished, "wrong_domain");
    const local = context({ origin: "http://127.0.0.1:3000" });
    await refuses(await signed(alice, { domain: "evil.example", uri: "http://evil.example" }), "wrong_domain", local);
  });

  it("refuses what is not an EIP-4361 message, or not one whole message", async () => {
    const good = message(alice.address);
    const variants = [
      "",
      "hello",
      `${good}\n`,
      `${good}\nURI: https://evil.example`,
      good.replace(alice.address, alice.address.toLowerCase()),
      good.replace("Sign in to the Constellate data vault.", "line one\nline two"),
      good.replace("Version: 1", "Version: 2"),
      good.replace(/Issued At: .*/, "Issued At: yesterday"),
    ];
    for (const text of variants) {
      await refuses({ message: text, signature: await alice.signMessage({ message: text }) }, "malformed_message");
    }
    await refuses({ message: 42, signature: "0x" }, "malformed_message");
    await refuses({ message: good, signature: "not hex" }, "malformed_message");
    await refuses({ message: "x".repeat(10_000), signature: "0x00" }, "malformed_message");
  });
});

describe("verifySignIn with a contract wallet (Safe, ERC-1271)", () => {
  it("signs in a 2-of-3 Safe whose owners approved the message", async () => {
    const text = message(safe);
    const signature = await signSafeMessage(chain, safe, hashMessage(text), [carol, alice]);
    const result = await verifySignIn({ message: text, signature }, ctx);
    assert.equal(result.address, safe);
  });

  it("refuses an owner's own signature of the message, which the Safe never approved", async () => {
    const text = message(safe);
    await refuses({ message: text, signature: await alice.signMessage({ message: text }) }, "invalid_signature");
  });

  it("refuses fewer owner approvals than the Safe's threshold", async () => {
    const text = message(safe);
    const signature = await signSafeMessage(chain, safe, hashMessage(text), [alice]);
    await refuses({ message: text, signature }, "invalid_signature");
  });

  it("says the chain is unavailable, not that the signature is bad, when it cannot ask the Safe", async () => {
    const deadRpc = `http://127.0.0.1:${await findFreePort()}`;
    const offline = context({
      client: createPublicClient({ chain: chain.chain, transport: http(deadRpc, { retryCount: 0 }) }),
    });
    const text = message(safe);
    const signature = await signSafeMessage(chain, safe, hashMessage(text), [alice, bob]);
    await refuses({ message: text, signature }, "chain_unavailable", offline);
  });
});
