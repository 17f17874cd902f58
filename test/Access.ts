import { expect } from "chai";
import type { ContractTransactionResponse, Signer as EthersSigner, TypedDataDomain } from "ethers";

import type { Access, IAccess } from "../types/typechain/index.js";
import { pinNextBlockTime } from "./helpers/expect.js";
import {
  DAY,
  deployConstellate,
  deployWithConstellation,
  ethers,
  networkHelpers,
  now,
  Permission,
  profile,
  Role,
  type Signer,
} from "./helpers/fixture.js";
import { deploySafe, execSafeTransaction, type SafeContract } from "./helpers/safe.js";
import { approveSafeMessage, deploySignMessageLib, signSafeMessage } from "./helpers/safe-signatures.js";

const ZERO = ethers.ZeroAddress;
const coder = ethers.AbiCoder.defaultAbiCoder();

/** IAccess.GranteeKind. */
const GranteeKind = { Account: 0, Constellation: 1 } as const;

/** Scopes as the sdk builds them (`accessScope(kind, product, dataset)`); here any non-zero words. */
const SCOPE = ethers.id("scope:product-1:certificates");
const SCOPE2 = ethers.id("scope:product-1:lab-results");
const SALT = ethers.id("hmac(owner secret, grantee)");
const COMMITMENT = ethers.id("a blinded grant");
const COMMITMENT2 = ethers.id("another blinded grant");

/** A grant as the contract takes it. */
interface GrantInput {
  owner: string;
  scope: string;
  kind: number;
  account: string;
  constellation: bigint;
  roles: number;
}

function accountGrant(owner: string, account: string, scope = SCOPE): GrantInput {
  return { owner, scope, kind: GranteeKind.Account, account, constellation: 0n, roles: 0 };
}

function constellationGrant(owner: string, constellation: bigint, roles = 0, scope = SCOPE): GrantInput {
  return { owner, scope, kind: GranteeKind.Constellation, account: ZERO, constellation, roles };
}

/** IAccess.grantId off-chain: keccak256(abi.encode(grant)), the struct as one static tuple. */
function grantIdOf(g: GrantInput): string {
  return ethers.keccak256(
    coder.encode(
      ["tuple(address,bytes32,uint8,address,uint64,uint8)"],
      [[g.owner, g.scope, g.kind, g.account, g.constellation, g.roles]],
    ),
  );
}

/** The fields of AccessGranted after the id, in order. */
function grantedArgs(id: string, g: GrantInput, expiresAt: number | bigint) {
  return [id, g.owner, g.scope, g.kind, g.account, g.constellation, g.roles, expiresAt] as const;
}

/** A GrantRecord as plain numbers. */
async function recordOf(access: Access, owner: string, id: string) {
  const r = await access.grantOf(owner, id);
  return { grantedAt: Number(r.grantedAt), expiresAt: Number(r.expiresAt), revokedAt: Number(r.revokedAt) };
}

async function blindedRecordOf(access: Access, owner: string, commitment: string) {
  const r = await access.blindedGrantOf(owner, commitment);
  return { grantedAt: Number(r.grantedAt), expiresAt: Number(r.expiresAt), revokedAt: Number(r.revokedAt) };
}

const NO_RECORD = { grantedAt: 0, expiresAt: 0, revokedAt: 0 };

/** The block time at which `tx` was mined, and its gas. */
async function mined(tx: ContractTransactionResponse | Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction not mined");
  const block = await ethers.provider.getBlock(receipt.blockNumber);
  if (block === null) throw new Error("block not found");
  return { at: block.timestamp, gasUsed: receipt.gasUsed };
}

/** The typed data of grantBlindedBySig. */
const GRANT_BLINDED_TYPES = {
  GrantBlinded: [
    { name: "owner", type: "address" },
    { name: "commitment", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

interface BlindedRequest {
  owner: string;
  commitment: string;
  expiresAt: number;
  signer: string;
  nonce: bigint;
  deadline: number;
}

/** The EIP-712 domain of `access` on this chain. */
async function domainOf(access: Access): Promise<TypedDataDomain> {
  const { chainId } = await ethers.provider.getNetwork();
  return { name: "Constellate Access", version: "1", chainId, verifyingContract: await access.getAddress() };
}

async function digestOf(access: Access, request: BlindedRequest): Promise<string> {
  return ethers.TypedDataEncoder.hash(await domainOf(access), GRANT_BLINDED_TYPES, request);
}

async function signBlinded(
  signer: EthersSigner,
  access: Access,
  request: BlindedRequest,
  domain: Partial<TypedDataDomain> = {},
): Promise<string> {
  return signer.signTypedData({ ...(await domainOf(access)), ...domain }, GRANT_BLINDED_TYPES, request);
}

function submit(access: Access, relayer: EthersSigner, r: BlindedRequest, signature: string) {
  return access
    .connect(relayer)
    .grantBlindedBySig(r.owner, r.commitment, r.expiresAt, r.signer, r.nonce, r.deadline, signature);
}

/** The typed data of grantAccessBySig: GrantAccess and the Grant it nests. */
const GRANT_ACCESS_TYPES = {
  GrantAccess: [
    { name: "grant", type: "Grant" },
    { name: "expiresAt", type: "uint64" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
  Grant: [
    { name: "owner", type: "address" },
    { name: "scope", type: "bytes32" },
    { name: "kind", type: "uint8" },
    { name: "account", type: "address" },
    { name: "constellation", type: "uint64" },
    { name: "roles", type: "uint8" },
  ],
};

interface GrantRequest {
  grant: GrantInput;
  expiresAt: number;
  signer: string;
  nonce: bigint;
  deadline: number;
}

/** A signed grant of `grant` by `signer`, valid for an hour, expiring in 30 days. */
async function grantRequest(grant: GrantInput, signer: string, nonce = 1n): Promise<GrantRequest> {
  const t = await now();
  return { grant, expiresAt: t + 30 * DAY, signer, nonce, deadline: t + 3600 };
}

async function grantDigestOf(access: Access, request: GrantRequest): Promise<string> {
  return ethers.TypedDataEncoder.hash(await domainOf(access), GRANT_ACCESS_TYPES, request);
}

async function signGrant(signer: EthersSigner, access: Access, request: GrantRequest): Promise<string> {
  return signer.signTypedData(await domainOf(access), GRANT_ACCESS_TYPES, request);
}

function submitGrant(access: Access, relayer: EthersSigner, r: GrantRequest, signature: string) {
  return access.connect(relayer).grantAccessBySig(r.grant, r.expiresAt, r.signer, r.nonce, r.deadline, signature);
}

/**
 * Runtime code for an EOA to delegate to (EIP-7702): an ERC-1271 wallet that answers the magic value for the hashes
 * its account approved, and 0 otherwise. The account approves a hash by calling itself with the hash as calldata.
 *   if selector == isValidSignature: return sload(hash) != 0 ? 0x1626ba7e : 0
 *   else: require(caller == address); sstore(calldata[0:32], 1)
 */
const APPROVED_HASH_WALLET_INITCODE =
  "0x604080600b6000396000f3" +
  "60003560e01c631626ba7e14602157333014601957600080fd5b600160003555005b6004355415603a57631626ba7e60e01b600052602060" +
  "00f35b60206000f3";

/**
 * Constellate with constellation 1 (brand ADMIN, supplier SUPPLIER, retailer RETAILER), Access deployed, and a relayer
 * (an account that is no company) to submit signed operations.
 */
async function deployAccess() {
  const base = await deployWithConstellation();
  const { companies, constellations, brand, retailer } = base;
  const access = (await ethers.deployContract("Access", [
    await companies.getAddress(),
    await constellations.getAddress(),
  ])) as unknown as Access;
  await constellations.connect(brand).invite(1, retailer.address, Role.RETAILER, (await now()) + 7 * DAY);
  await constellations.connect(retailer).acceptInvitation(1);
  const signers = await ethers.getSigners();
  const relayer = signers[9];
  if (relayer === undefined) throw new Error("missing test account");
  return { ...base, access, relayer };
}

type Fx = Awaited<ReturnType<typeof deployAccess>>;

/** The brand appoints `operator` with `permissions` for a day and returns the expiry. */
async function appoint(fx: Fx, operator: Signer, permissions: bigint, lifetime = DAY): Promise<number> {
  const expiresAt = (await now()) + lifetime;
  await fx.companies.connect(fx.brand).setOperator(operator.address, permissions, expiresAt);
  return expiresAt;
}

/** A blinded request of `owner` signed by `signer`, valid for an hour, expiring in 30 days. */
async function blindedRequest(owner: string, signer: string, nonce = 1n, commitment = COMMITMENT) {
  const t = await now();
  return { owner, commitment, expiresAt: t + 30 * DAY, signer, nonce, deadline: t + 3600 } as BlindedRequest;
}

describe("Access", function () {
  describe("deployment", function () {
    it("reports version 1.0.0, its sibling contracts and its constants", async function () {
      const { access, companies, constellations } = await networkHelpers.loadFixture(deployAccess);
      expect(await access.version()).to.equal("1.0.0");
      expect(await access.COMPANIES()).to.equal(await companies.getAddress());
      expect(await access.CONSTELLATIONS()).to.equal(await constellations.getAddress());
      expect(await access.BLINDED_GRANT_DOMAIN()).to.equal(ethers.id("constellate.access.blinded-grant.v1"));
      expect(await access.GRANT_BLINDED_TYPEHASH()).to.equal(
        ethers.id(
          "GrantBlinded(address owner,bytes32 commitment,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)",
        ),
      );
    });

    it("publishes its EIP-712 domain (ERC-5267)", async function () {
      const { access } = await networkHelpers.loadFixture(deployAccess);
      const domain = await access.eip712Domain();
      const { chainId } = await ethers.provider.getNetwork();
      expect(domain.name).to.equal("Constellate Access");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await access.getAddress());
    });

    it("computes grant ids as keccak256(abi.encode(grant)), committing to the owner", async function () {
      const { access, brand, supplier, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      expect(await access.grantId(g)).to.equal(grantIdOf(g));
      const c = constellationGrant(brand.address, 1n, Role.SUPPLIER);
      expect(await access.grantId(c)).to.equal(grantIdOf(c));
      const other = accountGrant(supplier.address, retailer.address);
      expect(await access.grantId(other)).to.not.equal(await access.grantId(g));
    });

    it("reports empty records and no access for what was never granted", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      expect(await recordOf(access, brand.address, grantIdOf(g))).to.deep.equal(NO_RECORD);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
      expect(await blindedRecordOf(access, brand.address, COMMITMENT)).to.deep.equal(NO_RECORD);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(false);
    });
  });

  describe("grants to an account", function () {
    it("grants, records and authorises the grantee only", async function () {
      const { access, brand, supplier, retailer, stranger } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const id = grantIdOf(g);
      const expiresAt = (await now()) + 30 * DAY;
      expect(await access.connect(brand).grantAccess.staticCall(g, expiresAt)).to.equal(id);
      const at = await pinNextBlockTime();
      await expect(access.connect(brand).grantAccess(g, expiresAt))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(id, g, expiresAt));
      expect(await recordOf(access, brand.address, id)).to.deep.equal({ grantedAt: at, expiresAt, revokedAt: 0 });
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
      for (const other of [brand, supplier, stranger]) {
        expect(await access.canAccess(g, other.address)).to.equal(false);
      }
      // The record is under the owner only.
      expect(await recordOf(access, retailer.address, id)).to.deep.equal(NO_RECORD);
    });

    it("grants to any address, a company or not", async function () {
      const { access, brand, stranger } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, stranger.address);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      expect(await access.canAccess(g, stranger.address)).to.equal(true);
    });

    it("authorises until the second before its expiry, never from it on", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const expiresAt = (await now()) + 10 * DAY;
      await access.connect(brand).grantAccess(g, expiresAt);
      await networkHelpers.time.increaseTo(expiresAt - 1);
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
      await networkHelpers.time.increaseTo(expiresAt);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
      await networkHelpers.time.increaseTo(expiresAt + 365 * DAY);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
    });

    it("accepts the last expiry that fits 40 bits", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const last = 2 ** 40 - 1;
      await expect(access.connect(brand).grantAccess(g, last))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(grantIdOf(g), g, last));
      expect((await recordOf(access, brand.address, grantIdOf(g))).expiresAt).to.equal(last);
    });

    it("revokes at once", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const id = grantIdOf(g);
      const expiresAt = (await now()) + 30 * DAY;
      const { at: grantedAt } = await mined(access.connect(brand).grantAccess(g, expiresAt));
      const at = await pinNextBlockTime(5);
      await expect(access.connect(brand).revokeAccess(id)).to.emit(access, "AccessRevoked").withArgs(id, brand.address);
      expect(await recordOf(access, brand.address, id)).to.deep.equal({ grantedAt, expiresAt, revokedAt: at });
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
    });

    it("revokes an expired grant too", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const expiresAt = (await now()) + DAY;
      await access.connect(brand).grantAccess(g, expiresAt);
      await networkHelpers.time.increaseTo(expiresAt + DAY);
      await expect(access.connect(brand).revokeAccess(grantIdOf(g))).to.emit(access, "AccessRevoked");
    });

    it("renews on a second grant: new expiry, revocation cleared", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const id = grantIdOf(g);
      const first = (await now()) + DAY;
      await access.connect(brand).grantAccess(g, first);
      await access.connect(brand).revokeAccess(id);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);

      const second = (await now()) + 60 * DAY;
      const at = await pinNextBlockTime();
      await expect(access.connect(brand).grantAccess(g, second))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(id, g, second));
      expect(await recordOf(access, brand.address, id)).to.deep.equal({
        grantedAt: at,
        expiresAt: second,
        revokedAt: 0,
      });
      expect(await access.canAccess(g, retailer.address)).to.equal(true);

      // A renewal may also shorten a live grant.
      const third = (await now()) + 2 * DAY;
      await access.connect(brand).grantAccess(g, third);
      await networkHelpers.time.increaseTo(third);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
      // And renew an expired one.
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
    });

    it("keeps grants of different scopes apart", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const a = accountGrant(brand.address, retailer.address, SCOPE);
      const b = accountGrant(brand.address, retailer.address, SCOPE2);
      await access.connect(brand).grantAccess(a, (await now()) + DAY);
      expect(await access.canAccess(b, retailer.address)).to.equal(false);
      await access.connect(brand).grantAccess(b, (await now()) + DAY);
      await access.connect(brand).revokeAccess(grantIdOf(a));
      expect(await access.canAccess(a, retailer.address)).to.equal(false);
      expect(await access.canAccess(b, retailer.address)).to.equal(true);
    });
  });

  describe("owners' namespaces", function () {
    it("never opens one owner's data through another owner's grant under the same scope name", async function () {
      const { access, brand, supplier, retailer, stranger } = await networkHelpers.loadFixture(deployAccess);
      // The supplier grants the stranger its own data under the brand's scope name.
      const theirs = accountGrant(supplier.address, stranger.address, SCOPE);
      await access.connect(supplier).grantAccess(theirs, (await now()) + DAY);
      expect(await access.canAccess(theirs, stranger.address)).to.equal(true);
      // The same grant with the owner field forged to the brand: another id, never granted by the brand.
      const forged = accountGrant(brand.address, stranger.address, SCOPE);
      expect(grantIdOf(forged)).to.not.equal(grantIdOf(theirs));
      expect(await access.canAccess(forged, stranger.address)).to.equal(false);
      // The brand's own grant of that scope to the retailer opens nothing for the stranger, and vice versa.
      const brands = accountGrant(brand.address, retailer.address, SCOPE);
      await access.connect(brand).grantAccess(brands, (await now()) + DAY);
      expect(await access.canAccess(brands, stranger.address)).to.equal(false);
      expect(await access.canAccess(forged, stranger.address)).to.equal(false);
      expect(await access.canAccess(accountGrant(supplier.address, retailer.address), retailer.address)).to.equal(
        false,
      );
      // Records live under each owner: the supplier's id is nothing under the brand.
      expect(await recordOf(access, brand.address, grantIdOf(theirs))).to.deep.equal(NO_RECORD);
    });

    it("refuses a grant in another owner's name", async function () {
      const { access, brand, supplier, retailer } = await networkHelpers.loadFixture(deployAccess);
      await expect(
        access.connect(supplier).grantAccess(accountGrant(brand.address, retailer.address), (await now()) + DAY),
      )
        .to.be.revertedWithCustomError(access, "OwnerNotActing")
        .withArgs(brand.address, supplier.address);
    });

    it("lets no one but the owner revoke its grant", async function () {
      const { access, brand, supplier, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const id = grantIdOf(g);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      // The supplier looks under its own key and finds nothing; nor does the grantee.
      await expect(access.connect(supplier).revokeAccess(id))
        .to.be.revertedWithCustomError(access, "GrantNotFound")
        .withArgs(id, supplier.address);
      await expect(access.connect(retailer).revokeAccess(id))
        .to.be.revertedWithCustomError(access, "GrantNotFound")
        .withArgs(id, retailer.address);
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
    });
  });

  describe("refusals of grantAccess and revokeAccess", function () {
    it("refuses a zero scope", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address, ethers.ZeroHash);
      await expect(access.connect(brand).grantAccess(g, (await now()) + DAY)).to.be.revertedWithCustomError(
        access,
        "InvalidScope",
      );
    });

    it("refuses grantee fields that do not fit the kind", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const expiresAt = (await now()) + DAY;
      const bad: GrantInput[] = [
        accountGrant(brand.address, ZERO),
        { ...accountGrant(brand.address, retailer.address), constellation: 1n },
        { ...accountGrant(brand.address, retailer.address), roles: Role.SUPPLIER },
        constellationGrant(brand.address, 0n),
        { ...constellationGrant(brand.address, 1n), account: retailer.address },
        constellationGrant(brand.address, 1n, 64),
        constellationGrant(brand.address, 1n, 0xff),
      ];
      for (const g of bad) {
        await expect(access.connect(brand).grantAccess(g, expiresAt)).to.be.revertedWithCustomError(
          access,
          "InvalidGrantee",
        );
      }
    });

    it("refuses an expiry not in the future or beyond 40 bits", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const at = await pinNextBlockTime();
      for (const expiresAt of [0, at - 1, at, 2 ** 40, 2n ** 64n - 1n]) {
        await networkHelpers.time.setNextBlockTimestamp(at);
        await expect(access.connect(brand).grantAccess(g, expiresAt))
          .to.be.revertedWithCustomError(access, "InvalidExpiry")
          .withArgs(expiresAt);
      }
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(access.connect(brand).grantAccess(g, at + 1)).to.emit(access, "AccessGranted");
    });

    it("refuses to revoke an unknown grant or a revoked one", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const id = grantIdOf(g);
      await expect(access.connect(brand).revokeAccess(id))
        .to.be.revertedWithCustomError(access, "GrantNotFound")
        .withArgs(id, brand.address);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      await access.connect(brand).revokeAccess(id);
      await expect(access.connect(brand).revokeAccess(id))
        .to.be.revertedWithCustomError(access, "GrantAlreadyRevoked")
        .withArgs(id);
    });
  });

  describe("grants to a constellation", function () {
    it("authorises every member when no role is required, and no one else", async function () {
      const { access, brand, supplier, retailer, verifier, stranger } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n);
      const id = grantIdOf(g);
      const expiresAt = (await now()) + 30 * DAY;
      await expect(access.connect(brand).grantAccess(g, expiresAt))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(id, g, expiresAt));
      for (const member of [brand, supplier, retailer]) {
        expect(await access.canAccess(g, member.address)).to.equal(true);
      }
      for (const outsider of [verifier, stranger]) {
        expect(await access.canAccess(g, outsider.address)).to.equal(false);
      }
      expect(await access.canAccess(g, ZERO)).to.equal(false);
    });

    it("authorises only members holding every required role", async function () {
      const { access, constellations, brand, supplier, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n, Role.SUPPLIER);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      expect(await access.canAccess(g, supplier.address)).to.equal(true);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
      expect(await access.canAccess(g, brand.address)).to.equal(false);

      const both = constellationGrant(brand.address, 1n, Role.SUPPLIER | Role.RETAILER);
      await access.connect(brand).grantAccess(both, (await now()) + DAY);
      expect(await access.canAccess(both, supplier.address)).to.equal(false);
      await constellations.connect(brand).grantRoles(1, supplier.address, Role.RETAILER);
      expect(await access.canAccess(both, supplier.address)).to.equal(true);
    });

    it("follows roles live: a member who loses the role loses access at once, and regains it with the role", async function () {
      const { access, constellations, brand, supplier } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n, Role.SUPPLIER);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      await constellations.connect(brand).revokeRoles(1, supplier.address, Role.SUPPLIER);
      expect(await access.canAccess(g, supplier.address)).to.equal(false);
      await constellations.connect(brand).grantRoles(1, supplier.address, Role.SUPPLIER);
      expect(await access.canAccess(g, supplier.address)).to.equal(true);
    });

    it("does not count a role offered but not accepted", async function () {
      const { access, constellations, brand, supplier } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n, Role.VERIFIER);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      await constellations.connect(brand).grantRoles(1, supplier.address, Role.VERIFIER);
      expect(await access.canAccess(g, supplier.address)).to.equal(false);
      await constellations.connect(supplier).acceptRoles(1, Role.VERIFIER);
      expect(await access.canAccess(g, supplier.address)).to.equal(true);
    });

    it("follows membership live: a member who leaves or is removed loses access at once", async function () {
      const { access, constellations, brand, supplier, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      await constellations.connect(supplier).leaveConstellation(1);
      expect(await access.canAccess(g, supplier.address)).to.equal(false);
      await constellations.connect(brand).removeMember(1, retailer.address);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
      expect(await access.canAccess(g, brand.address)).to.equal(true);
    });

    it("never authorises a non-member, not even one invited", async function () {
      const { access, constellations, brand, verifier, stranger } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n);
      await access.connect(brand).grantAccess(g, (await now()) + DAY);
      await constellations.connect(brand).invite(1, verifier.address, 0, (await now()) + DAY);
      expect(await access.canAccess(g, verifier.address)).to.equal(false);
      expect(await access.canAccess(g, stranger.address)).to.equal(false);
      // A grant to another constellation (which the brand founds) opens nothing for the members of 1.
      const other = constellationGrant(brand.address, 2n);
      expect(await access.canAccess(other, verifier.address)).to.equal(false);
    });

    it("expires and is revoked like any grant", async function () {
      const { access, brand, supplier } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n);
      const expiresAt = (await now()) + DAY;
      await access.connect(brand).grantAccess(g, expiresAt);
      await access.connect(brand).revokeAccess(grantIdOf(g));
      expect(await access.canAccess(g, supplier.address)).to.equal(false);
      await access.connect(brand).grantAccess(g, expiresAt);
      expect(await access.canAccess(g, supplier.address)).to.equal(true);
      await networkHelpers.time.increaseTo(expiresAt);
      expect(await access.canAccess(g, supplier.address)).to.equal(false);
    });

    it("refuses an owner that is not a member of the constellation", async function () {
      const { access, verifier, stranger } = await networkHelpers.loadFixture(deployAccess);
      const expiresAt = (await now()) + DAY;
      await expect(access.connect(verifier).grantAccess(constellationGrant(verifier.address, 1n), expiresAt))
        .to.be.revertedWithCustomError(access, "OwnerNotAMember")
        .withArgs(1, verifier.address);
      await expect(access.connect(stranger).grantAccess(constellationGrant(stranger.address, 7n), expiresAt))
        .to.be.revertedWithCustomError(access, "OwnerNotAMember")
        .withArgs(7, stranger.address);
    });

    it("lets any member grant to its constellation, not only an admin", async function () {
      const { access, supplier, retailer } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(supplier.address, 1n, Role.RETAILER);
      await access.connect(supplier).grantAccess(g, (await now()) + DAY);
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
    });
  });

  describe("operators", function () {
    it("grant and revoke for their company with ACCESS", async function () {
      const { access, companies, brand, retailer, operator } = await networkHelpers.loadFixture(deployAccess);
      await appoint({ access, companies, brand } as Fx, operator, Permission.ACCESS);
      const g = accountGrant(brand.address, retailer.address);
      const id = grantIdOf(g);
      const expiresAt = (await now()) + DAY;
      const grant = access.interface.encodeFunctionData("grantAccess", [g, expiresAt]);
      await expect(access.connect(operator).actFor(brand.address, grant))
        .to.emit(access, "ActedFor")
        .withArgs(brand.address, operator.address)
        .and.to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(id, g, expiresAt));
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
      const revoke = access.interface.encodeFunctionData("revokeAccess", [id]);
      await expect(access.connect(operator).actFor(brand.address, revoke))
        .to.emit(access, "AccessRevoked")
        .withArgs(id, brand.address);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
    });

    it("grant to the company's constellation, as a member through their company", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, supplier, operator } = fx;
      await appoint(fx, operator, Permission.ACCESS);
      const g = constellationGrant(brand.address, 1n, Role.SUPPLIER);
      const data = access.interface.encodeFunctionData("grantAccess", [g, (await now()) + DAY]);
      await expect(access.connect(operator).actFor(brand.address, data)).to.emit(access, "AccessGranted");
      expect(await access.canAccess(g, supplier.address)).to.equal(true);
    });

    it("are refused without ACCESS", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, retailer, operator } = fx;
      await appoint(fx, operator, Permission.ALL & ~Permission.ACCESS);
      const g = accountGrant(brand.address, retailer.address);
      for (const data of [
        access.interface.encodeFunctionData("grantAccess", [g, (await now()) + DAY]),
        access.interface.encodeFunctionData("revokeAccess", [grantIdOf(g)]),
        access.interface.encodeFunctionData("grantBlinded", [COMMITMENT, (await now()) + DAY]),
        access.interface.encodeFunctionData("revokeBlinded", [COMMITMENT]),
      ]) {
        await expect(access.connect(operator).actFor(brand.address, data))
          .to.be.revertedWithCustomError(access, "NotActingFor")
          .withArgs(brand.address, operator.address, Permission.ACCESS);
      }
    });

    it("are refused once expired", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, retailer, operator } = fx;
      const expiry = await appoint(fx, operator, Permission.ACCESS);
      await networkHelpers.time.increaseTo(expiry);
      const data = access.interface.encodeFunctionData("grantAccess", [
        accountGrant(brand.address, retailer.address),
        (await now()) + DAY,
      ]);
      await expect(access.connect(operator).actFor(brand.address, data))
        .to.be.revertedWithCustomError(access, "NotActingFor")
        .withArgs(brand.address, operator.address, 0);
    });

    it("are refused once the company is compromised", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, companies, brand, retailer, operator } = fx;
      await appoint(fx, operator, Permission.ACCESS);
      const since = await now();
      await companies.connect(brand).markCompromised(since);
      const data = access.interface.encodeFunctionData("grantAccess", [
        accountGrant(brand.address, retailer.address),
        (await now()) + DAY,
      ]);
      await expect(access.connect(operator).actFor(brand.address, data))
        .to.be.revertedWithCustomError(companies, "CompanyIsCompromised")
        .withArgs(brand.address, since);
    });

    it("cannot grant in their company's name by calling directly", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, retailer, operator } = fx;
      await appoint(fx, operator, Permission.ACCESS);
      await expect(
        access.connect(operator).grantAccess(accountGrant(brand.address, retailer.address), (await now()) + DAY),
      )
        .to.be.revertedWithCustomError(access, "OwnerNotActing")
        .withArgs(brand.address, operator.address);
    });
  });

  describe("blinded grants", function () {
    it("computes the commitment exactly as documented", async function () {
      const { access, brand, retailer } = await networkHelpers.loadFixture(deployAccess);
      const { chainId } = await ethers.provider.getNetwork();
      const domainTag = ethers.id("constellate.access.blinded-grant.v1");
      const expected = (kind: number, grantee: bigint, roles: number) =>
        ethers.keccak256(
          coder.encode(
            ["bytes32", "uint256", "address", "address", "uint8", "uint256", "uint8", "bytes32", "bytes32"],
            [domainTag, chainId, access.target, brand.address, kind, grantee, roles, SCOPE, SALT],
          ),
        );
      const account = BigInt(retailer.address);
      expect(await access.blindedCommitment(brand.address, GranteeKind.Account, account, 0, SCOPE, SALT)).to.equal(
        expected(GranteeKind.Account, account, 0),
      );
      expect(
        await access.blindedCommitment(brand.address, GranteeKind.Constellation, 1n, Role.SUPPLIER, SCOPE, SALT),
      ).to.equal(expected(GranteeKind.Constellation, 1n, Role.SUPPLIER));
      // The salt and every field count.
      const a = await access.blindedCommitment(brand.address, GranteeKind.Account, account, 0, SCOPE, SALT);
      expect(
        await access.blindedCommitment(brand.address, GranteeKind.Account, account, 0, SCOPE, ethers.ZeroHash),
      ).to.not.equal(a);
      expect(
        await access.blindedCommitment(retailer.address, GranteeKind.Account, account, 0, SCOPE, SALT),
      ).to.not.equal(a);
    });

    it("commits, expires, is revoked and renewed, under its owner", async function () {
      const { access, brand, supplier } = await networkHelpers.loadFixture(deployAccess);
      const expiresAt = (await now()) + 10 * DAY;
      const at = await pinNextBlockTime();
      await expect(access.connect(brand).grantBlinded(COMMITMENT, expiresAt))
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(brand.address, COMMITMENT, expiresAt);
      expect(await blindedRecordOf(access, brand.address, COMMITMENT)).to.deep.equal({
        grantedAt: at,
        expiresAt,
        revokedAt: 0,
      });
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(true);
      expect(await access.isBlindedGrantLive(supplier.address, COMMITMENT)).to.equal(false);
      // Blinded grants and grants are apart: the commitment is no grant id.
      expect(await recordOf(access, brand.address, COMMITMENT)).to.deep.equal(NO_RECORD);

      const revokedAt = await pinNextBlockTime();
      await expect(access.connect(brand).revokeBlinded(COMMITMENT))
        .to.emit(access, "BlindedGrantRevoked")
        .withArgs(brand.address, COMMITMENT);
      expect(await blindedRecordOf(access, brand.address, COMMITMENT)).to.deep.equal({
        grantedAt: at,
        expiresAt,
        revokedAt,
      });
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(false);

      await access.connect(brand).grantBlinded(COMMITMENT, expiresAt);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(true);
      await networkHelpers.time.increaseTo(expiresAt - 1);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(true);
      await networkHelpers.time.increaseTo(expiresAt);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(false);
    });

    it("keeps the same commitment of two owners apart", async function () {
      const { access, brand, supplier } = await networkHelpers.loadFixture(deployAccess);
      await access.connect(brand).grantBlinded(COMMITMENT, (await now()) + DAY);
      await access.connect(supplier).grantBlinded(COMMITMENT, (await now()) + DAY);
      await access.connect(supplier).revokeBlinded(COMMITMENT);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(true);
      expect(await access.isBlindedGrantLive(supplier.address, COMMITMENT)).to.equal(false);
    });

    it("refuses a zero commitment, a bad expiry, and revoking what is not there or revoked", async function () {
      const { access, brand, supplier } = await networkHelpers.loadFixture(deployAccess);
      await expect(
        access.connect(brand).grantBlinded(ethers.ZeroHash, (await now()) + DAY),
      ).to.be.revertedWithCustomError(access, "InvalidScope");
      const at = await pinNextBlockTime();
      await expect(access.connect(brand).grantBlinded(COMMITMENT, at))
        .to.be.revertedWithCustomError(access, "InvalidExpiry")
        .withArgs(at);
      await expect(access.connect(brand).grantBlinded(COMMITMENT, 2 ** 40))
        .to.be.revertedWithCustomError(access, "InvalidExpiry")
        .withArgs(2 ** 40);
      await expect(access.connect(brand).revokeBlinded(COMMITMENT))
        .to.be.revertedWithCustomError(access, "GrantNotFound")
        .withArgs(COMMITMENT, brand.address);
      await access.connect(brand).grantBlinded(COMMITMENT, (await now()) + DAY);
      await expect(access.connect(supplier).revokeBlinded(COMMITMENT))
        .to.be.revertedWithCustomError(access, "GrantNotFound")
        .withArgs(COMMITMENT, supplier.address);
      await access.connect(brand).revokeBlinded(COMMITMENT);
      await expect(access.connect(brand).revokeBlinded(COMMITMENT))
        .to.be.revertedWithCustomError(access, "GrantAlreadyRevoked")
        .withArgs(COMMITMENT);
    });

    it("are made and revoked by an operator holding ACCESS", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, operator } = fx;
      await appoint(fx, operator, Permission.ACCESS);
      const expiresAt = (await now()) + DAY;
      await expect(
        access
          .connect(operator)
          .actFor(brand.address, access.interface.encodeFunctionData("grantBlinded", [COMMITMENT, expiresAt])),
      )
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(brand.address, COMMITMENT, expiresAt);
      await expect(
        access
          .connect(operator)
          .actFor(brand.address, access.interface.encodeFunctionData("revokeBlinded", [COMMITMENT])),
      )
        .to.emit(access, "BlindedGrantRevoked")
        .withArgs(brand.address, COMMITMENT);
      // A direct call is the operator's own namespace, not the company's.
      await access.connect(operator).grantBlinded(COMMITMENT2, expiresAt);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT2)).to.equal(false);
      expect(await access.isBlindedGrantLive(operator.address, COMMITMENT2)).to.equal(true);
    });
  });

  describe("blinded grants by signature", function () {
    it("are submitted by a relayer on the owner's signature", async function () {
      const { access, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await blindedRequest(brand.address, brand.address, 7n);
      const signature = await signBlinded(brand, access, r);
      expect(await access.isNonceUsed(brand.address, r.nonce)).to.equal(false);
      const at = await pinNextBlockTime();
      await expect(submit(access, relayer, r, signature))
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(brand.address, COMMITMENT, r.expiresAt);
      expect(await blindedRecordOf(access, brand.address, COMMITMENT)).to.deep.equal({
        grantedAt: at,
        expiresAt: r.expiresAt,
        revokedAt: 0,
      });
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(true);
      expect(await access.isNonceUsed(brand.address, r.nonce)).to.equal(true);
      expect(await access.nonceBitmap(brand.address, 0)).to.equal(1n << 7n);
      // Nonces are unordered: any unused number works.
      const later = await blindedRequest(brand.address, brand.address, 3n * 256n + 5n, COMMITMENT2);
      await submit(access, relayer, later, await signBlinded(brand, access, later));
      expect(await access.nonceBitmap(brand.address, 3)).to.equal(1n << 5n);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT2)).to.equal(true);
    });

    it("accept a signature until its deadline, inclusive", async function () {
      const { access, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await blindedRequest(brand.address, brand.address);
      const signature = await signBlinded(brand, access, r);
      await networkHelpers.time.setNextBlockTimestamp(r.deadline);
      await expect(submit(access, relayer, r, signature)).to.emit(access, "BlindedGrantCreated");
    });

    it("refuse a replayed nonce, even for another operation", async function () {
      const { access, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await blindedRequest(brand.address, brand.address, 42n);
      const signature = await signBlinded(brand, access, r);
      await submit(access, relayer, r, signature);
      await expect(submit(access, relayer, r, signature))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(brand.address, 42n);
      const other = { ...r, commitment: COMMITMENT2 };
      await expect(submit(access, relayer, other, await signBlinded(brand, access, other)))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(brand.address, 42n);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT2)).to.equal(false);
    });

    it("refuse a cancelled nonce", async function () {
      const { access, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const nonce = 2n * 256n + 9n;
      const r = await blindedRequest(brand.address, brand.address, nonce);
      const signature = await signBlinded(brand, access, r);
      await expect(access.connect(brand).cancelNonces(2, 1n << 9n))
        .to.emit(access, "NoncesCancelled")
        .withArgs(brand.address, 2, 1n << 9n);
      expect(await access.isNonceUsed(brand.address, nonce)).to.equal(true);
      await expect(submit(access, relayer, r, signature))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(brand.address, nonce);
    });

    it("refuse a signature after its deadline", async function () {
      const { access, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await blindedRequest(brand.address, brand.address);
      const signature = await signBlinded(brand, access, r);
      await networkHelpers.time.setNextBlockTimestamp(r.deadline + 1);
      await expect(submit(access, relayer, r, signature))
        .to.be.revertedWithCustomError(access, "SignatureExpired")
        .withArgs(r.deadline, r.deadline + 1);
    });

    it("refuse a signature for another chain or another contract", async function () {
      const { access, companies, constellations, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await blindedRequest(brand.address, brand.address);
      const otherChain = await signBlinded(brand, access, r, { chainId: 1n });
      await expect(submit(access, relayer, r, otherChain))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(brand.address);
      const twin = (await ethers.deployContract("Access", [
        await companies.getAddress(),
        await constellations.getAddress(),
      ])) as unknown as Access;
      const forTwin = await signBlinded(brand, twin, r);
      await expect(submit(access, relayer, r, forTwin))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(brand.address);
      // Where it was meant for, it works.
      await expect(submit(twin, relayer, r, forTwin)).to.emit(twin, "BlindedGrantCreated");
      // Another name or version of the domain is another domain.
      for (const domain of [{ name: "Constellate" }, { version: "2" }]) {
        await expect(submit(access, relayer, r, await signBlinded(brand, access, r, domain)))
          .to.be.revertedWithCustomError(access, "InvalidSignature")
          .withArgs(brand.address);
      }
    });

    it("refuse a field changed after signing", async function () {
      const { access, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await blindedRequest(brand.address, brand.address);
      const signature = await signBlinded(brand, access, r);
      const changed: BlindedRequest[] = [
        { ...r, commitment: COMMITMENT2 },
        { ...r, expiresAt: r.expiresAt + 1 },
        { ...r, nonce: r.nonce + 1n },
        { ...r, deadline: r.deadline + 1 },
      ];
      for (const c of changed) {
        await expect(submit(access, relayer, c, signature))
          .to.be.revertedWithCustomError(access, "InvalidSignature")
          .withArgs(brand.address);
      }
      // Flipping the signature's bytes.
      const bytes = ethers.getBytes(signature);
      bytes[10] = (bytes[10] ?? 0) ^ 1;
      await expect(submit(access, relayer, r, ethers.hexlify(bytes)))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(brand.address);
      await expect(submit(access, relayer, r, "0x"))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(brand.address);
      // Nothing was used up.
      expect(await access.isNonceUsed(brand.address, r.nonce)).to.equal(false);
      await expect(submit(access, relayer, r, signature)).to.emit(access, "BlindedGrantCreated");
    });

    it("refuse a signature by anyone but the named signer, and a signer that does not act for the owner", async function () {
      const { access, brand, supplier, stranger, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await blindedRequest(brand.address, brand.address);
      await expect(submit(access, relayer, r, await signBlinded(stranger, access, r)))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(brand.address);
      // The supplier signs, as itself, a grant in the brand's name.
      const asSupplier = { ...r, signer: supplier.address };
      await expect(submit(access, relayer, asSupplier, await signBlinded(supplier, access, asSupplier)))
        .to.be.revertedWithCustomError(access, "NotActingFor")
        .withArgs(brand.address, supplier.address, Permission.ACCESS);
    });

    it("refuse a zero commitment or a bad expiry, whoever signed", async function () {
      const { access, brand, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = { ...(await blindedRequest(brand.address, brand.address)), commitment: ethers.ZeroHash };
      await expect(submit(access, relayer, r, await signBlinded(brand, access, r))).to.be.revertedWithCustomError(
        access,
        "InvalidScope",
      );
      const past = { ...(await blindedRequest(brand.address, brand.address)), expiresAt: 1 };
      await expect(submit(access, relayer, past, await signBlinded(brand, access, past)))
        .to.be.revertedWithCustomError(access, "InvalidExpiry")
        .withArgs(1);
    });

    it("accept an operator's signature for its company when it holds ACCESS", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, operator, relayer } = fx;
      await appoint(fx, operator, Permission.ACCESS);
      const r = await blindedRequest(brand.address, operator.address, 5n);
      await expect(submit(access, relayer, r, await signBlinded(operator, access, r)))
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(brand.address, COMMITMENT, r.expiresAt);
      expect(await access.isBlindedGrantLive(brand.address, COMMITMENT)).to.equal(true);
      // The nonce is the signer's.
      expect(await access.isNonceUsed(operator.address, 5n)).to.equal(true);
      expect(await access.isNonceUsed(brand.address, 5n)).to.equal(false);
    });

    it("refuse an operator's signature without ACCESS, or once expired", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, operator, operator2, relayer } = fx;
      await appoint(fx, operator, Permission.ALL & ~Permission.ACCESS);
      const r = await blindedRequest(brand.address, operator.address);
      await expect(submit(access, relayer, r, await signBlinded(operator, access, r)))
        .to.be.revertedWithCustomError(access, "NotActingFor")
        .withArgs(brand.address, operator.address, Permission.ACCESS);

      const expiry = await appoint(fx, operator2, Permission.ACCESS);
      const r2 = { ...(await blindedRequest(brand.address, operator2.address)), deadline: expiry + 3600 };
      const signature = await signBlinded(operator2, access, r2);
      await networkHelpers.time.increaseTo(expiry);
      await expect(submit(access, relayer, r2, signature))
        .to.be.revertedWithCustomError(access, "NotActingFor")
        .withArgs(brand.address, operator2.address, Permission.ACCESS);
    });
  });

  describe("grants by signature (grantAccessBySig)", function () {
    it("grant what the owner signed, sent by a relayer, and use the nonce", async function () {
      const { access, brand, retailer, relayer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const r = await grantRequest(g, brand.address, 42n);
      const signature = await signGrant(brand, access, r);
      expect(ethers.verifyTypedData(await domainOf(access), GRANT_ACCESS_TYPES, r, signature)).to.equal(brand.address);
      expect(
        await access
          .connect(relayer)
          .grantAccessBySig.staticCall(r.grant, r.expiresAt, r.signer, r.nonce, r.deadline, signature),
      ).to.equal(grantIdOf(g));
      const at = await pinNextBlockTime(5);
      await expect(submitGrant(access, relayer, r, signature))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(grantIdOf(g), g, r.expiresAt));
      expect(await recordOf(access, brand.address, grantIdOf(g))).to.deep.equal({
        grantedAt: at,
        expiresAt: r.expiresAt,
        revokedAt: 0,
      });
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
      expect(await access.isNonceUsed(brand.address, 42n)).to.equal(true);
      expect(await access.isNonceUsed(relayer.address, 42n)).to.equal(false);
    });

    it("grant to a constellation on the owner's signature", async function () {
      const { access, brand, supplier, retailer, relayer } = await networkHelpers.loadFixture(deployAccess);
      const g = constellationGrant(brand.address, 1n, Role.SUPPLIER);
      const r = await grantRequest(g, brand.address);
      await expect(submitGrant(access, relayer, r, await signGrant(brand, access, r)))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(grantIdOf(g), g, r.expiresAt));
      expect(await access.canAccess(g, supplier.address)).to.equal(true);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
    });

    it("accept an operator's signature with ACCESS, and refuse one without it (NotActingFor)", async function () {
      const fx = await networkHelpers.loadFixture(deployAccess);
      const { access, brand, retailer, operator, operator2, relayer } = fx;
      await appoint(fx, operator, Permission.ACCESS);
      await appoint(fx, operator2, Permission.ALL & ~Permission.ACCESS);
      const g = accountGrant(brand.address, retailer.address);
      const refused = await grantRequest(g, operator2.address);
      await expect(submitGrant(access, relayer, refused, await signGrant(operator2, access, refused)))
        .to.be.revertedWithCustomError(fx.companies, "NotActingFor")
        .withArgs(brand.address, operator2.address, Permission.ACCESS);
      const r = await grantRequest(g, operator.address, 3n);
      await expect(submitGrant(access, relayer, r, await signGrant(operator, access, r)))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(grantIdOf(g), g, r.expiresAt));
      // The grant is the company's, the nonce the operator's.
      expect((await recordOf(access, brand.address, grantIdOf(g))).expiresAt).to.equal(r.expiresAt);
      expect(await access.isNonceUsed(operator.address, 3n)).to.equal(true);
      expect(await access.isNonceUsed(brand.address, 3n)).to.equal(false);
    });

    it("refuse a replayed nonce (NonceAlreadyUsed), for the same grant or another", async function () {
      const { access, brand, retailer, supplier, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await grantRequest(accountGrant(brand.address, retailer.address), brand.address, 7n);
      const signature = await signGrant(brand, access, r);
      await submitGrant(access, relayer, r, signature);
      await expect(submitGrant(access, relayer, r, signature))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(brand.address, 7n);
      const other = await grantRequest(accountGrant(brand.address, supplier.address), brand.address, 7n);
      await expect(submitGrant(access, relayer, other, await signGrant(brand, access, other)))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(brand.address, 7n);
    });

    it("refuse a passed deadline (SignatureExpired)", async function () {
      const { access, brand, retailer, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await grantRequest(accountGrant(brand.address, retailer.address), brand.address);
      const signature = await signGrant(brand, access, r);
      await networkHelpers.time.setNextBlockTimestamp(r.deadline + 1);
      await expect(submitGrant(access, relayer, r, signature))
        .to.be.revertedWithCustomError(access, "SignatureExpired")
        .withArgs(r.deadline, r.deadline + 1);
    });

    it("refuse a field changed after signing, the scope and expiry included (InvalidSignature)", async function () {
      const { access, brand, retailer, supplier, relayer } = await networkHelpers.loadFixture(deployAccess);
      const g = accountGrant(brand.address, retailer.address);
      const r = await grantRequest(g, brand.address, 5n);
      const signature = await signGrant(brand, access, r);
      for (const changed of [
        { ...r, grant: { ...g, scope: SCOPE2 } },
        { ...r, grant: { ...g, account: supplier.address } },
        { ...r, expiresAt: r.expiresAt + 1 },
        { ...r, nonce: 6n },
        { ...r, deadline: r.deadline + 1 },
      ]) {
        await expect(submitGrant(access, relayer, changed, signature))
          .to.be.revertedWithCustomError(access, "InvalidSignature")
          .withArgs(brand.address);
      }
      // The same fields signed by another key, or for another chain.
      await expect(submitGrant(access, relayer, r, await signGrant(supplier, access, r)))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(brand.address);
      const { chainId } = await ethers.provider.getNetwork();
      const otherChain = await brand.signTypedData(
        { ...(await domainOf(access)), chainId: chainId + 1n },
        GRANT_ACCESS_TYPES,
        r,
      );
      await expect(submitGrant(access, relayer, r, otherChain))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(brand.address);
      await expect(submitGrant(access, relayer, r, signature))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(grantIdOf(g), g, r.expiresAt));
    });

    it("apply the rules of grantAccess (InvalidGrantee) and leave the nonce unused", async function () {
      const { access, brand, retailer, relayer } = await networkHelpers.loadFixture(deployAccess);
      const r = await grantRequest(
        { ...accountGrant(brand.address, retailer.address), constellation: 1n },
        brand.address,
      );
      await expect(submitGrant(access, relayer, r, await signGrant(brand, access, r))).to.be.revertedWithCustomError(
        access,
        "InvalidGrantee",
      );
      expect(await access.isNonceUsed(brand.address, r.nonce)).to.equal(false);
    });
  });

  describe("a Safe as owner (ERC-1271)", function () {
    /** As {deployAccess}, with a 2-of-3 Safe 1.5.0 registered as a company. */
    async function deployWithSafe() {
      const fx = await deployAccess();
      const signers = await ethers.getSigners();
      const owners = signers.slice(10, 13);
      if (owners.length !== 3) throw new Error("missing test accounts");
      const safe = await deploySafe(owners, 2);
      const data = fx.companies.interface.encodeFunctionData("register", [profile("Safe Cooperative")]);
      await execSafeTransaction(safe, fx.companies, data, [owners[0]!, owners[1]!], { executor: fx.relayer });
      const signMessageLib = await deploySignMessageLib();
      return { ...fx, safe, safeAddress: await safe.getAddress(), owners, signMessageLib };
    }

    async function safeRequest(safe: SafeContract, nonce = 1n) {
      const address = await safe.getAddress();
      return blindedRequest(address, address, nonce);
    }

    it("accepts the Safe's signature made off-chain by a threshold of owners", async function () {
      const { access, companies, safe, safeAddress, owners, relayer } =
        await networkHelpers.loadFixture(deployWithSafe);
      expect(await companies.isRegistered(safeAddress)).to.equal(true);
      const r = await safeRequest(safe);
      const signature = await signSafeMessage(safe, await digestOf(access, r), [owners[2]!, owners[0]!]);
      await expect(submit(access, relayer, r, signature))
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(safeAddress, COMMITMENT, r.expiresAt);
      expect(await access.isBlindedGrantLive(safeAddress, COMMITMENT)).to.equal(true);
      await expect(submit(access, relayer, r, signature))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(safeAddress, r.nonce);
    });

    it("refuses fewer owners than the threshold, or a SafeMessage over another operation", async function () {
      const { access, safe, safeAddress, owners, relayer } = await networkHelpers.loadFixture(deployWithSafe);
      const r = await safeRequest(safe);
      const digest = await digestOf(access, r);
      await expect(submit(access, relayer, r, await signSafeMessage(safe, digest, [owners[1]!])))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(safeAddress);
      const changed = { ...r, expiresAt: r.expiresAt + DAY };
      await expect(submit(access, relayer, changed, await signSafeMessage(safe, digest, [owners[0]!, owners[1]!])))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(safeAddress);
      // An owner's own signature of the digest is not the Safe's.
      await expect(submit(access, relayer, r, await signBlinded(owners[0]!, access, r)))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(safeAddress);
    });

    it("accepts the empty signature once the Safe has approved the digest on-chain (SignMessageLib)", async function () {
      const { access, safe, safeAddress, owners, relayer, signMessageLib } =
        await networkHelpers.loadFixture(deployWithSafe);
      const r = await safeRequest(safe, 9n);
      await expect(submit(access, relayer, r, "0x"))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(safeAddress);
      await approveSafeMessage(safe, signMessageLib, await digestOf(access, r), [owners[0]!, owners[1]!], {
        executor: relayer,
      });
      await expect(submit(access, relayer, r, "0x"))
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(safeAddress, COMMITMENT, r.expiresAt);
    });

    it("grants access on the Safe's signature made off-chain by a threshold of owners", async function () {
      const { access, safe, safeAddress, owners, relayer, retailer } = await networkHelpers.loadFixture(deployWithSafe);
      const g = accountGrant(safeAddress, retailer.address);
      const r = await grantRequest(g, safeAddress, 9n);
      const signature = await signSafeMessage(safe, await grantDigestOf(access, r), [owners[0]!, owners[2]!]);
      await expect(submitGrant(access, relayer, { ...r, grant: { ...g, scope: SCOPE2 } }, signature))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(safeAddress);
      await expect(submitGrant(access, relayer, r, signature))
        .to.emit(access, "AccessGranted")
        .withArgs(...grantedArgs(grantIdOf(g), g, r.expiresAt));
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
      await expect(submitGrant(access, relayer, r, signature))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(safeAddress, 9n);
    });

    it("grants and revokes directly through Safe transactions", async function () {
      const { access, safeAddress, safe, owners, relayer, retailer } = await networkHelpers.loadFixture(deployWithSafe);
      const g = accountGrant(safeAddress, retailer.address);
      const data = access.interface.encodeFunctionData("grantAccess", [g, (await now()) + DAY]);
      await expect(execSafeTransaction(safe, access, data, [owners[0]!, owners[2]!], { executor: relayer })).to.emit(
        access,
        "AccessGranted",
      );
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
      const revoke = access.interface.encodeFunctionData("revokeAccess", [grantIdOf(g)]);
      await expect(execSafeTransaction(safe, access, revoke, [owners[1]!, owners[2]!], { executor: relayer }))
        .to.emit(access, "AccessRevoked")
        .withArgs(grantIdOf(g), safeAddress);
      expect(await access.canAccess(g, retailer.address)).to.equal(false);
    });
  });

  describe("an EOA carrying EIP-7702 code", function () {
    /** As {deployAccess}, with a fresh funded EOA registered as a company, delegating to an ERC-1271 wallet. */
    async function deployWithDelegatedEoa() {
      const fx = await deployAccess();
      const eoa = ethers.Wallet.createRandom().connect(ethers.provider);
      await fx.governance.sendTransaction({ to: eoa.address, value: ethers.parseEther("1") });
      await fx.companies.connect(eoa).register(profile("Delegated EOA"));
      const wallet = await (await fx.governance.sendTransaction({ data: APPROVED_HASH_WALLET_INITCODE })).wait();
      const delegate = wallet?.contractAddress;
      if (delegate == null) throw new Error("the wallet code was not deployed");
      // The EOA sends the type-4 transaction itself, so its authorization names the nonce after this one.
      const auth = await eoa.authorize({ address: delegate, nonce: (await eoa.getNonce()) + 1 });
      await (await eoa.sendTransaction({ type: 4, to: eoa.address, authorizationList: [auth] })).wait();
      return { ...fx, eoa, delegate };
    }

    it("carries the delegation designator", async function () {
      const { eoa, delegate } = await networkHelpers.loadFixture(deployWithDelegatedEoa);
      expect(await ethers.provider.getCode(eoa.address)).to.equal(ethers.concat(["0xef0100", delegate]).toLowerCase());
    });

    it("still signs with its key (ECDSA)", async function () {
      const { access, eoa, relayer } = await networkHelpers.loadFixture(deployWithDelegatedEoa);
      const r = await blindedRequest(eoa.address, eoa.address);
      await expect(submit(access, relayer, r, await signBlinded(eoa, access, r)))
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(eoa.address, COMMITMENT, r.expiresAt);
      // Another key's signature is still refused (the delegated code answers no).
      const r2 = await blindedRequest(eoa.address, eoa.address, 2n, COMMITMENT2);
      await expect(submit(access, relayer, r2, await signBlinded(relayer, access, r2)))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(eoa.address);
    });

    it("is also accepted on an ERC-1271 answer of its delegated code", async function () {
      const { access, eoa, relayer } = await networkHelpers.loadFixture(deployWithDelegatedEoa);
      const r = await blindedRequest(eoa.address, eoa.address, 3n);
      const digest = await digestOf(access, r);
      await expect(submit(access, relayer, r, "0x"))
        .to.be.revertedWithCustomError(access, "InvalidSignature")
        .withArgs(eoa.address);
      // The EOA approves the digest in its own storage through its delegated code.
      await (await eoa.sendTransaction({ to: eoa.address, data: digest })).wait();
      await expect(submit(access, relayer, r, "0x"))
        .to.emit(access, "BlindedGrantCreated")
        .withArgs(eoa.address, COMMITMENT, r.expiresAt);
      await expect(submit(access, relayer, r, "0x"))
        .to.be.revertedWithCustomError(access, "NonceAlreadyUsed")
        .withArgs(eoa.address, 3n);
    });

    it("grants directly, as any EOA", async function () {
      const { access, eoa, retailer } = await networkHelpers.loadFixture(deployWithDelegatedEoa);
      const g = accountGrant(eoa.address, retailer.address);
      await access.connect(eoa).grantAccess(g, (await now()) + DAY);
      expect(await access.canAccess(g, retailer.address)).to.equal(true);
    });
  });

  describe("gas", function () {
    it("reports the gas of grants and revocations (receipts, 21,000 included)", async function () {
      const { access, brand, retailer, relayer } = await networkHelpers.loadFixture(deployAccess);
      const expiresAt = (await now()) + 30 * DAY;
      const account = accountGrant(brand.address, retailer.address);
      const grantAccount = await mined(access.connect(brand).grantAccess(account, expiresAt));
      const constellation = constellationGrant(brand.address, 1n, Role.RETAILER);
      const grantConstellation = await mined(access.connect(brand).grantAccess(constellation, expiresAt));
      const revoke = await mined(access.connect(brand).revokeAccess(grantIdOf(account)));
      const renew = await mined(access.connect(brand).grantAccess(account, expiresAt));
      const blinded = await mined(access.connect(brand).grantBlinded(COMMITMENT, expiresAt));
      const revokeBlinded = await mined(access.connect(brand).revokeBlinded(COMMITMENT));
      const r = await blindedRequest(brand.address, brand.address, 77n, COMMITMENT2);
      const bySig = await mined(submit(access, relayer, r, await signBlinded(brand, access, r)));
      const figures = {
        "grantAccess (account)": grantAccount.gasUsed,
        "grantAccess (constellation, roles)": grantConstellation.gasUsed,
        revokeAccess: revoke.gasUsed,
        "grantAccess (renewal of a revoked grant)": renew.gasUsed,
        grantBlinded: blinded.gasUsed,
        revokeBlinded: revokeBlinded.gasUsed,
        "grantBlindedBySig (EOA signer, relayed)": bySig.gasUsed,
      };
      console.log("      Access gas:");
      for (const [name, gas] of Object.entries(figures)) console.log(`        ${name}: ${gas.toLocaleString("en-US")}`);
    });
  });

  describe("without a constellation", function () {
    it("lets an account that is no company grant access to its own namespace only", async function () {
      const base = await networkHelpers.loadFixture(deployConstellate);
      const access = (await ethers.deployContract("Access", [
        await base.companies.getAddress(),
        await base.constellations.getAddress(),
      ])) as unknown as Access;
      const g: IAccess.GrantStruct = accountGrant(base.stranger.address, base.retailer.address);
      await access.connect(base.stranger).grantAccess(g, (await now()) + DAY);
      expect(await access.canAccess(g, base.retailer.address)).to.equal(true);
      expect(await access.canAccess({ ...g, owner: base.brand.address }, base.retailer.address)).to.equal(false);
    });
  });
});
