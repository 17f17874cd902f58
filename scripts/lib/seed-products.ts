import { ZeroAddress, sha256, toUtf8Bytes } from "ethers";
import type { ContractTransactionResponse, Signer } from "ethers";

import { businessStepCode, ProductRole } from "../../sdk/src/constants.ts";
import { buildEpcisDocument, buildJourneyEvent, declareEventError, epcisEventHash } from "../../sdk/src/epcis.ts";
import type { EpcisObjectEvent, JourneyEventInput } from "../../sdk/src/epcis.ts";
import { buildSerialTree } from "../../sdk/src/serials.ts";
import type { Products } from "../../types/typechain/index.ts";

type Cast = "brand" | "supplier" | "logistics" | "retailer" | "competitor" | "packaging";

/** What the product part of the demo needs from the rest of the seed. */
export interface ProductSeedContext {
  products: Products;
  signers: Record<Cast | "operator", Signer>;
  address: Record<Cast, string>;
  /** Constellation ids: the brand's "Specialty coffee" and the packaging maker's "Circular packaging". */
  coffee: bigint;
  circular: bigint;
  /** Length of the GS1 Company Prefix the brand is accredited for. */
  prefixLength: number;
  /** Length of the GS1 Company Prefix the packaging maker is accredited for. */
  packagingPrefixLength: number;
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
  /** The product the event was recorded on, and its owner (whose vault keeps the document). */
  product: string;
  owner: string;
  document: unknown;
}

export interface ProductSeedResult {
  /** The brand's single origin first, then its espresso, the competitor's two and the packaging maker's bag. */
  products: SeededProduct[];
  /** The single origin's lot: harvested, shipped, roasted and packed in serialised bags. */
  batch: { product: string; id: string; lot: string; serialRoot: string; serialCount: number };
  /** Demo only: the secret the brand's serial salts derive from (a real brand keeps it in its vault). */
  serialSecret: string;
  /** Every journey event's EPCIS document: the single origin's lot, then the competitor's and the packaging maker's. */
  journey: SeededEpcisDocument[];
}

/**
 * Demo GTINs (GTIN-13): the brand's on its accredited prefix 4012345, the packaging maker's on its accredited prefix
 * 8012345, and the competing roaster's on a prefix nobody is accredited for.
 */
export const DEMO_GTINS = {
  /** Lumen's single origin from Huila, washed, whole bean, 250 g bag. */
  singleOrigin: "4012345100105",
  /** Lumen's house espresso blend, whole bean, 1 kg bag. */
  espresso: "4012345100204",
  /** Ridgeline's natural-process Sidama, whole bean, 1 kg bag. */
  sidama: "5012345200309",
  /** Fernleaf's recyclable mono-PE coffee bag with degassing valve, 250 g. */
  bag: "8012345300105",
} as const;
/** The single origin's lot: Huila, 2026 harvest, roast batch 14. */
export const DEMO_LOT = "HUI-2026-R014";
/** 350 kg of green coffee roast to 294 kg (16% roast loss), packed in 1,176 bags of 250 g, each with a serial. */
export const DEMO_SERIAL_COUNT = 1176;
/** The serial of bag `n` (1-based) of the lot. */
export function demoSerial(n: number): string {
  return `LU${String(n).padStart(6, "0")}`;
}

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** An SGLN (EPC URN) of a site: a GLN with a 7-digit company prefix. */
function sgln(gln: string): string {
  return `urn:epc:id:sgln:${gln.slice(0, 7)}.${gln.slice(7, 12)}.0`;
}

/** A party's PGLN (EPC URN), for sources and destinations: the company's GLN, with a 7-digit company prefix. */
function pgln(gln: string): string {
  return `urn:epc:id:pgln:${gln.slice(0, 7)}.${gln.slice(7, 12)}`;
}

/** The demo's sites (SGLNs; invented GLNs with valid check digits, each under its owner's company prefix). */
const SITES = {
  /** The co-op's wet mill in Pitalito, Huila: pulping, fermentation, washing and drying. */
  wetMill: sgln("7701234000103"),
  /** The co-op's dry mill and warehouse in Pitalito: hulling, sorting, bagging. */
  dryMill: sgln("7701234000202"),
  /** The shipper's consolidation warehouse at the port of Buenaventura. */
  buenaventura: sgln("8712345000103"),
  /** The shipper's coffee warehouse at the port of Hamburg. */
  hamburg: sgln("8712345000202"),
  /** The brand's roastery in Hamburg. */
  roastery: sgln("4012345000108"),
  /** The retailer's shop in Ghent. */
  shop: sgln("5400001000101"),
  /** The competing roaster's roastery in Bristol. */
  ridgelineRoastery: sgln("5012345000107"),
  /** The packaging maker's film and bag plant near Verona. */
  bagPlant: sgln("8012345000104"),
} as const;

const PARTIES = {
  coop: pgln("7701234000004"),
  brand: pgln("4012345000009"),
  shipper: pgln("8712345000004"),
  retailer: pgln("5400001000002"),
  competitor: pgln("5012345000008"),
  packaging: pgln("8012345000005"),
} as const;

/** Where each site keeps its clocks (EPCIS records each event's local UTC offset). */
const TIME_ZONES: Record<string, string> = {
  [SITES.wetMill]: "America/Bogota",
  [SITES.dryMill]: "America/Bogota",
  [SITES.buenaventura]: "America/Bogota",
  [SITES.hamburg]: "Europe/Berlin",
  [SITES.roastery]: "Europe/Berlin",
  [SITES.shop]: "Europe/Brussels",
  [SITES.ridgelineRoastery]: "Europe/London",
  [SITES.bagPlant]: "Europe/Rome",
};

/** The UTC offset ("+01:00") in `timeZone` at `iso`. */
function offsetAt(timeZone: string, iso: string): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(iso))
    .find((part) => part.type === "timeZoneName")?.value;
  return name === undefined || name === "GMT" ? "+00:00" : name.replace(/^GMT/, "");
}

const kg = (value: number) => ({ value, uom: "KGM" }); // KGM: kilogram (UN/ECE Recommendation 20)
const pieces = (value: number) => ({ value, uom: "H87" }); // H87: piece

/**
 * The product half of the demo:
 *  - the brand registers its single origin and (through its operator) its espresso blend: brand registrations, since it
 *    is accredited for their prefix; the single origin's lot with 1,176 salted bag serials committed as a Merkle root,
 *    and one bag as an item; it designates the co-op (SUPPLIER), the shipper (LOGISTICS) and the retailer (RETAILER)
 *    as actors on both;
 *  - the lot's journey, each event an EPCIS 2.0 document hashed for the chain: the co-op commissions the harvest at its
 *    wet mill, packs it at its dry mill and ships it to the port; the shipper's vessel leaves Buenaventura and arrives
 *    in Hamburg; the roastery receives it (a mistyped weight, then its correction), roasts it (commissioning the roasted
 *    lot: CBV has no roasting step), packs it in serialised bags; the shipper takes part of it to the shop, which
 *    receives it, stocks it and sells a bag;
 *  - the competing roaster lists the brand's single origin as a guest coffee under its own namespace (a self-declared
 *    registration, which never shadows the brand's) and registers its own Sidama (self-declared: no accredited prefix),
 *    roasted and packed in the packaging maker's bags; the packaging maker registers its bag (a brand registration on
 *    its own accredited prefix), makes a run and ships it to both roasters.
 */
export async function seedProducts(ctx: ProductSeedContext): Promise<ProductSeedResult> {
  const { products, signers, address, send, vaultUrl } = ctx;
  const meta = (slug: string) =>
    [`${vaultUrl}/products/${slug}.json`, sha256(toUtf8Bytes(`demo product ${slug}`))] as const;

  const asBrand = products.connect(signers.brand);
  await send(
    "the brand registers its Huila single origin (brand registration)",
    asBrand.register(ctx.coffee, DEMO_GTINS.singleOrigin, ctx.prefixLength, ...meta("huila-single-origin-250g")),
  );
  await send(
    "the brand's operator registers its house espresso (actFor)",
    products
      .connect(signers.operator)
      .actFor(
        address.brand,
        products.interface.encodeFunctionData("register", [
          ctx.coffee,
          DEMO_GTINS.espresso,
          ctx.prefixLength,
          ...meta("house-espresso-1kg"),
        ]),
      ),
  );
  const singleOrigin = await products.productIdOf(ZeroAddress, DEMO_GTINS.singleOrigin);
  const espresso = await products.productIdOf(ZeroAddress, DEMO_GTINS.espresso);

  // The lot, its bags' serials and one bag sold in the shop.
  await send(
    `the brand registers lot ${DEMO_LOT} of the single origin`,
    asBrand.registerBatch(singleOrigin, DEMO_LOT, ...meta(`huila-single-origin-${DEMO_LOT.toLowerCase()}`)),
  );
  const batch = await products.batchIdOf(singleOrigin, DEMO_LOT);
  const serialSecret = sha256(toUtf8Bytes("constellate demo serial secret (never use outside the demo)"));
  const serials = Array.from({ length: DEMO_SERIAL_COUNT }, (_, i) => demoSerial(i + 1));
  const tree = buildSerialTree({ gtin: DEMO_GTINS.singleOrigin, lot: DEMO_LOT, serials, secret: serialSecret });
  await send(
    `the brand commits the salted serials of the ${DEMO_SERIAL_COUNT} bags of ${DEMO_LOT}`,
    asBrand.commitSerials(singleOrigin, batch, tree.root, tree.count, tree.salted),
  );
  const soldSerial = serials[0]!;
  await send(
    `the brand registers bag ${soldSerial}`,
    asBrand.registerItem(singleOrigin, soldSerial, ...meta(`huila-single-origin-${soldSerial.toLowerCase()}`)),
  );
  const item = await products.itemIdOf(singleOrigin, soldSerial);

  // Product actors: partners in the constellation, each for its part of the journey.
  for (const [key, roles, label] of [
    ["supplier", ProductRole.SUPPLIER, "the co-op as SUPPLIER"],
    ["logistics", ProductRole.LOGISTICS, "the shipper as LOGISTICS"],
    ["retailer", ProductRole.RETAILER, "the retailer as RETAILER"],
  ] as const) {
    for (const [product, name] of [
      [singleOrigin, "single origin"],
      [espresso, "espresso"],
    ] as const) {
      await send(`the brand designates ${label} on the ${name}`, asBrand.setActor(product, address[key], roles));
    }
  }

  const journey: SeededEpcisDocument[] = [];
  /**
   * Records one event on `on`. A correction (`corrects`) follows EPCIS's error declaration: `input` is the corrective
   * event; the document carries it with the erroneous event declared in error, and the chain records the corrective
   * event's hash with the hash of the event it corrects (which the declaration keeps: CBV 2.0 leaves it out of the
   * hash).
   */
  const record = async (
    label: string,
    who: Cast | "operator",
    on: { product: string; gtin: string; owner: string; subject: string; lot?: string; serial?: string },
    input: Omit<JourneyEventInput, "gtin" | "lot" | "serial" | "timeZoneOffset">,
    corrects?: { event: EpcisObjectEvent; declarationTime: string; reason: string },
  ): Promise<EpcisObjectEvent> => {
    const site = input.bizLocation ?? input.readPoint;
    const zone = site === undefined ? undefined : TIME_ZONES[site];
    const event = buildJourneyEvent({
      ...input,
      gtin: on.gtin,
      lot: on.lot,
      serial: on.serial,
      ...(zone === undefined ? {} : { timeZoneOffset: offsetAt(zone, String(input.eventTime)) }),
    });
    const hash = epcisEventHash(event);
    const step = businessStepCode(String(input.step));
    const eventTime = BigInt(Math.floor(new Date(input.eventTime).getTime() / 1000));
    const call =
      corrects === undefined
        ? products.interface.encodeFunctionData("recordEvent", [on.product, on.subject, step, eventTime, hash.bytes32])
        : products.interface.encodeFunctionData("correctEvent", [
            on.product,
            on.subject,
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
      product: on.product,
      owner: on.owner,
      document: buildEpcisDocument(events),
    });
    return event;
  };

  // The lot's journey, from the harvest five months ago to a bag sold yesterday. `at(day, hour)`: UTC, `day` days
  // after the harvest's first day.
  const harvest = Math.floor(((await ctx.now()) - 150 * DAY) / DAY) * DAY;
  const at = (day: number, hour: number) => new Date((harvest + day * DAY + hour * HOUR) * 1000).toISOString();
  const lot = {
    product: singleOrigin,
    gtin: DEMO_GTINS.singleOrigin,
    owner: address.brand,
    subject: batch,
    lot: DEMO_LOT,
  };
  const bookedBy = (gln: string, reference: string) => `urn:epcglobal:cbv:bt:${gln}:${reference}`;

  await record(
    "the co-op commissions the lot at its wet mill: 440 kg of washed parchment (supplier)",
    "supplier",
    lot,
    {
      step: "commissioning",
      eventTime: at(0, 22),
      quantity: kg(440),
      readPoint: SITES.wetMill,
      bizLocation: SITES.wetMill,
      disposition: "active",
    },
  );
  await record(
    "the co-op hulls it and packs 5 bags of 70 kg green coffee at its dry mill (supplier)",
    "supplier",
    lot,
    {
      step: "packing",
      eventTime: at(22, 15),
      quantity: kg(350),
      readPoint: SITES.dryMill,
      bizLocation: SITES.dryMill,
      disposition: "in_progress",
    },
  );
  await record("the co-op ships it to the port of Buenaventura (supplier)", "supplier", lot, {
    step: "shipping",
    eventTime: at(26, 13),
    quantity: kg(350),
    readPoint: SITES.dryMill,
    disposition: "in_transit",
    bizTransactionList: [{ type: "po", bizTransaction: bookedBy("4012345000009", "PO-2026-0412") }],
    sourceList: [
      { type: "owning_party", source: PARTIES.coop },
      { type: "location", source: SITES.dryMill },
    ],
    destinationList: [
      { type: "owning_party", destination: PARTIES.brand },
      { type: "location", destination: SITES.roastery },
    ],
  });
  await record("the shipper's vessel leaves Buenaventura (logistics)", "logistics", lot, {
    step: "departing",
    eventTime: at(31, 20),
    quantity: kg(350),
    readPoint: SITES.buenaventura,
    disposition: "in_transit",
    bizTransactionList: [{ type: "bol", bizTransaction: bookedBy("8712345000004", "BOL-BUN-HAM-26-3381") }],
  });
  await record("it arrives in Hamburg (logistics)", "logistics", lot, {
    step: "arriving",
    eventTime: at(58, 6),
    quantity: kg(350),
    readPoint: SITES.hamburg,
    bizLocation: SITES.hamburg,
    disposition: "in_transit",
  });
  const received = await record("the roastery receives it (operator, actFor)", "operator", lot, {
    step: "receiving",
    eventTime: at(61, 9),
    quantity: kg(35),
    readPoint: SITES.roastery,
    bizLocation: SITES.roastery,
    disposition: "in_progress",
  });
  await record(
    "the brand corrects the weight it received: 350 kg, not 35 (EPCIS error declaration)",
    "brand",
    lot,
    {
      step: "receiving",
      eventTime: at(61, 9),
      quantity: kg(350),
      readPoint: SITES.roastery,
      bizLocation: SITES.roastery,
      disposition: "in_progress",
    },
    { event: received, declarationTime: at(61, 11), reason: "incorrect_data" },
  );
  await record("the brand roasts it: 294 kg of roasted coffee (commissioning)", "brand", lot, {
    step: "commissioning",
    eventTime: at(133, 7),
    quantity: kg(294),
    readPoint: SITES.roastery,
    bizLocation: SITES.roastery,
    disposition: "active",
  });
  await record(`the brand packs it in ${DEMO_SERIAL_COUNT} bags of 250 g`, "brand", lot, {
    step: "packing",
    eventTime: at(134, 8),
    quantity: kg(294),
    readPoint: SITES.roastery,
    bizLocation: SITES.roastery,
    disposition: "in_progress",
  });
  await record("the shipper takes 480 bags to the shop (logistics)", "logistics", lot, {
    step: "shipping",
    eventTime: at(136, 5),
    quantity: kg(120),
    readPoint: SITES.roastery,
    disposition: "in_transit",
    bizTransactionList: [{ type: "po", bizTransaction: bookedBy("5400001000002", "PO-88120") }],
    sourceList: [
      { type: "possessing_party", source: PARTIES.brand },
      { type: "location", source: SITES.roastery },
    ],
    destinationList: [
      { type: "owning_party", destination: PARTIES.retailer },
      { type: "location", destination: SITES.shop },
    ],
  });
  await record("the shop receives them (retailer)", "retailer", lot, {
    step: "receiving",
    eventTime: at(137, 6),
    quantity: kg(120),
    readPoint: SITES.shop,
    bizLocation: SITES.shop,
    disposition: "sellable_not_accessible",
  });
  await record("the shop stocks its shelves (retailer)", "retailer", lot, {
    step: "stocking",
    eventTime: at(137, 9),
    quantity: kg(120),
    readPoint: SITES.shop,
    bizLocation: SITES.shop,
    disposition: "sellable_accessible",
  });
  await record(
    `the shop sells bag ${soldSerial} (retailer)`,
    "retailer",
    { product: singleOrigin, gtin: DEMO_GTINS.singleOrigin, owner: address.brand, subject: item, serial: soldSerial },
    {
      step: "retail_selling",
      eventTime: at(149, 11),
      readPoint: SITES.shop,
      bizLocation: SITES.shop,
      disposition: "retail_sold",
    },
  );

  // The competing roaster, not accredited for the brand's prefix, lists the single origin as a guest coffee in its
  // café: self-declared, in its own namespace. Its own coffee is self-declared too (its prefix is not accredited).
  const asCompetitor = products.connect(signers.competitor);
  await send(
    "the competing roaster lists the brand's single origin as a guest coffee (self-declared: never shadows the brand's)",
    asCompetitor.register(ctx.circular, DEMO_GTINS.singleOrigin, 0, ...meta("ridgeline-guest-huila")),
  );
  await send(
    "the competing roaster registers its Sidama natural (self-declared: no accredited prefix)",
    asCompetitor.register(ctx.circular, DEMO_GTINS.sidama, 0, ...meta("ridgeline-sidama-natural-1kg")),
  );
  const sidama = await products.productIdOf(address.competitor, DEMO_GTINS.sidama);

  // The packaging maker's bag: a brand registration on its own accredited prefix.
  await send(
    "the packaging maker registers its recyclable coffee bag (brand registration)",
    products
      .connect(signers.packaging)
      .register(ctx.circular, DEMO_GTINS.bag, ctx.packagingPrefixLength, ...meta("fernleaf-mono-pe-bag-250g")),
  );
  const bag = await products.productIdOf(ZeroAddress, DEMO_GTINS.bag);
  const onBag = { product: bag, gtin: DEMO_GTINS.bag, owner: address.packaging, subject: bag };
  await record("the packaging maker makes a run of 40,000 bags", "packaging", onBag, {
    step: "commissioning",
    eventTime: at(118, 14),
    quantity: pieces(40_000),
    readPoint: SITES.bagPlant,
    bizLocation: SITES.bagPlant,
    disposition: "active",
  });
  for (const [roaster, party, site, day] of [
    ["the competing roaster", PARTIES.competitor, SITES.ridgelineRoastery, 121],
    ["the brand", PARTIES.brand, SITES.roastery, 122],
  ] as const) {
    await record(`the packaging maker ships 20,000 bags to ${roaster}`, "packaging", onBag, {
      step: "shipping",
      eventTime: at(day, 10),
      quantity: pieces(20_000),
      readPoint: SITES.bagPlant,
      disposition: "in_transit",
      sourceList: [{ type: "owning_party", source: PARTIES.packaging }],
      destinationList: [
        { type: "owning_party", destination: party },
        { type: "location", destination: site },
      ],
    });
  }

  const onSidama = { product: sidama, gtin: DEMO_GTINS.sidama, owner: address.competitor, subject: sidama };
  await record("the competing roaster roasts 180 kg of its Sidama (commissioning)", "competitor", onSidama, {
    step: "commissioning",
    eventTime: at(140, 8),
    quantity: kg(180),
    readPoint: SITES.ridgelineRoastery,
    bizLocation: SITES.ridgelineRoastery,
    disposition: "active",
  });
  await record("and packs it in the packaging maker's bags", "competitor", onSidama, {
    step: "packing",
    eventTime: at(140, 13),
    quantity: kg(180),
    readPoint: SITES.ridgelineRoastery,
    bizLocation: SITES.ridgelineRoastery,
    disposition: "in_progress",
  });

  return {
    products: [
      {
        id: singleOrigin,
        gtin: DEMO_GTINS.singleOrigin,
        name: "Huila single origin, 250 g",
        owner: address.brand,
        standing: "brand",
      },
      {
        id: espresso,
        gtin: DEMO_GTINS.espresso,
        name: "House espresso, 1 kg",
        owner: address.brand,
        standing: "brand",
      },
      {
        id: await products.productIdOf(address.competitor, DEMO_GTINS.singleOrigin),
        gtin: DEMO_GTINS.singleOrigin,
        name: "Huila single origin (guest listing)",
        owner: address.competitor,
        standing: "self-declared",
      },
      {
        id: sidama,
        gtin: DEMO_GTINS.sidama,
        name: "Sidama natural, 1 kg",
        owner: address.competitor,
        standing: "self-declared",
      },
      {
        id: bag,
        gtin: DEMO_GTINS.bag,
        name: "Recyclable coffee bag, 250 g",
        owner: address.packaging,
        standing: "brand",
      },
    ],
    batch: { product: singleOrigin, id: batch, lot: DEMO_LOT, serialRoot: tree.root, serialCount: tree.count },
    serialSecret,
    journey,
  };
}
