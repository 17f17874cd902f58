/**
 * The product pages' use of the data vault (app/openapi/vault.yaml): storing a document (EPCIS documents, serial lists)
 * before its hash goes on chain, and finding a journey event's EPCIS document again among a company's documents.
 * Errors come back as sentences; the vault's own message is kept when it gives one.
 */
export type VaultFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** SHA-256 of `bytes` as 64 lowercase hex digits (WebCrypto, in the browser and in Node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface StoreRequest {
  /** The company the document belongs to (the acting company). */
  owner: string;
  bytes: Uint8Array;
  contentType: string;
  visibility: "public" | "restricted";
  /** The grant scope of a restricted document (sdk accessScope). */
  scope?: string;
}

export interface StoredDocument {
  owner: string;
  sha256: string;
  /** Where anyone allowed reads it. */
  path: string;
}

async function reason(response: Response, doing: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  const message = body?.error?.message;
  if (response.status === 401) return `The vault did not accept your session while ${doing}: sign in again.`;
  return message !== undefined
    ? `The vault refused ${doing}: ${message}`
    : `The vault answered ${response.status} while ${doing}.`;
}

/** Stores a document in the vault for `owner`; resolves to its address there, or throws with the reason in words. */
export async function storeDocument(vaultFetch: VaultFetch, request: StoreRequest): Promise<StoredDocument> {
  const sha256 = await sha256Hex(request.bytes);
  const headers: Record<string, string> = {
    "content-type": request.contentType,
    "x-owner": request.owner,
    "x-content-sha256": sha256,
    "x-visibility": request.visibility,
  };
  if (request.visibility === "restricted") {
    if (request.scope === undefined) throw new Error("A restricted document needs a scope.");
    headers["x-scope"] = request.scope;
  }
  let response: Response;
  try {
    response = await vaultFetch("/api/vault/documents", {
      method: "POST",
      headers,
      body: request.bytes as Uint8Array<ArrayBuffer>,
    });
  } catch {
    throw new Error("The data vault cannot be reached; nothing was stored or sent.");
  }
  if (!response.ok) throw new Error(await reason(response, "to store the document"));
  const stored = (await response.json()) as { owner: string; sha256: string };
  return {
    owner: stored.owner,
    sha256: stored.sha256,
    path: `/api/vault/documents/${stored.owner}/${stored.sha256}`,
  };
}

interface DocumentMeta {
  owner: string;
  sha256: string;
  contentType: string;
  visibility: "public" | "restricted";
  createdAt: string;
}

/** Where an event's EPCIS document was found. */
export interface FoundDocument<T> {
  path: string;
  visibility: "public" | "restricted";
  document: unknown;
  found: T;
}

/**
 * Looks through `owner`'s EPCIS documents (newest first, at most `limit`) for one that `match` accepts. Only the owner
 * and its operators may list a company's documents; throws with the reason otherwise.
 */
export async function findInDocuments<T>(
  vaultFetch: VaultFetch,
  owner: string,
  match: (document: unknown) => T | undefined,
  options: { actingFor?: string; limit?: number; onProgress?: (looked: number) => void } = {},
): Promise<FoundDocument<T> | undefined> {
  const limit = options.limit ?? 500;
  const headers: Record<string, string> = options.actingFor !== undefined ? { "x-acting-for": options.actingFor } : {};
  let after: string | null = null;
  let looked = 0;
  do {
    const query = new URLSearchParams({ owner, limit: "100" });
    if (after !== null) query.set("after", after);
    const response = await vaultFetch(`/api/vault/documents?${query.toString()}`, { cache: "no-store" });
    if (!response.ok) throw new Error(await reason(response, "to list your documents"));
    const page = (await response.json()) as { documents: DocumentMeta[]; next: string | null };
    for (const meta of page.documents) {
      if (!/json/.test(meta.contentType)) continue;
      if (looked >= limit) return undefined;
      looked++;
      options.onProgress?.(looked);
      const path = `/api/vault/documents/${meta.owner}/${meta.sha256}`;
      const got = await vaultFetch(path, { headers, cache: "no-store" });
      if (!got.ok) continue;
      const document = (await got.json().catch(() => null)) as unknown;
      const found = match(document);
      if (found !== undefined) return { path, visibility: meta.visibility, document, found };
    }
    after = page.next;
  } while (after !== null);
  return undefined;
}
