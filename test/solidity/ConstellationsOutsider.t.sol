// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Companies} from "../../contracts/Companies.sol";
import {Constellations} from "../../contracts/Constellations.sol";
import {IActsForCompanies} from "../../contracts/interfaces/IActsForCompanies.sol";
import {ICompanies} from "../../contracts/interfaces/ICompanies.sol";
import {IConstellations} from "../../contracts/interfaces/IConstellations.sol";
import {ConstellationRoles as Roles} from "../../contracts/libraries/ConstellationRoles.sol";
import {TestBase} from "./utils/TestBase.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title ConstellationsOutsiderTest
 * @notice Fuzz tests: an account outside a constellation cannot change it.
 */
contract ConstellationsOutsiderTest is TestBase {
    uint64 private constant _ID = 1;

    Companies internal _companies;
    Constellations internal _constellations;

    address internal _founder = address(0xF0F0F0);
    address internal _admin2 = address(0xAD2AD2);
    address internal _member = address(0x3E3B3E);
    address internal _invitee = address(0x1A71EE);
    address internal _requester = address(0x4E9E57);
    address internal _appointee = address(0xA99017);

    /// @dev Constellation 1: the founder and admin2 are admins (admin2 appointed by the founder's motion, which its
    /// vote alone carried, and accepted), the member a SUPPLIER with VERIFIER pending, the appointee a LOGISTICS
    /// offered ADMIN by both admins and not yet accepting it; the invitee holds an open invitation and the requester an
    /// open request; the founder voted to demote admin2 and to appoint the member (two open motions).
    function setUp() public {
        VM.warp(1_750_000_000);
        _companies = new Companies();
        _constellations = new Constellations(_companies);
        address[6] memory accounts = [_founder, _admin2, _member, _invitee, _requester, _appointee];
        for (uint256 i; i < accounts.length; ++i) {
            VM.prank(accounts[i]);
            _companies.register(ICompanies.Profile("Company", "", "", bytes32(0), ""));
        }
        VM.startPrank(_founder);
        _constellations.create("Cotton", "", "", bytes32(0));
        _constellations.invite(_ID, _admin2, 0, uint64(block.timestamp + 1 days));
        _constellations.invite(_ID, _member, Roles.SUPPLIER, uint64(block.timestamp + 1 days));
        _constellations.invite(_ID, _appointee, Roles.LOGISTICS, uint64(block.timestamp + 1 days));
        _constellations.invite(_ID, _invitee, Roles.RETAILER, uint64(block.timestamp + 30 days));
        VM.stopPrank();
        VM.prank(_admin2);
        _constellations.acceptInvitation(_ID);
        VM.prank(_member);
        _constellations.acceptInvitation(_ID);
        VM.prank(_appointee);
        _constellations.acceptInvitation(_ID);
        VM.prank(_requester);
        _constellations.requestToJoin(_ID, Roles.PRODUCER);
        VM.prank(_founder);
        _constellations.voteMotion(_ID, IConstellations.Motion.AppointAdmin, _admin2);
        VM.prank(_admin2);
        _constellations.acceptRoles(_ID, Roles.ADMIN);
        VM.prank(_founder);
        _constellations.voteMotion(_ID, IConstellations.Motion.AppointAdmin, _appointee);
        VM.prank(_admin2);
        _constellations.voteMotion(_ID, IConstellations.Motion.AppointAdmin, _appointee);
        VM.startPrank(_founder);
        _constellations.grantRoles(_ID, _member, Roles.VERIFIER);
        _constellations.voteMotion(_ID, IConstellations.Motion.DemoteAdmin, _admin2);
        _constellations.voteMotion(_ID, IConstellations.Motion.AppointAdmin, _member);
        VM.stopPrank();
        assertTrue(_constellations.hasRoles(_ID, _admin2, Roles.ADMIN), "setUp: admin2 is no admin");
        assertEq(_constellations.membershipOf(_ID, _appointee).pendingRoles, Roles.ADMIN, "setUp: no offer of ADMIN");
    }

    /**
     * Property (c): no account outside a constellation changes it. An arbitrary address that is not a member and holds
     * no invitation, registered as a company or not, calls every state-changing function of Constellations on the
     * constellation, directly and wrapped in `actFor` as if it acted for the founder: every call reverts, and the
     * constellation, every membership, invitation, request, pending role (the offer of ADMIN included) and the open
     * motions are exactly as before. In particular an outsider cannot vote itself or anyone else into ADMIN.
     */
    function testOutsiderCannotChangeAConstellation(
        address outsider,
        bool registered,
        uint8 roles,
        uint32 lifetime
    ) public {
        _assumeOutsider(outsider);
        if (registered) {
            VM.prank(outsider);
            _companies.register(ICompanies.Profile("Outsider", "", "", bytes32(0), ""));
        }
        uint64 expiresAt = uint64(block.timestamp + 1 + (lifetime % 90 days));
        bytes32 before = _state(outsider);

        bytes[] memory calls = _everyCall(outsider, roles, expiresAt);
        for (uint256 i; i < calls.length; ++i) {
            // Directly, as itself...
            VM.prank(outsider);
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, ) = address(_constellations).call(calls[i]);
            assertTrue(!ok, "an outsider's call succeeded");
            // ...and pretending to act for the founder, an admin: the operator check refuses it.
            VM.prank(outsider);
            try _constellations.actFor(_founder, calls[i]) {
                assertTrue(false, "an outsider acted for the founder");
            } catch (bytes memory reason) {
                bytes memory notActing = abi.encodeWithSelector(
                    IActsForCompanies.NotActingFor.selector,
                    _founder,
                    outsider,
                    0
                );
                assertEq(keccak256(reason), keccak256(notActing), "refused for another reason");
            }
        }
        // Even requestToJoin, which an unregistered account may not send at all.
        if (!registered) {
            VM.expectRevert(abi.encodeWithSelector(ICompanies.CompanyNotRegistered.selector, outsider));
            VM.prank(outsider);
            _constellations.requestToJoin(_ID, roles & Roles.ALL);
        }
        assertEq(_state(outsider), before, "an outsider changed the constellation");
    }

    /**
     * Property (c), the one thing an outsider may do: a registered outsider may ask to join, though not as an admin
     * (asking for ADMIN is refused). That records its own request and nothing else: it does not become a member, gains
     * no role, and no one else's membership, the constellation or the open motions change.
     */
    function testOutsiderRequestChangesOnlyItsOwnRequest(address outsider, uint8 roles) public {
        _assumeOutsider(outsider);
        VM.prank(outsider);
        _companies.register(ICompanies.Profile("Outsider", "", "", bytes32(0), ""));
        bytes32 others = _othersState();
        VM.expectRevert(abi.encodeWithSelector(IConstellations.AdminChangeNeedsMajority.selector, _ID, outsider));
        VM.prank(outsider);
        _constellations.requestToJoin(_ID, (roles & Roles.ALL) | Roles.ADMIN);
        uint8 asked = roles & Roles.ALL & ~Roles.ADMIN;
        VM.prank(outsider);
        _constellations.requestToJoin(_ID, asked);
        IConstellations.Membership memory m = _constellations.membershipOf(_ID, outsider);
        assertEq(m.joinedAt, 0, "joined by asking");
        assertEq(m.roles, 0, "holds roles by asking");
        assertEq(m.pendingRoles, 0, "has pending roles by asking");
        assertEq(m.requestedRoles, asked, "request not recorded");
        assertEq(m.requestedAt, block.timestamp, "request time not recorded");
        assertEq(_othersState(), others, "a request changed someone else");
        // Still an outsider in every other respect: admin calls keep failing.
        VM.expectRevert(abi.encodeWithSelector(IConstellations.MissingRoles.selector, _ID, outsider, Roles.ADMIN, 0));
        VM.prank(outsider);
        _constellations.approveJoinRequest(_ID, outsider, Roles.ALL);
    }

    function _assumeOutsider(address outsider) internal view {
        assumeFresh(outsider);
        VM.assume(
            outsider != _founder &&
                outsider != _admin2 &&
                outsider != _member &&
                outsider != _invitee &&
                outsider != _requester &&
                outsider != _appointee &&
                outsider != address(_companies) &&
                outsider != address(_constellations)
        );
    }

    /// @dev Every state-changing function of Constellations that names constellation 1 (but requestToJoin, tested on
    /// its own), with the arguments an admin or a member would use, aimed at the outsider itself and at the members.
    function _everyCall(address outsider, uint8 roles, uint64 expiresAt) internal view returns (bytes[] memory calls) {
        calls = new bytes[](32);
        uint256 n;
        calls[n++] = abi.encodeCall(IConstellations.update, (_ID, "Taken", "", "", bytes32(0)));
        calls[n++] = abi.encodeCall(IConstellations.invite, (_ID, outsider, roles, expiresAt));
        calls[n++] = abi.encodeCall(IConstellations.invite, (_ID, address(0xBEEF), roles, expiresAt));
        calls[n++] = abi.encodeCall(IConstellations.withdrawInvitation, (_ID, _invitee));
        calls[n++] = abi.encodeCall(IConstellations.declineInvitation, (_ID));
        calls[n++] = abi.encodeCall(IConstellations.acceptInvitation, (_ID));
        calls[n++] = abi.encodeCall(IConstellations.cancelJoinRequest, (_ID));
        calls[n++] = abi.encodeCall(IConstellations.approveJoinRequest, (_ID, _requester, roles));
        calls[n++] = abi.encodeCall(IConstellations.approveJoinRequest, (_ID, outsider, roles));
        calls[n++] = abi.encodeCall(IConstellations.rejectJoinRequest, (_ID, _requester));
        calls[n++] = abi.encodeCall(IConstellations.grantRoles, (_ID, _member, roles));
        calls[n++] = abi.encodeCall(IConstellations.grantRoles, (_ID, outsider, roles));
        calls[n++] = abi.encodeCall(IConstellations.revokeRoles, (_ID, _member, roles));
        calls[n++] = abi.encodeCall(IConstellations.revokeRoles, (_ID, _founder, Roles.ADMIN));
        calls[n++] = abi.encodeCall(IConstellations.acceptRoles, (_ID, roles));
        calls[n++] = abi.encodeCall(IConstellations.acceptRoles, (_ID, Roles.VERIFIER));
        calls[n++] = abi.encodeCall(IConstellations.declineRoles, (_ID, roles));
        calls[n++] = abi.encodeCall(IConstellations.removeMember, (_ID, _member));
        calls[n++] = abi.encodeCall(IConstellations.removeMember, (_ID, _admin2));
        calls[n++] = abi.encodeCall(IConstellations.leaveConstellation, (_ID));
        calls[n++] = abi.encodeCall(IConstellations.voteMotion, (_ID, IConstellations.Motion.DemoteAdmin, _admin2));
        calls[n++] = abi.encodeCall(IConstellations.voteMotion, (_ID, IConstellations.Motion.RemoveAdmin, _admin2));
        calls[n++] = abi.encodeCall(IConstellations.voteMotion, (_ID, IConstellations.Motion.DemoteAdmin, _founder));
        calls[n++] = abi.encodeCall(IConstellations.voteMotion, (_ID, IConstellations.Motion.Archive, address(0)));
        calls[n++] = abi.encodeCall(IConstellations.acceptRoles, (_ID, Roles.ADMIN));
        calls[n++] = abi.encodeCall(IConstellations.declineRoles, (_ID, Roles.VERIFIER));
        calls[n++] = abi.encodeCall(IConstellations.voteMotion, (_ID, IConstellations.Motion.AppointAdmin, _member));
        calls[n++] = abi.encodeCall(IConstellations.voteMotion, (_ID, IConstellations.Motion.AppointAdmin, outsider));
        calls[n++] = abi.encodeCall(IConstellations.grantRoles, (_ID, outsider, Roles.ADMIN));
        calls[n++] = abi.encodeCall(IConstellations.revokeRoles, (_ID, _appointee, Roles.ADMIN));
        calls[n++] = abi.encodeCall(IConstellations.removeMember, (_ID, _appointee));
        calls[n++] = abi.encodeCall(IConstellations.declineRoles, (_ID, Roles.ADMIN));
        assert(n == calls.length);
    }

    /// @dev Everything about constellation 1 and the accounts concerned, hashed.
    function _state(address outsider) internal view returns (bytes32) {
        return keccak256(abi.encode(_othersState(), _constellations.membershipOf(_ID, outsider)));
    }

    /// @dev Everything about constellation 1 except the outsider's own record, hashed.
    function _othersState() internal view returns (bytes32) {
        (uint32 demoteVotes, ) = _constellations.motionVotes(_ID, IConstellations.Motion.DemoteAdmin, _admin2);
        (uint32 archiveVotes, ) = _constellations.motionVotes(_ID, IConstellations.Motion.Archive, address(0));
        (uint32 appointVotes, ) = _constellations.motionVotes(_ID, IConstellations.Motion.AppointAdmin, _member);
        return
            keccak256(
                abi.encode(
                    _constellations.constellationOf(_ID),
                    _constellations.membershipOf(_ID, _founder),
                    _constellations.membershipOf(_ID, _admin2),
                    _constellations.membershipOf(_ID, _member),
                    _constellations.membershipOf(_ID, _invitee),
                    _constellations.membershipOf(_ID, _requester),
                    _constellations.membershipOf(_ID, _appointee),
                    _constellations.membershipOf(_ID, address(0xBEEF)),
                    demoteVotes,
                    archiveVotes,
                    appointVotes,
                    _constellations.constellationCount()
                )
            );
    }
}
