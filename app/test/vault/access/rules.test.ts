/**
 * The checker's building blocks without a chain: the two clocks, the cache, which events evict what, the subgraph
 * lookup, and the refusal of malformed queries.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { constellateAbis } from "@constellate/sdk";
import { encodeAbiParameters, encodeEventTopics, keccak256, stringToHex } from "viem";
import type { Address, Hex } from "viem";

import { AccessQueryError, createAccessChecker, subgraphLookup } from "../../../src/vault/access/index.ts";
import type { ChainClient } from "../../../src/vault/access/index.ts";
import { EVERYTHING, invalidatedBy, tags } from "../../../src/vault/access/invalidation.ts";
import { isGrantLive, judgementTime } from "../../../src/vault/access/liveness.ts";
import { TaggedCache } from "../../../src/vault/access/tagged-cache.ts";

const OWNER: Address = "0x1111111111111111111111111111111111111111";
const MEMBER: Address = "0x2222222222222222222222222222222222222222";
const ID: Hex = keccak256(stringToHex("a grant"));

describe("the two clocks", () => {
  it("judges at the later of block time and wall clock", () => {
    assert.equal(judgementTime(1000n, new Date(2_000_500)), 2000n);
    assert.equal(judgementTime(3000n, new Date(2_000_500)), 3000n);
    assert.throws(() => judgementTime(1n, new Date(Number.NaN)), RangeError);
  });

  it("holds a grant live strictly before its expiry, and never once revoked", () => {
    const record = { grantedAt: 1n, expiresAt: 100n, revokedAt: 0n };
    assert.equal(isGrantLive(record, 99n), true);
    assert.equal(isGrantLive(record, 100n), false);
    assert.equal(isGrantLive({ ...record, revokedAt: 50n }, 10n), false);
    assert.equal(isGrantLive({ grantedAt: 0n, expiresAt: 0n, revokedAt: 0n }, 0n), false);
  });
});

describe("the tagged cache", () => {
  it("drops the least recently used answer when full", () => {
    const cache = new TaggedCache<number>(2);
    cache.set("a", 1, ["t"]);
    cache.set("b", 2, ["t"]);
    cache.get("a");
    cache.set("c", 3, []);
    assert.deepEqual([cache.get("a"), cache.get("b"), cache.get("c")], [1, undefined, 3]);
  });

  it("drops every answer filed under an invalidated tag, and only those", () => {
    const cache = new TaggedCache<number>(10);
    cache.set("a", 1, ["x", "y"]);
    cache.set("b", 2, ["y"]);
    cache.set("c", 3, ["z"]);
    cache.invalidate("y");
    assert.deepEqual([cache.get("a"), cache.get("b"), cache.get("c")], [undefined, undefined, 3]);
    cache.invalidate("x"); // "a" went already: nothing left under x
    assert.equal(cache.size, 1);
  });
});

describe("invalidation by events", () => {
  const event = (contract: keyof typeof constellateAbis, eventName: string, args: Record<string, unknown>) => {
    const abi = constellateAbis[contract] as readonly {
      type: string;
      name?: string;
      inputs?: readonly { name: string; type: string; indexed?: boolean }[];
    }[];
    const item = abi.find((x) => x.type === "event" && x.name === eventName)!;
    const unindexed = item.inputs!.filter((input) => input.indexed !== true);
    return {
      topics: encodeEventTopics({ abi: [item], eventName, args } as never) as Hex[],
      data: encodeAbiParameters(
        unindexed,
        unindexed.map((input) => args[input.name]),
      ),
    };
  };

  it("evicts the grant and its owner's derived answers on a revocation", () => {
    assert.deepEqual(invalidatedBy("Access", event("Access", "AccessRevoked", { id: ID, owner: OWNER })), [
      tags.grant(OWNER, ID),
      tags.grantsOf(OWNER),
    ]);
  });

  it("evicts the membership on a removal, and nothing on an invitation", () => {
    const removed = event("Constellations", "MemberRemoved", { id: 7n, member: MEMBER, by: OWNER });
    assert.deepEqual(invalidatedBy("Constellations", removed), [
      tags.membership(7n, MEMBER),
      tags.membershipsOf(MEMBER),
    ]);
    const invited = event("Constellations", "Invited", { id: 7n, company: MEMBER, by: OWNER, roles: 2, expiresAt: 9n });
    assert.deepEqual(invalidatedBy("Constellations", invited), []);
  });

  it("evicts everything on a log it cannot read", () => {
    assert.equal(invalidatedBy("Access", { topics: [keccak256(stringToHex("Unknown()"))], data: "0x" }), EVERYTHING);
    assert.equal(invalidatedBy("Access", { topics: [], data: "0x" }), EVERYTHING);
    // A Companies event read as if the Access contract had emitted it.
    const foreign = event("Companies", "OperatorRemoved", { company: OWNER, operator: MEMBER });
    assert.equal(invalidatedBy("Access", foreign), EVERYTHING);
  });
});

describe("the subgraph lookup", () => {
  const answer = (data: unknown) => async () => Response.json(data);

  it("proposes the owner's constellation grants of constellations the grantee is in", async () => {
    const lookup = subgraphLookup("http://index.invalid/graphql", {
      fetch: answer({
        data: {
          grants: [
            { constellation: { id: "3" }, roles: 2 },
            { constellation: { id: "4" }, roles: 0 },
            { constellation: { id: "x" }, roles: 0 },
            { constellation: null, roles: 0 },
          ],
          memberships: [{ constellation: { id: "3" } }, { constellation: { id: "x" } }],
          _meta: { block: { number: 42 } },
        },
      }) as typeof fetch,
    });
    assert.deepEqual(await lookup({ owner: OWNER, scope: ID, grantee: MEMBER, now: 1n }), {
      candidates: [{ constellation: 3n, roles: 2 }],
      indexedBlock: 42n,
    });
  });

  it("fails on a query the index refuses", async () => {
    const lookup = subgraphLookup("http://index.invalid/graphql", {
      fetch: answer({ errors: [{ message: "no such field" }] }) as typeof fetch,
    });
    await assert.rejects(lookup({ owner: OWNER, scope: ID, grantee: MEMBER, now: 1n }), /no such field/);
  });
});

describe("malformed queries", () => {
  const unreachable = new Proxy({} as ChainClient, {
    get: () => () => Promise.reject(new Error("a malformed query must not reach the chain")),
  });
  const vault = createAccessChecker({
    publicClient: unreachable,
    addresses: { Companies: OWNER, Constellations: OWNER, Access: OWNER },
    ownerSecret: async () => new Uint8Array(32),
  });

  for (const [what, query] of [
    ["a reader that is no address", { reader: "0x12", owner: OWNER, scope: ID }],
    ["a scope that is not 32 bytes", { reader: MEMBER, owner: OWNER, scope: "0x1234" }],
    ["a hint naming constellation 0", { reader: MEMBER, owner: OWNER, scope: ID, hint: { constellation: 0n } }],
    ["a hint with unknown roles", { reader: MEMBER, owner: OWNER, scope: ID, hint: { constellation: 1n, roles: 64 } }],
    ["a hint with a short grant id", { reader: MEMBER, owner: OWNER, scope: ID, hint: { grantId: "0xabcd" } }],
    ["a hint that names nothing", { reader: MEMBER, owner: OWNER, scope: ID, hint: {} }],
  ] as const) {
    it(`refuses ${what}`, async () => {
      await assert.rejects(vault.mayRead(query as never), AccessQueryError);
    });
  }
});
