/**
 * Products and journeys in a real browser (issue 7), Chromium with the test wallet against the whole stack:
 *  - scenario 3: a company without PRODUCER (the demo's retailer) tries to register a product; the console says why in
 *    words before anything is sent, and the chain is unchanged;
 *  - the first half of scenario 2: the demo brand registers a product (a brand registration: it is accredited for the
 *    GTIN's prefix), records two journey events through the page, and they show in the journey list; each event's
 *    EPCIS document is in the brand's vault and hashes to what the chain recorded;
 *  - the QR code: the page shows the GS1 Digital Link URI on the app's domain, and the PNG and SVG downloads are
 *    images (decoding them comes with a QR reader, in a later issue);
 *  - a journey import from a CSV file (a bad file is refused with row numbers, a good one recorded row by row), and a
 *    correction of an event with an EPCIS error declaration.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";

import { accessScope, businessStepCode, productId } from "@constellate/sdk";
import { epcisEventHash } from "@constellate/sdk/epcis";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { createPublicClient, http, zeroAddress } from "viem";
import type { Address, Hex } from "viem";

import { constellateAbis } from "../../../sdk/src/contracts.ts";
import { locateChromium, openConsole, startConsoleStack } from "../support/console.ts";
import type { ConsoleSession, ConsoleStack } from "../support/console.ts";
import { confirmed, recordTwoJourneyEvents, registerBrandProduct } from "../support/console-steps.ts";
import { signIn } from "../support/stack.ts";

const chromium = await locateChromium();
const skip = "skip" in chromium ? chromium.skip : false;

let stack: ConsoleStack;
let brand: ConsoleSession | undefined;
let newProduct: Hex;
before(async () => {
  if (skip === false) stack = await startConsoleStack({ name: "products" });
});
after(async () => {
  await brand?.close();
  await stack?.stop();
});

/** A GTIN on the brand's accredited prefix 4012345 that the demo does not register. */
const NEW_GTIN = "4012345000030";
const NEW_GTIN14 = `0${NEW_GTIN}`;

function chain() {
  return createPublicClient({ transport: http(stack.rpcUrl) });
}

function products(): { address: Address; abi: typeof constellateAbis.Products } {
  return { address: stack.deployment.addresses.Products as Address, abi: constellateAbis.Products };
}

/** Waits until the transaction status labelled `label` says confirmed and indexed, or fails with what it says. */
async function productOwner(id: Hex): Promise<Address> {
  const record = (await chain().readContract({ ...products(), functionName: "productOf", args: [id] })) as {
    owner: Address;
  };
  return record.owner;
}

test(
  "scenario 3: a company without PRODUCER cannot register a product, is told why, and nothing changes",
  { skip },
  async () => {
    const retailer = stack.seed.companies.retailer.address as Address;
    const s = await openConsole(stack, { account: retailer });
    try {
      const before = await chain().getBlockNumber();
      await s.goto("/console/products");
      const form = s.page.getByRole("form", { name: "Register a product" });
      const gtin = form.getByLabel("GTIN");

      // Validated as typed: the wrong check digit (with the right one), a restricted range in words.
      await gtin.fill("4012345000048");
      await form.getByText("Wrong check digit: the last digit of 4012345000048 should be 7, not 8").waitFor();
      assert.equal(await gtin.getAttribute("aria-invalid"), "true");
      await gtin.fill("2012345000018");
      await form.getByText(/in-store and variable-measure numbers/).waitFor();

      // A valid GTIN: the retailer is accredited for no prefix of it, and holds only RETAILER in its constellation.
      await gtin.fill(NEW_GTIN);
      assert.equal(await gtin.getAttribute("aria-invalid"), "false");
      await form.getByText(/it will be a self-declared registration/).waitFor();
      const reason = form.getByText(
        /Registering a product takes the Producer role in the constellation; in "Specialty coffee" you hold RETAILER/,
      );
      await reason.waitFor();
      const register = form.getByRole("button", { name: "Register product" });
      assert.equal(await register.isDisabled(), true);
      await s.screenshot("scenario-3-refused");

      // Nothing changed on chain: no registration in the retailer's namespace nor the brand's, no transaction sent.
      assert.equal(await productOwner(productId(retailer, NEW_GTIN)), zeroAddress);
      assert.equal(await productOwner(productId(null, NEW_GTIN)), zeroAddress);
      assert.equal(
        s.wallet.requests().filter((r) => r.method === "eth_sendTransaction").length,
        0,
        "no transaction was sent",
      );
      assert.equal(await chain().getBlockNumber(), before);
    } finally {
      await s.close();
    }
  },
);

test("scenario 2 (first half): the brand registers a product and records two journey events", { skip }, async () => {
  const brandAddress = stack.seed.companies.brand.address as Address;
  brand = await openConsole(stack, { account: brandAddress });
  const { page } = brand;
  await brand.goto("/console/products");
  await registerBrandProduct(brand, NEW_GTIN);
  newProduct = productId(null, NEW_GTIN);
  assert.equal(await productOwner(newProduct), brandAddress);
  await page.getByText("Brand registration").first().waitFor();
  const journey = page.getByRole("region", { name: "Journey" });
  await journey.getByText("No journey events yet.").waitFor();
  await recordTwoJourneyEvents(brand);

  const rows = journey.getByTestId("journey-event");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="journey-event"]').length === 2);
  assert.match(await rows.nth(0).innerText(), /Commissioning/);
  assert.match(await rows.nth(1).innerText(), /Shipping/);
  assert.match(await rows.nth(1).innerText(), /Lumen Coffee Roasters \(you\)/);
  await brand.screenshot("scenario-2-journey");

  // On chain: two events on the product, by the brand; each hash is that of an EPCIS document in the brand's vault.
  const logs = await chain().getContractEvents({
    ...products(),
    eventName: "JourneyEventRecorded",
    args: { product: newProduct },
    fromBlock: 0n,
  });
  assert.equal(logs.length, 2);
  assert.deepEqual(
    logs.map((l) => l.args.step),
    [businessStepCode("commissioning"), businessStepCode("shipping")],
  );
  const session = await signIn(stack, brandAddress);
  const list = (await (
    await fetch(`${stack.origin}/api/vault/documents?owner=${brandAddress}&limit=20`, { headers: session.bearer() })
  ).json()) as { documents: { sha256: string; visibility: string; contentType: string }[] };
  const hashes = new Map<string, string>();
  for (const meta of list.documents.filter((d) => d.contentType.startsWith("application/ld+json"))) {
    const document = (await (
      await fetch(`${stack.origin}/api/vault/documents/${brandAddress}/${meta.sha256}`, { headers: session.bearer() })
    ).json()) as { epcisBody: { eventList: object[] } };
    for (const event of document.epcisBody.eventList) hashes.set(epcisEventHash(event).bytes32, meta.visibility);
  }
  assert.equal(hashes.get(logs[0]!.args.eventHash!), "restricted");
  assert.equal(hashes.get(logs[1]!.args.eventHash!), "public");
});

test("the QR code: the Digital Link URI on the app's domain, as PNG and SVG downloads", { skip }, async () => {
  assert.ok(brand !== undefined, "runs after scenario 2");
  const { page } = brand;
  const qr = page.getByRole("region", { name: "QR code" });
  const uri = `${stack.origin}/01/${NEW_GTIN14}`;
  assert.equal(await qr.getByTestId("digital-link").innerText(), uri);
  await qr.getByRole("img", { name: `QR code of ${uri}` }).waitFor();

  const [png] = await Promise.all([
    page.waitForEvent("download"),
    qr.getByRole("link", { name: "Download PNG" }).click(),
  ]);
  assert.equal(png.suggestedFilename(), `qr-${NEW_GTIN14}.png`);
  const pngBytes = readFileSync(await png.path());
  assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  const [svg] = await Promise.all([
    page.waitForEvent("download"),
    qr.getByRole("link", { name: "Download SVG" }).click(),
  ]);
  assert.equal(svg.suggestedFilename(), `qr-${NEW_GTIN14}.svg`);
  const svgText = readFileSync(await svg.path(), "utf8");
  assert.match(svgText, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svgText, /<path/);

  // Qualified by a lot, the URI carries it.
  await qr.getByLabel("Lot (optional)").fill("L/1");
  assert.equal(await qr.getByTestId("digital-link").innerText(), `${uri}/10/L%2F1`);
  await qr.getByLabel("Lot (optional)").fill("");
});

test("journey import from a CSV file: problems by row first, then one transaction per row", { skip }, async () => {
  assert.ok(brand !== undefined, "runs after scenario 2");
  const { page } = brand;
  const journey = page.getByRole("region", { name: "Journey" });
  await journey.getByRole("tab", { name: "Import from a CSV file" }).click();
  const input = journey.getByLabel("CSV file of events");
  const header = "subject,lot,serial,step,time,location,quantity,unit,disposition";
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  await input.setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      [
        header,
        `product,,,receiving,${at(30)},4012345000009,500,H87,in_progress`,
        `batch,NO-SUCH-LOT,,storing,${at(20)},,,,`,
        `product,,,teleporting,${at(10)},,,,`,
        "",
      ].join("\n"),
    ),
  });
  const problems = journey.getByRole("alert").filter({ hasText: "bad.csv: nothing was sent" });
  await problems.getByText(/Row 3: lot NO-SUCH-LOT is not registered for this product/).waitFor();
  await problems.getByText(/Row 4: "teleporting" is not one of the 41 CBV business steps/).waitFor();
  assert.equal(await journey.getByRole("button", { name: /^Record/ }).isDisabled(), true);

  await input.setInputFiles({
    name: "good.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      [
        header,
        `product,,,receiving,${at(30)},4012345000009,500,H87,in_progress`,
        `product,,,storing,${at(20)},urn:epc:id:sgln:4012345.00001.0,500,H87,sellable_not_accessible`,
        "",
      ].join("\n"),
    ),
  });
  await journey.getByText("good.csv: all 2 rows are valid (rows 2-3).").waitFor();
  await journey.getByRole("button", { name: "Record 2 events" }).click();
  await journey.getByText("2 of 2 recorded (rows 2-3).").waitFor({ timeout: 180_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="journey-event"]').length === 4);
});

test("correcting an event with an EPCIS error declaration", { skip }, async () => {
  assert.ok(brand !== undefined, "runs after scenario 2");
  const { page } = brand;
  const journey = page.getByRole("region", { name: "Journey" });
  // The imported events happened earlier than the commissioning, so the journey lists them first.
  const commissioning = journey.getByTestId("journey-event").filter({ hasText: "Commissioning" });
  await commissioning.getByRole("button", { name: /^Correct the Commissioning event/ }).click();
  const form = journey.getByRole("form", { name: "Correct a journey event" });
  // The erroneous event is found again in the brand's vault and the form starts from its fields.
  await form.getByLabel("Quantity (optional)").waitFor();
  assert.equal(await form.getByLabel("Quantity (optional)").inputValue(), "500");
  await form.getByLabel("Quantity (optional)").fill("480");
  await form.getByLabel("What was wrong").selectOption("incorrect_data");
  await form.getByRole("button", { name: "Record correction" }).click();
  await confirmed(page, /Correct the "Commissioning" event/);
  await journey.getByText("Corrected").first().waitFor();

  const corrections = await chain().getContractEvents({
    ...products(),
    eventName: "JourneyEventCorrected",
    args: { product: newProduct },
    fromBlock: 0n,
  });
  assert.equal(corrections.length, 1);
  const recorded = await chain().getContractEvents({
    ...products(),
    eventName: "JourneyEventRecorded",
    args: { product: newProduct },
    fromBlock: 0n,
  });
  const commissioned = recorded.find((log) => log.args.step === businessStepCode("commissioning"));
  assert.equal(corrections[0]!.args.corrects, commissioned?.args.eventHash);
  await brand.screenshot("products-correction");
});

test("lots, serials from a CSV file, product actors, a transfer and discontinuing", { skip }, async () => {
  assert.ok(brand !== undefined, "runs after scenario 2");
  const { page } = brand;
  const retailer = stack.seed.companies.retailer.address as Address;
  const packaging = stack.seed.companies.packaging.address as Address;

  // A lot, then its serials: a pasted list with a bad line is refused by line; a CSV export is committed.
  const lots = page.getByRole("region", { name: "Lots and items" });
  await lots.getByLabel("New lot").fill("LOT-A1");
  await lots.getByRole("button", { name: "Register lot" }).click();
  await confirmed(page, /Register lot LOT-A1/);
  const serials = page.getByRole("form", { name: "Commit serials" });
  await serials.getByLabel("Lot of the serials").fill("LOT-A1");
  await serials.getByLabel("Serials", { exact: true }).fill("SN-0001\nSN-0002\nSN 3\n");
  await serials.getByText(/Line 3: "SN 3": serial "SN 3" contains a space/).waitFor();
  assert.equal(await serials.getByRole("button", { name: "Commit serials" }).isDisabled(), true);
  await serials.getByLabel("Or read them from a CSV or text file").setInputFiles({
    name: "serials.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      `gtin,lot,serial\n${NEW_GTIN14},LOT-A1,SN-0001\n${NEW_GTIN14},LOT-A1,SN-0002\n${NEW_GTIN14},LOT-A1,SN-0003\n`,
    ),
  });
  await serials.getByText("3 serials ready: first SN-0001, last SN-0003.").waitFor();
  await serials.getByRole("button", { name: "Commit serials" }).click();
  await confirmed(page, /Commit 3 serials of lot LOT-A1/);
  await page
    .getByRole("region", { name: "Serials" })
    .getByRole("listitem")
    .filter({ hasText: "3 serials of lot LOT-A1" })
    .waitFor();

  // The list and its salts are in the vault, restricted under the product's "serials" scope, and prove on chain.
  const [committed] = await chain().getContractEvents({
    ...products(),
    eventName: "SerialsCommitted",
    args: { product: newProduct },
    fromBlock: 0n,
  });
  assert.equal(committed?.args.count, 3);
  assert.equal(committed?.args.salted, true);
  const session = await signIn(stack, stack.seed.companies.brand.address);
  const list = (await (
    await fetch(`${stack.origin}/api/vault/documents?owner=${stack.seed.companies.brand.address}&limit=5`, {
      headers: session.bearer(),
    })
  ).json()) as { documents: { sha256: string; visibility: string; scope: string | null }[] };
  const stored = list.documents.find((d) => d.scope === accessScope("serials", newProduct));
  assert.ok(stored !== undefined, "the serial list is in the vault");
  assert.equal(stored.visibility, "restricted");
  const document = (await (
    await fetch(`${stack.origin}/api/vault/documents/${stack.seed.companies.brand.address}/${stored.sha256}`, {
      headers: session.bearer(),
    })
  ).json()) as { root: Hex; lot: string; serials: { serial: string; salt: Hex }[] };
  assert.equal(document.root, committed?.args.root);
  const tree = StandardMerkleTree.of(
    document.serials.map((s) => [BigInt(NEW_GTIN14).toString(), document.lot, s.serial, s.salt]),
    ["uint256", "string", "string", "bytes32"],
  );
  assert.equal(tree.root, document.root);
  const second = document.serials.findIndex((s) => s.serial === "SN-0002");
  const proven = await chain().readContract({
    ...products(),
    functionName: "verifySerial",
    args: [
      zeroAddress,
      NEW_GTIN14,
      "LOT-A1",
      "SN-0002",
      document.serials[second]!.salt,
      document.root,
      tree.getProof(second) as Hex[],
    ],
  });
  assert.equal(proven, true);

  // A product actor: the retailer, for retail steps.
  const actors = page.getByRole("form", { name: "Designate a product actor" });
  await actors.getByLabel("Company address").fill(retailer);
  await actors.getByText("Greenway Grocers. Designating it again replaces its roles.").waitFor();
  await actors.getByRole("checkbox", { name: /^Retailer/ }).check();
  await actors.getByRole("button", { name: "Designate actor" }).click();
  await confirmed(page, /Designate Greenway Grocers as Retailer/);
  await page
    .getByRole("region", { name: "Product actors" })
    .getByRole("listitem")
    .filter({ hasText: "Greenway Grocers" })
    .filter({ hasText: "as Retailer" })
    .waitFor();
  const [, roles] = (await chain().readContract({
    ...products(),
    functionName: "actorOf",
    args: [newProduct, retailer],
  })) as readonly [unknown, number];
  assert.equal(roles, 4);

  // The retailer, now an actor, records a retail step; steps of other roles are not offered to it.
  const actor = await openConsole(stack, { account: retailer });
  try {
    await actor.goto(`/console/products/${newProduct}`);
    await actor.page.getByText("You are a product actor").waitFor();
    const form = actor.page.getByRole("form", { name: "Record a journey event" });
    const step = form.getByLabel("Business step");
    assert.equal(await step.locator('option:text-is("Shipping (not for your roles)")').isDisabled(), true);
    await step.selectOption({ label: "Retail selling" });
    await form.getByLabel("Location (read point)").fill("5400001000002");
    await form.getByRole("button", { name: "Record event" }).click();
    await confirmed(actor.page, /Record "Retail selling"/);
  } finally {
    await actor.close();
  }
  const sales = await chain().getContractEvents({
    ...products(),
    eventName: "JourneyEventRecorded",
    args: { product: newProduct, recorder: retailer },
    fromBlock: 0n,
  });
  assert.deepEqual(
    sales.map((l) => l.args.step),
    [businessStepCode("retail_selling")],
  );

  // A second product, in "Circular packaging", offered to the packaging maker, which accepts it.
  const SECOND_GTIN = "4012345000047";
  await brand.goto("/console/products");
  const form = page.getByRole("form", { name: "Register a product" });
  await form.getByLabel("GTIN").fill(SECOND_GTIN);
  await form.getByText(/this will be the brand registration/).waitFor();
  await form.getByLabel("Constellation").selectOption({ label: "Circular packaging (your roles: PRODUCER)" });
  await form.getByRole("button", { name: "Register product" }).click();
  await confirmed(page, /Register GTIN 04012345000047/);
  await page.getByRole("link", { name: "Open product 04012345000047" }).click();
  const transfer = page.getByRole("form", { name: "Transfer the product" });
  await transfer.getByLabel("Receiving company's address").fill(packaging);
  await transfer.getByRole("button", { name: "Offer transfer" }).click();
  await confirmed(page, /Offer product 04012345000047 to Fernleaf Packaging/);
  await page.getByText(/offered to Fernleaf Packaging/).waitFor();

  const receiver = await openConsole(stack, { account: packaging });
  try {
    await receiver.goto("/console/products");
    const offers = receiver.page.getByRole("region", { name: "Transfer offers to you" });
    await offers.getByRole("button", { name: "Accept transfer of 04012345000047" }).click();
    await confirmed(receiver.page, /Accept product 04012345000047/);
    await receiver.page
      .getByRole("region", { name: "My products" })
      .getByRole("link", { name: "04012345000047" })
      .waitFor();
  } finally {
    await receiver.close();
  }
  assert.equal(await productOwner(productId(null, SECOND_GTIN)), packaging);

  // Discontinuing the first product takes a confirmation and is final.
  await brand.goto(`/console/products/${newProduct}`);
  await page.getByRole("button", { name: "Discontinue product…" }).click();
  const dialog = page.getByRole("dialog", { name: `Discontinue product ${NEW_GTIN14}?` });
  await dialog.getByRole("button", { name: "Discontinue for good" }).click();
  await confirmed(page, new RegExp(`Discontinue ${NEW_GTIN14}`));
  await page.getByRole("region", { name: "Facts" }).getByText("Discontinued").waitFor();
  await page.getByText("The product is discontinued: no new journey events.").waitFor();
  const record = (await chain().readContract({ ...products(), functionName: "productOf", args: [newProduct] })) as {
    discontinued: boolean;
  };
  assert.equal(record.discontinued, true);
});
