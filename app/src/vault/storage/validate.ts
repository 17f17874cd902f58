/**
 * Shape checks for every value a store is given, shared by both backends so they refuse the same inputs the same way.
 * They matter beyond tidiness: a hash becomes a file name, and a content type goes back out as a response header.
 */
import { createHash } from "node:crypto";

import { MAX_PAGE_LIMIT, VaultStoreError } from "./types.ts";
import type { Address, Bytes32, NewDocument, PageRequest, ReadRecord, Session, UploadLimits } from "./types.ts";

const ADDRESS = /^0x[0-9a-f]{40}$/;
const BYTES32 = /^0x[0-9a-f]{64}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Printable ASCII: what can safely travel in a header and be shown in a log. */
const PRINTABLE = /^[\x20-\x7e]+$/;
const TOKEN = /^[\x21-\x7e]+$/;

function invalid(message: string): VaultStoreError {
  return new VaultStoreError("invalid_input", message);
}

function show(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function checkAddress(value: unknown, name: string): Address {
  if (typeof value !== "string" || !ADDRESS.test(value)) {
    throw invalid(`${name} must be a lowercase 0x-prefixed address of 20 bytes; got ${show(value)}`);
  }
  return value as Address;
}

export function checkSha256(value: unknown, name = "sha256"): string {
  if (typeof value !== "string" || !SHA256.test(value)) {
    throw invalid(`${name} must be 64 lowercase hex digits without 0x; got ${show(value)}`);
  }
  return value;
}

function checkText(value: unknown, name: string, maxLength: number, pattern = PRINTABLE): string {
  if (typeof value !== "string" || value.length > maxLength || !pattern.test(value)) {
    const kind = pattern === TOKEN ? "printable ASCII characters without spaces" : "printable ASCII characters";
    throw invalid(`${name} must be 1 to ${maxLength} ${kind}; got ${show(value)}`);
  }
  return value;
}

function checkDate(value: unknown, name: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(`${name} must be a valid Date`);
  return value;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function checkNewDocument(doc: NewDocument, limits: UploadLimits): void {
  checkAddress(doc.owner, "owner");
  checkSha256(doc.sha256);
  checkText(doc.contentType, "contentType", 255);
  if (!(doc.bytes instanceof Uint8Array) || doc.bytes.length === 0)
    throw invalid("bytes must be a non-empty Uint8Array");
  if (doc.visibility === "public") {
    if (doc.scope !== null) throw invalid("a public document has no scope (null)");
  } else if (doc.visibility === "restricted") {
    checkScope(doc.scope);
  } else {
    throw invalid(`visibility must be "public" or "restricted"; got ${show(doc.visibility)}`);
  }
  if (!Number.isSafeInteger(limits.quotaBytes) || limits.quotaBytes < 0) {
    throw invalid(`quotaBytes must be a non-negative integer; got ${show(limits.quotaBytes)}`);
  }
  const actual = sha256Hex(doc.bytes);
  if (actual !== doc.sha256) {
    throw new VaultStoreError("hash_mismatch", `the bytes hash to ${actual}, not to the given ${doc.sha256}`);
  }
}

function checkScope(value: unknown): Bytes32 {
  if (typeof value !== "string" || !BYTES32.test(value)) {
    throw invalid(`a restricted document's scope must be a lowercase 0x-prefixed bytes32; got ${show(value)}`);
  }
  return value as Bytes32;
}

export function checkPage(page: PageRequest): void {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_LIMIT) {
    throw invalid(`a page limit is an integer from 1 to ${MAX_PAGE_LIMIT}; got ${show(page.limit)}`);
  }
  if (page.after !== undefined && typeof page.after !== "string") throw invalid("a page cursor is a string");
  if (page.scope !== undefined) checkScope(page.scope);
}

export function checkNonce(nonce: unknown, expiresAt: unknown): void {
  checkText(nonce, "nonce", 200, TOKEN);
  checkDate(expiresAt, "expiresAt");
}

export function checkSessionId(idHash: unknown): string {
  return checkSha256(idHash, "session idHash");
}

export function checkSession(session: Session): void {
  checkSessionId(session.idHash);
  checkAddress(session.address, "session address");
  checkText(session.audience, "session audience", 255);
  if (session.kind !== "cookie" && session.kind !== "bearer") {
    throw invalid(`session kind must be "cookie" or "bearer"; got ${show(session.kind)}`);
  }
  checkDate(session.expiresAt, "session expiresAt");
}

export function checkReadRecord(entry: ReadRecord): void {
  checkAddress(entry.owner, "owner");
  checkSha256(entry.sha256);
  checkAddress(entry.reader, "reader");
  checkText(entry.grant, "grant", 200);
  checkDate(entry.at, "at");
}

/** An owner secret: 32 bytes (what the store generates, and what blinded-grant salts are derived from). */
export function checkSecret(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array) || secret.byteLength !== 32) {
    throw new VaultStoreError("invalid_input", "an owner secret must be 32 bytes");
  }
}
