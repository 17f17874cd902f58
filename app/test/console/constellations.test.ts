/**
 * Browser scenario 1 of issue 7, in Chromium with the test wallet against the whole stack: a company signs in,
 * registers its profile, founds a constellation and invites a second company; the second (another account) accepts;
 * roles are granted (Verifier waits for the member's acceptance); an operator of the first signs in and acts for it.
 * Along the way the console stops what the contract would refuse before anything is sent, with the reason in words: an
 * unregistered company cannot be invited, and the last admin cannot leave.
 *
 * Profiles and the operator are made through the console's company page (/console/profile), as a user would.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Permission, Role } from "@constellate/sdk";
import type { Page } from "playwright-core";
import { createPublicClient, createWalletClient, http } from "viem";
import type { Address } from "viem";

import { constellateAbis } from "../../../sdk/src/contracts.ts";
import { locateChromium, openConsole, startConsoleStack, strangerAccounts } from "../support/console.ts";
import type { ConsoleSession, ConsoleStack } from "../support/console.ts";

const chromium = await locateChromium();
const skip = "skip" in chromium ? chromium.skip : false;

let stack: ConsoleStack;
before(async () => {
  if (skip === false) stack = await startConsoleStack({ name: "constellations" });
});
after(() => stack?.stop());

const FIRST = "Helios Roasters";
const SECOND = "Verde Packaging";
const CONSTELLATION = "Coffee circle";

/** Waits for a transaction's status line ("<label>: confirmed in block N …") inside `scope`, and for the indexer. */
async function confirmed(page: Page, label: RegExp) {
  const status = page
    .getByRole("status")
    .filter({ hasText: label })
    .filter({ hasText: /confirmed in block/ });
  await status.waitFor({ timeout: 60_000 });
  // The console waits for the indexer before refreshing lists; the status line then ends with a full stop.
  await page
    .getByRole("status")
    .filter({ hasText: label })
    .filter({ hasText: /confirmed in block \d+ \([^)]*\)\.$/ })
    .waitFor({ timeout: 60_000 });
}

/** Registers the signed-in account's company through the console's profile page. */
async function registerProfile(s: ConsoleSession, name: string) {
  await s.goto("/console/profile");
  const form = s.page.getByRole("region", { name: "Register your company" });
  await form.getByRole("textbox", { name: "Company name" }).fill(name);
  await form.getByRole("button", { name: "Register company" }).click();
  // Once registered, the page offers to edit the profile, and the session (reloaded) acts for the company.
  await s.page.getByRole("region", { name: "Edit profile" }).waitFor({ timeout: 60_000 });
  await s.page.getByRole("combobox", { name: "Acting for" }).waitFor();
}

/** Polls `check` until it holds (the page refetches chain state on every block). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function sends(s: ConsoleSession): number {
  return s.wallet.requests("eth_sendTransaction").length;
}

test(
  "scenario 1: found a constellation, invite, accept, grant roles, an operator acts for the company",
  { skip },
  async () => {
    const [first, second, operator, stranger] = strangerAccounts(stack) as [Address, Address, Address, Address];
    const client = createPublicClient({ transport: http(stack.rpcUrl) });
    const constellations = stack.deployment.addresses.Constellations as Address;
    const membership = (id: bigint, company: Address) =>
      client.readContract({
        address: constellations,
        abi: constellateAbis.Constellations,
        functionName: "membershipOf",
        args: [id, company],
      });

    const a = await openConsole(stack, { account: first });
    const b = await openConsole(stack, { account: second });
    let o: ConsoleSession | undefined;
    try {
      // Both companies sign in and register their profiles.
      await registerProfile(a, FIRST);
      await registerProfile(b, SECOND);

      // The first founds a constellation.
      await a.goto("/console/constellations");
      const found = a.page.getByRole("region", { name: "Found a constellation" });
      await found.getByRole("textbox", { name: "Name" }).fill(CONSTELLATION);
      await found.getByRole("textbox", { name: "Purpose" }).fill("Traceable specialty coffee in returnable packaging");
      await found.getByRole("button", { name: "Found the constellation" }).click();
      await confirmed(a.page, new RegExp(`Found “${CONSTELLATION}”`));
      const created = found.getByText(new RegExp(`${CONSTELLATION} is constellation #(\\d+)`));
      const id = BigInt(/#(\d+)/.exec(await created.innerText())![1]!);
      // Its list of my constellations shows it with the Admin role.
      const mine = a.page.getByRole("region", { name: "My constellations" });
      await mine.getByRole("link", { name: CONSTELLATION }).waitFor();
      await mine.getByText("Admin", { exact: true }).waitFor();
      await found.getByRole("link", { name: `Open ${CONSTELLATION}` }).click();
      await a.page.getByRole("heading", { level: 1, name: new RegExp(CONSTELLATION) }).waitFor();

      // Inviting: an address that is no registered company is stopped before sending, with the reason.
      const invite = a.page.getByRole("region", { name: "Invite a company" });
      const address = invite.getByRole("textbox", { name: "Company address" });
      await address.fill("0x1234");
      await invite
        .getByRole("alert")
        .filter({ hasText: "An address is 0x followed by 40 hexadecimal characters." })
        .waitFor();
      await address.fill(stranger);
      await invite
        .getByRole("alert")
        .filter({ hasText: /not a registered company/ })
        .waitFor();
      assert.equal(await address.getAttribute("aria-invalid"), "true");
      assert.ok(await invite.getByRole("button", { name: "Send the invitation" }).isDisabled());

      // The second company, invited as Producer.
      const before = sends(a);
      await address.fill(second);
      await invite.getByText(`${SECOND}: a registered company.`).waitFor();
      await invite.getByRole("checkbox", { name: "Producer", exact: true }).check();
      await invite.getByRole("button", { name: "Send the invitation" }).click();
      await confirmed(a.page, new RegExp(`Invite ${SECOND} as Producer`));
      assert.equal(sends(a), before + 1);
      await a.page
        .getByRole("region", { name: "Open invitations" })
        .getByRole("button", { name: `Withdraw the invitation of ${SECOND}` })
        .waitFor();

      // The second company sees the invitation and accepts it.
      await b.goto("/console/constellations");
      const invitations = b.page.getByRole("region", { name: "Invitations to my company" });
      await invitations.getByRole("link", { name: CONSTELLATION }).waitFor();
      await invitations.getByRole("button", { name: `Accept the invitation to ${CONSTELLATION}` }).click();
      await confirmed(b.page, new RegExp(`Accept the invitation to ${CONSTELLATION}`));
      assert.equal((await membership(id, second)).roles, Role.PRODUCER);

      // The first grants it Retailer (in effect at once) and Verifier (offered: it waits for the member's consent).
      await a.page.reload();
      const members = a.page.getByRole("region", { name: "Members" });
      await members.getByRole("button", { name: `Manage ${SECOND}` }).click();
      await members.getByRole("checkbox", { name: "Retailer", exact: true }).check();
      await members.getByRole("checkbox", { name: "Verifier", exact: true }).check();
      await members.getByRole("button", { name: "Grant the selected roles" }).click();
      await confirmed(a.page, new RegExp(`Grant Retailer and Verifier to ${SECOND}`));
      const granted = await membership(id, second);
      assert.equal(granted.roles, Role.PRODUCER | Role.RETAILER);
      assert.equal(granted.pendingRoles, Role.VERIFIER);
      // Granting the same again would change nothing: the console says so instead of sending.
      await members.getByText(/Roles unchanged/).waitFor();
      assert.ok(await members.getByRole("button", { name: "Grant the selected roles" }).isDisabled());

      // The second company accepts the Verifier role offered to it.
      await b.page.reload();
      const bMine = b.page.getByRole("region", { name: "My constellations" });
      await bMine.getByRole("button", { name: `Accept Verifier in ${CONSTELLATION}` }).click();
      await confirmed(b.page, new RegExp(`Accept Verifier in ${CONSTELLATION}`));
      assert.equal((await membership(id, second)).roles, Role.PRODUCER | Role.RETAILER | Role.VERIFIER);
      await b.screenshot("scenario-1-second-company");

      // A refusal stopped before sending: the first company is the only admin, so it cannot leave (LastAdmin).
      await a.page.reload();
      const yours = a.page.getByRole("region", { name: "Your membership" });
      const leave = yours.getByRole("button", { name: `Leave ${CONSTELLATION}` });
      await leave.waitFor();
      await yours
        .getByText(/A constellation must keep an admin: your company is the only admin/)
        .first()
        .waitFor();
      assert.ok(await leave.isDisabled(), "the last admin's Leave button is disabled");
      const description = await leave.getAttribute("aria-describedby");
      assert.ok(description !== null, "the button points to its reason");
      assert.match(await a.page.locator(`[id="${description}"]`).innerText(), /must keep an admin/);
      const sentBefore = sends(a);
      await leave.click({ force: true }).catch(() => {});
      assert.equal(sends(a), sentBefore, "nothing was sent");
      assert.equal((await membership(id, first)).roles & Role.ADMIN, Role.ADMIN);

      // The first company appoints an operator through its profile page.
      await a.goto("/console/profile");
      const operators = a.page.getByRole("region", { name: "Operators" });
      await operators.getByRole("textbox", { name: "Operator's address" }).fill(operator);
      await operators.getByRole("checkbox", { name: "Take part in constellations" }).check();
      await operators.getByRole("checkbox", { name: "Administer constellations" }).check();
      await operators.getByRole("button", { name: "Appoint operator" }).click();
      await confirmed(a.page, /Appoint operator/);

      // The operator signs in with its own wallet and acts for the first company.
      o = await openConsole(stack, { account: operator });
      const acting = o.page.getByRole("combobox", { name: "Acting for" });
      await acting.waitFor();
      assert.match(await acting.locator("option:checked").innerText(), new RegExp(`${FIRST} \\(as operator\\)`));
      await o.goto(`/console/constellations/${id}`);
      const oMembers = o.page.getByRole("region", { name: "Members" });
      await oMembers.getByRole("button", { name: `Manage ${SECOND}` }).click();
      await oMembers.getByRole("checkbox", { name: "Logistics", exact: true }).check();
      await oMembers.getByRole("button", { name: "Grant the selected roles" }).click();
      await confirmed(o.page, new RegExp(`Grant Logistics to ${SECOND}`));
      assert.equal(
        (await membership(id, second)).roles,
        Role.PRODUCER | Role.RETAILER | Role.VERIFIER | Role.LOGISTICS,
      );
      // The operator's wallet sent it (wrapped in actFor), not the company's.
      const sent = o.wallet.requests("eth_sendTransaction");
      assert.equal(sent.length, 1);
      const tx = (sent[0]!.params as { from: string; to: string }[])[0]!;
      assert.equal(tx.from.toLowerCase(), operator.toLowerCase());
      assert.equal(tx.to.toLowerCase(), constellations.toLowerCase());
      // The operator acting for the only admin meets the same refusal before sending.
      await o.page
        .getByRole("region", { name: "Your membership" })
        .getByText(/A constellation must keep an admin/)
        .first()
        .waitFor();

      await o.screenshot("scenario-1-constellation");

      // When the contract refuses anyway, the status says why in words (the decoded custom error) and nothing is
      // sent: here the company narrows its operator's permissions behind the open page's back.
      const { timestamp } = await stack.latestBlock();
      const narrowed = await createWalletClient({ transport: http(stack.rpcUrl) }).writeContract({
        account: first,
        chain: null,
        address: stack.deployment.addresses.Companies as Address,
        abi: constellateAbis.Companies,
        functionName: "setOperator",
        args: [operator, Permission.MEMBERSHIP, timestamp + 30n * 86_400n],
      });
      await client.waitForTransactionReceipt({ hash: narrowed });
      const sentByOperator = sends(o);
      await oMembers.getByRole("checkbox", { name: "Logistics", exact: true }).uncheck();
      await oMembers.getByRole("checkbox", { name: "Supplier", exact: true }).check();
      await oMembers.getByRole("button", { name: "Grant the selected roles" }).click();
      const refused = oMembers.getByRole("alert").filter({ hasText: `Grant Supplier to ${SECOND} failed` });
      await refused.waitFor();
      assert.match(await refused.innerText(), /may not act for .*not the company, and not one of its live operators/);
      assert.equal(sends(o), sentByOperator, "nothing was sent");
      assert.equal((await membership(id, second)).roles & Role.SUPPLIER, 0);
      await o.screenshot("scenario-1-refused-decoded");
    } catch (error) {
      // What each browser showed when it went wrong, for the report.
      await a.screenshot("scenario-1-failed-first").catch(() => {});
      await b.screenshot("scenario-1-failed-second").catch(() => {});
      await o?.screenshot("scenario-1-failed-operator").catch(() => {});
      throw error;
    } finally {
      await o?.close();
      await b.close();
      await a.close();
    }
  },
);

test(
  "request to join and approve; a motion makes a second admin; removal and archiving take a majority",
  { skip },
  async () => {
    const [, , , , founder, joiner] = strangerAccounts(stack) as Address[];
    const FOUNDER = "Loop Packaging Works";
    const JOINER = "Delta Fibre Mills";
    const NAME = "Packaging loop";
    const client = createPublicClient({ transport: http(stack.rpcUrl) });
    const address = stack.deployment.addresses.Constellations as Address;
    const abi = constellateAbis.Constellations;
    const membership = (id: bigint, company: Address) =>
      client.readContract({ address, abi, functionName: "membershipOf", args: [id, company] });

    const c = await openConsole(stack, { account: founder! });
    const d = await openConsole(stack, { account: joiner! });
    try {
      await registerProfile(c, FOUNDER);
      await registerProfile(d, JOINER);
      await c.goto("/console/constellations");
      const found = c.page.getByRole("region", { name: "Found a constellation" });
      // Nothing is sent without a name; the field says why.
      const sentBefore = sends(c);
      await found.getByRole("button", { name: "Found the constellation" }).click();
      await found.getByRole("alert").filter({ hasText: "Give the constellation a name." }).waitFor();
      assert.equal(sends(c), sentBefore);
      await found.getByRole("textbox", { name: "Name" }).fill(NAME);
      await found.getByRole("button", { name: "Found the constellation" }).click();
      await confirmed(c.page, new RegExp(`Found “${NAME}”`));
      const created = await found.getByText(new RegExp(`${NAME} is constellation #`)).innerText();
      const id = BigInt(/#(\d+)/.exec(created)![1]!);

      // The joiner finds it among the others and asks to join as Supplier.
      await d.goto("/console/constellations");
      const others = d.page.getByRole("region", { name: "Other constellations" });
      await others.getByRole("button", { name: `Ask to join ${NAME}` }).click();
      await others.getByRole("checkbox", { name: "Supplier", exact: true }).check();
      await others.getByRole("button", { name: `Send the request to join ${NAME}` }).click();
      await confirmed(d.page, new RegExp(`Ask to join ${NAME} as Supplier`));
      await d.page
        .getByRole("region", { name: "My requests to join" })
        .getByRole("button", { name: `Cancel the request to join ${NAME}` })
        .waitFor();

      // The founder approves it, adding Verifier, which the joiner did not ask for: it waits for its acceptance.
      await c.goto(`/console/constellations/${id}`);
      const requests = c.page.getByRole("region", { name: "Requests to join" });
      await requests.getByRole("checkbox", { name: "Verifier", exact: true }).check();
      await requests.getByText(`${JOINER} did not ask for Verifier`).waitFor();
      await requests.getByRole("button", { name: `Approve ${JOINER}` }).click();
      await confirmed(c.page, new RegExp(`Approve ${JOINER} as Supplier and Verifier`));
      let joined = await membership(id, joiner!);
      assert.equal(joined.roles, Role.SUPPLIER);
      assert.equal(joined.pendingRoles, Role.VERIFIER);

      // Making it an admin is a motion; with one admin, the founder's vote carries it.
      const members = c.page.getByRole("region", { name: "Members" });
      await members.getByRole("button", { name: `Manage ${JOINER}` }).click();
      await members.getByRole("button", { name: `Vote: Make ${JOINER} an admin (your vote carries it)` }).click();
      await confirmed(c.page, new RegExp(`Vote: Make ${JOINER} an admin`));
      joined = await membership(id, joiner!);
      assert.equal(joined.pendingRoles, Role.ADMIN | Role.VERIFIER);

      // The joiner accepts Admin and Verifier on the constellation's page.
      await d.goto(`/console/constellations/${id}`);
      await d.page
        .getByRole("region", { name: "Your membership" })
        .getByRole("button", { name: "Accept Admin and Verifier" })
        .click();
      await confirmed(d.page, /Accept Admin and Verifier/);
      joined = await membership(id, joiner!);
      assert.equal(joined.roles, Role.ADMIN | Role.SUPPLIER | Role.VERIFIER);

      // Two admins now: the founder could leave; removing the other admin alone is refused before sending.
      await c.page.reload();
      const leave = c.page
        .getByRole("region", { name: "Your membership" })
        .getByRole("button", { name: `Leave ${NAME}` });
      await leave.waitFor();
      await until(() => leave.isEnabled(), "the founder's Leave button is enabled once there are two admins");
      await members.getByRole("button", { name: `Manage ${JOINER}` }).click();
      await members.getByText(/removing it takes a majority of the admins/).waitFor();
      assert.ok(await members.getByRole("button", { name: `Remove ${JOINER} from ${NAME}` }).isDisabled());
      await members.getByRole("button", { name: `Vote: Remove ${JOINER}` }).click();
      await confirmed(c.page, new RegExp(`Vote: Remove ${JOINER}`));
      assert.ok((await membership(id, joiner!)).joinedAt > 0n, "one vote of two does not carry it");
      const motions = c.page.getByRole("region", { name: "Motions" });
      await motions.getByText("1 of the 2 votes needed").first().waitFor();

      // Archiving takes both admins' votes.
      await motions.getByRole("button", { name: `Vote: Archive ${NAME}` }).click();
      await confirmed(c.page, new RegExp(`Vote: Archive ${NAME}`));
      await d.page.reload();
      await d.page
        .getByRole("region", { name: "Motions" })
        .getByRole("button", { name: `Vote: Archive ${NAME} (your vote carries it)` })
        .click();
      await confirmed(d.page, new RegExp(`Vote: Archive ${NAME}`));
      const state = await client.readContract({ address, abi, functionName: "constellationOf", args: [id] });
      assert.equal(state.archived, true);
      await d.page.getByRole("heading", { level: 1 }).getByText("Archived").waitFor();

      // Archived: no new members; the console says so before anything is sent.
      await c.page.reload();
      await c.page
        .getByRole("region", { name: "Invite a company" })
        .getByText(`${NAME} is archived: it takes no new members.`)
        .waitFor();
      await c.screenshot("constellations-motions-archived");
    } catch (error) {
      await c.screenshot("constellations-motions-failed-founder").catch(() => {});
      await d.screenshot("constellations-motions-failed-joiner").catch(() => {});
      throw error;
    } finally {
      await d.close();
      await c.close();
    }
  },
);
