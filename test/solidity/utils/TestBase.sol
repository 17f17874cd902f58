// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {VM} from "./Vm.sol";

/**
 * @title TestBase
 * @notice Assertions, bounding and the invariant target list (as forge-std's StdInvariant declares it: the runner
 * reads `targetContracts()` from the test contract and sends its random call sequences to those contracts only).
 */
abstract contract TestBase {
    /// @notice An assertion failed.
    error AssertionFailed(string message);
    /// @notice An assertion comparing two numbers failed.
    error AssertionFailedUint(string message, uint256 actual, uint256 expected);
    /// @notice An assertion comparing two addresses failed.
    error AssertionFailedAddress(string message, address actual, address expected);
    /// @notice An assertion comparing two words failed.
    error AssertionFailedBytes32(string message, bytes32 actual, bytes32 expected);

    address[] private _targetContracts;

    /// @notice The contracts the invariant runner calls (read by the runner).
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    /// @dev Adds `target` to the contracts the invariant runner calls.
    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert AssertionFailed(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) revert AssertionFailedUint(message, actual, expected);
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) revert AssertionFailedAddress(message, actual, expected);
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory message) internal pure {
        if (actual != expected) revert AssertionFailedBytes32(message, actual, expected);
    }

    function assertGe(uint256 actual, uint256 min, string memory message) internal pure {
        if (actual < min) revert AssertionFailedUint(message, actual, min);
    }

    /// @dev `x` mapped into [min, max] (uniformly enough for fuzzing).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min == 0 && max == type(uint256).max) return x;
        return min + (x % (max - min + 1));
    }

    /// @dev Discards fuzz inputs that make `account` one the test gives a meaning already, or a special address.
    function assumeFresh(address account) internal view {
        VM.assume(
            account != address(0) &&
                account != address(this) &&
                account != address(VM) &&
                account != 0x000000000000000000636F6e736F6c652e6c6f67 && // console.log
                uint160(account) > 0xffff // precompiles and other low addresses
        );
    }
}
