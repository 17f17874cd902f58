import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Hex } from "viem";

import type { MappingHarness } from "../../src/runtime/testing.ts";
import {
  ACME,
  BOLT,
  CARGO,
  DELTA,
  GTIN,
  GTIN14,
  ZERO_ADDRESS,
  accreditationId,
  bytes32,
  createConstellation,
  eventId,
  harness,
  id,
  inOrder,
  join,
  leftAligned,
  must,
  registerCompany,
  registerProduct,
  where,
} from "./helpers.ts";

const PRODUCER = 2;
const LOGISTICS = 2;
const SUPPLIER = 1;
const PRODUCT = bytes32("product 09506000134352");
const BATCH = bytes32("batch L1");
const ITEM = bytes32("item S1");
const PREFIX_KIND = 1;

/** ACME (accredited for prefix 9506000) registers the brand GTIN in constellation 1, where BOLT is a producer too. */
function registered(): MappingHarness {
  const h = harness();
  registerCompany(h, ACME, "Acme");
  registerCompany(h, BOLT, "Bolt");
  createConstellation(h, 1n, ACME);
  join(h, 1n, BOLT, PRODUCER, ACME);
  h.nextBlock();
  registerProduct(h, PRODUCT, ACME, 1n);
  h.nextBlock();
  return h;
}

function registerBatch(h: MappingHarness, batch = BATCH, lot = "L1"): void {
  h.emit("Products", "BatchRegistered", {
    product: PRODUCT,
    batch,
    lot,
    metadataURI: `ipfs://${lot}`,
    metadataHash: bytes32(lot),
  });
}

function record(h: MappingHarness, recorder: Hex, subject: Hex, label: string, transaction?: Hex) {
  return h.emit(
    "Products",
    "JourneyEventRecorded",
    { product: PRODUCT, subject, recorder, step: 33, eventTime: 1_699_999_000n, eventHash: bytes32(label) },
    transaction === undefined ? {} : { transaction: { hash: transaction } },
  );
}

/** Products.correctEvent: the corrective event, then the correction, in one transaction. */
function correct(h: MappingHarness, recorder: Hex, label: string, corrects: string) {
  const transaction = bytes32(`correction ${label}`);
  const corrective = record(h, recorder, PRODUCT, label, transaction);
  const correction = h.emit(
    "Products",
    "JourneyEventCorrected",
    { product: PRODUCT, eventHash: bytes32(label), corrects: bytes32(corrects) },
    { transaction: { hash: transaction } },
  );
  return { corrective, correction };
}

describe("Products mappings", () => {
  it("registers a brand product with its GS1 keys and links the owner's prefix accreditation", () => {
    const h = registered();
    const product = must(h, "Product", PRODUCT);
    assert.equal(product.gtin, GTIN);
    assert.equal(product.gtin14, GTIN14);
    assert.equal(product.brand, true);
    assert.equal(product.namespace, ZERO_ADDRESS);
    assert.equal(product.prefixLength, 7);
    assert.equal(product.companyPrefix, "9506000");
    const accreditation = accreditationId(ACME, PREFIX_KIND, leftAligned("9506000"));
    assert.equal(product.prefixAccreditation, accreditation);
    assert.equal(product.owner, ACME);
    assert.equal(product.constellation, "1");
    assert.equal(product.generation, 0);
    assert.equal(product.discontinued, false);
    assert.equal(product.metadataURI, "ipfs://product");
    assert.equal(product.registeredAt, 1_700_000_024n);
    assert.deepEqual(
      [product.batchCount, product.itemCount, product.journeyEventCount, product.claimCount],
      [0, 0, 0, 0],
    );

    assert.equal(must(h, "Company", ACME).productCount, 1);
    assert.equal(must(h, "Constellation", "1").productCount, 1);
    assert.equal(must(h, "Protocol", "constellate").productCount, 1);
    const change = where(h, "ProductChange", "product", PRODUCT)[0];
    assert.equal(change?.kind, "Registered");
    assert.equal(change?.to, ACME);
    assert.equal(change?.constellation, "1");
    assert.equal(change?.generation, 0);

    h.emit("Accreditations", "Accredited", {
      id: accreditation,
      company: ACME,
      body: BOLT,
      kind: PREFIX_KIND,
      subject: leftAligned("9506000"),
      expiresAt: 1_800_000_000n,
      evidenceHash: bytes32("licence"),
    });
    assert.equal(h.entity("Accreditation", accreditation), null, "no body, no accreditation");
    h.emit("Accreditations", "BodyAppointed", { body: BOLT, kinds: PREFIX_KIND, name: "GS1 Example" });
    h.emit("Accreditations", "Accredited", {
      id: accreditation,
      company: ACME,
      body: BOLT,
      kind: PREFIX_KIND,
      subject: leftAligned("9506000"),
      expiresAt: 1_800_000_000n,
      evidenceHash: bytes32("licence"),
    });
    assert.equal(must(h, "Accreditation", accreditation).subjectText, "9506000", "the mapping's id is the contract's");
  });

  it("registers a self-declared product in its registrant's namespace", () => {
    const h = registered();
    const selfDeclared = bytes32("bolt's registration");
    registerProduct(h, selfDeclared, BOLT, 1n, 0);
    const product = must(h, "Product", selfDeclared);
    assert.equal(product.brand, false);
    assert.equal(product.namespace, BOLT);
    assert.equal(product.prefixLength, 0);
    assert.equal(product.companyPrefix, null);
    assert.equal(product.prefixAccreditation, null);
    assert.equal(must(h, "Constellation", "1").productCount, 2);
  });

  it("registers batches, items and serial roots, counting them", () => {
    const h = registered();
    registerBatch(h);
    h.emit("Products", "ItemRegistered", {
      product: PRODUCT,
      item: ITEM,
      serial: "S1",
      metadataURI: "",
      metadataHash: bytes32("S1"),
    });
    h.nextBlock();
    h.emit("Products", "SerialsCommitted", {
      product: PRODUCT,
      batch: BATCH,
      root: bytes32("root 1"),
      count: 1000,
      salted: true,
    });
    h.emit("Products", "SerialsCommitted", {
      product: PRODUCT,
      batch: BATCH,
      root: bytes32("root 2"),
      count: 24,
      salted: false,
    });

    const batch = must(h, "Batch", BATCH);
    assert.equal(batch.product, PRODUCT);
    assert.equal(batch.lot, "L1");
    assert.equal(batch.generation, 0);
    assert.equal(batch.metadataURI, "ipfs://L1");
    assert.equal(batch.registeredAt, 1_700_000_036n);
    assert.equal(batch.serialRootCount, 2);
    assert.equal(batch.serialCount, 1024n);

    const item = must(h, "Item", ITEM);
    assert.equal(item.serial, "S1");
    assert.equal(item.metadataURI, "");
    assert.equal(item.product, PRODUCT);

    const root = must(h, "SerialRoot", id(BATCH, bytes32("root 1")));
    assert.equal(root.product, PRODUCT);
    assert.equal(root.batch, BATCH);
    assert.equal(root.root, bytes32("root 1"));
    assert.equal(root.count, 1000n);
    assert.equal(root.salted, true);
    assert.equal(root.generation, 0);
    assert.equal(root.committedAt, 1_700_000_048n);

    const product = must(h, "Product", PRODUCT);
    assert.deepEqual([product.batchCount, product.itemCount], [1, 1]);
    const protocol = must(h, "Protocol", "constellate");
    assert.deepEqual([protocol.batchCount, protocol.itemCount, protocol.serialRootCount], [1, 1, 2]);
  });

  it("designates actors, replaces their roles and ends designations", () => {
    const h = registered();
    const actorId = id(PRODUCT, CARGO);
    h.emit("Products", "ActorSet", { product: PRODUCT, actor: CARGO, roles: LOGISTICS });
    let actor = must(h, "ProductActor", actorId);
    assert.equal(actor.product, PRODUCT);
    assert.equal(actor.actor, CARGO);
    assert.equal(actor.roles, LOGISTICS);
    assert.equal(actor.designatedBy, ACME);
    assert.equal(actor.generation, 0);
    assert.equal(actor.active, true);
    assert.equal(must(h, "Company", CARGO).registered, false, "an actor may be any account");

    h.nextBlock();
    h.emit("Products", "ActorSet", { product: PRODUCT, actor: CARGO, roles: LOGISTICS | SUPPLIER });
    assert.equal(must(h, "ProductActor", actorId).roles, LOGISTICS | SUPPLIER);

    h.nextBlock();
    h.emit("Products", "ActorRemoved", { product: PRODUCT, actor: CARGO, by: CARGO });
    actor = must(h, "ProductActor", actorId);
    assert.equal(actor.active, false);
    assert.equal(actor.roles, 0);
    assert.equal(actor.removedBy, CARGO);
    assert.equal(actor.removedAt, 1_700_000_060n);
    assert.equal(actor.createdAt, 1_700_000_036n);

    const changes = inOrder(where(h, "ProductChange", "product", PRODUCT)).slice(1);
    assert.deepEqual(
      changes.map((c) => [c.kind, c.actor, c.roles, c.by]),
      [
        ["ActorSet", CARGO, LOGISTICS, null],
        ["ActorSet", CARGO, LOGISTICS | SUPPLIER, null],
        ["ActorRemoved", CARGO, null, CARGO],
      ],
    );
  });

  it("publishes metadata and discontinues a product", () => {
    const h = registered();
    h.emit("Products", "ProductMetadataUpdated", {
      product: PRODUCT,
      metadataURI: "ipfs://v2",
      metadataHash: bytes32("v2"),
    });
    h.nextBlock();
    h.emit("Products", "ProductDiscontinued", { product: PRODUCT });
    const product = must(h, "Product", PRODUCT);
    assert.equal(product.metadataURI, "ipfs://v2");
    assert.equal(product.metadataHash, bytes32("v2"));
    assert.equal(product.discontinued, true);
    assert.equal(product.discontinuedAt, 1_700_000_048n);
    assert.deepEqual(
      inOrder(where(h, "ProductChange", "product", PRODUCT)).map((c) => [c.kind, c.metadataURI]),
      [
        ["Registered", "ipfs://product"],
        ["MetadataUpdated", "ipfs://v2"],
        ["Discontinued", null],
      ],
    );
  });

  it("offers, withdraws and completes a transfer; the former owner's actors lapse", () => {
    const h = registered();
    h.emit("Products", "ActorSet", { product: PRODUCT, actor: CARGO, roles: LOGISTICS });
    h.emit("Products", "ProductTransferOffered", { product: PRODUCT, from: ACME, to: BOLT });
    assert.equal(must(h, "Product", PRODUCT).transferOfferedTo, BOLT);
    h.emit("Products", "ProductTransferOffered", { product: PRODUCT, from: ACME, to: ZERO_ADDRESS });
    assert.equal(must(h, "Product", PRODUCT).transferOfferedTo, null);
    h.nextBlock();
    h.emit("Products", "ProductTransferOffered", { product: PRODUCT, from: ACME, to: BOLT });
    h.emit("Products", "ProductTransferred", { product: PRODUCT, from: ACME, to: BOLT });

    const product = must(h, "Product", PRODUCT);
    assert.equal(product.owner, BOLT);
    assert.equal(product.transferOfferedTo, null);
    assert.equal(product.constellation, "1");
    assert.equal(product.prefixAccreditation, accreditationId(BOLT, PREFIX_KIND, leftAligned("9506000")));
    assert.equal(must(h, "Company", ACME).productCount, 0);
    assert.equal(must(h, "Company", BOLT).productCount, 1);
    assert.equal(must(h, "Constellation", "1").productCount, 1);
    const actor = must(h, "ProductActor", id(PRODUCT, CARGO));
    assert.equal(actor.active, true);
    assert.notEqual(actor.designatedBy, product.owner, "designated by the former owner: it no longer counts");

    assert.deepEqual(
      inOrder(where(h, "ProductChange", "product", PRODUCT))
        .filter((c) => String(c.kind).startsWith("Transfer"))
        .map((c) => [c.kind, c.from, c.to]),
      [
        ["TransferOffered", ACME, BOLT],
        ["TransferOfferWithdrawn", ACME, null],
        ["TransferOffered", ACME, BOLT],
        ["Transferred", ACME, BOLT],
      ],
    );
  });

  it("starts a new generation when an accredited brand reclaims the registration", () => {
    const h = registered();
    registerBatch(h);
    h.emit("Products", "ItemRegistered", {
      product: PRODUCT,
      item: ITEM,
      serial: "S1",
      metadataURI: "",
      metadataHash: bytes32("S1"),
    });
    h.emit("Products", "SerialsCommitted", {
      product: PRODUCT,
      batch: BATCH,
      root: bytes32("root"),
      count: 10,
      salted: false,
    });
    h.emit("Products", "ProductTransferred", { product: PRODUCT, from: ACME, to: BOLT });
    registerCompany(h, DELTA, "Delta");
    createConstellation(h, 2n, DELTA, "Delta's");
    h.nextBlock();

    h.emit("Products", "ProductReclaimed", { product: PRODUCT, previousOwner: BOLT, owner: DELTA, generation: 1 });
    registerProduct(h, PRODUCT, DELTA, 2n, 5);
    let product = must(h, "Product", PRODUCT);
    assert.equal(product.generation, 1);
    assert.equal(product.owner, DELTA);
    assert.equal(product.constellation, "2");
    assert.equal(product.prefixLength, 5);
    assert.equal(product.companyPrefix, "95060");
    assert.equal(product.prefixAccreditation, accreditationId(DELTA, PREFIX_KIND, leftAligned("95060")));
    assert.deepEqual([product.batchCount, product.itemCount], [0, 0], "nothing of the earlier generation counts");
    assert.equal(product.createdAt, 1_700_000_024n);
    assert.equal(product.registeredAt, 1_700_000_048n);
    assert.equal(must(h, "Company", BOLT).productCount, 0);
    assert.equal(must(h, "Company", DELTA).productCount, 1);
    assert.equal(must(h, "Constellation", "1").productCount, 0);
    assert.equal(must(h, "Constellation", "2").productCount, 1);
    assert.equal(must(h, "Protocol", "constellate").productCount, 1);
    assert.equal(must(h, "Batch", BATCH).generation, 0);

    const changes = inOrder(where(h, "ProductChange", "product", PRODUCT)).slice(-2);
    assert.deepEqual(
      changes.map((c) => [c.kind, c.from, c.to, c.generation]),
      [
        ["Reclaimed", BOLT, DELTA, 1],
        ["Registered", null, DELTA, 1],
      ],
    );

    h.nextBlock();
    registerBatch(h);
    const batch = must(h, "Batch", BATCH);
    assert.equal(batch.generation, 1);
    assert.equal(batch.serialRootCount, 0);
    assert.equal(batch.serialCount, 0n);
    product = must(h, "Product", PRODUCT);
    assert.equal(product.batchCount, 1);
    assert.equal(must(h, "Protocol", "constellate").batchCount, 1);
    h.emit("Products", "SerialsCommitted", {
      product: PRODUCT,
      batch: BATCH,
      root: bytes32("root"),
      count: 12,
      salted: true,
    });
    const root = must(h, "SerialRoot", id(BATCH, bytes32("root")));
    assert.deepEqual([root.generation, root.count, root.salted], [1, 12n, true]);
    assert.equal(must(h, "Protocol", "constellate").serialRootCount, 1);
  });

  it("records journey events on the product, a batch and an item, indexed by hash", () => {
    const h = registered();
    registerBatch(h);
    h.emit("Products", "ItemRegistered", {
      product: PRODUCT,
      item: ITEM,
      serial: "S1",
      metadataURI: "",
      metadataHash: bytes32("S1"),
    });
    h.emit("Products", "ActorSet", { product: PRODUCT, actor: CARGO, roles: LOGISTICS });
    h.nextBlock();
    const onProduct = record(h, ACME, PRODUCT, "commissioned");
    const onBatch = record(h, CARGO, BATCH, "shipped");
    const onItem = record(h, ACME, ITEM, "sold");
    const again = record(h, CARGO, BATCH, "shipped");

    const first = must(h, "JourneyEvent", eventId(onProduct));
    assert.equal(first.product, PRODUCT);
    assert.equal(first.subject, PRODUCT);
    assert.equal(first.subjectKind, "Product");
    assert.equal(first.batch, null);
    assert.equal(first.recorder, ACME);
    assert.equal(first.step, 33);
    assert.equal(first.eventTime, 1_699_999_000n);
    assert.equal(first.eventHash, bytes32("commissioned"));
    assert.equal(first.blockNumber, 4n);
    assert.equal(first.transactionHash, onProduct.transaction.hash);

    const shipped = must(h, "JourneyEvent", eventId(onBatch));
    assert.deepEqual(
      [shipped.subjectKind, shipped.batch, shipped.item, shipped.recorder],
      ["Batch", BATCH, null, CARGO],
    );
    const sold = must(h, "JourneyEvent", eventId(onItem));
    assert.deepEqual([sold.subjectKind, sold.batch, sold.item], ["Item", null, ITEM]);

    const byHash = must(h, "JourneyEventHash", id(PRODUCT, bytes32("shipped")));
    assert.equal(byHash.count, 2);
    assert.equal(byHash.firstEvent, eventId(onBatch));
    assert.notEqual(eventId(again), eventId(onBatch));
    assert.equal(must(h, "Product", PRODUCT).journeyEventCount, 4);
    assert.equal(must(h, "Protocol", "constellate").journeyEventCount, 4);
  });

  it("qualifies a correction from the corrected event's recorder or the owner, and no one else", () => {
    const h = registered();
    h.emit("Products", "ActorSet", { product: PRODUCT, actor: CARGO, roles: LOGISTICS });
    h.emit("Products", "ActorSet", { product: PRODUCT, actor: DELTA, roles: LOGISTICS });
    h.nextBlock();
    const original = record(h, CARGO, PRODUCT, "original");
    h.nextBlock();

    const byRecorder = correct(h, CARGO, "fix by recorder", "original");
    const byOther = correct(h, DELTA, "fix by another actor", "original");
    const byOwner = correct(h, ACME, "fix by owner", "original");
    const unknownByActor = correct(h, DELTA, "fix of nothing", "never recorded");
    const unknownByOwner = correct(h, ACME, "owner fix of nothing", "never recorded");

    const correction = must(h, "JourneyCorrection", eventId(byRecorder.correction));
    assert.equal(correction.product, PRODUCT);
    assert.equal(correction.correctiveEvent, eventId(byRecorder.corrective));
    assert.equal(correction.correctedEvent, eventId(original));
    assert.equal(correction.eventHash, bytes32("fix by recorder"));
    assert.equal(correction.corrects, bytes32("original"));
    assert.equal(correction.corrector, CARGO);
    assert.equal(correction.owner, ACME);
    assert.equal(correction.qualifies, true);

    const qualifies = (c: ReturnType<typeof correct>) => must(h, "JourneyCorrection", eventId(c.correction)).qualifies;
    assert.equal(qualifies(byOther), false);
    assert.equal(qualifies(byOwner), true);
    assert.equal(qualifies(unknownByActor), false);
    assert.equal(qualifies(unknownByOwner), true);
    assert.equal(must(h, "JourneyCorrection", eventId(unknownByOwner.correction)).correctedEvent, null);
    assert.equal(h.count("JourneyCorrection"), 5);
    assert.equal(where(h, "JourneyCorrection", "correctedEvent", eventId(original)).length, 3);
  });

  it("records an operator acting in Products", () => {
    const h = registered();
    h.emit("Products", "ActedFor", { company: ACME, operator: CARGO });
    assert.equal(h.entities("OperatorAction")[0]?.contract, "Products");
  });
});
