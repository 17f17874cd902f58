import { Address, ethereum } from "@graphprotocol/graph-ts";

import {
  AccessGranted,
  AccessRevoked,
  ActedFor,
  BlindedGrantCreated,
  BlindedGrantRevoked,
  NoncesCancelled,
} from "../generated/Access/Access";
import { AccessChange, BlindedGrant, Grant } from "../generated/schema";
import { companyRef, createOrLoadCompany } from "./helpers/company";
import { constellationId } from "./helpers/constellation";
import { AccessChangeKind, ContractName, GRANTEE_KINDS } from "./helpers/enums";
import { eventId, stampEvent } from "./helpers/events";
import { recordNonceCancellation } from "./helpers/nonces";
import { recordOperatorAction } from "./helpers/operators";
import { countInProtocol } from "./helpers/protocol";

/** IAccess.GranteeKind.Account. */
const ACCOUNT = 0;

/** A new grant, or the renewal of an existing one (which clears its revocation, as in the contract). */
export function handleAccessGranted(event: AccessGranted): void {
  let grant = Grant.load(event.params.id);
  if (grant == null) {
    const owner = createOrLoadCompany(event.params.owner, event.block);
    owner.grantCount += 1;
    owner.save();
    countInProtocol("grantCount", event.block);

    grant = new Grant(event.params.id);
    grant.owner = owner.id;
    grant.scope = event.params.scope;
    grant.granteeKind = GRANTEE_KINDS[event.params.kind];
    if (event.params.kind == ACCOUNT) grant.grantee = companyRef(event.params.account, event.block);
    else grant.constellation = constellationId(event.params.constellation);
    grant.roles = event.params.roles;
    grant.createdAt = event.block.timestamp;
  }
  grant.expiresAt = event.params.expiresAt;
  grant.grantedAt = event.block.timestamp;
  grant.revoked = false;
  grant.revokedAt = null;
  grant.updatedAt = event.block.timestamp;
  grant.save();

  const change = newAccessChange(AccessChangeKind.Granted, event.params.owner, event);
  change.grant = grant.id;
  change.expiresAt = event.params.expiresAt;
  change.save();
}

export function handleAccessRevoked(event: AccessRevoked): void {
  const grant = Grant.load(event.params.id);
  if (grant == null) return; // The contract revokes only existing grants.
  grant.revoked = true;
  grant.revokedAt = event.block.timestamp;
  grant.updatedAt = event.block.timestamp;
  grant.save();

  const change = newAccessChange(AccessChangeKind.Revoked, event.params.owner, event);
  change.grant = grant.id;
  change.save();
}

/** Only the commitment is public: the grantee, scope and roles stay with the owner's vault. */
export function handleBlindedGrantCreated(event: BlindedGrantCreated): void {
  const id = event.params.owner.concat(event.params.commitment);
  let grant = BlindedGrant.load(id);
  if (grant == null) {
    const owner = createOrLoadCompany(event.params.owner, event.block);
    owner.blindedGrantCount += 1;
    owner.save();
    countInProtocol("blindedGrantCount", event.block);

    grant = new BlindedGrant(id);
    grant.owner = owner.id;
    grant.commitment = event.params.commitment;
    grant.createdAt = event.block.timestamp;
  }
  grant.expiresAt = event.params.expiresAt;
  grant.grantedAt = event.block.timestamp;
  grant.revoked = false;
  grant.revokedAt = null;
  grant.updatedAt = event.block.timestamp;
  grant.save();

  const change = newAccessChange(AccessChangeKind.BlindedGranted, event.params.owner, event);
  change.blindedGrant = grant.id;
  change.expiresAt = event.params.expiresAt;
  change.save();
}

export function handleBlindedGrantRevoked(event: BlindedGrantRevoked): void {
  const grant = BlindedGrant.load(event.params.owner.concat(event.params.commitment));
  if (grant == null) return;
  grant.revoked = true;
  grant.revokedAt = event.block.timestamp;
  grant.updatedAt = event.block.timestamp;
  grant.save();

  const change = newAccessChange(AccessChangeKind.BlindedRevoked, event.params.owner, event);
  change.blindedGrant = grant.id;
  change.save();
}

export function handleNoncesCancelled(event: NoncesCancelled): void {
  recordNonceCancellation(event.params.signer, event.params.word, event.params.mask, ContractName.Access, event);
}

export function handleActedFor(event: ActedFor): void {
  recordOperatorAction(event.params.company, event.params.operator, ContractName.Access, event);
}

function newAccessChange(kind: string, owner: Address, event: ethereum.Event): AccessChange {
  const change = new AccessChange(eventId(event));
  change.kind = kind;
  change.owner = owner;
  stampEvent(change, event);
  return change;
}
