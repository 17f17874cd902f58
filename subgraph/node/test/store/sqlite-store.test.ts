import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import type { BlockWork } from "../../src/store/sqlite-store.ts";
import type { EntityStore } from "../../src/store/types.ts";
import { A, B, C, block, company, dump, hashOf, openStore } from "./helpers.ts";

/**
 * Five blocks that create, update and remove entities of every kind, including removing and re-creating the same id,
 * so a revert has every case to undo.
 */
const history: ((s: EntityStore) => void)[] = [
  (s) => {
    s.set("Company", company(A, "A1", { shares: 10n }));
    s.set("Company", company(B, "B1"));
    s.set("Product", { id: "p1", owner: A, title: "one" });
    s.set("Review", { id: 1n, subjects: [A], stars: 3 });
  },
  (s) => {
    s.set("Company", company(A, "A2", { shares: -(2n ** 255n), employees: 5, partners: [B] }));
    s.set("Product", { id: "p2", owner: A, title: "two", price: 7n });
    s.set("Review", { id: 2n, subjects: [A, B], stars: 4 });
  },
  (s) => {
    s.remove("Product", "p1");
    s.set("Company", company(A, "A3", { valuation: "12.5" }));
    s.set("Company", company(C, "C3"));
    s.set("Review", { id: 3n, subjects: [C], stars: 5 });
  },
  (s) => {
    s.set("Company", company(C, "C4", { parent: A }));
    s.remove("Company", A);
    s.set("Product", { id: "p1", owner: C, title: "one again" });
  },
  (s) => {
    s.set("Company", company(A, "A5"));
    s.set("Product", { id: "p2", owner: C, title: "two moved" });
    s.remove("Company", B);
  },
];

/** A different continuation of the chain after block 2. */
const fork: ((s: EntityStore) => void)[] = [
  (s) => {
    s.set("Company", company(B, "B3'", { listed: true }));
    s.remove("Product", "p2");
  },
  (s) => {
    s.set("Product", { id: "p9", owner: B, title: "nine" });
    s.set("Review", { id: 4n, subjects: [B], stars: 1 });
  },
];

describe("block processing", () => {
  it("commits each block's entities with the head, which moves to the last block", () => {
    const store = openStore();
    assert.equal(store.head(), null);
    store.processBlocks(history.slice(0, 2).map((run, i) => block(i + 1, run)));
    assert.deepEqual(store.head(), {
      number: 2n,
      hash: hashOf(2),
      parentHash: hashOf(1),
      timestamp: BigInt(1_700_000_000 + 24),
    });
    assert.equal(store.blockHash(1n), hashOf(1));
    assert.equal(store.blockNumber(hashOf(2).toUpperCase().replace("0X", "0x")), 2n);
    assert.deepEqual(
      store.recentBlocks().map((b) => b.number),
      [2n, 1n],
    );
    assert.equal(dump(store).Company?.find((c) => c.id === A)?.name, "A2");
  });

  it("keeps the blocks before a failing one, drops the failing block's writes and rethrows its error", () => {
    const store = openStore();
    const failing: BlockWork = block(3, (s) => {
      s.set("Company", company(C, "never stored"));
      throw new Error("handler failed");
    });
    assert.throws(
      () =>
        store.processBlocks([block(1, history[0] ?? assert.fail()), block(2, history[1] ?? assert.fail()), failing]),
      /handler failed/,
    );
    assert.equal(store.head()?.number, 2n);
    assert.equal(store.reader().get("Company", C), null);
    assert.equal(store.reader().get("Company", A)?.name, "A2");
  });

  it("refuses a block that does not come after the head", () => {
    const store = openStore();
    store.processBlock(block(5, () => {}));
    assert.throws(() => store.processBlock(block(5, () => {})), /block 5 does not come after block 5/);
    assert.throws(() => store.processBlocks([block(7, () => {}), block(6, () => {})]), /block 6 does not come after/);
  });
});

describe("reverts", () => {
  it("restores exactly the state after the block reverted to, then takes a different continuation", () => {
    const store = openStore();
    const snapshots = [];
    for (const [i, run] of history.entries()) {
      store.processBlock(block(i + 1, run));
      snapshots.push(dump(store));
    }

    store.revertTo(2n);
    assert.deepEqual(dump(store), snapshots[1]);
    assert.deepEqual(store.head(), { number: 2n, hash: hashOf(2), parentHash: hashOf(1), timestamp: 1_700_000_024n });
    assert.deepEqual(
      store.recentBlocks().map((b) => b.number),
      [2n, 1n],
    );

    store.processBlocks(fork.map((run, i) => block(i + 3, run, 1)));
    const expected = openStore();
    expected.processBlocks([...history.slice(0, 2), ...fork].map((run, i) => block(i + 1, run, i < 2 ? 0 : 1)));
    assert.deepEqual(dump(store), dump(expected));
    assert.equal(store.head()?.hash, hashOf(4, 1));
    // The block that last changed each entity is restored too.
    const changedSince3 = (s: typeof store) =>
      s.find({ entity: "Company", filter: { kind: "changedSince", block: 3 }, first: 100, skip: 0 }).map((c) => c.id);
    assert.deepEqual(changedSince3(store), changedSince3(expected));
    assert.deepEqual(changedSince3(store), [B]);
  });

  it("reverts below the first block to an empty store with no head", () => {
    const store = openStore();
    store.processBlocks(history.map((run, i) => block(i + 10, run)));
    store.revertTo(9n);
    assert.equal(store.head(), null);
    assert.deepEqual(dump(store), { Company: [], Product: [], Review: [], Profile: [] });
    store.processBlocks(history.map((run, i) => block(i + 10, run)));
    assert.equal(store.head()?.number, 14n);
  });

  it("moves the head to the newest processed block at or before the target", () => {
    const store = openStore();
    store.processBlocks([block(3, history[0] ?? assert.fail()), block(8, history[1] ?? assert.fail())]);
    store.revertTo(6n);
    assert.equal(store.head()?.number, 3n);
    assert.equal(store.reader().get("Company", A)?.name, "A1");
  });

  it("keeps history for the configured number of blocks only, and says so when asked to go further", () => {
    const store = openStore({ historyBlocks: 2 });
    store.processBlocks(history.map((run, i) => block(i + 1, run)));
    assert.throws(() => store.revertTo(2n), /cannot revert to block 2: .* last 2 blocks only, back to block 3/);
    assert.deepEqual(
      store.recentBlocks().map((b) => b.number),
      [5n, 4n, 3n],
    );
    const snapshot = openStore();
    snapshot.processBlocks(history.slice(0, 3).map((run, i) => block(i + 1, run)));
    store.revertTo(3n);
    assert.deepEqual(dump(store), dump(snapshot));
  });
});

describe("persistence", () => {
  const dir = mkdtempSync(join(tmpdir(), "constellate-store-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("resumes after a restart with the same deployment", () => {
    const path = join(dir, "resume.sqlite");
    const first = openStore({ path, deployment: "one" });
    first.processBlocks(history.slice(0, 3).map((run, i) => block(i + 1, run)));
    const before = dump(first);
    first.close();

    const second = openStore({ path, deployment: "one" });
    assert.equal(second.head()?.number, 3n);
    assert.deepEqual(dump(second), before);
    second.revertTo(1n);
    assert.equal(second.reader().get("Company", A)?.name, "A1");
    second.close();
  });

  it("starts afresh when the database holds another deployment", () => {
    const path = join(dir, "changed.sqlite");
    const first = openStore({ path, deployment: "one" });
    first.processBlock(block(1, history[0] ?? assert.fail()));
    first.recordIndexingError({ number: 1n, hash: hashOf(1) }, "boom");
    first.close();

    const second = openStore({ path, deployment: "two" });
    assert.equal(second.head(), null);
    assert.equal(second.hasIndexingErrors(), false);
    assert.deepEqual(dump(second), { Company: [], Product: [], Review: [], Profile: [] });
    second.close();
  });
});

describe("indexing errors", () => {
  it("are recorded with their block, kept until cleared, and cleared by a revert before their block", () => {
    const store = openStore();
    store.processBlocks(history.slice(0, 3).map((run, i) => block(i + 1, run)));
    assert.equal(store.hasIndexingErrors(), false);
    store.recordIndexingError({ number: 4n, hash: hashOf(4) }, "handleThing failed");
    assert.deepEqual(store.indexingError(), { block: { number: 4n, hash: hashOf(4) }, message: "handleThing failed" });
    store.revertTo(3n); // not before the error's block: a no-op
    assert.equal(store.hasIndexingErrors(), true);
    store.revertTo(2n);
    assert.equal(store.hasIndexingErrors(), false);

    store.recordIndexingError({ number: 3n, hash: hashOf(3) }, "again");
    store.clearIndexingError();
    assert.equal(store.indexingError(), null);
  });
});
