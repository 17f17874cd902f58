import { Address, Bytes, crypto, ethereum } from "@graphprotocol/graph-ts";

import { AccreditationBody, AccreditationTerm } from "../../generated/schema";
import { accreditationKind } from "./enums";
import { uint32Key, uint8Key } from "./keys";

/** Accreditations.GS1_COMPANY_PREFIX. */
export const GS1_COMPANY_PREFIX = 1;
export const LEGAL_ENTITY = 2;
export const VERIFIER_TOPIC = 4;

/** The contract's accreditation id: keccak256(abi.encode(company, kind, subject)). */
export function accreditationId(company: Address, kind: i32, subject: Bytes): Bytes {
  const encoded = new Bytes(96);
  for (let i = 0; i < 20; i++) encoded[12 + i] = company[i];
  encoded[63] = <u8>kind;
  for (let i = 0; i < 32; i++) encoded[64 + i] = subject[i];
  return Bytes.fromByteArray(crypto.keccak256(encoded));
}

/** The body's current term number for kind bit `kind`, as the contract counts it. */
export function currentTerm(body: AccreditationBody, kind: i32): i32 {
  if (kind == GS1_COMPANY_PREFIX) return body.prefixTerm;
  if (kind == LEGAL_ENTITY) return body.legalEntityTerm;
  return body.topicTerm;
}

export function termId(body: Bytes, kind: i32, number: i32): Bytes {
  return body.concat(uint8Key(kind)).concat(uint32Key(number));
}

/** Starts the next term of `body` for `kind`: the contract does so each time the kind is given to the body anew. */
export function startTerm(body: AccreditationBody, kind: i32, block: ethereum.Block): void {
  const number = currentTerm(body, kind) + 1;
  if (kind == GS1_COMPANY_PREFIX) body.prefixTerm = number;
  else if (kind == LEGAL_ENTITY) body.legalEntityTerm = number;
  else body.topicTerm = number;

  const term = new AccreditationTerm(termId(body.id, kind, number));
  term.body = body.id;
  term.kind = accreditationKind(kind);
  term.number = number;
  term.active = true;
  term.startedAt = block.timestamp;
  term.save();
}

/** Ends the current term of `body` for `kind`: everything attested under it is void for good. */
export function endTerm(body: AccreditationBody, kind: i32, block: ethereum.Block): void {
  const term = AccreditationTerm.load(termId(body.id, kind, currentTerm(body, kind)));
  if (term == null) return;
  term.active = false;
  term.endedAt = block.timestamp;
  term.save();
}
