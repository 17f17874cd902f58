// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CompaniesClient} from "./base/CompaniesClient.sol";
import {ICompanies} from "./interfaces/ICompanies.sol";
import {IConstellations} from "./interfaces/IConstellations.sol";
import {ConstellationRoles as Roles} from "./libraries/ConstellationRoles.sol";
import {OperatorPermissions as Permissions} from "./libraries/OperatorPermissions.sol";

/**
 * @title Constellations
 * @notice Membership of constellations of value, with consent on both sides and majority rule over admins.
 * See {IConstellations}.
 */
contract Constellations is IConstellations, CompaniesClient {
    /// @notice Role bits, repeated here so that they are part of the ABI.
    uint8 public constant ADMIN = Roles.ADMIN;
    uint8 public constant PRODUCER = Roles.PRODUCER;
    uint8 public constant SUPPLIER = Roles.SUPPLIER;
    uint8 public constant LOGISTICS = Roles.LOGISTICS;
    uint8 public constant RETAILER = Roles.RETAILER;
    uint8 public constant VERIFIER = Roles.VERIFIER;

    /// @notice The longest an invitation may stay open.
    uint64 public constant MAX_INVITATION_PERIOD = 90 days;

    uint256 private constant _MAX_NAME = 64;
    uint256 private constant _MAX_PURPOSE = 280;
    uint256 private constant _MAX_URI = 512;

    uint64 private _count;
    mapping(uint64 id => Constellation) private _constellations;
    mapping(uint64 id => mapping(address account => Membership)) private _memberships;
    mapping(bytes32 motion => uint32) private _motionVotes;
    mapping(bytes32 motion => mapping(address admin => bool)) private _voted;

    constructor(ICompanies companies) CompaniesClient(companies) {}

    /// @inheritdoc IConstellations
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    // ------------------------------------------------------------------------------------------------------------
    // Creation and description
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IConstellations
    function create(
        string calldata name,
        string calldata purpose,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (uint64 id) {
        address founder = _registeredActor(Permissions.MEMBERSHIP);
        _checkDescription(name, purpose, metadataURI);
        // A uint64 counter cannot overflow: it grows by one per transaction.
        unchecked {
            id = ++_count;
        }
        _constellations[id] = Constellation({
            createdAt: uint64(block.timestamp),
            adminCount: 1,
            adminEpoch: 0,
            archived: false
        });
        _memberships[id][founder] = Membership({
            roles: Roles.ADMIN,
            pendingRoles: 0,
            joinedAt: uint64(block.timestamp),
            invitedRoles: 0,
            invitationExpiresAt: 0,
            requestedRoles: 0,
            requestedAt: 0
        });
        emit ConstellationCreated(id, founder, name, purpose, metadataURI, metadataHash);
        emit MemberJoined(id, founder, founder, Roles.ADMIN, 0);
    }

    /// @inheritdoc IConstellations
    function update(
        uint64 id,
        string calldata name,
        string calldata purpose,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external {
        _requireOpen(id);
        address admin = _requireAdmin(id);
        _checkDescription(name, purpose, metadataURI);
        emit ConstellationUpdated(id, admin, name, purpose, metadataURI, metadataHash);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Joining: invite + accept, or request + approve
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IConstellations
    function invite(uint64 id, address company, uint8 roles, uint64 expiresAt) external {
        _requireOpen(id);
        address admin = _requireAdmin(id);
        if (roles & ~Roles.ALL != 0) revert InvalidRoles(roles);
        if (roles & Roles.ADMIN != 0) revert AdminChangeNeedsMajority(id, company);
        uint64 maxExpiry = uint64(block.timestamp) + MAX_INVITATION_PERIOD;
        if (expiresAt <= block.timestamp || expiresAt > maxExpiry) revert InvalidInvitationExpiry(expiresAt, maxExpiry);
        Membership memory m = _memberships[id][company];
        if (m.joinedAt != 0 || company == address(0)) revert AlreadyAMember(id, company);
        m.invitedRoles = roles;
        m.invitationExpiresAt = expiresAt;
        _memberships[id][company] = m;
        emit Invited(id, company, admin, roles, expiresAt);
    }

    /// @inheritdoc IConstellations
    function withdrawInvitation(uint64 id, address company) external {
        _requireExists(id);
        address admin = _requireAdmin(id);
        _clearInvitation(id, company);
        emit InvitationWithdrawn(id, company, admin);
    }

    /// @inheritdoc IConstellations
    function declineInvitation(uint64 id) external {
        address company = _actor(Permissions.MEMBERSHIP);
        _clearInvitation(id, company);
        emit InvitationDeclined(id, company);
    }

    /// @inheritdoc IConstellations
    function acceptInvitation(uint64 id) external {
        address company = _registeredActor(Permissions.MEMBERSHIP);
        _requireOpen(id);
        Membership memory m = _memberships[id][company];
        if (m.invitationExpiresAt == 0) revert NoInvitation(id, company);
        if (block.timestamp >= m.invitationExpiresAt) revert InvitationExpired(id, company, m.invitationExpiresAt);
        _join(id, company, address(0), m.invitedRoles, 0);
    }

    /// @inheritdoc IConstellations
    function requestToJoin(uint64 id, uint8 roles) external {
        address company = _registeredActor(Permissions.MEMBERSHIP);
        _requireOpen(id);
        if (roles & ~Roles.ALL != 0) revert InvalidRoles(roles);
        if (roles & Roles.ADMIN != 0) revert AdminChangeNeedsMajority(id, company);
        Membership memory m = _memberships[id][company];
        if (m.joinedAt != 0) revert AlreadyAMember(id, company);
        if (m.requestedAt != 0) revert JoinRequestExists(id, company);
        m.requestedRoles = roles;
        m.requestedAt = uint64(block.timestamp);
        _memberships[id][company] = m;
        emit JoinRequested(id, company, roles);
    }

    /// @inheritdoc IConstellations
    function cancelJoinRequest(uint64 id) external {
        address company = _actor(Permissions.MEMBERSHIP);
        _clearJoinRequest(id, company);
        emit JoinRequestCancelled(id, company);
    }

    /// @inheritdoc IConstellations
    function approveJoinRequest(uint64 id, address company, uint8 roles) external {
        _requireOpen(id);
        address admin = _requireAdmin(id);
        if (roles & ~Roles.ALL != 0) revert InvalidRoles(roles);
        if (roles & Roles.ADMIN != 0) revert AdminChangeNeedsMajority(id, company);
        Membership memory m = _memberships[id][company];
        if (m.requestedAt == 0) revert NoJoinRequest(id, company);
        // Roles that need consent take effect only where the request asked for them.
        uint8 unconsented = roles & Roles.NEED_CONSENT & ~m.requestedRoles;
        _join(id, company, admin, roles & ~unconsented, unconsented);
    }

    /// @inheritdoc IConstellations
    function rejectJoinRequest(uint64 id, address company) external {
        _requireExists(id);
        address admin = _requireAdmin(id);
        _clearJoinRequest(id, company);
        emit JoinRequestRejected(id, company, admin);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Roles
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IConstellations
    function grantRoles(uint64 id, address member, uint8 roles) external {
        _requireOpen(id);
        address admin = _requireAdmin(id);
        _checkRoles(roles);
        if (roles & Roles.ADMIN != 0) revert AdminChangeNeedsMajority(id, member);
        (Membership storage m, uint256 word, uint8 held, uint8 pending) = _memberRoles(id, member);
        uint8 newRoles = held | (roles & ~Roles.NEED_CONSENT);
        _setRoles(m, word, id, member, newRoles, (pending | (roles & Roles.NEED_CONSENT)) & ~newRoles, roles, admin);
    }

    /// @inheritdoc IConstellations
    function revokeRoles(uint64 id, address member, uint8 roles) external {
        Constellation storage c = _requireExists(id);
        address admin = _requireAdmin(id);
        _checkRoles(roles);
        (Membership storage m, uint256 word, uint8 held, uint8 pending) = _memberRoles(id, member);
        if (roles & (held | pending) & Roles.ADMIN != 0) {
            // ADMIN, in effect or offered by a motion, is undone only by a motion; an admin may give up its own.
            if (member != admin) revert AdminChangeNeedsMajority(id, member);
            if (held & Roles.ADMIN != 0) _removeAdmin(c, id);
        }
        _setRoles(m, word, id, member, held & ~roles, pending & ~roles, roles, admin);
    }

    /// @inheritdoc IConstellations
    function acceptRoles(uint64 id, uint8 roles) external {
        Constellation storage c = _requireOpen(id);
        address member = _actor(Permissions.MEMBERSHIP);
        (Membership storage m, uint256 word, uint8 held, uint8 pending) = _memberRoles(id, member);
        if (roles == 0 || roles & pending != roles) revert RolesNotPending(id, member, roles);
        if (roles & Roles.ADMIN != 0) _addAdmin(c);
        _setRoles(m, word, id, member, held | roles, pending & ~roles, roles, member);
    }

    /// @inheritdoc IConstellations
    function declineRoles(uint64 id, uint8 roles) external {
        address member = _actor(Permissions.MEMBERSHIP);
        (Membership storage m, uint256 word, uint8 held, uint8 pending) = _memberRoles(id, member);
        if (roles == 0 || roles & pending != roles) revert RolesNotPending(id, member, roles);
        _setRoles(m, word, id, member, held, pending & ~roles, roles, member);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Leaving, removal and motions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IConstellations
    function removeMember(uint64 id, address member) external {
        _requireExists(id);
        address admin = _requireAdmin(id);
        (, , uint8 held, uint8 pending) = _memberRoles(id, member);
        // A member holding ADMIN, or offered it by a motion, goes only by a motion.
        if ((held | pending) & Roles.ADMIN != 0) revert AdminChangeNeedsMajority(id, member);
        delete _memberships[id][member];
        emit MemberRemoved(id, member, admin);
    }

    /// @inheritdoc IConstellations
    function leaveConstellation(uint64 id) external {
        Constellation storage c = _requireExists(id);
        address member = _actor(Permissions.MEMBERSHIP);
        (, , uint8 held, ) = _memberRoles(id, member);
        if (held & Roles.ADMIN != 0) _removeAdmin(c, id);
        delete _memberships[id][member];
        emit MemberLeft(id, member);
    }

    /// @inheritdoc IConstellations
    function voteMotion(uint64 id, Motion motion, address target) external returns (bool carried) {
        Constellation storage c = _requireExists(id);
        address admin = _requireAdmin(id);
        if (motion == Motion.Archive) {
            if (c.archived) revert ConstellationIsArchived(id);
            if (target != address(0)) revert InvalidMotionTarget(id, motion, target);
        } else {
            Membership memory t = _memberships[id][target];
            uint8 adminHeldOrOffered = (t.roles | t.pendingRoles) & Roles.ADMIN;
            bool fits;
            if (motion == Motion.AppointAdmin) {
                if (c.archived) revert ConstellationIsArchived(id);
                fits = t.joinedAt != 0 && adminHeldOrOffered == 0;
            } else {
                // Demoting or removing also withdraws an ADMIN offer that the member has not accepted yet.
                fits = adminHeldOrOffered != 0;
            }
            if (!fits) revert InvalidMotionTarget(id, motion, target);
        }

        bytes32 key = _motionKey(id, motion, target, c.adminEpoch);
        if (_voted[key][admin]) revert AlreadyVoted(id, motion, target, admin);
        _voted[key][admin] = true;
        uint32 votes = ++_motionVotes[key];
        uint32 needed = _majority(c.adminCount);
        emit MotionVoted(id, motion, target, admin, votes, needed);
        if (votes < needed) return false;
        _carry(c, id, motion, target, admin);
        return true;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IConstellations
    function constellationOf(uint64 id) external view returns (Constellation memory) {
        return _constellations[id];
    }

    /// @inheritdoc IConstellations
    function membershipOf(uint64 id, address account) external view returns (Membership memory) {
        return _memberships[id][account];
    }

    /// @inheritdoc IConstellations
    function hasRoles(uint64 id, address company, uint8 roles) public view returns (bool) {
        Membership memory m = _memberships[id][company];
        return m.joinedAt != 0 && m.roles & roles == roles;
    }

    /// @inheritdoc IConstellations
    function requireRoles(uint64 id, address company, uint8 roles) external view {
        _requireOpen(id);
        Membership memory m = _memberships[id][company];
        if (m.joinedAt == 0) revert NotAMember(id, company);
        if (m.roles & roles != roles) revert MissingRoles(id, company, roles, m.roles);
    }

    /// @inheritdoc IConstellations
    function canActWithRoles(
        uint64 id,
        address company,
        address account,
        uint8 roles,
        uint256 permissions
    ) external view returns (bool) {
        return hasRoles(id, company, roles) && COMPANIES.isActing(company, account, permissions);
    }

    /// @inheritdoc IConstellations
    function motionVotes(uint64 id, Motion motion, address target) external view returns (uint32 votes, uint32 needed) {
        Constellation memory c = _constellations[id];
        votes = _motionVotes[_motionKey(id, motion, target, c.adminEpoch)];
        needed = _majority(c.adminCount);
    }

    /// @inheritdoc IConstellations
    function hasVoted(uint64 id, Motion motion, address target, address admin) external view returns (bool) {
        return _voted[_motionKey(id, motion, target, _constellations[id].adminEpoch)][admin];
    }

    /// @inheritdoc IConstellations
    function constellationCount() external view returns (uint64) {
        return _count;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------------------

    function _requireExists(uint64 id) private view returns (Constellation storage c) {
        c = _constellations[id];
        if (c.createdAt == 0) revert ConstellationNotFound(id);
    }

    function _requireOpen(uint64 id) private view returns (Constellation storage c) {
        c = _requireExists(id);
        if (c.archived) revert ConstellationIsArchived(id);
    }

    /// @dev The acting company, which must hold ADMIN in `id`. Membership proves registration, so a direct sender
    /// costs no external call.
    function _requireAdmin(uint64 id) private view returns (address admin) {
        admin = _actor(Permissions.CONSTELLATION_ADMIN);
        uint8 held = _memberships[id][admin].roles;
        if (held & Roles.ADMIN == 0) revert MissingRoles(id, admin, Roles.ADMIN, held);
    }

    /// @dev One comparison: `roles - 1` wraps to 255 for zero, and is 63 or more for any unknown bit.
    function _checkRoles(uint8 roles) private pure {
        unchecked {
            if (roles - 1 >= Roles.ALL) revert InvalidRoles(roles);
        }
    }

    /**
     * @dev The membership of `member` and its roles, read with one SLOAD. Layout of the slot (Solidity packs struct
     * fields from the low-order end): bits 0-7 roles, 8-15 pendingRoles, 16-79 joinedAt, 80-87 invitedRoles,
     * 88-151 invitationExpiresAt, 152-159 requestedRoles, 160-223 requestedAt.
     */
    function _memberRoles(
        uint64 id,
        address member
    ) private view returns (Membership storage m, uint256 word, uint8 held, uint8 pending) {
        m = _memberships[id][member];
        assembly ("memory-safe") {
            word := sload(m.slot)
        }
        if (uint64(word >> 16) == 0) revert NotAMember(id, member);
        held = uint8(word);
        pending = uint8(word >> 8);
    }

    /**
     * @dev Makes `company` a member; joining closes any open invitation and request in the same slot write. Callers
     * hold an open invitation or request, and those exist only for non-members (invite and requestToJoin refuse
     * members; joining clears both), so `company` is not a member yet; neither carries ADMIN, which only a motion
     * offers.
     */
    function _join(uint64 id, address company, address admin, uint8 roles, uint8 pendingRoles) private {
        _memberships[id][company] = Membership({
            roles: roles,
            pendingRoles: pendingRoles,
            joinedAt: uint64(block.timestamp),
            invitedRoles: 0,
            invitationExpiresAt: 0,
            requestedRoles: 0,
            requestedAt: 0
        });
        emit MemberJoined(id, company, admin, roles, pendingRoles);
    }

    function _clearInvitation(uint64 id, address company) private {
        Membership memory m = _memberships[id][company];
        if (m.invitationExpiresAt == 0) revert NoInvitation(id, company);
        m.invitedRoles = 0;
        m.invitationExpiresAt = 0;
        _memberships[id][company] = m;
    }

    function _clearJoinRequest(uint64 id, address company) private {
        Membership memory m = _memberships[id][company];
        if (m.requestedAt == 0) revert NoJoinRequest(id, company);
        m.requestedRoles = 0;
        m.requestedAt = 0;
        _memberships[id][company] = m;
    }

    /// @dev Rewrites the low 16 bits of the membership slot `word` (roles, pendingRoles) with one SSTORE.
    function _setRoles(
        Membership storage m,
        uint256 word,
        uint64 id,
        address member,
        uint8 roles,
        uint8 pendingRoles,
        uint8 requested,
        address by
    ) private {
        uint256 updated = (word & ~uint256(0xffff)) | (uint256(pendingRoles) << 8) | roles;
        if (updated == word) revert RolesUnchanged(id, member, requested);
        assembly ("memory-safe") {
            sstore(m.slot, updated)
        }
        if (uint8(word) != roles) emit RolesChanged(id, member, roles, by);
        if (uint8(word >> 8) != pendingRoles) emit PendingRolesChanged(id, member, pendingRoles, by);
    }

    function _addAdmin(Constellation storage c) private {
        // Admins number far fewer than 2^32, and the epoch grows by one per transaction at most.
        unchecked {
            ++c.adminCount;
            ++c.adminEpoch;
        }
    }

    /// @dev Counts one admin out; the last admin can never go.
    function _removeAdmin(Constellation storage c, uint64 id) private {
        uint32 admins = c.adminCount;
        if (admins == 1) revert LastAdmin(id);
        // admins >= 2 here, and the epoch stays far below 2^32.
        unchecked {
            c.adminCount = admins - 1;
            ++c.adminEpoch;
        }
    }

    function _carry(Constellation storage c, uint64 id, Motion motion, address target, address admin) private {
        if (motion == Motion.Archive) {
            c.archived = true;
            emit ConstellationArchived(id);
            return;
        }
        (Membership storage m, uint256 word, uint8 held, uint8 pending) = _memberRoles(id, target);
        if (motion == Motion.AppointAdmin) {
            // The offer waits for the target's acceptance; a new epoch keeps this motion's tally from being reused.
            unchecked {
                ++c.adminEpoch;
            }
            _setRoles(m, word, id, target, held, pending | Roles.ADMIN, Roles.ADMIN, admin);
            return;
        }
        if (held & Roles.ADMIN != 0) {
            _removeAdmin(c, id);
        } else {
            // Only an offer is withdrawn: the admins stay the same, but this motion's tally must not be reused.
            unchecked {
                ++c.adminEpoch;
            }
        }
        if (motion == Motion.DemoteAdmin) {
            _setRoles(m, word, id, target, held & ~Roles.ADMIN, pending & ~Roles.ADMIN, Roles.ADMIN, admin);
        } else {
            delete _memberships[id][target];
            emit MemberRemoved(id, target, admin);
        }
    }

    function _majority(uint32 admins) private pure returns (uint32) {
        return admins / 2 + 1;
    }

    function _motionKey(uint64 id, Motion motion, address target, uint32 epoch) private pure returns (bytes32) {
        return keccak256(abi.encode(id, motion, target, epoch));
    }

    function _checkDescription(string calldata name, string calldata purpose, string calldata uri) private pure {
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0) revert EmptyName();
        if (nameLength > _MAX_NAME) revert TextTooLong("name", nameLength, _MAX_NAME);
        if (bytes(purpose).length > _MAX_PURPOSE) revert TextTooLong("purpose", bytes(purpose).length, _MAX_PURPOSE);
        if (bytes(uri).length > _MAX_URI) revert TextTooLong("metadataURI", bytes(uri).length, _MAX_URI);
    }
}
