/**
 * EIP-712 typed data of the signed operations, and nonces.
 *
 * The fixed vectors (vectors/typed-data.json) were computed once with ethers only: `TypedDataEncoder.encodeType`,
 * `hashStruct` and `hash` over hand-written type lists matching IClaims/IAccess, and `Wallet.signTypedData` with the
 * key 0x0101...01 (deterministic RFC 6979 signatures). This test checks the sdk's typed data against them, and against
 * ethers' encoder and recovery live.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { TypedDataEncoder, verifyTypedData } from "ethers";
import { hashStruct, hashTypedData, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Hex } from "viem";

import {
  ATTEST_CLAIM_TYPES,
  MAX_URI_LENGTH,
  CLAIM_TYPES,
  GRANT_ACCESS_TYPES,
  GRANT_BLINDED_TYPES,
  ISSUE_BATCH_TYPES,
  ISSUE_CLAIM_TYPES,
  accessDomain,
  attestClaimTypedData,
  claimId,
  claimsDomain,
  grantAccessTypedData,
  grantBlindedTypedData,
  issueBatchTypedData,
  issueClaimTypedData,
  nonceWordAndBit,
  randomNonce,
  toEthersTypedData,
  toSignTypedDataV4,
  typedDataDigest,
} from "../src/typed-data.ts";
import type { Claim } from "../src/typed-data.ts";
import { MAX_REJECTION_REASON } from "../src/topics.ts";
import { GranteeKind } from "../src/access.ts";

interface Signed {
  message: Record<string, unknown>;
  structHash: Hex;
  digest: Hex;
  signature: Hex;
}
const vector = JSON.parse(readFileSync(new URL("./vectors/typed-data.json", import.meta.url), "utf8")) as {
  chainId: string;
  claimsContract: string;
  accessContract: string;
  signerKey: Hex;
  signer: string;
  issueClaim: Signed;
  attestClaim: Signed;
  grantBlinded: Signed;
  encodeTypes: Record<string, string>;
};
const claimVector = JSON.parse(readFileSync(new URL("./vectors/claim-document.json", import.meta.url), "utf8")) as {
  claim: Record<string, string>;
  claimId: Hex;
};

const CLAIM: Claim = {
  ...(claimVector.claim as unknown as Claim),
  constellation: BigInt(claimVector.claim.constellation!),
  validFrom: BigInt(claimVector.claim.validFrom!),
  validUntil: BigInt(claimVector.claim.validUntil!),
};
const CHAIN = BigInt(vector.chainId);
const CLAIMS = claimsDomain(CHAIN, vector.claimsContract);
const ACCESS = accessDomain(Number(CHAIN), vector.accessContract.toLowerCase());
const account = privateKeyToAccount(vector.signerKey);

function big(value: unknown): bigint {
  return BigInt(value as string);
}

const issue = issueClaimTypedData(
  CLAIM,
  vector.signer,
  big(vector.issueClaim.message.nonce),
  big(vector.issueClaim.message.deadline),
  CLAIMS,
);
const am = vector.attestClaim.message;
const attest = attestClaimTypedData(
  {
    claim: CLAIM,
    verifier: am.verifier as string,
    evidenceHash: am.evidenceHash as string,
    expiresAt: big(am.expiresAt),
    signer: vector.signer,
    nonce: big(am.nonce),
    deadline: big(am.deadline),
  },
  CLAIMS,
);
const gm = vector.grantBlinded.message;
const grant = grantBlindedTypedData(
  {
    owner: gm.owner as string,
    commitment: gm.commitment as string,
    expiresAt: big(gm.expiresAt),
    signer: vector.signer,
    nonce: big(gm.nonce),
    deadline: big(gm.deadline),
  },
  ACCESS,
);
type ViemTypedData = Parameters<typeof hashTypedData>[0];
const viem = (typedData: { primaryType: string }): ViemTypedData => typedData as unknown as ViemTypedData;

const CASES = [
  ["IssueClaim", issue, vector.issueClaim],
  ["AttestClaim", attest, vector.attestClaim],
  ["GrantBlinded", grant, vector.grantBlinded],
] as const;

describe("typed data", () => {
  it("encodes the types exactly as IClaims and IAccess name them", () => {
    const claimType =
      "Claim(address issuer,bytes32 product,bytes32 subject,uint64 constellation,bytes32 topic,bytes32 documentHash,string documentURI,uint64 validFrom,uint64 validUntil)";
    assert.equal(
      vector.encodeTypes.IssueClaim,
      `IssueClaim(Claim claim,address signer,uint256 nonce,uint64 deadline)${claimType}`,
    );
    assert.equal(
      vector.encodeTypes.AttestClaim,
      "AttestClaim(bytes32 id,address verifier,bytes32 evidenceHash,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)",
    );
    assert.equal(
      vector.encodeTypes.GrantBlinded,
      "GrantBlinded(address owner,bytes32 commitment,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)",
    );
    const encode = (types: object, primary: string) =>
      TypedDataEncoder.from(toEthersTypedData({ ...issue, types } as typeof issue).types).encodeType(primary);
    assert.equal(encode(ISSUE_CLAIM_TYPES, "IssueClaim"), vector.encodeTypes.IssueClaim);
    assert.equal(encode(ATTEST_CLAIM_TYPES, "AttestClaim"), vector.encodeTypes.AttestClaim);
    assert.equal(encode(GRANT_BLINDED_TYPES, "GrantBlinded"), vector.encodeTypes.GrantBlinded);
    assert.equal(encode(CLAIM_TYPES, "Claim"), claimType);
  });

  it("uses the contracts' domains", () => {
    assert.deepEqual(CLAIMS, {
      name: "Constellate Claims",
      version: "1",
      chainId: 31337n,
      verifyingContract: vector.claimsContract,
    });
    assert.equal(ACCESS.name, "Constellate Access");
    assert.equal(ACCESS.verifyingContract, vector.accessContract);
    assert.throws(() => issueClaimTypedData(CLAIM, vector.signer, 1n, 1n, ACCESS), /Constellate Claims/);
    assert.throws(() => grantBlindedTypedData({ ...grant.message }, CLAIMS), /Constellate Access/);
    assert.throws(() => issueClaimTypedData(CLAIM, vector.signer, 1n, 1n, { ...CLAIMS, version: "2" }), /version/);
  });

  for (const [name, typedData, expected] of CASES) {
    it(`${name}: hashes as ethers' TypedDataEncoder (fixed vector and live)`, () => {
      const primary = typedData.primaryType;
      const message = typedData.message as unknown as Record<string, unknown>;
      assert.equal(
        hashStruct({ data: message, primaryType: primary, types: typedData.types } as unknown as Parameters<
          typeof hashStruct
        >[0]),
        expected.structHash,
      );
      assert.equal(typedDataDigest(typedData), expected.digest);
      assert.equal(hashTypedData(viem(typedData)), expected.digest);
      const e = toEthersTypedData(typedData);
      assert.equal(TypedDataEncoder.hash(e.domain, e.types, e.value), expected.digest);
      assert.equal(TypedDataEncoder.hashStruct(primary, e.types, e.value), expected.structHash);
      // ethers takes the builder's output directly, too.
      assert.equal(
        TypedDataEncoder.hash(
          typedData.domain,
          typedData.types as unknown as Parameters<typeof TypedDataEncoder.hash>[1],
          typedData.message,
        ),
        expected.digest,
      );
    });

    it(`${name}: signs with viem as ethers does, and both recover the signer`, async () => {
      const signature = await account.signTypedData(viem(typedData));
      assert.equal(signature, expected.signature);
      const e = toEthersTypedData(typedData);
      assert.equal(verifyTypedData(e.domain, e.types, e.value, signature), vector.signer);
      assert.equal(await recoverTypedDataAddress({ ...viem(typedData), signature }), vector.signer);
    });

    it(`${name}: serialises for eth_signTypedData_v4`, () => {
      const rpc = toSignTypedDataV4(typedData);
      const json = JSON.parse(JSON.stringify(rpc)) as {
        types: Record<string, { name: string; type: string }[]>;
        domain: Record<string, string>;
        primaryType: string;
        message: Record<string, unknown>;
      };
      assert.deepEqual(
        json.types.EIP712Domain!.map((f) => f.name),
        ["name", "version", "chainId", "verifyingContract"],
      );
      assert.equal(json.primaryType, typedData.primaryType);
      assert.equal(json.domain.chainId, "31337");
      const { EIP712Domain: _, ...types } = json.types;
      assert.equal(TypedDataEncoder.hash(json.domain, types, json.message), expected.digest);
    });
  }

  it("attests a claim by its id, the same as by the claim", () => {
    const byId = attestClaimTypedData({ ...attest.message, id: claimVector.claimId }, CLAIMS);
    assert.deepEqual(byId, attest);
    assert.equal(attest.message.id, claimId(CLAIM));
    assert.throws(
      () => attestClaimTypedData({ ...attest.message, claim: CLAIM, id: `0x${"00".repeat(32)}` }, CLAIMS),
      /not the id/,
    );
    const { id: _, ...noId } = attest.message;
    assert.throws(() => attestClaimTypedData(noId, CLAIMS), /claim or its id/);
  });

  it("refuses values that do not fit their Solidity types", () => {
    assert.throws(() => issueClaimTypedData(CLAIM, vector.signer, -1n, 1n, CLAIMS), RangeError);
    assert.throws(() => issueClaimTypedData(CLAIM, vector.signer, 2n ** 256n, 1n, CLAIMS), RangeError);
    assert.throws(() => issueClaimTypedData(CLAIM, vector.signer, 1n, 2n ** 64n, CLAIMS), RangeError);
    assert.throws(() => issueClaimTypedData(CLAIM, vector.signer, 1.5, 1n, CLAIMS), TypeError);
    assert.throws(
      () => issueClaimTypedData({ ...CLAIM, validUntil: 2n ** 64n }, vector.signer, 1n, 1n, CLAIMS),
      RangeError,
    );
    assert.throws(() => issueClaimTypedData({ ...CLAIM, topic: "0x12" }, vector.signer, 1n, 1n, CLAIMS), TypeError);
    assert.throws(() => issueClaimTypedData(CLAIM, "0x1234", 1n, 1n, CLAIMS), TypeError);
    assert.throws(() => claimsDomain(1, "not an address"), TypeError);
    // Numbers are taken where they are safe integers.
    assert.equal(issueClaimTypedData(CLAIM, vector.signer, 5, 10, CLAIMS).message.nonce, 5n);
  });
});

/** The types of the batch and grant operations, hand-written for ethers from the contracts' type strings. */
const ISSUE_BATCH_STRING =
  "IssueBatch(address issuer,bytes32 root,uint32 count,bytes32 topic,uint64 constellation,bytes32 manifestHash,string manifestURI,address signer,uint256 nonce,uint64 deadline)";
const GRANT_STRING = "Grant(address owner,bytes32 scope,uint8 kind,address account,uint64 constellation,uint8 roles)";
const GRANT_ACCESS_STRING = `GrantAccess(Grant grant,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)${GRANT_STRING}`;
/** ethers' field list of a type string's first struct. */
function fieldsOf(typeString: string): { name: string; type: string }[] {
  const inner = /^\w+\(([^)]*)\)/.exec(typeString)![1]!;
  return inner.split(",").map((field) => {
    const [type, name] = field.split(" ") as [string, string];
    return { name, type };
  });
}
const ETHERS_ISSUE_BATCH = { IssueBatch: fieldsOf(ISSUE_BATCH_STRING) };
const ETHERS_GRANT_ACCESS = { GrantAccess: fieldsOf(GRANT_ACCESS_STRING), Grant: fieldsOf(GRANT_STRING) };

const BATCH_REQUEST = {
  issuer: vector.signer.toLowerCase(),
  root: `0x${"ab".repeat(32)}`,
  count: 250,
  topic: `0x${"0c".repeat(32)}`,
  constellation: 7n,
  manifestHash: `0x${"5d".repeat(32)}`,
  manifestURI: "https://vault.example.com/batches/0001.json",
};
const OWNER = vector.signer;
const GRANTEE = "0x00000000000000000000000000000000000000A1";
const SCOPE = `0x${"5c".repeat(32)}`;

describe("batch and grant typed data", () => {
  const batch = issueBatchTypedData(BATCH_REQUEST, vector.signer, 12n, 1_900_000_000, CLAIMS);
  const grantToAccount = grantAccessTypedData(
    { owner: OWNER, scope: SCOPE, kind: "account", account: GRANTEE },
    1_800_000_000n,
    vector.signer,
    2n ** 200n,
    1_900_000_000n,
    ACCESS,
  );
  const grantToConstellation = grantAccessTypedData(
    { owner: OWNER, scope: SCOPE, kind: GranteeKind.Constellation, constellation: 3, roles: 2 },
    1_800_000_000,
    vector.signer,
    1,
    1_900_000_000,
    ACCESS,
  );

  it("encodes IssueBatch and GrantAccess as Claims.sol and Access.sol spell them", () => {
    const encode = (types: object, primary: string) =>
      TypedDataEncoder.from(toEthersTypedData({ ...issue, types } as typeof issue).types).encodeType(primary);
    assert.equal(encode(ISSUE_BATCH_TYPES, "IssueBatch"), ISSUE_BATCH_STRING);
    assert.equal(encode(GRANT_ACCESS_TYPES, "GrantAccess"), GRANT_ACCESS_STRING);
    assert.equal(encode({ Grant: GRANT_ACCESS_TYPES.Grant }, "Grant"), GRANT_STRING);
  });

  it("IssueBatch: the digest is ethers' TypedDataEncoder.hash, and a signature recovers the signer", async () => {
    assert.equal(batch.primaryType, "IssueBatch");
    assert.equal(batch.message.issuer, vector.signer);
    assert.equal(batch.message.count, 250);
    assert.equal(batch.message.deadline, 1_900_000_000n);
    const expected = TypedDataEncoder.hash(CLAIMS, ETHERS_ISSUE_BATCH, {
      ...BATCH_REQUEST,
      signer: vector.signer,
      nonce: 12n,
      deadline: 1_900_000_000n,
    });
    assert.equal(typedDataDigest(batch), expected);
    const e = toEthersTypedData(batch);
    assert.equal(TypedDataEncoder.hash(e.domain, e.types, e.value), expected);
    const signature = await account.signTypedData(viem(batch));
    assert.equal(verifyTypedData(CLAIMS, ETHERS_ISSUE_BATCH, e.value, signature), vector.signer);
    const rpc = JSON.parse(JSON.stringify(toSignTypedDataV4(batch))) as {
      types: Record<string, { name: string; type: string }[]>;
      domain: Record<string, string>;
      message: Record<string, unknown>;
    };
    const { EIP712Domain: _, ...types } = rpc.types;
    assert.equal(TypedDataEncoder.hash(rpc.domain, types, rpc.message), expected);
    // Every field is signed: a changed URI or count changes the digest.
    for (const changed of [{ manifestURI: `${BATCH_REQUEST.manifestURI}#x` }, { count: 251 }]) {
      const other = issueBatchTypedData({ ...BATCH_REQUEST, ...changed }, vector.signer, 12n, 1_900_000_000, CLAIMS);
      assert.notEqual(typedDataDigest(other), expected);
    }
  });

  for (const [name, typedData] of [
    ["account", grantToAccount],
    ["constellation", grantToConstellation],
  ] as const) {
    it(`GrantAccess (${name}): the digest is ethers' TypedDataEncoder.hash, and a signature recovers the signer`, async () => {
      const m = typedData.message;
      const expected = TypedDataEncoder.hash(ACCESS, ETHERS_GRANT_ACCESS, {
        grant: { ...m.grant },
        expiresAt: m.expiresAt,
        signer: m.signer,
        nonce: m.nonce,
        deadline: m.deadline,
      });
      assert.equal(typedDataDigest(typedData), expected);
      const e = toEthersTypedData(typedData);
      assert.equal(TypedDataEncoder.hash(e.domain, e.types, e.value), expected);
      const signature = await account.signTypedData(viem(typedData));
      assert.equal(verifyTypedData(ACCESS, ETHERS_GRANT_ACCESS, e.value, signature), vector.signer);
      assert.equal(await recoverTypedDataAddress({ ...viem(typedData), signature }), vector.signer);
    });
  }

  it("normalises the grant and signs its fields (scope, expiry)", () => {
    assert.deepEqual(grantToAccount.message.grant, {
      owner: OWNER,
      scope: SCOPE,
      kind: GranteeKind.Account,
      account: GRANTEE,
      constellation: 0n,
      roles: 0,
    });
    assert.equal(grantToConstellation.message.grant.account, "0x0000000000000000000000000000000000000000");
    assert.equal(grantToConstellation.message.grant.constellation, 3n);
    const digest = typedDataDigest(grantToAccount);
    const g = { owner: OWNER, scope: SCOPE, kind: "account" as const, account: GRANTEE };
    assert.notEqual(
      typedDataDigest(
        grantAccessTypedData(
          { ...g, scope: `0x${"5d".repeat(32)}` },
          1_800_000_000n,
          OWNER,
          2n ** 200n,
          1_900_000_000n,
          ACCESS,
        ),
      ),
      digest,
    );
    assert.notEqual(
      typedDataDigest(grantAccessTypedData(g, 1_800_000_001n, OWNER, 2n ** 200n, 1_900_000_000n, ACCESS)),
      digest,
    );
  });

  it("refuses the other contract's domain and values that do not fit", () => {
    assert.throws(() => issueBatchTypedData(BATCH_REQUEST, vector.signer, 1n, 1n, ACCESS), /Constellate Claims/);
    assert.throws(
      () => grantAccessTypedData({ ...grantToAccount.message.grant }, 2n, vector.signer, 1n, 1n, CLAIMS),
      /Constellate Access/,
    );
    assert.throws(
      () => issueBatchTypedData({ ...BATCH_REQUEST, count: 2n ** 32n }, vector.signer, 1n, 1n, CLAIMS),
      RangeError,
    );
    assert.throws(
      () =>
        issueBatchTypedData(
          { ...BATCH_REQUEST, manifestURI: "x".repeat(MAX_URI_LENGTH + 1) },
          vector.signer,
          1n,
          1n,
          CLAIMS,
        ),
      /manifestURI/,
    );
    assert.throws(
      () => issueBatchTypedData({ ...BATCH_REQUEST, root: "0x12" }, vector.signer, 1n, 1n, CLAIMS),
      TypeError,
    );
    assert.throws(
      () => grantAccessTypedData({ owner: OWNER, scope: SCOPE, kind: "account" }, 2n, vector.signer, 1n, 1n, ACCESS),
      RangeError,
    );
    assert.throws(
      () => grantAccessTypedData({ ...grantToAccount.message.grant }, 2n ** 64n, vector.signer, 1n, 1n, ACCESS),
      RangeError,
    );
  });
});

describe("the contracts' source", () => {
  const claimsSol = new URL("../../contracts/Claims.sol", import.meta.url);
  const accessSol = new URL("../../contracts/Access.sol", import.meta.url);
  /** The string a `NAME = keccak256("..." "...")` constant hashes, its literals joined. */
  function typehash(source: string, name: string): string | undefined {
    const m = new RegExp(`${name}\\s*=\\s*keccak256\\(\\s*((?:"[^"]*"\\s*)+)\\)`).exec(source);
    return m?.[1]!
      .match(/"[^"]*"/g)!
      .map((literal) => literal.slice(1, -1))
      .join("");
  }

  it("spells the claim types as Claims.sol does", { skip: !existsSync(claimsSol) && "no contracts/Claims.sol" }, () => {
    const source = readFileSync(claimsSol, "utf8");
    assert.equal(typehash(source, "ISSUE_TYPEHASH"), vector.encodeTypes.IssueClaim);
    assert.equal(typehash(source, "ATTEST_TYPEHASH"), vector.encodeTypes.AttestClaim);
    assert.equal(
      `IssueClaim(Claim claim,address signer,uint256 nonce,uint64 deadline)${typehash(source, "CLAIM_TYPEHASH")}`,
      vector.encodeTypes.IssueClaim,
    );
    assert.match(source, new RegExp(`MAX_REASON = ${MAX_REJECTION_REASON};`));
    assert.match(source, new RegExp(`MAX_URI_LENGTH = ${MAX_URI_LENGTH};`));
    assert.equal(typehash(source, "ISSUE_BATCH_TYPEHASH"), ISSUE_BATCH_STRING);
    assert.equal(
      TypedDataEncoder.from(
        toEthersTypedData(issueBatchTypedData(BATCH_REQUEST, OWNER, 1n, 1n, CLAIMS)).types,
      ).encodeType("IssueBatch"),
      typehash(source, "ISSUE_BATCH_TYPEHASH"),
    );
  });

  it(
    "spells GrantBlinded and GrantAccess as Access.sol does",
    { skip: !existsSync(accessSol) && "no contracts/Access.sol" },
    () => {
      const source = readFileSync(accessSol, "utf8");
      assert.equal(typehash(source, "GRANT_BLINDED_TYPEHASH"), vector.encodeTypes.GrantBlinded);
      assert.equal(typehash(source, "GRANT_TYPEHASH"), GRANT_STRING);
      assert.equal(typehash(source, "GRANT_ACCESS_TYPEHASH"), GRANT_ACCESS_STRING);
      const types = toEthersTypedData(
        grantAccessTypedData({ owner: OWNER, scope: SCOPE, kind: 0, account: GRANTEE }, 2n, OWNER, 1n, 1n, ACCESS),
      ).types;
      assert.equal(TypedDataEncoder.from(types).encodeType("GrantAccess"), typehash(source, "GRANT_ACCESS_TYPEHASH"));
      assert.match(source, /BLINDED_GRANT_DOMAIN = keccak256\("constellate\.access\.blinded-grant\.v1"\)/);
    },
  );
});

describe("nonces", () => {
  it("are random uint256s", () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 100; i++) {
      const n = randomNonce();
      assert.ok(n >= 0n && n < 2n ** 256n);
      seen.add(n);
    }
    assert.equal(seen.size, 100);
  });

  it("sit in word nonce >> 8 at bit nonce & 0xff", () => {
    assert.deepEqual(nonceWordAndBit(0n), { word: 0n, bit: 0, mask: 1n });
    assert.deepEqual(nonceWordAndBit(255), { word: 0n, bit: 255, mask: 1n << 255n });
    assert.deepEqual(nonceWordAndBit(256n), { word: 1n, bit: 0, mask: 1n });
    assert.deepEqual(nonceWordAndBit(2n ** 256n - 1n), { word: 2n ** 248n - 1n, bit: 255, mask: 1n << 255n });
    const n = randomNonce();
    const { word, bit, mask } = nonceWordAndBit(n);
    assert.equal(word * 256n + BigInt(bit), n);
    assert.equal(mask, 1n << BigInt(bit));
    assert.throws(() => nonceWordAndBit(-1n), RangeError);
  });
});
