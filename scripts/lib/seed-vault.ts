/**
 * The demo's documents, stored in the local vault before it starts (the store is the vault's own storage module, so the
 * files land exactly as uploads would put them):
 *  - public: every claim document and the batch manifest, as their canonical bytes, which hash to what the chain holds;
 *  - restricted, each under the scope of one of the seeded grants: the single origin's EPCIS documents (members of
 *    "Specialty coffee"), the footprint workbook behind the claims (the retailer), the audit evidence (the auditor,
 *    through a blinded grant), the lot's serial list (the shipper, whose grant the brand revoked), the co-op's
 *    farm-gate prices and plot register (the brand), and the brand's roast and degassing data (the packaging maker);
 *    and the other journeys' EPCIS documents, kept by their products' owners.
 * The brand's blinded-grant secret moves into its vault, which derives the salts from it from now on.
 */
import { createHash } from "node:crypto";

import { hexToBytes } from "viem";

import { openVaultStore } from "../../app/src/vault/storage/index.ts";
import type { Address, Bytes32, Visibility } from "../../app/src/vault/storage/index.ts";
import { accessScope } from "../../sdk/src/access.ts";
import { canonicalClaimDocument } from "../../sdk/src/claims.ts";
import { DEMO_GTINS, demoSerial } from "./seed-products.ts";
import type { SeedResult } from "./seed.ts";

export interface VaultSeedResult {
  public: number;
  restricted: number;
  bytes: number;
}

interface Upload {
  owner: string;
  visibility: Visibility;
  scope: Bytes32 | null;
  contentType: string;
  text: string;
  /** The hash the chain holds for it, when it does: the bytes must match. */
  expectedSha256?: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";
const csv = (rows: (string | number)[][]) => rows.map((row) => row.join(",")).join("\n") + "\n";

export async function seedVault(options: {
  dataDir: string;
  seed: SeedResult;
  brand: string;
}): Promise<VaultSeedResult> {
  const { seed } = options;
  const brand = options.brand.toLowerCase() as Address;
  const coop = seed.companies.supplier.address;
  const { batch } = seed.products;
  const singleOrigin = batch.product;
  const uploads: Upload[] = [];
  const restricted = (owner: string, scope: string, contentType: string, text: string) =>
    uploads.push({ owner, visibility: "restricted", scope: scope as Bytes32, contentType, text });

  const issuerOf = new Map<string, string>(
    seed.claims.claims.map((c) => [c.claim.documentHash.toLowerCase(), c.claim.issuer]),
  );
  for (const doc of seed.claims.documents) {
    uploads.push({
      owner: issuerOf.get(doc.hash.toLowerCase()) ?? seed.claims.batch.issuer,
      visibility: "public",
      scope: null,
      contentType: "application/json",
      text: canonicalClaimDocument(doc.document),
      expectedSha256: doc.hash.slice(2).toLowerCase(),
    });
  }

  // Every journey's EPCIS documents, kept by the product's owner; the single origin's are granted to its constellation.
  for (const event of seed.products.journey) {
    restricted(event.owner, accessScope("epcis", event.product), "application/ld+json", json(event.document));
  }

  // The footprint workbook behind the single origin's claim, per kg roasted (its stages add up to the claim's
  // 4.33 kg CO2e excluding biogenic uptake).
  restricted(
    brand,
    accessScope("claim-documents"),
    "text/csv",
    csv([
      ["stage", "process", "kg_co2e_per_kg_roasted", "source"],
      ["cultivation", "fertiliser (N2O) and field fuel", "1.62", "co-op farm records 2025, 312 farms"],
      ["cultivation", "land-use change (20-year amortisation)", "0.41", "co-op plot register and 2020 forest cover"],
      ["wet milling", "pulping and fermentation; wastewater methane", "0.58", "co-op wet mill meters 2025"],
      ["dry milling", "drying, hulling and sorting", "0.21", "co-op dry mill energy bills 2025"],
      ["transport", "road to Buenaventura and sea freight to Hamburg", "0.29", "GLEC framework v3, carrier data"],
      ["roasting", "natural gas and electricity, afterburner", "0.96", "roastery meters 2025, by roasting time"],
      ["roastery", "green storage and handling", "0.26", "roastery meters 2025"],
    ]),
  );
  restricted(
    brand,
    accessScope("claim-evidence"),
    "application/json",
    json({
      type: "audit-report",
      subject: `Product carbon footprint of the Huila single origin (GTIN 0${DEMO_GTINS.singleOrigin}), per kg roasted`,
      standard: "ISO 14067:2018, PACT Methodology v3",
      scope: "cradle-to-gate, 2025 production",
      findings: [
        "primary data covers 71% of the footprint (the co-op's farm and mill records, the roastery's meters)",
        "roastery gas meter calibrated 2025-04",
        "no material misstatement found",
      ],
    }),
  );
  restricted(
    brand,
    accessScope("serials", singleOrigin),
    "text/csv",
    csv([
      ["gtin", "lot", "serial_from", "serial_to", "count", "root"],
      [
        `0${DEMO_GTINS.singleOrigin}`,
        batch.lot,
        demoSerial(1),
        demoSerial(batch.serialCount),
        batch.serialCount,
        batch.serialRoot,
      ],
    ]),
  );

  // The co-op's data for the brand: what it paid its growers for the lot, and its growers' plots.
  restricted(
    coop,
    accessScope("dataset", null, "farm-gate-prices"),
    "text/csv",
    csv([
      ["lot", "plot_id", "harvest_week", "parchment_kg", "price_cop_per_kg_parchment", "fairtrade_premium_usd_per_lb"],
      [batch.lot, "CS-PIT-0412", "1", "212", "21600", "0.20"],
      [batch.lot, "CS-PIT-0977", "2", "104", "21600", "0.20"],
      [batch.lot, "CS-ACE-0153", "3", "124", "22100", "0.20"],
    ]),
  );
  restricted(
    coop,
    accessScope("dataset", null, "eudr-plots"),
    "application/geo+json",
    json({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { plotId: "CS-PIT-0412", farm: "Finca El Mirador", areaHectares: 5.4, municipality: "Pitalito" },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [-76.071342, 1.842118],
                [-76.069251, 1.842305],
                [-76.069087, 1.840204],
                [-76.071195, 1.840012],
                [-76.071342, 1.842118],
              ],
            ],
          },
        },
        {
          type: "Feature",
          properties: {
            plotId: "CS-PIT-0977",
            farm: "Finca La Esperanza",
            areaHectares: 1.8,
            municipality: "Pitalito",
          },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [-76.053521, 1.861902],
                [-76.052238, 1.861944],
                [-76.052196, 1.860689],
                [-76.053478, 1.860647],
                [-76.053521, 1.861902],
              ],
            ],
          },
        },
        {
          type: "Feature",
          properties: {
            plotId: "CS-ACE-0153",
            farm: "Finca Los Guaduales",
            areaHectares: 2.6,
            municipality: "Acevedo",
          },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [-75.887971, 1.807695],
                [-75.886434, 1.807742],
                [-75.886387, 1.806168],
                [-75.887924, 1.806121],
                [-75.887971, 1.807695],
              ],
            ],
          },
        },
      ],
    }),
  );

  // The brand's roast data for the packaging maker: how much CO2 the beans give off, to size the bags' valves.
  restricted(
    brand,
    accessScope("dataset", null, "roast-degassing"),
    "text/csv",
    csv([
      ["lot", "green_kg", "roasted_kg", "roast_loss_pct", "roast_level", "co2_ml_per_g_day1", "co2_ml_per_g_day7"],
      [batch.lot, "350", "294", "16.0", "medium", "2.9", "5.6"],
      ["ESP-2026-R088", "420", "344", "18.1", "medium-dark", "3.8", "7.1"],
    ]),
  );

  const store = await openVaultStore({ dataDir: options.dataDir });
  const result: VaultSeedResult = { public: 0, restricted: 0, bytes: 0 };
  try {
    const secret = hexToBytes(seed.claims.ownerSecret as `0x${string}`);
    if (!(await store.importOwnerSecret(brand, secret))) {
      throw new Error("seed-vault: the brand already has another secret in this vault");
    }
    for (const upload of uploads) {
      const bytes = new TextEncoder().encode(upload.text);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (upload.expectedSha256 !== undefined && upload.expectedSha256 !== sha256) {
        throw new Error(
          `seed-vault: a claim document's canonical bytes hash to ${sha256}, not ${upload.expectedSha256}`,
        );
      }
      await store.putDocument(
        {
          owner: upload.owner.toLowerCase() as Address,
          sha256,
          contentType: upload.contentType,
          visibility: upload.visibility,
          scope: upload.scope,
          bytes,
        },
        { quotaBytes: Number.MAX_SAFE_INTEGER },
      );
      result[upload.visibility] += 1;
      result.bytes += bytes.byteLength;
    }
  } finally {
    await store.close();
  }
  return result;
}
