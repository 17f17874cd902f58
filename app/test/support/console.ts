/**
 * Browser tests of the company console: the whole stack (a Hardhat node with Constellate deployed and the demo seeded,
 * the local Graph node indexing it, and the production build of the app serving the console and the vault), and
 * Chromium with the Constellate Test Wallet (an EIP-6963 wallet forwarding to that node; see wallet.ts).
 *
 *     const stack = await startConsoleStack({ name: "products" });
 *     after(() => stack.stop());
 *     const chromium = await locateChromium();
 *     if ("skip" in chromium) return t.skip(chromium.skip);          // names the apt-get command; never under CI=true
 *     const brand = await openConsole(stack, { account: stack.seed.companies.brand.address });  // connected, signed in
 *     await brand.goto("/console/products");
 *     await brand.page.getByRole("button", { name: "Register product" }).click();
 *     await brand.screenshot("scenario-3-refused");                  // app/e2e/screenshots/scenario-3-refused.png
 *     await brand.close();
 *
 * The app build used is app/.next, or app/$CONSTELLATE_NEXT_DIST_DIR when that is set. Each openConsole() launches a
 * browser of its own (a fresh profile), so two companies can work side by side in one test.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";

import type { BrowserContext, Page } from "playwright-core";
import type { Address } from "viem";

import { APP_DIR } from "../../../scripts/lib/app-build.ts";
import { launchChromium, locateChromium } from "./chromium.ts";
import { startVaultStack } from "./stack.ts";
import type { VaultStack, VaultStackOptions } from "./stack.ts";
import { installTestWallet, WALLET_NAME } from "./wallet.ts";
import type { TestWallet, WalletAccount } from "./wallet.ts";

export { locateChromium } from "./chromium.ts";

export const SCREENSHOTS_DIR = path.join(APP_DIR, "e2e", "screenshots");

export type ConsoleStack = VaultStack;

/**
 * The stack with the Graph node, the demo's documents in the vault (as `npm start` has them), and vault limits roomy
 * enough for documents made through the console.
 */
export function startConsoleStack(options: VaultStackOptions = {}): Promise<ConsoleStack> {
  return startVaultStack({
    maxBytes: 4 * 1024 * 1024,
    quotaBytes: 64 * 1024 * 1024,
    demoDocuments: true,
    ...options,
    name: `console-${options.name ?? "test"}`,
    graph: true,
  });
}

export interface ConsoleSession {
  page: Page;
  context: BrowserContext;
  wallet: TestWallet;
  /** Opens a console path (e.g. "/console/products") on the stack's origin and waits for the page to settle. */
  goto(pathname: string): Promise<void>;
  /** Clicks "Connect wallet" and picks the test wallet in the dialog. */
  connect(): Promise<void>;
  /** Clicks "Sign in with Ethereum" and waits until the header says who is signed in. */
  signIn(): Promise<void>;
  /** Saves a full-page screenshot as app/e2e/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenConsoleOptions {
  /** The wallet's account (an unlocked node account, or a Safe: see wallet.ts); the first of `accounts` otherwise. */
  account?: WalletAccount;
  /** More accounts the wallet holds (switchAccount() picks among them). */
  accounts?: readonly WalletAccount[];
  /** The chain the wallet starts on (default: the local chain). */
  startChainId?: number;
  /** Connect and sign in right away (default: true). */
  signIn?: boolean;
  /** The first page (default "/console"). */
  path?: string;
}

/** Chromium with the test wallet, on the console; connected and signed in unless told otherwise. */
export async function openConsole(stack: ConsoleStack, options: OpenConsoleOptions = {}): Promise<ConsoleSession> {
  const located = await locateChromium();
  if ("skip" in located) throw new Error(located.skip);
  const accounts = [...(options.account !== undefined ? [options.account] : []), ...(options.accounts ?? [])];
  if (accounts.length === 0) throw new Error("openConsole needs an account");
  const browser = await launchChromium(located.executablePath);
  try {
    const wallet = await installTestWallet(browser.context, {
      rpcUrl: stack.rpcUrl,
      chainId: 31337,
      accounts,
      ...(options.startChainId !== undefined ? { startChainId: options.startChainId } : {}),
    });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    const session: ConsoleSession = {
      page,
      context: browser.context,
      wallet,
      goto: async (pathname) => {
        await page.goto(`${stack.origin}${pathname}`);
        await page.getByRole("navigation", { name: "Console" }).waitFor();
      },
      connect: async () => {
        await page.getByRole("button", { name: "Connect wallet" }).click();
        await page.getByRole("dialog", { name: "Connect a wallet" }).getByRole("button", { name: WALLET_NAME }).click();
        await page.getByRole("button", { name: "Sign in with Ethereum" }).waitFor();
      },
      signIn: async () => {
        await page.getByRole("button", { name: "Sign in with Ethereum" }).click();
        await page.getByTestId("signed-in-as").waitFor();
      },
      screenshot: async (name) => {
        mkdirSync(SCREENSHOTS_DIR, { recursive: true });
        const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      close: () => browser.close(),
    };
    await session.goto(options.path ?? "/console");
    if (options.signIn !== false) {
      await session.connect();
      await session.signIn();
    }
    return session;
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Accounts of the node that are nobody in the demo (fresh ones, for newcomers). */
export function strangerAccounts(stack: ConsoleStack): Address[] {
  return stack.strangers;
}
