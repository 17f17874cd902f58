import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { toHex } from "viem";
import type { Hex } from "viem";

import type { MappingHarness } from "../../src/runtime/testing.ts";
import {
  ACME,
  BOLT,
  CARGO,
  INVITATION_EXPIRY,
  ZERO_ADDRESS,
  bytes32,
  createConstellation,
  harness,
  id,
  inOrder,
  join,
  must,
  pairId,
  registerCompany,
  where,
} from "./helpers.ts";

const ADMIN = 1;
const PRODUCER = 2;
const LOGISTICS = 8;
const RETAILER = 16;
const VERIFIER = 32;

const DEMOTE_ADMIN = 0;
const REMOVE_ADMIN = 1;
const ARCHIVE = 2;
const APPOINT_ADMIN = 3;

function motionId(constellation: bigint, kind: number, target: Hex, epoch: number): string {
  return id(toHex(constellation, { size: 8 }), toHex(kind, { size: 1 }), target, toHex(epoch, { size: 4 }));
}

function vote(h: MappingHarness, kind: number, target: Hex, by: Hex, votes: number, needed: number): void {
  h.emit("Constellations", "MotionVoted", { id: 1n, motion: kind, target, by, votes, needed });
}

/** Kinds of the MembershipChanges of `company` in constellation 1, in order. */
function history(h: MappingHarness, company: Hex): unknown[] {
  return inOrder(where(h, "MembershipChange", "company", company)).map((c) => c.kind);
}

/** ACME founds constellation 1; BOLT joins as a producer. */
function founded(): MappingHarness {
  const h = harness();
  registerCompany(h, ACME, "Acme");
  registerCompany(h, BOLT, "Bolt");
  createConstellation(h, 1n, ACME);
  h.nextBlock();
  join(h, 1n, BOLT, PRODUCER, ACME);
  h.nextBlock();
  return h;
}

describe("Constellations mappings", () => {
  it("creates a constellation whose founder is its first member and admin", () => {
    const h = harness();
    registerCompany(h, ACME, "Acme");
    createConstellation(h, 1n, ACME, "Fair Coffee");

    const constellation = must(h, "Constellation", "1");
    assert.equal(constellation.number, 1n);
    assert.equal(constellation.name, "Fair Coffee");
    assert.equal(constellation.purpose, "Coffee farmers paid fairly");
    assert.equal(constellation.metadataURI, "ipfs://constellation");
    assert.equal(constellation.founder, ACME);
    assert.equal(constellation.archived, false);
    assert.equal(constellation.adminCount, 1);
    assert.equal(constellation.adminEpoch, 0);
    assert.equal(constellation.memberCount, 1);

    const membership = must(h, "Membership", pairId(1n, ACME));
    assert.equal(membership.constellation, "1");
    assert.equal(membership.company, ACME);
    assert.equal(membership.active, true);
    assert.equal(membership.roles, ADMIN);
    assert.equal(membership.pendingRoles, 0);
    assert.equal(membership.joinedVia, "Founded");
    assert.equal(membership.admittedBy, ACME);
    assert.equal(must(h, "Company", ACME).membershipCount, 1);

    const protocol = must(h, "Protocol", "constellate");
    assert.equal(protocol.constellationCount, 1);
    assert.equal(protocol.membershipCount, 1);
    assert.deepEqual(
      h.entities("ConstellationChange").map((c) => [c.kind, c.by, c.name]),
      [["Created", ACME, "Fair Coffee"]],
    );
    assert.deepEqual(history(h, ACME), ["Joined"]);
  });

  it("describes a constellation anew and archives it by motion", () => {
    const h = founded();
    h.emit("Constellations", "ConstellationUpdated", {
      id: 1n,
      by: ACME,
      name: "Fair Coffee Co-op",
      purpose: "",
      metadataURI: "ipfs://v2",
      metadataHash: bytes32("v2"),
    });
    let constellation = must(h, "Constellation", "1");
    assert.equal(constellation.name, "Fair Coffee Co-op");
    assert.equal(constellation.purpose, "");
    assert.equal(constellation.metadataHash, bytes32("v2"));

    h.nextBlock();
    vote(h, ARCHIVE, ZERO_ADDRESS, ACME, 1, 1);
    h.emit("Constellations", "ConstellationArchived", { id: 1n });
    constellation = must(h, "Constellation", "1");
    assert.equal(constellation.archived, true);
    assert.equal(constellation.archivedAt, 1_700_000_048n);
    assert.equal(constellation.adminEpoch, 0, "archiving does not change the admins");

    const motion = must(h, "Motion", motionId(1n, ARCHIVE, ZERO_ADDRESS, 0));
    assert.equal(motion.kind, "Archive");
    assert.equal(motion.target, null);
    assert.equal(motion.carried, true);
    assert.equal(motion.carriedAt, 1_700_000_048n);

    const changes = inOrder(h.entities("ConstellationChange"));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.by]),
      [
        ["Created", ACME],
        ["Updated", ACME],
        ["Archived", null],
      ],
    );
  });

  it("admits a company that accepts its invitation, naming the inviting admin", () => {
    const h = founded();
    const invitation = must(h, "Invitation", pairId(1n, BOLT));
    assert.equal(invitation.status, "Accepted");
    assert.equal(invitation.roles, PRODUCER);
    assert.equal(invitation.expiresAt, INVITATION_EXPIRY);
    assert.equal(invitation.invitedBy, ACME);
    assert.equal(invitation.closedBy, BOLT);
    assert.equal(invitation.closedAt, 1_700_000_024n);

    const membership = must(h, "Membership", pairId(1n, BOLT));
    assert.equal(membership.active, true);
    assert.equal(membership.roles, PRODUCER);
    assert.equal(membership.joinedVia, "Invitation");
    assert.equal(membership.admittedBy, ACME);
    assert.equal(membership.joinedAt, 1_700_000_024n);
    assert.equal(must(h, "Constellation", "1").memberCount, 2);
    assert.equal(must(h, "Constellation", "1").adminCount, 1);
    assert.deepEqual(history(h, BOLT), ["Invited", "Joined"]);
    const invited = where(h, "MembershipChange", "kind", "Invited")[0];
    assert.equal(invited?.by, ACME);
    assert.equal(invited?.roles, PRODUCER);
    assert.equal(invited?.expiresAt, INVITATION_EXPIRY);
  });

  it("closes invitations that are declined or withdrawn, and reopens one on a new invitation", () => {
    const h = founded();
    const invite = () =>
      h.emit("Constellations", "Invited", {
        id: 1n,
        company: CARGO,
        by: ACME,
        roles: LOGISTICS,
        expiresAt: 1_750_000_000n,
      });
    invite();
    assert.equal(must(h, "Invitation", pairId(1n, CARGO)).status, "Open");
    assert.equal(must(h, "Company", CARGO).registered, false, "an invitee may have no profile yet");

    h.emit("Constellations", "InvitationDeclined", { id: 1n, company: CARGO });
    let invitation = must(h, "Invitation", pairId(1n, CARGO));
    assert.equal(invitation.status, "Declined");
    assert.equal(invitation.closedBy, CARGO);

    h.nextBlock();
    invite();
    invitation = must(h, "Invitation", pairId(1n, CARGO));
    assert.equal(invitation.status, "Open");
    assert.equal(invitation.closedAt, null);
    assert.equal(invitation.closedBy, null);
    assert.equal(invitation.invitedAt, 1_700_000_048n);

    h.emit("Constellations", "InvitationWithdrawn", { id: 1n, company: CARGO, by: ACME });
    invitation = must(h, "Invitation", pairId(1n, CARGO));
    assert.equal(invitation.status, "Withdrawn");
    assert.equal(invitation.closedBy, ACME);
    assert.equal(h.entity("Membership", pairId(1n, CARGO)), null);
    assert.deepEqual(history(h, CARGO), ["Invited", "InvitationDeclined", "Invited", "InvitationWithdrawn"]);
  });

  it("admits a company whose request an admin approves, superseding an open invitation", () => {
    const h = founded();
    h.emit("Constellations", "JoinRequested", { id: 1n, company: CARGO, roles: LOGISTICS | VERIFIER });
    let request = must(h, "JoinRequest", pairId(1n, CARGO));
    assert.equal(request.status, "Open");
    assert.equal(request.roles, LOGISTICS | VERIFIER);
    assert.equal(request.requestedAt, 1_700_000_036n);

    h.emit("Constellations", "Invited", {
      id: 1n,
      company: CARGO,
      by: ACME,
      roles: LOGISTICS,
      expiresAt: 1_750_000_000n,
    });
    h.nextBlock();
    h.emit("Constellations", "MemberJoined", {
      id: 1n,
      company: CARGO,
      admin: ACME,
      roles: LOGISTICS | VERIFIER,
      pendingRoles: 0,
    });

    request = must(h, "JoinRequest", pairId(1n, CARGO));
    assert.equal(request.status, "Approved");
    assert.equal(request.closedBy, ACME);
    assert.equal(request.closedAt, 1_700_000_048n);
    const invitation = must(h, "Invitation", pairId(1n, CARGO));
    assert.equal(invitation.status, "Superseded");
    assert.equal(invitation.closedBy, null);
    const membership = must(h, "Membership", pairId(1n, CARGO));
    assert.equal(membership.joinedVia, "Request");
    assert.equal(membership.admittedBy, ACME);
    assert.equal(membership.roles, LOGISTICS | VERIFIER);
  });

  it("closes requests that are rejected or cancelled", () => {
    const h = founded();
    h.emit("Constellations", "JoinRequested", { id: 1n, company: CARGO, roles: RETAILER });
    h.emit("Constellations", "JoinRequestRejected", { id: 1n, company: CARGO, by: ACME });
    let request = must(h, "JoinRequest", pairId(1n, CARGO));
    assert.equal(request.status, "Rejected");
    assert.equal(request.closedBy, ACME);

    h.nextBlock();
    h.emit("Constellations", "JoinRequested", { id: 1n, company: CARGO, roles: RETAILER | LOGISTICS });
    assert.equal(must(h, "JoinRequest", pairId(1n, CARGO)).status, "Open");
    h.emit("Constellations", "JoinRequestCancelled", { id: 1n, company: CARGO });
    request = must(h, "JoinRequest", pairId(1n, CARGO));
    assert.equal(request.status, "Cancelled");
    assert.equal(request.closedBy, CARGO);
    assert.equal(request.roles, RETAILER | LOGISTICS);
    assert.deepEqual(history(h, CARGO), [
      "JoinRequested",
      "JoinRequestRejected",
      "JoinRequested",
      "JoinRequestCancelled",
    ]);
  });

  it("changes roles in effect and pending, recording each change with the mask before", () => {
    const h = founded();
    h.emit("Constellations", "RolesChanged", { id: 1n, member: BOLT, roles: PRODUCER | RETAILER, by: ACME });
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: VERIFIER, by: ACME });
    let membership = must(h, "Membership", pairId(1n, BOLT));
    assert.equal(membership.roles, PRODUCER | RETAILER);
    assert.equal(membership.pendingRoles, VERIFIER);

    h.nextBlock();
    h.emit("Constellations", "RolesChanged", { id: 1n, member: BOLT, roles: PRODUCER | RETAILER | VERIFIER, by: BOLT });
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: 0, by: BOLT });
    membership = must(h, "Membership", pairId(1n, BOLT));
    assert.equal(membership.roles, PRODUCER | RETAILER | VERIFIER);
    assert.equal(membership.pendingRoles, 0);
    assert.equal(membership.updatedAt, 1_700_000_048n);

    const constellation = must(h, "Constellation", "1");
    assert.equal(constellation.adminCount, 1);
    assert.equal(constellation.adminEpoch, 0, "roles other than ADMIN leave the admins as they are");

    const changes = inOrder(where(h, "MembershipChange", "company", BOLT)).filter((c) =>
      String(c.kind).endsWith("RolesChanged"),
    );
    assert.deepEqual(
      changes.map((c) => [c.kind, c.roles, c.pendingRoles, c.previousRoles, c.by]),
      [
        ["RolesChanged", PRODUCER | RETAILER, null, PRODUCER, ACME],
        ["PendingRolesChanged", null, VERIFIER, 0, ACME],
        ["RolesChanged", PRODUCER | RETAILER | VERIFIER, null, PRODUCER | RETAILER, BOLT],
        ["PendingRolesChanged", null, 0, VERIFIER, BOLT],
      ],
    );
  });

  it("tallies motions per admin epoch: appointing an admin, then demoting it by majority", () => {
    const h = founded();
    vote(h, APPOINT_ADMIN, BOLT, ACME, 1, 1);
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: ADMIN, by: ACME });
    const appoint = must(h, "Motion", motionId(1n, APPOINT_ADMIN, BOLT, 0));
    assert.equal(appoint.kind, "AppointAdmin");
    assert.equal(appoint.target, BOLT);
    assert.equal(appoint.epoch, 0);
    assert.equal(appoint.votes, 1);
    assert.equal(appoint.needed, 1);
    assert.equal(appoint.carried, true);
    assert.equal(must(h, "Constellation", "1").adminEpoch, 1, "an ADMIN offer carried by a motion");

    h.nextBlock();
    h.emit("Constellations", "RolesChanged", { id: 1n, member: BOLT, roles: PRODUCER | ADMIN, by: BOLT });
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: 0, by: BOLT });
    let constellation = must(h, "Constellation", "1");
    assert.equal(constellation.adminCount, 2);
    assert.equal(constellation.adminEpoch, 2, "accepting ADMIN counts once");

    h.nextBlock();
    vote(h, DEMOTE_ADMIN, BOLT, ACME, 1, 2);
    const demoteId = motionId(1n, DEMOTE_ADMIN, BOLT, 2);
    assert.equal(must(h, "Motion", demoteId).carried, false);
    h.nextBlock();
    vote(h, DEMOTE_ADMIN, BOLT, BOLT, 2, 2);
    h.emit("Constellations", "RolesChanged", { id: 1n, member: BOLT, roles: PRODUCER, by: BOLT });

    const demote = must(h, "Motion", demoteId);
    assert.equal(demote.votes, 2);
    assert.equal(demote.needed, 2);
    assert.equal(demote.carried, true);
    assert.equal(demote.createdAt, 1_700_000_060n);
    assert.equal(demote.carriedAt, 1_700_000_072n);
    assert.deepEqual(
      where(h, "MotionVote", "motion", demoteId)
        .sort((a, b) => Number(a.votes) - Number(b.votes))
        .map((v) => [v.voter, v.votes, v.needed]),
      [
        [ACME, 1, 2],
        [BOLT, 2, 2],
      ],
    );
    constellation = must(h, "Constellation", "1");
    assert.equal(constellation.adminCount, 1);
    assert.equal(constellation.adminEpoch, 3);
  });

  it("starts a new epoch when a motion withdraws an ADMIN offer, but not when the member declines it", () => {
    const h = founded();
    vote(h, APPOINT_ADMIN, BOLT, ACME, 1, 1);
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: ADMIN, by: ACME });
    h.nextBlock();
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: 0, by: BOLT });
    assert.equal(must(h, "Constellation", "1").adminEpoch, 1);

    h.nextBlock();
    vote(h, APPOINT_ADMIN, BOLT, ACME, 1, 1);
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: ADMIN, by: ACME });
    assert.equal(must(h, "Motion", motionId(1n, APPOINT_ADMIN, BOLT, 1)).carried, true);
    h.nextBlock();
    vote(h, DEMOTE_ADMIN, BOLT, ACME, 1, 1);
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: 0, by: ACME });
    assert.equal(must(h, "Constellation", "1").adminEpoch, 3);
    assert.equal(must(h, "Constellation", "1").adminCount, 1);
  });

  it("ends memberships on leaving and removal, counting admins and members down", () => {
    const h = founded();
    join(h, 1n, CARGO, LOGISTICS, ACME);
    vote(h, APPOINT_ADMIN, BOLT, ACME, 1, 1);
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: ADMIN, by: ACME });
    h.emit("Constellations", "RolesChanged", { id: 1n, member: BOLT, roles: PRODUCER | ADMIN, by: BOLT });
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: 0, by: BOLT });
    let constellation = must(h, "Constellation", "1");
    assert.deepEqual([constellation.memberCount, constellation.adminCount, constellation.adminEpoch], [3, 2, 2]);

    h.nextBlock();
    h.emit("Constellations", "MemberLeft", { id: 1n, member: BOLT });
    const left = must(h, "Membership", pairId(1n, BOLT));
    assert.equal(left.active, false);
    assert.equal(left.exit, "Left");
    assert.equal(left.roles, 0);
    assert.equal(left.leftAt, 1_700_000_048n);
    assert.equal(left.removedBy, null);
    assert.equal(must(h, "Company", BOLT).membershipCount, 0);
    constellation = must(h, "Constellation", "1");
    assert.deepEqual([constellation.memberCount, constellation.adminCount, constellation.adminEpoch], [2, 1, 3]);

    h.nextBlock();
    h.emit("Constellations", "MemberRemoved", { id: 1n, member: CARGO, by: ACME });
    const removed = must(h, "Membership", pairId(1n, CARGO));
    assert.equal(removed.active, false);
    assert.equal(removed.exit, "Removed");
    assert.equal(removed.removedBy, ACME);
    constellation = must(h, "Constellation", "1");
    assert.deepEqual([constellation.memberCount, constellation.adminCount, constellation.adminEpoch], [1, 1, 3]);
    assert.deepEqual(history(h, CARGO), ["Invited", "Joined", "Removed"]);
    assert.equal(where(h, "MembershipChange", "kind", "Removed")[0]?.by, ACME);
  });

  it("starts a new epoch when a motion removes a member offered ADMIN", () => {
    const h = founded();
    vote(h, APPOINT_ADMIN, BOLT, ACME, 1, 1);
    h.emit("Constellations", "PendingRolesChanged", { id: 1n, member: BOLT, pendingRoles: ADMIN, by: ACME });
    h.nextBlock();
    vote(h, REMOVE_ADMIN, BOLT, ACME, 1, 1);
    h.emit("Constellations", "MemberRemoved", { id: 1n, member: BOLT, by: ACME });
    const constellation = must(h, "Constellation", "1");
    assert.deepEqual([constellation.memberCount, constellation.adminCount, constellation.adminEpoch], [1, 1, 2]);
    assert.equal(must(h, "Motion", motionId(1n, REMOVE_ADMIN, BOLT, 1)).carried, true);
  });

  it("keeps one membership for a company that leaves and joins again", () => {
    const h = founded();
    h.emit("Constellations", "MemberLeft", { id: 1n, member: BOLT });
    h.nextBlock();
    h.emit("Constellations", "JoinRequested", { id: 1n, company: BOLT, roles: RETAILER });
    h.emit("Constellations", "MemberJoined", { id: 1n, company: BOLT, admin: ACME, roles: RETAILER, pendingRoles: 0 });

    const membership = must(h, "Membership", pairId(1n, BOLT));
    assert.equal(membership.active, true);
    assert.equal(membership.roles, RETAILER);
    assert.equal(membership.joinedVia, "Request");
    assert.equal(membership.joinedAt, 1_700_000_048n);
    assert.equal(membership.leftAt, null);
    assert.equal(membership.exit, null);
    assert.equal(membership.createdAt, 1_700_000_024n);
    assert.equal(must(h, "Company", BOLT).membershipCount, 1);
    assert.equal(must(h, "Constellation", "1").memberCount, 2);
    assert.equal(must(h, "Protocol", "constellate").membershipCount, 2, "distinct memberships");
    assert.deepEqual(history(h, BOLT), ["Invited", "Joined", "Left", "JoinRequested", "Joined"]);
  });

  it("records an operator acting in Constellations", () => {
    const h = founded();
    h.emit("Constellations", "ActedFor", { company: ACME, operator: CARGO });
    assert.equal(h.entities("OperatorAction")[0]?.contract, "Constellations");
    assert.equal(must(h, "Operator", id(ACME, CARGO)).actionCount, 1);
  });
});
