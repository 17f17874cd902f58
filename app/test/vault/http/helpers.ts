/**
 * What the vault's HTTP tests share: transactions from the node's unlocked accounts, uploads, and reading answers.
 */
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";

import { constellateAbis } from "@constellate/sdk";
import { createPublicClient, createWalletClient, getAddress, http } from "viem";
import type { Abi, Address, Hex, TransactionReceipt } from "viem";
import { hardhat } from "viem/chains";

import type { SignedIn, VaultStack } from "../../support/stack.ts";

export type ContractName = "Companies" | "Constellations" | "Access";

export interface Chain {
  /** Sends `contract.functionName(args)` from `from` (an unlocked account) and waits for it; throws if it reverts. */
  write(
    from: string,
    contract: ContractName,
    functionName: string,
    args: readonly unknown[],
  ): Promise<TransactionReceipt>;
  read(contract: ContractName, functionName: string, args: readonly unknown[]): Promise<unknown>;
}

export function chainOf(stack: VaultStack): Chain {
  const chain = { ...hardhat, rpcUrls: { default: { http: [stack.rpcUrl] } } };
  const client = createPublicClient({ chain, transport: http(stack.rpcUrl), pollingInterval: 50 });
  const wallet = createWalletClient({ chain, transport: http(stack.rpcUrl) });
  const address = (contract: ContractName) => stack.deployment.addresses[contract] as Address;
  return {
    async write(from, contract, functionName, args) {
      const hash = await wallet.writeContract({
        account: getAddress(from),
        address: address(contract),
        abi: constellateAbis[contract] as Abi,
        functionName,
        args,
      });
      const receipt = await client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${contract}.${functionName} reverted`);
      return receipt;
    },
    read: (contract, functionName, args) =>
      client.readContract({ address: address(contract), abi: constellateAbis[contract] as Abi, functionName, args }),
  };
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface UploadOptions {
  visibility?: string;
  scope?: Hex;
  /** x-owner: the company uploaded for (default: none, the signer). */
  owner?: string;
  contentType?: string;
  /** x-content-sha256 (default: the bytes' hash). */
  sha256?: string;
  /** Headers carrying the session (default: the cookie). */
  auth?: Record<string, string>;
}

/** POST /api/vault/documents with `bytes`. */
export async function upload(
  stack: VaultStack,
  who: SignedIn | null,
  bytes: Uint8Array | string,
  options: UploadOptions = {},
): Promise<Response> {
  const body = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    "x-content-sha256": options.sha256 ?? sha256Hex(body),
    "x-visibility": options.visibility ?? "public",
    ...(options.scope !== undefined ? { "x-scope": options.scope } : {}),
    ...(options.owner !== undefined ? { "x-owner": options.owner } : {}),
    ...(options.auth ?? who?.cookieHeaders() ?? {}),
  };
  return await fetch(`${stack.origin}/api/vault/documents`, {
    method: "POST",
    headers,
    body: body as Uint8Array<ArrayBuffer>,
  });
}

/** Uploads and asserts 201; returns the document's hash. */
export async function stored(
  stack: VaultStack,
  who: SignedIn,
  bytes: Uint8Array | string,
  options: UploadOptions = {},
): Promise<string> {
  const response = await upload(stack, who, bytes, options);
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { sha256: string }).sha256;
}

/** The document's URL (lowercase owner, as anyone might write it). */
export function documentUrl(stack: VaultStack, owner: string, sha256: string, suffix = ""): string {
  return `${stack.origin}/api/vault/documents/${owner.toLowerCase()}/${sha256}${suffix}`;
}

/** GET with `headers`; returns the status, headers and body bytes. */
export async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; bytes: Uint8Array; text: string; json: () => unknown }> {
  const response = await fetch(url, { headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return { status: response.status, headers: response.headers, bytes, text, json: () => JSON.parse(text) as unknown };
}

/** The JSON error's code, or undefined. */
export function errorCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** A raw HTTP/1.1 request (node:http), for headers fetch will not send as given (Host). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Polls `check` until it returns true, every `intervalMs`, for at most `timeoutMs`; returns whether it did. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A distinct JSON document of about `size` bytes. */
export function jsonDocument(label: string, size = 200): string {
  const base = JSON.stringify({ label, padding: "" });
  return JSON.stringify({ label, padding: "x".repeat(Math.max(0, size - base.length)) });
}
