/**
 * The company's own pages in a real browser: a fresh account registers its profile (an invalid GLN is caught as typed,
 * and nothing is sent), appoints an operator; the operator signs in, the header says whom it acts for, its appointment
 * is shown, and appointing an operator itself is refused with the contract's reason in words (DirectCallRequired).
 * Then a company asks the accreditation body for its GS1 Company Prefix, the body reads the request with the grant and
 * accredits, and the company's page shows the prefix as accredited.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { gtinCheckDigit, Permission } from "@constellate/sdk";
import { createPublicClient, createWalletClient, getAddress, http } from "viem";
import type { Address } from "viem";

import { constellateAbis } from "../../../sdk/src/contracts.ts";
import { locateChromium, openConsole, startConsoleStack, strangerAccounts } from "../support/console.ts";
import type { ConsoleSession, ConsoleStack } from "../support/console.ts";

const chromium = await locateChromium();
const skip = "skip" in chromium ? chromium.skip : false;

let stack: ConsoleStack;
before(async () => {
  if (skip === false) stack = await startConsoleStack({ name: "company" });
});
after(() => stack?.stop());

/** A GLN with a valid GS1 check digit, from its first 12 digits. */
function gln(body12: string): string {
  return `${body12}${gtinCheckDigit(body12)}`;
}

function chain() {
  return createPublicClient({ transport: http(stack.rpcUrl) });
}

async function waitForText(s: ConsoleSession, text: string | RegExp): Promise<void> {
  await s.page.getByText(text).first().waitFor({ timeout: 60_000 });
}

test(
  "a new company registers, appoints an operator; the operator acts for it and cannot appoint others",
  { skip },
  async () => {
    const [company, operator] = strangerAccounts(stack) as [Address, Address];
    const name = "Northwind Test Traders";
    const good = gln("761234500000");
    const bad = `${good.slice(0, 12)}${(Number(good[12]) + 1) % 10}`;

    const s = await openConsole(stack, { account: company });
    try {
      const { page } = s;
      await s.goto("/console/profile");
      await page.getByRole("heading", { name: "Register your company" }).waitFor();
      const endpoint = page.getByLabel("Data endpoint");
      assert.equal(
        await endpoint.inputValue(),
        `${stack.origin}/vault/${company.toLowerCase()}`,
        "defaults to this vault",
      );

      // An invalid GLN check digit is caught as typed, and nothing is sent.
      await page.getByLabel("Company name").fill(name);
      const registryId = page.getByLabel("Registry identifier");
      await registryId.fill(`GLN:${bad}`);
      await waitForText(s, `with these first 12 digits the last digit must be ${good[12]}`);
      assert.equal(await registryId.getAttribute("aria-invalid"), "true");
      await page.getByRole("button", { name: "Register company" }).click();
      await waitForText(s, "Correct the fields marked above first.");
      assert.equal(s.wallet.requests("eth_sendTransaction").length, 0, "an invalid profile is never sent");
      await s.screenshot("company-invalid-gln");

      await registryId.fill(`GLN:${good}`);
      assert.equal(await registryId.getAttribute("aria-invalid"), "false");
      await page.getByRole("button", { name: "Register company" }).click();
      await waitForText(s, /Register company: confirmed/);
      await page.getByRole("heading", { name: "Status" }).waitFor();
      const profile = await chain().readContract({
        address: stack.deployment.addresses.Companies as Address,
        abi: constellateAbis.Companies,
        functionName: "profileOf",
        args: [company],
      });
      assert.equal(profile.name, name);
      assert.equal(profile.registryId, `GLN:${good}`);
      assert.equal(profile.dataEndpoint, `${stack.origin}/vault/${company.toLowerCase()}`);
      // The header now acts for the registered company.
      const acting = page.getByRole("combobox", { name: "Acting for" });
      await acting.waitFor();
      assert.match(await acting.inputValue(), new RegExp(company, "i"));
      // The identifier is only self-declared: no accreditation covers it.
      assert.match(await page.getByTestId("registry-id-status").innerText(), /only self-declared/);

      // Appoint an operator: may edit the profile and record journey events, for a year (the default).
      await page.getByLabel("Operator's address").fill(operator);
      await page.getByRole("checkbox", { name: /Edit the company profile/ }).check();
      await page.getByRole("checkbox", { name: /Record journey events/ }).check();
      await page.getByRole("button", { name: "Appoint operator" }).click();
      await waitForText(s, /Appoint operator: confirmed/);
      const row = page.getByTestId("operator-row").filter({ hasText: operator.slice(0, 8) });
      await row.waitFor();
      assert.match(await row.innerText(), /Edit the company profile; Record journey events/);
      const appointment = await chain().readContract({
        address: stack.deployment.addresses.Companies as Address,
        abi: constellateAbis.Companies,
        functionName: "operatorOf",
        args: [company, operator],
      });
      assert.equal(BigInt(appointment.permissions), Permission.PROFILE | Permission.EVENTS);
      assert.ok(Number(appointment.expiresAt) > Date.now() / 1000 + 300 * 86_400, "about a year");
      await s.screenshot("company-profile");
    } finally {
      await s.close();
    }

    const o = await openConsole(stack, { account: operator });
    try {
      const { page } = o;
      // The header says it acts for the company, as its operator.
      const acting = page.getByRole("combobox", { name: "Acting for" });
      await acting.waitFor();
      assert.match(await acting.inputValue(), new RegExp(company, "i"));
      await page.getByRole("option", { name: `${name} (as operator)` }).waitFor({ state: "attached" });

      await o.goto("/console/profile");
      const yours = page.getByTestId("appointment");
      await yours.waitFor();
      assert.match(await yours.innerText(), new RegExp(`act for ${name}`));
      await waitForText(o, "You may: Edit the company profile; Record journey events.");

      // Appointing another operator is the company's own business: the contract's refusal, in words, before sending.
      const refusal = page.getByTestId("operator-refusal");
      await page.getByText("Only the company's own account may do this: it cannot be wrapped in actFor.").waitFor();
      assert.match(await refusal.innerText(), /The Companies contract refuses it for you/);
      assert.equal(await page.getByRole("button", { name: "Appoint operator" }).isDisabled(), true);
      assert.equal(o.wallet.requests("eth_sendTransaction").length, 0);
      await o.screenshot("company-operator");

      // Editing the profile is within its permissions: the console sends it through actFor.
      await page.getByLabel("Company name").fill(`${name} AG`);
      await page.getByRole("button", { name: "Save profile" }).click();
      await waitForText(o, /Save profile: confirmed/);
      const profile = await chain().readContract({
        address: stack.deployment.addresses.Companies as Address,
        abi: constellateAbis.Companies,
        functionName: "profileOf",
        args: [company],
      });
      assert.equal(profile.name, `${name} AG`);
    } finally {
      await o.close();
    }

    // The company removes the operator, which can then no longer act for it.
    const again = await openConsole(stack, { account: company, path: "/console/profile" });
    try {
      await again.goto("/console/profile");
      await again.page.getByRole("button", { name: `Remove operator ${getAddress(operator)}` }).click();
      await waitForText(again, /Remove operator .*: confirmed/);
      await again.page.getByText("No operators appointed.").waitFor();
      const acting = await chain().readContract({
        address: stack.deployment.addresses.Companies as Address,
        abi: constellateAbis.Companies,
        functionName: "isActing",
        args: [company, operator, 0n],
      });
      assert.equal(acting, false);
    } finally {
      await again.close();
    }
  },
);

test(
  "a company requests an accreditation; the body reads the request and accredits; the company sees it",
  { skip },
  async () => {
    const requester = strangerAccounts(stack)[2]!;
    const body = stack.seed.companies.body.address as Address;
    const bodyName = stack.seed.companies.body.name;
    const prefix = "7612346";
    const name = "Alpenrose Test Dairy";
    const registryId = `GLN:${gln(`${prefix}00000`)}`;

    // Registered directly (the first test covers registering through the page), naming this console's vault.
    const wallet = createWalletClient({ account: requester, transport: http(stack.rpcUrl) });
    const hash = await wallet.writeContract({
      chain: null,
      address: stack.deployment.addresses.Companies as Address,
      abi: constellateAbis.Companies,
      functionName: "register",
      args: [
        {
          name,
          registryId,
          metadataURI: "",
          metadataHash: `0x${"00".repeat(32)}`,
          dataEndpoint: `${stack.origin}/vault/${requester.toLowerCase()}`,
        },
      ],
    });
    await chain().waitForTransactionReceipt({ hash });
    await stack.indexed();

    const c = await openConsole(stack, { account: requester });
    let reference: string;
    try {
      const { page } = c;
      await c.goto("/console/profile");
      await page.getByRole("heading", { name: "Request an accreditation" }).waitFor();
      assert.match(await page.getByTestId("registry-id-status").innerText(), /only self-declared/);
      await page.getByLabel("GS1 Company Prefix", { exact: true }).fill(prefix);
      await page
        .getByLabel("Accreditation body", { exact: true })
        .selectOption({ label: `${bodyName} (${body.slice(0, 10)}…)` });
      await page.getByLabel("Message to the body").fill("Our GS1 licence is attached.");
      await page.getByLabel("Evidence documents").setInputFiles({
        name: "gs1-licence.txt",
        mimeType: "text/plain",
        buffer: Buffer.from(`GS1 licence for ${prefix}`),
      });
      await page.getByRole("button", { name: "Send request" }).click();
      await waitForText(c, `Request sent to ${bodyName}`);
      reference = await page.getByTestId("request-reference").innerText();
      assert.match(reference, /^[0-9a-f]{64}$/);
      await page.getByTestId("sent-request").filter({ hasText: bodyName }).waitFor();

      // Not a body itself: the accreditations page says so.
      await c.goto("/console/accreditations");
      await page.getByTestId("not-a-body").waitFor();
    } finally {
      await c.close();
    }

    const b = await openConsole(stack, { account: body, path: "/console/accreditations" });
    try {
      const { page } = b;
      await b.goto("/console/accreditations");
      await page.getByTestId("body-appointment").waitFor();
      await page.getByRole("button", { name: `Open the request from ${name}` }).click();
      // The body's grant lets it list the requester's documents of the request scope: the request opens directly.
      const document = page.getByTestId("request-document");
      await document.waitFor();
      assert.match(await document.innerText(), new RegExp(`Asks for: GS1 Company Prefix ${prefix}`));
      assert.match(await document.innerText(), /hash checked/);
      assert.match(await document.innerText(), /Our GS1 licence is attached\./);
      await page.getByRole("button", { name: "Fill in the accreditation form" }).click();
      assert.equal((await page.getByLabel("Company's address").inputValue()).toLowerCase(), requester.toLowerCase());
      assert.equal(await page.getByLabel("GS1 Company Prefix", { exact: true }).inputValue(), prefix);
      await page.getByRole("button", { name: "Accredit", exact: true }).click();
      await waitForText(b, /: confirmed/);
      await page.getByTestId("granted-accreditation").filter({ hasText: name }).waitFor();
      await b.screenshot("company-accreditation-body");
    } finally {
      await b.close();
    }
    const accredited = await chain().readContract({
      address: stack.deployment.addresses.Accreditations as Address,
      abi: constellateAbis.Accreditations,
      functionName: "isAccreditedForPrefix",
      args: [requester, prefix],
    });
    assert.equal(accredited, true);

    const again = await openConsole(stack, { account: requester, path: "/console/profile" });
    try {
      await again.goto("/console/profile");
      const row = again.page.getByTestId("accreditation").filter({ hasText: `GS1 Company Prefix ${prefix}` });
      await row.waitFor();
      assert.ok((await row.innerText()).includes(`accredited by ${bodyName}`), "names the body");
      assert.match(await again.page.getByTestId("registry-id-status").innerText(), /accredited/);
      await again.screenshot("company-accredited");
    } finally {
      await again.close();
    }
  },
);
