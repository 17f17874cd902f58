// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IActsForCompanies} from "./IActsForCompanies.sol";
import {ISignedOperations} from "./ISignedOperations.sol";

/**
 * @title IAccess
 * @notice Data-access grants. A data owner (a company) grants a grantee access to a scope of its data until an
 * expiry, and may revoke at once. The data stays in the owner's vault; the vault serves it to whoever holds a live
 * grant here.
 *
 * Grantees: one account, or the members of a constellation (optionally only those holding every role of a mask),
 * checked live: a member who leaves or loses the role loses access at once. Scopes are namespaced by owner: a grant's
 * id commits to its owner, so one owner's grants never open another owner's data under the same scope name. Scopes
 * are built by the sdk (`accessScope(kind, product, dataset)`).
 *
 * Checks take the grant itself as a hint ({canAccess}), so they are a fixed number of reads, never a loop.
 *
 * Blinded grants put only a commitment on-chain ({blindedCommitment}: domain-separated, salted, over chain id,
 * contract, owner, grantee kind, grantee, roles and scope), keyed under the owner; a relayer may submit it on the
 * owner's signature so that nothing links the grantee to the transaction. The salt derives from an owner secret
 * (HMAC), so the owner's vault can recompute the commitment for a grantee that signs in. The chain cannot enforce a
 * blinded grant: the owner's vault does, and the chain gives a timestamped commitment the owner cannot deny.
 *
 * Operators need ACCESS.
 */
interface IAccess is IActsForCompanies, ISignedOperations {
    /// @notice Who a grant is for.
    enum GranteeKind {
        /// @notice One account (a company or any address).
        Account,
        /// @notice The members of a constellation holding every role of `roles` (zero: every member).
        Constellation
    }

    /// @notice A grant, as made. Its id is {grantId}.
    struct Grant {
        address owner;
        bytes32 scope;
        GranteeKind kind;
        /// @notice The grantee account (kind Account), else zero.
        address account;
        /// @notice The grantee constellation (kind Constellation), else zero.
        uint64 constellation;
        /// @notice For kind Constellation, the roles a member must hold (zero: any member); else zero.
        uint8 roles;
    }

    /// @notice The stored state of a grant or a blinded grant, one slot, keyed under its owner.
    struct GrantRecord {
        /// @notice Block time of the grant (of its latest renewal); zero means none.
        uint40 grantedAt;
        /// @notice The grant authorises until this block time (exclusive).
        uint40 expiresAt;
        /// @notice Block time of revocation; zero means not revoked.
        uint40 revokedAt;
    }

    /// @notice `owner` granted `grant` (id `id`) until `expiresAt` (again, if it existed: the record is renewed).
    event AccessGranted(
        bytes32 indexed id,
        address indexed owner,
        bytes32 indexed scope,
        GranteeKind kind,
        address account,
        uint64 constellation,
        uint8 roles,
        uint64 expiresAt
    );
    /// @notice `owner` revoked grant `id`.
    event AccessRevoked(bytes32 indexed id, address indexed owner);
    /// @notice `owner` committed to a blinded grant `commitment` until `expiresAt`.
    event BlindedGrantCreated(address indexed owner, bytes32 indexed commitment, uint64 expiresAt);
    /// @notice `owner` revoked the blinded grant `commitment`.
    event BlindedGrantRevoked(address indexed owner, bytes32 indexed commitment);

    /// @notice `grant.owner` is not the acting company.
    error OwnerNotActing(address owner, address acting);
    /// @notice The grantee fields do not fit the kind: an Account grant needs a non-zero account and no
    /// constellation or roles; a Constellation grant needs a constellation, no account and only known roles.
    error InvalidGrantee();
    /// @notice The scope (or a commitment) must not be zero.
    error InvalidScope();
    /// @notice `expiresAt` must be in the future (and fit 40 bits).
    error InvalidExpiry(uint64 expiresAt);
    /// @notice `owner` is not a member of `constellation`, so it cannot grant to its members.
    error OwnerNotAMember(uint64 constellation, address owner);
    /// @notice No grant `id` of `owner` (or no blinded grant `id` under `owner`).
    error GrantNotFound(bytes32 id, address owner);
    /// @notice Grant `id` is revoked already.
    error GrantAlreadyRevoked(bytes32 id);

    /// @notice Grants `grant` (whose `owner` must be the acting company) until `expiresAt`.
    function grantAccess(Grant calldata grant, uint64 expiresAt) external returns (bytes32 id);

    /// @notice As {grantAccess} for `grant.owner`, on the signature of `signer` (the owner, or its operator holding
    /// ACCESS), sent by anyone. Typed data: `GrantAccess(Grant grant,uint64 expiresAt,address signer,uint256 nonce,
    /// uint64 deadline)` with `Grant(address owner,bytes32 scope,uint8 kind,address account,uint64 constellation,
    /// uint8 roles)`.
    function grantAccessBySig(
        Grant calldata grant,
        uint64 expiresAt,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external returns (bytes32 id);

    /// @notice Revokes grant `id` of the acting company.
    function revokeAccess(bytes32 id) external;

    /// @notice Commits the acting company to the blinded grant `commitment` until `expiresAt`.
    function grantBlinded(bytes32 commitment, uint64 expiresAt) external;

    /// @notice As {grantBlinded} for `owner`, on the signature of `signer` (the owner, or its operator holding
    /// ACCESS), sent by a relayer. Typed data: `GrantBlinded(address owner,bytes32 commitment,uint64 expiresAt,
    /// address signer,uint256 nonce,uint64 deadline)`.
    function grantBlindedBySig(
        address owner,
        bytes32 commitment,
        uint64 expiresAt,
        address signer,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external;

    /// @notice Revokes the acting company's blinded grant `commitment`.
    function revokeBlinded(bytes32 commitment) external;

    /// @notice The id of `grant`: `keccak256(abi.encode(grant))`.
    function grantId(Grant calldata grant) external pure returns (bytes32);

    /// @notice The record of grant `id` of `owner` (records are keyed under their owner, so that {revokeAccess}
    /// finds the acting company's grant in one read).
    function grantOf(address owner, bytes32 id) external view returns (GrantRecord memory);

    /// @notice The record of the blinded grant `commitment` of `owner`.
    function blindedGrantOf(address owner, bytes32 commitment) external view returns (GrantRecord memory);

    /**
     * @notice Whether `account` may read `grant.scope` of `grant.owner` now through `grant`: the grant exists, is
     * not revoked nor expired, and `account` is its grantee (kind Account) or a member of its constellation holding
     * its roles (kind Constellation). The vault asks this for the company a signed-in wallet acts for.
     */
    function canAccess(Grant calldata grant, address account) external view returns (bool);

    /// @notice Whether the blinded grant `commitment` of `owner` is live now (exists, not revoked, not expired).
    function isBlindedGrantLive(address owner, bytes32 commitment) external view returns (bool);

    /**
     * @notice The commitment of a blinded grant: `keccak256(abi.encode(BLINDED_GRANT_DOMAIN, block.chainid,
     * address(this), owner, kind, grantee, roles, scope, salt))`, where `grantee` is the account or the constellation
     * id as a uint256.
     */
    function blindedCommitment(
        address owner,
        GranteeKind kind,
        uint256 grantee,
        uint8 roles,
        bytes32 scope,
        bytes32 salt
    ) external view returns (bytes32);

    /// @notice The domain tag of blinded commitments: keccak256("constellate.access.blinded-grant.v1").
    function BLINDED_GRANT_DOMAIN() external view returns (bytes32);

    /// @notice The contract's version, as semantic versioning.
    function version() external view returns (string memory);
}
