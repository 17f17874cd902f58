/**
 * Freshness: answers are cached, and a change on the chain is honoured from the first block the checker has seen
 * that holds it: a revoked grant, a removed member, a removed operator, a read overtaken by a new block, a reorg.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { accessScope, grantId, Permission, Role } from "@constellate/sdk";
import type { Address, Hex } from "viem";

import { createAccessChecker } from "../../../src/vault/access/index.ts";
import type { AccessChecker, ChainClient } from "../../../src/vault/access/index.ts";
import { profile, startTestChain, testOwnerSecret } from "./helpers/chain.ts";
import type { TestChain } from "./helpers/chain.ts";

const SCOPE = accessScope("documents");
const MEMBERS_SCOPE = accessScope("epcis");
const FAR = 2n ** 39n;

let chain: TestChain;
let owner: Address;
let reader: Address;
let member: Address;
let operator: Address;
let constellation: bigint;

function checker(client?: ChainClient): AccessChecker {
  return createAccessChecker({
    publicClient: client ?? chain.client,
    addresses: chain.addresses,
    ownerSecret: testOwnerSecret,
  });
}

const accountGrant = (account: Address) => ({
  owner,
  scope: SCOPE,
  kind: 0 as const,
  account,
  constellation: 0n,
  roles: 0,
});

before(
  async () => {
    chain = await startTestChain("freshness");
    [, owner, reader, member, operator] = chain.accounts;
    for (const [account, name] of [
      [owner, "Owner Textiles"],
      [reader, "Reader Retail"],
      [member, "Member Dyes"],
    ] as const) {
      await chain.write(account, "Companies", "register", [profile(name)]);
    }
    await chain.write(owner, "Constellations", "create", ["Denim loop", "Circular denim", "", `0x${"00".repeat(32)}`]);
    constellation = 1n;
    const { timestamp } = await chain.latestBlock();
    await chain.write(owner, "Constellations", "invite", [constellation, member, Role.PRODUCER, timestamp + 86_400n]);
    await chain.write(member, "Constellations", "acceptInvitation", [constellation]);
    await chain.write(owner, "Access", "grantAccess", [accountGrant(reader), FAR]);
    await chain.write(owner, "Access", "grantAccess", [
      { owner, scope: MEMBERS_SCOPE, kind: 1, account: `0x${"00".repeat(20)}`, constellation, roles: Role.PRODUCER },
      FAR,
    ]);
    await chain.write(owner, "Companies", "setOperator", [operator, Permission.ACCESS, FAR]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await chain?.close();
});

describe("cache freshness", () => {
  it("answers from the cache until it sees the block that revokes the grant, and refuses from then on", async () => {
    const vault = checker();
    const read = { reader, owner, scope: SCOPE };
    const first = await vault.mayRead(read);
    assert.equal(first.allowed, true);
    const { misses } = vault.stats();
    assert.deepEqual(await vault.mayRead(read), first);
    assert.equal(vault.stats().misses, misses, "the second answer comes from the cache");

    const { transactionHash } = await chain.write(owner, "Access", "revokeAccess", [
      (first as { via: { grant: Hex } }).via.grant,
    ]);
    assert.equal((await vault.mayRead(read)).allowed, true, "a block the vault has not seen yet changes nothing");
    const seen = await vault.sync();
    const revokedIn = (await chain.client.getTransactionReceipt({ hash: transactionHash })).blockNumber;
    assert.ok(seen.block >= revokedIn);
    assert.deepEqual(await vault.mayRead(read), { allowed: false, block: seen.block });

    await chain.write(owner, "Access", "grantAccess", [accountGrant(reader), FAR]);
    await vault.sync();
    assert.equal((await vault.mayRead(read)).allowed, true, "a renewed grant is honoured at once");
  });

  it("refuses an ex-member once it sees MemberRemoved", async () => {
    const vault = checker();
    const read = {
      reader: member,
      owner,
      scope: MEMBERS_SCOPE,
      hint: { constellation, roles: Role.PRODUCER },
    };
    const before = await vault.mayRead(read);
    assert.equal(before.allowed, true);
    assert.ok(before.allowed && typeof before.via === "object" && "constellationGrant" in before.via);

    await chain.write(owner, "Constellations", "removeMember", [constellation, member]);
    await vault.sync();
    assert.equal((await vault.mayRead(read)).allowed, false);
  });

  it("refuses a member once it sees the role revoked", async () => {
    const vault = checker();
    const { timestamp } = await chain.latestBlock();
    const newcomer = chain.accounts[6]!;
    await chain.write(newcomer, "Companies", "register", [profile("Newcomer Logistics")]);
    await chain.write(owner, "Constellations", "invite", [constellation, newcomer, Role.PRODUCER, timestamp + 86_400n]);
    await chain.write(newcomer, "Constellations", "acceptInvitation", [constellation]);
    await vault.sync();
    const read = { reader: newcomer, owner, scope: MEMBERS_SCOPE, hint: { constellation, roles: Role.PRODUCER } };
    assert.equal((await vault.mayRead(read)).allowed, true);

    await chain.write(owner, "Constellations", "revokeRoles", [constellation, newcomer, Role.PRODUCER]);
    await vault.sync();
    assert.equal((await vault.mayRead(read)).allowed, false);
  });

  it("refuses an operator once it sees OperatorRemoved, and a company's operator reading as it likewise", async () => {
    const vault = checker();
    const asOperator = { reader: operator, owner, scope: MEMBERS_SCOPE };
    assert.deepEqual(await vault.mayRead(asOperator), {
      allowed: true,
      via: "operator",
      block: (await vault.sync()).block,
    });

    const readerOperator = chain.accounts[7]!;
    await chain.write(reader, "Companies", "setOperator", [readerOperator, Permission.ACCESS, FAR]);
    await vault.sync();
    const forReader = { reader: readerOperator, actingFor: reader, owner, scope: SCOPE };
    assert.equal((await vault.mayRead(forReader)).allowed, true);

    await chain.write(owner, "Companies", "removeOperator", [operator]);
    await chain.write(reader, "Companies", "removeOperator", [readerOperator]);
    await vault.sync();
    assert.equal((await vault.mayRead(asOperator)).allowed, false);
    assert.equal((await vault.mayRead(forReader)).allowed, false);
  });

  it("refuses, as for a stranger, when the lookup cannot answer, and still honours a hint", async () => {
    const vault = createAccessChecker({
      publicClient: chain.client,
      addresses: chain.addresses,
      ownerSecret: testOwnerSecret,
      lookup: () => Promise.reject(new Error("the index is down")),
    });
    const joiner = chain.accounts[11]!;
    const { timestamp } = await chain.latestBlock();
    await chain.write(joiner, "Companies", "register", [profile("Joiner Mills")]);
    await chain.write(owner, "Constellations", "invite", [constellation, joiner, Role.PRODUCER, timestamp + 86_400n]);
    await chain.write(joiner, "Constellations", "acceptInvitation", [constellation]);
    const read = { reader: joiner, owner, scope: MEMBERS_SCOPE };
    assert.equal((await vault.mayRead(read)).allowed, false);
    assert.equal(vault.stats().lookupFailures, 1);
    assert.equal((await vault.mayRead({ ...read, hint: { constellation, roles: Role.PRODUCER } })).allowed, true);
  });

  it("keeps its answers across blocks whose events touch nothing it read", async () => {
    const vault = checker();
    const read = { reader, owner, scope: SCOPE };
    assert.equal((await vault.mayRead(read)).allowed, true);
    const { misses, hits } = vault.stats();
    await chain.mine();
    await chain.write(owner, "Companies", "updateProfile", [profile("Owner Textiles, renamed")]);
    await chain.write(reader, "Access", "grantAccess", [
      { owner: reader, scope: SCOPE, kind: 0, account: owner, constellation: 0n, roles: 0 },
      FAR,
    ]);
    await vault.sync();
    assert.equal((await vault.mayRead(read)).allowed, true);
    const stats = vault.stats();
    assert.equal(stats.misses, misses);
    assert.ok(stats.hits > hits);
    assert.ok(stats.hitRatio > 0 && stats.hitRatio < 1);
  });

  it("does not honour a grant revoked in a block that arrived while the check was reading the chain", async () => {
    let release: () => void = () => {};
    let gate: Promise<void> | undefined;
    const client: ChainClient = {
      getBlock: chain.client.getBlock,
      getChainId: chain.client.getChainId,
      getLogs: chain.client.getLogs,
      readContract: (async (args: Parameters<typeof chain.client.readContract>[0]) => {
        const result = await chain.client.readContract(args);
        await gate;
        return result;
      }) as ChainClient["readContract"],
    };
    // While the gate is shut, reads answer as of the block they were pinned to but return only later.
    const vault = checker(client);
    const grantee = chain.accounts[8]!;
    await chain.write(owner, "Access", "grantAccess", [accountGrant(grantee), FAR]);
    await vault.sync();

    gate = new Promise((resolve) => (release = resolve));
    const pending = vault.mayRead({ reader: grantee, owner, scope: SCOPE });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { blockNumber: revokedIn } = await chain.write(owner, "Access", "revokeAccess", [
      grantId(accountGrant(grantee)),
    ]);
    await vault.sync();
    gate = undefined;
    release();
    const decision = await pending;
    assert.equal(decision.allowed, false);
    assert.ok(decision.block >= revokedIn);
  });

  for (const [where, blocks] of [
    ["at the same height", 1],
    ["one block past it", 2],
    ["several blocks past it", 4],
  ] as const) {
    it(`drops everything when the chain reorganises under it (new head ${where})`, async () => {
      const vault = checker();
      const grantee = chain.accounts[9]!;
      const snapshot = await chain.snapshot();
      await chain.write(owner, "Access", "grantAccess", [accountGrant(grantee), FAR]);
      await vault.sync();
      assert.equal((await vault.mayRead({ reader: grantee, owner, scope: SCOPE })).allowed, true);
      const { flushes } = vault.stats();

      await chain.revert(snapshot); // the grant's block is gone; another branch grows instead
      for (let i = 0; i < blocks; i++) await chain.mine();
      await vault.sync();
      assert.equal(vault.stats().flushes, flushes + 1);
      assert.equal((await vault.mayRead({ reader: grantee, owner, scope: SCOPE })).allowed, false);
    });
  }

  it("brings an old view up to date before answering from it", async () => {
    const vault = createAccessChecker({
      publicClient: chain.client,
      addresses: chain.addresses,
      ownerSecret: testOwnerSecret,
      maxViewAgeMs: 0,
    });
    const grantee = chain.accounts[12]!;
    await chain.write(owner, "Access", "grantAccess", [accountGrant(grantee), FAR]);
    const read = { reader: grantee, owner, scope: SCOPE };
    assert.equal((await vault.mayRead(read)).allowed, true);
    await chain.write(owner, "Access", "revokeAccess", [grantId(accountGrant(grantee))]);
    assert.equal((await vault.mayRead(read)).allowed, false);
  });

  it("watch() follows new blocks on its own", async () => {
    const vault = checker();
    const grantee = chain.accounts[10]!;
    await chain.write(owner, "Access", "grantAccess", [accountGrant(grantee), FAR]);
    const stop = vault.watch({ intervalMs: 20 });
    try {
      const read = { reader: grantee, owner, scope: SCOPE };
      await eventually(async () => (await vault.mayRead(read)).allowed);
      await chain.write(owner, "Access", "revokeAccess", [grantId(accountGrant(grantee))]);
      await eventually(async () => !(await vault.mayRead(read)).allowed);
    } finally {
      stop();
    }
  });
});

async function eventually(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
