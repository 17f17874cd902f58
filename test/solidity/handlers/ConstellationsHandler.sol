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
 * Admins are made the only way the contract allows: a motion to appoint (Motion.AppointAdmin) carried by a strict
 * majority of the admins offers ADMIN, and the member accepts it (acceptRoles) or declines it. Invitations, requests,
 * approvals and grants go without ADMIN, but one time in four with it, to explore the refusal.
 *
 * Around every action that succeeds the handler compares the admins, members and offers of ADMIN of both constellations
 * before and after, and counts a violation whenever:
 *  - a company was offered ADMIN (pending) other than by a vote carrying an AppointAdmin motion on it, cast (with the
 *    votes before it) by a strict majority of the admins; the handler keeps its own tally of votes per admin epoch;
 *  - a company came to hold ADMIN other than by accepting, itself, an offer made that way;
 *  - a company holding or offered ADMIN lost it, or its membership, through an action of another company, unless that
 *    action was a vote that carried the matching motion (demote, remove) on it, cast by a strict majority of the
 *    admins;
 *  - a member was removed, or a motion voted, by a company that was not an admin;
 *  - an archived constellation took a member or gave a role (ADMIN offered by a motion included);
 *  - a vote that reported carrying its motion did not do what the motion says;
 *  - an invitation or a request to join carries ADMIN;
 *  - the contract's admin epoch did not advance exactly when the set of admins changed or a motion on an admin seat
 *    (appoint, demote, remove) carried;
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
        Pending,
        // A member offered ADMIN (pending), not yet holding it.
        Offered,
        // A member holding ADMIN or offered it.
        Seat,
        // A member neither holding nor offered ADMIN.
        Appointable
    }

    /// @dev Admins, members and offers of ADMIN of every constellation at one moment; index 0 is unused.
    struct Snapshot {
        uint8[ACTORS][CONSTELLATIONS + 1] roles;
        uint8[ACTORS][CONSTELLATIONS + 1] pending;
        bool[ACTORS][CONSTELLATIONS + 1] member;
        // An open invitation or request to join names ADMIN.
        bool[ACTORS][CONSTELLATIONS + 1] invitedOrAskedAsAdmin;
        uint32[CONSTELLATIONS + 1] epoch;
        uint32[CONSTELLATIONS + 1] adminCount;
        bool[CONSTELLATIONS + 1] archived;
    }

    /// @dev What the action under way was, and for a vote whether the contract reported it carried the motion.
    struct Action {
        uint64 id;
        uint256 actor;
        bool isVote;
        IConstellations.Motion motion;
        uint256 target;
        bool carried;
    }

    Constellations public immutable CONSTELLATIONS_CONTRACT;

    address[ACTORS] internal _companies;
    address[ACTORS] internal _operators;

    /// @notice Violations of the rules above; the invariant requires none.
    uint256 public violations;
    /// @notice What the first violation was.
    string public firstViolation;

    /// @notice What was explored: successful actions, motions carried, admins removed or demoted by a motion, members
    /// offered ADMIN by a motion, offers of ADMIN accepted, and offers withdrawn by a motion.
    uint256 public succeeded;
    uint256 public motionsCarried;
    uint256 public adminsOusted;
    uint256 public adminsAppointed;
    uint256 public adminsAccepted;
    uint256 public offersWithdrawn;

    /// @dev The handler's own tally: (id, motion, target index, ghost epoch) => bit mask of the actors that voted.
    mapping(bytes32 key => uint256 voters) internal _tally;
    uint256[CONSTELLATIONS + 1] internal _ghostEpoch;
    /// @dev Whether company i's offer of ADMIN in a constellation came from a motion the handler saw carried by a
    /// majority; cleared when the offer goes.
    bool[ACTORS][CONSTELLATIONS + 1] internal _appointedByMajority;

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
        _run(
            _plain(id, actor),
            viaOperator,
            abi.encodeCall(IConstellations.invite, (id, _companies[target], _roles(roles), expiresAt))
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
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.requestToJoin, (id, _roles(roles))));
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
            abi.encodeCall(IConstellations.approveJoinRequest, (id, _companies[target], _roles(roles)))
        );
    }

    function grantRoles(uint256 actorSeed, uint256 idSeed, uint256 targetSeed, uint8 roles, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Admin);
        uint256 target = _pick(id, targetSeed, Pick.Member);
        _run(
            _plain(id, actor),
            viaOperator,
            abi.encodeCall(IConstellations.grantRoles, (id, _companies[target], _roles(roles)))
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
        // Half the time at an admin or a member offered ADMIN, the cases the rules guard. An admin giving up its own
        // ADMIN thins the board that motions need, so it tries that only one time in eight.
        uint256 target = _pick(id, targetSeed, _guarded(targetSeed));
        uint8 revoked = roles & Roles.ALL;
        if (target == actor && roles & 0xc0 != 0) revoked &= ~Roles.ADMIN;
        _run(
            _plain(id, actor),
            viaOperator,
            abi.encodeCall(IConstellations.revokeRoles, (id, _companies[target], revoked))
        );
    }

    /// @notice Mostly (three times in four) a member offered ADMIN accepts it, and only it; otherwise a member accepts
    /// some of its pending roles, or now and then roles it was not offered (ADMIN among them), a refusal.
    function acceptRoles(uint256 actorSeed, uint256 idSeed, uint8 roles, bool viaOperator) external {
        bool admin = roles & 0xc0 != 0xc0;
        // Offers of ADMIN are few and may not last: look for one in either constellation.
        uint64 id = admin ? _idWith(_id(idSeed), Pick.Offered) : _id(idSeed);
        uint256 actor = _pick(id, actorSeed, admin ? Pick.Offered : Pick.Pending);
        uint8 accepted = _somePending(id, actor, roles, admin, actorSeed);
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.acceptRoles, (id, accepted)));
    }

    /// @notice Like acceptRoles, declining instead; an offer of ADMIN is turned down one time in four.
    function declineRoles(uint256 actorSeed, uint256 idSeed, uint8 roles, bool viaOperator) external {
        uint64 id = _id(idSeed);
        bool admin = roles & 0xc0 == 0;
        uint256 actor = _pick(id, actorSeed, admin ? Pick.Offered : Pick.Pending);
        uint8 declined = _somePending(id, actor, roles, admin, actorSeed);
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.declineRoles, (id, declined)));
    }

    /// @notice Mostly a member that is no admin leaves (admins are harder to come by); one time in four any member.
    function leaveConstellation(uint256 actorSeed, uint256 idSeed, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, (actorSeed >> 8) % 4 == 0 ? Pick.Member : Pick.Appointable);
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.leaveConstellation, (id)));
    }

    function removeMember(uint256 actorSeed, uint256 idSeed, uint256 targetSeed, bool viaOperator) external {
        uint64 id = _id(idSeed);
        uint256 actor = _pick(id, actorSeed, Pick.Admin);
        uint256 target = _pick(id, targetSeed, _guarded(targetSeed));
        _run(_plain(id, actor), viaOperator, abi.encodeCall(IConstellations.removeMember, (id, _companies[target])));
    }

    /// @notice A vote for a motion: mostly on a member, half the time one holding or offered ADMIN (DemoteAdmin or
    /// RemoveAdmin), half the time one that is not (AppointAdmin); rarely Archive.
    function voteMotion(
        uint256 actorSeed,
        uint256 idSeed,
        uint256 motionSeed,
        uint256 targetSeed,
        bool viaOperator
    ) external {
        uint64 id = _id(idSeed);
        // Archiving ends most of the game, so it is rare.
        IConstellations.Motion motion = IConstellations.Motion.Archive;
        uint256 target;
        address targetAccount;
        if (motionSeed % 32 != 0) {
            target = _pickTarget(id, targetSeed, (motionSeed >> 8) % 2 == 0 ? Pick.Appointable : Pick.Seat);
            targetAccount = _companies[target];
            IConstellations.Membership memory m = CONSTELLATIONS_CONTRACT.membershipOf(id, targetAccount);
            if ((m.roles | m.pendingRoles) & Roles.ADMIN == 0) {
                // A member neither holding nor offered ADMIN (or anyone, when the pick explores) is to be appointed.
                motion = IConstellations.Motion.AppointAdmin;
            } else if ((motionSeed >> 16) % 8 == 0) {
                motion = IConstellations.Motion((motionSeed >> 24) % 2);
            } else {
                motion = _seatMotion(id, target);
            }
        }
        uint256 actor = _pickVoter(id, actorSeed, motion, targetAccount);
        _run(
            Action({id: id, actor: actor, isVote: true, motion: motion, target: target, carried: false}),
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
        return
            Action({
                id: id,
                actor: actor,
                isVote: false,
                motion: IConstellations.Motion.DemoteAdmin,
                target: 0,
                carried: false
            });
    }

    /// @dev `seed` as a role mask without ADMIN, but one time in four with it, so that the refusal is explored.
    function _roles(uint8 seed) private pure returns (uint8) {
        return seed & 0xc0 == 0xc0 ? (seed & Roles.ALL) | Roles.ADMIN : seed & Roles.ALL & ~Roles.ADMIN;
    }

    /// @dev What to aim a revocation or a removal at: an admin or a member offered ADMIN (a quarter of the time each:
    /// only a motion may take those), or any member.
    function _guarded(uint256 seed) private pure returns (Pick) {
        uint256 which = (seed >> 1) % 4;
        if (which == 0) return Pick.Admin;
        if (which == 1) return Pick.Offered;
        return Pick.Member;
    }

    /// @dev Roles pending for `actor` to accept or decline: ADMIN alone if `admin` and it is offered, else those of
    /// `roles` pending (all pending ones if none is); one time in eight `roles` as they come, pending or not.
    function _somePending(
        uint64 id,
        uint256 actor,
        uint8 roles,
        bool admin,
        uint256 seed
    ) private view returns (uint8) {
        if ((seed >> 32) % 8 == 0) return roles & Roles.ALL;
        uint8 pending = CONSTELLATIONS_CONTRACT.membershipOf(id, _companies[actor]).pendingRoles;
        if (admin && pending & Roles.ADMIN != 0) return Roles.ADMIN;
        return pending & roles == 0 ? pending : pending & roles;
    }

    /// @dev An actor index from `seed`: mostly the first (from seed % ACTORS on) that fits `pick`, sometimes (one in
    /// eight) any actor at all, so that refusals are explored as well.
    function _pick(uint64 id, uint256 seed, Pick pick) private view returns (uint256) {
        uint256 start = seed % ACTORS;
        if (pick == Pick.Any || uint256(keccak256(abi.encode(seed))) % 8 == 0) return start;
        for (uint256 i; i < ACTORS; ++i) {
            uint256 index = (start + i) % ACTORS;
            if (_fits(id, index, pick)) return index;
        }
        return start;
    }

    function _fits(uint64 id, uint256 index, Pick pick) private view returns (bool) {
        IConstellations.Membership memory m = CONSTELLATIONS_CONTRACT.membershipOf(id, _companies[index]);
        if (pick == Pick.Admin) return m.joinedAt != 0 && m.roles & Roles.ADMIN != 0;
        if (pick == Pick.Member) return m.joinedAt != 0;
        if (pick == Pick.Invited) return m.invitationExpiresAt > block.timestamp;
        if (pick == Pick.Requested) return m.requestedAt != 0;
        if (pick == Pick.Pending) return m.pendingRoles != 0;
        if (pick == Pick.Offered) return m.pendingRoles & Roles.ADMIN != 0;
        if (pick == Pick.Seat) return m.joinedAt != 0 && (m.roles | m.pendingRoles) & Roles.ADMIN != 0;
        if (pick == Pick.Appointable) return m.joinedAt != 0 && (m.roles | m.pendingRoles) & Roles.ADMIN == 0;
        return true;
    }

    /// @dev `id`, or the other constellation if no member of `id` but one of the other fits `pick`.
    function _idWith(uint64 id, Pick pick) private view returns (uint64) {
        uint64 other = _id(id);
        for (uint256 i; i < ACTORS; ++i) if (_fits(id, i, pick)) return id;
        for (uint256 i; i < ACTORS; ++i) if (_fits(other, i, pick)) return other;
        return id;
    }

    /// @dev The motion mostly voted on company `target`, holding or offered ADMIN, in this admin epoch: demotion or
    /// removal, alternating from epoch to epoch, so that the votes of one epoch go to the same motion.
    function _seatMotion(uint64 id, uint256 target) private view returns (IConstellations.Motion) {
        return IConstellations.Motion((_ghostEpoch[id] + target) % 2);
    }

    /// @dev A target for a motion that fits `pick`: three times in four one whose motion has votes in this epoch
    /// already (if any), so that majorities form; otherwise, for a seat, half the time a member offered ADMIN (if any:
    /// offers are few and short-lived); otherwise as `_pick` has it.
    function _pickTarget(uint64 id, uint256 seed, Pick pick) private view returns (uint256) {
        uint256 start = seed % ACTORS;
        if ((seed >> 64) % 4 != 0) {
            for (uint256 i; i < ACTORS; ++i) {
                uint256 index = (start + i) % ACTORS;
                if (!_fits(id, index, pick)) continue;
                IConstellations.Motion motion =
                    pick == Pick.Appointable ? IConstellations.Motion.AppointAdmin : _seatMotion(id, index);
                if (_tally[_tallyKey(id, motion, index)] != 0) return index;
            }
        }
        if (pick == Pick.Seat && (seed >> 72) % 2 == 0) {
            for (uint256 i; i < ACTORS; ++i) {
                uint256 index = (start + i) % ACTORS;
                if (_fits(id, index, Pick.Offered)) return index;
            }
        }
        return _pick(id, seed, pick);
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
        bytes memory result;
        if (viaOperator) {
            VM.prank(_operators[action.actor]);
            try CONSTELLATIONS_CONTRACT.actFor(company, data) returns (bytes memory returned) {
                (ok, result) = (true, returned);
            } catch {
                ok = false;
            }
        } else {
            // The same calldata sent directly; a low-level call is the try/catch of an untyped call.
            VM.prank(company);
            // solhint-disable-next-line avoid-low-level-calls
            (ok, result) = address(CONSTELLATIONS_CONTRACT).call(data);
        }
        if (!ok) return;
        ++succeeded;
        // voteMotion returns whether this vote carried the motion.
        if (action.isVote) action.carried = abi.decode(result, (bool));
        _check(action, before, _snapshot());
    }

    function _snapshot() private view returns (Snapshot memory s) {
        for (uint64 id = 1; id <= CONSTELLATIONS; ++id) {
            IConstellations.Constellation memory c = CONSTELLATIONS_CONTRACT.constellationOf(id);
            s.epoch[id] = c.adminEpoch;
            s.adminCount[id] = c.adminCount;
            s.archived[id] = c.archived;
            for (uint256 i; i < ACTORS; ++i) {
                IConstellations.Membership memory m = CONSTELLATIONS_CONTRACT.membershipOf(id, _companies[i]);
                s.roles[id][i] = m.roles;
                s.pending[id][i] = m.pendingRoles;
                s.member[id][i] = m.joinedAt != 0;
                s.invitedOrAskedAsAdmin[id][i] =
                    (m.invitationExpiresAt != 0 && m.invitedRoles & Roles.ADMIN != 0) ||
                    (m.requestedAt != 0 && m.requestedRoles & Roles.ADMIN != 0);
            }
        }
    }

    function _isAdmin(Snapshot memory s, uint64 id, uint256 i) private pure returns (bool) {
        return s.member[id][i] && s.roles[id][i] & Roles.ADMIN != 0;
    }

    function _isOffered(Snapshot memory s, uint64 id, uint256 i) private pure returns (bool) {
        return s.member[id][i] && s.pending[id][i] & Roles.ADMIN != 0;
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
                if (afterwards.invitedOrAskedAsAdmin[id][i]) _violation("an invitation or a request carries ADMIN");
            }
            // The contract advances its epoch when the admins change and when a motion on an admin seat carries (an
            // appointment, or a demotion or removal, which may only withdraw an offer); so does the handler's tally.
            bool seatMotion =
                id == action.id && action.isVote && action.carried && action.motion != IConstellations.Motion.Archive;
            bool newEpoch = adminsChanged || seatMotion;
            if (newEpoch != (before.epoch[id] != afterwards.epoch[id])) {
                _violation("the admin epoch did not follow the admins and the motions on them");
            }
            if (afterwards.adminCount[id] != adminsAfter) _violation("adminCount differs from the admins");
            if (id == action.id) _checkAction(action, before, afterwards, adminsBefore);
            if (newEpoch) ++_ghostEpoch[id];
        }
    }

    function _checkAction(
        Action memory action,
        Snapshot memory before,
        Snapshot memory afterwards,
        uint256 adminsBefore
    ) private {
        if (action.isVote) _checkVote(action, before, afterwards, adminsBefore);
        uint64 id = action.id;
        for (uint256 i; i < ACTORS; ++i) {
            bool wasOffered = _isOffered(before, id, i);
            bool isOffered = _isOffered(afterwards, id, i);
            bool wasAdmin = _isAdmin(before, id, i);
            bool isAdmin = _isAdmin(afterwards, id, i);
            // An archived constellation takes no new members and no new roles, pending or in effect.
            if (before.archived[id] && _gainedAnything(before, afterwards, id, i)) {
                _violation("an archived constellation took a member or gave a role");
            }
            // Gains: an offer of ADMIN only from a majority motion on the company; ADMIN only by accepting such an
            // offer, which the company does itself.
            if (!wasOffered && isOffered) {
                if (!_carriedOn(action, IConstellations.Motion.AppointAdmin, i)) {
                    _violation("a company was offered ADMIN without a majority motion");
                }
                _appointedByMajority[id][i] = true;
            }
            if (!wasAdmin && isAdmin) {
                if (i != action.actor || !wasOffered || !_appointedByMajority[id][i]) {
                    _violation("a company became an admin without a majority motion and its own acceptance");
                } else {
                    ++adminsAccepted;
                }
            }
            if (!isOffered) _appointedByMajority[id][i] = false;
            if (i != action.actor) _checkLoss(action, before, afterwards, i);
        }
    }

    /// @dev Checks what company `i` lost through someone else's action.
    function _checkLoss(Action memory action, Snapshot memory before, Snapshot memory afterwards, uint256 i) private {
        uint64 id = action.id;
        bool wasOffered = _isOffered(before, id, i);
        bool wasAdmin = _isAdmin(before, id, i);
        bool isAdmin = _isAdmin(afterwards, id, i);
        bool lostMembership = before.member[id][i] && !afterwards.member[id][i];
        bool lostSeat = (wasAdmin && !isAdmin) || (wasOffered && !_isOffered(afterwards, id, i) && !isAdmin);
        if (!(lostMembership || lostSeat)) return;
        if (!_isAdmin(before, id, action.actor)) {
            _violation("a company that is not an admin removed a member");
        } else if (wasAdmin || wasOffered) {
            IConstellations.Motion ousting =
                lostMembership ? IConstellations.Motion.RemoveAdmin : IConstellations.Motion.DemoteAdmin;
            if (!_carriedOn(action, ousting, i)) {
                _violation("an admin or a member offered ADMIN lost it or its membership without a motion");
            } else if (wasAdmin) {
                ++adminsOusted;
            } else {
                ++offersWithdrawn;
            }
        }
    }

    /// @dev Records a vote in the handler's tally; for a vote that carried, checks the majority and the effect.
    function _checkVote(
        Action memory action,
        Snapshot memory before,
        Snapshot memory afterwards,
        uint256 adminsBefore
    ) private {
        uint64 id = action.id;
        if (!_isAdmin(before, id, action.actor)) _violation("a company that is not an admin voted");
        bool archive = action.motion == IConstellations.Motion.Archive;
        bytes32 key = _tallyKey(id, action.motion, archive ? 0 : action.target);
        uint256 voters = _tally[key] | (1 << action.actor);
        if (!action.carried) {
            _tally[key] = voters;
            return;
        }
        ++motionsCarried;
        if (_popcount(voters) * 2 <= adminsBefore) _violation("a motion carried without a majority of admins");
        uint256 t = action.target;
        bool done;
        if (archive) {
            done = !before.archived[id] && afterwards.archived[id];
        } else if (action.motion == IConstellations.Motion.RemoveAdmin) {
            done = !afterwards.member[id][t];
        } else if (action.motion == IConstellations.Motion.DemoteAdmin) {
            done = afterwards.member[id][t] && !_isAdmin(afterwards, id, t) && !_isOffered(afterwards, id, t);
        } else {
            done = !_isOffered(before, id, t) && _isOffered(afterwards, id, t) && !_isAdmin(afterwards, id, t);
            if (done) ++adminsAppointed;
        }
        if (!done) _violation("a carried motion did not do what it says");
    }

    /// @dev Whether company `i` joined, or gained a role in effect or pending, in constellation `id`.
    function _gainedAnything(
        Snapshot memory before,
        Snapshot memory afterwards,
        uint64 id,
        uint256 i
    ) private pure returns (bool) {
        if (!afterwards.member[id][i]) return false;
        return
            !before.member[id][i] ||
            afterwards.roles[id][i] & ~before.roles[id][i] != 0 ||
            afterwards.pending[id][i] & ~before.pending[id][i] != 0;
    }

    /// @dev Whether `action` is a vote that carried `motion` on company `i` (its majority is checked in _checkVote).
    function _carriedOn(Action memory action, IConstellations.Motion motion, uint256 i) private pure returns (bool) {
        return action.isVote && action.carried && action.motion == motion && action.target == i;
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
