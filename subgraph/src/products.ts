import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  ActedFor,
  ActorRemoved,
  ActorSet,
  BatchRegistered,
  ItemRegistered,
  JourneyEventCorrected,
  JourneyEventRecorded,
  ProductDiscontinued,
  ProductMetadataUpdated,
  ProductReclaimed,
  ProductRegistered,
  ProductTransferOffered,
  ProductTransferred,
  SerialsCommitted,
} from "../generated/Products/Products";
import {
  Batch,
  Constellation,
  Item,
  JourneyCorrection,
  JourneyEvent,
  JourneyEventHash,
  Product,
  ProductActor,
  ProductChange,
  SerialRoot,
} from "../generated/schema";
import { companyRef, createOrLoadCompany } from "./helpers/company";
import { constellationId } from "./helpers/constellation";
import { ContractName, ProductChangeKind, SubjectKind } from "./helpers/enums";
import { eventId, stampEvent } from "./helpers/events";
import { ZERO_ADDRESS } from "./helpers/keys";
import { recordOperatorAction } from "./helpers/operators";
import { companyPrefix, gtin14Text, loadProduct, prefixAccreditationId, subjectKindOf } from "./helpers/product";
import { countInProtocol } from "./helpers/protocol";

// ---------------------------------------------------------------------------------------------------------------------
// Registration, reclaim, lifecycle and transfers
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A first registration, or (after ProductReclaimed in the same transaction) the registration anew of a brand GTIN by
 * an accredited company: the new generation starts with no batches, items or actors that count.
 */
export function handleProductRegistered(event: ProductRegistered): void {
  const id = event.params.product;
  const owner = event.params.owner;
  let product = Product.load(id);
  if (product == null) {
    product = new Product(id);
    product.gtin = event.params.gtin;
    product.gtin14 = gtin14Text(event.params.gtin);
    product.generation = 0;
    product.journeyEventCount = 0;
    product.claimCount = 0;
    product.createdAt = event.block.timestamp;
    countInProtocol("productCount", event.block);
  } else {
    countOwnedProduct(product.owner, -1, event.block);
    countProductInConstellation(product.constellation, -1, event.block);
  }
  const prefixLength = event.params.prefixLength;
  product.prefixLength = prefixLength;
  product.brand = prefixLength != 0;
  product.namespace = prefixLength != 0 ? ZERO_ADDRESS : owner;
  if (prefixLength != 0) {
    const prefix = companyPrefix(product.gtin14, prefixLength);
    product.companyPrefix = prefix;
    product.prefixAccreditation = prefixAccreditationId(owner, prefix);
  }
  product.owner = owner;
  product.constellation = constellationId(event.params.constellation);
  product.discontinued = false;
  product.discontinuedAt = null;
  product.metadataURI = event.params.metadataURI;
  product.metadataHash = event.params.metadataHash;
  product.transferOfferedTo = null;
  product.registeredAt = event.block.timestamp;
  product.batchCount = 0;
  product.itemCount = 0;
  product.updatedAt = event.block.timestamp;
  product.save();
  countOwnedProduct(owner, 1, event.block);
  countProductInConstellation(product.constellation, 1, event.block);

  const change = newProductChange(product, ProductChangeKind.Registered, event);
  change.to = owner;
  change.constellation = product.constellation;
  change.metadataURI = product.metadataURI;
  change.metadataHash = product.metadataHash;
  change.save();
}

/** Comes just before the ProductRegistered of the reclaiming brand, which completes the new registration. */
export function handleProductReclaimed(event: ProductReclaimed): void {
  const product = loadProduct(event.params.product);
  product.generation = event.params.generation;
  product.updatedAt = event.block.timestamp;
  product.save();

  const change = newProductChange(product, ProductChangeKind.Reclaimed, event);
  change.from = companyRef(event.params.previousOwner, event.block);
  change.to = companyRef(event.params.owner, event.block);
  change.save();
}

export function handleProductMetadataUpdated(event: ProductMetadataUpdated): void {
  const product = loadProduct(event.params.product);
  product.metadataURI = event.params.metadataURI;
  product.metadataHash = event.params.metadataHash;
  product.updatedAt = event.block.timestamp;
  product.save();

  const change = newProductChange(product, ProductChangeKind.MetadataUpdated, event);
  change.metadataURI = product.metadataURI;
  change.metadataHash = product.metadataHash;
  change.save();
}

export function handleProductDiscontinued(event: ProductDiscontinued): void {
  const product = loadProduct(event.params.product);
  product.discontinued = true;
  product.discontinuedAt = event.block.timestamp;
  product.updatedAt = event.block.timestamp;
  product.save();

  newProductChange(product, ProductChangeKind.Discontinued, event).save();
}

/** `to` is the zero address when the owner withdrew its offer. */
export function handleProductTransferOffered(event: ProductTransferOffered): void {
  const product = loadProduct(event.params.product);
  const withdrawn = event.params.to == ZERO_ADDRESS;
  product.transferOfferedTo = withdrawn ? null : companyRef(event.params.to, event.block);
  product.updatedAt = event.block.timestamp;
  product.save();

  const kind = withdrawn ? ProductChangeKind.TransferOfferWithdrawn : ProductChangeKind.TransferOffered;
  const change = newProductChange(product, kind, event);
  change.from = event.params.from;
  if (!withdrawn) change.to = event.params.to;
  change.save();
}

/** The actors the former owner designated lapse (ProductActor.designatedBy no longer matches the owner). */
export function handleProductTransferred(event: ProductTransferred): void {
  const product = loadProduct(event.params.product);
  const to = event.params.to;
  product.owner = to;
  product.transferOfferedTo = null;
  const prefix = product.companyPrefix;
  if (prefix != null) product.prefixAccreditation = prefixAccreditationId(to, prefix!);
  product.updatedAt = event.block.timestamp;
  product.save();
  countOwnedProduct(event.params.from, -1, event.block);
  countOwnedProduct(to, 1, event.block);

  const change = newProductChange(product, ProductChangeKind.Transferred, event);
  change.from = event.params.from;
  change.to = to;
  change.save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Batches, items, serials
// ---------------------------------------------------------------------------------------------------------------------

/** A batch is registered once per generation; registering it again in a new generation starts its serials afresh. */
export function handleBatchRegistered(event: BatchRegistered): void {
  const product = loadProduct(event.params.product);
  product.batchCount += 1;
  product.updatedAt = event.block.timestamp;
  product.save();

  let batch = Batch.load(event.params.batch);
  if (batch == null) {
    batch = new Batch(event.params.batch);
    batch.product = product.id;
    batch.lot = event.params.lot;
    batch.createdAt = event.block.timestamp;
    countInProtocol("batchCount", event.block);
  }
  batch.generation = product.generation;
  batch.metadataURI = event.params.metadataURI;
  batch.metadataHash = event.params.metadataHash;
  batch.registeredAt = event.block.timestamp;
  batch.serialRootCount = 0;
  batch.serialCount = BigInt.zero();
  batch.updatedAt = event.block.timestamp;
  batch.save();
}

export function handleItemRegistered(event: ItemRegistered): void {
  const product = loadProduct(event.params.product);
  product.itemCount += 1;
  product.updatedAt = event.block.timestamp;
  product.save();

  let item = Item.load(event.params.item);
  if (item == null) {
    item = new Item(event.params.item);
    item.product = product.id;
    item.serial = event.params.serial;
    item.createdAt = event.block.timestamp;
    countInProtocol("itemCount", event.block);
  }
  item.generation = product.generation;
  item.metadataURI = event.params.metadataURI;
  item.metadataHash = event.params.metadataHash;
  item.registeredAt = event.block.timestamp;
  item.updatedAt = event.block.timestamp;
  item.save();
}

/** A root is committed once per generation; committing it again in a new generation renews it. */
export function handleSerialsCommitted(event: SerialsCommitted): void {
  const product = loadProduct(event.params.product);
  const batch = Batch.load(event.params.batch) as Batch;
  batch.serialRootCount += 1;
  batch.serialCount = batch.serialCount.plus(event.params.count);
  batch.updatedAt = event.block.timestamp;
  batch.save();

  const id = event.params.batch.concat(event.params.root);
  let root = SerialRoot.load(id);
  if (root == null) {
    root = new SerialRoot(id);
    root.product = product.id;
    root.batch = batch.id;
    root.root = event.params.root;
    root.createdAt = event.block.timestamp;
    countInProtocol("serialRootCount", event.block);
  }
  root.count = event.params.count;
  root.salted = event.params.salted;
  root.generation = product.generation;
  root.committedAt = event.block.timestamp;
  root.updatedAt = event.block.timestamp;
  root.save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------------------------------

export function handleActorSet(event: ActorSet): void {
  const product = loadProduct(event.params.product);
  const id = product.id.concat(event.params.actor);
  let actor = ProductActor.load(id);
  if (actor == null) {
    actor = new ProductActor(id);
    actor.product = product.id;
    actor.actor = companyRef(event.params.actor, event.block);
    actor.createdAt = event.block.timestamp;
  }
  actor.roles = event.params.roles;
  actor.designatedBy = product.owner;
  actor.generation = product.generation;
  actor.active = true;
  actor.designatedAt = event.block.timestamp;
  actor.removedAt = null;
  actor.removedBy = null;
  actor.updatedAt = event.block.timestamp;
  actor.save();

  const change = newProductChange(product, ProductChangeKind.ActorSet, event);
  change.actor = event.params.actor;
  change.roles = event.params.roles;
  change.save();
}

export function handleActorRemoved(event: ActorRemoved): void {
  const product = loadProduct(event.params.product);
  const actor = ProductActor.load(product.id.concat(event.params.actor));
  if (actor != null) {
    actor.roles = 0;
    actor.active = false;
    actor.removedAt = event.block.timestamp;
    actor.removedBy = companyRef(event.params.by, event.block);
    actor.updatedAt = event.block.timestamp;
    actor.save();
  }

  const change = newProductChange(product, ProductChangeKind.ActorRemoved, event);
  change.actor = companyRef(event.params.actor, event.block);
  change.by = companyRef(event.params.by, event.block);
  change.save();
}

// ---------------------------------------------------------------------------------------------------------------------
// Journey events
// ---------------------------------------------------------------------------------------------------------------------

export function handleJourneyEventRecorded(event: JourneyEventRecorded): void {
  const product = loadProduct(event.params.product);
  product.journeyEventCount += 1;
  product.updatedAt = event.block.timestamp;
  product.save();
  countInProtocol("journeyEventCount", event.block);

  const subject = event.params.subject;
  const kind = subjectKindOf(product.id, subject);
  const journeyEvent = new JourneyEvent(eventId(event));
  journeyEvent.product = product.id;
  journeyEvent.subject = subject;
  journeyEvent.subjectKind = kind;
  if (kind == SubjectKind.Batch) journeyEvent.batch = subject;
  if (kind == SubjectKind.Item) journeyEvent.item = subject;
  journeyEvent.recorder = companyRef(event.params.recorder, event.block);
  journeyEvent.step = event.params.step;
  journeyEvent.eventTime = event.params.eventTime;
  journeyEvent.eventHash = event.params.eventHash;
  stampEvent(journeyEvent, event);
  journeyEvent.save();

  const hashId = product.id.concat(event.params.eventHash);
  let byHash = JourneyEventHash.load(hashId);
  if (byHash == null) {
    byHash = new JourneyEventHash(hashId);
    byHash.product = product.id;
    byHash.eventHash = event.params.eventHash;
    byHash.firstEvent = journeyEvent.id;
    byHash.count = 0;
    byHash.createdAt = event.block.timestamp;
  }
  byHash.count += 1;
  byHash.updatedAt = event.block.timestamp;
  byHash.save();
}

/**
 * Products.correctEvent emits the corrective JourneyEventRecorded immediately before this event, so the corrective
 * event is the previous log of the transaction.
 */
export function handleJourneyEventCorrected(event: JourneyEventCorrected): void {
  const product = loadProduct(event.params.product);
  const corrective = JourneyEvent.loadInBlock(event.transaction.hash.concatI32(event.logIndex.toI32() - 1));
  if (corrective == null || corrective.eventHash != event.params.eventHash) return;

  const corrector = corrective.recorder;
  const owner = product.owner;
  const corrected = JourneyEventHash.load(product.id.concat(event.params.corrects));
  let recordedCorrected = false;
  if (corrected != null) {
    const correctedEvent = JourneyEvent.load(corrected.firstEvent);
    recordedCorrected = correctedEvent != null && correctedEvent.recorder == corrector;
  }

  const correction = new JourneyCorrection(eventId(event));
  correction.product = product.id;
  correction.correctiveEvent = corrective.id;
  if (corrected != null) correction.correctedEvent = corrected.firstEvent;
  correction.eventHash = event.params.eventHash;
  correction.corrects = event.params.corrects;
  correction.corrector = corrector;
  correction.owner = owner;
  correction.qualifies = corrector == owner || recordedCorrected;
  stampEvent(correction, event);
  correction.save();
}

export function handleActedFor(event: ActedFor): void {
  recordOperatorAction(event.params.company, event.params.operator, ContractName.Products, event);
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

function countOwnedProduct(owner: Bytes, delta: i32, block: ethereum.Block): void {
  const company = createOrLoadCompany(Address.fromBytes(owner), block);
  company.productCount += delta;
  company.save();
}

function countProductInConstellation(id: string, delta: i32, block: ethereum.Block): void {
  const constellation = Constellation.load(id) as Constellation;
  constellation.productCount += delta;
  constellation.updatedAt = block.timestamp;
  constellation.save();
}

function newProductChange(product: Product, kind: string, event: ethereum.Event): ProductChange {
  const change = new ProductChange(eventId(event));
  change.product = product.id;
  change.kind = kind;
  change.generation = product.generation;
  stampEvent(change, event);
  return change;
}
