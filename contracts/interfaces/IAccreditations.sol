// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IActsForCompanies} from "./IActsForCompanies.sol";

/**
 * @title IAccreditations
 * @notice The trust registry. Self-declared profiles prove nothing; here a governance account (a Safe of the consortium
 * or a standards body in production) appoints accreditation bodies, and a body attests, with an expiry and revocably,
 * that a company:
 *  - holds a GS1 Company Prefix (kind {GS1_COMPANY_PREFIX}, subject: the prefix's ASCII digits, left-aligned),
 *  - is the legal entity behind an LEI (kind {LEGAL_ENTITY}, subject: the 20 ASCII characters, left-aligned),
 *  - may verify claims of a topic (kind {VERIFIER_TOPIC}, subject: the topic id).
 * This is what tells a brand from an impostor, and an accredited verifier from a friendly one.
 *
 * An accreditation is valid while it is not revoked, not expired, and its body has held the appointment for that kind
 * without a break since it attested (the same term for that kind). Taking a kind from a body, or removing the body,
 * voids everything it attested under that kind at once and without a loop; giving the kind back starts a new term, so
 * nothing from the earlier one comes back.
 */
interface IAccreditations is IActsForCompanies {
    /// @notice An appointed body, packed in one slot.
    struct Body {
        /// @notice Bit mask of the kinds it may attest now; zero means not appointed.
        uint8 kinds;
        /// @notice Block time of the appointment that put it in office (kept while its kinds change).
        uint64 appointedAt;
        /// @notice Term for GS1_COMPANY_PREFIX: increases each time that kind is given to the body.
        uint32 prefixTerm;
        /// @notice Term for LEGAL_ENTITY.
        uint32 legalEntityTerm;
        /// @notice Term for VERIFIER_TOPIC.
        uint32 topicTerm;
    }

    /// @notice An accreditation as stored, in one slot.
    struct Accreditation {
        /// @notice The body that attested it; zero means none.
        address body;
        /// @notice The body's term for this kind when it attested.
        uint32 term;
        /// @notice Void from this block time on.
        uint64 expiresAt;
    }

    /// @notice Governance appointed `body` to attest `kinds` (a mask), replacing the kinds it held; each kind it did
    /// not hold just before starts a new term, and what it attested under kinds it lost is void. `name` is for display.
    event BodyAppointed(address indexed body, uint8 kinds, string name);
    /// @notice Governance removed `body`; all it attested is void.
    event BodyRemoved(address indexed body);
    /// @notice Governance put claim topic `topic` under accreditation (`governed`) or took it out.
    event TopicGoverned(bytes32 indexed topic, bool governed);
    /// @notice `body` accredited `company` for (`kind`, `subject`) until `expiresAt`, with the hash of its evidence.
    event Accredited(
        bytes32 indexed id,
        address indexed company,
        address indexed body,
        uint8 kind,
        bytes32 subject,
        uint64 expiresAt,
        bytes32 evidenceHash
    );
    /// @notice The accreditation `id` of `company` was revoked by `by` (its body, or governance).
    event AccreditationRevoked(
        bytes32 indexed id,
        address indexed company,
        address indexed by,
        uint8 kind,
        bytes32 subject
    );

    /// @notice `body` is not appointed for `kind`.
    error BodyNotAppointed(address body, uint8 kind);
    /// @notice `kinds` is zero or has unknown bits.
    error InvalidKinds(uint8 kinds);
    /// @notice `kind` is not exactly one known kind.
    error InvalidKind(uint8 kind);
    /// @notice `subject` is not well formed for `kind` (GS1 prefix: 4 to 12 digits; LEI: 20 characters with valid
    /// ISO 17442 check digits; topic: non-zero).
    error InvalidSubject(uint8 kind, bytes32 subject);
    /// @notice Governance cannot be given up: it is the only way to remove a body that went wrong.
    error GovernanceCannotBeRenounced();
    /// @notice A body cannot accredit itself (`body`).
    error SelfAccreditation(address body);
    /// @notice `expiresAt` is not after the current block time `nowTime`.
    error ExpiryNotInFuture(uint64 expiresAt, uint64 nowTime);
    /// @notice There is no accreditation `id` of `company` for (`kind`, `subject`).
    error AccreditationNotFound(bytes32 id, address company, uint8 kind, bytes32 subject);
    /// @notice `account` may not revoke accreditation `id`: it is neither its body (or one of its operators) nor
    /// governance.
    error NotAccreditationBody(bytes32 id, address account);

    /// @notice Appoints `body`, a registered company, for `kinds`, or changes the kinds of a body in office: what it
    /// attested under kinds it keeps stays valid, what it attested under kinds it loses is void for good. Governance
    /// only.
    function appointBody(address body, uint8 kinds, string calldata name) external;

    /// @notice Removes `body`; everything it attested becomes void. Governance only.
    function removeBody(address body) external;

    /**
     * @notice The acting body (an operator needs the ACCREDIT permission) accredits `company` for (`kind`, `subject`)
     * until `expiresAt`, replacing any earlier accreditation of the same key.
     * @return id The accreditation's key: keccak256(abi.encode(company, kind, subject)).
     */
    function accredit(
        address company,
        uint8 kind,
        bytes32 subject,
        uint64 expiresAt,
        bytes32 evidenceHash
    ) external returns (bytes32 id);

    /// @notice Revokes the accreditation of `company` for (`kind`, `subject`). Sent by governance directly, or by the
    /// body that attested it (an operator needs the ACCREDIT permission).
    function revoke(address company, uint8 kind, bytes32 subject) external;

    /// @notice Whether `company` is accredited for (`kind`, `subject`) now.
    function isAccredited(address company, uint8 kind, bytes32 subject) external view returns (bool);

    /// @notice Whether `company` holds the GS1 Company Prefix `prefix` (4 to 12 ASCII digits) now.
    function isAccreditedForPrefix(address company, string calldata prefix) external view returns (bool);

    /// @notice Whether `company` may verify claims of `topic` now.
    function isAccreditedForTopic(address company, bytes32 topic) external view returns (bool);

    /// @notice Governance puts claim topic `topic` under accreditation (or takes it out): once under it, only
    /// verifiers accredited for the topic may give verdicts on its claims (see IClaims). Governance only.
    function governTopic(bytes32 topic, bool governed) external;

    /// @notice Whether claim topic `topic` is under accreditation.
    function isTopicGoverned(bytes32 topic) external view returns (bool);

    /// @notice Whether `verifier` may give verdicts on claims of `topic` as far as accreditation goes: the topic is not
    /// under accreditation, or `verifier` is accredited for it now.
    function canVerifyTopic(address verifier, bytes32 topic) external view returns (bool);

    /// @notice Whether `company` is the legal entity behind `lei` now.
    function isAccreditedForLei(address company, string calldata lei) external view returns (bool);

    /// @notice The stored accreditation of `company` for (`kind`, `subject`) and whether it is valid now.
    function accreditationOf(
        address company,
        uint8 kind,
        bytes32 subject
    ) external view returns (Accreditation memory accreditation, bool valid);

    /// @notice The appointment of `body`.
    function bodyOf(address body) external view returns (Body memory);

    /// @notice The accreditation key of (`company`, `kind`, `subject`).
    function accreditationId(address company, uint8 kind, bytes32 subject) external pure returns (bytes32);

    /// @notice The subject of a GS1 Company Prefix given as ASCII digits; reverts with {InvalidSubject} if malformed.
    function prefixSubject(string calldata prefix) external pure returns (bytes32);

    /// @notice The subject of an LEI given as its 20 characters; reverts with {InvalidSubject} if malformed.
    function leiSubject(string calldata lei) external pure returns (bytes32);

    /// @notice The contract's version, as semantic versioning.
    function version() external view returns (string memory);
}
