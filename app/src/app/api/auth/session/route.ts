import { companiesFor, preflight } from "../../../../vault/auth/index.ts";
import { handle } from "../../../../vault/http.ts";
import { cors, requireSession } from "../../../../vault/requests.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in address and the companies it may act for (itself, or as a live operator), confirmed on the chain. */
export const GET = handle(async (request: Request) => {
  const vault = await getVault();
  const session = await requireSession(vault, request);
  const companies = await companiesFor(session.address, vault.auth);
  return Response.json(
    {
      address: session.address,
      expiresAt: session.expiresAt.toISOString(),
      companies: companies.map((c) => ({
        company: c.company,
        relation: c.relation,
        permissions: c.permissions.toString(),
        expiresAt: c.expiresAt === null ? null : c.expiresAt.toString(),
        compromised: c.compromised,
      })),
    },
    { headers: { "cache-control": "no-store", ...cors(vault, request) } },
  );
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
