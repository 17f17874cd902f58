import { Bytes, Entity, ethereum } from "@graphprotocol/graph-ts";

/** The id of an immutable event entity: transaction hash + log index, as graph-cli's scaffold builds it. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

/** Sets the fields every event entity carries: blockNumber, blockTimestamp and transactionHash. */
export function stampEvent(entity: Entity, event: ethereum.Event): void {
  entity.setBigInt("blockNumber", event.block.number);
  entity.setBigInt("blockTimestamp", event.block.timestamp);
  entity.setBytes("transactionHash", event.transaction.hash);
}
