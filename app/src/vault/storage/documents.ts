/** The rules for storing a document, shared by both backends: idempotent re-uploads, conflicts and quotas. */
import { VaultStoreError } from "./types.ts";
import type { Address, Bytes32, DocumentMeta, NewDocument, UploadLimits } from "./types.ts";

/**
 * An upload of a document the owner already has: the stored document if the upload says the same about it, since the
 * bytes (named by the hash) are the same; "conflict" if it declares another content type, visibility or scope.
 */
export function reupload(stored: DocumentMeta, doc: NewDocument): DocumentMeta {
  const differences = (["contentType", "visibility", "scope"] as const).filter((key) => stored[key] !== doc[key]);
  if (differences.length > 0) {
    const was = differences.map((key) => `${key} ${JSON.stringify(stored[key])}`).join(", ");
    throw new VaultStoreError(
      "conflict",
      `${doc.owner}/${doc.sha256} is already stored with ${was}; delete it first to store it otherwise`,
    );
  }
  return stored;
}

/** Refuses a new document that would take its owner, now using `usedBytes`, past the quota. */
export function checkQuota(doc: NewDocument, limits: UploadLimits, usedBytes: number): void {
  if (usedBytes + doc.bytes.length > limits.quotaBytes) {
    throw new VaultStoreError(
      "quota_exceeded",
      `${doc.owner} uses ${usedBytes} of ${limits.quotaBytes} bytes; ${doc.bytes.length} more do not fit`,
    );
  }
}

/** The meta of a document about to be stored now. */
export function newMeta(doc: NewDocument): DocumentMeta {
  return {
    owner: doc.owner,
    sha256: doc.sha256,
    size: doc.bytes.length,
    contentType: doc.contentType,
    visibility: doc.visibility,
    scope: doc.scope,
    createdAt: new Date(),
  };
}

/** Rows of (owner, scope), ordered by owner, as one entry per owner. */
export function groupScopes(
  rows: readonly { owner: Address; scope: Bytes32 }[],
): { owner: Address; scopes: Bytes32[] }[] {
  const grouped: { owner: Address; scopes: Bytes32[] }[] = [];
  for (const { owner, scope } of rows) {
    const last = grouped.at(-1);
    if (last?.owner === owner) last.scopes.push(scope);
    else grouped.push({ owner, scopes: [scope] });
  }
  return grouped;
}
