"use client";
/**
 * The console's frame: providers (wagmi, TanStack Query, the vault session), the header with navigation and the
 * account (connect, sign in, whom it acts for), the wrong-network banner, and a gate for pages that need a session.
 */
import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import type { ReactNode } from "react";
import { isAddressEqual } from "viem";
import { useConnection, useDisconnect, useSwitchChain, useWatchBlockNumber, WagmiProvider } from "wagmi";

import { explainError } from "../errors.ts";
import type { ConsoleConfig } from "../types.ts";
import { makeWagmiConfig } from "../wagmi.ts";
import { ConfigProvider, useConsoleConfig } from "./config-context.tsx";
import { ConnectDialog } from "./connect-dialog.tsx";
import { useCompanyNames } from "./hooks.tsx";
import { SessionProvider, useSession } from "./session.tsx";
import { Button, Hash, Notice } from "./ui.tsx";

export function ConsoleShell({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const [wagmiConfig] = useState(() => makeWagmiConfig(config));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: true } } }),
  );
  return (
    <ConfigProvider config={config}>
      <WagmiProvider config={wagmiConfig}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <FreshReads />
            <Header />
            <NetworkGuard />
            <main id="main" className="mx-auto max-w-6xl px-4 pb-16 pt-6">
              {children}
            </main>
          </SessionProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </ConfigProvider>
  );
}

/** Contract reads are refetched on every new block: what the chain says now, never a stale copy. */
function FreshReads() {
  const queryClient = useQueryClient();
  useWatchBlockNumber({
    onBlockNumber: () => void queryClient.invalidateQueries({ queryKey: ["readContract"] }),
    poll: true,
    pollingInterval: 2_000,
  });
  return null;
}

const NAV = [
  { href: "/console", label: "Overview" },
  { href: "/console/profile", label: "Company" },
  { href: "/console/constellations", label: "Constellations" },
  { href: "/console/products", label: "Products" },
  { href: "/console/claims", label: "Claims" },
  { href: "/console/verification", label: "Verification" },
  { href: "/console/data", label: "Data access" },
  { href: "/console/accreditations", label: "Accreditations" },
];

function Header() {
  const pathname = usePathname();
  return (
    <header className="border-b border-slate-200 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only">
        Skip to content
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/console" className="text-lg font-semibold text-indigo-800">
          Constellate console
        </Link>
        <AccountArea />
      </div>
      <nav aria-label="Console" className="mx-auto max-w-6xl px-4">
        <ul className="flex flex-wrap gap-1 text-sm">
          {NAV.map((item) => {
            const current = item.href === "/console" ? pathname === item.href : pathname.startsWith(item.href);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={current ? "page" : undefined}
                  className={`inline-block border-b-2 px-2 py-2 ${current ? "border-indigo-700 font-medium" : "border-transparent text-slate-700 hover:text-slate-900"}`}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </header>
  );
}

function AccountArea() {
  const session = useSession();
  const { disconnect } = useDisconnect();
  const [dialog, setDialog] = useState(false);
  const nameOf = useCompanyNames(session.companies.map((c) => c.company));

  let content: ReactNode;
  if (session.status === "loading") {
    content = <span className="text-sm text-slate-600">Checking your session…</span>;
  } else if (session.status === "disconnected") {
    content = <Button onClick={() => setDialog(true)}>Connect wallet</Button>;
  } else if (session.status === "signed-out" || session.status === "signing-in") {
    content = (
      <>
        <span className="text-sm">
          Connected: <Hash value={session.account ?? ""} />
        </span>
        <Button disabled={session.status === "signing-in"} onClick={() => void session.signIn()}>
          {session.status === "signing-in" ? "Signing in…" : "Sign in with Ethereum"}
        </Button>
        <Button variant="secondary" onClick={() => disconnect()}>
          Disconnect
        </Button>
      </>
    );
  } else {
    content = (
      <>
        <span className="text-sm" data-testid="signed-in-as">
          Signed in as <Hash value={session.address ?? ""} />
        </span>
        {session.companies.length > 0 ? (
          <label className="flex items-center gap-1 text-sm">
            <span>Acting for</span>
            <select
              value={session.actingFor}
              onChange={(event) => session.setActingFor(event.target.value as `0x${string}`)}
              className="rounded-md border border-slate-300 px-1 py-1 text-sm"
            >
              {session.companies.map((c) => (
                <option key={c.company} value={c.company}>
                  {(nameOf(c.company) ?? c.company.slice(0, 10)) + (c.relation === "operator" ? " (as operator)" : "")}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <Button
          variant="secondary"
          onClick={() => {
            void session.signOut();
          }}
        >
          Sign out
        </Button>
      </>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {content}
      {session.error !== undefined ? (
        <p role="alert" className="w-full text-right text-sm text-red-700">
          {session.error}
        </p>
      ) : null}
      <ConnectDialog open={dialog} onClose={() => setDialog(false)} />
    </div>
  );
}

function NetworkGuard() {
  const config = useConsoleConfig();
  const { chainId, status } = useConnection();
  const switchChain = useSwitchChain();
  if (status !== "connected" || chainId === undefined || chainId === config.chainId) return null;
  return (
    <div className="mx-auto max-w-6xl px-4">
      <Notice tone="warning">
        Your wallet is on network {chainId}. This console works on {config.chainName} (chain id {config.chainId}):
        transactions and sign-in need it.{" "}
        <Button variant="secondary" onClick={() => switchChain.mutate({ chainId: config.chainId })}>
          Switch to {config.chainName}
        </Button>
        {switchChain.error !== null ? <span className="ml-2">{explainError(switchChain.error)}</span> : null}
      </Notice>
    </div>
  );
}

/**
 * Renders its children only for a signed-in account; otherwise says what to do. Pages that act for a company use it;
 * `needsCompany` also asks for a registered company.
 */
export function SignedIn({ children, needsCompany = false }: { children: ReactNode; needsCompany?: boolean }) {
  const session = useSession();
  if (session.status === "loading") return <p className="text-slate-600">Checking your session…</p>;
  if (session.status === "disconnected") {
    return (
      <Notice>
        Connect your wallet (top right) and sign in to use the console. Companies, operators and auditors all sign in
        with their own wallet.
      </Notice>
    );
  }
  if (session.status !== "signed-in") {
    return <Notice>Sign in with Ethereum (top right): your wallet signs a message, which costs nothing.</Notice>;
  }
  if (needsCompany && !session.companies.some((c) => isAddressEqual(c.company, session.actingFor ?? c.company))) {
    return (
      <Notice>
        This account is not a registered company yet and operates for none.{" "}
        <Link className="underline" href="/console/profile">
          Register your company profile
        </Link>{" "}
        first, or ask your company to appoint this account as its operator.
      </Notice>
    );
  }
  return <>{children}</>;
}
