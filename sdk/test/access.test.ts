/**
 * Access scopes, grant ids and blinded grants.
 *
 * The fixed vectors (vectors/access.json) were computed once without the sdk: scopes as ethers
 * `keccak256(AbiCoder.encode(["string","string","bytes32","string"], ["constellate.scope.v1", kind, product, dataset]))`,
 * grant ids as `keccak256(AbiCoder.encode(["tuple(address,bytes32,uint8,address,uint64,uint8)"], [grant]))`, the
 * domain tag as ethers `id("constellate.access.blinded-grant.v1")`, salts as node:crypto
 * `createHmac("sha256", ownerSecret)` over `AbiCoder.encode(["string","uint8","uint256","uint8","bytes32"],
 * ["constellate.access.blinded-grant-salt.v1", kind, grantee, roles, scope])`, and commitments as keccak256 of
 * `AbiCoder.encode` of the fields IAccess.blindedCommitment names. This test repeats those computations with ethers
 * and node:crypto for fresh random inputs as well.
 */
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { AbiCoder, getAddress, id as ethersId, keccak256 as ethersKeccak } from "ethers";
import { bytesToHex, hexToBytes, zeroAddress, zeroHash } from "viem";
import type { Hex } from "viem";

import {
  BLINDED_GRANT_DOMAIN,
  GranteeKind,
  SCOPE_KINDS,
  accessScope,
  accountGrant,
  blindedCommitment,
  blindedGrant,
  blindedGrantSalt,
  checkGrant,
  constellationGrant,
  grantId,
  hmacSha256,
  newOwnerSecret,
} from "../src/access.ts";
import type { ScopeKind } from "../src/access.ts";

interface AccessVector {
  chainId: string;
  contract: string;
  owner: string;
  ownerSecret: Hex;
  blindedGrantDomain: Hex;
  scopes: { kind: ScopeKind; product: Hex | null; dataset: string | null; scope: Hex }[];
  grants: {
    grant: { owner: string; scope: Hex; kind: 0 | 1; account: string; constellation: string; roles: number };
    id: Hex;
  }[];
  blinded: { kind: 0 | 1; grantee: string; roles: number; scope: Hex; salt: Hex; commitment: Hex }[];
}

const vector = JSON.parse(readFileSync(new URL("./vectors/access.json", import.meta.url), "utf8")) as AccessVector;
const coder = AbiCoder.defaultAbiCoder();
const OWNER = vector.owner;
const GRANTEE = "0x3c44cDDb6A900Fa2b585dd299e03d12Fa4293Bc5";
const PRODUCT = vector.scopes[1]!.product!;

function granteeOf(b: AccessVector["blinded"][number]): string | bigint {
  return b.kind === 0 ? b.grantee : BigInt(b.grantee);
}

describe("scopes", () => {
  it("match the fixed vectors", () => {
    for (const s of vector.scopes) assert.equal(accessScope(s.kind, s.product, s.dataset), s.scope);
  });

  it("are keccak256(abi.encode(tag, kind, product, dataset)) for every kind", () => {
    for (const kind of Object.keys(SCOPE_KINDS) as ScopeKind[]) {
      const product = bytesToHex(randomBytes(32));
      const dataset = kind === "dataset" ? "name" : "";
      const expected = ethersKeccak(
        coder.encode(["string", "string", "bytes32", "string"], ["constellate.scope.v1", kind, product, dataset]),
      );
      assert.equal(accessScope(kind, product, dataset), expected);
    }
  });

  it("differ by kind, product and dataset, and treat no product as zero", () => {
    const all = new Set([
      accessScope("documents"),
      accessScope("epcis"),
      accessScope("documents", PRODUCT),
      accessScope("documents", PRODUCT, "2025"),
      accessScope("claim-documents", PRODUCT),
      accessScope("claim-evidence", PRODUCT),
      accessScope("serials", PRODUCT),
    ]);
    assert.equal(all.size, 7);
    assert.equal(accessScope("documents", null), accessScope("documents", zeroHash));
    assert.equal(accessScope("documents", PRODUCT, null), accessScope("documents", PRODUCT, ""));
  });

  it("refuse unknown kinds and a dataset scope without a name", () => {
    assert.throws(() => accessScope("Documents" as ScopeKind), RangeError);
    assert.throws(() => accessScope("toString" as ScopeKind), RangeError);
    assert.throws(() => accessScope("dataset"), RangeError);
    assert.throws(() => accessScope("documents", "0x1234"), TypeError);
  });
});

describe("grants", () => {
  it("have the ids of the fixed vectors (keccak256 of the ABI-encoded struct)", () => {
    for (const g of vector.grants) {
      assert.equal(grantId({ ...g.grant, constellation: BigInt(g.grant.constellation) }), g.id);
    }
    const [a, c] = vector.grants;
    assert.deepEqual(accountGrant(a!.grant.owner, a!.grant.scope, GRANTEE.toLowerCase()), {
      ...a!.grant,
      constellation: 0n,
      account: getAddress(GRANTEE),
    });
    assert.equal(grantId(constellationGrant(c!.grant.owner, c!.grant.scope, 3n, 32)), c!.id);
  });

  it("match ethers' encoding of the tuple for random grants", () => {
    for (let i = 0; i < 20; i++) {
      const kind = i % 2;
      const grant = {
        owner: getAddress(bytesToHex(randomBytes(20))),
        scope: bytesToHex(randomBytes(32)),
        kind,
        account: kind === 0 ? getAddress(bytesToHex(randomBytes(20))) : zeroAddress,
        constellation: kind === 0 ? 0n : BigInt(bytesToHex(randomBytes(8))) || 1n,
        roles: kind === 0 ? 0 : randomBytes(1)[0]! & 63,
      };
      const expected = ethersKeccak(
        coder.encode(
          ["tuple(address,bytes32,uint8,address,uint64,uint8)"],
          [[grant.owner, grant.scope, grant.kind, grant.account, grant.constellation, grant.roles]],
        ),
      );
      assert.equal(grantId({ ...grant, kind: kind as 0 | 1 }), expected);
    }
  });

  it("are checked as the contract checks them", () => {
    const scope = vector.scopes[0]!.scope;
    assert.throws(() => checkGrant({ owner: OWNER, scope: zeroHash, kind: "account", account: GRANTEE }), /scope/);
    assert.throws(() => checkGrant({ owner: OWNER, scope, kind: GranteeKind.Account }), /grantee account/);
    assert.throws(
      () => checkGrant({ owner: OWNER, scope, kind: 0, account: GRANTEE, roles: 1 }),
      /no constellation or roles/,
    );
    assert.throws(
      () => checkGrant({ owner: OWNER, scope, kind: 0, account: GRANTEE, constellation: 1 }),
      /no constellation/,
    );
    assert.throws(() => checkGrant({ owner: OWNER, scope, kind: 1 }), /names its constellation/);
    assert.throws(() => checkGrant({ owner: OWNER, scope, kind: 1, constellation: 1, account: GRANTEE }), /no account/);
    assert.throws(() => checkGrant({ owner: OWNER, scope, kind: 1, constellation: 1, roles: 256 }), RangeError);
    assert.throws(() => checkGrant({ owner: OWNER, scope, kind: 1, constellation: 1, roles: 64 }), /Role.ALL/);
    assert.equal(checkGrant({ owner: OWNER, scope, kind: 1, constellation: 1, roles: 63 }).roles, 63);
    assert.throws(() => checkGrant({ owner: OWNER, scope, kind: 2 as 0, constellation: 1 }), RangeError);
    assert.equal(checkGrant({ owner: OWNER, scope, kind: "Constellation", constellation: 1 }).kind, 1);
  });
});

describe("blinded grants", () => {
  it("use the contract's domain tag", () => {
    assert.equal(BLINDED_GRANT_DOMAIN, vector.blindedGrantDomain);
    assert.equal(BLINDED_GRANT_DOMAIN, ethersId("constellate.access.blinded-grant.v1"));
  });

  it("have the salts and commitments of the fixed vectors", () => {
    for (const b of vector.blinded) {
      const grantee = { kind: b.kind, grantee: granteeOf(b), roles: b.roles, scope: b.scope };
      assert.equal(blindedGrantSalt(vector.ownerSecret, grantee), b.salt);
      assert.equal(blindedGrantSalt(hexToBytes(vector.ownerSecret), grantee), b.salt);
      const common = { chainId: BigInt(vector.chainId), contract: vector.contract, owner: OWNER };
      assert.equal(blindedCommitment({ ...common, ...grantee, salt: b.salt }), b.commitment);
      assert.deepEqual(blindedGrant({ ...common, ...grantee, ownerSecret: vector.ownerSecret }), {
        salt: b.salt,
        commitment: b.commitment,
      });
    }
  });

  it("salt with HMAC-SHA-256 as node:crypto computes it (RFC 4231 and random keys)", () => {
    // RFC 4231 test cases 1 and 6 (a key longer than the block).
    assert.equal(
      bytesToHex(hmacSha256(new Uint8Array(20).fill(0x0b), new TextEncoder().encode("Hi There"))),
      "0xb0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
    assert.equal(
      bytesToHex(
        hmacSha256(
          new Uint8Array(131).fill(0xaa),
          new TextEncoder().encode("Test Using Larger Than Block-Size Key - Hash Key First"),
        ),
      ),
      "0x60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    );
    for (const length of [0, 1, 31, 32, 63, 64, 65, 200]) {
      const key = randomBytes(length);
      const message = randomBytes(length * 3 + 1);
      const expected = `0x${createHmac("sha256", key).update(message).digest("hex")}`;
      assert.equal(bytesToHex(hmacSha256(key, message)), expected);
    }
  });

  it("commit as keccak256(abi.encode(domain, chainid, contract, owner, kind, grantee, roles, scope, salt))", () => {
    const secret = newOwnerSecret();
    const scope = bytesToHex(randomBytes(32));
    const input = { chainId: 8453n, contract: GRANTEE, owner: OWNER, kind: 1 as const, grantee: 77n, roles: 34, scope };
    const { salt, commitment } = blindedGrant({ ...input, ownerSecret: secret });
    const message = coder.encode(
      ["string", "uint8", "uint256", "uint8", "bytes32"],
      ["constellate.access.blinded-grant-salt.v1", 1, 77n, 34, scope],
    );
    assert.equal(
      salt,
      `0x${createHmac("sha256", hexToBytes(secret))
        .update(hexToBytes(message as Hex))
        .digest("hex")}`,
    );
    const expected = ethersKeccak(
      coder.encode(
        ["bytes32", "uint256", "address", "address", "uint8", "uint256", "uint8", "bytes32", "bytes32"],
        [ethersId("constellate.access.blinded-grant.v1"), 8453n, GRANTEE, OWNER, 1, 77n, 34, scope, salt],
      ),
    );
    assert.equal(commitment, expected);
  });

  it("are stable for a secret and differ for every other secret, grantee, roles, scope, chain or contract", () => {
    const secret = newOwnerSecret();
    const base = {
      chainId: 1n,
      contract: vector.contract,
      owner: OWNER,
      kind: 0 as const,
      grantee: GRANTEE,
      scope: vector.scopes[0]!.scope,
      ownerSecret: secret,
    };
    const first = blindedGrant(base);
    assert.deepEqual(blindedGrant(base), first);
    const variants = [
      { ...base, ownerSecret: newOwnerSecret() },
      { ...base, grantee: OWNER },
      { ...base, kind: 1 as const, grantee: 5n },
      { ...base, kind: 1 as const, grantee: 5n, roles: 2 },
      { ...base, scope: vector.scopes[1]!.scope },
      { ...base, chainId: 10n },
      { ...base, contract: OWNER },
      { ...base, owner: GRANTEE },
    ];
    const commitments = new Set([first.commitment, ...variants.map((v) => blindedGrant(v).commitment)]);
    assert.equal(commitments.size, variants.length + 1);
    // The salt does not depend on where the grant is committed.
    assert.equal(blindedGrant({ ...base, chainId: 10n }).salt, first.salt);
  });

  it("refuse short secrets and grantees that do not fit the kind", () => {
    const g = { kind: 0 as const, grantee: GRANTEE, scope: vector.scopes[0]!.scope };
    assert.throws(() => blindedGrantSalt(`0x${"01".repeat(15)}`, g), /at least 16 bytes/);
    assert.throws(() => blindedGrantSalt("not hex", g), /at least 16 bytes/);
    assert.throws(() => blindedGrantSalt(vector.ownerSecret, { ...g, grantee: 5n }), TypeError);
    assert.throws(() => blindedGrantSalt(vector.ownerSecret, { ...g, roles: 1 }), /no roles/);
    assert.throws(() => blindedGrantSalt(vector.ownerSecret, { ...g, grantee: zeroAddress }), RangeError);
    assert.throws(() => blindedGrantSalt(vector.ownerSecret, { kind: 1, grantee: GRANTEE, scope: g.scope }), TypeError);
    assert.throws(() => blindedGrantSalt(vector.ownerSecret, { kind: 1, grantee: 0n, scope: g.scope }), RangeError);
    assert.throws(() => blindedGrantSalt(vector.ownerSecret, { ...g, scope: zeroHash }), /scope/);
  });
});
