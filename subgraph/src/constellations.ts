import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  ActedFor,
  ConstellationArchived,
  ConstellationCreated,
  ConstellationUpdated,
  InvitationDeclined,
  InvitationWithdrawn,
  Invited,
  JoinRequestCancelled,
  JoinRequested,
  JoinRequestRejected,
  MemberJoined,
  MemberLeft,
  MemberRemoved,
  MotionVoted,
  PendingRolesChanged,
  RolesChanged,
} from "../generated/Constellations/Constellations";
import {
  Constellation,
  ConstellationChange,
  Invitation,
  JoinRequest,
  Membership,
  MembershipChange,
  Motion,
  MotionVote,
} from "../generated/schema";
import { companyRef, createOrLoadCompany } from "./helpers/company";
import { ADMIN, constellationId, loadConstellation, pairId } from "./helpers/constellation";
import {
  ConstellationChangeKind,
  ContractName,
  InvitationStatus,
  JoinPath,
  JoinRequestStatus,
  MembershipChangeKind,
  MembershipExit,
  MOTION_KINDS,
} from "./helpers/enums";
import { eventId, stampEvent } from "./helpers/events";
import { uint32Key, uint64Key, uint8Key, ZERO_ADDRESS } from "./helpers/keys";
import { recordOperatorAction } from "./helpers/operators";
import { countInProtocol } from "./helpers/protocol";

/** IConstellations.Motion.Archive, the one motion without a target. */
const ARCHIVE = 2;

// ---------------------------------------------------------------------------------------------------------------------
// Creation and description
// ---------------------------------------------------------------------------------------------------------------------

export function handleConstellationCreated(event: ConstellationCreated): void {
  const founder = createOrLoadCompany(event.params.founder, event.block);
  founder.save();

  const constellation = new Constellation(constellationId(event.params.id));
  constellation.number = event.params.id;
  constellation.name = event.params.name;
  constellation.purpose = event.params.purpose;
  constellation.metadataURI = event.params.metadataURI;
  constellation.metadataHash = event.params.metadataHash;
  constellation.founder = founder.id;
  constellation.archived = false;
  // The founder's MemberJoined, which follows, counts it as a member and an admin.
  constellation.adminCount = 0;
  constellation.adminEpoch = 0;
  constellation.memberCount = 0;
  constellation.productCount = 0;
  constellation.claimCount = 0;
  constellation.claimBatchCount = 0;
  constellation.createdAt = event.block.timestamp;
  constellation.updatedAt = event.block.timestamp;
  constellation.save();
  countInProtocol("constellationCount", event.block);

  const change = newConstellationChange(constellation, ConstellationChangeKind.Created, event);
  change.by = founder.id;
  copyDescription(change, constellation);
  change.save();
}

export function handleConstellationUpdated(event: ConstellationUpdated): void {
  const constellation = loadConstellation(event.params.id);
  constellation.name = event.params.name;
  constellation.purpose = event.params.purpose;
  constellation.metadataURI = event.params.metadataURI;
  constellation.metadataHash = event.params.metadataHash;
  constellation.updatedAt = event.block.timestamp;
  constellation.save();

  const change = newConstellationChange(constellation, ConstellationChangeKind.Updated, event);
  change.by = companyRef(event.params.by, event.block);
  copyDescription(change, constellation);
  change.save();
}

export function handleConstellationArchived(event: ConstellationArchived): void {
  const constellation = loadConstellation(event.params.id);
  constellation.archived = true;
  constellation.archivedAt = event.block.timestamp;
  constellation.updatedAt = event.block.timestamp;
  constellation.save();

  newConstellationChange(constellation, ConstellationChangeKind.Archived, event).save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Invitations and requests to join
// ---------------------------------------------------------------------------------------------------------------------

export function handleInvited(event: Invited): void {
  const id = pairId(event.params.id, event.params.company);
  let invitation = Invitation.load(id);
  if (invitation == null) {
    invitation = new Invitation(id);
    invitation.constellation = constellationId(event.params.id);
    invitation.company = companyRef(event.params.company, event.block);
    invitation.createdAt = event.block.timestamp;
  }
  invitation.roles = event.params.roles;
  invitation.expiresAt = event.params.expiresAt;
  invitation.invitedBy = companyRef(event.params.by, event.block);
  invitation.status = InvitationStatus.Open;
  invitation.invitedAt = event.block.timestamp;
  invitation.closedAt = null;
  invitation.closedBy = null;
  invitation.updatedAt = event.block.timestamp;
  invitation.save();

  const change = newMembershipChange(event.params.id, event.params.company, MembershipChangeKind.Invited, event);
  change.roles = event.params.roles;
  change.expiresAt = event.params.expiresAt;
  change.by = event.params.by;
  change.save();
}

export function handleInvitationWithdrawn(event: InvitationWithdrawn): void {
  closeInvitation(event.params.id, event.params.company, InvitationStatus.Withdrawn, event.params.by, event);
  const change = newMembershipChange(
    event.params.id,
    event.params.company,
    MembershipChangeKind.InvitationWithdrawn,
    event,
  );
  change.by = companyRef(event.params.by, event.block);
  change.save();
}

export function handleInvitationDeclined(event: InvitationDeclined): void {
  closeInvitation(event.params.id, event.params.company, InvitationStatus.Declined, event.params.company, event);
  const change = newMembershipChange(
    event.params.id,
    event.params.company,
    MembershipChangeKind.InvitationDeclined,
    event,
  );
  change.by = event.params.company;
  change.save();
}

export function handleJoinRequested(event: JoinRequested): void {
  const id = pairId(event.params.id, event.params.company);
  let request = JoinRequest.load(id);
  if (request == null) {
    request = new JoinRequest(id);
    request.constellation = constellationId(event.params.id);
    request.company = companyRef(event.params.company, event.block);
    request.createdAt = event.block.timestamp;
  }
  request.roles = event.params.roles;
  request.status = JoinRequestStatus.Open;
  request.requestedAt = event.block.timestamp;
  request.closedAt = null;
  request.closedBy = null;
  request.updatedAt = event.block.timestamp;
  request.save();

  const change = newMembershipChange(event.params.id, event.params.company, MembershipChangeKind.JoinRequested, event);
  change.roles = event.params.roles;
  change.by = event.params.company;
  change.save();
}

export function handleJoinRequestCancelled(event: JoinRequestCancelled): void {
  closeJoinRequest(event.params.id, event.params.company, JoinRequestStatus.Cancelled, event.params.company, event);
  const change = newMembershipChange(
    event.params.id,
    event.params.company,
    MembershipChangeKind.JoinRequestCancelled,
    event,
  );
  change.by = event.params.company;
  change.save();
}

export function handleJoinRequestRejected(event: JoinRequestRejected): void {
  closeJoinRequest(event.params.id, event.params.company, JoinRequestStatus.Rejected, event.params.by, event);
  const change = newMembershipChange(
    event.params.id,
    event.params.company,
    MembershipChangeKind.JoinRequestRejected,
    event,
  );
  change.by = companyRef(event.params.by, event.block);
  change.save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Membership and roles
// ---------------------------------------------------------------------------------------------------------------------

/**
 * `admin` is the founder itself for a founder, the zero address for an accepted invitation, and the approving admin
 * for a request. Joining closes both an open invitation and an open request, whichever path was taken.
 */
export function handleMemberJoined(event: MemberJoined): void {
  const companyAddress = event.params.company;
  const admin = event.params.admin;
  const id = pairId(event.params.id, companyAddress);

  const invitation = Invitation.load(id);
  const request = JoinRequest.load(id);
  let path: string;
  let admittedBy: Bytes | null = null;
  if (admin == companyAddress) {
    path = JoinPath.Founded;
    admittedBy = admin;
  } else if (admin == ZERO_ADDRESS) {
    path = JoinPath.Invitation;
    if (invitation != null) admittedBy = invitation.invitedBy;
  } else {
    path = JoinPath.Request;
    admittedBy = companyRef(admin, event.block);
  }
  if (invitation != null && invitation.status == InvitationStatus.Open) {
    const accepted = path == JoinPath.Invitation;
    invitation.status = accepted ? InvitationStatus.Accepted : InvitationStatus.Superseded;
    invitation.closedAt = event.block.timestamp;
    invitation.closedBy = accepted ? companyAddress : null;
    invitation.updatedAt = event.block.timestamp;
    invitation.save();
  }
  if (request != null && request.status == JoinRequestStatus.Open) {
    const approved = path == JoinPath.Request;
    request.status = approved ? JoinRequestStatus.Approved : JoinRequestStatus.Superseded;
    request.closedAt = event.block.timestamp;
    request.closedBy = approved ? admin : null;
    request.updatedAt = event.block.timestamp;
    request.save();
  }

  let membership = Membership.load(id);
  if (membership == null) {
    membership = new Membership(id);
    membership.constellation = constellationId(event.params.id);
    membership.company = companyAddress;
    membership.createdAt = event.block.timestamp;
    countInProtocol("membershipCount", event.block);
  }
  membership.active = true;
  membership.roles = event.params.roles;
  membership.pendingRoles = event.params.pendingRoles;
  membership.joinedVia = path;
  membership.admittedBy = admittedBy;
  membership.joinedAt = event.block.timestamp;
  membership.leftAt = null;
  membership.exit = null;
  membership.removedBy = null;
  membership.updatedAt = event.block.timestamp;
  membership.save();

  const company = createOrLoadCompany(companyAddress, event.block);
  company.membershipCount += 1;
  company.save();

  const constellation = loadConstellation(event.params.id);
  constellation.memberCount += 1;
  if ((event.params.roles & ADMIN) != 0) constellation.adminCount += 1;
  constellation.updatedAt = event.block.timestamp;
  constellation.save();

  const change = newMembershipChange(event.params.id, companyAddress, MembershipChangeKind.Joined, event);
  change.roles = event.params.roles;
  change.pendingRoles = event.params.pendingRoles;
  change.by = admittedBy;
  change.save();
}

/**
 * ADMIN taken or given changes the set of admins, which the contract marks with a new admin epoch (accepting an ADMIN
 * offer, giving up one's own ADMIN, a demotion carried by a motion).
 */
export function handleRolesChanged(event: RolesChanged): void {
  const membership = loadMembership(event.params.id, event.params.member);
  const previous = membership.roles;
  const roles = event.params.roles;
  membership.roles = roles;
  membership.updatedAt = event.block.timestamp;
  membership.save();

  const wasAdmin = (previous & ADMIN) != 0;
  const isAdmin = (roles & ADMIN) != 0;
  if (wasAdmin != isAdmin) {
    const constellation = loadConstellation(event.params.id);
    constellation.adminCount += isAdmin ? 1 : -1;
    constellation.adminEpoch += 1;
    constellation.updatedAt = event.block.timestamp;
    constellation.save();
  }

  const change = newMembershipChange(event.params.id, event.params.member, MembershipChangeKind.RolesChanged, event);
  change.roles = roles;
  change.previousRoles = previous;
  change.by = companyRef(event.params.by, event.block);
  change.save();
}

/**
 * An ADMIN offer made by a motion starts a new admin epoch, and so does one withdrawn by a motion (`by` is then the
 * admin who cast the deciding vote). An offer the member accepts or declines itself does not: accepting is counted by
 * the RolesChanged that comes with it.
 */
export function handlePendingRolesChanged(event: PendingRolesChanged): void {
  const membership = loadMembership(event.params.id, event.params.member);
  const previous = membership.pendingRoles;
  const pending = event.params.pendingRoles;
  membership.pendingRoles = pending;
  membership.updatedAt = event.block.timestamp;
  membership.save();

  const offered = (pending & ADMIN) != 0 && (previous & ADMIN) == 0;
  const withdrawn = (previous & ADMIN) != 0 && (pending & ADMIN) == 0 && event.params.by != event.params.member;
  if (offered || withdrawn) {
    const constellation = loadConstellation(event.params.id);
    constellation.adminEpoch += 1;
    constellation.updatedAt = event.block.timestamp;
    constellation.save();
  }

  const change = newMembershipChange(
    event.params.id,
    event.params.member,
    MembershipChangeKind.PendingRolesChanged,
    event,
  );
  change.pendingRoles = pending;
  change.previousRoles = previous;
  change.by = companyRef(event.params.by, event.block);
  change.save();
}

export function handleMemberLeft(event: MemberLeft): void {
  endMembership(event.params.id, event.params.member, MembershipExit.Left, null, event);
  const change = newMembershipChange(event.params.id, event.params.member, MembershipChangeKind.Left, event);
  change.by = event.params.member;
  change.save();
}

export function handleMemberRemoved(event: MemberRemoved): void {
  endMembership(event.params.id, event.params.member, MembershipExit.Removed, event.params.by, event);
  const change = newMembershipChange(event.params.id, event.params.member, MembershipChangeKind.Removed, event);
  change.by = event.params.by;
  change.save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Motions
// ---------------------------------------------------------------------------------------------------------------------

/** The vote comes before the events of carrying the motion, so the constellation's epoch is still the vote's. */
export function handleMotionVoted(event: MotionVoted): void {
  const constellation = loadConstellation(event.params.id);
  const kind = event.params.motion;
  const epoch = constellation.adminEpoch;
  const id = uint64Key(event.params.id).concat(uint8Key(kind)).concat(event.params.target).concat(uint32Key(epoch));

  let motion = Motion.load(id);
  if (motion == null) {
    motion = new Motion(id);
    motion.constellation = constellation.id;
    motion.kind = MOTION_KINDS[kind];
    if (kind != ARCHIVE) motion.target = companyRef(event.params.target, event.block);
    motion.epoch = epoch;
    motion.carried = false;
    motion.createdAt = event.block.timestamp;
  }
  const votes = event.params.votes.toI32();
  const needed = event.params.needed.toI32();
  motion.votes = votes;
  motion.needed = needed;
  if (votes >= needed) {
    motion.carried = true;
    motion.carriedAt = event.block.timestamp;
  }
  motion.updatedAt = event.block.timestamp;
  motion.save();

  const vote = new MotionVote(eventId(event));
  vote.motion = motion.id;
  vote.voter = companyRef(event.params.by, event.block);
  vote.votes = votes;
  vote.needed = needed;
  stampEvent(vote, event);
  vote.save();
}

export function handleActedFor(event: ActedFor): void {
  recordOperatorAction(event.params.company, event.params.operator, ContractName.Constellations, event);
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

function loadMembership(id: BigInt, member: Address): Membership {
  return Membership.load(pairId(id, member)) as Membership;
}

/**
 * Leaving or removal deletes the membership in the contract. An admin's departure starts a new admin epoch, and so
 * does the removal (always by a motion) of a member offered ADMIN.
 */
function endMembership(id: BigInt, member: Address, exit: string, by: Address | null, event: ethereum.Event): void {
  const membership = loadMembership(id, member);
  const heldAdmin = (membership.roles & ADMIN) != 0;
  const offeredAdmin = (membership.pendingRoles & ADMIN) != 0;

  const constellation = loadConstellation(id);
  constellation.memberCount -= 1;
  if (heldAdmin) constellation.adminCount -= 1;
  if (heldAdmin || (offeredAdmin && exit == MembershipExit.Removed)) constellation.adminEpoch += 1;
  constellation.updatedAt = event.block.timestamp;
  constellation.save();

  const company = createOrLoadCompany(member, event.block);
  company.membershipCount -= 1;
  company.save();

  membership.active = false;
  membership.roles = 0;
  membership.pendingRoles = 0;
  membership.leftAt = event.block.timestamp;
  membership.exit = exit;
  if (by) membership.removedBy = companyRef(by, event.block);
  else membership.removedBy = null;
  membership.updatedAt = event.block.timestamp;
  membership.save();
}

function closeInvitation(id: BigInt, company: Address, status: string, by: Address, event: ethereum.Event): void {
  const invitation = Invitation.load(pairId(id, company));
  if (invitation == null) return;
  invitation.status = status;
  invitation.closedAt = event.block.timestamp;
  invitation.closedBy = companyRef(by, event.block);
  invitation.updatedAt = event.block.timestamp;
  invitation.save();
}

function closeJoinRequest(id: BigInt, company: Address, status: string, by: Address, event: ethereum.Event): void {
  const request = JoinRequest.load(pairId(id, company));
  if (request == null) return;
  request.status = status;
  request.closedAt = event.block.timestamp;
  request.closedBy = companyRef(by, event.block);
  request.updatedAt = event.block.timestamp;
  request.save();
}

function newConstellationChange(
  constellation: Constellation,
  kind: string,
  event: ethereum.Event,
): ConstellationChange {
  const change = new ConstellationChange(eventId(event));
  change.constellation = constellation.id;
  change.kind = kind;
  stampEvent(change, event);
  return change;
}

function copyDescription(change: ConstellationChange, constellation: Constellation): void {
  change.name = constellation.name;
  change.purpose = constellation.purpose;
  change.metadataURI = constellation.metadataURI;
  change.metadataHash = constellation.metadataHash;
}

function newMembershipChange(id: BigInt, company: Address, kind: string, event: ethereum.Event): MembershipChange {
  const change = new MembershipChange(eventId(event));
  change.constellation = constellationId(id);
  change.company = companyRef(company, event.block);
  change.kind = kind;
  stampEvent(change, event);
  return change;
}
