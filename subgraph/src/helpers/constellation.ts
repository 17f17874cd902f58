import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";

import { Constellation } from "../../generated/schema";
import { uint64Key } from "./keys";

/** ConstellationRoles.ADMIN. */
export const ADMIN = 1;

/** A constellation's entity id: the contract's uint64 id in decimal. */
export function constellationId(id: BigInt): string {
  return id.toString();
}

/** The id of everything between constellation `id` and `company`: the id (8 bytes, big-endian) + the address. */
export function pairId(id: BigInt, company: Address): Bytes {
  return uint64Key(id).concat(company);
}

/** The constellation `id`, which the contract's events name only once it exists. */
export function loadConstellation(id: BigInt): Constellation {
  return Constellation.load(constellationId(id)) as Constellation;
}
