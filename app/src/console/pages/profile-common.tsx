"use client";
/**
 * What the company pages share: checks of profile fields as the user types (the contract's limits, GS1 and ISO 17442
 * check digits), operator permissions in words, dates, SHA-256 in the browser, uploads to the vault, and a dry run of
 * a contract call that says beforehand what the contract would refuse.
 */
import type { ContractName } from "@constellate/sdk";
import { gtinCheckDigit, Permission } from "@constellate/sdk";
import { useQuery } from "@tanstack/react-query";
import { encodeFunctionData, isAddress, isAddressEqual, sha256 as viemSha256 } from "viem";
import type { Abi, Address, Hex, PublicClient } from "viem";
import { usePublicClient } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useSession } from "../components/session.tsx";
import { explainError } from "../errors.ts";

// ---------------------------------------------------------------------------------------------------------------------
// Field checks (contracts/Companies.sol: name 1-64 bytes, registry id 64, URIs 512)
// ---------------------------------------------------------------------------------------------------------------------

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export const MAX_NAME_BYTES = 64;
export const MAX_REGISTRY_ID_BYTES = 64;
export const MAX_URI_BYTES = 512;

export function nameProblem(name: string): string | undefined {
  if (name.trim() === "") return "Enter the company's name.";
  if (name !== name.trim()) return "Remove the spaces at the start or end of the name.";
  const bytes = byteLength(name);
  if (bytes > MAX_NAME_BYTES) return `The name is ${bytes} bytes long; the contract takes at most ${MAX_NAME_BYTES}.`;
  return undefined;
}

/** The GS1 check digit of a 13-digit GLN is right: the same mod-10 rule as a GTIN-13's. */
export function glnProblem(digits: string): string | undefined {
  if (!/^[0-9]*$/.test(digits)) return "A GLN has digits only.";
  if (digits.length !== 13) return `A GLN has 13 digits; this one has ${digits.length}.`;
  const expected = gtinCheckDigit(digits.slice(0, 12));
  if (Number(digits[12]) !== expected) {
    return `The GLN's check digit is wrong: with these first 12 digits the last digit must be ${expected}, not ${digits[12]}. Check for a typing error.`;
  }
  return undefined;
}

/** ISO 17442: 18 upper-case letters or digits, then 2 check digits; the whole is 1 modulo 97 (ISO 7064 MOD 97-10). */
export function leiProblem(lei: string): string | undefined {
  if (/[a-z]/.test(lei)) return "An LEI is written in capital letters.";
  if (!/^[0-9A-Z]*$/.test(lei)) return "An LEI has only capital letters A-Z and digits.";
  if (lei.length !== 20) return `An LEI has 20 characters; this one has ${lei.length}.`;
  if (!/^[0-9]{2}$/.test(lei.slice(18))) return "An LEI ends with two check digits.";
  let remainder = 0;
  for (const c of lei) {
    const code = c.charCodeAt(0);
    remainder = code <= 57 ? (remainder * 10 + (code - 48)) % 97 : (remainder * 100 + (code - 55)) % 97;
  }
  if (remainder !== 1)
    return "The LEI's check digits do not match its first 18 characters (ISO 17442). Check for a typing error.";
  return undefined;
}

/** A registry identifier: empty, `GLN:` + 13 digits with a valid check digit, or `LEI:` + a valid LEI. */
export function registryIdProblem(registryId: string): string | undefined {
  if (registryId === "") return undefined;
  if (byteLength(registryId) > MAX_REGISTRY_ID_BYTES) return `At most ${MAX_REGISTRY_ID_BYTES} characters.`;
  if (registryId.startsWith("GLN:")) return glnProblem(registryId.slice(4));
  if (registryId.startsWith("LEI:")) return leiProblem(registryId.slice(4));
  return 'Start with "GLN:" followed by your 13-digit Global Location Number, or "LEI:" followed by your 20-character Legal Entity Identifier.';
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether `url` is plain http to this machine (allowed for a local stack only). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/** A metadata URI: empty, https://, ipfs://, or http:// on this machine (a local stack). */
export function metadataUriProblem(uri: string): string | undefined {
  if (uri === "") return undefined;
  if (byteLength(uri) > MAX_URI_BYTES) return `At most ${MAX_URI_BYTES} bytes.`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "Enter a full address starting with https:// or ipfs://.";
  }
  if (url.protocol === "https:" || isLoopbackHttp(url))
    return url.hostname === "" ? "The address has no host." : undefined;
  if (url.protocol === "ipfs:")
    return uri.length > "ipfs://".length ? undefined : "Add the IPFS content id after ipfs://.";
  return "Only https:// and ipfs:// addresses are accepted (pages link to nothing else).";
}

/** A data endpoint: empty, https://, or http:// on this machine. */
export function endpointProblem(endpoint: string): string | undefined {
  if (endpoint === "") return undefined;
  if (byteLength(endpoint) > MAX_URI_BYTES) return `At most ${MAX_URI_BYTES} bytes.`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "Enter the vault's base URL, starting with https://.";
  }
  if (url.protocol === "https:" || isLoopbackHttp(url)) return undefined;
  return "A data endpoint is an https:// URL (plain http only for a vault on this machine).";
}

/** Whether a vault whose endpoint prefix is `vaultEndpoint` serves a company naming `dataEndpoint` (app/src/vault/server.ts). */
export function vaultServes(dataEndpoint: string, vaultEndpoint: string): boolean {
  const endpoint = dataEndpoint.replace(/\/+$/, "");
  const prefix = vaultEndpoint.replace(/\/+$/, "");
  return prefix !== "" && (endpoint === prefix || endpoint.startsWith(`${prefix}/`));
}

/** An account address typed by hand: a problem in words, or undefined. */
export function addressProblem(text: string, what = "the account"): string | undefined {
  if (text === "") return `Enter ${what}'s address (0x followed by 40 hexadecimal digits).`;
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return "An address is 0x followed by 40 hexadecimal digits.";
  if (!isAddress(text)) return "The address's upper and lower case letters do not match its checksum: paste it again.";
  if (/^0x0{40}$/.test(text)) return "The zero address cannot be used.";
  return undefined;
}

export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  try {
    return isAddressEqual(a as Address, b as Address);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Operator permissions in words (contracts/libraries/OperatorPermissions.sol)
// ---------------------------------------------------------------------------------------------------------------------

export const PERMISSIONS: {
  key: Exclude<keyof typeof Permission, "ALL">;
  bit: bigint;
  label: string;
  detail: string;
}[] = [
  {
    key: "PROFILE",
    bit: Permission.PROFILE,
    label: "Edit the company profile",
    detail: "name, identifier, metadata and data endpoint",
  },
  {
    key: "MEMBERSHIP",
    bit: Permission.MEMBERSHIP,
    label: "Take part in constellations",
    detail: "found one, accept invitations, request to join, accept roles, leave",
  },
  {
    key: "CONSTELLATION_ADMIN",
    bit: Permission.CONSTELLATION_ADMIN,
    label: "Administer constellations",
    detail: "where the company is an admin: invite, approve, grant and revoke roles, remove members, vote",
  },
  {
    key: "ACCREDIT",
    bit: Permission.ACCREDIT,
    label: "Act as an accreditation body",
    detail: "accredit companies and revoke accreditations, if the company is an appointed body",
  },
  {
    key: "PRODUCTS",
    bit: Permission.PRODUCTS,
    label: "Manage products",
    detail: "register products, lots and serials, designate product actors, discontinue and transfer",
  },
  { key: "EVENTS", bit: Permission.EVENTS, label: "Record journey events", detail: "and correct them" },
  {
    key: "CLAIMS",
    bit: Permission.CLAIMS,
    label: "Issue and revoke claims",
    detail: "and ask verifiers to verify them",
  },
  {
    key: "VERIFY",
    bit: Permission.VERIFY,
    label: "Verify claims",
    detail: "attest or reject other companies' claims as a verifier",
  },
  {
    key: "ACCESS",
    bit: Permission.ACCESS,
    label: "Share the company's data",
    detail: "grant and revoke access, list the vault's documents and access log",
  },
];

/** The permissions of `mask` in words, e.g. "Edit the company profile, Record journey events". */
export function permissionWords(mask: bigint): string {
  const names = PERMISSIONS.filter((p) => (mask & p.bit) !== 0n).map((p) => p.label);
  return names.length === 0 ? "no permission" : names.join("; ");
}

// ---------------------------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------------------------

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A block time (seconds) as a local date and time. */
export function formatTime(seconds: bigint | number | string): string {
  return DATE_TIME.format(new Date(Number(seconds) * 1000));
}

export function formatDate(seconds: bigint | number | string): string {
  return DATE.format(new Date(Number(seconds) * 1000));
}

/** "YYYY-MM-DD" of a date input, `days` from now (local time). */
export function dateInputValue(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The end of the day (23:59:59 local time) of a date input's "YYYY-MM-DD", in seconds; undefined if malformed. */
export function endOfDay(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return undefined;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59);
  return Number.isNaN(date.getTime()) ? undefined : Math.floor(date.getTime() / 1000);
}

/** A problem with an expiry date typed in a date input (it must lie in the future), or undefined. */
export function expiryProblem(value: string): string | undefined {
  const end = endOfDay(value);
  if (end === undefined) return "Pick a date.";
  if (end <= nowSeconds()) return "The expiry must lie in the future.";
  if (end >= 2 ** 40) return "That date is too far in the future.";
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Hashing and the vault
// ---------------------------------------------------------------------------------------------------------------------

/** SHA-256 of `bytes` as 0x-hex: WebCrypto where the page may use it, else viem's (plain http on other hosts). */
export async function sha256Hex(bytes: Uint8Array): Promise<Hex> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined) {
    const digest = await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
    return `0x${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  return viemSha256(bytes);
}

/** The message of a vault error answer (`{ error: { code, message } }`), or the status. */
export async function vaultErrorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The vault answered ${response.status} ${response.statusText}.`;
}

type VaultFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Stores `bytes` as a restricted document of `owner` under `scope` in the session's vault; returns its SHA-256. */
export async function uploadRestricted(
  vaultFetch: VaultFetch,
  owner: Address,
  scope: Hex,
  bytes: Uint8Array,
  contentType: string,
): Promise<string> {
  const hash = (await sha256Hex(bytes)).slice(2);
  const response = await vaultFetch("/api/vault/documents", {
    method: "POST",
    headers: {
      "content-type": contentType === "" ? "application/octet-stream" : contentType,
      "x-owner": owner,
      "x-content-sha256": hash,
      "x-visibility": "restricted",
      "x-scope": scope,
    },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  if (!response.ok) throw new Error(await vaultErrorText(response));
  return hash;
}

// ---------------------------------------------------------------------------------------------------------------------
// What the contract would refuse, before anything is sent
// ---------------------------------------------------------------------------------------------------------------------

export interface DryRunCall {
  contract: ContractName;
  functionName: string;
  args: readonly unknown[];
  /** Sent by the account itself even when it acts for another company (as useTransaction's `direct`). */
  direct?: boolean;
}

function keyOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

async function dryRun(
  client: PublicClient,
  abi: Abi,
  to: Address,
  account: Address,
  actingFor: Address | undefined,
  call: DryRunCall,
): Promise<string | null> {
  let data = encodeFunctionData({ abi, functionName: call.functionName, args: call.args });
  if (call.direct !== true && actingFor !== undefined && !isAddressEqual(actingFor, account)) {
    data = encodeFunctionData({ abi, functionName: "actFor", args: [actingFor, data] });
  }
  try {
    await client.call({ account, to, data });
    return null;
  } catch (error) {
    return explainError(error, { contract: call.contract });
  }
}

/**
 * Simulates `call` as the console would send it (wrapped in actFor for an operator, unless direct) and returns the
 * contract's refusal in words, or undefined when it would pass (or while checking, or when `call` is undefined).
 * Local helper: the foundation's useTransaction explains refusals only once the user presses the button.
 */
export function useContractRefusal(call: DryRunCall | undefined): { refusal: string | undefined; checking: boolean } {
  const session = useSession();
  const contracts = useContracts();
  const client = usePublicClient() as PublicClient | undefined;
  const enabled = call !== undefined && session.account !== undefined && client !== undefined;
  const query = useQuery({
    queryKey: ["readContract", "dry-run", keyOf(call ?? null), session.account, session.actingFor],
    queryFn: () =>
      dryRun(
        client!,
        contracts[call!.contract].abi as Abi,
        contracts[call!.contract].address,
        session.account!,
        session.actingFor,
        call!,
      ),
    enabled,
    staleTime: 10_000,
  });
  return { refusal: enabled ? (query.data ?? undefined) : undefined, checking: enabled && query.isPending };
}
