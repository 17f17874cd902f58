/**
 * Pure helpers of the console's product and journey pages: GTIN checks in words, product roles and business steps in
 * words, locations, times and quantities of journey events, and the reading of CSV files (serial lists and journey
 * imports). No React, no network: the pages call these as the user types, and the unit tests call them directly.
 */
import {
  BUSINESS_STEPS,
  checkKeyText,
  Gs1Error,
  gtinCheckDigit,
  normalizeGtin,
  parseSerialList,
  ProductRole,
  restrictedRange,
} from "@constellate/sdk";
import type { SerialListIssue } from "@constellate/sdk";

// ---------------------------------------------------------------------------------------------------------------------
// GTINs
// ---------------------------------------------------------------------------------------------------------------------

export type GtinCheck =
  | { ok: true; gtin14: string }
  | { ok: false; code: "empty" | "length" | "digits" | "checkDigit" | "restricted"; problem: string };

/**
 * What the contract will say about GTIN `input`, in words, as the user types: the GTIN-14 it becomes, or why it is
 * refused (wrong length or characters, the wrong check digit with the expected one, a restricted range by name).
 */
export function checkGtin(input: string): GtinCheck {
  if (input === "") return { ok: false, code: "empty", problem: "Enter the GTIN: 8, 12, 13 or 14 digits." };
  try {
    return { ok: true, gtin14: normalizeGtin(input) };
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    if (error.code === "checkDigit") {
      const expected = gtinCheckDigit(input.padStart(14, "0").slice(0, 13));
      return {
        ok: false,
        code: "checkDigit",
        problem:
          `Wrong check digit: the last digit of ${input} should be ${expected}, not ${input.slice(-1)} ` +
          `(the GTIN would be ${input.slice(0, -1)}${expected}). Check the number printed under the barcode.`,
      };
    }
    if (error.code === "restricted") {
      const range = restrictedRange(input) ?? "a restricted range";
      return {
        ok: false,
        code: "restricted",
        problem:
          `This number lies in ${range}. Such numbers (in-store, coupon, refund, ISSN/ISBN or restricted ` +
          `circulation numbers) never identify a trade item worldwide, so they cannot be registered.`,
      };
    }
    if (error.code === "digits") return { ok: false, code: "digits", problem: error.message };
    return { ok: false, code: "length", problem: error.message };
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Product roles and business steps
// ---------------------------------------------------------------------------------------------------------------------

/** The product-actor roles, with what each may do, in words. */
export const PRODUCT_ROLES = [
  {
    bit: ProductRole.SUPPLIER,
    name: "SUPPLIER",
    label: "Supplier",
    description: "makes or packs it: commissioning, assembling, packing, shipping, receiving…",
  },
  {
    bit: ProductRole.LOGISTICS,
    name: "LOGISTICS",
    label: "Logistics",
    description: "moves and stores it: loading, transporting, arriving, unloading, storing, shipping…",
  },
  {
    bit: ProductRole.RETAILER,
    name: "RETAILER",
    label: "Retailer",
    description: "sells it: receiving, stocking, retail selling, dispensing…",
  },
  {
    bit: ProductRole.AUDITOR,
    name: "AUDITOR",
    label: "Auditor",
    description: "checks it: inspecting, sampling, holding, sensor reporting",
  },
] as const;

/** Product-role names of a mask, e.g. "Supplier and Retailer"; "no role" for zero. */
export function productRoleNames(mask: number): string {
  const names = PRODUCT_ROLES.filter((r) => (mask & r.bit) !== 0).map((r) => r.label);
  if (names.length === 0) return "no role";
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

const STEP_LABELS: Record<string, string> = {
  creating_class_instance: "Creating class instance",
  entering_exiting: "Entering or exiting",
  retail_selling: "Retail selling",
  void_shipping: "Void shipping (cancelling a shipment)",
  other: "Other (owner only)",
};

/** A CBV business step in words: "retail_selling" → "Retail selling". */
export function stepLabel(name: string): string {
  const known = STEP_LABELS[name];
  if (known !== undefined) return known;
  const spaced = name.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The business step numbered `step` (1 to 41), or undefined. */
export function stepByNumber(step: number): (typeof BUSINESS_STEPS)[number] | undefined {
  return BUSINESS_STEPS.find((s) => s.step === step);
}

/**
 * A business step as a person or a spreadsheet writes it: its CBV name ("shipping", "Retail selling", "retail-selling"),
 * its CBV URI, or its number 1 to 41. Undefined when it is none of the 41.
 */
export function parseStep(text: string): (typeof BUSINESS_STEPS)[number] | undefined {
  const trimmed = text.trim();
  if (/^[0-9]{1,2}$/.test(trimmed)) return stepByNumber(Number(trimmed));
  const bare = trimmed
    .replace(/^https:\/\/ref\.gs1\.org\/cbv\/BizStep-/, "")
    .replace(/^urn:epcglobal:cbv:bizstep:/, "")
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return BUSINESS_STEPS.find(
    (s) =>
      s.name === bare ||
      stepLabel(s.name)
        .toLowerCase()
        .replace(/[\s-]+/g, "_") === bare,
  );
}

/**
 * Whether a company holding product roles `held` may record `step` (the owner may record every step): the contract's
 * rule (JourneySteps.rolesFor). Returns the reason in words when it may not.
 */
export function stepRefusal(step: number, isOwner: boolean, held: number): string | undefined {
  const found = stepByNumber(step);
  if (found === undefined) return `There is no business step ${step} (they are numbered 1 to 41).`;
  if (isOwner) return undefined;
  if ((found.roles & held) !== 0) return undefined;
  if (found.roles === 0) return `"${stepLabel(found.name)}" is for the product's owner only.`;
  return (
    `"${stepLabel(found.name)}" takes the ${productRoleNames(found.roles)} role on this product; ` +
    `the owner designated you as ${productRoleNames(held)}.`
  );
}

/** CBV 2.0 dispositions (the state of the objects after the event). */
export const DISPOSITIONS = [
  "active",
  "available",
  "completeness_inferred",
  "completeness_verified",
  "conformant",
  "container_closed",
  "container_open",
  "damaged",
  "destroyed",
  "dispensed",
  "disposed",
  "encoded",
  "expired",
  "in_progress",
  "in_transit",
  "inactive",
  "mismatch_instance",
  "mismatch_class",
  "mismatch_quantity",
  "needs_replacement",
  "no_pedigree_match",
  "non_conformant",
  "non_sellable_other",
  "partially_dispensed",
  "recalled",
  "reserved",
  "retail_sold",
  "returned",
  "sellable_accessible",
  "sellable_not_accessible",
  "stolen",
  "unavailable",
  "unknown",
] as const;

/** A disposition in words: "sellable_accessible" → "Sellable accessible". */
export function dispositionLabel(name: string): string {
  const spaced = name.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** CBV 2.0 error reasons of an EPCIS error declaration. */
export const ERROR_REASONS = [
  { value: "incorrect_data", label: "Incorrect data (the event happened, but something in it was wrong)" },
  { value: "did_not_occur", label: "Did not occur (the event never happened)" },
] as const;

/** Common UN/CEFACT Recommendation 20 units of measure, for quantities. */
export const UNITS = [
  { code: "H87", label: "pieces (H87)" },
  { code: "KGM", label: "kilograms (KGM)" },
  { code: "TNE", label: "tonnes (TNE)" },
  { code: "GRM", label: "grams (GRM)" },
  { code: "LTR", label: "litres (LTR)" },
  { code: "MTR", label: "metres (MTR)" },
  { code: "MTK", label: "square metres (MTK)" },
  { code: "MTQ", label: "cubic metres (MTQ)" },
  { code: "XBX", label: "boxes (XBX)" },
  { code: "XPX", label: "pallets (XPX)" },
] as const;

// ---------------------------------------------------------------------------------------------------------------------
// Locations, times, quantities
// ---------------------------------------------------------------------------------------------------------------------

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

export type LocationCheck = { ok: true; id: string | undefined; kind: string } | { ok: false; problem: string };

/**
 * A journey event's location as the user gives it: empty (none), a GLN (13 digits, check digit verified), an SGLN URN
 * (urn:epc:id:sgln:...) or GS1 Digital Link (https://id.gs1.org/414/...), any other URI, or a free-text id of the
 * company's own, which becomes a private URI under the company's address
 * (`urn:constellate:location:<company>:<text>`, percent-encoded).
 */
export function checkLocation(input: string, company: string): LocationCheck {
  const text = input.trim();
  if (text === "") return { ok: true, id: undefined, kind: "none" };
  if (/^[0-9]+$/.test(text)) {
    if (text.length !== 13) {
      return { ok: false, problem: `A GLN has 13 digits; ${text} has ${text.length}.` };
    }
    const expected = gtinCheckDigit(text.slice(0, 12));
    if (Number(text[12]) !== expected) {
      return {
        ok: false,
        problem: `Wrong check digit in GLN ${text}: the last digit should be ${expected}, not ${text[12]}.`,
      };
    }
    return { ok: true, id: `https://id.gs1.org/414/${text}`, kind: "GLN" };
  }
  if (/^urn:epc:id:sgln:/i.test(text)) {
    if (!/^urn:epc:id:sgln:[0-9]+\.[0-9]*\.[^\s]+$/.test(text)) {
      return {
        ok: false,
        problem: `An SGLN URN reads urn:epc:id:sgln:<company prefix>.<location reference>.<extension>; ${text} does not.`,
      };
    }
    return { ok: true, id: text, kind: "SGLN" };
  }
  if (URI.test(text) && !/^[0-9]/.test(text)) return { ok: true, id: text, kind: "URI" };
  if (text.length > 100) return { ok: false, problem: "A free-text location id has at most 100 characters." };
  return {
    ok: true,
    id: `urn:constellate:location:${company.toLowerCase()}:${encodeURIComponent(text)}`,
    kind: "your own id",
  };
}

/** The local time zone offset of `date` as EPCIS writes it ("+02:00"). */
export function timeZoneOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** `date` as the value of an `<input type="datetime-local" step="1">` (local time, to the second). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** How far ahead of the block time the contract accepts an event time (Products.MAX_CLOCK_SKEW). */
export const MAX_CLOCK_SKEW_SECONDS = 15 * 60;

export type TimeCheck = { ok: true; date: Date; iso: string; offset: string } | { ok: false; problem: string };

/**
 * An event time from an `<input type="datetime-local">` (local time) or from a file (ISO 8601 with "Z" or an offset;
 * `requireOffset` asks for one, since a file's local time is ambiguous). Refused when later than `now` plus the
 * contract's allowed clock skew, or before 1970.
 */
export function checkEventTime(input: string, now: Date, options: { requireOffset?: boolean } = {}): TimeCheck {
  const text = input.trim();
  if (text === "") return { ok: false, problem: "Give the time the event happened." };
  const written = /(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (options.requireOffset === true && written === null) {
    return {
      ok: false,
      problem: `Time "${text}" has no time zone: write it as 2026-03-01T14:30:00Z or 2026-03-01T14:30:00+01:00.`,
    };
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i.test(text)) {
    return { ok: false, problem: `"${text}" is not a date and time such as 2026-03-01T14:30:00Z.` };
  }
  const date = new Date(text.replace(" ", "T"));
  if (Number.isNaN(date.getTime())) return { ok: false, problem: `"${text}" is not a valid date and time.` };
  if (date.getTime() <= 0) return { ok: false, problem: "The event time must be after 1 January 1970." };
  if (date.getTime() > now.getTime() + MAX_CLOCK_SKEW_SECONDS * 1000) {
    return {
      ok: false,
      problem: `The event time ${date.toISOString()} is in the future: the contract accepts times up to 15 minutes ahead of now.`,
    };
  }
  let offset: string;
  if (written === null) offset = timeZoneOffset(date);
  else offset = written[1]!.toUpperCase() === "Z" ? "+00:00" : written[1]!;
  return { ok: true, date, iso: date.toISOString(), offset };
}

export type QuantityCheck =
  { ok: true; quantity: { value: number; uom?: string } | undefined } | { ok: false; problem: string };

/** A quantity and unit (UN/CEFACT Rec. 20 code; empty: a count) for a product or a batch. */
export function checkQuantity(value: string, unit: string): QuantityCheck {
  const v = value.trim();
  const u = unit.trim().toUpperCase();
  if (v === "") {
    if (u !== "") return { ok: false, problem: `A unit (${u}) needs a quantity.` };
    return { ok: true, quantity: undefined };
  }
  if (!/^[0-9]+(\.[0-9]+)?$/.test(v)) {
    return { ok: false, problem: `Quantity "${v}" is not a number of zero or more (use a dot for decimals).` };
  }
  const number = Number(v);
  if (!Number.isFinite(number)) return { ok: false, problem: `Quantity "${v}" is too large.` };
  if (u === "") {
    if (!Number.isInteger(number)) {
      return { ok: false, problem: `Quantity ${v} without a unit is a count, so a whole number; or give a unit.` };
    }
    return { ok: true, quantity: { value: number } };
  }
  if (!/^[A-Z0-9]{2,3}$/.test(u)) {
    return {
      ok: false,
      problem: `Unit "${unit.trim()}" is not a UN/CEFACT Rec. 20 code (2-3 capitals or digits, e.g. KGM, H87).`,
    };
  }
  return { ok: true, quantity: { value: number, uom: u } };
}

/** A lot (AI 10) or serial (AI 21) in words: undefined when valid. */
export function keyTextProblem(kind: "lot" | "serial", text: string): string | undefined {
  try {
    checkKeyText(kind === "lot" ? 10 : 21, text);
    return undefined;
  } catch (error) {
    if (error instanceof Gs1Error) {
      const message = error.message;
      return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? "" : ".");
    }
    throw error;
  }
}

/** A metadata URI as the console accepts it: empty, or an https/ipfs URI of at most 512 bytes. */
export function metadataUriProblem(uri: string): string | undefined {
  if (uri === "") return undefined;
  const bytes = new TextEncoder().encode(uri).length;
  if (bytes > 512) return `The contract takes metadata URIs of at most 512 bytes; this one has ${bytes}.`;
  if (!/^(https:\/\/|ipfs:\/\/)[^\s]+$/.test(uri)) {
    return "Give an https:// or ipfs:// URI, without spaces (leave it empty for none).";
  }
  return undefined;
}

/** A SHA-256 given as 64 hex digits (with or without 0x) as bytes32, or the problem. */
export function checkSha256(
  text: string,
): { ok: true; hash: `0x${string}` | undefined } | { ok: false; problem: string } {
  const t = text.trim();
  if (t === "") return { ok: true, hash: undefined };
  const hex = t.replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    return { ok: false, problem: "A SHA-256 is 64 hexadecimal digits (optionally after 0x)." };
  }
  return { ok: true, hash: `0x${hex.toLowerCase()}` };
}

// ---------------------------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------------------------

/** One record of a CSV file, with its 1-based line number (where it starts). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Reads CSV (RFC 4180: fields separated by commas, or by semicolons or tabs when the first line has more of those;
 * double quotes around fields that hold separators, quotes or line breaks, "" for a quote). Empty lines are skipped.
 * Throws with the line number on an unterminated quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.split(/\r\n|\r|\n/, 1)[0] ?? "";
  const count = (c: string) => firstLine.split(c).length - 1;
  const separator = [",", ";", "\t"].reduce((best, c) => (count(c) > count(best) ? c : best), ",");
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  let quoteLine = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === "\n" || (c === "\r" && source[i + 1] !== "\n")) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === "") {
      quoted = true;
      quoteLine = line;
      field = "";
    } else if (c === separator) {
      fields.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error(`Line ${quoteLine}: a quoted field is never closed (a " is missing).`);
  endRecord();
  return records.map((r) => ({ line: r.line, fields: r.fields.map((f) => f.trim()) }));
}

// ---------------------------------------------------------------------------------------------------------------------
// Serial lists
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Serials from a pasted list or a file: with a header row naming a "serial" column among several (a CSV export with
 * GTIN, lot, serial ...), that column; otherwise the sdk's parseSerialList (one per line, or separated by commas,
 * semicolons or tabs; a "serial" header line skipped). Invalid and repeated serials are reported with their line.
 */
export function readSerials(text: string): { serials: string[]; issues: SerialListIssue[] } {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch {
    return parseSerialList(text);
  }
  const header = records[0]?.fields.map((f) => f.toLowerCase()) ?? [];
  const column = header.findIndex((h) => h === "serial" || h === "serials" || h === "serial number");
  if (header.length < 2 || column < 0) return parseSerialList(text);
  const serials: string[] = [];
  const issues: SerialListIssue[] = [];
  const seen = new Map<string, number>();
  for (const record of records.slice(1)) {
    const value = record.fields[column] ?? "";
    if (value === "") {
      issues.push({ line: record.line, value, message: "the serial column is empty" });
      continue;
    }
    const problem = keyTextProblem("serial", value);
    if (problem !== undefined) {
      issues.push({ line: record.line, value, message: problem });
      continue;
    }
    const first = seen.get(value);
    if (first !== undefined) {
      issues.push({ line: record.line, value, message: `serial ${JSON.stringify(value)} repeats line ${first}` });
      continue;
    }
    seen.set(value, record.line);
    serials.push(value);
  }
  return { serials, issues };
}

// ---------------------------------------------------------------------------------------------------------------------
// Journey imports
// ---------------------------------------------------------------------------------------------------------------------

/** The columns of a journey import, as documented on the page. */
export const JOURNEY_COLUMNS = [
  { name: "subject", required: true, description: "product, batch or item" },
  { name: "lot", required: false, description: "the lot, for a batch (and optionally for an item)" },
  { name: "serial", required: false, description: "the serial, for an item" },
  { name: "step", required: true, description: 'the CBV business step, e.g. "shipping" or "retail_selling"' },
  { name: "time", required: true, description: "ISO 8601 with a time zone, e.g. 2026-03-01T14:30:00+01:00" },
  { name: "location", required: false, description: "where it happened: a GLN, an SGLN URN, a URI or your own id" },
  { name: "quantity", required: false, description: "how much, for a product or a batch" },
  { name: "unit", required: false, description: "UN/CEFACT code of the quantity, e.g. KGM or H87 (empty: a count)" },
  { name: "disposition", required: false, description: 'the CBV disposition afterwards, e.g. "in_transit"' },
] as const;

export type SubjectKind = "product" | "batch" | "item";

/** One valid row of a journey import: what the record form would take. */
export interface JourneyRow {
  /** 1-based line of the file. */
  line: number;
  subject: SubjectKind;
  lot?: string;
  serial?: string;
  step: number;
  stepName: string;
  time: string;
  offset: string;
  location?: string;
  quantity?: { value: number; uom?: string };
  disposition?: string;
}

export interface RowProblem {
  line: number;
  message: string;
}

/** What a journey import's rows may be checked against: who records and when. */
export interface JourneyImportContext {
  /** The acting company (free-text locations become ids under it). */
  company: string;
  /** Whether it owns the product (the owner may record every step). */
  isOwner: boolean;
  /** Its live product roles when it is an actor. */
  roles: number;
  now: Date;
}

const SUBJECT_WORDS: Record<string, SubjectKind> = {
  product: "product",
  batch: "batch",
  lot: "batch",
  item: "item",
  serial: "item",
};

/**
 * Reads a journey import: a header row naming the columns (any order, any case; see {@link JOURNEY_COLUMNS}), then one
 * event per row. Every row is checked; problems come back with their line numbers, and valid rows as
 * {@link JourneyRow}s. Unknown columns are refused (a typo would otherwise lose data silently).
 */
export function parseJourneyCsv(
  text: string,
  context: JourneyImportContext,
): { rows: JourneyRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    return { rows: [], problems: [{ line: 1, message: (error as Error).message }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ line: 1, message: "The file is empty." }] };
  const header = records[0]!;
  const index = new Map<string, number>();
  const known = new Set<string>(JOURNEY_COLUMNS.map((c) => c.name));
  header.fields.forEach((raw, i) => {
    const name = raw.toLowerCase().replace(/[\s-]+/g, "_");
    if (!known.has(name)) {
      problems.push({
        line: header.line,
        message: `Unknown column "${raw}": the columns are ${JOURNEY_COLUMNS.map((c) => c.name).join(", ")}.`,
      });
    } else if (index.has(name)) {
      problems.push({ line: header.line, message: `Column "${name}" appears twice.` });
    } else {
      index.set(name, i);
    }
  });
  for (const column of JOURNEY_COLUMNS) {
    if (column.required && !index.has(column.name)) {
      problems.push({
        line: header.line,
        message: `The header has no "${column.name}" column (${column.description}).`,
      });
    }
  }
  if (problems.length > 0) return { rows: [], problems };
  if (records.length === 1) return { rows: [], problems: [{ line: header.line, message: "The file has no rows." }] };

  const rows: JourneyRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records.slice(1)) {
    const get = (name: string) => {
      const i = index.get(name);
      return i === undefined ? "" : (record.fields[i] ?? "");
    };
    const rowProblems: string[] = [];
    if (record.fields.length > header.fields.length) {
      rowProblems.push(`it has ${record.fields.length} fields; the header names ${header.fields.length}`);
    }
    const subjectText = get("subject").toLowerCase();
    const subject = SUBJECT_WORDS[subjectText];
    const lot = get("lot");
    const serial = get("serial");
    if (subject === undefined) {
      rowProblems.push(
        subjectText === ""
          ? "the subject is empty (product, batch or item)"
          : `subject "${get("subject")}" is not product, batch or item`,
      );
    } else if (subject === "product") {
      if (lot !== "" || serial !== "") rowProblems.push("an event on the product itself has no lot or serial");
    } else if (subject === "batch") {
      if (lot === "") rowProblems.push("a batch needs its lot");
      if (serial !== "") rowProblems.push("a batch has no serial (use subject item for an item)");
    } else if (serial === "") {
      rowProblems.push("an item needs its serial");
    }
    if (lot !== "") {
      const problem = keyTextProblem("lot", lot);
      if (problem !== undefined) rowProblems.push(lowerFirst(problem));
    }
    if (serial !== "") {
      const problem = keyTextProblem("serial", serial);
      if (problem !== undefined) rowProblems.push(lowerFirst(problem));
    }
    const stepText = get("step");
    const step = stepText === "" ? undefined : parseStep(stepText);
    if (stepText === "") rowProblems.push("the step is empty");
    else if (step === undefined) rowProblems.push(`"${stepText}" is not one of the 41 CBV business steps`);
    else {
      const refusal = stepRefusal(step.step, context.isOwner, context.roles);
      if (refusal !== undefined) rowProblems.push(lowerFirst(refusal));
    }
    const time = checkEventTime(get("time"), context.now, { requireOffset: true });
    if (!time.ok) rowProblems.push(lowerFirst(time.problem));
    const location = checkLocation(get("location"), context.company);
    if (!location.ok) rowProblems.push(lowerFirst(location.problem));
    const quantity = checkQuantity(get("quantity"), get("unit"));
    if (!quantity.ok) rowProblems.push(lowerFirst(quantity.problem));
    else if (subject === "item" && quantity.quantity !== undefined) {
      rowProblems.push("an item is one piece: leave quantity and unit empty");
    }
    const disposition = get("disposition")
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    if (disposition !== "" && !(DISPOSITIONS as readonly string[]).includes(disposition)) {
      rowProblems.push(`"${get("disposition")}" is not a CBV disposition (such as in_transit or sellable_accessible)`);
    }
    if (
      rowProblems.length > 0 ||
      subject === undefined ||
      step === undefined ||
      !time.ok ||
      !location.ok ||
      !quantity.ok
    ) {
      problems.push({ line: record.line, message: capitalise(rowProblems.join("; ")) + "." });
      continue;
    }
    const row: JourneyRow = {
      line: record.line,
      subject,
      step: step.step,
      stepName: step.name,
      time: time.iso,
      offset: time.offset,
    };
    if (lot !== "") row.lot = lot;
    if (serial !== "") row.serial = serial;
    if (location.id !== undefined) row.location = location.id;
    if (quantity.quantity !== undefined) row.quantity = quantity.quantity;
    if (disposition !== "") row.disposition = disposition;
    const key = JSON.stringify([
      row.subject,
      row.lot,
      row.serial,
      row.step,
      row.time,
      row.location,
      row.quantity,
      row.disposition,
    ]);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        line: record.line,
        message: `It repeats line ${first}: the same event would be recorded twice.`,
      });
      continue;
    }
    seen.set(key, record.line);
    rows.push(row);
  }
  return { rows, problems };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, "");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "rows 1-3", "row 2", "rows 2, 4 and 7": line numbers in words. */
export function describeLines(lines: readonly number[]): string {
  if (lines.length === 0) return "no rows";
  if (lines.length === 1) return `row ${lines[0]}`;
  const sorted = [...lines].sort((a, b) => a - b);
  const contiguous = sorted.every((n, i) => i === 0 || n === sorted[i - 1]! + 1);
  if (contiguous) return `rows ${sorted[0]}-${sorted.at(-1)}`;
  return `rows ${sorted.slice(0, -1).join(", ")} and ${sorted.at(-1)}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// The record form
// ---------------------------------------------------------------------------------------------------------------------

/** The record form's values, as typed. */
export interface EventDraft {
  subject: SubjectKind;
  lot: string;
  serial: string;
  /** The business step's number as text ("" before one is chosen). */
  step: string;
  /** An `<input type="datetime-local">` value (local time). */
  time: string;
  readPoint: string;
  bizLocation: string;
  quantity: string;
  unit: string;
  disposition: string;
}

export type DraftProblems = Partial<Record<keyof EventDraft, string>>;

/** What a valid draft becomes: the event's fields (sdk/epcis terms). */
export interface DraftEvent {
  subject: SubjectKind;
  lot?: string;
  serial?: string;
  step: number;
  stepName: string;
  time: string;
  offset: string;
  readPoint?: string;
  bizLocation?: string;
  quantity?: { value: number; uom?: string };
  disposition?: string;
}

/** A fresh draft: an event on the product itself, now. */
export function emptyDraft(now: Date = new Date()): EventDraft {
  return {
    subject: "product",
    lot: "",
    serial: "",
    step: "",
    time: toLocalInput(now),
    readPoint: "",
    bizLocation: "",
    quantity: "",
    unit: "",
    disposition: "",
  };
}

/**
 * Checks the record form as typed: each field's problem in words, and the event's fields when there is none. Whether
 * the lot or serial is registered is asked of the chain by the page.
 */
export function checkEventDraft(
  draft: EventDraft,
  context: JourneyImportContext,
): { problems: DraftProblems; event: DraftEvent | undefined } {
  const problems: DraftProblems = {};
  if (draft.subject === "batch") {
    problems.lot = draft.lot === "" ? "Enter the lot." : keyTextProblem("lot", draft.lot);
  } else if (draft.subject === "item") {
    problems.serial = draft.serial === "" ? "Enter the serial." : keyTextProblem("serial", draft.serial);
  }
  const step = draft.step === "" ? undefined : stepByNumber(Number(draft.step));
  if (step === undefined) problems.step = "Choose the business step.";
  else problems.step = stepRefusal(step.step, context.isOwner, context.roles);
  const time = checkEventTime(draft.time, context.now);
  if (!time.ok) problems.time = time.problem;
  const readPoint = checkLocation(draft.readPoint, context.company);
  if (!readPoint.ok) problems.readPoint = readPoint.problem;
  const bizLocation = checkLocation(draft.bizLocation, context.company);
  if (!bizLocation.ok) problems.bizLocation = bizLocation.problem;
  const quantity =
    draft.subject === "item" ? ({ ok: true, quantity: undefined } as const) : checkQuantity(draft.quantity, draft.unit);
  if (!quantity.ok) problems.quantity = quantity.problem;
  if (draft.disposition !== "" && !(DISPOSITIONS as readonly string[]).includes(draft.disposition)) {
    problems.disposition = `"${draft.disposition}" is not a CBV disposition.`;
  }
  for (const key of Object.keys(problems) as (keyof EventDraft)[]) {
    if (problems[key] === undefined) delete problems[key];
  }
  if (Object.keys(problems).length > 0 || step === undefined || !time.ok || !readPoint.ok || !bizLocation.ok) {
    return { problems, event: undefined };
  }
  const event: DraftEvent = {
    subject: draft.subject,
    step: step.step,
    stepName: step.name,
    time: time.iso,
    offset: time.offset,
  };
  if (draft.subject === "batch") event.lot = draft.lot;
  if (draft.subject === "item") event.serial = draft.serial;
  if (readPoint.id !== undefined) event.readPoint = readPoint.id;
  if (bizLocation.id !== undefined) event.bizLocation = bizLocation.id;
  if (quantity.ok && quantity.quantity !== undefined) event.quantity = quantity.quantity;
  if (draft.disposition !== "") event.disposition = draft.disposition;
  return { problems, event };
}

/** The draft that shows an existing event again (to correct it): its fields as the form holds them. */
export function draftFromFields(fields: {
  subject: SubjectKind;
  lot?: string | undefined;
  serial?: string | undefined;
  step: string;
  time: string;
  readPoint?: string | undefined;
  bizLocation?: string | undefined;
  quantity?: { value: number; uom?: string } | undefined;
  disposition?: string | undefined;
}): EventDraft {
  const step = parseStep(fields.step);
  return {
    subject: fields.subject,
    lot: fields.lot ?? "",
    serial: fields.serial ?? "",
    step: step === undefined ? "" : String(step.step),
    time: toLocalInput(new Date(fields.time)),
    readPoint: fields.readPoint ?? "",
    bizLocation: fields.bizLocation ?? "",
    quantity: fields.quantity === undefined ? "" : String(fields.quantity.value),
    unit: fields.quantity?.uom ?? "",
    disposition: fields.disposition ?? "",
  };
}
