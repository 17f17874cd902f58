import { readFileSync } from "node:fs";

import { expect } from "chai";

// @ts-expect-error -- epcis2.js ships declarations (under @types/) but no "types" entry pointing at them.
import epcis from "epcis2.js";

import {
  BUSINESS_STEPS,
  businessStepCode,
  Kind,
  Permission,
  ProductRole,
  Role,
  ROLES_NEEDING_CONSENT,
} from "../sdk/src/constants.js";
import { deployConstellate, networkHelpers } from "./helpers/fixture.js";

/** `NAME = 1 << n` constants of a Solidity library, read from its source. */
function bitConstants(file: string): Map<string, bigint> {
  const source = readFileSync(new URL(`../contracts/libraries/${file}`, import.meta.url), "utf8");
  const bits = new Map<string, bigint>();
  for (const match of source.matchAll(/constant (\w+) = 1 << (\d+);/g)) {
    bits.set(match[1]!, 1n << BigInt(match[2]!));
  }
  return bits;
}

describe("sdk constants", function () {
  it("match every operator permission bit of OperatorPermissions.sol", function () {
    const bits = bitConstants("OperatorPermissions.sol");
    expect(bits.size).to.be.greaterThan(0);
    for (const [name, value] of bits) expect(Permission[name as keyof typeof Permission], name).to.equal(value);
    const all = [...bits.values()].reduce((a, b) => a | b, 0n);
    expect(Permission.ALL).to.equal(all);
  });

  it("match the role constants the Constellations contract publishes", async function () {
    const { constellations } = await networkHelpers.loadFixture(deployConstellate);
    expect(await constellations.ADMIN()).to.equal(Role.ADMIN);
    expect(await constellations.PRODUCER()).to.equal(Role.PRODUCER);
    expect(await constellations.SUPPLIER()).to.equal(Role.SUPPLIER);
    expect(await constellations.LOGISTICS()).to.equal(Role.LOGISTICS);
    expect(await constellations.RETAILER()).to.equal(Role.RETAILER);
    expect(await constellations.VERIFIER()).to.equal(Role.VERIFIER);
    expect(bitConstants("ConstellationRoles.sol").size).to.equal(6);
    expect(Role.ALL).to.equal(63);
    expect(ROLES_NEEDING_CONSENT).to.equal(Role.ADMIN | Role.VERIFIER);
  });

  it("match the accreditation kinds the Accreditations contract publishes", async function () {
    const { accreditations } = await networkHelpers.loadFixture(deployConstellate);
    expect(await accreditations.GS1_COMPANY_PREFIX()).to.equal(Kind.GS1_COMPANY_PREFIX);
    expect(await accreditations.LEGAL_ENTITY()).to.equal(Kind.LEGAL_ENTITY);
    expect(await accreditations.VERIFIER_TOPIC()).to.equal(Kind.VERIFIER_TOPIC);
  });

  it("match the product-actor roles the Products contract publishes", async function () {
    const { products } = await networkHelpers.loadFixture(deployConstellate);
    expect(await products.SUPPLIER()).to.equal(ProductRole.SUPPLIER);
    expect(await products.LOGISTICS()).to.equal(ProductRole.LOGISTICS);
    expect(await products.RETAILER()).to.equal(ProductRole.RETAILER);
    expect(await products.AUDITOR()).to.equal(ProductRole.AUDITOR);
    const bits = bitConstants("ProductRoles.sol");
    expect(bits.size).to.equal(4);
    expect(ProductRole.ALL).to.equal(Number([...bits.values()].reduce((a, b) => a | b, 0n)));
  });

  it("number every CBV 2.0 business step in the CBV's alphabetical order, as epcis2.js lists them", function () {
    const names = Object.values(epcis.cbv.bizSteps as Record<string, string>);
    expect(BUSINESS_STEPS.map((s) => s.name)).to.deep.equal([...names].sort());
    expect(BUSINESS_STEPS.map((s) => s.step)).to.deep.equal(names.map((_, i) => i + 1));
    expect(businessStepCode("shipping")).to.equal(33);
    expect(businessStepCode("https://ref.gs1.org/cbv/BizStep-retail_selling")).to.equal(30);
    expect(businessStepCode("urn:epcglobal:cbv:bizstep:commissioning")).to.equal(5);
    expect(() => businessStepCode("teleporting")).to.throw(RangeError, /not a CBV 2.0 business step/);
  });
});
