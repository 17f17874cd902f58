import { Permission } from "@constellate/sdk";

import { preflight } from "../../../../vault/auth/index.ts";
import { handle, HttpError } from "../../../../vault/http.ts";
import { actingFor, addressParam, cors, limitParam, requireSession } from "../../../../vault/requests.ts";
import { getVault } from "../../../../vault/server.ts";
import { VaultStoreError } from "../../../../vault/storage/index.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Who read which of the company's restricted documents, when, and what allowed it; newest first. */
export const GET = handle(async (request: Request) => {
  const vault = await getVault();
  const session = await requireSession(vault, request);
  const url = new URL(request.url);
  const owner = addressParam(url.searchParams.get("owner"), "owner");
  await actingFor(vault, session, owner, Permission.ACCESS);
  const after = url.searchParams.get("after");
  const page = await vault.store
    .accessLog(owner.toLowerCase() as `0x${string}`, {
      limit: limitParam(url.searchParams.get("limit")),
      ...(after !== null ? { after } : {}),
    })
    .catch((error: unknown) => {
      if (error instanceof VaultStoreError && error.code === "invalid_input")
        throw new HttpError(400, "bad_request", error.message);
      throw error;
    });
  return Response.json(
    { entries: page.entries.map((e) => ({ ...e, at: e.at.toISOString() })), next: page.next },
    { headers: { "cache-control": "no-store", ...cors(vault, request) } },
  );
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
