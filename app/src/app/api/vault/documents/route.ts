import { createHash } from "node:crypto";

import { preflight } from "../../../../vault/auth/index.ts";
import { contentTypeOf, metaJson, readBody } from "../../../../vault/documents.ts";
import { handle, HttpError } from "../../../../vault/http.ts";
import { authoriseListing } from "../../../../vault/reads.ts";
import {
  actingFor,
  addressParam,
  cors,
  ownerPage,
  pageParams,
  requireSession,
  scopeParam,
} from "../../../../vault/requests.ts";
import type { PageRequest } from "../../../../vault/storage/index.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const SHA256 = /^[0-9a-f]{64}$/;
const BYTES32 = /^0x[0-9a-f]{64}$/;

/**
 * Stores a document for a company this vault serves: the signer itself, or (x-owner) a company it is a live operator
 * of. The vault hashes the bytes itself; the same bytes again are a no-op.
 */
export const POST = handle(async (request: Request) => {
  const vault = await getVault();
  const session = await requireSession(vault, request);
  const ownerHeader = request.headers.get("x-owner");
  const owner = ownerHeader === null ? addressParam(session.address, "signer") : addressParam(ownerHeader, "x-owner");
  await actingFor(vault, session, owner, 0n);
  if (!(await vault.serves(owner))) {
    throw new HttpError(
      403,
      "not_served",
      `This vault does not serve ${owner}: its on-chain profile must name ${vault.config.endpoint} as its data endpoint.`,
    );
  }

  const visibility = request.headers.get("x-visibility");
  if (visibility !== "public" && visibility !== "restricted") {
    throw new HttpError(400, "bad_request", 'x-visibility must be "public" or "restricted".');
  }
  const scopeHeader = request.headers.get("x-scope")?.toLowerCase() ?? null;
  if (visibility === "restricted" && (scopeHeader === null || !BYTES32.test(scopeHeader))) {
    throw new HttpError(
      400,
      "bad_request",
      "A restricted document needs x-scope: the grant scope (bytes32, 0x + 64 hex digits).",
    );
  }
  if (visibility === "public" && scopeHeader !== null) {
    throw new HttpError(400, "bad_request", "A public document has no scope: leave out x-scope.");
  }
  const declared = request.headers.get("x-content-sha256")?.toLowerCase().replace(/^0x/, "") ?? "";
  if (!SHA256.test(declared)) {
    throw new HttpError(400, "bad_request", "x-content-sha256 must be the SHA-256 of the body (64 hex digits).");
  }

  const bytes = await readBody(request, vault.config.maxDocumentBytes);
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (actual !== declared) {
    throw new HttpError(422, "hash_mismatch", `The body hashes to ${actual}, not to the declared ${declared}.`);
  }
  const { meta, created } = await vault.store.putDocument(
    {
      owner: owner.toLowerCase() as `0x${string}`,
      sha256: actual,
      contentType: contentTypeOf(request),
      visibility,
      scope: visibility === "restricted" ? (scopeHeader as `0x${string}`) : null,
      bytes,
    },
    { quotaBytes: vault.config.quotaBytes },
  );
  const { owner: o, sha256, size, visibility: v, scope } = metaJson(meta);
  return Response.json(
    { owner: o, sha256, size, visibility: v, scope },
    {
      status: 201,
      headers: {
        "cache-control": "no-store",
        ...(created ? {} : { "x-already-stored": "true" }),
        ...cors(vault, request),
      },
    },
  );
});

/**
 * The company's documents, a page at a time: all of them for its owner or an operator holding ACCESS; with `?scope=`,
 * only the restricted documents of that scope, which a holder of a live grant for (owner, scope) may list too (so that
 * a grantee can find what it was granted). Anyone else gets the same 404 whether such documents exist or not.
 */
export const GET = handle(async (request: Request) => {
  const vault = await getVault();
  const url = new URL(request.url);
  const scope = scopeParam(url);
  let owner: `0x${string}`;
  let pageRequest: PageRequest;
  if (scope === undefined) {
    ({ owner, page: pageRequest } = await ownerPage(vault, request));
  } else {
    owner = addressParam(url.searchParams.get("owner"), "owner").toLowerCase() as `0x${string}`;
    // The owner's side passes; a grantee must hold a live grant for this very scope (judged as for a read).
    await authoriseListing(vault, request, owner, scope);
    pageRequest = { ...pageParams(url), scope };
  }
  const page = await vault.store.listDocuments(owner, pageRequest);
  return Response.json(
    { documents: page.documents.map(metaJson), next: page.next },
    { headers: { "cache-control": "no-store", ...cors(vault, request) } },
  );
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
