/** A schema for the store and query API tests: every scalar, each id type, references, lists and derived fields. */
import { parseSchema } from "../../src/schema.ts";

export const FIXTURE_SCHEMA = `
enum Status {
  ACTIVE
  PAUSED
}

"A company: every scalar, a list, references to its own kind, and derived fields."
type Company @entity(immutable: false) {
  id: Bytes!
  "The display name."
  name: String!
  status: Status!
  employees: Int!
  shares: BigInt!
  valuation: BigDecimal
  founded: Timestamp
  counter: Int8
  listed: Boolean!
  logo: Bytes
  tags: [String!]!
  partners: [Company!]
  parent: Company
  products: [Product!]! @derivedFrom(field: "owner")
  reviews: [Review!]! @derivedFrom(field: "subjects")
  profile: Profile @derivedFrom(field: "company")
}

"One per company at most: the other side of a one-to-one derived field."
type Profile @entity(immutable: false) {
  id: ID!
  company: Company!
  bio: String!
}

"A product with a string id, owned by a company."
type Product @entity(immutable: false) {
  id: ID!
  owner: Company!
  title: String
  price: BigInt
}

"An immutable entity with an Int8 id that references several companies."
type Review @entity(immutable: true) {
  id: Int8!
  subjects: [Company!]!
  stars: Int!
}
`;

export const fixtureSchema = () => parseSchema(FIXTURE_SCHEMA);
