import { expect } from "chai";

import { DAY, deployConstellate, ethers, Kind, networkHelpers, now, Permission } from "./helpers/fixture.js";
import { accreditationKey, pinNextBlockTime } from "./helpers/expect.js";

type Fixture = Awaited<ReturnType<typeof deployConstellate>>;

const ALL_KINDS = Kind.GS1_COMPANY_PREFIX | Kind.LEGAL_ENTITY | Kind.VERIFIER_TOPIC;
const PREFIX = "4012345";
const PREFIX_SUBJECT = ethers.encodeBytes32String(PREFIX);
const LEI = "529900T8BM49AURSDO55";
const LEI2 = "5493001KJTIIGC8Y1R12";
const LEI_SUBJECT = ethers.encodeBytes32String(LEI);
const TOPIC = ethers.id("topic:organic-cotton");
const EVIDENCE = ethers.id("evidence:audit-report-2025");
/** What a string longer than 32 bytes or empty comes out as before the subject check. */
const INVALID_TEXT_SUBJECT = ethers.toBeHex(1, 32);

/** Governance appoints the fixture's `body` for `kinds`. */
async function appoint({ accreditations, governance, body }: Fixture, kinds: number = ALL_KINDS): Promise<void> {
  await accreditations.connect(governance).appointBody(body.address, kinds, "GS1 Germany");
}

/** The appointed `body` accredits `brand` for the GS1 prefix for a year; returns the key and the expiry. */
async function accreditPrefix(fx: Fixture): Promise<{ id: string; expiresAt: number }> {
  const { accreditations, body, brand } = fx;
  const expiresAt = (await now()) + 365 * DAY;
  await accreditations
    .connect(body)
    .accredit(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, expiresAt, EVIDENCE);
  return { id: accreditationKey(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT), expiresAt };
}

/** The fixture's `body` appoints `operator` with `permissions` in Companies. */
async function appointOperator({ companies, body, operator }: Fixture, permissions: bigint): Promise<void> {
  await companies.connect(body).setOperator(operator.address, permissions, (await now()) + 30 * DAY);
}

describe("Accreditations", function () {
  describe("deployment", function () {
    it("reports version 1.0.0", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      expect(await accreditations.version()).to.equal("1.0.0");
    });

    it("knows the Companies contract and starts with governance as owner", async function () {
      const { accreditations, companies, governance } = await networkHelpers.loadFixture(deployConstellate);
      expect(await accreditations.COMPANIES()).to.equal(await companies.getAddress());
      expect(await accreditations.owner()).to.equal(governance.address);
      expect(await accreditations.pendingOwner()).to.equal(ethers.ZeroAddress);
    });

    it("exposes the kind constants", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      expect(await accreditations.GS1_COMPANY_PREFIX()).to.equal(Kind.GS1_COMPANY_PREFIX);
      expect(await accreditations.LEGAL_ENTITY()).to.equal(Kind.LEGAL_ENTITY);
      expect(await accreditations.VERIFIER_TOPIC()).to.equal(Kind.VERIFIER_TOPIC);
    });
  });

  describe("appointBody", function () {
    it("lets governance appoint a registered company as body", async function () {
      const { accreditations, governance, body } = await networkHelpers.loadFixture(deployConstellate);
      const at = await pinNextBlockTime();
      await expect(accreditations.connect(governance).appointBody(body.address, Kind.GS1_COMPANY_PREFIX, "GS1 Germany"))
        .to.emit(accreditations, "BodyAppointed")
        .withArgs(body.address, Kind.GS1_COMPANY_PREFIX, "GS1 Germany");
      const record = await accreditations.bodyOf(body.address);
      expect(record.kinds).to.equal(Kind.GS1_COMPANY_PREFIX);
      expect(record.prefixTerm).to.equal(1n);
      expect(record.appointedAt).to.equal(at);
    });

    it("refuses an account other than governance", async function () {
      const { accreditations, stranger, body } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(stranger).appointBody(body.address, ALL_KINDS, "Self-made"))
        .to.be.revertedWithCustomError(accreditations, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });

    it("refuses the body appointing itself", async function () {
      const { accreditations, body } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(body).appointBody(body.address, ALL_KINDS, "Self-made"))
        .to.be.revertedWithCustomError(accreditations, "OwnableUnauthorizedAccount")
        .withArgs(body.address);
    });

    it("refuses zero kinds", async function () {
      const { accreditations, governance, body } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(governance).appointBody(body.address, 0, "GS1 Germany"))
        .to.be.revertedWithCustomError(accreditations, "InvalidKinds")
        .withArgs(0);
    });

    it("refuses unknown kind bits", async function () {
      const { accreditations, governance, body } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(governance).appointBody(body.address, ALL_KINDS | 8, "GS1 Germany"))
        .to.be.revertedWithCustomError(accreditations, "InvalidKinds")
        .withArgs(ALL_KINDS | 8);
    });

    it("refuses an unregistered body", async function () {
      const { accreditations, governance, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(governance).appointBody(stranger.address, ALL_KINDS, "Unknown"))
        .to.be.revertedWithCustomError(accreditations, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("changes the kinds of a body in office without starting a new term", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, brand } = fx;
      const appointedAt = await pinNextBlockTime();
      await appoint(fx);
      await accreditPrefix(fx);
      await accreditations
        .connect(body)
        .accredit(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT, (await now()) + DAY, EVIDENCE);

      await pinNextBlockTime(60);
      await expect(
        accreditations.connect(governance).appointBody(body.address, Kind.GS1_COMPANY_PREFIX, "GS1 Germany (prefixes)"),
      )
        .to.emit(accreditations, "BodyAppointed")
        .withArgs(body.address, Kind.GS1_COMPANY_PREFIX, "GS1 Germany (prefixes)");
      const record = await accreditations.bodyOf(body.address);
      expect(record.kinds).to.equal(Kind.GS1_COMPANY_PREFIX);
      expect(record.prefixTerm).to.equal(1n);
      expect(record.appointedAt).to.equal(appointedAt);

      // What it attested for the kind it keeps stays valid; what it attested for the kind it lost is void.
      expect(await accreditations.isAccreditedForPrefix(brand.address, PREFIX)).to.equal(true);
      const [stored, valid] = await accreditations.accreditationOf(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT);
      expect(stored.body).to.equal(body.address);
      expect(stored.term).to.equal(1n);
      expect(valid).to.equal(false);
    });

    it("starts a new term when a removed body is appointed again, voiding what it attested before", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, brand } = fx;
      await appoint(fx);
      await accreditPrefix(fx);
      await accreditations.connect(governance).removeBody(body.address);

      const at = await pinNextBlockTime(60);
      await expect(accreditations.connect(governance).appointBody(body.address, ALL_KINDS, "GS1 Germany (renewed)"))
        .to.emit(accreditations, "BodyAppointed")
        .withArgs(body.address, ALL_KINDS, "GS1 Germany (renewed)");
      const record = await accreditations.bodyOf(body.address);
      expect(record.kinds).to.equal(ALL_KINDS);
      expect(record.prefixTerm).to.equal(2n);
      expect(record.legalEntityTerm).to.equal(2n);
      expect(record.topicTerm).to.equal(2n);
      expect(record.appointedAt).to.equal(at);

      expect(await accreditations.isAccreditedForPrefix(brand.address, PREFIX)).to.equal(false);
      const [stored, valid] = await accreditations.accreditationOf(
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      );
      expect(stored.body).to.equal(body.address);
      expect(stored.term).to.equal(1n);
      expect(valid).to.equal(false);
    });

    it("never brings back what a body attested under a kind it lost and regained", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, brand } = fx;
      await appoint(fx);
      await accreditations
        .connect(body)
        .accredit(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT, (await now()) + DAY, EVIDENCE);
      await accreditations.connect(governance).appointBody(body.address, Kind.GS1_COMPANY_PREFIX, "GS1 (prefixes)");
      await accreditations.connect(governance).appointBody(body.address, ALL_KINDS, "GS1 (all again)");

      const record = await accreditations.bodyOf(body.address);
      expect(record.prefixTerm).to.equal(1n);
      expect(record.legalEntityTerm).to.equal(2n);
      expect(await accreditations.isAccredited(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT)).to.equal(false);
    });

    it("lets a body appointed again accredit validly in its new term", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, brand } = fx;
      await appoint(fx);
      await accreditations.connect(governance).removeBody(body.address);
      await appoint(fx, Kind.GS1_COMPANY_PREFIX);
      await accreditPrefix(fx);
      const [stored, valid] = await accreditations.accreditationOf(
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      );
      expect(stored.term).to.equal(2n);
      expect(valid).to.equal(true);
    });
  });

  describe("removeBody", function () {
    it("lets governance remove a body and voids everything it attested", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, brand, supplier } = fx;
      await appoint(fx);
      const expiresAt = (await now()) + 365 * DAY;
      await accreditPrefix(fx);
      await accreditations.connect(body).accredit(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT, expiresAt, EVIDENCE);
      await accreditations.connect(body).accredit(supplier.address, Kind.VERIFIER_TOPIC, TOPIC, expiresAt, EVIDENCE);

      await expect(accreditations.connect(governance).removeBody(body.address))
        .to.emit(accreditations, "BodyRemoved")
        .withArgs(body.address);
      const record = await accreditations.bodyOf(body.address);
      expect(record.kinds).to.equal(0n);
      expect(record.prefixTerm).to.equal(1n);

      expect(await accreditations.isAccredited(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT)).to.equal(false);
      expect(await accreditations.isAccredited(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT)).to.equal(false);
      expect(await accreditations.isAccredited(supplier.address, Kind.VERIFIER_TOPIC, TOPIC)).to.equal(false);
    });

    it("refuses an account other than governance", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, stranger, body } = fx;
      await appoint(fx);
      await expect(accreditations.connect(stranger).removeBody(body.address))
        .to.be.revertedWithCustomError(accreditations, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });

    it("refuses a body that was never appointed", async function () {
      const { accreditations, governance, supplier } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(governance).removeBody(supplier.address))
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(supplier.address, 0);
    });

    it("refuses a body that was removed already", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body } = fx;
      await appoint(fx);
      await accreditations.connect(governance).removeBody(body.address);
      await expect(accreditations.connect(governance).removeBody(body.address))
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(body.address, 0);
    });
  });

  describe("accredit", function () {
    it("lets a body accredit a company for a GS1 prefix", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      const expiresAt = (await now()) + 365 * DAY;
      const id = accreditationKey(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      const accredit = accreditations.connect(body).accredit;
      const args = [brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, expiresAt, EVIDENCE] as const;
      expect(await accredit.staticCall(...args)).to.equal(id);
      await expect(accredit(...args))
        .to.emit(accreditations, "Accredited")
        .withArgs(id, brand.address, body.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, expiresAt, EVIDENCE);
      const [stored, valid] = await accreditations.accreditationOf(
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      );
      expect(stored.body).to.equal(body.address);
      expect(stored.term).to.equal(1n);
      expect(stored.expiresAt).to.equal(expiresAt);
      expect(valid).to.equal(true);
      expect(await accreditations.isAccredited(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT)).to.equal(true);
      expect(await accreditations.isAccreditedForPrefix(brand.address, PREFIX)).to.equal(true);
    });

    it("lets a body accredit a company as the legal entity behind an LEI", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx, Kind.LEGAL_ENTITY);
      const expiresAt = (await now()) + 365 * DAY;
      const id = accreditationKey(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT);
      await expect(
        accreditations.connect(body).accredit(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT, expiresAt, EVIDENCE),
      )
        .to.emit(accreditations, "Accredited")
        .withArgs(id, brand.address, body.address, Kind.LEGAL_ENTITY, LEI_SUBJECT, expiresAt, EVIDENCE);
      expect(await accreditations.isAccreditedForLei(brand.address, LEI)).to.equal(true);
      expect(await accreditations.isAccreditedForLei(brand.address, LEI2)).to.equal(false);
    });

    it("lets a body accredit a company as verifier of a topic", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, verifier } = fx;
      await appoint(fx, Kind.VERIFIER_TOPIC);
      const expiresAt = (await now()) + 365 * DAY;
      const id = accreditationKey(verifier.address, Kind.VERIFIER_TOPIC, TOPIC);
      await expect(
        accreditations.connect(body).accredit(verifier.address, Kind.VERIFIER_TOPIC, TOPIC, expiresAt, ethers.ZeroHash),
      )
        .to.emit(accreditations, "Accredited")
        .withArgs(id, verifier.address, body.address, Kind.VERIFIER_TOPIC, TOPIC, expiresAt, ethers.ZeroHash);
      expect(await accreditations.isAccreditedForTopic(verifier.address, TOPIC)).to.equal(true);
      expect(await accreditations.isAccreditedForTopic(verifier.address, ethers.id("topic:other"))).to.equal(false);
    });

    it("lets an operator holding ACCREDIT accredit for its body through actFor", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.ACCREDIT);
      const expiresAt = (await now()) + 365 * DAY;
      const id = accreditationKey(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      const data = accreditations.interface.encodeFunctionData("accredit", [
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
        expiresAt,
        EVIDENCE,
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.emit(accreditations, "ActedFor")
        .withArgs(body.address, operator.address)
        .and.to.emit(accreditations, "Accredited")
        .withArgs(id, brand.address, body.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, expiresAt, EVIDENCE);
      const [stored, valid] = await accreditations.accreditationOf(
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      );
      expect(stored.body).to.equal(body.address);
      expect(valid).to.equal(true);
    });

    it("refuses an operator without ACCREDIT", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, companies, body, brand, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.ALL & ~Permission.ACCREDIT);
      const data = accreditations.interface.encodeFunctionData("accredit", [
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
        (await now()) + DAY,
        EVIDENCE,
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(body.address, operator.address, Permission.ACCREDIT);
    });

    it("refuses an operator past its expiry", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, companies, body, brand, operator } = fx;
      await appoint(fx);
      const expiresAt = (await now()) + DAY;
      await companies.connect(body).setOperator(operator.address, Permission.ACCREDIT, expiresAt);
      await networkHelpers.time.increaseTo(expiresAt);
      const data = accreditations.interface.encodeFunctionData("accredit", [
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
        expiresAt + DAY,
        EVIDENCE,
      ]);
      // actFor checks for a live operator (permission 0) before the wrapped call asks for ACCREDIT.
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(body.address, operator.address, 0);
    });

    it("refuses an operator of a compromised body", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, companies, body, brand, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.ACCREDIT);
      const since = await now();
      await companies.connect(body).markCompromised(since);
      const data = accreditations.interface.encodeFunctionData("accredit", [
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
        (await now()) + DAY,
        EVIDENCE,
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(body.address, since);
    });

    it("refuses a body not appointed for that kind", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx, Kind.GS1_COMPANY_PREFIX);
      await expect(
        accreditations
          .connect(body)
          .accredit(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT, (await now()) + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(body.address, Kind.LEGAL_ENTITY);
    });

    it("refuses a registered company that was never appointed", async function () {
      const { accreditations, supplier, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(
        accreditations
          .connect(supplier)
          .accredit(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, (await now()) + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(supplier.address, Kind.GS1_COMPANY_PREFIX);
    });

    it("refuses a stranger", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, stranger, brand } = fx;
      await appoint(fx);
      await expect(
        accreditations
          .connect(stranger)
          .accredit(brand.address, Kind.VERIFIER_TOPIC, TOPIC, (await now()) + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(stranger.address, Kind.VERIFIER_TOPIC);
    });

    it("refuses a removed body", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, brand } = fx;
      await appoint(fx);
      await accreditations.connect(governance).removeBody(body.address);
      await expect(
        accreditations
          .connect(body)
          .accredit(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, (await now()) + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(body.address, Kind.GS1_COMPANY_PREFIX);
    });

    it("refuses self-accreditation", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body } = fx;
      await appoint(fx);
      await expect(
        accreditations
          .connect(body)
          .accredit(body.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, (await now()) + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "SelfAccreditation")
        .withArgs(body.address);
    });

    it("refuses self-accreditation by an operator acting for the body", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.ACCREDIT);
      const data = accreditations.interface.encodeFunctionData("accredit", [
        body.address,
        Kind.VERIFIER_TOPIC,
        TOPIC,
        (await now()) + DAY,
        EVIDENCE,
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.be.revertedWithCustomError(accreditations, "SelfAccreditation")
        .withArgs(body.address);
    });

    it("refuses an unregistered company", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, stranger } = fx;
      await appoint(fx);
      await expect(
        accreditations
          .connect(body)
          .accredit(stranger.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, (await now()) + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    for (const kind of [0, 3, 8, 255]) {
      it(`refuses invalid kind ${kind}`, async function () {
        const fx = await networkHelpers.loadFixture(deployConstellate);
        const { accreditations, body, brand } = fx;
        await appoint(fx);
        await expect(
          accreditations.connect(body).accredit(brand.address, kind, PREFIX_SUBJECT, (await now()) + DAY, EVIDENCE),
        )
          .to.be.revertedWithCustomError(accreditations, "InvalidKind")
          .withArgs(kind);
      });
    }

    const invalidSubjects: ReadonlyArray<[string, number, string]> = [
      ["a GS1 prefix with letters", Kind.GS1_COMPANY_PREFIX, ethers.encodeBytes32String("40123AB")],
      ["a GS1 prefix of 3 digits", Kind.GS1_COMPANY_PREFIX, ethers.encodeBytes32String("401")],
      ["a GS1 prefix of 13 digits", Kind.GS1_COMPANY_PREFIX, ethers.encodeBytes32String("4012345678901")],
      [
        "a GS1 prefix with bytes after a zero byte",
        Kind.GS1_COMPANY_PREFIX,
        ethers.zeroPadBytes(ethers.concat([ethers.toUtf8Bytes("4012"), "0x00", ethers.toUtf8Bytes("5")]), 32),
      ],
      ["a zero GS1 prefix", Kind.GS1_COMPANY_PREFIX, ethers.ZeroHash],
      ["an LEI with bad check digits", Kind.LEGAL_ENTITY, ethers.encodeBytes32String("529900T8BM49AURSDO56")],
      [
        "an LEI with a letter among the check digits",
        Kind.LEGAL_ENTITY,
        ethers.encodeBytes32String("529900T8BM49AURSDO5A"),
      ],
      ["an LEI in lower case", Kind.LEGAL_ENTITY, ethers.encodeBytes32String("529900t8bm49aursdo55")],
      ["an LEI of 19 characters", Kind.LEGAL_ENTITY, ethers.encodeBytes32String("529900T8BM49AURSDO5")],
      ["a zero topic", Kind.VERIFIER_TOPIC, ethers.ZeroHash],
    ];
    for (const [what, kind, subject] of invalidSubjects) {
      it(`refuses ${what}`, async function () {
        const fx = await networkHelpers.loadFixture(deployConstellate);
        const { accreditations, body, brand } = fx;
        await appoint(fx);
        await expect(accreditations.connect(body).accredit(brand.address, kind, subject, (await now()) + DAY, EVIDENCE))
          .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
          .withArgs(kind, subject);
      });
    }

    it("accepts GS1 prefixes of 4 and of 12 digits", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      const expiresAt = (await now()) + DAY;
      for (const prefix of ["0614", "061414100000"]) {
        const subject = ethers.encodeBytes32String(prefix);
        await expect(
          accreditations.connect(body).accredit(brand.address, Kind.GS1_COMPANY_PREFIX, subject, expiresAt, EVIDENCE),
        )
          .to.emit(accreditations, "Accredited")
          .withArgs(
            accreditationKey(brand.address, Kind.GS1_COMPANY_PREFIX, subject),
            brand.address,
            body.address,
            Kind.GS1_COMPANY_PREFIX,
            subject,
            expiresAt,
            EVIDENCE,
          );
        expect(await accreditations.isAccreditedForPrefix(brand.address, prefix)).to.equal(true);
      }
    });

    it("refuses an expiry in the past", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      const at = await pinNextBlockTime(10);
      await expect(
        accreditations
          .connect(body)
          .accredit(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, at - DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "ExpiryNotInFuture")
        .withArgs(at - DAY, at);
    });

    it("refuses an expiry equal to the current block time", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      const at = await pinNextBlockTime(10);
      await expect(
        accreditations.connect(body).accredit(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, at, EVIDENCE),
      )
        .to.be.revertedWithCustomError(accreditations, "ExpiryNotInFuture")
        .withArgs(at, at);
    });

    it("replaces an earlier accreditation of the same key", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, verifier, brand } = fx;
      await appoint(fx);
      await accreditations.connect(governance).appointBody(verifier.address, Kind.GS1_COMPANY_PREFIX, "GS1 Austria");
      await accreditPrefix(fx);
      const expiresAt = (await now()) + 2 * DAY;
      const id = accreditationKey(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      await expect(
        accreditations
          .connect(verifier)
          .accredit(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT, expiresAt, ethers.ZeroHash),
      )
        .to.emit(accreditations, "Accredited")
        .withArgs(
          id,
          brand.address,
          verifier.address,
          Kind.GS1_COMPANY_PREFIX,
          PREFIX_SUBJECT,
          expiresAt,
          ethers.ZeroHash,
        );
      const [stored, valid] = await accreditations.accreditationOf(
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      );
      expect(stored.body).to.equal(verifier.address);
      expect(stored.expiresAt).to.equal(expiresAt);
      expect(valid).to.equal(true);
      // The earlier body no longer holds it.
      await expect(accreditations.connect(body).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.be.revertedWithCustomError(accreditations, "NotAccreditationBody")
        .withArgs(id, body.address);
    });
  });

  describe("isAccredited", function () {
    it("is false for what was never accredited", async function () {
      const { accreditations, brand } = await networkHelpers.loadFixture(deployConstellate);
      expect(await accreditations.isAccredited(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT)).to.equal(false);
    });

    it("is false once the accreditation has expired", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      const { expiresAt } = await accreditPrefix(fx);
      expect(await accreditations.isAccredited(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT)).to.equal(true);
      await networkHelpers.time.increaseTo(expiresAt);
      expect(await accreditations.isAccredited(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT)).to.equal(false);
      const [stored, valid] = await accreditations.accreditationOf(
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      );
      expect(stored.body).to.equal(body.address);
      expect(valid).to.equal(false);
    });

    it("is false once the accreditation is revoked", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      await accreditPrefix(fx);
      await accreditations.connect(body).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      expect(await accreditations.isAccredited(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT)).to.equal(false);
    });

    it("is false for the same subject under another kind or company", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, brand, supplier } = fx;
      await appoint(fx);
      await accreditPrefix(fx);
      expect(await accreditations.isAccredited(supplier.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT)).to.equal(
        false,
      );
      expect(await accreditations.isAccredited(brand.address, Kind.VERIFIER_TOPIC, PREFIX_SUBJECT)).to.equal(false);
    });

    it("stays true while the body is compromised", async function () {
      // Compromise blocks the body's operators; judging the body's past statements is up to the reader.
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, companies, body, brand } = fx;
      await appoint(fx);
      await accreditPrefix(fx);
      await companies.connect(body).markCompromised(await now());
      expect(await accreditations.isAccreditedForPrefix(brand.address, PREFIX)).to.equal(true);
    });
  });

  describe("revoke", function () {
    it("lets the body revoke what it attested", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      const { id } = await accreditPrefix(fx);
      await expect(accreditations.connect(body).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.emit(accreditations, "AccreditationRevoked")
        .withArgs(id, brand.address, body.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      const [stored, valid] = await accreditations.accreditationOf(
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      );
      expect(stored.body).to.equal(ethers.ZeroAddress);
      expect(stored.term).to.equal(0n);
      expect(stored.expiresAt).to.equal(0n);
      expect(valid).to.equal(false);
    });

    it("lets an operator holding ACCREDIT revoke for its body through actFor", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.ACCREDIT);
      const { id } = await accreditPrefix(fx);
      const data = accreditations.interface.encodeFunctionData("revoke", [
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.emit(accreditations, "ActedFor")
        .withArgs(body.address, operator.address)
        .and.to.emit(accreditations, "AccreditationRevoked")
        .withArgs(id, brand.address, body.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      expect(await accreditations.isAccreditedForPrefix(brand.address, PREFIX)).to.equal(false);
    });

    it("refuses an operator without ACCREDIT", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, companies, body, brand, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.PROFILE);
      await accreditPrefix(fx);
      const data = accreditations.interface.encodeFunctionData("revoke", [
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        PREFIX_SUBJECT,
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(body.address, operator.address, Permission.ACCREDIT);
    });

    it("lets governance revoke any accreditation", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, brand } = fx;
      await appoint(fx);
      const { id } = await accreditPrefix(fx);
      await expect(accreditations.connect(governance).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.emit(accreditations, "AccreditationRevoked")
        .withArgs(id, brand.address, governance.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      expect(await accreditations.isAccreditedForPrefix(brand.address, PREFIX)).to.equal(false);
    });

    it("lets a removed body still withdraw what it attested", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, body, brand } = fx;
      await appoint(fx);
      const { id } = await accreditPrefix(fx);
      await accreditations.connect(governance).removeBody(body.address);
      await expect(accreditations.connect(body).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.emit(accreditations, "AccreditationRevoked")
        .withArgs(id, brand.address, body.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
    });

    it("refuses another body", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, verifier, brand } = fx;
      await appoint(fx);
      await accreditations.connect(governance).appointBody(verifier.address, ALL_KINDS, "Other body");
      const { id } = await accreditPrefix(fx);
      await expect(accreditations.connect(verifier).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.be.revertedWithCustomError(accreditations, "NotAccreditationBody")
        .withArgs(id, verifier.address);
    });

    it("refuses the accredited company itself", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, brand } = fx;
      await appoint(fx);
      const { id } = await accreditPrefix(fx);
      await expect(accreditations.connect(brand).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.be.revertedWithCustomError(accreditations, "NotAccreditationBody")
        .withArgs(id, brand.address);
    });

    it("refuses a stranger", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, stranger, brand } = fx;
      await appoint(fx);
      const { id } = await accreditPrefix(fx);
      await expect(accreditations.connect(stranger).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.be.revertedWithCustomError(accreditations, "NotAccreditationBody")
        .withArgs(id, stranger.address);
    });

    it("refuses a missing accreditation", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand } = fx;
      await appoint(fx);
      const id = accreditationKey(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT);
      await expect(accreditations.connect(body).revoke(brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT))
        .to.be.revertedWithCustomError(accreditations, "AccreditationNotFound")
        .withArgs(id, brand.address, Kind.LEGAL_ENTITY, LEI_SUBJECT);
    });

    it("refuses to revoke the same accreditation twice", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, brand } = fx;
      await appoint(fx);
      const { id } = await accreditPrefix(fx);
      await accreditations.connect(governance).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
      await expect(accreditations.connect(governance).revoke(brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT))
        .to.be.revertedWithCustomError(accreditations, "AccreditationNotFound")
        .withArgs(id, brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT);
    });
  });

  describe("views", function () {
    it("derives the subject of a GS1 prefix", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      expect(await accreditations.prefixSubject(PREFIX)).to.equal(PREFIX_SUBJECT);
      expect(await accreditations.prefixSubject("0614")).to.equal(ethers.encodeBytes32String("0614"));
      expect(await accreditations.prefixSubject("061414100000")).to.equal(ethers.encodeBytes32String("061414100000"));
    });

    it("refuses a malformed GS1 prefix", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.prefixSubject("40123AB"))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.GS1_COMPANY_PREFIX, ethers.encodeBytes32String("40123AB"));
      await expect(accreditations.prefixSubject("401"))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.GS1_COMPANY_PREFIX, ethers.encodeBytes32String("401"));
      await expect(accreditations.prefixSubject("4012345678901"))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.GS1_COMPANY_PREFIX, ethers.encodeBytes32String("4012345678901"));
    });

    it("refuses an empty prefix or one longer than 32 bytes", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.prefixSubject(""))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.GS1_COMPANY_PREFIX, INVALID_TEXT_SUBJECT);
      await expect(accreditations.prefixSubject("1".repeat(33)))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.GS1_COMPANY_PREFIX, INVALID_TEXT_SUBJECT);
    });

    it("derives the subject of valid LEIs", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      expect(await accreditations.leiSubject(LEI)).to.equal(LEI_SUBJECT);
      expect(await accreditations.leiSubject(LEI2)).to.equal(ethers.encodeBytes32String(LEI2));
    });

    it("refuses an LEI with bad check digits", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.leiSubject("5493001KJTIIGC8Y1R13"))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.LEGAL_ENTITY, ethers.encodeBytes32String("5493001KJTIIGC8Y1R13"));
    });

    it("refuses an LEI longer than 32 bytes", async function () {
      const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.leiSubject(LEI + LEI))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.LEGAL_ENTITY, INVALID_TEXT_SUBJECT);
    });

    it("answers isAccreditedForPrefix by the prefix's digits", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, brand } = fx;
      await appoint(fx);
      await accreditPrefix(fx);
      expect(await accreditations.isAccreditedForPrefix(brand.address, PREFIX)).to.equal(true);
      expect(await accreditations.isAccreditedForPrefix(brand.address, "4012346")).to.equal(false);
      expect(await accreditations.isAccreditedForPrefix(brand.address, "40123450")).to.equal(false);
    });

    it("refuses isAccreditedForPrefix for a malformed prefix", async function () {
      const { accreditations, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.isAccreditedForPrefix(brand.address, "ABCD"))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.GS1_COMPANY_PREFIX, ethers.encodeBytes32String("ABCD"));
    });

    it("answers isAccreditedForLei by the LEI", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand, supplier } = fx;
      await appoint(fx);
      await accreditations
        .connect(body)
        .accredit(supplier.address, Kind.LEGAL_ENTITY, ethers.encodeBytes32String(LEI2), (await now()) + DAY, EVIDENCE);
      expect(await accreditations.isAccreditedForLei(supplier.address, LEI2)).to.equal(true);
      expect(await accreditations.isAccreditedForLei(supplier.address, LEI)).to.equal(false);
      expect(await accreditations.isAccreditedForLei(brand.address, LEI2)).to.equal(false);
    });

    it("refuses isAccreditedForLei for a malformed LEI", async function () {
      const { accreditations, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.isAccreditedForLei(brand.address, "529900T8BM49AURSDO56"))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.LEGAL_ENTITY, ethers.encodeBytes32String("529900T8BM49AURSDO56"));
    });

    it("answers isAccreditedForTopic by the topic", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, verifier } = fx;
      await appoint(fx);
      await accreditations
        .connect(body)
        .accredit(verifier.address, Kind.VERIFIER_TOPIC, TOPIC, (await now()) + DAY, EVIDENCE);
      expect(await accreditations.isAccreditedForTopic(verifier.address, TOPIC)).to.equal(true);
      expect(await accreditations.isAccreditedForTopic(verifier.address, ethers.ZeroHash)).to.equal(false);
    });

    it("returns an empty, invalid accreditation for an unknown key", async function () {
      const { accreditations, brand } = await networkHelpers.loadFixture(deployConstellate);
      const [stored, valid] = await accreditations.accreditationOf(brand.address, Kind.VERIFIER_TOPIC, TOPIC);
      expect(stored.body).to.equal(ethers.ZeroAddress);
      expect(stored.term).to.equal(0n);
      expect(stored.expiresAt).to.equal(0n);
      expect(valid).to.equal(false);
    });

    it("returns an empty appointment for a company that is no body", async function () {
      const { accreditations, brand } = await networkHelpers.loadFixture(deployConstellate);
      const record = await accreditations.bodyOf(brand.address);
      expect(record.kinds).to.equal(0n);
      expect(record.prefixTerm).to.equal(0n);
      expect(record.appointedAt).to.equal(0n);
    });

    it("computes accreditationId as keccak256(abi.encode(company, kind, subject))", async function () {
      const { accreditations, brand, supplier } = await networkHelpers.loadFixture(deployConstellate);
      for (const [company, kind, subject] of [
        [brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT],
        [supplier.address, Kind.LEGAL_ENTITY, LEI_SUBJECT],
        [brand.address, Kind.VERIFIER_TOPIC, TOPIC],
      ] as const) {
        expect(await accreditations.accreditationId(company, kind, subject)).to.equal(
          accreditationKey(company, kind, subject),
        );
      }
    });
  });

  describe("governance", function () {
    it("moves in two steps: transferOwnership, then acceptOwnership", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, governance, stranger, body } = fx;
      await expect(accreditations.connect(governance).transferOwnership(stranger.address))
        .to.emit(accreditations, "OwnershipTransferStarted")
        .withArgs(governance.address, stranger.address);
      expect(await accreditations.owner()).to.equal(governance.address);
      expect(await accreditations.pendingOwner()).to.equal(stranger.address);

      await expect(accreditations.connect(stranger).acceptOwnership())
        .to.emit(accreditations, "OwnershipTransferred")
        .withArgs(governance.address, stranger.address);
      expect(await accreditations.owner()).to.equal(stranger.address);
      expect(await accreditations.pendingOwner()).to.equal(ethers.ZeroAddress);

      await expect(accreditations.connect(stranger).appointBody(body.address, ALL_KINDS, "GS1 Germany"))
        .to.emit(accreditations, "BodyAppointed")
        .withArgs(body.address, ALL_KINDS, "GS1 Germany");
      await expect(accreditations.connect(governance).removeBody(body.address))
        .to.be.revertedWithCustomError(accreditations, "OwnableUnauthorizedAccount")
        .withArgs(governance.address);
    });

    it("refuses to renounce governance, even by governance", async function () {
      const { accreditations, governance } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(governance).renounceOwnership()).to.be.revertedWithCustomError(
        accreditations,
        "GovernanceCannotBeRenounced",
      );
      expect(await accreditations.owner()).to.equal(governance.address);
    });

    it("keeps the old governance in charge until the transfer is accepted", async function () {
      const { accreditations, governance, stranger, body } = await networkHelpers.loadFixture(deployConstellate);
      await accreditations.connect(governance).transferOwnership(stranger.address);
      await expect(accreditations.connect(stranger).appointBody(body.address, ALL_KINDS, "Too early"))
        .to.be.revertedWithCustomError(accreditations, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(accreditations.connect(governance).appointBody(body.address, ALL_KINDS, "GS1 Germany"))
        .to.emit(accreditations, "BodyAppointed")
        .withArgs(body.address, ALL_KINDS, "GS1 Germany");
    });

    it("refuses acceptOwnership by an account other than the pending owner", async function () {
      const { accreditations, governance, stranger, brand } = await networkHelpers.loadFixture(deployConstellate);
      await accreditations.connect(governance).transferOwnership(stranger.address);
      await expect(accreditations.connect(brand).acceptOwnership())
        .to.be.revertedWithCustomError(accreditations, "OwnableUnauthorizedAccount")
        .withArgs(brand.address);
    });

    it("refuses transferOwnership by an account other than governance", async function () {
      const { accreditations, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(accreditations.connect(stranger).transferOwnership(stranger.address))
        .to.be.revertedWithCustomError(accreditations, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("actFor", function () {
    it("refuses a nested actFor", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.ACCREDIT);
      const inner = accreditations.interface.encodeFunctionData("actFor", [
        body.address,
        accreditations.interface.encodeFunctionData("revoke", [brand.address, Kind.GS1_COMPANY_PREFIX, PREFIX_SUBJECT]),
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, inner)).to.be.revertedWithCustomError(
        accreditations,
        "NestedActFor",
      );
    });

    it("refuses the zero address as company", async function () {
      const { accreditations, companies, operator } = await networkHelpers.loadFixture(deployConstellate);
      const data = accreditations.interface.encodeFunctionData("version");
      await expect(accreditations.connect(operator).actFor(ethers.ZeroAddress, data))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(ethers.ZeroAddress);
    });

    it("bubbles up the revert reason of the wrapped call", async function () {
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, body, brand, operator } = fx;
      await appoint(fx);
      await appointOperator(fx, Permission.ACCREDIT);
      const bad = ethers.encodeBytes32String("401");
      const data = accreditations.interface.encodeFunctionData("accredit", [
        brand.address,
        Kind.GS1_COMPANY_PREFIX,
        bad,
        (await now()) + DAY,
        EVIDENCE,
      ]);
      await expect(accreditations.connect(operator).actFor(body.address, data))
        .to.be.revertedWithCustomError(accreditations, "InvalidSubject")
        .withArgs(Kind.GS1_COMPANY_PREFIX, bad);
    });

    it("refuses a governance call wrapped in actFor for a company governance does not operate", async function () {
      // IActsForCompanies: a wrapped call "succeeds only if the sender is a live operator of `company`". Without that
      // check the call would go through and log ActedFor(brand, governance), a false claim that governance operates
      // for brand.
      const fx = await networkHelpers.loadFixture(deployConstellate);
      const { accreditations, companies, governance, body, brand } = fx;
      const data = accreditations.interface.encodeFunctionData("appointBody", [body.address, ALL_KINDS, "GS1 Germany"]);
      await expect(accreditations.connect(governance).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, governance.address, 0);
    });
  });
});
