import { ZeroAddress, sha256, toUtf8Bytes } from "ethers";
import type { ContractTransactionResponse, Signer } from "ethers";

import { businessStepCode, ProductRole } from "../../sdk/src/constants.ts";
import { buildEpcisDocument, buildJourneyEvent, declareEventError, epcisEventHash } from "../../sdk/src/epcis.ts";
import type { EpcisObjectEvent, JourneyEventInput } from "../../sdk/src/epcis.ts";
import { buildSerialTree } from "../../sdk/src/serials.ts";
import type { Products } from "../../types/typechain/index.ts";

/** What the product part of the demo needs from the rest of the seed. */
export interface ProductSeedContext {
  products: Products;
  signers: {
    brand: Signer;
    supplier: Signer;
    logistics: Signer;
    retailer: Signer;
    competitor: Signer;
    operator: Signer;
  };
  address: { brand: string; supplier: string; logistics: string; retailer: string; competitor: string };
  /** Constellation ids: the brand's "Organic cotton" and the competitor's "Recycled denim". */
  cotton: bigint;
  denim: bigint;
  /** Length of the GS1 Company Prefix the brand is accredited for. */
  prefixLength: number;
  vaultUrl: string;
  now: () => Promise<number>;
  send: (label: string, tx: Promise<ContractTransactionResponse>) => Promise<void>;
}

export interface SeededProduct {
  id: string;
  gtin: string;
  name: string;
  owner: string;
  /** "brand" (accredited for the GTIN's prefix) or "self-declared". */
  standing: "brand" | "self-declared";
}

/** An EPCIS 2.0 document the demo recorded on-chain, for the vault to serve. */
export interface SeededEpcisDocument {
  /** The CBV 2.0 event hash (`ni:///sha-256;...`) of the document's event. */
  eventId: string;
  /** The same digest as recorded on-chain. */
  eventHash: string;
  step: string;
  document: unknown;
}

export interface ProductSeedResult {
  products: SeededProduct[];
  batch: { product: string; id: string; lot: string; serialRoot: string; serialCount: number };
  /** Demo only: the secret the brand's serial salts derive from (a real brand keeps it in its vault). */
  serialSecret: string;
  journey: SeededEpcisDocument[];
}

/** Demo GTINs (GTIN-13) on the brand's accredited prefix 4012345, and one on a prefix nobody is accredited for. */
export const DEMO_GTINS = {
  tshirt: "4012345000016",
  hoodie: "4012345000023",
  jeans: "5012345000015",
} as const;
export const DEMO_LOT = "LOT-2026-11A";
export const DEMO_SERIAL_COUNT = 1000;

const HOUR = 60 * 60;

/** GS1 location numbers (SGLN Digital Link URIs) of the demo's sites; invented, with valid check digits. */
const SITES = {
  mill: "https://id.gs1.org/414/8690003000002",
  brandDc: "https://id.gs1.org/414/4012345000009",
  logisticsHub: "https://id.gs1.org/414/8712345000004",
  store: "https://id.gs1.org/414/5400001000002",
} as const;

/**
 * The product half of the demo: the brand registers two products (brand registrations: it is accredited for their
 * prefix), a batch with 1,000 salted serials committed as a Merkle root and one item; designates the supplier, the
 * logistics company and the retailer as product actors; and the journey of the batch is recorded from the mill to
 * the shop (each event an EPCIS 2.0 document hashed for the chain), with one correction. The competitor registers the
 * brand's T-shirt GTIN in its own constellation: a self-declared registration, which never shadows the brand's.
 */
export async function seedProducts(ctx: ProductSeedContext): Promise<ProductSeedResult> {
  const { products, signers, address, send, vaultUrl } = ctx;
  const meta = (slug: string) =>
    [`${vaultUrl}/products/${slug}.json`, sha256(toUtf8Bytes(`demo product ${slug}`))] as const;

  const asBrand = products.connect(signers.brand);
  await send(
    "the brand registers its organic cotton T-shirt (brand registration)",
    asBrand.register(ctx.cotton, DEMO_GTINS.tshirt, ctx.prefixLength, ...meta("organic-cotton-tshirt")),
  );
  await send(
    "the brand's operator registers the organic cotton hoodie (actFor)",
    products
      .connect(signers.operator)
      .actFor(
        address.brand,
        products.interface.encodeFunctionData("register", [
          ctx.cotton,
          DEMO_GTINS.hoodie,
          ctx.prefixLength,
          ...meta("organic-cotton-hoodie"),
        ]),
      ),
  );
  const tshirt = await products.productIdOf(ZeroAddress, DEMO_GTINS.tshirt);
  const hoodie = await products.productIdOf(ZeroAddress, DEMO_GTINS.hoodie);

  // The batch, its serials and one item sold in the shop.
  await send(
    `the brand registers batch ${DEMO_LOT} of the T-shirt`,
    asBrand.registerBatch(tshirt, DEMO_LOT, ...meta(`organic-cotton-tshirt-${DEMO_LOT.toLowerCase()}`)),
  );
  const batch = await products.batchIdOf(tshirt, DEMO_LOT);
  const serialSecret = sha256(toUtf8Bytes("constellate demo serial secret (never use outside the demo)"));
  const serials = Array.from({ length: DEMO_SERIAL_COUNT }, (_, i) => `TS${String(i + 1).padStart(6, "0")}`);
  const tree = buildSerialTree({ gtin: DEMO_GTINS.tshirt, lot: DEMO_LOT, serials, secret: serialSecret });
  await send(
    `the brand commits ${DEMO_SERIAL_COUNT} salted serials of ${DEMO_LOT}`,
    asBrand.commitSerials(tshirt, batch, tree.root, tree.count, tree.salted),
  );
  const soldSerial = serials[0]!;
  await send(
    `the brand registers item ${soldSerial}`,
    asBrand.registerItem(tshirt, soldSerial, ...meta(`organic-cotton-tshirt-${soldSerial.toLowerCase()}`)),
  );
  const item = await products.itemIdOf(tshirt, soldSerial);

  // Product actors: partners in the constellation, each for its part of the journey.
  for (const [key, roles, label] of [
    ["supplier", ProductRole.SUPPLIER, "SUPPLIER"],
    ["logistics", ProductRole.LOGISTICS, "LOGISTICS"],
    ["retailer", ProductRole.RETAILER, "RETAILER"],
  ] as const) {
    for (const [product, name] of [
      [tshirt, "T-shirt"],
      [hoodie, "hoodie"],
    ] as const) {
      await send(
        `the brand designates the ${key} as ${label} on the ${name}`,
        asBrand.setActor(product, address[key], roles),
      );
    }
  }

  // The journey of the batch, from the mill to the shop, over the past nine days.
  const start = (await ctx.now()) - 9 * 24 * HOUR;
  const quantity = { value: 1000, uom: "H87" }; // H87: pieces (UN/ECE Recommendation 20)
  const journey: SeededEpcisDocument[] = [];
  /**
   * Records one event. A correction (`corrects`) follows EPCIS's error declaration: `input` is the corrective event;
   * the document carries it with the erroneous event declared in error, and the chain records the corrective event's
   * hash with the hash of the event it corrects (which the declaration keeps: CBV 2.0 leaves it out of the hash).
   */
  const record = async (
    label: string,
    who: "supplier" | "logistics" | "retailer" | "brand" | "operator",
    subject: { id: string; lot?: string; serial?: string },
    input: Omit<JourneyEventInput, "gtin" | "lot" | "serial">,
    corrects?: { event: EpcisObjectEvent; declarationTime: string; reason: string },
  ): Promise<EpcisObjectEvent> => {
    const event = buildJourneyEvent({ ...input, gtin: DEMO_GTINS.tshirt, lot: subject.lot, serial: subject.serial });
    const hash = epcisEventHash(event);
    const step = businessStepCode(String(input.step));
    const eventTime = BigInt(Math.floor(new Date(input.eventTime).getTime() / 1000));
    const call =
      corrects === undefined
        ? products.interface.encodeFunctionData("recordEvent", [tshirt, subject.id, step, eventTime, hash.bytes32])
        : products.interface.encodeFunctionData("correctEvent", [
            tshirt,
            subject.id,
            step,
            eventTime,
            hash.bytes32,
            epcisEventHash(corrects.event).bytes32,
          ]);
    // The operator acts for the brand; everyone else sends the same call directly.
    const signer = signers[who];
    const to = await products.getAddress();
    await send(
      label,
      who === "operator"
        ? products.connect(signer).actFor(address.brand, call)
        : (signer.sendTransaction({ to, data: call }) as Promise<ContractTransactionResponse>),
    );
    const events =
      corrects === undefined
        ? [event]
        : [
            declareEventError(corrects.event, {
              declarationTime: corrects.declarationTime,
              reason: corrects.reason,
              correctiveEventIDs: [hash.ni],
            }),
            event,
          ];
    journey.push({
      eventId: hash.ni,
      eventHash: hash.bytes32,
      step: String(input.step),
      document: buildEpcisDocument(events),
    });
    return event;
  };
  const at = (hours: number) => new Date((start + hours * HOUR) * 1000).toISOString();
  const onBatch = { id: batch, lot: DEMO_LOT };

  await record("the mill commissions the batch (supplier)", "supplier", onBatch, {
    step: "commissioning",
    eventTime: at(0),
    quantity,
    readPoint: SITES.mill,
    bizLocation: SITES.mill,
    disposition: "active",
  });
  await record("the mill packs it (supplier)", "supplier", onBatch, {
    step: "packing",
    eventTime: at(20),
    quantity,
    readPoint: SITES.mill,
    bizLocation: SITES.mill,
    disposition: "in_progress",
  });
  await record("the mill ships it to the brand (supplier)", "supplier", onBatch, {
    step: "shipping",
    eventTime: at(26),
    quantity,
    readPoint: SITES.mill,
    disposition: "in_transit",
    sourceList: [{ type: "owning_party", source: SITES.mill }],
    destinationList: [{ type: "owning_party", destination: SITES.brandDc }],
  });
  await record("the carrier transports it (logistics)", "logistics", onBatch, {
    step: "transporting",
    eventTime: at(60),
    quantity,
    readPoint: SITES.logisticsHub,
    disposition: "in_transit",
  });
  const received = await record("the brand's warehouse receives it (operator, actFor)", "operator", onBatch, {
    step: "receiving",
    eventTime: at(110),
    quantity: { value: 990, uom: "H87" },
    readPoint: SITES.brandDc,
    bizLocation: SITES.brandDc,
    disposition: "in_progress",
  });
  await record(
    "the brand corrects the count it received (EPCIS error declaration)",
    "brand",
    onBatch,
    {
      step: "receiving",
      eventTime: at(110),
      quantity,
      readPoint: SITES.brandDc,
      bizLocation: SITES.brandDc,
      disposition: "in_progress",
    },
    { event: received, declarationTime: at(112), reason: "incorrect_data" },
  );
  await record("the carrier ships it to the shop (logistics)", "logistics", onBatch, {
    step: "shipping",
    eventTime: at(150),
    quantity,
    readPoint: SITES.brandDc,
    disposition: "in_transit",
    sourceList: [{ type: "possessing_party", source: SITES.brandDc }],
    destinationList: [{ type: "possessing_party", destination: SITES.store }],
  });
  await record("the shop receives it (retailer)", "retailer", onBatch, {
    step: "receiving",
    eventTime: at(180),
    quantity,
    readPoint: SITES.store,
    bizLocation: SITES.store,
    disposition: "sellable_not_accessible",
  });
  await record("the shop stocks its shelves (retailer)", "retailer", onBatch, {
    step: "stocking",
    eventTime: at(186),
    quantity,
    readPoint: SITES.store,
    bizLocation: SITES.store,
    disposition: "sellable_accessible",
  });
  await record(
    `the shop sells item ${soldSerial} (retailer)`,
    "retailer",
    { id: item, serial: soldSerial },
    {
      step: "retail_selling",
      eventTime: at(200),
      readPoint: SITES.store,
      bizLocation: SITES.store,
      disposition: "retail_sold",
    },
  );

  // The competitor, not accredited for the brand's prefix, registers the same GTIN: self-declared, in its own namespace.
  await send(
    "the competitor registers the T-shirt's GTIN too (self-declared: it never shadows the brand's)",
    products.connect(signers.competitor).register(ctx.denim, DEMO_GTINS.tshirt, 0, ...meta("copied-tshirt")),
  );
  await send(
    "the competitor registers its recycled denim jeans (self-declared: no accredited prefix)",
    products.connect(signers.competitor).register(ctx.denim, DEMO_GTINS.jeans, 0, ...meta("recycled-denim-jeans")),
  );

  return {
    products: [
      { id: tshirt, gtin: DEMO_GTINS.tshirt, name: "Organic cotton T-shirt", owner: address.brand, standing: "brand" },
      { id: hoodie, gtin: DEMO_GTINS.hoodie, name: "Organic cotton hoodie", owner: address.brand, standing: "brand" },
      {
        id: await products.productIdOf(address.competitor, DEMO_GTINS.tshirt),
        gtin: DEMO_GTINS.tshirt,
        name: "Organic cotton T-shirt (copy)",
        owner: address.competitor,
        standing: "self-declared",
      },
      {
        id: await products.productIdOf(address.competitor, DEMO_GTINS.jeans),
        gtin: DEMO_GTINS.jeans,
        name: "Recycled denim jeans",
        owner: address.competitor,
        standing: "self-declared",
      },
    ],
    batch: { product: tshirt, id: batch, lot: DEMO_LOT, serialRoot: tree.root, serialCount: tree.count },
    serialSecret,
    journey,
  };
}
