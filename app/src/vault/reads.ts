/** Who may read a document, decided per request, and the log of restricted reads. */
import type { Address } from "viem";

import type { ReadHint } from "./access/index.ts";
import { authenticate } from "./auth/index.ts";
import { HttpError } from "./http.ts";
import { addressParam } from "./requests.ts";
import type { Vault } from "./server.ts";
import type { DocumentMeta } from "./storage/index.ts";

const NOT_FOUND = "No such document (or you may not read it).";

/** A 404 that reads the same whether the document is missing or withheld. */
export function notFound(): HttpError {
  return new HttpError(404, "not_found", NOT_FOUND);
}

/**
 * Throws unless the request may read `meta` (null: no such document). Public documents are anyone's. For anything
 * else a caller that is not signed in gets 401, whether the document exists or not, so that strangers learn nothing;
 * a signed-in caller gets the document if the chain says it may read it now (the owner, a live operator, or a live
 * grant's holder, possibly reading as a company it operates for: `x-acting-for`), and otherwise the same 404 as for
 * a missing document. Restricted reads are logged with what allowed them.
 */
export async function authoriseRead(
  vault: Vault,
  request: Request,
  meta: DocumentMeta | null,
  logRead: boolean,
): Promise<void> {
  if (meta?.visibility === "public") return;
  const session = await authenticate(request.headers, vault.auth);
  if (session === null) {
    throw new HttpError(401, "unauthenticated", "Sign in with Ethereum to read documents that are not public.");
  }
  if (meta === null || meta.scope === null) throw notFound();
  const actingHeader = request.headers.get("x-acting-for");
  const actingFor = actingHeader === null ? undefined : addressParam(actingHeader, "x-acting-for");
  const hint = hintOf(request.headers.get("x-access-hint"));
  const decision = await vault.access.mayRead({
    reader: session.address,
    owner: meta.owner as Address,
    scope: meta.scope,
    ...(actingFor !== undefined ? { actingFor } : {}),
    ...(hint !== undefined ? { hint } : {}),
  });
  if (!decision.allowed) throw notFound();
  if (!logRead) return;
  const via = decision.via;
  const grant =
    typeof via === "string"
      ? via
      : "grant" in via
        ? `grant:${via.grant}`
        : "constellationGrant" in via
          ? `grant:${via.constellationGrant}`
          : `blinded:${via.blinded}`;
  await vault.store.recordRead({
    owner: meta.owner,
    sha256: meta.sha256,
    reader: (actingFor ?? session.address).toLowerCase() as `0x${string}`,
    grant: actingFor !== undefined ? `${grant} (read by ${session.address.toLowerCase()})` : grant,
    at: new Date(),
  });
}

/**
 * Throws unless the request may list `owner`'s restricted documents of `scope`: the owner or its live operator (with
 * ACCESS), or whoever may read documents of that scope (see {@link authoriseRead}); else 401 (not signed in) or 404.
 */
export async function authoriseListing(
  vault: Vault,
  request: Request,
  owner: `0x${string}`,
  scope: `0x${string}`,
): Promise<void> {
  const probe: DocumentMeta = {
    owner,
    sha256: "0".repeat(64),
    size: 0,
    contentType: "application/octet-stream",
    visibility: "restricted",
    scope,
    createdAt: new Date(0),
  };
  await authoriseRead(vault, request, probe, false);
}

/**
 * `x-access-hint`: which grant the reader relies on, so the vault need not search: `grant:0x<grant id>` or
 * `constellation:<id>` (optionally `:<roles>`). The only way to use a blinded grant made to a constellation.
 */
function hintOf(value: string | null): ReadHint | undefined {
  if (value === null || value.trim() === "") return undefined;
  const grant = /^grant:(0x[0-9a-fA-F]{64})$/.exec(value.trim());
  if (grant?.[1] !== undefined) return { grantId: grant[1].toLowerCase() as `0x${string}` };
  const constellation = /^constellation:(\d{1,20})(?::(\d{1,3}))?$/.exec(value.trim());
  if (constellation?.[1] !== undefined) {
    const roles = constellation[2] === undefined ? undefined : Number(constellation[2]);
    if (roles !== undefined && roles > 255)
      throw new HttpError(400, "bad_request", "x-access-hint: roles are one byte (0-255).");
    return { constellation: BigInt(constellation[1]), ...(roles !== undefined ? { roles } : {}) };
  }
  throw new HttpError(
    400,
    "bad_request",
    'x-access-hint must be "grant:0x<grant id>" or "constellation:<id>[:<roles>]".',
  );
}
