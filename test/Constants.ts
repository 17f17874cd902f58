import { readFileSync } from "node:fs";

import { expect } from "chai";

import { Kind, Permission, Role, ROLES_NEEDING_CONSENT } from "../sdk/src/constants.js";
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
});
