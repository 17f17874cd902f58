/** What the vault's route handlers share: who is asking, and reading the request's parts safely. */
import { getAddress, isAddress } from "viem";
import type { Address } from "viem";

import { Permission } from "@constellate/sdk";

import { authenticate, corsHeaders, mayActFor } from "./auth/index.ts";
import type { Session } from "./auth/index.ts";
import { HttpError } from "./http.ts";
import type { Vault } from "./server.ts";
import type { Address as StoreAddress, PageRequest } from "./storage/index.ts";

/** The signed-in session (cookie or bearer token), or a 401. */
export async function requireSession(vault: Vault, request: Request): Promise<Session> {
  const session = await authenticate(request.headers, vault.auth);
  if (session === null) {
    throw new HttpError(401, "unauthenticated", "Sign in with Ethereum first (POST /api/auth/verify).");
  }
  return session;
}

/** An address from a header, query or path parameter, checksummed; a 400 naming the parameter otherwise. */
export function addressParam(value: string | null, name: string): Address {
  if (value === null || value === "")
    throw new HttpError(400, "bad_request", `${name} is required: an address (0x + 40 hex digits).`);
  if (!isAddress(value, { strict: false }))
    throw new HttpError(400, "bad_request", `${name} is not an address: "${clip(value)}".`);
  return getAddress(value);
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A document hash from the path: 64 lowercase hex digits (uppercase is accepted and lowered). */
export function sha256Param(value: string): string {
  const lowered = value.toLowerCase();
  if (!SHA256.test(lowered)) {
    throw new HttpError(400, "bad_request", `"${clip(value)}" is not a SHA-256 (64 hex digits, no 0x).`);
  }
  return lowered;
}

/** A page from `?limit=` (1 to 1000, default 100) and `?after=` (the previous page's `next`). */
export function pageParams(url: URL): PageRequest {
  const limitText = url.searchParams.get("limit");
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new HttpError(400, "bad_request", "limit must be an integer from 1 to 1000.");
  }
  const after = url.searchParams.get("after");
  return after === null ? { limit } : { limit, after };
}

/** `?scope=`: a grant scope (bytes32), lowercased; undefined when absent. */
export function scopeParam(url: URL): `0x${string}` | undefined {
  const scope = url.searchParams.get("scope");
  if (scope === null) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(scope)) {
    throw new HttpError(400, "bad_request", "scope must be a grant scope: bytes32, 0x + 64 hex digits.");
  }
  return scope.toLowerCase() as `0x${string}`;
}

/**
 * For what only a company's own side may list (its documents, its access log): the signed-in session must be the
 * `?owner=` company or its live operator holding ACCESS. Returns the owner as the store keys it, and the page asked for.
 */
export async function ownerPage(vault: Vault, request: Request): Promise<{ owner: StoreAddress; page: PageRequest }> {
  const session = await requireSession(vault, request);
  const url = new URL(request.url);
  const owner = addressParam(url.searchParams.get("owner"), "owner");
  await actingFor(vault, session, owner, Permission.ACCESS);
  return { owner: owner.toLowerCase() as StoreAddress, page: pageParams(url) };
}

/** The company the session acts for (itself, or `x-owner` as its live operator with `permission`), or a 403. */
export async function actingFor(vault: Vault, session: Session, owner: Address, permission: bigint): Promise<void> {
  if (getAddress(session.address) === owner) return;
  if (!(await mayActFor({ account: session.address, company: owner, permissions: permission }, vault.auth))) {
    throw new HttpError(
      403,
      "forbidden",
      `${session.address} does not act for ${owner} (not its live operator with the permission needed).`,
    );
  }
}

/** CORS headers for a caller from an allowed origin (console pages on other domains, with a bearer token). */
export function cors(vault: Vault, request: Request): Record<string, string> {
  return corsHeaders(request.headers.get("origin"), vault.auth);
}

function clip(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
}
