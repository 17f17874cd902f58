import { ethereum } from "@graphprotocol/graph-ts";

import { Protocol } from "../../generated/schema";

export const PROTOCOL_ID = "constellate";

/** The protocol-wide singleton, created with zero counts; marked updated at `block`. */
export function loadProtocol(block: ethereum.Block): Protocol {
  let protocol = Protocol.load(PROTOCOL_ID);
  if (protocol == null) {
    protocol = new Protocol(PROTOCOL_ID);
    protocol.companyCount = 0;
    protocol.registeredCompanyCount = 0;
    protocol.bodyCount = 0;
    protocol.accreditationCount = 0;
    protocol.constellationCount = 0;
    protocol.membershipCount = 0;
    protocol.productCount = 0;
    protocol.batchCount = 0;
    protocol.itemCount = 0;
    protocol.serialRootCount = 0;
    protocol.journeyEventCount = 0;
    protocol.claimCount = 0;
    protocol.claimBatchCount = 0;
    protocol.verdictCount = 0;
    protocol.grantCount = 0;
    protocol.blindedGrantCount = 0;
  }
  protocol.updatedAt = block.timestamp;
  return protocol as Protocol;
}

/**
 * Adds one to the protocol-wide count `field`. Counting through here, rather than through a Protocol held across a
 * handler, keeps one helper's save from overwriting another's.
 */
export function countInProtocol(field: string, block: ethereum.Block): void {
  const protocol = loadProtocol(block);
  protocol.setI32(field, protocol.getI32(field) + 1);
  protocol.save();
}
