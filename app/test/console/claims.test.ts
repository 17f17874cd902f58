/**
 * Claims and verification in a real browser (issue 7, scenarios 2 and 5):
 *  2. a producer registers a product, records two journey events on it, issues a claim about it through the form
 *     generated from the topic's schema, with evidence, and asks the demo verifier; the verifier signs in (its own browser), finds the request in its inbox, opens the
 *     claim, sees the document's hash checked and the evidence it was granted, and attests; the producer's claims list
 *     shows the claim verified by the verifier;
 *  5. a batch of 100 claims issued at once from a CSV, all listed on the batch's page with their status.
 * Screenshots: app/e2e/screenshots/scenario-2-verified.png and scenario-5-batch.png.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { gtinCheckDigit } from "@constellate/sdk";
import type { Address } from "viem";

import { DEMO_LOT } from "../../../scripts/lib/seed-products.ts";
import { locateChromium, openConsole, startConsoleStack } from "../support/console.ts";
import type { ConsoleStack } from "../support/console.ts";
import { recordTwoJourneyEvents, registerBrandProduct } from "../support/console-steps.ts";

const chromium = await locateChromium();
const skip = "skip" in chromium ? chromium.skip : false;

describe("claims and verification in the console", { skip }, () => {
  let stack: ConsoleStack;
  before(async () => {
    stack = await startConsoleStack({ name: "claims" });
  });
  after(async () => {
    await stack?.stop();
  });

  /** The brand's first product (the demo's single origin), as the console's product options name it. */
  function demoProduct() {
    const brand = stack.seed.companies.brand.address;
    const product = stack.seed.products.products.find((p) => p.owner.toLowerCase() === brand.toLowerCase());
    assert.ok(product, "the demo brand owns a product");
    return { ...product, gtin14: product.gtin.padStart(14, "0") };
  }

  it("scenario 2: a producer registers a product, records two journey events and issues a claim; a verifier attests it; the claim shows as verified", async () => {
    const verifierName = stack.seed.companies.verifier.name;
    const body = "401234500004";
    const gtin14 = `0${body}${gtinCheckDigit(body)}`;
    const product = { gtin14 };

    // The producer registers a product and records two journey events on it, then issues a recycled-content claim
    // about it through the form the topic's JSON Schema generates.
    const brand = await openConsole(stack, { account: stack.seed.companies.brand.address as Address });
    try {
      const page = brand.page;
      await registerBrandProduct(brand, gtin14);
      await recordTwoJourneyEvents(brand);
      await brand.goto("/console/claims");
      await page.getByRole("button", { name: "Issue a claim" }).click();
      const form = page.getByRole("form", { name: "Issue a claim" });
      await form.getByLabel("Topic").selectOption({ label: "Recycled content" });
      await form.getByLabel("What the claim is about").selectOption("product");
      const option = form.getByLabel("Product").locator("option", { hasText: `GTIN ${product.gtin14}` });
      await form.getByLabel("Product").selectOption((await option.first().getAttribute("value")) ?? "");

      // Validated as typed: a percentage over 100 is refused with the reason in words.
      await form.getByLabel("Recycled content percent").fill("130");
      await form.getByText("Must be at most 100; it is 130").waitFor();
      await form.getByLabel("Recycled content percent").fill("30");
      await form.getByLabel("Material", { exact: true }).fill("PET (bag laminate)");
      await form.getByLabel("Basis", { exact: true }).selectOption({ label: "mass" });
      await form.getByLabel("Standard", { exact: true }).selectOption({ label: "GRS" });
      await form.getByLabel("Certificate › Number").fill("GRS-TC-99001");
      await form.getByLabel("Evidence files (restricted)").setInputFiles({
        name: "grs-transaction-certificate.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("GRS transaction certificate GRS-TC-99001: 30% post-consumer PET in the bag laminate.\n"),
      });
      await form.getByRole("button", { name: "Issue claim" }).click();
      await form.getByText("Claim issued.").waitFor({ timeout: 60_000 });
      await form.getByRole("link", { name: "Open the claim" }).click();

      // The claim's page: awaiting verification; the issuer asks the demo verifier.
      await page.getByTestId("claim-status").getByText("Valid, awaiting verification").waitFor();
      await page.getByText("The document matches the hash on chain").waitFor();
      await page.getByRole("button", { name: "Download grs-transaction-certificate.txt" }).waitFor();
      const claimUrl = page.url();
      const claimId = claimUrl.split("/").at(-1)!;
      await page.getByLabel("Verifier", { exact: true }).selectOption({ label: verifierName });
      await page.getByRole("button", { name: "Ask to verify" }).click();
      await page.getByText(`Ask ${verifierName} to verify: confirmed`).waitFor({ timeout: 60_000 });
      await page.getByRole("button", { name: `Withdraw request to ${verifierName}` }).waitFor();

      // The verifier, in a browser of its own: the request is in its inbox.
      const verifier = await openConsole(stack, { account: stack.seed.companies.verifier.address as Address });
      try {
        const v = verifier.page;
        await verifier.goto("/console/verification");
        const requests = v.getByRole("list", { name: "Requests" });
        const request = requests.locator(`[data-request="${claimId}"]`);
        await request.waitFor();
        assert.match(
          (await request.textContent()) ?? "",
          new RegExp(stack.seed.companies.brand.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
        );
        await request.getByRole("link", { name: "Open the request" }).click();

        // It opens the document (hashed in its browser) and the evidence, which the request granted it.
        await v.getByTestId("hash-check").getByText("The document matches the hash on chain").waitFor();
        await v
          .getByRole("list", { name: "Evidence files" })
          .getByText("grs-transaction-certificate.txt (text/plain, 85 bytes)")
          .waitFor();
        const download = v.waitForEvent("download");
        await v.getByRole("button", { name: "Download grs-transaction-certificate.txt" }).click();
        assert.equal((await download).suggestedFilename(), "grs-transaction-certificate.txt");

        // It attests, with an expiry.
        const expiry = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
        await v.getByLabel("Attestation expires on (optional)").fill(expiry);
        await v.getByRole("button", { name: "Attest claim" }).click();
        // Confirmed: the page then shows the verdict (the form, and its progress line, make way for it).
        await v
          .getByText("You attested this claim")
          .waitFor({ timeout: 90_000 })
          .catch(async (error: unknown) => {
            const said = [
              ...(await v.getByRole("alert").allInnerTexts()),
              ...(await v.getByRole("status").allInnerTexts()),
            ];
            throw new Error(`${(error as Error).message}\nthe page said: ${said.join(" | ")}`);
          });
        // Its past verdicts list it, with the withdrawal on offer.
        await verifier.goto("/console/verification");
        await v.getByRole("list", { name: "Your verdicts" }).locator(`[data-verdict="${claimId}"]`).waitFor();
      } finally {
        await verifier.close();
      }

      // The producer's claims list shows the claim verified by the verifier, confirmed with the chain.
      await brand.goto("/console/claims");
      const row = page.locator(`tr[data-claim="${claimId}"]`);
      await row.getByText(`Valid, verified: attested by ${verifierName}`).waitFor({ timeout: 30_000 });
      await brand.screenshot("scenario-2-verified");
    } finally {
      await brand.close();
    }
  });

  it("scenario 5: a batch of 100 claims issued at once, all visible with their status", async () => {
    const product = demoProduct();
    const brand = await openConsole(stack, { account: stack.seed.companies.brand.address as Address });
    try {
      const page = brand.page;
      await brand.goto("/console/claims");
      await page.getByRole("button", { name: "Issue a batch of claims" }).click();
      const form = page.getByRole("form", { name: "Issue a batch of claims" });
      await form.getByLabel("Batch topic").selectOption({ label: "Water use" });

      // Values shared by every claim, from the generated form.
      await form.getByLabel("Declared unit of measurement").selectOption({ label: "piece" });
      await form.getByLabel("Declared unit amount").fill("1");
      await form.getByLabel("Boundary", { exact: true }).selectOption({ label: "cradle-to-gate" });
      await form.getByLabel("Methodology", { exact: true }).selectOption({ label: "ISO 14046" });
      await form.getByLabel("Reference period start").fill("2025-01-01");
      await form.getByLabel("Reference period end").fill("2025-12-31");

      // 100 rows from a CSV: the product and its lot, each with its own water figures.
      const lines = ["kind,gtin,lot,waterWithdrawal,waterConsumption"];
      for (let n = 1; n <= 100; n++) {
        const consumption = (1 + n / 100).toFixed(2);
        const withdrawal = (2 + n / 100).toFixed(2);
        lines.push(
          n % 2 === 0
            ? `batch,${product.gtin},${DEMO_LOT},${withdrawal},${consumption}`
            : `product,${product.gtin},,${withdrawal},${consumption}`,
        );
      }
      await form.getByText("From a CSV file").click();
      await form.getByLabel("Or paste the CSV").fill(lines.join("\n"));
      await form.getByRole("button", { name: "Read the CSV" }).click();
      await form.getByRole("heading", { name: "Claims (100)" }).waitFor();
      await form.getByRole("button", { name: "Issue 100 claims as a batch" }).click();
      await form.getByText("Batch of 100 claims issued.").waitFor({ timeout: 180_000 });
      await form.getByRole("link", { name: "Open the batch" }).click();

      // Every claim of the batch, with its status confirmed by the chain's batchValidity view.
      await page.getByTestId("manifest-check").waitFor({ timeout: 30_000 });
      const table = page.getByTestId("batch-claims");
      await table.locator("tbody tr").nth(99).waitFor();
      assert.equal(await table.locator("tbody tr").count(), 100);
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="batch-claims"] [data-status="awaiting"][data-confirmed="true"]')
            .length === 100,
        undefined,
        { timeout: 60_000 },
      );
      assert.equal(await table.getByText("Valid, awaiting verification").count(), 100);
      assert.equal(await table.getByText(`Batch ${DEMO_LOT} of GTIN ${product.gtin14}`).count(), 50);
      await brand.screenshot("scenario-5-batch");
    } finally {
      await brand.close();
    }
  });
});
