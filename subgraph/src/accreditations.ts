import { Address, ethereum } from "@graphprotocol/graph-ts";

import {
  AccreditationRevoked,
  Accredited,
  ActedFor,
  BodyAppointed,
  BodyRemoved,
  OwnershipTransferred,
  OwnershipTransferStarted,
  TopicGoverned,
} from "../generated/Accreditations/Accreditations";
import {
  Accreditation,
  AccreditationBody,
  AccreditationChange,
  GovernanceTransfer,
  GovernedTopic,
} from "../generated/schema";
import { currentTerm, endTerm, GS1_COMPANY_PREFIX, LEGAL_ENTITY, startTerm, termId } from "./helpers/accreditation";
import { createOrLoadCompany } from "./helpers/company";
import {
  ACCREDITATION_KIND_BITS,
  AccreditationChangeKind,
  accreditationKind,
  ContractName,
  GovernanceTransferKind,
} from "./helpers/enums";
import { eventId, stampEvent } from "./helpers/events";
import { leftAlignedText } from "./helpers/keys";
import { countInProtocol, loadProtocol } from "./helpers/protocol";
import { recordOperatorAction } from "./helpers/operators";

export function handleOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  const protocol = loadProtocol(event.block);
  protocol.accreditationsPendingOwner = event.params.newOwner;
  protocol.save();
  recordGovernanceTransfer(GovernanceTransferKind.Started, event.params.previousOwner, event.params.newOwner, event);
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  const protocol = loadProtocol(event.block);
  protocol.accreditationsOwner = event.params.newOwner;
  protocol.accreditationsPendingOwner = null;
  protocol.save();
  recordGovernanceTransfer(GovernanceTransferKind.Completed, event.params.previousOwner, event.params.newOwner, event);
}

export function handleBodyAppointed(event: BodyAppointed): void {
  let body = AccreditationBody.load(event.params.body);
  if (body == null) {
    createOrLoadCompany(event.params.body, event.block).save();
    body = new AccreditationBody(event.params.body);
    body.company = event.params.body;
    body.kinds = 0;
    body.prefixTerm = 0;
    body.legalEntityTerm = 0;
    body.topicTerm = 0;
    body.accreditationCount = 0;
    body.createdAt = event.block.timestamp;
    countInProtocol("bodyCount", event.block);
  }
  const held = body.kinds;
  const kinds = event.params.kinds;
  if (held == 0) {
    body.appointedAt = event.block.timestamp;
    body.removedAt = null;
  }
  for (let i = 0; i < ACCREDITATION_KIND_BITS.length; i++) {
    const kind = ACCREDITATION_KIND_BITS[i];
    const had = (held & kind) != 0;
    const has = (kinds & kind) != 0;
    if (has && !had) startTerm(body, kind, event.block);
    else if (had && !has) endTerm(body, kind, event.block);
  }
  body.kinds = kinds;
  body.appointed = true;
  body.name = event.params.name;
  body.updatedAt = event.block.timestamp;
  body.save();
}

export function handleBodyRemoved(event: BodyRemoved): void {
  const body = AccreditationBody.load(event.params.body);
  if (body == null) return;
  for (let i = 0; i < ACCREDITATION_KIND_BITS.length; i++) {
    const kind = ACCREDITATION_KIND_BITS[i];
    if ((body.kinds & kind) != 0) endTerm(body, kind, event.block);
  }
  body.kinds = 0;
  body.appointed = false;
  body.removedAt = event.block.timestamp;
  body.updatedAt = event.block.timestamp;
  body.save();
}

export function handleTopicGoverned(event: TopicGoverned): void {
  let topic = GovernedTopic.load(event.params.topic);
  if (topic == null) {
    topic = new GovernedTopic(event.params.topic);
    topic.createdAt = event.block.timestamp;
  }
  topic.governed = event.params.governed;
  topic.updatedAt = event.block.timestamp;
  topic.save();
}

export function handleAccredited(event: Accredited): void {
  const body = AccreditationBody.load(event.params.body);
  if (body == null) return; // The contract accepts only appointed bodies.
  body.accreditationCount += 1;
  body.updatedAt = event.block.timestamp;
  body.save();

  let accreditation = Accreditation.load(event.params.id);
  if (accreditation == null) {
    createOrLoadCompany(event.params.company, event.block).save();
    accreditation = new Accreditation(event.params.id);
    accreditation.company = event.params.company;
    accreditation.kind = accreditationKind(event.params.kind);
    accreditation.subject = event.params.subject;
    const kind = event.params.kind;
    if (kind == GS1_COMPANY_PREFIX || kind == LEGAL_ENTITY) {
      accreditation.subjectText = leftAlignedText(event.params.subject);
    }
    accreditation.createdAt = event.block.timestamp;
    countInProtocol("accreditationCount", event.block);
  }
  accreditation.body = body.id;
  accreditation.term = termId(body.id, event.params.kind, currentTerm(body, event.params.kind));
  accreditation.expiresAt = event.params.expiresAt;
  accreditation.evidenceHash = event.params.evidenceHash;
  accreditation.revoked = false;
  accreditation.revokedAt = null;
  accreditation.revokedBy = null;
  accreditation.accreditedAt = event.block.timestamp;
  accreditation.updatedAt = event.block.timestamp;
  accreditation.save();

  const change = new AccreditationChange(eventId(event));
  change.accreditation = accreditation.id;
  change.kind = AccreditationChangeKind.Accredited;
  change.by = event.params.body;
  change.expiresAt = event.params.expiresAt;
  change.evidenceHash = event.params.evidenceHash;
  stampEvent(change, event);
  change.save();
}

export function handleAccreditationRevoked(event: AccreditationRevoked): void {
  const accreditation = Accreditation.load(event.params.id);
  if (accreditation == null) return; // The contract revokes only what it holds.
  accreditation.revoked = true;
  accreditation.revokedAt = event.block.timestamp;
  accreditation.revokedBy = event.params.by;
  accreditation.updatedAt = event.block.timestamp;
  accreditation.save();

  const change = new AccreditationChange(eventId(event));
  change.accreditation = accreditation.id;
  change.kind = AccreditationChangeKind.Revoked;
  change.by = event.params.by;
  stampEvent(change, event);
  change.save();
}

export function handleActedFor(event: ActedFor): void {
  recordOperatorAction(event.params.company, event.params.operator, ContractName.Accreditations, event);
}

function recordGovernanceTransfer(
  kind: string,
  previousOwner: Address,
  newOwner: Address,
  event: ethereum.Event,
): void {
  const transfer = new GovernanceTransfer(eventId(event));
  transfer.kind = kind;
  transfer.previousOwner = previousOwner;
  transfer.newOwner = newOwner;
  stampEvent(transfer, event);
  transfer.save();
}
