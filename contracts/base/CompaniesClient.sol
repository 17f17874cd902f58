// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICompanies} from "../interfaces/ICompanies.sol";
import {ActsForCompanies} from "./ActsForCompanies.sol";

/**
 * @title CompaniesClient
 * @notice Base of every Constellate contract other than Companies: it knows the Companies contract by immutable
 * address and resolves operators through {ICompanies-requireActing}.
 */
abstract contract CompaniesClient is ActsForCompanies {
    /// @notice The Companies contract that holds profiles and operators.
    ICompanies public immutable COMPANIES;

    constructor(ICompanies companies) {
        COMPANIES = companies;
    }

    function _requireActing(address company, address account, uint256 permissions) internal view override {
        COMPANIES.requireActing(company, account, permissions);
    }
}
