// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IActsForCompanies} from "./IActsForCompanies.sol";

/**
 * @title ICompanies
 * @notice Identity of companies and their operators. A company is an account (an EOA or a contract wallet such as a
 * Safe) with a self-declared profile. It appoints operators, wallets that act for it with a permission mask until an
 * expiry, so a 2-of-3 Safe does not co-sign every scan. Every Constellate contract decides "who is acting" through
 * {requireActing}.
 *
 * A profile is self-declared and proves nothing about who the company is; the Accreditations contract says what is
 * accredited.
 *
 * Compromise: a company that lost control of a key marks itself compromised from a time on (which may lie in the
 * past). From then on its operators can do nothing, and anything it states that is dated at or after that time is
 * to be treated as void by whoever judges validity. The account itself keeps the management rights it needs to move
 * to a new account (leave constellations, hand over admin rights). The mark is irreversible and can only move earlier.
 */
interface ICompanies is IActsForCompanies {
    /// @notice A company's profile as stored. Strings are untrusted text: render them, never execute them.
    struct Profile {
        /// @notice Display name, 1 to 64 bytes.
        string name;
        /// @notice Registry identifier such as "LEI:529900T8BM49AURSDO55" or "GLN:4012345000009", at most 64 bytes.
        string registryId;
        /// @notice Where the full profile document lives (https:// or ipfs://), at most 512 bytes.
        string metadataURI;
        /// @notice SHA-256 of the profile document at metadataURI (zero when there is none).
        bytes32 metadataHash;
        /// @notice Base URL of the company's data vault, at most 512 bytes (empty when it has none).
        string dataEndpoint;
    }

    /// @notice An operator's appointment. Both fields fit one storage slot.
    struct Operator {
        /// @notice Permission bits (see OperatorPermissions); zero means no appointment.
        uint192 permissions;
        /// @notice The appointment is void from this block time on.
        uint64 expiresAt;
    }

    /// @notice A company's status, packed in one slot.
    struct Status {
        /// @notice Block time of registration; zero means not registered.
        uint64 registeredAt;
        /// @notice Compromised from this time on; zero means never marked.
        uint64 compromisedFrom;
    }

    /// @notice `company` registered with `profile`.
    event CompanyRegistered(address indexed company, Profile profile);
    /// @notice `company`'s profile changed to `profile`.
    event CompanyUpdated(address indexed company, Profile profile);
    /// @notice `company` appointed or re-appointed `operator` with `permissions` until `expiresAt`.
    event OperatorSet(address indexed company, address indexed operator, uint256 permissions, uint64 expiresAt);
    /// @notice `company` removed `operator`.
    event OperatorRemoved(address indexed company, address indexed operator);
    /// @notice `company` marked itself compromised from `since` on.
    event CompanyCompromised(address indexed company, uint64 since);

    /// @notice `account` has no profile yet.
    error CompanyNotRegistered(address account);
    /// @notice `account` registered already; use {updateProfile}.
    error CompanyAlreadyRegistered(address account);
    /// @notice The name is empty.
    error EmptyName();
    /// @notice Field `field` is `length` bytes long, more than the `max` it may hold.
    error FieldTooLong(string field, uint256 length, uint256 max);
    /// @notice `operator` cannot be appointed by `company` (the zero address, or the company itself).
    error InvalidOperator(address company, address operator);
    /// @notice An appointment needs at least one known permission bit; `permissions` has none or unknown ones.
    error InvalidPermissions(uint256 permissions);
    /// @notice `expiresAt` is not after the current block time `nowTime`.
    error ExpiryNotInFuture(uint64 expiresAt, uint64 nowTime);
    /// @notice `operator` is not an operator of `company`.
    error NotAnOperator(address company, address operator);
    /// @notice `company` was marked compromised from `since` on, so its operators cannot act.
    error CompanyIsCompromised(address company, uint64 since);
    /// @notice The compromise mark of `company` stands at `current` already; it can only move earlier, and never to
    /// zero.
    error CompromiseNotEarlier(address company, uint64 current, uint64 requested);

    /// @notice Registers the sender as a company with `profile`.
    function register(Profile calldata profile) external;

    /// @notice Replaces the acting company's profile (an operator needs the PROFILE permission).
    function updateProfile(Profile calldata profile) external;

    /// @notice Appoints `operator` for the sender's company, or changes its permissions and expiry.
    /// @dev Only the company account itself manages operators: an operator can never widen its own powers.
    function setOperator(address operator, uint192 permissions, uint64 expiresAt) external;

    /// @notice Removes `operator` from the sender's company at once.
    function removeOperator(address operator) external;

    /// @notice Marks the sender's company compromised from `since` on (see the contract notes).
    function markCompromised(uint64 since) external;

    /// @notice Whether `account` may act for `company` with `permissions` now: `account` is the registered company
    /// itself, or a live operator of a company that is not compromised, holding every bit of `permissions`.
    function isActing(address company, address account, uint256 permissions) external view returns (bool);

    /// @notice Like {isActing}, but reverts with the reason ({CompanyNotRegistered}, {CompanyIsCompromised},
    /// {NotActingFor}). This is the one function every Constellate contract uses to resolve who is acting.
    function requireActing(address company, address account, uint256 permissions) external view;

    /// @notice Whether `account` holds a live appointment as an operator of `company`, whatever its permissions and
    /// even if `company` is compromised: the test for a conflict of interest (a verifier must not be one).
    function isOperator(address company, address account) external view returns (bool);

    /// @notice Whether `account` has registered.
    function isRegistered(address account) external view returns (bool);

    /// @notice Registration and compromise status of `company`.
    function statusOf(address company) external view returns (Status memory);

    /// @notice The stored profile of `company` (empty when not registered).
    function profileOf(address company) external view returns (Profile memory);

    /// @notice The appointment of `operator` by `company` as stored (it may have expired: compare `expiresAt`).
    function operatorOf(address company, address operator) external view returns (Operator memory);

    /// @notice The contract's version, as semantic versioning.
    function version() external view returns (string memory);
}
