/**
 * The claim taxonomy: published, versioned topics `constellate.topic.<name>.v<major>`, whose id on chain (the Claims
 * contract's `topic`) is keccak256 of that string's UTF-8, each with a JSON Schema (draft 2020-12, in
 * `sdk/schemas/<name>.v<major>.schema.json`) for the values a claim document of the topic carries; the reason codes a
 * verifier rejects a claim with; and a compact validator for the part of JSON Schema the schemas use.
 *
 * A topic's major version changes when its schema stops accepting documents it accepted (a field removed, renamed or
 * made required): that is a new topic, with a new id. Minor versions only add optional fields; a document says which
 * schema version it follows (`version`).
 *
 * Runs unchanged in Node and in the browser (the schemas are JSON modules, imported `with { type: "json" }`).
 */
import canonicalize from "canonicalize";
import { keccak256, stringToHex } from "viem";
import type { Hex } from "viem";

import certificationSchema from "../schemas/certification.v1.schema.json" with { type: "json" };
import claimDocumentSchema from "../schemas/claim-document.v1.schema.json" with { type: "json" };
import euDeforestationFreeSchema from "../schemas/eu-deforestation-free.v1.schema.json" with { type: "json" };
import labourAuditSchema from "../schemas/labour-audit.v1.schema.json" with { type: "json" };
import productCarbonFootprintSchema from "../schemas/product-carbon-footprint.v1.schema.json" with { type: "json" };
import recycledContentSchema from "../schemas/recycled-content.v1.schema.json" with { type: "json" };
import waterUseSchema from "../schemas/water-use.v1.schema.json" with { type: "json" };

// ---------------------------------------------------------------------------------------------------------------------
// JSON Schema subset
// ---------------------------------------------------------------------------------------------------------------------

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema (draft 2020-12) object, as the validator reads it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One reason a value does not match a schema: where (a JSON Pointer into the value) and what is wrong. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** A schema that uses a keyword, format or reference the validator does not implement (a bug in the schema). */
export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchemaError";
  }
}

const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "$defs",
  "title",
  "description",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
]);
const ASSERTIONS = new Set([
  "type",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "prefixItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "format",
  "$ref",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
]);

/** The keywords {@link validateJsonSchema} implements; any other keyword in a schema is a {@link SchemaError}. */
export const SUPPORTED_SCHEMA_KEYWORDS: readonly string[] = [...ASSERTIONS];

/** The formats {@link validateJsonSchema} asserts (format is an assertion here, not an annotation). */
export const SUPPORTED_FORMATS = ["date-time", "date", "uri"] as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

function validDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkFormat(format: string, value: string): boolean {
  switch (format) {
    case "date": {
      const m = DATE.exec(value);
      return m !== null && validDate(m[1]!, m[2]!, m[3]!);
    }
    case "date-time": {
      const m = DATE_TIME.exec(value);
      if (m === null || !validDate(m[1]!, m[2]!, m[3]!)) return false;
      // RFC 3339 allows a leap second (60).
      if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return false;
      return m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
    }
    case "uri":
      return URI.test(value);
    default:
      throw new SchemaError(
        `format "${format}" is not supported; the validator asserts ${SUPPORTED_FORMATS.join(", ")}`,
      );
  }
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return canonicalize(a) === canonicalize(b);
}

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith("#")) throw new SchemaError(`$ref "${ref}": only references within the schema ("#/...") work`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : undefined;
  }
  if (!isObject(node)) throw new SchemaError(`$ref "${ref}" points at nothing`);
  return node;
}

function schemaAt(value: unknown, where: string): JsonSchema | boolean {
  if (typeof value === "boolean" || isObject(value)) return value;
  throw new SchemaError(`${where} is not a schema`);
}

function presentProperties(schema: JsonSchema, value: Record<string, unknown>): string[] | undefined {
  const lists: unknown[] = Array.isArray(schema.anyOf)
    ? schema.anyOf.map((s) => (isObject(s) ? s.required : undefined))
    : [schema.required];
  if (lists.some((l) => !Array.isArray(l))) return undefined;
  const names = new Set<string>();
  for (const list of lists as string[][]) if (list.every((k) => k in value)) for (const k of list) names.add(k);
  return [...names];
}

function validate(
  root: JsonSchema,
  schema: JsonSchema | boolean,
  value: unknown,
  path: string,
  issues: SchemaIssue[],
): void {
  if (schema === true) return;
  if (schema === false) {
    issues.push({ path, message: "is not allowed" });
    return;
  }
  for (const keyword of Object.keys(schema)) {
    if (!ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword)) {
      throw new SchemaError(`keyword "${keyword}" is not supported (${path || "/"})`);
    }
  }
  const at = path === "" ? "(document)" : path;
  if (typeof schema.$ref === "string") validate(root, resolveRef(root, schema.$ref), value, path, issues);

  const type = jsonType(value);
  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
    const ok = types.some((t) => t === type || (t === "number" && type === "integer"));
    if (!ok) {
      issues.push({ path, message: `${at} must be ${types.join(" or ")}, not ${type}` });
      return;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => same(e, value))) {
    issues.push({ path, message: `${at} must be one of ${schema.enum.map(show).join(", ")}; it is ${show(value)}` });
  }
  if ("const" in schema && !same(schema.const, value)) {
    issues.push({ path, message: `${at} must be ${show(schema.const)}; it is ${show(value)}` });
  }

  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof schema.minLength === "number" && length < schema.minLength) {
      issues.push({
        path,
        message:
          schema.minLength === 1 ? `${at} must not be empty` : `${at} needs at least ${schema.minLength} characters`,
      });
    }
    if (typeof schema.maxLength === "number" && length > schema.maxLength) {
      issues.push({ path, message: `${at} has ${length} characters; at most ${schema.maxLength}` });
    }
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      issues.push({ path, message: `${at}: ${show(value)} does not match ${schema.pattern}` });
    }
    if (typeof schema.format === "string" && !checkFormat(schema.format, value)) {
      issues.push({ path, message: `${at}: ${show(value)} is not a valid ${schema.format}` });
    }
  }

  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) {
      issues.push({ path, message: `${at} must be at least ${schema.minimum}; it is ${value}` });
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
      issues.push({ path, message: `${at} must be at most ${schema.maximum}; it is ${value}` });
    }
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) {
      issues.push({ path, message: `${at} must be more than ${schema.exclusiveMinimum}; it is ${value}` });
    }
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) {
      issues.push({ path, message: `${at} must be less than ${schema.exclusiveMaximum}; it is ${value}` });
    }
  }

  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
      issues.push({
        path,
        message: `${at} needs at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}; it has ${value.length}`,
      });
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
      issues.push({ path, message: `${at} has ${value.length} items; at most ${schema.maxItems}` });
    }
    if (schema.uniqueItems === true) {
      const seen = new Map<string | undefined, number>();
      value.forEach((item, i) => {
        const key = canonicalize(item);
        const first = seen.get(key);
        if (first !== undefined) issues.push({ path: pointer(path, i), message: `${at} repeats item ${first}` });
        else seen.set(key, i);
      });
    }
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    prefix.forEach((s, i) => {
      if (i < value.length) validate(root, schemaAt(s, "prefixItems"), value[i], pointer(path, i), issues);
    });
    if (schema.items !== undefined) {
      const items = schemaAt(schema.items, "items");
      for (let i = prefix.length; i < value.length; i++) validate(root, items, value[i], pointer(path, i), issues);
    }
  }

  if (isObject(value)) {
    if (Array.isArray(schema.required)) {
      for (const name of schema.required as string[]) {
        if (!(name in value)) issues.push({ path, message: `${at} needs "${name}"` });
      }
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, sub] of Object.entries(properties)) {
      if (name in value) validate(root, schemaAt(sub, `properties.${name}`), value[name], pointer(path, name), issues);
    }
    if (schema.additionalProperties !== undefined) {
      const extra = schemaAt(schema.additionalProperties, "additionalProperties");
      for (const name of Object.keys(value)) {
        if (name in properties) continue;
        if (extra === false) issues.push({ path: pointer(path, name), message: `${at} has no property "${name}"` });
        else validate(root, extra, value[name], pointer(path, name), issues);
      }
    }
  }

  if (Array.isArray(schema.allOf)) {
    for (const s of schema.allOf) validate(root, schemaAt(s, "allOf"), value, path, issues);
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const results = branches.map((s) => {
      const found: SchemaIssue[] = [];
      validate(root, schemaAt(s, keyword), value, path, found);
      return found;
    });
    const passing = results.filter((r) => r.length === 0).length;
    if (passing === 0) {
      // Report the branch that came closest: usually the form the author meant.
      const closest = results.reduce((best, r) => (r.length < best.length ? r : best));
      issues.push(...closest);
      if (closest.length === 0) issues.push({ path, message: `${at} matches none of the allowed forms` });
    } else if (keyword === "oneOf" && passing > 1) {
      issues.push({ path, message: `${at} matches more than one of the allowed forms` });
    }
  }
  if (schema.not !== undefined) {
    const not = schemaAt(schema.not, "not");
    const found: SchemaIssue[] = [];
    validate(root, not, value, path, found);
    if (found.length === 0) {
      const present = isObject(value) && isObject(not) ? presentProperties(not, value) : undefined;
      const why = typeof schema.description === "string" ? ` (${schema.description})` : "";
      issues.push({
        path,
        message:
          present !== undefined && present.length > 0
            ? `${at} must not have ${present.map((p) => `"${p}"`).join(" together with ")}${why}`
            : `${at} is not allowed here${why}`,
      });
    }
  }
  if (schema.if !== undefined) {
    const found: SchemaIssue[] = [];
    validate(root, schemaAt(schema.if, "if"), value, path, found);
    const branch = found.length === 0 ? schema.then : schema.else;
    if (branch !== undefined) validate(root, schemaAt(branch, "then/else"), value, path, issues);
  }
}

/**
 * Checks `value` against `schema` (the subset of JSON Schema 2020-12 listed in {@link SUPPORTED_SCHEMA_KEYWORDS}, with
 * the formats of {@link SUPPORTED_FORMATS} asserted; `$ref` within the schema only). Returns every issue found, empty
 * if the value matches. Issue paths are JSON Pointers, under `basePath` if the value sits inside a larger document
 * ("/claim"). Throws a {@link SchemaError} if the schema uses anything else.
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown, basePath: string = ""): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  validate(schema, schema, value, basePath, issues);
  return issues;
}

/** Throws a {@link SchemaError} if `schema` uses a keyword or format the validator does not implement, anywhere. */
export function assertSupportedSchema(schema: JsonSchema): void {
  const walk = (node: unknown, where: string): void => {
    if (typeof node === "boolean") return;
    if (!isObject(node)) throw new SchemaError(`${where} is not a schema`);
    for (const [keyword, sub] of Object.entries(node)) {
      if (!ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword)) {
        throw new SchemaError(`keyword "${keyword}" at ${where} is not supported`);
      }
      if (keyword === "format" && typeof sub === "string") checkFormat(sub, "");
      if (keyword === "$ref" && typeof sub === "string") resolveRef(schema, sub);
      if (["properties", "$defs"].includes(keyword) && isObject(sub)) {
        for (const [name, s] of Object.entries(sub)) walk(s, `${where}/${keyword}/${name}`);
      } else if (["allOf", "anyOf", "oneOf", "prefixItems"].includes(keyword) && Array.isArray(sub)) {
        sub.forEach((s, i) => walk(s, `${where}/${keyword}/${i}`));
      } else if (["items", "additionalProperties", "not", "if", "then", "else"].includes(keyword)) {
        walk(sub, `${where}/${keyword}`);
      }
    }
  };
  walk(schema, "#");
}

// ---------------------------------------------------------------------------------------------------------------------
// Topics
// ---------------------------------------------------------------------------------------------------------------------

/** What a claim is about (see claims.ts). */
export type SubjectKind = "product" | "batch" | "item" | "company";

/** A figure a page shows for a claim: the value at `path` in the claim's values, with its unit. */
export interface KeyFigure {
  label: string;
  /** Property names from the claim's values down to the figure. */
  path: readonly string[];
  unit?: string;
  /** The figure is per a declared unit: its amount and unit of measurement, as paths. */
  per?: { amount: readonly string[]; unit: readonly string[] };
}

/** A key figure of a claim, ready to show. */
export interface KeyFigureValue {
  label: string;
  value: string;
  unit?: string;
}

/** What a topic's extra checks see of the document, besides its values (see {@link Topic.check}). */
export interface TopicCheckContext {
  validFrom?: string;
  validUntil?: string;
  issuedAt?: string;
}

/** A topic of the taxonomy. */
export interface Topic {
  /** "product-carbon-footprint". */
  name: string;
  /** The major version: part of the topic's full name, and so of its id. */
  version: number;
  /** The full name, "constellate.topic.product-carbon-footprint.v1", whose keccak256 is {@link Topic.id}. */
  key: string;
  /** keccak256 of the UTF-8 of {@link Topic.key}: the topic on chain. */
  id: Hex;
  /** The current version of the topic's schema (major.minor.patch): what new documents write in `version`. */
  schemaVersion: string;
  title: string;
  /** What a claim of this topic asserts, for developers. */
  description: string;
  /** The same in plain language, for pages. */
  summary: string;
  /** The kinds of subject a claim of this topic may be about. */
  subjectKinds: readonly SubjectKind[];
  /** The JSON Schema of a document's `claim` (the topic's values). */
  schema: JsonSchema;
  /** Where the schema is published in the package: "schemas/<name>.v<major>.schema.json". */
  schemaFile: string;
  keyFigures: readonly KeyFigure[];
  /** Property names of earlier versions of the standard a topic follows, with today's name, for error messages. */
  renamed?: Readonly<Record<string, string>>;
  /** Rules the schema cannot state (cross-field, and against the document's validity window); issues, empty if none. */
  check(values: Record<string, unknown>, context?: TopicCheckContext): SchemaIssue[];
  /** A one-line plain-language statement of what a claim with these values says. */
  describe(values: Record<string, unknown>): string;
}

/** Prefix of every topic's full name. */
export const TOPIC_PREFIX = "constellate.topic.";

const TOPIC_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TOPIC_KEY = /^constellate\.topic\.([a-z0-9]+(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)$/;

/** The full name of version `major` of topic `name`: "constellate.topic.<name>.v<major>". */
export function topicKey(name: string, major: number): string {
  if (!TOPIC_NAME.test(name)) throw new RangeError(`topic name ${show(name)} is not lower-case words joined by "-"`);
  if (!Number.isSafeInteger(major) || major < 1) throw new RangeError(`a topic's major version is 1 or more`);
  return `${TOPIC_PREFIX}${name}.v${major}`;
}

/** Splits a topic's full name into its name and major version; throws if it is not one. */
export function parseTopicKey(key: string): { name: string; version: number } {
  const m = TOPIC_KEY.exec(key);
  if (m === null)
    throw new RangeError(`${show(key)} is not a topic name of the form constellate.topic.<name>.v<major>`);
  return { name: m[1]!, version: Number(m[2]) };
}

/** The id on chain of topic `key` (a full name): keccak256 of its UTF-8. Also for topics outside this list. */
export function topicId(key: string): Hex {
  parseTopicKey(key);
  return keccak256(stringToHex(key));
}

function get(values: unknown, path: readonly string[]): unknown {
  let node = values;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(text).join(", ");
  return JSON.stringify(value) ?? "";
}

function day(value: unknown): string {
  return typeof value === "string" ? value.slice(0, 10) : "?";
}

function time(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const t = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(t) ? undefined : t;
}

function orderIssue(
  values: Record<string, unknown>,
  from: readonly string[],
  to: readonly string[],
  strict: boolean,
): SchemaIssue[] {
  const a = time(get(values, from));
  const b = time(get(values, to));
  if (a === undefined || b === undefined || (strict ? a < b : a <= b)) return [];
  return [
    {
      path: `/claim/${to.join("/")}`,
      message: `${to.join(".")} must be ${strict ? "after" : "on or after"} ${from.join(".")}`,
    },
  ];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function addYears(t: number, years: number): number {
  const d = new Date(t);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

function otherName(values: Record<string, unknown>, key: string, name: string): string {
  const v = values[key];
  return v === "other" && typeof values[name] === "string" ? (values[name] as string) : text(v);
}

function ringsOf(geometry: unknown): unknown[][] {
  if (!isObject(geometry) || !Array.isArray(geometry.coordinates)) return [];
  if (geometry.type === "Polygon") return geometry.coordinates.filter(Array.isArray) as unknown[][];
  if (geometry.type === "MultiPolygon") {
    return geometry.coordinates
      .filter(Array.isArray)
      .flatMap((p) => (p as unknown[]).filter(Array.isArray)) as unknown[][];
  }
  return [];
}

const PCF: Topic = {
  name: "product-carbon-footprint",
  version: 1,
  key: "constellate.topic.product-carbon-footprint.v1",
  id: keccak256(stringToHex("constellate.topic.product-carbon-footprint.v1")),
  schemaVersion: "1.0.0",
  title: "Product carbon footprint",
  description:
    "The cradle-to-gate greenhouse-gas emissions of the subject per declared unit, as a PACT ProductFootprint (PACT " +
    "Technical Specifications v3.0.0 names and decimal strings; PACT Methodology v3), without PACT's exchange " +
    "envelope: toPactProductFootprint() rebuilds a PACT ProductFootprint from the claim document.",
  summary:
    "How much greenhouse gas was emitted to make this product, up to the factory gate, in kilograms of CO2 " +
    "equivalent per unit, and how it was calculated.",
  subjectKinds: ["product", "batch", "item"],
  schema: productCarbonFootprintSchema as JsonSchema,
  schemaFile: "schemas/product-carbon-footprint.v1.schema.json",
  keyFigures: [
    {
      label: "Carbon footprint (excluding biogenic CO2 uptake)",
      path: ["pcf", "pcfExcludingBiogenicUptake"],
      unit: "kg CO2e",
      per: { amount: ["pcf", "declaredUnitAmount"], unit: ["pcf", "declaredUnitOfMeasurement"] },
    },
    {
      label: "Carbon footprint (including biogenic CO2 uptake)",
      path: ["pcf", "pcfIncludingBiogenicUptake"],
      unit: "kg CO2e",
      per: { amount: ["pcf", "declaredUnitAmount"], unit: ["pcf", "declaredUnitOfMeasurement"] },
    },
    { label: "Primary data share", path: ["pcf", "primaryDataShare"], unit: "%" },
    { label: "Reference period start", path: ["pcf", "referencePeriodStart"] },
    { label: "Reference period end", path: ["pcf", "referencePeriodEnd"] },
    { label: "Country", path: ["pcf", "geographyCountry"] },
    { label: "Standards", path: ["pcf", "crossSectoralStandards"] },
  ],
  renamed: {
    declaredUnit: "declaredUnitOfMeasurement",
    unitaryProductAmount: "declaredUnitAmount",
    pCfExcludingBiogenic: "pcfExcludingBiogenicUptake",
    pCfIncludingBiogenic: "pcfIncludingBiogenicUptake",
    characterizationFactors: "ipccCharacterizationFactors",
    ipccCharacterizationFactorsSources: "ipccCharacterizationFactors",
    crossSectoralStandardsUsed: "crossSectoralStandards",
    biogenicCarbonWithdrawal: "biogenicCO2Uptake",
    dLucGhgEmissions: "landUseChangeGhgEmissions",
    assurance: "verification",
  },
  check(values, context) {
    const issues = orderIssue(values, ["pcf", "referencePeriodStart"], ["pcf", "referencePeriodEnd"], true);
    const end = time(get(values, ["pcf", "referencePeriodEnd"]));
    const from = time(context?.validFrom);
    const until = time(context?.validUntil);
    // PACT: a validity period starts at or after the reference period's end and ends within 3 years of it.
    if (end !== undefined && from !== undefined && from < end) {
      issues.push({ path: "/validFrom", message: "a footprint is valid from the end of its reference period on" });
    }
    if (end !== undefined && until !== undefined && until > addYears(end, 3)) {
      issues.push({
        path: "/validUntil",
        message: "a footprint is valid for at most 3 years after the end of its reference period (PACT)",
      });
    }
    const pcf = get(values, ["pcf"]);
    if (isObject(pcf) && pcf.ccsTechnologicalCO2CaptureIncluded === false) {
      for (const k of ["ccsTechnologicalCO2Capture", "technologicalCO2Removals", "technologicalCO2CaptureOrigin"]) {
        if (k in pcf) issues.push({ path: `/claim/pcf/${k}`, message: `${k} is undefined without CCS (PACT)` });
      }
    }
    return issues;
  },
  describe(values) {
    const pcf = get(values, ["pcf"]);
    return (
      `${text(get(pcf, ["pcfExcludingBiogenicUptake"]))} kg CO2e per ${text(get(pcf, ["declaredUnitAmount"]))} ` +
      `${text(get(pcf, ["declaredUnitOfMeasurement"]))} (excluding biogenic CO2 uptake), reference period ` +
      `${day(get(pcf, ["referencePeriodStart"]))} to ${day(get(pcf, ["referencePeriodEnd"]))}`
    );
  },
};

const RECYCLED: Topic = {
  name: "recycled-content",
  version: 1,
  key: "constellate.topic.recycled-content.v1",
  id: keccak256(stringToHex("constellate.topic.recycled-content.v1")),
  schemaVersion: "1.0.0",
  title: "Recycled content",
  description:
    "The share of recycled material (ISO 14021: pre-consumer and post-consumer) in a material of the subject, by " +
    "mass or volume, under a named standard (ISO 14021, GRS, RCS, EN 15343, ...), with the chain-of-custody model.",
  summary: "How much of this material is recycled, in percent, and under which standard that was checked.",
  subjectKinds: ["product", "batch", "item"],
  schema: recycledContentSchema as JsonSchema,
  schemaFile: "schemas/recycled-content.v1.schema.json",
  keyFigures: [
    { label: "Recycled content", path: ["recycledContentPercent"], unit: "%" },
    { label: "Material", path: ["material"] },
    { label: "Post-consumer", path: ["postConsumerPercent"], unit: "%" },
    { label: "Standard", path: ["standard"] },
  ],
  check(values) {
    const issues = orderIssue(values, ["referencePeriodStart"], ["referencePeriodEnd"], false);
    const total = values.recycledContentPercent;
    const pre = typeof values.preConsumerPercent === "number" ? values.preConsumerPercent : 0;
    const post = typeof values.postConsumerPercent === "number" ? values.postConsumerPercent : 0;
    if (typeof total === "number" && pre + post > total + 1e-9) {
      issues.push({
        path: "/claim/recycledContentPercent",
        message: `pre-consumer (${pre}) and post-consumer (${post}) shares add up to more than the recycled content (${total})`,
      });
    }
    return issues;
  },
  describe(values) {
    return `${text(values.recycledContentPercent)}% recycled ${text(values.material)} (by ${text(values.basis)}, ${otherName(values, "standard", "standardName")})`;
  },
};

const WATER: Topic = {
  name: "water-use",
  version: 1,
  key: "constellate.topic.water-use.v1",
  id: keccak256(stringToHex("constellate.topic.water-use.v1")),
  schemaVersion: "1.0.0",
  title: "Water use",
  description:
    "Water withdrawn and consumed to make the subject, in m3 per declared unit, with the life-cycle boundary and " +
    "method (ISO 14046, AWARE water scarcity footprint, Water Footprint Network blue/green/grey).",
  summary: "How much fresh water was used up to make this product, in cubic metres per unit.",
  subjectKinds: ["product", "batch", "item"],
  schema: waterUseSchema as JsonSchema,
  schemaFile: "schemas/water-use.v1.schema.json",
  keyFigures: [
    {
      label: "Water consumption",
      path: ["waterConsumption"],
      unit: "m3",
      per: { amount: ["declaredUnitAmount"], unit: ["declaredUnitOfMeasurement"] },
    },
    {
      label: "Water scarcity footprint",
      path: ["waterScarcityFootprint"],
      unit: "m3 world-eq",
      per: { amount: ["declaredUnitAmount"], unit: ["declaredUnitOfMeasurement"] },
    },
    { label: "Boundary", path: ["boundary"] },
    { label: "Method", path: ["methodology"] },
  ],
  check(values) {
    const issues = orderIssue(values, ["referencePeriodStart"], ["referencePeriodEnd"], false);
    const w = values.waterWithdrawal;
    const c = values.waterConsumption;
    if (typeof w === "number" && typeof c === "number" && c > w + 1e-12) {
      issues.push({ path: "/claim/waterConsumption", message: "water consumption cannot exceed water withdrawal" });
    }
    return issues;
  },
  describe(values) {
    return (
      `${text(values.waterConsumption)} m3 of water consumed per ${text(values.declaredUnitAmount)} ` +
      `${text(values.declaredUnitOfMeasurement)} (${text(values.boundary)}, ${otherName(values, "methodology", "methodologyName")}), ` +
      `${day(values.referencePeriodStart)} to ${day(values.referencePeriodEnd)}`
    );
  },
};

const CERTIFICATION: Topic = {
  name: "certification",
  version: 1,
  key: "constellate.topic.certification.v1",
  id: keccak256(stringToHex("constellate.topic.certification.v1")),
  schemaVersion: "1.0.0",
  title: "Certification",
  description:
    "The subject is covered by a third-party certificate of a named scheme (FSC, PEFC, Fairtrade, GOTS, EU organic " +
    "under Regulation (EU) 2018/848, ...): certificate number, certification body, scope and validity. The claim's " +
    "validity window must lie within the certificate's.",
  summary: "This product (or company) holds a certificate of an independent scheme, valid for the dates shown.",
  subjectKinds: ["product", "batch", "item", "company"],
  schema: certificationSchema as JsonSchema,
  schemaFile: "schemas/certification.v1.schema.json",
  keyFigures: [
    { label: "Scheme", path: ["scheme"] },
    { label: "Certificate", path: ["certificateNumber"] },
    { label: "Certification body", path: ["certificationBody", "name"] },
    { label: "Label claim", path: ["labelClaim"] },
    { label: "Valid from", path: ["validFrom"] },
    { label: "Valid until", path: ["validUntil"] },
  ],
  check(values, context) {
    const issues = orderIssue(values, ["validFrom"], ["validUntil"], false);
    const start = time(values.validFrom);
    const last = time(values.validUntil);
    if (context !== undefined && start !== undefined && last !== undefined) {
      const from = time(context.validFrom);
      const until = time(context.validUntil);
      if (from !== undefined && from < start) {
        issues.push({ path: "/validFrom", message: "the claim cannot be valid before the certificate is" });
      }
      if (until === undefined) {
        issues.push({ path: "/validUntil", message: "a certification claim ends when its certificate does" });
      } else if (until > last + DAY_MS) {
        issues.push({ path: "/validUntil", message: "the claim cannot be valid after the certificate's last day" });
      }
    }
    return issues;
  },
  describe(values) {
    return (
      `${otherName(values, "scheme", "schemeName")} certificate ${text(values.certificateNumber)} by ` +
      `${text(get(values, ["certificationBody", "name"]))}, valid ${day(values.validFrom)} to ${day(values.validUntil)}`
    );
  },
};

const LABOUR: Topic = {
  name: "labour-audit",
  version: 1,
  key: "constellate.topic.labour-audit.v1",
  id: keccak256(stringToHex("constellate.topic.labour-audit.v1")),
  schemaVersion: "1.0.0",
  title: "Labour audit",
  description:
    "A site was audited against a social-compliance standard (SA8000, amfori BSCI, SMETA, RBA VAP, WRAP, SLCP, ...) " +
    "on a date by an audit firm, with the standard's rating and the number of findings by severity. No personal data.",
  summary: "The factory was checked for working conditions by an independent auditor; the result and open issues.",
  subjectKinds: ["company", "product", "batch", "item"],
  schema: labourAuditSchema as JsonSchema,
  schemaFile: "schemas/labour-audit.v1.schema.json",
  keyFigures: [
    { label: "Standard", path: ["standard"] },
    { label: "Audit date", path: ["auditDate"] },
    { label: "Rating", path: ["rating"] },
    { label: "Critical findings", path: ["findings", "critical"] },
    { label: "Major findings", path: ["findings", "major"] },
    { label: "Minor findings", path: ["findings", "minor"] },
    { label: "Country", path: ["site", "country"] },
  ],
  check(values, context) {
    const issues = orderIssue(values, ["auditDate"], ["nextAuditDue"], true);
    const f = values.findings;
    if (isObject(f) && typeof f.open === "number") {
      const total = [f.critical, f.major, f.minor].reduce<number>((s, n) => s + (typeof n === "number" ? n : 0), 0);
      if (f.open > total) {
        issues.push({
          path: "/claim/findings/open",
          message: "more open findings than critical, major and minor ones",
        });
      }
    }
    const audit = time(values.auditDate);
    const issued = time(context?.issuedAt);
    if (audit !== undefined && issued !== undefined && audit > issued) {
      issues.push({ path: "/claim/auditDate", message: "the audit date is after the claim was issued" });
    }
    return issues;
  },
  describe(values) {
    const f = values.findings;
    const counts = isObject(f) ? `${text(f.critical)} critical, ${text(f.major)} major, ${text(f.minor)} minor` : "";
    const rating = values.rating === undefined ? "" : `, rated ${text(values.rating)}`;
    return `${otherName(values, "standard", "standardName")} audit on ${day(values.auditDate)} by ${text(get(values, ["auditFirm", "name"]))}${rating}: ${counts} findings`;
  },
};

const EUDR: Topic = {
  name: "eu-deforestation-free",
  version: 1,
  key: "constellate.topic.eu-deforestation-free.v1",
  id: keccak256(stringToHex("constellate.topic.eu-deforestation-free.v1")),
  schemaVersion: "1.0.0",
  title: "EU deforestation-free (EUDR)",
  description:
    "Regulation (EU) 2023/1115: the relevant commodity in the subject is deforestation-free (no deforestation after " +
    "31 December 2020) and legally produced, covered by a due-diligence statement; with HS/CN code, countries of " +
    "production, every plot's geolocation (GeoJSON, WGS 84; polygons for plots over 4 ha other than for cattle) and " +
    "the date or period of production.",
  summary:
    "The raw material in this product (such as cocoa, coffee, soy, palm oil, rubber, wood or cattle) does not come " +
    "from land deforested after 2020, was produced legally, and the plots it comes from are mapped.",
  subjectKinds: ["product", "batch", "item"],
  schema: euDeforestationFreeSchema as JsonSchema,
  schemaFile: "schemas/eu-deforestation-free.v1.schema.json",
  keyFigures: [
    { label: "Commodity", path: ["commodity"] },
    { label: "HS code", path: ["hsCode"] },
    { label: "Countries of production", path: ["countriesOfProduction"] },
    { label: "Due-diligence statement", path: ["dueDiligenceStatement", "referenceNumber"] },
    { label: "Production from", path: ["productionPeriod", "start"] },
    { label: "Production until", path: ["productionPeriod", "end"] },
  ],
  check(values) {
    const issues = orderIssue(values, ["productionPeriod", "start"], ["productionPeriod", "end"], false);
    const countries = Array.isArray(values.countriesOfProduction) ? values.countriesOfProduction : [];
    const features = get(values, ["geolocation", "features"]);
    const plotted = new Set<unknown>();
    if (Array.isArray(features)) {
      features.forEach((feature, i) => {
        const country = get(feature, ["properties", "country"]);
        plotted.add(country);
        if (typeof country === "string" && !countries.includes(country)) {
          issues.push({
            path: `/claim/geolocation/features/${i}/properties/country`,
            message: `plot ${i} lies in ${country}, which is not among the countries of production`,
          });
        }
        ringsOf(get(feature, ["geometry"])).forEach((ring) => {
          if (ring.length > 0 && !same(ring[0], ring[ring.length - 1])) {
            issues.push({
              path: `/claim/geolocation/features/${i}/geometry`,
              message: `plot ${i}: a polygon's ring must end where it starts (GeoJSON)`,
            });
          }
        });
      });
    }
    for (const country of countries) {
      if (!plotted.has(country)) {
        issues.push({ path: "/claim/countriesOfProduction", message: `no plot lies in ${text(country)}` });
      }
    }
    return issues;
  },
  describe(values) {
    const features = get(values, ["geolocation", "features"]);
    const plots = Array.isArray(features) ? features.length : 0;
    return (
      `Deforestation-free and legal ${text(values.commodity)} (HS ${text(values.hsCode)}) from ` +
      `${text(values.countriesOfProduction)}, ${plots} plot${plots === 1 ? "" : "s"}, produced ` +
      `${day(get(values, ["productionPeriod", "start"]))} to ${day(get(values, ["productionPeriod", "end"]))}, ` +
      `due-diligence statement ${text(get(values, ["dueDiligenceStatement", "referenceNumber"]))}`
    );
  },
};

/** The published topics. */
export const TOPICS: readonly Topic[] = [PCF, RECYCLED, WATER, CERTIFICATION, LABOUR, EUDR];

/** The JSON Schema of a claim document's envelope (its `claim` is checked against the topic's schema). */
export const CLAIM_DOCUMENT_SCHEMA = claimDocumentSchema as JsonSchema;

for (const schema of [CLAIM_DOCUMENT_SCHEMA, ...TOPICS.map((t) => t.schema)]) assertSupportedSchema(schema);

/**
 * A published topic by its name ("product-carbon-footprint": the latest major version), full name
 * ("constellate.topic.product-carbon-footprint.v1") or id (bytes32). Throws a RangeError if there is none.
 */
export function getTopic(nameKeyOrId: string): Topic {
  const found = findTopic(nameKeyOrId);
  if (found === undefined) {
    throw new RangeError(
      `${show(nameKeyOrId)} is not a published topic; the topics are ${TOPICS.map((t) => t.key).join(", ")}`,
    );
  }
  return found;
}

/** As {@link getTopic}, or undefined. */
export function findTopic(nameKeyOrId: string): Topic | undefined {
  const lower = nameKeyOrId.toLowerCase();
  if (/^0x[0-9a-f]{64}$/.test(lower)) return TOPICS.find((t) => t.id === lower);
  if (lower.startsWith(TOPIC_PREFIX)) return TOPICS.find((t) => t.key === nameKeyOrId);
  return TOPICS.filter((t) => t.name === nameKeyOrId).sort((a, b) => b.version - a.version)[0];
}

/**
 * Checks a claim's values against topic `topic`: its schema, then its extra rules ({@link Topic.check}) with the
 * document's dates if given. Issue paths point into a claim document (`/claim/...`).
 */
export function validateTopicValues(topic: Topic, values: unknown, context?: TopicCheckContext): SchemaIssue[] {
  const issues = validateJsonSchema(topic.schema, values, "/claim").map((issue) => {
    const unknown = /has no property "([^"]+)"$/.exec(issue.message);
    const name = unknown?.[1];
    const now =
      name !== undefined && topic.renamed !== undefined && Object.hasOwn(topic.renamed, name)
        ? topic.renamed[name]
        : undefined;
    return now === undefined ? issue : { ...issue, message: `${issue.message} (now "${now}")` };
  });
  if (issues.length > 0 || !isObject(values)) return issues;
  return topic.check(values, context);
}

/** The key figures of a claim of `topic` with values `values`, those present, ready to show. */
export function keyFigures(topic: Topic, values: unknown): KeyFigureValue[] {
  const figures: KeyFigureValue[] = [];
  for (const figure of topic.keyFigures) {
    const value = get(values, figure.path);
    if (value === undefined || value === null) continue;
    const per =
      figure.per === undefined
        ? ""
        : ` per ${[get(values, figure.per.amount), get(values, figure.per.unit)]
            .filter((v) => v !== undefined)
            .map(text)
            .join(" ")}`;
    const unit = `${figure.unit ?? ""}${per}`.trim();
    figures.push(
      unit === "" ? { label: figure.label, value: text(value) } : { label: figure.label, value: text(value), unit },
    );
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------------------------------
// Rejection reasons
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Why a verifier rejects a claim: the `reason` of `Claims.reject`, 1 to {@link MAX_REJECTION_REASON} (the contract's
 * `MAX_REASON`). Codes are never renumbered; a new reason takes the next number (and a new contract constant).
 */
export const REJECTION_REASONS = [
  {
    code: 1,
    name: "insufficient_evidence",
    description: "The evidence offered does not support the claim, or there is too little of it to judge.",
  },
  {
    code: 2,
    name: "data_inconsistent_with_evidence",
    description: "The claim's values contradict the evidence (figures, dates, names or identifiers differ).",
  },
  {
    code: 3,
    name: "methodology_not_followed",
    description: "The values were not determined as the topic's standard or the stated method requires.",
  },
  {
    code: 4,
    name: "wrong_subject",
    description: "The evidence is about another product, batch, item, site or company than the claim's subject.",
  },
  {
    code: 5,
    name: "outdated_data",
    description: "The data or the certificate behind the claim has expired or no longer represents the subject.",
  },
  {
    code: 6,
    name: "document_unavailable_or_hash_mismatch",
    description:
      "The claim document could not be obtained, or its SHA-256 over the canonical form differs from the hash on chain.",
  },
  {
    code: 7,
    name: "scope_mismatch",
    description: "The evidence covers a different scope (boundary, period, site, product range) than the claim states.",
  },
  { code: 8, name: "other", description: "Another reason, explained in the verifier's evidence." },
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];
export type RejectionReasonName = RejectionReason["name"];

/** The highest rejection reason code; the Claims contract's `MAX_REASON`. */
export const MAX_REJECTION_REASON = 8;

/** The reason with code `code` or name `name`; throws a RangeError if there is none. */
export function rejectionReason(codeOrName: number | string): RejectionReason {
  const found = REJECTION_REASONS.find((r) => r.code === codeOrName || r.name === codeOrName);
  if (found === undefined) {
    throw new RangeError(`${show(codeOrName)} is not a rejection reason (1 to ${MAX_REJECTION_REASON}, or its name)`);
  }
  return found;
}
