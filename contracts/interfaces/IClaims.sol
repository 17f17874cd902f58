// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IActsForCompanies} from "./IActsForCompanies.sol";
import {ISignedOperations} from "./ISignedOperations.sol";

/**
 * @title IClaims
 * @notice Hashed ESG claims about products, batches, items and companies, and the verdicts of verifiers on them.
 *
 * A claim names its issuer, its subject, a topic (a versioned claim type of the published taxonomy,
 * `keccak256("constellate.topic.<name>.v<major>")`), the SHA-256 of its canonical salted claim document (RFC 8785
 * JSON, kept in the issuer's vault), the document's URI, and a validity window (`validUntil` zero: no end). Its id is
 * the EIP-712 struct hash of all of these ({claimId}), so it commits to the issuer and every field: nobody can take an
 * id first, and the contract keeps only one slot per claim (issuer, issue time, revocation time). Views that need the
 * fields take the claim itself and recompute its id.
 *
 * Who issues: about a product (or one of its batches or items) its owner, or a product actor holding one of the
 * claim-issuing roles (ProductRoles.CLAIM_ISSUERS: SUPPLIER, LOGISTICS, AUDITOR); about a company, the company itself
 * (`product` zero, `subject` the company's address as bytes32). Operators need CLAIMS.
 *
 * Who verifies: a company holding VERIFIER in the claim's constellation (the product's, or for a company claim one
 * the issuer belongs to, named in the claim and checked at issue), accredited for the topic if governance put the
 * topic under accreditation ({IAccreditations-isTopicGoverned}), and neither the issuer nor one of its operators
 * (nor acting through one). It attests, with the hash of its own evidence and an optional expiry, or rejects with a
 * reason code (1 to {MAX_REASON}, listed in the sdk's `REJECTION_REASONS`), and may withdraw its attestation.
 * Eligibility is judged when the verdict is given: an attestation keeps counting if the verifier later loses its role.
 * Operators need VERIFY.
 *
 * Revocation is a timestamp set by the issuer; the record and its history stay. Validity ({validity}) is judged by
 * block time: the claim exists, is not revoked, its window holds, and its issuer was not compromised when it issued
 * it; verdicts are counted among the verifiers the caller names (the indexer lists them), so the view is a fixed
 * amount of work per verifier, never a loop over storage.
 *
 * Batches: an issuer anchors many claims at once as a Merkle root over their ids (OpenZeppelin StandardMerkleTree,
 * leaf encoding ["bytes32"]), keyed by (issuer, root), for one topic and one constellation, with the hash and URI of a
 * manifest listing every claim (the manifest is emitted, so indexers and pages see every claim). {batchValidity}
 * proves one claim with its proof; the issuer revokes single claims without a proof; a verifier attests the whole
 * batch in one transaction.
 */
interface IClaims is IActsForCompanies, ISignedOperations {
    /// @notice A claim, as issued. Its id is {claimId}.
    struct Claim {
        address issuer;
        /// @notice The product the subject belongs to; zero for a claim a company makes about itself.
        bytes32 product;
        /// @notice The product itself, one of its batches or items, or (`product` zero) the issuer as bytes32.
        bytes32 subject;
        /// @notice The constellation whose verifiers may judge the claim: the product's, or for a company claim one
        /// the issuer belongs to (both checked at issue).
        uint64 constellation;
        bytes32 topic;
        /// @notice SHA-256 of the canonical (RFC 8785) claim document.
        bytes32 documentHash;
        string documentURI;
        /// @notice Valid from this block time on.
        uint64 validFrom;
        /// @notice Valid until this block time (exclusive); zero means no end.
        uint64 validUntil;
    }

    /// @notice The stored part of a claim, one slot.
    struct ClaimRecord {
        address issuer;
        /// @notice Block time of issue; zero means no such claim.
        uint40 issuedAt;
        /// @notice Block time of revocation; zero means not revoked.
        uint40 revokedAt;
    }

    /// @notice A verifier's verdict on a claim or a batch.
    enum Verdict {
        None,
        Attested,
        Rejected,
        Withdrawn
    }

    /// @notice A verdict as stored, one slot.
    struct VerdictRecord {
        Verdict verdict;
        /// @notice The rejection reason (zero for an attestation).
        uint16 reason;
        /// @notice Block time of the verdict.
        uint40 givenAt;
        /// @notice An attestation counts until this block time (exclusive); zero means no end.
        uint40 expiresAt;
    }

    /// @notice A batch of claims, keyed by (issuer, root), one slot.
    struct Batch {
        /// @notice The constellation whose verifiers may attest the batch; every claim must be about its products.
        uint64 constellation;
        /// @notice Number of claims.
        uint32 count;
        /// @notice Block time of issue; zero means no such batch.
        uint40 issuedAt;
        /// @notice Block time of revocation of the whole batch; zero means not revoked.
        uint40 revokedAt;
    }

    /// @notice A batch to issue on a signature ({issueBatchBySig}).
    struct BatchRequest {
        address issuer;
        bytes32 root;
        uint32 count;
        bytes32 topic;
        uint64 constellation;
        bytes32 manifestHash;
        string manifestURI;
    }

    /// @notice What {validity} and {batchValidity} answer.
    struct Validity {
        bool exists;
        bool revoked;
        /// @notice The validity window holds now.
        bool inWindow;
        /// @notice The issuer had marked itself compromised from a time at or before the issue.
        bool issuerCompromised;
        /// @notice Verifiers named with a live attestation (not withdrawn, not expired, verifier not compromised when
        /// attesting); for a batch claim, of the claim or of its batch. Each verifier counts once.
        uint16 attestations;
        /// @notice Verifiers named that rejected (the claim, or its batch) and have no live attestation, counted like
        /// attestations (a compromised verifier's rejection does not count either).
        uint16 rejections;
        /// @notice exists, not revoked, in its window, issuer not compromised.
        bool valid;
    }

    /// @notice `issuer` issued claim `id` in `constellation` (zero: none).
    event ClaimIssued(
        bytes32 indexed id,
        address indexed issuer,
        bytes32 indexed subject,
        bytes32 product,
        uint64 constellation,
        bytes32 topic,
        bytes32 documentHash,
        string documentURI,
        uint64 validFrom,
        uint64 validUntil
    );
    /// @notice The issuer revoked claim `id`.
    event ClaimRevoked(bytes32 indexed id, address indexed issuer);
    /// @notice `verifier` attested claim or batch `id` in `constellation`, with evidence `evidenceHash`, until
    /// `expiresAt` (zero: no end).
    event Attested(
        bytes32 indexed id,
        address indexed verifier,
        uint64 indexed constellation,
        bytes32 evidenceHash,
        uint64 expiresAt
    );
    /// @notice `verifier` rejected claim or batch `id` for reason `reason`, with evidence `evidenceHash`.
    event Rejected(
        bytes32 indexed id,
        address indexed verifier,
        uint64 indexed constellation,
        uint16 reason,
        bytes32 evidenceHash
    );
    /// @notice `verifier` withdrew its attestation of claim or batch `id`.
    event AttestationWithdrawn(bytes32 indexed id, address indexed verifier);
    /// @notice `issuer` anchored `count` claims of `topic` about products of `constellation` as Merkle root `root`
    /// (batch id `batch`), listed in the manifest at `manifestURI` hashing to `manifestHash`.
    event BatchIssued(
        bytes32 indexed batch,
        address indexed issuer,
        bytes32 indexed root,
        uint64 constellation,
        bytes32 topic,
        uint32 count,
        bytes32 manifestHash,
        string manifestURI
    );
    /// @notice The issuer revoked the whole batch `batch`.
    event BatchRevoked(bytes32 indexed batch, address indexed issuer);
    /// @notice The issuer revoked claim `id` of batch `batch`.
    event BatchClaimRevoked(bytes32 indexed batch, bytes32 indexed id, address indexed issuer);

    /// @notice `issuer` is not the acting company.
    error IssuerNotActing(address issuer, address acting);
    /// @notice A company claim's subject must be the issuer itself.
    error InvalidCompanySubject(address issuer, bytes32 subject);
    /// @notice `validUntil` is not zero and not after `validFrom`.
    error InvalidValidity(uint64 validFrom, uint64 validUntil);
    /// @notice The topic must not be zero, nor the document hash.
    error InvalidClaim();
    /// @notice Claim `id` is issued already.
    error ClaimExists(bytes32 id);
    /// @notice No claim `id`.
    error ClaimNotFound(bytes32 id);
    /// @notice Claim or batch `id` is revoked.
    error AlreadyRevoked(bytes32 id);
    /// @notice Claim `id` is outside its validity window now.
    error ClaimNotInWindow(bytes32 id, uint64 validFrom, uint64 validUntil);
    /// @notice `account` is not the issuer of claim or batch `id`.
    error NotIssuer(bytes32 id, address account);
    /// @notice `verifier` may not give a verdict on its own claim: it is the issuer, or acts through or as one of the
    /// issuer's operators.
    error SelfVerification(bytes32 id, address verifier, address issuer);
    /// @notice `verifier` does not hold VERIFIER in `constellation`.
    error NotAVerifier(uint64 constellation, address verifier);
    /// @notice `issuer` is not a member of `constellation` (a company claim, a batch).
    error IssuerNotAMember(uint64 constellation, address issuer);
    /// @notice `constellation` is not the constellation of the claim's product, `expected`.
    error WrongConstellation(uint64 constellation, uint64 expected);
    /// @notice `verifier` is not accredited for `topic`, which is under accreditation.
    error VerifierNotAccredited(address verifier, bytes32 topic);
    /// @notice `verifier` gave a verdict on `id` already (withdraw an attestation first).
    error VerdictExists(bytes32 id, address verifier, Verdict verdict);
    /// @notice `verifier` has no attestation of `id` to withdraw.
    error NoAttestation(bytes32 id, address verifier);
    /// @notice Rejection reasons run from 1 to {MAX_REASON}.
    error InvalidReason(uint16 reason);
    /// @notice An attestation expiry must be zero or in the future.
    error InvalidExpiry(uint64 expiresAt);
    /// @notice A batch needs a non-zero root, topic and manifest hash, and at least one claim.
    error InvalidBatch();
    /// @notice Batch (`issuer`, `root`) exists already.
    error BatchExists(bytes32 batch);
    /// @notice No batch `batch`.
    error BatchNotFound(bytes32 batch);
    /// @notice Claim `id` of batch `batch` is revoked already.
    error BatchClaimAlreadyRevoked(bytes32 batch, bytes32 id);
    /// @notice A URI of `length` bytes is longer than `max`.
    error UriTooLong(uint256 length, uint256 max);
    /// @notice The verifiers named to a validity view must be in ascending order, each once.
    error VerifiersNotAscending();

    // -------------------------------------------------------------------------------------------------------------
    // Claims
    // -------------------------------------------------------------------------------------------------------------

    /// @notice Issues `claim` for the acting company, which must be `claim.issuer`.
    function issue(Claim calldata claim) external returns (bytes32 id);

    /// @notice Issues `claim` on the signature of `signer` (the issuer, or its operator holding CLAIMS), sent by
    /// anyone (a relayer). Typed data: `IssueClaim(Claim claim,address signer,uint256 nonce,uint64 deadline)`.
    function issueBySig(
        Claim calldata claim,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external returns (bytes32 id);

    /// @notice Revokes claim `id`. Issuer only.
    function revoke(bytes32 id) external;

    /// @notice The acting company attests `claim` as a verifier in the claim's constellation, with the hash of its
    /// evidence, until `expiresAt` (zero: no end).
    function attest(Claim calldata claim, bytes32 evidenceHash, uint64 expiresAt) external;

    /// @notice As {attest}, on the signature of `signer` (the verifier, or its operator holding VERIFY). Typed data:
    /// `AttestClaim(bytes32 id,address verifier,bytes32 evidenceHash,uint64 expiresAt,address signer,uint256 nonce,
    /// uint64 deadline)`.
    function attestBySig(
        Claim calldata claim,
        address verifier,
        bytes32 evidenceHash,
        uint64 expiresAt,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external;

    /// @notice The acting company rejects `claim` as a verifier in the claim's constellation, for `reason`.
    function reject(Claim calldata claim, uint16 reason, bytes32 evidenceHash) external;

    /// @notice The acting company withdraws its attestation of claim or batch `id`.
    function withdraw(bytes32 id) external;

    // -------------------------------------------------------------------------------------------------------------
    // Batches
    // -------------------------------------------------------------------------------------------------------------

    /// @notice Anchors `count` claims of `topic` about products of `constellation` (of which the acting company is a
    /// member) as the Merkle root `root` of their ids; the manifest at `manifestURI` lists them.
    function issueBatch(
        bytes32 root,
        uint32 count,
        bytes32 topic,
        uint64 constellation,
        bytes32 manifestHash,
        string calldata manifestURI
    ) external returns (bytes32 batch);

    /// @notice As {issueBatch} for `request.issuer`, on the signature of `signer` (the issuer, or its operator holding
    /// CLAIMS), sent by anyone. Typed data: `IssueBatch(address issuer,bytes32 root,uint32 count,bytes32 topic,
    /// uint64 constellation,bytes32 manifestHash,string manifestURI,address signer,uint256 nonce,uint64 deadline)`.
    function issueBatchBySig(
        BatchRequest calldata request,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external returns (bytes32 batch);

    /// @notice Revokes the whole batch `root` of the acting company.
    function revokeBatch(bytes32 root) external;

    /// @notice Revokes claim `id` of the acting company's batch `root`, without a proof.
    function revokeBatchClaim(bytes32 root, bytes32 id) external;

    /// @notice The acting company attests every claim of batch (`issuer`, `root`), as a verifier in the batch's
    /// constellation, accredited for its topic where the topic is under accreditation.
    function attestBatch(address issuer, bytes32 root, bytes32 evidenceHash, uint64 expiresAt) external;

    // -------------------------------------------------------------------------------------------------------------
    // Views
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The id of `claim`: the EIP-712 struct hash of its fields.
    function claimId(Claim calldata claim) external pure returns (bytes32);

    /// @notice The stored record of claim `id`.
    function claimOf(bytes32 id) external view returns (ClaimRecord memory);

    /// @notice The verdict of `verifier` on claim or batch `id`.
    function verdictOf(bytes32 id, address verifier) external view returns (VerdictRecord memory);

    /// @notice Whether `claim` is valid now, with the verdicts of `verifiers` counted.
    function validity(Claim calldata claim, address[] calldata verifiers) external view returns (Validity memory);

    /// @notice The id of batch (`issuer`, `root`).
    function batchId(address issuer, bytes32 root) external pure returns (bytes32);

    /// @notice Batch (`issuer`, `root`) and its topic.
    function batchOf(address issuer, bytes32 root) external view returns (Batch memory batch, bytes32 topic);

    /**
     * @notice Whether `claim`, proved in batch (`claim.issuer`, `root`) by `proof`, is valid now: the batch exists
     * and is not revoked, the claim is not revoked in it, its topic is the batch's, its product belongs to the batch's
     * constellation and its issuer may claim about it now; verdicts on the batch and on the claim of `verifiers` are
     * counted.
     */
    function batchValidity(
        Claim calldata claim,
        bytes32 root,
        bytes32[] calldata proof,
        address[] calldata verifiers
    ) external view returns (Validity memory);

    /// @notice The most a verifier's rejection reason code may be.
    function MAX_REASON() external view returns (uint16);

    /// @notice The contract's version, as semantic versioning.
    function version() external view returns (string memory);
}
