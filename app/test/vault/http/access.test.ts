/**
 * Who reads restricted documents, over HTTP, against the production build, a local chain and the local Graph node
 * (which proposes constellation grants; the chain confirms them): plain, constellation and blinded grants, operators
 * with and without ACCESS, reading as a company (x-acting-for), strangers' 404s, revocation and expiry as the chain
 * moves, the access log, and the blinded-grant endpoints.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { accessScope, constellationGrant, grantId, Permission, Role } from "@constellate/sdk";
import type { Address, Hex } from "viem";

import { signIn, startVaultStack } from "../../support/stack.ts";
import type { SignedIn, VaultStack } from "../../support/stack.ts";
import { chainOf, documentUrl, errorCode, eventually, get, jsonDocument, stored } from "./helpers.ts";
import type { Chain } from "./helpers.ts";

const YEAR = 365n * 24n * 60n * 60n;

let stack: VaultStack;
let chain: Chain;
const who = {} as Record<
  | "brand"
  | "retailer"
  | "supplier"
  | "logistics"
  | "verifier"
  | "competitor"
  | "operator"
  | "accessOperator"
  | "stranger"
  | "retailerOperator"
  | "retailerScanner",
  SignedIn
>;
let brandAddress: Address;
let retailerAddress: Address;
let coffeeId: bigint;
/** The seeded plain grant: the brand's claim documents to the retailer. */
let retailerGrant: { id: Hex; scope: Hex };
/** The seeded constellation grant: the single origin's EPCIS documents to every member of "Specialty coffee". */
let coffeeGrant: { id: Hex; scope: Hex };
const doc = {} as Record<"claimDocs" | "journey" | "retailPanel" | "evidence" | "supplierClaimDocs", string>;
let retailPanelGrant: Hex;
let missingNotFound: string;

before(async () => {
  stack = await startVaultStack({ name: "vault-http-access", graph: true });
  chain = chainOf(stack);
  const { seed, strangers } = stack;
  brandAddress = seed.companies.brand.address as Address;
  retailerAddress = seed.companies.retailer.address as Address;
  coffeeId = seed.constellations[0]!.id;
  const plain = seed.claims.grants.find((g) => g.kind === "account" && !g.revoked)!;
  const constellation = seed.claims.grants.find((g) => g.kind === "constellation")!;
  retailerGrant = { id: plain.id as Hex, scope: plain.scope as Hex };
  coffeeGrant = { id: constellation.id as Hex, scope: constellation.scope as Hex };

  // Operators: one of the brand's holding ACCESS (the seeded one holds no ACCESS), and two of the retailer's.
  const { timestamp } = await stack.latestBlock();
  await chain.write(brandAddress, "Companies", "setOperator", [strangers[0]!, Permission.ACCESS, timestamp + YEAR]);
  await chain.write(retailerAddress, "Companies", "setOperator", [strangers[2]!, Permission.ACCESS, timestamp + YEAR]);
  await chain.write(retailerAddress, "Companies", "setOperator", [strangers[3]!, Permission.EVENTS, timestamp + YEAR]);
  // A grant to the members of "Specialty coffee" that hold RETAILER.
  const panelScope = accessScope("dataset", null, "retail-panel");
  const panel = constellationGrant(brandAddress, panelScope, coffeeId, Role.RETAILER);
  retailPanelGrant = grantId(panel);
  await chain.write(brandAddress, "Access", "grantAccess", [panel, timestamp + YEAR]);

  const [
    brand,
    retailer,
    supplier,
    logistics,
    verifier,
    competitor,
    operator,
    accessOperator,
    stranger,
    retailerOperator,
    retailerScanner,
  ] = await Promise.all(
    [
      brandAddress,
      retailerAddress,
      seed.companies.supplier.address,
      seed.companies.logistics.address,
      seed.companies.verifier.address,
      seed.companies.competitor.address,
      seed.operator.address,
      strangers[0]!,
      strangers[1]!,
      strangers[2]!,
      strangers[3]!,
    ].map((address) => signIn(stack, address)),
  );
  Object.assign(who, {
    brand,
    retailer,
    supplier,
    logistics,
    verifier,
    competitor,
    operator,
    accessOperator,
    stranger,
    retailerOperator,
    retailerScanner,
  });

  const restricted = (scope: Hex) => ({ visibility: "restricted", scope });
  doc.claimDocs = await stored(
    stack,
    brand!,
    jsonDocument("the brand's claim documents"),
    restricted(retailerGrant.scope),
  );
  doc.journey = await stored(
    stack,
    brand!,
    jsonDocument("the single origin's EPCIS documents"),
    restricted(coffeeGrant.scope),
  );
  doc.retailPanel = await stored(stack, brand!, jsonDocument("the retail panel"), restricted(panelScope));
  doc.evidence = await stored(stack, brand!, jsonDocument("LCA report"), restricted(accessScope("claim-evidence")));
  // The supplier's own claim documents: the same scope, another owner.
  doc.supplierClaimDocs = await stored(
    stack,
    supplier!,
    jsonDocument("the co-op's claim documents"),
    restricted(retailerGrant.scope),
  );

  missingNotFound = (await get(documentUrl(stack, brandAddress, "0".repeat(64)), stranger!.cookieHeaders())).text;
  await stack.indexed();
});
after(() => stack?.stop());

const read = (
  reader: SignedIn | null,
  name: keyof typeof doc,
  headers: Record<string, string> = {},
  owner: string = brandAddress,
) => get(documentUrl(stack, owner, doc[name]), { ...(reader?.cookieHeaders() ?? {}), ...headers });

async function statusOf(
  reader: SignedIn,
  name: keyof typeof doc,
  headers: Record<string, string> = {},
): Promise<number> {
  return (await read(reader, name, headers)).status;
}

describe("reading a restricted document", () => {
  it("is 401 for anyone not signed in, whether the document exists or not", async () => {
    const existing = await read(null, "claimDocs");
    const missing = await get(documentUrl(stack, brandAddress, "0".repeat(64)));
    assert.equal(existing.status, 401);
    assert.equal(errorCode(existing.text), "unauthenticated");
    assert.equal(existing.text, missing.text);
  });

  it("gives a signed-in account without a grant the same 404, byte for byte, as a missing document", async () => {
    for (const reader of [who.stranger, who.competitor, who.logistics]) {
      const answer = await read(reader, "claimDocs");
      assert.equal(answer.status, 404, reader.address);
      assert.equal(answer.text, missingNotFound);
      assert.equal(answer.headers.get("etag"), null);
    }
  });

  it("serves the owner: 200, the bytes, private no-store, no CORS wildcard", async () => {
    const answer = await read(who.brand, "claimDocs");
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("cache-control"), "private, no-store");
    assert.equal(answer.headers.get("access-control-allow-origin"), null);
    assert.equal(answer.headers.get("etag"), `"${doc.claimDocs}"`);
    assert.match(answer.headers.get("content-security-policy") ?? "", /sandbox/);
  });

  it("serves the holder of a plain grant for the document's scope (the retailer): 200, private no-store", async () => {
    for (const headers of [who.retailer.cookieHeaders(), who.retailer.bearer()]) {
      const answer = await get(documentUrl(stack, brandAddress, doc.claimDocs), headers);
      assert.equal(answer.status, 200);
      assert.equal(answer.text, jsonDocument("the brand's claim documents"));
      assert.equal(answer.headers.get("cache-control"), "private, no-store");
    }
  });

  it("does not let a grant open a document of another scope, nor the same scope of another owner (404)", async () => {
    assert.equal(await statusOf(who.retailer, "evidence"), 404);
    const supplierOwned = await read(who.retailer, "supplierClaimDocs", {}, stack.seed.companies.supplier.address);
    assert.equal(supplierOwned.status, 404);
    assert.equal(supplierOwned.text, missingNotFound);
  });

  it("serves members of a constellation holding a grant, found through the subgraph and confirmed on the chain", async () => {
    for (const member of [who.supplier, who.logistics, who.retailer, who.verifier]) {
      assert.equal(await statusOf(member, "journey"), 200, member.address);
    }
  });

  it("refuses a company outside the constellation (404)", async () => {
    assert.equal(await statusOf(who.competitor, "journey"), 404);
    assert.equal(await statusOf(who.stranger, "journey"), 404);
  });

  it("serves a constellation grant that asks for a role only to members holding that role", async () => {
    assert.equal(await statusOf(who.retailer, "retailPanel"), 200, "the retailer holds RETAILER");
    assert.equal(await statusOf(who.supplier, "retailPanel"), 404, "the supplier holds SUPPLIER only");
    assert.equal(await statusOf(who.logistics, "retailPanel"), 404, "logistics holds LOGISTICS only");
  });

  it("refuses the owner's operator without the ACCESS permission (404) and serves one holding it (200)", async () => {
    assert.equal(await statusOf(who.operator, "claimDocs"), 404);
    assert.equal(await statusOf(who.accessOperator, "claimDocs"), 200);
    assert.equal(await statusOf(who.accessOperator, "evidence"), 200, "ACCESS covers every scope");
  });

  it("lets an operator holding ACCESS read as its company with x-acting-for, and nobody else", async () => {
    const actingForRetailer = { "x-acting-for": retailerAddress };
    assert.equal(await statusOf(who.retailerOperator, "claimDocs", actingForRetailer), 200);
    assert.equal(await statusOf(who.retailerOperator, "claimDocs"), 404, "reading as itself, it holds no grant");
    assert.equal(
      await statusOf(who.retailerScanner, "claimDocs", actingForRetailer),
      404,
      "an operator without ACCESS",
    );
    assert.equal(await statusOf(who.stranger, "claimDocs", actingForRetailer), 404, "no operator at all");
    assert.equal(await statusOf(who.retailerOperator, "claimDocs", { "x-acting-for": "retailer" }), 400);
  });

  it("describes a restricted document (meta) to exactly those who may read it", async () => {
    const meta = (reader: SignedIn | null) =>
      get(documentUrl(stack, brandAddress, doc.claimDocs, "/meta"), reader?.cookieHeaders() ?? {});
    assert.equal((await meta(null)).status, 401);
    assert.equal((await meta(who.stranger)).status, 404);
    assert.equal((await meta(who.operator)).status, 404);
    const answer = await meta(who.retailer);
    assert.equal(answer.status, 200);
    assert.equal((answer.json() as { scope: string }).scope, retailerGrant.scope);
  });

  it("ends a member's access through a constellation grant once it leaves the constellation", async () => {
    assert.equal(await statusOf(who.verifier, "journey"), 200);
    await chain.write(who.verifier.address, "Constellations", "leaveConstellation", [coffeeId]);
    assert.ok(await eventually(async () => (await statusOf(who.verifier, "journey")) === 404), "404 within 5 s");
    await stack.mine();
    await stack.indexed();
    assert.equal(await statusOf(who.verifier, "journey"), 404);
    assert.equal(await statusOf(who.supplier, "journey"), 200, "the members who stay still read");
  });
});

describe("listing the documents of a scope (GET /api/vault/documents?owner=&scope=)", () => {
  const list = (reader: SignedIn | null, scope: Hex, owner: string = brandAddress) =>
    get(
      `${stack.origin}/api/vault/documents?owner=${owner}&scope=${scope}`,
      reader === null ? {} : reader.cookieHeaders(),
    );

  it("lists to a grantee exactly the restricted documents of the granted scope", async () => {
    const answer = await list(who.retailer, retailerGrant.scope);
    assert.equal(answer.status, 200, answer.text);
    const { documents } = JSON.parse(answer.text) as { documents: { sha256: string; scope: string }[] };
    assert.deepEqual(
      documents.map((d) => d.sha256),
      [doc.claimDocs],
    );
    assert.ok(documents.every((d) => d.scope === retailerGrant.scope));
  });

  it("lists to the owner and its ACCESS operator, filtered by scope", async () => {
    for (const reader of [who.brand, who.accessOperator]) {
      const answer = await list(reader, accessScope("claim-evidence"));
      assert.equal(answer.status, 200, reader.address);
      const { documents } = JSON.parse(answer.text) as { documents: { sha256: string }[] };
      assert.deepEqual(
        documents.map((d) => d.sha256),
        [doc.evidence],
      );
    }
  });

  it("refuses anyone else with the read path's answers: 401 signed out, the same 404 as a missing document", async () => {
    assert.equal((await list(null, retailerGrant.scope)).status, 401);
    for (const reader of [who.stranger, who.competitor]) {
      const answer = await list(reader, retailerGrant.scope);
      assert.equal(answer.status, 404, reader.address);
      assert.equal(answer.text, missingNotFound);
    }
    // A grant for one scope lists nothing of another.
    assert.equal((await list(who.retailer, accessScope("claim-evidence"))).status, 404);
  });

  it("rejects a malformed scope with 400", async () => {
    const answer = await get(
      `${stack.origin}/api/vault/documents?owner=${brandAddress}&scope=0x12`,
      who.brand.cookieHeaders(),
    );
    assert.equal(answer.status, 400);
  });
});

describe("revocation and expiry", () => {
  it("never honours a revoked grant once the vault has seen the revoking block: reads go 200 ... 200, 404 ... 404", async () => {
    assert.equal(await statusOf(who.retailer, "claimDocs"), 200);
    const statuses: number[] = [];
    let stopAt = Infinity;
    const reading = (async () => {
      while (Date.now() < stopAt) statuses.push(await statusOf(who.retailer, "claimDocs"));
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await chain.write(brandAddress, "Access", "revokeAccess", [retailerGrant.id]);
    assert.ok(
      await eventually(async () => statuses.at(-1) === 404, 5000, 20),
      "reads turn 404 within 5 s of the receipt",
    );
    // Keep reading while more blocks come.
    stopAt = Date.now() + 1500;
    await stack.mine();
    await stack.mine();
    await reading;
    const firstRefusal = statuses.indexOf(404);
    assert.ok(firstRefusal > 0, `some reads before the revocation were allowed: ${statuses.join(",")}`);
    assert.deepEqual(
      statuses.slice(firstRefusal).filter((s) => s !== 404),
      [],
      `after the first 404 every read is 404: ${statuses.join(",")}`,
    );
    assert.ok(statuses.slice(firstRefusal).length >= 5);
    const meta = await get(documentUrl(stack, brandAddress, doc.claimDocs, "/meta"), who.retailer.cookieHeaders());
    assert.equal(meta.status, 404);
    // Its operator reading as the retailer has lost it too.
    assert.equal(await statusOf(who.retailerOperator, "claimDocs", { "x-acting-for": retailerAddress }), 404);
  });

  it("ends a grant when block time passes its expiry (evm_increaseTime)", async () => {
    const scope = accessScope("dataset", null, "expires by block time");
    const sha256 = await stored(stack, who.brand, jsonDocument("short-lived"), { visibility: "restricted", scope });
    const { timestamp } = await stack.latestBlock();
    const grant = { owner: brandAddress, scope, kind: 0, account: who.competitor.address, constellation: 0n, roles: 0 };
    await chain.write(brandAddress, "Access", "grantAccess", [grant, timestamp + 600n]);
    const url = documentUrl(stack, brandAddress, sha256);
    const status = async () => (await get(url, who.competitor.cookieHeaders())).status;
    assert.ok(await eventually(async () => (await status()) === 200), "the fresh grant is honoured");
    await stack.increaseTime(601);
    assert.ok(await eventually(async () => (await status()) === 404), "404 within 5 s of the block past its expiry");
    assert.equal(await status(), 404);
  });
});

describe("GET /api/vault/access-log", () => {
  interface Entry {
    owner: string;
    sha256: string;
    reader: string;
    grant: string;
    at: string;
  }
  const log = async (reader: SignedIn | null, query = "") =>
    get(`${stack.origin}/api/vault/access-log?owner=${brandAddress}${query}`, reader?.cookieHeaders() ?? {});

  async function allEntries(): Promise<Entry[]> {
    const entries: Entry[] = [];
    let after: string | null = null;
    do {
      const answer = await log(who.brand, `&limit=7${after === null ? "" : `&after=${encodeURIComponent(after)}`}`);
      assert.equal(answer.status, 200, answer.text);
      const page = answer.json() as { entries: Entry[]; next: string | null };
      entries.push(...page.entries);
      after = page.next;
    } while (after !== null);
    return entries;
  }

  it("lists every allowed read of the owner's restricted documents, newest first, with the grant that allowed it", async () => {
    const entries = await allEntries();
    const times = entries.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      "newest first",
    );
    const has = (reader: string, sha256: string, grant: string) =>
      entries.some((e) => e.reader === reader.toLowerCase() && e.sha256 === sha256 && e.grant === grant);
    assert.ok(has(retailerAddress, doc.claimDocs, `grant:${retailerGrant.id}`), "the retailer, by its plain grant");
    assert.ok(
      has(who.supplier.address, doc.journey, `grant:${coffeeGrant.id}`),
      "the supplier, by the constellation grant",
    );
    assert.ok(has(retailerAddress, doc.retailPanel, `grant:${retailPanelGrant}`), "the retailer, by the role grant");
    assert.ok(has(brandAddress, doc.claimDocs, "owner"));
    assert.ok(has(who.accessOperator.address, doc.evidence, "operator"));
    assert.ok(
      has(
        retailerAddress,
        doc.claimDocs,
        `grant:${retailerGrant.id} (read by ${who.retailerOperator.address.toLowerCase()})`,
      ),
      "a read as the retailer is the retailer's, naming the operator that made it",
    );
    assert.ok(entries.every((e) => e.owner === brandAddress.toLowerCase()));
    for (const refused of [who.stranger, who.operator]) {
      assert.ok(
        !entries.some((e) => e.reader === refused.address.toLowerCase()),
        `no entry for refused ${refused.address}`,
      );
    }
    const competitor = who.competitor.address.toLowerCase();
    assert.ok(
      !entries.some((e) => e.reader === competitor && [doc.claimDocs, doc.journey].includes(e.sha256)),
      "no entry for the competitor's refused reads (only for the one its short-lived grant allowed)",
    );
    assert.ok(!entries.some((e) => e.sha256 === doc.supplierClaimDocs), "another owner's documents are not in it");
  });

  it("is the owner's alone: 403 for a grantee, the operator without ACCESS and a stranger; 401 signed out", async () => {
    for (const reader of [who.retailer, who.operator, who.stranger]) {
      const answer = await log(reader);
      assert.equal(answer.status, 403, reader.address);
    }
    assert.equal((await log(null)).status, 401);
  });
});

describe("blinded grants", () => {
  const evidenceScope = accessScope("claim-evidence");
  let expiresAt: bigint;
  let commitment: Hex;

  const prepare = (reader: SignedIn | null, body: Record<string, unknown>) =>
    fetch(`${stack.origin}/api/vault/blinded-grants`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(reader?.cookieHeaders() ?? {}) },
      body: JSON.stringify(body),
    });
  const listed = async (reader: SignedIn, query = "") => {
    const answer = await get(`${stack.origin}/api/vault/blinded-grants${query}`, reader.cookieHeaders());
    assert.equal(answer.status, 200, answer.text);
    return (answer.json() as { grants: { owner: string; scope: string; commitment: string; expiresAt: string }[] })
      .grants;
  };

  before(async () => {
    expiresAt = (await stack.latestBlock()).timestamp + 30n * 24n * 3600n;
  });

  it("gives the owner the commitment of a blinded grant to submit, the same each time it asks", async () => {
    const body = {
      owner: brandAddress,
      grantee: who.logistics.address,
      scope: evidenceScope,
      expiresAt: Number(expiresAt),
    };
    const first = await prepare(who.brand, body);
    assert.equal(first.status, 200);
    const answer = (await first.json()) as { commitment: Hex; owner: string; grantee: string; expiresAt: string };
    assert.match(answer.commitment, /^0x[0-9a-f]{64}$/);
    assert.equal(answer.expiresAt, expiresAt.toString());
    commitment = answer.commitment;
    const again = (await (await prepare(who.brand, body)).json()) as { commitment: Hex };
    assert.equal(again.commitment, commitment);
    const forSupplier = (await (await prepare(who.brand, { ...body, grantee: who.supplier.address })).json()) as {
      commitment: Hex;
    };
    assert.notEqual(forSupplier.commitment, commitment, "another grantee, another commitment");
  });

  it("refuses to prepare one for anyone but the owner and its ACCESS operators", async () => {
    const body = {
      owner: brandAddress,
      grantee: who.retailer.address,
      scope: evidenceScope,
      expiresAt: Number(expiresAt),
    };
    for (const reader of [who.retailer, who.operator, who.stranger]) {
      assert.equal((await prepare(reader, body)).status, 403, reader.address);
    }
    assert.equal((await prepare(who.accessOperator, body)).status, 200);
    assert.equal((await prepare(null, body)).status, 401);
  });

  it("answers 400 to a malformed request or an expiry that is not in the future", async () => {
    const body = {
      owner: brandAddress,
      grantee: who.retailer.address,
      scope: evidenceScope,
      expiresAt: Number(expiresAt),
    };
    for (const bad of [
      { ...body, scope: "claim-evidence" },
      { ...body, grantee: "logistics" },
      { ...body, expiresAt: "tomorrow" },
      { ...body, expiresAt: 1_000 },
      { owner: brandAddress },
    ]) {
      assert.equal((await prepare(who.brand, bad)).status, 400, JSON.stringify(bad));
    }
  });

  it("lists nothing and reads 404 for the grantee until the owner submits the commitment", async () => {
    assert.ok(!(await listed(who.logistics)).some((g) => g.commitment === commitment));
    assert.equal(await statusOf(who.logistics, "evidence"), 404);
  });

  it("once submitted (Access.grantBlinded), lists it to the grantee, which reads documents of its scope", async () => {
    await chain.write(brandAddress, "Access", "grantBlinded", [commitment, expiresAt]);
    let grants: Awaited<ReturnType<typeof listed>> = [];
    assert.ok(
      await eventually(async () => (grants = await listed(who.logistics)).some((g) => g.commitment === commitment)),
      "listed within 5 s",
    );
    assert.deepEqual(
      grants.find((g) => g.commitment === commitment),
      { owner: brandAddress, scope: evidenceScope, commitment, expiresAt: expiresAt.toString() },
    );
    const answer = await read(who.logistics, "evidence");
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("cache-control"), "private, no-store");
    const entries = (
      await get(`${stack.origin}/api/vault/access-log?owner=${brandAddress}&limit=5`, who.brand.cookieHeaders())
    ).json() as {
      entries: { reader: string; grant: string; sha256: string }[];
    };
    assert.ok(
      entries.entries.some(
        (e) =>
          e.reader === who.logistics.address.toLowerCase() &&
          e.sha256 === doc.evidence &&
          e.grant === `blinded:${commitment}`,
      ),
      "the read is logged with the blinded grant",
    );
  });

  it("does not list it to anyone else nor let them read through it", async () => {
    for (const reader of [who.supplier, who.retailer, who.stranger]) {
      assert.ok(!(await listed(reader)).some((g) => g.commitment === commitment), reader.address);
      assert.equal(await statusOf(reader, "evidence"), 404, reader.address);
    }
    const other = await get(
      `${stack.origin}/api/vault/blinded-grants?grantee=${who.logistics.address}`,
      who.retailer.cookieHeaders(),
    );
    assert.equal(other.status, 403, "nobody lists another company's blinded grants");
  });

  it("ends with Access.revokeBlinded", async () => {
    await chain.write(brandAddress, "Access", "revokeBlinded", [commitment]);
    assert.ok(await eventually(async () => (await statusOf(who.logistics, "evidence")) === 404), "404 within 5 s");
    assert.ok(!(await listed(who.logistics)).some((g) => g.commitment === commitment));
  });
});
