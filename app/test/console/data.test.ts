/**
 * Data access in a real browser (issue 7, scenario 4): a data owner uploads a restricted dataset and grants a partner;
 * the partner downloads it (a file save, byte-identical); after revocation the partner cannot, and is told why in
 * words; the owner's access log shows the partner's read. Two companies, each in a browser of its own: Fernleaf
 * Packaging owns the data, Greenway Grocers is the partner.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";

import { accessScope } from "@constellate/sdk";
import type { Page } from "playwright-core";

import { locateChromium, openConsole, startConsoleStack, strangerAccounts } from "../support/console.ts";
import type { ConsoleSession, ConsoleStack } from "../support/console.ts";
import { signIn } from "../support/stack.ts";

const chromium = await locateChromium();
const skip = "skip" in chromium ? chromium.skip : false;

let stack: ConsoleStack;
before(async () => {
  if (skip === false) stack = await startConsoleStack({ name: "data" });
});
after(() => stack?.stop());

const DATASET = "recycled-content-audit-2025";
const CSV = [
  "bag_model,recycled_pe_share,mass_balance_certificate,audited_on",
  "FL-250-KRAFT,0.42,ISCC PLUS EU-ISCC-Cert-DE119-81234567,2025-09-12",
  "FL-500-KRAFT,0.38,ISCC PLUS EU-ISCC-Cert-DE119-81234567,2025-09-12",
  "",
].join("\n");

/** Clicks `click` and returns the bytes of the file the browser saves; fails with the page's words if it refuses. */
async function downloadBytes(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const refused = page.getByTestId("download-result").filter({ hasText: /^Download refused/ });
  const [download] = await Promise.all([
    Promise.race([
      page.waitForEvent("download"),
      refused.waitFor().then(async () => assert.fail(await refused.innerText())),
    ]),
    click(),
  ]);
  return readFileSync(await download.path());
}

/** Polls `check` until it holds (or fails after `timeoutMs`). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForConfirmation(session: ConsoleSession, label: RegExp): Promise<void> {
  const { page } = session;
  const outcome = page
    .getByRole("status")
    .filter({ hasText: label })
    .filter({ hasText: /confirmed in block/ });
  const failure = page.getByRole("alert").filter({ hasText: label });
  await Promise.race([
    outcome.first().waitFor({ timeout: 60_000 }),
    failure
      .first()
      .waitFor({ timeout: 60_000 })
      .then(async () => assert.fail(`transaction failed: ${await failure.first().innerText()}`)),
  ]);
}

test(
  "scenario 4: upload a restricted dataset, grant a partner, the partner downloads it, revoke, refused",
  { skip },
  async () => {
    const ownerAddress = stack.seed.companies.packaging.address as `0x${string}`;
    const partnerAddress = stack.seed.companies.retailer.address as `0x${string}`;
    const bytes = Buffer.from(CSV, "utf8");
    const sha256 = createHash("sha256").update(bytes).digest("hex");

    const owner = await openConsole(stack, { account: ownerAddress });
    let partner: ConsoleSession | undefined;
    try {
      // The owner uploads a restricted dataset: a file, the kind "named dataset" and its name.
      await owner.goto("/console/data");
      const op = owner.page;
      const upload = op.getByRole("form", { name: "Upload a restricted dataset" });
      await upload
        .getByLabel("File")
        .setInputFiles({ name: "recycled-content.csv", mimeType: "text/csv", buffer: bytes });
      await upload.getByLabel("Kind of data").selectOption("dataset");
      await upload.getByLabel("Dataset name").fill(DATASET);
      await upload.getByRole("button", { name: "Upload to the vault" }).click();
      const stored = op.getByTestId("uploaded-sha256");
      await stored.waitFor();
      assert.equal(await stored.innerText(), sha256, "the vault hashed the same bytes");

      // It lists under the owner's documents, restricted, with its scope in words.
      const row = op.locator(`tr[data-sha256="${sha256}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /restricted/);
      assert.match(await row.innerText(), new RegExp(`Dataset "${DATASET}", all products`));

      // A link for the partner.
      await row.getByRole("button", { name: `Share link to ${sha256.slice(0, 10)}` }).click();
      const link = await row.getByLabel(/Link for grantees/).inputValue();
      assert.match(link, new RegExp(`sha256=${sha256}`));

      // The owner grants the partner that scope: the upload's notice opens the grant form on it.
      await op.getByRole("button", { name: "Grant access to this scope" }).click();
      const grant = op.getByRole("form", { name: "Grant access" });
      assert.equal(await grant.getByLabel("Dataset name").inputValue(), DATASET);
      await grant.getByLabel("Company address").fill(partnerAddress);
      // The grantee is checked on the chain as a registered company before the button is enabled.
      await grant.getByText(/Registered company: Greenway Grocers/).waitFor();
      await grant.getByRole("button", { name: "Grant access", exact: true }).click();
      await waitForConfirmation(owner, /^Grant access/);
      const made = op.getByRole("region", { name: "Grants I made" }).locator("tr", { hasText: "Greenway Grocers" });
      await made.filter({ hasText: DATASET }).filter({ hasText: "live" }).first().waitFor();

      // The partner, in a browser of its own, sees the grant and downloads the document through the shared link.
      partner = await openConsole(stack, { account: partnerAddress });
      const pp = partner.page;
      await partner.goto("/console/data");
      const received = pp.getByRole("region", { name: "Grants to my company" });
      await received.locator("tr", { hasText: "Fernleaf Packaging" }).filter({ hasText: "live" }).first().waitFor();
      await partner.goto(new URL(link).pathname + new URL(link).search);
      const open = pp.getByRole("form", { name: "Open a shared document" });
      // The link fills the form in once the session is up.
      const ownerField = open.getByLabel("Owner (company address)");
      await until(
        async () => (await ownerField.inputValue()).toLowerCase() === ownerAddress.toLowerCase(),
        "the shared link fills in the owner",
      );
      const downloaded = await downloadBytes(pp, () => open.getByRole("button", { name: "Download document" }).click());
      assert.equal(createHash("sha256").update(downloaded).digest("hex"), sha256, "the partner got the uploaded bytes");
      assert.deepEqual(downloaded, bytes);
      await open
        .getByTestId("download-result")
        .filter({ hasText: /^Saved as/ })
        .waitFor();
      assert.match(pp.url(), /\/console\/data/, "the document was saved, not opened in the console");

      // The owner revokes; the partner's next download is refused, in words.
      await op.getByRole("button", { name: "Revoke the grant to Greenway Grocers" }).first().click();
      await waitForConfirmation(owner, /^Revoke the grant to Greenway Grocers/);
      await made.filter({ hasText: DATASET }).filter({ hasText: "revoked" }).first().waitFor();

      let downloads = 0;
      pp.on("download", () => downloads++);
      await open.getByRole("button", { name: "Download document" }).click();
      const refused = open.getByTestId("download-result").filter({ hasText: /^Download refused/ });
      await refused.waitFor();
      assert.match(await refused.innerText(), /no live grant lets your company read it/);
      assert.equal(downloads, 0, "nothing was saved after the revocation");
      // The refusal refreshes the partner's lists: the grant shows as revoked.
      await received.locator("tr", { hasText: "Fernleaf Packaging" }).filter({ hasText: "revoked" }).first().waitFor();
      await partner.screenshot("scenario-4-data-refused");

      // The owner's access log names the partner's read.
      await owner.goto("/console/data");
      const log = op.getByRole("table", { name: "Access log" });
      const read = log.locator("tr", { has: op.locator(`td[data-reader="${partnerAddress.toLowerCase()}"]`) }).first();
      await read.waitFor();
      // Names come from the indexer a moment after the rows: wait for them rather than read the first render.
      await read.filter({ hasText: "the grant to Greenway Grocers" }).waitFor();
      assert.match(await read.innerText(), /Greenway Grocers/);
      assert.match(
        await read.innerText(),
        new RegExp(`the grant to Greenway Grocers \\(Dataset "${DATASET}", all products\\)`),
      );
      await owner.screenshot("scenario-4-data");
    } finally {
      await partner?.close();
      await owner.close();
    }
  },
);

test(
  "a blinded grant: only a commitment on chain, the grantee reads through the owner's vault, revocable",
  { skip },
  async () => {
    const ownerAddress = stack.seed.companies.packaging.address as `0x${string}`;
    const verifierAddress = stack.seed.companies.verifier.address as `0x${string}`;
    const bytes = Buffer.from(`{"type":"lab-result","sample":"FL-250-KRAFT","recycled_pe_share":0.42,"lab":"demo"}\n`);
    const sha256 = createHash("sha256").update(bytes).digest("hex");

    const owner = await openConsole(stack, { account: ownerAddress });
    let verifier: ConsoleSession | undefined;
    try {
      await owner.goto("/console/data");
      const op = owner.page;
      const upload = op.getByRole("form", { name: "Upload a restricted dataset" });
      await upload
        .getByLabel("File")
        .setInputFiles({ name: "lab-result.json", mimeType: "application/json", buffer: bytes });
      await upload.getByLabel("Kind of data").selectOption("claim-evidence");
      await upload.getByRole("button", { name: "Upload to the vault" }).click();
      assert.equal(await op.getByTestId("uploaded-sha256").innerText(), sha256);

      const grant = op.getByRole("form", { name: "Grant access" });
      await grant.getByLabel("Company address").fill(verifierAddress);
      await grant.getByText(/Registered company: Clearview Assurance/).waitFor();
      await grant.getByLabel("Kind of data").selectOption("claim-evidence");
      await grant.getByLabel("Blinded", { exact: true }).check();
      await grant.getByText(/only a commitment on the chain/).waitFor();
      await grant.getByRole("button", { name: "Grant access (blinded)" }).click();
      await waitForConfirmation(owner, /^Blinded grant/);
      // The owner's browser remembers whom the commitment is for; the chain only has the commitment.
      const made = op.getByRole("region", { name: "Grants I made" }).locator("tr", { hasText: "Clearview Assurance" });
      await made.filter({ hasText: "live" }).first().waitFor();
      const commitment = await made.first().getAttribute("data-commitment");
      assert.match(commitment ?? "", /^0x[0-9a-f]{64}$/);

      verifier = await openConsole(stack, { account: verifierAddress });
      const vp = verifier.page;
      await verifier.goto("/console/data");
      const blinded = vp.locator(`li[data-commitment="${commitment}"]`);
      await blinded.waitFor();
      assert.match(await blinded.innerText(), /Fernleaf Packaging: Claim evidence, all products/);
      await blinded.getByRole("button", { name: /Open a document of Fernleaf Packaging/ }).click();
      const open = vp.getByRole("form", { name: "Open a shared document" });
      await open.getByLabel("Document SHA-256 or link").fill(sha256);
      const downloaded = await downloadBytes(vp, () => open.getByRole("button", { name: "Download document" }).click());
      assert.deepEqual(downloaded, bytes);

      await op.getByRole("button", { name: "Revoke the blinded grant to Clearview Assurance" }).first().click();
      await waitForConfirmation(owner, /^Revoke the blinded grant to Clearview Assurance/);
      await made.filter({ hasText: "revoked" }).first().waitFor();
      await open.getByRole("button", { name: "Download document" }).click();
      await open
        .getByTestId("download-result")
        .filter({ hasText: /^Download refused/ })
        .waitFor();
    } finally {
      await verifier?.close();
      await owner.close();
    }
  },
);

test(
  "constellation grants: a member reads through one (with the grant as the vault's hint); a grant to members with a role",
  { skip },
  async () => {
    const memberAddress = stack.seed.companies.packaging.address as `0x${string}`;
    const brand = stack.seed.companies.brand;
    // The demo's brand grants the members of "Specialty coffee" its journey documents (EPCIS) of its first product.
    const journey = stack.seed.products.journey[0];
    assert.ok(journey !== undefined);
    const bytes = Buffer.from(JSON.stringify(journey.document, null, 2) + "\n");
    const sha256 = createHash("sha256").update(bytes).digest("hex");

    // The console stack seeds the chain, not the vault: the brand stores the document (as its journey page would).
    const asBrand = await signIn(stack, brand.address);
    const stored = await fetch(`${stack.origin}/api/vault/documents`, {
      method: "POST",
      headers: asBrand.bearer({
        "content-type": "application/ld+json",
        "x-visibility": "restricted",
        "x-scope": accessScope("epcis", stack.seed.products.products[0]!.id),
        "x-content-sha256": sha256,
      }),
      body: bytes,
    });
    assert.equal(stored.status, 201, await stored.text());

    const member = await openConsole(stack, { account: memberAddress });
    try {
      await member.goto("/console/data");
      const page = member.page;
      const row = page
        .getByRole("region", { name: "Grants to my company" })
        .locator("tr", { hasText: "the members of #1 Specialty coffee" })
        .filter({ hasText: brand.name });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /Journey event documents \(EPCIS\), product GTIN \d{14}/);
      await row
        .first()
        .getByRole("button", { name: `Open a document of ${brand.name}` })
        .click();
      const open = page.getByRole("form", { name: "Open a shared document" });
      await open.getByText(/Relying on grant 0x/).waitFor();
      await open.getByLabel("Document SHA-256 or link").fill(sha256);
      const downloaded = await downloadBytes(page, () =>
        open.getByRole("button", { name: "Download document" }).click(),
      );
      assert.deepEqual(downloaded, bytes);

      // A grant to the members of a constellation holding PRODUCER; blinded grants are for one company only.
      const grant = page.getByRole("form", { name: "Grant access" });
      await grant.getByLabel("The members of a constellation").check();
      assert.equal(await grant.getByLabel(/^Blinded/).isDisabled(), true);
      await grant.getByLabel("Constellation", { exact: true }).selectOption({ label: "#2 Circular packaging" });
      await grant.getByLabel("PRODUCER").check();
      await grant.getByLabel("Kind of data").selectOption("serials");
      await grant.getByRole("button", { name: "Grant access", exact: true }).click();
      await waitForConfirmation(member, /^Grant access/);
      await page
        .getByRole("region", { name: "Grants I made" })
        .locator("tr", { hasText: "the members of #2 Circular packaging holding PRODUCER" })
        .filter({ hasText: "Serial lists, all products" })
        .filter({ hasText: "live" })
        .first()
        .waitFor();
    } finally {
      await member.close();
    }
  },
);

test(
  "refusals in words before and after sending: unregistered grantee, too large a file; deleting a document",
  { skip },
  async () => {
    const ownerAddress = stack.seed.companies.packaging.address as `0x${string}`;
    const stranger = strangerAccounts(stack)[0]!;
    const s = await openConsole(stack, { account: ownerAddress });
    try {
      await s.goto("/console/data");
      const page = s.page;

      // The grant form checks the grantee on the chain as it is typed, and keeps the button disabled.
      const grant = page.getByRole("form", { name: "Grant access" });
      await grant.getByLabel("Company address").fill("0x1234");
      await grant
        .getByRole("alert")
        .filter({ hasText: "An address is 0x followed by 40 hexadecimal digits." })
        .waitFor();
      await grant.getByLabel("Company address").fill(stranger);
      await grant
        .getByRole("alert")
        .filter({ hasText: /No company is registered at this address/ })
        .waitFor();
      assert.equal(await grant.getByRole("button", { name: "Grant access", exact: true }).isDisabled(), true);
      assert.match(await grant.locator("#grant-blocked").innerText(), /^Before granting: No company is registered/);
      await grant.getByLabel("Company address").fill(ownerAddress);
      await grant
        .getByRole("alert")
        .filter({ hasText: /That is your own company/ })
        .waitFor();

      // The vault refuses a file over its limit (4 MiB in the console stack): 413, in words.
      const upload = page.getByRole("form", { name: "Upload a restricted dataset" });
      await upload.getByLabel("File").setInputFiles({
        name: "too-large.bin",
        mimeType: "application/octet-stream",
        buffer: Buffer.alloc(4 * 1024 * 1024 + 1, 7),
      });
      await upload.getByLabel("Dataset name").fill("too-large");
      await upload.getByRole("button", { name: "Upload to the vault" }).click();
      await upload.getByText(/Upload failed: The file is too large for this vault/).waitFor();

      // A restricted document can be deleted; it leaves the list.
      const bytes = Buffer.from(`a document to delete, ${Date.now()}\n`);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      await upload.getByLabel("File").setInputFiles({ name: "to-delete.txt", mimeType: "text/plain", buffer: bytes });
      await upload.getByLabel("Dataset name").fill("scratch");
      await upload.getByRole("button", { name: "Upload to the vault" }).click();
      const row = page.locator(`tr[data-sha256="${sha256}"]`);
      await row.waitFor();
      await row.getByRole("button", { name: `Delete ${sha256.slice(0, 10)}` }).click();
      await row.getByRole("button", { name: "Delete for good" }).click();
      await row.waitFor({ state: "detached" });
    } finally {
      await s.close();
    }
  },
);
