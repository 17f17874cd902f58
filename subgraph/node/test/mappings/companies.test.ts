import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ACME, BOLT, OPERATOR, bytes32, eventId, harness, id, inOrder, must, registerCompany } from "./helpers.ts";

const PROFILE = {
  name: "Acme Coffee",
  registryId: "LEI:529900T8BM49AURSDO55",
  metadataURI: "ipfs://acme",
  metadataHash: bytes32("acme profile"),
  dataEndpoint: "https://vault.acme.example",
};

describe("Companies mappings", () => {
  it("registers a company with its profile, counts it and records the change", () => {
    const h = harness();
    const event = h.emit("Companies", "CompanyRegistered", { company: ACME, profile: PROFILE });

    const company = must(h, "Company", ACME);
    assert.equal(company.registered, true);
    assert.equal(company.registeredAt, event.block.timestamp);
    assert.equal(company.name, PROFILE.name);
    assert.equal(company.registryId, PROFILE.registryId);
    assert.equal(company.metadataURI, PROFILE.metadataURI);
    assert.equal(company.metadataHash, PROFILE.metadataHash);
    assert.equal(company.dataEndpoint, PROFILE.dataEndpoint);
    assert.equal(company.compromisedSince, null);
    assert.equal(company.createdAt, event.block.timestamp);

    const protocol = must(h, "Protocol", "constellate");
    assert.equal(protocol.companyCount, 1);
    assert.equal(protocol.registeredCompanyCount, 1);

    const change = must(h, "CompanyChange", eventId(event));
    assert.equal(change.kind, "Registered");
    assert.equal(change.company, ACME);
    assert.equal(change.name, PROFILE.name);
    assert.equal(change.blockNumber, 1n);
    assert.equal(change.transactionHash, event.transaction.hash);
  });

  it("turns an account it already knew into a registered company without counting it twice", () => {
    const h = harness();
    h.emit("Access", "AccessGranted", {
      id: bytes32("grant"),
      owner: BOLT,
      scope: bytes32("scope"),
      kind: 0,
      account: ACME,
      constellation: 0n,
      roles: 0,
      expiresAt: 2_000_000_000n,
    });
    assert.equal(must(h, "Company", ACME).registered, false);

    h.nextBlock();
    registerCompany(h, ACME, "Acme");
    assert.equal(must(h, "Company", ACME).registered, true);
    const protocol = must(h, "Protocol", "constellate");
    assert.equal(protocol.companyCount, 2);
    assert.equal(protocol.registeredCompanyCount, 1);
  });

  it("replaces the profile on an update and keeps both versions in the history", () => {
    const h = harness();
    h.emit("Companies", "CompanyRegistered", { company: ACME, profile: PROFILE });
    h.nextBlock();
    h.emit("Companies", "CompanyUpdated", {
      company: ACME,
      profile: { ...PROFILE, name: "Acme Coffee Roasters", dataEndpoint: "" },
    });

    const company = must(h, "Company", ACME);
    assert.equal(company.name, "Acme Coffee Roasters");
    assert.equal(company.dataEndpoint, null, "an empty text in a nullable field reads as null");
    assert.equal(company.registeredAt, 1_700_000_012n);
    assert.equal(company.updatedAt, 1_700_000_024n);
    const changes = inOrder(h.entities("CompanyChange"));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.name]),
      [
        ["Registered", "Acme Coffee"],
        ["ProfileUpdated", "Acme Coffee Roasters"],
      ],
    );
  });

  it("keeps the latest (earliest) compromise time", () => {
    const h = harness();
    registerCompany(h, ACME);
    h.emit("Companies", "CompanyCompromised", { company: ACME, since: 1_700_000_500n });
    h.emit("Companies", "CompanyCompromised", { company: ACME, since: 1_600_000_000n });

    assert.equal(must(h, "Company", ACME).compromisedSince, 1_600_000_000n);
    const marks = inOrder(h.entities("CompanyChange")).filter((c) => c.kind === "Compromised");
    assert.deepEqual(
      marks.map((c) => c.compromisedSince),
      [1_700_000_500n, 1_600_000_000n],
    );
  });

  it("appoints, re-appoints and removes an operator, counting active appointments", () => {
    const h = harness();
    registerCompany(h, ACME);
    const operatorId = id(ACME, OPERATOR);

    h.emit("Companies", "OperatorSet", {
      company: ACME,
      operator: OPERATOR,
      permissions: 0b110000n,
      expiresAt: 1_800_000_000n,
    });
    let operator = must(h, "Operator", operatorId);
    assert.equal(operator.company, ACME);
    assert.equal(operator.account, OPERATOR);
    assert.equal(operator.active, true);
    assert.equal(operator.permissions, 0b110000n);
    assert.equal(operator.expiresAt, 1_800_000_000n);
    assert.equal(operator.actionCount, 0);
    assert.equal(must(h, "Company", ACME).operatorCount, 1);

    h.nextBlock();
    h.emit("Companies", "OperatorSet", {
      company: ACME,
      operator: OPERATOR,
      permissions: 1n,
      expiresAt: 1_900_000_000n,
    });
    operator = must(h, "Operator", operatorId);
    assert.equal(operator.permissions, 1n);
    assert.equal(operator.expiresAt, 1_900_000_000n);
    assert.equal(operator.appointedAt, 1_700_000_024n);
    assert.equal(must(h, "Company", ACME).operatorCount, 1);

    h.nextBlock();
    h.emit("Companies", "OperatorRemoved", { company: ACME, operator: OPERATOR });
    operator = must(h, "Operator", operatorId);
    assert.equal(operator.active, false);
    assert.equal(operator.permissions, 0n);
    assert.equal(operator.expiresAt, 0n);
    assert.equal(operator.removedAt, 1_700_000_036n);
    assert.equal(must(h, "Company", ACME).operatorCount, 0);

    h.nextBlock();
    h.emit("Companies", "OperatorSet", {
      company: ACME,
      operator: OPERATOR,
      permissions: 2n,
      expiresAt: 1_900_000_000n,
    });
    operator = must(h, "Operator", operatorId);
    assert.equal(operator.active, true);
    assert.equal(operator.removedAt, null);
    assert.equal(must(h, "Company", ACME).operatorCount, 1);

    const changes = inOrder(h.entities("OperatorChange"));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.permissions, c.operator]),
      [
        ["Set", 0b110000n, operatorId],
        ["Set", 1n, operatorId],
        ["Removed", 0n, operatorId],
        ["Set", 2n, operatorId],
      ],
    );
  });

  it("records an operator's actions in every contract and stamps the operator", () => {
    const h = harness();
    registerCompany(h, ACME);
    h.emit("Companies", "OperatorSet", {
      company: ACME,
      operator: OPERATOR,
      permissions: 511n,
      expiresAt: 1_800_000_000n,
    });
    const contracts = ["Companies", "Accreditations", "Constellations", "Products", "Claims", "Access"];
    for (const contract of contracts) {
      h.nextBlock();
      h.emit(contract, "ActedFor", { company: ACME, operator: OPERATOR });
    }

    const operator = must(h, "Operator", id(ACME, OPERATOR));
    assert.equal(operator.actionCount, contracts.length);
    assert.equal(operator.lastActedAt, 1_700_000_000n + 12n * BigInt(contracts.length + 1));
    const actions = h.entities("OperatorAction");
    assert.deepEqual(actions.map((a) => a.contract).sort(), [...contracts].sort());
    for (const action of actions) {
      assert.equal(action.operator, id(ACME, OPERATOR));
      assert.equal(action.company, ACME);
      assert.equal(action.account, OPERATOR);
    }
  });

  it("records cancelled nonces of Claims and Access signers", () => {
    const h = harness();
    h.emit("Claims", "NoncesCancelled", { signer: OPERATOR, word: 3n, mask: 0b101n });
    h.emit("Access", "NoncesCancelled", { signer: ACME, word: 0n, mask: 1n });

    const cancellations = h
      .entities("NonceCancellation")
      .sort((a, b) => String(a.contract).localeCompare(String(b.contract)));
    assert.deepEqual(
      cancellations.map((c) => [c.contract, c.signer, c.word, c.mask]),
      [
        ["Access", ACME, 0n, 1n],
        ["Claims", OPERATOR, 3n, 0b101n],
      ],
    );
    assert.equal(h.entity("Company", OPERATOR), null, "a signer is not a company");
  });
});
