import { expect } from "chai";

import { ProductRole } from "../sdk/src/constants.js";
import {
  ascending,
  batchIdOf,
  batchValidityOf,
  blockTime,
  CLAIM_TYPE_STRING,
  CLAIM_TYPES,
  claimIdOf,
  claimTree,
  companyClaim,
  companySubject,
  deployClaims,
  DOC_HASH,
  DOC_URI,
  documentHash,
  EVIDENCE,
  GOVERNED,
  issuedArgs,
  MANIFEST_HASH,
  MANIFEST_URI,
  MAX_REASON,
  MAX_URI,
  mined,
  NOT_FOUND,
  OTHER_TOPIC,
  productClaim,
  proofOf,
  recordView,
  UNGOVERNED,
  VALID,
  validityOf,
  Verdict,
  verdictView,
  type Claim,
  type ClaimsFixture,
} from "./helpers/claims.js";
import { pinNextBlockTime } from "./helpers/expect.js";
import { DAY, ethers, Kind, networkHelpers, now, Permission, profile, Role, type Signer } from "./helpers/fixture.js";

const ZERO_HASH = ethers.ZeroHash;
const UNKNOWN = ethers.id("no such thing");
const CLAIM_ISSUERS = ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.AUDITOR;
const HOUR = 60 * 60;

/** `issuer` (the brand by default) issues `claim` directly; returns its id. */
async function issue(fx: ClaimsFixture, claim: Claim, issuer: Signer = fx.brand): Promise<string> {
  await mined(fx.claims.connect(issuer).issue(claim));
  return claimIdOf(claim);
}

/** The brand issues a product claim with `overrides`; returns the claim and its id. */
async function issued(fx: ClaimsFixture, overrides: Partial<Claim> = {}): Promise<{ claim: Claim; id: string }> {
  const claim = productClaim(fx, overrides);
  return { claim, id: await issue(fx, claim) };
}

/** As {deployClaims}, with the brand's product claim on the GOVERNED topic issued (no window). */
async function deployWithClaim() {
  const fx = await deployClaims();
  const { claim, id } = await issued(fx);
  return { ...fx, claim, claimId: id };
}

/**
 * As {deployWithClaim}, with `operator2` registered as a company ("Consultancy") that holds VERIFIER in constellation 1
 * (so it could verify) and is at the same time the brand's operator (PROFILE only) until `consultancyExpiry`.
 */
async function deployWithConsultancy() {
  const fx = await deployWithClaim();
  const { companies, constellations, brand, operator2 } = fx;
  await companies.connect(operator2).register(profile("Consultancy"));
  await constellations.connect(brand).invite(fx.id, operator2.address, Role.VERIFIER, (await now()) + DAY);
  await constellations.connect(operator2).acceptInvitation(fx.id);
  const consultancyExpiry = (await now()) + 10 * DAY;
  await companies.connect(brand).setOperator(operator2.address, Permission.PROFILE, consultancyExpiry);
  return { ...fx, consultancyExpiry };
}

describe("Claims", function () {
  describe("claim ids and typed data", function () {
    it("defines the EIP-712 types exactly as ethers encodes them", async function () {
      const { claims } = await networkHelpers.loadFixture(deployClaims);
      expect(ethers.TypedDataEncoder.from(CLAIM_TYPES).encodeType("Claim")).to.equal(CLAIM_TYPE_STRING);
      expect(await claims.CLAIM_TYPEHASH()).to.equal(ethers.id(CLAIM_TYPE_STRING));
      expect(await claims.ISSUE_TYPEHASH()).to.equal(
        ethers.id(`IssueClaim(Claim claim,address signer,uint256 nonce,uint64 deadline)${CLAIM_TYPE_STRING}`),
      );
      expect(await claims.ATTEST_TYPEHASH()).to.equal(
        ethers.id(
          "AttestClaim(bytes32 id,address verifier,bytes32 evidenceHash,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)",
        ),
      );
    });

    it("publishes its constants, version and EIP-712 domain", async function () {
      const { claims, companies, constellations, products, accreditations } =
        await networkHelpers.loadFixture(deployClaims);
      expect(await claims.MAX_REASON()).to.equal(MAX_REASON);
      expect(await claims.MAX_URI_LENGTH()).to.equal(MAX_URI);
      expect(await claims.version()).to.equal("1.0.0");
      expect(await claims.COMPANIES()).to.equal(await companies.getAddress());
      expect(await claims.CONSTELLATIONS()).to.equal(await constellations.getAddress());
      expect(await claims.PRODUCTS()).to.equal(await products.getAddress());
      expect(await claims.ACCREDITATIONS()).to.equal(await accreditations.getAddress());
      const domain = await claims.eip712Domain();
      const { chainId } = await ethers.provider.getNetwork();
      expect(domain.name).to.equal("Constellate Claims");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await claims.getAddress());
    });

    it("computes claimId as ethers' TypedDataEncoder.hashStruct of the Claim", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const samples: Claim[] = [
        productClaim(fx),
        productClaim(fx, { subject: fx.batch, validFrom: 1_700_000_000n, validUntil: 1_800_000_000n }),
        productClaim(fx, { documentURI: "" }),
        productClaim(fx, { documentURI: "ipfs://bafy…/déclaration.json" }),
        productClaim(fx, { documentURI: "x".repeat(MAX_URI), validUntil: 2n ** 64n - 1n }),
        companyClaim(fx, fx.brand.address),
      ];
      for (const claim of samples) {
        expect(await fx.claims.claimId(claim)).to.equal(
          ethers.TypedDataEncoder.hashStruct("Claim", CLAIM_TYPES, claim),
        );
        expect(await fx.claims.claimId(claim)).to.equal(claimIdOf(claim));
        // By hand: keccak256(abi.encode(typehash, fields..., keccak256(uri), ...)).
        const byHand = ethers.keccak256(
          ethers.AbiCoder.defaultAbiCoder().encode(
            ["bytes32", "address", "bytes32", "bytes32", "uint64", "bytes32", "bytes32", "bytes32", "uint64", "uint64"],
            [
              ethers.id(CLAIM_TYPE_STRING),
              claim.issuer,
              claim.product,
              claim.subject,
              claim.constellation,
              claim.topic,
              claim.documentHash,
              ethers.id(claim.documentURI),
              claim.validFrom,
              claim.validUntil,
            ],
          ),
        );
        expect(claimIdOf(claim)).to.equal(byHand);
      }
    });

    it("commits to the issuer and every field: changing any one gives another id", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const base = productClaim(fx, { validFrom: 10n, validUntil: 20n });
      const variants: Record<string, Claim> = {
        base,
        issuer: { ...base, issuer: fx.supplier.address },
        product: { ...base, product: UNKNOWN },
        subject: { ...base, subject: fx.batch },
        constellation: { ...base, constellation: fx.otherId },
        topic: { ...base, topic: UNGOVERNED },
        documentHash: { ...base, documentHash: documentHash("another document") },
        documentURI: { ...base, documentURI: `${DOC_URI}?v=2` },
        "documentURI (one character)": { ...base, documentURI: DOC_URI.replace(/n$/, "N") },
        validFrom: { ...base, validFrom: 11n },
        validUntil: { ...base, validUntil: 21n },
      };
      const ids = new Set<string>();
      for (const [field, claim] of Object.entries(variants)) {
        const id = await fx.claims.claimId(claim);
        expect(id, field).to.equal(claimIdOf(claim));
        ids.add(id);
      }
      expect(ids.size).to.equal(Object.keys(variants).length);
    });
  });

  describe("issue about a product", function () {
    it("lets the owner issue a claim about its product: ClaimIssued, the record and a valid claim", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const claim = productClaim(fx);
      const id = claimIdOf(claim);
      expect(await fx.claims.connect(fx.brand).issue.staticCall(claim)).to.equal(id);
      const at = await pinNextBlockTime();
      await expect(fx.claims.connect(fx.brand).issue(claim))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(claim));
      expect(await recordView(fx.claims, id)).to.deep.equal({ issuer: fx.brand.address, issuedAt: at, revokedAt: 0 });
      expect(await validityOf(fx.claims, claim)).to.deep.equal(VALID);
    });

    it("lets actors holding SUPPLIER, LOGISTICS or AUDITOR issue about the product, its batch and its item", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      for (const actor of [fx.supplier, fx.carrier, fx.verifier]) {
        for (const subject of [fx.product, fx.batch, fx.item]) {
          const claim = productClaim(fx, { issuer: actor.address, subject });
          await expect(fx.claims.connect(actor).issue(claim))
            .to.emit(fx.claims, "ClaimIssued")
            .withArgs(...issuedArgs(claim));
          expect((await recordView(fx.claims, claimIdOf(claim))).issuer).to.equal(actor.address);
          expect(await validityOf(fx.claims, claim)).to.deep.equal(VALID);
        }
      }
    });

    it("lets the owner issue about a batch and an item", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      for (const subject of [fx.batch, fx.item]) {
        const claim = productClaim(fx, { subject });
        await expect(fx.claims.connect(fx.brand).issue(claim))
          .to.emit(fx.claims, "ClaimIssued")
          .withArgs(...issuedArgs(claim));
      }
    });

    it("refuses an actor holding RETAILER only (ActorRolesMissing from Products)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const claim = productClaim(fx, { issuer: fx.retailer.address });
      await expect(fx.claims.connect(fx.retailer).issue(claim))
        .to.be.revertedWithCustomError(fx.products, "ActorRolesMissing")
        .withArgs(fx.product, fx.retailer.address, CLAIM_ISSUERS, ProductRole.RETAILER);
    });

    it("lets a retailer given AUDITOR as well issue, and stops an actor once removed", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await fx.products
        .connect(fx.brand)
        .setActor(fx.product, fx.retailer.address, ProductRole.RETAILER | ProductRole.AUDITOR);
      const claim = productClaim(fx, { issuer: fx.retailer.address });
      await expect(fx.claims.connect(fx.retailer).issue(claim)).to.emit(fx.claims, "ClaimIssued");
      await fx.products.connect(fx.brand).removeActor(fx.product, fx.supplier.address);
      await expect(fx.claims.connect(fx.supplier).issue(productClaim(fx, { issuer: fx.supplier.address })))
        .to.be.revertedWithCustomError(fx.products, "NotAnActor")
        .withArgs(fx.product, fx.supplier.address);
    });

    it("refuses a constellation member that is no actor, and a stranger (NotAnActor)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      for (const account of [fx.impostor, fx.successor, fx.stranger, fx.verifier2]) {
        await expect(fx.claims.connect(account).issue(productClaim(fx, { issuer: account.address })))
          .to.be.revertedWithCustomError(fx.products, "NotAnActor")
          .withArgs(fx.product, account.address);
      }
    });

    it("refuses an unknown product or subject", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await expect(fx.claims.connect(fx.brand).issue(productClaim(fx, { product: UNKNOWN, subject: UNKNOWN })))
        .to.be.revertedWithCustomError(fx.products, "ProductNotFound")
        .withArgs(UNKNOWN);
      await expect(
        fx.claims.connect(fx.supplier).issue(productClaim(fx, { issuer: fx.supplier.address, subject: UNKNOWN })),
      )
        .to.be.revertedWithCustomError(fx.products, "SubjectNotFound")
        .withArgs(fx.product, UNKNOWN);
    });

    it("refuses claims about a discontinued product (ProductIsDiscontinued), by its owner and its actors", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const earlier = productClaim(fx);
      await issue(fx, earlier);
      await fx.products.connect(fx.brand).discontinue(fx.product);
      for (const issuer of [fx.brand, fx.supplier]) {
        await expect(fx.claims.connect(issuer).issue(productClaim(fx, { issuer: issuer.address, subject: fx.batch })))
          .to.be.revertedWithCustomError(fx.products, "ProductIsDiscontinued")
          .withArgs(fx.product);
      }
      // A claim issued before stays as it was.
      expect(await validityOf(fx.claims, earlier)).to.deep.equal(VALID);
    });

    it("refuses a claim naming another constellation than the product's (WrongConstellation)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      for (const constellation of [fx.otherId, 0n, 99n]) {
        await expect(fx.claims.connect(fx.brand).issue(productClaim(fx, { constellation })))
          .to.be.revertedWithCustomError(fx.claims, "WrongConstellation")
          .withArgs(constellation, fx.id);
      }
    });
  });

  describe("issue about a company", function () {
    it("lets a member issue about itself (subject = its address as bytes32) in its constellation", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      for (const member of [fx.brand, fx.supplier, fx.retailer]) {
        const claim = companyClaim(fx, member.address);
        await expect(fx.claims.connect(member).issue(claim))
          .to.emit(fx.claims, "ClaimIssued")
          .withArgs(
            claimIdOf(claim),
            member.address,
            companySubject(member.address),
            ZERO_HASH,
            claim.constellation,
            UNGOVERNED,
            DOC_HASH,
            DOC_URI,
            0n,
            0n,
          );
        expect(await validityOf(fx.claims, claim)).to.deep.equal(VALID);
      }
    });

    it("gives the same company claim another id in each of its constellations", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      // successor is PRODUCER in constellation 1 and founded constellation 2.
      const one = companyClaim(fx, fx.successor.address);
      const two = companyClaim(fx, fx.successor.address, { constellation: fx.otherId });
      await issue(fx, one, fx.successor);
      await issue(fx, two, fx.successor);
      expect(claimIdOf(one)).to.not.equal(claimIdOf(two));
      expect(await validityOf(fx.claims, one)).to.deep.equal(VALID);
      expect(await validityOf(fx.claims, two)).to.deep.equal(VALID);
    });

    it("refuses a company claim whose subject is not the issuer (InvalidCompanySubject)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const rightPadded = ethers.concat([fx.brand.address, "0x000000000000000000000000"]);
      for (const subject of [companySubject(fx.supplier.address), fx.product, ZERO_HASH, rightPadded]) {
        await expect(fx.claims.connect(fx.brand).issue(companyClaim(fx, fx.brand.address, { subject })))
          .to.be.revertedWithCustomError(fx.claims, "InvalidCompanySubject")
          .withArgs(fx.brand.address, subject);
      }
    });

    it("refuses a company claim in a constellation the issuer is not in (IssuerNotAMember)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      for (const constellation of [fx.otherId, 0n, 99n]) {
        await expect(fx.claims.connect(fx.brand).issue(companyClaim(fx, fx.brand.address, { constellation })))
          .to.be.revertedWithCustomError(fx.claims, "IssuerNotAMember")
          .withArgs(constellation, fx.brand.address);
      }
      // An account that is no company is no member anywhere.
      await expect(fx.claims.connect(fx.stranger).issue(companyClaim(fx, fx.stranger.address)))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotAMember")
        .withArgs(fx.id, fx.stranger.address);
      // A member that left is no member either.
      await fx.constellations.connect(fx.retailer).leaveConstellation(fx.id);
      await expect(fx.claims.connect(fx.retailer).issue(companyClaim(fx, fx.retailer.address)))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotAMember")
        .withArgs(fx.id, fx.retailer.address);
    });
  });

  describe("issue: refusals", function () {
    it("refuses a claim naming another issuer than the acting company (IssuerNotActing)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await expect(fx.claims.connect(fx.brand).issue(productClaim(fx, { issuer: fx.supplier.address })))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotActing")
        .withArgs(fx.supplier.address, fx.brand.address);
      await expect(fx.claims.connect(fx.stranger).issue(productClaim(fx)))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotActing")
        .withArgs(fx.brand.address, fx.stranger.address);
      await expect(fx.claims.connect(fx.stranger).issue(companyClaim(fx, fx.brand.address)))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotActing")
        .withArgs(fx.brand.address, fx.stranger.address);
    });

    it("refuses a zero topic or a zero document hash (InvalidClaim)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      for (const overrides of [{ topic: ZERO_HASH }, { documentHash: ZERO_HASH }]) {
        await expect(fx.claims.connect(fx.brand).issue(productClaim(fx, overrides))).to.be.revertedWithCustomError(
          fx.claims,
          "InvalidClaim",
        );
        await expect(
          fx.claims.connect(fx.brand).issue(companyClaim(fx, fx.brand.address, overrides)),
        ).to.be.revertedWithCustomError(fx.claims, "InvalidClaim");
      }
    });

    it("refuses a window that ends at or before it starts (InvalidValidity); zero means no end", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const start = BigInt(await now());
      for (const validUntil of [start, start - 1n, 1n]) {
        await expect(fx.claims.connect(fx.brand).issue(productClaim(fx, { validFrom: start, validUntil })))
          .to.be.revertedWithCustomError(fx.claims, "InvalidValidity")
          .withArgs(start, validUntil);
      }
      await expect(
        fx.claims.connect(fx.brand).issue(productClaim(fx, { validFrom: start, validUntil: start + 1n })),
      ).to.emit(fx.claims, "ClaimIssued");
      await expect(
        fx.claims.connect(fx.brand).issue(productClaim(fx, { validFrom: 2n ** 64n - 1n, validUntil: 0n })),
      ).to.emit(fx.claims, "ClaimIssued");
    });

    it("refuses a document URI longer than 512 bytes (UriTooLong), counting bytes, not characters", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await expect(fx.claims.connect(fx.brand).issue(productClaim(fx, { documentURI: "x".repeat(MAX_URI + 1) })))
        .to.be.revertedWithCustomError(fx.claims, "UriTooLong")
        .withArgs(MAX_URI + 1, MAX_URI);
      // 257 two-byte characters: 514 bytes.
      await expect(fx.claims.connect(fx.brand).issue(productClaim(fx, { documentURI: "é".repeat(257) })))
        .to.be.revertedWithCustomError(fx.claims, "UriTooLong")
        .withArgs(514, MAX_URI);
      for (const documentURI of ["x".repeat(MAX_URI), ""]) {
        const claim = productClaim(fx, { documentURI });
        await expect(fx.claims.connect(fx.brand).issue(claim))
          .to.emit(fx.claims, "ClaimIssued")
          .withArgs(...issuedArgs(claim));
      }
    });

    it("refuses the same claim again (ClaimExists), revoked or not", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const { claim, id } = await issued(fx);
      await expect(fx.claims.connect(fx.brand).issue(claim))
        .to.be.revertedWithCustomError(fx.claims, "ClaimExists")
        .withArgs(id);
      await fx.claims.connect(fx.brand).revoke(id);
      await expect(fx.claims.connect(fx.brand).issue(claim))
        .to.be.revertedWithCustomError(fx.claims, "ClaimExists")
        .withArgs(id);
    });

    it("issues each single-field variant of a claim as a claim of its own", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const base = productClaim(fx, { validFrom: 10n, validUntil: BigInt(await now()) + BigInt(DAY) });
      await issue(fx, base);
      const variants: Claim[] = [
        { ...base, subject: fx.batch },
        { ...base, topic: UNGOVERNED },
        { ...base, documentHash: documentHash("v2") },
        { ...base, documentURI: `${DOC_URI}#2` },
        { ...base, validFrom: 11n },
        { ...base, validUntil: base.validUntil + 1n },
      ];
      for (const claim of variants) {
        await expect(fx.claims.connect(fx.brand).issue(claim))
          .to.emit(fx.claims, "ClaimIssued")
          .withArgs(...issuedArgs(claim));
      }
      // Another issuer, same fields: another claim.
      const bySupplier = { ...base, issuer: fx.supplier.address };
      await expect(fx.claims.connect(fx.supplier).issue(bySupplier))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(bySupplier));
    });

    it("lets nobody take an id first: a stranger's copy of the brand's claim is another id, and refused", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const brandClaim = productClaim(fx);
      const copy = { ...brandClaim, issuer: fx.stranger.address };
      expect(claimIdOf(copy)).to.not.equal(claimIdOf(brandClaim));
      await expect(fx.claims.connect(fx.stranger).issue(copy))
        .to.be.revertedWithCustomError(fx.products, "NotAnActor")
        .withArgs(fx.product, fx.stranger.address);
      // A member with a right to claim (the supplier) copying the fields gets its own id, not the brand's.
      const supplierCopy = { ...brandClaim, issuer: fx.supplier.address };
      await issue(fx, supplierCopy, fx.supplier);
      expect((await recordView(fx.claims, claimIdOf(brandClaim))).issuedAt).to.equal(0);
      await expect(fx.claims.connect(fx.brand).issue(brandClaim))
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(brandClaim));
      expect((await recordView(fx.claims, claimIdOf(brandClaim))).issuer).to.equal(fx.brand.address);
    });
  });

  describe("operators", function () {
    it("lets an operator holding CLAIMS issue and revoke for its company, which is the issuer", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.CLAIMS, (await now()) + DAY);
      const claim = productClaim(fx);
      const id = claimIdOf(claim);
      const data = fx.claims.interface.encodeFunctionData("issue", [claim]);
      await expect(fx.claims.connect(fx.operator).actFor(fx.brand.address, data))
        .to.emit(fx.claims, "ActedFor")
        .withArgs(fx.brand.address, fx.operator.address)
        .and.to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(claim));
      expect((await recordView(fx.claims, id)).issuer).to.equal(fx.brand.address);
      const revoke = fx.claims.interface.encodeFunctionData("revoke", [id]);
      await expect(fx.claims.connect(fx.operator).actFor(fx.brand.address, revoke))
        .to.emit(fx.claims, "ClaimRevoked")
        .withArgs(id, fx.brand.address);
    });

    it("lets an actor's operator holding CLAIMS issue for the actor", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      await fx.companies.connect(fx.supplier).setOperator(fx.operator.address, Permission.CLAIMS, (await now()) + DAY);
      const claim = productClaim(fx, { issuer: fx.supplier.address, subject: fx.item });
      await expect(
        fx.claims
          .connect(fx.operator)
          .actFor(fx.supplier.address, fx.claims.interface.encodeFunctionData("issue", [claim])),
      )
        .to.emit(fx.claims, "ClaimIssued")
        .withArgs(...issuedArgs(claim));
    });

    it("refuses an operator without CLAIMS (NotActingFor), for issue, revoke and issueBatch", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const others = Permission.ALL & ~Permission.CLAIMS;
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, others, (await now()) + DAY);
      for (const data of [
        fx.claims.interface.encodeFunctionData("issue", [productClaim(fx, { subject: fx.batch })]),
        fx.claims.interface.encodeFunctionData("revoke", [fx.claimId]),
        fx.claims.interface.encodeFunctionData("issueBatch", [
          UNKNOWN,
          1,
          GOVERNED,
          fx.id,
          MANIFEST_HASH,
          MANIFEST_URI,
        ]),
        fx.claims.interface.encodeFunctionData("revokeBatch", [UNKNOWN]),
        fx.claims.interface.encodeFunctionData("revokeBatchClaim", [UNKNOWN, fx.claimId]),
      ]) {
        await expect(fx.claims.connect(fx.operator).actFor(fx.brand.address, data))
          .to.be.revertedWithCustomError(fx.claims, "NotActingFor")
          .withArgs(fx.brand.address, fx.operator.address, Permission.CLAIMS);
      }
    });

    it("refuses an operator sending directly in its company's name (IssuerNotActing) and an expired one", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const expiry = (await now()) + DAY;
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.CLAIMS, expiry);
      await expect(fx.claims.connect(fx.operator).issue(productClaim(fx)))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotActing")
        .withArgs(fx.brand.address, fx.operator.address);
      await networkHelpers.time.increaseTo(expiry);
      const data = fx.claims.interface.encodeFunctionData("issue", [productClaim(fx)]);
      await expect(fx.claims.connect(fx.operator).actFor(fx.brand.address, data))
        .to.be.revertedWithCustomError(fx.claims, "NotActingFor")
        .withArgs(fx.brand.address, fx.operator.address, 0);
    });
  });

  describe("revoke", function () {
    it("lets the issuer revoke: ClaimRevoked, the record keeps issuedAt, validity says revoked", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const issuedAt = (await recordView(fx.claims, fx.claimId)).issuedAt;
      const at = await pinNextBlockTime(60);
      await expect(fx.claims.connect(fx.brand).revoke(fx.claimId))
        .to.emit(fx.claims, "ClaimRevoked")
        .withArgs(fx.claimId, fx.brand.address);
      expect(await recordView(fx.claims, fx.claimId)).to.deep.equal({
        issuer: fx.brand.address,
        issuedAt,
        revokedAt: at,
      });
      expect(await validityOf(fx.claims, fx.claim)).to.deep.equal({ ...VALID, revoked: true, valid: false });
    });

    it("refuses anyone but the issuer (NotIssuer), the product's owner included", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const id = await issue(fx, productClaim(fx, { issuer: fx.supplier.address }), fx.supplier);
      for (const account of [fx.brand, fx.stranger, fx.verifier]) {
        await expect(fx.claims.connect(account).revoke(id))
          .to.be.revertedWithCustomError(fx.claims, "NotIssuer")
          .withArgs(id, account.address);
      }
    });

    it("refuses a second revocation (AlreadyRevoked) and an unknown claim (ClaimNotFound)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await fx.claims.connect(fx.brand).revoke(fx.claimId);
      await expect(fx.claims.connect(fx.brand).revoke(fx.claimId))
        .to.be.revertedWithCustomError(fx.claims, "AlreadyRevoked")
        .withArgs(fx.claimId);
      for (const account of [fx.brand, fx.stranger]) {
        await expect(fx.claims.connect(account).revoke(UNKNOWN))
          .to.be.revertedWithCustomError(fx.claims, "ClaimNotFound")
          .withArgs(UNKNOWN);
      }
    });
  });

  describe("validity", function () {
    it("answers nothing for a claim never issued", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      expect(await validityOf(fx.claims, productClaim(fx, { subject: fx.batch }), [fx.verifier.address])).to.deep.equal(
        NOT_FOUND,
      );
      expect(await validityOf(fx.claims, { ...fx.claim, documentURI: "" })).to.deep.equal(NOT_FOUND);
    });

    it("follows the window: not yet valid before validFrom, valid until validUntil (exclusive), then not", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const start = (await now()) + HOUR;
      const end = start + DAY;
      const { claim } = await issued(fx, { validFrom: BigInt(start), validUntil: BigInt(end) });
      const outside = { ...VALID, inWindow: false, valid: false };
      expect(await validityOf(fx.claims, claim)).to.deep.equal(outside);
      await networkHelpers.time.increaseTo(start);
      expect(await validityOf(fx.claims, claim)).to.deep.equal(VALID);
      await networkHelpers.time.increaseTo(end - 1);
      expect(await validityOf(fx.claims, claim)).to.deep.equal(VALID);
      await networkHelpers.time.increaseTo(end);
      expect(await validityOf(fx.claims, claim)).to.deep.equal(outside);
    });

    it("flags a claim whose issuer marked itself compromised at or before the issue", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const issuedAt = (await recordView(fx.claims, fx.claimId)).issuedAt;
      // Compromised from a time after the issue: the claim stands.
      await fx.companies.connect(fx.brand).markCompromised(issuedAt + 1);
      expect(await validityOf(fx.claims, fx.claim)).to.deep.equal(VALID);
      // From the very second of the issue: the claim is void.
      await fx.companies.connect(fx.brand).markCompromised(issuedAt);
      expect(await validityOf(fx.claims, fx.claim)).to.deep.equal({ ...VALID, issuerCompromised: true, valid: false });
      await fx.companies.connect(fx.brand).markCompromised(issuedAt - 100);
      expect((await validityOf(fx.claims, fx.claim)).issuerCompromised).to.equal(true);
    });

    it("refuses verifiers not in ascending order, repeated, or the zero address (VerifiersNotAscending)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const [low, high] = ascending([fx.verifier.address, fx.verifier2.address]) as [string, string];
      for (const verifiers of [[high, low], [low, low], [ethers.ZeroAddress], [low, high, high]]) {
        await expect(fx.claims.validity(fx.claim, verifiers)).to.be.revertedWithCustomError(
          fx.claims,
          "VerifiersNotAscending",
        );
      }
      expect((await fx.claims.validity(fx.claim, [low, high])).valid).to.equal(true);
    });
  });

  describe("attest, reject, withdraw: who may judge", function () {
    it("lets an accredited VERIFIER member attest a claim of a governed topic: Attested, verdictOf, validity", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const expiresAt = (await now()) + 30 * DAY;
      const at = await pinNextBlockTime();
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, expiresAt))
        .to.emit(fx.claims, "Attested")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, EVIDENCE, expiresAt);
      expect(await verdictView(fx.claims, fx.claimId, fx.verifier.address)).to.deep.equal({
        verdict: Verdict.Attested,
        reason: 0,
        givenAt: at,
        expiresAt,
      });
      expect(await validityOf(fx.claims, fx.claim, [fx.verifier.address])).to.deep.equal({ ...VALID, attestations: 1 });
      // Verdicts count only among the verifiers named.
      expect(await validityOf(fx.claims, fx.claim)).to.deep.equal(VALID);
      expect(await validityOf(fx.claims, fx.claim, [fx.verifier2.address])).to.deep.equal(VALID);
    });

    it("refuses a VERIFIER member not accredited for a governed topic (VerifierNotAccredited)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await expect(fx.claims.connect(fx.verifier2).attest(fx.claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier2.address, GOVERNED);
      await expect(fx.claims.connect(fx.verifier2).reject(fx.claim, 1, EVIDENCE))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier2.address, GOVERNED);
      // An accreditation for another topic does not help.
      await fx.accreditations
        .connect(fx.body)
        .accredit(fx.verifier2.address, Kind.VERIFIER_TOPIC, UNGOVERNED, (await now()) + DAY, EVIDENCE);
      await expect(fx.claims.connect(fx.verifier2).attest(fx.claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier2.address, GOVERNED);
      // Once accredited for the topic, it may.
      await fx.accreditations
        .connect(fx.body)
        .accredit(fx.verifier2.address, Kind.VERIFIER_TOPIC, GOVERNED, (await now()) + DAY, EVIDENCE);
      await expect(fx.claims.connect(fx.verifier2).attest(fx.claim, EVIDENCE, 0))
        .to.emit(fx.claims, "Attested")
        .withArgs(fx.claimId, fx.verifier2.address, fx.id, EVIDENCE, 0);
    });

    it("refuses an accredited verifier whose accreditation expired", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await networkHelpers.time.increaseTo(fx.topicAccreditationExpiry);
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier.address, GOVERNED);
    });

    it("lets any VERIFIER member judge a claim of an ungoverned topic, without accreditation", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const { claim, id } = await issued(fx, { topic: UNGOVERNED });
      await expect(fx.claims.connect(fx.verifier2).attest(claim, EVIDENCE, 0))
        .to.emit(fx.claims, "Attested")
        .withArgs(id, fx.verifier2.address, fx.id, EVIDENCE, 0);
      await expect(fx.claims.connect(fx.verifier).reject(claim, 3, EVIDENCE))
        .to.emit(fx.claims, "Rejected")
        .withArgs(id, fx.verifier.address, fx.id, 3, EVIDENCE);
      expect(await validityOf(fx.claims, claim, [fx.verifier.address, fx.verifier2.address])).to.deep.equal({
        ...VALID,
        attestations: 1,
        rejections: 1,
      });
      // Governing the topic later stops new verdicts of unaccredited verifiers, not the ones given.
      await fx.accreditations.connect(fx.governance).governTopic(UNGOVERNED, true);
      const { claim: later } = await issued(fx, { topic: UNGOVERNED, subject: fx.batch });
      await expect(fx.claims.connect(fx.verifier2).attest(later, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier2.address, UNGOVERNED);
      expect((await validityOf(fx.claims, claim, [fx.verifier2.address])).attestations).to.equal(1);
    });

    it("refuses a VERIFIER of another constellation and a member without VERIFIER (NotAVerifier)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const { claim: governed, id } = await issued(fx);
      const { claim: free } = await issued(fx, { topic: UNGOVERNED });
      for (const account of [fx.outsider, fx.supplier, fx.retailer, fx.impostor, fx.stranger]) {
        for (const claim of [governed, free]) {
          await expect(fx.claims.connect(account).attest(claim, EVIDENCE, 0))
            .to.be.revertedWithCustomError(fx.claims, "NotAVerifier")
            .withArgs(fx.id, account.address);
          await expect(fx.claims.connect(account).reject(claim, 1, EVIDENCE))
            .to.be.revertedWithCustomError(fx.claims, "NotAVerifier")
            .withArgs(fx.id, account.address);
        }
      }
      // Accreditation does not stand in for VERIFIER in the claim's constellation.
      await fx.accreditations
        .connect(fx.body)
        .accredit(fx.outsider.address, Kind.VERIFIER_TOPIC, GOVERNED, (await now()) + DAY, EVIDENCE);
      await expect(fx.claims.connect(fx.outsider).attest(governed, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "NotAVerifier")
        .withArgs(fx.id, fx.outsider.address);
      expect(id).to.equal(claimIdOf(governed));
    });

    it("refuses the issuer itself (SelfVerification), even holding VERIFIER and accredited", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      // The verifier, an AUDITOR actor on the product, issues a claim and may not judge it.
      const claim = productClaim(fx, { issuer: fx.verifier.address });
      const id = await issue(fx, claim, fx.verifier);
      await expect(fx.claims.connect(fx.verifier).attest(claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(id, fx.verifier.address, fx.verifier.address);
      await expect(fx.claims.connect(fx.verifier).reject(claim, 1, EVIDENCE))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(id, fx.verifier.address, fx.verifier.address);
      // The brand, no VERIFIER, about its own claim: SelfVerification is judged first.
      const { claim: own, id: ownId } = await issued(fx);
      await expect(fx.claims.connect(fx.brand).attest(own, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(ownId, fx.brand.address, fx.brand.address);
    });

    it("refuses the issuer's operator acting directly as a verifier company of its own (SelfVerification)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithConsultancy);
      await expect(fx.claims.connect(fx.operator2).attest(fx.claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.claimId, fx.operator2.address, fx.brand.address);
      await expect(fx.claims.connect(fx.operator2).reject(fx.claim, 2, EVIDENCE))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.claimId, fx.operator2.address, fx.brand.address);
      // Its company needs no accreditation to be refused: on an ungoverned topic too.
      const { claim, id } = await issued(fx, { topic: UNGOVERNED });
      await expect(fx.claims.connect(fx.operator2).attest(claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(id, fx.operator2.address, fx.brand.address);
      // Once the appointment ends, the consultancy is a verifier like any other.
      await networkHelpers.time.increaseTo(fx.consultancyExpiry);
      await expect(fx.claims.connect(fx.operator2).attest(claim, EVIDENCE, 0))
        .to.emit(fx.claims, "Attested")
        .withArgs(id, fx.operator2.address, fx.id, EVIDENCE, 0);
    });

    it("refuses a verifier acting through an operator that is also the issuer's operator (SelfVerification)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const expiry = (await now()) + DAY;
      await fx.companies.connect(fx.verifier).setOperator(fx.operator.address, Permission.VERIFY, expiry);
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.PROFILE, expiry);
      const attest = fx.claims.interface.encodeFunctionData("attest", [fx.claim, EVIDENCE, 0]);
      const reject = fx.claims.interface.encodeFunctionData("reject", [fx.claim, 1, EVIDENCE]);
      for (const data of [attest, reject]) {
        await expect(fx.claims.connect(fx.operator).actFor(fx.verifier.address, data))
          .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
          .withArgs(fx.claimId, fx.verifier.address, fx.brand.address);
      }
      // Another operator of the verifier, not the brand's, attests for it.
      await fx.companies.connect(fx.verifier).setOperator(fx.operator2.address, Permission.VERIFY, expiry);
      await expect(fx.claims.connect(fx.operator2).actFor(fx.verifier.address, attest))
        .to.emit(fx.claims, "ActedFor")
        .withArgs(fx.verifier.address, fx.operator2.address)
        .and.to.emit(fx.claims, "Attested")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, EVIDENCE, 0);
    });

    it("refuses a verifier company that is the issuer's operator, directly or through its own operator", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const expiry = (await now()) + DAY;
      await fx.companies.connect(fx.brand).setOperator(fx.verifier.address, Permission.PROFILE, expiry);
      await fx.companies.connect(fx.verifier).setOperator(fx.operator.address, Permission.VERIFY, expiry);
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.claimId, fx.verifier.address, fx.brand.address);
      const attest = fx.claims.interface.encodeFunctionData("attest", [fx.claim, EVIDENCE, 0]);
      await expect(fx.claims.connect(fx.operator).actFor(fx.verifier.address, attest))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.claimId, fx.verifier.address, fx.brand.address);
    });

    it("refuses a verifier's operator without VERIFY (NotActingFor)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await fx.companies
        .connect(fx.verifier)
        .setOperator(fx.operator.address, Permission.ALL & ~Permission.VERIFY, (await now()) + DAY);
      for (const data of [
        fx.claims.interface.encodeFunctionData("attest", [fx.claim, EVIDENCE, 0]),
        fx.claims.interface.encodeFunctionData("reject", [fx.claim, 1, EVIDENCE]),
        fx.claims.interface.encodeFunctionData("withdraw", [fx.claimId]),
        fx.claims.interface.encodeFunctionData("attestBatch", [fx.brand.address, UNKNOWN, EVIDENCE, 0]),
      ]) {
        await expect(fx.claims.connect(fx.operator).actFor(fx.verifier.address, data))
          .to.be.revertedWithCustomError(fx.claims, "NotActingFor")
          .withArgs(fx.verifier.address, fx.operator.address, Permission.VERIFY);
      }
    });

    it("cannot see a verifier paid by the issuer: nothing on-chain links them; accreditation is the defence", async function () {
      // The brand pays the accredited verifier off-chain (or owns it through a subsidiary). No contract records that
      // relation, so Claims accepts the attestation like any other. What stands between such a verifier and a claim
      // of a governed topic is its accreditation: an appointed body vouches for its independence and can revoke it.
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0)).to.emit(fx.claims, "Attested");
      await fx.accreditations.connect(fx.body).revoke(fx.verifier.address, Kind.VERIFIER_TOPIC, GOVERNED);
      const { claim: next } = await issued(fx, { subject: fx.batch });
      await expect(fx.claims.connect(fx.verifier).attest(next, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier.address, GOVERNED);
      // Observed: eligibility is judged when the verdict is given, so the attestation given before the revocation of
      // the accreditation keeps counting; readers who distrust it leave the verifier out of the list they pass.
      expect((await validityOf(fx.claims, fx.claim, [fx.verifier.address])).attestations).to.equal(1);
    });
  });

  describe("attest, reject, withdraw: the claim and the verdicts", function () {
    it("refuses a revoked claim (AlreadyRevoked), an expired one (ClaimNotInWindow) and an unknown one", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const { claim: revoked, id: revokedId } = await issued(fx);
      await fx.claims.connect(fx.brand).revoke(revokedId);
      const end = (await now()) + HOUR;
      const { claim: expiring, id: expiringId } = await issued(fx, { subject: fx.batch, validUntil: BigInt(end) });
      await networkHelpers.time.increaseTo(end);
      const unknown = productClaim(fx, { subject: fx.item });
      const unknownId = claimIdOf(unknown);
      const attempts = [
        (c: Claim) => fx.claims.connect(fx.verifier).attest(c, EVIDENCE, 0),
        (c: Claim) => fx.claims.connect(fx.verifier).reject(c, 1, EVIDENCE),
      ];
      for (const attempt of attempts) {
        await expect(attempt(revoked)).to.be.revertedWithCustomError(fx.claims, "AlreadyRevoked").withArgs(revokedId);
        await expect(attempt(expiring))
          .to.be.revertedWithCustomError(fx.claims, "ClaimNotInWindow")
          .withArgs(expiringId, 0, end);
        await expect(attempt(unknown)).to.be.revertedWithCustomError(fx.claims, "ClaimNotFound").withArgs(unknownId);
      }
    });

    it("accepts a verdict on a claim whose window has not opened yet (only the end is checked)", async function () {
      // Observed: _claimTarget refuses a claim only once validUntil has passed; a claim not valid yet can be judged
      // ahead of time (validity still reports it out of its window until validFrom).
      const fx = await networkHelpers.loadFixture(deployClaims);
      const start = (await now()) + DAY;
      const { claim, id } = await issued(fx, { validFrom: BigInt(start) });
      await expect(fx.claims.connect(fx.verifier).attest(claim, EVIDENCE, 0))
        .to.emit(fx.claims, "Attested")
        .withArgs(id, fx.verifier.address, fx.id, EVIDENCE, 0);
      expect(await validityOf(fx.claims, claim, [fx.verifier.address])).to.deep.equal({
        ...VALID,
        inWindow: false,
        valid: false,
        attestations: 1,
      });
    });

    it("refuses a second verdict (VerdictExists with the verdict given)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0);
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerdictExists")
        .withArgs(fx.claimId, fx.verifier.address, Verdict.Attested);
      await expect(fx.claims.connect(fx.verifier).reject(fx.claim, 1, EVIDENCE))
        .to.be.revertedWithCustomError(fx.claims, "VerdictExists")
        .withArgs(fx.claimId, fx.verifier.address, Verdict.Attested);
      const { claim: other, id: otherId } = await issued(fx, { subject: fx.batch });
      await fx.claims.connect(fx.verifier).reject(other, 4, EVIDENCE);
      await expect(fx.claims.connect(fx.verifier).attest(other, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerdictExists")
        .withArgs(otherId, fx.verifier.address, Verdict.Rejected);
      await expect(fx.claims.connect(fx.verifier).reject(other, 5, EVIDENCE))
        .to.be.revertedWithCustomError(fx.claims, "VerdictExists")
        .withArgs(otherId, fx.verifier.address, Verdict.Rejected);
    });

    it("withdraws an attestation (AttestationWithdrawn), after which the verifier may attest or reject again", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0);
      const at = await pinNextBlockTime();
      await expect(fx.claims.connect(fx.verifier).withdraw(fx.claimId))
        .to.emit(fx.claims, "AttestationWithdrawn")
        .withArgs(fx.claimId, fx.verifier.address);
      expect((await verdictView(fx.claims, fx.claimId, fx.verifier.address)).verdict).to.equal(Verdict.Withdrawn);
      expect(await validityOf(fx.claims, fx.claim, [fx.verifier.address])).to.deep.equal(VALID);
      const evidence2 = ethers.id("new evidence");
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, evidence2, 0))
        .to.emit(fx.claims, "Attested")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, evidence2, 0);
      const view = await verdictView(fx.claims, fx.claimId, fx.verifier.address);
      expect(view.verdict).to.equal(Verdict.Attested);
      expect(view.givenAt).to.be.greaterThan(at);
      expect((await validityOf(fx.claims, fx.claim, [fx.verifier.address])).attestations).to.equal(1);
      await fx.claims.connect(fx.verifier).withdraw(fx.claimId);
      await expect(fx.claims.connect(fx.verifier).reject(fx.claim, MAX_REASON, evidence2))
        .to.emit(fx.claims, "Rejected")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, MAX_REASON, evidence2);
      expect(await validityOf(fx.claims, fx.claim, [fx.verifier.address])).to.deep.equal({ ...VALID, rejections: 1 });
    });

    it("refuses to withdraw without an attestation (NoAttestation): none, a rejection, withdrawn already", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await expect(fx.claims.connect(fx.verifier).withdraw(fx.claimId))
        .to.be.revertedWithCustomError(fx.claims, "NoAttestation")
        .withArgs(fx.claimId, fx.verifier.address);
      await fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0);
      await fx.claims.connect(fx.verifier).withdraw(fx.claimId);
      await expect(fx.claims.connect(fx.verifier).withdraw(fx.claimId))
        .to.be.revertedWithCustomError(fx.claims, "NoAttestation")
        .withArgs(fx.claimId, fx.verifier.address);
      const { claim: rejected, id: rejectedId } = await issued(fx, { subject: fx.batch, topic: UNGOVERNED });
      await fx.claims.connect(fx.verifier2).reject(rejected, 1, EVIDENCE);
      await expect(fx.claims.connect(fx.verifier2).withdraw(rejectedId))
        .to.be.revertedWithCustomError(fx.claims, "NoAttestation")
        .withArgs(rejectedId, fx.verifier2.address);
      // Another verifier cannot withdraw the verifier's attestation.
      await fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0);
      await expect(fx.claims.connect(fx.verifier2).withdraw(fx.claimId))
        .to.be.revertedWithCustomError(fx.claims, "NoAttestation")
        .withArgs(fx.claimId, fx.verifier2.address);
    });

    it("takes rejection reasons 1 to MAX_REASON and refuses 0 and MAX_REASON + 1 (InvalidReason)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      for (const reason of [0, MAX_REASON + 1, 0xffff]) {
        await expect(fx.claims.connect(fx.verifier).reject(fx.claim, reason, EVIDENCE))
          .to.be.revertedWithCustomError(fx.claims, "InvalidReason")
          .withArgs(reason);
      }
      const at = await pinNextBlockTime();
      await expect(fx.claims.connect(fx.verifier).reject(fx.claim, 1, EVIDENCE))
        .to.emit(fx.claims, "Rejected")
        .withArgs(fx.claimId, fx.verifier.address, fx.id, 1, EVIDENCE);
      expect(await verdictView(fx.claims, fx.claimId, fx.verifier.address)).to.deep.equal({
        verdict: Verdict.Rejected,
        reason: 1,
        givenAt: at,
        expiresAt: 0,
      });
      expect(await validityOf(fx.claims, fx.claim, [fx.verifier.address])).to.deep.equal({ ...VALID, rejections: 1 });
    });

    it("refuses an attestation expiry now, in the past or beyond uint40 (InvalidExpiry)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const at = (await now()) + 10;
      for (const expiresAt of [1n, BigInt(at - 1), BigInt(at), 2n ** 40n]) {
        await networkHelpers.time.setNextBlockTimestamp(at);
        await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, expiresAt))
          .to.be.revertedWithCustomError(fx.claims, "InvalidExpiry")
          .withArgs(expiresAt);
      }
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, at + 1)).to.emit(fx.claims, "Attested");
    });

    it("counts an expiring attestation until its expiry (exclusive), then not", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const expiresAt = (await now()) + DAY;
      await fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, expiresAt);
      await networkHelpers.time.increaseTo(expiresAt - 1);
      expect((await validityOf(fx.claims, fx.claim, [fx.verifier.address])).attestations).to.equal(1);
      await networkHelpers.time.increaseTo(expiresAt);
      expect(await validityOf(fx.claims, fx.claim, [fx.verifier.address])).to.deep.equal(VALID);
      // Expired, it is still an attestation: it cannot be given again without withdrawing it first.
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerdictExists")
        .withArgs(fx.claimId, fx.verifier.address, Verdict.Attested);
      await fx.claims.connect(fx.verifier).withdraw(fx.claimId);
      await fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0);
      expect((await validityOf(fx.claims, fx.claim, [fx.verifier.address])).attestations).to.equal(1);
    });

    it("keeps counting an attestation of a verifier that later loses VERIFIER (judged at the time)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      await fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0);
      await fx.constellations.connect(fx.brand).revokeRoles(fx.id, fx.verifier.address, Role.VERIFIER);
      expect((await validityOf(fx.claims, fx.claim, [fx.verifier.address])).attestations).to.equal(1);
      const { claim: next } = await issued(fx, { subject: fx.batch });
      await expect(fx.claims.connect(fx.verifier).attest(next, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "NotAVerifier")
        .withArgs(1n, fx.verifier.address);
      // It can still withdraw what it gave.
      await expect(fx.claims.connect(fx.verifier).withdraw(fx.claimId)).to.emit(fx.claims, "AttestationWithdrawn");
    });

    it("does not count a verdict of a verifier compromised at or before it gave it", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const { claim, id } = await issued(fx, { topic: UNGOVERNED });
      await fx.claims.connect(fx.verifier).attest(claim, EVIDENCE, 0);
      await fx.claims.connect(fx.verifier2).reject(claim, 2, EVIDENCE);
      const givenAt = (await verdictView(fx.claims, id, fx.verifier.address)).givenAt;
      const both = [fx.verifier.address, fx.verifier2.address];
      await fx.companies.connect(fx.verifier).markCompromised(givenAt + 1);
      expect(await validityOf(fx.claims, claim, both)).to.deep.equal({ ...VALID, attestations: 1, rejections: 1 });
      await fx.companies.connect(fx.verifier).markCompromised(givenAt);
      expect(await validityOf(fx.claims, claim, both)).to.deep.equal({ ...VALID, rejections: 1 });
      // A rejection of a verifier compromised by then does not count either.
      await fx.companies.connect(fx.verifier2).markCompromised(givenAt - 100);
      expect(await validityOf(fx.claims, claim, both)).to.deep.equal({ ...VALID });
    });

    it("does not count an attestation given after its verifier was compromised (the direct account still acts)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithClaim);
      const since = await now();
      await fx.companies.connect(fx.verifier).markCompromised(since);
      await expect(fx.claims.connect(fx.verifier).attest(fx.claim, EVIDENCE, 0)).to.emit(fx.claims, "Attested");
      expect((await validityOf(fx.claims, fx.claim, [fx.verifier.address])).attestations).to.equal(0);
    });

    it("counts verdicts of several verifiers named in ascending order", async function () {
      const fx = await networkHelpers.loadFixture(deployWithConsultancy);
      await networkHelpers.time.increaseTo(fx.consultancyExpiry);
      const { claim } = await issued(fx, { topic: UNGOVERNED });
      await fx.claims.connect(fx.verifier).attest(claim, EVIDENCE, 0);
      await fx.claims.connect(fx.verifier2).attest(claim, EVIDENCE, 0);
      await fx.claims.connect(fx.operator2).reject(claim, 6, EVIDENCE);
      const all = [fx.verifier.address, fx.verifier2.address, fx.operator2.address, fx.outsider.address];
      expect(await validityOf(fx.claims, claim, all)).to.deep.equal({ ...VALID, attestations: 2, rejections: 1 });
    });
  });

  describe("batches", function () {
    /** Eight claims of the brand about its product, batch and item (GOVERNED), none issued one by one. */
    function batchClaims(fx: ClaimsFixture, topic = GOVERNED): Claim[] {
      const subjects = [fx.product, fx.batch, fx.item];
      return Array.from({ length: 8 }, (_, i) =>
        productClaim(fx, {
          topic,
          subject: subjects[i % 3] ?? fx.product,
          documentHash: documentHash(`batch claim ${i}`),
          documentURI: `https://vault.example.com/claims/${i}.json`,
        }),
      );
    }

    /** As {deployClaims}, with the brand's batch of {batchClaims} anchored as `root`. */
    async function deployWithBatch() {
      const fx = await deployClaims();
      const leaves = batchClaims(fx);
      const tree = claimTree(leaves);
      const root = tree.root;
      await fx.claims.connect(fx.brand).issueBatch(root, leaves.length, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI);
      return {
        ...fx,
        leaves,
        tree,
        root,
        batch: batchIdOf(fx.brand.address, root),
        batchKey: batchIdOf(fx.brand.address, root),
      };
    }

    it("anchors a batch: BatchIssued, batchId, batchOf", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const leaves = batchClaims(fx);
      const tree = claimTree(leaves);
      const batch = batchIdOf(fx.brand.address, tree.root);
      expect(await fx.claims.batchId(fx.brand.address, tree.root)).to.equal(batch);
      expect(
        await fx.claims
          .connect(fx.brand)
          .issueBatch.staticCall(tree.root, leaves.length, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI),
      ).to.equal(batch);
      const at = await pinNextBlockTime();
      await expect(
        fx.claims.connect(fx.brand).issueBatch(tree.root, leaves.length, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI),
      )
        .to.emit(fx.claims, "BatchIssued")
        .withArgs(batch, fx.brand.address, tree.root, fx.id, GOVERNED, leaves.length, MANIFEST_HASH, MANIFEST_URI);
      const [record, topic] = await fx.claims.batchOf(fx.brand.address, tree.root);
      expect([record.constellation, record.count, record.issuedAt, record.revokedAt, topic]).to.deep.equal([
        fx.id,
        BigInt(leaves.length),
        BigInt(at),
        0n,
        GOVERNED,
      ]);
      // The claims of a batch are not claims of their own.
      const first = leaves[0] as Claim;
      expect((await recordView(fx.claims, claimIdOf(first))).issuedAt).to.equal(0);
      expect(await validityOf(fx.claims, first)).to.deep.equal(NOT_FOUND);
    });

    it("refuses a batch by a company that is not a member of the constellation (IssuerNotAMember)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const root = claimTree(batchClaims(fx)).root;
      await expect(fx.claims.connect(fx.brand).issueBatch(root, 8, GOVERNED, fx.otherId, MANIFEST_HASH, MANIFEST_URI))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotAMember")
        .withArgs(fx.otherId, fx.brand.address);
      await expect(fx.claims.connect(fx.stranger).issueBatch(root, 8, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI))
        .to.be.revertedWithCustomError(fx.claims, "IssuerNotAMember")
        .withArgs(fx.id, fx.stranger.address);
    });

    it("refuses a zero root, count, topic or manifest hash (InvalidBatch) and a long manifest URI (UriTooLong)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const root = claimTree(batchClaims(fx)).root;
      for (const [r, count, topic, manifest] of [
        [ZERO_HASH, 8, GOVERNED, MANIFEST_HASH],
        [root, 0, GOVERNED, MANIFEST_HASH],
        [root, 8, ZERO_HASH, MANIFEST_HASH],
        [root, 8, GOVERNED, ZERO_HASH],
      ] as const) {
        await expect(
          fx.claims.connect(fx.brand).issueBatch(r, count, topic, fx.id, manifest, MANIFEST_URI),
        ).to.be.revertedWithCustomError(fx.claims, "InvalidBatch");
      }
      await expect(
        fx.claims.connect(fx.brand).issueBatch(root, 8, GOVERNED, fx.id, MANIFEST_HASH, "m".repeat(MAX_URI + 1)),
      )
        .to.be.revertedWithCustomError(fx.claims, "UriTooLong")
        .withArgs(MAX_URI + 1, MAX_URI);
      await expect(
        fx.claims.connect(fx.brand).issueBatch(root, 8, GOVERNED, fx.id, MANIFEST_HASH, "m".repeat(MAX_URI)),
      ).to.emit(fx.claims, "BatchIssued");
    });

    it("refuses the same root again from the same issuer (BatchExists), not from another", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      await expect(fx.claims.connect(fx.brand).issueBatch(fx.root, 1, OTHER_TOPIC, fx.id, MANIFEST_HASH, ""))
        .to.be.revertedWithCustomError(fx.claims, "BatchExists")
        .withArgs(fx.batch);
      await fx.claims.connect(fx.brand).revokeBatch(fx.root);
      await expect(fx.claims.connect(fx.brand).issueBatch(fx.root, 8, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI))
        .to.be.revertedWithCustomError(fx.claims, "BatchExists")
        .withArgs(fx.batch);
      await expect(fx.claims.connect(fx.supplier).issueBatch(fx.root, 8, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI))
        .to.emit(fx.claims, "BatchIssued")
        .withArgs(
          batchIdOf(fx.supplier.address, fx.root),
          fx.supplier.address,
          fx.root,
          fx.id,
          GOVERNED,
          8,
          MANIFEST_HASH,
          MANIFEST_URI,
        );
    });

    it("proves every claim of the batch with its proof (batchValidity valid)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      for (const claim of fx.leaves) {
        expect(await batchValidityOf(fx.claims, claim, fx.root, proofOf(fx.tree, claim))).to.deep.equal(VALID);
      }
      // The proof of another leaf does not prove it.
      const [a, b] = fx.leaves as [Claim, Claim];
      expect(await batchValidityOf(fx.claims, a, fx.root, proofOf(fx.tree, b))).to.deep.equal(NOT_FOUND);
      // Verifiers must be named in ascending order here too.
      const [low, high] = ascending([fx.verifier.address, fx.verifier2.address]) as [string, string];
      for (const verifiers of [
        [high, low],
        [low, low],
      ]) {
        await expect(fx.claims.batchValidity(a, fx.root, proofOf(fx.tree, a), verifiers)).to.be.revertedWithCustomError(
          fx.claims,
          "VerifiersNotAscending",
        );
      }
    });

    it("does not prove a claim outside the batch, even one issued on its own", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const outside = productClaim(fx, { documentHash: documentHash("not in the batch") });
      await issue(fx, outside);
      const first = fx.leaves[0] as Claim;
      for (const proof of [proofOf(fx.tree, first), [], [fx.root]]) {
        expect(await batchValidityOf(fx.claims, outside, fx.root, proof)).to.deep.equal(NOT_FOUND);
      }
      // Nor an inner node of the tree passed off as a claim id.
      expect(await batchValidityOf(fx.claims, first, ZERO_HASH, [])).to.deep.equal(NOT_FOUND);
    });

    it("does not prove a leaf under a forged issuer: claims naming another issuer, or another issuer's batch", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const first = fx.leaves[0] as Claim;
      const proof = proofOf(fx.tree, first);
      // The same fields naming the supplier: another id, and no batch (supplier, root).
      expect(await batchValidityOf(fx.claims, { ...first, issuer: fx.supplier.address }, fx.root, proof)).to.deep.equal(
        NOT_FOUND,
      );
      // The supplier anchors a batch of claims that name the brand as issuer: batchValidity looks under the brand's
      // key (the claim's issuer), so the supplier's root proves nothing there.
      const forged = batchClaims(fx, UNGOVERNED).map((c) => ({ ...c, documentURI: `${c.documentURI}?forged` }));
      const forgedTree = claimTree(forged);
      await fx.claims
        .connect(fx.supplier)
        .issueBatch(forgedTree.root, forged.length, UNGOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI);
      const victim = forged[0] as Claim;
      expect(await batchValidityOf(fx.claims, victim, forgedTree.root, proofOf(forgedTree, victim))).to.deep.equal(
        NOT_FOUND,
      );
    });

    it("does not prove a claim whose topic or constellation is not the batch's", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const good = productClaim(fx, { documentHash: documentHash("good") });
      const otherTopic = productClaim(fx, { topic: UNGOVERNED, documentHash: documentHash("topic") });
      const otherConstellation = productClaim(fx, {
        constellation: fx.otherId,
        documentHash: documentHash("constellation"),
      });
      const tree = claimTree([good, otherTopic, otherConstellation]);
      await fx.claims.connect(fx.brand).issueBatch(tree.root, 3, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI);
      expect(await batchValidityOf(fx.claims, good, tree.root, proofOf(tree, good))).to.deep.equal(VALID);
      for (const claim of [otherTopic, otherConstellation]) {
        expect(await batchValidityOf(fx.claims, claim, tree.root, proofOf(tree, claim))).to.deep.equal(NOT_FOUND);
      }
    });

    it("does not prove a claim whose issuer has no right to claim about its subject", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      // The impostor, a member of constellation 1 but no actor, anchors claims about the brand's product.
      const byImpostor = productClaim(fx, { issuer: fx.impostor.address });
      const byRetailer = productClaim(fx, { issuer: fx.retailer.address });
      const bySupplier = productClaim(fx, { issuer: fx.supplier.address });
      const companyOfOther = companyClaim(fx, fx.supplier.address, { issuer: fx.impostor.address, topic: GOVERNED });
      for (const [signer, claim] of [
        [fx.impostor, byImpostor],
        [fx.retailer, byRetailer],
        [fx.supplier, bySupplier],
        [fx.impostor, companyOfOther],
      ] as const) {
        const tree = claimTree([claim]);
        await fx.claims.connect(signer).issueBatch(tree.root, 1, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI);
        const expected = claim === bySupplier ? VALID : NOT_FOUND;
        expect(await batchValidityOf(fx.claims, claim, tree.root, proofOf(tree, claim))).to.deep.equal(expected);
      }
      // The supplier's claims stop proving once it is no longer an actor (rights are judged now).
      await fx.products.connect(fx.brand).removeActor(fx.product, fx.supplier.address);
      const tree = claimTree([bySupplier]);
      expect(await batchValidityOf(fx.claims, bySupplier, tree.root, proofOf(tree, bySupplier))).to.deep.equal(
        NOT_FOUND,
      );
    });

    it("stops proving the owner's batch claims once the product is discontinued, unlike single claims", async function () {
      // Observed: batchValidity asks Products whether the issuer may claim about the subject now, and Products refuses
      // every writer of a discontinued product; a claim issued on its own keeps its validity.
      const fx = await networkHelpers.loadFixture(deployClaims);
      const inBatch = productClaim(fx, { documentHash: documentHash("in a batch") });
      const alone = productClaim(fx, { documentHash: documentHash("alone") });
      const tree = claimTree([inBatch]);
      await fx.claims.connect(fx.brand).issueBatch(tree.root, 1, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI);
      await issue(fx, alone);
      expect(await batchValidityOf(fx.claims, inBatch, tree.root, proofOf(tree, inBatch))).to.deep.equal(VALID);
      await fx.products.connect(fx.brand).discontinue(fx.product);
      expect(await batchValidityOf(fx.claims, inBatch, tree.root, proofOf(tree, inBatch))).to.deep.equal(NOT_FOUND);
      expect(await validityOf(fx.claims, alone)).to.deep.equal(VALID);
    });

    it("proves company claims of a member in its batch, not once it left", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const claim = companyClaim(fx, fx.retailer.address);
      const tree = claimTree([claim]);
      await fx.claims.connect(fx.retailer).issueBatch(tree.root, 1, UNGOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI);
      expect(await batchValidityOf(fx.claims, claim, tree.root, proofOf(tree, claim))).to.deep.equal(VALID);
      await fx.constellations.connect(fx.retailer).leaveConstellation(fx.id);
      expect(await batchValidityOf(fx.claims, claim, tree.root, proofOf(tree, claim))).to.deep.equal(NOT_FOUND);
    });

    it("follows each claim's window and flags an issuer compromised at or before the batch", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const end = (await now()) + DAY;
      const claim = productClaim(fx, { validUntil: BigInt(end) });
      const tree = claimTree([claim, productClaim(fx)]);
      const receipt = await mined(
        fx.claims.connect(fx.brand).issueBatch(tree.root, 2, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI),
      );
      const issuedAt = await blockTime(receipt);
      const proof = proofOf(tree, claim);
      expect(await batchValidityOf(fx.claims, claim, tree.root, proof)).to.deep.equal(VALID);
      await fx.companies.connect(fx.brand).markCompromised(issuedAt);
      expect(await batchValidityOf(fx.claims, claim, tree.root, proof)).to.deep.equal({
        ...VALID,
        issuerCompromised: true,
        valid: false,
      });
      await networkHelpers.time.increaseTo(end);
      expect(await batchValidityOf(fx.claims, claim, tree.root, proof)).to.deep.equal({
        ...VALID,
        inWindow: false,
        issuerCompromised: true,
        valid: false,
      });
    });

    it("revokes one claim of the batch without a proof (BatchClaimRevoked); twice is refused", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const [gone, kept] = fx.leaves as [Claim, Claim];
      const id = claimIdOf(gone);
      await expect(fx.claims.connect(fx.brand).revokeBatchClaim(fx.root, id))
        .to.emit(fx.claims, "BatchClaimRevoked")
        .withArgs(fx.batch, id, fx.brand.address);
      expect(await batchValidityOf(fx.claims, gone, fx.root, proofOf(fx.tree, gone))).to.deep.equal({
        ...VALID,
        revoked: true,
        valid: false,
      });
      expect(await batchValidityOf(fx.claims, kept, fx.root, proofOf(fx.tree, kept))).to.deep.equal(VALID);
      await expect(fx.claims.connect(fx.brand).revokeBatchClaim(fx.root, id))
        .to.be.revertedWithCustomError(fx.claims, "BatchClaimAlreadyRevoked")
        .withArgs(fx.batch, id);
    });

    it("refuses to revoke in a batch that does not exist under the acting company (BatchNotFound)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const id = claimIdOf(fx.leaves[0] as Claim);
      await expect(fx.claims.connect(fx.brand).revokeBatchClaim(UNKNOWN, id))
        .to.be.revertedWithCustomError(fx.claims, "BatchNotFound")
        .withArgs(batchIdOf(fx.brand.address, UNKNOWN));
      // Another company names the brand's root: it looks under its own key.
      for (const account of [fx.supplier, fx.stranger]) {
        await expect(fx.claims.connect(account).revokeBatchClaim(fx.root, id))
          .to.be.revertedWithCustomError(fx.claims, "BatchNotFound")
          .withArgs(batchIdOf(account.address, fx.root));
        await expect(fx.claims.connect(account).revokeBatch(fx.root))
          .to.be.revertedWithCustomError(fx.claims, "BatchNotFound")
          .withArgs(batchIdOf(account.address, fx.root));
      }
      await expect(fx.claims.connect(fx.brand).revokeBatch(UNKNOWN))
        .to.be.revertedWithCustomError(fx.claims, "BatchNotFound")
        .withArgs(batchIdOf(fx.brand.address, UNKNOWN));
      expect(
        await batchValidityOf(fx.claims, fx.leaves[0] as Claim, fx.root, proofOf(fx.tree, fx.leaves[0] as Claim)),
      ).to.deep.equal(VALID);
    });

    it("revokes the whole batch (BatchRevoked): every claim revoked; twice is refused (AlreadyRevoked)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const at = await pinNextBlockTime();
      await expect(fx.claims.connect(fx.brand).revokeBatch(fx.root))
        .to.emit(fx.claims, "BatchRevoked")
        .withArgs(fx.batch, fx.brand.address);
      expect((await fx.claims.batchOf(fx.brand.address, fx.root))[0].revokedAt).to.equal(at);
      for (const claim of fx.leaves) {
        expect(await batchValidityOf(fx.claims, claim, fx.root, proofOf(fx.tree, claim))).to.deep.equal({
          ...VALID,
          revoked: true,
          valid: false,
        });
      }
      await expect(fx.claims.connect(fx.brand).revokeBatch(fx.root))
        .to.be.revertedWithCustomError(fx.claims, "AlreadyRevoked")
        .withArgs(fx.batch);
      // Single claims can still be marked in a revoked batch.
      await expect(fx.claims.connect(fx.brand).revokeBatchClaim(fx.root, claimIdOf(fx.leaves[1] as Claim))).to.emit(
        fx.claims,
        "BatchClaimRevoked",
      );
    });

    it("counts an eligible verifier's attestBatch for every claim of the batch", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const expiresAt = (await now()) + 30 * DAY;
      const at = await pinNextBlockTime();
      await expect(fx.claims.connect(fx.verifier).attestBatch(fx.brand.address, fx.root, EVIDENCE, expiresAt))
        .to.emit(fx.claims, "Attested")
        .withArgs(fx.batch, fx.verifier.address, fx.id, EVIDENCE, expiresAt);
      expect(await verdictView(fx.claims, fx.batch, fx.verifier.address)).to.deep.equal({
        verdict: Verdict.Attested,
        reason: 0,
        givenAt: at,
        expiresAt,
      });
      const verifiers = [fx.verifier.address, fx.verifier2.address];
      for (const claim of fx.leaves) {
        expect(await batchValidityOf(fx.claims, claim, fx.root, proofOf(fx.tree, claim), verifiers)).to.deep.equal({
          ...VALID,
          attestations: 1,
        });
      }
      // Not for a claim outside it.
      const outside = productClaim(fx, { documentHash: documentHash("outside") });
      expect(
        await batchValidityOf(fx.claims, outside, fx.root, proofOf(fx.tree, fx.leaves[0] as Claim), verifiers),
      ).to.deep.equal(NOT_FOUND);
      await expect(fx.claims.connect(fx.verifier).attestBatch(fx.brand.address, fx.root, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "VerdictExists")
        .withArgs(fx.batch, fx.verifier.address, Verdict.Attested);
      await expect(fx.claims.connect(fx.verifier).withdraw(fx.batch))
        .to.emit(fx.claims, "AttestationWithdrawn")
        .withArgs(fx.batch, fx.verifier.address);
      const first = fx.leaves[0] as Claim;
      expect(await batchValidityOf(fx.claims, first, fx.root, proofOf(fx.tree, first), verifiers)).to.deep.equal(VALID);
    });

    it("refuses ineligible verifiers for a batch as for single claims", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const attestBatch = (s: Signer, expiresAt = 0) =>
        fx.claims.connect(s).attestBatch(fx.brand.address, fx.root, EVIDENCE, expiresAt);
      await expect(attestBatch(fx.brand))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.batch, fx.brand.address, fx.brand.address);
      for (const account of [fx.outsider, fx.supplier, fx.stranger]) {
        await expect(attestBatch(account))
          .to.be.revertedWithCustomError(fx.claims, "NotAVerifier")
          .withArgs(fx.id, account.address);
      }
      await expect(attestBatch(fx.verifier2))
        .to.be.revertedWithCustomError(fx.claims, "VerifierNotAccredited")
        .withArgs(fx.verifier2.address, GOVERNED);
      await expect(attestBatch(fx.verifier, 1)).to.be.revertedWithCustomError(fx.claims, "InvalidExpiry").withArgs(1);
      // The issuer's operator as a verifier company, and a verifier acting through the issuer's operator.
      const expiry = (await now()) + DAY;
      await fx.companies.connect(fx.operator2).register(profile("Consultancy"));
      await fx.constellations.connect(fx.brand).invite(fx.id, fx.operator2.address, Role.VERIFIER, expiry);
      await fx.constellations.connect(fx.operator2).acceptInvitation(fx.id);
      await fx.companies.connect(fx.brand).setOperator(fx.operator2.address, Permission.PROFILE, expiry);
      await fx.accreditations
        .connect(fx.body)
        .accredit(fx.operator2.address, Kind.VERIFIER_TOPIC, GOVERNED, expiry, EVIDENCE);
      await expect(attestBatch(fx.operator2))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.batch, fx.operator2.address, fx.brand.address);
      await fx.companies.connect(fx.verifier).setOperator(fx.operator.address, Permission.VERIFY, expiry);
      await fx.companies.connect(fx.brand).setOperator(fx.operator.address, Permission.CLAIMS, expiry);
      const data = fx.claims.interface.encodeFunctionData("attestBatch", [fx.brand.address, fx.root, EVIDENCE, 0]);
      await expect(fx.claims.connect(fx.operator).actFor(fx.verifier.address, data))
        .to.be.revertedWithCustomError(fx.claims, "SelfVerification")
        .withArgs(fx.batch, fx.verifier.address, fx.brand.address);
    });

    it("refuses attestBatch on a revoked batch (AlreadyRevoked) or an unknown one (BatchNotFound)", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      await expect(fx.claims.connect(fx.verifier).attestBatch(fx.supplier.address, fx.root, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "BatchNotFound")
        .withArgs(batchIdOf(fx.supplier.address, fx.root));
      await fx.claims.connect(fx.brand).revokeBatch(fx.root);
      await expect(fx.claims.connect(fx.verifier).attestBatch(fx.brand.address, fx.root, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "AlreadyRevoked")
        .withArgs(fx.batch);
    });

    it("cannot attest or reject a batch claim on its own: it was never issued one by one (ClaimNotFound)", async function () {
      // Observed: verdicts on a single claim of a batch need the claim issued on its own; there is no rejectBatch,
      // so a verifier can only attest a whole batch, never reject it or one of its claims.
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const first = fx.leaves[0] as Claim;
      await expect(fx.claims.connect(fx.verifier).attest(first, EVIDENCE, 0))
        .to.be.revertedWithCustomError(fx.claims, "ClaimNotFound")
        .withArgs(claimIdOf(first));
      await expect(fx.claims.connect(fx.verifier).reject(first, 1, EVIDENCE))
        .to.be.revertedWithCustomError(fx.claims, "ClaimNotFound")
        .withArgs(claimIdOf(first));
    });

    it("counts a verifier once when it attested both the batch and the same claim issued on its own", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const first = fx.leaves[0] as Claim;
      await issue(fx, first);
      await fx.claims.connect(fx.verifier).attest(first, EVIDENCE, 0);
      await fx.claims.connect(fx.verifier).attestBatch(fx.brand.address, fx.root, EVIDENCE, 0);
      expect(
        await batchValidityOf(fx.claims, first, fx.root, proofOf(fx.tree, first), [fx.verifier.address]),
      ).to.deep.equal({ ...VALID, attestations: 1 });
      expect(await validityOf(fx.claims, first, [fx.verifier.address])).to.deep.equal({ ...VALID, attestations: 1 });
    });

    it("lets a verifier's live attestation of the batch outweigh its rejection of the claim, once", async function () {
      const fx = await networkHelpers.loadFixture(deployWithBatch);
      const first = fx.leaves[0] as Claim;
      await issue(fx, first);
      await fx.claims.connect(fx.verifier).reject(first, 1, EVIDENCE);
      const proof = proofOf(fx.tree, first);
      expect(await batchValidityOf(fx.claims, first, fx.root, proof, [fx.verifier.address])).to.deep.equal({
        ...VALID,
        rejections: 1,
      });
      await fx.claims.connect(fx.verifier).attestBatch(fx.brand.address, fx.root, EVIDENCE, 0);
      expect(await batchValidityOf(fx.claims, first, fx.root, proof, [fx.verifier.address])).to.deep.equal({
        ...VALID,
        attestations: 1,
      });
    });

    it("anchors 10,000 claims in one transaction", async function () {
      this.timeout(300_000);
      const fx = await networkHelpers.loadFixture(deployClaims);
      const subjects = [fx.product, fx.batch, fx.item];
      const leaves = Array.from({ length: 10_000 }, (_, i) =>
        productClaim(fx, {
          subject: subjects[i % 3] ?? fx.product,
          documentHash: documentHash(`claim ${i}`),
          documentURI: `https://vault.example.com/claims/${i}.json`,
        }),
      );
      const started = Date.now();
      const tree = claimTree(leaves);
      const built = Date.now() - started;
      const receipt = await mined(
        fx.claims.connect(fx.brand).issueBatch(tree.root, leaves.length, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI),
      );
      console.log(
        `      issueBatch of 10,000 claims: ${receipt.gasUsed.toLocaleString("en-US")} gas (tree built in ${built} ms)`,
      );
      // One attestation covers all 10,000.
      await fx.claims.connect(fx.verifier).attestBatch(fx.brand.address, tree.root, EVIDENCE, 0);
      for (const i of [0, 4_999, 9_999]) {
        const claim = leaves[i] as Claim;
        const proof = proofOf(tree, claim);
        expect(proof.length).to.be.within(13, 14);
        expect(await batchValidityOf(fx.claims, claim, tree.root, proof, [fx.verifier.address])).to.deep.equal({
          ...VALID,
          attestations: 1,
        });
      }
    });
  });

  describe("gas", function () {
    it("reports the gas of issuing, judging and revoking claims (receipts, 21,000 included)", async function () {
      const fx = await networkHelpers.loadFixture(deployClaims);
      const figures: Record<string, bigint> = {};
      const claim = productClaim(fx);
      figures["issue (owner, product claim)"] = (await mined(fx.claims.connect(fx.brand).issue(claim))).gasUsed;
      const byActor = productClaim(fx, { issuer: fx.supplier.address, subject: fx.batch });
      figures["issue (actor, batch subject)"] = (await mined(fx.claims.connect(fx.supplier).issue(byActor))).gasUsed;
      figures["issue (company claim)"] = (
        await mined(fx.claims.connect(fx.brand).issue(companyClaim(fx, fx.brand.address)))
      ).gasUsed;
      figures["attest (accredited, governed topic)"] = (
        await mined(fx.claims.connect(fx.verifier).attest(claim, EVIDENCE, 0))
      ).gasUsed;
      figures["reject"] = (await mined(fx.claims.connect(fx.verifier).reject(byActor, 1, EVIDENCE))).gasUsed;
      figures["withdraw"] = (await mined(fx.claims.connect(fx.verifier).withdraw(claimIdOf(claim)))).gasUsed;
      figures["revoke"] = (await mined(fx.claims.connect(fx.brand).revoke(claimIdOf(claim)))).gasUsed;
      const tree = claimTree([claim, byActor]);
      figures["issueBatch"] = (
        await mined(fx.claims.connect(fx.brand).issueBatch(tree.root, 2, GOVERNED, fx.id, MANIFEST_HASH, MANIFEST_URI))
      ).gasUsed;
      figures["attestBatch"] = (
        await mined(fx.claims.connect(fx.verifier).attestBatch(fx.brand.address, tree.root, EVIDENCE, 0))
      ).gasUsed;
      figures["revokeBatchClaim"] = (
        await mined(fx.claims.connect(fx.brand).revokeBatchClaim(tree.root, claimIdOf(claim)))
      ).gasUsed;
      console.log("      Claims gas:");
      for (const [name, gas] of Object.entries(figures)) console.log(`        ${name}: ${gas.toLocaleString("en-US")}`);
    });
  });
});
