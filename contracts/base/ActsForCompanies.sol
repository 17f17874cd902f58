// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

import {IActsForCompanies} from "../interfaces/IActsForCompanies.sol";

/**
 * @title ActsForCompanies
 * @notice The one way Constellate contracts resolve who is acting. A call sent directly acts for its sender. An
 * operator acts for its company by wrapping the call in {actFor}: the wrapped function then runs for the company, and
 * {_actor} checks that the operator is live and holds the permission that function needs
 * ({ICompanies-requireActing}). Direct calls, the common case, pay for no parameter and no external call.
 * @dev The company of an {actFor} call lives in transient storage for the duration of that call only.
 */
abstract contract ActsForCompanies is IActsForCompanies {
    /// @dev The company named by the {actFor} call under way; zero outside one. Cleared before {actFor} returns.
    address private transient _actingFor;

    /// @inheritdoc IActsForCompanies
    function actFor(address company, bytes calldata data) external returns (bytes memory result) {
        if (_actingFor != address(0)) revert NestedActFor();
        // Checked here as well as by the wrapped function, so that ActedFor never names a sender that is not a live
        // operator (functions that check no actor, such as views, would otherwise let anyone log one).
        _requireActing(company, msg.sender, 0);
        _actingFor = company;
        emit ActedFor(company, msg.sender);
        // A delegatecall into this contract keeps msg.sender (the operator) while the wrapped function reads the
        // company from transient storage. This contract has no selfdestruct and delegates nowhere else.
        result = Address.functionDelegateCall(address(this), data);
        _actingFor = address(0);
    }

    /**
     * @dev The company this call acts for: the sender itself, or inside {actFor} the company named there, once the
     * sender is shown to be one of its live operators holding `permissions`. A direct sender is not checked for
     * registration here: callers do that where membership or appointment does not already prove it.
     */
    function _actor(uint256 permissions) internal view returns (address company) {
        company = _actingFor;
        if (company == address(0)) return msg.sender;
        _requireActing(company, msg.sender, permissions);
    }

    /// @dev Like {_actor}, and also establishes that the company is registered when it acts directly.
    function _registeredActor(uint256 permissions) internal view returns (address company) {
        company = _actingFor;
        if (company == address(0)) company = msg.sender;
        _requireActing(company, msg.sender, permissions);
    }

    /// @dev For what only the company's own account may do (managing operators, compromise): refuses {actFor}.
    function _directActor() internal view returns (address) {
        if (_actingFor != address(0)) revert DirectCallRequired();
        return msg.sender;
    }

    /// @dev {ICompanies-requireActing}, through an external call or, in Companies itself, directly.
    function _requireActing(address company, address account, uint256 permissions) internal view virtual;
}
