// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {CompaniesClient} from "./base/CompaniesClient.sol";
import {SignedOperations} from "./base/SignedOperations.sol";
import {IAccess} from "./interfaces/IAccess.sol";
import {ICompanies} from "./interfaces/ICompanies.sol";
import {IConstellations} from "./interfaces/IConstellations.sol";
import {ConstellationRoles as Roles} from "./libraries/ConstellationRoles.sol";
import {OperatorPermissions as Permissions} from "./libraries/OperatorPermissions.sol";

/**
 * @title Access
 * @notice Data-access grants, to accounts or to the members of a constellation, and blinded grants committed by hash.
 * See {IAccess}.
 * @dev Records are keyed under their owner: `_grants[owner][grantId(grant)]`. The id commits to the owner as well,
 * so a grant written under one owner can never be found through another owner's key or id.
 */
contract Access is IAccess, CompaniesClient, SignedOperations {
    /// @inheritdoc IAccess
    bytes32 public constant BLINDED_GRANT_DOMAIN = keccak256("constellate.access.blinded-grant.v1");

    /// @notice The EIP-712 type hash of {grantBlindedBySig}.
    bytes32 public constant GRANT_BLINDED_TYPEHASH = keccak256(
        "GrantBlinded(address owner,bytes32 commitment,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)"
    );

    /// @notice The EIP-712 type hash of a {Grant}, as nested in {grantAccessBySig}'s typed data.
    bytes32 public constant GRANT_TYPEHASH = keccak256(
        "Grant(address owner,bytes32 scope,uint8 kind,address account,uint64 constellation,uint8 roles)"
    );
    /// @notice The EIP-712 type hash of {grantAccessBySig}.
    bytes32 public constant GRANT_ACCESS_TYPEHASH = keccak256(
        "GrantAccess(Grant grant,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)"
        "Grant(address owner,bytes32 scope,uint8 kind,address account,uint64 constellation,uint8 roles)"
    );

    /// @notice The Constellations contract, which says who the members of a grantee constellation are.
    IConstellations public immutable CONSTELLATIONS;

    /// @dev Expiry and block times are stored in 40 bits.
    uint256 private constant _TIME_LIMIT = 1 << 40;

    mapping(address owner => mapping(bytes32 id => GrantRecord)) private _grants;
    mapping(address owner => mapping(bytes32 commitment => GrantRecord)) private _blinded;

    constructor(
        ICompanies companies,
        IConstellations constellations
    ) CompaniesClient(companies) EIP712("Constellate Access", "1") {
        CONSTELLATIONS = constellations;
    }

    /// @inheritdoc IAccess
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    // -------------------------------------------------------------------------------------------------------------
    // Grants
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccess
    function grantAccess(Grant calldata grant, uint64 expiresAt) external returns (bytes32) {
        address owner = _actor(Permissions.ACCESS);
        if (grant.owner != owner) revert OwnerNotActing(grant.owner, owner);
        return _grantAccess(grant, expiresAt);
    }

    /// @inheritdoc IAccess
    function grantAccessBySig(
        Grant calldata grant,
        uint64 expiresAt,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external returns (bytes32) {
        if (signer != grant.owner) COMPANIES.requireActing(grant.owner, signer, Permissions.ACCESS);
        bytes32 grantHash = keccak256(
            abi.encode(
                GRANT_TYPEHASH,
                grant.owner,
                grant.scope,
                grant.kind,
                grant.account,
                grant.constellation,
                grant.roles
            )
        );
        _useSignature(
            signer,
            keccak256(abi.encode(GRANT_ACCESS_TYPEHASH, grantHash, expiresAt, signer, nonce, deadline)),
            nonce,
            deadline,
            signature
        );
        return _grantAccess(grant, expiresAt);
    }

    function _grantAccess(Grant calldata grant, uint64 expiresAt) private returns (bytes32 id) {
        address owner = grant.owner;
        if (grant.scope == bytes32(0)) revert InvalidScope();
        _checkExpiry(expiresAt);
        if (grant.kind == GranteeKind.Account) {
            if (grant.account == address(0) || grant.constellation != 0 || grant.roles != 0) revert InvalidGrantee();
        } else {
            if (grant.constellation == 0 || grant.account != address(0) || grant.roles & ~Roles.ALL != 0) {
                revert InvalidGrantee();
            }
            if (!CONSTELLATIONS.hasRoles(grant.constellation, owner, 0)) {
                revert OwnerNotAMember(grant.constellation, owner);
            }
        }
        id = grantId(grant);
        // The whole slot at once: a renewal clears the revocation.
        _grants[owner][id] = GrantRecord({
            grantedAt: uint40(block.timestamp),
            expiresAt: uint40(expiresAt),
            revokedAt: 0
        });
        emit AccessGranted(
            id,
            owner,
            grant.scope,
            grant.kind,
            grant.account,
            grant.constellation,
            grant.roles,
            expiresAt
        );
    }

    /// @inheritdoc IAccess
    function revokeAccess(bytes32 id) external {
        address owner = _actor(Permissions.ACCESS);
        _revoke(_grants[owner][id], id, owner);
        emit AccessRevoked(id, owner);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Blinded grants
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccess
    function grantBlinded(bytes32 commitment, uint64 expiresAt) external {
        _grantBlinded(_actor(Permissions.ACCESS), commitment, expiresAt);
    }

    /// @inheritdoc IAccess
    function grantBlindedBySig(
        address owner,
        bytes32 commitment,
        uint64 expiresAt,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external {
        if (signer != owner) COMPANIES.requireActing(owner, signer, Permissions.ACCESS);
        _useSignature(
            signer,
            keccak256(abi.encode(GRANT_BLINDED_TYPEHASH, owner, commitment, expiresAt, signer, nonce, deadline)),
            nonce,
            deadline,
            signature
        );
        _grantBlinded(owner, commitment, expiresAt);
    }

    /// @inheritdoc IAccess
    function revokeBlinded(bytes32 commitment) external {
        address owner = _actor(Permissions.ACCESS);
        _revoke(_blinded[owner][commitment], commitment, owner);
        emit BlindedGrantRevoked(owner, commitment);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Views
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAccess
    function grantId(Grant calldata grant) public pure returns (bytes32) {
        return keccak256(abi.encode(grant));
    }

    /// @inheritdoc IAccess
    function grantOf(address owner, bytes32 id) external view returns (GrantRecord memory) {
        return _grants[owner][id];
    }

    /// @inheritdoc IAccess
    function blindedGrantOf(address owner, bytes32 commitment) external view returns (GrantRecord memory) {
        return _blinded[owner][commitment];
    }

    /// @inheritdoc IAccess
    function canAccess(Grant calldata grant, address account) external view returns (bool) {
        if (!_isLive(_grants[grant.owner][grantId(grant)])) return false;
        if (grant.kind == GranteeKind.Account) return account == grant.account;
        return CONSTELLATIONS.hasRoles(grant.constellation, account, grant.roles);
    }

    /// @inheritdoc IAccess
    function isBlindedGrantLive(address owner, bytes32 commitment) external view returns (bool) {
        return _isLive(_blinded[owner][commitment]);
    }

    /// @inheritdoc IAccess
    function blindedCommitment(
        address owner,
        GranteeKind kind,
        uint256 grantee,
        uint8 roles,
        bytes32 scope,
        bytes32 salt
    ) external view returns (bytes32) {
        return
            keccak256(
                abi.encode(BLINDED_GRANT_DOMAIN, block.chainid, address(this), owner, kind, grantee, roles, scope, salt)
            );
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internal
    // -------------------------------------------------------------------------------------------------------------

    function _grantBlinded(address owner, bytes32 commitment, uint64 expiresAt) private {
        if (commitment == bytes32(0)) revert InvalidScope();
        _checkExpiry(expiresAt);
        _blinded[owner][commitment] = GrantRecord({
            grantedAt: uint40(block.timestamp),
            expiresAt: uint40(expiresAt),
            revokedAt: 0
        });
        emit BlindedGrantCreated(owner, commitment, expiresAt);
    }

    /// @dev Marks `record` (`id` of `owner`) revoked now, or reverts if it does not exist or is revoked already.
    function _revoke(GrantRecord storage record, bytes32 id, address owner) private {
        GrantRecord memory current = record;
        if (current.grantedAt == 0) revert GrantNotFound(id, owner);
        if (current.revokedAt != 0) revert GrantAlreadyRevoked(id);
        record.revokedAt = uint40(block.timestamp);
    }

    /// @dev `expiresAt` lies after now and fits 40 bits (so block.timestamp does too).
    function _checkExpiry(uint64 expiresAt) private view {
        if (expiresAt <= block.timestamp || expiresAt >= _TIME_LIMIT) revert InvalidExpiry(expiresAt);
    }

    /// @dev Granted, not revoked, not expired. A record that was never written has `expiresAt` zero.
    function _isLive(GrantRecord memory record) private view returns (bool) {
        return record.revokedAt == 0 && block.timestamp < record.expiresAt;
    }
}
