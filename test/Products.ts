import { expect } from "chai";

import { ProductRole } from "../sdk/src/constants.js";
import { pinNextBlockTime } from "./helpers/expect.js";
import { DAY, ethers, Motion, networkHelpers, now, Permission, Role } from "./helpers/fixture.js";
import {
  accredit,
  actorView,
  AI_LOT,
  AI_SERIAL,
  deployProducts,
  deployWithProduct,
  EVENT_HASH,
  EVENT_HASH2,
  GTIN,
  GTIN13,
  GTIN2,
  GTIN_CASE,
  gtin,
  gtinValue,
  LOT,
  LOT2,
  META,
  OTHER_GTIN,
  OTHER_PREFIX,
  PREFIX,
  prefixSubject,
  productEvents,
  productId,
  productView,
  revokePrefix,
  SERIAL,
  serialTree,
  subjectId,
  subjectView,
  URI,
} from "./helpers/products.js";

const ZERO = ethers.ZeroAddress;
const P7 = PREFIX.length;
const UNKNOWN = ethers.id("no such product");
const META2 = ethers.id("product metadata v2");

/** 1,000 serials of LOT, unsalted and salted, built once. */
const PLAIN = serialTree(GTIN, LOT, 1000);
const SALTED = serialTree(GTIN, LOT, 1000, { salted: true, tag: "SX" });
/** A tree nobody commits. */
const UNCOMMITTED = serialTree(GTIN, LOT, 16, { tag: "UC" });
/** The serials of LOT2, to commit as a second batch. */
const LOT2_TREE = serialTree(GTIN, LOT2, 8, { tag: "SN" });

/** Serial positions checked in the 1,000-leaf trees. */
const SAMPLE = [0, 1, 2, 127, 128, 255, 499, 500, 511, 512, 768, 997, 998, 999];

type Fx = Awaited<ReturnType<typeof deployWithProduct>>;

/** As {deployWithProduct}, with both 1,000-serial roots committed for LOT. */
async function deployWithSerials() {
  const fx = await deployWithProduct();
  await fx.products.connect(fx.brand).commitSerials(fx.product, fx.batch, PLAIN.tree.root, 1000, false);
  await fx.products.connect(fx.brand).commitSerials(fx.product, fx.batch, SALTED.tree.root, 1000, true);
  return fx;
}

/**
 * As {deployWithSerials}, with `supplier` a SUPPLIER actor, an open transfer offer to `impostor`, `successor`
 * accredited for PREFIX and the brand's accreditation revoked: the registration is up for reclaiming.
 */
async function deployReclaimable() {
  const fx = await deployWithSerials();
  const { products, brand, supplier, impostor, successor, product } = fx;
  await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
  await products.connect(brand).offerTransfer(product, impostor.address);
  await accredit(fx, successor, PREFIX);
  await revokePrefix(fx, brand, PREFIX);
  return fx;
}

/** Whether `serial` of LOT at position `i` of `t` verifies in the brand namespace. */
async function verifies(fx: Fx, t: typeof PLAIN, i: number): Promise<boolean> {
  const leaf = t.leaves[i];
  if (leaf === undefined) throw new Error(`no leaf ${i}`);
  const [, lot, serial, salt] = leaf;
  return fx.products.verifySerial(ZERO, GTIN, lot, serial, salt, t.tree.root, t.tree.getProof(i));
}

function leafAt(t: typeof PLAIN, i: number) {
  const leaf = t.leaves[i];
  if (leaf === undefined) throw new Error(`no leaf ${i}`);
  return leaf;
}

describe("Products", function () {
  describe("deployment", function () {
    it("reports version 1.0.0", async function () {
      const { products } = await networkHelpers.loadFixture(deployProducts);
      expect(await products.version()).to.equal("1.0.0");
    });

    it("knows its sibling contracts and exposes its constants", async function () {
      const { products, companies, constellations, accreditations } = await networkHelpers.loadFixture(deployProducts);
      expect(await products.COMPANIES()).to.equal(await companies.getAddress());
      expect(await products.CONSTELLATIONS()).to.equal(await constellations.getAddress());
      expect(await products.ACCREDITATIONS()).to.equal(await accreditations.getAddress());
      expect(await products.SUPPLIER()).to.equal(BigInt(ProductRole.SUPPLIER));
      expect(await products.LOGISTICS()).to.equal(BigInt(ProductRole.LOGISTICS));
      expect(await products.RETAILER()).to.equal(BigInt(ProductRole.RETAILER));
      expect(await products.AUDITOR()).to.equal(BigInt(ProductRole.AUDITOR));
      expect(await products.MAX_CLOCK_SKEW()).to.equal(15n * 60n);
      expect(await products.MAX_URI_LENGTH()).to.equal(512n);
    });

    it("reports empty records for what was never written", async function () {
      const { products, brand } = await networkHelpers.loadFixture(deployProducts);
      expect(await productView(products, UNKNOWN)).to.deep.equal({
        owner: ZERO,
        constellation: 0,
        prefixLength: 0,
        discontinued: false,
        generation: 0,
      });
      expect(await subjectView(products, UNKNOWN, UNKNOWN)).to.deep.equal({
        kind: 0,
        generation: 0,
        registeredAt: 0,
        live: false,
      });
      expect(await actorView(products, UNKNOWN, brand.address)).to.deep.equal({
        designatedBy: ZERO,
        stored: 0,
        roles: 0,
      });
      expect(await products.transferOfferOf(UNKNOWN)).to.equal(ZERO);
      const [root, live] = await products.serialRootOf(UNKNOWN, UNKNOWN, UNKNOWN);
      expect([root.generation, root.committedAt, live]).to.deep.equal([0n, 0n, false]);
      const resolution = await products.resolve(GTIN);
      expect([resolution.product, resolution.owner, resolution.accredited]).to.deep.equal([
        ethers.ZeroHash,
        ZERO,
        false,
      ]);
    });
  });

  describe("GTIN keys", function () {
    it("normalises 8, 12, 13 and 14 digits of the same GTIN-14 to one value and one id", async function () {
      const { products, brand } = await networkHelpers.loadFixture(deployProducts);
      for (const forms of [
        ["96385074", "000096385074", "0000096385074", "00000096385074"],
        ["036000291452", "0036000291452", "00036000291452"],
        [GTIN13, GTIN],
      ]) {
        const value = gtinValue(forms[0] as string);
        for (const form of forms) {
          expect(await products.gtin14(form)).to.equal(value);
          expect(await products.productIdOf(ZERO, form)).to.equal(productId(ZERO, forms[0] as string));
          expect(await products.productIdOf(brand.address, form)).to.equal(
            productId(brand.address, forms[0] as string),
          );
        }
      }
    });

    it("computes ids as keccak256(abi.encode(namespace, gtin14)), distinct per namespace", async function () {
      const { products, brand, impostor } = await networkHelpers.loadFixture(deployProducts);
      const brandId = await products.productIdOf(ZERO, GTIN);
      const selfId = await products.productIdOf(impostor.address, GTIN);
      expect(brandId).to.equal(productId(ZERO, GTIN));
      expect(selfId).to.equal(productId(impostor.address, GTIN));
      expect(brandId).to.not.equal(selfId);
      expect(await products.productIdOf(brand.address, GTIN)).to.not.equal(selfId);
    });

    it("refuses the same GTIN-14 under another length once registered", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      await products.connect(brand).register(id, "96385074", 0, URI, META);
      const product = productId(brand.address, "96385074");
      for (const form of ["000096385074", "0000096385074", "00000096385074"]) {
        await expect(products.connect(brand).register(id, form, 0, URI, META))
          .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
          .withArgs(product, brand.address);
      }
    });

    it("refuses a wrong check digit, naming the expected one", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      for (const [bad, expected] of [
        ["04012345000017", 6],
        ["4012345000010", 6],
        ["96385075", 4],
        ["036000291450", 2],
      ] as const) {
        await expect(products.connect(brand).register(id, bad, 0, URI, META))
          .to.be.revertedWithCustomError(products, "WrongCheckDigit")
          .withArgs(gtinValue(bad), expected);
        await expect(products.gtin14(bad))
          .to.be.revertedWithCustomError(products, "WrongCheckDigit")
          .withArgs(gtinValue(bad), expected);
      }
    });

    for (const bad of [
      "",
      "9638507",
      "963850740",
      "03600029145",
      "401234500001600",
      "0401234500001a",
      "04012345 00016",
      "/4012345000016",
      ":4012345000016",
      " 96385074",
      "9638507４",
      "-96385074",
      "0x123456",
    ]) {
      it(`refuses ${JSON.stringify(bad)} as InvalidGtin`, async function () {
        const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
        await expect(products.connect(brand).register(id, bad, 0, URI, META))
          .to.be.revertedWithCustomError(products, "InvalidGtin")
          .withArgs(bad);
        await expect(products.gtin14(bad)).to.be.revertedWithCustomError(products, "InvalidGtin").withArgs(bad);
      });
    }

    const restricted: Array<[string, string]> = [
      ["GTIN-13 prefix 020", gtin("020123456789")],
      ["GTIN-13 prefix 025", gtin("025123456789")],
      ["GTIN-13 prefix 029", gtin("029123456789")],
      ["GTIN-13 prefix 040", gtin("040123456789")],
      ["GTIN-13 prefix 049", gtin("049123456789")],
      ["GTIN-13 prefix 200", gtin("200123456789")],
      ["GTIN-13 prefix 250", gtin("250123456789")],
      ["GTIN-13 prefix 299", gtin("299123456789")],
      ["GTIN-13 prefix 977 (ISSN)", gtin("977123456789")],
      ["GTIN-13 prefix 978 (ISBN)", gtin("978123456789")],
      ["GTIN-13 prefix 979 (ISBN)", gtin("979123456789")],
      ["GTIN-13 prefix 980 (refund)", gtin("980123456789")],
      ["GTIN-13 prefix 990 (coupon)", gtin("990123456789")],
      ["GTIN-13 prefix 999", gtin("999123456789")],
      ["GTIN-12 starting with 2", gtin("21234567890")],
      ["GTIN-12 starting with 4", gtin("41234567890")],
      ["GTIN-14 with indicator 1 on prefix 020", gtin("1020123456789")],
      ["GTIN-14 with indicator 5 on prefix 978", gtin("5978123456789")],
      ["GTIN-8 starting with 0", gtin("0123456")],
      ["GTIN-8 starting with 2", gtin("2123456")],
      ["GTIN-8 starting with 2, written as a GTIN-14", gtin("0000002123456")],
      ["GTIN-8 starting with 0, indicator 1", gtin("1000000123456")],
      ["the all-zero GTIN", "00000000000000"],
    ];
    for (const [name, g] of restricted) {
      it(`refuses ${name} (${g}) as RestrictedGtin`, async function () {
        const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
        await expect(products.connect(brand).register(id, g, 0, URI, META))
          .to.be.revertedWithCustomError(products, "RestrictedGtin")
          .withArgs(gtinValue(g));
        await expect(products.gtin14(g))
          .to.be.revertedWithCustomError(products, "RestrictedGtin")
          .withArgs(gtinValue(g));
      });
    }

    const accepted: Array<[string, string]> = [
      ["GTIN-13 prefix 000 (not a GTIN-8)", gtin("000123456789")],
      ["GTIN-13 prefix 019", gtin("019123456789")],
      ["GTIN-13 prefix 030", gtin("030123456789")],
      ["GTIN-13 prefix 039", gtin("039123456789")],
      ["GTIN-13 prefix 050", gtin("050123456789")],
      ["GTIN-13 prefix 199", gtin("199123456789")],
      ["GTIN-13 prefix 300", gtin("300123456789")],
      ["GTIN-13 prefix 976", gtin("976123456789")],
      ["GTIN-12 starting with 1", gtin("11234567890")],
      ["GTIN-12 starting with 3", gtin("31234567890")],
      ["GTIN-12 starting with 5", gtin("51234567890")],
      ["GTIN-8 starting with 1", gtin("1234567")],
      ["GTIN-8 starting with 3", gtin("3123456")],
      ["GTIN-8 starting with 9", gtin("9638507")],
      ["GTIN-14 with indicator 9", gtin("9401234500001")],
    ];
    for (const [name, g] of accepted) {
      it(`accepts ${name} (${g})`, async function () {
        const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
        await expect(products.connect(brand).register(id, g, 0, URI, META))
          .to.emit(products, "ProductRegistered")
          .withArgs(productId(brand.address, g), brand.address, id, gtinValue(g), 0, URI, META);
      });
    }
  });

  describe("register", function () {
    it("registers the brand's GTIN in the brand namespace, with the prefix length", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      const product = productId(ZERO, GTIN);
      expect(await products.connect(brand).register.staticCall(id, GTIN13, P7, URI, META)).to.equal(product);
      const tx = products.connect(brand).register(id, GTIN13, P7, URI, META);
      await expect(tx)
        .to.emit(products, "ProductRegistered")
        .withArgs(product, brand.address, id, gtinValue(GTIN), P7, URI, META);
      expect(await productEvents(products, tx)).to.deep.equal(["ProductRegistered"]);
      expect(await productView(products, product)).to.deep.equal({
        owner: brand.address,
        constellation: Number(id),
        prefixLength: P7,
        discontinued: false,
        generation: 0,
      });
      const r = await products.resolve(GTIN);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([product, brand.address, true]);
    });

    it("registers a self-declared GTIN in the registrant's namespace with prefix length zero", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      const product = productId(brand.address, GTIN);
      await expect(products.connect(brand).register(id, GTIN, 0, "", ethers.ZeroHash))
        .to.emit(products, "ProductRegistered")
        .withArgs(product, brand.address, id, gtinValue(GTIN), 0, "", ethers.ZeroHash);
      expect((await productView(products, product)).prefixLength).to.equal(0);
      // A self-declared registration never resolves, not even the accredited brand's own.
      expect((await products.resolve(GTIN)).product).to.equal(ethers.ZeroHash);
    });

    it("lets the brand hold its brand and a self-declared registration of the same GTIN", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      await products.connect(brand).register(id, GTIN, 0, URI, META);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(productId(ZERO, GTIN), brand.address, id, gtinValue(GTIN), P7, URI, META);
    });

    it("reads the prefix after the indicator digit", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      await expect(products.connect(brand).register(id, GTIN_CASE, P7, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(productId(ZERO, GTIN_CASE), brand.address, id, gtinValue(GTIN_CASE), P7, URI, META);
      expect(productId(ZERO, GTIN_CASE)).to.not.equal(productId(ZERO, GTIN));
    });

    it("accepts prefix lengths 4 and 12 when accredited for them", async function () {
      const fx = await networkHelpers.loadFixture(deployProducts);
      const { products, brand, id } = fx;
      await accredit(fx, brand, "4012");
      await accredit(fx, brand, "401234500002");
      await expect(products.connect(brand).register(id, GTIN, 4, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(productId(ZERO, GTIN), brand.address, id, gtinValue(GTIN), 4, URI, META);
      await expect(products.connect(brand).register(id, GTIN2, 12, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(productId(ZERO, GTIN2), brand.address, id, gtinValue(GTIN2), 12, URI, META);
    });

    for (const length of [1, 2, 3, 13, 14, 255]) {
      it(`refuses prefix length ${length}`, async function () {
        const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
        await expect(products.connect(brand).register(id, GTIN, length, URI, META))
          .to.be.revertedWithCustomError(products, "InvalidPrefixLength")
          .withArgs(length);
      });
    }

    it("refuses a prefix length the company is not accredited for, naming the subject", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      for (const length of [4, 6, 8, 12]) {
        await expect(products.connect(brand).register(id, GTIN, length, URI, META))
          .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
          .withArgs(brand.address, prefixSubject(GTIN.slice(1, 1 + length)));
      }
    });

    it("refuses a GTIN outside the brand's prefix", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      await expect(products.connect(brand).register(id, OTHER_GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(brand.address, prefixSubject(OTHER_PREFIX));
    });

    it("refuses the brand namespace once the accreditation expired", async function () {
      const { products, brand, id, accreditationExpiry } = await networkHelpers.loadFixture(deployProducts);
      await networkHelpers.time.increaseTo(accreditationExpiry);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(brand.address, prefixSubject(PREFIX));
    });

    it("refuses the brand namespace once the accreditation is revoked or the body removed", async function () {
      const fx = await networkHelpers.loadFixture(deployProducts);
      const { products, accreditations, governance, brand, body, id } = fx;
      await revokePrefix(fx, brand, PREFIX);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(brand.address, prefixSubject(PREFIX));
      await accredit(fx, brand, PREFIX);
      await accreditations.connect(governance).removeBody(body.address);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(brand.address, prefixSubject(PREFIX));
    });

    it("refuses a duplicate registration in either namespace", async function () {
      const { products, brand, id, product } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).register(id, GTIN13, P7, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(product, brand.address);
      await products.connect(brand).register(id, GTIN, 0, URI, META);
      await expect(products.connect(brand).register(id, GTIN, 0, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(productId(brand.address, GTIN), brand.address);
    });

    it("accepts a metadata URI of 512 bytes and refuses 513", async function () {
      const { products, brand, id } = await networkHelpers.loadFixture(deployProducts);
      await expect(products.connect(brand).register(id, GTIN, P7, "u".repeat(513), META))
        .to.be.revertedWithCustomError(products, "UriTooLong")
        .withArgs(513, 512);
      await expect(products.connect(brand).register(id, GTIN, P7, "é".repeat(257), META))
        .to.be.revertedWithCustomError(products, "UriTooLong")
        .withArgs(514, 512);
      await expect(products.connect(brand).register(id, GTIN, P7, "u".repeat(512), META)).to.emit(
        products,
        "ProductRegistered",
      );
    });

    it("refuses a member without PRODUCER, with Constellations' MissingRoles", async function () {
      const { products, constellations, supplier, retailer, id } = await networkHelpers.loadFixture(deployProducts);
      await expect(products.connect(supplier).register(id, GTIN, 0, URI, META))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, Role.PRODUCER, Role.SUPPLIER);
      await expect(products.connect(retailer).register(id, GTIN, 0, URI, META))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, retailer.address, Role.PRODUCER, Role.RETAILER);
    });

    it("refuses the founder until it grants itself PRODUCER", async function () {
      const fx = await networkHelpers.loadFixture(deployProducts);
      const { products, constellations, verifier } = fx;
      await constellations.connect(verifier).create("Verifier's own", "", "", ethers.ZeroHash);
      await expect(products.connect(verifier).register(2, GTIN, 0, URI, META))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(2, verifier.address, Role.PRODUCER, Role.ADMIN);
      await constellations.connect(verifier).grantRoles(2, verifier.address, Role.PRODUCER);
      await expect(products.connect(verifier).register(2, GTIN, 0, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(productId(verifier.address, GTIN), verifier.address, 2, gtinValue(GTIN), 0, URI, META);
      // A constellation of one's own gives PRODUCER, yet never the brand namespace.
      await expect(products.connect(verifier).register(2, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(verifier.address, prefixSubject(PREFIX));
    });

    it("refuses a registered non-member and an unregistered stranger with NotAMember", async function () {
      const { products, constellations, verifier, stranger, id } = await networkHelpers.loadFixture(deployProducts);
      for (const who of [verifier, stranger]) {
        await expect(products.connect(who).register(id, GTIN, 0, URI, META))
          .to.be.revertedWithCustomError(constellations, "NotAMember")
          .withArgs(id, who.address);
      }
    });

    it("refuses an archived constellation", async function () {
      const { products, constellations, brand, id } = await networkHelpers.loadFixture(deployProducts);
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses an unknown constellation", async function () {
      const { products, constellations, brand } = await networkHelpers.loadFixture(deployProducts);
      for (const unknown of [0, 99]) {
        await expect(products.connect(brand).register(unknown, GTIN, P7, URI, META))
          .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
          .withArgs(unknown);
      }
    });

    it("lets an operator with PRODUCTS register for its company, and refuses one with EVENTS only", async function () {
      const { products, companies, brand, operator, operator2, id } = await networkHelpers.loadFixture(deployProducts);
      const expiry = (await now()) + DAY;
      await companies.connect(brand).setOperator(operator.address, Permission.PRODUCTS, expiry);
      await companies.connect(brand).setOperator(operator2.address, Permission.EVENTS, expiry);
      const data = products.interface.encodeFunctionData("register", [id, GTIN, P7, URI, META]);
      await expect(products.connect(operator2).actFor(brand.address, data))
        .to.be.revertedWithCustomError(products, "NotActingFor")
        .withArgs(brand.address, operator2.address, Permission.PRODUCTS);
      const product = productId(ZERO, GTIN);
      await expect(products.connect(operator).actFor(brand.address, data))
        .to.emit(products, "ActedFor")
        .withArgs(brand.address, operator.address)
        .and.to.emit(products, "ProductRegistered")
        .withArgs(product, brand.address, id, gtinValue(GTIN), P7, URI, META);
      expect((await productView(products, product)).owner).to.equal(brand.address);
    });

    it("does not let an operator register for itself: it is no member", async function () {
      const { products, constellations, companies, brand, operator, id } =
        await networkHelpers.loadFixture(deployProducts);
      await companies.connect(brand).setOperator(operator.address, Permission.ALL, (await now()) + DAY);
      await expect(products.connect(operator).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, operator.address);
    });
  });

  describe("brand versus impostor", function () {
    it("keeps a self-declared registration made before the brand's apart from it", async function () {
      const { products, brand, impostor, id } = await networkHelpers.loadFixture(deployProducts);
      const fake = productId(impostor.address, GTIN);
      await expect(products.connect(impostor).register(id, GTIN, 0, "ipfs://fake", META2))
        .to.emit(products, "ProductRegistered")
        .withArgs(fake, impostor.address, id, gtinValue(GTIN), 0, "ipfs://fake", META2);
      // Nothing resolves while only the impostor has registered.
      let r = await products.resolve(GTIN);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([ethers.ZeroHash, ZERO, false]);
      // The impostor did not block the brand.
      const real = productId(ZERO, GTIN);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(real, brand.address, id, gtinValue(GTIN), P7, URI, META);
      r = await products.resolve(GTIN13);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([real, brand.address, true]);
      expect((await productView(products, fake)).owner).to.equal(impostor.address);
      expect((await productView(products, real)).owner).to.equal(brand.address);
    });

    it("keeps a self-declared registration made after the brand's apart from it", async function () {
      const { products, brand, impostor, id, product } = await networkHelpers.loadFixture(deployWithProduct);
      const fake = productId(impostor.address, GTIN);
      await expect(products.connect(impostor).register(id, GTIN, 0, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(fake, impostor.address, id, gtinValue(GTIN), 0, URI, META);
      expect(fake).to.not.equal(product);
      const r = await products.resolve(GTIN);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([product, brand.address, true]);
      expect((await productView(products, product)).owner).to.equal(brand.address);
    });

    it("refuses the impostor the brand namespace, before and after the brand registered", async function () {
      const { products, brand, impostor, id } = await networkHelpers.loadFixture(deployProducts);
      for (const length of [P7, 4, 12]) {
        await expect(products.connect(impostor).register(id, GTIN, length, URI, META))
          .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
          .withArgs(impostor.address, prefixSubject(GTIN.slice(1, 1 + length)));
      }
      await products.connect(brand).register(id, GTIN, P7, URI, META);
      await expect(products.connect(impostor).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(impostor.address, prefixSubject(PREFIX));
    });

    it("refuses a company accredited for another prefix", async function () {
      const fx = await networkHelpers.loadFixture(deployWithProduct);
      const { products, impostor, id } = fx;
      await accredit(fx, impostor, OTHER_PREFIX);
      await expect(products.connect(impostor).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(impostor.address, prefixSubject(PREFIX));
      await expect(products.connect(impostor).register(id, GTIN2, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(impostor.address, prefixSubject(PREFIX));
      // Its own prefix works.
      await expect(products.connect(impostor).register(id, OTHER_GTIN, P7, URI, META))
        .to.emit(products, "ProductRegistered")
        .withArgs(productId(ZERO, OTHER_GTIN), impostor.address, id, gtinValue(OTHER_GTIN), P7, URI, META);
    });

    it("refuses a reclaim while the owner is still accredited, even by a company accredited for the prefix", async function () {
      const fx = await networkHelpers.loadFixture(deployWithProduct);
      const { products, brand, successor, id, product } = fx;
      await accredit(fx, successor, PREFIX);
      await expect(products.connect(successor).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(product, brand.address);
      // A company accredited for a shorter prefix that covers the GTIN cannot take it either.
      await accredit(fx, successor, "4012");
      await expect(products.connect(successor).register(id, GTIN, 4, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(product, brand.address);
    });

    it("refuses a reclaim by a company that is not accredited for the prefix", async function () {
      const { products, impostor, id } = await networkHelpers.loadFixture(deployReclaimable);
      await expect(products.connect(impostor).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(impostor.address, prefixSubject(PREFIX));
    });

    it("flags the registration once its owner lost the accreditation", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployReclaimable);
      const r = await products.resolve(GTIN);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([product, brand.address, false]);
    });

    it("lets an accredited company reclaim a registration whose owner's accreditation was revoked", async function () {
      const fx = await networkHelpers.loadFixture(deployReclaimable);
      const { products, brand, supplier, impostor, successor, id, product, batch, item } = fx;
      const tx = products.connect(successor).register(id, GTIN13, P7, "ipfs://new", META2);
      await expect(tx)
        .to.emit(products, "ProductReclaimed")
        .withArgs(product, brand.address, successor.address, 1)
        .and.to.emit(products, "ProductRegistered")
        .withArgs(product, successor.address, id, gtinValue(GTIN), P7, "ipfs://new", META2);
      expect(await productEvents(products, tx)).to.deep.equal(["ProductReclaimed", "ProductRegistered"]);
      expect(await productView(products, product)).to.deep.equal({
        owner: successor.address,
        constellation: Number(id),
        prefixLength: P7,
        discontinued: false,
        generation: 1,
      });
      const r = await products.resolve(GTIN);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([product, successor.address, true]);

      // The former owner's batches, items, roots and actors no longer count.
      expect((await subjectView(products, product, batch)).live).to.equal(false);
      expect((await subjectView(products, product, item)).live).to.equal(false);
      expect((await subjectView(products, product, batch)).generation).to.equal(0);
      expect((await products.serialRootOf(product, batch, PLAIN.tree.root))[1]).to.equal(false);
      expect(await verifies(fx, PLAIN, 0)).to.equal(false);
      expect(await verifies(fx, SALTED, 999)).to.equal(false);
      expect(await actorView(products, product, supplier.address)).to.deep.equal({
        designatedBy: brand.address,
        stored: ProductRole.SUPPLIER,
        roles: 0,
      });
      const at = await now();
      await expect(products.connect(successor).recordEvent(product, batch, 5, at, EVENT_HASH))
        .to.be.revertedWithCustomError(products, "SubjectNotFound")
        .withArgs(product, batch);
      await expect(products.connect(successor).commitSerials(product, batch, UNCOMMITTED.tree.root, 16, false))
        .to.be.revertedWithCustomError(products, "SubjectNotFound")
        .withArgs(product, batch);
      await expect(products.connect(supplier).recordEvent(product, product, 5, at, EVENT_HASH))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, supplier.address);
      await expect(products.connect(brand).recordEvent(product, product, 5, at, EVENT_HASH))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, brand.address);
      await expect(products.connect(brand).registerBatch(product, LOT2, URI, META))
        .to.be.revertedWithCustomError(products, "NotProductOwner")
        .withArgs(product, brand.address, successor.address);

      // The old owner's open offer is gone.
      expect(await products.transferOfferOf(product)).to.equal(ZERO);
      await expect(products.connect(impostor).acceptTransfer(product))
        .to.be.revertedWithCustomError(products, "NoTransferOffer")
        .withArgs(product, impostor.address);
    });

    it("lets the new owner register the former lots and roots afresh after a reclaim", async function () {
      const fx = await networkHelpers.loadFixture(deployReclaimable);
      const { products, successor, id, product, batch } = fx;
      await products.connect(successor).register(id, GTIN, P7, URI, META);
      await expect(products.connect(successor).registerBatch(product, LOT, URI, META))
        .to.emit(products, "BatchRegistered")
        .withArgs(product, batch, LOT, URI, META);
      const view = await subjectView(products, product, batch);
      expect([view.kind, view.generation, view.live]).to.deep.equal([AI_LOT, 1, true]);
      // The old root stays dead until the new owner commits it itself.
      expect(await verifies(fx, PLAIN, 3)).to.equal(false);
      await expect(products.connect(successor).commitSerials(product, batch, PLAIN.tree.root, 1000, false))
        .to.emit(products, "SerialsCommitted")
        .withArgs(product, batch, PLAIN.tree.root, 1000, false);
      expect(await verifies(fx, PLAIN, 3)).to.equal(true);
      expect(await verifies(fx, SALTED, 3)).to.equal(false);
      const [root] = await products.serialRootOf(product, batch, PLAIN.tree.root);
      expect(root.generation).to.equal(1n);
    });

    it("lets an accredited company reclaim once the owner's accreditation expired", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSerials);
      const { products, brand, successor, id, product, batch, accreditationExpiry } = fx;
      await networkHelpers.time.increaseTo(accreditationExpiry - 10);
      await accredit(fx, successor, PREFIX);
      await expect(products.connect(successor).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(product, brand.address);
      await networkHelpers.time.increaseTo(accreditationExpiry);
      expect((await products.resolve(GTIN)).accredited).to.equal(false);
      await expect(products.connect(successor).register(id, GTIN, P7, URI, META))
        .to.emit(products, "ProductReclaimed")
        .withArgs(product, brand.address, successor.address, 1);
      expect((await subjectView(products, product, batch)).live).to.equal(false);
      expect(await verifies(fx, PLAIN, 0)).to.equal(false);
    });

    it("does not let the former owner re-register its own lapsed registration", async function () {
      const fx = await networkHelpers.loadFixture(deployReclaimable);
      const { products, brand, id, product } = fx;
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "NotAccreditedForPrefix")
        .withArgs(brand.address, prefixSubject(PREFIX));
      await accredit(fx, brand, PREFIX);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(product, brand.address);
      // Accredited again, the brand is authoritative again without a new generation.
      expect((await products.resolve(GTIN)).accredited).to.equal(true);
      expect(await verifies(fx, PLAIN, 0)).to.equal(true);
    });

    it("counts generations up across successive reclaims", async function () {
      const fx = await networkHelpers.loadFixture(deployReclaimable);
      const { products, brand, successor, id, product } = fx;
      await products.connect(successor).register(id, GTIN, P7, URI, META);
      await revokePrefix(fx, successor, PREFIX);
      await accredit(fx, brand, PREFIX);
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.emit(products, "ProductReclaimed")
        .withArgs(product, successor.address, brand.address, 2);
      expect(await productView(products, product)).to.deep.include({ owner: brand.address, generation: 2 });
      // The brand's generation-0 batch and roots stay dead under generation 2.
      expect((await subjectView(products, product, fx.batch)).live).to.equal(false);
      expect(await verifies(fx, PLAIN, 0)).to.equal(false);
    });

    it("never lets a self-declared registration be reclaimed, even by the accredited brand", async function () {
      const fx = await networkHelpers.loadFixture(deployProducts);
      const { products, brand, impostor, id } = fx;
      await products.connect(impostor).register(id, GTIN, 0, URI, META);
      // The brand's attempt lands in the brand namespace, not on the impostor's record.
      await products.connect(brand).register(id, GTIN, P7, URI, META);
      const fake = productId(impostor.address, GTIN);
      expect(await productView(products, fake)).to.deep.include({ owner: impostor.address, generation: 0 });
    });

    it("keeps the impostor's serials out of the brand namespace", async function () {
      const { products, impostor, id } = await networkHelpers.loadFixture(deployWithSerials);
      const fake = productId(impostor.address, GTIN);
      await products.connect(impostor).register(id, GTIN, 0, URI, META);
      await products.connect(impostor).registerBatch(fake, LOT, URI, META);
      const counterfeit = serialTree(GTIN, LOT, 4, { tag: "FAKE" });
      await products
        .connect(impostor)
        .commitSerials(fake, subjectId(fake, AI_LOT, LOT), counterfeit.tree.root, 4, false);
      const [, lot, serial, salt] = leafAt(counterfeit, 1);
      const proof = counterfeit.tree.getProof(1);
      expect(await products.verifySerial(ZERO, GTIN, lot, serial, salt, counterfeit.tree.root, proof)).to.equal(false);
      // It verifies only in the impostor's own namespace, which readers label self-declared.
      expect(
        await products.verifySerial(impostor.address, GTIN, lot, serial, salt, counterfeit.tree.root, proof),
      ).to.equal(true);
    });
  });

  describe("updateMetadata", function () {
    it("emits the new metadata", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).updateMetadata(product, "ipfs://v2", META2))
        .to.emit(products, "ProductMetadataUpdated")
        .withArgs(product, "ipfs://v2", META2);
      await expect(products.connect(brand).updateMetadata(product, "", ethers.ZeroHash))
        .to.emit(products, "ProductMetadataUpdated")
        .withArgs(product, "", ethers.ZeroHash);
    });

    it("refuses anyone but the owner, an unknown product and a URI over 512 bytes", async function () {
      const { products, brand, supplier, impostor, stranger, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.ALL);
      for (const who of [supplier, impostor, stranger]) {
        await expect(products.connect(who).updateMetadata(product, URI, META))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
      }
      await expect(products.connect(brand).updateMetadata(UNKNOWN, URI, META))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
      await expect(products.connect(brand).updateMetadata(product, "u".repeat(513), META))
        .to.be.revertedWithCustomError(products, "UriTooLong")
        .withArgs(513, 512);
    });
  });

  describe("batches and items", function () {
    it("registers a batch with the id batchIdOf computes", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      const batch = subjectId(product, AI_LOT, LOT2);
      expect(await products.batchIdOf(product, LOT2)).to.equal(batch);
      expect(await products.connect(brand).registerBatch.staticCall(product, LOT2, URI, META)).to.equal(batch);
      const at = await pinNextBlockTime();
      await expect(products.connect(brand).registerBatch(product, LOT2, URI, META))
        .to.emit(products, "BatchRegistered")
        .withArgs(product, batch, LOT2, URI, META);
      expect(await subjectView(products, product, batch)).to.deep.equal({
        kind: AI_LOT,
        generation: 0,
        registeredAt: at,
        live: true,
      });
    });

    it("registers an item with the id itemIdOf computes", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      const item = subjectId(product, AI_SERIAL, "SN-0002");
      expect(await products.itemIdOf(product, "SN-0002")).to.equal(item);
      expect(await products.connect(brand).registerItem.staticCall(product, "SN-0002", URI, META)).to.equal(item);
      const at = await pinNextBlockTime();
      await expect(products.connect(brand).registerItem(product, "SN-0002", "", ethers.ZeroHash))
        .to.emit(products, "ItemRegistered")
        .withArgs(product, item, "SN-0002", "", ethers.ZeroHash);
      expect(await subjectView(products, product, item)).to.deep.equal({
        kind: AI_SERIAL,
        generation: 0,
        registeredAt: at,
        live: true,
      });
    });

    it("gives a lot and a serial with the same text different ids, both registrable", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      const asLot = await products.batchIdOf(product, "ABC123");
      const asSerial = await products.itemIdOf(product, "ABC123");
      expect(asLot).to.not.equal(asSerial);
      await expect(products.connect(brand).registerBatch(product, "ABC123", URI, META))
        .to.emit(products, "BatchRegistered")
        .withArgs(product, asLot, "ABC123", URI, META);
      await expect(products.connect(brand).registerItem(product, "ABC123", URI, META))
        .to.emit(products, "ItemRegistered")
        .withArgs(product, asSerial, "ABC123", URI, META);
      expect((await subjectView(products, product, asLot)).kind).to.equal(AI_LOT);
      expect((await subjectView(products, product, asSerial)).kind).to.equal(AI_SERIAL);
    });

    it("gives the same lot of two products different ids", async function () {
      const { products, brand, id, product } = await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).register(id, GTIN2, P7, URI, META);
      const other = productId(ZERO, GTIN2);
      expect(await products.batchIdOf(other, LOT)).to.not.equal(await products.batchIdOf(product, LOT));
      await expect(products.connect(brand).registerBatch(other, LOT, URI, META)).to.emit(products, "BatchRegistered");
    });

    it("refuses duplicates", async function () {
      const { products, brand, product, batch, item } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).registerBatch(product, LOT, URI, META))
        .to.be.revertedWithCustomError(products, "SubjectAlreadyRegistered")
        .withArgs(product, batch);
      await expect(products.connect(brand).registerItem(product, SERIAL, URI, META))
        .to.be.revertedWithCustomError(products, "SubjectAlreadyRegistered")
        .withArgs(product, item);
    });

    it("refuses anyone but the owner: a competitor, an actor, a stranger", async function () {
      const { products, brand, supplier, impostor, successor, stranger, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.ALL);
      for (const who of [impostor, successor, supplier, stranger]) {
        await expect(products.connect(who).registerBatch(product, LOT2, URI, META))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
        await expect(products.connect(who).registerItem(product, "SN-9", URI, META))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
      }
    });

    it("refuses an unknown product and a URI over 512 bytes", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).registerBatch(UNKNOWN, LOT, URI, META))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
      await expect(products.connect(brand).registerItem(UNKNOWN, SERIAL, URI, META))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
      await expect(products.connect(brand).registerBatch(product, LOT2, "u".repeat(513), META))
        .to.be.revertedWithCustomError(products, "UriTooLong")
        .withArgs(513, 512);
      await expect(products.connect(brand).registerItem(product, "SN-9", "u".repeat(513), META))
        .to.be.revertedWithCustomError(products, "UriTooLong")
        .withArgs(513, 512);
    });

    it("lets an operator with PRODUCTS register batches, and refuses one with EVENTS only", async function () {
      const { products, companies, brand, operator, operator2, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      const expiry = (await now()) + DAY;
      await companies.connect(brand).setOperator(operator.address, Permission.PRODUCTS, expiry);
      await companies.connect(brand).setOperator(operator2.address, Permission.EVENTS, expiry);
      const data = products.interface.encodeFunctionData("registerBatch", [product, LOT2, URI, META]);
      await expect(products.connect(operator2).actFor(brand.address, data))
        .to.be.revertedWithCustomError(products, "NotActingFor")
        .withArgs(brand.address, operator2.address, Permission.PRODUCTS);
      await expect(products.connect(operator).actFor(brand.address, data))
        .to.emit(products, "BatchRegistered")
        .withArgs(product, subjectId(product, AI_LOT, LOT2), LOT2, URI, META);
    });

    /** GS1's 82-character set, split into texts of at most 20 characters. */
    const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
    it("accepts every character of GS1's 82-character set, and 1 to 20 characters", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      expect(CSET82.length).to.equal(82);
      const texts = [CSET82.slice(0, 20), CSET82.slice(20, 40), CSET82.slice(40, 60), CSET82.slice(60, 80)];
      texts.push(CSET82.slice(80), "1", "x".repeat(20), `"%&'()*+,-./:;<=>?_`);
      for (const t of texts) {
        await expect(products.connect(brand).registerBatch(product, t, URI, META))
          .to.emit(products, "BatchRegistered")
          .withArgs(product, subjectId(product, AI_LOT, t), t, URI, META);
        await expect(products.connect(brand).registerItem(product, t, URI, META))
          .to.emit(products, "ItemRegistered")
          .withArgs(product, subjectId(product, AI_SERIAL, t), t, URI, META);
      }
    });

    const outside: string[] = [];
    for (let c = 0; c < 128; c++) if (!CSET82.includes(String.fromCharCode(c))) outside.push(String.fromCharCode(c));
    const badTexts: Array<[string, string]> = [
      ["empty", ""],
      ["21 characters", "x".repeat(21)],
      ["a space", "LOT 1"],
      ["a non-ASCII letter", "LOTé"],
      ["a non-ASCII character only", "€"],
      ["20 characters and a 21st bad one", "x".repeat(20) + "#"],
      ...outside.map((ch): [string, string] => [`0x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`, `A${ch}B`]),
    ];
    it(`refuses lots and serials with any of ${badTexts.length} bad texts as InvalidKeyText(10|21, text)`, async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      expect(outside.length).to.equal(128 - 82);
      for (const [name, t] of badTexts) {
        await expect(products.connect(brand).registerBatch(product, t, URI, META), name)
          .to.be.revertedWithCustomError(products, "InvalidKeyText")
          .withArgs(AI_LOT, t);
        await expect(products.connect(brand).registerItem(product, t, URI, META), name)
          .to.be.revertedWithCustomError(products, "InvalidKeyText")
          .withArgs(AI_SERIAL, t);
        await expect(products.batchIdOf(product, t), name)
          .to.be.revertedWithCustomError(products, "InvalidKeyText")
          .withArgs(AI_LOT, t);
        await expect(products.itemIdOf(product, t), name)
          .to.be.revertedWithCustomError(products, "InvalidKeyText")
          .withArgs(AI_SERIAL, t);
      }
    });

    it("refuses bytes 0x80-0xff in lots, one by one", async function () {
      const { products, product } = await networkHelpers.loadFixture(deployWithProduct);
      const address = await products.getAddress();
      const selector = products.interface.getFunction("batchIdOf").selector;
      for (let b = 0x80; b <= 0xff; b++) {
        // Raw calldata: a one-byte lot that is not valid UTF-8, so ethers cannot encode it as a string.
        const encoded = ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes"], [product, new Uint8Array([b])]);
        await expect(
          ethers.provider.call({ to: address, data: ethers.concat([selector, encoded]) }),
          `byte 0x${b.toString(16)}`,
        ).to.be.revertedWithCustomError(products, "InvalidKeyText");
      }
    });
  });

  describe("serials", function () {
    it("commits a root with its count and salting, and reports it", async function () {
      const { products, brand, product, batch } = await networkHelpers.loadFixture(deployWithProduct);
      const at = await pinNextBlockTime();
      await expect(products.connect(brand).commitSerials(product, batch, PLAIN.tree.root, 1000, false))
        .to.emit(products, "SerialsCommitted")
        .withArgs(product, batch, PLAIN.tree.root, 1000, false);
      await expect(products.connect(brand).commitSerials(product, batch, SALTED.tree.root, 1000, true))
        .to.emit(products, "SerialsCommitted")
        .withArgs(product, batch, SALTED.tree.root, 1000, true);
      const [record, live] = await products.serialRootOf(product, batch, PLAIN.tree.root);
      expect([record.generation, record.committedAt, live]).to.deep.equal([0n, BigInt(at), true]);
      expect((await products.serialRootOf(product, batch, UNCOMMITTED.tree.root))[1]).to.equal(false);
    });

    it("computes OpenZeppelin's double-hashed leaf", async function () {
      const { products } = await networkHelpers.loadFixture(deployWithProduct);
      for (const t of [PLAIN, SALTED]) {
        for (const i of [0, 999]) {
          const leaf = leafAt(t, i);
          expect(await products.serialLeaf(...leaf)).to.equal(t.tree.leafHash(leaf));
        }
      }
    });

    it("verifies committed serials of 1,000-serial trees, salted and unsalted", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSerials);
      for (const i of SAMPLE) {
        expect(await verifies(fx, PLAIN, i), `plain ${i}`).to.equal(true);
        expect(await verifies(fx, SALTED, i), `salted ${i}`).to.equal(true);
      }
      // The GTIN may be given in any of its lengths.
      const [, lot, serial, salt] = leafAt(SALTED, 42);
      expect(
        await fx.products.verifySerial(ZERO, GTIN13, lot, serial, salt, SALTED.tree.root, SALTED.tree.getProof(42)),
      ).to.equal(true);
    });

    it("verifies every one of the 1,000 unsalted serials", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSerials);
      for (let i = 0; i < 1000; i++) expect(await verifies(fx, PLAIN, i), `serial ${i}`).to.equal(true);
    });

    it("refuses serials outside the roots, wrong salts, lots, namespaces, GTINs, proofs and roots", async function () {
      const { products, brand, id, product } = await networkHelpers.loadFixture(deployWithSerials);
      const [, , serial, salt] = leafAt(SALTED, 7);
      const proof = SALTED.tree.getProof(7);
      const root = SALTED.tree.root;
      const check = (
        ns: string,
        g: string,
        lot: string,
        s: string,
        sa: string,
        r: string,
        p: string[],
      ): Promise<boolean> => products.verifySerial(ns, g, lot, s, sa, r, p);
      expect(await check(ZERO, GTIN, LOT, serial, salt, root, proof)).to.equal(true);
      // A serial in no committed root, with the proof of a member.
      expect(await check(ZERO, GTIN, LOT, "SX999999", salt, root, proof)).to.equal(false);
      expect(await check(ZERO, GTIN, LOT, "SN000007", ethers.ZeroHash, PLAIN.tree.root, proof)).to.equal(false);
      // Wrong salt, or a salted serial checked unsalted.
      expect(await check(ZERO, GTIN, LOT, serial, ethers.id("guess"), root, proof)).to.equal(false);
      expect(await check(ZERO, GTIN, LOT, serial, ethers.ZeroHash, root, proof)).to.equal(false);
      // Wrong lot: not registered, then registered with the same root committed.
      expect(await check(ZERO, GTIN, LOT2, serial, salt, root, proof)).to.equal(false);
      await products.connect(brand).registerBatch(product, LOT2, URI, META);
      await products.connect(brand).commitSerials(product, subjectId(product, AI_LOT, LOT2), root, 1000, true);
      expect((await products.serialRootOf(product, subjectId(product, AI_LOT, LOT2), root))[1]).to.equal(true);
      expect(await check(ZERO, GTIN, LOT2, serial, salt, root, proof)).to.equal(false);
      // Wrong namespace: the brand's own self-declared one, the impostor's, then another GTIN.
      await products.connect(brand).register(id, GTIN, 0, URI, META);
      expect(await check(brand.address, GTIN, LOT, serial, salt, root, proof)).to.equal(false);
      expect(await check(ethers.Wallet.createRandom().address, GTIN, LOT, serial, salt, root, proof)).to.equal(false);
      expect(await check(ZERO, GTIN2, LOT, serial, salt, root, proof)).to.equal(false);
      expect(await check(ZERO, GTIN_CASE, LOT, serial, salt, root, proof)).to.equal(false);
      // A tampered proof: a flipped sibling, a dropped sibling, an extra sibling, an empty proof.
      const first = proof[0] as string;
      const flipped = ethers.toBeHex(BigInt(first) ^ 1n, 32);
      expect(await check(ZERO, GTIN, LOT, serial, salt, root, [flipped, ...proof.slice(1)])).to.equal(false);
      expect(await check(ZERO, GTIN, LOT, serial, salt, root, proof.slice(1))).to.equal(false);
      expect(await check(ZERO, GTIN, LOT, serial, salt, root, [...proof, ethers.ZeroHash])).to.equal(false);
      expect(await check(ZERO, GTIN, LOT, serial, salt, root, [])).to.equal(false);
      // Another member's proof.
      expect(await check(ZERO, GTIN, LOT, serial, salt, root, SALTED.tree.getProof(8))).to.equal(false);
      // An uncommitted root, with a proof that is valid for it.
      const [, ulot, userial, usalt] = leafAt(UNCOMMITTED, 3);
      expect(
        await check(ZERO, GTIN, ulot, userial, usalt, UNCOMMITTED.tree.root, UNCOMMITTED.tree.getProof(3)),
      ).to.equal(false);
      // An internal node presented as a root: the root is not committed.
      expect(await check(ZERO, GTIN, LOT, serial, salt, first, [])).to.equal(false);
    });

    it("refuses invalid keys in verifySerial as the write functions do", async function () {
      const { products } = await networkHelpers.loadFixture(deployWithSerials);
      const root = PLAIN.tree.root;
      await expect(products.verifySerial(ZERO, "123", LOT, "S", ethers.ZeroHash, root, []))
        .to.be.revertedWithCustomError(products, "InvalidGtin")
        .withArgs("123");
      await expect(products.verifySerial(ZERO, GTIN, LOT, "S N", ethers.ZeroHash, root, []))
        .to.be.revertedWithCustomError(products, "InvalidKeyText")
        .withArgs(AI_SERIAL, "S N");
      await expect(products.verifySerial(ZERO, GTIN, "", "SN", ethers.ZeroHash, root, []))
        .to.be.revertedWithCustomError(products, "InvalidKeyText")
        .withArgs(AI_LOT, "");
    });

    it("is append-only: a second root adds serials, the first still verifies, the same root is refused", async function () {
      const fx = await networkHelpers.loadFixture(deployWithProduct);
      const { products, brand, product, batch } = fx;
      await products.connect(brand).commitSerials(product, batch, PLAIN.tree.root, 1000, false);
      await products.connect(brand).commitSerials(product, batch, SALTED.tree.root, 1000, true);
      expect(await verifies(fx, PLAIN, 500)).to.equal(true);
      expect(await verifies(fx, SALTED, 500)).to.equal(true);
      for (const [root, count, salted] of [
        [PLAIN.tree.root, 1000, false],
        [PLAIN.tree.root, 5, true],
        [SALTED.tree.root, 1000, true],
      ] as const) {
        await expect(products.connect(brand).commitSerials(product, batch, root, count, salted))
          .to.be.revertedWithCustomError(products, "SerialRootExists")
          .withArgs(batch, root);
      }
    });

    it("commits roots per batch", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSerials);
      const { products, brand, product } = fx;
      await products.connect(brand).registerBatch(product, LOT2, URI, META);
      const batch2 = subjectId(product, AI_LOT, LOT2);
      await products.connect(brand).commitSerials(product, batch2, LOT2_TREE.tree.root, 8, false);
      const [, lot, serial, salt] = leafAt(LOT2_TREE, 5);
      expect(
        await products.verifySerial(ZERO, GTIN, lot, serial, salt, LOT2_TREE.tree.root, LOT2_TREE.tree.getProof(5)),
      ).to.equal(true);
      // LOT2's tree under LOT, and LOT's tree under LOT2.
      expect(
        await products.verifySerial(ZERO, GTIN, LOT, serial, salt, LOT2_TREE.tree.root, LOT2_TREE.tree.getProof(5)),
      ).to.equal(false);
      const [, , s1, salt1] = leafAt(PLAIN, 5);
      expect(
        await products.verifySerial(ZERO, GTIN, LOT2, s1, salt1, PLAIN.tree.root, PLAIN.tree.getProof(5)),
      ).to.equal(false);
    });

    it("refuses a zero root and a zero count", async function () {
      const { products, brand, product, batch } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).commitSerials(product, batch, ethers.ZeroHash, 5, false))
        .to.be.revertedWithCustomError(products, "InvalidSerialRoot")
        .withArgs(ethers.ZeroHash, 5);
      await expect(products.connect(brand).commitSerials(product, batch, PLAIN.tree.root, 0, false))
        .to.be.revertedWithCustomError(products, "InvalidSerialRoot")
        .withArgs(PLAIN.tree.root, 0);
    });

    it("refuses an item, the product itself, an unknown batch and another product's batch", async function () {
      const { products, brand, id, product, item } = await networkHelpers.loadFixture(deployWithProduct);
      const root = PLAIN.tree.root;
      await expect(products.connect(brand).commitSerials(product, item, root, 1000, false))
        .to.be.revertedWithCustomError(products, "NotABatch")
        .withArgs(product, item);
      await expect(products.connect(brand).commitSerials(product, product, root, 1000, false))
        .to.be.revertedWithCustomError(products, "SubjectNotFound")
        .withArgs(product, product);
      const unknown = subjectId(product, AI_LOT, "NOPE");
      await expect(products.connect(brand).commitSerials(product, unknown, root, 1000, false))
        .to.be.revertedWithCustomError(products, "SubjectNotFound")
        .withArgs(product, unknown);
      await products.connect(brand).register(id, GTIN2, P7, URI, META);
      const other = productId(ZERO, GTIN2);
      await products.connect(brand).registerBatch(other, LOT2, URI, META);
      const otherBatch = subjectId(other, AI_LOT, LOT2);
      await expect(products.connect(brand).commitSerials(product, otherBatch, root, 1000, false))
        .to.be.revertedWithCustomError(products, "SubjectNotFound")
        .withArgs(product, otherBatch);
    });

    it("refuses anyone but the owner, and an unknown product", async function () {
      const { products, brand, supplier, impostor, stranger, product, batch } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.ALL);
      for (const who of [supplier, impostor, stranger]) {
        await expect(products.connect(who).commitSerials(product, batch, PLAIN.tree.root, 1000, false))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
      }
      await expect(products.connect(brand).commitSerials(UNKNOWN, batch, PLAIN.tree.root, 1000, false))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("actors", function () {
    it("designates an actor with roles, replacing earlier roles", async function () {
      const { products, brand, supplier, product } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER))
        .to.emit(products, "ActorSet")
        .withArgs(product, supplier.address, ProductRole.SUPPLIER);
      expect(await actorView(products, product, supplier.address)).to.deep.equal({
        designatedBy: brand.address,
        stored: ProductRole.SUPPLIER,
        roles: ProductRole.SUPPLIER,
      });
      await expect(products.connect(brand).setActor(product, supplier.address, ProductRole.LOGISTICS))
        .to.emit(products, "ActorSet")
        .withArgs(product, supplier.address, ProductRole.LOGISTICS);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(ProductRole.LOGISTICS);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.ALL);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(ProductRole.ALL);
    });

    it("accepts any account as actor, registered or not", async function () {
      const { products, brand, stranger, product } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).setActor(product, stranger.address, ProductRole.AUDITOR))
        .to.emit(products, "ActorSet")
        .withArgs(product, stranger.address, ProductRole.AUDITOR);
    });

    it("refuses the zero address and the owner itself", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      for (const actor of [ZERO, brand.address]) {
        await expect(products.connect(brand).setActor(product, actor, ProductRole.SUPPLIER))
          .to.be.revertedWithCustomError(products, "InvalidActor")
          .withArgs(actor);
      }
    });

    it("refuses empty and unknown role bits", async function () {
      const { products, brand, supplier, product } = await networkHelpers.loadFixture(deployWithProduct);
      for (const roles of [0, 16, 17, 31, 128, 255]) {
        await expect(products.connect(brand).setActor(product, supplier.address, roles))
          .to.be.revertedWithCustomError(products, "InvalidActorRoles")
          .withArgs(roles);
      }
      for (const roles of [1, 2, 4, 8, 15]) {
        await expect(products.connect(brand).setActor(product, supplier.address, roles)).to.emit(products, "ActorSet");
      }
    });

    it("refuses anyone but the owner, including the actor itself, and an unknown product", async function () {
      const { products, brand, supplier, impostor, stranger, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      for (const who of [supplier, impostor, stranger]) {
        await expect(products.connect(who).setActor(product, who.address, ProductRole.ALL))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
      }
      await expect(products.connect(brand).setActor(UNKNOWN, supplier.address, ProductRole.ALL))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(ProductRole.SUPPLIER);
    });

    it("lets the owner remove an actor", async function () {
      const { products, brand, supplier, product } = await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await expect(products.connect(brand).removeActor(product, supplier.address))
        .to.emit(products, "ActorRemoved")
        .withArgs(product, supplier.address, brand.address);
      expect(await actorView(products, product, supplier.address)).to.deep.equal({
        designatedBy: ZERO,
        stored: 0,
        roles: 0,
      });
      await expect(products.connect(brand).removeActor(product, supplier.address))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, supplier.address);
    });

    it("lets an actor step down", async function () {
      const { products, brand, supplier, product } = await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await expect(products.connect(supplier).removeActor(product, supplier.address))
        .to.emit(products, "ActorRemoved")
        .withArgs(product, supplier.address, supplier.address);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(0);
    });

    it("refuses removal by a stranger, a competitor or another actor, and of a non-actor", async function () {
      const { products, brand, supplier, retailer, impostor, stranger, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await products.connect(brand).setActor(product, retailer.address, ProductRole.RETAILER);
      for (const who of [stranger, impostor, retailer]) {
        await expect(products.connect(who).removeActor(product, supplier.address))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
      }
      await expect(products.connect(brand).removeActor(product, impostor.address))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, impostor.address);
      // A non-actor "stepping down" from nothing.
      await expect(products.connect(impostor).removeActor(product, impostor.address))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, impostor.address);
      await expect(products.connect(brand).removeActor(UNKNOWN, supplier.address))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(ProductRole.SUPPLIER);
    });

    it("lets an actor's operator with PRODUCTS step down for it, not one with EVENTS only", async function () {
      const { products, companies, brand, supplier, operator, operator2, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      const expiry = (await now()) + DAY;
      await companies.connect(supplier).setOperator(operator.address, Permission.PRODUCTS, expiry);
      await companies.connect(supplier).setOperator(operator2.address, Permission.EVENTS, expiry);
      const data = products.interface.encodeFunctionData("removeActor", [product, supplier.address]);
      await expect(products.connect(operator2).actFor(supplier.address, data))
        .to.be.revertedWithCustomError(products, "NotActingFor")
        .withArgs(supplier.address, operator2.address, Permission.PRODUCTS);
      await expect(products.connect(operator).actFor(supplier.address, data))
        .to.emit(products, "ActorRemoved")
        .withArgs(product, supplier.address, supplier.address);
    });

    it("lets actors lapse on transfer, and revive when the same owner gets the product back", async function () {
      const { products, brand, supplier, successor, product } = await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await products.connect(brand).offerTransfer(product, successor.address);
      await products.connect(successor).acceptTransfer(product);
      expect(await actorView(products, product, supplier.address)).to.deep.equal({
        designatedBy: brand.address,
        stored: ProductRole.SUPPLIER,
        roles: 0,
      });
      const at = await now();
      await expect(products.connect(supplier).recordEvent(product, product, 5, at, EVENT_HASH))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, supplier.address);
      expect(await products.canRecord(product, supplier.address, 5)).to.equal(false);
      // Observed: the designation is stored with its designator, so it counts again under that owner.
      await products.connect(successor).offerTransfer(product, brand.address);
      await products.connect(brand).acceptTransfer(product);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(ProductRole.SUPPLIER);
      await expect(products.connect(supplier).recordEvent(product, product, 5, at, EVENT_HASH))
        .to.emit(products, "JourneyEventRecorded")
        .withArgs(product, product, supplier.address, 5, at, EVENT_HASH);
    });

    it("lets a new owner overwrite or remove the lapsed designations it inherited", async function () {
      const { products, brand, supplier, retailer, successor, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await products.connect(brand).setActor(product, retailer.address, ProductRole.RETAILER);
      await products.connect(brand).offerTransfer(product, successor.address);
      await products.connect(successor).acceptTransfer(product);
      await expect(products.connect(successor).removeActor(product, supplier.address))
        .to.emit(products, "ActorRemoved")
        .withArgs(product, supplier.address, successor.address);
      await products.connect(successor).setActor(product, retailer.address, ProductRole.LOGISTICS);
      expect(await actorView(products, product, retailer.address)).to.deep.equal({
        designatedBy: successor.address,
        stored: ProductRole.LOGISTICS,
        roles: ProductRole.LOGISTICS,
      });
      // Back with the brand, neither designation of the brand's comes back.
      await products.connect(successor).offerTransfer(product, brand.address);
      await products.connect(brand).acceptTransfer(product);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(0);
      expect((await actorView(products, product, retailer.address)).roles).to.equal(0);
    });

    it("lets a lapsed actor step down", async function () {
      const { products, brand, supplier, successor, product } = await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await products.connect(brand).offerTransfer(product, successor.address);
      await products.connect(successor).acceptTransfer(product);
      await expect(products.connect(supplier).removeActor(product, supplier.address))
        .to.emit(products, "ActorRemoved")
        .withArgs(product, supplier.address, supplier.address);
    });

    it("starts afresh on a reclaim, even by an earlier owner: its old actors do not come back", async function () {
      // The brand designates the supplier, hands the product to a company that is not accredited, and takes it
      // back by reclaiming it (generation 1). Its generation-0 batch and actor stay dead: a reclaim is a new
      // registration, and designations carry the generation they were made in.
      const { products, brand, supplier, impostor, id, product, batch } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await products.connect(brand).offerTransfer(product, impostor.address);
      await products.connect(impostor).acceptTransfer(product);
      await products.connect(impostor).registerBatch(product, LOT2, URI, META);
      // The accredited brand can take back what it handed to an unaccredited company at any time.
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.emit(products, "ProductReclaimed")
        .withArgs(product, impostor.address, brand.address, 1);
      expect((await subjectView(products, product, batch)).live).to.equal(false);
      expect((await subjectView(products, product, subjectId(product, AI_LOT, LOT2))).live).to.equal(false);
      expect((await actorView(products, product, supplier.address)).roles).to.equal(0);
      await expect(products.connect(supplier).recordEvent(product, product, 5, await now(), EVENT_HASH))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, supplier.address);
      // Designated again in the new generation, it counts.
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      const [record] = await products.actorOf(product, supplier.address);
      expect([record.designatedBy, record.roles, record.generation]).to.deep.equal([
        brand.address,
        BigInt(ProductRole.SUPPLIER),
        1n,
      ]);
      await expect(products.connect(supplier).recordEvent(product, product, 5, await now(), EVENT_HASH)).to.emit(
        products,
        "JourneyEventRecorded",
      );
    });

    it("lets a reclaiming owner designate actors, and refuses them once it discontinued", async function () {
      const fx = await networkHelpers.loadFixture(deployReclaimable);
      const { products, successor, carrier, id, product } = fx;
      await products.connect(successor).register(id, GTIN, P7, URI, META);
      await expect(products.connect(successor).setActor(product, carrier.address, ProductRole.LOGISTICS))
        .to.emit(products, "ActorSet")
        .withArgs(product, carrier.address, ProductRole.LOGISTICS);
      expect(await actorView(products, product, carrier.address)).to.deep.equal({
        designatedBy: successor.address,
        stored: ProductRole.LOGISTICS,
        roles: ProductRole.LOGISTICS,
      });
      await expect(products.connect(fx.brand).setActor(product, carrier.address, ProductRole.ALL))
        .to.be.revertedWithCustomError(products, "NotProductOwner")
        .withArgs(product, fx.brand.address, successor.address);
      await products.connect(successor).discontinue(product);
      await expect(products.connect(successor).setActor(product, carrier.address, ProductRole.ALL))
        .to.be.revertedWithCustomError(products, "ProductIsDiscontinued")
        .withArgs(product);
    });
  });

  describe("transfer", function () {
    it("offers, withdraws and replaces offers", async function () {
      const { products, brand, successor, impostor, product } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).offerTransfer(product, successor.address))
        .to.emit(products, "ProductTransferOffered")
        .withArgs(product, brand.address, successor.address);
      expect(await products.transferOfferOf(product)).to.equal(successor.address);
      await expect(products.connect(brand).offerTransfer(product, impostor.address))
        .to.emit(products, "ProductTransferOffered")
        .withArgs(product, brand.address, impostor.address);
      await expect(products.connect(successor).acceptTransfer(product))
        .to.be.revertedWithCustomError(products, "NoTransferOffer")
        .withArgs(product, successor.address);
      await expect(products.connect(brand).offerTransfer(product, ZERO))
        .to.emit(products, "ProductTransferOffered")
        .withArgs(product, brand.address, ZERO);
      expect(await products.transferOfferOf(product)).to.equal(ZERO);
      await expect(products.connect(impostor).acceptTransfer(product))
        .to.be.revertedWithCustomError(products, "NoTransferOffer")
        .withArgs(product, impostor.address);
    });

    it("refuses an offer by anyone but the owner, to the owner itself, and of an unknown product", async function () {
      const { products, brand, supplier, impostor, stranger, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.ALL);
      for (const who of [supplier, impostor, stranger]) {
        await expect(products.connect(who).offerTransfer(product, who.address))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
      }
      await expect(products.connect(brand).offerTransfer(product, brand.address))
        .to.be.revertedWithCustomError(products, "InvalidTransferTarget")
        .withArgs(product, brand.address);
      await expect(products.connect(brand).offerTransfer(UNKNOWN, impostor.address))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
    });

    it("refuses acceptance by anyone the product is not offered to", async function () {
      const { products, brand, successor, impostor, stranger, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(successor).acceptTransfer(product))
        .to.be.revertedWithCustomError(products, "NoTransferOffer")
        .withArgs(product, successor.address);
      await products.connect(brand).offerTransfer(product, successor.address);
      for (const who of [impostor, stranger, brand]) {
        await expect(products.connect(who).acceptTransfer(product))
          .to.be.revertedWithCustomError(products, "NoTransferOffer")
          .withArgs(product, who.address);
      }
      await expect(products.connect(successor).acceptTransfer(UNKNOWN))
        .to.be.revertedWithCustomError(products, "NoTransferOffer")
        .withArgs(UNKNOWN, successor.address);
    });

    it("needs PRODUCER in the product's constellation to accept", async function () {
      const { products, constellations, brand, retailer, verifier, product, id } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).offerTransfer(product, retailer.address);
      await expect(products.connect(retailer).acceptTransfer(product))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, retailer.address, Role.PRODUCER, Role.RETAILER);
      await products.connect(brand).offerTransfer(product, verifier.address);
      await expect(products.connect(verifier).acceptTransfer(product))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, verifier.address);
    });

    it("cannot complete once the product's constellation is archived", async function () {
      const { products, constellations, brand, successor, product, id } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).offerTransfer(product, successor.address);
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      await expect(products.connect(successor).acceptTransfer(product))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("moves the product with its batches, items and roots to the new owner", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSerials);
      const { products, brand, successor, id, product, batch, item } = fx;
      await accredit(fx, successor, PREFIX);
      await products.connect(brand).offerTransfer(product, successor.address);
      await expect(products.connect(successor).acceptTransfer(product))
        .to.emit(products, "ProductTransferred")
        .withArgs(product, brand.address, successor.address);
      expect(await productView(products, product)).to.deep.equal({
        owner: successor.address,
        constellation: Number(id),
        prefixLength: P7,
        discontinued: false,
        generation: 0,
      });
      expect(await products.transferOfferOf(product)).to.equal(ZERO);
      expect((await subjectView(products, product, batch)).live).to.equal(true);
      expect((await subjectView(products, product, item)).live).to.equal(true);
      expect(await verifies(fx, PLAIN, 10)).to.equal(true);
      expect(await verifies(fx, SALTED, 10)).to.equal(true);
      const r = await products.resolve(GTIN);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([product, successor.address, true]);
      // The new owner manages it.
      await expect(products.connect(successor).registerBatch(product, LOT2, URI, META)).to.emit(
        products,
        "BatchRegistered",
      );
      await expect(products.connect(successor).commitSerials(product, batch, UNCOMMITTED.tree.root, 16, false)).to.emit(
        products,
        "SerialsCommitted",
      );
      await expect(products.connect(successor).recordEvent(product, batch, 21, await now(), EVENT_HASH)).to.emit(
        products,
        "JourneyEventRecorded",
      );
      // The old owner no longer does.
      await expect(products.connect(brand).registerBatch(product, "L3", URI, META))
        .to.be.revertedWithCustomError(products, "NotProductOwner")
        .withArgs(product, brand.address, successor.address);
      await expect(products.connect(brand).offerTransfer(product, brand.address))
        .to.be.revertedWithCustomError(products, "NotProductOwner")
        .withArgs(product, brand.address, successor.address);
      await expect(products.connect(brand).recordEvent(product, batch, 21, await now(), EVENT_HASH))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, brand.address);
      // The accredited brand cannot take it back while the new owner is accredited.
      await expect(products.connect(brand).register(id, GTIN, P7, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(product, successor.address);
    });

    it("flags a brand registration moved to an unaccredited company, which an accredited one may reclaim", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSerials);
      const { products, brand, impostor, successor, id, product, batch } = fx;
      await products.connect(brand).offerTransfer(product, impostor.address);
      await products.connect(impostor).acceptTransfer(product);
      const r = await products.resolve(GTIN);
      expect([r.product, r.owner, r.accredited]).to.deep.equal([product, impostor.address, false]);
      // The unaccredited owner still manages the record meanwhile.
      await expect(products.connect(impostor).registerBatch(product, LOT2, URI, META)).to.emit(
        products,
        "BatchRegistered",
      );
      await products.connect(impostor).offerTransfer(product, brand.address);
      await accredit(fx, successor, PREFIX);
      await expect(products.connect(successor).register(id, GTIN, P7, URI, META))
        .to.emit(products, "ProductReclaimed")
        .withArgs(product, impostor.address, successor.address, 1);
      expect(await products.transferOfferOf(product)).to.equal(ZERO);
      expect((await subjectView(products, product, batch)).live).to.equal(false);
      expect((await subjectView(products, product, subjectId(product, AI_LOT, LOT2))).live).to.equal(false);
    });

    it("lets an operator with PRODUCTS offer and accept", async function () {
      const { products, companies, brand, successor, operator, operator2, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      const expiry = (await now()) + DAY;
      await companies.connect(brand).setOperator(operator.address, Permission.PRODUCTS, expiry);
      await companies.connect(successor).setOperator(operator2.address, Permission.PRODUCTS, expiry);
      await expect(
        products
          .connect(operator)
          .actFor(brand.address, products.interface.encodeFunctionData("offerTransfer", [product, successor.address])),
      )
        .to.emit(products, "ProductTransferOffered")
        .withArgs(product, brand.address, successor.address);
      await expect(
        products
          .connect(operator2)
          .actFor(successor.address, products.interface.encodeFunctionData("acceptTransfer", [product])),
      )
        .to.emit(products, "ProductTransferred")
        .withArgs(product, brand.address, successor.address);
    });
  });

  describe("discontinue", function () {
    it("discontinues for good", async function () {
      const { products, brand, product } = await networkHelpers.loadFixture(deployWithProduct);
      await expect(products.connect(brand).discontinue(product))
        .to.emit(products, "ProductDiscontinued")
        .withArgs(product);
      expect((await productView(products, product)).discontinued).to.equal(true);
      await expect(products.connect(brand).discontinue(product))
        .to.be.revertedWithCustomError(products, "ProductIsDiscontinued")
        .withArgs(product);
    });

    it("refuses anyone but the owner, and an unknown product", async function () {
      const { products, brand, supplier, impostor, stranger, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).setActor(product, supplier.address, ProductRole.ALL);
      for (const who of [supplier, impostor, stranger]) {
        await expect(products.connect(who).discontinue(product))
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, who.address, brand.address);
      }
      await expect(products.connect(brand).discontinue(UNKNOWN))
        .to.be.revertedWithCustomError(products, "ProductNotFound")
        .withArgs(UNKNOWN);
    });

    it("stops batches, items, serials, actors, metadata and events, not removals or verification", async function () {
      const fx = await networkHelpers.loadFixture(deployWithSerials);
      const { products, brand, supplier, product, batch } = fx;
      await products.connect(brand).setActor(product, supplier.address, ProductRole.SUPPLIER);
      await products.connect(brand).discontinue(product);
      const at = await now();
      for (const attempt of [
        () => products.connect(brand).registerBatch(product, LOT2, URI, META),
        () => products.connect(brand).registerItem(product, "SN-2", URI, META),
        () => products.connect(brand).commitSerials(product, batch, UNCOMMITTED.tree.root, 16, false),
        () => products.connect(brand).setActor(product, supplier.address, ProductRole.ALL),
        () => products.connect(brand).updateMetadata(product, URI, META),
        () => products.connect(brand).recordEvent(product, product, 21, at, EVENT_HASH),
        () => products.connect(brand).correctEvent(product, product, 21, at, EVENT_HASH, EVENT_HASH2),
        () => products.connect(supplier).recordEvent(product, batch, 5, at, EVENT_HASH),
      ]) {
        await expect(attempt()).to.be.revertedWithCustomError(products, "ProductIsDiscontinued").withArgs(product);
      }
      expect(await products.canRecord(product, brand.address, 21)).to.equal(false);
      expect(await products.canRecord(product, supplier.address, 5)).to.equal(false);
      expect(await verifies(fx, PLAIN, 1)).to.equal(true);
      expect(await verifies(fx, SALTED, 998)).to.equal(true);
      await expect(products.connect(supplier).removeActor(product, supplier.address))
        .to.emit(products, "ActorRemoved")
        .withArgs(product, supplier.address, supplier.address);
    });

    it("observed: a discontinued product can still be transferred", async function () {
      const { products, brand, successor, product } = await networkHelpers.loadFixture(deployWithProduct);
      await products.connect(brand).discontinue(product);
      await products.connect(brand).offerTransfer(product, successor.address);
      await expect(products.connect(successor).acceptTransfer(product))
        .to.emit(products, "ProductTransferred")
        .withArgs(product, brand.address, successor.address);
      expect(await productView(products, product)).to.deep.include({ owner: successor.address, discontinued: true });
    });

    it("observed: a reclaim starts the new generation not discontinued", async function () {
      const fx = await networkHelpers.loadFixture(deployReclaimable);
      const { products, brand, successor, id, product } = fx;
      await accredit(fx, brand, PREFIX);
      await products.connect(brand).discontinue(product);
      await revokePrefix(fx, brand, PREFIX);
      await products.connect(successor).register(id, GTIN, P7, URI, META);
      expect(await productView(products, product)).to.deep.include({ generation: 1, discontinued: false });
    });
  });

  describe("attacks by a competitor inside the constellation", function () {
    it("cannot write anything on the brand's product", async function () {
      const { products, brand, impostor, product, batch } = await networkHelpers.loadFixture(deployWithProduct);
      const at = await now();
      const notOwner = [
        () => products.connect(impostor).updateMetadata(product, URI, META),
        () => products.connect(impostor).discontinue(product),
        () => products.connect(impostor).offerTransfer(product, impostor.address),
        () => products.connect(impostor).registerBatch(product, LOT2, URI, META),
        () => products.connect(impostor).registerItem(product, "SN-X", URI, META),
        () => products.connect(impostor).commitSerials(product, batch, UNCOMMITTED.tree.root, 16, false),
        () => products.connect(impostor).setActor(product, impostor.address, ProductRole.ALL),
      ];
      for (const attempt of notOwner) {
        await expect(attempt())
          .to.be.revertedWithCustomError(products, "NotProductOwner")
          .withArgs(product, impostor.address, brand.address);
      }
      await expect(products.connect(impostor).recordEvent(product, batch, 21, at, EVENT_HASH))
        .to.be.revertedWithCustomError(products, "NotAnActor")
        .withArgs(product, impostor.address);
      await expect(products.connect(impostor).acceptTransfer(product))
        .to.be.revertedWithCustomError(products, "NoTransferOffer")
        .withArgs(product, impostor.address);
    });

    it("cannot act for the brand through actFor without being its operator", async function () {
      const { products, companies, brand, supplier, impostor, operator, product } =
        await networkHelpers.loadFixture(deployWithProduct);
      const data = products.interface.encodeFunctionData("registerBatch", [product, LOT2, URI, META]);
      await expect(products.connect(impostor).actFor(brand.address, data))
        .to.be.revertedWithCustomError(products, "NotActingFor")
        .withArgs(brand.address, impostor.address, 0);
      // An operator of another company is no operator of the brand.
      await companies.connect(supplier).setOperator(operator.address, Permission.ALL, (await now()) + DAY);
      await expect(products.connect(operator).actFor(brand.address, data))
        .to.be.revertedWithCustomError(products, "NotActingFor")
        .withArgs(brand.address, operator.address, 0);
    });

    it("cannot nest actFor", async function () {
      const { products, companies, brand, operator, product } = await networkHelpers.loadFixture(deployWithProduct);
      await companies.connect(brand).setOperator(operator.address, Permission.ALL, (await now()) + DAY);
      const inner = products.interface.encodeFunctionData("discontinue", [product]);
      const outer = products.interface.encodeFunctionData("actFor", [brand.address, inner]);
      await expect(products.connect(operator).actFor(brand.address, outer)).to.be.revertedWithCustomError(
        products,
        "NestedActFor",
      );
    });

    it("cannot make the brand's GTIN resolve to its own registration by any order of registrations", async function () {
      const fx = await networkHelpers.loadFixture(deployProducts);
      const { products, brand, impostor, id } = fx;
      await products.connect(impostor).register(id, GTIN, 0, URI, META);
      await expect(products.connect(impostor).register(id, GTIN13, 0, URI, META))
        .to.be.revertedWithCustomError(products, "ProductAlreadyRegistered")
        .withArgs(productId(impostor.address, GTIN), impostor.address);
      await products.connect(brand).register(id, GTIN, P7, URI, META);
      await products.connect(impostor).register(id, GTIN_CASE, 0, URI, META);
      for (const g of [GTIN, GTIN13]) {
        const r = await products.resolve(g);
        expect([r.owner, r.accredited]).to.deep.equal([brand.address, true]);
      }
      // The case-level GTIN has no brand registration: nothing resolves, not the impostor's.
      expect((await products.resolve(GTIN_CASE)).owner).to.equal(ZERO);
    });
  });
});
