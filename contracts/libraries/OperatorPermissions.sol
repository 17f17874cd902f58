// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title OperatorPermissions
 * @notice The permission bits of an operator's mask. A company appoints operators (employees' wallets, a warehouse
 * scanner, a signing service) and gives each the permissions it needs; every Constellate contract checks the bit that
 * guards the action. The company's own account needs no permission: it may do everything.
 * @dev Bits 0-7 are assigned here; later contracts add theirs above. Never reuse a bit: masks are stored on-chain.
 */
library OperatorPermissions {
    /// @notice Update the company's profile.
    uint256 internal constant PROFILE = 1 << 0;
    /// @notice Take part in constellations: found, accept, request, leave, accept roles.
    uint256 internal constant MEMBERSHIP = 1 << 1;
    /// @notice Administer constellations where the company is ADMIN: invite, approve, grant, revoke, remove, vote.
    uint256 internal constant CONSTELLATION_ADMIN = 1 << 2;
    /// @notice Act for the company as an accreditation body (attest and revoke accreditations).
    uint256 internal constant ACCREDIT = 1 << 3;
    /// @notice Register and manage products, batches, items and product actors.
    uint256 internal constant PRODUCTS = 1 << 4;
    /// @notice Record journey events.
    uint256 internal constant EVENTS = 1 << 5;
    /// @notice Issue and revoke claims.
    uint256 internal constant CLAIMS = 1 << 6;
    /// @notice Attest or reject claims as a verifier.
    uint256 internal constant VERIFY = 1 << 7;
    /// @notice Grant and revoke access to the company's data.
    uint256 internal constant ACCESS = 1 << 8;

    /// @notice Every bit assigned so far.
    uint256 internal constant ALL = (1 << 9) - 1;
}
