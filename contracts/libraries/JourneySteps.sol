// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ProductRoles as Roles} from "./ProductRoles.sol";

/**
 * @title JourneySteps
 * @notice The business steps a journey event records: the 41 business steps of GS1's Core Business Vocabulary (CBV)
 * 2.0, numbered 1 to 41 in the CBV's alphabetical order (1 accepting, 2 arriving, ... 41 void_shipping; the sdk's
 * `BUSINESS_STEPS` lists them by name), and for each the product-actor roles that may record it. The product's owner
 * may record every step; "other" (21) is left to the owner alone.
 *
 *    1 accepting S L R                  15 entering_exiting L R             29 reserving L R
 *    2 arriving L                       16 holding S L R A                  30 retail_selling R
 *    3 assembling S                     17 inspecting S L R A               31 sampling S A
 *    4 collecting L R                   18 installing S R                   32 sensor_reporting S L R A
 *    5 commissioning S                  19 killing S R                      33 shipping S L
 *    6 consigning S L                   20 loading L                        34 staging_outbound S L
 *    7 creating_class_instance S        21 other (owner only)               35 stock_taking L R
 *    8 cycle_counting L R               22 packing S L                      36 stocking L R
 *    9 decommissioning S L R            23 picking L R                      37 storing S L R
 *   10 departing L                      24 receiving S L R                  38 transporting L
 *   11 destroying S L R                 25 removing S L R                   39 unloading L
 *   12 disassembling S                  26 repackaging S L                  40 unpacking L R
 *   13 dispensing R                     27 repairing S R                    41 void_shipping S L
 *   14 encoding S                       28 replacing S R
 *
 * (S SUPPLIER, L LOGISTICS, R RETAILER, A AUDITOR.)
 */
library JourneySteps {
    /// @notice The highest step number.
    uint8 internal constant COUNT = 41;

    /// @dev Four bits per step: bits 4s to 4s+3 hold the roles that may record step s (nibble 0 is unused).
    uint256 private constant _ROLES = 0x362276633f94655377630255ff6141727613161270;

    /// @notice The product-actor roles that may record `step` (any one of them suffices). Zero for "other".
    /// @dev Callers check that 1 <= step <= COUNT first.
    function rolesFor(uint8 step) internal pure returns (uint8) {
        return uint8((_ROLES >> (uint256(step) * 4)) & Roles.ALL);
    }
}
