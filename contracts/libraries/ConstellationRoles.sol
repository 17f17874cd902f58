// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ConstellationRoles
 * @notice The role bits of a constellation membership. One bit each, combined in a uint8 mask.
 */
library ConstellationRoles {
    /// @notice Manages the constellation: invites, approves, grants and revokes roles, removes members.
    uint8 internal constant ADMIN = 1 << 0;
    /// @notice Brings products to the customer: registers products within the constellation.
    uint8 internal constant PRODUCER = 1 << 1;
    /// @notice Supplies materials or parts.
    uint8 internal constant SUPPLIER = 1 << 2;
    /// @notice Moves and stores goods.
    uint8 internal constant LOGISTICS = 1 << 3;
    /// @notice Sells to the customer.
    uint8 internal constant RETAILER = 1 << 4;
    /// @notice Verifies claims made in the constellation.
    uint8 internal constant VERIFIER = 1 << 5;

    /// @notice Every role.
    uint8 internal constant ALL = (1 << 6) - 1;
    /// @notice Roles that take effect only when the receiving company accepts them.
    uint8 internal constant NEED_CONSENT = ADMIN | VERIFIER;
}
