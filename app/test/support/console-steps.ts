/**
 * Steps of the console's browser scenarios that more than one test takes, done through the pages as a user would:
 * waiting for a transaction's confirmation, registering a product, recording journey events.
 */
import type { Page } from "playwright-core";

import type { ConsoleSession } from "./console.ts";

/** Waits until the transaction labelled `label` is confirmed (and indexed); throws with the page's reason if it failed. */
export async function confirmed(page: Page, label: RegExp): Promise<void> {
  const done = page
    .getByRole("status")
    .filter({ hasText: label })
    .filter({ hasText: /confirmed in block \d+ \([^)]*\)\.$/ });
  const failed = page.getByRole("alert").filter({ hasText: label });
  await Promise.race([
    done.first().waitFor({ timeout: 90_000 }),
    failed
      .first()
      .waitFor({ timeout: 90_000 })
      .then(async () => {
        throw new Error(`failed: ${await failed.first().innerText()}`);
      }),
  ]);
}

/**
 * The demo brand registers `gtin` (accredited: the brand registration) in "Specialty coffee" on /console/products,
 * and opens its page.
 */
export async function registerBrandProduct(s: ConsoleSession, gtin: string): Promise<void> {
  const { page } = s;
  const gtin14 = gtin.padStart(14, "0");
  await s.goto("/console/products");
  const form = page.getByRole("form", { name: "Register a product" });
  await form.getByLabel("GTIN").fill(gtin);
  await form
    .getByText(/You are accredited for GS1 Company Prefix 4012345: this will be the brand registration/)
    .waitFor();
  await form.getByLabel("Constellation").selectOption({ label: "Specialty coffee (your roles: ADMIN and PRODUCER)" });
  await form.getByRole("button", { name: "Register product" }).click();
  await confirmed(page, new RegExp(`Register GTIN ${gtin14}`));
  await page.getByRole("link", { name: `Open product ${gtin14}` }).click();
  await page.getByRole("heading", { name: `GTIN ${gtin14}` }).waitFor();
}

/**
 * On the open product page: records commissioning at the brand's site (500 pieces, restricted document) and shipping
 * from its warehouse (public document), and waits until the journey lists both.
 */
export async function recordTwoJourneyEvents(s: ConsoleSession): Promise<void> {
  const { page } = s;
  const journey = page.getByRole("region", { name: "Journey" });
  const record = journey.getByRole("form", { name: "Record a journey event" });
  await record.getByLabel("Business step").selectOption({ label: "Commissioning" });
  await record.getByLabel("Location (read point)").fill("4012345000009");
  await record.getByLabel("Quantity (optional)").fill("500");
  await record.getByLabel("Unit").selectOption("H87");
  await record.getByLabel("Disposition afterwards (optional)").selectOption("active");
  await record.getByRole("button", { name: "Record event" }).click();
  await confirmed(page, /Record "Commissioning"/);

  await record.getByLabel("Business step").selectOption({ label: "Shipping" });
  await record.getByLabel("Location (read point)").fill("Warehouse 3");
  await record.getByLabel("Disposition afterwards (optional)").selectOption("in_transit");
  await record.getByLabel(/Public: anyone/).check();
  await record.getByRole("button", { name: "Record event" }).click();
  await confirmed(page, /Record "Shipping"/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="journey-event"]').length === 2);
}
