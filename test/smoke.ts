import { expect } from "chai";

import { deployWithConstellation, networkHelpers, Role } from "./helpers/fixture.js";

describe("fixture", function () {
  it("founds a constellation with the brand as admin and the supplier as member", async function () {
    const { constellations, brand, supplier, id } = await networkHelpers.loadFixture(deployWithConstellation);
    expect(await constellations.hasRoles(id, brand.address, Role.ADMIN)).to.equal(true);
    expect(await constellations.hasRoles(id, supplier.address, Role.SUPPLIER)).to.equal(true);
  });
});
