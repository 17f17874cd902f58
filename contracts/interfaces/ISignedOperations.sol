// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ISignedOperations
 * @notice What every Constellate contract that accepts EIP-712 signed operations shares. A signed operation names
 * its signer explicitly; its typed data covers every field the operation stores or emits (URIs too), a nonce and a
 * deadline; the domain binds it to one chain and one contract. Nonces are unordered: any unused number works once,
 * so a company can sign many operations in parallel, and the signer can cancel nonces it has not used. Signatures
 * are checked with ECDSA for EOAs (also EOAs carrying EIP-7702 code) and with ERC-1271 for contract wallets such as
 * Safes. An operator signs for its company when it holds the permission the operation needs.
 */
interface ISignedOperations {
    /// @notice `signer` cancelled the unused nonces of word `word` set in `mask` (nonce = word * 256 + bit).
    event NoncesCancelled(address indexed signer, uint256 indexed word, uint256 mask);

    /// @notice Nonce `nonce` of `signer` was used or cancelled already.
    error NonceAlreadyUsed(address signer, uint256 nonce);
    /// @notice The signature's deadline `deadline` has passed (block time `nowTime`).
    error SignatureExpired(uint64 deadline, uint64 nowTime);
    /// @notice The signature is not `signer`'s over this operation (on this chain and contract).
    error InvalidSignature(address signer);

    /// @notice Cancels the nonces of the sender set in `mask` within word `word`.
    function cancelNonces(uint256 word, uint256 mask) external;

    /// @notice Whether nonce `nonce` of `signer` is used or cancelled.
    function isNonceUsed(address signer, uint256 nonce) external view returns (bool);

    /// @notice The bitmap of used or cancelled nonces of `signer` in word `word`.
    function nonceBitmap(address signer, uint256 word) external view returns (uint256);
}
