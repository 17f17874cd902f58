// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Constellations} from "../../../contracts/Constellations.sol";
import {IConstellations} from "../../../contracts/interfaces/IConstellations.sol";
import {ConstellationRoles as Roles} from "../../../contracts/libraries/ConstellationRoles.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title ConstellationsHandler
 * @notice The invariant runner's way into Constellations: every function takes fuzzed seeds, turns them into an action
 * of one of five registered companies on one of two constellations, and sends it either directly from the company or
 * through the company's operator (`actFor`). Reverts are caught: the runner explores what the contract allows.
 *
 * Around every action that succeeds the handler compares the admins and members of both constellations before and
 * after, and counts a violation whenever:
 *  - an admin lost ADMIN or its membership through an action of another company, unless that action was a vote that
 *    carried the matching motion on it, cast (with the votes before it) by a strict majority of the admins; the
 *    handler keeps its own tally of votes, cleared whenever the set of admins changes;
 *  - a non-admin member was removed by a company that was not an admin;
 *  - the set of admins changed but the contract's admin epoch did not (stale votes would count), or the other way;
 *  - the contract's adminCount differs from the number of companies holding ADMIN;
 *  - an action on one constellation changed another.
 */
contract ConstellationsHandler {
    uint256 public constant ACTORS = 5;
    uint64 public constant CONSTELLATIONS = 2;

    enum Pick {
        Any,
        Admin,
        Member,
        Invited,
        Requested,
        Pending
    }

    /// @dev Admins and members of every constellation at one moment; index 0 is unused.
    struct Snapshot {
        uint8[ACTORS][CONSTELLATIONS + 1] roles;
        uint8[ACTORS][CONSTELLATIONS + 1] pending;
        bool[ACTORS][CONSTELLATIONS + 1] member;
        uint32[CONSTELLATIONS + 1] epoch;
        uint32[CONSTELLATIONS + 1] adminCount;
    }

    /// @dev What the action under way was.
    struct Action {
        uint64 id;
        uint256 actor;
        bool isVote;
        IConstellations.Motion motion;
        uint256 target;
    }

    Constellations public immutable CONSTELLATIONS_CONTRACT;

    address[ACTORS] internal _companies;
    address[ACTORS] internal _operators;

    /// @notice Violations of the rules above; the invariant requires none.
    uint256 public violations;
    /// @notice What the first violation was.
    string public firstViolation;

    /// @notice Successful actions, motions carried, and admins removed or demoted by a motion (what was explored).
    uint256 public succeeded;
    uint256 public motionsCarried;
    uint256 public adminsOusted;

    /// @dev The handler's own tally: (id, motion, target index, ghost epoch) => bit mask of the actors that voted.
    mapping(bytes32 key => uint256 voters) internal _tally;
    uint256[CONSTELLATIONS + 1] internal _ghostEpoch;

    /// @param constellations The contract under test.
    /// @param companyAccounts Registered companies, each appointing the operator at the same index with every
    /// permission and no expiry to speak of.
    constructor(
        Constellations constellations,
        address[ACTORS] memory companyAccounts,
        address[ACTORS] memory operatorAccounts
    ) {
        CONSTELLATIONS_CONTRACT = constellations;
        _companies = companyAccounts;
        _operators = operatorAccounts;
    }

    // --------------------------------------------------------------------------------------------------------------
    // Actions
    // --------------------------------------------------------------------------------------------------------------

    function invite(
        uint256 actorSeed,
        uint256 idSeed,
        uint256 targetSeed,
        uint8 roles,
        uint32 lifetime,
        bool viaOperator
    ) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Admin);
        uint256 target = _pick(id, targetSeed, Pick.Any);
        uint64 expiresAt = uint64(block.timestamp + 1 + (lifetime % CONSTELLATIONS_CONTRACT.MAX_INVITATION_PERIOD()));
        // Half the invitations offer ADMIN, so that there are admins to vote and to oust.
        uint8 offered = roles & 0x80 == 0 ? roles | Roles.ADMIN : roles;
        _run(
            _plain(id, actor),
            viaOperator,
            abi.encodeCall(IConstellations.invite, (id, _companies[target], offered & Roles.ALL, expiresAt))
        );
    }

    function acceptInvitation(uint256 actorSeed, uint256 idSeed, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Invited);
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.acceptInvitation, (id)));
    }

    function requestToJoin(uint256 actorSeed, uint256 idSeed, uint8 roles, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Any);
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.requestToJoin, (id, roles & Roles.ALL)));
    }

    function approveJoinRequest(
        uint256 actorSeed,
        uint256 idSeed,
        uint256 targetSeed,
        uint8 roles,
        bool viaOperator
    ) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Admin);
        uint256 target = _pick(id, targetSeed, Pick.Requested);
        _run(
            _plain(id, actor),
            viaOperator,
            abi.encodeCall(IConstellations.approveJoinRequest, (id, _companies[target], roles & Roles.ALL))
        );
    }

    function grantRoles(uint256 actorSeed, uint256 idSeed, uint256 targetSeed, uint8 roles, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Admin);
        uint256 target = _pick(id, targetSeed, Pick.Member);
        _run(
            _plain(id, actor),
            viaOperator,
            abi.encodeCall(IConstellations.grantRoles, (id, _companies[target], roles & Roles.ALL))
        );
    }

    function revokeRoles(
        uint256 actorSeed,
        uint256 idSeed,
        uint256 targetSeed,
        uint8 roles,
        bool viaOperator
    ) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Admin);
        // Half the time at an admin, the case the rules guard.
        uint256 target = _pick(id, targetSeed, targetSeed & 1 == 0 ? Pick.Admin : Pick.Member);
        _run(
            _plain(id, actor),
            viaOperator,
            abi.encodeCall(IConstellations.revokeRoles, (id, _companies[target], roles & Roles.ALL))
        );
    }

    function acceptRoles(uint256 actorSeed, uint256 idSeed, uint8 roles, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Pending);
        uint8 pending = CONSTELLATIONS_CONTRACT.membershipOf(id, _companies[actor]).pendingRoles;
        uint8 accepted = pending & roles == 0 ? pending : pending & roles;
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.acceptRoles, (id, accepted)));
    }

    function leaveConstellation(uint256 actorSeed, uint256 idSeed, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Member);
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.leaveConstellation, (id)));
    }

    function removeMember(uint256 actorSeed, uint256 idSeed, uint256 targetSeed, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Admin);
        uint256 target = _pick(id, targetSeed, targetSeed & 1 == 0 ? Pick.Admin : Pick.Member);
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.removeMember, (id, _companies[target])));
    }

    function voteMotion(
        uint256 actorSeed,
        uint256 idSeed,
        uint256 motionSeed,
        uint256 targetSeed,
        bool viaOperator
    ) external {
        uint64 id = _id(idSeed);
        uint256 target = _pick(id, targetSeed, Pick.Admin);
        // Archiving ends most of the game, so it is rare. Within one admin epoch the votes on an admin mostly go to the
        // same motion, so that majorities form; the motion alternates from epoch to epoch.
        IConstellations.Motion motion;
        if (motionSeed % 64 == 0) motion = IConstellations.Motion.Archive;
        else if (motionSeed % 8 == 0) motion = IConstellations.Motion(motionSeed % 16 == 0 ? 0 : 1);
        else motion = IConstellations.Motion((_ghostEpoch[id] + target) % 2);
        address targetAccount = motion == IConstellations.Motion.Archive ? address(0) : _companies[target];
        uint256 actor = _pickVoter(id, actorSeed, motion, targetAccount);
        _run(
            Action({id: id, actor: actor, isVote: true, motion: motion, target: target}),
            viaOperator,
            abi.encodeCall(IConstellations.voteMotion, (id, motion, targetAccount))
        );
    }

    /// @notice Lets time pass (up to 30 days), so that invitations expire.
    function warp(uint32 seconds_) external {
        VM.warp(block.timestamp + 1 + (seconds_ % 30 days));
    }

    // --------------------------------------------------------------------------------------------------------------
    // Views for the invariants
    // --------------------------------------------------------------------------------------------------------------

    function companyAt(uint256 index) external view returns (address) {
        return _companies[index];
    }

    // --------------------------------------------------------------------------------------------------------------
    // Internals
    // --------------------------------------------------------------------------------------------------------------

    function _id(uint256 seed) private pure returns (uint64) {
        return uint64(1 + (seed % CONSTELLATIONS));
    }

    function _plain(uint64 id, uint256 actor) private pure returns (Action memory) {
        return Action({id: id, actor: actor, isVote: false, motion: IConstellations.Motion.DemoteAdmin, target: 0});
    }

    /// @dev An actor index from `seed`: mostly the first (from seed % ACTORS on) that fits `pick`, sometimes (one in
    /// eight) any actor at all, so that refusals are explored as well.
    function _pick(uint64 id, uint256 seed, Pick pick) private view returns (uint256) {
        uint256 start = seed % ACTORS;
        if (pick == Pick.Any || uint256(keccak256(abi.encode(seed))) % 8 == 0) return start;
        for (uint256 i; i < ACTORS; ++i) {
            uint256 index = (start + i) % ACTORS;
            IConstellations.Membership memory m = CONSTELLATIONS_CONTRACT.membershipOf(id, _companies[index]);
            bool fits;
            if (pick == Pick.Admin) fits = m.joinedAt != 0 && m.roles & Roles.ADMIN != 0;
            else if (pick == Pick.Member) fits = m.joinedAt != 0;
            else if (pick == Pick.Invited) fits = m.invitationExpiresAt > block.timestamp;
            else if (pick == Pick.Requested) fits = m.requestedAt != 0;
            else fits = m.pendingRoles != 0;
            if (fits) return index;
        }
        return start;
    }

    /// @dev Mostly an admin that has not voted for the motion yet (sometimes anyone, to explore refusals).
    function _pickVoter(
        uint64 id,
        uint256 seed,
        IConstellations.Motion motion,
        address target
    ) private view returns (uint256) {
        uint256 start = seed % ACTORS;
        if (uint256(keccak256(abi.encode(seed))) % 8 == 0) return start;
        for (uint256 i; i < ACTORS; ++i) {
            uint256 index = (start + i) % ACTORS;
            address company = _companies[index];
            if (
                CONSTELLATIONS_CONTRACT.hasRoles(id, company, Roles.ADMIN) &&
                !CONSTELLATIONS_CONTRACT.hasVoted(id, motion, target, company)
            ) return index;
        }
        return start;
    }

    /// @dev Sends `data` for `action.actor`, directly or through its operator; checks the rules if it succeeded.
    function _run(Action memory action, bool viaOperator, bytes memory data) private {
        Snapshot memory before = _snapshot();
        address company = _companies[action.actor];
        bool ok;
        if (viaOperator) {
            VM.prank(_operators[action.actor]);
            try CONSTELLATIONS_CONTRACT.actFor(company, data) {
                ok = true;
            } catch {
                ok = false;
            }
        } else {
            // The same calldata sent directly; a low-level call is the try/catch of an untyped call.
            VM.prank(company);
            // solhint-disable-next-line avoid-low-level-calls
            (ok, ) = address(CONSTELLATIONS_CONTRACT).call(data);
        }
        if (!ok) return;
        ++succeeded;
        _check(action, before, _snapshot());
    }

    function _snapshot() private view returns (Snapshot memory s) {
        for (uint64 id = 1; id <= CONSTELLATIONS; ++id) {
            IConstellations.Constellation memory c = CONSTELLATIONS_CONTRACT.constellationOf(id);
            s.epoch[id] = c.adminEpoch;
            s.adminCount[id] = c.adminCount;
            for (uint256 i; i < ACTORS; ++i) {
                IConstellations.Membership memory m = CONSTELLATIONS_CONTRACT.membershipOf(id, _companies[i]);
                s.roles[id][i] = m.roles;
                s.pending[id][i] = m.pendingRoles;
                s.member[id][i] = m.joinedAt != 0;
            }
        }
    }

    function _isAdmin(Snapshot memory s, uint64 id, uint256 i) private pure returns (bool) {
        return s.member[id][i] && s.roles[id][i] & Roles.ADMIN != 0;
    }

    function _check(Action memory action, Snapshot memory before, Snapshot memory afterwards) private {
        for (uint64 id = 1; id <= CONSTELLATIONS; ++id) {
            bool adminsChanged;
            uint256 adminsBefore;
            uint256 adminsAfter;
            for (uint256 i; i < ACTORS; ++i) {
                bool wasAdmin = _isAdmin(before, id, i);
                bool isAdmin = _isAdmin(afterwards, id, i);
                if (wasAdmin) ++adminsBefore;
                if (isAdmin) ++adminsAfter;
                if (wasAdmin != isAdmin) adminsChanged = true;
                bool changed =
                    before.member[id][i] != afterwards.member[id][i] ||
                        before.roles[id][i] != afterwards.roles[id][i] ||
                        before.pending[id][i] != afterwards.pending[id][i];
                if (changed && id != action.id) _violation("an action on one constellation changed another");
            }
            if (adminsChanged != (before.epoch[id] != afterwards.epoch[id])) {
                _violation("the admin epoch did not follow the set of admins");
            }
            if (afterwards.adminCount[id] != adminsAfter) _violation("adminCount differs from the admins");
            if (id == action.id) _checkAction(action, before, afterwards, adminsChanged, adminsBefore);
            if (adminsChanged) ++_ghostEpoch[id];
        }
    }

    function _checkAction(
        Action memory action,
        Snapshot memory before,
        Snapshot memory afterwards,
        bool adminsChanged,
        uint256 adminsBefore
    ) private {
        uint64 id = action.id;
        bool carried;
        if (action.isVote) {
            bool archive = action.motion == IConstellations.Motion.Archive;
            // An Archive vote is refused once archived, so `archived` now means this vote carried it.
            carried = archive ? CONSTELLATIONS_CONTRACT.constellationOf(id).archived : adminsChanged;
            bytes32 key = _tallyKey(id, action.motion, archive ? 0 : action.target);
            uint256 voters = _tally[key] | (1 << action.actor);
            if (!carried) {
                _tally[key] = voters;
            } else {
                ++motionsCarried;
                if (_popcount(voters) * 2 <= adminsBefore) _violation("a motion carried without a majority of admins");
                if (!archive) {
                    bool removed = !afterwards.member[id][action.target];
                    bool demoted = afterwards.member[id][action.target] && !_isAdmin(afterwards, id, action.target);
                    if (action.motion == IConstellations.Motion.RemoveAdmin ? !removed : !demoted) {
                        _violation("a carried motion did not do what it says");
                    }
                }
            }
        }
        for (uint256 i; i < ACTORS; ++i) {
            bool lostMembership = before.member[id][i] && !afterwards.member[id][i];
            bool lostAdmin = _isAdmin(before, id, i) && !_isAdmin(afterwards, id, i);
            if (i == action.actor || !(lostMembership || lostAdmin)) continue;
            // Someone else's action took membership or ADMIN away from company i.
            if (!_isAdmin(before, id, action.actor)) {
                _violation("a company that is not an admin removed a member");
            } else if (lostAdmin) {
                if (!carried || action.target != i || action.motion == IConstellations.Motion.Archive) {
                    _violation("an admin lost ADMIN or membership without a motion");
                } else {
                    ++adminsOusted;
                }
            }
        }
    }

    function _tallyKey(uint64 id, IConstellations.Motion motion, uint256 target) private view returns (bytes32) {
        return keccak256(abi.encode(id, motion, target, _ghostEpoch[id]));
    }

    function _popcount(uint256 x) private pure returns (uint256 n) {
        for (; x != 0; x &= x - 1) ++n;
    }

    function _violation(string memory what) private {
        if (violations == 0) firstViolation = what;
        ++violations;
    }
}
