import { expect } from "chai";

import type { Companies } from "../types/typechain/index.js";
import { DAY, deployConstellate, ethers, networkHelpers, now, Permission, profile } from "./helpers/fixture.js";
import { pinNextBlockTime, profileTuple } from "./helpers/expect.js";

type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

/** `company` appoints `operator` with `permissions` for `lifetime` seconds; returns the expiry. */
async function appoint(
  companies: Companies,
  company: Signer,
  operator: Signer,
  permissions: bigint,
  lifetime = DAY,
): Promise<number> {
  const expiresAt = (await now()) + lifetime;
  await companies.connect(company).setOperator(operator.address, permissions, expiresAt);
  return expiresAt;
}

/** Calldata of `updateProfile(p)`, to be wrapped in `actFor`. */
function updateProfileCall(companies: Companies, p: ReturnType<typeof profile>): string {
  return companies.interface.encodeFunctionData("updateProfile", [p]);
}

describe("Companies", function () {
  describe("version", function () {
    it("reports version 1.0.0", async function () {
      const { companies } = await networkHelpers.loadFixture(deployConstellate);
      expect(await companies.version()).to.equal("1.0.0");
    });
  });

  describe("register", function () {
    it("registers the sender with its profile and registration time", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      const p = profile("Newcomer");
      const at = await pinNextBlockTime();
      await expect(companies.connect(stranger).register(p))
        .to.emit(companies, "CompanyRegistered")
        .withArgs(stranger.address, profileTuple(p));
      expect(await companies.isRegistered(stranger.address)).to.equal(true);
      const status = await companies.statusOf(stranger.address);
      expect(status.registeredAt).to.equal(at);
      expect(status.compromisedFrom).to.equal(0n);
      expect(profileTuple(await companies.profileOf(stranger.address))).to.deep.equal(profileTuple(p));
    });

    it("accepts every field at its maximum length", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      const p = profile("n".repeat(64), {
        registryId: "r".repeat(64),
        metadataURI: "u".repeat(512),
        dataEndpoint: "d".repeat(512),
      });
      await expect(companies.connect(stranger).register(p))
        .to.emit(companies, "CompanyRegistered")
        .withArgs(stranger.address, profileTuple(p));
      expect(profileTuple(await companies.profileOf(stranger.address))).to.deep.equal(profileTuple(p));
    });

    it("accepts empty optional fields and a zero metadata hash", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      const p = {
        ...profile("Minimal", { registryId: "", metadataURI: "", dataEndpoint: "" }),
        metadataHash: ethers.ZeroHash,
      };
      await expect(companies.connect(stranger).register(p))
        .to.emit(companies, "CompanyRegistered")
        .withArgs(stranger.address, profileTuple(p));
      expect(await companies.isRegistered(stranger.address)).to.equal(true);
    });

    it("refuses a second registration", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).register(profile("Brand again")))
        .to.be.revertedWithCustomError(companies, "CompanyAlreadyRegistered")
        .withArgs(brand.address);
    });

    it("refuses an empty name", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).register(profile(""))).to.be.revertedWithCustomError(
        companies,
        "EmptyName",
      );
      expect(await companies.isRegistered(stranger.address)).to.equal(false);
    });

    it("refuses a name longer than 64 bytes", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).register(profile("n".repeat(65))))
        .to.be.revertedWithCustomError(companies, "FieldTooLong")
        .withArgs("name", 65, 64);
    });

    it("counts the name's length in bytes, not characters", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      // 33 two-byte characters: 66 bytes.
      await expect(companies.connect(stranger).register(profile("é".repeat(33))))
        .to.be.revertedWithCustomError(companies, "FieldTooLong")
        .withArgs("name", 66, 64);
    });

    it("refuses a registry id longer than 64 bytes", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).register(profile("Newcomer", { registryId: "r".repeat(65) })))
        .to.be.revertedWithCustomError(companies, "FieldTooLong")
        .withArgs("registryId", 65, 64);
    });

    it("refuses a metadata URI longer than 512 bytes", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).register(profile("Newcomer", { metadataURI: "u".repeat(513) })))
        .to.be.revertedWithCustomError(companies, "FieldTooLong")
        .withArgs("metadataURI", 513, 512);
    });

    it("refuses a data endpoint longer than 512 bytes", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).register(profile("Newcomer", { dataEndpoint: "d".repeat(513) })))
        .to.be.revertedWithCustomError(companies, "FieldTooLong")
        .withArgs("dataEndpoint", 513, 512);
    });

    it("refuses a registration wrapped in actFor", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL);
      const data = companies.interface.encodeFunctionData("register", [profile("Via operator")]);
      await expect(companies.connect(operator).actFor(brand.address, data)).to.be.revertedWithCustomError(
        companies,
        "DirectCallRequired",
      );
    });
  });

  describe("updateProfile", function () {
    it("lets the company replace its own profile", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const p = profile("Brand Renamed", { registryId: "GLN:4012345000009" });
      await expect(companies.connect(brand).updateProfile(p))
        .to.emit(companies, "CompanyUpdated")
        .withArgs(brand.address, profileTuple(p));
      expect(profileTuple(await companies.profileOf(brand.address))).to.deep.equal(profileTuple(p));
    });

    it("keeps the registration time when the profile changes", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const before = await companies.statusOf(brand.address);
      await networkHelpers.time.increase(DAY);
      await companies.connect(brand).updateProfile(profile("Brand Renamed"));
      expect((await companies.statusOf(brand.address)).registeredAt).to.equal(before.registeredAt);
    });

    it("lets an operator holding PROFILE replace the profile through actFor", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      const p = profile("Brand by operator");
      await expect(companies.connect(operator).actFor(brand.address, updateProfileCall(companies, p)))
        .to.emit(companies, "ActedFor")
        .withArgs(brand.address, operator.address)
        .and.to.emit(companies, "CompanyUpdated")
        .withArgs(brand.address, profileTuple(p));
      expect(profileTuple(await companies.profileOf(brand.address))).to.deep.equal(profileTuple(p));
      expect(await companies.isRegistered(operator.address)).to.equal(false);
    });

    it("refuses an operator without PROFILE", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL & ~Permission.PROFILE);
      await expect(companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("Nope"))))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator.address, Permission.PROFILE);
    });

    it("refuses an operator past its expiry", async function () {
      // actFor checks for a live operator (permission 0) before the wrapped call asks for PROFILE.
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = await appoint(companies, brand, operator, Permission.PROFILE);
      await networkHelpers.time.increaseTo(expiresAt);
      await expect(companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("Too late"))))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator.address, 0);
    });

    it("lets an operator act until the second before its expiry", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = await appoint(companies, brand, operator, Permission.PROFILE);
      await networkHelpers.time.setNextBlockTimestamp(expiresAt - 1);
      const p = profile("Just in time");
      await expect(companies.connect(operator).actFor(brand.address, updateProfileCall(companies, p)))
        .to.emit(companies, "CompanyUpdated")
        .withArgs(brand.address, profileTuple(p));
    });

    it("refuses a removed operator", async function () {
      // actFor checks for a live operator (permission 0) before the wrapped call asks for PROFILE.
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      await companies.connect(brand).removeOperator(operator.address);
      await expect(companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("Removed"))))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator.address, 0);
    });

    it("refuses an operator of another company", async function () {
      // actFor checks for a live operator (permission 0) before the wrapped call asks for PROFILE.
      const { companies, brand, supplier, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, supplier, operator, Permission.ALL);
      await expect(
        companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("Wrong company"))),
      )
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator.address, 0);
    });

    it("refuses an operator of a compromised company", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      await expect(
        companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("Compromised"))),
      )
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(brand.address, since);
    });

    it("lets a compromised company still update its own profile", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await companies.connect(brand).markCompromised(await now());
      const p = profile("Brand (moved to a new account)");
      await expect(companies.connect(brand).updateProfile(p))
        .to.emit(companies, "CompanyUpdated")
        .withArgs(brand.address, profileTuple(p));
    });

    it("refuses an unregistered sender", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).updateProfile(profile("Stranger")))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("refuses actFor for an unregistered company", async function () {
      const { companies, stranger, operator } = await networkHelpers.loadFixture(deployConstellate);
      await expect(
        companies.connect(operator).actFor(stranger.address, updateProfileCall(companies, profile("Stranger"))),
      )
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("refuses an empty name", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).updateProfile(profile(""))).to.be.revertedWithCustomError(
        companies,
        "EmptyName",
      );
    });

    it("refuses a field that is too long", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).updateProfile(profile("Brand", { metadataURI: "u".repeat(600) })))
        .to.be.revertedWithCustomError(companies, "FieldTooLong")
        .withArgs("metadataURI", 600, 512);
    });
  });

  describe("setOperator", function () {
    it("appoints an operator with permissions and expiry", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = (await now()) + DAY;
      const permissions = Permission.PROFILE | Permission.ACCREDIT;
      await expect(companies.connect(brand).setOperator(operator.address, permissions, expiresAt))
        .to.emit(companies, "OperatorSet")
        .withArgs(brand.address, operator.address, permissions, expiresAt);
      const op = await companies.operatorOf(brand.address, operator.address);
      expect(op.permissions).to.equal(permissions);
      expect(op.expiresAt).to.equal(expiresAt);
      expect(await companies.isActing(brand.address, operator.address, permissions)).to.equal(true);
    });

    it("changes the permissions and expiry of an existing operator", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL);
      const expiresAt = (await now()) + 2 * DAY;
      await expect(companies.connect(brand).setOperator(operator.address, Permission.EVENTS, expiresAt))
        .to.emit(companies, "OperatorSet")
        .withArgs(brand.address, operator.address, Permission.EVENTS, expiresAt);
      const op = await companies.operatorOf(brand.address, operator.address);
      expect(op.permissions).to.equal(Permission.EVENTS);
      expect(op.expiresAt).to.equal(expiresAt);
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(false);
      expect(await companies.isActing(brand.address, operator.address, Permission.EVENTS)).to.equal(true);
    });

    it("lets an account operate for several companies independently", async function () {
      const { companies, brand, supplier, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      await appoint(companies, supplier, operator, Permission.EVENTS);
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(true);
      expect(await companies.isActing(brand.address, operator.address, Permission.EVENTS)).to.equal(false);
      expect(await companies.isActing(supplier.address, operator.address, Permission.EVENTS)).to.equal(true);
      expect(await companies.isActing(supplier.address, operator.address, Permission.PROFILE)).to.equal(false);
    });

    it("refuses the zero address as operator", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).setOperator(ethers.ZeroAddress, Permission.PROFILE, (await now()) + DAY))
        .to.be.revertedWithCustomError(companies, "InvalidOperator")
        .withArgs(brand.address, ethers.ZeroAddress);
    });

    it("refuses the company itself as operator", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).setOperator(brand.address, Permission.PROFILE, (await now()) + DAY))
        .to.be.revertedWithCustomError(companies, "InvalidOperator")
        .withArgs(brand.address, brand.address);
    });

    it("refuses zero permissions", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).setOperator(operator.address, 0, (await now()) + DAY))
        .to.be.revertedWithCustomError(companies, "InvalidPermissions")
        .withArgs(0);
    });

    it("refuses unknown permission bits", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const permissions = Permission.PROFILE | (1n << 9n);
      await expect(companies.connect(brand).setOperator(operator.address, permissions, (await now()) + DAY))
        .to.be.revertedWithCustomError(companies, "InvalidPermissions")
        .withArgs(permissions);
    });

    it("refuses the highest permission bit of the mask", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const permissions = 1n << 191n;
      await expect(companies.connect(brand).setOperator(operator.address, permissions, (await now()) + DAY))
        .to.be.revertedWithCustomError(companies, "InvalidPermissions")
        .withArgs(permissions);
    });

    it("accepts every known permission bit", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = (await now()) + DAY;
      await expect(companies.connect(brand).setOperator(operator.address, Permission.ALL, expiresAt))
        .to.emit(companies, "OperatorSet")
        .withArgs(brand.address, operator.address, Permission.ALL, expiresAt);
    });

    it("refuses an expiry equal to the current block time", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const at = await pinNextBlockTime(10);
      await expect(companies.connect(brand).setOperator(operator.address, Permission.PROFILE, at))
        .to.be.revertedWithCustomError(companies, "ExpiryNotInFuture")
        .withArgs(at, at);
    });

    it("refuses an expiry in the past", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const at = await pinNextBlockTime(10);
      await expect(companies.connect(brand).setOperator(operator.address, Permission.PROFILE, at - DAY))
        .to.be.revertedWithCustomError(companies, "ExpiryNotInFuture")
        .withArgs(at - DAY, at);
    });

    it("accepts an expiry one second after the current block time", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const at = await pinNextBlockTime(10);
      await expect(companies.connect(brand).setOperator(operator.address, Permission.PROFILE, at + 1))
        .to.emit(companies, "OperatorSet")
        .withArgs(brand.address, operator.address, Permission.PROFILE, at + 1);
    });

    it("refuses an unregistered sender", async function () {
      const { companies, stranger, operator } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).setOperator(operator.address, Permission.PROFILE, (await now()) + DAY))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("refuses a call wrapped in actFor", async function () {
      const { companies, brand, operator, operator2 } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL);
      const data = companies.interface.encodeFunctionData("setOperator", [
        operator2.address,
        Permission.ALL,
        (await now()) + DAY,
      ]);
      await expect(companies.connect(operator).actFor(brand.address, data)).to.be.revertedWithCustomError(
        companies,
        "DirectCallRequired",
      );
      expect((await companies.operatorOf(brand.address, operator2.address)).permissions).to.equal(0n);
    });
  });

  describe("removeOperator", function () {
    it("removes an operator at once", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      await expect(companies.connect(brand).removeOperator(operator.address))
        .to.emit(companies, "OperatorRemoved")
        .withArgs(brand.address, operator.address);
      const op = await companies.operatorOf(brand.address, operator.address);
      expect(op.permissions).to.equal(0n);
      expect(op.expiresAt).to.equal(0n);
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(false);
    });

    it("removes an operator whose appointment has expired", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = await appoint(companies, brand, operator, Permission.PROFILE);
      await networkHelpers.time.increaseTo(expiresAt + 1);
      await expect(companies.connect(brand).removeOperator(operator.address))
        .to.emit(companies, "OperatorRemoved")
        .withArgs(brand.address, operator.address);
      expect((await companies.operatorOf(brand.address, operator.address)).permissions).to.equal(0n);
    });

    it("refuses an account that is not an operator", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).removeOperator(operator.address))
        .to.be.revertedWithCustomError(companies, "NotAnOperator")
        .withArgs(brand.address, operator.address);
    });

    it("refuses an operator appointed by another company", async function () {
      const { companies, brand, supplier, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, supplier, operator, Permission.PROFILE);
      await expect(companies.connect(brand).removeOperator(operator.address))
        .to.be.revertedWithCustomError(companies, "NotAnOperator")
        .withArgs(brand.address, operator.address);
      expect((await companies.operatorOf(supplier.address, operator.address)).permissions).to.equal(Permission.PROFILE);
    });

    it("refuses a call wrapped in actFor", async function () {
      const { companies, brand, operator, operator2 } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL);
      await appoint(companies, brand, operator2, Permission.ALL);
      const data = companies.interface.encodeFunctionData("removeOperator", [operator2.address]);
      await expect(companies.connect(operator).actFor(brand.address, data)).to.be.revertedWithCustomError(
        companies,
        "DirectCallRequired",
      );
    });
  });

  describe("markCompromised", function () {
    it("marks the company compromised from a past time on", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const since = (await now()) - 3600;
      await expect(companies.connect(brand).markCompromised(since))
        .to.emit(companies, "CompanyCompromised")
        .withArgs(brand.address, since);
      const status = await companies.statusOf(brand.address);
      expect(status.compromisedFrom).to.equal(since);
      expect(status.registeredAt).to.not.equal(0n);
    });

    it("refuses zero as the compromise time", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(brand).markCompromised(0))
        .to.be.revertedWithCustomError(companies, "CompromiseNotEarlier")
        .withArgs(brand.address, 0, 0);
    });

    it("refuses to clear a mark by moving it to zero", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      await expect(companies.connect(brand).markCompromised(0))
        .to.be.revertedWithCustomError(companies, "CompromiseNotEarlier")
        .withArgs(brand.address, since, 0);
    });

    it("refuses the same time again", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      await expect(companies.connect(brand).markCompromised(since))
        .to.be.revertedWithCustomError(companies, "CompromiseNotEarlier")
        .withArgs(brand.address, since, since);
    });

    it("refuses a later time", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      await expect(companies.connect(brand).markCompromised(since + 1))
        .to.be.revertedWithCustomError(companies, "CompromiseNotEarlier")
        .withArgs(brand.address, since, since + 1);
    });

    it("moves the mark earlier", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      await expect(companies.connect(brand).markCompromised(since - DAY))
        .to.emit(companies, "CompanyCompromised")
        .withArgs(brand.address, since - DAY);
      expect((await companies.statusOf(brand.address)).compromisedFrom).to.equal(since - DAY);
    });

    it("stops operators only from a future mark's time on", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE, 30 * DAY);
      const since = (await now()) + DAY;
      await companies.connect(brand).markCompromised(since);

      const p = profile("Before the mark");
      await expect(companies.connect(operator).actFor(brand.address, updateProfileCall(companies, p)))
        .to.emit(companies, "CompanyUpdated")
        .withArgs(brand.address, profileTuple(p));
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(true);

      await networkHelpers.time.increaseTo(since);
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(false);
      await expect(
        companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("After the mark"))),
      )
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(brand.address, since);
    });

    it("refuses an unregistered sender", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.connect(stranger).markCompromised(await now()))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("refuses a call wrapped in actFor", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL);
      const data = companies.interface.encodeFunctionData("markCompromised", [await now()]);
      await expect(companies.connect(operator).actFor(brand.address, data)).to.be.revertedWithCustomError(
        companies,
        "DirectCallRequired",
      );
      expect((await companies.statusOf(brand.address)).compromisedFrom).to.equal(0n);
    });
  });

  describe("isActing", function () {
    it("is false for an unregistered company, even for its own account", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      expect(await companies.isActing(stranger.address, stranger.address, 0)).to.equal(false);
    });

    it("is true for the company itself, whatever the permissions", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      expect(await companies.isActing(brand.address, brand.address, 0)).to.equal(true);
      expect(await companies.isActing(brand.address, brand.address, Permission.ALL)).to.equal(true);
      expect(await companies.isActing(brand.address, brand.address, ethers.MaxUint256)).to.equal(true);
    });

    it("is true for a compromised company's own account", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await companies.connect(brand).markCompromised(await now());
      expect(await companies.isActing(brand.address, brand.address, Permission.ALL)).to.equal(true);
    });

    it("is true for a live operator holding every requested bit", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE | Permission.EVENTS);
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(true);
      expect(await companies.isActing(brand.address, operator.address, Permission.EVENTS)).to.equal(true);
      expect(
        await companies.isActing(brand.address, operator.address, Permission.PROFILE | Permission.EVENTS),
      ).to.equal(true);
    });

    it("is true for a live operator asked for no permission", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.EVENTS);
      expect(await companies.isActing(brand.address, operator.address, 0)).to.equal(true);
    });

    it("is false for an operator missing one requested bit", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      expect(
        await companies.isActing(brand.address, operator.address, Permission.PROFILE | Permission.EVENTS),
      ).to.equal(false);
    });

    it("is false for an account that was never appointed, even for no permission", async function () {
      const { companies, brand, stranger } = await networkHelpers.loadFixture(deployConstellate);
      expect(await companies.isActing(brand.address, stranger.address, 0)).to.equal(false);
    });

    it("is false for an operator past its expiry", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = await appoint(companies, brand, operator, Permission.PROFILE);
      await networkHelpers.time.increaseTo(expiresAt);
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(false);
      expect(await companies.isActing(brand.address, operator.address, 0)).to.equal(false);
    });

    it("is false for a removed operator", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      await companies.connect(brand).removeOperator(operator.address);
      expect(await companies.isActing(brand.address, operator.address, 0)).to.equal(false);
    });

    it("is false for an operator of a compromised company", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      await companies.connect(brand).markCompromised(await now());
      expect(await companies.isActing(brand.address, operator.address, Permission.PROFILE)).to.equal(false);
    });
  });

  describe("requireActing", function () {
    it("refuses an unregistered company, even for its own account", async function () {
      const { companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.requireActing(stranger.address, stranger.address, 0))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("passes for the company itself, whatever the permissions", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.requireActing(brand.address, brand.address, ethers.MaxUint256)).to.not.be.revert(ethers);
    });

    it("passes for a compromised company's own account", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      await companies.connect(brand).markCompromised(await now());
      await expect(companies.requireActing(brand.address, brand.address, Permission.ALL)).to.not.be.revert(ethers);
    });

    it("passes for a live operator holding every requested bit", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE | Permission.EVENTS);
      await expect(
        companies.requireActing(brand.address, operator.address, Permission.PROFILE | Permission.EVENTS),
      ).to.not.be.revert(ethers);
    });

    it("refuses an operator missing a requested bit", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      const wanted = Permission.PROFILE | Permission.CLAIMS;
      await expect(companies.requireActing(brand.address, operator.address, wanted))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator.address, wanted);
    });

    it("refuses an account that was never appointed, even for no permission", async function () {
      const { companies, brand, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(companies.requireActing(brand.address, stranger.address, 0))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, stranger.address, 0);
    });

    it("refuses an operator past its expiry", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = await appoint(companies, brand, operator, Permission.PROFILE);
      await networkHelpers.time.increaseTo(expiresAt);
      await expect(companies.requireActing(brand.address, operator.address, Permission.PROFILE))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator.address, Permission.PROFILE);
    });

    it("refuses an operator of a compromised company", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      await expect(companies.requireActing(brand.address, operator.address, Permission.PROFILE))
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(brand.address, since);
    });

    it("refuses any account of a compromised company, appointed or not", async function () {
      const { companies, brand, stranger } = await networkHelpers.loadFixture(deployConstellate);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      await expect(companies.requireActing(brand.address, stranger.address, 0))
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(brand.address, since);
    });
  });

  describe("views", function () {
    it("reports registration of registered and unregistered accounts", async function () {
      const { companies, brand, stranger } = await networkHelpers.loadFixture(deployConstellate);
      expect(await companies.isRegistered(brand.address)).to.equal(true);
      expect(await companies.isRegistered(stranger.address)).to.equal(false);
      expect(await companies.isRegistered(ethers.ZeroAddress)).to.equal(false);
    });

    it("returns the fixture's profile of a registered company", async function () {
      const { companies, supplier } = await networkHelpers.loadFixture(deployConstellate);
      expect(profileTuple(await companies.profileOf(supplier.address))).to.deep.equal(
        profileTuple(profile("Supplier")),
      );
    });

    it("returns an empty status, profile and appointment for an unknown account", async function () {
      const { companies, brand, stranger } = await networkHelpers.loadFixture(deployConstellate);
      const status = await companies.statusOf(stranger.address);
      expect(status.registeredAt).to.equal(0n);
      expect(status.compromisedFrom).to.equal(0n);
      expect(profileTuple(await companies.profileOf(stranger.address))).to.deep.equal([
        "",
        "",
        "",
        ethers.ZeroHash,
        "",
      ]);
      const op = await companies.operatorOf(brand.address, stranger.address);
      expect(op.permissions).to.equal(0n);
      expect(op.expiresAt).to.equal(0n);
    });

    it("keeps an expired appointment as stored", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      const expiresAt = await appoint(companies, brand, operator, Permission.PROFILE);
      await networkHelpers.time.increaseTo(expiresAt + DAY);
      const op = await companies.operatorOf(brand.address, operator.address);
      expect(op.permissions).to.equal(Permission.PROFILE);
      expect(op.expiresAt).to.equal(expiresAt);
    });
  });

  describe("actFor", function () {
    it("emits ActedFor with the company and the operator", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      await expect(companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("Acted"))))
        .to.emit(companies, "ActedFor")
        .withArgs(brand.address, operator.address);
    });

    it("returns what the wrapped call returned", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      const data = companies.interface.encodeFunctionData("profileOf", [brand.address]);
      const result = await companies.connect(operator).actFor.staticCall(brand.address, data);
      const [stored] = companies.interface.decodeFunctionResult("profileOf", result);
      expect(profileTuple(stored)).to.deep.equal(profileTuple(profile("Brand")));
    });

    it("lets the company's own account wrap a call for itself", async function () {
      const { companies, brand } = await networkHelpers.loadFixture(deployConstellate);
      const p = profile("Brand self-wrapped");
      await expect(companies.connect(brand).actFor(brand.address, updateProfileCall(companies, p)))
        .to.emit(companies, "ActedFor")
        .withArgs(brand.address, brand.address)
        .and.to.emit(companies, "CompanyUpdated")
        .withArgs(brand.address, profileTuple(p));
    });

    it("refuses a nested actFor", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL);
      const inner = companies.interface.encodeFunctionData("actFor", [
        brand.address,
        updateProfileCall(companies, profile("Nested")),
      ]);
      await expect(companies.connect(operator).actFor(brand.address, inner)).to.be.revertedWithCustomError(
        companies,
        "NestedActFor",
      );
    });

    it("refuses the zero address as company", async function () {
      const { companies, operator } = await networkHelpers.loadFixture(deployConstellate);
      await expect(
        companies.connect(operator).actFor(ethers.ZeroAddress, updateProfileCall(companies, profile("Nobody"))),
      )
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(ethers.ZeroAddress);
    });

    it("bubbles up the revert reason of the wrapped call", async function () {
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.PROFILE);
      await expect(
        companies.connect(operator).actFor(brand.address, updateProfileCall(companies, profile("x".repeat(70)))),
      )
        .to.be.revertedWithCustomError(companies, "FieldTooLong")
        .withArgs("name", 70, 64);
    });

    it("reports FailedCall when the wrapped call reverts without data", async function () {
      // An unknown selector reverts empty; OpenZeppelin's Address.functionDelegateCall turns that into FailedCall().
      const { companies, brand, operator } = await networkHelpers.loadFixture(deployConstellate);
      await appoint(companies, brand, operator, Permission.ALL);
      await expect(companies.connect(operator).actFor(brand.address, "0xdeadbeef")).to.be.revertedWithCustomError(
        companies,
        "FailedCall",
      );
    });

    it("refuses an account that is not an operator of the company, even for a call that checks nothing", async function () {
      // IActsForCompanies: the wrapped call "succeeds only if the sender is a live operator of `company`"; otherwise
      // anyone could log ActedFor(company, themselves) by wrapping a call that checks no actor, such as a view.
      const { companies, brand, stranger } = await networkHelpers.loadFixture(deployConstellate);
      const data = companies.interface.encodeFunctionData("version");
      await expect(companies.connect(stranger).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, stranger.address, 0);
    });
  });
});
