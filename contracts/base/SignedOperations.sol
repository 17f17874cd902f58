// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {ISignedOperations} from "../interfaces/ISignedOperations.sol";

/**
 * @title SignedOperations
 * @notice EIP-712 signed operations with unordered nonces. See {ISignedOperations}.
 */
abstract contract SignedOperations is ISignedOperations, EIP712 {
    mapping(address signer => mapping(uint256 word => uint256 bitmap)) private _nonces;

    /// @inheritdoc ISignedOperations
    function cancelNonces(uint256 word, uint256 mask) external {
        _nonces[msg.sender][word] |= mask;
        emit NoncesCancelled(msg.sender, word, mask);
    }

    /// @inheritdoc ISignedOperations
    function isNonceUsed(address signer, uint256 nonce) external view returns (bool) {
        return _nonces[signer][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc ISignedOperations
    function nonceBitmap(address signer, uint256 word) external view returns (uint256) {
        return _nonces[signer][word];
    }

    /**
     * @dev Checks that `signature` is `signer`'s over the typed data whose struct hash is `structHash`, that
     * `deadline` has not passed, and uses `nonce`. EOAs, including EOAs carrying EIP-7702 code, sign with their key;
     * a contract wallet answers ERC-1271.
     */
    function _useSignature(
        address signer,
        bytes32 structHash,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) internal {
        if (block.timestamp > deadline) revert SignatureExpired(deadline, uint64(block.timestamp));
        bytes32 digest = _hashTypedDataV4(structHash);
        (address recovered, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (
            (recoverError != ECDSA.RecoverError.NoError || recovered != signer) &&
            (signer.code.length == 0 || !SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature))
        ) revert InvalidSignature(signer);
        uint256 bit = 1 << (nonce & 0xff);
        mapping(uint256 => uint256) storage words = _nonces[signer];
        uint256 used = words[nonce >> 8];
        if (used & bit != 0) revert NonceAlreadyUsed(signer, nonce);
        words[nonce >> 8] = used | bit;
    }
}
