import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys Constellate's contracts: Companies, then Accreditations and Constellations, both bound to it, then Products,
 * bound to all three, Claims, bound to all four, and Access, bound to Companies and Constellations.
 *
 * Parameters (module id "Constellate"):
 *  - governance: the Accreditations owner, which appoints accreditation bodies. Defaults to the deployer (account 0);
 *    in production pass the consortium's Safe, e.g. `{ "Constellate": { "governance": "0x..." } }`.
 */
export default buildModule("Constellate", (m) => {
  const governance = m.getParameter("governance", m.getAccount(0));

  const companies = m.contract("Companies");
  const accreditations = m.contract("Accreditations", [companies, governance]);
  const constellations = m.contract("Constellations", [companies]);
  const products = m.contract("Products", [companies, constellations, accreditations]);
  const claims = m.contract("Claims", [companies, constellations, products, accreditations]);
  const access = m.contract("Access", [companies, constellations]);

  return { companies, accreditations, constellations, products, claims, access };
});
