import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";

import { Operator, OperatorAction } from "../../generated/schema";
import { createOrLoadCompany } from "./company";
import { eventId, stampEvent } from "./events";

/** The appointment of `account` by `company`, created inactive; marked updated at `block`. */
export function createOrLoadOperator(company: Address, account: Address, block: ethereum.Block): Operator {
  const id = company.concat(account);
  let operator = Operator.load(id);
  if (operator == null) {
    createOrLoadCompany(company, block).save();
    operator = new Operator(id);
    operator.company = company;
    operator.account = account;
    operator.active = false;
    operator.permissions = BigInt.zero();
    operator.expiresAt = BigInt.zero();
    operator.appointedAt = block.timestamp;
    operator.actionCount = 0;
    operator.createdAt = block.timestamp;
  }
  operator.updatedAt = block.timestamp;
  return operator as Operator;
}

/** An ActedFor event of any contract: `operator` sent a call acting for `company` to `contract`. */
export function recordOperatorAction(
  company: Address,
  account: Address,
  contract: string,
  event: ethereum.Event,
): void {
  const operator = createOrLoadOperator(company, account, event.block);
  operator.lastActedAt = event.block.timestamp;
  operator.actionCount += 1;
  operator.save();

  const action = new OperatorAction(eventId(event));
  action.operator = operator.id;
  action.company = company;
  action.account = account;
  action.contract = contract;
  stampEvent(action, event);
  action.save();
}
