// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {CompaniesClient} from "./base/CompaniesClient.sol";
import {SignedOperations} from "./base/SignedOperations.sol";
import {IAccreditations} from "./interfaces/IAccreditations.sol";
import {IClaims} from "./interfaces/IClaims.sol";
import {ICompanies} from "./interfaces/ICompanies.sol";
import {IConstellations} from "./interfaces/IConstellations.sol";
import {IProducts} from "./interfaces/IProducts.sol";
import {ConstellationRoles} from "./libraries/ConstellationRoles.sol";
import {OperatorPermissions as Permissions} from "./libraries/OperatorPermissions.sol";
import {ProductRoles} from "./libraries/ProductRoles.sol";

/**
 * @title Claims
 * @notice Hashed ESG claims, verifier verdicts and claim batches. See {IClaims}.
 */
contract Claims is IClaims, CompaniesClient, SignedOperations {
    /// @inheritdoc IClaims
    uint16 public constant MAX_REASON = 8;

    /// @notice The longest document or manifest URI accepted.
    uint256 public constant MAX_URI_LENGTH = 512;

    /// @notice EIP-712 type of a claim; a claim's id is its struct hash.
    bytes32 public constant CLAIM_TYPEHASH = keccak256(
        "Claim(address issuer,bytes32 product,bytes32 subject,uint64 constellation,bytes32 topic,"
        "bytes32 documentHash,string documentURI,uint64 validFrom,uint64 validUntil)"
    );
    /// @notice EIP-712 type of a signed issue.
    bytes32 public constant ISSUE_TYPEHASH = keccak256(
        "IssueClaim(Claim claim,address signer,uint256 nonce,uint64 deadline)"
        "Claim(address issuer,bytes32 product,bytes32 subject,uint64 constellation,bytes32 topic,"
        "bytes32 documentHash,string documentURI,uint64 validFrom,uint64 validUntil)"
    );
    /// @notice EIP-712 type of a signed attestation.
    bytes32 public constant ATTEST_TYPEHASH = keccak256(
        "AttestClaim(bytes32 id,address verifier,bytes32 evidenceHash,uint64 expiresAt,address signer,"
        "uint256 nonce,uint64 deadline)"
    );

    /// @notice EIP-712 type of a signed batch.
    bytes32 public constant ISSUE_BATCH_TYPEHASH = keccak256(
        "IssueBatch(address issuer,bytes32 root,uint32 count,bytes32 topic,uint64 constellation,"
        "bytes32 manifestHash,string manifestURI,address signer,uint256 nonce,uint64 deadline)"
    );

    /// @notice The Constellations contract: verifiers hold VERIFIER there.
    IConstellations public immutable CONSTELLATIONS;
    /// @notice The Products contract: who may claim about a product.
    IProducts public immutable PRODUCTS;
    /// @notice The Accreditations contract: topics under accreditation and accredited verifiers.
    IAccreditations public immutable ACCREDITATIONS;

    mapping(bytes32 id => ClaimRecord) private _claims;
    mapping(bytes32 id => mapping(address verifier => VerdictRecord)) private _verdicts;
    mapping(bytes32 batch => Batch) private _batches;
    mapping(bytes32 batch => bytes32 topic) private _batchTopics;
    mapping(bytes32 batch => mapping(bytes32 id => uint256 revokedAt)) private _revokedInBatch;

    /// @dev What a verdict is given on: a claim or a batch.
    struct Target {
        bytes32 id;
        address issuer;
        uint64 constellation;
        bytes32 topic;
    }

    constructor(
        ICompanies companies,
        IConstellations constellations,
        IProducts products,
        IAccreditations accreditations
    ) CompaniesClient(companies) EIP712("Constellate Claims", "1") {
        CONSTELLATIONS = constellations;
        PRODUCTS = products;
        ACCREDITATIONS = accreditations;
    }

    /// @inheritdoc IClaims
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    // -------------------------------------------------------------------------------------------------------------
    // Claims
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IClaims
    function issue(Claim calldata claim) external returns (bytes32) {
        address company = _actor(Permissions.CLAIMS);
        if (claim.issuer != company) revert IssuerNotActing(claim.issuer, company);
        return _issue(claim);
    }

    /// @inheritdoc IClaims
    function issueBySig(
        Claim calldata claim,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external returns (bytes32) {
        if (signer != claim.issuer) COMPANIES.requireActing(claim.issuer, signer, Permissions.CLAIMS);
        _useSignature(
            signer,
            keccak256(abi.encode(ISSUE_TYPEHASH, _claimId(claim), signer, nonce, deadline)),
            nonce,
            deadline,
            signature
        );
        return _issue(claim);
    }

    /// @inheritdoc IClaims
    function revoke(bytes32 id) external {
        address company = _actor(Permissions.CLAIMS);
        ClaimRecord storage record = _claims[id];
        if (record.issuedAt == 0) revert ClaimNotFound(id);
        if (record.issuer != company) revert NotIssuer(id, company);
        if (record.revokedAt != 0) revert AlreadyRevoked(id);
        record.revokedAt = uint40(block.timestamp);
        emit ClaimRevoked(id, company);
    }

    /// @inheritdoc IClaims
    function attest(Claim calldata claim, bytes32 evidenceHash, uint64 expiresAt) external {
        address verifier = _actor(Permissions.VERIFY);
        _attest(_claimTarget(claim), verifier, msg.sender, evidenceHash, expiresAt);
    }

    /// @inheritdoc IClaims
    function attestBySig(
        Claim calldata claim,
        address verifier,
        bytes32 evidenceHash,
        uint64 expiresAt,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external {
        if (signer != verifier) COMPANIES.requireActing(verifier, signer, Permissions.VERIFY);
        Target memory target = _claimTarget(claim);
        _useSignature(
            signer,
            keccak256(
                abi.encode(ATTEST_TYPEHASH, target.id, verifier, evidenceHash, expiresAt, signer, nonce, deadline)
            ),
            nonce,
            deadline,
            signature
        );
        _attest(target, verifier, signer, evidenceHash, expiresAt);
    }

    /// @inheritdoc IClaims
    function reject(Claim calldata claim, uint16 reason, bytes32 evidenceHash) external {
        address verifier = _actor(Permissions.VERIFY);
        if (reason == 0 || reason > MAX_REASON) revert InvalidReason(reason);
        Target memory target = _claimTarget(claim);
        _requireEligible(target, verifier, msg.sender);
        _recordVerdict(target.id, verifier, Verdict.Rejected, reason, 0);
        emit Rejected(target.id, verifier, target.constellation, reason, evidenceHash);
    }

    /// @inheritdoc IClaims
    function withdraw(bytes32 id) external {
        address verifier = _actor(Permissions.VERIFY);
        VerdictRecord storage record = _verdicts[id][verifier];
        if (record.verdict != Verdict.Attested) revert NoAttestation(id, verifier);
        record.verdict = Verdict.Withdrawn;
        emit AttestationWithdrawn(id, verifier);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Batches
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IClaims
    function issueBatch(
        bytes32 root,
        uint32 count,
        bytes32 topic,
        uint64 constellation,
        bytes32 manifestHash,
        string calldata manifestURI
    ) external returns (bytes32) {
        return _issueBatch(_actor(Permissions.CLAIMS), root, count, topic, constellation, manifestHash, manifestURI);
    }

    /// @inheritdoc IClaims
    function issueBatchBySig(
        BatchRequest calldata request,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external returns (bytes32) {
        if (signer != request.issuer) COMPANIES.requireActing(request.issuer, signer, Permissions.CLAIMS);
        _useSignature(
            signer,
            keccak256(
                abi.encode(
                    ISSUE_BATCH_TYPEHASH,
                    request.issuer,
                    request.root,
                    request.count,
                    request.topic,
                    request.constellation,
                    request.manifestHash,
                    keccak256(bytes(request.manifestURI)),
                    signer,
                    nonce,
                    deadline
                )
            ),
            nonce,
            deadline,
            signature
        );
        return
            _issueBatch(
                request.issuer,
                request.root,
                request.count,
                request.topic,
                request.constellation,
                request.manifestHash,
                request.manifestURI
            );
    }

    function _issueBatch(
        address issuer,
        bytes32 root,
        uint32 count,
        bytes32 topic,
        uint64 constellation,
        bytes32 manifestHash,
        string calldata manifestURI
    ) private returns (bytes32 batch) {
        if (root == bytes32(0) || count == 0 || topic == bytes32(0) || manifestHash == bytes32(0)) {
            revert InvalidBatch();
        }
        _checkUri(manifestURI);
        if (!CONSTELLATIONS.hasRoles(constellation, issuer, 0)) revert IssuerNotAMember(constellation, issuer);
        batch = batchId(issuer, root);
        Batch storage record = _batches[batch];
        if (record.issuedAt != 0) revert BatchExists(batch);
        record.constellation = constellation;
        record.count = count;
        record.issuedAt = uint40(block.timestamp);
        _batchTopics[batch] = topic;
        emit BatchIssued(batch, issuer, root, constellation, topic, count, manifestHash, manifestURI);
    }

    /// @inheritdoc IClaims
    function revokeBatch(bytes32 root) external {
        address issuer = _actor(Permissions.CLAIMS);
        bytes32 batch = batchId(issuer, root);
        Batch storage record = _requireBatch(batch);
        if (record.revokedAt != 0) revert AlreadyRevoked(batch);
        record.revokedAt = uint40(block.timestamp);
        emit BatchRevoked(batch, issuer);
    }

    /// @inheritdoc IClaims
    function revokeBatchClaim(bytes32 root, bytes32 id) external {
        address issuer = _actor(Permissions.CLAIMS);
        bytes32 batch = batchId(issuer, root);
        _requireBatch(batch);
        mapping(bytes32 => uint256) storage revoked = _revokedInBatch[batch];
        if (revoked[id] != 0) revert BatchClaimAlreadyRevoked(batch, id);
        revoked[id] = block.timestamp;
        emit BatchClaimRevoked(batch, id, issuer);
    }

    /// @inheritdoc IClaims
    function attestBatch(address issuer, bytes32 root, bytes32 evidenceHash, uint64 expiresAt) external {
        address verifier = _actor(Permissions.VERIFY);
        bytes32 batch = batchId(issuer, root);
        Batch memory record = _requireBatch(batch);
        if (record.revokedAt != 0) revert AlreadyRevoked(batch);
        Target memory target = Target({
            id: batch,
            issuer: issuer,
            constellation: record.constellation,
            topic: _batchTopics[batch]
        });
        _attest(target, verifier, msg.sender, evidenceHash, expiresAt);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Views
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IClaims
    function claimId(Claim calldata claim) external pure returns (bytes32) {
        return _claimId(claim);
    }

    /// @inheritdoc IClaims
    function claimOf(bytes32 id) external view returns (ClaimRecord memory) {
        return _claims[id];
    }

    /// @inheritdoc IClaims
    function verdictOf(bytes32 id, address verifier) external view returns (VerdictRecord memory) {
        return _verdicts[id][verifier];
    }

    /// @inheritdoc IClaims
    function validity(
        Claim calldata claim,
        address[] calldata verifiers
    ) external view returns (Validity memory answer) {
        bytes32 id = _claimId(claim);
        ClaimRecord memory record = _claims[id];
        answer.exists = record.issuedAt != 0;
        if (!answer.exists) return answer;
        answer.revoked = record.revokedAt != 0;
        answer.issuerCompromised = _compromisedBy(claim.issuer, record.issuedAt);
        _judge(answer, claim, verifiers, id, bytes32(0));
    }

    /// @inheritdoc IClaims
    function batchId(address issuer, bytes32 root) public pure returns (bytes32) {
        return keccak256(abi.encode(issuer, root));
    }

    /// @inheritdoc IClaims
    function batchOf(address issuer, bytes32 root) external view returns (Batch memory batch, bytes32 topic) {
        bytes32 id = batchId(issuer, root);
        return (_batches[id], _batchTopics[id]);
    }

    /// @inheritdoc IClaims
    function batchValidity(
        Claim calldata claim,
        bytes32 root,
        bytes32[] calldata proof,
        address[] calldata verifiers
    ) external view returns (Validity memory answer) {
        bytes32 batch = batchId(claim.issuer, root);
        Batch memory record = _batches[batch];
        bytes32 id = _claimId(claim);
        if (
            record.issuedAt == 0 ||
            claim.topic != _batchTopics[batch] ||
            !MerkleProof.verifyCalldata(proof, root, keccak256(bytes.concat(keccak256(abi.encode(id))))) ||
            claim.constellation != record.constellation ||
            !_mayClaim(claim)
        ) return answer;
        answer.exists = true;
        answer.revoked = record.revokedAt != 0 || _revokedInBatch[batch][id] != 0;
        answer.issuerCompromised = _compromisedBy(claim.issuer, record.issuedAt);
        _judge(answer, claim, verifiers, id, batch);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internals
    // -------------------------------------------------------------------------------------------------------------

    function _issue(Claim calldata claim) private returns (bytes32 id) {
        if (claim.topic == bytes32(0) || claim.documentHash == bytes32(0)) revert InvalidClaim();
        if (claim.validUntil != 0 && claim.validUntil <= claim.validFrom) {
            revert InvalidValidity(claim.validFrom, claim.validUntil);
        }
        _checkUri(claim.documentURI);
        if (claim.product != bytes32(0)) {
            uint64 expected = PRODUCTS.requireWriter(
                claim.product,
                claim.subject,
                claim.issuer,
                ProductRoles.CLAIM_ISSUERS
            );
            if (claim.constellation != expected) revert WrongConstellation(claim.constellation, expected);
        } else {
            if (claim.subject != bytes32(uint256(uint160(claim.issuer)))) {
                revert InvalidCompanySubject(claim.issuer, claim.subject);
            }
            // Membership also proves the issuer is a registered company.
            if (!CONSTELLATIONS.hasRoles(claim.constellation, claim.issuer, 0)) {
                revert IssuerNotAMember(claim.constellation, claim.issuer);
            }
        }
        id = _claimId(claim);
        ClaimRecord storage record = _claims[id];
        if (record.issuedAt != 0) revert ClaimExists(id);
        record.issuer = claim.issuer;
        record.issuedAt = uint40(block.timestamp);
        emit ClaimIssued(
            id,
            claim.issuer,
            claim.subject,
            claim.product,
            claim.constellation,
            claim.topic,
            claim.documentHash,
            claim.documentURI,
            claim.validFrom,
            claim.validUntil
        );
    }

    /// @dev The claim as a verdict's target: it must exist, not be revoked, and not have expired.
    function _claimTarget(Claim calldata claim) private view returns (Target memory target) {
        target.id = _claimId(claim);
        ClaimRecord memory record = _claims[target.id];
        if (record.issuedAt == 0) revert ClaimNotFound(target.id);
        if (record.revokedAt != 0) revert AlreadyRevoked(target.id);
        if (claim.validUntil != 0 && block.timestamp >= claim.validUntil) {
            revert ClaimNotInWindow(target.id, claim.validFrom, claim.validUntil);
        }
        target.issuer = claim.issuer;
        target.constellation = claim.constellation;
        target.topic = claim.topic;
    }

    function _attest(
        Target memory target,
        address verifier,
        address sender,
        bytes32 evidenceHash,
        uint64 expiresAt
    ) private {
        if (expiresAt != 0 && (expiresAt <= block.timestamp || expiresAt > type(uint40).max)) {
            revert InvalidExpiry(expiresAt);
        }
        _requireEligible(target, verifier, sender);
        _recordVerdict(target.id, verifier, Verdict.Attested, 0, expiresAt);
        emit Attested(target.id, verifier, target.constellation, evidenceHash, expiresAt);
    }

    /**
     * @dev The rules on who may give a verdict: not the issuer, nor one of its operators, nor through one; VERIFIER in
     * the target's constellation; accredited for the topic if it is under accreditation. `sender` is the account that
     * sent or signed the verdict.
     */
    function _requireEligible(Target memory target, address verifier, address sender) private view {
        address issuer = target.issuer;
        if (
            verifier == issuer ||
            sender == issuer ||
            COMPANIES.isOperator(issuer, sender) ||
            (sender != verifier && COMPANIES.isOperator(issuer, verifier))
        ) revert SelfVerification(target.id, verifier, issuer);
        if (!CONSTELLATIONS.hasRoles(target.constellation, verifier, ConstellationRoles.VERIFIER)) {
            revert NotAVerifier(target.constellation, verifier);
        }
        if (!ACCREDITATIONS.canVerifyTopic(verifier, target.topic))
            revert VerifierNotAccredited(verifier, target.topic);
    }

    function _recordVerdict(bytes32 id, address verifier, Verdict verdict, uint16 reason, uint64 expiresAt) private {
        VerdictRecord storage record = _verdicts[id][verifier];
        Verdict previous = record.verdict;
        if (previous == Verdict.Attested || previous == Verdict.Rejected) revert VerdictExists(id, verifier, previous);
        // The whole slot at once (verdict bits 0-7, reason 8-23, givenAt 24-63, expiresAt 64-103).
        uint256 word =
            uint256(uint8(verdict)) |
                (uint256(reason) << 8) |
                (block.timestamp << 24) |
                (uint256(uint40(expiresAt)) << 64);
        assembly ("memory-safe") {
            sstore(record.slot, word)
        }
    }

    /// @dev Whether `claim`'s issuer may claim about its subject now, in the claim's constellation (batch claims,
    /// whose rights {issueBatch} could not check one by one).
    function _mayClaim(Claim calldata claim) private view returns (bool) {
        if (claim.product == bytes32(0)) {
            return
                claim.subject == bytes32(uint256(uint160(claim.issuer))) &&
                CONSTELLATIONS.hasRoles(claim.constellation, claim.issuer, 0);
        }
        try PRODUCTS.requireWriter(claim.product, claim.subject, claim.issuer, ProductRoles.CLAIM_ISSUERS) returns (
            uint64 productConstellation
        ) {
            return productConstellation == claim.constellation;
        } catch {
            return false;
        }
    }

    /// @dev Fills the window and the verdicts of `verifiers` (ascending, no repeats) on `id` and on `batch`.
    function _judge(
        Validity memory answer,
        Claim calldata claim,
        address[] calldata verifiers,
        bytes32 id,
        bytes32 batch
    ) private view {
        answer.inWindow =
            block.timestamp >= claim.validFrom &&
            (claim.validUntil == 0 || block.timestamp < claim.validUntil);
        answer.valid = !answer.revoked && answer.inWindow && !answer.issuerCompromised;
        address previous;
        for (uint256 i; i < verifiers.length; ++i) {
            address verifier = verifiers[i];
            if (verifier <= previous) revert VerifiersNotAscending();
            previous = verifier;
            // One verdict per verifier: a live attestation of the claim or of its batch counts once; otherwise a
            // rejection of either counts once.
            uint8 verdict = _liveVerdict(_verdicts[id][verifier], verifier);
            if (verdict != uint8(Verdict.Attested) && batch != bytes32(0)) {
                uint8 onBatch = _liveVerdict(_verdicts[batch][verifier], verifier);
                if (onBatch != uint8(Verdict.None)) verdict = onBatch;
            }
            if (verdict == uint8(Verdict.Attested)) ++answer.attestations;
            else if (verdict == uint8(Verdict.Rejected)) ++answer.rejections;
        }
    }

    /// @dev The verdict of `record` if it counts now (an attestation not expired; neither given by a verifier that
    /// had marked itself compromised by then), else None.
    function _liveVerdict(VerdictRecord memory record, address verifier) private view returns (uint8) {
        Verdict verdict = record.verdict;
        if (verdict != Verdict.Attested && verdict != Verdict.Rejected) return uint8(Verdict.None);
        if (verdict == Verdict.Attested && record.expiresAt != 0 && block.timestamp >= record.expiresAt) {
            return uint8(Verdict.None);
        }
        if (_compromisedBy(verifier, record.givenAt)) return uint8(Verdict.None);
        return uint8(verdict);
    }

    /// @dev Whether `company` marked itself compromised from a time at or before `time`.
    function _compromisedBy(address company, uint40 time) private view returns (bool) {
        uint64 since = COMPANIES.statusOf(company).compromisedFrom;
        return since != 0 && since <= time;
    }

    function _requireBatch(bytes32 batch) private view returns (Batch storage record) {
        record = _batches[batch];
        if (record.issuedAt == 0) revert BatchNotFound(batch);
    }

    function _checkUri(string calldata uri) private pure {
        if (bytes(uri).length > MAX_URI_LENGTH) revert UriTooLong(bytes(uri).length, MAX_URI_LENGTH);
    }

    function _claimId(Claim calldata claim) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    CLAIM_TYPEHASH,
                    claim.issuer,
                    claim.product,
                    claim.subject,
                    claim.constellation,
                    claim.topic,
                    claim.documentHash,
                    keccak256(bytes(claim.documentURI)),
                    claim.validFrom,
                    claim.validUntil
                )
            );
    }
}
