/**
 * Uploaded documents never run in the app's origin, checked in a real Chromium against the production build.
 *
 * The brand (signed in over SIWE) uploads hostile documents, each once public and once restricted: HTML with an inline
 * script and an onload handler, HTML with an <img onerror>, SVG with <script> and onload, XHTML, XML and an `+xml`
 * type with an XHTML <script>, HTML bytes declared text/plain, application/octet-stream and bogus types, and a
 * JavaScript file. Every script in them, if it ran, would leave a marker through every channel it has: a binding
 * Playwright exposes to every frame, the console, the app origin's localStorage and document.cookie, a
 * fetch('/api/auth/session?marker=...') carrying the brand's session cookie, and postMessage to its parent or opener.
 *
 * Chromium, holding the brand's session cookie, then opens each document directly, embeds each in an <iframe>,
 * <object>, <embed> and <img> on a page of the app's origin, and opens each with window.open from that page. After
 * every phase: no marker on any channel, nothing in the app origin's storage, every document that rendered at all did so
 * in an opaque origin (the CSP sandbox), and every document was really served (200), so the checks are not vacuous.
 *
 * A control first proves the detectors and the payloads work: the same bytes served without the vault's headers by a
 * server of the test's own do run, and a script that does run in the app's origin trips every channel.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import type { BrowserContext, Page } from "playwright-core";
import type { Address, Hex } from "viem";

import { launchChromium, locateChromium } from "../../support/chromium.ts";
import type { LaunchedChromium } from "../../support/chromium.ts";
import { signIn, startVaultStack } from "../../support/stack.ts";
import type { SignedIn, VaultStack } from "../../support/stack.ts";

const MARK = "vaultxss";
const SESSION_COOKIE = "constellate-vault-session";
const DOCUMENT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const SCOPE = `0x${"5c".repeat(32)}` as Hex;

// ---------------------------------------------------------------------------------------------------------------------
// The hostile documents
// ---------------------------------------------------------------------------------------------------------------------

/** What a payload's script does when it runs: leave `marker` on every channel it can reach. */
function script(marker: string): string {
  return [
    `(function(){var m=${JSON.stringify(marker)},w=m+" at "+location.href+" origin "+self.origin;`,
    `try{console.log("${MARK}-ran "+w)}catch(e){}`,
    `try{window.__${MARK}(w)}catch(e){}`,
    `try{localStorage.setItem(m,w)}catch(e){}`,
    `try{document.cookie=m+"=1; path=/"}catch(e){}`,
    `try{fetch("/api/auth/session?marker="+m).catch(function(){})}catch(e){}`,
    `try{if(parent!==self)parent.postMessage(w,"*")}catch(e){}`,
    `try{if(opener)opener.postMessage(w,"*")}catch(e){}`,
    `})();`,
  ].join("\n");
}

/** The same, as an event handler attribute (no quotes or ampersands to escape). */
function handler(marker: string): string {
  return `eval(atob('${Buffer.from(script(marker)).toString("base64")}'))`;
}

type Mark = (vector: string) => string;

const HTML_WITH_SCRIPT = (m: Mark) =>
  `<!doctype html><html><head><title>claim</title><script>${script(m("script"))}</script></head>` +
  `<body onload="${handler(m("onload"))}"><h1>A claim document</h1></body></html>`;
const XHTML_WITH_SCRIPT = (m: Mark) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>claim</title></head>` +
  `<body><p>An XML document</p><script><![CDATA[${script(m("script"))}]]></script></body></html>`;

interface Kind {
  name: string;
  /** The Content-Type the upload declares. */
  contentType: string;
  /** The Content-Type the vault stores and serves. */
  servedAs: string;
  /** Served as an attachment, so a top-level navigation downloads it. */
  attachment: boolean;
  /** The Content-Type under which the control server proves the bytes would run. */
  runsAs: string;
  /** Whether Chromium runs the payload when served as `runsAs` with no protection (the control's expectation). */
  runsUnprotected: boolean;
  body: (m: Mark) => string;
}

type KindSource = Pick<Kind, "name" | "contentType" | "body"> &
  Partial<Pick<Kind, "servedAs" | "runsAs" | "runsUnprotected" | "attachment">>;

const KINDS: Kind[] = (
  [
    { name: "html-script", contentType: "text/html", body: HTML_WITH_SCRIPT },
    {
      name: "html-img-onerror",
      contentType: "text/html; charset=utf-8",
      body: (m: Mark) => `<!doctype html><p>A photo</p><img src="missing.png" onerror="${handler(m("onerror"))}">`,
    },
    {
      name: "svg",
      contentType: "image/svg+xml",
      body: (m: Mark) =>
        `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="${handler(m("onload"))}">` +
        `<script><![CDATA[${script(m("script"))}]]></script><rect width="40" height="40" fill="teal"/></svg>`,
    },
    { name: "xhtml", contentType: "application/xhtml+xml", body: XHTML_WITH_SCRIPT },
    { name: "xml", contentType: "text/xml", body: XHTML_WITH_SCRIPT },
    { name: "application-xml", contentType: "application/xml", body: XHTML_WITH_SCRIPT },
    // Chromium shows feeds as text/plain even unprotected; other browsers render any application/*+xml as XML.
    { name: "atom-xml", contentType: "application/atom+xml", runsUnprotected: false, body: XHTML_WITH_SCRIPT },
    { name: "text-plain", contentType: "text/plain", runsAs: "text/html", body: HTML_WITH_SCRIPT },
    { name: "octet-stream", contentType: "application/octet-stream", runsAs: "text/html", body: HTML_WITH_SCRIPT },
    {
      name: "bogus-malformed",
      contentType: "text/html, text/plain",
      servedAs: "application/octet-stream",
      runsAs: "text/html",
      body: HTML_WITH_SCRIPT,
    },
    { name: "bogus-unknown", contentType: "application/x-bogus", runsAs: "text/html", body: HTML_WITH_SCRIPT },
    { name: "bogus-text", contentType: "text/x-bogus", runsAs: "text/html", body: HTML_WITH_SCRIPT },
    {
      name: "javascript",
      contentType: "text/javascript",
      servedAs: "application/octet-stream",
      attachment: true,
      body: (m: Mark) => script(m("js")),
    },
    { name: "js-as-text", contentType: "text/plain", runsAs: "text/javascript", body: (m: Mark) => script(m("js")) },
  ] satisfies KindSource[] as KindSource[]
).map((k) => {
  const servedAs = k.servedAs ?? k.contentType;
  return {
    ...k,
    servedAs,
    attachment:
      k.attachment ??
      /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|application\/[a-z0-9.-]+\+xml|text\/javascript)/.test(
        servedAs,
      ),
    runsAs: k.runsAs ?? k.contentType,
    runsUnprotected: k.runsUnprotected ?? true,
  };
});

type Visibility = "public" | "restricted";

interface Doc {
  kind: Kind;
  visibility: Visibility;
  /** The marker prefix of this document's scripts (each vector appends `_<vector>`). */
  marker: string;
  bytes: Uint8Array;
  sha256: string;
  url: string;
  /** The path under which the control server serves the same bytes. */
  controlPath: string;
}

function isScript(contentType: string): boolean {
  return /^text\/javascript/.test(contentType);
}

/** Chromium renders these inline as plain text (or not at all); everything else it downloads. */
const INERT_INLINE = new Set(["text/plain", "text/x-bogus"]);

// ---------------------------------------------------------------------------------------------------------------------
// What the browser shows us
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Every channel a running payload could use, watched for a whole browser context: the exposed binding (from any frame,
 * any origin, whatever the CSP), the console, any request whose URL carries the marker (the fetch to
 * /api/auth/session), and messages posted to any page (forwarded through the binding by an init script).
 */
class Watch {
  readonly hits: string[] = [];
  /** Every response for a vault document URL, with its status and headers, by phase. */
  readonly responses: { phase: string; url: string; status: number; headers: Record<string, string> }[] = [];
  phase = "setup";

  readonly context: BrowserContext;

  constructor(context: BrowserContext) {
    this.context = context;
  }

  async install(): Promise<void> {
    await this.context.exposeBinding(`__${MARK}`, (source, what: unknown) => {
      this.hits.push(`[${this.phase}] binding from ${source.frame.url()}: ${String(what)}`);
    });
    await this.context.addInitScript(
      `addEventListener("message", function (e) { var d = String(e.data); if (d.indexOf("${MARK}") >= 0) ` +
        `{ try { window.__${MARK}("message to " + location.href + ": " + d); } catch (x) {} } });`,
    );
    this.context.on("console", (message) => {
      if (message.text().includes(MARK)) this.hits.push(`[${this.phase}] console: ${message.text()}`);
    });
    this.context.on("request", (request) => {
      if (request.url().includes(MARK)) this.hits.push(`[${this.phase}] request: ${request.method()} ${request.url()}`);
    });
    this.context.on("response", (response) => {
      if (response.url().includes("/api/vault/documents/")) {
        this.responses.push({
          phase: this.phase,
          url: response.url(),
          status: response.status(),
          headers: response.headers(),
        });
      }
    });
  }
}

/** Markers left in an origin's localStorage and readable cookies, read from `page` (which is on that origin). */
async function storageMarkers(page: Page): Promise<string[]> {
  return await page.evaluate((mark) => {
    const found: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.includes(mark) || (localStorage.getItem(key) ?? "").includes(mark)) found.push(`localStorage ${key}`);
    }
    if (document.cookie.includes(mark)) found.push(`document.cookie ${document.cookie}`);
    return found;
  }, MARK);
}

async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------------------------------
// The control server: the same bytes with none of the vault's headers
// ---------------------------------------------------------------------------------------------------------------------

async function startControlServer(docs: Doc[]): Promise<{ origin: string; close(): Promise<void> }> {
  const byPath = new Map(docs.map((d) => [d.controlPath, d]));
  const server: Server = createServer((request, response) => {
    const doc = byPath.get(new URL(request.url ?? "/", "http://x").pathname);
    if (doc === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": doc.kind.runsAs, "cache-control": "no-store" }).end(doc.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------------------------------

const chromiumAt = await locateChromium();

describe("uploaded documents in Chromium", { skip: chromiumAt.skip ?? false }, () => {
  let stack: VaultStack;
  let brand: SignedIn;
  let brandAddress: Address;
  const docs: Doc[] = [];
  let browser: LaunchedChromium | undefined;
  let watch: Watch;
  /** A page of the app's own origin (its home page), kept open to read its storage. */
  let home: Page;

  before(async () => {
    stack = await startVaultStack({ name: "vault-browser" });
    brandAddress = stack.seed.companies.brand.address as Address;
    brand = await signIn(stack, brandAddress);
    for (const kind of KINDS) {
      for (const visibility of ["public", "restricted"] as const) {
        const marker = `${MARK}_${kind.name}_${visibility}`;
        const bytes = new TextEncoder().encode(kind.body((vector) => `${marker}_${vector}`));
        const response = await fetch(`${stack.origin}/api/vault/documents`, {
          method: "POST",
          headers: {
            ...brand.cookieHeaders(),
            "content-type": kind.contentType,
            "x-content-sha256": await sha256(bytes),
            "x-visibility": visibility,
            ...(visibility === "restricted" ? { "x-scope": SCOPE } : {}),
          },
          body: bytes,
        });
        const text = await response.text();
        assert.equal(response.status, 201, `upload of ${kind.name} (${visibility}): ${text}`);
        const { sha256: hash } = JSON.parse(text) as { sha256: string };
        docs.push({
          kind,
          visibility,
          marker,
          bytes,
          sha256: hash,
          url: `${stack.origin}/api/vault/documents/${brandAddress.toLowerCase()}/${hash}`,
          controlPath: `/control/${kind.name}/${visibility}`,
        });
      }
    }

    browser = await launchChromium(chromiumAt.executablePath!);
    watch = new Watch(browser.context);
    await watch.install();
    // The brand's session, as its browser would hold it after signing in: a payload that ran would act as the brand.
    await browser.context.addCookies([
      {
        name: SESSION_COOKIE,
        value: brand.cookie.slice(SESSION_COOKIE.length + 1),
        url: stack.origin,
        httpOnly: true,
        sameSite: "Lax",
      },
    ]);
    home = await browser.context.newPage();
    await home.goto(`${stack.origin}/`);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** No marker on any channel, none in the app origin's storage or cookies, none in the server's output. */
  async function assertNothingRan(phase: string): Promise<void> {
    await settle(300);
    assert.deepEqual(watch.hits, [], `${phase}: a document's script ran`);
    assert.deepEqual(await storageMarkers(home), [], `${phase}: the app origin's storage holds a marker`);
    const cookies = (await browser!.context.cookies()).filter((c) => c.name.includes(MARK) || c.value.includes(MARK));
    assert.deepEqual(cookies, [], `${phase}: a marker cookie was set`);
    assert.doesNotMatch(stack.serverOutput(), new RegExp(MARK), `${phase}: the server saw a marker`);
  }

  /** Every document was answered with 200 in `phase` (so the browser really had the bytes) and nothing else. */
  function assertServed(phase: string, expected: Doc[] = docs): void {
    const seen = watch.responses.filter((r) => r.phase === phase);
    for (const doc of expected) {
      const mine = seen.filter((r) => r.url === doc.url);
      assert.ok(mine.length > 0, `${phase}: ${doc.kind.name} (${doc.visibility}) was never requested`);
      for (const r of mine) {
        assert.ok(
          r.status === 200 || r.status === 304,
          `${phase}: ${doc.kind.name} (${doc.visibility}) got ${r.status}`,
        );
      }
    }
  }

  it("control: the same bytes run when served without the vault's headers, and a script in the app origin trips every detector", async () => {
    // A browser of its own, so that nothing the control leaves behind is seen by the real checks.
    const controlBrowser = await launchChromium(chromiumAt.executablePath!);
    const control = await startControlServer(docs);
    try {
      const controlWatch = new Watch(controlBrowser.context);
      await controlWatch.install();
      controlWatch.phase = "control";
      const page = await controlBrowser.context.newPage();
      await page.goto(`${stack.origin}/`);

      // Every payload is live: framed from the control server (no CSP, no nosniff, rendered), each one runs.
      await page.evaluate(
        (urls) =>
          Promise.all(
            urls.map(
              (url) =>
                new Promise<void>((resolve) => {
                  const frame = document.createElement("iframe");
                  frame.onload = () => resolve();
                  setTimeout(resolve, 5000);
                  frame.src = url;
                  document.body.append(frame);
                }),
            ),
          ),
        docs.filter((d) => !isScript(d.kind.runsAs)).map((d) => control.origin + d.controlPath),
      );
      // The scripts run when a page includes them.
      await page.evaluate(
        (urls) =>
          Promise.all(
            urls.map(
              (url) =>
                new Promise<void>((resolve) => {
                  const s = document.createElement("script");
                  s.onload = s.onerror = () => resolve();
                  s.src = url;
                  document.head.append(s);
                }),
            ),
          ),
        docs.filter((d) => isScript(d.kind.runsAs)).map((d) => control.origin + d.controlPath),
      );
      await settle(500);
      for (const doc of docs.filter((d) => d.kind.runsUnprotected)) {
        assert.ok(
          controlWatch.hits.some((h) => h.includes(`binding from`) && h.includes(`${doc.marker}_`)),
          `the ${doc.kind.name} payload (${doc.visibility}) did not run even without the vault's headers:\n` +
            controlWatch.hits.join("\n"),
        );
      }

      // In the app's origin (an iframe with srcdoc inherits it), a payload trips every channel the real checks watch.
      controlWatch.hits.length = 0;
      const marker = `${MARK}_control_app-origin`;
      await page.evaluate(
        (html) => {
          const frame = document.createElement("iframe");
          frame.srcdoc = html;
          document.body.append(frame);
        },
        HTML_WITH_SCRIPT((vector) => `${marker}_${vector}`),
      );
      await settle(1000);
      const hits = controlWatch.hits.join("\n");
      assert.match(
        hits,
        new RegExp(`binding from about:srcdoc: ${marker}_script at about:srcdoc origin ${stack.origin}`),
      );
      assert.match(hits, new RegExp(`console: ${MARK}-ran ${marker}_script`));
      assert.match(hits, new RegExp(`request: GET ${stack.origin}/api/auth/session\\?marker=${marker}_script`));
      assert.match(hits, new RegExp(`message to ${stack.origin}/: ${marker}_script`));
      const stored = await storageMarkers(page);
      assert.ok(
        stored.some((s) => s.startsWith(`localStorage ${marker}_script`)),
        stored.join("\n"),
      );
      assert.ok(
        stored.some((s) => s.startsWith("document.cookie")),
        stored.join("\n"),
      );
    } finally {
      await control.close();
      await controlBrowser.close();
    }
  });

  it("serves every document byte-identical with nosniff, the sandbox CSP, and attachment for types a browser runs", async () => {
    for (const doc of docs) {
      const label = `${doc.kind.name} (${doc.visibility})`;
      const response = await fetch(doc.url, { headers: doc.visibility === "restricted" ? brand.cookieHeaders() : {} });
      assert.equal(response.status, 200, label);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), doc.bytes, label);
      const h = response.headers;
      assert.equal(h.get("content-type"), doc.kind.servedAs, label);
      assert.equal(h.get("x-content-type-options"), "nosniff", label);
      assert.equal(h.get("content-security-policy"), DOCUMENT_CSP, label);
      assert.equal(h.get("etag"), `"${doc.sha256}"`, label);
      assert.equal(
        h.get("content-disposition"),
        doc.kind.attachment ? `attachment; filename="${doc.sha256}"` : null,
        label,
      );
      if (doc.visibility === "public") {
        assert.equal(h.get("cache-control"), "public, max-age=31536000, immutable", label);
        assert.equal(h.get("access-control-allow-origin"), "*", label);
      } else {
        assert.equal(h.get("cache-control"), "private, no-store", label);
        // Without the session, a restricted document is not served at all.
        assert.equal((await fetch(doc.url)).status, 401, label);
      }
    }
  });

  it("opened directly, each document downloads or shows as inert text in an opaque origin; nothing runs", async (t) => {
    watch.phase = "direct";
    const outcomes = await Promise.all(
      docs.map(async (doc) => {
        const page = await browser!.context.newPage();
        try {
          const download = page.waitForEvent("download", { timeout: 10_000 }).catch(() => null);
          const response = await page.goto(doc.url).catch(() => null);
          if (response === null) {
            const file = await download;
            assert.ok(file !== null, `${doc.kind.name} (${doc.visibility}): neither rendered nor downloaded`);
            assert.equal(file.url(), doc.url);
            return { doc, outcome: "download" as const };
          }
          // Rendered: in an opaque origin (the sandbox), as text, with none of its markup turned into elements.
          const seen = await page.evaluate(() => ({
            origin: self.origin,
            contentType: document.contentType,
            elements: document.querySelectorAll("script, img, svg, iframe, object, embed, h1").length,
            text: document.body?.innerText ?? "",
          }));
          assert.equal(seen.origin, "null", `${doc.kind.name} (${doc.visibility}) rendered in a real origin`);
          assert.equal(seen.elements, 0, `${doc.kind.name} (${doc.visibility}) rendered markup`);
          assert.ok(INERT_INLINE.has(seen.contentType), `${doc.kind.name} rendered as ${seen.contentType}`);
          assert.equal(seen.text.trim(), new TextDecoder().decode(doc.bytes).trim());
          return { doc, outcome: "inert text" as const };
        } finally {
          await settle(200);
          await page.close();
        }
      }),
    );
    t.diagnostic(
      `direct: ${outcomes.filter((o) => o.outcome === "download").length} downloads, ` +
        `${outcomes.filter((o) => o.outcome === "inert text").length} shown as text in an opaque origin`,
    );
    for (const { doc, outcome } of outcomes) {
      const expected = doc.kind.attachment || !INERT_INLINE.has(doc.kind.servedAs) ? "download" : "inert text";
      assert.equal(outcome, expected, `${doc.kind.name} (${doc.visibility})`);
    }
    await assertNothingRan("direct");
    assertServed("direct");
    // The headers as the browser received them.
    for (const r of watch.responses.filter((x) => x.phase === "direct" && x.status === 200)) {
      assert.equal(r.headers["x-content-type-options"], "nosniff", r.url);
      assert.equal(r.headers["content-security-policy"], DOCUMENT_CSP, r.url);
    }
  });

  it("embedded in an <iframe>, <object>, <embed> and <img> on a page of the app's origin, nothing runs", async (t) => {
    watch.phase = "embedded";
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${stack.origin}/`);
      const events = await page.evaluate(
        (urls) =>
          Promise.all(
            urls.flatMap((url) =>
              (["iframe", "object", "embed", "img"] as const).map(
                (tag) =>
                  new Promise<string>((resolve) => {
                    const element = document.createElement(tag);
                    element.addEventListener("load", () => resolve(`${tag} load`));
                    element.addEventListener("error", () => resolve(`${tag} error`));
                    setTimeout(() => resolve(`${tag} timeout`), 4000);
                    if (tag === "object") (element as HTMLObjectElement).data = url;
                    else (element as HTMLIFrameElement | HTMLEmbedElement | HTMLImageElement).src = url;
                    element.setAttribute("width", "200");
                    element.setAttribute("height", "100");
                    document.body.append(element);
                  }),
              ),
            ),
          ),
        docs.map((d) => d.url),
      );
      assert.equal(events.length, docs.length * 4);
      await settle(500);
      // Whatever rendered as a nested document did so sandboxed: an opaque origin, never the app's.
      let nested = 0;
      for (const frame of page.frames()) {
        if (!frame.url().includes("/api/vault/documents/")) continue;
        nested++;
        const origin = await frame.evaluate(() => self.origin).catch((e: unknown) => `unreadable: ${String(e)}`);
        assert.equal(origin, "null", `a framed document (${frame.url()}) ran in origin ${origin}`);
      }
      assert.ok(nested > 0, "no document rendered in a frame: the check above would be vacuous");
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e, (counts.get(e) ?? 0) + 1);
      t.diagnostic(
        `embedded: ${nested} nested documents, all in an opaque origin; events: ` +
          [...counts].map(([e, n]) => `${e} x${n}`).join(", "),
      );
      // The SVG drawn as an image is an image, nothing more.
      for (const doc of docs.filter((d) => d.kind.name === "svg")) {
        const width = await page.evaluate(
          (url) => [...document.images].find((i) => i.src === url)?.naturalWidth ?? -1,
          doc.url,
        );
        assert.equal(width, 40, `the SVG (${doc.visibility}) did not render as an image`);
      }
      await assertNothingRan("embedded");
      assertServed("embedded");
    } finally {
      await page.close();
    }
  });

  it("opened with window.open from a page of the app's origin, nothing runs", async (t) => {
    watch.phase = "window.open";
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${stack.origin}/`);
      let rendered = 0;
      for (const doc of docs) {
        const popup = page.waitForEvent("popup", { timeout: 5000 });
        await page.evaluate((url) => void window.open(url, "_blank"), doc.url);
        const opened = await popup;
        await opened.waitForLoadState("load", { timeout: 3000 }).catch(() => {});
        await settle(150);
        if (!opened.isClosed() && opened.url().includes("/api/vault/documents/")) {
          const origin = await opened.evaluate(() => self.origin).catch((e: unknown) => `unreadable: ${String(e)}`);
          assert.equal(origin, "null", `${doc.kind.name} (${doc.visibility}) opened in origin ${origin}`);
          rendered++;
        }
        if (!opened.isClosed()) await opened.close();
      }
      t.diagnostic(
        `window.open: ${docs.length} popups, ${rendered} rendered (in an opaque origin), the rest downloaded`,
      );
      await assertNothingRan("window.open");
      assertServed("window.open");
    } finally {
      await page.close();
    }
  });

  it("included as <script src> by a page of the app's origin, no document runs, not even one declared JavaScript", async () => {
    watch.phase = "script-src";
    // <script src> ignores Content-Disposition: the vault refuses (403) every request whose Sec-Fetch-Dest is a script,
    // and serves stored scripts as application/octet-stream, which nosniff keeps from running.
    const included = docs;
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${stack.origin}/`);
      const events = await page.evaluate(
        (urls) =>
          Promise.all(
            urls.map(
              (url) =>
                new Promise<string>((resolve) => {
                  const element = document.createElement("script");
                  element.onload = () => resolve(`load ${url}`);
                  element.onerror = () => resolve(`error ${url}`);
                  element.src = url;
                  document.head.append(element);
                }),
            ),
          ),
        included.map((d) => d.url),
      );
      assert.deepEqual(
        events.filter((e) => !e.startsWith("error")),
        [],
        "a document was accepted as a script",
      );
      await assertNothingRan("script-src");
      const scripts = watch.responses.filter((r) => r.phase === "script-src" && included.some((d) => d.url === r.url));
      assert.ok(scripts.length >= included.length, "every document was asked for as a script");
      // The vault refuses a script request (403); an answer Chromium still holds in its cache from an earlier phase
      // is never of a script type (scripts go out as application/octet-stream), so nosniff refuses it too.
      for (const r of scripts) {
        assert.ok(
          r.status === 403 || !/javascript|ecmascript/i.test(r.headers["content-type"] ?? ""),
          `${r.url} was served as a script (${r.status}, ${r.headers["content-type"]})`,
        );
      }
      assert.ok(
        scripts.some((r) => r.status === 403),
        "the vault itself refused the script requests that reached it",
      );
    } finally {
      await page.close();
    }
  });

  it("leaves the app origin's storage, cookies and session untouched after everything", async () => {
    watch.phase = "end";
    await home.reload();
    assert.deepEqual(await storageMarkers(home), []);
    const cookies = await browser!.context.cookies(stack.origin);
    assert.deepEqual(
      cookies.map((c) => c.name),
      [SESSION_COOKIE],
      "the only cookie of the app origin is the session the test set",
    );
    assert.deepEqual(watch.hits, []);
  });
});

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Buffer.from(digest).toString("hex");
}
