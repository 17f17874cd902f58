import { preflight } from "../../../../vault/auth/index.ts";
import { handle } from "../../../../vault/http.ts";
import { cors, ownerPage } from "../../../../vault/requests.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Who read which of the company's restricted documents, when, and what allowed it; newest first. */
export const GET = handle(async (request: Request) => {
  const vault = await getVault();
  const { owner, page: pageRequest } = await ownerPage(vault, request);
  const page = await vault.store.accessLog(owner, pageRequest);
  return Response.json(
    { entries: page.entries.map((e) => ({ ...e, at: e.at.toISOString() })), next: page.next },
    { headers: { "cache-control": "no-store", ...cors(vault, request) } },
  );
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
