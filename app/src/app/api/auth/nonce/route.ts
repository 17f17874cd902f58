import { issueNonce, preflight } from "../../../../vault/auth/index.ts";
import { handle } from "../../../../vault/http.ts";
import { cors } from "../../../../vault/requests.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A single-use SIWE nonce; stateless (HMAC), so asking for one stores nothing. */
export const GET = handle(async (request: Request) => {
  const vault = await getVault();
  const { nonce, expiresAt } = issueNonce(vault.auth);
  return Response.json(
    { nonce, expiresAt: expiresAt.toISOString() },
    { headers: { "cache-control": "no-store", ...cors(vault, request) } },
  );
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
