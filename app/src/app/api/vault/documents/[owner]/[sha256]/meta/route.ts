import { preflight } from "../../../../../../../vault/auth/index.ts";
import { metaJson } from "../../../../../../../vault/documents.ts";
import { handle } from "../../../../../../../vault/http.ts";
import { authoriseRead, notFound } from "../../../../../../../vault/reads.ts";
import { addressParam, cors, sha256Param } from "../../../../../../../vault/requests.ts";
import { getVault } from "../../../../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Owner, visibility, scope, size and creation time; for a restricted document only to those who may read it. */
export const GET = handle(
  async (request: Request, { params }: { params: Promise<{ owner: string; sha256: string }> }) => {
    const vault = await getVault();
    const { owner: ownerText, sha256: hashText } = await params;
    const owner = addressParam(ownerText, "owner").toLowerCase() as `0x${string}`;
    const meta = await vault.store.getMeta(owner, sha256Param(hashText));
    await authoriseRead(vault, request, meta, false);
    if (meta === null) throw notFound();
    const caching: Record<string, string> =
      meta.visibility === "public" ? { "access-control-allow-origin": "*" } : { "cache-control": "private, no-store" };
    return Response.json(metaJson(meta), { headers: { ...cors(vault, request), ...caching } });
  },
);

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
