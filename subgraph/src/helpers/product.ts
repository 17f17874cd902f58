import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";

import { Batch, Item, Product } from "../../generated/schema";
import { accreditationId, GS1_COMPANY_PREFIX } from "./accreditation";
import { SubjectKind } from "./enums";
import { leftAligned } from "./keys";

/** The 14 digits of a GTIN-14 carried as a number. */
export function gtin14Text(gtin: BigInt): string {
  return gtin.toString().padStart(14, "0");
}

/** The GS1 Company Prefix of a brand registration: the `length` digits after the GTIN-14's indicator digit. */
export function companyPrefix(gtin14: string, length: i32): string {
  return gtin14.substr(1, length);
}

/** The id of `owner`'s accreditation for GS1 Company Prefix `prefix`, whether it exists or not. */
export function prefixAccreditationId(owner: Address, prefix: string): Bytes {
  return accreditationId(owner, GS1_COMPANY_PREFIX, leftAligned(prefix));
}

/** The product `id`, which the contract's events name only once it is registered. */
export function loadProduct(id: Bytes): Product {
  return Product.load(id) as Product;
}

/** What `subject` of `product` is: the product itself, or one of its batches or items (registered, so indexed). */
export function subjectKindOf(product: Bytes, subject: Bytes): string {
  if (subject == product) return SubjectKind.Product;
  if (Batch.load(subject) != null) return SubjectKind.Batch;
  if (Item.load(subject) != null) return SubjectKind.Item;
  return SubjectKind.Product;
}
