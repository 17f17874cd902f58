import { expect } from "chai";

import { BUSINESS_STEPS } from "../sdk/src/constants.js";
import { buildJourneyEvent, declareEventError, journeyEventRecord } from "../sdk/src/epcis.js";
import {
  GS1_CSET82,
  Gs1Error,
  batchId,
  companyPrefixCandidates,
  gtinCheckDigit,
  gtinValue,
  isValidGtin,
  isValidKeyText,
  itemId,
  normalizeGtin,
  prefixOf,
  prefixSubject,
  productId,
} from "../sdk/src/gs1.js";
import type { Gs1ErrorCode } from "../sdk/src/gs1.js";
import { ZERO_SALT, buildSerialTree, serialLeafHash, serialSalt } from "../sdk/src/serials.js";
import {
  DAY,
  deployConstellate,
  deployWithConstellation,
  ethers,
  Kind,
  networkHelpers,
  now,
  Role,
} from "./helpers/fixture.js";

/** The brand's GS1 Company Prefix and a GTIN-13 under it. */
const PREFIX = "4012345";
const GTIN = complete("401234500001");
const LOT = "L-2025/01";
const SECRET = ethers.id("serial secret of the sdk test");

function complete(body: string): string {
  return `${body}${gtinCheckDigit(body)}`;
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The name of the custom error a contract call reverted with. */
function revertName(contract: { interface: { parseError(data: string): { name: string } | null } }, error: unknown) {
  const data = (error as { data?: unknown }).data;
  const parsed = typeof data === "string" ? contract.interface.parseError(data) : null;
  if (parsed === null) throw error;
  return parsed.name;
}

/** What the sdk throws, as the contract's custom error. */
function sdkError(fn: () => unknown): string | undefined {
  const names: Partial<Record<Gs1ErrorCode, string>> = {
    length: "InvalidGtin",
    digits: "InvalidGtin",
    checkDigit: "WrongCheckDigit",
    restricted: "RestrictedGtin",
    text: "InvalidKeyText",
  };
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    return names[error.code] ?? error.code;
  }
}

/** As deployWithConstellation, plus `brand` holding PRODUCER and accredited for PREFIX by `body`. */
async function deployBrand() {
  const fx = await deployWithConstellation();
  const { constellations, accreditations, governance, body, brand, id } = fx;
  await constellations.connect(brand).grantRoles(id, brand.address, Role.PRODUCER);
  await accreditations.connect(governance).appointBody(body.address, Kind.GS1_COMPANY_PREFIX, "GS1 Germany");
  await accreditations
    .connect(body)
    .accredit(brand.address, Kind.GS1_COMPANY_PREFIX, prefixSubject(PREFIX), (await now()) + 365 * DAY, ethers.id("e"));
  return fx;
}

describe("sdk and Products contract agree", function () {
  describe("GTINs", function () {
    it("on the GTIN-14 value of valid GTINs of every length", async function () {
      const { products } = await networkHelpers.loadFixture(deployConstellate);
      const rand = random(42);
      const gtins = ["96385074", "036000291452", "4006381333931", "14006381333938", GTIN];
      for (const length of [8, 12, 13, 14]) {
        while (gtins.filter((g) => g.length === length).length < 12) {
          let body = "";
          for (let i = 0; i < length - 1; i++) body += Math.floor(rand() * 10);
          const g = complete(body);
          if (isValidGtin(g)) gtins.push(g);
        }
      }
      for (const g of gtins) {
        expect(await products.gtin14(g), g).to.equal(gtinValue(g));
        expect((await products.gtin14(g)).toString().padStart(14, "0")).to.equal(normalizeGtin(g));
      }
    });

    it("on which bad GTINs to refuse, and with which error", async function () {
      const { products } = await networkHelpers.loadFixture(deployConstellate);
      const bad: [string, string][] = [
        ["", "InvalidGtin"],
        ["1234567", "InvalidGtin"],
        ["123456789", "InvalidGtin"],
        ["123456789012345", "InvalidGtin"],
        ["400638133393A", "InvalidGtin"],
        [" 4006381333931", "InvalidGtin"],
        ["400638133393é", "InvalidGtin"],
        ["4006381333932", "WrongCheckDigit"],
        ["96385075", "WrongCheckDigit"],
        ["14006381333930", "WrongCheckDigit"],
        ["2000000000008", "RestrictedGtin"],
        ["9780306406157", "RestrictedGtin"],
        ["9771234567003", "RestrictedGtin"],
        ["02345673", "RestrictedGtin"],
        [complete("21234567890"), "RestrictedGtin"],
        [complete("1020123456789"), "RestrictedGtin"],
      ];
      for (const [g, error] of bad) {
        expect(
          sdkError(() => normalizeGtin(g)),
          g,
        ).to.equal(error);
        await expect(products.gtin14(g), g).to.be.revertedWithCustomError(products, error);
      }
      await expect(products.gtin14("4006381333932"))
        .to.be.revertedWithCustomError(products, "WrongCheckDigit")
        .withArgs(4006381333932n, 1);
      await expect(products.gtin14("2000000000008"))
        .to.be.revertedWithCustomError(products, "RestrictedGtin")
        .withArgs(2000000000008n);
    });

    it("on every GTIN-13 prefix 000-999 and every GTIN-8 first digit (restricted ranges)", async function () {
      const { products } = await networkHelpers.loadFixture(deployConstellate);
      const gtins: string[] = [];
      for (let p = 0; p < 1000; p++) gtins.push(complete(`${String(p).padStart(3, "0")}123456789`));
      for (let d = 0; d <= 9; d++) {
        const gtin8 = complete(`${d}123456`);
        gtins.push(gtin8, gtin8.padStart(13, "0"), `1${gtin8.padStart(13, "0")}`);
      }
      for (const g of gtins) {
        let contract: string | undefined;
        try {
          await products.gtin14(g);
        } catch (error) {
          contract = revertName(products, error);
        }
        expect(
          sdkError(() => normalizeGtin(g)),
          g,
        ).to.equal(contract);
      }
    });
  });

  describe("ids", function () {
    it("on product ids, in the brand namespace and in any other", async function () {
      const { products, brand } = await networkHelpers.loadFixture(deployConstellate);
      for (const namespace of [ethers.ZeroAddress, brand.address, "0x00000000000000000000000000000000000000a1"]) {
        for (const g of [GTIN, `0${GTIN}`, "96385074", "036000291452", "14006381333938"]) {
          expect(await products.productIdOf(namespace, g)).to.equal(productId(namespace, g));
        }
      }
      expect(await products.productIdOf(ethers.ZeroAddress, GTIN)).to.equal(productId(null, GTIN));
    });

    it("on batch and item ids", async function () {
      const { products } = await networkHelpers.loadFixture(deployConstellate);
      const product = productId(null, GTIN);
      const texts = [LOT, "A", "0", "X".repeat(20), GS1_CSET82.slice(0, 20), GS1_CSET82.slice(20, 40)];
      for (let i = 40; i < GS1_CSET82.length; i += 20) texts.push(GS1_CSET82.slice(i, i + 20));
      for (const text of texts) {
        expect(await products.batchIdOf(product, text), text).to.equal(batchId(product, text));
        expect(await products.itemIdOf(product, text), text).to.equal(itemId(product, text));
      }
    });

    it("on which lot and serial texts are valid: GS1's 82 characters, 1 to 20 of them", async function () {
      const { products } = await networkHelpers.loadFixture(deployConstellate);
      const product = productId(null, GTIN);
      const texts = ["", "A".repeat(20), "A".repeat(21), "é", "😀", "A B", "Ａ", "A\u0000"];
      for (let code = 0; code < 128; code++) texts.push(String.fromCharCode(code));
      let valid = 0;
      for (const text of texts) {
        const sdk = isValidKeyText(10, text);
        valid += sdk ? 1 : 0;
        if (sdk) {
          expect(await products.batchIdOf(product, text)).to.equal(batchId(product, text));
          expect(await products.itemIdOf(product, text)).to.equal(itemId(product, text));
        } else {
          expect(sdkError(() => batchId(product, text))).to.equal("InvalidKeyText");
          await expect(products.batchIdOf(product, text), JSON.stringify(text))
            .to.be.revertedWithCustomError(products, "InvalidKeyText")
            .withArgs(10, text);
          await expect(products.itemIdOf(product, text)).to.be.revertedWithCustomError(products, "InvalidKeyText");
        }
      }
      expect(valid).to.equal(83); // the 82 characters alone, and 20 of them
    });
  });

  describe("serials", function () {
    it("on serial leaves, salted or not", async function () {
      const { products } = await networkHelpers.loadFixture(deployConstellate);
      for (const serial of ["SN-000001", "S/1", GS1_CSET82.slice(0, 20)]) {
        for (const salt of [ZERO_SALT, serialSalt(SECRET, GTIN, LOT, serial)]) {
          expect(await products.serialLeaf(gtinValue(GTIN), LOT, serial, salt)).to.equal(
            serialLeafHash(GTIN, LOT, serial, salt),
          );
        }
      }
    });

    it("on serial roots: the sdk's proofs verify on chain, and only for committed serials", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployBrand);
      const product = productId(null, GTIN);
      await products.connect(brand).register(id, GTIN, PREFIX.length, "ipfs://product", ethers.ZeroHash);
      await products.connect(brand).registerBatch(product, LOT, "ipfs://batch", ethers.ZeroHash);
      const serials = Array.from({ length: 300 }, (_, i) => `SN${String(i).padStart(6, "0")}`);
      for (const secret of [undefined, SECRET]) {
        const tree = buildSerialTree({ gtin: GTIN, lot: LOT, serials, secret });
        await expect(
          products.connect(brand).commitSerials(product, batchId(product, LOT), tree.root, tree.count, tree.salted),
        )
          .to.emit(products, "SerialsCommitted")
          .withArgs(product, batchId(product, LOT), tree.root, tree.count, tree.salted);
        for (const serial of [serials[0]!, serials[150]!, serials[299]!]) {
          const { salt, proof } = tree.proofFor(serial);
          for (const g of [GTIN, `0${GTIN}`]) {
            expect(await products.verifySerial(ethers.ZeroAddress, g, LOT, serial, salt, tree.root, proof)).to.equal(
              true,
            );
          }
          const other = tree.proofFor(serials[1]!);
          expect(
            await products.verifySerial(ethers.ZeroAddress, GTIN, LOT, "SN999999", other.salt, tree.root, other.proof),
          ).to.equal(false);
          if (tree.salted) {
            expect(
              await products.verifySerial(ethers.ZeroAddress, GTIN, LOT, serial, ZERO_SALT, tree.root, proof),
            ).to.equal(false);
          }
        }
      }
    });
  });

  describe("business steps", function () {
    it("on the roles that may record each of the 41 steps", async function () {
      const { products } = await networkHelpers.loadFixture(deployConstellate);
      expect(BUSINESS_STEPS).to.have.length(41);
      for (const { step, name, roles } of BUSINESS_STEPS) expect(await products.stepRoles(step), name).to.equal(roles);
      for (const step of [0, 42, 255]) {
        await expect(products.stepRoles(step)).to.be.revertedWithCustomError(products, "InvalidStep").withArgs(step);
      }
    });

    it("on journey events: the sdk's step, time and CBV hash record, and corrections name another event", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployBrand);
      const product = productId(null, GTIN);
      await products.connect(brand).register(id, GTIN, PREFIX.length, "ipfs://product", ethers.ZeroHash);
      await products.connect(brand).registerBatch(product, LOT, "ipfs://batch", ethers.ZeroHash);
      const batch = batchId(product, LOT);
      const eventTime = new Date(((await now()) - 3600) * 1000);
      const input = {
        step: "receiving",
        eventTime,
        gtin: GTIN,
        lot: LOT,
        readPoint: "https://id.gs1.org/414/4012345000009",
      };
      const erroneous = buildJourneyEvent({ ...input, quantity: { value: 990, uom: "H87" } });
      const corrective = buildJourneyEvent({ ...input, quantity: { value: 1000, uom: "H87" } });
      const record = journeyEventRecord(erroneous);
      expect(record.step).to.equal(24);
      await expect(products.connect(brand).recordEvent(product, batch, record.step, record.eventTime, record.eventHash))
        .to.emit(products, "JourneyEventRecorded")
        .withArgs(product, batch, brand.address, 24, record.eventTime, record.eventHash);
      const fix = journeyEventRecord(corrective);
      await expect(
        products.connect(brand).correctEvent(product, batch, fix.step, fix.eventTime, fix.eventHash, record.eventHash),
      )
        .to.emit(products, "JourneyEventCorrected")
        .withArgs(product, fix.eventHash, record.eventHash);
      // The error declaration itself hashes like the event it declares erroneous, so it cannot be the correction.
      const declared = declareEventError(erroneous, {
        declarationTime: new Date(),
        reason: "incorrect_data",
        correctiveEventIDs: [corrective.eventID],
      });
      const same = journeyEventRecord(declared);
      expect(same.eventHash).to.equal(record.eventHash);
      await expect(
        products
          .connect(brand)
          .correctEvent(product, batch, same.step, same.eventTime, same.eventHash, record.eventHash),
      ).to.be.revertedWithCustomError(products, "InvalidEventHash");
    });
  });

  describe("GS1 Company Prefixes", function () {
    it("on the Accreditations subject of every prefix candidate", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      for (const g of [GTIN, "96385074", "036000291452", "14006381333938"]) {
        for (const { prefix, subject } of companyPrefixCandidates(g)) {
          expect(await accreditations.prefixSubject(prefix), prefix).to.equal(subject);
          expect(subject).to.equal(prefixSubject(prefix));
        }
      }
    });

    it("on the prefix the contract asks Accreditations about when a brand registers", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployBrand);
      for (const g of [GTIN, "96385074", complete("1401234500001")]) {
        for (let length = 4; length <= 12; length++) {
          const prefix = prefixOf(g, length);
          if (prefix === PREFIX) continue;
          await expect(products.connect(brand).register(id, g, length, "ipfs://p", ethers.ZeroHash), `${g}/${length}`)
            .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
            .withArgs(brand.address, prefixSubject(prefix));
        }
      }
      expect(prefixOf(GTIN, 7)).to.equal(PREFIX);
      await expect(products.connect(brand).register(id, GTIN, 7, "ipfs://p", ethers.ZeroHash))
        .to.emit(products, "ProductRegistered")
        .withArgs(productId(null, GTIN), brand.address, id, gtinValue(GTIN), 7, "ipfs://p", ethers.ZeroHash);
    });
  });
});
