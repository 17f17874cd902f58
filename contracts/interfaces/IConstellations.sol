// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IActsForCompanies} from "./IActsForCompanies.sol";

/**
 * @title IConstellations
 * @notice Constellations of Value: customer-centred networks of companies. A company may belong to any number of
 * constellations with different roles in each (a competitor in one, a partner in another).
 *
 * Rules, each guarding against someone:
 *  - Joining needs both sides' consent: an admin invites and the company accepts, or the company requests and an
 *    admin approves. Invitations expire and can be withdrawn or declined.
 *  - Roles are a bit mask per membership: ADMIN, PRODUCER, SUPPLIER, LOGISTICS, RETAILER, VERIFIER. ADMIN and VERIFIER
 *    carry responsibility, so they take effect only once the receiving company accepts them (they wait as pending
 *    roles until then).
 *  - Admins grant and revoke the other roles and remove non-admin members. No single admin can add, remove or
 *    demote an admin: each takes a motion carried by a strict majority of the admins (so an admin cannot pack the
 *    board with companies it controls and then outvote the others). Archiving takes a majority too.
 *  - A constellation always keeps at least one admin. An archived constellation takes no new members and no new
 *    roles; members may still leave.
 *  - Membership decides who may take part; it does not by itself let a member write on another member's product.
 *
 * Functions act for the sender's company; an operator wraps the call in `actFor(company, call)` and needs the
 * MEMBERSHIP permission (CONSTELLATION_ADMIN for what only admins do). See IActsForCompanies.
 */
interface IConstellations is IActsForCompanies {
    /// @notice A constellation's state, packed in one slot. Name, purpose and metadata are emitted, not stored.
    struct Constellation {
        /// @notice Block time of creation; zero means no such constellation.
        uint64 createdAt;
        /// @notice Number of members holding ADMIN (pending ADMIN does not count).
        uint32 adminCount;
        /// @notice Increases whenever the set of admins changes or a motion on an admin carries; votes cast under an
        /// earlier epoch no longer count.
        uint32 adminEpoch;
        /// @notice No new members or roles once set.
        bool archived;
    }

    /**
     * @notice Everything between one company and one constellation, packed in one slot: its membership, an open
     * invitation and an open request to join. Keeping them together makes accepting an invitation a rewrite of a slot
     * the invitation already paid for.
     */
    struct Membership {
        /// @notice Roles in effect.
        uint8 roles;
        /// @notice ADMIN (offered by a motion) or VERIFIER (granted) not yet accepted by the member.
        uint8 pendingRoles;
        /// @notice Block time of joining; zero means not a member.
        uint64 joinedAt;
        /// @notice Roles offered by an open invitation.
        uint8 invitedRoles;
        /// @notice The open invitation is void from this block time on; zero means no invitation.
        uint64 invitationExpiresAt;
        /// @notice Roles asked for by an open request to join (consent in advance to VERIFIER if among them).
        uint8 requestedRoles;
        /// @notice Block time of the open request to join; zero means no request.
        uint64 requestedAt;
    }

    /// @notice The changes that need a majority of the admins.
    enum Motion {
        /// @notice Revoke ADMIN from `target`, or withdraw an ADMIN offer it has not accepted.
        DemoteAdmin,
        /// @notice Remove `target`, an admin or a member offered ADMIN, from the constellation.
        RemoveAdmin,
        /// @notice Archive the constellation (`target` is the zero address).
        Archive,
        /// @notice Offer ADMIN to `target`, a member; it takes effect when the member accepts it ({acceptRoles}).
        AppointAdmin
    }

    /// @notice `founder` created constellation `id` and became its first admin.
    event ConstellationCreated(
        uint64 indexed id,
        address indexed founder,
        string name,
        string purpose,
        string metadataURI,
        bytes32 metadataHash
    );
    /// @notice Admin `by` changed the description of constellation `id`.
    event ConstellationUpdated(
        uint64 indexed id,
        address indexed by,
        string name,
        string purpose,
        string metadataURI,
        bytes32 metadataHash
    );
    /// @notice Constellation `id` was archived by a majority of its admins.
    event ConstellationArchived(uint64 indexed id);
    /// @notice Admin `by` invited `company` into `id` with `roles`, open until `expiresAt`.
    event Invited(uint64 indexed id, address indexed company, address indexed by, uint8 roles, uint64 expiresAt);
    /// @notice Admin `by` withdrew the invitation of `company` into `id`.
    event InvitationWithdrawn(uint64 indexed id, address indexed company, address indexed by);
    /// @notice `company` declined its invitation into `id`.
    event InvitationDeclined(uint64 indexed id, address indexed company);
    /// @notice `company` asked to join `id` with `roles`.
    event JoinRequested(uint64 indexed id, address indexed company, uint8 roles);
    /// @notice `company` cancelled its request to join `id`.
    event JoinRequestCancelled(uint64 indexed id, address indexed company);
    /// @notice Admin `by` rejected the request of `company` to join `id`.
    event JoinRequestRejected(uint64 indexed id, address indexed company, address indexed by);
    /// @notice `company` joined `id` with `roles` in effect and `pendingRoles` awaiting its acceptance. `admin` is the
    /// admin that approved its request; for a founder it is the founder itself, and for an accepted invitation the
    /// zero address (the {Invited} event names the admin).
    event MemberJoined(
        uint64 indexed id,
        address indexed company,
        address indexed admin,
        uint8 roles,
        uint8 pendingRoles
    );
    /// @notice The roles in effect of `member` in `id` are now `roles`; `by` made the change (an admin, or the member).
    event RolesChanged(uint64 indexed id, address indexed member, uint8 roles, address by);
    /// @notice The roles of `member` in `id` awaiting its acceptance are now `pendingRoles`; `by` made the change.
    event PendingRolesChanged(uint64 indexed id, address indexed member, uint8 pendingRoles, address by);
    /// @notice `member` left `id`.
    event MemberLeft(uint64 indexed id, address indexed member);
    /// @notice `member` was removed from `id`; `by` is the admin who removed it (or cast the deciding vote).
    event MemberRemoved(uint64 indexed id, address indexed member, address indexed by);
    /// @notice Admin `by` voted for `motion` on `target` in `id`; `votes` of the `needed` votes are cast in this epoch.
    event MotionVoted(
        uint64 indexed id,
        Motion indexed motion,
        address indexed target,
        address by,
        uint32 votes,
        uint32 needed
    );

    /// @notice There is no constellation `id`.
    error ConstellationNotFound(uint64 id);
    /// @notice Constellation `id` is archived: no new members or roles.
    error ConstellationIsArchived(uint64 id);
    /// @notice `account` is not a member of `id`.
    error NotAMember(uint64 id, address account);
    /// @notice `account` is a member of `id` already.
    error AlreadyAMember(uint64 id, address account);
    /// @notice `account` lacks `roles` in `id` (it holds `held`).
    error MissingRoles(uint64 id, address account, uint8 roles, uint8 held);
    /// @notice `roles` has unknown bits (or is zero where roles are required).
    error InvalidRoles(uint8 roles);
    /// @notice `roles` would change nothing for `member` in `id`.
    error RolesUnchanged(uint64 id, address member, uint8 roles);
    /// @notice An invitation's `expiresAt` must lie after now and at most `maxExpiry`.
    error InvalidInvitationExpiry(uint64 expiresAt, uint64 maxExpiry);
    /// @notice `company` has no open invitation into `id`.
    error NoInvitation(uint64 id, address company);
    /// @notice The invitation of `company` into `id` expired at `expiredAt`.
    error InvitationExpired(uint64 id, address company, uint64 expiredAt);
    /// @notice `company` has no open request to join `id`.
    error NoJoinRequest(uint64 id, address company);
    /// @notice `company` has an open request to join `id` already.
    error JoinRequestExists(uint64 id, address company);
    /// @notice `roles` of `member` in `id` are not pending.
    error RolesNotPending(uint64 id, address member, uint8 roles);
    /// @notice Making `target` an admin of `id`, or removing or demoting it as one, takes a majority of the admins:
    /// use {voteMotion}.
    error AdminChangeNeedsMajority(uint64 id, address target);
    /// @notice The change would leave `id` without an admin.
    error LastAdmin(uint64 id);
    /// @notice `target` does not fit `motion` (a member holding or offered ADMIN for Demote/Remove, a member neither
    /// holding nor offered ADMIN for AppointAdmin, the zero address for Archive).
    error InvalidMotionTarget(uint64 id, Motion motion, address target);
    /// @notice `admin` voted for this motion in this epoch already.
    error AlreadyVoted(uint64 id, Motion motion, address target, address admin);
    /// @notice The name is empty.
    error EmptyName();
    /// @notice A text field is longer than it may be.
    error TextTooLong(string field, uint256 length, uint256 max);

    /// @notice Creates a constellation; the acting company becomes its first admin.
    function create(
        string calldata name,
        string calldata purpose,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (uint64 id);

    /// @notice Replaces the description of `id`. Any admin.
    function update(
        uint64 id,
        string calldata name,
        string calldata purpose,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external;

    /// @notice Invites `company` into `id` with `roles` (not ADMIN: see {Motion.AppointAdmin}) until `expiresAt` (at
    /// most 90 days ahead). Replaces an earlier invitation of the same company.
    function invite(uint64 id, address company, uint8 roles, uint64 expiresAt) external;

    /// @notice Withdraws the invitation of `company` into `id`. Any admin.
    function withdrawInvitation(uint64 id, address company) external;

    /// @notice The acting company declines its invitation into `id`.
    function declineInvitation(uint64 id) external;

    /// @notice The acting company accepts its invitation into `id`, receiving its roles, VERIFIER included.
    function acceptInvitation(uint64 id) external;

    /// @notice The acting company asks to join `id` with `roles` (not ADMIN).
    function requestToJoin(uint64 id, uint8 roles) external;

    /// @notice The acting company cancels its request to join `id`.
    function cancelJoinRequest(uint64 id) external;

    /// @notice Approves the request of `company` to join `id`, with `roles` (not ADMIN). VERIFIER takes effect only if
    /// the company asked for it; otherwise it waits for its acceptance.
    function approveJoinRequest(uint64 id, address company, uint8 roles) external;

    /// @notice Rejects the request of `company` to join `id`.
    function rejectJoinRequest(uint64 id, address company) external;

    /// @notice Grants `roles` (not ADMIN: see {Motion.AppointAdmin}) to `member` of `id`: VERIFIER becomes pending, the
    /// others take effect.
    function grantRoles(uint64 id, address member, uint8 roles) external;

    /// @notice Revokes `roles` (in effect or pending) from `member` of `id`. Revoking another member's ADMIN, in effect
    /// or offered, takes a motion ({voteMotion}); an admin may give up its own ADMIN unless it is the last.
    function revokeRoles(uint64 id, address member, uint8 roles) external;

    /// @notice The acting company accepts its pending `roles` in `id`.
    function acceptRoles(uint64 id, uint8 roles) external;

    /// @notice The acting company declines its pending `roles` in `id`.
    function declineRoles(uint64 id, uint8 roles) external;

    /// @notice Removes `member`, which neither holds nor is offered ADMIN, from `id`. Any admin.
    function removeMember(uint64 id, address member) external;

    /// @notice The acting company leaves `id`. The last admin cannot leave.
    function leaveConstellation(uint64 id) external;

    /**
     * @notice The acting admin votes for `motion` on `target` in `id`. When a strict majority of the current admins
     * has voted for it within the same admin epoch, it is carried out in the same transaction.
     * @return carried Whether this vote carried the motion.
     */
    function voteMotion(uint64 id, Motion motion, address target) external returns (bool carried);

    /// @notice The state of constellation `id`.
    function constellationOf(uint64 id) external view returns (Constellation memory);

    /// @notice The membership of `account` in `id`, with any open invitation or request to join (an invitation may
    /// have expired: compare `invitationExpiresAt` with the block time).
    function membershipOf(uint64 id, address account) external view returns (Membership memory);

    /// @notice Whether `company` is a member of `id` holding every one of `roles` (in effect).
    function hasRoles(uint64 id, address company, uint8 roles) external view returns (bool);

    /// @notice Reverts unless `id` is open (it exists and is not archived) and `company` is a member of it holding
    /// every one of `roles`, with the error that says which: {ConstellationNotFound}, {ConstellationIsArchived},
    /// {NotAMember} or {MissingRoles}. Other contracts call it before letting a member take part (for example
    /// registering a product needs PRODUCER).
    function requireRoles(uint64 id, address company, uint8 roles) external view;

    /// @notice Whether `account` may act now for `company`, a member of `id` holding every one of `roles`, with the
    /// operator `permissions` (the role check that understands operators).
    function canActWithRoles(
        uint64 id,
        address company,
        address account,
        uint8 roles,
        uint256 permissions
    ) external view returns (bool);

    /// @notice Votes cast for `motion` on `target` in the current admin epoch of `id`, and how many carry it.
    function motionVotes(uint64 id, Motion motion, address target) external view returns (uint32 votes, uint32 needed);

    /// @notice Whether `admin` voted for `motion` on `target` in the current admin epoch of `id`.
    function hasVoted(uint64 id, Motion motion, address target, address admin) external view returns (bool);

    /// @notice Number of constellations created so far; ids run from 1 to this number.
    function constellationCount() external view returns (uint64);

    /// @notice The contract's version, as semantic versioning.
    function version() external view returns (string memory);
}
