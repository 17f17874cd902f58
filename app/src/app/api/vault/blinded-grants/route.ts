import type { Address } from "viem";

import { preflight } from "../../../../vault/auth/index.ts";
import { handle, HttpError } from "../../../../vault/http.ts";
import { addressParam, cors, requireSession } from "../../../../vault/requests.ts";
import { getVault } from "../../../../vault/server.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const MAX_BODY = 4096;

/**
 * For an owner (or its operator holding ACCESS): the commitment of a blinded grant of `scope` to `grantee` until
 * `expiresAt`, to submit through a relayer. Its salt derives from the owner's secret, which only this vault keeps.
 */
export const POST = handle(async (request: Request) => {
  const vault = await getVault();
  const session = await requireSession(vault, request);
  const text = await request.text();
  if (text.length > MAX_BODY)
    throw new HttpError(413, "payload_too_large", "A blinded-grant request is a few hundred bytes.");
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, "bad_request", 'Send JSON: { "owner", "grantee", "scope", "expiresAt" }.');
  }
  const owner = addressParam(typeof body.owner === "string" ? body.owner : null, "owner");
  const grantee = addressParam(typeof body.grantee === "string" ? body.grantee : null, "grantee");
  if (typeof body.scope !== "string" || !BYTES32.test(body.scope)) {
    throw new HttpError(400, "bad_request", "scope must be a bytes32 (0x + 64 hex digits).");
  }
  const expiresAt = typeof body.expiresAt === "number" || typeof body.expiresAt === "string" ? body.expiresAt : null;
  if (expiresAt === null || !/^\d{1,12}$/.test(String(expiresAt))) {
    throw new HttpError(400, "bad_request", "expiresAt must be a time in seconds since the epoch.");
  }
  const prepared = await vault.access.blindedGrantFor({
    requester: session.address,
    owner,
    grantee,
    scope: body.scope as `0x${string}`,
    expiresAt: BigInt(expiresAt),
  });
  return Response.json(
    { owner, grantee, scope: body.scope, commitment: prepared.commitment, expiresAt: prepared.expiresAt.toString() },
    { headers: { "cache-control": "no-store", ...cors(vault, request) } },
  );
});

/**
 * For a grantee (the signer, or `?grantee=` a company it operates for with ACCESS): the live blinded grants this vault's
 * owners made to it, found by recomputing each owner's commitment for the scopes of its restricted documents and
 * confirming it on the chain.
 */
export const GET = handle(async (request: Request) => {
  const vault = await getVault();
  const session = await requireSession(vault, request);
  const granteeParam = new URL(request.url).searchParams.get("grantee");
  const grantee: Address | undefined = granteeParam === null ? undefined : addressParam(granteeParam, "grantee");
  const owners = await vault.store.restrictedScopes();
  const grants = await vault.access.blindedGrantsFor({
    requester: session.address,
    ...(grantee !== undefined ? { grantee } : {}),
    owners: owners.map((o) => ({ owner: o.owner as Address, scopes: o.scopes })),
  });
  return Response.json(
    { grants: grants.map((g) => ({ ...g, expiresAt: g.expiresAt.toString() })) },
    { headers: { "cache-control": "no-store", ...cors(vault, request) } },
  );
});

export const OPTIONS = handle(async (request: Request) => preflight(request.headers, (await getVault()).auth));
