import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";

import { NonceCancellation } from "../../generated/schema";
import { eventId, stampEvent } from "./events";

/** A NoncesCancelled event of any contract that accepts signed operations. */
export function recordNonceCancellation(
  signer: Address,
  word: BigInt,
  mask: BigInt,
  contract: string,
  event: ethereum.Event,
): void {
  const cancellation = new NonceCancellation(eventId(event));
  cancellation.signer = signer;
  cancellation.contract = contract;
  cancellation.word = word;
  cancellation.mask = mask;
  stampEvent(cancellation, event);
  cancellation.save();
}
