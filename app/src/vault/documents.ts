/**
 * Documents over HTTP: reading an upload's body within the limit, and answering a read with the bytes as stored and the
 * headers that keep them from running in this origin.
 */
import { HttpError } from "./http.ts";
import type { DocumentMeta } from "./storage/index.ts";

/** Reads the body, refusing (413) an empty one or one over `limit` bytes without reading past the limit. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (request.body === null)
    throw new HttpError(413, "payload_too_large", "The document is empty: send its bytes as the body.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (size === 0) throw new HttpError(413, "payload_too_large", "The document is empty: send its bytes as the body.");
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, "payload_too_large", `A document may have at most ${limit} bytes.`);
}

const CONTENT_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}(\s*;\s*[a-z0-9_-]+=("[^"\r\n]{0,64}"|[a-z0-9_.-]{1,64})){0,3}$/i;

/** The media type to store: the upload's Content-Type when well-formed, else application/octet-stream. */
export function contentTypeOf(request: Request): string {
  const value = request.headers.get("content-type")?.trim() ?? "";
  return CONTENT_TYPE.test(value) ? value : "application/octet-stream";
}

/**
 * Media types a browser would render as a page or run: served only as attachments. `application/*+xml` (Atom, RSS,
 * RDF, MathML, vendor types) included: some browsers render any of them as an XML document, XHTML scripts and all.
 */
const ACTIVE =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|application\/[a-z0-9!#$&^_.-]*\+xml(\s*;|$)|[a-z]+\/[a-z.+-]*javascript|application\/ecmascript|text\/ecmascript|application\/x-shockwave-flash|text\/xsl|application\/pdf|multipart\/)/i;

/**
 * The response for a read: the stored bytes (no transforming encoding), ETag = the hash, nosniff, and a sandboxing CSP
 * on every document, plus attachment disposition for types a browser would run. Public documents are cacheable forever
 * and open to every origin; restricted ones are never stored by any cache.
 */
export function documentResponse(
  meta: DocumentMeta,
  bytes: Uint8Array,
  extraHeaders: Record<string, string>,
): Response {
  const headers: Record<string, string> = {
    "content-type": servedType(meta.contentType),
    "content-length": String(bytes.byteLength),
    etag: `"${meta.sha256}"`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "cross-origin-resource-policy": meta.visibility === "public" ? "cross-origin" : "same-origin",
    // A cached answer must not serve a request for a script (refused: refuseCodeDestinations).
    vary: "Sec-Fetch-Dest",
    ...extraHeaders,
    ...cachingOf(meta),
  };
  if (ACTIVE.test(meta.contentType)) headers["content-disposition"] = `attachment; filename="${meta.sha256}"`;
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

export function notModified(meta: DocumentMeta, extraHeaders: Record<string, string>): Response {
  return new Response(null, {
    status: 304,
    headers: { etag: `"${meta.sha256}"`, ...extraHeaders, ...cachingOf(meta) },
  });
}

/**
 * Scripts, styles and WebAssembly go out as application/octet-stream: with nosniff, a browser then refuses to run or
 * apply them whatever includes them, even from its cache (Content-Disposition alone does not stop `<script src>`).
 * The stored type stays in the document's metadata.
 */
const CODE =
  /^\s*((application|text)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript)|text\/css|application\/wasm)\s*(;|$)/i;

function servedType(contentType: string): string {
  return CODE.test(contentType) ? "application/octet-stream" : contentType;
}

function cachingOf(meta: DocumentMeta): Record<string, string> {
  return meta.visibility === "public"
    ? { "cache-control": "public, max-age=31536000, immutable", "access-control-allow-origin": "*" }
    : { "cache-control": "private, no-store" };
}

export function metaJson(meta: DocumentMeta): Record<string, unknown> {
  return {
    owner: meta.owner,
    sha256: meta.sha256,
    size: meta.size,
    contentType: meta.contentType,
    visibility: meta.visibility,
    scope: meta.scope,
    createdAt: meta.createdAt.toISOString(),
  };
}

/** Whether If-None-Match names this document's ETag. */
export function matchesEtag(request: Request, sha256: string): boolean {
  const header = request.headers.get("if-none-match");
  if (header === null) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === "*" || t === `"${sha256}"`;
  });
}

/** Fetch destinations that would run or apply a document as code in the requesting page. */
const CODE_DESTINATIONS = new Set([
  "script",
  "worker",
  "sharedworker",
  "serviceworker",
  "audioworklet",
  "paintworklet",
  "style",
  "xslt",
]);

/**
 * Refuses (403) a request a browser makes to run or apply the document as code (`<script src>`, a worker, a stylesheet):
 * Content-Disposition does not stop those, so a stored script could otherwise run in a page that included it.
 */
export function refuseCodeDestinations(request: Request): void {
  const destination = request.headers.get("sec-fetch-dest");
  if (destination !== null && CODE_DESTINATIONS.has(destination.toLowerCase())) {
    throw new HttpError(
      403,
      "forbidden",
      "Vault documents are data: they are never served as scripts, workers or styles.",
    );
  }
}
