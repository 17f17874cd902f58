import { expect } from "chai";

import {
  DAY,
  deployConstellate,
  ethers,
  Kind,
  Motion,
  networkHelpers,
  now,
  Permission,
  profile,
  Role,
} from "./helpers/fixture.js";
import { deploySafe, deploySafeInfrastructure, execSafeTransaction } from "./helpers/safe.js";

type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];
type Profile = ReturnType<typeof profile>;

/** The fields of a Profile in declaration order, as `withArgs` and deep equality compare a struct. */
function profileTuple(p: Profile): string[] {
  return [p.name, p.registryId, p.metadataURI, p.metadataHash, p.dataEndpoint];
}

/** `account`, which the fixture promises (there are twenty test accounts). */
function must(account: Signer | undefined): Signer {
  if (account === undefined) throw new Error("missing test account");
  return account;
}

/** Fixes the time of the next block `offset` seconds after the latest one and returns it. */
async function pinNextBlockTime(offset = 1): Promise<number> {
  const at = (await now()) + offset;
  await networkHelpers.time.setNextBlockTimestamp(at);
  return at;
}

/**
 * A company that is a real 2-of-3 Safe (SafeL2 1.5.0 behind a SafeProxy, deployed by the SafeProxyFactory from the
 * npm package's artifacts). Owners sign every transaction off-chain (EIP-712 SafeTx); a relayer that is not an owner
 * submits it, so only the signatures authorise what the Safe does.
 */
async function deployWithSafe() {
  const deployed = await deployConstellate();
  const base = {
    ...deployed,
    governance: must(deployed.governance),
    brand: must(deployed.brand),
    supplier: must(deployed.supplier),
    retailer: must(deployed.retailer),
    stranger: must(deployed.stranger),
  };
  const signers = await ethers.getSigners();
  const [owner1, owner2, owner3, relayer, safeOperator, safeOperator2] = signers.slice(9, 15).map(must) as [
    Signer,
    Signer,
    Signer,
    Signer,
    Signer,
    Signer,
  ];
  const infrastructure = await deploySafeInfrastructure();
  const safe = await deploySafe([owner1, owner2, owner3], 2, infrastructure);
  const safeAddress = await safe.getAddress();

  /** The Safe calls `target` with `data`, signed by `signers` (two owners by default) and sent by the relayer. */
  const asSafe = (
    target: { getAddress(): Promise<string> },
    data: string,
    signers: readonly Signer[] = [owner3, owner1],
  ) => execSafeTransaction(safe, target, data, signers, { executor: relayer });

  return { ...base, safe, safeAddress, owners: [owner1, owner2, owner3], relayer, safeOperator, safeOperator2, asSafe };
}

const SAFE_PROFILE = profile("Safe Cooperative");

/** As {deployWithSafe}, with the Safe registered as a company. */
async function deployWithRegisteredSafe() {
  const base = await deployWithSafe();
  const { companies, asSafe } = base;
  await asSafe(companies, companies.interface.encodeFunctionData("register", [SAFE_PROFILE]));
  return base;
}

/** As {deployWithRegisteredSafe}, with constellation 1 founded by the Safe and the supplier a member (SUPPLIER). */
async function deployWithSafeConstellation() {
  const base = await deployWithRegisteredSafe();
  const { constellations, supplier, asSafe } = base;
  await asSafe(
    constellations,
    constellations.interface.encodeFunctionData("create", [
      "Safe chain",
      "Multisig-run",
      "ipfs://safe",
      ethers.ZeroHash,
    ]),
  );
  const expiresAt = (await now()) + 7 * DAY;
  await asSafe(
    constellations,
    constellations.interface.encodeFunctionData("invite", [1, supplier.address, Role.SUPPLIER, expiresAt]),
  );
  await constellations.connect(supplier).acceptInvitation(1);
  return { ...base, id: 1n };
}

/**
 * As {deployWithRegisteredSafe}, with `safeOperator` appointed by the Safe for MEMBERSHIP, CONSTELLATION_ADMIN and
 * PROFILE until `operatorExpiresAt`.
 */
async function deployWithSafeOperator() {
  const base = await deployWithRegisteredSafe();
  const { companies, safeOperator, asSafe } = base;
  const operatorExpiresAt = (await now()) + 30 * DAY;
  const permissions = Permission.MEMBERSHIP | Permission.CONSTELLATION_ADMIN | Permission.PROFILE;
  await asSafe(
    companies,
    companies.interface.encodeFunctionData("setOperator", [safeOperator.address, permissions, operatorExpiresAt]),
  );
  return { ...base, operatorExpiresAt, permissions };
}

/** As {deployWithRegisteredSafe}, with the Safe appointed by governance as a body for GS1 Company Prefixes. */
async function deployWithSafeBody() {
  const base = await deployWithRegisteredSafe();
  const { accreditations, governance, safeAddress } = base;
  await accreditations.connect(governance).appointBody(safeAddress, Kind.GS1_COMPANY_PREFIX, "GS1 Safe");
  return base;
}

describe("A Safe as a company", function () {
  describe("the Safe", function () {
    it("is a real Safe 1.5.0 with three owners and a threshold of two", async function () {
      const { safe, owners } = await networkHelpers.loadFixture(deployWithSafe);
      expect(await safe.VERSION()).to.equal("1.5.0");
      expect(await safe.getOwners()).to.deep.equal(owners.map((o) => o.address));
      expect(await safe.getThreshold()).to.equal(2n);
      expect(await ethers.provider.getCode(await safe.getAddress())).to.not.equal("0x");
    });

    it("refuses a transaction signed by one owner only, so nothing is registered", async function () {
      const { safe, safeAddress, companies, owners, relayer } = await networkHelpers.loadFixture(deployWithSafe);
      const data = companies.interface.encodeFunctionData("register", [SAFE_PROFILE]);
      // GS020: the signatures are shorter than the threshold requires.
      await expect(
        execSafeTransaction(safe, companies, data, [must(owners[0])], { executor: relayer }),
      ).to.be.revertedWith("GS020");
      expect(await companies.isRegistered(safeAddress)).to.equal(false);
      expect(await safe.nonce()).to.equal(0n);
    });

    it("refuses signatures of a non-owner", async function () {
      const { safe, companies, owners, relayer, stranger } = await networkHelpers.loadFixture(deployWithSafe);
      const data = companies.interface.encodeFunctionData("register", [SAFE_PROFILE]);
      // GS026: a recovered signer is not an owner.
      await expect(
        execSafeTransaction(safe, companies, data, [must(owners[0]), stranger], { executor: relayer }),
      ).to.be.revertedWith("GS026");
    });
  });

  describe("acting directly through execTransaction", function () {
    it("registers its profile", async function () {
      const { safe, safeAddress, companies, asSafe } = await networkHelpers.loadFixture(deployWithSafe);
      const at = await pinNextBlockTime();
      const tx = asSafe(companies, companies.interface.encodeFunctionData("register", [SAFE_PROFILE]));
      await expect(tx).to.emit(companies, "CompanyRegistered").withArgs(safeAddress, profileTuple(SAFE_PROFILE));
      await expect(tx).to.emit(safe, "ExecutionSuccess");
      expect(await companies.isRegistered(safeAddress)).to.equal(true);
      const status = await companies.statusOf(safeAddress);
      expect(status.registeredAt).to.equal(BigInt(at));
      expect(status.compromisedFrom).to.equal(0n);
      expect(profileTuple(await companies.profileOf(safeAddress))).to.deep.equal(profileTuple(SAFE_PROFILE));
      expect(await safe.nonce()).to.equal(1n);
    });

    it("cannot register twice", async function () {
      const { safeAddress, companies, asSafe } = await networkHelpers.loadFixture(deployWithRegisteredSafe);
      // With safeTxGas and gasPrice zero the Safe bubbles the inner revert up.
      await expect(asSafe(companies, companies.interface.encodeFunctionData("register", [SAFE_PROFILE])))
        .to.be.revertedWithCustomError(companies, "CompanyAlreadyRegistered")
        .withArgs(safeAddress);
    });

    it("updates its profile", async function () {
      const { safeAddress, companies, asSafe } = await networkHelpers.loadFixture(deployWithRegisteredSafe);
      const updated = profile("Safe Cooperative eG", { dataEndpoint: "https://vault.safe.example" });
      await expect(asSafe(companies, companies.interface.encodeFunctionData("updateProfile", [updated])))
        .to.emit(companies, "CompanyUpdated")
        .withArgs(safeAddress, profileTuple(updated));
      expect(profileTuple(await companies.profileOf(safeAddress))).to.deep.equal(profileTuple(updated));
    });

    it("appoints an operator and removes it", async function () {
      const { safeAddress, companies, safeOperator, asSafe } =
        await networkHelpers.loadFixture(deployWithRegisteredSafe);
      const expiresAt = (await now()) + 30 * DAY;
      const permissions = Permission.MEMBERSHIP | Permission.PROFILE;
      await expect(
        asSafe(
          companies,
          companies.interface.encodeFunctionData("setOperator", [safeOperator.address, permissions, expiresAt]),
        ),
      )
        .to.emit(companies, "OperatorSet")
        .withArgs(safeAddress, safeOperator.address, permissions, expiresAt);
      const appointment = await companies.operatorOf(safeAddress, safeOperator.address);
      expect(appointment.permissions).to.equal(permissions);
      expect(appointment.expiresAt).to.equal(BigInt(expiresAt));
      expect(await companies.isActing(safeAddress, safeOperator.address, Permission.MEMBERSHIP)).to.equal(true);
      expect(await companies.isActing(safeAddress, safeOperator.address, Permission.ACCREDIT)).to.equal(false);

      await expect(asSafe(companies, companies.interface.encodeFunctionData("removeOperator", [safeOperator.address])))
        .to.emit(companies, "OperatorRemoved")
        .withArgs(safeAddress, safeOperator.address);
      expect((await companies.operatorOf(safeAddress, safeOperator.address)).permissions).to.equal(0n);
      expect(await companies.isActing(safeAddress, safeOperator.address, Permission.MEMBERSHIP)).to.equal(false);
      await expect(asSafe(companies, companies.interface.encodeFunctionData("removeOperator", [safeOperator.address])))
        .to.be.revertedWithCustomError(companies, "NotAnOperator")
        .withArgs(safeAddress, safeOperator.address);
    });

    it("creates a constellation and invites an EOA company, which accepts", async function () {
      const { safeAddress, constellations, supplier, asSafe } =
        await networkHelpers.loadFixture(deployWithRegisteredSafe);
      const meta = ethers.id("safe constellation");
      const at = await pinNextBlockTime();
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("create", ["Safe chain", "Multisig-run", "ipfs://safe", meta]),
        ),
      )
        .to.emit(constellations, "ConstellationCreated")
        .withArgs(1n, safeAddress, "Safe chain", "Multisig-run", "ipfs://safe", meta)
        .and.to.emit(constellations, "MemberJoined")
        .withArgs(1n, safeAddress, safeAddress, Role.ADMIN, 0);
      const c = await constellations.constellationOf(1);
      expect(c.createdAt).to.equal(BigInt(at));
      expect(c.adminCount).to.equal(1n);
      expect(await constellations.hasRoles(1, safeAddress, Role.ADMIN)).to.equal(true);

      const expiresAt = (await now()) + 7 * DAY;
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("invite", [1, supplier.address, Role.SUPPLIER, expiresAt]),
        ),
      )
        .to.emit(constellations, "Invited")
        .withArgs(1n, supplier.address, safeAddress, Role.SUPPLIER, expiresAt);
      const invited = await constellations.membershipOf(1, supplier.address);
      expect(invited.invitedRoles).to.equal(BigInt(Role.SUPPLIER));
      expect(invited.invitationExpiresAt).to.equal(BigInt(expiresAt));

      await expect(constellations.connect(supplier).acceptInvitation(1))
        .to.emit(constellations, "MemberJoined")
        .withArgs(1n, supplier.address, ethers.ZeroAddress, Role.SUPPLIER, 0);
      expect(await constellations.hasRoles(1, supplier.address, Role.SUPPLIER)).to.equal(true);
      expect((await constellations.membershipOf(1, supplier.address)).invitationExpiresAt).to.equal(0n);
    });

    it("accepts an invitation into an EOA company's constellation", async function () {
      const { safeAddress, constellations, brand, asSafe } = await networkHelpers.loadFixture(deployWithRegisteredSafe);
      await constellations.connect(brand).create("Brand chain", "", "", ethers.ZeroHash);
      const expiresAt = (await now()) + 7 * DAY;
      // An invitation is consent in advance: VERIFIER takes effect on acceptance.
      await constellations.connect(brand).invite(1, safeAddress, Role.PRODUCER | Role.VERIFIER, expiresAt);
      const at = await pinNextBlockTime();
      await expect(asSafe(constellations, constellations.interface.encodeFunctionData("acceptInvitation", [1])))
        .to.emit(constellations, "MemberJoined")
        .withArgs(1n, safeAddress, ethers.ZeroAddress, Role.PRODUCER | Role.VERIFIER, 0);
      const m = await constellations.membershipOf(1, safeAddress);
      expect(m.roles).to.equal(BigInt(Role.PRODUCER | Role.VERIFIER));
      expect(m.joinedAt).to.equal(BigInt(at));
      expect(m.invitationExpiresAt).to.equal(0n);
      expect(await constellations.canActWithRoles(1, safeAddress, safeAddress, Role.VERIFIER, 0)).to.equal(true);

      // And it leaves again, as any member may.
      await expect(asSafe(constellations, constellations.interface.encodeFunctionData("leaveConstellation", [1])))
        .to.emit(constellations, "MemberLeft")
        .withArgs(1n, safeAddress);
      expect((await constellations.membershipOf(1, safeAddress)).joinedAt).to.equal(0n);
    });

    it("declines an invitation", async function () {
      const { safeAddress, constellations, brand, asSafe } = await networkHelpers.loadFixture(deployWithRegisteredSafe);
      await constellations.connect(brand).create("Brand chain", "", "", ethers.ZeroHash);
      await constellations.connect(brand).invite(1, safeAddress, Role.RETAILER, (await now()) + DAY);
      await expect(asSafe(constellations, constellations.interface.encodeFunctionData("declineInvitation", [1])))
        .to.emit(constellations, "InvitationDeclined")
        .withArgs(1n, safeAddress);
      expect((await constellations.membershipOf(1, safeAddress)).invitationExpiresAt).to.equal(0n);
    });

    it("grants and revokes roles, and accepts ADMIN offered to it by a motion", async function () {
      const { safeAddress, constellations, brand, supplier, asSafe, id } =
        await networkHelpers.loadFixture(deployWithSafeConstellation);
      const call = (fn: "grantRoles" | "revokeRoles", member: string, roles: number) =>
        asSafe(
          constellations,
          fn === "grantRoles"
            ? constellations.interface.encodeFunctionData("grantRoles", [id, member, roles])
            : constellations.interface.encodeFunctionData("revokeRoles", [id, member, roles]),
        );

      await expect(call("grantRoles", supplier.address, Role.RETAILER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, Role.SUPPLIER | Role.RETAILER, safeAddress);
      // VERIFIER needs the member's consent: it waits as a pending role.
      await expect(call("grantRoles", supplier.address, Role.VERIFIER))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, Role.VERIFIER, safeAddress)
        .and.not.to.emit(constellations, "RolesChanged");
      await expect(call("revokeRoles", supplier.address, Role.RETAILER | Role.VERIFIER))
        .to.emit(constellations, "RolesChanged")
        .withArgs(id, supplier.address, Role.SUPPLIER, safeAddress)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(id, supplier.address, 0, safeAddress);
      const m = await constellations.membershipOf(id, supplier.address);
      expect(m.roles).to.equal(BigInt(Role.SUPPLIER));
      expect(m.pendingRoles).to.equal(0n);

      // The other way round: an EOA admin makes the Safe an admin of its constellation; the Safe consents.
      await constellations.connect(brand).create("Brand chain", "", "", ethers.ZeroHash);
      await constellations.connect(brand).invite(2, safeAddress, Role.RETAILER, (await now()) + DAY);
      await asSafe(constellations, constellations.interface.encodeFunctionData("acceptInvitation", [2]));
      // ADMIN is not granted: it takes a motion, which the brand's vote alone carries as the only admin.
      await expect(constellations.connect(brand).grantRoles(2, safeAddress, Role.ADMIN))
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(2n, safeAddress);
      await expect(constellations.connect(brand).voteMotion(2, Motion.AppointAdmin, safeAddress))
        .to.emit(constellations, "PendingRolesChanged")
        .withArgs(2n, safeAddress, Role.ADMIN, brand.address);
      expect((await constellations.membershipOf(2, safeAddress)).pendingRoles).to.equal(BigInt(Role.ADMIN));
      await expect(asSafe(constellations, constellations.interface.encodeFunctionData("acceptRoles", [2, Role.ADMIN])))
        .to.emit(constellations, "RolesChanged")
        .withArgs(2n, safeAddress, Role.RETAILER | Role.ADMIN, safeAddress);
      expect((await constellations.constellationOf(2)).adminCount).to.equal(2n);
      // An admin may give up its own ADMIN, as long as it is not the last.
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("revokeRoles", [2, safeAddress, Role.ADMIN]),
        ),
      )
        .to.emit(constellations, "RolesChanged")
        .withArgs(2n, safeAddress, Role.RETAILER, safeAddress);
      expect((await constellations.constellationOf(2)).adminCount).to.equal(1n);
      await expect(call("revokeRoles", safeAddress, Role.ADMIN))
        .to.be.revertedWithCustomError(constellations, "LastAdmin")
        .withArgs(id);
    });

    it("requests to join and is approved; approves the request of an EOA company", async function () {
      const { safeAddress, constellations, brand, retailer, asSafe } =
        await networkHelpers.loadFixture(deployWithRegisteredSafe);
      await constellations.connect(brand).create("Brand chain", "", "", ethers.ZeroHash);
      // A request cannot ask for ADMIN: that takes a motion of the admins.
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("requestToJoin", [1, Role.PRODUCER | Role.ADMIN]),
        ),
      )
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(1n, safeAddress);
      const requestedAt = await pinNextBlockTime();
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("requestToJoin", [1, Role.PRODUCER | Role.VERIFIER]),
        ),
      )
        .to.emit(constellations, "JoinRequested")
        .withArgs(1n, safeAddress, Role.PRODUCER | Role.VERIFIER);
      const request = await constellations.membershipOf(1, safeAddress);
      expect(request.requestedRoles).to.equal(BigInt(Role.PRODUCER | Role.VERIFIER));
      expect(request.requestedAt).to.equal(BigInt(requestedAt));

      // The request consented to VERIFIER in advance, so it takes effect at once.
      await expect(constellations.connect(brand).approveJoinRequest(1, safeAddress, Role.PRODUCER | Role.VERIFIER))
        .to.emit(constellations, "MemberJoined")
        .withArgs(1n, safeAddress, brand.address, Role.PRODUCER | Role.VERIFIER, 0);
      expect(await constellations.hasRoles(1, safeAddress, Role.PRODUCER | Role.VERIFIER)).to.equal(true);

      // The brand, the only admin, appoints the Safe an admin by motion; the Safe accepts.
      await constellations.connect(brand).voteMotion(1, Motion.AppointAdmin, safeAddress);
      await expect(asSafe(constellations, constellations.interface.encodeFunctionData("acceptRoles", [1, Role.ADMIN])))
        .to.emit(constellations, "RolesChanged")
        .withArgs(1n, safeAddress, Role.PRODUCER | Role.VERIFIER | Role.ADMIN, safeAddress);
      expect(await constellations.hasRoles(1, safeAddress, Role.PRODUCER | Role.ADMIN)).to.equal(true);
      expect((await constellations.constellationOf(1)).adminCount).to.equal(2n);

      // Now the Safe, an admin, approves an EOA company's request.
      await constellations.connect(retailer).requestToJoin(1, Role.RETAILER);
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("approveJoinRequest", [1, retailer.address, Role.RETAILER]),
        ),
      )
        .to.emit(constellations, "MemberJoined")
        .withArgs(1n, retailer.address, safeAddress, Role.RETAILER, 0);
      expect(await constellations.hasRoles(1, retailer.address, Role.RETAILER)).to.equal(true);
    });

    it("votes in motions: its vote appoints and removes admins, and alone it cannot demote one", async function () {
      const { safeAddress, constellations, brand, retailer, asSafe } =
        await networkHelpers.loadFixture(deployWithRegisteredSafe);
      await constellations.connect(brand).create("Brand chain", "", "", ethers.ZeroHash);
      const expiresAt = (await now()) + 7 * DAY;
      await constellations.connect(brand).invite(1, safeAddress, Role.PRODUCER, expiresAt);
      await constellations.connect(brand).invite(1, retailer.address, Role.RETAILER, expiresAt);
      await asSafe(constellations, constellations.interface.encodeFunctionData("acceptInvitation", [1]));
      await constellations.connect(retailer).acceptInvitation(1);
      const vote = (motion: number, target: string) =>
        asSafe(constellations, constellations.interface.encodeFunctionData("voteMotion", [1, motion, target]));
      // The brand, the only admin, appoints the Safe; the Safe accepts.
      await constellations.connect(brand).voteMotion(1, Motion.AppointAdmin, safeAddress);
      await asSafe(constellations, constellations.interface.encodeFunctionData("acceptRoles", [1, Role.ADMIN]));
      // With two admins the Safe's vote is the deciding one that offers ADMIN to the retailer.
      await constellations.connect(brand).voteMotion(1, Motion.AppointAdmin, retailer.address);
      await expect(vote(Motion.AppointAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(1n, Motion.AppointAdmin, retailer.address, safeAddress, 2, 2)
        .and.to.emit(constellations, "PendingRolesChanged")
        .withArgs(1n, retailer.address, Role.ADMIN, safeAddress);
      await constellations.connect(retailer).acceptRoles(1, Role.ADMIN);
      expect((await constellations.constellationOf(1)).adminCount).to.equal(3n);

      // No single admin removes another: revoking ADMIN or removing an admin directly is refused.
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("revokeRoles", [1, retailer.address, Role.ADMIN]),
        ),
      )
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(1n, retailer.address);
      await expect(
        asSafe(constellations, constellations.interface.encodeFunctionData("removeMember", [1, retailer.address])),
      )
        .to.be.revertedWithCustomError(constellations, "AdminChangeNeedsMajority")
        .withArgs(1n, retailer.address);

      // One vote of three admins does not carry a motion.
      await expect(vote(Motion.DemoteAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(1n, Motion.DemoteAdmin, retailer.address, safeAddress, 1, 2)
        .and.not.to.emit(constellations, "RolesChanged");
      expect(await constellations.hasVoted(1, Motion.DemoteAdmin, retailer.address, safeAddress)).to.equal(true);
      await expect(vote(Motion.DemoteAdmin, retailer.address))
        .to.be.revertedWithCustomError(constellations, "AlreadyVoted")
        .withArgs(1n, Motion.DemoteAdmin, retailer.address, safeAddress);
      expect(await constellations.hasRoles(1, retailer.address, Role.ADMIN)).to.equal(true);

      // The brand votes to remove the retailer; the Safe's vote is the second of three and carries it.
      await constellations.connect(brand).voteMotion(1, Motion.RemoveAdmin, retailer.address);
      await expect(vote(Motion.RemoveAdmin, retailer.address))
        .to.emit(constellations, "MotionVoted")
        .withArgs(1n, Motion.RemoveAdmin, retailer.address, safeAddress, 2, 2)
        .and.to.emit(constellations, "MemberRemoved")
        .withArgs(1n, retailer.address, safeAddress);
      expect((await constellations.membershipOf(1, retailer.address)).joinedAt).to.equal(0n);
      const c = await constellations.constellationOf(1);
      expect(c.adminCount).to.equal(2n);
      // The admin set changed, so the earlier demotion vote no longer counts.
      expect(await constellations.hasVoted(1, Motion.DemoteAdmin, retailer.address, safeAddress)).to.equal(false);
    });

    it("marks itself compromised: its operators stop, its own account keeps managing", async function () {
      const { safeAddress, companies, constellations, safeOperator, asSafe } =
        await networkHelpers.loadFixture(deployWithSafeOperator);
      await constellations
        .connect(safeOperator)
        .actFor(
          safeAddress,
          constellations.interface.encodeFunctionData("create", ["Safe chain", "", "", ethers.ZeroHash]),
        );
      const since = await now(); // from the last block on, which lies in the past
      await expect(asSafe(companies, companies.interface.encodeFunctionData("markCompromised", [since])))
        .to.emit(companies, "CompanyCompromised")
        .withArgs(safeAddress, since);
      expect((await companies.statusOf(safeAddress)).compromisedFrom).to.equal(BigInt(since));
      expect(await companies.isActing(safeAddress, safeOperator.address, Permission.MEMBERSHIP)).to.equal(false);
      expect(await companies.isActing(safeAddress, safeAddress, Permission.ALL)).to.equal(true);

      await expect(
        constellations
          .connect(safeOperator)
          .actFor(
            safeAddress,
            constellations.interface.encodeFunctionData("create", ["Again", "", "", ethers.ZeroHash]),
          ),
      )
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(safeAddress, since);
      // The mark only moves earlier.
      await expect(asSafe(companies, companies.interface.encodeFunctionData("markCompromised", [since + 1])))
        .to.be.revertedWithCustomError(companies, "CompromiseNotEarlier")
        .withArgs(safeAddress, since, since + 1);
      await expect(asSafe(companies, companies.interface.encodeFunctionData("markCompromised", [since - 60])))
        .to.emit(companies, "CompanyCompromised")
        .withArgs(safeAddress, since - 60);
      // The Safe itself still administers: it updates its constellation's description.
      await expect(
        asSafe(
          constellations,
          constellations.interface.encodeFunctionData("update", [1, "Safe chain v2", "", "", ethers.ZeroHash]),
        ),
      )
        .to.emit(constellations, "ConstellationUpdated")
        .withArgs(1n, safeAddress, "Safe chain v2", "", "", ethers.ZeroHash);
    });
  });

  describe("acting through an EOA operator (actFor)", function () {
    it("creates a constellation, invites, grants roles and updates the profile for the Safe", async function () {
      const { safeAddress, companies, constellations, supplier, safeOperator } =
        await networkHelpers.loadFixture(deployWithSafeOperator);
      const byOperator = constellations.connect(safeOperator);

      await expect(
        byOperator.actFor(
          safeAddress,
          constellations.interface.encodeFunctionData("create", ["Run by operator", "p", "ipfs://x", ethers.ZeroHash]),
        ),
      )
        .to.emit(constellations, "ActedFor")
        .withArgs(safeAddress, safeOperator.address)
        .and.to.emit(constellations, "ConstellationCreated")
        .withArgs(1n, safeAddress, "Run by operator", "p", "ipfs://x", ethers.ZeroHash)
        .and.to.emit(constellations, "MemberJoined")
        .withArgs(1n, safeAddress, safeAddress, Role.ADMIN, 0);
      // The Safe, not the operator, is the founder and admin.
      expect(await constellations.hasRoles(1, safeAddress, Role.ADMIN)).to.equal(true);
      expect((await constellations.membershipOf(1, safeOperator.address)).joinedAt).to.equal(0n);
      expect(
        await constellations.canActWithRoles(1, safeAddress, safeOperator.address, Role.ADMIN, Permission.MEMBERSHIP),
      ).to.equal(true);

      const expiresAt = (await now()) + 7 * DAY;
      await expect(
        byOperator.actFor(
          safeAddress,
          constellations.interface.encodeFunctionData("invite", [1, supplier.address, Role.SUPPLIER, expiresAt]),
        ),
      )
        .to.emit(constellations, "Invited")
        .withArgs(1n, supplier.address, safeAddress, Role.SUPPLIER, expiresAt);
      await constellations.connect(supplier).acceptInvitation(1);

      await expect(
        byOperator.actFor(
          safeAddress,
          constellations.interface.encodeFunctionData("grantRoles", [1, supplier.address, Role.LOGISTICS]),
        ),
      )
        .to.emit(constellations, "RolesChanged")
        .withArgs(1n, supplier.address, Role.SUPPLIER | Role.LOGISTICS, safeAddress);
      expect(await constellations.hasRoles(1, supplier.address, Role.SUPPLIER | Role.LOGISTICS)).to.equal(true);

      const updated = profile("Safe Cooperative (by operator)");
      await expect(
        companies
          .connect(safeOperator)
          .actFor(safeAddress, companies.interface.encodeFunctionData("updateProfile", [updated])),
      )
        .to.emit(companies, "ActedFor")
        .withArgs(safeAddress, safeOperator.address)
        .and.to.emit(companies, "CompanyUpdated")
        .withArgs(safeAddress, profileTuple(updated));
      expect(profileTuple(await companies.profileOf(safeAddress))).to.deep.equal(profileTuple(updated));
    });

    it("cannot do what its permissions do not cover, nor manage the Safe's operators", async function () {
      const { safeAddress, companies, constellations, safeOperator, safeOperator2, asSafe } =
        await networkHelpers.loadFixture(deployWithSafeOperator);
      await asSafe(
        companies,
        companies.interface.encodeFunctionData("setOperator", [
          safeOperator2.address,
          Permission.MEMBERSHIP,
          (await now()) + DAY,
        ]),
      );
      await constellations
        .connect(safeOperator2)
        .actFor(safeAddress, constellations.interface.encodeFunctionData("create", ["C", "", "", ethers.ZeroHash]));
      // MEMBERSHIP founds, but inviting needs CONSTELLATION_ADMIN.
      await expect(
        constellations
          .connect(safeOperator2)
          .actFor(
            safeAddress,
            constellations.interface.encodeFunctionData("invite", [1, safeOperator.address, 0, (await now()) + DAY]),
          ),
      )
        .to.be.revertedWithCustomError(constellations, "NotActingFor")
        .withArgs(safeAddress, safeOperator2.address, Permission.CONSTELLATION_ADMIN);
      // Only the Safe's own account manages operators.
      await expect(
        companies
          .connect(safeOperator)
          .actFor(
            safeAddress,
            companies.interface.encodeFunctionData("setOperator", [safeOperator.address, Permission.ALL, 2n ** 40n]),
          ),
      ).to.be.revertedWithCustomError(companies, "DirectCallRequired");
      await expect(
        companies
          .connect(safeOperator)
          .actFor(safeAddress, companies.interface.encodeFunctionData("removeOperator", [safeOperator2.address])),
      ).to.be.revertedWithCustomError(companies, "DirectCallRequired");
    });

    // A sender that is no live operator is refused before the wrapped call runs, hence permissions 0 in the error.
    it("is refused once the Safe removed it", async function () {
      const { safeAddress, companies, constellations, safeOperator, asSafe } =
        await networkHelpers.loadFixture(deployWithSafeOperator);
      const create = constellations.interface.encodeFunctionData("create", ["C", "", "", ethers.ZeroHash]);
      await constellations.connect(safeOperator).actFor(safeAddress, create);
      await asSafe(companies, companies.interface.encodeFunctionData("removeOperator", [safeOperator.address]));

      await expect(constellations.connect(safeOperator).actFor(safeAddress, create))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(safeAddress, safeOperator.address, 0);
      await expect(
        constellations
          .connect(safeOperator)
          .actFor(
            safeAddress,
            constellations.interface.encodeFunctionData("update", [1, "X", "", "", ethers.ZeroHash]),
          ),
      )
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(safeAddress, safeOperator.address, 0);
      await expect(
        companies
          .connect(safeOperator)
          .actFor(safeAddress, companies.interface.encodeFunctionData("updateProfile", [profile("Hijack")])),
      )
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(safeAddress, safeOperator.address, 0);
      expect(await constellations.constellationCount()).to.equal(1n);
    });

    it("is refused from its expiry on, and not a second earlier", async function () {
      const { safeAddress, companies, constellations, safeOperator, operatorExpiresAt } =
        await networkHelpers.loadFixture(deployWithSafeOperator);
      const create = (name: string) =>
        constellations
          .connect(safeOperator)
          .actFor(safeAddress, constellations.interface.encodeFunctionData("create", [name, "", "", ethers.ZeroHash]));

      await networkHelpers.time.setNextBlockTimestamp(operatorExpiresAt - 1);
      await expect(create("Last second")).to.emit(constellations, "ConstellationCreated");

      await networkHelpers.time.setNextBlockTimestamp(operatorExpiresAt);
      await expect(create("Too late"))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(safeAddress, safeOperator.address, 0);
      await expect(
        companies
          .connect(safeOperator)
          .actFor(safeAddress, companies.interface.encodeFunctionData("updateProfile", [profile("Late")])),
      )
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(safeAddress, safeOperator.address, 0);
      await networkHelpers.time.increaseTo(operatorExpiresAt + 1);
      expect(await companies.isActing(safeAddress, safeOperator.address, Permission.MEMBERSHIP)).to.equal(false);
      expect(profileTuple(await companies.profileOf(safeAddress))).to.deep.equal(profileTuple(SAFE_PROFILE));
      expect(await constellations.constellationCount()).to.equal(1n);
    });
  });

  describe("as an accreditation body", function () {
    it("is appointed by governance and accredits a company through execTransaction", async function () {
      const { safeAddress, accreditations, governance, brand, asSafe } =
        await networkHelpers.loadFixture(deployWithRegisteredSafe);
      const appointedAt = await pinNextBlockTime();
      await expect(accreditations.connect(governance).appointBody(safeAddress, Kind.GS1_COMPANY_PREFIX, "GS1 Safe"))
        .to.emit(accreditations, "BodyAppointed")
        .withArgs(safeAddress, Kind.GS1_COMPANY_PREFIX, "GS1 Safe");
      const body = await accreditations.bodyOf(safeAddress);
      expect(body.kinds).to.equal(BigInt(Kind.GS1_COMPANY_PREFIX));
      expect(body.prefixTerm).to.equal(1n);
      expect(body.appointedAt).to.equal(BigInt(appointedAt));

      const subject = await accreditations.prefixSubject("4012345");
      const id = await accreditations.accreditationId(brand.address, Kind.GS1_COMPANY_PREFIX, subject);
      const expiresAt = (await now()) + 365 * DAY;
      const evidence = ethers.id("GS1 licence 4012345");
      await expect(
        asSafe(
          accreditations,
          accreditations.interface.encodeFunctionData("accredit", [
            brand.address,
            Kind.GS1_COMPANY_PREFIX,
            subject,
            expiresAt,
            evidence,
          ]),
        ),
      )
        .to.emit(accreditations, "Accredited")
        .withArgs(id, brand.address, safeAddress, Kind.GS1_COMPANY_PREFIX, subject, expiresAt, evidence);
      expect(await accreditations.isAccreditedForPrefix(brand.address, "4012345")).to.equal(true);
      const [record, valid] = await accreditations.accreditationOf(brand.address, Kind.GS1_COMPANY_PREFIX, subject);
      expect(record.body).to.equal(safeAddress);
      expect(record.term).to.equal(1n);
      expect(record.expiresAt).to.equal(BigInt(expiresAt));
      expect(valid).to.equal(true);

      // Kinds it was not appointed for stay closed to it.
      await expect(
        asSafe(
          accreditations,
          accreditations.interface.encodeFunctionData("accredit", [
            brand.address,
            Kind.VERIFIER_TOPIC,
            ethers.id("topic"),
            expiresAt,
            evidence,
          ]),
        ),
      )
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(safeAddress, Kind.VERIFIER_TOPIC);

      // The body revokes what it attested.
      await expect(
        asSafe(
          accreditations,
          accreditations.interface.encodeFunctionData("revoke", [brand.address, Kind.GS1_COMPANY_PREFIX, subject]),
        ),
      )
        .to.emit(accreditations, "AccreditationRevoked")
        .withArgs(id, brand.address, safeAddress, Kind.GS1_COMPANY_PREFIX, subject);
      expect(await accreditations.isAccreditedForPrefix(brand.address, "4012345")).to.equal(false);
    });

    it("accredits through an operator holding ACCREDIT, and not through one without it", async function () {
      const { safeAddress, accreditations, companies, governance, supplier, safeOperator, safeOperator2, asSafe } =
        await networkHelpers.loadFixture(deployWithSafeBody);
      const operatorExpiresAt = (await now()) + 30 * DAY;
      await asSafe(
        companies,
        companies.interface.encodeFunctionData("setOperator", [
          safeOperator.address,
          Permission.ACCREDIT,
          operatorExpiresAt,
        ]),
      );
      await asSafe(
        companies,
        companies.interface.encodeFunctionData("setOperator", [
          safeOperator2.address,
          Permission.ALL & ~Permission.ACCREDIT,
          operatorExpiresAt,
        ]),
      );
      const subject = await accreditations.prefixSubject("40123456");
      const id = await accreditations.accreditationId(supplier.address, Kind.GS1_COMPANY_PREFIX, subject);
      const expiresAt = (await now()) + 90 * DAY;
      const evidence = ethers.id("licence");
      const accredit = accreditations.interface.encodeFunctionData("accredit", [
        supplier.address,
        Kind.GS1_COMPANY_PREFIX,
        subject,
        expiresAt,
        evidence,
      ]);

      await expect(accreditations.connect(safeOperator2).actFor(safeAddress, accredit))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(safeAddress, safeOperator2.address, Permission.ACCREDIT);

      await expect(accreditations.connect(safeOperator).actFor(safeAddress, accredit))
        .to.emit(accreditations, "ActedFor")
        .withArgs(safeAddress, safeOperator.address)
        .and.to.emit(accreditations, "Accredited")
        .withArgs(id, supplier.address, safeAddress, Kind.GS1_COMPANY_PREFIX, subject, expiresAt, evidence);
      expect(await accreditations.isAccreditedForPrefix(supplier.address, "40123456")).to.equal(true);
      expect(
        (await accreditations.accreditationOf(supplier.address, Kind.GS1_COMPANY_PREFIX, subject))[0].body,
      ).to.equal(safeAddress);

      // The operator revokes for the body too; governance removing the body voids the rest at once.
      await accreditations.connect(safeOperator).actFor(safeAddress, accredit);
      await expect(
        accreditations
          .connect(safeOperator)
          .actFor(
            safeAddress,
            accreditations.interface.encodeFunctionData("revoke", [supplier.address, Kind.GS1_COMPANY_PREFIX, subject]),
          ),
      )
        .to.emit(accreditations, "AccreditationRevoked")
        .withArgs(id, supplier.address, safeAddress, Kind.GS1_COMPANY_PREFIX, subject);
      await accreditations.connect(safeOperator).actFor(safeAddress, accredit);
      await accreditations.connect(governance).removeBody(safeAddress);
      expect(await accreditations.isAccreditedForPrefix(supplier.address, "40123456")).to.equal(false);
      await expect(accreditations.connect(safeOperator).actFor(safeAddress, accredit))
        .to.be.revertedWithCustomError(accreditations, "BodyNotAppointed")
        .withArgs(safeAddress, Kind.GS1_COMPANY_PREFIX);

      // After its expiry the operator accredits nothing, even for a re-appointed body.
      await accreditations.connect(governance).appointBody(safeAddress, Kind.GS1_COMPANY_PREFIX, "GS1 Safe");
      await networkHelpers.time.increaseTo(operatorExpiresAt);
      await expect(accreditations.connect(safeOperator).actFor(safeAddress, accredit))
        .to.be.revertedWithCustomError(companies, "NotActingFor")
        .withArgs(safeAddress, safeOperator.address, 0);
    });
  });
});
