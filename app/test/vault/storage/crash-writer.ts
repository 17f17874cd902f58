/**
 * The process the crash test kills: opens a store (argv[2]: a VaultStoreConfig as JSON), says `ready`, then uploads
 * and deletes documents until it is killed. Each step is announced on stdout before it starts (`put <owner> <sha256>`
 * or `del <owner> <sha256>`) and confirmed with `ok` once it has returned, so the test knows which steps finished and
 * which one, at most, was cut short. Writes to a pipe are synchronous on Linux: a line printed is a line the test gets.
 */
import { randomBytes, randomInt } from "node:crypto";

import { openVaultStore } from "../../../src/vault/storage/index.ts";
import type { NewDocument, VaultStoreConfig } from "../../../src/vault/storage/index.ts";
import { ALICE, BOB, CAROL, NO_QUOTA, SCOPE_A, publicDocument, restrictedDocument } from "./harness.ts";

const OWNERS = [ALICE, BOB, CAROL];
const MAX_SIZE = 64 * 1024;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)] as T;
}

const store = await openVaultStore(JSON.parse(process.argv[2] ?? "") as VaultStoreConfig);
say("ready");

const recent: NewDocument[] = [];
for (;;) {
  const roll = randomInt(10);
  if (roll < 2 && recent.length > 0) {
    const [doc] = recent.splice(randomInt(recent.length), 1);
    if (doc === undefined) continue;
    say(`del ${doc.owner} ${doc.sha256}`);
    await store.deleteDocument(doc.owner, doc.sha256);
  } else {
    // Some uploads reuse bytes stored before, by another owner or the same one, to exercise shared blobs.
    const bytes = roll < 5 && recent.length > 0 ? pick(recent).bytes : randomBytes(1 + randomInt(MAX_SIZE));
    const owner = pick(OWNERS);
    const doc = owner === ALICE ? restrictedDocument(owner, SCOPE_A, bytes) : publicDocument(owner, bytes);
    say(`put ${doc.owner} ${doc.sha256}`);
    await store.putDocument(doc, NO_QUOTA);
    recent.push(doc);
    if (recent.length > 40) recent.shift();
  }
  say("ok");
}
