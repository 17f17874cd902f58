"use client";
/**
 * Talking to the data vault from the data-access page: JSON requests with the vault's errors turned into words, paged
 * listings (the vault's `next` cursors), hashing before an upload, and downloads that save a file (a document is never
 * rendered in the console's origin).
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { sha256 as sha256Sync } from "viem";

import { useConsoleConfig } from "../components/config-context.tsx";
import { useSession } from "../components/session.tsx";

export type VaultFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** What the vault answered when it refused, or that it could not be reached (status 0). */
export class VaultAnswerError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "VaultAnswerError";
    this.status = status;
    this.code = code;
  }
}

/** Throws a {@link VaultAnswerError} for a response that is not ok, with the vault's `{ error: { code, message } }`. */
export async function checkVaultResponse(response: Response): Promise<Response> {
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  throw new VaultAnswerError(response.status, body?.error?.code ?? "", body?.error?.message ?? "");
}

/** fetch() against the vault that fails with words when the vault cannot be reached. */
export async function vaultRequest(vaultFetch: VaultFetch, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await vaultFetch(path, { cache: "no-store", ...init });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new VaultAnswerError(0, "unreachable", "");
  }
  return await checkVaultResponse(response);
}

export async function vaultJson<T>(vaultFetch: VaultFetch, path: string, init: RequestInit = {}): Promise<T> {
  const response = await vaultRequest(vaultFetch, path, init);
  return (await response.json()) as T;
}

export type VaultAction = "upload" | "list" | "download" | "delete" | "blinded" | "log";

/** Why the vault refused, in words a company user understands, with what to do next. */
export function vaultProblem(
  error: unknown,
  action: VaultAction,
  context: { vaultOrigin: string; vaultEndpoint: string },
): string {
  if (!(error instanceof VaultAnswerError)) return error instanceof Error ? error.message : String(error);
  const said = error.message !== "" ? ` (the vault said: ${error.message})` : "";
  switch (error.status) {
    case 0:
      return `The data vault at ${context.vaultOrigin} cannot be reached. Check your connection and try again.`;
    case 401:
      return "Your session with the data vault has ended: sign in again (top right), then retry.";
    case 403:
      if (error.code === "not_served") {
        return (
          `This vault does not store documents for your company: its profile's data endpoint must name ` +
          `${context.vaultEndpoint}. Set it on the Company page, then upload again.`
        );
      }
      return `The vault refused: you may not do this for this company${said}. Operators need the ACCESS permission.`;
    case 404:
      if (action === "download") {
        return (
          "The vault did not give you this document: no live grant lets your company read it (the owner may have " +
          "revoked the grant, or it expired), or the vault has no such document. Ask the owner for a grant."
        );
      }
      return "The vault has no such document (it may have been deleted already).";
    case 409:
      return action === "delete"
        ? "Public documents stay in the vault: claims and product pages point at them by their hash."
        : "Your company already stored these exact bytes with another type, visibility or scope. Delete that " +
            "document first to store it under this scope.";
    case 413:
      return `The file is too large for this vault${said}. Split it, or ask the vault's operator for a higher limit.`;
    case 422:
      return (
        "The vault hashed the bytes it received differently from the console: the file changed while it was being " +
        `uploaded${said}. Pick the file again and retry.`
      );
    case 429:
      return "The vault is receiving too many requests from you: wait a moment and try again.";
    case 503:
      return "The vault could not check the chain just now (new blocks kept arriving). Try again in a moment.";
    case 507:
      return (
        `Your company's storage quota in this vault is full${said}. Delete restricted documents you no longer ` +
        "need, or ask the vault's operator for more room."
      );
    default:
      return `The vault answered ${error.status}${said}.`;
  }
}

/** The vault's problem in words, with the configuration at hand. */
export function useVaultProblem(): (error: unknown, action: VaultAction) => string {
  const { vaultOrigin, vaultEndpoint } = useConsoleConfig();
  return useCallback(
    (error: unknown, action: VaultAction) => vaultProblem(error, action, { vaultOrigin, vaultEndpoint }),
    [vaultOrigin, vaultEndpoint],
  );
}

/**
 * A paged vault listing (`?after=<next>&limit=`), cached under ["vault", ...key] so that signing out drops it.
 * `path(after)` builds the request; `pick` takes the rows from the body.
 */
export function useVaultPages<Row>(
  key: readonly unknown[],
  path: (after: string | null) => string,
  pick: (body: never) => Row[],
  enabled: boolean,
) {
  const { vaultFetch } = useSession();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const keyText = JSON.stringify(key);
  useEffect(() => setCursors([null]), [keyText]);
  const after = cursors.at(-1) ?? null;
  const query = useQuery({
    queryKey: ["vault", ...key, after],
    queryFn: async () => {
      const body = await vaultJson<{ next: string | null }>(vaultFetch, path(after));
      return { rows: pick(body as never), next: body.next };
    },
    enabled,
    placeholderData: keepPreviousData,
  });
  const next = query.data?.next ?? null;
  return {
    rows: query.data?.rows,
    page: cursors.length - 1,
    hasNext: next !== null,
    next: () => {
      if (next !== null) setCursors((c) => [...c, next]);
    },
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    isLoading: query.isLoading,
    error: query.error,
    refetch: query.refetch,
  };
}

/** SHA-256 of `bytes` as 64 lowercase hex digits (WebCrypto, or viem's where WebCrypto is unavailable). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined) {
    const digest = new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
    return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return sha256Sync(bytes).slice(2);
}

const EXTENSIONS: [RegExp, string][] = [
  [/^text\/csv/i, ".csv"],
  [/^application\/ld\+json/i, ".jsonld"],
  [/json/i, ".json"],
  [/^text\/plain/i, ".txt"],
  [/^application\/pdf/i, ".pdf"],
  [/xml/i, ".xml"],
  [/^text\/html/i, ".html"],
  [/spreadsheetml/i, ".xlsx"],
  [/^application\/zip/i, ".zip"],
  [/^image\/png/i, ".png"],
  [/^image\/jpeg/i, ".jpg"],
];

/** A file name for a downloaded document: the name it was uploaded under when this browser knows it. */
export function fileNameFor(sha256: string, contentType: string): string {
  const known = rememberedFileName(sha256);
  if (known !== undefined) return known;
  const ext = EXTENSIONS.find(([pattern]) => pattern.test(contentType))?.[1] ?? ".bin";
  return `${sha256.slice(0, 16)}${ext}`;
}

const FILE_NAMES_KEY = "constellate.data.file-names";

function fileNames(): Record<string, string> {
  if (typeof window === "undefined") return {};
  try {
    const parsed = JSON.parse(window.localStorage.getItem(FILE_NAMES_KEY) ?? "{}") as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The name a file had when this browser uploaded it (the vault keeps no names). */
export function rememberedFileName(sha256: string): string | undefined {
  const name = fileNames()[sha256];
  return typeof name === "string" ? name : undefined;
}

export function rememberFileName(sha256: string, name: string): void {
  if (typeof window === "undefined") return;
  const names = { ...fileNames(), [sha256]: name.replace(/[\\/\r\n"]/g, "_").slice(0, 120) };
  const keys = Object.keys(names);
  for (const key of keys.slice(0, Math.max(0, keys.length - 500))) delete names[key];
  window.localStorage.setItem(FILE_NAMES_KEY, JSON.stringify(names));
}

export interface DownloadRequest {
  owner: string;
  sha256: string;
  /** `x-access-hint`: `grant:0x…` or `constellation:<id>[:<roles>]`. */
  hint?: string | undefined;
  /** Read as this company (the session's account operates for it). */
  actingFor?: string | undefined;
}

export interface Downloaded {
  fileName: string;
  size: number;
  contentType: string;
}

/**
 * Fetches a document with the session's credentials and saves it as a file. The bytes go into a Blob typed
 * application/octet-stream behind a `download` link, so the browser saves them and never renders them here.
 */
export async function downloadDocument(vaultFetch: VaultFetch, request: DownloadRequest): Promise<Downloaded> {
  const headers: Record<string, string> = {};
  if (request.hint !== undefined && request.hint !== "") headers["x-access-hint"] = request.hint;
  if (request.actingFor !== undefined) headers["x-acting-for"] = request.actingFor;
  const response = await vaultRequest(
    vaultFetch,
    `/api/vault/documents/${request.owner.toLowerCase()}/${request.sha256.toLowerCase()}`,
    { headers },
  );
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get("content-type") ?? "application/octet-stream";
  const fileName = fileNameFor(request.sha256.toLowerCase(), contentType);
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.rel = "noopener";
    link.style.display = "none";
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return { fileName, size: bytes.byteLength, contentType };
}

/** A byte count in words. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/** A unix time (seconds, also as a decimal string, as GraphQL sends BigInt) or an ISO date, as local date and time. */
export function formatTime(value: bigint | number | string): string {
  const seconds = typeof value !== "string" || /^\d+$/.test(value);
  const date = seconds ? new Date(Number(value) * 1000) : new Date(value);
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The wall clock in seconds, ticking every `intervalMs`. */
export function useNow(intervalMs = 15_000): bigint {
  const [now, setNow] = useState(() => BigInt(Math.floor(Date.now() / 1000)));
  useEffect(() => {
    const timer = setInterval(() => setNow(BigInt(Math.floor(Date.now() / 1000))), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
