// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IActsForCompanies
 * @notice How an operator acts for its company in any Constellate contract: it sends
 * `actFor(company, abi.encodeCall(Contract.function, (...)))`. The wrapped function runs for `company`; it succeeds
 * only if the sender is a live operator of `company` (not compromised) holding the permission that function needs.
 * The company's own account calls functions directly.
 */
interface IActsForCompanies {
    /// @notice `operator` sent a call that acts for `company` (the events of the wrapped call follow).
    event ActedFor(address indexed company, address indexed operator);

    /// @notice `account` may not act for `company` with `permissions`: not the company, and not one of its live
    /// operators holding every one of those permission bits.
    error NotActingFor(address company, address account, uint256 permissions);
    /// @notice Only the company's own account may do this: it cannot be wrapped in {actFor}.
    error DirectCallRequired();
    /// @notice {actFor} cannot wrap another {actFor}.
    error NestedActFor();

    /// @notice Runs `data` (a call of this contract) for `company`, with the sender as its operator.
    /// @return result What the wrapped call returned.
    function actFor(address company, bytes calldata data) external returns (bytes memory result);
}
