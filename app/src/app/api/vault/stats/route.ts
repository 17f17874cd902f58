import { handle, HttpError } from "../../../../vault/http.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The access checker's cache figures, for benchmarks and operators; only when CONSTELLATE_VAULT_EXPOSE_STATS=1 (the
 * figures say how busy the vault is, which is nobody else's business).
 */
export const GET = handle(async () => {
  if (process.env.CONSTELLATE_VAULT_EXPOSE_STATS !== "1") throw new HttpError(404, "not_found", "No such route.");
  const stats = (await getVault()).access.stats();
  return Response.json(
    Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v])),
    { headers: { "cache-control": "no-store" } },
  );
});
