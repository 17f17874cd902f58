/**
 * The demo's documents, stored in the local vault before it starts (the store is the vault's own storage module, so the
 * files land exactly as uploads would put them):
 *  - public: every claim document and the batch manifest, as their canonical bytes, which hash to what the chain holds;
 *  - restricted, each under the scope of one of the brand's seeded grants: the T-shirt's EPCIS documents (members of
 *    "Organic cotton"), the footprint workbook behind the claims (the retailer), the audit evidence (the verifier,
 *    through a blinded grant), and the batch's serial list (the logistics company, whose grant the brand revoked).
 * The brand's blinded-grant secret moves into its vault, which derives the salts from it from now on.
 */
import { createHash } from "node:crypto";

import { hexToBytes } from "viem";

import { openVaultStore } from "../../app/src/vault/storage/index.ts";
import type { Address, Bytes32, Visibility } from "../../app/src/vault/storage/index.ts";
import { accessScope } from "../../sdk/src/access.ts";
import { canonicalClaimDocument } from "../../sdk/src/claims.ts";
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

export async function seedVault(options: {
  dataDir: string;
  seed: SeedResult;
  brand: string;
}): Promise<VaultSeedResult> {
  const { seed } = options;
  const brand = options.brand.toLowerCase() as Address;
  const tshirt = seed.products.products[0]?.id;
  if (tshirt === undefined) throw new Error("seed-vault: the demo has no products");
  const uploads: Upload[] = [];

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

  for (const event of seed.products.journey) {
    uploads.push({
      owner: brand,
      visibility: "restricted",
      scope: accessScope("epcis", tshirt) as Bytes32,
      contentType: "application/ld+json",
      text: JSON.stringify(event.document, null, 2) + "\n",
    });
  }

  const claimDocuments = accessScope("claim-documents") as Bytes32;
  uploads.push({
    owner: brand,
    visibility: "restricted",
    scope: claimDocuments,
    contentType: "text/csv",
    text: [
      "stage,process,kg_co2e_per_piece,source",
      "raw material,organic cotton fibre (ginned),0.54,mill's 2025 primary data",
      "yarn,ring spinning,0.61,mill's 2025 metered electricity",
      "fabric,single jersey knitting and dyeing,1.12,mill's 2025 metered energy and dye house records",
      "make-up,cut make and trim,0.38,supplier's 2025 energy bills",
      "distribution,sea freight and road to the shop,0.21,GLEC framework v3 defaults",
      "",
    ].join("\n"),
  });
  uploads.push({
    owner: brand,
    visibility: "restricted",
    scope: accessScope("claim-evidence") as Bytes32,
    contentType: "application/json",
    text:
      JSON.stringify(
        {
          type: "audit-report",
          subject: "Product carbon footprint of the organic cotton T-shirt (GTIN 04012345000016)",
          standard: "ISO 14067:2018, PACT Methodology v3",
          scope: "cradle-to-gate, 2025 production",
          findings: [
            "primary data covers 87% of the footprint",
            "dye house energy meter calibrated 2025-03",
            "no material misstatement found",
          ],
        },
        null,
        2,
      ) + "\n",
  });
  const { batch } = seed.products;
  uploads.push({
    owner: brand,
    visibility: "restricted",
    scope: accessScope("serials", tshirt) as Bytes32,
    contentType: "text/csv",
    text: `gtin,lot,serial_from,serial_to,count,root\n04012345000016,${batch.lot},TS000001,TS${String(batch.serialCount).padStart(6, "0")},${batch.serialCount},${batch.serialRoot}\n`,
  });

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
