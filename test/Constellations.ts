import { expect } from "chai";

import {
  appointAdmin,
  constellation,
  deployArchived,
  deployCompetitors,
  deployWithFourAdmins,
  deployWithOperators,
  deployWithThreeAdmins,
  deployWithThreeAdminsAndCandidate,
  deployWithTwoAdmins,
  deployWithTwoAdminsAndCandidate,
  eventNames,
  inAWeek,
  membership,
  minedAt,
  NO_MEMBERSHIP,
  text,
} from "./helpers/constellations.js";
import {
  DAY,
  deployConstellate,
  deployWithConstellation,
  ethers,
  Motion,
  networkHelpers,
  now,
  Permission,
  Role,
} from "./helpers/fixture.js";

const { ADMIN, PRODUCER, SUPPLIER, LOGISTICS, RETAILER, VERIFIER } = Role;
const ZERO = ethers.ZeroAddress;
const HASH = ethers.id("constellation metadata");
const UNKNOWN = 99n;
const NINETY_DAYS = 90 * DAY;

describe("Constellations", function () {
  describe("constants and counters", function () {
    it("reports its version", async function () {
      const { constellations } = await networkHelpers.loadFixture(deployConstellate);
      expect(await constellations.version()).to.equal("1.0.0");
    });

    it("exposes the role bits, the invitation period and the Companies contract", async function () {
      const { constellations, companies } = await networkHelpers.loadFixture(deployConstellate);
      expect(await constellations.ADMIN()).to.equal(BigInt(ADMIN));
      expect(await constellations.PRODUCER()).to.equal(BigInt(PRODUCER));
      expect(await constellations.SUPPLIER()).to.equal(BigInt(SUPPLIER));
      expect(await constellations.LOGISTICS()).to.equal(BigInt(LOGISTICS));
      expect(await constellations.RETAILER()).to.equal(BigInt(RETAILER));
      expect(await constellations.VERIFIER()).to.equal(BigInt(VERIFIER));
      expect(await constellations.MAX_INVITATION_PERIOD()).to.equal(BigInt(NINETY_DAYS));
      expect(await constellations.COMPANIES()).to.equal(await companies.getAddress());
    });

    it("counts no constellation before the first is created", async function () {
      const { constellations } = await networkHelpers.loadFixture(deployConstellate);
      expect(await constellations.constellationCount()).to.equal(0n);
    });

    it("reports an empty state for an unknown constellation", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployWithConstellation);
      expect(await constellation(constellations, UNKNOWN)).to.deep.equal({
        createdAt: 0,
        adminCount: 0,
        adminEpoch: 0,
        archived: false,
      });
      expect(await membership(constellations, UNKNOWN, brand.address)).to.deep.equal(NO_MEMBERSHIP);
      expect(await constellations.hasRoles(UNKNOWN, brand.address, 0)).to.equal(false);
    });
  });

  describe("create", function () {
    it("founds a constellation with the creator as its only admin", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployConstellate);
      const c = constellations.connect(brand);
      expect(await c.create.staticCall("Organic cotton", "Shirts", "ipfs://meta", HASH)).to.equal(1n);
      const tx = c.create("Organic cotton", "Shirts", "ipfs://meta", HASH);
      await expect(tx)
        .to.emit(constellations, "ConstellationCreated")
        .withArgs(1n, brand.address, "Organic cotton", "Shirts", "ipfs://meta", HASH)
        .and.to.emit(constellations, "MemberJoined")
        .withArgs(1n, brand.address, brand.address, ADMIN, 0);
      const at = await minedAt(tx);
      expect(await constellations.constellationCount()).to.equal(1n);
      expect(await constellation(constellations, 1n)).to.deep.equal({
        createdAt: at,
        adminCount: 1,
        adminEpoch: 0,
        archived: false,
      });
      expect(await membership(constellations, 1n, brand.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        roles: ADMIN,
        joinedAt: at,
      });
      expect(await constellations.hasRoles(1n, brand.address, ADMIN)).to.equal(true);
    });

    it("numbers constellations consecutively", async function () {
      const { constellations, supplier } = await networkHelpers.loadFixture(deployWithConstellation);
      const c = constellations.connect(supplier);
      expect(await c.create.staticCall("Second", "", "", ethers.ZeroHash)).to.equal(2n);
      await expect(c.create("Second", "", "", ethers.ZeroHash))
        .to.emit(constellations, "ConstellationCreated")
        .withArgs(2n, supplier.address, "Second", "", "", ethers.ZeroHash);
      expect(await constellations.constellationCount()).to.equal(2n);
      expect(await constellations.hasRoles(2n, supplier.address, ADMIN)).to.equal(true);
      expect(await constellations.hasRoles(1n, supplier.address, ADMIN)).to.equal(false);
    });

    it("accepts a name, purpose and metadata URI of the maximum lengths", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(constellations.connect(brand).create(text(64), text(280), text(512), HASH))
        .to.emit(constellations, "ConstellationCreated")
        .withArgs(1n, brand.address, text(64), text(280), text(512), HASH);
    });

    it("refuses an unregistered account founding a constellation", async function () {
      const { constellations, companies, stranger } = await networkHelpers.loadFixture(deployConstellate);
      await expect(constellations.connect(stranger).create("Mine", "", "", HASH))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
      expect(await constellations.constellationCount()).to.equal(0n);
    });

    it("refuses an empty name", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(constellations.connect(brand).create("", "purpose", "", HASH)).to.be.revertedWithCustomError(
        constellations,
        "EmptyName",
      );
    });

    it("refuses a name longer than 64 bytes", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(constellations.connect(brand).create(text(65), "", "", HASH))
        .to.be.revertedWithCustomError(constellations, "TextTooLong")
        .withArgs("name", 65, 64);
    });

    it("refuses a purpose longer than 280 bytes", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(constellations.connect(brand).create("Name", text(281), "", HASH))
        .to.be.revertedWithCustomError(constellations, "TextTooLong")
        .withArgs("purpose", 281, 280);
    });

    it("refuses a metadata URI longer than 512 bytes", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployConstellate);
      await expect(constellations.connect(brand).create("Name", "", text(513), HASH))
        .to.be.revertedWithCustomError(constellations, "TextTooLong")
        .withArgs("metadataURI", 513, 512);
    });
  });

  describe("update", function () {
    it("lets an admin replace the description", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).update(id, "Renamed", "New purpose", "ipfs://new", HASH))
        .to.emit(constellations, "ConstellationUpdated")
        .withArgs(id, brand.address, "Renamed", "New purpose", "ipfs://new", HASH);
    });

    it("refuses a member without ADMIN, naming the roles it holds", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).update(id, "Hijacked", "", "", HASH))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses a non-member", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).update(id, "Hijacked", "", "", HASH))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, retailer.address, ADMIN, 0);
    });

    it("refuses an unknown constellation", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).update(UNKNOWN, "Name", "", "", HASH))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });

    it("refuses an empty name", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).update(id, "", "", "", HASH)).to.be.revertedWithCustomError(
        constellations,
        "EmptyName",
      );
    });

    it("refuses a description that is too long", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).update(id, "Name", text(281), "", HASH))
        .to.be.revertedWithCustomError(constellations, "TextTooLong")
        .withArgs("purpose", 281, 280);
    });
  });

  describe("invite", function () {
    it("records an invitation without making the company a member", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const expiresAt = await inAWeek();
      await expect(constellations.connect(brand).invite(id, retailer.address, RETAILER | VERIFIER, expiresAt))
        .to.emit(constellations, "Invited")
        .withArgs(id, retailer.address, brand.address, RETAILER | VERIFIER, expiresAt);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        invitedRoles: RETAILER | VERIFIER,
        invitationExpiresAt: expiresAt,
      });
      expect(await constellations.hasRoles(id, retailer.address, 0)).to.equal(false);
    });

    it("replaces an earlier invitation of the same company", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const c = constellations.connect(brand);
      await c.invite(id, retailer.address, RETAILER, await inAWeek());
      const later = (await now()) + 30 * DAY;
      await expect(c.invite(id, retailer.address, LOGISTICS, later))
        .to.emit(constellations, "Invited")
        .withArgs(id, retailer.address, brand.address, LOGISTICS, later);
      const m = await membership(constellations, id, retailer.address);
      expect([m.invitedRoles, m.invitationExpiresAt]).to.deep.equal([LOGISTICS, later]);
    });

    it("accepts an expiry exactly 90 days ahead", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const at = (await now()) + 100;
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(constellations.connect(brand).invite(id, retailer.address, RETAILER, at + NINETY_DAYS))
        .to.emit(constellations, "Invited")
        .withArgs(id, retailer.address, brand.address, RETAILER, at + NINETY_DAYS);
    });

    it("refuses an invitation expiring more than 90 days ahead", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const at = (await now()) + 100;
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(constellations.connect(brand).invite(id, retailer.address, RETAILER, at + NINETY_DAYS + 1))
        .to.be.revertedWithCustomError(constellations, "InvalidInvitationExpiry")
        .withArgs(at + NINETY_DAYS + 1, at + NINETY_DAYS);
    });

    it("refuses an invitation that is not open in the future", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const at = (await now()) + 100;
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(constellations.connect(brand).invite(id, retailer.address, RETAILER, at))
        .to.be.revertedWithCustomError(constellations, "InvalidInvitationExpiry")
        .withArgs(at, at + NINETY_DAYS);
    });

    it("refuses roles with an unknown bit", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).invite(id, retailer.address, 64 | RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "InvalidRoles")
        .withArgs(64 | RETAILER);
    });

    it("refuses ADMIN in an invitation", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).invite(id, retailer.address, ADMIN | RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, retailer.address);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal(NO_MEMBERSHIP);
    });

    it("refuses inviting an existing member", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).invite(id, supplier.address, RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "AlreadyAMember")
        .withArgs(id, supplier.address);
    });

    it("refuses inviting the zero address", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).invite(id, ZERO, RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "AlreadyAMember")
        .withArgs(id, ZERO);
    });

    it("refuses a member without ADMIN inviting", async function () {
      const { constellations, supplier, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).invite(id, retailer.address, RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses a non-member inviting", async function () {
      const { constellations, stranger, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(stranger).invite(id, retailer.address, RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, stranger.address, ADMIN, 0);
    });

    it("refuses inviting into an unknown constellation", async function () {
      const { constellations, brand, retailer } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).invite(UNKNOWN, retailer.address, RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });

    it("keeps an open request to join beside a new invitation", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const requestedAt = await minedAt(constellations.connect(retailer).requestToJoin(id, RETAILER));
      const expiresAt = await inAWeek();
      await constellations.connect(brand).invite(id, retailer.address, LOGISTICS, expiresAt);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        invitedRoles: LOGISTICS,
        invitationExpiresAt: expiresAt,
        requestedRoles: RETAILER,
        requestedAt,
      });
    });
  });

  describe("withdrawInvitation", function () {
    it("lets an admin withdraw an open invitation", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, await inAWeek());
      await expect(constellations.connect(brand).withdrawInvitation(id, retailer.address))
        .to.emit(constellations, "InvitationWithdrawn")
        .withArgs(id, retailer.address, brand.address);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal(NO_MEMBERSHIP);
    });

    it("refuses accepting a withdrawn invitation", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, await inAWeek());
      await constellations.connect(brand).withdrawInvitation(id, retailer.address);
      await expect(constellations.connect(retailer).acceptInvitation(id))
        .to.be.revertedWithCustomError(constellations, "NoInvitation")
        .withArgs(id, retailer.address);
    });

    it("refuses withdrawing when there is no invitation", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).withdrawInvitation(id, retailer.address))
        .to.be.revertedWithCustomError(constellations, "NoInvitation")
        .withArgs(id, retailer.address);
    });

    it("refuses a member without ADMIN withdrawing an invitation", async function () {
      const { constellations, brand, supplier, retailer, id } =
        await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, await inAWeek());
      await expect(constellations.connect(supplier).withdrawInvitation(id, retailer.address))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses withdrawing from an unknown constellation", async function () {
      const { constellations, brand, retailer } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).withdrawInvitation(UNKNOWN, retailer.address))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("declineInvitation", function () {
    it("lets the invited company decline", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, await inAWeek());
      await expect(constellations.connect(retailer).declineInvitation(id))
        .to.emit(constellations, "InvitationDeclined")
        .withArgs(id, retailer.address);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal(NO_MEMBERSHIP);
    });

    it("refuses accepting a declined invitation", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, await inAWeek());
      await constellations.connect(retailer).declineInvitation(id);
      await expect(constellations.connect(retailer).acceptInvitation(id))
        .to.be.revertedWithCustomError(constellations, "NoInvitation")
        .withArgs(id, retailer.address);
    });

    it("refuses declining when there is no invitation", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).declineInvitation(id))
        .to.be.revertedWithCustomError(constellations, "NoInvitation")
        .withArgs(id, retailer.address);
    });

    it("lets an operator with MEMBERSHIP decline for its company", async function () {
      const { constellations, brand, retailer, operator, id } = await networkHelpers.loadFixture(deployWithOperators);
      // The brand is invited into a constellation founded by the retailer.
      await constellations.connect(retailer).create("Retail", "", "", HASH);
      await constellations.connect(retailer).invite(id + 1n, brand.address, PRODUCER, await inAWeek());
      const data = constellations.interface.encodeFunctionData("declineInvitation", [id + 1n]);
      await expect(constellations.connect(operator).actFor(brand.address, data))
        .to.emit(constellations, "ActedFor")
        .withArgs(brand.address, operator.address)
        .and.to.emit(constellations, "InvitationDeclined")
        .withArgs(id + 1n, brand.address);
      expect(await membership(constellations, id + 1n, brand.address)).to.deep.equal(NO_MEMBERSHIP);
    });
  });

  describe("acceptInvitation", function () {
    it("joins with the invited roles, VERIFIER included", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const roles = RETAILER | VERIFIER;
      await constellations.connect(brand).invite(id, retailer.address, roles, await inAWeek());
      const tx = constellations.connect(retailer).acceptInvitation(id);
      await expect(tx)
        .to.emit(constellations, "MemberJoined")
        .withArgs(id, retailer.address, ZERO, roles, 0)
        .and.not.to.emit(constellations, "RolesChanged");
      const at = await minedAt(tx);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        roles,
        joinedAt: at,
      });
      expect(await constellations.hasRoles(id, retailer.address, roles)).to.equal(true);
      const state = await constellation(constellations, id);
      expect([state.adminCount, state.adminEpoch]).to.deep.equal([1, 0]);
    });

    it("joins through an invitation and closes an open request to join", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER | VERIFIER);
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, await inAWeek());
      const at = await minedAt(constellations.connect(retailer).acceptInvitation(id));
      expect(await membership(constellations, id, retailer.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        roles: RETAILER,
        joinedAt: at,
      });
    });

    it("accepts an invitation in its last second", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const expiresAt = await inAWeek();
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, expiresAt);
      await networkHelpers.time.setNextBlockTimestamp(expiresAt - 1);
      await expect(constellations.connect(retailer).acceptInvitation(id))
        .to.emit(constellations, "MemberJoined")
        .withArgs(id, retailer.address, ZERO, RETAILER, 0);
    });

    it("refuses an expired invitation", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const expiresAt = await inAWeek();
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, expiresAt);
      await networkHelpers.time.increaseTo(expiresAt);
      await expect(constellations.connect(retailer).acceptInvitation(id))
        .to.be.revertedWithCustomError(constellations, "InvitationExpired")
        .withArgs(id, retailer.address, expiresAt);
      expect(await constellations.hasRoles(id, retailer.address, 0)).to.equal(false);
    });

    it("refuses accepting without an invitation", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).acceptInvitation(id))
        .to.be.revertedWithCustomError(constellations, "NoInvitation")
        .withArgs(id, retailer.address);
    });

    it("refuses an unregistered account accepting an invitation", async function () {
      const { constellations, companies, brand, stranger, id } =
        await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).invite(id, stranger.address, RETAILER, await inAWeek());
      await expect(constellations.connect(stranger).acceptInvitation(id))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("refuses accepting into an unknown constellation", async function () {
      const { constellations, retailer } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).acceptInvitation(UNKNOWN))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("requestToJoin", function () {
    it("records a request to join without making the company a member", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const tx = constellations.connect(retailer).requestToJoin(id, RETAILER | VERIFIER);
      await expect(tx)
        .to.emit(constellations, "JoinRequested")
        .withArgs(id, retailer.address, RETAILER | VERIFIER);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        requestedRoles: RETAILER | VERIFIER,
        requestedAt: await minedAt(tx),
      });
      expect(await constellations.hasRoles(id, retailer.address, 0)).to.equal(false);
    });

    it("refuses a request while one is open", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await expect(constellations.connect(retailer).requestToJoin(id, LOGISTICS))
        .to.be.revertedWithCustomError(constellations, "JoinRequestExists")
        .withArgs(id, retailer.address);
    });

    it("refuses a request from a member", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).requestToJoin(id, RETAILER))
        .to.be.revertedWithCustomError(constellations, "AlreadyAMember")
        .withArgs(id, supplier.address);
    });

    it("refuses ADMIN in a request to join", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).requestToJoin(id, ADMIN | RETAILER))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, retailer.address);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal(NO_MEMBERSHIP);
    });

    it("refuses requested roles with an unknown bit", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).requestToJoin(id, 128))
        .to.be.revertedWithCustomError(constellations, "InvalidRoles")
        .withArgs(128);
    });

    it("refuses an unregistered account requesting to join", async function () {
      const { constellations, companies, stranger, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(stranger).requestToJoin(id, RETAILER))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("refuses a request to join an unknown constellation", async function () {
      const { constellations, retailer } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).requestToJoin(UNKNOWN, RETAILER))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("cancelJoinRequest", function () {
    it("lets the company cancel its request and ask again later", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await expect(constellations.connect(retailer).cancelJoinRequest(id))
        .to.emit(constellations, "JoinRequestCancelled")
        .withArgs(id, retailer.address);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal(NO_MEMBERSHIP);
      await expect(constellations.connect(retailer).requestToJoin(id, LOGISTICS))
        .to.emit(constellations, "JoinRequested")
        .withArgs(id, retailer.address, LOGISTICS);
    });

    it("refuses cancelling when there is no request", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).cancelJoinRequest(id))
        .to.be.revertedWithCustomError(constellations, "NoJoinRequest")
        .withArgs(id, retailer.address);
    });

    it("refuses approving a cancelled request", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await constellations.connect(retailer).cancelJoinRequest(id);
      await expect(constellations.connect(brand).approveJoinRequest(id, retailer.address, RETAILER))
        .to.be.revertedWithCustomError(constellations, "NoJoinRequest")
        .withArgs(id, retailer.address);
    });
  });

  describe("approveJoinRequest", function () {
    it("admits the company with the approved roles and closes its request", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      const tx = constellations.connect(brand).approveJoinRequest(id, retailer.address, RETAILER | LOGISTICS);
      await expect(tx)
        .to.emit(constellations, "MemberJoined")
        .withArgs(id, retailer.address, brand.address, RETAILER | LOGISTICS, 0);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        roles: RETAILER | LOGISTICS,
        joinedAt: await minedAt(tx),
      });
    });

    it("leaves VERIFIER pending when the request did not ask for it", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await expect(constellations.connect(brand).approveJoinRequest(id, retailer.address, RETAILER | VERIFIER))
        .to.emit(constellations, "MemberJoined")
        .withArgs(id, retailer.address, brand.address, RETAILER, VERIFIER);
      const m = await membership(constellations, id, retailer.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([RETAILER, VERIFIER]);
      expect(await constellations.hasRoles(id, retailer.address, VERIFIER)).to.equal(false);
    });

    it("gives VERIFIER at once when the request asked for it", async function () {
      const { constellations, brand, verifier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(verifier).requestToJoin(id, VERIFIER);
      await expect(constellations.connect(brand).approveJoinRequest(id, verifier.address, VERIFIER))
        .to.emit(constellations, "MemberJoined")
        .withArgs(id, verifier.address, brand.address, VERIFIER, 0);
      expect(await constellations.hasRoles(id, verifier.address, VERIFIER)).to.equal(true);
      expect((await membership(constellations, id, verifier.address)).pendingRoles).to.equal(0);
    });

    it("refuses ADMIN in an approval", async function () {
      const { constellations, brand, verifier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const requestedAt = await minedAt(constellations.connect(verifier).requestToJoin(id, VERIFIER));
      await expect(constellations.connect(brand).approveJoinRequest(id, verifier.address, ADMIN | VERIFIER))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, verifier.address);
      expect(await membership(constellations, id, verifier.address)).to.deep.equal({
        ...NO_MEMBERSHIP,
        requestedRoles: VERIFIER,
        requestedAt,
      });
      const state = await constellation(constellations, id);
      expect([state.adminCount, state.adminEpoch]).to.deep.equal([1, 0]);
    });

    it("refuses approving when there is no request", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).approveJoinRequest(id, retailer.address, RETAILER))
        .to.be.revertedWithCustomError(constellations, "NoJoinRequest")
        .withArgs(id, retailer.address);
    });

    it("refuses approving roles with an unknown bit", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await expect(constellations.connect(brand).approveJoinRequest(id, retailer.address, 64))
        .to.be.revertedWithCustomError(constellations, "InvalidRoles")
        .withArgs(64);
    });

    it("refuses a member without ADMIN approving", async function () {
      const { constellations, supplier, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await expect(constellations.connect(supplier).approveJoinRequest(id, retailer.address, RETAILER))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses approving in an unknown constellation", async function () {
      const { constellations, brand, retailer } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).approveJoinRequest(UNKNOWN, retailer.address, RETAILER))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("rejectJoinRequest", function () {
    it("lets an admin reject a request", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await expect(constellations.connect(brand).rejectJoinRequest(id, retailer.address))
        .to.emit(constellations, "JoinRequestRejected")
        .withArgs(id, retailer.address, brand.address);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal(NO_MEMBERSHIP);
    });

    it("refuses rejecting when there is no request", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).rejectJoinRequest(id, retailer.address))
        .to.be.revertedWithCustomError(constellations, "NoJoinRequest")
        .withArgs(id, retailer.address);
    });

    it("refuses a member without ADMIN rejecting", async function () {
      const { constellations, supplier, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(retailer).requestToJoin(id, RETAILER);
      await expect(constellations.connect(supplier).rejectJoinRequest(id, retailer.address))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses rejecting in an unknown constellation", async function () {
      const { constellations, brand, retailer } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).rejectJoinRequest(UNKNOWN, retailer.address))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("grantRoles", function () {
    it("gives roles that need no consent at once", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, LOGISTICS | PRODUCER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, SUPPLIER | LOGISTICS | PRODUCER, brand.address)
        .and.not.to.emit(constellations, "PendingRolesChanged");
      expect(await constellations.hasRoles(id, supplier.address, SUPPLIER | LOGISTICS | PRODUCER)).to.equal(true);
    });

    it("leaves VERIFIER pending until the member accepts it", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, VERIFIER, brand.address)
        .and.not.to.emit(constellations, "RolesChanged");
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER, VERIFIER]);
      expect(await constellations.hasRoles(id, supplier.address, VERIFIER)).to.equal(false);
    });

    it("refuses ADMIN in a grant", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, ADMIN | VERIFIER))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, supplier.address);
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER, 0]);
      const state = await constellation(constellations, id);
      expect([state.adminCount, state.adminEpoch]).to.deep.equal([1, 0]);
    });

    it("refuses one admin of several granting ADMIN", async function () {
      const { constellations, supplier, retailer, id } = await networkHelpers.loadFixture(
        deployWithTwoAdminsAndCandidate,
      );
      await expect(constellations.connect(supplier).grantRoles(id, retailer.address, ADMIN))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, retailer.address);
      expect((await membership(constellations, id, retailer.address)).pendingRoles).to.equal(0);
    });

    it("emits both changes when roles with and without consent are granted together", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, RETAILER | VERIFIER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, SUPPLIER | RETAILER, brand.address)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, VERIFIER, brand.address);
    });

    it("refuses granting roles the member already holds", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, SUPPLIER))
        .to.be.revertedWithCustomError(constellations, "RolesUnchanged")
        .withArgs(id, supplier.address, SUPPLIER);
    });

    it("refuses granting a role that is already pending", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      // The error names the roles asked for (VERIFIER), not the member's resulting roles.
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER))
        .to.be.revertedWithCustomError(constellations, "RolesUnchanged")
        .withArgs(id, supplier.address, VERIFIER);
    });

    it("refuses granting no roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, 0))
        .to.be.revertedWithCustomError(constellations, "InvalidRoles")
        .withArgs(0);
    });

    it("refuses granting a role bit above VERIFIER", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, 64))
        .to.be.revertedWithCustomError(constellations, "InvalidRoles")
        .withArgs(64);
    });

    it("refuses granting roles to a non-member", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(id, retailer.address, RETAILER))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, retailer.address);
    });

    it("refuses a member without ADMIN granting roles", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).grantRoles(id, supplier.address, PRODUCER))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses granting roles in an unknown constellation", async function () {
      const { constellations, brand, supplier } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).grantRoles(UNKNOWN, supplier.address, PRODUCER))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("revokeRoles", function () {
    it("revokes roles in effect", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, SUPPLIER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, 0, brand.address)
        .and.not.to.emit(constellations, "PendingRolesChanged");
      const m = await membership(constellations, id, supplier.address);
      expect(m.roles).to.equal(0);
      expect(await constellations.hasRoles(id, supplier.address, 0)).to.equal(true);
      expect(await constellations.hasRoles(id, supplier.address, SUPPLIER)).to.equal(false);
    });

    it("revokes pending roles, leaving an ADMIN offer made by a motion pending", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, VERIFIER))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, ADMIN, brand.address)
        .and.not.to.emit(constellations, "RolesChanged");
      expect((await membership(constellations, id, supplier.address)).pendingRoles).to.equal(ADMIN);
    });

    it("lets an admin give up its own ADMIN while another admin remains", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      const before = await constellation(constellations, id);
      await expect(constellations.connect(supplier).revokeRoles(id, supplier.address, ADMIN))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, SUPPLIER, supplier.address);
      const after = await constellation(constellations, id);
      expect([after.adminCount, after.adminEpoch]).to.deep.equal([1, before.adminEpoch + 1]);
    });

    it("refuses the last admin demoting itself", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).revokeRoles(id, brand.address, ADMIN))
        .to.be.revertedWithCustomError(constellations, "LastAdmin")
        .withArgs(id);
    });

    it("refuses a single admin demoting another admin", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, ADMIN))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, supplier.address);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(true);
    });

    it("refuses a single admin withdrawing another member's ADMIN offer with other roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, ADMIN | SUPPLIER))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, supplier.address);
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER, ADMIN]);
    });

    it("lets a single admin revoke another admin's other roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, SUPPLIER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, ADMIN, brand.address);
    });

    it("refuses revoking roles the member neither holds nor awaits", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      // The error names the roles asked for (RETAILER), not the member's unchanged roles (SUPPLIER).
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, RETAILER))
        .to.be.revertedWithCustomError(constellations, "RolesUnchanged")
        .withArgs(id, supplier.address, RETAILER);
    });

    it("refuses revoking no roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, 0))
        .to.be.revertedWithCustomError(constellations, "InvalidRoles")
        .withArgs(0);
    });

    it("refuses revoking a role bit above VERIFIER", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, 255))
        .to.be.revertedWithCustomError(constellations, "InvalidRoles")
        .withArgs(255);
    });

    it("refuses revoking roles of a non-member", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).revokeRoles(id, retailer.address, RETAILER))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, retailer.address);
    });

    it("refuses a member without ADMIN revoking roles", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).revokeRoles(id, supplier.address, SUPPLIER))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses revoking roles in an unknown constellation", async function () {
      const { constellations, brand, supplier } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).revokeRoles(UNKNOWN, supplier.address, SUPPLIER))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("acceptRoles", function () {
    it("puts accepted pending roles into effect", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      await expect(constellations.connect(supplier).acceptRoles(id, VERIFIER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, SUPPLIER | VERIFIER, supplier.address)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, 0, supplier.address);
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER | VERIFIER, 0]);
    });

    it("makes a member that accepts ADMIN an admin", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await expect(constellations.connect(supplier).acceptRoles(id, ADMIN))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, SUPPLIER | ADMIN, supplier.address);
      // The carried motion moved the epoch on once, the new admin once more.
      const state = await constellation(constellations, id);
      expect([state.adminCount, state.adminEpoch]).to.deep.equal([2, 2]);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(true);
    });

    it("accepts part of the pending roles and leaves the rest pending", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      await expect(constellations.connect(supplier).acceptRoles(id, VERIFIER))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, ADMIN, supplier.address);
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER | VERIFIER, ADMIN]);
      expect((await constellation(constellations, id)).adminCount).to.equal(1);
    });

    it("refuses accepting roles that are not pending", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      await expect(constellations.connect(supplier).acceptRoles(id, ADMIN | VERIFIER))
        .to.be.revertedWithCustomError(constellations, "RolesNotPending")
        .withArgs(id, supplier.address, ADMIN | VERIFIER);
    });

    it("refuses accepting no roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      await expect(constellations.connect(supplier).acceptRoles(id, 0))
        .to.be.revertedWithCustomError(constellations, "RolesNotPending")
        .withArgs(id, supplier.address, 0);
    });

    it("refuses a non-member accepting roles", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).acceptRoles(id, VERIFIER))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, retailer.address);
    });

    it("refuses accepting roles in an unknown constellation", async function () {
      const { constellations, supplier } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).acceptRoles(UNKNOWN, VERIFIER))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("declineRoles", function () {
    it("drops declined pending roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      await expect(constellations.connect(supplier).declineRoles(id, ADMIN))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, VERIFIER, supplier.address)
        .and.not.to.emit(constellations, "RolesChanged");
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER, VERIFIER]);
    });

    it("refuses declining roles that are not pending", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).declineRoles(id, SUPPLIER))
        .to.be.revertedWithCustomError(constellations, "RolesNotPending")
        .withArgs(id, supplier.address, SUPPLIER);
    });

    it("refuses declining no roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER);
      await expect(constellations.connect(supplier).declineRoles(id, 0))
        .to.be.revertedWithCustomError(constellations, "RolesNotPending")
        .withArgs(id, supplier.address, 0);
    });

    it("refuses a non-member declining roles", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).declineRoles(id, VERIFIER))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, retailer.address);
    });
  });

  describe("removeMember", function () {
    it("lets an admin remove a member that is not an admin", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).removeMember(id, supplier.address))
        .to.emit(constellations, "MemberRemoved")
        .withArgs(id, supplier.address, brand.address);
      expect(await membership(constellations, id, supplier.address)).to.deep.equal(NO_MEMBERSHIP);
      expect(await constellations.hasRoles(id, supplier.address, 0)).to.equal(false);
    });

    it("refuses removing a member offered ADMIN by a motion: only a motion undoes it", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await expect(constellations.connect(brand).removeMember(id, supplier.address))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, supplier.address);
      expect((await membership(constellations, id, supplier.address)).pendingRoles).to.equal(ADMIN);
    });

    it("refuses a single admin removing another admin", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await expect(constellations.connect(brand).removeMember(id, supplier.address))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, supplier.address);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(true);
    });

    it("refuses removing a non-member", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).removeMember(id, retailer.address))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, retailer.address);
    });

    it("refuses a member without ADMIN removing another member", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).removeMember(id, brand.address))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses removing from an unknown constellation", async function () {
      const { constellations, brand, supplier } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).removeMember(UNKNOWN, supplier.address))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("leaveConstellation", function () {
    it("lets a member leave", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).leaveConstellation(id))
        .to.emit(constellations, "MemberLeft")
        .withArgs(id, supplier.address);
      expect(await membership(constellations, id, supplier.address)).to.deep.equal(NO_MEMBERSHIP);
      expect(await constellations.hasRoles(id, supplier.address, 0)).to.equal(false);
    });

    it("lets an admin leave while another admin remains", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      const before = await constellation(constellations, id);
      await expect(constellations.connect(brand).leaveConstellation(id))
        .to.emit(constellations, "MemberLeft")
        .withArgs(id, brand.address);
      const after = await constellation(constellations, id);
      expect([after.adminCount, after.adminEpoch]).to.deep.equal([1, before.adminEpoch + 1]);
    });

    it("refuses the last admin leaving", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).leaveConstellation(id))
        .to.be.revertedWithCustomError(constellations, "LastAdmin")
        .withArgs(id);
      expect(await constellations.hasRoles(id, brand.address, ADMIN)).to.equal(true);
    });

    it("refuses a non-member leaving", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(retailer).leaveConstellation(id))
        .to.be.revertedWithCustomError(constellations, "NotAMember")
        .withArgs(id, retailer.address);
    });

    it("refuses leaving an unknown constellation", async function () {
      const { constellations, supplier } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).leaveConstellation(UNKNOWN))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });
  });

  describe("voteMotion", function () {
    it("lets a single admin archive at once", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const c = constellations.connect(brand);
      expect(await c.voteMotion.staticCall(id, Motion.Archive, ZERO)).to.equal(true);
      const tx = c.voteMotion(id, Motion.Archive, ZERO);
      await expect(tx)
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.Archive, ZERO, brand.address, 1, 1)
        .and.to.emit(constellations, "ConstellationArchived")
        .withArgs(id);
      expect(await eventNames(constellations, tx)).to.deep.equal(["MotionVoted", "ConstellationArchived"]);
      expect((await constellation(constellations, id)).archived).to.equal(true);
    });

    it("does not carry a motion on one vote of two admins", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      const c = constellations.connect(brand);
      expect(await c.voteMotion.staticCall(id, Motion.DemoteAdmin, supplier.address)).to.equal(false);
      await expect(c.voteMotion(id, Motion.DemoteAdmin, supplier.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.DemoteAdmin, supplier.address, brand.address, 1, 2)
        .and.not.to.emit(constellations, "RolesChanged");
      expect(await constellations.motionVotes(id, Motion.DemoteAdmin, supplier.address)).to.deep.equal([1n, 2n]);
      expect(await constellations.hasVoted(id, Motion.DemoteAdmin, supplier.address, brand.address)).to.equal(true);
      expect(await constellations.hasVoted(id, Motion.DemoteAdmin, supplier.address, supplier.address)).to.equal(false);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(true);
    });

    it("demotes an admin on the deciding vote of two admins", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await constellations.connect(brand).voteMotion(id, Motion.DemoteAdmin, supplier.address);
      const before = await constellation(constellations, id);
      const c = constellations.connect(supplier);
      expect(await c.voteMotion.staticCall(id, Motion.DemoteAdmin, supplier.address)).to.equal(true);
      const tx = c.voteMotion(id, Motion.DemoteAdmin, supplier.address);
      await expect(tx)
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.DemoteAdmin, supplier.address, supplier.address, 2, 2)
        .and.to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, SUPPLIER, supplier.address)
        .and.not.to.emit(constellations, "PendingRolesChanged");
      expect(await eventNames(constellations, tx)).to.deep.equal(["MotionVoted", "RolesChanged"]);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(false);
      expect(await constellations.hasRoles(id, supplier.address, SUPPLIER)).to.equal(true);
      const after = await constellation(constellations, id);
      expect([after.adminCount, after.adminEpoch]).to.deep.equal([1, before.adminEpoch + 1]);
    });

    it("removes an admin on the second vote of three admins", async function () {
      const { constellations, brand, supplier, retailer, id } = await networkHelpers.loadFixture(deployWithThreeAdmins);
      await expect(constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.RemoveAdmin, retailer.address, brand.address, 1, 2)
        .and.not.to.emit(constellations, "MemberRemoved");
      expect(await constellations.hasRoles(id, retailer.address, ADMIN)).to.equal(true);
      const tx = constellations.connect(supplier).voteMotion(id, Motion.RemoveAdmin, retailer.address);
      await expect(tx)
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.RemoveAdmin, retailer.address, supplier.address, 2, 2)
        .and.to.emit(constellations, "MemberRemoved")
        .withArgs(id, retailer.address, supplier.address);
      expect(await eventNames(constellations, tx)).to.deep.equal(["MotionVoted", "MemberRemoved"]);
      expect(await membership(constellations, id, retailer.address)).to.deep.equal(NO_MEMBERSHIP);
      expect((await constellation(constellations, id)).adminCount).to.equal(2);
    });

    it("archives on the third vote of four admins and not before", async function () {
      const { constellations, brand, supplier, retailer, id } = await networkHelpers.loadFixture(deployWithFourAdmins);
      expect((await constellation(constellations, id)).adminCount).to.equal(4);
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.Archive, ZERO))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.Archive, ZERO, supplier.address, 2, 3)
        .and.not.to.emit(constellations, "ConstellationArchived");
      expect(await constellations.motionVotes(id, Motion.Archive, ZERO)).to.deep.equal([2n, 3n]);
      expect((await constellation(constellations, id)).archived).to.equal(false);
      const tx = constellations.connect(retailer).voteMotion(id, Motion.Archive, ZERO);
      await expect(tx)
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.Archive, ZERO, retailer.address, 3, 3)
        .and.to.emit(constellations, "ConstellationArchived")
        .withArgs(id);
      expect(await eventNames(constellations, tx)).to.deep.equal(["MotionVoted", "ConstellationArchived"]);
      expect((await constellation(constellations, id)).archived).to.equal(true);
    });

    it("refuses a second vote by the same admin", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, supplier.address);
      await expect(constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, supplier.address))
        .to.be.revertedWithCustomError(constellations, "AlreadyVoted")
        .withArgs(id, Motion.RemoveAdmin, supplier.address, brand.address);
    });

    it("counts votes for different motions on the same admin apart", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, supplier.address);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.DemoteAdmin, supplier.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.DemoteAdmin, supplier.address, supplier.address, 1, 2);
      expect(await constellations.motionVotes(id, Motion.RemoveAdmin, supplier.address)).to.deep.equal([1n, 2n]);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(true);
    });

    it("refuses an archive motion that names a target", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).voteMotion(id, Motion.Archive, supplier.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.Archive, supplier.address);
    });

    it("refuses a motion to demote a member that is not an admin", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).voteMotion(id, Motion.DemoteAdmin, supplier.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.DemoteAdmin, supplier.address);
    });

    it("removes a member offered ADMIN by a RemoveAdmin motion, leaving the admin count alone", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      const epoch = (await constellation(constellations, id)).adminEpoch;
      await expect(constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, supplier.address))
        .to.emit(constellations, "MemberRemoved")
        .withArgs(id, supplier.address, brand.address);
      const after = await constellation(constellations, id);
      expect(after.adminCount).to.equal(1);
      expect(after.adminEpoch).to.equal(epoch + 1);
      expect(await membership(constellations, id, supplier.address)).to.deep.equal(NO_MEMBERSHIP);
    });

    it("withdraws an ADMIN offer that was not accepted yet by a DemoteAdmin motion", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await expect(constellations.connect(brand).voteMotion(id, Motion.DemoteAdmin, supplier.address))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, 0, brand.address)
        .and.not.to.emit(constellations, "RolesChanged");
      expect((await constellation(constellations, id)).adminCount).to.equal(1);
      await expect(constellations.connect(supplier).acceptRoles(id, ADMIN))
        .to.be.revertedWithCustomError(constellations, "RolesNotPending")
        .withArgs(id, supplier.address, ADMIN);
      expect(await constellations.hasRoles(id, supplier.address, SUPPLIER)).to.equal(true);
    });

    it("refuses a motion to remove a non-member", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, retailer.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.RemoveAdmin, retailer.address);
    });

    it("refuses the last admin demoting itself by motion", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).voteMotion(id, Motion.DemoteAdmin, brand.address))
        .to.be.revertedWithCustomError(constellations, "LastAdmin")
        .withArgs(id);
    });

    it("refuses the last admin removing itself by motion", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, brand.address))
        .to.be.revertedWithCustomError(constellations, "LastAdmin")
        .withArgs(id);
    });

    it("drops earlier votes when an admin joins", async function () {
      const { constellations, brand, supplier, retailer, verifier, id } = await networkHelpers.loadFixture(
        deployWithThreeAdminsAndCandidate,
      );
      // The verifier is offered ADMIN first; the vote to remove the retailer comes after the offer.
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, verifier.address);
      await constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, verifier.address);
      await constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, retailer.address);
      expect(await constellations.motionVotes(id, Motion.RemoveAdmin, retailer.address)).to.deep.equal([1n, 2n]);
      const epoch = (await constellation(constellations, id)).adminEpoch;
      await constellations.connect(verifier).acceptRoles(id, ADMIN);
      expect((await constellation(constellations, id)).adminEpoch).to.equal(epoch + 1);
      expect(await constellations.motionVotes(id, Motion.RemoveAdmin, retailer.address)).to.deep.equal([0n, 3n]);
      expect(await constellations.hasVoted(id, Motion.RemoveAdmin, retailer.address, brand.address)).to.equal(false);
      // The vote that would have carried under the old epoch is only the first of three now.
      await expect(constellations.connect(supplier).voteMotion(id, Motion.RemoveAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.RemoveAdmin, retailer.address, supplier.address, 1, 3)
        .and.not.to.emit(constellations, "MemberRemoved");
      // And the brand may vote again in the new epoch.
      await expect(constellations.connect(brand).voteMotion(id, Motion.RemoveAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.RemoveAdmin, retailer.address, brand.address, 2, 3);
      expect(await constellations.hasRoles(id, retailer.address, ADMIN)).to.equal(true);
    });

    it("drops earlier votes when an admin leaves", async function () {
      const { constellations, brand, supplier, retailer, id } = await networkHelpers.loadFixture(deployWithThreeAdmins);
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      await constellations.connect(retailer).leaveConstellation(id);
      expect(await constellations.motionVotes(id, Motion.Archive, ZERO)).to.deep.equal([0n, 2n]);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.Archive, ZERO))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.Archive, ZERO, supplier.address, 1, 2)
        .and.not.to.emit(constellations, "ConstellationArchived");
      expect((await constellation(constellations, id)).archived).to.equal(false);
    });

    it("drops earlier votes when a motion changes the admins", async function () {
      const { constellations, brand, supplier, retailer, verifier, id } =
        await networkHelpers.loadFixture(deployWithFourAdmins);
      // Two of four vote to archive; then three of four demote the verifier.
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      await constellations.connect(supplier).voteMotion(id, Motion.Archive, ZERO);
      for (const admin of [brand, supplier, retailer]) {
        await constellations.connect(admin).voteMotion(id, Motion.DemoteAdmin, verifier.address);
      }
      expect(await constellations.hasRoles(id, verifier.address, ADMIN)).to.equal(false);
      // Two of three would carry the archive motion, but its votes belong to the old epoch.
      expect(await constellations.motionVotes(id, Motion.Archive, ZERO)).to.deep.equal([0n, 2n]);
      await expect(constellations.connect(retailer).voteMotion(id, Motion.Archive, ZERO))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.Archive, ZERO, retailer.address, 1, 2)
        .and.not.to.emit(constellations, "ConstellationArchived");
    });

    it("refuses a member without ADMIN voting", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.Archive, ZERO))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses a former admin voting after being demoted", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await constellations.connect(brand).voteMotion(id, Motion.DemoteAdmin, supplier.address);
      await constellations.connect(supplier).voteMotion(id, Motion.DemoteAdmin, supplier.address);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.Archive, ZERO))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses voting in an unknown constellation", async function () {
      const { constellations, brand } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).voteMotion(UNKNOWN, Motion.Archive, ZERO))
        .to.be.revertedWithCustomError(constellations, "ConstellationNotFound")
        .withArgs(UNKNOWN);
    });

    it("reports motion votes and the majority needed for any admin count", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithFourAdmins);
      expect(await constellations.motionVotes(id, Motion.Archive, ZERO)).to.deep.equal([0n, 3n]);
      expect(await constellations.hasVoted(id, Motion.Archive, ZERO, brand.address)).to.equal(false);
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      expect(await constellations.motionVotes(id, Motion.Archive, ZERO)).to.deep.equal([1n, 3n]);
      expect(await constellations.hasVoted(id, Motion.Archive, ZERO, brand.address)).to.equal(true);
      expect(await constellations.motionVotes(id + 1n, Motion.Archive, ZERO)).to.deep.equal([0n, 1n]);
    });
  });

  describe("voteMotion to appoint an admin", function () {
    it("appoints an admin on a single admin's vote", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      const c = constellations.connect(brand);
      expect(await c.voteMotion.staticCall(id, Motion.AppointAdmin, supplier.address)).to.equal(true);
      const tx = c.voteMotion(id, Motion.AppointAdmin, supplier.address);
      await expect(tx)
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.AppointAdmin, supplier.address, brand.address, 1, 1)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, ADMIN, brand.address)
        .and.not.to.emit(constellations, "RolesChanged");
      expect(await eventNames(constellations, tx)).to.deep.equal(["MotionVoted", "PendingRolesChanged"]);
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER, ADMIN]);
      // The offer moves the epoch on; the admins stay as they were until the member accepts.
      const state = await constellation(constellations, id);
      expect([state.adminCount, state.adminEpoch]).to.deep.equal([1, 1]);
    });

    it("offers ADMIN only on the deciding vote of a majority of two admins", async function () {
      const { constellations, brand, supplier, retailer, id } = await networkHelpers.loadFixture(
        deployWithTwoAdminsAndCandidate,
      );
      const before = await constellation(constellations, id);
      expect(
        await constellations.connect(brand).voteMotion.staticCall(id, Motion.AppointAdmin, retailer.address),
      ).to.equal(false);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.AppointAdmin, retailer.address, brand.address, 1, 2)
        .and.not.to.emit(constellations, "PendingRolesChanged");
      expect(await constellations.motionVotes(id, Motion.AppointAdmin, retailer.address)).to.deep.equal([1n, 2n]);
      expect((await membership(constellations, id, retailer.address)).pendingRoles).to.equal(0);
      const tx = constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, retailer.address);
      await expect(tx)
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.AppointAdmin, retailer.address, supplier.address, 2, 2)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, retailer.address, ADMIN, supplier.address);
      expect(await eventNames(constellations, tx)).to.deep.equal(["MotionVoted", "PendingRolesChanged"]);
      const m = await membership(constellations, id, retailer.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([RETAILER, ADMIN]);
      const after = await constellation(constellations, id);
      expect([after.adminCount, after.adminEpoch]).to.deep.equal([2, before.adminEpoch + 1]);
    });

    it("offers ADMIN only on the deciding vote of a majority of three admins", async function () {
      const { constellations, brand, supplier, retailer, verifier, id } = await networkHelpers.loadFixture(
        deployWithThreeAdminsAndCandidate,
      );
      await expect(constellations.connect(retailer).voteMotion(id, Motion.AppointAdmin, verifier.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.AppointAdmin, verifier.address, retailer.address, 1, 2)
        .and.not.to.emit(constellations, "PendingRolesChanged");
      expect((await membership(constellations, id, verifier.address)).pendingRoles).to.equal(0);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, verifier.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.AppointAdmin, verifier.address, brand.address, 2, 2)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, verifier.address, ADMIN, brand.address);
      const m = await membership(constellations, id, verifier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([VERIFIER, ADMIN]);
      expect((await constellation(constellations, id)).adminCount).to.equal(3);
      // The offer is made; the third admin has nothing left to vote on.
      await expect(constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, verifier.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, verifier.address);
    });

    it("the member becomes admin only when it accepts", async function () {
      const { constellations, brand, supplier, retailer, id } =
        await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(false);
      // Offered, not yet an admin: it can neither administer nor vote.
      await expect(constellations.connect(supplier).invite(id, retailer.address, RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.Archive, ZERO))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
      const before = await constellation(constellations, id);
      await expect(constellations.connect(supplier).acceptRoles(id, ADMIN))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, SUPPLIER | ADMIN, supplier.address)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, 0, supplier.address);
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER | ADMIN, 0]);
      const after = await constellation(constellations, id);
      expect([after.adminCount, after.adminEpoch]).to.deep.equal([2, before.adminEpoch + 1]);
      // Now it administers, and counts toward the majority.
      expect(await constellations.motionVotes(id, Motion.Archive, ZERO)).to.deep.equal([0n, 2n]);
      await expect(constellations.connect(supplier).invite(id, retailer.address, RETAILER, await inAWeek())).to.emit(
        constellations,
        "Invited",
      );
    });

    it("a single admin cannot withdraw an ADMIN offer made by a motion", async function () {
      const { constellations, brand, supplier, retailer, id } = await networkHelpers.loadFixture(
        deployWithTwoAdminsAndCandidate,
      );
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address);
      await constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, retailer.address);
      await expect(constellations.connect(brand).revokeRoles(id, retailer.address, ADMIN))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(id, retailer.address);
      expect((await membership(constellations, id, retailer.address)).pendingRoles).to.equal(ADMIN);
      await expect(constellations.connect(retailer).acceptRoles(id, ADMIN))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, retailer.address, RETAILER | ADMIN, retailer.address);
      expect((await constellation(constellations, id)).adminCount).to.equal(3);
    });

    it("the offered member may decline ADMIN", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      const before = await constellation(constellations, id);
      await expect(constellations.connect(supplier).declineRoles(id, ADMIN))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, 0, supplier.address)
        .and.not.to.emit(constellations, "RolesChanged");
      const m = await membership(constellations, id, supplier.address);
      expect([m.roles, m.pendingRoles]).to.deep.equal([SUPPLIER, 0]);
      expect(await constellation(constellations, id)).to.deep.equal(before);
      await expect(constellations.connect(supplier).acceptRoles(id, ADMIN))
        .to.be.revertedWithCustomError(constellations, "RolesNotPending")
        .withArgs(id, supplier.address, ADMIN);
    });

    it("refuses AppointAdmin for an admin", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithTwoAdmins);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, supplier.address);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, brand.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, brand.address);
    });

    it("refuses AppointAdmin for a non-member", async function () {
      const { constellations, brand, retailer, verifier, id } =
        await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, retailer.address);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, ZERO))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, ZERO);
      // An invitation or a request to join does not make a member.
      await constellations.connect(brand).invite(id, retailer.address, RETAILER, await inAWeek());
      await constellations.connect(verifier).requestToJoin(id, VERIFIER);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, retailer.address);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, verifier.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, verifier.address);
    });

    it("refuses AppointAdmin for a member already offered ADMIN", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address))
        .to.be.revertedWithCustomError(constellations, "InvalidMotionTarget")
        .withArgs(id, Motion.AppointAdmin, supplier.address);
    });

    it("refuses a member without ADMIN voting to appoint itself", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, supplier.address))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, supplier.address, ADMIN, SUPPLIER);
    });

    it("refuses a second vote by the same admin to appoint an admin", async function () {
      const { constellations, brand, retailer, id } = await networkHelpers.loadFixture(deployWithTwoAdminsAndCandidate);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address))
        .to.be.revertedWithCustomError(constellations, "AlreadyVoted")
        .withArgs(id, Motion.AppointAdmin, retailer.address, brand.address);
    });

    it("refuses AppointAdmin in an archived constellation", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
      expect((await membership(constellations, id, supplier.address)).pendingRoles).to.equal(VERIFIER);
    });

    it("refuses accepting an ADMIN offer once the constellation is archived", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, supplier.address);
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      await expect(constellations.connect(supplier).acceptRoles(id, ADMIN))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
      expect(await constellations.hasRoles(id, supplier.address, ADMIN)).to.equal(false);
    });

    it("the tally of a carried AppointAdmin motion is not reused", async function () {
      const { constellations, brand, supplier, retailer, id } = await networkHelpers.loadFixture(
        deployWithTwoAdminsAndCandidate,
      );
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address);
      await constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, retailer.address);
      await constellations.connect(retailer).declineRoles(id, ADMIN);
      // The offer was declined; the votes that carried it belong to the epoch before the offer.
      expect(await constellations.motionVotes(id, Motion.AppointAdmin, retailer.address)).to.deep.equal([0n, 2n]);
      expect(await constellations.hasVoted(id, Motion.AppointAdmin, retailer.address, brand.address)).to.equal(false);
      expect(await constellations.hasVoted(id, Motion.AppointAdmin, retailer.address, supplier.address)).to.equal(
        false,
      );
      // A new offer needs a fresh majority: one vote of two does not make it.
      await expect(constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.AppointAdmin, retailer.address, brand.address, 1, 2)
        .and.not.to.emit(constellations, "PendingRolesChanged");
      expect((await membership(constellations, id, retailer.address)).pendingRoles).to.equal(0);
      await expect(constellations.connect(retailer).acceptRoles(id, ADMIN))
        .to.be.revertedWithCustomError(constellations, "RolesNotPending")
        .withArgs(id, retailer.address, ADMIN);
      await expect(constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, retailer.address))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, retailer.address, ADMIN, supplier.address);
    });

    it("drops earlier votes on other motions when an appointment carries", async function () {
      const { constellations, brand, supplier, retailer, verifier, id } = await networkHelpers.loadFixture(
        deployWithThreeAdminsAndCandidate,
      );
      await constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO);
      await constellations.connect(brand).voteMotion(id, Motion.AppointAdmin, verifier.address);
      await constellations.connect(supplier).voteMotion(id, Motion.AppointAdmin, verifier.address);
      expect(await constellations.motionVotes(id, Motion.Archive, ZERO)).to.deep.equal([0n, 2n]);
      await expect(constellations.connect(retailer).voteMotion(id, Motion.Archive, ZERO))
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.Archive, ZERO, retailer.address, 1, 2)
        .and.not.to.emit(constellations, "ConstellationArchived");
    });
  });

  describe("archived constellation", function () {
    it("refuses a second archive motion", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).voteMotion(id, Motion.Archive, ZERO))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses new invitations", async function () {
      const { constellations, brand, body, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).invite(id, body.address, RETAILER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses accepting an open invitation", async function () {
      const { constellations, retailer, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(retailer).acceptInvitation(id))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses new requests to join", async function () {
      const { constellations, body, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(body).requestToJoin(id, RETAILER))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses approving an open request to join", async function () {
      const { constellations, brand, verifier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).approveJoinRequest(id, verifier.address, VERIFIER))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses granting roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).grantRoles(id, supplier.address, PRODUCER))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses accepting pending roles", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(supplier).acceptRoles(id, VERIFIER))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("refuses updating the description", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).update(id, "Renamed", "", "", HASH))
        .to.be.revertedWithCustomError(constellations, "ConstellationIsArchived")
        .withArgs(id);
    });

    it("lets a member leave", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(supplier).leaveConstellation(id))
        .to.emit(constellations, "MemberLeft")
        .withArgs(id, supplier.address);
      expect(await constellations.hasRoles(id, supplier.address, 0)).to.equal(false);
    });

    it("lets an admin revoke roles", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).revokeRoles(id, supplier.address, SUPPLIER | VERIFIER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, 0, brand.address)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, 0, brand.address);
    });

    it("lets an admin remove a member", async function () {
      const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).removeMember(id, supplier.address))
        .to.emit(constellations, "MemberRemoved")
        .withArgs(id, supplier.address, brand.address);
      expect(await membership(constellations, id, supplier.address)).to.deep.equal(NO_MEMBERSHIP);
    });

    it("lets a member decline pending roles", async function () {
      const { constellations, supplier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(supplier).declineRoles(id, VERIFIER))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, 0, supplier.address);
    });

    it("lets open invitations and requests be closed", async function () {
      const { constellations, brand, retailer, verifier, id } = await networkHelpers.loadFixture(deployArchived);
      await expect(constellations.connect(brand).withdrawInvitation(id, retailer.address))
        .to.emit(constellations, "InvitationWithdrawn")
        .withArgs(id, retailer.address, brand.address);
      await expect(constellations.connect(brand).rejectJoinRequest(id, verifier.address))
        .to.emit(constellations, "JoinRequestRejected")
        .withArgs(id, verifier.address, brand.address);
    });
  });

  describe("operators acting through actFor", function () {
    it("lets an operator with CONSTELLATION_ADMIN invite for its company", async function () {
      const { constellations, brand, retailer, operator, id } = await networkHelpers.loadFixture(deployWithOperators);
      const expiresAt = await inAWeek();
      const data = constellations.interface.encodeFunctionData("invite", [id, retailer.address, RETAILER, expiresAt]);
      const tx = constellations.connect(operator).actFor(brand.address, data);
      await expect(tx)
        .to.emit(constellations, "ActedFor")
        .withArgs(brand.address, operator.address)
        .and.to.emit(constellations, "Invited")
        .withArgs(id, retailer.address, brand.address, RETAILER, expiresAt);
      expect(await eventNames(constellations, tx)).to.deep.equal(["ActedFor", "Invited"]);
      expect((await membership(constellations, id, retailer.address)).invitedRoles).to.equal(RETAILER);
    });

    it("lets an operator with MEMBERSHIP found a constellation and returns its id", async function () {
      const { constellations, brand, operator } = await networkHelpers.loadFixture(deployWithOperators);
      const data = constellations.interface.encodeFunctionData("create", ["By operator", "", "", HASH]);
      const result = await constellations.connect(operator).actFor.staticCall(brand.address, data);
      expect(constellations.interface.decodeFunctionResult("create", result)[0]).to.equal(2n);
      await expect(constellations.connect(operator).actFor(brand.address, data))
        .to.emit(constellations, "ConstellationCreated")
        .withArgs(2n, brand.address, "By operator", "", "", HASH)
        .and.to.emit(constellations, "MemberJoined")
        .withArgs(2n, brand.address, brand.address, ADMIN, 0);
      expect(await constellations.hasRoles(2n, brand.address, ADMIN)).to.equal(true);
      expect(await constellations.hasRoles(2n, operator.address, 0)).to.equal(false);
    });

    it("lets an operator with MEMBERSHIP request, accept roles and leave for its company", async function () {
      const { constellations, brand, operator2, retailer, id } = await networkHelpers.loadFixture(deployWithOperators);
      await constellations.connect(retailer).create("Retail", "", "", HASH);
      const other = id + 1n;
      const act = (data: string) => constellations.connect(operator2).actFor(brand.address, data);
      await expect(act(constellations.interface.encodeFunctionData("requestToJoin", [other, PRODUCER])))
        .to.emit(constellations, "JoinRequested")
        .withArgs(other, brand.address, PRODUCER);
      await constellations.connect(retailer).approveJoinRequest(other, brand.address, PRODUCER | VERIFIER);
      await expect(act(constellations.interface.encodeFunctionData("acceptRoles", [other, VERIFIER])))
        .to.emit(constellations, "RolesChanged")
        .withArgs(other, brand.address, PRODUCER | VERIFIER, brand.address);
      await expect(act(constellations.interface.encodeFunctionData("leaveConstellation", [other])))
        .to.emit(constellations, "MemberLeft")
        .withArgs(other, brand.address);
      expect(await constellations.hasRoles(other, brand.address, 0)).to.equal(false);
    });

    it("lets an operator with MEMBERSHIP accept an invitation for its company", async function () {
      const { constellations, brand, operator2, retailer, id } = await networkHelpers.loadFixture(deployWithOperators);
      await constellations.connect(retailer).create("Retail", "", "", HASH);
      const other = id + 1n;
      await constellations.connect(retailer).invite(other, brand.address, PRODUCER, await inAWeek());
      const data = constellations.interface.encodeFunctionData("acceptInvitation", [other]);
      await expect(constellations.connect(operator2).actFor(brand.address, data))
        .to.emit(constellations, "MemberJoined")
        .withArgs(other, brand.address, ZERO, PRODUCER, 0);
    });

    it("lets an operator with CONSTELLATION_ADMIN vote for its company", async function () {
      const { constellations, companies, brand, supplier, operator, id, operatorExpiry } =
        await networkHelpers.loadFixture(deployWithOperators);
      await appointAdmin(constellations, id, [brand], supplier);
      await companies.connect(supplier).setOperator(operator.address, Permission.CONSTELLATION_ADMIN, operatorExpiry);
      const data = constellations.interface.encodeFunctionData("voteMotion", [id, Motion.DemoteAdmin, brand.address]);
      await constellations.connect(operator).actFor(brand.address, data);
      const tx = constellations.connect(operator).actFor(supplier.address, data);
      await expect(tx)
        .to.emit(constellations, "MotionVoted")
        .withArgs(id, Motion.DemoteAdmin, brand.address, supplier.address, 2, 2)
        .and.to.emit(constellations, "RolesChanged")
        .withArgs(id, brand.address, 0, supplier.address);
      expect(await eventNames(constellations, tx)).to.deep.equal(["ActedFor", "MotionVoted", "RolesChanged"]);
      expect(await constellations.hasVoted(id, Motion.DemoteAdmin, brand.address, operator.address)).to.equal(false);
    });

    it("refuses an operator without CONSTELLATION_ADMIN doing what admins do", async function () {
      const { constellations, companies, brand, retailer, operator2, id } =
        await networkHelpers.loadFixture(deployWithOperators);
      const data = constellations.interface.encodeFunctionData("invite", [
        id,
        retailer.address,
        RETAILER,
        await inAWeek(),
      ]);
      await expect(constellations.connect(operator2).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator2.address, Permission.CONSTELLATION_ADMIN);
    });

    it("refuses an operator without MEMBERSHIP taking part for its company", async function () {
      const { constellations, companies, supplier, operator2, id } =
        await networkHelpers.loadFixture(deployWithOperators);
      const data = constellations.interface.encodeFunctionData("leaveConstellation", [id]);
      await expect(constellations.connect(operator2).actFor(supplier.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(supplier.address, operator2.address, Permission.MEMBERSHIP);
      expect(await constellations.hasRoles(id, supplier.address, SUPPLIER)).to.equal(true);
    });

    it("refuses an operator past its expiry before the wrapped call runs", async function () {
      const { constellations, companies, brand, operator, id, operatorExpiry } =
        await networkHelpers.loadFixture(deployWithOperators);
      await networkHelpers.time.increaseTo(operatorExpiry);
      const data = constellations.interface.encodeFunctionData("update", [id, "Renamed", "", "", HASH]);
      await expect(constellations.connect(operator).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, operator.address, 0);
    });

    it("refuses an operator of a compromised company", async function () {
      const { constellations, companies, brand, operator, id } = await networkHelpers.loadFixture(deployWithOperators);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      const data = constellations.interface.encodeFunctionData("update", [id, "Renamed", "", "", HASH]);
      await expect(constellations.connect(operator).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(brand.address, since);
    });

    it("refuses an account that is not an operator of the company before the wrapped call runs", async function () {
      const { constellations, companies, brand, stranger, id } = await networkHelpers.loadFixture(deployWithOperators);
      const data = constellations.interface.encodeFunctionData("leaveConstellation", [id]);
      await expect(constellations.connect(stranger).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, stranger.address, 0);
    });

    it("refuses acting for an unregistered company", async function () {
      const { constellations, companies, stranger, operator } = await networkHelpers.loadFixture(deployWithOperators);
      const data = constellations.interface.encodeFunctionData("create", ["Ghost", "", "", HASH]);
      await expect(constellations.connect(operator).actFor(stranger.address, data))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(stranger.address);
    });

    it("refuses a stranger wrapping a view, so that no false ActedFor is ever logged", async function () {
      const { constellations, companies, brand, stranger } = await networkHelpers.loadFixture(deployWithOperators);
      const data = constellations.interface.encodeFunctionData("constellationCount");
      await expect(constellations.connect(stranger).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(brand.address, stranger.address, 0);
    });

    it("refuses acting for the zero address", async function () {
      const { constellations, companies, operator, id } = await networkHelpers.loadFixture(deployWithOperators);
      const data = constellations.interface.encodeFunctionData("leaveConstellation", [id]);
      await expect(constellations.connect(operator).actFor(ZERO, data))
        .to.be.revertedWithCustomError(companies, "CompanyNotRegistered")
        .withArgs(ZERO);
    });

    it("refuses an actFor nested in another", async function () {
      const { constellations, brand, operator, id } = await networkHelpers.loadFixture(deployWithOperators);
      const inner = constellations.interface.encodeFunctionData("leaveConstellation", [id]);
      const outer = constellations.interface.encodeFunctionData("actFor", [brand.address, inner]);
      await expect(constellations.connect(operator).actFor(brand.address, outer)).to.be.revertedWithCustomError(
        constellations,
        "NestedActFor",
      );
    });

    it("acts for the sender's own company again after an actFor", async function () {
      const { constellations, brand, operator, id } = await networkHelpers.loadFixture(deployWithOperators);
      await constellations
        .connect(operator)
        .actFor(brand.address, constellations.interface.encodeFunctionData("update", [id, "Renamed", "", "", HASH]));
      // A direct call from the operator acts for the operator itself, which is not an admin.
      await expect(constellations.connect(operator).update(id, "Again", "", "", HASH))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(id, operator.address, ADMIN, 0);
    });
  });

  describe("hasRoles and canActWithRoles", function () {
    it("reports roles in effect, not pending ones, and no roles for non-members", async function () {
      const { constellations, brand, supplier, retailer, id } =
        await networkHelpers.loadFixture(deployWithConstellation);
      await constellations.connect(brand).grantRoles(id, supplier.address, VERIFIER | LOGISTICS);
      expect(await constellations.hasRoles(id, supplier.address, SUPPLIER | LOGISTICS)).to.equal(true);
      expect(await constellations.hasRoles(id, supplier.address, SUPPLIER | VERIFIER)).to.equal(false);
      expect(await constellations.hasRoles(id, supplier.address, 0)).to.equal(true);
      expect(await constellations.hasRoles(id, retailer.address, 0)).to.equal(false);
    });

    it("lets a company act for itself with the roles it holds", async function () {
      const { constellations, brand, id } = await networkHelpers.loadFixture(deployWithOperators);
      expect(
        await constellations.canActWithRoles(id, brand.address, brand.address, ADMIN, Permission.CONSTELLATION_ADMIN),
      ).to.equal(true);
      expect(
        await constellations.canActWithRoles(id, brand.address, brand.address, PRODUCER, Permission.MEMBERSHIP),
      ).to.equal(false);
    });

    it("lets an operator act with the roles its company holds and the permissions it was given", async function () {
      const { constellations, brand, operator, operator2, id } = await networkHelpers.loadFixture(deployWithOperators);
      expect(
        await constellations.canActWithRoles(
          id,
          brand.address,
          operator.address,
          ADMIN,
          Permission.CONSTELLATION_ADMIN,
        ),
      ).to.equal(true);
      expect(
        await constellations.canActWithRoles(id, brand.address, operator2.address, ADMIN, Permission.MEMBERSHIP),
      ).to.equal(true);
      expect(
        await constellations.canActWithRoles(
          id,
          brand.address,
          operator2.address,
          ADMIN,
          Permission.CONSTELLATION_ADMIN,
        ),
      ).to.equal(false);
    });

    it("refuses an operator acting with roles its company lacks", async function () {
      const { constellations, brand, operator, id } = await networkHelpers.loadFixture(deployWithOperators);
      expect(
        await constellations.canActWithRoles(id, brand.address, operator.address, PRODUCER, Permission.MEMBERSHIP),
      ).to.equal(false);
    });

    it("refuses an operator past its expiry or of a compromised company", async function () {
      const { constellations, companies, brand, operator, id, operatorExpiry } =
        await networkHelpers.loadFixture(deployWithOperators);
      const since = (await now()) + DAY;
      await companies.connect(brand).markCompromised(since);
      expect(
        await constellations.canActWithRoles(id, brand.address, operator.address, ADMIN, Permission.MEMBERSHIP),
      ).to.equal(true);
      await networkHelpers.time.increaseTo(since + 1);
      expect(
        await constellations.canActWithRoles(id, brand.address, operator.address, ADMIN, Permission.MEMBERSHIP),
      ).to.equal(false);
      expect(
        await constellations.canActWithRoles(id, brand.address, brand.address, ADMIN, Permission.MEMBERSHIP),
      ).to.equal(true);
      await networkHelpers.time.increaseTo(operatorExpiry + 1);
      expect(
        await constellations.canActWithRoles(id, brand.address, operator.address, ADMIN, Permission.MEMBERSHIP),
      ).to.equal(false);
    });

    it("refuses an expired operator of a sound company", async function () {
      const { constellations, brand, operator, id, operatorExpiry } =
        await networkHelpers.loadFixture(deployWithOperators);
      await networkHelpers.time.increaseTo(operatorExpiry + 1);
      expect(
        await constellations.canActWithRoles(id, brand.address, operator.address, ADMIN, Permission.MEMBERSHIP),
      ).to.equal(false);
    });

    it("refuses an account that is not an operator of the company before the wrapped call runs", async function () {
      const { constellations, brand, stranger, id } = await networkHelpers.loadFixture(deployWithOperators);
      expect(
        await constellations.canActWithRoles(id, brand.address, stranger.address, ADMIN, Permission.MEMBERSHIP),
      ).to.equal(false);
    });
  });

  describe("a company in two constellations", function () {
    it("holds different roles as a partner in one and a competitor in the other", async function () {
      const { constellations, retailer, partnerId, rivalId } = await networkHelpers.loadFixture(deployCompetitors);
      expect(await constellations.hasRoles(partnerId, retailer.address, ADMIN | RETAILER)).to.equal(true);
      expect(await constellations.hasRoles(rivalId, retailer.address, RETAILER)).to.equal(true);
      expect(await constellations.hasRoles(rivalId, retailer.address, ADMIN)).to.equal(false);
      expect((await membership(constellations, rivalId, retailer.address)).roles).to.equal(RETAILER);
      expect(await constellations.constellationCount()).to.equal(2n);
    });

    it("administers the constellation where it is a partner", async function () {
      const { constellations, retailer, verifier, partnerId } = await networkHelpers.loadFixture(deployCompetitors);
      const expiresAt = await inAWeek();
      await expect(constellations.connect(retailer).invite(partnerId, verifier.address, VERIFIER, expiresAt))
        .to.emit(constellations, "Invited")
        .withArgs(partnerId, verifier.address, retailer.address, VERIFIER, expiresAt);
    });

    it("cannot administer the constellation where it is a competitor", async function () {
      const { constellations, retailer, verifier, rival, rivalId } =
        await networkHelpers.loadFixture(deployCompetitors);
      await expect(constellations.connect(retailer).invite(rivalId, verifier.address, VERIFIER, await inAWeek()))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(rivalId, retailer.address, ADMIN, RETAILER);
      await expect(constellations.connect(retailer).voteMotion(rivalId, Motion.RemoveAdmin, rival.address))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(rivalId, retailer.address, ADMIN, RETAILER);
      await expect(constellations.connect(retailer).update(rivalId, "Taken over", "", "", HASH))
        .to.be.revertedWithCustomError(constellations, "MissingRoles")
        .withArgs(rivalId, retailer.address, ADMIN, RETAILER);
    });

    it("keeps its membership in one constellation when it leaves the other", async function () {
      const { constellations, retailer, partnerId, rivalId } = await networkHelpers.loadFixture(deployCompetitors);
      await constellations.connect(retailer).leaveConstellation(rivalId);
      expect(await constellations.hasRoles(rivalId, retailer.address, 0)).to.equal(false);
      expect(await constellations.hasRoles(partnerId, retailer.address, ADMIN | RETAILER)).to.equal(true);
    });
  });
});
