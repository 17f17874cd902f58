import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  ActedFor,
  AttestationWithdrawn,
  Attested,
  BatchClaimRevoked,
  BatchIssued,
  BatchRevoked,
  ClaimIssued,
  ClaimRevoked,
  NoncesCancelled,
  Rejected,
} from "../generated/Claims/Claims";
import {
  Attestation,
  BatchClaimRevocation,
  Claim,
  ClaimBatch,
  Constellation,
  Product,
  Verdict,
} from "../generated/schema";
import { createOrLoadCompany } from "./helpers/company";
import { constellationId } from "./helpers/constellation";
import { ContractName, SubjectKind, VerdictKind } from "./helpers/enums";
import { eventId, stampEvent } from "./helpers/events";
import { isZero } from "./helpers/keys";
import { recordNonceCancellation } from "./helpers/nonces";
import { recordOperatorAction } from "./helpers/operators";
import { subjectKindOf } from "./helpers/product";
import { countInProtocol } from "./helpers/protocol";

// ---------------------------------------------------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------------------------------------------------

export function handleClaimIssued(event: ClaimIssued): void {
  const issuer = createOrLoadCompany(event.params.issuer, event.block);
  issuer.claimCount += 1;
  issuer.save();
  countInProtocol("claimCount", event.block);

  const claim = new Claim(event.params.id);
  claim.issuer = issuer.id;
  claim.subject = event.params.subject;
  const productId = event.params.product;
  if (isZero(productId)) {
    claim.subjectKind = SubjectKind.Company;
  } else {
    const kind = subjectKindOf(productId, event.params.subject);
    claim.subjectKind = kind;
    claim.product = productId;
    if (kind == SubjectKind.Batch) claim.batch = event.params.subject;
    if (kind == SubjectKind.Item) claim.item = event.params.subject;
    const product = Product.load(productId);
    if (product != null) {
      product.claimCount += 1;
      product.updatedAt = event.block.timestamp;
      product.save();
    }
  }
  if (!event.params.constellation.isZero()) {
    const constellation = Constellation.load(constellationId(event.params.constellation));
    if (constellation != null) {
      constellation.claimCount += 1;
      constellation.updatedAt = event.block.timestamp;
      constellation.save();
      claim.constellation = constellation.id;
    }
  }
  claim.topic = event.params.topic;
  claim.documentHash = event.params.documentHash;
  claim.documentURI = event.params.documentURI;
  claim.validFrom = event.params.validFrom;
  claim.validUntil = orNull(event.params.validUntil);
  claim.issuedAt = event.block.timestamp;
  claim.revoked = false;
  claim.attestationCount = 0;
  claim.rejectionCount = 0;
  claim.createdAt = event.block.timestamp;
  claim.updatedAt = event.block.timestamp;
  claim.save();
}

export function handleClaimRevoked(event: ClaimRevoked): void {
  const claim = Claim.load(event.params.id);
  if (claim == null) return;
  claim.revoked = true;
  claim.revokedAt = event.block.timestamp;
  claim.updatedAt = event.block.timestamp;
  claim.save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Verdicts: on a claim or on a batch (the id says which)
// ---------------------------------------------------------------------------------------------------------------------

export function handleAttested(event: Attested): void {
  const attestation = createOrLoadAttestation(
    event.params.id,
    event.params.verifier,
    event.params.constellation,
    event,
  );
  attestation.verdict = VerdictKind.Attested;
  attestation.unset("reason");
  attestation.evidenceHash = event.params.evidenceHash;
  attestation.expiresAt = orNull(event.params.expiresAt);
  attestation.givenAt = event.block.timestamp;
  attestation.withdrawnAt = null;
  attestation.save();
  countVerdicts(attestation, 1, 0, event.block);

  const verdict = newVerdict(attestation, VerdictKind.Attested, event);
  verdict.evidenceHash = event.params.evidenceHash;
  verdict.expiresAt = attestation.expiresAt;
  verdict.save();
}

export function handleRejected(event: Rejected): void {
  const attestation = createOrLoadAttestation(
    event.params.id,
    event.params.verifier,
    event.params.constellation,
    event,
  );
  attestation.verdict = VerdictKind.Rejected;
  attestation.reason = event.params.reason;
  attestation.evidenceHash = event.params.evidenceHash;
  attestation.expiresAt = null;
  attestation.givenAt = event.block.timestamp;
  attestation.withdrawnAt = null;
  attestation.save();
  countVerdicts(attestation, 0, 1, event.block);

  const verdict = newVerdict(attestation, VerdictKind.Rejected, event);
  verdict.reason = event.params.reason;
  verdict.evidenceHash = event.params.evidenceHash;
  verdict.save();
}

export function handleAttestationWithdrawn(event: AttestationWithdrawn): void {
  const attestation = Attestation.load(event.params.id.concat(event.params.verifier));
  if (attestation == null) return; // The contract withdraws only a standing attestation.
  attestation.verdict = VerdictKind.Withdrawn;
  attestation.withdrawnAt = event.block.timestamp;
  attestation.updatedAt = event.block.timestamp;
  attestation.save();
  countVerdicts(attestation, -1, 0, event.block);

  newVerdict(attestation, VerdictKind.Withdrawn, event).save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------------------------------

export function handleBatchIssued(event: BatchIssued): void {
  const issuer = createOrLoadCompany(event.params.issuer, event.block);
  issuer.claimBatchCount += 1;
  issuer.save();
  countInProtocol("claimBatchCount", event.block);

  const constellation = Constellation.load(constellationId(event.params.constellation)) as Constellation;
  constellation.claimBatchCount += 1;
  constellation.updatedAt = event.block.timestamp;
  constellation.save();

  const batch = new ClaimBatch(event.params.batch);
  batch.issuer = issuer.id;
  batch.root = event.params.root;
  batch.constellation = constellation.id;
  batch.topic = event.params.topic;
  batch.count = event.params.count;
  batch.manifestHash = event.params.manifestHash;
  batch.manifestURI = event.params.manifestURI;
  batch.issuedAt = event.block.timestamp;
  batch.revoked = false;
  batch.revokedClaimCount = 0;
  batch.attestationCount = 0;
  batch.rejectionCount = 0;
  batch.createdAt = event.block.timestamp;
  batch.updatedAt = event.block.timestamp;
  batch.save();
}

export function handleBatchRevoked(event: BatchRevoked): void {
  const batch = ClaimBatch.load(event.params.batch);
  if (batch == null) return;
  batch.revoked = true;
  batch.revokedAt = event.block.timestamp;
  batch.updatedAt = event.block.timestamp;
  batch.save();
}

export function handleBatchClaimRevoked(event: BatchClaimRevoked): void {
  const batch = ClaimBatch.load(event.params.batch);
  if (batch == null) return;
  batch.revokedClaimCount += 1;
  batch.updatedAt = event.block.timestamp;
  batch.save();

  const revocation = new BatchClaimRevocation(batch.id.concat(event.params.id));
  revocation.batch = batch.id;
  revocation.claimId = event.params.id;
  revocation.issuer = batch.issuer;
  stampEvent(revocation, event);
  revocation.save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Signatures and operators
// ---------------------------------------------------------------------------------------------------------------------

export function handleNoncesCancelled(event: NoncesCancelled): void {
  recordNonceCancellation(event.params.signer, event.params.word, event.params.mask, ContractName.Claims, event);
}

export function handleActedFor(event: ActedFor): void {
  recordOperatorAction(event.params.company, event.params.operator, ContractName.Claims, event);
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

/** A zero time means "no end" in the contracts; null says so in the schema. */
function orNull(time: BigInt): BigInt | null {
  return time.isZero() ? null : time;
}

/** The verdict of `verifier` on claim or batch `target`, linked to whichever of the two `target` is. */
function createOrLoadAttestation(
  target: Bytes,
  verifier: Address,
  constellation: BigInt,
  event: ethereum.Event,
): Attestation {
  const id = target.concat(verifier);
  let attestation = Attestation.load(id);
  if (attestation == null) {
    const company = createOrLoadCompany(verifier, event.block);
    company.verdictCount += 1;
    company.save();

    attestation = new Attestation(id);
    attestation.target = target;
    if (Claim.load(target) != null) attestation.claim = target;
    else if (ClaimBatch.load(target) != null) attestation.batch = target;
    attestation.verifier = verifier;
    if (Constellation.load(constellationId(constellation)) != null) {
      attestation.constellation = constellationId(constellation);
    }
    attestation.createdAt = event.block.timestamp;
  }
  attestation.updatedAt = event.block.timestamp;
  return attestation as Attestation;
}

/** Adds to the attestation and rejection counts of the attestation's claim or batch. */
function countVerdicts(attestation: Attestation, attestations: i32, rejections: i32, block: ethereum.Block): void {
  const claimId = attestation.claim;
  if (claimId !== null) {
    const claim = Claim.load(claimId) as Claim;
    claim.attestationCount += attestations;
    claim.rejectionCount += rejections;
    claim.updatedAt = block.timestamp;
    claim.save();
  }
  const batchId = attestation.batch;
  if (batchId !== null) {
    const batch = ClaimBatch.load(batchId) as ClaimBatch;
    batch.attestationCount += attestations;
    batch.rejectionCount += rejections;
    batch.updatedAt = block.timestamp;
    batch.save();
  }
}

function newVerdict(attestation: Attestation, kind: string, event: ethereum.Event): Verdict {
  countInProtocol("verdictCount", event.block);
  const verdict = new Verdict(eventId(event));
  verdict.attestation = attestation.id;
  verdict.target = attestation.target;
  verdict.claim = attestation.claim;
  verdict.batch = attestation.batch;
  verdict.verifier = attestation.verifier;
  verdict.kind = kind;
  stampEvent(verdict, event);
  return verdict;
}
