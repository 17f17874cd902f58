// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Access} from "../../contracts/Access.sol";
import {Companies} from "../../contracts/Companies.sol";
import {Constellations} from "../../contracts/Constellations.sol";
import {IAccess} from "../../contracts/interfaces/IAccess.sol";
import {ICompanies} from "../../contracts/interfaces/ICompanies.sol";
import {ConstellationRoles as Roles} from "../../contracts/libraries/ConstellationRoles.sol";
import {OperatorPermissions as Permissions} from "../../contracts/libraries/OperatorPermissions.sol";
import {AccessHandler} from "./handlers/AccessHandler.sol";
import {TestBase} from "./utils/TestBase.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title AccessInvariantsTest
 * @notice Invariant tests of Access. The runner calls the handler only: random sequences of grants (to accounts and
 * to constellation 1, with and without a role, directly and through an operator), revocations (by the owner and by
 * others), a member losing and regaining its role, time warps, blinded grants made directly and by signature through a
 * relayer (with nonces reused, cancelled, signatures tampered with, expired, or made by a signer that does not act for
 * the owner) and verbatim replays. After every step the invariants below must hold.
 *
 * forge-config: default.invariant.runs = 32
 * forge-config: default.invariant.depth = 48
 */
contract AccessInvariantsTest is TestBase {
    Companies internal _companies;
    Constellations internal _constellations;
    Access internal _access;
    AccessHandler internal _handler;

    function setUp() public {
        VM.warp(1_750_000_000);
        _companies = new Companies();
        _constellations = new Constellations(_companies);
        _access = new Access(_companies, _constellations);

        uint256[5] memory keys = [uint256(0xA11CE0), 0xA11CE1, 0xA11CE2, 0x0BE7A0, 0x0BE7A1];
        address[3] memory owners = [VM.addr(keys[0]), VM.addr(keys[1]), VM.addr(keys[2])];
        address member = address(0x3E3BE7);
        address[2] memory outsiders = [address(0x6E0), address(0x6E1)];
        address[4] memory registered = [owners[0], owners[1], owners[2], member];
        for (uint256 i; i < registered.length; ++i) {
            VM.prank(registered[i]);
            _companies.register(ICompanies.Profile("Company", "", "", bytes32(0), ""));
        }
        VM.startPrank(owners[0]);
        _companies.setOperator(VM.addr(keys[3]), uint192(Permissions.ACCESS), type(uint64).max);
        _constellations.create("One", "", "", bytes32(0));
        _constellations.invite(1, owners[1], Roles.SUPPLIER, uint64(block.timestamp + 1 days));
        _constellations.invite(1, member, Roles.SUPPLIER, uint64(block.timestamp + 1 days));
        VM.stopPrank();
        VM.prank(owners[1]);
        _companies.setOperator(VM.addr(keys[4]), uint192(Permissions.ALL & ~Permissions.ACCESS), type(uint64).max);
        VM.prank(owners[1]);
        _constellations.acceptInvitation(1);
        VM.prank(member);
        _constellations.acceptInvitation(1);

        _handler = new AccessHandler(_access, _constellations, owners, member, outsiders, keys);
        targetContract(address(_handler));
    }

    /**
     * The handler is not vacuous: 400 pseudo-random calls in a fixed sequence make grants, revoke them, let them
     * expire, accept signed operations and refuse others (reused nonces, replays), all with no violation.
     */
    function testHandlerExploresEveryPath() public {
        for (uint256 i; i < 400; ++i) {
            uint256 seed = uint256(keccak256(abi.encode("explore", i)));
            uint256 action = seed % 10;
            if (action == 0) _handler.grant(seed);
            else if (action == 1) _handler.revoke(seed);
            else if (action == 2) _handler.revokeOthers(seed);
            else if (action == 3) _handler.toggleSupplier(seed);
            else if (action == 4) _handler.warp(seed);
            else if (action == 5) _handler.grantBlinded(seed);
            else if (action == 6) _handler.revokeBlinded(seed);
            else if (action == 7) _handler.replay(seed);
            else if (action == 8) _handler.cancelNonces(seed);
            else _handler.grantBlindedBySig(seed);
            if (i % 8 == 0) _handler.grant(uint256(keccak256(abi.encode("grant", i))));
            if (i % 4 == 0) _handler.grantBlindedBySig(uint256(keccak256(abi.encode("signed", i))));
        }
        assertEq(_handler.violations(), 0, _handler.firstViolation());
        assertGe(_handler.granted(), 10, "few grants made");
        assertGe(_handler.revoked(), 3, "few grants revoked");
        assertGe(_handler.warps(), 10, "little time passed");
        assertGe(_handler.signedAccepted(), 5, "few signed operations accepted");
        assertGe(_handler.signedRefused(), 5, "few signed operations refused");
        assertGe(_handler.replaysRefused(), 3, "few replays refused");
        invariantExpiredOrRevokedGrantNeverAuthorises();
        invariantNonceNeverAcceptedTwice();
    }

    /**
     * Property: an expired or revoked grant never authorises. For every one of the 30 grants and every account the
     * test knows: if the grant was never made, was revoked since it was last made, or has reached its expiry,
     * `canAccess` is false, whoever asks; otherwise it answers exactly what the model says (the grantee account, or
     * the members of constellation 1 holding the grant's roles, as they are now). The stored record agrees with the
     * model (expiry, revocation). The same for blinded grants: `isBlindedGrantLive` is false for every commitment
     * never made, revoked or expired, true otherwise.
     */
    function invariantExpiredOrRevokedGrantNeverAuthorises() public view {
        uint256 grants = _handler.GRANTS();
        uint256 candidates = _handler.CANDIDATES();
        for (uint256 k; k < grants; ++k) {
            IAccess.Grant memory g = _handler.grantAt(k);
            AccessHandler.Ghost memory ghost = _handler.ghostGrant(k);
            bool dead = !ghost.made || ghost.revoked || block.timestamp >= ghost.expiresAt;
            IAccess.GrantRecord memory record = _access.grantOf(g.owner, _access.grantId(g));
            assertEq(record.expiresAt, ghost.expiresAt, "a grant's stored expiry differs from the model");
            assertTrue((record.revokedAt != 0) == ghost.revoked, "a grant's revocation differs from the model");
            assertTrue((record.grantedAt != 0) == ghost.made, "a grant's existence differs from the model");
            for (uint256 i; i < candidates; ++i) {
                address account = _handler.candidateAt(i);
                bool can = _access.canAccess(g, account);
                if (dead) assertTrue(!can, "an expired, revoked or never made grant authorised");
                assertTrue(can == _handler.expectedAccess(k, account), "canAccess differs from the model");
            }
        }
        uint256 owners = _handler.OWNERS();
        uint256 commitments = _handler.COMMITMENTS();
        for (uint256 o; o < owners; ++o) {
            for (uint256 c; c < commitments; ++c) {
                AccessHandler.Ghost memory ghost = _handler.ghostBlinded(o, c);
                bool live = ghost.made && !ghost.revoked && block.timestamp < ghost.expiresAt;
                bool contractLive = _access.isBlindedGrantLive(_handler.ownerAt(o), _handler.commitmentAt(c));
                assertTrue(contractLive == live, "a blinded grant's liveness differs from the model");
            }
        }
    }

    /**
     * Property: a nonce is never accepted twice. No signed operation was ever accepted on a nonce used or cancelled
     * before (nor replayed verbatim, nor tampered with, expired, or signed by a signer that does not act for the owner:
     * the handler counts every such acceptance as a violation, and every refusal of a valid operation too); every
     * (signer, nonce) was accepted at most once; and the contract's nonce bitmap is exactly the set of nonces the model
     * saw used or cancelled.
     */
    function invariantNonceNeverAcceptedTwice() public view {
        assertEq(_handler.violations(), 0, _handler.firstViolation());
        uint256 signers = _handler.SIGNERS();
        uint256 nonces = _handler.NONCES();
        for (uint256 s; s < signers; ++s) {
            address signer = _handler.signerAt(s);
            for (uint256 n; n < nonces; ++n) {
                assertTrue(_handler.acceptedCount(s, n) <= 1, "a nonce was accepted twice");
                assertTrue(_access.isNonceUsed(signer, n) == _handler.isUsed(s, n), "the nonce bitmap differs");
            }
            // Only word 0, nonces 0-7, is ever touched.
            assertEq(_access.nonceBitmap(signer, 0) >> nonces, 0, "a nonce outside the handler's range was used");
        }
    }
}
