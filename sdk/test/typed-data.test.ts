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
  GRANT_BLINDED_TYPES,
  ISSUE_CLAIM_TYPES,
  accessDomain,
  attestClaimTypedData,
  claimId,
  claimsDomain,
  grantBlindedTypedData,
  issueClaimTypedData,
  nonceWordAndBit,
  randomNonce,
  toEthersTypedData,
  toSignTypedDataV4,
  typedDataDigest,
} from "../src/typed-data.ts";
import type { Claim } from "../src/typed-data.ts";
import { MAX_REJECTION_REASON } from "../src/topics.ts";

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
const viem = (typedData: (typeof CASES)[number][1]): ViemTypedData => typedData as unknown as ViemTypedData;

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
  });

  it("spells GrantBlinded as Access.sol does", { skip: !existsSync(accessSol) && "no contracts/Access.sol" }, () => {
    const source = readFileSync(accessSol, "utf8");
    assert.equal(typehash(source, "GRANT_BLINDED_TYPEHASH"), vector.encodeTypes.GrantBlinded);
    assert.match(source, /BLINDED_GRANT_DOMAIN = keccak256\("constellate\.access\.blinded-grant\.v1"\)/);
  });
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
