// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {CompaniesClient} from "./base/CompaniesClient.sol";
import {IAccreditations} from "./interfaces/IAccreditations.sol";
import {ICompanies} from "./interfaces/ICompanies.sol";
import {OperatorPermissions} from "./libraries/OperatorPermissions.sol";

/**
 * @title Accreditations
 * @notice The trust registry: governance appoints bodies, bodies accredit companies. See {IAccreditations}.
 * @dev The owner is the governance account. Ownership moves in two steps (a Safe of the consortium accepts it).
 */
contract Accreditations is IAccreditations, CompaniesClient, Ownable2Step {
    /// @notice Kind: the company holds a GS1 Company Prefix.
    uint8 public constant GS1_COMPANY_PREFIX = 1;
    /// @notice Kind: the company is the legal entity behind an LEI.
    uint8 public constant LEGAL_ENTITY = 2;
    /// @notice Kind: the company may verify claims of a topic.
    uint8 public constant VERIFIER_TOPIC = 4;
    uint8 private constant _ALL_KINDS = GS1_COMPANY_PREFIX | LEGAL_ENTITY | VERIFIER_TOPIC;

    mapping(address body => Body) private _bodies;
    mapping(bytes32 id => Accreditation) private _accreditations;
    mapping(bytes32 topic => bool) private _governedTopics;

    constructor(ICompanies companies, address governance) CompaniesClient(companies) Ownable(governance) {}

    /// @inheritdoc IAccreditations
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @notice Refused: without governance nobody could remove a body that went wrong. Hand governance over with
    /// {transferOwnership} instead.
    function renounceOwnership() public pure override {
        revert GovernanceCannotBeRenounced();
    }

    /// @inheritdoc IAccreditations
    function appointBody(address body, uint8 kinds, string calldata name) external onlyOwner {
        if (kinds == 0 || kinds & ~_ALL_KINDS != 0) revert InvalidKinds(kinds);
        if (!COMPANIES.isRegistered(body)) revert ICompanies.CompanyNotRegistered(body);
        Body memory record = _bodies[body];
        if (record.kinds == 0) record.appointedAt = uint64(block.timestamp);
        // Every kind given anew starts a new term for it, so nothing attested under it before comes back.
        // A term grows by one per appointment transaction; 2^32 of them cannot happen.
        uint8 added = kinds & ~record.kinds;
        unchecked {
            if (added & GS1_COMPANY_PREFIX != 0) ++record.prefixTerm;
            if (added & LEGAL_ENTITY != 0) ++record.legalEntityTerm;
            if (added & VERIFIER_TOPIC != 0) ++record.topicTerm;
        }
        record.kinds = kinds;
        _bodies[body] = record;
        emit BodyAppointed(body, kinds, name);
    }

    /// @inheritdoc IAccreditations
    function removeBody(address body) external onlyOwner {
        Body storage record = _bodies[body];
        if (record.kinds == 0) revert BodyNotAppointed(body, 0);
        record.kinds = 0;
        emit BodyRemoved(body);
    }

    /// @inheritdoc IAccreditations
    function accredit(
        address company,
        uint8 kind,
        bytes32 subject,
        uint64 expiresAt,
        bytes32 evidenceHash
    ) external returns (bytes32 id) {
        _checkKind(kind);
        // An appointed body is a registered company, so a direct sender needs no registration check.
        address body = _actor(OperatorPermissions.ACCREDIT);
        Body memory record = _bodies[body];
        if (record.kinds & kind == 0) revert BodyNotAppointed(body, kind);
        if (company == body) revert SelfAccreditation(body);
        if (!COMPANIES.isRegistered(company)) revert ICompanies.CompanyNotRegistered(company);
        _checkSubject(kind, subject);
        if (expiresAt <= block.timestamp) revert ExpiryNotInFuture(expiresAt, uint64(block.timestamp));

        id = accreditationId(company, kind, subject);
        _accreditations[id] = Accreditation({body: body, term: _termOf(record, kind), expiresAt: expiresAt});
        emit Accredited(id, company, body, kind, subject, expiresAt, evidenceHash);
    }

    /// @inheritdoc IAccreditations
    function revoke(address company, uint8 kind, bytes32 subject) external {
        bytes32 id = accreditationId(company, kind, subject);
        Accreditation memory record = _accreditations[id];
        if (record.body == address(0)) revert AccreditationNotFound(id, company, kind, subject);
        address by = msg.sender;
        if (by != owner()) {
            // A body removed since may still withdraw what it attested.
            by = _actor(OperatorPermissions.ACCREDIT);
            if (by != record.body) revert NotAccreditationBody(id, by);
        }
        delete _accreditations[id];
        emit AccreditationRevoked(id, company, by, kind, subject);
    }

    /// @inheritdoc IAccreditations
    function isAccredited(address company, uint8 kind, bytes32 subject) public view returns (bool) {
        return _isValid(_accreditations[accreditationId(company, kind, subject)], kind);
    }

    /// @inheritdoc IAccreditations
    function isAccreditedForPrefix(address company, string calldata prefix) external view returns (bool) {
        return isAccredited(company, GS1_COMPANY_PREFIX, prefixSubject(prefix));
    }

    /// @inheritdoc IAccreditations
    function isAccreditedForTopic(address company, bytes32 topic) external view returns (bool) {
        return isAccredited(company, VERIFIER_TOPIC, topic);
    }

    /// @inheritdoc IAccreditations
    function governTopic(bytes32 topic, bool governed) external onlyOwner {
        _governedTopics[topic] = governed;
        emit TopicGoverned(topic, governed);
    }

    /// @inheritdoc IAccreditations
    function isTopicGoverned(bytes32 topic) external view returns (bool) {
        return _governedTopics[topic];
    }

    /// @inheritdoc IAccreditations
    function canVerifyTopic(address verifier, bytes32 topic) external view returns (bool) {
        // An accredited verifier, the usual case under accreditation, costs no read of the topic's flag.
        return isAccredited(verifier, VERIFIER_TOPIC, topic) || !_governedTopics[topic];
    }

    /// @inheritdoc IAccreditations
    function isAccreditedForLei(address company, string calldata lei) external view returns (bool) {
        return isAccredited(company, LEGAL_ENTITY, leiSubject(lei));
    }

    /// @inheritdoc IAccreditations
    function accreditationOf(
        address company,
        uint8 kind,
        bytes32 subject
    ) external view returns (Accreditation memory accreditation, bool valid) {
        accreditation = _accreditations[accreditationId(company, kind, subject)];
        valid = _isValid(accreditation, kind);
    }

    /// @inheritdoc IAccreditations
    function bodyOf(address body) external view returns (Body memory) {
        return _bodies[body];
    }

    /// @inheritdoc IAccreditations
    function accreditationId(address company, uint8 kind, bytes32 subject) public pure returns (bytes32) {
        return keccak256(abi.encode(company, kind, subject));
    }

    /// @inheritdoc IAccreditations
    function prefixSubject(string calldata prefix) public pure returns (bytes32 subject) {
        subject = _leftAligned(prefix);
        _checkSubject(GS1_COMPANY_PREFIX, subject);
    }

    /// @inheritdoc IAccreditations
    function leiSubject(string calldata lei) public pure returns (bytes32 subject) {
        subject = _leftAligned(lei);
        _checkSubject(LEGAL_ENTITY, subject);
    }

    function _isValid(Accreditation memory record, uint8 kind) private view returns (bool) {
        if (record.body == address(0) || block.timestamp >= record.expiresAt) return false;
        Body memory body = _bodies[record.body];
        return body.kinds & kind != 0 && _termOf(body, kind) == record.term;
    }

    function _termOf(Body memory body, uint8 kind) private pure returns (uint32) {
        if (kind == GS1_COMPANY_PREFIX) return body.prefixTerm;
        if (kind == LEGAL_ENTITY) return body.legalEntityTerm;
        return body.topicTerm;
    }

    function _checkKind(uint8 kind) private pure {
        if (kind != GS1_COMPANY_PREFIX && kind != LEGAL_ENTITY && kind != VERIFIER_TOPIC) revert InvalidKind(kind);
    }

    /// @dev Strings longer than 32 bytes cannot be a subject; they come out as an invalid value that fails the check.
    function _leftAligned(string calldata text) private pure returns (bytes32 subject) {
        bytes calldata raw = bytes(text);
        if (raw.length == 0 || raw.length > 32) return bytes32(uint256(1));
        subject = bytes32(raw);
        // bytes32(raw) reads 32 bytes; clear whatever lies past the string's end.
        subject &= bytes32(type(uint256).max << (8 * (32 - raw.length)));
    }

    function _checkSubject(uint8 kind, bytes32 subject) private pure {
        bool ok;
        if (kind == GS1_COMPANY_PREFIX) ok = _isGs1Prefix(subject);
        else if (kind == LEGAL_ENTITY) ok = _isLei(subject);
        else ok = subject != bytes32(0);
        if (!ok) revert InvalidSubject(kind, subject);
    }

    /// @dev 4 to 12 ASCII digits, left-aligned, zero bytes after them.
    function _isGs1Prefix(bytes32 subject) private pure returns (bool) {
        uint256 length = _asciiLength(subject);
        if (length < 4 || length > 12) return false;
        for (uint256 i; i < length; ++i) {
            bytes1 c = subject[i];
            if (c < "0" || c > "9") return false;
        }
        return true;
    }

    /// @dev ISO 17442: 18 upper-case alphanumerics then 2 check digits; the whole, read as a base-36 number
    /// converted to decimal digits (A=10 ... Z=35), is 1 modulo 97 (ISO 7064 MOD 97-10).
    function _isLei(bytes32 subject) private pure returns (bool) {
        if (_asciiLength(subject) != 20) return false;
        uint256 remainder;
        for (uint256 i; i < 20; ++i) {
            uint8 c = uint8(subject[i]);
            if (c >= 0x30 && c <= 0x39) {
                remainder = (remainder * 10 + (c - 0x30)) % 97;
            } else if (c >= 0x41 && c <= 0x5a && i < 18) {
                remainder = (remainder * 100 + (c - 0x37)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /// @dev Number of leading non-zero bytes, provided that every byte after them is zero; otherwise 33.
    function _asciiLength(bytes32 subject) private pure returns (uint256 length) {
        while (length < 32 && subject[length] != 0) ++length;
        if (length < 32 && uint256(subject) << (8 * length) != 0) return 33;
    }
}
