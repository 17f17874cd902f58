// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Accreditations} from "../../contracts/Accreditations.sol";
import {Companies} from "../../contracts/Companies.sol";
import {Constellations} from "../../contracts/Constellations.sol";
import {IAccreditations} from "../../contracts/interfaces/IAccreditations.sol";
import {IActsForCompanies} from "../../contracts/interfaces/IActsForCompanies.sol";
import {ICompanies} from "../../contracts/interfaces/ICompanies.sol";
import {IConstellations} from "../../contracts/interfaces/IConstellations.sol";
import {ConstellationRoles as Roles} from "../../contracts/libraries/ConstellationRoles.sol";
import {OperatorPermissions as Permissions} from "../../contracts/libraries/OperatorPermissions.sol";
import {TestBase} from "./utils/TestBase.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title ExpiredOperatorTest
 * @notice Fuzz tests: an operator whose appointment expired can do nothing for its company, anywhere.
 */
contract ExpiredOperatorTest is TestBase {
    uint64 private constant _START = 1_750_000_000;
    uint8 private constant _GS1 = 1;

    Companies internal _companies;
    Constellations internal _constellations;
    Accreditations internal _accreditations;

    /// @dev The company whose operator expires, and the companies around it.
    address internal _company = address(0xC0FFEE);
    address internal _supplier = address(0x5E1);
    address internal _coAdmin = address(0xC0AD);
    address internal _invitee = address(0x1A71EE);
    address internal _requester = address(0x4E9E57);
    address internal _other = address(0x07E4);
    address internal _operator = address(0x0BE7A7);

    bytes32 internal _prefix;

    /**
     * @dev A state in which every call below would succeed for the company itself (or a live operator):
     *  - constellation 1, founded by the company: coAdmin a second admin (appointed by the company's motion, which its
     *    vote alone carried, and accepted), supplier a SUPPLIER, an open invitation of invitee, an open request of
     *    requester, VERIFIER pending for the company itself;
     *  - constellation 2, founded by supplier, has invited the company; constellation 3, founded by other, holds the
     *    company's request to join;
     *  - the company is an accreditation body for GS1 prefixes and accredited `other` for a prefix.
     */
    function setUp() public {
        VM.warp(_START);
        _companies = new Companies();
        _constellations = new Constellations(_companies);
        _accreditations = new Accreditations(_companies, address(this));
        address[6] memory accounts = [_company, _supplier, _coAdmin, _invitee, _requester, _other];
        for (uint256 i; i < accounts.length; ++i) {
            VM.prank(accounts[i]);
            _companies.register(ICompanies.Profile("Company", "", "", bytes32(0), ""));
        }
        uint64 inAWeek = uint64(block.timestamp + 7 days);

        VM.startPrank(_company);
        _constellations.create("One", "", "", bytes32(0));
        _constellations.invite(1, _coAdmin, 0, inAWeek);
        _constellations.invite(1, _supplier, Roles.SUPPLIER, inAWeek);
        _constellations.invite(1, _invitee, Roles.RETAILER, inAWeek);
        VM.stopPrank();
        VM.prank(_coAdmin);
        _constellations.acceptInvitation(1);
        VM.prank(_company);
        _constellations.voteMotion(1, IConstellations.Motion.AppointAdmin, _coAdmin);
        VM.prank(_coAdmin);
        _constellations.acceptRoles(1, Roles.ADMIN);
        VM.prank(_supplier);
        _constellations.acceptInvitation(1);
        VM.prank(_requester);
        _constellations.requestToJoin(1, Roles.LOGISTICS);
        VM.prank(_company);
        _constellations.grantRoles(1, _company, Roles.VERIFIER);

        VM.startPrank(_supplier);
        _constellations.create("Two", "", "", bytes32(0));
        _constellations.invite(2, _company, Roles.PRODUCER, inAWeek);
        VM.stopPrank();
        VM.prank(_other);
        _constellations.create("Three", "", "", bytes32(0));
        VM.prank(_company);
        _constellations.requestToJoin(3, Roles.PRODUCER);

        _accreditations.appointBody(_company, _GS1, "GS1");
        _prefix = _accreditations.prefixSubject("4012345");
        VM.prank(_company);
        _accreditations.accredit(_other, _GS1, _prefix, uint64(block.timestamp + 365 days), bytes32(0));
    }

    /**
     * Property (d): an expired operator can do nothing. The company appoints an operator with any permissions, for any
     * lifetime; at any time from the expiry on (the appointment is void at `expiresAt` itself), every state-changing
     * function of Companies, Constellations and Accreditations wrapped in `actFor(company, ...)` by that operator
     * reverts with NotActingFor(company, operator, 0): `actFor` finds the sender is no live operator before it runs
     * anything, so the functions reserved to the company's own account are refused the same way. Nothing changes, and
     * the company itself still acts.
     */
    function testExpiredOperatorCanChangeNothing(uint256 permissions, uint256 lifetime, uint256 lateBy) public {
        _appointAndExpire(permissions, lifetime, lateBy);

        uint64 later = uint64(block.timestamp + 1 days);
        // Companies, including what only the company's own account may do.
        address k = address(_companies);
        _refused(k, abi.encodeCall(ICompanies.updateProfile, (_profile())));
        _refused(k, abi.encodeCall(ICompanies.setOperator, (_operator, uint192(Permissions.ALL), type(uint64).max)));
        _refused(k, abi.encodeCall(ICompanies.removeOperator, (_operator)));
        _refused(k, abi.encodeCall(ICompanies.markCompromised, (uint64(block.timestamp))));
        _refused(k, abi.encodeCall(ICompanies.register, (_profile())));
        // Constellations
        address c = address(_constellations);
        _refused(c, abi.encodeCall(IConstellations.create, ("Four", "", "", bytes32(0))));
        _refused(c, abi.encodeCall(IConstellations.update, (1, "One", "", "", bytes32(0))));
        _refused(c, abi.encodeCall(IConstellations.invite, (1, _other, Roles.PRODUCER, later)));
        _refused(c, abi.encodeCall(IConstellations.withdrawInvitation, (1, _invitee)));
        _refused(c, abi.encodeCall(IConstellations.declineInvitation, (2)));
        _refused(c, abi.encodeCall(IConstellations.acceptInvitation, (2)));
        _refused(c, abi.encodeCall(IConstellations.requestToJoin, (2, Roles.PRODUCER)));
        _refused(c, abi.encodeCall(IConstellations.cancelJoinRequest, (3)));
        _refused(c, abi.encodeCall(IConstellations.approveJoinRequest, (1, _requester, Roles.LOGISTICS)));
        _refused(c, abi.encodeCall(IConstellations.rejectJoinRequest, (1, _requester)));
        _refused(c, abi.encodeCall(IConstellations.grantRoles, (1, _supplier, Roles.RETAILER)));
        _refused(c, abi.encodeCall(IConstellations.revokeRoles, (1, _supplier, Roles.SUPPLIER)));
        _refused(c, abi.encodeCall(IConstellations.acceptRoles, (1, Roles.VERIFIER)));
        _refused(c, abi.encodeCall(IConstellations.declineRoles, (1, Roles.VERIFIER)));
        _refused(c, abi.encodeCall(IConstellations.removeMember, (1, _supplier)));
        _refused(c, abi.encodeCall(IConstellations.leaveConstellation, (1)));
        _refused(c, abi.encodeCall(IConstellations.voteMotion, (1, IConstellations.Motion.DemoteAdmin, _coAdmin)));
        _refused(c, abi.encodeCall(IConstellations.voteMotion, (1, IConstellations.Motion.Archive, address(0))));
        _refused(c, abi.encodeCall(IConstellations.voteMotion, (1, IConstellations.Motion.AppointAdmin, _supplier)));
        // Accreditations
        address r = address(_accreditations);
        _refused(r, abi.encodeCall(IAccreditations.accredit, (_supplier, _GS1, _prefix, later, bytes32(0))));
        _refused(r, abi.encodeCall(IAccreditations.revoke, (_other, _GS1, _prefix)));

        assertTrue(!_companies.isActing(_company, _operator, 0), "the expired operator still counts as acting");
        assertEq(keccak256(bytes(_companies.profileOf(_company).name)), keccak256("Company"), "the profile changed");
        (IAccreditations.Accreditation memory record, ) = _accreditations.accreditationOf(_other, _GS1, _prefix);
        assertEq(record.body, _company, "the accreditation was revoked");
        assertEq(_constellations.constellationCount(), 3, "a constellation was created");
        assertTrue(_constellations.hasRoles(1, _company, Roles.ADMIN), "the company lost ADMIN");
        assertTrue(_constellations.hasRoles(1, _supplier, Roles.SUPPLIER), "the supplier lost SUPPLIER");
        // The company's own account is not affected.
        VM.prank(_company);
        _companies.updateProfile(_profile());
        VM.prank(_company);
        _constellations.grantRoles(1, _supplier, Roles.RETAILER);
        assertTrue(_constellations.hasRoles(1, _supplier, Roles.SUPPLIER | Roles.RETAILER), "the company cannot act");
    }

    /**
     * Property (d) for any call at all: whatever calldata the expired operator wraps (fuzzed: unknown selectors, views,
     * owner-only functions, garbage), `actFor` on any of the three contracts reverts with NotActingFor(company,
     * operator, 0), so no ActedFor event ever names it as acting for the company.
     */
    function testExpiredOperatorCannotActForAtAll(
        uint256 lifetime,
        uint256 lateBy,
        bytes calldata data,
        uint8 which
    ) public {
        _appointAndExpire(Permissions.ALL, lifetime, lateBy);
        address[3] memory targets = [address(_companies), address(_constellations), address(_accreditations)];
        _refused(targets[which % 3], data);
        // And the calls that resolve no actor of their own, explicitly.
        _refused(address(_companies), abi.encodeCall(ICompanies.version, ()));
        _refused(address(_companies), abi.encodeCall(ICompanies.isRegistered, (_company)));
        _refused(address(_constellations), abi.encodeCall(IConstellations.constellationCount, ()));
        _refused(address(_constellations), abi.encodeCall(IConstellations.hasRoles, (1, _company, Roles.ADMIN)));
        _refused(address(_accreditations), abi.encodeCall(IAccreditations.version, ()));
        _refused(address(_accreditations), abi.encodeCall(IAccreditations.bodyOf, (_company)));
    }

    /// @dev A live operator holding every permission can do what the expired one cannot (the setUp state is sound).
    function testLiveOperatorCanAct() public {
        VM.prank(_company);
        _companies.setOperator(_operator, uint192(Permissions.ALL), uint64(block.timestamp + 1 days));
        VM.startPrank(_operator);
        _companies.actFor(_company, abi.encodeCall(ICompanies.updateProfile, (_profile())));
        _constellations.actFor(_company, abi.encodeCall(IConstellations.acceptInvitation, (2)));
        _constellations.actFor(_company, abi.encodeCall(IConstellations.cancelJoinRequest, (3)));
        _constellations.actFor(_company, abi.encodeCall(IConstellations.approveJoinRequest, (1, _requester, 0)));
        _constellations.actFor(_company, abi.encodeCall(IConstellations.acceptRoles, (1, Roles.VERIFIER)));
        _constellations.actFor(_company, abi.encodeCall(IConstellations.withdrawInvitation, (1, _invitee)));
        _constellations.actFor(
            _company,
            abi.encodeCall(IConstellations.voteMotion, (1, IConstellations.Motion.DemoteAdmin, _coAdmin))
        );
        _constellations.actFor(
            _company,
            abi.encodeCall(IConstellations.voteMotion, (1, IConstellations.Motion.AppointAdmin, _supplier))
        );
        _accreditations.actFor(
            _company,
            abi.encodeCall(
                IAccreditations.accredit,
                (_supplier, _GS1, _prefix, uint64(block.timestamp + 1), bytes32(0))
            )
        );
        _accreditations.actFor(_company, abi.encodeCall(IAccreditations.revoke, (_other, _GS1, _prefix)));
        VM.stopPrank();
        assertTrue(_constellations.hasRoles(2, _company, Roles.PRODUCER), "did not join");
        assertTrue(_constellations.hasRoles(1, _company, Roles.ADMIN | Roles.VERIFIER), "did not accept VERIFIER");
        assertTrue(_constellations.hasRoles(1, _requester, 0), "did not approve");
        assertTrue(
            _constellations.hasVoted(1, IConstellations.Motion.AppointAdmin, _supplier, _company),
            "did not vote to appoint"
        );
        assertTrue(_accreditations.isAccredited(_supplier, _GS1, _prefix), "did not accredit");
        assertTrue(!_accreditations.isAccredited(_other, _GS1, _prefix), "did not revoke");
    }

    /// @dev The company appoints the operator with `permissions` (bounded to a valid mask) for `lifetime` (bounded),
    /// and time moves to `lateBy` (bounded, zero included) after the expiry.
    function _appointAndExpire(uint256 permissions, uint256 lifetime, uint256 lateBy) internal {
        uint192 granted = uint192(bound(permissions, 1, Permissions.ALL));
        uint64 expiresAt = uint64(block.timestamp + bound(lifetime, 1, 20 * 365 days));
        VM.prank(_company);
        _companies.setOperator(_operator, granted, expiresAt);
        assertTrue(_companies.isActing(_company, _operator, 0), "the operator is not live before its expiry");
        VM.warp(expiresAt + bound(lateBy, 0, 20 * 365 days));
    }

    /// @dev The operator's `actFor(company, data)` on `target` reverts with NotActingFor(company, operator, 0).
    function _refused(address target, bytes memory data) internal {
        VM.expectRevert(abi.encodeWithSelector(IActsForCompanies.NotActingFor.selector, _company, _operator, 0));
        VM.prank(_operator);
        IActsForCompanies(target).actFor(_company, data);
    }

    function _profile() internal pure returns (ICompanies.Profile memory) {
        return ICompanies.Profile("Renamed", "", "", bytes32(0), "");
    }
}
