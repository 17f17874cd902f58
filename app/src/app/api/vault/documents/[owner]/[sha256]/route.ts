import { preflight } from "../../../../../../vault/auth/index.ts";
import {
  documentResponse,
  matchesEtag,
  notModified,
  refuseCodeDestinations,
} from "../../../../../../vault/documents.ts";
import { handle, HttpError } from "../../../../../../vault/http.ts";
import { authoriseRead, notFound } from "../../../../../../vault/reads.ts";
import { actingFor, addressParam, cors, requireSession, sha256Param } from "../../../../../../vault/requests.ts";
import { getVault } from "../../../../../../vault/server.ts";
import { Permission } from "@constellate/sdk";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

interface Params {
  params: Promise<{ owner: string; sha256: string }>;
}

/** The document's bytes, as stored, to whoever may read it (see reads.ts). */
export const GET = handle(async (request: Request, { params }: Params) => {
  refuseCodeDestinations(request);
  const vault = await getVault();
  const { owner: ownerText, sha256: hashText } = await params;
  const owner = addressParam(ownerText, "owner").toLowerCase() as `0x${string}`;
  const sha256 = sha256Param(hashText);
  const meta = await vault.store.getMeta(owner, sha256);
  await authoriseRead(vault, request, meta, true);
  if (meta === null) throw notFound();
  const corsHeaders = cors(vault, request);
  if (matchesEtag(request, sha256)) return notModified(meta, corsHeaders);
  const document = await vault.store.getDocument(owner, sha256);
  if (document === null) throw notFound();
  return documentResponse(document.meta, document.bytes, corsHeaders);
});

/** Deletes a restricted document (its owner, or an operator holding ACCESS). Public documents stay: claims point at them. */
export const DELETE = handle(async (request: Request, { params }: Params) => {
  const vault = await getVault();
  const session = await requireSession(vault, request);
  const { owner: ownerText, sha256: hashText } = await params;
  const owner = addressParam(ownerText, "owner");
  const sha256 = sha256Param(hashText);
  await actingFor(vault, session, owner, Permission.ACCESS);
  const key = owner.toLowerCase() as `0x${string}`;
  const meta = await vault.store.getMeta(key, sha256);
  if (meta === null) throw notFound();
  if (meta.visibility === "public") {
    throw new HttpError(409, "conflict", "Public documents stay: claims and pages point at them by hash.");
  }
  await vault.store.deleteDocument(key, sha256);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store", ...cors(vault, request) } });
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
