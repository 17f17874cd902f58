// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IProducts} from "../interfaces/IProducts.sol";

/**
 * @title Gs1
 * @notice GS1 keys checked on-chain: GTINs (normalised to GTIN-14, check digit, restricted ranges) and the text of
 * lots and serials (GS1 Digital Link: 1 to 20 characters of GS1's 82-character set).
 * @dev A GTIN-14 is carried as the integer value of its 14 digits (leading zeros implied).
 */
library Gs1 {
    /// @dev GS1 AI 10 (batch or lot number) and AI 21 (serial number): the tags that keep batch and item ids apart.
    uint8 internal constant AI_LOT = 10;
    uint8 internal constant AI_SERIAL = 21;

    /// @dev The longest lot or serial GS1 allows (AI 10 and AI 21 are X..20).
    uint256 internal constant MAX_TEXT_LENGTH = 20;
    /// @dev GS1's 82-character set (its "CSET 82"), one bit per ASCII code: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ?
    /// A-Z _ a-z.
    uint256 private constant _CSET82 = 0x7fffffe87fffffeffffffe600000000;

    /// @dev 32 ASCII zeros, to pad a GTIN on the left.
    bytes32 private constant _ZEROS = 0x3030303030303030303030303030303030303030303030303030303030303030;

    /**
     * @notice Parses a GTIN of 8, 12, 13 or 14 digits and returns it as a GTIN-14 (left-padded with zeros); reverts
     * with {IProducts-InvalidGtin} for any other length or a non-digit, {IProducts-WrongCheckDigit} for a bad check
     * digit and {IProducts-RestrictedGtin} for a GTIN from GS1's restricted ranges ({checkUnrestricted}).
     * @return value The GTIN-14 as the integer value of its digits.
     * @return ascii The GTIN-14's 14 ASCII digits, left-aligned.
     */
    function gtin14(string calldata gtin) internal pure returns (uint256 value, bytes32 ascii) {
        uint256 length = bytes(gtin).length;
        if (length != 8 && length != 12 && length != 13 && length != 14) revert IProducts.InvalidGtin(gtin);
        uint256 sum;
        unchecked {
            uint256 padding = 8 * (14 - length);
            // Left-pad with ASCII zeros: bytes32(...) of a calldata slice of at most 32 bytes pads on the right.
            ascii = (bytes32(bytes(gtin)) >> padding) | (_ZEROS & ~bytes32(type(uint256).max >> padding));
            for (uint256 i; i < 14; ++i) {
                uint256 digit = uint8(ascii[i]) - 48; // wraps to a large number below '0'
                if (digit > 9) revert IProducts.InvalidGtin(gtin);
                value = value * 10 + digit;
                // Weights 3 and 1 alternate from the right of the 13 digits before the check digit, so the
                // GTIN-14's first digit weighs 3.
                if (i < 13) sum += i % 2 == 0 ? 3 * digit : digit;
            }
        }
        uint256 expected = (10 - (sum % 10)) % 10;
        if (value % 10 != expected) revert IProducts.WrongCheckDigit(value, uint8(expected));
        checkUnrestricted(value);
    }

    /**
     * @notice Reverts with {IProducts-RestrictedGtin} for GTINs that never identify a trade item worldwide: GTIN-13
     * prefixes 020-029, 040-049 and 200-299 (restricted circulation: in-store and variable-measure numbers), 977-979
     * (ISSN and ISBN ranges, whose publishers do not hold a GS1 Company Prefix) and 980-999 (refund receipts and
     * coupons), and GTIN-8s starting with 0 or 2 (restricted circulation). The prefix is read after the indicator
     * digit, so GTIN-14s built on those numbers are refused too.
     */
    function checkUnrestricted(uint256 value) internal pure {
        uint256 prefix3 = (value / 1e10) % 1000; // digits 2-4 of the GTIN-14: the GTIN-13's first three
        if ((value / 1e8) % 1e5 == 0) {
            // Five zeros after the indicator: the GTIN-14 form of a GTIN-8, whose first digit is digit 7.
            uint256 first = (value / 1e7) % 10;
            if (first == 0 || first == 2) revert IProducts.RestrictedGtin(value);
        } else if (
            (prefix3 >= 20 && prefix3 <= 29) ||
            (prefix3 >= 40 && prefix3 <= 49) ||
            (prefix3 >= 200 && prefix3 <= 299) ||
            prefix3 >= 977
        ) {
            revert IProducts.RestrictedGtin(value);
        }
    }

    /**
     * @notice The first `length` digits after the indicator digit of a GTIN-14 (`ascii`, as {gtin14} returns it) as
     * the Accreditations contract stores a GS1 Company Prefix: ASCII digits, left-aligned in a bytes32. A GTIN-8's
     * prefix (its GS1-8 prefix and item reference) reads as "00000" followed by its first seven digits, at length 12.
     * @dev Callers check 4 <= length <= 12.
     */
    function prefixSubject(bytes32 ascii, uint256 length) internal pure returns (bytes32) {
        unchecked {
            return (ascii << 8) & ~bytes32(type(uint256).max >> (8 * length));
        }
    }

    /// @notice Reverts with {IProducts-InvalidKeyText} unless `text` has 1 to 20 characters of GS1's 82-character set.
    function checkText(uint8 ai, string calldata text) internal pure {
        bytes calldata chars = bytes(text);
        uint256 length = chars.length;
        if (length == 0 || length > MAX_TEXT_LENGTH) revert IProducts.InvalidKeyText(ai, text);
        for (uint256 i; i < length; ++i) {
            if ((_CSET82 >> uint8(chars[i])) & 1 == 0) revert IProducts.InvalidKeyText(ai, text);
        }
    }
}
