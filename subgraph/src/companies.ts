import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  ActedFor,
  CompanyCompromised,
  CompanyRegistered,
  CompanyUpdated,
  OperatorRemoved,
  OperatorSet,
} from "../generated/Companies/Companies";
import { Company, CompanyChange, OperatorChange } from "../generated/schema";
import { createOrLoadCompany } from "./helpers/company";
import { CompanyChangeKind, ContractName, OperatorChangeKind } from "./helpers/enums";
import { eventId, stampEvent } from "./helpers/events";
import { createOrLoadOperator, recordOperatorAction } from "./helpers/operators";
import { countInProtocol } from "./helpers/protocol";

export function handleCompanyRegistered(event: CompanyRegistered): void {
  const profile = event.params.profile;
  const company = createOrLoadCompany(event.params.company, event.block);
  company.registered = true;
  company.registeredAt = event.block.timestamp;
  setProfile(
    company,
    profile.name,
    profile.registryId,
    profile.metadataURI,
    profile.metadataHash,
    profile.dataEndpoint,
  );
  company.save();
  countInProtocol("registeredCompanyCount", event.block);

  const change = newCompanyChange(company, CompanyChangeKind.Registered, event);
  copyProfile(change, company);
  change.save();
}

export function handleCompanyUpdated(event: CompanyUpdated): void {
  const profile = event.params.profile;
  const company = createOrLoadCompany(event.params.company, event.block);
  setProfile(
    company,
    profile.name,
    profile.registryId,
    profile.metadataURI,
    profile.metadataHash,
    profile.dataEndpoint,
  );
  company.save();

  const change = newCompanyChange(company, CompanyChangeKind.ProfileUpdated, event);
  copyProfile(change, company);
  change.save();
}

export function handleCompanyCompromised(event: CompanyCompromised): void {
  const company = createOrLoadCompany(event.params.company, event.block);
  company.compromisedSince = event.params.since;
  company.save();

  const change = newCompanyChange(company, CompanyChangeKind.Compromised, event);
  change.compromisedSince = event.params.since;
  change.save();
}

export function handleOperatorSet(event: OperatorSet): void {
  const operator = createOrLoadOperator(event.params.company, event.params.operator, event.block);
  if (!operator.active) {
    const company = createOrLoadCompany(event.params.company, event.block);
    company.operatorCount += 1;
    company.save();
  }
  operator.active = true;
  operator.permissions = event.params.permissions;
  operator.expiresAt = event.params.expiresAt;
  operator.appointedAt = event.block.timestamp;
  operator.removedAt = null;
  operator.save();

  const change = new OperatorChange(eventId(event));
  change.operator = operator.id;
  change.company = operator.company;
  change.kind = OperatorChangeKind.Set;
  change.permissions = event.params.permissions;
  change.expiresAt = event.params.expiresAt;
  stampEvent(change, event);
  change.save();
}

export function handleOperatorRemoved(event: OperatorRemoved): void {
  const operator = createOrLoadOperator(event.params.company, event.params.operator, event.block);
  if (operator.active) {
    const company = createOrLoadCompany(event.params.company, event.block);
    company.operatorCount -= 1;
    company.save();
  }
  operator.active = false;
  operator.permissions = BigInt.zero();
  operator.expiresAt = BigInt.zero();
  operator.removedAt = event.block.timestamp;
  operator.save();

  const change = new OperatorChange(eventId(event));
  change.operator = operator.id;
  change.company = operator.company;
  change.kind = OperatorChangeKind.Removed;
  change.permissions = BigInt.zero();
  change.expiresAt = BigInt.zero();
  stampEvent(change, event);
  change.save();
}

export function handleActedFor(event: ActedFor): void {
  recordOperatorAction(event.params.company, event.params.operator, ContractName.Companies, event);
}

function setProfile(
  company: Company,
  name: string,
  registryId: string,
  metadataURI: string,
  metadataHash: Bytes,
  dataEndpoint: string,
): void {
  company.name = name;
  company.registryId = registryId;
  company.metadataURI = metadataURI;
  company.metadataHash = metadataHash;
  company.dataEndpoint = dataEndpoint;
}

function newCompanyChange(company: Company, kind: string, event: ethereum.Event): CompanyChange {
  const change = new CompanyChange(eventId(event));
  change.company = company.id;
  change.kind = kind;
  stampEvent(change, event);
  return change;
}

function copyProfile(change: CompanyChange, company: Company): void {
  change.name = company.name;
  change.registryId = company.registryId;
  change.metadataURI = company.metadataURI;
  change.metadataHash = company.metadataHash;
  change.dataEndpoint = company.dataEndpoint;
}
