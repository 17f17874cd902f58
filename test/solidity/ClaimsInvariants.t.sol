// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Accreditations} from "../../contracts/Accreditations.sol";
import {Claims} from "../../contracts/Claims.sol";
import {Companies} from "../../contracts/Companies.sol";
import {Constellations} from "../../contracts/Constellations.sol";
import {Products} from "../../contracts/Products.sol";
import {IClaims} from "../../contracts/interfaces/IClaims.sol";
import {ICompanies} from "../../contracts/interfaces/ICompanies.sol";
import {ConstellationRoles as Roles} from "../../contracts/libraries/ConstellationRoles.sol";
import {OperatorPermissions as Permissions} from "../../contracts/libraries/OperatorPermissions.sol";
import {ProductRoles} from "../../contracts/libraries/ProductRoles.sol";
import {ClaimsHandler} from "./handlers/ClaimsHandler.sol";
import {TestBase} from "./utils/TestBase.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title ClaimsInvariantsTest
 * @notice Invariant tests of Claims. The runner calls the handler only (see `targetContracts`): random sequences of
 * claims issued directly and by signature (by issuers with and without rights, through operators with and without
 * CLAIMS), revocations, attestations and rejections by verifiers eligible or not (the issuer, its operator registered
 * as a verifier company, a verifier acting through the issuer's operator, a verifier of another constellation, an
 * unaccredited one on a governed topic), given directly, through operators and by signature, withdrawals, batches of
 * four claims (some with a leaf of another topic or constellation, some by a company without rights), revocations of
 * batches and of their claims, batch attestations, verifiers losing and regaining VERIFIER, verifiers and an issuer
 * marking themselves compromised, nonces cancelled, replays, and time passing (past the accreditation's expiry too).
 * After every step the invariants below must hold. The world is described in {ClaimsHandler}.
 *
 * forge-config: default.invariant.runs = 16
 * forge-config: default.invariant.depth = 40
 */
contract ClaimsInvariantsTest is TestBase {
    uint8 private constant _VERIFIER_TOPIC = 4;

    Companies internal _companies;
    Constellations internal _constellations;
    Accreditations internal _accreditations;
    Products internal _products;
    Claims internal _claims;
    ClaimsHandler internal _handler;

    function setUp() public {
        VM.warp(1_750_000_000);
        _companies = new Companies();
        _constellations = new Constellations(_companies);
        _accreditations = new Accreditations(_companies, address(this));
        _products = new Products(_companies, _constellations, _accreditations);
        _claims = new Claims(_companies, _constellations, _products, _accreditations);

        // Companies: brand, supplier, impostor, lab0, lab1, outsider, consultancy; operators: opBrand, op0, shared.
        uint256[10] memory keys = [
            uint256(0xB4A4D0),
            0x5E4F0,
            0x1A9C0,
            0x1AB00,
            0x1AB10,
            0x0C7E0,
            0xC0450,
            0x0B1D0,
            0x0B2D0,
            0x0B3D0
        ];
        address[10] memory a;
        for (uint256 i; i < 10; ++i) a[i] = VM.addr(keys[i]);
        address body = address(0xB0D1E5);
        for (uint256 i; i < 7; ++i) _register(a[i]);
        _register(body);

        // Constellation 1: the brand (ADMIN, PRODUCER), supplier and impostor (SUPPLIER), lab0, lab1 and the
        // consultancy (VERIFIER). Constellation 2: the outsider, VERIFIER.
        VM.startPrank(a[0]);
        _constellations.create("Brand", "", "", bytes32(0));
        _constellations.grantRoles(1, a[0], Roles.PRODUCER);
        uint8[7] memory roles = [0, Roles.SUPPLIER, Roles.SUPPLIER, Roles.VERIFIER, Roles.VERIFIER, 0, Roles.VERIFIER];
        for (uint256 i = 1; i < 7; ++i) {
            if (roles[i] != 0) _constellations.invite(1, a[i], roles[i], uint64(block.timestamp + 1 days));
        }
        VM.stopPrank();
        for (uint256 i = 1; i < 7; ++i) {
            if (roles[i] == 0) continue;
            VM.prank(a[i]);
            _constellations.acceptInvitation(1);
        }
        VM.startPrank(a[5]);
        _constellations.create("Outside", "", "", bytes32(0));
        _constellations.grantRoles(2, a[5], Roles.VERIFIER);
        _constellations.acceptRoles(2, Roles.VERIFIER);
        VM.stopPrank();

        // The brand's product (self-declared), its batch, the supplier its SUPPLIER actor; operators.
        VM.startPrank(a[0]);
        bytes32 product = _products.register(1, "4012345000016", 0, "", bytes32(0));
        bytes32 batch = _products.registerBatch(product, "L1", "", bytes32(0));
        _products.setActor(product, a[1], ProductRoles.SUPPLIER);
        _companies.setOperator(a[7], uint192(Permissions.CLAIMS), type(uint64).max);
        _companies.setOperator(a[6], uint192(Permissions.PROFILE), type(uint64).max);
        _companies.setOperator(a[9], uint192(Permissions.PROFILE), type(uint64).max);
        VM.stopPrank();
        VM.prank(a[3]);
        _companies.setOperator(a[8], uint192(Permissions.VERIFY), type(uint64).max);
        VM.prank(a[4]);
        _companies.setOperator(a[9], uint192(Permissions.VERIFY), type(uint64).max);

        // The governed topic; lab0 accredited for it for 20 days.
        _handler = new ClaimsHandler(
            _claims,
            _companies,
            _constellations,
            product,
            batch,
            uint64(block.timestamp + 20 days),
            keys
        );
        bytes32 governed = _handler.GOVERNED();
        _accreditations.appointBody(body, _VERIFIER_TOPIC, "Verifier body");
        _accreditations.governTopic(governed, true);
        VM.prank(body);
        _accreditations.accredit(a[3], _VERIFIER_TOPIC, governed, uint64(block.timestamp + 20 days), 0);
        targetContract(address(_handler));
    }

    function _register(address account) internal {
        VM.prank(account);
        _companies.register(ICompanies.Profile("Company", "", "", bytes32(0), ""));
    }

    /**
     * The handler is not vacuous: 400 pseudo-random calls in a fixed sequence (weighted towards issuing and judging)
     * issue claims and batches, accept and refuse verdicts and signed operations, revoke, replay and let time pass,
     * all with no violation and with the invariants checked along the way.
     */
    function testHandlerExploresEveryPath() public {
        for (uint256 i; i < 400; ++i) {
            uint256 seed = uint256(keccak256(abi.encode("explore", i)));
            uint256 action = seed % 24;
            if (action < 3) _handler.issue(seed);
            else if (action < 5) _handler.issueBySig(seed);
            else if (action == 5) _handler.revoke(seed);
            else if (action < 9) _handler.attest(seed);
            else if (action == 9) _handler.attestViaOperator(seed);
            else if (action < 12) _handler.attestBySig(seed);
            else if (action < 14) _handler.reject(seed);
            else if (action == 14) _handler.withdraw(seed);
            else if (action == 15) _handler.issueBatch(seed);
            else if (action == 16) _handler.revokeBatch(seed);
            else if (action == 17) _handler.revokeBatchClaim(seed);
            else if (action < 20) _handler.attestBatch(seed);
            else if (action == 20) _handler.warp(seed);
            else if (action == 21 && i % 2 == 0) _handler.toggleVerifier(seed);
            else if (action == 21) _handler.compromise(seed);
            else if (action == 22) _handler.cancelNonces(seed);
            else _handler.replay(seed);
            if (i % 50 == 49) {
                invariantRevokedOrExpiredClaimNeverValid();
                invariantNonceNeverAcceptedTwice();
                invariantLeafOutsideBatchNeverProves();
                invariantOnlyEligibleAttestationsCount();
            }
        }
        invariantEveryCallAsTheModelSays();
        assertGe(_handler.issued(), 20, "few claims issued");
        assertGe(_handler.revokedCount(), 3, "few claims revoked");
        assertGe(_handler.signedAccepted(), 10, "few signed operations accepted");
        assertGe(_handler.signedRefused(), 5, "few signed operations refused");
        assertGe(_handler.replaysRefused(), 3, "few replays refused");
        assertGe(_handler.verdictsAccepted(), 10, "few verdicts accepted");
        assertGe(_handler.verdictsRefusedAsIneligible(), 10, "few ineligible verdicts refused");
        assertGe(_handler.batchesIssued(), 4, "few batches issued");
        assertGe(_handler.warps(), 5, "little time passed");
    }

    /**
     * Property: a revoked or expired claim is never valid. For every claim issued on its own: `validity` finds it,
     * reports it revoked exactly when the model does, and calls it valid exactly when it is not revoked, its window
     * holds now and its issuer had not marked itself compromised at its issue, so never once revoked or past
     * `validUntil`. For every claim of every batch, with its proof: `batchValidity` finds it exactly when the model
     * says it belongs (right topic and constellation, issuer with rights), and calls it valid exactly when neither
     * the batch nor the claim in it is revoked, its window holds and its issuer was not compromised at the batch.
     */
    function invariantRevokedOrExpiredClaimNeverValid() public view {
        address[] memory none = new address[](0);
        uint256 count = _handler.claimCount();
        for (uint256 k; k < count; ++k) {
            IClaims.Claim memory claim = _handler.claimAt(k);
            ClaimsHandler.ClaimGhost memory g = _handler.claimGhost(k);
            IClaims.Validity memory v = _claims.validity(claim, none);
            bool expired = claim.validUntil != 0 && block.timestamp >= claim.validUntil;
            if (g.revoked || expired) assertTrue(!v.valid, "a revoked or expired claim is valid");
            assertTrue(v.exists, "an issued claim is not found");
            assertTrue(v.revoked == g.revoked, "a claim's revocation differs from the model");
            bool inWindow = block.timestamp >= claim.validFrom && !expired;
            bool valid = !g.revoked && inWindow && !_handler.compromisedBy(g.issuer, g.issuedAt);
            assertTrue(v.valid == valid, "a claim's validity differs from the model");
        }
        uint256 batches = _handler.batchCount();
        for (uint256 b; b < batches; ++b) {
            ClaimsHandler.BatchGhost memory g = _handler.batchGhost(b);
            for (uint256 i; i < 4; ++i) {
                IClaims.Claim memory leaf = _handler.leafAt(b, i);
                IClaims.Validity memory v = _claims.batchValidity(leaf, g.root, _handler.proofOf(b, i), none);
                assertTrue(
                    v.exists == g.provable[i],
                    "batchValidity finds a leaf the model does not, or not one it does"
                );
                bool expired = leaf.validUntil != 0 && block.timestamp >= leaf.validUntil;
                bool revoked = g.revoked || g.leafRevoked[i];
                if (revoked || expired) assertTrue(!v.valid, "a revoked or expired batch claim is valid");
                if (!g.provable[i]) continue;
                assertTrue(v.revoked == revoked, "a batch claim's revocation differs from the model");
                bool inWindow = block.timestamp >= leaf.validFrom && !expired;
                bool valid = !revoked && inWindow && !_handler.compromisedBy(g.issuer, g.issuedAt);
                assertTrue(v.valid == valid, "a batch claim's validity differs from the model");
            }
        }
    }

    /**
     * Property: a nonce is never accepted twice. No signed issue or attestation was accepted on a nonce used or
     * cancelled before, nor replayed verbatim (the handler counts each as a violation), and the contract's record of
     * used nonces is exactly the model's, for every signer and every nonce the handler uses.
     */
    function invariantNonceNeverAcceptedTwice() public view {
        assertEq(_handler.nonceViolations(), 0, _handler.firstViolation());
        for (uint256 s; s < _handler.SIGNERS(); ++s) {
            address signer = _handler.accountAt(s);
            for (uint256 n; n < _handler.NONCES(); ++n) {
                assertTrue(
                    _claims.isNonceUsed(signer, _handler.nonceAt(n)) == _handler.isUsed(s, n),
                    "a nonce's state differs from the model"
                );
            }
        }
    }

    /**
     * Property: a leaf outside a batch never proves. Against every batch's root, with each of its four proofs (and
     * with an empty proof): the claims of the next batch, the first claims issued on their own, and the batch's own
     * first claim naming another issuer are never found, unless the claim is one of the batch's leaves.
     */
    function invariantLeafOutsideBatchNeverProves() public view {
        uint256 batches = _handler.batchCount();
        uint256 claims = _handler.claimCount();
        address[] memory none = new address[](0);
        for (uint256 b; b < batches; ++b) {
            ClaimsHandler.BatchGhost memory g = _handler.batchGhost(b);
            for (uint256 c; c < 9; ++c) {
                IClaims.Claim memory candidate;
                if (c < 4) {
                    if (batches < 2) continue;
                    candidate = _handler.leafAt((b + 1) % batches, c);
                } else if (c < 8) {
                    if (c - 4 >= claims) continue;
                    candidate = _handler.claimAt(c - 4);
                } else {
                    candidate = _handler.leafAt(b, 0);
                    candidate.issuer = _handler.accountAt((g.issuer + 1) % 3);
                }
                bytes32 id = _claims.claimId(candidate);
                if (id == g.leafIds[0] || id == g.leafIds[1] || id == g.leafIds[2] || id == g.leafIds[3]) continue;
                IClaims.Validity memory v = _claims.batchValidity(candidate, g.root, _handler.proofOf(b, c % 4), none);
                assertTrue(!v.exists, "a claim outside a batch proved in it");
                v = _claims.batchValidity(candidate, g.root, new bytes32[](0), none);
                assertTrue(!v.exists, "a claim outside a batch proved with an empty proof");
            }
        }
    }

    /**
     * Property: only an eligible verifier's attestation counts. The contract accepted no verdict from a verifier the
     * model found ineligible when it was given (the issuer, its operators, a verifier acting through one, a company
     * without VERIFIER in the claim's constellation then, an unaccredited verifier on a governed topic); and for every
     * claim and every batch claim that proves, the attestations and rejections `validity` and `batchValidity` count
     * among all seven companies are exactly the model's: verdicts given by eligible verifiers, attestations not
     * withdrawn, not expired, and not given by a verifier compromised at or before it attested (a verifier that lost
     * VERIFIER since still counts).
     */
    function invariantOnlyEligibleAttestationsCount() public view {
        assertEq(_handler.eligibilityViolations(), 0, _handler.firstViolation());
        (address[] memory verifiers, ) = _handler.sortedCompanies();
        uint256 count = _handler.claimCount();
        for (uint256 k; k < count; ++k) {
            IClaims.Validity memory v = _claims.validity(_handler.claimAt(k), verifiers);
            (uint16 attestations, uint16 rejections) = _handler.expectedVerdicts(_handler.claimGhost(k).id);
            assertEq(v.attestations, attestations, "a claim's attestations differ from the model");
            assertEq(v.rejections, rejections, "a claim's rejections differ from the model");
        }
        uint256 batches = _handler.batchCount();
        for (uint256 b; b < batches; ++b) {
            ClaimsHandler.BatchGhost memory g = _handler.batchGhost(b);
            (uint16 attestations, uint16 rejections) = _handler.expectedVerdicts(g.id);
            for (uint256 i; i < 4; ++i) {
                if (!g.provable[i]) continue;
                IClaims.Validity memory v = _claims.batchValidity(
                    _handler.leafAt(b, i),
                    g.root,
                    _handler.proofOf(b, i),
                    verifiers
                );
                assertEq(v.attestations, attestations, "a batch claim's attestations differ from the model");
                assertEq(v.rejections, rejections, "a batch claim's rejections differ from the model");
            }
        }
    }

    /**
     * Property: every call succeeded or failed as the model predicts (issues by issuers with and without rights,
     * signed operations valid or not, revocations by the issuer or others, verdicts, withdrawals, batches).
     */
    function invariantEveryCallAsTheModelSays() public view {
        assertEq(_handler.violations(), 0, _handler.firstViolation());
    }
}
