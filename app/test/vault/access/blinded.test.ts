/**
 * Blinded grants through the vault: the owner (or its ACCESS operator) gets the commitment to submit through a
 * relayer; the grantee can then read, and can list the blinded grants made to it; nobody else learns a commitment.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { accessDomain, accessScope, grantBlindedTypedData, Permission } from "@constellate/sdk";
import { createWalletClient, http } from "viem";
import type { Address, Hex } from "viem";
import { hardhat } from "viem/chains";

import { AccessDeniedError, AccessQueryError, createAccessChecker } from "../../../src/vault/access/index.ts";
import type { AccessChecker } from "../../../src/vault/access/index.ts";
import { profile, startTestChain, testOwnerSecret } from "./helpers/chain.ts";
import type { TestChain } from "./helpers/chain.ts";

const SCOPE = accessScope("claim-evidence");
const OTHER_SCOPE = accessScope("serials");

let chain: TestChain;
let vault: AccessChecker;
let owner: Address, operator: Address, weakOperator: Address, grantee: Address, stranger: Address, relayer: Address;
let company: Address, companyOperator: Address;
let expiresAt: bigint;

/** Signs GrantBlinded as `owner` and has the relayer submit it: the grantee appears in no transaction. */
async function submitThroughRelayer(commitment: Hex): Promise<void> {
  const wallet = createWalletClient({
    chain: { ...hardhat, rpcUrls: { default: { http: [chain.url] } } },
    transport: http(chain.url),
  });
  const nonce = BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex")}`);
  const deadline = expiresAt;
  const typed = grantBlindedTypedData(
    { owner, commitment, expiresAt, signer: owner, nonce, deadline },
    accessDomain(hardhat.id, chain.addresses.Access),
  );
  const signature = await wallet.signTypedData({ account: owner, ...typed });
  await chain.write(relayer, "Access", "grantBlindedBySig", [
    owner,
    commitment,
    expiresAt,
    owner,
    nonce,
    deadline,
    signature,
  ]);
}

before(
  async () => {
    chain = await startTestChain("blinded");
    [, owner, operator, weakOperator, grantee, stranger, relayer, company, companyOperator] = chain.accounts;
    await chain.write(owner, "Companies", "register", [profile("Owner Organics")]);
    await chain.write(company, "Companies", "register", [profile("Grantee Foods")]);
    const { timestamp } = await chain.latestBlock();
    expiresAt = timestamp + 30n * 86_400n;
    await chain.write(owner, "Companies", "setOperator", [operator, Permission.ACCESS, expiresAt]);
    await chain.write(owner, "Companies", "setOperator", [weakOperator, Permission.EVENTS, expiresAt]);
    await chain.write(company, "Companies", "setOperator", [companyOperator, Permission.ACCESS, expiresAt]);
    vault = createAccessChecker({
      publicClient: chain.client,
      addresses: chain.addresses,
      ownerSecret: testOwnerSecret,
    });
  },
  { timeout: 120_000 },
);

after(async () => {
  await chain?.close();
});

describe("blinded grants", () => {
  let commitment: Hex;

  it("gives the owner the salt and the commitment the contract computes for them", async () => {
    const made = await vault.blindedGrantFor({ requester: owner, owner, grantee, scope: SCOPE, expiresAt });
    const onChain = await chain.read("Access", "blindedCommitment", [owner, 0, BigInt(grantee), 0, SCOPE, made.salt]);
    assert.equal(made.commitment, onChain);
    assert.equal(made.expiresAt, expiresAt);
    commitment = made.commitment;
  });

  it("lets the grantee read once a relayer submitted the commitment, and only the grantee, only that scope", async () => {
    assert.equal((await vault.mayRead({ reader: grantee, owner, scope: SCOPE })).allowed, false);
    await submitThroughRelayer(commitment);
    const { block } = await vault.sync();
    assert.deepEqual(await vault.mayRead({ reader: grantee, owner, scope: SCOPE }), {
      allowed: true,
      via: { blinded: commitment },
      block,
    });
    assert.equal((await vault.mayRead({ reader: grantee, owner, scope: OTHER_SCOPE })).allowed, false);
    assert.equal((await vault.mayRead({ reader: stranger, owner, scope: SCOPE })).allowed, false);
  });

  it("lists the live blinded grants made to the grantee, and nothing to anyone else", async () => {
    const owners = [{ owner, scopes: [SCOPE, OTHER_SCOPE] }];
    assert.deepEqual(await vault.blindedGrantsFor({ requester: grantee, owners }), [
      { owner, scope: SCOPE, commitment, expiresAt },
    ]);
    assert.deepEqual(await vault.blindedGrantsFor({ requester: stranger, owners }), []);
    await assert.rejects(vault.blindedGrantsFor({ requester: stranger, grantee, owners }), AccessDeniedError);
  });

  it("lets an operator holding ACCESS make the owner's blinded grants, and nobody else", async () => {
    const asOwner = await vault.blindedGrantFor({ requester: owner, owner, grantee, scope: SCOPE, expiresAt });
    const asOperator = await vault.blindedGrantFor({ requester: operator, owner, grantee, scope: SCOPE, expiresAt });
    assert.deepEqual(asOperator, asOwner);
    for (const requester of [weakOperator, grantee, stranger]) {
      await assert.rejects(
        vault.blindedGrantFor({ requester, owner, grantee, scope: SCOPE, expiresAt }),
        AccessDeniedError,
      );
    }
  });

  it("refuses an expiry that is not ahead of both clocks or does not fit 40 bits", async () => {
    const { timestamp } = await chain.latestBlock();
    for (const bad of [timestamp, 1n << 40n]) {
      await assert.rejects(
        vault.blindedGrantFor({ requester: owner, owner, grantee, scope: SCOPE, expiresAt: bad }),
        AccessQueryError,
      );
    }
    const lateClock = createAccessChecker({
      publicClient: chain.client,
      addresses: chain.addresses,
      ownerSecret: testOwnerSecret,
      now: () => new Date(Number(expiresAt + 1n) * 1000),
    });
    await assert.rejects(
      lateClock.blindedGrantFor({ requester: owner, owner, grantee, scope: SCOPE, expiresAt }),
      AccessQueryError,
    );
  });

  it("serves a company's blinded grants to its ACCESS operator reading as it", async () => {
    const made = await vault.blindedGrantFor({ requester: owner, owner, grantee: company, scope: SCOPE, expiresAt });
    await chain.write(owner, "Access", "grantBlinded", [made.commitment, expiresAt]);
    await vault.sync();
    const owners = [{ owner, scopes: [SCOPE] }];
    assert.deepEqual(await vault.blindedGrantsFor({ requester: companyOperator, grantee: company, owners }), [
      { owner, scope: SCOPE, commitment: made.commitment, expiresAt },
    ]);
    const read = await vault.mayRead({ reader: companyOperator, actingFor: company, owner, scope: SCOPE });
    assert.ok(read.allowed && typeof read.via === "object" && "blinded" in read.via);
  });

  it("stops listing and honouring a blinded grant once it sees the revocation", async () => {
    await chain.write(owner, "Access", "revokeBlinded", [commitment]);
    await vault.sync();
    assert.deepEqual(await vault.blindedGrantsFor({ requester: grantee, owners: [{ owner, scopes: [SCOPE] }] }), []);
    assert.equal((await vault.mayRead({ reader: grantee, owner, scope: SCOPE })).allowed, false);
  });
});
