/**
 * The console's frame in a real browser: the connect dialog lists the wallets the browser announces (EIP-6963), Sign-In
 * with Ethereum against the vault, a session that survives a reload, switching account signs the old one out, the
 * wrong network is caught and switched, and an operator acts for its company.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { locateChromium, openConsole, startConsoleStack } from "../support/console.ts";
import type { ConsoleStack } from "../support/console.ts";
import { WALLET_NAME } from "../support/wallet.ts";

const chromium = await locateChromium();
const skip = "skip" in chromium ? chromium.skip : false;

let stack: ConsoleStack;
before(async () => {
  if (skip === false) stack = await startConsoleStack({ name: "shell" });
});
after(() => stack?.stop());

test("connect, sign in, reload, switch account: the session follows the wallet", { skip }, async () => {
  const brand = stack.seed.companies.brand.address as `0x${string}`;
  const retailer = stack.seed.companies.retailer.address as `0x${string}`;
  const s = await openConsole(stack, { account: brand, accounts: [retailer], signIn: false });
  try {
    const { page } = s;
    await page.getByRole("button", { name: "Connect wallet" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect a wallet" });
    await dialog.getByRole("button", { name: WALLET_NAME }).waitFor();
    await dialog.getByRole("button", { name: WALLET_NAME }).click();
    await s.signIn();
    const personalSign = s.wallet.requests("personal_sign");
    assert.equal(personalSign.length, 1, "one signature to sign in");
    assert.match(String((personalSign[0]!.params as unknown[])[0]), /^0x/);
    // The header names the company it acts for.
    await page.getByRole("combobox", { name: "Acting for" }).waitFor();
    assert.match(await page.getByRole("combobox", { name: "Acting for" }).inputValue(), new RegExp(brand, "i"));

    // A reload keeps the session (cookie) and the wallet connection.
    await page.reload();
    await page.getByTestId("signed-in-as").waitFor();
    assert.equal(s.wallet.requests("personal_sign").length, 1, "no second signature after a reload");

    // Another account in the wallet: the old session ends.
    await s.wallet.switchAccount(retailer);
    await page.getByRole("button", { name: "Sign in with Ethereum" }).waitFor();
    const session = await page.evaluate(async () => (await fetch("/api/auth/session")).status);
    assert.equal(session, 401, "the vault session of the previous account is gone");
    await s.signIn();
    await s.screenshot("console-signed-in");
  } finally {
    await s.close();
  }
});

test("the wrong network is detected and a switch offered", { skip }, async () => {
  const s = await openConsole(stack, {
    account: stack.seed.companies.retailer.address as `0x${string}`,
    startChainId: 1,
    signIn: false,
  });
  try {
    await s.connect();
    const banner = s.page.getByText(/Your wallet is on network 1\./);
    await banner.waitFor();
    await s.page.getByRole("button", { name: /Switch to/ }).click();
    await banner.waitFor({ state: "detached" });
    assert.equal(s.wallet.currentChainId(), 31337);
    await s.signIn();
  } finally {
    await s.close();
  }
});

test("an operator signs in and acts for its company", { skip }, async () => {
  const { operator } = stack.seed;
  const s = await openConsole(stack, { account: operator.address as `0x${string}` });
  try {
    const select = s.page.getByRole("combobox", { name: "Acting for" });
    await select.waitFor();
    assert.match(await select.inputValue(), new RegExp(operator.company, "i"));
    assert.match(await select.locator("option:checked").innerText(), /as operator/);
  } finally {
    await s.close();
  }
});
