/**
 * The Constellate Test Wallet: a browser wallet for Playwright tests, injected into every page of a browser context
 * instead of an extension, so that an app's real wallet path (wagmi's `injected` connector found by EIP-6963
 * discovery, its prompts, events and errors) runs against the local Hardhat node.
 *
 *     const { context, close } = await launchChromium(executablePath);         // support/chromium.ts
 *     const safe = await deployTestSafe({ rpcUrl, owners: [a1, a2, a3], threshold: 2 });
 *     const wallet = await installTestWallet(context, { rpcUrl, chainId: 31337, accounts: [alice, { safe }], startChainId: 1 });
 *     const page = await context.newPage();
 *     await page.goto(appUrl);                      // the app discovers "Constellate Test Wallet"; the user connects
 *     wallet.rejectNext("eth_sendTransaction");     // the user will refuse the next transaction: 4001
 *     await wallet.switchAccount(safe);             // accountsChanged, as MetaMask emits it
 *     // ... the app sends a transaction from the Safe, and gets a safeTxHash back
 *     await wallet.coSignAndExecute(wallet.pendingSafeTransactions()[0]!.safeTxHash);   // ExecutionSuccess on chain
 *     assert.equal((await wallet.waitForRequest("personal_sign")).error, undefined);  // what the page asked
 *
 * In the page. An init script (walletInitScript) announces an EIP-1193 provider through EIP-6963
 * (`eip6963:announceProvider` with { uuid, name: "Constellate Test Wallet", icon, rdns: "test.constellate.wallet" },
 * again on every `eip6963:requestProvider`), optionally also as `window.ethereum`. The provider has request(), on(),
 * once(), removeListener()/off() and isConnected(); request() hands every call to the test process through a Playwright
 * binding and rejects with an Error carrying the EIP-1193 `code` (and `data`) when the wallet refuses.
 *
 * In the test process. The wallet's state lives here, for the whole browser context as in a wallet extension: it
 * survives navigations and reloads and is shared by every tab. It holds the selected account, the current chain (a test
 * can start on another one, e.g. 1), and the origins the user connected. The wallet answers itself:
 *  - eth_accounts / eth_coinbase (the selected account, only for a connected origin: [] before connecting),
 *    eth_requestAccounts and wallet_requestPermissions (connect; approval asked when not yet connected),
 *    wallet_getPermissions, wallet_revokePermissions (disconnect: accountsChanged []);
 *  - eth_chainId and net_version (the wallet's current chain), wallet_switchEthereumChain (to a chain it knows: the
 *    local one, the one it started on, any added; else 4902), wallet_addEthereumChain (adds and switches);
 *  - for the selected account only (else 4100): personal_sign, eth_signTypedData_v4 and eth_sendTransaction, sent to
 *    the node, which signs for its unlocked accounts; or, for a Safe account, signed and proposed as Safe{Wallet} does
 *    (wallet-safe.ts): ERC-1271 signatures of messages, and a safeTxHash for a transaction, executed later by the test
 *    with coSignAndExecute().
 * Any other method (eth_call, eth_estimateGas, eth_getTransactionReceipt...) is forwarded to the node as is (its
 * answer, or its error with code and data); other wallet_* and personal_* methods answer 4200 (unsupported).
 * Transactions and Safe signatures need the wallet to be on the local chain (else 4901). Accounts are given in lower
 * case, as MetaMask gives them.
 *
 * Events, as MetaMask emits them: `connect` { chainId } when a document's provider starts (and after goOnline()),
 * `accountsChanged` to connected origins (on connecting, switchAccount(), disconnect), `chainChanged` (hex) to every
 * document, `disconnect` (a 4900 error) on goOffline().
 *
 * The user. Every request that would show a prompt (connect, switching or adding a chain, signing, sending) is approved
 * at once, unless the test said otherwise: rejectNext() makes the next prompt fail with 4001 ("User rejected the
 * request."), holdNext() keeps it open until the test approves or rejects it. requests() is the log of what pages
 * asked and what the wallet answered.
 */
import { randomUUID } from "node:crypto";

import type { BrowserContext, Frame } from "playwright-core";
import type { Address, Hex, TransactionReceipt } from "viem";
import { getAddress, hashMessage, hashTypedData, isHex, toHex } from "viem";

import { createSafeAccounts } from "./wallet-safe.ts";
import type { SafeAccountConfig, SafeTransactionProposal } from "./wallet-safe.ts";

export { deployTestSafe, ERC1271_MAGIC_VALUE, SAFE_WALLET_ABI } from "./wallet-safe.ts";
export type { DeployTestSafeOptions, SafeAccountConfig, SafeTransactionProposal } from "./wallet-safe.ts";

// ---------------------------------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------------------------------

export const WALLET_NAME = "Constellate Test Wallet";
export const WALLET_RDNS = "test.constellate.wallet";

const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96">' +
  '<rect width="96" height="96" rx="20" fill="#1e1b4b"/>' +
  '<path d="M48 14l8 26 26 8-26 8-8 26-8-26-26-8 26-8z" fill="#facc15"/></svg>';

/** The wallet's icon: a square SVG as a data: URI, as EIP-6963 asks. */
export const WALLET_ICON = `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString("base64")}`;

/** EIP-6963's EIP6963ProviderInfo. */
export interface Eip6963ProviderInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

/** The name of the Playwright binding the page's provider calls, and of the page's handle on the wallet. */
const BINDING = "__constellateTestWalletRequest";
/** The init script's own request for the wallet's state (not logged): walletInitScript spells it out, as it must. */
const HELLO = "constellate_testWallet_hello";

// ---------------------------------------------------------------------------------------------------------------------
// Errors (EIP-1193 and EIP-1474 codes)
// ---------------------------------------------------------------------------------------------------------------------

/** An EIP-1193 ProviderRpcError as it crosses into the page. */
export interface ProviderRpcErrorShape {
  code: number;
  message: string;
  data?: unknown;
}

export const USER_REJECTED = 4001;
export const UNAUTHORIZED = 4100;
export const UNSUPPORTED_METHOD = 4200;
export const DISCONNECTED = 4900;
export const CHAIN_DISCONNECTED = 4901;
export const UNRECOGNIZED_CHAIN = 4902;
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

class WalletError extends Error {
  code: number;
  data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

const userRejected = () => new WalletError(USER_REJECTED, "User rejected the request.");

function toShape(error: unknown): ProviderRpcErrorShape {
  if (error instanceof WalletError) {
    return error.data === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, data: error.data };
  }
  return { code: INTERNAL_ERROR, message: error instanceof Error ? error.message : String(error) };
}

// ---------------------------------------------------------------------------------------------------------------------
// The page's side
// ---------------------------------------------------------------------------------------------------------------------

/** What the init script needs: the binding's name, the EIP-6963 info, and whether to set window.ethereum too. */
export interface WalletInitConfig {
  binding: string;
  info: Eip6963ProviderInfo;
  windowEthereum: boolean;
}

/**
 * The init script, run in every document (and frame) before its own scripts: Playwright sends this function's source
 * with `config`, so it uses nothing from outside its body. It defines the EIP-1193 provider, announces it through
 * EIP-6963, and leaves `window.__constellateTestWallet` ({ provider, info, emit }) for the test process to deliver
 * events through.
 */
export function walletInitScript(config: WalletInitConfig): void {
  type Listener = (...args: unknown[]) => void;
  interface Answer {
    result?: unknown;
    error?: { code: number; message: string; data?: unknown };
  }
  interface PageWindow {
    addEventListener(type: string, listener: () => void): void;
    dispatchEvent(event: object): boolean;
    CustomEvent: new (type: string, init: { detail: unknown }) => object;
    ethereum?: unknown;
    __constellateTestWallet?: unknown;
  }
  const page = globalThis as unknown as PageWindow & Record<string, unknown>;
  if (page.__constellateTestWallet !== undefined) return;

  const providerError = (shape: { code: number; message: string; data?: unknown }) =>
    Object.assign(new Error(shape.message), { code: shape.code, data: shape.data });
  // The binding is looked up per call: init scripts run in no defined order, so it may come after this one.
  const send = async (request: { method: string; params?: unknown }): Promise<Answer> => {
    const binding = page[config.binding];
    if (typeof binding !== "function") {
      return { error: { code: 4900, message: "Constellate Test Wallet: its binding is not installed in this page" } };
    }
    return (await binding(request)) as Answer;
  };

  const listeners = new Map<string, Listener[]>();
  let connected = true;
  const emit = (event: string, payload: unknown) => {
    if (event === "connect") connected = true;
    if (event === "disconnect") {
      connected = false;
      payload = providerError(payload as { code: number; message: string });
    }
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // A listener's error is the page's, as with a real provider: report it without stopping the others.
        setTimeout(() => {
          throw error;
        });
      }
    }
  };
  const remove = (event: string, listener: Listener) => {
    const list = listeners.get(event) ?? [];
    const index = list.indexOf(listener);
    if (index >= 0) list.splice(index, 1);
  };

  const provider = {
    isConstellateTestWallet: true,
    async request(args: { method: string; params?: unknown }): Promise<unknown> {
      if (typeof args !== "object" || args === null || typeof args.method !== "string" || args.method === "") {
        throw providerError({ code: -32600, message: "Expected a request object with a method" });
      }
      const answer = await send(args.params === undefined ? { method: args.method } : args);
      if (answer.error !== undefined) throw providerError(answer.error);
      return answer.result;
    },
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return provider;
    },
    once(event: string, listener: Listener) {
      const wrapped: Listener = (...args) => {
        remove(event, wrapped);
        listener(...args);
      };
      return provider.on(event, wrapped);
    },
    removeListener(event: string, listener: Listener) {
      remove(event, listener);
      return provider;
    },
    off(event: string, listener: Listener) {
      remove(event, listener);
      return provider;
    },
    removeAllListeners(event?: string) {
      if (event === undefined) listeners.clear();
      else listeners.delete(event);
      return provider;
    },
    isConnected: () => connected,
  };

  const info = Object.freeze({ ...config.info });
  const detail = Object.freeze({ info, provider });
  const announce = () => page.dispatchEvent(new page.CustomEvent("eip6963:announceProvider", { detail }));
  Object.defineProperty(page, "__constellateTestWallet", { value: Object.freeze({ provider, info, emit }) });
  if (config.windowEthereum) page.ethereum = provider;
  page.addEventListener("eip6963:requestProvider", announce);
  announce();

  // MetaMask's `connect` once the provider is up (HELLO in the test process: this function cannot see constants).
  setTimeout(() => {
    void send({ method: "constellate_testWallet_hello" })
      .then((answer) => {
        const state = answer.result as { online: boolean; chainId: string } | undefined;
        if (state?.online === true) emit("connect", { chainId: state.chainId });
      })
      .catch(() => {});
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// The test's side
// ---------------------------------------------------------------------------------------------------------------------

/** An account of the wallet: an address the node holds unlocked, or a Safe (see {@link SafeAccountConfig}). */
export type WalletAccount = Address | SafeAccountConfig;

export interface TestWalletOptions {
  /** The Hardhat node's JSON-RPC endpoint (seen from the test process). */
  rpcUrl: string;
  /** The local chain's id; checked against the node's (default: the node's). */
  chainId?: number;
  /** The wallet's accounts; the first is selected. */
  accounts: readonly WalletAccount[];
  /** The chain the wallet is on at first (default: the local chain), e.g. 1 to test the app's "wrong network" path. */
  startChainId?: number;
  /** Origins connected from the start, as after an earlier visit (default: none). */
  connectedOrigins?: readonly string[];
  /** Also set window.ethereum to the provider (default: false; EIP-6963 only). */
  windowEthereum?: boolean;
}

/** One request a page made, and the wallet's answer once it has one. */
export interface WalletRequestRecord {
  /** Order of arrival, from 1. */
  seq: number;
  /** The requesting document's origin ("null" for about:blank and the like). */
  origin: string;
  method: string;
  params: unknown;
  /** False while the wallet is working on it (or holding it for the test). */
  settled: boolean;
  result?: unknown;
  error?: ProviderRpcErrorShape;
}

/** A prompt held open by holdNext(). */
export interface HeldRequest {
  /** Resolves with the request once a page has made it (it then waits for approve() or reject()). */
  request: Promise<WalletRequestRecord>;
  /** The user approves: the request goes on. */
  approve(): void;
  /** The user refuses: the request fails with 4001 (or `error`). */
  reject(error?: ProviderRpcErrorShape): void;
}

export interface TestWallet {
  /** The EIP-6963 info it announces. */
  readonly info: Eip6963ProviderInfo;
  /** The local chain's id. */
  readonly chainId: number;
  /** The chain the wallet is on now. */
  currentChainId(): number;
  /** The selected account (checksummed). */
  selectedAccount(): Address;
  /** The origins connected now. */
  connectedOrigins(): string[];
  /** The user selects another of the wallet's accounts: connected origins get accountsChanged. */
  switchAccount(address: Address): Promise<void>;
  /** The user switches the wallet to `chainId` (any chain; the wallet then knows it): every document gets chainChanged. */
  switchChain(chainId: number): Promise<void>;
  /** The user disconnects `origin` (default: every origin) in the wallet: it gets accountsChanged []. */
  disconnect(origin?: string): Promise<void>;
  /**
   * The user refuses the next prompt (of `method`, when given) with 4001. Only requests that ask the user count:
   * connecting when not connected, switching or adding a chain, signing, sending.
   */
  rejectNext(method?: string): void;
  /** The next prompt (of `method`, when given) stays open until the test approves or rejects it. */
  holdNext(method?: string): HeldRequest;
  /** The requests pages made (of `method`, when given) since the start or clearRequests(), oldest first. */
  requests(method?: string): WalletRequestRecord[];
  clearRequests(): void;
  /** The first answered request of `method` in the log, waiting for one (default: up to 10 s). */
  waitForRequest(method: string, options?: { timeoutMs?: number }): Promise<WalletRequestRecord>;
  /** The wallet loses its connection: `disconnect` (4900) to every document; node requests fail with 4900. */
  goOffline(): Promise<void>;
  /** ...and finds it again: `connect` { chainId }. */
  goOnline(): Promise<void>;
  /** Safe transactions proposed through the wallet and not executed yet (of `safe`, when given), oldest first. */
  pendingSafeTransactions(safe?: Address): SafeTransactionProposal[];
  /**
   * The other owners of the proposal's Safe sign it up to the threshold and one owner sends execTransaction; resolves
   * once it is mined and the Safe emitted ExecutionSuccess.
   */
  coSignAndExecute(safeTxHash: Hex): Promise<{ transactionHash: Hex; receipt: TransactionReceipt }>;
}

interface Directive {
  method: string | undefined;
  arrived?: (record: WalletRequestRecord) => void;
  /** Undefined: reject at once. Otherwise the test's decision: resolves to approve, rejects to refuse. */
  decision?: Promise<void>;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "null";
  }
}

function parseChainId(value: unknown): number {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]+$/.test(value)) {
    throw new WalletError(INVALID_PARAMS, `Expected a 0x-prefixed hexadecimal chain id, got ${JSON.stringify(value)}`);
  }
  return Number(BigInt(value));
}

function paramsArray(params: unknown, method: string, length: number): unknown[] {
  if (!Array.isArray(params) || params.length < length) {
    throw new WalletError(INVALID_PARAMS, `${method} expects ${length} parameter(s)`);
  }
  return params;
}

interface TypedDataRequest {
  domain?: { chainId?: unknown };
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

/** eth_signTypedData_v4's typed data: JSON text (as EIP-712 wallets expect it) or, leniently, an object. */
function parseTypedData(data: unknown): TypedDataRequest {
  let parsed: unknown = data;
  if (typeof data === "string") {
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new WalletError(INVALID_PARAMS, "eth_signTypedData_v4 expects its typed data as JSON");
    }
  }
  if (typeof parsed !== "object" || parsed === null || !("types" in parsed) || !("primaryType" in parsed)) {
    throw new WalletError(INVALID_PARAMS, "eth_signTypedData_v4 expects EIP-712 typed data");
  }
  return parsed as TypedDataRequest;
}

async function nodeCall(rpcUrl: string, method: string, params: unknown): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
  });
  const body = (await response.json()) as { result?: unknown; error?: ProviderRpcErrorShape };
  if (body.error !== undefined) throw new WalletError(body.error.code, body.error.message, body.error.data);
  return body.result;
}

/**
 * Installs the wallet in every page `context` opens from now on (pages already open get it on their next navigation),
 * and returns its controls. One wallet per context.
 */
export async function installTestWallet(context: BrowserContext, options: TestWalletOptions): Promise<TestWallet> {
  const { rpcUrl } = options;
  const nodeChainId = Number(await nodeCall(rpcUrl, "eth_chainId", []));
  const chainId = options.chainId ?? nodeChainId;
  if (chainId !== nodeChainId) throw new Error(`the node at ${rpcUrl} runs chain ${nodeChainId}, not ${chainId}`);
  if (options.accounts.length === 0) throw new Error("the wallet needs an account");

  const accounts = options.accounts.map((account) =>
    typeof account === "string" ? getAddress(account) : getAddress(account.safe),
  );
  const safes = createSafeAccounts(
    rpcUrl,
    chainId,
    options.accounts.filter((account): account is SafeAccountConfig => typeof account !== "string"),
  );
  const info: Eip6963ProviderInfo = { uuid: randomUUID(), name: WALLET_NAME, icon: WALLET_ICON, rdns: WALLET_RDNS };

  let selected = accounts[0] as Address;
  let currentChain = options.startChainId ?? chainId;
  const knownChains = new Set([chainId, currentChain]);
  const connected = new Set((options.connectedOrigins ?? []).map(originOf));
  let online = true;
  const log: WalletRequestRecord[] = [];
  let seq = 0;
  const waiters = new Set<() => void>();
  const directives: Directive[] = [];

  // -- events ---------------------------------------------------------------------------------------------------------

  const frames = (): Frame[] => context.pages().flatMap((page) => page.frames());
  /** Delivers `event` to the provider of every document (of an origin `to` accepts), as the wallet does. */
  const emit = async (event: string, payload: unknown, to: (origin: string) => boolean = () => true) => {
    await Promise.all(
      frames()
        .filter((frame) => to(originOf(frame.url())))
        .map(
          (frame) =>
            frame
              .evaluate(
                ([name, value]) => {
                  const page = globalThis as unknown as {
                    __constellateTestWallet?: { emit(event: string, payload: unknown): void };
                  };
                  page.__constellateTestWallet?.emit(name as string, value);
                },
                [event, payload] as const,
              )
              .catch(() => {}), // a document closing or navigating away
        ),
    );
  };
  const exposed = (origin: string): string[] => (connected.has(origin) ? [selected.toLowerCase()] : []);
  const accountsChangedTo = (origins: ReadonlySet<string>) =>
    emit("accountsChanged", [selected.toLowerCase()], (origin) => origins.has(origin));
  const setChain = async (id: number) => {
    knownChains.add(id);
    if (id === currentChain) return;
    currentChain = id;
    await emit("chainChanged", toHex(id));
  };

  // -- the user -------------------------------------------------------------------------------------------------------

  /** The user's answer to a prompt for `record`: approves unless a directive says otherwise. */
  const ask = async (record: WalletRequestRecord) => {
    const index = directives.findIndex((d) => d.method === undefined || d.method === record.method);
    if (index < 0) return;
    const [directive] = directives.splice(index, 1) as [Directive];
    if (directive.decision === undefined) throw userRejected();
    directive.arrived?.(record);
    await directive.decision;
  };

  const permissions = (origin: string) =>
    connected.has(origin)
      ? [
          {
            id: `${info.uuid}:${origin}`,
            parentCapability: "eth_accounts",
            invoker: origin,
            date: 0,
            caveats: [{ type: "restrictReturnedAccounts", value: [selected.toLowerCase()] }],
          },
        ]
      : [];

  const connect = async (origin: string, record: WalletRequestRecord) => {
    await ask(record);
    connected.add(origin);
    await accountsChangedTo(new Set([origin]));
  };

  /** Throws 4100 unless `address` is the selected account and `origin` is connected; returns the account. */
  const authorized = (origin: string, address: unknown): Address => {
    if (!connected.has(origin) || typeof address !== "string" || address.toLowerCase() !== selected.toLowerCase()) {
      throw new WalletError(UNAUTHORIZED, "The requested account and/or method has not been authorized by the user.");
    }
    return selected;
  };
  const onLocalChain = () => {
    if (currentChain !== chainId) {
      throw new WalletError(
        CHAIN_DISCONNECTED,
        `Constellate Test Wallet: it is on chain ${currentChain}, which it cannot reach (only ${chainId})`,
      );
    }
  };
  const forward = async (method: string, params: unknown) => {
    if (!online) throw new WalletError(DISCONNECTED, "The provider is disconnected from all chains.");
    return await nodeCall(rpcUrl, method, params);
  };

  // -- the requests ---------------------------------------------------------------------------------------------------

  const handle = async (origin: string, record: WalletRequestRecord): Promise<unknown> => {
    const { method, params } = record;
    switch (method) {
      case "eth_chainId":
        return toHex(currentChain);
      case "net_version":
        return String(currentChain);
      case "eth_accounts":
        return exposed(origin);
      case "eth_coinbase":
        return exposed(origin)[0] ?? null;

      case "eth_requestAccounts":
        if (!connected.has(origin)) await connect(origin, record);
        return exposed(origin);
      case "wallet_requestPermissions": {
        const [request] = paramsArray(params, method, 1);
        if (typeof request !== "object" || request === null || !("eth_accounts" in request)) {
          throw new WalletError(INVALID_PARAMS, "Constellate Test Wallet grants eth_accounts only");
        }
        await connect(origin, record);
        return permissions(origin);
      }
      case "wallet_getPermissions":
        return permissions(origin);
      case "wallet_revokePermissions":
        if (connected.delete(origin)) await emit("accountsChanged", [], (o) => o === origin);
        return null;

      case "wallet_switchEthereumChain": {
        const [{ chainId: requested } = {}] = paramsArray(params, method, 1) as [{ chainId?: unknown }];
        const id = parseChainId(requested);
        if (!knownChains.has(id)) {
          throw new WalletError(
            UNRECOGNIZED_CHAIN,
            `Unrecognized chain ID "${toHex(id)}". Try adding the chain using wallet_addEthereumChain first.`,
          );
        }
        if (id !== currentChain) {
          await ask(record);
          await setChain(id);
        }
        return null;
      }
      case "wallet_addEthereumChain": {
        const [{ chainId: requested } = {}] = paramsArray(params, method, 1) as [{ chainId?: unknown }];
        const id = parseChainId(requested);
        if (id !== currentChain) {
          await ask(record);
          await setChain(id);
        }
        return null;
      }

      case "personal_sign": {
        const [message, address] = paramsArray(params, method, 2);
        const account = authorized(origin, address);
        if (typeof message !== "string") throw new WalletError(INVALID_PARAMS, "personal_sign expects a message");
        // MetaMask signs hex as bytes, anything else as UTF-8 text.
        const raw = isHex(message) ? message : toHex(message);
        if (safes.has(account)) onLocalChain();
        await ask(record);
        if (safes.has(account)) return await safes.signHash(account, hashMessage({ raw }));
        return await forward(method, [raw, account]);
      }
      case "eth_signTypedData_v4": {
        const [address, data] = paramsArray(params, method, 2);
        const account = authorized(origin, address);
        const typedData = parseTypedData(data);
        const domainChain = typedData.domain?.chainId;
        if (domainChain !== undefined && Number(domainChain) !== currentChain) {
          throw new WalletError(
            INVALID_PARAMS,
            `Provided chainId "${String(domainChain)}" must match the active chainId "${currentChain}"`,
          );
        }
        if (safes.has(account)) onLocalChain();
        await ask(record);
        if (safes.has(account)) return await safes.signHash(account, hashTypedData(typedData as never));
        return await forward(method, [account, typeof data === "string" ? data : JSON.stringify(data)]);
      }
      case "eth_sendTransaction": {
        const [tx] = paramsArray(params, method, 1) as [Record<string, unknown>];
        const account = authorized(origin, tx.from ?? selected);
        if (tx.chainId !== undefined && Number(tx.chainId) !== currentChain) {
          throw new WalletError(INVALID_PARAMS, `The transaction's chainId ${String(tx.chainId)} is not the wallet's`);
        }
        onLocalChain();
        await ask(record);
        if (safes.has(account)) {
          if (typeof tx.to !== "string") {
            throw new WalletError(INVALID_PARAMS, "Constellate Test Wallet cannot deploy a contract from a Safe");
          }
          return await safes.propose(
            account,
            {
              to: getAddress(tx.to),
              value: BigInt((tx.value as string | undefined) ?? 0),
              data: ((tx.data ?? tx.input) as Hex | undefined) ?? "0x",
            },
            origin,
          );
        }
        return await forward(method, [{ ...tx, from: account }]);
      }
      case "eth_sign":
      case "eth_signTypedData":
      case "eth_signTypedData_v3":
        throw new WalletError(UNSUPPORTED_METHOD, `Constellate Test Wallet does not support ${method}`);

      default:
        if (method.startsWith("wallet_") || method.startsWith("personal_")) {
          throw new WalletError(UNSUPPORTED_METHOD, `Constellate Test Wallet does not support ${method}`);
        }
        return await forward(method, params);
    }
  };

  await context.exposeBinding(BINDING, async (source, request: { method: string; params?: unknown }) => {
    const origin = originOf(source.frame.url());
    if (request.method === HELLO) return { result: { online, chainId: toHex(currentChain) } };
    const record: WalletRequestRecord = {
      seq: ++seq,
      origin,
      method: request.method,
      params: request.params,
      settled: false,
    };
    log.push(record);
    try {
      record.result = await handle(origin, record);
      return { result: record.result };
    } catch (error) {
      record.error = toShape(error);
      return { error: record.error };
    } finally {
      record.settled = true;
      for (const waiter of [...waiters]) waiter();
    }
  });
  await context.addInitScript(walletInitScript, {
    binding: BINDING,
    info,
    windowEthereum: options.windowEthereum ?? false,
  });

  const find = (method: string) => log.find((r) => r.method === method && r.settled);

  return {
    info,
    chainId,
    currentChainId: () => currentChain,
    selectedAccount: () => selected,
    connectedOrigins: () => [...connected],

    async switchAccount(address) {
      const account = accounts.find((a) => a.toLowerCase() === address.toLowerCase());
      if (account === undefined) throw new Error(`${address} is not one of the wallet's accounts`);
      if (account === selected) return;
      selected = account;
      await accountsChangedTo(connected);
    },
    switchChain: (id) => setChain(id),
    async disconnect(origin) {
      const origins = origin === undefined ? new Set(connected) : new Set([originOf(origin)]);
      for (const o of origins) connected.delete(o);
      await emit("accountsChanged", [], (o) => origins.has(o));
    },

    rejectNext(method) {
      directives.push({ method });
    },
    holdNext(method) {
      let arrived!: (record: WalletRequestRecord) => void;
      let approve!: () => void;
      let reject!: (error: unknown) => void;
      const request = new Promise<WalletRequestRecord>((resolve) => (arrived = resolve));
      const decision = new Promise<void>((resolve, refuse) => {
        approve = resolve;
        reject = refuse;
      });
      directives.push({ method, arrived, decision });
      return {
        request,
        approve: () => approve(),
        reject: (error) =>
          reject(error === undefined ? userRejected() : new WalletError(error.code, error.message, error.data)),
      };
    },
    requests: (method) => log.filter((r) => method === undefined || r.method === method),
    clearRequests: () => void log.splice(0),
    async waitForRequest(method, { timeoutMs = 10_000 } = {}) {
      const existing = find(method);
      if (existing !== undefined) return existing;
      return await new Promise<WalletRequestRecord>((resolve, reject) => {
        const waiter = () => {
          const record = find(method);
          if (record === undefined) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(record);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = log.map((r) => r.method).join(", ") || "none";
          reject(new Error(`no ${method} request within ${timeoutMs} ms (requests so far: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },

    async goOffline() {
      if (!online) return;
      online = false;
      await emit("disconnect", { code: DISCONNECTED, message: "The provider is disconnected from all chains." });
    },
    async goOnline() {
      if (online) return;
      online = true;
      await emit("connect", { chainId: toHex(currentChain) });
    },

    pendingSafeTransactions: (safe) => safes.pending(safe),
    coSignAndExecute: (safeTxHash) => safes.coSignAndExecute(safeTxHash),
  };
}
