import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { pad } from "viem";
import type { Hex } from "viem";

import type { MappingHarness } from "../../src/runtime/testing.ts";
import {
  ACME,
  BOLT,
  DELTA,
  VERITAS,
  ZERO_HASH,
  bytes32,
  createConstellation,
  harness,
  id,
  inOrder,
  join,
  must,
  registerCompany,
  registerProduct,
  where,
} from "./helpers.ts";

const VERIFIER = 32;
const PRODUCT = bytes32("product");
const BATCH = bytes32("batch L1");
const TOPIC = bytes32("constellate.topic.carbon-footprint.v1");
const CLAIM = bytes32("claim");
const CLAIM_BATCH = bytes32("claim batch");

/** Constellation 1 (ACME), with verifiers VERITAS and DELTA; ACME's product with batch L1. */
function setUp(): MappingHarness {
  const h = harness();
  registerCompany(h, ACME, "Acme");
  createConstellation(h, 1n, ACME);
  join(h, 1n, VERITAS, VERIFIER, ACME);
  join(h, 1n, DELTA, VERIFIER, ACME);
  registerProduct(h, PRODUCT, ACME, 1n);
  h.emit("Products", "BatchRegistered", {
    product: PRODUCT,
    batch: BATCH,
    lot: "L1",
    metadataURI: "",
    metadataHash: ZERO_HASH,
  });
  h.nextBlock();
  return h;
}

function issue(h: MappingHarness, overrides: Record<string, unknown> = {}) {
  return h.emit("Claims", "ClaimIssued", {
    id: CLAIM,
    issuer: ACME,
    subject: BATCH,
    product: PRODUCT,
    constellation: 1n,
    topic: TOPIC,
    documentHash: bytes32("document"),
    documentURI: "https://vault.acme.example/claims/1",
    validFrom: 1_700_000_000n,
    validUntil: 0n,
    ...overrides,
  });
}

function attest(h: MappingHarness, target: Hex, verifier: Hex, expiresAt = 0n): void {
  h.emit("Claims", "Attested", {
    id: target,
    verifier,
    constellation: 1n,
    evidenceHash: bytes32("evidence"),
    expiresAt,
  });
}

describe("Claims mappings", () => {
  it("issues a claim about a batch, linking the product, batch and constellation", () => {
    const h = setUp();
    const issued = issue(h);
    const claim = must(h, "Claim", CLAIM);
    assert.equal(claim.issuer, ACME);
    assert.equal(claim.subjectKind, "Batch");
    assert.equal(claim.subject, BATCH);
    assert.equal(claim.product, PRODUCT);
    assert.equal(claim.batch, BATCH);
    assert.equal(claim.item, null);
    assert.equal(claim.constellation, "1");
    assert.equal(claim.topic, TOPIC);
    assert.equal(claim.documentHash, bytes32("document"));
    assert.equal(claim.documentURI, "https://vault.acme.example/claims/1");
    assert.equal(claim.validFrom, 1_700_000_000n);
    assert.equal(claim.validUntil, null, "zero: no end");
    assert.equal(claim.issuedAt, issued.block.timestamp);
    assert.equal(claim.revoked, false);
    assert.deepEqual([claim.attestationCount, claim.rejectionCount], [0, 0]);

    assert.equal(must(h, "Company", ACME).claimCount, 1);
    assert.equal(must(h, "Product", PRODUCT).claimCount, 1);
    assert.equal(must(h, "Constellation", "1").claimCount, 1);
    assert.equal(must(h, "Protocol", "constellate").claimCount, 1);
  });

  it("issues a claim a company makes about itself", () => {
    const h = setUp();
    const self = bytes32("self claim");
    issue(h, {
      id: self,
      issuer: VERITAS,
      subject: pad(VERITAS),
      product: ZERO_HASH,
      validUntil: 1_800_000_000n,
    });
    const claim = must(h, "Claim", self);
    assert.equal(claim.subjectKind, "Company");
    assert.equal(claim.subject, pad(VERITAS));
    assert.equal(claim.product, null);
    assert.equal(claim.batch, null);
    assert.equal(claim.constellation, "1");
    assert.equal(claim.validUntil, 1_800_000_000n);
    assert.equal(must(h, "Product", PRODUCT).claimCount, 0);
    assert.equal(must(h, "Company", VERITAS).claimCount, 1);
  });

  it("revokes a claim", () => {
    const h = setUp();
    issue(h);
    h.nextBlock();
    h.emit("Claims", "ClaimRevoked", { id: CLAIM, issuer: ACME });
    const claim = must(h, "Claim", CLAIM);
    assert.equal(claim.revoked, true);
    assert.equal(claim.revokedAt, 1_700_000_036n);
  });

  it("keeps one verdict per verifier with its history: attest, withdraw, attest again, and a rejection", () => {
    const h = setUp();
    issue(h);
    attest(h, CLAIM, VERITAS, 1_750_000_000n);
    const attestationId = id(CLAIM, VERITAS);
    let attestation = must(h, "Attestation", attestationId);
    assert.equal(attestation.target, CLAIM);
    assert.equal(attestation.claim, CLAIM);
    assert.equal(attestation.batch, null);
    assert.equal(attestation.verifier, VERITAS);
    assert.equal(attestation.constellation, "1");
    assert.equal(attestation.verdict, "Attested");
    assert.equal(attestation.reason, null);
    assert.equal(attestation.evidenceHash, bytes32("evidence"));
    assert.equal(attestation.expiresAt, 1_750_000_000n);
    assert.equal(attestation.givenAt, 1_700_000_024n);
    assert.equal(must(h, "Claim", CLAIM).attestationCount, 1);

    h.nextBlock();
    h.emit("Claims", "AttestationWithdrawn", { id: CLAIM, verifier: VERITAS });
    attestation = must(h, "Attestation", attestationId);
    assert.equal(attestation.verdict, "Withdrawn");
    assert.equal(attestation.withdrawnAt, 1_700_000_036n);
    assert.equal(attestation.givenAt, 1_700_000_024n);
    assert.equal(must(h, "Claim", CLAIM).attestationCount, 0);

    h.nextBlock();
    attest(h, CLAIM, VERITAS);
    h.emit("Claims", "Rejected", {
      id: CLAIM,
      verifier: DELTA,
      constellation: 1n,
      reason: 3,
      evidenceHash: bytes32("lab report"),
    });
    attestation = must(h, "Attestation", attestationId);
    assert.equal(attestation.verdict, "Attested");
    assert.equal(attestation.expiresAt, null);
    assert.equal(attestation.withdrawnAt, null);
    assert.equal(attestation.givenAt, 1_700_000_048n);
    const rejection = must(h, "Attestation", id(CLAIM, DELTA));
    assert.equal(rejection.verdict, "Rejected");
    assert.equal(rejection.reason, 3);
    assert.equal(rejection.evidenceHash, bytes32("lab report"));

    const claim = must(h, "Claim", CLAIM);
    assert.deepEqual([claim.attestationCount, claim.rejectionCount], [1, 1]);
    assert.equal(must(h, "Company", VERITAS).verdictCount, 1, "one per claim judged");
    assert.equal(must(h, "Company", DELTA).verdictCount, 1);
    assert.equal(must(h, "Protocol", "constellate").verdictCount, 4);
    assert.deepEqual(
      inOrder(where(h, "Verdict", "attestation", attestationId)).map((v) => [v.kind, v.expiresAt, v.evidenceHash]),
      [
        ["Attested", 1_750_000_000n, bytes32("evidence")],
        ["Withdrawn", null, null],
        ["Attested", null, bytes32("evidence")],
      ],
    );
    const rejected = where(h, "Verdict", "attestation", id(CLAIM, DELTA))[0];
    assert.deepEqual(
      [rejected?.kind, rejected?.reason, rejected?.claim, rejected?.verifier],
      ["Rejected", 3, CLAIM, DELTA],
    );
  });

  it("issues and attests a claim batch, revokes single claims and then the whole batch", () => {
    const h = setUp();
    h.emit("Claims", "BatchIssued", {
      batch: CLAIM_BATCH,
      issuer: ACME,
      root: bytes32("merkle root"),
      constellation: 1n,
      topic: TOPIC,
      count: 500,
      manifestHash: bytes32("manifest"),
      manifestURI: "https://vault.acme.example/batches/1.json",
    });
    let batch = must(h, "ClaimBatch", CLAIM_BATCH);
    assert.equal(batch.issuer, ACME);
    assert.equal(batch.root, bytes32("merkle root"));
    assert.equal(batch.constellation, "1");
    assert.equal(batch.topic, TOPIC);
    assert.equal(batch.count, 500n);
    assert.equal(batch.manifestHash, bytes32("manifest"));
    assert.equal(batch.manifestURI, "https://vault.acme.example/batches/1.json");
    assert.equal(batch.revoked, false);
    assert.equal(must(h, "Company", ACME).claimBatchCount, 1);
    assert.equal(must(h, "Constellation", "1").claimBatchCount, 1);
    assert.equal(must(h, "Protocol", "constellate").claimBatchCount, 1);

    attest(h, CLAIM_BATCH, VERITAS);
    const attestation = must(h, "Attestation", id(CLAIM_BATCH, VERITAS));
    assert.equal(attestation.batch, CLAIM_BATCH);
    assert.equal(attestation.claim, null);
    assert.equal(must(h, "ClaimBatch", CLAIM_BATCH).attestationCount, 1);

    h.nextBlock();
    for (const leaf of ["leaf 1", "leaf 2"]) {
      h.emit("Claims", "BatchClaimRevoked", { batch: CLAIM_BATCH, id: bytes32(leaf), issuer: ACME });
    }
    const revocation = must(h, "BatchClaimRevocation", id(CLAIM_BATCH, bytes32("leaf 1")));
    assert.equal(revocation.batch, CLAIM_BATCH);
    assert.equal(revocation.claimId, bytes32("leaf 1"));
    assert.equal(revocation.issuer, ACME);
    assert.equal(revocation.blockTimestamp, 1_700_000_036n);
    assert.equal(must(h, "ClaimBatch", CLAIM_BATCH).revokedClaimCount, 2);
    assert.equal(h.entity("BatchClaimRevocation", id(CLAIM_BATCH, bytes32("leaf 3"))), null);

    h.nextBlock();
    h.emit("Claims", "BatchRevoked", { batch: CLAIM_BATCH, issuer: ACME });
    batch = must(h, "ClaimBatch", CLAIM_BATCH);
    assert.equal(batch.revoked, true);
    assert.equal(batch.revokedAt, 1_700_000_048n);
  });

  it("records an operator acting in Claims", () => {
    const h = setUp();
    h.emit("Claims", "ActedFor", { company: VERITAS, operator: BOLT });
    assert.equal(h.entities("OperatorAction")[0]?.contract, "Claims");
  });
});
