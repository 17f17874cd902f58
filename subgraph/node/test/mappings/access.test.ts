import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  ACME,
  BOLT,
  CARGO,
  bytes32,
  createConstellation,
  harness,
  id,
  inOrder,
  must,
  registerCompany,
  where,
} from "./helpers.ts";

const ACCOUNT = 0;
const CONSTELLATION = 1;
const SUPPLIER = 4;
const GRANT = bytes32("grant to bolt");
const COMMITMENT = bytes32("blinded commitment");

describe("Access mappings", () => {
  it("grants, revokes and renews access for an account, clearing the revocation", () => {
    const h = harness();
    registerCompany(h, ACME, "Acme");
    const grantAccess = (expiresAt: bigint) =>
      h.emit("Access", "AccessGranted", {
        id: GRANT,
        owner: ACME,
        scope: bytes32("scope: product documents"),
        kind: ACCOUNT,
        account: BOLT,
        constellation: 0n,
        roles: 0,
        expiresAt,
      });
    grantAccess(1_750_000_000n);

    let grant = must(h, "Grant", GRANT);
    assert.equal(grant.owner, ACME);
    assert.equal(grant.scope, bytes32("scope: product documents"));
    assert.equal(grant.granteeKind, "Account");
    assert.equal(grant.grantee, BOLT);
    assert.equal(grant.constellation, null);
    assert.equal(grant.roles, 0);
    assert.equal(grant.expiresAt, 1_750_000_000n);
    assert.equal(grant.grantedAt, 1_700_000_012n);
    assert.equal(grant.revoked, false);
    assert.equal(must(h, "Company", BOLT).registered, false);

    h.nextBlock();
    h.emit("Access", "AccessRevoked", { id: GRANT, owner: ACME });
    grant = must(h, "Grant", GRANT);
    assert.equal(grant.revoked, true);
    assert.equal(grant.revokedAt, 1_700_000_024n);

    h.nextBlock();
    grantAccess(1_760_000_000n);
    grant = must(h, "Grant", GRANT);
    assert.equal(grant.revoked, false);
    assert.equal(grant.revokedAt, null);
    assert.equal(grant.expiresAt, 1_760_000_000n);
    assert.equal(grant.grantedAt, 1_700_000_036n);
    assert.equal(grant.createdAt, 1_700_000_012n);
    assert.equal(must(h, "Company", ACME).grantCount, 1, "a renewal is the same grant");
    assert.equal(must(h, "Protocol", "constellate").grantCount, 1);
    assert.deepEqual(
      inOrder(where(h, "AccessChange", "grant", GRANT)).map((c) => [c.kind, c.owner, c.expiresAt]),
      [
        ["Granted", ACME, 1_750_000_000n],
        ["Revoked", ACME, null],
        ["Granted", ACME, 1_760_000_000n],
      ],
    );
  });

  it("grants access to the members of a constellation holding given roles", () => {
    const h = harness();
    registerCompany(h, ACME, "Acme");
    createConstellation(h, 7n, ACME);
    const constellationGrant = bytes32("grant to suppliers of 7");
    h.emit("Access", "AccessGranted", {
      id: constellationGrant,
      owner: ACME,
      scope: bytes32("scope"),
      kind: CONSTELLATION,
      account: "0x0000000000000000000000000000000000000000",
      constellation: 7n,
      roles: SUPPLIER,
      expiresAt: 1_750_000_000n,
    });
    const grant = must(h, "Grant", constellationGrant);
    assert.equal(grant.granteeKind, "Constellation");
    assert.equal(grant.grantee, null);
    assert.equal(grant.constellation, "7");
    assert.equal(grant.roles, SUPPLIER);
  });

  it("keeps a blinded grant as its commitment only, and revokes and renews it", () => {
    const h = harness();
    h.emit("Access", "BlindedGrantCreated", { owner: CARGO, commitment: COMMITMENT, expiresAt: 1_750_000_000n });
    const blindedId = id(CARGO, COMMITMENT);
    let blinded = must(h, "BlindedGrant", blindedId);
    assert.equal(blinded.owner, CARGO);
    assert.equal(blinded.commitment, COMMITMENT);
    assert.equal(blinded.expiresAt, 1_750_000_000n);
    assert.equal(blinded.revoked, false);
    assert.equal(must(h, "Company", CARGO).blindedGrantCount, 1);

    h.nextBlock();
    h.emit("Access", "BlindedGrantRevoked", { owner: CARGO, commitment: COMMITMENT });
    blinded = must(h, "BlindedGrant", blindedId);
    assert.equal(blinded.revoked, true);
    assert.equal(blinded.revokedAt, 1_700_000_024n);

    h.nextBlock();
    h.emit("Access", "BlindedGrantCreated", { owner: CARGO, commitment: COMMITMENT, expiresAt: 1_790_000_000n });
    blinded = must(h, "BlindedGrant", blindedId);
    assert.equal(blinded.revoked, false);
    assert.equal(blinded.revokedAt, null);
    assert.equal(blinded.expiresAt, 1_790_000_000n);
    assert.equal(blinded.grantedAt, 1_700_000_036n);
    assert.equal(must(h, "Protocol", "constellate").blindedGrantCount, 1);
    assert.equal(h.count("Grant"), 0, "nothing about the grantee is public");
    assert.deepEqual(
      inOrder(where(h, "AccessChange", "blindedGrant", blindedId)).map((c) => c.kind),
      ["BlindedGranted", "BlindedRevoked", "BlindedGranted"],
    );
  });

  it("records an operator acting in Access", () => {
    const h = harness();
    h.emit("Access", "ActedFor", { company: ACME, operator: BOLT });
    assert.equal(h.entities("OperatorAction")[0]?.contract, "Access");
  });
});
