/**
 * Page cursors: the sort key of the last item of a page. Callers treat them as opaque; the store parses them strictly,
 * since they arrive from query strings.
 */
import { VaultStoreError } from "./types.ts";
import type { DocumentMeta } from "./types.ts";

/** Documents are listed newest first, ties broken by hash: the cursor is `<createdAt ms>-<sha256>`. */
export interface DocumentCursor {
  createdAt: Date;
  sha256: string;
}

const DOCUMENT_CURSOR = /^(0|[1-9][0-9]{0,15})-([0-9a-f]{64})$/;
const LOG_CURSOR = /^[1-9][0-9]{0,17}$/;

function invalidCursor(after: string): VaultStoreError {
  return new VaultStoreError("invalid_input", `"${after.slice(0, 100)}" is not a cursor this store gave out`);
}

export function documentCursor(meta: DocumentMeta): string {
  return `${meta.createdAt.getTime()}-${meta.sha256}`;
}

export function parseDocumentCursor(after: string): DocumentCursor {
  const match = DOCUMENT_CURSOR.exec(after);
  if (match === null) throw invalidCursor(after);
  return { createdAt: new Date(Number(match[1])), sha256: match[2] as string };
}

/** Access-log entries are listed newest first by their sequence number, which is the cursor. */
export function logCursor(id: bigint): string {
  return id.toString();
}

export function parseLogCursor(after: string): bigint {
  if (!LOG_CURSOR.test(after)) throw invalidCursor(after);
  return BigInt(after);
}
