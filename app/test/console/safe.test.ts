/**
 * A company whose account is a 2-of-3 Safe: it signs in through ERC-1271, and a transaction it sends from the console is
 * proposed (the console shows "awaiting co-signers" with the Safe transaction hash) until the other owners co-sign and
 * execute it; the console then confirms it.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { gtinCheckDigit } from "@constellate/sdk";
import { createPublicClient, http } from "viem";
import type { Address } from "viem";

import { constellateAbis } from "../../../sdk/src/contracts.ts";
import { locateChromium, openConsole, startConsoleStack, strangerAccounts } from "../support/console.ts";
import type { ConsoleStack } from "../support/console.ts";
import { deployTestSafe } from "../support/wallet.ts";

const chromium = await locateChromium();
const skip = "skip" in chromium ? chromium.skip : false;

let stack: ConsoleStack;
before(async () => {
  if (skip === false) stack = await startConsoleStack({ name: "safe" });
});
after(() => stack?.stop());

test("a Safe signs in with ERC-1271 and its transaction waits for co-signers", { skip }, async () => {
  const owners = strangerAccounts(stack).slice(0, 3) as Address[];
  const safe = await deployTestSafe({ rpcUrl: stack.rpcUrl, owners, threshold: 2 });
  const s = await openConsole(stack, { account: { safe } });
  try {
    const { page } = s;
    assert.match(await page.getByTestId("signed-in-as").innerText(), new RegExp(safe.slice(2, 8), "i"));

    await s.goto("/console/profile");
    const body = "761234500010".slice(0, 12);
    await page.getByLabel("Company name").fill("Safe-run Roastery");
    await page.getByLabel("Registry identifier").fill(`GLN:${body}${gtinCheckDigit(body)}`);
    await page.getByRole("button", { name: "Register company" }).click();

    // Proposed, not mined: the console says so and names the Safe transaction hash.
    await page.getByText(/awaiting co-signers/).waitFor({ timeout: 60_000 });
    const [proposal] = s.wallet.pendingSafeTransactions(safe);
    assert.ok(proposal !== undefined, "the wallet holds the proposal");
    const shown = await page.getByText(/awaiting co-signers/).innerText();
    assert.match(shown, /needs 2 owners/);
    assert.match(shown, new RegExp(proposal.safeTxHash.slice(0, 8)));
    await s.screenshot("safe-awaiting-co-signers");
    const client = createPublicClient({ transport: http(stack.rpcUrl) });
    const companies = stack.deployment.addresses.Companies as Address;
    assert.equal(
      await client.readContract({
        address: companies,
        abi: constellateAbis.Companies,
        functionName: "isRegistered",
        args: [safe],
      }),
      false,
    );

    // The other owner co-signs and executes: the console confirms.
    await s.wallet.coSignAndExecute(proposal.safeTxHash);
    await page.getByText(/Register company: confirmed/).waitFor({ timeout: 60_000 });
    assert.equal(
      await client.readContract({
        address: companies,
        abi: constellateAbis.Companies,
        functionName: "isRegistered",
        args: [safe],
      }),
      true,
    );
    await s.screenshot("safe-confirmed");
  } finally {
    await s.close();
  }
});
