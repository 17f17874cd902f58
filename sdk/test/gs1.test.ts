import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";

import { zeroAddress } from "viem";

import {
  GS1_CSET82,
  Gs1Error,
  batchId,
  buildDigitalLink,
  checkKeyText,
  companyPrefixCandidates,
  encodeKeyText,
  gtin14FromValue,
  gtinCheckDigit,
  gtinValue,
  isValidGtin,
  isValidKeyText,
  itemId,
  normalizeGtin,
  parseDigitalLink,
  prefixOf,
  prefixSubject,
  productId,
  restrictedRange,
} from "../src/gs1.ts";
import type { Gs1ErrorCode } from "../src/gs1.ts";

// GS1's own libraries, as independent references (CommonJS, untyped).
interface DigitalLinkInstance {
  isValid(): boolean;
  isCheckDigitValid(): boolean;
}
const require = createRequire(import.meta.url);
const { DigitalLink } = require("digital-link.js") as { DigitalLink: (uri: string) => DigitalLinkInstance };
const gs1CheckDigit = require("@ollah666/checkdigitcalculator") as (body: string) => number | null;

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function digits(rand: () => number, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += Math.floor(rand() * 10);
  return out;
}

function complete(body: string): string {
  return `${body}${gtinCheckDigit(body)}`;
}

function throwsGs1(fn: () => unknown, code: Gs1ErrorCode, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof Gs1Error, `expected a Gs1Error, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

describe("GTIN check digits", () => {
  it("accept known-good GTINs of every length", () => {
    for (const gtin of ["96385074", "036000291452", "012345678905", "4006381333931", "5901234123457"]) {
      assert.equal(gtinCheckDigit(gtin.slice(0, -1)), Number(gtin.at(-1)), gtin);
      assert.equal(normalizeGtin(gtin), gtin.padStart(14, "0"));
      assert.equal(gtinValue(gtin), BigInt(gtin));
    }
    // GTIN-14s: the GTIN-13 above behind packaging indicators 1 and 5.
    assert.equal(normalizeGtin("14006381333938"), "14006381333938");
    assert.equal(normalizeGtin("54006381333936"), "54006381333936");
  });

  it("agree with GS1's check-digit calculator and digital-link.js on 500 random bodies per length", () => {
    const rand = random(20250101);
    for (const length of [8, 12, 13, 14]) {
      for (let i = 0; i < 500; i++) {
        const body = digits(rand, length - 1);
        const check = gtinCheckDigit(body);
        assert.equal(check, gs1CheckDigit(body), body);
        const good = `${body}${check}`;
        const wrong = `${body}${(check + 1 + Math.floor(rand() * 9)) % 10}`;
        assert.equal(DigitalLink(`https://id.gs1.org/01/${good}`).isValid(), true, good);
        assert.equal(DigitalLink(`https://id.gs1.org/01/${wrong}`).isValid(), false, wrong);
        // The sdk refuses a wrong check digit, and accepts the right one unless the GTIN is restricted.
        throwsGs1(() => normalizeGtin(wrong), "checkDigit");
        if (restrictedRange(good) === undefined) assert.equal(normalizeGtin(good), good.padStart(14, "0"));
        else throwsGs1(() => normalizeGtin(good), "restricted");
      }
    }
  });

  it("say what the check digit should be", () => {
    throwsGs1(() => normalizeGtin("4006381333932"), "checkDigit", /check digit should be 1, not 2/);
    throwsGs1(() => normalizeGtin("96385075"), "checkDigit", /should be 4, not 5/);
  });

  it("refuse other lengths and non-digits, as the contract does", () => {
    for (const bad of ["", "1234567", "123456789", "12345678901", "123456789012345", "0".repeat(32)]) {
      throwsGs1(() => normalizeGtin(bad), "length", /8, 12, 13 or 14 digits/);
    }
    throwsGs1(() => normalizeGtin("400638133393A"), "digits", /"A" at position 13/);
    throwsGs1(() => normalizeGtin("400638 333931"), "digits", /a space at position 7/);
    throwsGs1(() => normalizeGtin("-4006381333931"), "digits");
    throwsGs1(() => normalizeGtin("４００６３８１３３３９３１"), "length"); // full-width digits: 39 UTF-8 bytes
    throwsGs1(() => normalizeGtin("400638133393é"), "digits"); // 14 UTF-8 bytes
    throwsGs1(() => normalizeGtin(" 4006381333931"), "digits"); // no trimming: the contract would refuse it
    assert.equal(isValidGtin("4006381333931"), true);
    assert.equal(isValidGtin("4006381333932"), false);
    throwsGs1(() => gtinCheckDigit("123"), "length");
    throwsGs1(() => gtinCheckDigit("40063813339x"), "digits");
  });

  it("convert between GTIN-14 values and strings", () => {
    assert.equal(gtinValue(4006381333931n), 4006381333931n);
    assert.equal(gtin14FromValue(96385074n), "00000096385074");
    throwsGs1(() => gtinValue(10n ** 14n), "length");
    throwsGs1(() => gtinValue(-1n), "length");
    throwsGs1(() => gtinValue(4006381333932n), "checkDigit");
  });
});

describe("GS1 restricted ranges (the contract's Gs1.checkUnrestricted)", () => {
  /** A GTIN-13 starting with `prefix3`, non-zero digits after it so it never reads as a GTIN-8. */
  const gtin13 = (prefix3: string) => complete(`${prefix3}123456789`);

  it("refuse exactly the GTIN-13 prefixes 020-029, 040-049, 200-299 and 977-999", () => {
    for (let p = 0; p < 1000; p++) {
      const prefix3 = String(p).padStart(3, "0");
      const gtin = gtin13(prefix3);
      const expected = (p >= 20 && p <= 29) || (p >= 40 && p <= 49) || (p >= 200 && p <= 299) || p >= 977;
      assert.equal(restrictedRange(gtin) !== undefined, expected, gtin);
      assert.equal(isValidGtin(gtin), !expected, gtin);
    }
    assert.match(restrictedRange(gtin13("978"))!, /ISBN/);
    assert.match(restrictedRange(gtin13("977"))!, /ISSN/);
    assert.match(restrictedRange(gtin13("980"))!, /refund/);
    assert.match(restrictedRange(gtin13("990"))!, /coupon/);
    assert.match(restrictedRange(gtin13("210"))!, /variable-measure/);
    throwsGs1(() => normalizeGtin(gtin13("025")), "restricted", /020-029/);
  });

  it("read the prefix after the indicator digit of a GTIN-14, and a GTIN-12 as a GTIN-13 starting with 0", () => {
    assert.notEqual(restrictedRange(complete("1978123456789")), undefined);
    assert.notEqual(restrictedRange(complete("9200123456789")), undefined);
    assert.equal(restrictedRange(complete("1400638133393")), undefined);
    assert.notEqual(restrictedRange(complete("21234567890")), undefined); // UPC 2: GTIN-13 prefix 021
    assert.notEqual(restrictedRange(complete("41234567890")), undefined); // UPC 4: GTIN-13 prefix 041
    assert.equal(restrictedRange(complete("31234567890")), undefined); // UPC 3: GTIN-13 prefix 031
  });

  it("refuse GTIN-8s starting with 0 or 2, at every length they may be written in", () => {
    for (let first = 0; first <= 9; first++) {
      const gtin8 = complete(`${first}123456`);
      const restricted = first === 0 || first === 2;
      for (const written of [gtin8, gtin8.padStart(12, "0"), gtin8.padStart(13, "0"), gtin8.padStart(14, "0")]) {
        assert.equal(restrictedRange(written) !== undefined, restricted, written);
      }
      assert.equal(restrictedRange(`1${gtin8.padStart(13, "0")}`) !== undefined, restricted);
    }
    assert.match(restrictedRange(complete("0123456"))!, /GTIN-8s starting with 0/);
    // "00000" after the indicator means a GTIN-8 even when the GTIN-13 prefix would be 000.
    assert.equal(restrictedRange(complete("0000098765432")), undefined);
  });
});

describe("lot and serial text (GS1's 82-character set)", () => {
  it("is exactly the 82 characters the contract allows", () => {
    assert.equal(GS1_CSET82.length, 82);
    for (let code = 0; code < 256; code++) {
      const c = String.fromCharCode(code);
      const allowed = /[A-Za-z0-9_]/.test(c) || `!"%&'()*+,-./:;<=>?`.includes(c) || (code >= 0x30 && code <= 0x39);
      assert.equal(isValidKeyText(10, c), allowed, `code ${code}`);
      assert.equal(isValidKeyText(21, c), allowed, `code ${code}`);
    }
    assert.equal(isValidKeyText(21, GS1_CSET82.slice(0, 20)), true);
  });

  it("refuses empty text, 21 characters, spaces and anything outside the set", () => {
    throwsGs1(() => checkKeyText(10, ""), "text", /lot \(AI 10\) is empty/);
    assert.equal(isValidKeyText(21, "A".repeat(20)), true);
    throwsGs1(() => checkKeyText(21, "A".repeat(21)), "text", /21 characters; GS1 allows at most 20/);
    throwsGs1(() => checkKeyText(21, "SN 1"), "text", /a space at position 3/);
    throwsGs1(() => checkKeyText(10, "café"), "text", /"é" at position 4/);
    throwsGs1(() => checkKeyText(10, "LOT#1"), "text", /"#"/);
    throwsGs1(() => checkKeyText(10, "a~b"), "text");
    throwsGs1(() => checkKeyText(10, "a\tb"), "text", /control character U\+0009/);
    throwsGs1(() => checkKeyText(21, "😀"), "text");
    throwsGs1(() => checkKeyText(21, "Ａ"), "text"); // full-width A
  });
});

describe("GS1 Digital Link", () => {
  const GTIN = "4006381333931";
  const GTIN14 = "04006381333931";

  it("builds /01/{gtin14}[/22/{cpv}][/10/{lot}][/21/{serial}]", () => {
    assert.equal(buildDigitalLink({ gtin: GTIN }), `https://id.gs1.org/01/${GTIN14}`);
    assert.equal(
      buildDigitalLink({ gtin: GTIN, serial: "S1", lot: "L1", cpv: "V1" }),
      `https://id.gs1.org/01/${GTIN14}/22/V1/10/L1/21/S1`,
    );
    assert.equal(
      buildDigitalLink({ gtin: "96385074", lot: "A/B" }, "https://resolver.example.com/dl/"),
      "https://resolver.example.com/dl/01/00000096385074/10/A%2FB",
    );
    assert.equal(
      encodeKeyText(GS1_CSET82.replace(/[A-Za-z0-9]/g, "")),
      "%21%22%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F_",
    );
    throwsGs1(() => buildDigitalLink({ gtin: GTIN, lot: "" }), "text");
    throwsGs1(() => buildDigitalLink({ gtin: GTIN, serial: "A B" }), "text");
    throwsGs1(() => buildDigitalLink({ gtin: "4006381333932" }), "checkDigit");
    throwsGs1(() => buildDigitalLink({ gtin: GTIN }, "ftp://example.com"), "digitalLink");
    throwsGs1(() => buildDigitalLink({ gtin: GTIN }, "https://example.com/?q=1"), "digitalLink");
    // "." and ".." are valid lots for the contract, but URL parsers drop such path segments.
    throwsGs1(() => buildDigitalLink({ gtin: GTIN, lot: ".." }), "digitalLink", /cannot appear in a URI path/);
    assert.equal(buildDigitalLink({ gtin: GTIN, lot: "..." }), `https://id.gs1.org/01/${GTIN14}/10/...`);
  });

  it("builds links digital-link.js validates, for random lots, serials and CPVs of the 82-character set", () => {
    const rand = random(7);
    // '"' is left out: digital-link.js (like GS1's published ABNF) wants it raw, see the next test.
    const charset = GS1_CSET82.replace('"', "");
    const text = () => {
      let out = "";
      const length = 1 + Math.floor(rand() * 20);
      for (let i = 0; i < length; i++) out += charset[Math.floor(rand() * charset.length)];
      return out === "." || out === ".." ? "x" : out;
    };
    for (let i = 0; i < 150; i++) {
      const gtin = complete(`${1 + Math.floor(rand() * 8)}${digits(rand, 11)}`.replace(/^(2|4)/, "5"));
      if (!isValidGtin(gtin)) continue;
      const keys = {
        gtin,
        lot: text(),
        serial: rand() < 0.7 ? text() : undefined,
        cpv: rand() < 0.2 ? text() : undefined,
      };
      const uri = buildDigitalLink(keys);
      assert.equal(DigitalLink(uri).isValid(), true, uri);
      const parsed = parseDigitalLink(uri);
      assert.deepEqual(
        { gtin: parsed.gtin, lot: parsed.lot, serial: parsed.serial, cpv: parsed.cpv },
        { ...keys, gtin: gtin.padStart(14, "0") },
      );
      assert.equal(parsed.canonical, uri);
    }
    for (const c of charset) {
      const uri = buildDigitalLink({ gtin: GTIN, lot: `L${c}`, serial: `${c}S` }, "https://example.com/a/b");
      assert.equal(DigitalLink(uri).isValid(), true, uri);
    }
  });

  it("percent-encodes '\"' as RFC 3986 requires, which digital-link.js's grammar does not accept", () => {
    const uri = buildDigitalLink({ gtin: GTIN, lot: 'A"B' });
    assert.equal(uri, `https://id.gs1.org/01/${GTIN14}/10/A%22B`);
    assert.equal(DigitalLink(uri).isValid(), false); // its ABNF has DoubleQuote = '"' (raw)
    assert.equal(DigitalLink(`https://id.gs1.org/01/${GTIN14}/10/A"B`).isValid(), true);
    // The sdk reads both.
    assert.equal(parseDigitalLink(uri).lot, 'A"B');
    assert.equal(parseDigitalLink(`/01/${GTIN14}/10/A"B`).lot, 'A"B');
  });

  it("parses every GTIN length in the path, and GTIN-14 out", () => {
    for (const gtin of ["96385074", "036000291452", GTIN, "14006381333938"]) {
      const path = `/01/${gtin}/21/X1`;
      assert.equal(DigitalLink(`https://id.gs1.org${path}`).isValid(), true, path);
      const parsed = parseDigitalLink(path);
      assert.equal(parsed.gtin, gtin.padStart(14, "0"));
      assert.equal(parsed.serial, "X1");
      assert.equal(parsed.base, "");
    }
    assert.equal(parseDigitalLink(`01/${GTIN}`).gtin, GTIN14);
    assert.equal(parseDigitalLink(`/01/${GTIN}/`).gtin, GTIN14);
  });

  it("decodes each segment exactly once", () => {
    const parse = (lot: string) => parseDigitalLink(`https://id.gs1.org/01/${GTIN14}/10/${lot}`).lot;
    assert.equal(parse("A%2FB"), "A/B");
    assert.equal(parse("A%2fB"), "A/B");
    assert.equal(parse("100%25"), "100%");
    assert.equal(parse("%2541"), "%41"); // not decoded twice
    assert.equal(parse("A%3FB"), "A?B");
    assert.equal(parse("A+B"), "A+B");
    assert.equal(parse("A%2BB"), "A+B");
    assert.equal(parse("A!B"), "A!B");
    throwsGs1(() => parse("A%23B"), "text", /"#"/); // '#' is outside GS1's set
    throwsGs1(() => parse("A%20B"), "text", /a space/);
    throwsGs1(() => parse("caf%C3%A9"), "text", /"é"/);
    throwsGs1(() => parse("café"), "text", /"é"/);
    throwsGs1(() => parse("A%ZZ"), "digitalLink", /not valid percent-encoding/);
    throwsGs1(() => parse("A%E9"), "digitalLink"); // not UTF-8
    throwsGs1(() => parse("A".repeat(21)), "text");
    throwsGs1(() => parse("%41".repeat(21)), "text", /21 characters/);
  });

  it("keeps query and fragment out of the keys", () => {
    const parsed = parseDigitalLink(
      `https://id.gs1.org/01/${GTIN14}/10/L%3F1/21/S1?17=251231&linkType=gs1%3Apip#section`,
    );
    assert.equal(parsed.lot, "L?1");
    assert.equal(parsed.serial, "S1");
    assert.equal(parsed.query.get("17"), "251231");
    assert.equal(parsed.query.get("linkType"), "gs1:pip");
    assert.equal(parsed.base, "https://id.gs1.org");
    assert.equal(parsed.canonical, `https://id.gs1.org/01/${GTIN14}/10/L%3F1/21/S1`);
  });

  it("accepts a resolver's own domain and base path before /01/", () => {
    const uri = `https://brand.example.com/products/dl/01/${GTIN}/22/BLUE/10/L1/21/S%2F1`;
    assert.equal(DigitalLink(uri).isValid(), true);
    const parsed = parseDigitalLink(uri);
    assert.equal(parsed.base, "https://brand.example.com/products/dl");
    assert.deepEqual([parsed.gtin, parsed.cpv, parsed.lot, parsed.serial], [GTIN14, "BLUE", "L1", "S/1"]);
    assert.equal(parseDigitalLink(`http://localhost:8080/01/${GTIN}`).base, "http://localhost:8080");
  });

  it("refuses qualifiers out of order, repeated or unknown, and bad GTINs", () => {
    const at = (path: string) => () => parseDigitalLink(`https://id.gs1.org${path}`);
    throwsGs1(at(`/01/${GTIN14}/21/S1/10/L1`), "digitalLink", /comes after AI 21/);
    throwsGs1(at(`/01/${GTIN14}/10/L1/22/V1`), "digitalLink", /comes after AI 10/);
    throwsGs1(at(`/01/${GTIN14}/10/L1/10/L2`), "digitalLink", /appears twice/);
    throwsGs1(at(`/01/${GTIN14}/17/251231`), "digitalLink", /AI "17" cannot qualify/);
    throwsGs1(at(`/01/${GTIN14}/lot/L1`), "digitalLink", /write \/10\/ instead of \/lot\//);
    throwsGs1(at(`/gtin/${GTIN14}`), "digitalLink", /numeric AIs/);
    throwsGs1(at(`/00/340123450000000000`), "digitalLink", /no \/01\/\{gtin\}/);
    throwsGs1(at(`/01/${GTIN14}/10`), "digitalLink", /has no value/);
    throwsGs1(at(`/01/${GTIN14}/10//21/S`), "digitalLink", /has no value/);
    throwsGs1(at(`/01/`), "digitalLink", /GTIN is missing/);
    throwsGs1(at(`/01/4006381333932`), "checkDigit");
    throwsGs1(at(`/01/400638133393`), "checkDigit");
    throwsGs1(at(`/01/40063813339`), "length");
    throwsGs1(at(`/01/2000000000008`), "restricted");
    throwsGs1(() => parseDigitalLink(`urn:epc:id:sgtin:4006381.033393.1`), "digitalLink", /http\(s\) URI/);
    assert.equal(DigitalLink(`https://id.gs1.org/01/${GTIN14}/21/S1/10/L1`).isValid(), false);
    // digital-link.js reads the qualifiers into a map, so a repeated one silently replaces the first: it calls this
    // valid (with lot L2), where GS1's grammar allows each qualifier once.
    assert.equal(DigitalLink(`https://id.gs1.org/01/${GTIN14}/10/L1/10/L2`).isValid(), true);
  });
});

describe("GS1 Company Prefixes", () => {
  it("are the digits after the indicator, as the contract hands them to Accreditations", () => {
    assert.equal(prefixOf("4006381333931", 7), "4006381");
    assert.equal(prefixOf("14006381333938", 4), "4006");
    assert.equal(prefixOf("036000291452", 7), "0036000"); // U.P.C. prefix 036000 is GS1 Company Prefix 0036000
    assert.equal(prefixOf("96385074", 12), "000009638507");
    const candidates = companyPrefixCandidates("4006381333931");
    assert.deepEqual(
      candidates.map((c) => c.length),
      [4, 5, 6, 7, 8, 9, 10, 11, 12],
    );
    assert.equal(candidates[3]!.prefix, "4006381");
    assert.equal(candidates[3]!.subject, prefixSubject("4006381"));
    throwsGs1(() => prefixOf("4006381333931", 3), "prefix");
    throwsGs1(() => prefixOf("4006381333931", 13), "prefix");
  });

  it("are stored as left-aligned ASCII", () => {
    assert.equal(prefixSubject("0614141"), `0x${"30363134313431"}${"0".repeat(50)}`);
    for (const bad of ["123", "1234567890123", "12a4", "", " 1234"]) throwsGs1(() => prefixSubject(bad), "prefix");
  });
});

describe("ids", () => {
  const GTIN = "4006381333931";
  const other = "0x00000000000000000000000000000000000000a1";

  it("put the brand namespace at the zero address and every GTIN form at the same id", () => {
    assert.equal(productId(null, GTIN), productId(zeroAddress, GTIN));
    assert.equal(productId(null, GTIN), productId(null, `0${GTIN}`));
    assert.equal(productId(null, GTIN), productId(null, 4006381333931n));
    assert.notEqual(productId(null, GTIN), productId(other, GTIN));
    assert.equal(productId(other, GTIN), productId(other.toUpperCase().replace("0X", "0x"), GTIN));
    throwsGs1(() => productId(null, "4006381333932"), "checkDigit");
    assert.throws(() => productId("0x1234", GTIN), TypeError);
  });

  it("keep a lot and a serial with the same text apart", () => {
    const product = productId(null, GTIN);
    assert.notEqual(batchId(product, "A1"), itemId(product, "A1"));
    assert.match(batchId(product, "A1"), /^0x[0-9a-f]{64}$/);
    throwsGs1(() => batchId(product, ""), "text");
    throwsGs1(() => itemId(product, "A".repeat(21)), "text");
    assert.throws(() => batchId("0x1234", "A1"), TypeError);
  });
});
