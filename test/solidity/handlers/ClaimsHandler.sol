// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Claims} from "../../../contracts/Claims.sol";
import {Companies} from "../../../contracts/Companies.sol";
import {Constellations} from "../../../contracts/Constellations.sol";
import {IClaims} from "../../../contracts/interfaces/IClaims.sol";
import {ConstellationRoles as Roles} from "../../../contracts/libraries/ConstellationRoles.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title ClaimsHandler
 * @notice The invariant runner's way into Claims: every function takes a fuzzed seed and turns it into one action on a
 * small, fixed world, so that random sequences revisit the same claims, batches, verifiers and nonces again and again.
 *
 * The world (company indexes): 0 the brand, owner of a product (and its batch) in constellation 1; 1 the supplier, a
 * SUPPLIER actor on it; 2 the impostor, a member of constellation 1 but no actor; 3 lab0, VERIFIER in constellation 1
 * and accredited for the governed topic until `accreditationExpiry`; 4 lab1, VERIFIER in constellation 1, never
 * accredited; 5 the outsider, VERIFIER of constellation 2 only; 6 the consultancy, VERIFIER in constellation 1 and at
 * the same time the brand's operator. Operators with keys: the brand's opBrand (CLAIMS), lab0's op0 (VERIFY) and
 * `shared`, lab1's operator (VERIFY) and the brand's too (PROFILE). Every account has a private key, so signed
 * operations are real signatures (the `sign` cheatcode). Topics: GOVERNED (under accreditation) and UNGOVERNED.
 *
 * The handler keeps a model (the "ghost") of what the contract should hold: every claim issued and whether it was
 * revoked; every batch (four claims built here, anchored as a Merkle root; one claim in two batches of three has a
 * wrong topic or constellation, and the impostor's never prove), what it proves and what is revoked in it; every
 * verdict, with its time, expiry and whether the verifier was eligible when it gave it (computed from the model: not the
 * issuer nor one of its operators nor through one, VERIFIER in constellation 1 now, accredited if the topic is
 * governed); which verifiers hold VERIFIER and who marked itself compromised from when; which (signer, nonce) pairs
 * were used or cancelled. It predicts whether each call must succeed and counts a violation whenever the contract
 * disagrees; `nonceViolations` and `eligibilityViolations` count the two kinds the invariants name.
 */
contract ClaimsHandler {
    uint256 public constant COMPANIES = 7;
    uint256 public constant BRAND = 0;
    uint256 public constant SUPPLIER = 1;
    uint256 public constant IMPOSTOR = 2;
    uint256 public constant LAB0 = 3;
    uint256 public constant LAB1 = 4;
    uint256 public constant OUTSIDER = 5;
    uint256 public constant CONSULTANCY = 6;
    /// @dev Signers: the seven companies, then opBrand, op0, shared.
    uint256 public constant SIGNERS = 10;
    uint256 public constant OP_BRAND = 7;
    uint256 public constant OP0 = 8;
    uint256 public constant SHARED = 9;
    /// @dev Nonces: 0-7 (word 0) and 2^200 + 0-3 (another word), mostly reused.
    uint256 public constant NONCES = 12;
    uint256 public constant MAX_CLAIMS = 32;
    uint256 public constant MAX_BATCHES = 8;
    uint256 public constant LEAVES = 4;
    uint64 public constant CONSTELLATION = 1;
    bytes32 public constant GOVERNED = keccak256("constellate.topic.product-carbon-footprint.v1");
    bytes32 public constant UNGOVERNED = keccak256("constellate.topic.recycled-content.v1");

    bytes32 private constant _EIP712_DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );

    /// @dev What the contract should hold about a claim issued on its own.
    struct ClaimGhost {
        bytes32 id;
        uint256 issuer;
        uint40 issuedAt;
        bool revoked;
    }

    /// @dev What the contract should hold about a batch.
    struct BatchGhost {
        bytes32 id;
        bytes32 root;
        bytes32 topic;
        uint256 issuer;
        uint40 issuedAt;
        bool revoked;
        bool[LEAVES] leafRevoked;
        /// @dev Whether batchValidity should find the leaf (right topic and constellation, issuer with rights).
        bool[LEAVES] provable;
        bytes32[LEAVES] leafIds;
    }

    /// @dev A verdict the contract accepted.
    struct VerdictGhost {
        IClaims.Verdict verdict;
        uint40 givenAt;
        uint40 expiresAt;
        bool eligible;
    }

    /// @dev The last signed issue and attestation the contract accepted, to replay verbatim.
    struct SignedIssue {
        IClaims.Claim claim;
        address signer;
        uint256 nonce;
        uint64 deadline;
        bytes signature;
    }

    struct SignedAttest {
        IClaims.Claim claim;
        address verifier;
        uint64 expiresAt;
        address signer;
        uint256 nonce;
        uint64 deadline;
        bytes signature;
    }

    /// @dev The parts of an attestation the model judges.
    struct Attempt {
        bytes32 id;
        uint256 issuer;
        bytes32 topic;
        uint256 verifier;
        address sender;
        uint64 expiresAt;
        bool targetLive;
    }

    Claims public immutable CLAIMS;
    Companies public immutable COMPANIES_CONTRACT;
    Constellations public immutable CONSTELLATIONS_CONTRACT;
    bytes32 public immutable PRODUCT;
    bytes32 public immutable PRODUCT_BATCH;
    uint64 public immutable ACCREDITATION_EXPIRY;
    bytes32 internal immutable _domainSeparator;

    address[SIGNERS] internal _accounts;
    uint256[SIGNERS] internal _keys;

    IClaims.Claim[] internal _claims;
    ClaimGhost[] internal _claimGhosts;
    BatchGhost[] internal _batches;
    mapping(uint256 batch => IClaims.Claim[LEAVES]) internal _leaves;
    mapping(bytes32 id => mapping(uint256 verifier => VerdictGhost)) internal _verdicts;
    bool[COMPANIES] public holdsVerifier;
    uint64[COMPANIES] public compromisedFrom;
    bool[NONCES][SIGNERS] internal _used;

    SignedIssue internal _lastIssue;
    SignedAttest internal _lastAttest;
    bool internal _hasLastIssue;
    bool internal _hasLastAttest;
    uint256 internal _counter;

    /// @notice Disagreements between the contract and the model; the invariants require none.
    uint256 public violations;
    /// @notice What the first one was.
    string public firstViolation;
    /// @notice Signed operations accepted on a nonce used or cancelled before, or replays accepted.
    uint256 public nonceViolations;
    /// @notice Verdicts accepted from a verifier the model found ineligible.
    uint256 public eligibilityViolations;

    /// @notice What was explored.
    uint256 public issued;
    uint256 public revokedCount;
    uint256 public signedAccepted;
    uint256 public signedRefused;
    uint256 public replaysRefused;
    uint256 public verdictsAccepted;
    uint256 public verdictsRefusedAsIneligible;
    uint256 public batchesIssued;
    uint256 public warps;

    /**
     * @param claims The Claims contract; `companies` and `constellations` as it uses them.
     * @param product The brand's product, `productBatch` its batch.
     * @param keys The private keys of the seven companies and the three operators, in index order.
     */
    constructor(
        Claims claims,
        Companies companies,
        Constellations constellations,
        bytes32 product,
        bytes32 productBatch,
        uint64 accreditationExpiry,
        uint256[SIGNERS] memory keys
    ) {
        CLAIMS = claims;
        COMPANIES_CONTRACT = companies;
        CONSTELLATIONS_CONTRACT = constellations;
        PRODUCT = product;
        PRODUCT_BATCH = productBatch;
        ACCREDITATION_EXPIRY = accreditationExpiry;
        _keys = keys;
        for (uint256 i; i < SIGNERS; ++i) _accounts[i] = VM.addr(keys[i]);
        holdsVerifier[LAB0] = true;
        holdsVerifier[LAB1] = true;
        holdsVerifier[CONSULTANCY] = true;
        _domainSeparator = keccak256(
            abi.encode(
                _EIP712_DOMAIN_TYPEHASH,
                keccak256("Constellate Claims"),
                keccak256("1"),
                block.chainid,
                address(claims)
            )
        );
    }

    // --------------------------------------------------------------------------------------------------------------
    // Claims
    // --------------------------------------------------------------------------------------------------------------

    /// @notice The brand, the supplier or the impostor issues a claim about the product, its batch or itself.
    function issue(uint256 seed) external {
        if (_claims.length >= MAX_CLAIMS) return;
        uint256 issuer = _pick(seed, "issuer", 3);
        IClaims.Claim memory claim = _newClaim(seed, issuer, _pick(seed, "company", 4) == 0);
        // Only the impostor's product claims are refused: it is no actor.
        bool expected = !(issuer == IMPOSTOR && claim.product != bytes32(0));
        VM.prank(_accounts[issuer]);
        bool ok;
        try CLAIMS.issue(claim) {
            ok = true;
        } catch {}
        _check(ok, expected, "issue");
        if (ok) _record(claim, issuer);
    }

    /// @notice A relayer submits a claim signed by the brand, the supplier, the brand's operator with CLAIMS or
    /// `shared` (the brand's operator without CLAIMS); one time in eight past the deadline, one in eight by a wrong key.
    function issueBySig(uint256 seed) external {
        if (_claims.length >= MAX_CLAIMS) return;
        uint256[4] memory signers = [BRAND, SUPPLIER, OP_BRAND, SHARED];
        uint256 signer = signers[_pick(seed, "signer", 4)];
        uint256 issuer = signer == SUPPLIER ? SUPPLIER : BRAND;
        IClaims.Claim memory claim = _newClaim(seed, issuer, false);
        uint256 n = _pick(seed, "nonce", NONCES);
        bool expired = _pick(seed, "expired", 8) == 0;
        bool tampered = _pick(seed, "tampered", 8) == 0;
        SignedIssue memory op = SignedIssue({
            claim: claim,
            signer: _accounts[signer],
            nonce: _nonce(n),
            deadline: expired ? uint64(block.timestamp - 1) : uint64(block.timestamp + 1 hours),
            signature: ""
        });
        op.signature = _sign(tampered ? _keys[(signer + 1) % SIGNERS] : _keys[signer], _issueHash(op));
        bool expected = signer != SHARED && !expired && !tampered && !_used[signer][n];
        bool ok = _submitIssue(op);
        if (ok && _used[signer][n]) _nonceViolation("issueBySig accepted a used or cancelled nonce");
        _check(ok, expected, "issueBySig");
        if (ok) {
            _used[signer][n] = true;
            _record(claim, issuer);
            _lastIssue = op;
            _hasLastIssue = true;
            ++signedAccepted;
        } else {
            ++signedRefused;
        }
    }

    /// @notice The issuer (one time in four another company) revokes a claim.
    function revoke(uint256 seed) external {
        if (_claims.length == 0) return;
        uint256 k = _pick(seed, "claim", _claims.length);
        ClaimGhost storage ghost = _claimGhosts[k];
        uint256 sender = _pick(seed, "other", 4) == 0 ? _pick(seed, "sender", COMPANIES) : ghost.issuer;
        bool expected = sender == ghost.issuer && !ghost.revoked;
        VM.prank(_accounts[sender]);
        bool ok;
        try CLAIMS.revoke(ghost.id) {
            ok = true;
        } catch {}
        _check(ok, expected, "revoke");
        if (ok) {
            ghost.revoked = true;
            ++revokedCount;
        }
    }

    // --------------------------------------------------------------------------------------------------------------
    // Verdicts
    // --------------------------------------------------------------------------------------------------------------

    /// @notice Any of the seven companies attests a claim directly, with no expiry, a future one or (one time in
    /// eight) an invalid one.
    function attest(uint256 seed) external {
        if (_claims.length == 0) return;
        uint256 k = _pick(seed, "claim", _claims.length);
        uint256 verifier = _verifier(seed);
        Attempt memory a = _claimAttempt(k, verifier, _accounts[verifier], _expiry(seed));
        VM.prank(_accounts[verifier]);
        bool ok;
        try CLAIMS.attest(_claims[k], bytes32(seed), a.expiresAt) {
            ok = true;
        } catch {}
        _judged(a, ok, _attestExpected(a), IClaims.Verdict.Attested);
    }

    /// @notice lab0 through op0, or lab1 through `shared` (which is also the brand's operator), attests a claim.
    function attestViaOperator(uint256 seed) external {
        if (_claims.length == 0) return;
        uint256 k = _pick(seed, "claim", _claims.length);
        bool viaShared = _pick(seed, "operator", 2) == 0;
        uint256 verifier = viaShared ? LAB1 : LAB0;
        address operator = _accounts[viaShared ? SHARED : OP0];
        Attempt memory a = _claimAttempt(k, verifier, operator, _expiry(seed));
        bool expected = _attestExpected(a) && !_compromisedNow(verifier);
        IClaims.Claim memory claim = _claims[k];
        bytes memory data = abi.encodeCall(IClaims.attest, (claim, bytes32(seed), a.expiresAt));
        VM.prank(operator);
        bool ok;
        try CLAIMS.actFor(_accounts[verifier], data) {
            ok = true;
        } catch {}
        _judged(a, ok, expected, IClaims.Verdict.Attested);
    }

    /// @notice A relayer submits an attestation signed by lab0, lab1, op0 (for lab0) or `shared` (for lab1); one time
    /// in eight past the deadline, one in eight by a wrong key.
    function attestBySig(uint256 seed) external {
        if (_claims.length == 0) return;
        uint256 k = _pick(seed, "claim", _claims.length);
        uint256[4] memory signers = [LAB0, LAB1, OP0, SHARED];
        uint256 signer = signers[_pick(seed, "signer", 4)];
        uint256 verifier = signer == LAB0 || signer == OP0 ? LAB0 : LAB1;
        uint256 n = _pick(seed, "nonce", NONCES);
        bool expired = _pick(seed, "expired", 8) == 0;
        bool tampered = _pick(seed, "tampered", 8) == 0;
        Attempt memory a = _claimAttempt(k, verifier, _accounts[signer], _expiry(seed));
        SignedAttest memory op = SignedAttest({
            claim: _claims[k],
            verifier: _accounts[verifier],
            expiresAt: a.expiresAt,
            signer: _accounts[signer],
            nonce: _nonce(n),
            deadline: expired ? uint64(block.timestamp - 1) : uint64(block.timestamp + 1 hours),
            signature: ""
        });
        op.signature = _sign(tampered ? _keys[(signer + 1) % SIGNERS] : _keys[signer], _attestHash(op, a.id));
        bool acting = signer == verifier || !_compromisedNow(verifier);
        bool expected = acting && !expired && !tampered && !_used[signer][n] && _attestExpected(a);
        bool ok = _submitAttest(op);
        if (ok && _used[signer][n]) _nonceViolation("attestBySig accepted a used or cancelled nonce");
        _judged(a, ok, expected, IClaims.Verdict.Attested);
        if (ok) {
            _used[signer][n] = true;
            _lastAttest = op;
            _hasLastAttest = true;
            ++signedAccepted;
        } else {
            ++signedRefused;
        }
    }

    /// @notice Any of the seven companies rejects a claim, for a reason from 0 to 9 (0 and 9 are invalid).
    function reject(uint256 seed) external {
        if (_claims.length == 0) return;
        uint256 k = _pick(seed, "claim", _claims.length);
        uint256 verifier = _verifier(seed);
        uint16 reason = uint16(_pick(seed, "reason", 10));
        Attempt memory a = _claimAttempt(k, verifier, _accounts[verifier], 0);
        bool expected = reason >= 1 && reason <= 8 && _attestExpected(a);
        VM.prank(_accounts[verifier]);
        bool ok;
        try CLAIMS.reject(_claims[k], reason, bytes32(seed)) {
            ok = true;
        } catch {}
        _judged(a, ok, expected, IClaims.Verdict.Rejected);
    }

    /// @notice A company withdraws its verdict on a claim or a batch.
    function withdraw(uint256 seed) external {
        bytes32 id;
        if (_pick(seed, "batch", 3) == 0) {
            if (_batches.length == 0) return;
            id = _batches[_pick(seed, "which", _batches.length)].id;
        } else {
            if (_claims.length == 0) return;
            id = _claimGhosts[_pick(seed, "which", _claims.length)].id;
        }
        uint256 verifier = _verifier(seed);
        VerdictGhost storage ghost = _verdicts[id][verifier];
        bool expected = ghost.verdict == IClaims.Verdict.Attested;
        VM.prank(_accounts[verifier]);
        bool ok;
        try CLAIMS.withdraw(id) {
            ok = true;
        } catch {}
        _check(ok, expected, "withdraw");
        if (ok) ghost.verdict = IClaims.Verdict.Withdrawn;
    }

    // --------------------------------------------------------------------------------------------------------------
    // Batches
    // --------------------------------------------------------------------------------------------------------------

    /// @notice The brand, the supplier or the impostor anchors four claims it builds as a batch.
    function issueBatch(uint256 seed) external {
        if (_batches.length >= MAX_BATCHES) return;
        uint256 issuer = _pick(seed, "issuer", 3);
        bytes32 topic = _pick(seed, "topic", 2) == 0 ? GOVERNED : UNGOVERNED;
        uint256 odd = _pick(seed, "odd", 3); // 0: one leaf of another topic; 1: of another constellation; 2: none
        uint256 b = _batches.length;
        BatchGhost storage ghost = _batches.push();
        for (uint256 i; i < LEAVES; ++i) {
            IClaims.Claim memory claim = _newClaim(_rand(seed, i), issuer, false);
            claim.topic = topic;
            if (i == LEAVES - 1 && odd == 0) claim.topic = topic == GOVERNED ? UNGOVERNED : GOVERNED;
            if (i == LEAVES - 1 && odd == 1) claim.constellation = 2;
            _leaves[b][i] = claim;
            ghost.leafIds[i] = CLAIMS.claimId(claim);
            ghost.provable[i] = issuer != IMPOSTOR && claim.topic == topic && claim.constellation == CONSTELLATION;
        }
        ghost.root = _root(ghost.leafIds);
        ghost.topic = topic;
        ghost.issuer = issuer;
        ghost.id = CLAIMS.batchId(_accounts[issuer], ghost.root);
        ghost.issuedAt = uint40(block.timestamp);
        VM.prank(_accounts[issuer]);
        bool ok;
        try CLAIMS.issueBatch(ghost.root, uint32(LEAVES), topic, CONSTELLATION, keccak256("manifest"), "") {
            ok = true;
        } catch {}
        _check(ok, true, "issueBatch");
        if (ok) ++batchesIssued;
        else _batches.pop();
    }

    /// @notice The issuer (one time in four another company) revokes a whole batch.
    function revokeBatch(uint256 seed) external {
        if (_batches.length == 0) return;
        BatchGhost storage ghost = _batches[_pick(seed, "batch", _batches.length)];
        uint256 sender = _pick(seed, "other", 4) == 0 ? _pick(seed, "sender", COMPANIES) : ghost.issuer;
        bool expected = sender == ghost.issuer && !ghost.revoked;
        VM.prank(_accounts[sender]);
        bool ok;
        try CLAIMS.revokeBatch(ghost.root) {
            ok = true;
        } catch {}
        _check(ok, expected, "revokeBatch");
        if (ok) ghost.revoked = true;
    }

    /// @notice The issuer revokes one claim of a batch, without a proof.
    function revokeBatchClaim(uint256 seed) external {
        if (_batches.length == 0) return;
        BatchGhost storage ghost = _batches[_pick(seed, "batch", _batches.length)];
        uint256 i = _pick(seed, "leaf", LEAVES);
        bool expected = !ghost.leafRevoked[i];
        VM.prank(_accounts[ghost.issuer]);
        bool ok;
        try CLAIMS.revokeBatchClaim(ghost.root, ghost.leafIds[i]) {
            ok = true;
        } catch {}
        _check(ok, expected, "revokeBatchClaim");
        if (ok) ghost.leafRevoked[i] = true;
    }

    /// @notice Any of the seven companies attests a whole batch directly.
    function attestBatch(uint256 seed) external {
        if (_batches.length == 0) return;
        BatchGhost storage ghost = _batches[_pick(seed, "batch", _batches.length)];
        uint256 verifier = _verifier(seed);
        Attempt memory a = Attempt({
            id: ghost.id,
            issuer: ghost.issuer,
            topic: ghost.topic,
            verifier: verifier,
            sender: _accounts[verifier],
            expiresAt: _expiry(seed),
            targetLive: !ghost.revoked
        });
        VM.prank(_accounts[verifier]);
        bool ok;
        try CLAIMS.attestBatch(_accounts[ghost.issuer], ghost.root, bytes32(seed), a.expiresAt) {
            ok = true;
        } catch {}
        _judged(a, ok, _attestExpected(a), IClaims.Verdict.Attested);
    }

    // --------------------------------------------------------------------------------------------------------------
    // The world around
    // --------------------------------------------------------------------------------------------------------------

    /// @notice Time passes: up to half a day.
    function warp(uint256 seed) external {
        VM.warp(block.timestamp + 1 + _pick(seed, "warp", 12 hours));
        ++warps;
    }

    /// @notice The brand takes VERIFIER from lab1 (one time in four lab0), or gives it back (which the lab accepts).
    function toggleVerifier(uint256 seed) external {
        uint256 lab = _pick(seed, "lab", 4) == 0 ? LAB0 : LAB1;
        address brand = _accounts[BRAND];
        if (holdsVerifier[lab]) {
            VM.prank(brand);
            CONSTELLATIONS_CONTRACT.revokeRoles(CONSTELLATION, _accounts[lab], Roles.VERIFIER);
        } else {
            VM.prank(brand);
            CONSTELLATIONS_CONTRACT.grantRoles(CONSTELLATION, _accounts[lab], Roles.VERIFIER);
            VM.prank(_accounts[lab]);
            CONSTELLATIONS_CONTRACT.acceptRoles(CONSTELLATION, Roles.VERIFIER);
        }
        holdsVerifier[lab] = !holdsVerifier[lab];
        bool holds = CONSTELLATIONS_CONTRACT.hasRoles(CONSTELLATION, _accounts[lab], Roles.VERIFIER);
        _check(holds, holdsVerifier[lab], "toggleVerifier");
    }

    /// @notice lab0, lab1 or the supplier marks itself compromised from a time up to three days back.
    function compromise(uint256 seed) external {
        uint256[3] memory who = [LAB0, LAB1, SUPPLIER];
        uint256 c = who[_pick(seed, "who", 3)];
        uint64 since = uint64(block.timestamp - _pick(seed, "since", 3 days));
        uint64 current = compromisedFrom[c];
        bool expected = current == 0 || since < current;
        VM.prank(_accounts[c]);
        bool ok;
        try COMPANIES_CONTRACT.markCompromised(since) {
            ok = true;
        } catch {}
        _check(ok, expected, "compromise");
        if (ok) compromisedFrom[c] = since;
    }

    /// @notice A signer cancels nonces (a random mask) in either of the two words the handler uses.
    function cancelNonces(uint256 seed) external {
        uint256 signer = _pick(seed, "signer", SIGNERS);
        bool high = _pick(seed, "word", 2) == 0;
        uint256 mask = _rand(seed, "mask") & (high ? 0xf : 0xff);
        VM.prank(_accounts[signer]);
        CLAIMS.cancelNonces(high ? uint256(1) << 192 : 0, mask);
        for (uint256 n; n < NONCES; ++n) {
            if ((n >= 8) != high) continue;
            if (mask & (1 << (high ? n - 8 : n)) != 0) _used[signer][n] = true;
        }
    }

    /// @notice A relayer resubmits, verbatim, the last signed issue or attestation the contract accepted.
    function replay(uint256 seed) external {
        bool ok;
        if (_pick(seed, "which", 2) == 0) {
            if (!_hasLastIssue) return;
            ok = _submitIssue(_lastIssue);
        } else {
            if (!_hasLastAttest) return;
            ok = _submitAttest(_lastAttest);
        }
        if (ok) _nonceViolation("a verbatim replay was accepted");
        else ++replaysRefused;
    }

    // --------------------------------------------------------------------------------------------------------------
    // Views for the invariants
    // --------------------------------------------------------------------------------------------------------------

    function claimCount() external view returns (uint256) {
        return _claims.length;
    }

    function claimAt(uint256 k) external view returns (IClaims.Claim memory) {
        return _claims[k];
    }

    function claimGhost(uint256 k) external view returns (ClaimGhost memory) {
        return _claimGhosts[k];
    }

    function batchCount() external view returns (uint256) {
        return _batches.length;
    }

    function batchGhost(uint256 b) external view returns (BatchGhost memory) {
        return _batches[b];
    }

    function leafAt(uint256 b, uint256 i) external view returns (IClaims.Claim memory) {
        return _leaves[b][i];
    }

    /// @notice The proof of leaf `i` of batch `b` (the tree is ((0, 1), (2, 3)), with commutative hashing).
    function proofOf(uint256 b, uint256 i) external view returns (bytes32[] memory proof) {
        bytes32[LEAVES] memory ids = _batches[b].leafIds;
        proof = new bytes32[](2);
        proof[0] = _leaf(ids[i ^ 1]);
        uint256 other = i < 2 ? 2 : 0;
        proof[1] = _hashPair(_leaf(ids[other]), _leaf(ids[other + 1]));
    }

    function accountAt(uint256 i) external view returns (address) {
        return _accounts[i];
    }

    function isUsed(uint256 signer, uint256 n) external view returns (bool) {
        return _used[signer][n];
    }

    function nonceAt(uint256 n) external pure returns (uint256) {
        return _nonce(n);
    }

    /// @notice The companies, in ascending order of address (as the validity views want them).
    function sortedCompanies() public view returns (address[] memory sorted, uint256[] memory index) {
        sorted = new address[](COMPANIES);
        index = new uint256[](COMPANIES);
        for (uint256 i; i < COMPANIES; ++i) {
            uint256 j = i;
            while (j > 0 && sorted[j - 1] > _accounts[i]) {
                sorted[j] = sorted[j - 1];
                index[j] = index[j - 1];
                --j;
            }
            sorted[j] = _accounts[i];
            index[j] = i;
        }
    }

    /// @notice How many live attestations and rejections the model counts on `id` (a claim or a batch) now.
    function expectedVerdicts(bytes32 id) public view returns (uint16 attestations, uint16 rejections) {
        for (uint256 v; v < COMPANIES; ++v) {
            VerdictGhost memory g = _verdicts[id][v];
            bool compromised = compromisedFrom[v] != 0 && compromisedFrom[v] <= g.givenAt;
            if (g.verdict == IClaims.Verdict.Rejected) {
                // A verdict of a verifier compromised by then counts for nothing, a rejection included.
                if (!compromised) ++rejections;
            } else if (
                g.verdict == IClaims.Verdict.Attested &&
                g.eligible &&
                (g.expiresAt == 0 || block.timestamp < g.expiresAt) &&
                !compromised
            ) {
                ++attestations;
            }
        }
    }

    /// @notice Whether `issuer` marked itself compromised from a time at or before `time` (the model).
    function compromisedBy(uint256 issuer, uint40 time) external view returns (bool) {
        return compromisedFrom[issuer] != 0 && compromisedFrom[issuer] <= time;
    }

    // --------------------------------------------------------------------------------------------------------------
    // Internal
    // --------------------------------------------------------------------------------------------------------------

    /// @dev A fresh claim (its document hash is new each time) of `issuer`: about itself if `company`, else about the
    /// product or its batch; a governed or ungoverned topic; a window that may not have opened or may close soon.
    function _newClaim(uint256 seed, uint256 issuer, bool company) internal returns (IClaims.Claim memory claim) {
        address account = _accounts[issuer];
        claim.issuer = account;
        if (company) {
            claim.subject = bytes32(uint256(uint160(account)));
        } else {
            claim.product = PRODUCT;
            claim.subject = _pick(seed, "subject", 2) == 0 ? PRODUCT : PRODUCT_BATCH;
        }
        claim.constellation = CONSTELLATION;
        claim.topic = _pick(seed, "topic", 2) == 0 ? GOVERNED : UNGOVERNED;
        claim.documentHash = keccak256(abi.encode("document", ++_counter));
        uint256 window = _pick(seed, "window", 4);
        if (window == 1) claim.validFrom = uint64(block.timestamp + _pick(seed, "from", 1 days));
        if (window >= 2) {
            claim.validUntil = uint64(block.timestamp + 1 + _pick(seed, "until", 4 days));
        }
    }

    function _record(IClaims.Claim memory claim, uint256 issuer) internal {
        _claims.push(claim);
        _claimGhosts.push(
            ClaimGhost({id: CLAIMS.claimId(claim), issuer: issuer, issuedAt: uint40(block.timestamp), revoked: false})
        );
        ++issued;
    }

    /// @dev An attempt at a verdict on claim `k` by `verifier`, sent or signed by `sender`.
    function _claimAttempt(
        uint256 k,
        uint256 verifier,
        address sender,
        uint64 expiresAt
    ) internal view returns (Attempt memory a) {
        IClaims.Claim storage claim = _claims[k];
        ClaimGhost storage ghost = _claimGhosts[k];
        a.id = ghost.id;
        a.issuer = ghost.issuer;
        a.topic = claim.topic;
        a.verifier = verifier;
        a.sender = sender;
        a.expiresAt = expiresAt;
        a.targetLive = !ghost.revoked && (claim.validUntil == 0 || block.timestamp < claim.validUntil);
    }

    /// @dev Whether the model lets attempt `a` through: the target is live, the expiry valid, the verifier eligible
    /// and without a verdict in force.
    function _attestExpected(Attempt memory a) internal view returns (bool) {
        IClaims.Verdict previous = _verdicts[a.id][a.verifier].verdict;
        return
            a.targetLive &&
            (a.expiresAt == 0 || a.expiresAt > block.timestamp) &&
            _eligible(a) &&
            previous != IClaims.Verdict.Attested &&
            previous != IClaims.Verdict.Rejected;
    }

    /// @dev The rules on who may judge, from the model.
    function _eligible(Attempt memory a) internal view returns (bool) {
        address issuer = _accounts[a.issuer];
        address verifier = _accounts[a.verifier];
        if (verifier == issuer || a.sender == issuer) return false;
        if (_isOperatorOf(a.issuer, a.sender)) return false;
        if (a.sender != verifier && _isOperatorOf(a.issuer, verifier)) return false;
        if (!holdsVerifier[a.verifier]) return false;
        if (a.topic == GOVERNED && !(a.verifier == LAB0 && block.timestamp < ACCREDITATION_EXPIRY)) return false;
        return true;
    }

    /// @dev The brand's operators: the consultancy, opBrand and `shared`; nobody else has operators serving issuers.
    function _isOperatorOf(uint256 issuer, address account) internal view returns (bool) {
        return
            issuer == BRAND &&
            (account == _accounts[CONSULTANCY] || account == _accounts[OP_BRAND] || account == _accounts[SHARED]);
    }

    function _compromisedNow(uint256 company) internal view returns (bool) {
        return compromisedFrom[company] != 0 && block.timestamp >= compromisedFrom[company];
    }

    /// @dev Compares the outcome of a verdict with the model and records it.
    function _judged(Attempt memory a, bool ok, bool expected, IClaims.Verdict verdict) internal {
        if (ok && !_eligible(a)) {
            ++eligibilityViolations;
            _violation("a verdict was accepted from an ineligible verifier");
        }
        _check(ok, expected, verdict == IClaims.Verdict.Rejected ? "reject" : "attest");
        if (!ok) {
            if (!_eligible(a)) ++verdictsRefusedAsIneligible;
            return;
        }
        ++verdictsAccepted;
        _verdicts[a.id][a.verifier] = VerdictGhost({
            verdict: verdict,
            givenAt: uint40(block.timestamp),
            expiresAt: verdict == IClaims.Verdict.Attested ? uint40(a.expiresAt) : 0,
            eligible: _eligible(a)
        });
    }

    /// @dev Any of the seven companies, the two labs more often (they are the ones that may judge).
    function _verifier(uint256 seed) internal pure returns (uint256) {
        uint256 r = _pick(seed, "verifier", 11);
        if (r < COMPANIES) return r;
        return r % 2 == 0 ? LAB0 : LAB1;
    }

    /// @dev No expiry (half the time), a future one, or (one time in eight) an invalid one.
    function _expiry(uint256 seed) internal view returns (uint64) {
        uint256 choice = _pick(seed, "expiry", 8);
        if (choice == 0) return uint64(block.timestamp); // invalid: not in the future
        if (choice < 5) return 0;
        return uint64(block.timestamp + 1 + _pick(seed, "expiresIn", 4 days));
    }

    function _submitIssue(SignedIssue memory op) internal returns (bool ok) {
        VM.prank(address(0x5E1A7E)); // the relayer: any account
        try CLAIMS.issueBySig(op.claim, op.signer, op.nonce, op.deadline, op.signature) {
            ok = true;
        } catch {}
    }

    function _submitAttest(SignedAttest memory op) internal returns (bool ok) {
        VM.prank(address(0x5E1A7E));
        try
            CLAIMS.attestBySig(
                op.claim,
                op.verifier,
                bytes32(0),
                op.expiresAt,
                op.signer,
                op.nonce,
                op.deadline,
                op.signature
            )
        {
            ok = true;
        } catch {}
    }

    function _issueHash(SignedIssue memory op) internal view returns (bytes32) {
        return
            keccak256(abi.encode(CLAIMS.ISSUE_TYPEHASH(), CLAIMS.claimId(op.claim), op.signer, op.nonce, op.deadline));
    }

    function _attestHash(SignedAttest memory op, bytes32 id) internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    CLAIMS.ATTEST_TYPEHASH(),
                    id,
                    op.verifier,
                    bytes32(0),
                    op.expiresAt,
                    op.signer,
                    op.nonce,
                    op.deadline
                )
            );
    }

    /// @dev `key`'s signature of the EIP-712 digest of `structHash` in the Claims domain.
    function _sign(uint256 key, bytes32 structHash) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(
            key,
            keccak256(abi.encodePacked("\x19\x01", _domainSeparator, structHash))
        );
        return abi.encodePacked(r, s, v);
    }

    /// @dev Nonce number `n`: 0-7, then 2^200 + 0-3.
    function _nonce(uint256 n) internal pure returns (uint256) {
        return n < 8 ? n : (uint256(1) << 200) + (n - 8);
    }

    /// @dev A StandardMerkleTree leaf: the claim id, double-hashed.
    function _leaf(bytes32 id) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(id))));
    }

    function _hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _root(bytes32[LEAVES] memory ids) internal pure returns (bytes32) {
        return _hashPair(_hashPair(_leaf(ids[0]), _leaf(ids[1])), _hashPair(_leaf(ids[2]), _leaf(ids[3])));
    }

    function _rand(uint256 seed, string memory label) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, label)));
    }

    function _rand(uint256 seed, uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, i)));
    }

    function _pick(uint256 seed, string memory label, uint256 count) internal pure returns (uint256) {
        return _rand(seed, label) % count;
    }

    function _check(bool actual, bool expected, string memory what) internal {
        if (actual != expected) {
            _violation(string.concat(what, actual ? ": accepted against the model" : ": refused against the model"));
        }
    }

    function _nonceViolation(string memory what) internal {
        ++nonceViolations;
        _violation(what);
    }

    function _violation(string memory what) internal {
        if (violations == 0) firstViolation = what;
        ++violations;
    }
}
