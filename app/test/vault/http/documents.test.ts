/**
 * Documents over HTTP, against the production build and a local chain: uploads and every refusal of one, reading
 * public documents (byte-identical, cacheable forever, open to every origin, never run in the vault's origin),
 * conditional reads, metadata, listing, deletion, and the OpenAPI description.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { accessScope, constellationGrant, grantId, Permission } from "@constellate/sdk";
import type { Address, Hex } from "viem";

import { APP_DIR } from "../../../../scripts/lib/app-build.ts";
import { signIn, startVaultStack } from "../../support/stack.ts";
import type { SignedIn, VaultStack } from "../../support/stack.ts";
import { chainOf, documentUrl, errorCode, get, jsonDocument, sha256Hex, stored, upload } from "./helpers.ts";
import type { Chain } from "./helpers.ts";

const KiB = 1024;
const MAX_BYTES = 64 * KiB;
const QUOTA_BYTES = 256 * KiB;
const YEAR = 365 * 24 * 60 * 60;
const SANDBOX = /(^|;)\s*sandbox(\s|;|$)/;

let stack: VaultStack;
let chain: Chain;
let brandAddress: Address;
let brand: SignedIn;
let operator: SignedIn;
let retailer: SignedIn;
let stranger: SignedIn;
/** An operator of the brand holding ACCESS (the seeded operator does not). */
let accessOperator: SignedIn;

before(async () => {
  stack = await startVaultStack({ name: "vault-http-documents", maxBytes: MAX_BYTES, quotaBytes: QUOTA_BYTES });
  chain = chainOf(stack);
  brandAddress = stack.seed.companies.brand.address as Address;
  const accessOperatorAddress = stack.strangers[0]!;
  const { timestamp } = await stack.latestBlock();
  await chain.write(brandAddress, "Companies", "setOperator", [
    accessOperatorAddress,
    Permission.ACCESS,
    timestamp + BigInt(YEAR),
  ]);
  [brand, operator, retailer, stranger, accessOperator] = await Promise.all([
    signIn(stack, brandAddress),
    signIn(stack, stack.seed.operator.address),
    signIn(stack, stack.seed.companies.retailer.address),
    signIn(stack, stack.strangers[1]!),
    signIn(stack, accessOperatorAddress),
  ]);
});
after(() => stack?.stop());

describe("POST /api/vault/documents", () => {
  it("stores a public document of the signer: 201 with owner, hash, size, visibility and no scope", async () => {
    const bytes = jsonDocument("a public claim document");
    const response = await upload(stack, brand, bytes);
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), {
      owner: brandAddress.toLowerCase(),
      sha256: sha256Hex(bytes),
      size: bytes.length,
      visibility: "public",
      scope: null,
    });
  });

  it("is idempotent: the same bytes again are 201 with the same answer, and stored once", async () => {
    const bytes = jsonDocument("uploaded twice");
    const first = await upload(stack, brand, bytes);
    const second = await upload(stack, brand, bytes);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.deepEqual(await second.json(), await first.json());
    const listed = await listAll(brand, brandAddress);
    assert.equal(listed.filter((d) => d.sha256 === sha256Hex(bytes)).length, 1);
  });

  it("takes the hash in any case, with or without 0x", async () => {
    const bytes = jsonDocument("hash spelled in capitals");
    const response = await upload(stack, brand, bytes, { sha256: `0x${sha256Hex(bytes).toUpperCase()}` });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { sha256: string }).sha256, sha256Hex(bytes));
  });

  it("stores a restricted document with its scope", async () => {
    const scope = accessScope("claim-evidence");
    const response = await upload(stack, brand, jsonDocument("restricted evidence"), {
      visibility: "restricted",
      scope,
    });
    assert.equal(response.status, 201);
    const body = (await response.json()) as { visibility: string; scope: string };
    assert.deepEqual([body.visibility, body.scope], ["restricted", scope]);
  });

  it("lets an operator of the company upload for it with x-owner, even without the ACCESS permission", async () => {
    const bytes = jsonDocument("uploaded by the brand's operator");
    const response = await upload(stack, operator, bytes, { owner: brandAddress });
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(((await response.json()) as { owner: string }).owner, brandAddress.toLowerCase());
  });

  it("refuses bytes that do not hash to x-content-sha256 (422), storing nothing", async () => {
    const bytes = jsonDocument("tampered on the way");
    const declared = sha256Hex("something else");
    const response = await upload(stack, brand, bytes, { sha256: declared });
    assert.equal(response.status, 422);
    assert.equal(errorCode(await response.text()), "hash_mismatch");
    assert.equal((await get(documentUrl(stack, brandAddress, declared))).status, 401);
    assert.equal((await get(documentUrl(stack, brandAddress, declared), brand.cookieHeaders())).status, 404);
    assert.equal((await get(documentUrl(stack, brandAddress, sha256Hex(bytes)), brand.cookieHeaders())).status, 404);
  });

  it("refuses an empty body (413)", async () => {
    const response = await upload(stack, brand, new Uint8Array(0));
    assert.equal(response.status, 413);
    assert.equal(errorCode(await response.text()), "payload_too_large");
  });

  it("refuses a body over the size limit (413), whether its length is declared or streamed", async () => {
    const tooBig = randomBytes(MAX_BYTES + 1);
    const declared = await upload(stack, brand, tooBig, { contentType: "application/octet-stream" });
    assert.equal(declared.status, 413);
    assert.equal(errorCode(await declared.text()), "payload_too_large");

    // Chunked, with no Content-Length: the vault counts as it reads.
    const chunks = [tooBig.subarray(0, 40 * KiB), tooBig.subarray(40 * KiB)];
    const streamed = await fetch(`${stack.origin}/api/vault/documents`, {
      method: "POST",
      headers: brand.cookieHeaders({
        "content-type": "application/octet-stream",
        "x-content-sha256": sha256Hex(tooBig),
        "x-visibility": "public",
      }),
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(next);
        },
      }),
      duplex: "half",
    } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal((await get(documentUrl(stack, brandAddress, sha256Hex(tooBig)), brand.cookieHeaders())).status, 404);

    // Far over the limit: the vault answers 413 without reading it all, and the client still gets the answer.
    const huge = await upload(stack, brand, randomBytes(4 * 1024 * KiB), { contentType: "application/octet-stream" });
    assert.equal(huge.status, 413);

    const atTheLimit = randomBytes(MAX_BYTES);
    assert.equal((await upload(stack, brand, atTheLimit, { contentType: "application/octet-stream" })).status, 201);
  });

  it("refuses an unknown or missing visibility (400)", async () => {
    for (const visibility of ["secret", "PUBLIC", ""]) {
      const response = await upload(stack, brand, jsonDocument(`visibility ${visibility}`), { visibility });
      assert.equal(response.status, 400, visibility);
      assert.equal(errorCode(await response.text()), "bad_request");
    }
  });

  it("refuses a restricted document without a scope, or with a malformed one (400)", async () => {
    const bytes = jsonDocument("restricted without scope");
    assert.equal((await upload(stack, brand, bytes, { visibility: "restricted" })).status, 400);
    for (const scope of ["0x1234", "claim-evidence", `0x${"zz".repeat(32)}`] as Hex[]) {
      assert.equal((await upload(stack, brand, bytes, { visibility: "restricted", scope })).status, 400, scope);
    }
  });

  it("refuses an upload from someone not signed in (401)", async () => {
    const response = await upload(stack, null, jsonDocument("anonymous"));
    assert.equal(response.status, 401);
    assert.equal(errorCode(await response.text()), "unauthenticated");
  });

  it("refuses an account that is no registered company (403): this vault does not serve it", async () => {
    const response = await upload(stack, stranger, jsonDocument("from a stranger"));
    assert.equal(response.status, 403);
  });

  it("refuses a company whose profile names another vault as its data endpoint (403)", async () => {
    const endpoints: [keyof VaultStack["seed"]["companies"], string][] = [
      ["competitor", "https://vault.ridgeline-roasting.example/vault/ridgeline-roasting"],
      // A look-alike of this vault's endpoint: the same origin, but not under <origin>/vault/.
      ["body", `${stack.origin}/vault-elsewhere/gs1-demoland`],
    ];
    for (const [key, dataEndpoint] of endpoints) {
      const company = stack.seed.companies[key].address;
      await chain.write(company, "Companies", "updateProfile", [
        {
          name: stack.seed.companies[key].name,
          registryId: "",
          metadataURI: "",
          metadataHash: `0x${"00".repeat(32)}`,
          dataEndpoint,
        },
      ]);
      const response = await upload(stack, await signIn(stack, company), jsonDocument(`from ${key}`));
      assert.equal(response.status, 403, dataEndpoint);
    }
  });

  it("refuses x-owner naming a company the signer does not act for (403), and a malformed x-owner (400)", async () => {
    const response = await upload(stack, retailer, jsonDocument("for someone else"), { owner: brandAddress });
    assert.equal(response.status, 403);
    assert.equal(errorCode(await response.text()), "forbidden");
    assert.equal((await upload(stack, retailer, jsonDocument("bad owner"), { owner: "0xbrand" })).status, 400);
  });

  it("refuses a document that would take its owner past the quota (507), counting each document whole", async () => {
    const supplierAddress = stack.seed.companies.supplier.address;
    const supplier = await signIn(stack, supplierAddress);
    const size = 60 * KiB;
    const fit = Math.floor(QUOTA_BYTES / size);
    const kept: Uint8Array[] = [];
    for (let i = 0; i < fit; i++) {
      kept.push(randomBytes(size));
      const response = await upload(stack, supplier, kept[i]!, { contentType: "application/octet-stream" });
      assert.equal(response.status, 201, `document ${i + 1} of ${fit} fits`);
    }
    const over = await upload(stack, supplier, randomBytes(size), { contentType: "application/octet-stream" });
    assert.equal(over.status, 507);
    assert.equal(errorCode(await over.text()), "quota_exceeded");
    assert.equal((await listAll(supplier, supplierAddress)).length, fit);
    // A document the supplier holds already takes nothing more: uploading it again still works.
    assert.equal((await upload(stack, supplier, kept[0]!, { contentType: "application/octet-stream" })).status, 201);
    // Other companies have quotas of their own.
    assert.equal(
      (await upload(stack, brand, randomBytes(size), { contentType: "application/octet-stream" })).status,
      201,
    );
  });
});

describe("GET /api/vault/documents/{owner}/{sha256} of a public document", () => {
  let bytes: Uint8Array;
  let sha256: string;
  before(async () => {
    bytes = new Uint8Array(randomBytes(3000));
    sha256 = await stored(stack, brand, bytes, { contentType: "application/octet-stream" });
  });

  it("serves anyone the bytes as stored, with ETag = hash, nosniff, a sandbox CSP, immutable caching and CORS open", async () => {
    const answer = await get(documentUrl(stack, brandAddress, sha256), { "accept-encoding": "gzip, deflate, br" });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.bytes, bytes);
    assert.equal(sha256Hex(answer.bytes), sha256);
    const h = answer.headers;
    assert.equal(h.get("etag"), `"${sha256}"`);
    assert.equal(h.get("x-content-type-options"), "nosniff");
    assert.match(h.get("content-security-policy") ?? "", SANDBOX);
    assert.equal(h.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(h.get("access-control-allow-origin"), "*");
    assert.equal(h.get("content-type"), "application/octet-stream");
    assert.equal(h.get("content-encoding"), null, "no transforming encoding");
  });

  it("serves it the same to a signed-in stranger and under an upper-case hash or mixed-case owner in the path", async () => {
    const signedIn = await get(documentUrl(stack, brandAddress, sha256), stranger.cookieHeaders());
    assert.deepEqual(signedIn.bytes, bytes);
    const spelled = await get(`${stack.origin}/api/vault/documents/${brandAddress}/${sha256.toUpperCase()}`);
    assert.equal(spelled.status, 200);
    assert.deepEqual(spelled.bytes, bytes);
  });

  it("answers If-None-Match with the ETag by 304 and no body", async () => {
    for (const tag of [`"${sha256}"`, `W/"${sha256}"`, `"${"0".repeat(64)}", "${sha256}"`]) {
      const answer = await get(documentUrl(stack, brandAddress, sha256), { "if-none-match": tag });
      assert.equal(answer.status, 304, tag);
      assert.equal(answer.bytes.length, 0);
      assert.equal(answer.headers.get("etag"), `"${sha256}"`);
      assert.equal(answer.headers.get("cache-control"), "public, max-age=31536000, immutable");
    }
    const other = await get(documentUrl(stack, brandAddress, sha256), { "if-none-match": `"${"0".repeat(64)}"` });
    assert.equal(other.status, 200);
  });

  it("answers 400 to a path that names no address or no SHA-256", async () => {
    assert.equal((await get(`${stack.origin}/api/vault/documents/0xnotanaddress/${sha256}`)).status, 400);
    assert.equal((await get(`${stack.origin}/api/vault/documents/${brandAddress}/${sha256.slice(1)}`)).status, 400);
  });

  it("does not serve the document under another owner, even one holding the same bytes", async () => {
    const retailerAddress = stack.seed.companies.retailer.address;
    assert.equal((await get(documentUrl(stack, retailerAddress, sha256), retailer.cookieHeaders())).status, 404);
    assert.equal(await stored(stack, retailer, bytes, { contentType: "application/octet-stream" }), sha256);
    const theirs = await get(documentUrl(stack, retailerAddress, sha256));
    assert.deepEqual(theirs.bytes, bytes);
  });
});

describe("documents a browser could run", () => {
  const active: [string, string][] = [
    ["text/html", "<!doctype html><script>document.title = 'ran in the vault origin'</script>"],
    ["text/html; charset=utf-8", '<html><body onload="alert(document.cookie)">hi</body></html>'],
    ["image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ["application/xhtml+xml", '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
    ["text/javascript", "alert(document.cookie)"],
    ["Text/HTML", "<script>alert('capitals')</script>"],
  ];
  for (const [contentType, source] of active) {
    it(`serves ${contentType} as an attachment under a sandbox CSP, with nosniff`, async () => {
      const sha256 = await stored(stack, brand, source, { contentType });
      const answer = await get(documentUrl(stack, brandAddress, sha256));
      assert.equal(answer.status, 200);
      assert.equal(answer.text, source);
      assert.match(answer.headers.get("content-disposition") ?? "", /^attachment\b/);
      assert.match(answer.headers.get("content-security-policy") ?? "", SANDBOX);
      assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
    });
  }

  it("serves plain JSON inline, still under the sandbox CSP", async () => {
    const sha256 = await stored(stack, brand, jsonDocument("plain json"));
    const answer = await get(documentUrl(stack, brandAddress, sha256));
    assert.equal(answer.headers.get("content-disposition"), null);
    assert.match(answer.headers.get("content-security-policy") ?? "", SANDBOX);
  });

  it("stores a malformed Content-Type as application/octet-stream", async () => {
    for (const contentType of ["html", "text/html<script>", 'text/html; charset="utf-8']) {
      const sha256 = await stored(stack, brand, `<b>sniff me as ${contentType}</b>`, { contentType });
      const answer = await get(documentUrl(stack, brandAddress, sha256));
      assert.equal(answer.headers.get("content-type"), "application/octet-stream", contentType);
      assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
    }
  });
});

describe("GET /api/vault/documents/{owner}/{sha256}/meta", () => {
  it("describes a public document to anyone", async () => {
    const bytes = jsonDocument("described publicly");
    const sha256 = await stored(stack, brand, bytes);
    const answer = await get(documentUrl(stack, brandAddress, sha256, "/meta"));
    assert.equal(answer.status, 200);
    const meta = answer.json() as Record<string, unknown>;
    assert.deepEqual(
      { ...meta, createdAt: typeof meta.createdAt },
      {
        owner: brandAddress.toLowerCase(),
        sha256,
        size: bytes.length,
        contentType: "application/json",
        visibility: "public",
        scope: null,
        createdAt: "string",
      },
    );
    assert.ok(Math.abs(Date.parse(meta.createdAt as string) - Date.now()) < 60_000);
  });

  it("describes a restricted document only to those who may read it: 401 anonymous, 404 stranger, 200 owner", async () => {
    const scope = accessScope("dataset", null, "meta-test");
    const sha256 = await stored(stack, brand, jsonDocument("described privately"), { visibility: "restricted", scope });
    const url = documentUrl(stack, brandAddress, sha256, "/meta");
    assert.equal((await get(url)).status, 401);
    const stranger404 = await get(url, stranger.cookieHeaders());
    const missing404 = await get(documentUrl(stack, brandAddress, "e".repeat(64), "/meta"), stranger.cookieHeaders());
    assert.equal(stranger404.status, 404);
    assert.equal(stranger404.text, missing404.text);
    const owner = await get(url, brand.cookieHeaders());
    assert.equal(owner.status, 200);
    assert.equal(owner.headers.get("cache-control"), "private, no-store");
    assert.deepEqual((owner.json() as { visibility: string; scope: string }).scope, scope);
  });

  it("is 404 for a document that does not exist (to a signed-in caller)", async () => {
    const answer = await get(documentUrl(stack, brandAddress, "f".repeat(64), "/meta"), brand.cookieHeaders());
    assert.equal(answer.status, 404);
    assert.equal(errorCode(answer.text), "not_found");
  });
});

interface Listed {
  sha256: string;
  visibility: string;
  size: number;
}

async function listPage(
  who: SignedIn,
  owner: string,
  query = "",
): Promise<{ status: number; documents: Listed[]; next: string | null; text: string }> {
  const answer = await get(`${stack.origin}/api/vault/documents?owner=${owner}${query}`, who.cookieHeaders());
  if (answer.status !== 200) return { status: answer.status, documents: [], next: null, text: answer.text };
  const body = answer.json() as { documents: Listed[]; next: string | null };
  return { status: 200, ...body, text: answer.text };
}

async function listAll(who: SignedIn, owner: string, limit = 1000): Promise<Listed[]> {
  const all: Listed[] = [];
  let after: string | null = null;
  do {
    const page = await listPage(
      who,
      owner,
      `&limit=${limit}${after === null ? "" : `&after=${encodeURIComponent(after)}`}`,
    );
    assert.equal(page.status, 200, page.text);
    all.push(...page.documents);
    after = page.next;
  } while (after !== null);
  return all;
}

describe("GET /api/vault/documents?owner=", () => {
  let logistics: SignedIn;
  const uploaded: string[] = [];
  before(async () => {
    logistics = await signIn(stack, stack.seed.companies.logistics.address);
    for (let i = 0; i < 7; i++) {
      uploaded.push(
        await stored(
          stack,
          logistics,
          jsonDocument(`logistics document ${i}`),
          i % 2 === 0 ? {} : { visibility: "restricted", scope: accessScope("serials") },
        ),
      );
    }
  });

  it("lists the owner's documents newest first, a page at a time, following next to the end", async () => {
    const owner = stack.seed.companies.logistics.address;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await listPage(
        logistics,
        owner,
        `&limit=3${after === null ? "" : `&after=${encodeURIComponent(after)}`}`,
      );
      assert.equal(page.status, 200, page.text);
      assert.ok(page.documents.length <= 3);
      seen.push(...page.documents.map((d) => d.sha256));
      after = page.next;
      pages++;
    } while (after !== null && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...uploaded].reverse());
  });

  it("lists them to an operator of the owner holding ACCESS", async () => {
    const listed = await listAll(accessOperator, brandAddress);
    assert.ok(listed.length > 5);
    assert.deepEqual(
      listed.map((d) => d.sha256),
      (await listAll(brand, brandAddress)).map((d) => d.sha256),
    );
  });

  it("refuses the owner's operator without ACCESS, another company and a stranger (403), and anyone not signed in (401)", async () => {
    for (const who of [operator, retailer, stranger]) {
      const page = await listPage(who, brandAddress);
      assert.equal(page.status, 403, who.address);
    }
    assert.equal((await get(`${stack.origin}/api/vault/documents?owner=${brandAddress}`)).status, 401);
  });

  it("answers 400 to a missing owner, a bad limit or a forged cursor", async () => {
    assert.equal((await get(`${stack.origin}/api/vault/documents`, brand.cookieHeaders())).status, 400);
    for (const limit of ["0", "1001", "ten", "1.5"]) {
      assert.equal((await listPage(brand, brandAddress, `&limit=${limit}`)).status, 400, limit);
    }
    assert.equal((await listPage(brand, brandAddress, "&after=not-a-cursor")).status, 400);
  });
});

describe("DELETE /api/vault/documents/{owner}/{sha256}", () => {
  const del = (who: SignedIn | null, owner: string, sha256: string) =>
    fetch(documentUrl(stack, owner, sha256), { method: "DELETE", headers: who?.cookieHeaders() ?? {} });

  it("deletes a restricted document for its owner (204); afterwards it is gone for everyone", async () => {
    const scope = accessScope("dataset", null, "to delete");
    const sha256 = await stored(stack, brand, jsonDocument("deleted soon"), { visibility: "restricted", scope });
    assert.equal((await get(documentUrl(stack, brandAddress, sha256), brand.cookieHeaders())).status, 200);
    const response = await del(brand, brandAddress, sha256);
    assert.equal(response.status, 204);
    assert.equal((await get(documentUrl(stack, brandAddress, sha256), brand.cookieHeaders())).status, 404);
    assert.ok(!(await listAll(brand, brandAddress)).some((d) => d.sha256 === sha256));
    assert.equal((await del(brand, brandAddress, sha256)).status, 404);
  });

  it("lets an operator holding ACCESS delete, but not one without it (403)", async () => {
    const scope = accessScope("dataset", null, "to delete by operators");
    const sha256 = await stored(stack, brand, jsonDocument("deleted by an operator"), {
      visibility: "restricted",
      scope,
    });
    assert.equal((await del(operator, brandAddress, sha256)).status, 403);
    assert.equal((await del(accessOperator, brandAddress, sha256)).status, 204);
  });

  it("keeps public documents (409): claims point at them", async () => {
    const sha256 = await stored(stack, brand, jsonDocument("a public document stays"));
    const response = await del(brand, brandAddress, sha256);
    assert.equal(response.status, 409);
    assert.equal(errorCode(await response.text()), "conflict");
    assert.equal((await get(documentUrl(stack, brandAddress, sha256))).status, 200);
  });

  it("refuses anyone else (403) and anyone not signed in (401), leaving the document", async () => {
    const scope = accessScope("dataset", null, "not theirs to delete");
    const sha256 = await stored(stack, brand, jsonDocument("not theirs"), { visibility: "restricted", scope });
    assert.equal((await del(stranger, brandAddress, sha256)).status, 403);
    assert.equal((await del(retailer, brandAddress, sha256)).status, 403);
    assert.equal((await del(null, brandAddress, sha256)).status, 401);
    assert.equal((await get(documentUrl(stack, brandAddress, sha256), brand.cookieHeaders())).status, 200);
  });
});

describe("reading with x-access-hint (this vault has no subgraph to find constellation grants)", () => {
  it("lets a member of a constellation that holds a grant name it, and the chain confirm it (200)", async () => {
    const coffee = stack.seed.constellations[0]!;
    const grant = stack.seed.claims.grants.find((g) => g.kind === "constellation")!;
    const sha256 = await stored(stack, brand, jsonDocument("the single origin's journey"), {
      visibility: "restricted",
      scope: grant.scope as Hex,
    });
    const supplier = await signIn(stack, stack.seed.companies.supplier.address);
    const url = documentUrl(stack, brandAddress, sha256);
    for (const hint of [`constellation:${coffee.id}`, `grant:${grant.id}`]) {
      const answer = await get(url, supplier.cookieHeaders({ "x-access-hint": hint }));
      assert.equal(answer.status, 200, hint);
    }
  });

  it("does not let a hint open what the hinted grant does not cover (404), and refuses a malformed hint (400)", async () => {
    const coffee = stack.seed.constellations[0]!;
    const otherScope = accessScope("dataset", null, "not granted to the constellation");
    const sha256 = await stored(stack, brand, jsonDocument("outside the grant"), {
      visibility: "restricted",
      scope: otherScope,
    });
    const supplier = await signIn(stack, stack.seed.companies.supplier.address);
    const grant = constellationGrant(brandAddress, accessScope("epcis", stack.seed.products.batch.product), coffee.id);
    for (const hint of [`constellation:${coffee.id}`, `grant:${grantId(grant)}`, `constellation:${coffee.id + 5n}`]) {
      const answer = await get(
        documentUrl(stack, brandAddress, sha256),
        supplier.cookieHeaders({ "x-access-hint": hint }),
      );
      assert.equal(answer.status, 404, hint);
    }
    const malformed = await get(
      documentUrl(stack, brandAddress, sha256),
      supplier.cookieHeaders({ "x-access-hint": "please" }),
    );
    assert.equal(malformed.status, 400);
  });
});

describe("GET /api/vault/openapi.json", () => {
  /** `METHOD /path` of every route handler in app/src/app/api, as the OpenAPI description writes paths. */
  function implementedOperations(dir = path.join(APP_DIR, "src", "app", "api"), prefix = "/api"): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.isDirectory()) {
        return implementedOperations(
          path.join(dir, entry.name),
          `${prefix}/${entry.name.replace(/^\[(\w+)\]$/, "{$1}")}`,
        );
      }
      if (entry.name !== "route.ts") return [];
      const source = readFileSync(path.join(dir, entry.name), "utf8");
      return [...source.matchAll(/^export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/gm)].map(
        (m) => `${m[1]} ${prefix}`,
      );
    });
  }
  /** Not part of the vault's API: the description itself, and figures exposed to benchmarks only on request. */
  const UNDOCUMENTED = new Set(["GET /api/vault/openapi.json", "GET /api/vault/stats"]);

  it("describes, as OpenAPI 3.1, exactly the operations the app implements", async () => {
    const answer = await get(`${stack.origin}/api/vault/openapi.json`);
    assert.equal(answer.status, 200);
    const document = answer.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(document.openapi, /^3\.1\./);
    const documented = Object.entries(document.paths).flatMap(([route, item]) =>
      Object.keys(item)
        .filter((k) => ["get", "post", "put", "patch", "delete"].includes(k))
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    const implemented = implementedOperations().filter((op) => !UNDOCUMENTED.has(op));
    assert.ok(implemented.length >= 12, implemented.join(", "));
    assert.deepEqual(documented.sort(), implemented.sort());
  });
});
