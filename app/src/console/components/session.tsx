"use client";
/**
 * Sign-In with Ethereum against the data vault, and whom the signed-in account acts for.
 *
 * The session lives in the vault (an httpOnly cookie when the console and the vault share an origin; a bearer token
 * kept for the tab otherwise), so it survives a reload. Switching account in the wallet signs the old account out:
 * nothing done afterwards may run under a session the wallet no longer backs. Contract wallets sign in the same way
 * (the vault checks ERC-1271). An operator signs in with its own wallet and picks the company it acts for; the
 * console then wraps its transactions in `actFor` (see tx.tsx).
 */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { getAddress, isAddressEqual } from "viem";
import type { Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import { useConnection, useSignMessage } from "wagmi";

import { explainError } from "../errors.ts";
import type { ConsoleConfig } from "../types.ts";
import { useConsoleConfig } from "./config-context.tsx";

export interface ActingCompany {
  company: Address;
  relation: "self" | "operator";
  /** Operator permission bits (all of them for the company itself). */
  permissions: bigint;
  /** When an operator's appointment ends (unix seconds), null for the company itself. */
  expiresAt: bigint | null;
  compromised: boolean;
}

export type SessionStatus = "loading" | "disconnected" | "signed-out" | "signing-in" | "signed-in";

export interface SessionState {
  status: SessionStatus;
  /** The connected wallet account. */
  account: Address | undefined;
  /** The account the vault session belongs to (equals `account` when signed in). */
  address: Address | undefined;
  /** Companies the account may act for, confirmed on the chain by the vault (itself when registered). */
  companies: ActingCompany[];
  /** The company the console acts for: a company the account operates for, or the account itself. */
  actingFor: Address | undefined;
  acting: ActingCompany | undefined;
  setActingFor(company: Address): void;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  /** Reloads the companies (after registering a profile or being appointed). */
  refresh(): Promise<void>;
  error: string | undefined;
  /** fetch() against the vault with this session's credentials. */
  vaultFetch(path: string, init?: RequestInit): Promise<Response>;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession outside the console's providers");
  return session;
}

interface SessionBody {
  address: string;
  companies: {
    company: string;
    relation: "self" | "operator";
    permissions: string;
    expiresAt: string | null;
    compromised: boolean;
  }[];
}

function sameOrigin(config: ConsoleConfig): boolean {
  return typeof window !== "undefined" && window.location.origin === config.vaultOrigin;
}

const TOKEN_KEY = "constellate.vault-token";
const ACTING_KEY = "constellate.acting-for";

function storedToken(config: ConsoleConfig): string | undefined {
  if (typeof window === "undefined" || sameOrigin(config)) return undefined;
  return window.sessionStorage.getItem(`${TOKEN_KEY}.${config.vaultOrigin}`) ?? undefined;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const config = useConsoleConfig();
  const queryClient = useQueryClient();
  const { address: account, status: connection } = useConnection();
  const { mutateAsync: signMessage } = useSignMessage();
  const [loaded, setLoaded] = useState(false);
  const [signing, setSigning] = useState(false);
  const [body, setBody] = useState<SessionBody | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [actingChoice, setActingChoice] = useState<Address | undefined>();

  const vaultFetch = useCallback(
    (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      const token = storedToken(config);
      if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
      return fetch(`${config.vaultOrigin}${path}`, {
        ...init,
        headers,
        credentials: sameOrigin(config) ? "same-origin" : "omit",
      });
    },
    [config],
  );

  const load = useCallback(async () => {
    try {
      const response = await vaultFetch("/api/auth/session", { cache: "no-store" });
      setBody(response.ok ? ((await response.json()) as SessionBody) : null);
    } catch {
      setBody(null);
      setError(`The data vault at ${config.vaultOrigin} cannot be reached.`);
    } finally {
      setLoaded(true);
    }
  }, [vaultFetch, config.vaultOrigin]);

  useEffect(() => {
    void load();
  }, [load]);

  const signOut = useCallback(async () => {
    await vaultFetch("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    if (typeof window !== "undefined") window.sessionStorage.removeItem(`${TOKEN_KEY}.${config.vaultOrigin}`);
    setBody(null);
    queryClient.removeQueries({ queryKey: ["vault"] });
  }, [vaultFetch, config.vaultOrigin, queryClient]);

  // Switching account in the wallet (or disconnecting it) signs the previous account out.
  const sessionAddress = body === null ? undefined : getAddress(body.address);
  const lastAccount = useRef<Address | undefined>(undefined);
  useEffect(() => {
    if (!loaded || connection === "reconnecting" || connection === "connecting") return;
    const previous = lastAccount.current;
    lastAccount.current = account;
    if (sessionAddress === undefined) return;
    if (account === undefined ? previous !== undefined : !isAddressEqual(account, sessionAddress)) {
      void signOut();
    }
  }, [account, connection, loaded, sessionAddress, signOut]);

  const signIn = useCallback(async () => {
    if (account === undefined) throw new Error("Connect a wallet first.");
    setSigning(true);
    setError(undefined);
    try {
      const nonceResponse = await vaultFetch("/api/auth/nonce", { cache: "no-store" });
      if (!nonceResponse.ok) throw new Error(`The vault did not issue a sign-in nonce (${nonceResponse.status}).`);
      const { nonce } = (await nonceResponse.json()) as { nonce: string };
      const vault = new URL(config.vaultOrigin);
      const now = new Date();
      const message = createSiweMessage({
        domain: vault.host,
        address: account,
        statement: "Sign in to the Constellate console and data vault.",
        uri: `${vault.origin}/`,
        version: "1",
        chainId: config.chainId,
        nonce,
        issuedAt: now,
        expirationTime: new Date(now.getTime() + 8 * 60 * 60 * 1000),
      });
      const signature = await signMessage({ message, account });
      const verify = await vaultFetch("/api/auth/verify", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message, signature }),
      });
      const answer = (await verify.json().catch(() => ({}))) as { token?: string; message?: string; error?: string };
      if (!verify.ok) throw new Error(answer.message ?? `The vault refused the sign-in (${verify.status}).`);
      if (!sameOrigin(config) && answer.token !== undefined) {
        window.sessionStorage.setItem(`${TOKEN_KEY}.${config.vaultOrigin}`, answer.token);
      }
      await load();
    } catch (e) {
      setError(explainError(e));
    } finally {
      setSigning(false);
    }
  }, [account, config, signMessage, vaultFetch, load]);

  const companies = useMemo<ActingCompany[]>(
    () =>
      (body?.companies ?? []).map((c) => ({
        company: getAddress(c.company),
        relation: c.relation,
        permissions: BigInt(c.permissions),
        expiresAt: c.expiresAt === null ? null : BigInt(c.expiresAt),
        compromised: c.compromised,
      })),
    [body],
  );

  useEffect(() => {
    if (sessionAddress === undefined || typeof window === "undefined") return;
    const saved = window.localStorage.getItem(`${ACTING_KEY}.${sessionAddress}`);
    setActingChoice(saved !== null && /^0x[0-9a-fA-F]{40}$/.test(saved) ? getAddress(saved) : undefined);
  }, [sessionAddress]);

  const setActingFor = useCallback(
    (company: Address) => {
      setActingChoice(company);
      if (sessionAddress !== undefined) window.localStorage.setItem(`${ACTING_KEY}.${sessionAddress}`, company);
      void queryClient.invalidateQueries();
    },
    [sessionAddress, queryClient],
  );

  const signedIn = sessionAddress !== undefined && account !== undefined && isAddressEqual(account, sessionAddress);
  // The company acted for: the saved choice while still allowed, else the account itself when registered, else the
  // first company it operates for, else the (unregistered) account itself, which can then register.
  const acting =
    (actingChoice !== undefined ? companies.find((c) => isAddressEqual(c.company, actingChoice)) : undefined) ??
    companies.find((c) => c.relation === "self") ??
    companies[0];
  const actingFor = signedIn ? (acting?.company ?? sessionAddress) : undefined;

  const status: SessionStatus = !loaded
    ? "loading"
    : account === undefined
      ? "disconnected"
      : signing
        ? "signing-in"
        : signedIn
          ? "signed-in"
          : "signed-out";

  const value: SessionState = {
    status,
    account,
    address: sessionAddress,
    companies,
    actingFor,
    acting: signedIn ? acting : undefined,
    setActingFor,
    signIn,
    signOut,
    refresh: load,
    error,
    vaultFetch,
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
