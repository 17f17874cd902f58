// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ProductRoles
 * @notice The role bits of a product actor: a company (or any account, possibly pseudonymous) that the product's owner
 * designates to write on the product. One bit each, combined in a uint8 mask. Which roles may record which business
 * step is {JourneySteps-rolesFor}; the owner may record every step.
 */
library ProductRoles {
    /// @notice Makes, transforms, assembles or packs the product (a supplier or contract manufacturer).
    uint8 internal constant SUPPLIER = 1 << 0;
    /// @notice Moves and stores the product (a shipper, a warehouse).
    uint8 internal constant LOGISTICS = 1 << 1;
    /// @notice Stocks and sells the product to consumers.
    uint8 internal constant RETAILER = 1 << 2;
    /// @notice Inspects and samples the product (an auditor, a laboratory).
    uint8 internal constant AUDITOR = 1 << 3;

    /// @notice Every role.
    uint8 internal constant ALL = (1 << 4) - 1;

    /// @notice The roles that may issue claims about the product (any one suffices): those who make, move or inspect
    /// it. A retailer sells what others made and claims nothing about it.
    uint8 internal constant CLAIM_ISSUERS = SUPPLIER | LOGISTICS | AUDITOR;
}
