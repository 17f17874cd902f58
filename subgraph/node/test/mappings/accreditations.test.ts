import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { toHex } from "viem";

import {
  ACME,
  BOLT,
  GOVERNANCE,
  VERITAS,
  ZERO_ADDRESS,
  accreditationId,
  bytes32,
  eventId,
  harness,
  id,
  inOrder,
  leftAligned,
  must,
  registerCompany,
} from "./helpers.ts";

const PREFIX = 1;
const LEGAL_ENTITY = 2;
const TOPIC = 4;

function termId(body: string, kind: number, number: number): string {
  return id(body as `0x${string}`, toHex(kind, { size: 1 }), toHex(number, { size: 4 }));
}

describe("Accreditations mappings", () => {
  it("follows governance through deployment and a two-step hand-over", () => {
    const h = harness();
    h.emit("Accreditations", "OwnershipTransferred", { previousOwner: ZERO_ADDRESS, newOwner: GOVERNANCE });
    assert.equal(must(h, "Protocol", "constellate").accreditationsOwner, GOVERNANCE);

    h.nextBlock();
    const started = h.emit("Accreditations", "OwnershipTransferStarted", { previousOwner: GOVERNANCE, newOwner: ACME });
    let protocol = must(h, "Protocol", "constellate");
    assert.equal(protocol.accreditationsOwner, GOVERNANCE);
    assert.equal(protocol.accreditationsPendingOwner, ACME);

    h.nextBlock();
    h.emit("Accreditations", "OwnershipTransferred", { previousOwner: GOVERNANCE, newOwner: ACME });
    protocol = must(h, "Protocol", "constellate");
    assert.equal(protocol.accreditationsOwner, ACME);
    assert.equal(protocol.accreditationsPendingOwner, null);

    const transfer = must(h, "GovernanceTransfer", eventId(started));
    assert.equal(transfer.kind, "Started");
    assert.equal(transfer.previousOwner, GOVERNANCE);
    assert.equal(transfer.newOwner, ACME);
    assert.equal(h.count("GovernanceTransfer"), 3);
  });

  it("starts a term for each kind a body is given and ends it when the kind is taken or the body removed", () => {
    const h = harness();
    registerCompany(h, VERITAS, "Veritas");
    h.emit("Accreditations", "BodyAppointed", { body: VERITAS, kinds: PREFIX | TOPIC, name: "Veritas Certification" });
    let body = must(h, "AccreditationBody", VERITAS);
    assert.equal(body.company, VERITAS);
    assert.equal(body.name, "Veritas Certification");
    assert.equal(body.kinds, PREFIX | TOPIC);
    assert.equal(body.appointed, true);
    assert.equal(body.appointedAt, 1_700_000_012n);
    assert.deepEqual([body.prefixTerm, body.legalEntityTerm, body.topicTerm], [1, 0, 1]);
    assert.equal(must(h, "AccreditationTerm", termId(VERITAS, PREFIX, 1)).kind, "GS1CompanyPrefix");
    assert.equal(must(h, "AccreditationTerm", termId(VERITAS, TOPIC, 1)).active, true);
    assert.equal(must(h, "Protocol", "constellate").bodyCount, 1);

    h.nextBlock();
    h.emit("Accreditations", "BodyAppointed", { body: VERITAS, kinds: LEGAL_ENTITY | TOPIC, name: "Veritas" });
    body = must(h, "AccreditationBody", VERITAS);
    assert.equal(body.appointedAt, 1_700_000_012n, "kept while the kinds change");
    assert.deepEqual([body.prefixTerm, body.legalEntityTerm, body.topicTerm], [1, 1, 1]);
    const prefixTerm = must(h, "AccreditationTerm", termId(VERITAS, PREFIX, 1));
    assert.equal(prefixTerm.active, false);
    assert.equal(prefixTerm.endedAt, 1_700_000_024n);
    assert.equal(must(h, "AccreditationTerm", termId(VERITAS, LEGAL_ENTITY, 1)).active, true);
    assert.equal(must(h, "AccreditationTerm", termId(VERITAS, TOPIC, 1)).active, true);

    h.nextBlock();
    h.emit("Accreditations", "BodyRemoved", { body: VERITAS });
    body = must(h, "AccreditationBody", VERITAS);
    assert.equal(body.kinds, 0);
    assert.equal(body.appointed, false);
    assert.equal(body.removedAt, 1_700_000_036n);
    assert.equal(h.entities("AccreditationTerm").filter((t) => t.active).length, 0);

    h.nextBlock();
    h.emit("Accreditations", "BodyAppointed", { body: VERITAS, kinds: PREFIX, name: "Veritas" });
    body = must(h, "AccreditationBody", VERITAS);
    assert.equal(body.appointedAt, 1_700_000_048n, "a new appointment after removal");
    assert.equal(body.removedAt, null);
    assert.equal(body.prefixTerm, 2);
    assert.equal(must(h, "AccreditationTerm", termId(VERITAS, PREFIX, 2)).active, true);
    assert.equal(must(h, "AccreditationTerm", termId(VERITAS, PREFIX, 1)).active, false, "the old term stays ended");
    assert.equal(h.count("AccreditationTerm"), 4);
    assert.equal(must(h, "Protocol", "constellate").bodyCount, 1);
  });

  it("accredits, revokes and accredits again under the body's current term", () => {
    const h = harness();
    registerCompany(h, VERITAS);
    registerCompany(h, ACME);
    h.emit("Accreditations", "BodyAppointed", { body: VERITAS, kinds: PREFIX, name: "Veritas" });
    const subject = leftAligned("9506000");
    const accreditation = accreditationId(ACME, PREFIX, subject);
    const accredited = h.emit("Accreditations", "Accredited", {
      id: accreditation,
      company: ACME,
      body: VERITAS,
      kind: PREFIX,
      subject,
      expiresAt: 1_800_000_000n,
      evidenceHash: bytes32("gs1 licence"),
    });

    let record = must(h, "Accreditation", accreditation);
    assert.equal(record.company, ACME);
    assert.equal(record.body, VERITAS);
    assert.equal(record.kind, "GS1CompanyPrefix");
    assert.equal(record.subject, subject);
    assert.equal(record.subjectText, "9506000");
    assert.equal(record.expiresAt, 1_800_000_000n);
    assert.equal(record.evidenceHash, bytes32("gs1 licence"));
    assert.equal(record.term, termId(VERITAS, PREFIX, 1));
    assert.equal(record.revoked, false);
    assert.equal(record.accreditedAt, accredited.block.timestamp);
    assert.equal(must(h, "AccreditationBody", VERITAS).accreditationCount, 1);
    assert.equal(must(h, "Protocol", "constellate").accreditationCount, 1);

    h.nextBlock();
    h.emit("Accreditations", "AccreditationRevoked", {
      id: accreditation,
      company: ACME,
      by: GOVERNANCE,
      kind: PREFIX,
      subject,
    });
    record = must(h, "Accreditation", accreditation);
    assert.equal(record.revoked, true);
    assert.equal(record.revokedAt, 1_700_000_024n);
    assert.equal(record.revokedBy, GOVERNANCE);

    h.nextBlock();
    h.emit("Accreditations", "Accredited", {
      id: accreditation,
      company: ACME,
      body: VERITAS,
      kind: PREFIX,
      subject,
      expiresAt: 1_900_000_000n,
      evidenceHash: bytes32("renewed licence"),
    });
    record = must(h, "Accreditation", accreditation);
    assert.equal(record.revoked, false);
    assert.equal(record.revokedAt, null);
    assert.equal(record.revokedBy, null);
    assert.equal(record.expiresAt, 1_900_000_000n);
    assert.equal(record.createdAt, 1_700_000_012n);
    assert.equal(must(h, "AccreditationBody", VERITAS).accreditationCount, 2);
    assert.equal(must(h, "Protocol", "constellate").accreditationCount, 1);

    const changes = inOrder(h.entities("AccreditationChange"));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.by, c.expiresAt]),
      [
        ["Accredited", VERITAS, 1_800_000_000n],
        ["Revoked", GOVERNANCE, null],
        ["Accredited", VERITAS, 1_900_000_000n],
      ],
    );
  });

  it("keeps an LEI as text and a topic as bytes only", () => {
    const h = harness();
    h.emit("Accreditations", "BodyAppointed", { body: VERITAS, kinds: LEGAL_ENTITY | TOPIC, name: "Veritas" });
    const lei = leftAligned("529900T8BM49AURSDO55");
    const topic = bytes32("constellate.topic.carbon-footprint.v1");
    for (const [kind, subject] of [
      [LEGAL_ENTITY, lei],
      [TOPIC, topic],
    ] as const) {
      h.emit("Accreditations", "Accredited", {
        id: accreditationId(BOLT, kind, subject),
        company: BOLT,
        body: VERITAS,
        kind,
        subject,
        expiresAt: 1_800_000_000n,
        evidenceHash: bytes32("evidence"),
      });
    }
    assert.equal(
      must(h, "Accreditation", accreditationId(BOLT, LEGAL_ENTITY, lei)).subjectText,
      "529900T8BM49AURSDO55",
    );
    const topicAccreditation = must(h, "Accreditation", accreditationId(BOLT, TOPIC, topic));
    assert.equal(topicAccreditation.kind, "VerifierTopic");
    assert.equal(topicAccreditation.subjectText, null);
    assert.equal(must(h, "Company", BOLT).registered, false, "an accredited account resolves to a company");
  });

  it("puts topics under accreditation and takes them out", () => {
    const h = harness();
    const topic = bytes32("constellate.topic.fair-wages.v1");
    h.emit("Accreditations", "TopicGoverned", { topic, governed: true });
    assert.equal(must(h, "GovernedTopic", topic).governed, true);
    h.nextBlock();
    h.emit("Accreditations", "TopicGoverned", { topic, governed: false });
    const governed = must(h, "GovernedTopic", topic);
    assert.equal(governed.governed, false);
    assert.equal(governed.createdAt, 1_700_000_012n);
    assert.equal(governed.updatedAt, 1_700_000_024n);
  });
});
