// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title Vm
 * @notice The few cheatcodes of the Solidity test runner (EDR, Foundry-compatible) these tests use. forge-std is not a
 * dependency of the project, so they are declared here.
 */
interface Vm {
    /// @notice Sets msg.sender of the next call (made by the caller of the cheatcode) to `sender`.
    function prank(address sender) external;

    /// @notice Sets msg.sender of every following call to `sender` until {stopPrank}.
    function startPrank(address sender) external;

    /// @notice Ends a {startPrank}.
    function stopPrank() external;

    /// @notice Sets block.timestamp.
    function warp(uint256 timestamp) external;

    /// @notice The next call must revert, for any reason.
    function expectRevert() external;

    /// @notice The next call must revert with a custom error of this selector (any arguments).
    function expectRevert(bytes4 revertData) external;

    /// @notice The next call must revert with exactly this revert data.
    function expectRevert(bytes calldata revertData) external;

    /// @notice Discards the fuzz input unless `condition` holds.
    function assume(bool condition) external pure;

    /// @notice Names `account` in traces.
    function label(address account, string calldata newLabel) external;

    /// @notice A log recorded by {recordLogs}.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    /// @notice Starts recording every log emitted (and forgets those recorded so far).
    function recordLogs() external;

    /// @notice The logs recorded since {recordLogs} or the previous call, which it consumes.
    function getRecordedLogs() external returns (Log[] memory logs);

    /// @notice Signs `digest` with the secp256k1 key `privateKey`.
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    /// @notice The address of the secp256k1 key `privateKey`.
    function addr(uint256 privateKey) external pure returns (address keyAddr);
}

/// @dev The cheatcode address: address(uint160(uint256(keccak256("hevm cheat code")))).
Vm constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
