/**
 * Everything the auth functions need, resolved and checked once at start-up: this vault's origin (configuration,
 * never a request's Host header), its chain, the server secret's derived keys, the store, and the lifetimes.
 */
import { createHmac } from "node:crypto";

import type { Address, Client } from "viem";
import { getAddress, hexToBytes, isAddress, isHex } from "viem";

/** The part of the vault's store that sign-in and sessions use (the storage module implements more). */
export interface AuthStore {
  /** Records `nonce` as used until `expiresAt`; true only the first time, atomically (a replay gets false). */
  consumeNonce(nonce: string, expiresAt: Date): Promise<boolean>;
  createSession(session: StoredSession): Promise<void>;
  /** The session whose credential hashes to `idHash`, or null when there is none or it has expired. */
  getSession(idHash: string): Promise<StoredSession | null>;
  deleteSession(idHash: string): Promise<void>;
}

export type CredentialKind = "cookie" | "bearer";

/** A session as stored: the credential itself is never stored, only its SHA-256 (hex). */
export interface StoredSession {
  idHash: string;
  address: Address;
  /** The origin of the vault that issued it. */
  audience: string;
  kind: CredentialKind;
  expiresAt: Date;
}

/** This vault's origin, parsed once. */
export interface VaultOrigin {
  /** Serialised origin, e.g. "https://vault.example.com" or "http://127.0.0.1:3000". */
  origin: string;
  /** Host and port as a SIWE `domain` names them, e.g. "vault.example.com" or "127.0.0.1:3000". */
  host: string;
  /** URI scheme without the colon: "https" or "http". */
  scheme: string;
  /** Whether cookies must be Secure (every origin but a loopback one over http). */
  secure: boolean;
}

export interface Lifetimes {
  /** How long an issued nonce may be used. */
  nonceSeconds: number;
  /** How old a SIWE message's Issued At may be. */
  messageMaxAgeSeconds: number;
  /** How far a client's clock may run ahead of ours (Issued At, Not Before). */
  clockSkewSeconds: number;
  /** Lifetime of the httpOnly session cookie. */
  cookieSeconds: number;
  /** Lifetime of the bearer token for consoles on other origins. */
  bearerSeconds: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = {
  nonceSeconds: 10 * 60,
  messageMaxAgeSeconds: 10 * 60,
  clockSkewSeconds: 60,
  cookieSeconds: 12 * 60 * 60,
  bearerSeconds: 60 * 60,
};

export interface AuthOptions {
  /** This vault's public origin (https, or http on a loopback host only). */
  origin: string;
  /** The chain whose accounts sign in and whose Companies contract says who acts for whom. */
  chainId: number;
  /** A server secret of at least 32 bytes (bytes or 0x-hex), kept across restarts so issued nonces stay valid. */
  secret: Uint8Array | string;
  /** A viem client of `chainId` (signature checks and contract reads). */
  client: Client;
  /** The Companies contract on `chainId`. */
  companies: string;
  store: AuthStore;
  /** The subgraph's GraphQL endpoint, to find operator appointments; without it they are found in the chain's logs. */
  graphqlUrl?: string | undefined;
  /** First block to scan for OperatorSet logs when there is no subgraph (the Companies deployment block). */
  companiesFromBlock?: bigint | undefined;
  /** Origins whose pages may call this vault with a bearer token. */
  corsOrigins?: readonly string[] | undefined;
  lifetimes?: Partial<Lifetimes> | undefined;
  /** The wall clock in milliseconds (tests move it). */
  clock?: (() => number) | undefined;
}

export interface AuthContext {
  readonly vault: VaultOrigin;
  readonly chainId: number;
  readonly client: Client;
  readonly companies: Address;
  readonly store: AuthStore;
  readonly graphqlUrl: string | undefined;
  readonly companiesFromBlock: bigint;
  readonly corsOrigins: ReadonlySet<string>;
  readonly lifetimes: Lifetimes;
  readonly clock: () => number;
  /** Key of the nonces' MAC, derived from the secret and bound to this origin. */
  readonly nonceKey: Uint8Array;
}

export const MIN_SECRET_BYTES = 32;

/** Checks `options` and derives the context; throws a TypeError that names the setting at fault. */
export function createAuthContext(options: AuthOptions): AuthContext {
  const vault = parseVaultOrigin(options.origin);
  if (!Number.isSafeInteger(options.chainId) || options.chainId <= 0) {
    throw new TypeError(`chainId must be a positive integer; got ${options.chainId}`);
  }
  if (!isAddress(options.companies, { strict: false })) {
    throw new TypeError(`companies must be the Companies contract's address; got "${options.companies}"`);
  }
  const lifetimes = { ...DEFAULT_LIFETIMES, ...options.lifetimes };
  for (const [name, seconds] of Object.entries(lifetimes)) {
    if (!Number.isSafeInteger(seconds) || seconds <= 0) {
      throw new TypeError(`lifetimes.${name} must be a positive whole number of seconds; got ${seconds}`);
    }
  }
  const secret = secretBytes(options.secret);
  return {
    vault,
    chainId: options.chainId,
    client: options.client,
    companies: getAddress(options.companies),
    store: options.store,
    graphqlUrl: options.graphqlUrl,
    companiesFromBlock: options.companiesFromBlock ?? 0n,
    corsOrigins: new Set((options.corsOrigins ?? []).map((origin) => parseOrigin(origin, "corsOrigins").origin)),
    lifetimes,
    clock: options.clock ?? Date.now,
    nonceKey: deriveKey(secret, `constellate.vault.auth.nonce.v1 ${vault.origin}`),
  };
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function parseVaultOrigin(value: string): VaultOrigin {
  const url = parseOrigin(value, "origin");
  if (url.protocol !== "https:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError(`origin must use https (http only on localhost or 127.0.0.1); got "${value}"`);
  }
  return { origin: url.origin, host: url.host, scheme: url.protocol.slice(0, -1), secure: url.protocol === "https:" };
}

/** An http(s) origin alone: scheme, host and port, no path, query, fragment or credentials. */
function parseOrigin(value: string, setting: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${setting} must be an origin such as https://vault.example.com; got "${value}"`);
  }
  const originOnly =
    url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "";
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !originOnly) {
    throw new TypeError(`${setting} must be an http(s) origin alone (no path); got "${value}"`);
  }
  return url;
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  let bytes: Uint8Array;
  if (typeof secret === "string") {
    if (!isHex(secret, { strict: true })) throw new TypeError("secret must be bytes or a 0x-prefixed hex string");
    bytes = hexToBytes(secret);
  } else {
    bytes = secret;
  }
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new TypeError(`secret must hold at least ${MIN_SECRET_BYTES} random bytes; got ${bytes.length}`);
  }
  return bytes;
}

/** A key for one purpose: HMAC-SHA256(secret, label), so that no two uses share a key. */
function deriveKey(secret: Uint8Array, label: string): Uint8Array {
  return createHmac("sha256", secret).update(label).digest();
}
