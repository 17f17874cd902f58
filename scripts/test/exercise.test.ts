import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { Contract, Interface } from "ethers";
import type { LogDescription } from "ethers";

import { readArtifact } from "../lib/artifacts.ts";
import { buildContracts } from "../lib/build.ts";
import { deployConstellate } from "../lib/deploy.ts";
import type { DeployResult } from "../lib/deploy.ts";
import { exerciseEveryEvent } from "../lib/exercise.ts";
import type { ExerciseResult } from "../lib/exercise.ts";
import { findFreePort, spawnHardhatNode } from "../lib/node.ts";
import { DEPLOYMENTS_DIR } from "../lib/paths.ts";
import type { LocalNode } from "../lib/node.ts";
import { seedAccountsFrom, seedDemo } from "../lib/seed.ts";
import type { SeedResult } from "../lib/seed.ts";
import { DATA_SOURCES, handledEvents } from "../lib/subgraph.ts";

type ContractName = (typeof DATA_SOURCES)[number]["name"];

/** The decoded logs of one contract, by event name. */
type EventsByName = Map<string, LogDescription[]>;

const DEPLOYMENT_ID = "test-exercise";

let node: LocalNode | undefined;
let deployment: DeployResult | undefined;
let seed: SeedResult;
let exercise: ExerciseResult;
const events = new Map<ContractName, EventsByName>();

before(
  async () => {
    node = spawnHardhatNode(await findFreePort());
    await node.ready();
    // Its own deployment id: the local stack's chain-31337 deployment stays untouched. The artifacts are rebuilt first
    // (a no-op when current), since a coverage run leaves instrumented ones too large to deploy.
    deployment = await deployConstellate({
      network: "localhost",
      rpcUrl: node.url,
      deploymentId: DEPLOYMENT_ID,
      reset: true,
      beforeDeploy: buildContracts,
    });
    const signers = await deployment.connection.ethers.getSigners();
    seed = await seedDemo({ accounts: seedAccountsFrom(signers), addresses: deployment.addresses });
    exercise = await exerciseEveryEvent({ signers, addresses: deployment.addresses });
    for (const { name } of DATA_SOURCES) events.set(name, await eventsOf(deployment, name));
  },
  { timeout: 120_000 },
);

after(async () => {
  await deployment?.connection.close().catch(() => {});
  await node?.stop();
  rmSync(path.join(DEPLOYMENTS_DIR, DEPLOYMENT_ID), { recursive: true, force: true });
});

/** Every log the contract emitted since genesis, decoded with its ABI (a log it cannot decode fails the test). */
async function eventsOf(d: DeployResult, name: ContractName): Promise<EventsByName> {
  const address = d.addresses[name];
  const abi = new Interface(readArtifact(name).abi);
  const logs = await d.connection.ethers.provider.getLogs({ address, fromBlock: 0, toBlock: "latest" });
  const byName: EventsByName = new Map();
  for (const log of logs) {
    const event = abi.parseLog(log);
    assert.ok(event !== null, `${name} emitted a log its ABI does not declare (topic ${log.topics[0]})`);
    byName.set(event.name, [...(byName.get(event.name) ?? []), event]);
  }
  return byName;
}

function eventsNamed(contract: ContractName, event: string): LogDescription[] {
  return events.get(contract)?.get(event) ?? [];
}

/** The values of argument `arg` over the `event`s of `contract`, as strings. */
function argsOf(contract: ContractName, event: string, arg: string): string[] {
  return eventsNamed(contract, event).map((e) => String(e.args.getValue(arg)));
}

describe("the seed and the exercise on a local node", () => {
  it("emit every event of every contract (but EIP712DomainChanged, which is never emitted)", (t) => {
    const missing: string[] = [];
    for (const { name } of DATA_SOURCES) {
      const emitted = events.get(name) ?? new Map();
      const declared = handledEvents(readArtifact(name).abi).map((e) => e.name ?? "");
      for (const event of declared) if (!emitted.has(event)) missing.push(`${name}.${event}`);
      const total = [...emitted.values()].reduce((n, list) => n + list.length, 0);
      t.diagnostic(`${name}: ${declared.length} events declared, ${emitted.size} kinds emitted, ${total} logs`);
    }
    t.diagnostic(`${seed.transactions} seed transactions, ${exercise.transactions} exercise transactions`);
    assert.deepEqual(missing, [], `never emitted: ${missing.join(", ")}`);
  });

  it("report the seeded claims, verdicts, batch and grants as the chain recorded them", () => {
    const [issued, attested, rejected, revoked] = ["ClaimIssued", "Attested", "Rejected", "ClaimRevoked"].map((event) =>
      argsOf("Claims", event, "id"),
    );
    for (const { id, about, status, verifier } of seed.claims.claims) {
      assert.ok(issued!.includes(id), `${about}: issued`);
      // An expired claim with a verifier was attested until it ended.
      const wasAttested = status === "attested" || (status === "expired" && verifier !== undefined);
      assert.equal(attested!.includes(id), wasAttested, `${about}: attested`);
      assert.equal(rejected!.includes(id), status === "rejected", `${about}: rejected`);
      assert.equal(revoked!.includes(id), status === "revoked", `${about}: revoked`);
    }
    assert.ok(argsOf("Claims", "BatchIssued", "batch").includes(seed.claims.batch.id));
    assert.ok(attested!.includes(seed.claims.batch.id), "the batch is attested as a whole");

    const granted = [
      ...argsOf("Access", "AccessGranted", "id"),
      ...argsOf("Access", "BlindedGrantCreated", "commitment"),
    ];
    const revokedGrants = argsOf("Access", "AccessRevoked", "id");
    for (const grant of seed.claims.grants) {
      assert.ok(granted.includes(grant.id), `${grant.data}: granted`);
      assert.equal(revokedGrants.includes(grant.id), grant.revoked, `${grant.data}: revoked`);
    }
  });

  it("leave each seeded claim as its status says, as Claims.validity judges it at the chain's head", async () => {
    const claims = new Contract(
      deployment!.addresses.Claims,
      readArtifact("Claims").abi,
      deployment!.connection.ethers.provider,
    );
    const verifier = seed.companies.verifier.address;
    const statuses = new Set<string>();
    for (const { claim, about, status } of seed.claims.claims) {
      statuses.add(status);
      const v = await claims.getFunction("validity")(claim, [verifier]);
      assert.equal(v.exists, true, about);
      const expected = {
        attested: { valid: true, inWindow: true, revoked: false, attestations: 1n, rejections: 0n },
        rejected: { valid: true, inWindow: true, revoked: false, attestations: 0n, rejections: 1n },
        revoked: { valid: false, inWindow: true, revoked: true, attestations: 0n, rejections: 0n },
        expired: { valid: false, inWindow: false, revoked: false, attestations: 0n, rejections: 0n },
        "awaiting verification": { valid: true, inWindow: true, revoked: false, attestations: 0n, rejections: 0n },
        unverified: { valid: true, inWindow: true, revoked: false, attestations: 0n, rejections: 0n },
      }[status];
      const actual = {
        valid: v.valid,
        inWindow: v.inWindow,
        revoked: v.revoked,
        attestations: v.attestations,
        rejections: v.rejections,
      };
      assert.deepEqual(actual, expected, `${about} (${status})`);
    }
    for (const status of ["attested", "awaiting verification", "rejected", "revoked", "expired"]) {
      assert.ok(statuses.has(status), `a claim is ${status}`);
    }
  });

  it("report the ids the exercise touched as the chain recorded them", () => {
    const { constellations, products, accreditations, claims, batch, grants } = exercise;
    assert.deepEqual(argsOf("Constellations", "ConstellationArchived", "id"), [String(constellations.archived)]);
    assert.ok(argsOf("Constellations", "ConstellationUpdated", "id").includes(String(constellations.circular)));
    assert.deepEqual(argsOf("Products", "ProductReclaimed", "product"), [products.reclaimed]);
    assert.deepEqual(argsOf("Products", "ProductDiscontinued", "product"), [products.discontinued]);
    assert.ok(argsOf("Accreditations", "Accredited", "id").includes(accreditations.prefix));
    assert.deepEqual(argsOf("Accreditations", "AccreditationRevoked", "id"), [accreditations.revoked]);
    assert.deepEqual(argsOf("Claims", "AttestationWithdrawn", "id"), [claims.withdrawn]);
    assert.ok(argsOf("Claims", "Rejected", "id").includes(claims.revoked));
    assert.ok(argsOf("Claims", "ClaimRevoked", "id").includes(claims.revoked));
    assert.deepEqual(argsOf("Claims", "BatchRevoked", "batch"), [batch.id]);
    assert.deepEqual(argsOf("Claims", "BatchClaimRevoked", "id"), [batch.revokedClaim]);
    assert.ok(argsOf("Access", "AccessRevoked", "id").includes(grants.revoked));
    assert.deepEqual(argsOf("Access", "BlindedGrantRevoked", "commitment"), [grants.blindedRevoked]);
    const operators = [exercise.accounts.workwearOperator, exercise.accounts.bodyOperator];
    for (const { name } of DATA_SOURCES) {
      const acting = argsOf(name, "ActedFor", "operator");
      assert.ok(
        acting.some((o) => operators.includes(o)),
        `an operator of the exercise acted in ${name}`,
      );
    }
  });
});
