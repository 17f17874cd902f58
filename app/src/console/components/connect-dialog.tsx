"use client";
/**
 * The connect dialog: every wallet the browser announces (EIP-6963), a generic browser wallet when none announces
 * itself, and WalletConnect when configured. Nothing is connected until the user picks one.
 */
import { useEffect, useRef } from "react";
import type { Connector } from "wagmi";
import { useConnect, useConnectors } from "wagmi";

import { explainError } from "../errors.ts";
import { Button, Notice } from "./ui.tsx";

export function ConnectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const connectors = useConnectors();
  const connect = useConnect();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  const shown: Connector[] = [
    ...announced,
    ...connectors.filter(
      (c) =>
        (c.id === "injected" && announced.length === 0 && typeof window !== "undefined" && "ethereum" in window) ||
        c.type === "walletConnect",
    ),
  ];

  async function pick(connector: Connector) {
    try {
      await connect.mutateAsync({ connector });
      onClose();
    } catch {
      // shown below from connect.error
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="connect-title"
      onClose={onClose}
      className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="p-5">
        <h2 id="connect-title" className="text-lg font-semibold">
          Connect a wallet
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Pick the wallet that holds your company&apos;s account (or your operator account). You then sign a message to
          sign in; that costs nothing.
        </p>
        {shown.length === 0 ? (
          <Notice tone="warning">
            No wallet found in this browser. Install a browser wallet (for example MetaMask, Rabby or Frame) and reload
            this page.
          </Notice>
        ) : (
          <ul className="mt-4 space-y-2">
            {shown.map((connector) => (
              <li key={connector.uid}>
                <button
                  type="button"
                  disabled={connect.isPending}
                  onClick={() => void pick(connector)}
                  className="flex w-full items-center gap-3 rounded-md border border-slate-300 px-3 py-2 text-left hover:bg-slate-50"
                >
                  {connector.icon !== undefined && /^data:image\//.test(connector.icon) ? (
                    <img src={connector.icon} alt="" width={28} height={28} />
                  ) : (
                    <span aria-hidden className="inline-block h-7 w-7 rounded bg-slate-200" />
                  )}
                  <span className="font-medium">
                    {connector.type === "walletConnect"
                      ? "WalletConnect (mobile and other wallets)"
                      : connector.id === "injected"
                        ? "Browser wallet"
                        : connector.name}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {connect.isPending ? <Notice>Waiting for your wallet…</Notice> : null}
        {connect.error !== null ? <Notice tone="error">{explainError(connect.error)}</Notice> : null}
        <div className="mt-5 text-right">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </dialog>
  );
}
