import { Address, ethereum } from "@graphprotocol/graph-ts";

import { Company } from "../../generated/schema";
import { countInProtocol } from "./protocol";

/**
 * The company at `address`, created unregistered the first time any contract names the address, so that every
 * reference to an account resolves. Marked updated at `block`; the caller saves it.
 */
export function createOrLoadCompany(address: Address, block: ethereum.Block): Company {
  let company = Company.load(address);
  if (company == null) {
    company = new Company(address);
    company.registered = false;
    company.operatorCount = 0;
    company.membershipCount = 0;
    company.productCount = 0;
    company.claimCount = 0;
    company.claimBatchCount = 0;
    company.verdictCount = 0;
    company.grantCount = 0;
    company.blindedGrantCount = 0;
    company.createdAt = block.timestamp;
    countInProtocol("companyCount", block);
  }
  company.updatedAt = block.timestamp;
  return company as Company;
}

/** Makes sure a Company exists for `address` (for a reference field) and returns its id. */
export function companyRef(address: Address, block: ethereum.Block): Address {
  const company = Company.load(address);
  if (company == null) createOrLoadCompany(address, block).save();
  return address;
}
