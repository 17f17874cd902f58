import { expect } from "chai";

import { ProductRole } from "../sdk/src/constants.js";
import {
  ATTEST_TYPES,
  attestDigest,
  batchIdOf,
  claimIdOf,
  claimsDomain,
  deployClaims,
  documentHash,
  EVIDENCE,
  GOVERNED,
  ISSUE_TYPES,
  MANIFEST_HASH,
  MANIFEST_URI,
  issuedArgs,
  issueDigest,
  mined,
  must,
  productClaim,
  signAttest,
  signIssue,
  UNGOVERNED,
  VALID,
  validityOf,
  Verdict,
  verdictView,
  type AttestMessage,
  type Claim,
  type ClaimsFixture,
  type IssueMessage,
} from "./helpers/claims.js";
import { pinNextBlockTime } from "./helpers/expect.js";
import { DAY, ethers, networkHelpers, now, Permission, profile, Role, type Signer } from "./helpers/fixture.js";
import { deploySafe, execSafeTransaction } from "./helpers/safe.js";
import { approveSafeMessage, deploySignMessageLib, signSafeMessage } from "./helpers/safe-signatures.js";

const HOUR = 60 * 60;

/** An IssueClaim of `claim` signed by `signer`, valid for an hour. */
async function issueMessage(claim: Claim, signer: string, nonce = 1n): Promise<IssueMessage> {
  return { claim, signer, nonce, deadline: BigInt((await now()) + HOUR) };
}

/** An AttestClaim of `claim` for `verifier` signed by `signer`, no expiry, valid for an hour. */
async function attestMessage(claim: Claim, verifier: string, signer = verifier, nonce = 1n): Promise<AttestMessage> {
  return {
    id: claimIdOf(claim),
    verifier,
    evidenceHash: EVIDENCE,
    expiresAt: 0n,
    signer,
    nonce,
    deadline: BigInt((await now()) + HOUR),
  };
}

/** The relayer submits `m` with `signature`. */
function submitIssue(fx: ClaimsFixture, m: IssueMessage, signature: string) {
  return fx.claims.connect(fx.relayer).issueBySig(m.claim, m.signer, m.nonce, m.deadline, signature);
}

function submitAttest(fx: ClaimsFixture, claim: Claim, m: AttestMessage, signature: string, relayer?: Signer) {
  return fx.claims
    .connect(relayer ?? fx.relayer)
    .attestBySig(claim, m.verifier, m.evidenceHash, m.expiresAt, m.signer, m.nonce, m.deadline, signature);
}

/** `IssueBatch(...)` (Claims.ISSUE_BATCH_TYPEHASH), for ethers. */
const ISSUE_BATCH_TYPES = {
  IssueBatch: [
    { name: "issuer", type: "address" },
    { name: "root", type: "bytes32" },
    { name: "count", type: "uint32" },
    { name: "topic", type: "bytes32" },
    { name: "constellation", type: "uint64" },
    { name: "manifestHash", type: "bytes32" },
    { name: "manifestURI", type: "string" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

/** IClaims.BatchRequest. */
interface BatchRequest {
  issuer: string;
  root: string;
  count: number;
  topic: string;
  constellation: bigint;
  manifestHash: string;
  manifestURI: string;
}

interface BatchMessage extends BatchRequest {
  signer: string;
  nonce: bigint;
  deadline: bigint;
}

const BATCH_ROOT = ethers.id("batch root");

/** A batch of `issuer` of 8 GOVERNED claims in constellation `fx.id`, signed by `signer`, valid for an hour. */
async function batchMessage(
  fx: ClaimsFixture,
  issuer: string,
  signer = issuer,
  nonce = 1n,
  overrides: Partial<BatchRequest> = {},
): Promise<BatchMessage> {
  return {
    issuer,
    root: BATCH_ROOT,
    count: 8,
    topic: GOVERNED,
    constellation: fx.id,
    manifestHash: MANIFEST_HASH,
    manifestURI: MANIFEST_URI,
    ...overrides,
    signer,
    nonce,
    deadline: BigInt((await now()) + HOUR),
  };
}

function batchRequestOf(m: BatchMessage): BatchRequest {
  const { issuer, root, count, topic, constellation, manifestHash, manifestURI } = m;
  return { issuer, root, count, topic, constellation, manifestHash, manifestURI };
}

async function batchDigest(fx: ClaimsFixture, m: BatchMessage): Promise<string> {
  return ethers.TypedDataEncoder.hash(await claimsDomain(fx.claims), ISSUE_BATCH_TYPES, m);
}

async function signBatch(signer: Signer, fx: ClaimsFixture, m: BatchMessage): Promise<string> {
  return signer.signTypedData(await claimsDomain(fx.claims), ISSUE_BATCH_TYPES, m);
}

function submitBatch(fx: ClaimsFixture, m: BatchMessage, signature: string) {
  return fx.claims.connect(fx.relayer).issueBatchBySig(batchRequestOf(m), m.signer, m.nonce, m.deadline, signature);
}

/** The fields of BatchIssued for `m`, in order. */
function batchIssuedArgs(m: BatchMessage): unknown[] {
  return [
    batchIdOf(m.issuer, m.root),
    m.issuer,
    m.root,
    m.constellation,
    m.topic,
    m.count,
    m.manifestHash,
    m.manifestURI,
  ];
}

/** As {deployClaims}, with the brand's claim on the GOVERNED topic issued directly. */
async function deployWithClaim() {
  const fx = await deployClaims();
  const claim = productClaim(fx);
  await mined(fx.claims.connect(fx.brand).issue(claim));
  return { ...fx, claim, claimId: claimIdOf(claim) };
}

describe("Claims: signed operations", function () {
  describe("issueBySig", function () {
    it("issues the claim an EOA issuer signed, sent by a relayer, and uses the nonce", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const claim = productClaim(fx);
      const m = await issueMessage(claim, fx.brand.address, 42n);
      const signature = await signIssue(fx.brand, fx.claims, m);
      expect(ethers.verifyTypedData(await claimsDomain(fx.claims), ISSUE_TYPES, m, signature)).to.equal(
        fx.brand.address,
      );
      expect(await fx.claims.isNonceUsed(fx.brand.address, 42n)).to.equal(false);
      expect(
        await fx.claims.connect(fx.relayer).issueBySig.staticCall(claim, m.signer, m.nonce, m.deadline, signature),
      ).to.equal(claimIdOf(claim));
      await expect(submitIssue(fx, m, signature))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(claim));
      expect((await fx.claims.claimOf(claimIdOf(claim))).issuer).to.equal(fx.brand.address);
      expect(await validityOf(fx.claims, claim)).to.deep.equal(VALID);
      expect(await fx.claims.isNonceUsed(fx.brand.address, 42n)).to.equal(true);
      expect(await fx.claims.nonceBitmap(fx.brand.address, 0)).to.equal(1n << 42n);
      // Nonces are the signer's: the relayer's and another signer's are untouched.
      expect(await fx.claims.isNonceUsed(fx.relayer.address, 42n)).to.equal(false);
      expect(await fx.claims.isNonceUsed(fx.supplier.address, 42n)).to.equal(false);
    });

    it("refuses a replayed nonce (NonceAlreadyUsed), for the same claim or another", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await issueMessage(productClaim(fx), fx.brand.address, 7n);
      const signature = await signIssue(fx.brand, fx.claims, m);
      await submitIssue(fx, m, signature);
      await expect(submitIssue(fx, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.brand.address, 7n);
      const other = { ...m, claim: productClaim(fx, { subject: fx.batch }) };
      await expect(submitIssue(fx, other, await signIssue(fx.brand, fx.claims, other)))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.brand.address, 7n);
    });

    it("refuses a cancelled nonce: cancelNonces(word, mask) sets the bits (NoncesCancelled)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const word = 3n;
      const mask = (1n << 5n) | (1n << 200n);
      const nonce = word * 256n + 200n;
      const m = await issueMessage(productClaim(fx), fx.brand.address, nonce);
      const signature = await signIssue(fx.brand, fx.claims, m);
      await expect(fx.claims.connect(fx.brand).cancelNonces(word, mask))
        .to.emit(fx.claims, "NoncesCancelled")
        .withArgs(fx.brand.address, word, mask);
      expect(await fx.claims.nonceBitmap(fx.brand.address, word)).to.equal(mask);
      expect(await fx.claims.isNonceUsed(fx.brand.address, word * 256n + 5n)).to.equal(true);
      expect(await fx.claims.isNonceUsed(fx.brand.address, nonce)).to.equal(true);
      expect(await fx.claims.isNonceUsed(fx.brand.address, nonce + 1n)).to.equal(false);
      await expect(submitIssue(fx, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.brand.address, nonce);
      // Cancelling again, with more bits, keeps the bits already set.
      await fx.claims.connect(fx.brand).cancelNonces(word, 1n);
      expect(await fx.claims.nonceBitmap(fx.brand.address, word)).to.equal(mask | 1n);
      // Another signer's cancellation does not touch the brand's nonces, and the brand's does not touch its own others.
      await fx.claims.connect(fx.supplier).cancelNonces(0, (1n << 256n) - 1n);
      const m2 = await issueMessage(productClaim(fx), fx.brand.address, 0n);
      await expect(submitIssue(fx, m2, await signIssue(fx.brand, fx.claims, m2))).to.emit(fx.claims, "ClaimIssued");
    });

    it("takes nonces in parallel: unrelated nonces are each usable once, in any order", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const big = 2n ** 200n + 7n;
      const small = 3n;
      const first = await issueMessage(productClaim(fx, { subject: fx.batch }), fx.brand.address, big);
      const second = await issueMessage(productClaim(fx, { subject: fx.item }), fx.brand.address, small);
      const firstSignature = await signIssue(fx.brand, fx.claims, first);
      const secondSignature = await signIssue(fx.brand, fx.claims, second);
      // Submitted in the reverse order of signing.
      await expect(submitIssue(fx, second, secondSignature)).to.emit(fx.claims, "ClaimIssued");
      await expect(submitIssue(fx, first, firstSignature)).to.emit(fx.claims, "ClaimIssued");
      expect(await fx.claims.isNonceUsed(fx.brand.address, big)).to.equal(true);
      expect(await fx.claims.isNonceUsed(fx.brand.address, small)).to.equal(true);
      expect(await fx.claims.nonceBitmap(fx.brand.address, big >> 8n)).to.equal(1n << 7n);
      expect(await fx.claims.nonceBitmap(fx.brand.address, 0)).to.equal(1n << 3n);
      for (const nonce of [0n, 1n, 2n, 4n, big - 1n, big + 1n, 2n ** 256n - 1n]) {
        expect(await fx.claims.isNonceUsed(fx.brand.address, nonce), String(nonce)).to.equal(false);
      }
      // The largest nonce works too.
      const last = await issueMessage(productClaim(fx, { documentHash: documentHash("last") }), fx.brand.address);
      last.nonce = 2n ** 256n - 1n;
      await expect(submitIssue(fx, last, await signIssue(fx.brand, fx.claims, last))).to.emit(fx.claims, "ClaimIssued");
      expect(await fx.claims.nonceBitmap(fx.brand.address, (2n ** 256n - 1n) >> 8n)).to.equal(1n << 255n);
    });

    it("refuses a passed deadline (SignatureExpired) and accepts the deadline's own second", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await issueMessage(productClaim(fx), fx.brand.address);
      const signature = await signIssue(fx.brand, fx.claims, m);
      await networkHelpers.time.setNextBlockTimestamp(m.deadline + 1n);
      await expect(submitIssue(fx, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "SignatureExpired")
        .withArgs(m.deadline, m.deadline + 1n);
      const m2 = await issueMessage(productClaim(fx, { subject: fx.batch }), fx.brand.address, 2n);
      const at = await pinNextBlockTime(10);
      m2.deadline = BigInt(at);
      await expect(submitIssue(fx, m2, await signIssue(fx.brand, fx.claims, m2))).to.emit(fx.claims, "ClaimIssued");
    });

    it("refuses a signature for another chain id or another contract (InvalidSignature)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await issueMessage(productClaim(fx), fx.brand.address);
      const { chainId } = await ethers.provider.getNetwork();
      for (const domain of [
        { chainId: chainId + 1n },
        { chainId: 1n },
        { verifyingContract: await fx.products.getAddress() },
        { name: "Constellate Access" },
        { version: "2" },
      ]) {
        await expect(submitIssue(fx, m, await signIssue(fx.brand, fx.claims, m, domain)))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.brand.address);
      }
      // The same message signed for this contract on this chain goes through.
      await expect(submitIssue(fx, m, await signIssue(fx.brand, fx.claims, m))).to.emit(fx.claims, "ClaimIssued");
    });

    it("refuses any field changed after signing, the URI included (InvalidSignature)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const claim = productClaim(fx, { validFrom: 1n, validUntil: BigInt((await now()) + DAY) });
      const m = await issueMessage(claim, fx.brand.address, 5n);
      const signature = await signIssue(fx.brand, fx.claims, m);
      const changedClaims: Claim[] = [
        { ...claim, subject: fx.batch },
        { ...claim, topic: UNGOVERNED },
        { ...claim, documentHash: documentHash("swapped") },
        { ...claim, documentURI: `${claim.documentURI}#evil` },
        { ...claim, documentURI: "" },
        { ...claim, validFrom: 2n },
        { ...claim, validUntil: claim.validUntil + 1n },
        { ...claim, validUntil: 0n },
      ];
      for (const changed of changedClaims) {
        await expect(submitIssue(fx, { ...m, claim: changed }, signature))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.brand.address);
      }
      for (const changed of [
        { ...m, nonce: 6n },
        { ...m, deadline: m.deadline + 1n },
      ]) {
        await expect(submitIssue(fx, changed, signature))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.brand.address);
      }
      // Another signer named with the brand's signature: refused for that signer (the supplier acts for itself).
      const asSupplier = { ...m, claim: { ...claim, issuer: fx.supplier.address }, signer: fx.supplier.address };
      await expect(submitIssue(fx, asSupplier, signature))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.supplier.address);
      // Another key's signature of the very message.
      await expect(submitIssue(fx, m, await signIssue(fx.supplier, fx.claims, m)))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.brand.address);
      // Malformed signatures.
      for (const bad of ["0x", ethers.concat([signature, "0x00"]), ethers.dataSlice(signature, 0, 64)]) {
        await expect(submitIssue(fx, m, bad))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.brand.address);
      }
      await expect(submitIssue(fx, m, signature))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(claim));
    });

    it("applies the rules of issue to a signed claim", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const byRetailer = await issueMessage(productClaim(fx, { issuer: fx.retailer.address }), fx.retailer.address);
      await expect(submitIssue(fx, byRetailer, await signIssue(fx.retailer, fx.claims, byRetailer)))
        .to.be.revertedWithCustomError(fx.products, "ActorRolesMissing")
        .withArgs(fx.product, fx.retailer.address, 11, ProductRole.RETAILER);
      const byStranger = await issueMessage(productClaim(fx, { issuer: fx.stranger.address }), fx.stranger.address);
      await expect(submitIssue(fx, byStranger, await signIssue(fx.stranger, fx.claims, byStranger)))
        .to.be.revertedWithCustomError(fx.products, "NotAnActor")
        .withArgs(fx.product, fx.stranger.address);
      // A refused operation leaves the nonce unused.
      expect(await fx.claims.isNonceUsed(fx.stranger.address, byStranger.nonce)).to.equal(false);
      const m = await issueMessage(productClaim(fx), fx.brand.address);
      await submitIssue(fx, m, await signIssue(fx.brand, fx.claims, m));
      const again = { ...m, nonce: 2n };
      await expect(submitIssue(fx, again, await signIssue(fx.brand, fx.claims, again)))
        .to.be.revertedWithCustomError(fx.claims, "ClaimExists")
        .withArgs(claimIdOf(m.claim));
    });

    it("lets an operator holding CLAIMS sign for its company, using its own nonces", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.CLAIMS, (await now()) + DAY);
      const claim = productClaim(fx);
      const m = await issueMessage(claim, fx.operator.address, 9n);
      await expect(submitIssue(fx, m, await signIssue(fx.operator, fx.claims, m)))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(claim));
      expect((await fx.claims.claimOf(claimIdOf(claim))).issuer).to.equal(fx.brand.address);
      expect(await fx.claims.isNonceUsed(fx.operator.address, 9n)).to.equal(true);
      expect(await fx.claims.isNonceUsed(fx.brand.address, 9n)).to.equal(false);
      // The operator's own cancellation stops its signatures.
      const m2 = await issueMessage(productClaim(fx, { subject: fx.batch }), fx.operator.address, 10n);
      const signature2 = await signIssue(fx.operator, fx.claims, m2);
      await fx.claims.connect(fx.operator).cancelNonces(0, 1n << 10n);
      await expect(submitIssue(fx, m2, signature2))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.operator.address, 10n);
    });

    it("refuses an operator without CLAIMS, a non-operator, an expired operator (NotActingFor from Companies)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const expiry = (await now()) + DAY;
      await fx.companies
        .connect(fx.brand)
        .setOperator(fx.operator.address, Permission.ALL & ~Permission.CLAIMS, expiry);
      const claim = productClaim(fx);
      const m = await issueMessage(claim, fx.operator.address);
      await expect(submitIssue(fx, m, await signIssue(fx.operator, fx.claims, m)))
        .to.be.revertedWithCustomError(fx.companies, "NotActingFor")
        .withArgs(fx.brand.address, fx.operator.address, Permission.CLAIMS);
      const byStranger = await issueMessage(claim, fx.stranger.address);
      await expect(submitIssue(fx, byStranger, await signIssue(fx.stranger, fx.claims, byStranger)))
        .to.be.revertedWithCustomError(fx.companies, "NotActingFor")
        .withArgs(fx.brand.address, fx.stranger.address, Permission.CLAIMS);
      await fx.companies.connect(fx.brand).setOperator(fx.operator2.address, Permission.CLAIMS, expiry);
      const late = { ...(await issueMessage(claim, fx.operator2.address)), deadline: BigInt(expiry + HOUR) };
      const lateSignature = await signIssue(fx.operator2, fx.claims, late);
      await networkHelpers.time.increaseTo(expiry);
      await expect(submitIssue(fx, late, lateSignature))
        .to.be.revertedWithCustomError(fx.companies, "NotActingFor")
        .withArgs(fx.brand.address, fx.operator2.address, Permission.CLAIMS);
    });

    it("refuses an operator of a compromised company (CompanyIsCompromised)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.CLAIMS, (await now()) + DAY);
      const m = await issueMessage(productClaim(fx), fx.operator.address);
      const signature = await signIssue(fx.operator, fx.claims, m);
      const since = await now();
      await fx.companies.connect(fx.brand).markCompromised(since);
      await expect(submitIssue(fx, m, signature))
        .to.be.revertedWithCustomError(fx.companies, "CompanyIsCompromised")
        .withArgs(fx.brand.address, since);
    });
  });

  describe("attestBySig", function () {
    it("records the attestation a verifier signed, sent by a relayer", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const m = { ...(await attestMessage(fx.claim, fx.verifier.address)), expiresAt: BigInt((await now()) + DAY) };
      const signature = await signAttest(fx.verifier, fx.claims, m);
      expect(ethers.verifyTypedData(await claimsDomain(fx.claims), ATTEST_TYPES, m, signature)).to.equal(
        fx.verifier.address,
      );
      const at = await pinNextBlockTime();
      await expect(submitAttest(fx, fx.claim, m, signature))
        .to.emit(fx.claims, "Attested")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, EVIDENCE, m.expiresAt);
      expect(await verdictView(fx.claims, fx.claimId, fx.verifier.address)).to.deep.equal({
        verdict: Verdict.Attested,
        reason: 0,
        givenAt: at,
        expiresAt: Number(m.expiresAt),
      });
      expect(await validityOf(fx.claims, fx.claim, [fx.verifier.address])).to.deep.equal({ ...VALID, attestations: 1 });
      expect(await fx.claims.isNonceUsed(fx.verifier.address, m.nonce)).to.equal(true);
    });

    it("lets even the issuer relay a verifier's signed attestation: the signer is who judges", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const m = await attestMessage(fx.claim, fx.verifier.address);
      await expect(submitAttest(fx, fx.claim, m, await signAttest(fx.verifier, fx.claims, m), fx.brand))
        .to.emit(fx.claims, "Attested")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, EVIDENCE, 0);
    });

    it("refuses a replayed nonce (NonceAlreadyUsed), a cancelled one and a passed deadline", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const m = await attestMessage(fx.claim, fx.verifier.address, fx.verifier.address, 77n);
      const signature = await signAttest(fx.verifier, fx.claims, m);
      await submitAttest(fx, fx.claim, m, signature);
      await fx.claims.connect(fx.verifier).withdraw(fx.claimId);
      await expect(submitAttest(fx, fx.claim, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.verifier.address, 77n);
      const m2 = await attestMessage(fx.claim, fx.verifier.address, fx.verifier.address, 78n);
      const signature2 = await signAttest(fx.verifier, fx.claims, m2);
      await fx.claims.connect(fx.verifier).cancelNonces(0, 1n << 78n);
      await expect(submitAttest(fx, fx.claim, m2, signature2))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.verifier.address, 78n);
      const m3 = await attestMessage(fx.claim, fx.verifier.address, fx.verifier.address, 79n);
      const signature3 = await signAttest(fx.verifier, fx.claims, m3);
      await networkHelpers.time.setNextBlockTimestamp(m3.deadline + 1n);
      await expect(submitAttest(fx, fx.claim, m3, signature3))
        .to.be.revertedWithCustomError(fx.claims, "SignatureExpired")
        .withArgs(m3.deadline, m3.deadline + 1n);
    });

    it("refuses a signature for another chain or contract, or with any field changed (InvalidSignature)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const other = productClaim(fx, { subject: fx.batch });
      await mined(fx.claims.connect(fx.brand).issue(other));
      const m = await attestMessage(fx.claim, fx.verifier.address, fx.verifier.address, 4n);
      const { chainId } = await ethers.provider.getNetwork();
      for (const domain of [{ chainId: chainId + 1n }, { verifyingContract: await fx.accreditations.getAddress() }]) {
        await expect(submitAttest(fx, fx.claim, m, await signAttest(fx.verifier, fx.claims, m, domain)))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.verifier.address);
      }
      const signature = await signAttest(fx.verifier, fx.claims, m);
      // The signature covers the claim's id: it does not attest another claim.
      await expect(submitAttest(fx, other, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.verifier.address);
      for (const changed of [
        { ...m, evidenceHash: ethers.id("other evidence") },
        { ...m, expiresAt: m.deadline },
        { ...m, nonce: 5n },
        { ...m, deadline: m.deadline - 1n },
      ]) {
        await expect(submitAttest(fx, fx.claim, changed, signature))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.verifier.address);
      }
      // Naming verifier2 as the verifier (and signer) with the verifier's signature.
      await expect(
        submitAttest(fx, fx.claim, { ...m, verifier: fx.verifier2.address, signer: fx.verifier2.address }, signature),
      )
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.verifier2.address);
      await expect(submitAttest(fx, fx.claim, m, signature)).to.emit(fx.claims, "Attested");
    });

    it("applies the rules of attest: eligibility, claim state, expiry", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const signed = async (verifier: Signer, overrides: Partial<AttestMessage> = {}, claim = fx.claim) => {
        const m = { ...(await attestMessage(claim, verifier.address)), ...overrides };
        return submitAttest(fx, claim, m, await signAttest(verifier, fx.claims, m));
      };
      await expect(signed(fx.verifier2))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier2.address, GOVERNED);
      await expect(signed(fx.outsider))
        .to.be.revertedWithCustomError(fx.claims, "NotAVerifier")
        .withArgs(fx.id, fx.outsider.address);
      await expect(signed(fx.brand))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.claimId, fx.brand.address, fx.brand.address);
      await expect(signed(fx.verifier, { expiresAt: 1n }))
        .to.be.revertedWithCustomError(fx.claims, "InvalidExpiry")
        .withArgs(1n);
      const unknown = productClaim(fx, { subject: fx.item });
      await expect(signed(fx.verifier, {}, unknown))
        .to.be.revertedWithCustomError(fx.claims, "ClaimNotFound")
        .withArgs(claimIdOf(unknown));
      await fx.claims.connect(fx.brand).revoke(fx.claimId);
      await expect(signed(fx.verifier)).to.be.revertedWithCustomError(fx.claims, "AlreadyRevoked").withArgs(fx.claimId);
    });

    it("lets a verifier's operator holding VERIFY sign, and refuses one without it (NotActingFor)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const expiry = (await now()) + DAY;
      await fx.companies.connect(fx.verifier).setOperator(fx.operator.address, Permission.VERIFY, expiry);
      await fx.companies.connect(fx.verifier).setOperator(fx.operator2.address, Permission.CLAIMS, expiry);
      const refused = await attestMessage(fx.claim, fx.verifier.address, fx.operator2.address);
      await expect(submitAttest(fx, fx.claim, refused, await signAttest(fx.operator2, fx.claims, refused)))
        .to.be.revertedWithCustomError(fx.companies, "NotActingFor")
        .withArgs(fx.verifier.address, fx.operator2.address, Permission.VERIFY);
      const m = await attestMessage(fx.claim, fx.verifier.address, fx.operator.address);
      await expect(submitAttest(fx, fx.claim, m, await signAttest(fx.operator, fx.claims, m)))
        .to.emit(fx.claims, "Attested")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, EVIDENCE, 0);
      expect(await fx.claims.isNonceUsed(fx.operator.address, m.nonce)).to.equal(true);
    });

    it("refuses a verifier's operator that is also the issuer's operator (SelfVerification)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const expiry = (await now()) + DAY;
      await fx.companies.connect(fx.verifier).setOperator(fx.operator.address, Permission.VERIFY, expiry);
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.PROFILE, expiry);
      const m = await attestMessage(fx.claim, fx.verifier.address, fx.operator.address);
      await expect(submitAttest(fx, fx.claim, m, await signAttest(fx.operator, fx.claims, m)))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.claimId, fx.verifier.address, fx.brand.address);
    });
  });

  describe("issueBatchBySig", function () {
    it("anchors the batch an EOA issuer signed, sent by a relayer, and uses the nonce", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await batchMessage(fx, fx.brand.address, fx.brand.address, 21n);
      const signature = await signBatch(fx.brand, fx, m);
      expect(ethers.verifyTypedData(await claimsDomain(fx.claims), ISSUE_BATCH_TYPES, m, signature)).to.equal(
        fx.brand.address,
      );
      const batch = batchIdOf(fx.brand.address, BATCH_ROOT);
      expect(
        await fx.claims
          .connect(fx.relayer)
          .issueBatchBySig.staticCall(batchRequestOf(m), m.signer, m.nonce, m.deadline, signature),
      ).to.equal(batch);
      const at = await pinNextBlockTime(5);
      await expect(submitBatch(fx, m, signature))
        .to.emit(fx.claims, "BatchIssued")
        .withArgs(...batchIssuedArgs(m));
      const [record, topic] = await fx.claims.batchOf(fx.brand.address, BATCH_ROOT);
      expect([record.constellation, record.count, record.issuedAt, record.revokedAt, topic]).to.deep.equal([
        fx.id,
        8n,
        BigInt(at),
        0n,
        GOVERNED,
      ]);
      expect(await fx.claims.isNonceUsed(fx.brand.address, 21n)).to.equal(true);
      expect(await fx.claims.isNonceUsed(fx.relayer.address, 21n)).to.equal(false);
    });

    it("lets an operator holding CLAIMS sign for its company, and refuses one without it (NotActingFor)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const expiry = (await now()) + DAY;
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.CLAIMS, expiry);
      await fx.companies.connect(fx.brand).setOperator(fx.operator2.address, Permission.VERIFY, expiry);
      const refused = await batchMessage(fx, fx.brand.address, fx.operator2.address);
      await expect(submitBatch(fx, refused, await signBatch(fx.operator2, fx, refused)))
        .to.be.revertedWithCustomError(fx.companies, "NotActingFor")
        .withArgs(fx.brand.address, fx.operator2.address, Permission.CLAIMS);
      const m = await batchMessage(fx, fx.brand.address, fx.operator.address, 3n);
      await expect(submitBatch(fx, m, await signBatch(fx.operator, fx, m)))
        .to.emit(fx.claims, "BatchIssued")
        .withArgs(...batchIssuedArgs(m));
      expect((await fx.claims.batchOf(fx.brand.address, BATCH_ROOT))[0].count).to.equal(8n);
      expect(await fx.claims.isNonceUsed(fx.operator.address, 3n)).to.equal(true);
      expect(await fx.claims.isNonceUsed(fx.brand.address, 3n)).to.equal(false);
    });

    it("refuses a replayed nonce (NonceAlreadyUsed), for the same batch or another", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await batchMessage(fx, fx.brand.address, fx.brand.address, 7n);
      const signature = await signBatch(fx.brand, fx, m);
      await submitBatch(fx, m, signature);
      await expect(submitBatch(fx, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.brand.address, 7n);
      const other = await batchMessage(fx, fx.brand.address, fx.brand.address, 7n, { root: ethers.id("other") });
      await expect(submitBatch(fx, other, await signBatch(fx.brand, fx, other)))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.brand.address, 7n);
    });

    it("refuses a passed deadline (SignatureExpired)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await batchMessage(fx, fx.brand.address);
      const signature = await signBatch(fx.brand, fx, m);
      await networkHelpers.time.setNextBlockTimestamp(m.deadline + 1n);
      await expect(submitBatch(fx, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "SignatureExpired")
        .withArgs(m.deadline, m.deadline + 1n);
    });

    it("refuses any field changed after signing, the manifest URI and count included (InvalidSignature)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await batchMessage(fx, fx.brand.address, fx.brand.address, 5n);
      const signature = await signBatch(fx.brand, fx, m);
      for (const changed of [
        { ...m, manifestURI: `${MANIFEST_URI}#evil` },
        { ...m, manifestURI: "" },
        { ...m, count: 9 },
        { ...m, root: ethers.id("other root") },
        { ...m, topic: UNGOVERNED },
        { ...m, manifestHash: documentHash("other manifest") },
        { ...m, nonce: 6n },
        { ...m, deadline: m.deadline + 1n },
      ]) {
        await expect(submitBatch(fx, changed, signature))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.brand.address);
      }
      const { chainId } = await ethers.provider.getNetwork();
      const otherChain = await fx.brand.signTypedData(
        { ...(await claimsDomain(fx.claims)), chainId: chainId + 1n },
        ISSUE_BATCH_TYPES,
        m,
      );
      await expect(submitBatch(fx, m, otherChain))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.brand.address);
      await expect(submitBatch(fx, m, signature))
        .to.emit(fx.claims, "BatchIssued")
        .withArgs(...batchIssuedArgs(m));
    });

    it("applies the rules of issueBatch (InvalidBatch) and leaves the nonce unused", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const m = await batchMessage(fx, fx.brand.address, fx.brand.address, 4n, { count: 0 });
      await expect(submitBatch(fx, m, await signBatch(fx.brand, fx, m))).to.be.revertedWithCustomError(
        fx.claims,
        "InvalidBatch",
      );
      expect(await fx.claims.isNonceUsed(fx.brand.address, 4n)).to.equal(false);
    });
  });

  describe("a Safe (ERC-1271)", function () {
    /**
     * As {deployWithClaim}, with a 2-of-3 Safe 1.5.0 (owners: accounts 15-17) registered as a company, designated by
     * the brand as an AUDITOR actor on its product, and a VERIFIER member of constellation 1 (for UNGOVERNED claims).
     */
    async function deployWithSafe() {
      const fx = await deployWithClaim();
      const signers = await ethers.getSigners();
      const owners = [must(signers[15]), must(signers[16]), must(signers[17])] as const;
      const safe = await deploySafe(owners, 2);
      const safeAddress = await safe.getAddress();
      const asSafe = (target: { getAddress(): Promise<string> }, data: string) =>
        execSafeTransaction(safe, target, data, [owners[0], owners[1]], { executor: fx.relayer });
      await asSafe(fx.companies, fx.companies.interface.encodeFunctionData("register", [profile("Safe Lab")]));
      await fx.products.connect(fx.brand).setActor(fx.product, safeAddress, ProductRole.AUDITOR);
      await fx.constellations.connect(fx.brand).invite(fx.id, safeAddress, Role.VERIFIER, (await now()) + DAY);
      await asSafe(fx.constellations, fx.constellations.interface.encodeFunctionData("acceptInvitation", [fx.id]));
      const signMessageLib = await deploySignMessageLib();
      return { ...fx, safe, safeAddress, owners, signMessageLib };
    }

    async function safeIssue(fx: { safeAddress: string } & ClaimsFixture, nonce = 1n) {
      const claim = productClaim(fx, { issuer: fx.safeAddress, topic: UNGOVERNED });
      return issueMessage(claim, fx.safeAddress, nonce);
    }

    it("issues on the Safe's signature made off-chain by a threshold of owners (SafeMessage)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSafe);
      const m = await safeIssue(fx);
      const signature = await signSafeMessage(fx.safe, await issueDigest(fx.claims, m), [fx.owners[2], fx.owners[0]]);
      await expect(submitIssue(fx, m, signature))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(m.claim));
      expect(await validityOf(fx.claims, m.claim)).to.deep.equal(VALID);
      await expect(submitIssue(fx, m, signature))
        .to.be.revertedWithCustomError(fx.claims, "NonceAlreadyUsed")
        .withArgs(fx.safeAddress, m.nonce);
    });

    it("refuses fewer owners than the threshold, an owner's own signature, or a changed claim", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSafe);
      const m = await safeIssue(fx);
      const digest = await issueDigest(fx.claims, m);
      const refusals: [IssueMessage, string][] = [
        [m, await signSafeMessage(fx.safe, digest, [fx.owners[1]])],
        [m, await signIssue(fx.owners[0], fx.claims, m)],
        [m, await signSafeMessage(fx.safe, ethers.id("another digest"), [fx.owners[0], fx.owners[1]])],
        [
          { ...m, claim: { ...m.claim, documentURI: "https://evil.example.com" } },
          await signSafeMessage(fx.safe, digest, [fx.owners[0], fx.owners[1]]),
        ],
      ];
      for (const [message, signature] of refusals) {
        await expect(submitIssue(fx, message, signature))
          .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
          .withArgs(fx.safeAddress);
      }
    });

    it("issues with the empty signature once the Safe approved the digest on-chain (SignMessageLib)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSafe);
      const m = await safeIssue(fx, 11n);
      await expect(submitIssue(fx, m, "0x"))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.safeAddress);
      await approveSafeMessage(
        fx.safe,
        fx.signMessageLib,
        await issueDigest(fx.claims, m),
        [fx.owners[0], fx.owners[2]],
        {
          executor: fx.relayer,
        },
      );
      await expect(submitIssue(fx, m, "0x"))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(m.claim));
      // The approval covers that digest only.
      const other = await safeIssue(fx, 12n);
      await expect(submitIssue(fx, other, "0x"))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.safeAddress);
    });

    it("anchors a batch on the Safe's signature made off-chain by a threshold of owners", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSafe);
      const m = await batchMessage(fx, fx.safeAddress, fx.safeAddress, 31n, { topic: UNGOVERNED });
      const signature = await signSafeMessage(fx.safe, await batchDigest(fx, m), [fx.owners[0], fx.owners[2]]);
      await expect(submitBatch(fx, { ...m, count: 9 }, signature))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.safeAddress);
      await expect(submitBatch(fx, m, signature))
        .to.emit(fx.claims, "BatchIssued")
        .withArgs(...batchIssuedArgs(m));
      expect(await fx.claims.isNonceUsed(fx.safeAddress, 31n)).to.equal(true);
    });

    it("attests as a verifier on the Safe's signature", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSafe);
      const claim = productClaim(fx, { topic: UNGOVERNED });
      await mined(fx.claims.connect(fx.brand).issue(claim));
      const m = await attestMessage(claim, fx.safeAddress);
      const signature = await signSafeMessage(fx.safe, await attestDigest(fx.claims, m), [fx.owners[1], fx.owners[2]]);
      await expect(submitAttest(fx, claim, m, signature))
        .to.emit(fx.claims, "Attested")
        .withArgs(claimIdOf(claim), fx.safeAddress, fx.id, EVIDENCE, 0);
      expect(await validityOf(fx.claims, claim, [fx.safeAddress])).to.deep.equal({ ...VALID, attestations: 1 });
    });
  });

  describe("an EOA carrying EIP-7702 code", function () {
    /**
     * Runtime code of an ERC-1271 wallet that answers no to every hash (returns 0 from isValidSignature, stops on
     * anything else), so that only the EOA's key can make its signatures count.
     *   PUSH1 0 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
     */
    const NO_WALLET_INITCODE = "0x600a600c600039600a6000f3" + "600060005260206000f3";

    async function deployWithDelegatedEoa() {
      const fx = await deployClaims();
      const eoa = ethers.Wallet.createRandom().connect(ethers.provider);
      await fx.governance.sendTransaction({ to: eoa.address, value: ethers.parseEther("1") });
      await fx.companies.connect(eoa).register(profile("Delegated EOA"));
      await fx.products.connect(fx.brand).setActor(fx.product, eoa.address, ProductRole.SUPPLIER);
      const deployed = await (await fx.governance.sendTransaction({ data: NO_WALLET_INITCODE })).wait();
      const delegate = deployed?.contractAddress;
      if (delegate == null) throw new Error("the wallet code was not deployed");
      const { chainId } = await ethers.provider.getNetwork();
      // The EOA sends the type-4 transaction itself, so its authorization names the nonce after this one.
      const auth = await eoa.authorize({ address: delegate, nonce: (await eoa.getNonce()) + 1, chainId });
      await (await eoa.sendTransaction({ type: 4, to: eoa.address, authorizationList: [auth] })).wait();
      return { ...fx, eoa, delegate };
    }

    it("carries the delegation designator", async function () {
      const { eoa, delegate } = await networkHelpers.loadFixture(deployWithDelegatedEoa);
      expect(await ethers.provider.getCode(eoa.address)).to.equal(ethers.concat(["0xef0100", delegate]).toLowerCase());
    });

    it("still issues on its plain ECDSA signature (checked before ERC-1271), and not on another key's", async function () {
      const fx = await networkHelpers.loadFixture(deployWithDelegatedEoa);
      const claim = productClaim(fx, { issuer: fx.eoa.address });
      const m = await issueMessage(claim, fx.eoa.address);
      await expect(submitIssue(fx, m, await signIssue(fx.relayer, fx.claims, m)))
        .to.be.revertedWithCustomError(fx.claims, "InvalidSignature")
        .withArgs(fx.eoa.address);
      await expect(submitIssue(fx, m, await signIssue(fx.eoa, fx.claims, m)))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(claim));
      expect(await fx.claims.isNonceUsed(fx.eoa.address, m.nonce)).to.equal(true);
    });
  });

  describe("gas", function () {
    it("reports the gas of signed operations (receipts, 21,000 included)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const claim = productClaim(fx);
      const m = await issueMessage(claim, fx.brand.address);
      const issueBySig = await mined(submitIssue(fx, m, await signIssue(fx.brand, fx.claims, m)));
      const a = await attestMessage(claim, fx.verifier.address);
      const attestBySig = await mined(submitAttest(fx, claim, a, await signAttest(fx.verifier, fx.claims, a)));
      console.log("      Claims signed gas:");
      console.log(`        issueBySig (EOA, relayed): ${issueBySig.gasUsed.toLocaleString("en-US")}`);
      console.log(`        attestBySig (EOA, relayed): ${attestBySig.gasUsed.toLocaleString("en-US")}`);
    });
  });
});
