import { clearedSessionCookie, logout, preflight } from "../../../../vault/auth/index.ts";
import { handle } from "../../../../vault/http.ts";
import { cors } from "../../../../vault/requests.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends the session the request carries (cookie or bearer token) and clears the cookie. */
export const POST = handle(async (request: Request) => {
  const vault = await getVault();
  await logout(request.headers, vault.auth);
  return new Response(null, {
    status: 204,
    headers: {
      "set-cookie": clearedSessionCookie(vault.auth.vault),
      "cache-control": "no-store",
      ...cors(vault, request),
    },
  });
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
