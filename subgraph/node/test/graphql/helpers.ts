/** A store with a small, varied data set, and helpers to query it through the API. */
import assert from "node:assert/strict";

import type { ExecutionResult } from "graphql";

import { createQueryApi } from "../../src/graphql/query-api.ts";
import type { QueryApi } from "../../src/graphql/query-api.ts";
import type { SqliteStore } from "../../src/store/sqlite-store.ts";
import { fixtureSchema } from "../store/fixture.ts";
import { block, company, openStore } from "../store/helpers.ts";

export const A = `0x${"aa".repeat(20)}`;
export const B = `0x${"bb".repeat(20)}`;
export const C = `0x${"cc".repeat(20)}`;
export const D = `0x${"dd".repeat(20)}`;

const TOP = 2n ** 255n;

/**
 * Companies A-D, products p1-p5, reviews 1, 2, 3 and 10, and profiles of A and C, written in blocks 1 and 2 (D, p5
 * and review 10 come in block 2).
 */
export function populatedStore(): SqliteStore {
  const store = openStore();
  store.processBlock(
    block(1, (s) => {
      s.set(
        "Company",
        company(A, "Acme", {
          employees: 10,
          shares: TOP,
          valuation: "12.5",
          founded: 1_700_000_000_000_000n,
          counter: 5n,
          listed: true,
          logo: "0xdeadbeef",
          tags: ["steel", "eu"],
          partners: [B],
        }),
      );
      s.set(
        "Company",
        company(B, "Bolt Works", {
          status: "PAUSED",
          employees: 3,
          shares: -TOP,
          valuation: "-0.5",
          counter: -3n,
          logo: "0xbeef",
          tags: ["eu"],
          parent: A,
        }),
      );
      s.set("Company", company(C, "cargo 50%_off", { employees: 7, shares: 0n, parent: A, partners: [A, B] }));
      s.set("Product", { id: "p1", owner: A, title: "anvil", price: 5n });
      s.set("Product", { id: "p2", owner: A, title: "Bolt", price: 50n });
      s.set("Product", { id: "p3", owner: B, title: "crate" });
      s.set("Product", { id: "p4", owner: C, title: "drill", price: 7n });
      s.set("Review", { id: 1n, subjects: [A, B], stars: 5 });
      s.set("Review", { id: 2n, subjects: [A], stars: 3 });
      s.set("Review", { id: 3n, subjects: [C], stars: 4 });
      s.set("Profile", { id: "pa", company: A, bio: "makes anvils" });
      s.set("Profile", { id: "pc", company: C, bio: "carries cargo" });
    }),
  );
  store.processBlock(
    block(2, (s) => {
      s.set(
        "Company",
        company(D, "Delta", { employees: 3, shares: 12n, valuation: "100", tags: ["steel"], parent: B }),
      );
      s.set("Product", { id: "p5", owner: A, title: "Nail", price: 1n });
      s.set("Review", { id: 10n, subjects: [B, D], stars: 1 });
    }),
  );
  return store;
}

export function api(store: SqliteStore = populatedStore()): QueryApi {
  return createQueryApi(fixtureSchema(), store);
}

/** Runs a query that must succeed and returns its data, as a client receives it (JSON). */
export async function data(
  queryApi: QueryApi,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await queryApi.execute({ query, variables });
  assert.equal(result.errors, undefined, `unexpected errors: ${JSON.stringify(result.errors)}`);
  return JSON.parse(JSON.stringify(result.data)) as Record<string, unknown>;
}

/** Runs a query that must fail and returns its error messages. */
export async function errors(
  queryApi: QueryApi,
  query: string,
  variables?: Record<string, unknown>,
): Promise<string[]> {
  const result: ExecutionResult = await queryApi.execute({ query, variables });
  assert.ok(result.errors !== undefined && result.errors.length > 0, `expected errors, got ${JSON.stringify(result)}`);
  return result.errors.map((e) => e.message);
}

/** The ids of a top-level collection query, e.g. `ids(api, "companies", "where: { name: \"Acme\" }")`. */
export async function ids(queryApi: QueryApi, collection: string, args: string): Promise<string[]> {
  const result = await data(queryApi, `{ ${collection}${args === "" ? "" : `(${args})`} { id } }`);
  return (result[collection] as { id: string }[]).map((row) => row.id);
}
