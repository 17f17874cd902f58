/**
 * A claim topic's JSON Schema as a form: a small model of the fields a schema describes, the values a person typed
 * read back into the topic's JSON values, and the sdk's validation issues placed on the fields they are about.
 *
 * The model covers the keywords the sdk's topic schemas use for plain data: objects with `properties` and `required`,
 * strings (with `format` date, date-time or uri, `pattern`, `minLength`, `maxLength`), numbers and integers (`minimum`,
 * `maximum`, exclusive bounds), booleans, `enum`, `const`, `$ref` within the schema, and arrays of simple items (strings,
 * numbers or enum values). Anything else (arrays of objects, `oneOf` geometries, free objects) becomes a JSON text field,
 * so every topic can still be issued; the sdk's `validateTopicValues` then judges the whole value as typed.
 *
 * Pure: no React, no DOM; runs in the browser and in Node tests.
 */
import type { JsonSchema, JsonValue, SchemaIssue } from "@constellate/sdk";

/** A scalar an `enum` may list. */
export type EnumOption = string | number | boolean | null;

interface FieldBase {
  /** The property name ("" for the root). */
  key: string;
  /** JSON Pointer of the value inside the topic's values ("" for the root, "/pcf/declaredUnitAmount"). */
  path: string;
  /** The field's name in words, with its parents' ("Certification body › Name"). */
  label: string;
  description?: string;
  /** Required by its parent object (a conditional requirement, `if`/`then`, shows up as a validation issue). */
  required: boolean;
  /** Set on a required field inside an optional group: the group's label (required only when the group is used). */
  requiredIf?: string;
}

/** An item of a simple array. */
export type ListItem =
  | { kind: "text"; format?: TextFormat; pattern?: string }
  | { kind: "number"; integer: boolean }
  | { kind: "enum"; options: EnumOption[] };

export type TextFormat = "date" | "date-time" | "uri";

export type FormField =
  | (FieldBase & { kind: "object"; fields: FormField[] })
  | (FieldBase & {
      kind: "text";
      format?: TextFormat;
      pattern?: string;
      minLength?: number;
      maxLength?: number;
    })
  | (FieldBase & {
      kind: "number";
      integer: boolean;
      minimum?: number;
      maximum?: number;
      exclusiveMinimum?: number;
      exclusiveMaximum?: number;
    })
  | (FieldBase & { kind: "boolean" })
  /** `const: true`: a statement the issuer must confirm (EUDR's deforestationFree). */
  | (FieldBase & { kind: "confirm" })
  | (FieldBase & { kind: "enum"; options: EnumOption[] })
  | (FieldBase & { kind: "const"; value: JsonValue })
  | (FieldBase & { kind: "list"; item: ListItem; minItems?: number; maxItems?: number; uniqueItems: boolean })
  | (FieldBase & { kind: "json"; example: string });

export type ObjectField = Extract<FormField, { kind: "object" }>;

/**
 * What a person typed, by field path: text, numbers, dates, JSON and newline-separated lists as strings; yes/no
 * selects as "true", "false" or "" (not stated); confirmations as booleans; multi-choice lists as the chosen options
 * (each as JSON text, so that numbers stay numbers).
 */
export type FormState = Record<string, string | boolean | string[]>;

/** Problems in words, by field path; the window's fields under {@link WINDOW_FROM} and {@link WINDOW_UNTIL}. */
export type FieldProblems = Record<string, string>;

/** Where problems with the claim's window (the document's validFrom / validUntil) are filed. */
export const WINDOW_FROM = "#validFrom";
export const WINDOW_UNTIL = "#validUntil";
/** Problems that belong to no field (shown above the form). */
export const FORM_PROBLEM = "#form";

// ---------------------------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------------------------

const WORDS: Record<string, string> = {
  pcf: "PCF",
  uri: "URI",
  id: "ID",
  ids: "IDs",
  co2: "CO2",
  ghg: "GHG",
  ipcc: "IPCC",
  dqi: "DQI",
  dqr: "DQR",
  ccs: "CCS",
  ccu: "CCU",
  hs: "HS",
  cpc: "CPC",
  gln: "GLN",
  lei: "LEI",
  gtin: "GTIN",
  m3: "m3",
};

/** A property name in words: "recycledContentPercent" → "Recycled content percent", "hsCode" → "HS code". */
export function humanize(name: string): string {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .split(/\s+/)
    .filter((p) => p !== "");
  return parts
    .map((part, i) => {
      const known = WORDS[part.toLowerCase()];
      if (known !== undefined) return known;
      if (/^[A-Z0-9]{2,}$/.test(part)) return part;
      const lower = part.toLowerCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(" ");
}

// ---------------------------------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolve(root: JsonSchema, schema: unknown, depth = 0): Record<string, unknown> {
  if (!isObject(schema)) return {};
  if (typeof schema.$ref !== "string" || depth > 16) return schema;
  const ref = schema.$ref;
  let node: unknown = root;
  if (ref.startsWith("#/")) {
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = isObject(node) ? node[key] : undefined;
    }
  }
  const { $ref: _ref, ...rest } = schema;
  // The referring schema's own keywords (a description) win over the referenced one's.
  return { ...resolve(root, node, depth + 1), ...rest };
}

function typeOf(schema: Record<string, unknown>): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) {
    const named = t.filter((x) => x !== "null");
    return named.length === 1 && typeof named[0] === "string" ? named[0] : undefined;
  }
  return undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function formatOf(value: unknown): TextFormat | undefined {
  return value === "date" || value === "date-time" || value === "uri" ? value : undefined;
}

function isScalar(value: unknown): value is EnumOption {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function listItem(root: JsonSchema, raw: unknown): ListItem | undefined {
  const item = resolve(root, raw);
  if (Array.isArray(item.enum) && item.enum.every(isScalar)) return { kind: "enum", options: item.enum };
  const type = typeOf(item);
  if (type === "string" && item.anyOf === undefined && item.oneOf === undefined) {
    const format = formatOf(item.format);
    const pattern = str(item.pattern);
    return { kind: "text", ...(format !== undefined ? { format } : {}), ...(pattern !== undefined ? { pattern } : {}) };
  }
  if (type === "number" || type === "integer") return { kind: "number", integer: type === "integer" };
  return undefined;
}

const COMPLEX = ["anyOf", "oneOf", "not", "prefixItems"];

/** A skeleton of a value of `schema` (required properties, placeholders by type), for a JSON field's placeholder. */
function skeleton(root: JsonSchema, raw: unknown, depth = 0): unknown {
  const schema = resolve(root, raw);
  if (depth > 8) return null;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (branches !== undefined && branches.length > 0) return skeleton(root, branches[0], depth + 1);
  switch (typeOf(schema)) {
    case "object": {
      const out: Record<string, unknown> = {};
      const props = isObject(schema.properties) ? schema.properties : {};
      const needed = Array.isArray(schema.required) ? (schema.required as string[]) : Object.keys(props).slice(0, 2);
      for (const name of needed) out[name] = skeleton(root, props[name], depth + 1);
      return out;
    }
    case "array":
      return Array.isArray(schema.prefixItems)
        ? schema.prefixItems.map((s) => skeleton(root, s, depth + 1))
        : schema.items === undefined
          ? []
          : [skeleton(root, schema.items, depth + 1)];
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return true;
    case "string":
      return "";
    default:
      return null;
  }
}

function jsonExample(root: JsonSchema, schema: Record<string, unknown>): string {
  const value = skeleton(root, schema);
  return value === null ? "" : JSON.stringify(value);
}

function field(
  root: JsonSchema,
  raw: unknown,
  key: string,
  path: string,
  parentLabel: string,
  required: boolean,
  optionalGroup?: string,
): FormField {
  const schema = resolve(root, raw);
  const own =
    schema.title !== undefined && typeof schema.title === "string" && path !== "" ? schema.title : humanize(key);
  const label = parentLabel === "" ? own : `${parentLabel} › ${own}`;
  const description = str(schema.description);
  const base: FieldBase = {
    key,
    path,
    label,
    required,
    ...(required && optionalGroup !== undefined ? { requiredIf: optionalGroup } : {}),
    ...(description !== undefined ? { description } : {}),
  };

  if ("const" in schema) {
    if (schema.const === true) return { ...base, kind: "confirm" };
    return { ...base, kind: "const", value: schema.const as JsonValue };
  }
  if (Array.isArray(schema.enum) && schema.enum.every(isScalar)) return { ...base, kind: "enum", options: schema.enum };
  if (COMPLEX.some((k) => k in schema)) return { ...base, kind: "json", example: jsonExample(root, schema) };

  const type = typeOf(schema);
  switch (type) {
    case "object": {
      if (!isObject(schema.properties) || Object.keys(schema.properties).length === 0) {
        return { ...base, kind: "json", example: "{ }" };
      }
      const needed = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      // Inside an optional group, a required field is required only when the group is used.
      const group = path === "" ? undefined : !required ? own : optionalGroup;
      const fields = Object.entries(schema.properties)
        .filter(([, sub]) => !(isObject(sub) && sub.deprecated === true))
        .map(([name, sub]) =>
          field(
            root,
            sub,
            name,
            `${path}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`,
            path === "" ? "" : label,
            needed.has(name),
            group,
          ),
        );
      return { ...base, kind: "object", fields };
    }
    case "string": {
      const format = formatOf(schema.format);
      const pattern = str(schema.pattern);
      const minLength = num(schema.minLength);
      const maxLength = num(schema.maxLength);
      return {
        ...base,
        kind: "text",
        ...(format !== undefined ? { format } : {}),
        ...(pattern !== undefined ? { pattern } : {}),
        ...(minLength !== undefined ? { minLength } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
      };
    }
    case "number":
    case "integer": {
      const bounds: Record<string, number> = {};
      for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
        const v = num(schema[k]);
        if (v !== undefined) bounds[k] = v;
      }
      return { ...base, kind: "number", integer: type === "integer", ...bounds };
    }
    case "boolean":
      return { ...base, kind: "boolean" };
    case "array": {
      const item = schema.items === undefined ? undefined : listItem(root, schema.items);
      if (item === undefined) return { ...base, kind: "json", example: jsonExample(root, schema) };
      const minItems = num(schema.minItems);
      const maxItems = num(schema.maxItems);
      return {
        ...base,
        kind: "list",
        item,
        uniqueItems: schema.uniqueItems === true,
        ...(minItems !== undefined ? { minItems } : {}),
        ...(maxItems !== undefined ? { maxItems } : {}),
      };
    }
    default:
      return { ...base, kind: "json", example: jsonExample(root, schema) };
  }
}

/** The form of a topic's schema: an object field (the root, path "") with a field per property, nested. */
export function buildFormModel(schema: JsonSchema): ObjectField {
  const root = field(schema, schema, "", "", "", true);
  if (root.kind !== "object") {
    // A topic's values are an object; a schema that is not gets a single JSON field.
    return { key: "", path: "", label: "Values", required: true, kind: "object", fields: [{ ...root, key: "values" }] };
  }
  return root;
}

/** Every field that holds a value (no objects), depth first, in schema order. */
export function leafFields(model: FormField): Exclude<FormField, ObjectField>[] {
  if (model.kind !== "object") return [model];
  return model.fields.flatMap(leafFields);
}

/** Every field, objects included, depth first. */
export function allFields(model: FormField): FormField[] {
  return model.kind === "object" ? [model, ...model.fields.flatMap(allFields)] : [model];
}

// ---------------------------------------------------------------------------------------------------------------------
// Reading a form
// ---------------------------------------------------------------------------------------------------------------------

/** A date-time as `<input type="datetime-local">` gives it ("2025-01-31T14:05"), read as UTC RFC 3339. */
export function dateTimeFromInput(text: string): string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(t)) return `${t}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(t)) return `${t}Z`;
  return t;
}

/** An RFC 3339 date-time as `<input type="datetime-local">` shows it (UTC, minutes). */
export function dateTimeToInput(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/i.exec(value);
  return m === null ? value : m[1]!;
}

function optionKey(option: EnumOption): string {
  return JSON.stringify(option);
}

/** The select value of an enum option (JSON text, so that 1 and "1" differ). */
export function enumValue(option: EnumOption): string {
  return optionKey(option);
}

/** An enum option in words, for a select. */
export function enumLabel(option: EnumOption): string {
  return option === null ? "none" : String(option);
}

function parseNumber(text: string, integer: boolean): { value?: number; problem?: string } {
  const t = text.trim().replace(/^\+/, "");
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t))
    return { problem: integer ? "Enter a whole number." : "Enter a number (use a dot for decimals)." };
  const value = Number(t);
  if (!Number.isFinite(value)) return { problem: "Enter a number." };
  if (integer && !Number.isInteger(value)) return { problem: "Enter a whole number." };
  return { value };
}

function readItem(item: ListItem, text: string): { value?: JsonValue; problem?: string } {
  if (item.kind === "number") return parseNumber(text, item.integer);
  if (item.kind === "enum") {
    const found = item.options.find((o) => String(o) === text || optionKey(o) === text);
    return found === undefined
      ? { problem: `"${text}" is not one of ${item.options.map(enumLabel).join(", ")}.` }
      : { value: found };
  }
  return { value: item.format === "date-time" ? dateTimeFromInput(text) : text };
}

function isEmpty(value: string | boolean | string[] | undefined): boolean {
  if (value === undefined || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "string" && value.trim() === "";
}

/** Lines of a list text area (one item per line; blank lines ignored). */
export function listLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

interface Read {
  present: boolean;
  value?: JsonValue;
}

function read(f: FormField, state: FormState, problems: FieldProblems): Read {
  const raw = state[f.path];
  switch (f.kind) {
    case "object": {
      const out: { [key: string]: JsonValue } = {};
      let any = false;
      for (const child of f.fields) {
        const r = read(child, state, problems);
        if (r.present && r.value !== undefined) {
          out[child.key] = r.value;
          if (child.kind !== "const") any = true;
        }
      }
      // An optional object nobody filled in is left out; a required one is kept (the schema then names what it needs).
      return any || f.required ? { present: true, value: out } : { present: false };
    }
    case "const":
      return f.required ? { present: true, value: f.value } : { present: false };
    case "confirm":
      return raw === true ? { present: true, value: true } : { present: false };
    case "boolean":
      if (raw === true || raw === "true") return { present: true, value: true };
      if (raw === false || raw === "false")
        return f.required ? { present: true, value: false } : { present: true, value: false };
      return { present: false };
    case "enum": {
      if (isEmpty(raw) || typeof raw !== "string") return { present: false };
      const found = f.options.find((o) => optionKey(o) === raw || String(o) === raw);
      if (found === undefined) {
        problems[f.path] = `Choose one of ${f.options.map(enumLabel).join(", ")}.`;
        return { present: false };
      }
      return { present: true, value: found };
    }
    case "text": {
      if (isEmpty(raw) || typeof raw !== "string") return { present: false };
      const text = raw.trim();
      return { present: true, value: f.format === "date-time" ? dateTimeFromInput(text) : text };
    }
    case "number": {
      if (isEmpty(raw) || typeof raw !== "string") return { present: false };
      const parsed = parseNumber(raw, f.integer);
      if (parsed.problem !== undefined) {
        problems[f.path] = parsed.problem;
        return { present: false };
      }
      return { present: true, value: parsed.value! };
    }
    case "list": {
      if (isEmpty(raw)) return { present: false };
      const texts = Array.isArray(raw) ? raw : typeof raw === "string" ? listLines(raw) : [];
      const values: JsonValue[] = [];
      for (const text of texts) {
        const r = readItem(f.item, text);
        if (r.problem !== undefined) {
          problems[f.path] = `${text}: ${r.problem}`;
          return { present: false };
        }
        values.push(r.value!);
      }
      return values.length === 0 ? { present: false } : { present: true, value: values };
    }
    case "json": {
      if (isEmpty(raw) || typeof raw !== "string") return { present: false };
      try {
        return { present: true, value: JSON.parse(raw) as JsonValue };
      } catch (error) {
        problems[f.path] = `This is not valid JSON: ${(error as Error).message}`;
        return { present: false };
      }
    }
  }
}

/**
 * The topic values a filled-in form stands for, and the problems found reading it (a number that is not one, JSON that
 * does not parse). Empty optional fields are left out; the schema's own rules are the sdk's to check
 * ({@link validateTopicValues} with {@link problemsFromIssues}).
 */
export function readForm(
  model: ObjectField,
  state: FormState,
): { values: Record<string, JsonValue>; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const r = read(model, state, problems);
  const values = (r.value ?? {}) as Record<string, JsonValue>;
  return { values, problems };
}

/** The form state that shows `values` (to start a form from an example or a former claim). */
export function stateFromValues(model: ObjectField, values: unknown): FormState {
  const state: FormState = {};
  const get = (path: string): unknown => {
    let node: unknown = values;
    for (const raw of path.split("/").slice(1)) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      node = isObject(node) ? node[key] : undefined;
    }
    return node;
  };
  for (const f of leafFields(model)) {
    const v = get(f.path);
    if (v === undefined) continue;
    switch (f.kind) {
      case "text":
        if (typeof v === "string") state[f.path] = f.format === "date-time" ? dateTimeToInput(v) : v;
        break;
      case "number":
        if (typeof v === "number") state[f.path] = String(v);
        break;
      case "boolean":
        if (typeof v === "boolean") state[f.path] = String(v);
        break;
      case "confirm":
        state[f.path] = v === true;
        break;
      case "enum":
        if (isScalar(v)) state[f.path] = optionKey(v);
        break;
      case "list":
        if (Array.isArray(v)) {
          state[f.path] =
            f.item.kind === "enum"
              ? v.filter(isScalar).map(optionKey)
              : v
                  .map((x) =>
                    typeof x === "string" && f.item.kind === "text" && f.item.format === "date-time"
                      ? dateTimeToInput(x)
                      : String(x),
                  )
                  .join("\n");
        }
        break;
      case "json":
        state[f.path] = JSON.stringify(v, null, 2);
        break;
      case "const":
        break;
    }
  }
  return state;
}

// ---------------------------------------------------------------------------------------------------------------------
// Issues on fields
// ---------------------------------------------------------------------------------------------------------------------

function sentence(text: string): string {
  const t = text.trim().replace(/^[:,;]\s*/, "");
  return t === "" ? t : t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * Places the sdk's issues (JSON Pointers into a claim document: "/claim/pcf/declaredUnitAmount", "/validUntil") on
 * the form's fields: each on the deepest field that holds the value it is about; "needs "x"" on the field x itself
 * ("Required."); the window's issues under {@link WINDOW_FROM} / {@link WINDOW_UNTIL}; anything else under
 * {@link FORM_PROBLEM}. The first issue of a field wins.
 */
export function problemsFromIssues(model: ObjectField, issues: readonly SchemaIssue[]): FieldProblems {
  const problems: FieldProblems = {};
  const byPath = new Map(allFields(model).map((f) => [f.path, f]));
  const file = (key: string, message: string) => {
    if (problems[key] === undefined) problems[key] = message;
  };
  for (const issue of issues) {
    if (issue.path === "/validFrom") {
      file(WINDOW_FROM, sentence(issue.message));
      continue;
    }
    if (issue.path === "/validUntil") {
      file(WINDOW_UNTIL, sentence(issue.message));
      continue;
    }
    if (issue.path !== "/claim" && !issue.path.startsWith("/claim/")) {
      file(FORM_PROBLEM, sentence(issue.message));
      continue;
    }
    const path = issue.path.slice("/claim".length);
    const needs = /needs "([^"]+)"$/.exec(issue.message);
    if (needs !== undefined && needs !== null) {
      const child = `${path}/${needs[1]!.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const target = byPath.get(child);
      if (target !== undefined && target.kind !== "object") {
        file(child, "Required.");
        continue;
      }
      if (target !== undefined) {
        // A required group: file it on its first field.
        const first = leafFields(target)[0];
        file(first?.path ?? FORM_PROBLEM, `Required (${target.label}).`);
        continue;
      }
    }
    // The deepest field at or above the issue's path.
    let p = path;
    let target = byPath.get(p);
    while ((target === undefined || target.kind === "object") && p !== "") {
      p = p.slice(0, p.lastIndexOf("/"));
      target = byPath.get(p);
    }
    const at = issue.path === "" ? "(document)" : issue.path;
    const message = sentence(issue.message.startsWith(at) ? issue.message.slice(at.length) : issue.message);
    if (target === undefined || target.kind === "object") file(FORM_PROBLEM, sentence(issue.message));
    else file(target.path, message);
  }
  return problems;
}

/** What a pattern asks for, in words, for the patterns the topics use; undefined for others. */
export function patternWords(pattern: string): string | undefined {
  if (pattern === "^[A-Z]{2}$") return "Two capital letters (ISO 3166-1 alpha-2, e.g. TR).";
  if (pattern.startsWith("^[A-Z]{2}-")) return "A country subdivision code (ISO 3166-2, e.g. TR-35).";
  if (pattern === "^\\d{13}$") return "13 digits.";
  if (pattern.startsWith("^AR")) return "An IPCC assessment report, e.g. AR6.";
  if (pattern.includes("100") && pattern.includes("\\d{1,2}"))
    return "A percentage from 0 to 100, as text (e.g. 62.5).";
  if (pattern.includes("[1-4]")) return "A data quality rating from 1 to 5, as text.";
  if (pattern.includes("\\d+(\\.\\d+)?") || pattern.includes("[1-9]\\d*(\\.\\d+)?")) {
    if (pattern.startsWith("^(-")) return "Zero or a negative number, as text with a dot for decimals (e.g. -0.28).";
    if (pattern.includes("[1-9]")) return "A number above zero, as text with a dot for decimals (e.g. 1).";
    if (pattern.startsWith("^\\+?")) return "Zero or more, as text with a dot for decimals (e.g. 2.35).";
    return "A number, as text with a dot for decimals (e.g. 2.35).";
  }
  return undefined;
}

/**
 * What a field accepts, in words, for its hint ("Required. A date. At least 0."). `omitRequired` leaves out the
 * "Required." (when a problem already says so).
 */
export function fieldHint(f: FormField, options: { omitRequired?: boolean } = {}): string {
  const parts: string[] = [];
  if (f.required && options.omitRequired !== true) {
    parts.push(f.requiredIf !== undefined ? `Required if you fill in ${f.requiredIf}.` : "Required.");
  }
  switch (f.kind) {
    case "text":
      if (f.format === "date") parts.push("A date.");
      if (f.format === "date-time") parts.push("A date and time, UTC.");
      if (f.format === "uri") parts.push("A URI (https://…, urn:…).");
      if (f.pattern !== undefined) {
        const words = patternWords(f.pattern);
        if (words !== undefined) parts.push(words);
      }
      if (f.minLength !== undefined && f.minLength > 1) parts.push(`At least ${f.minLength} characters.`);
      if (f.maxLength !== undefined) parts.push(`At most ${f.maxLength} characters.`);
      break;
    case "number":
      parts.push(f.integer ? "A whole number." : "A number.");
      if (f.minimum !== undefined) parts.push(`At least ${f.minimum}.`);
      if (f.exclusiveMinimum !== undefined) parts.push(`More than ${f.exclusiveMinimum}.`);
      if (f.maximum !== undefined) parts.push(`At most ${f.maximum}.`);
      if (f.exclusiveMaximum !== undefined) parts.push(`Less than ${f.exclusiveMaximum}.`);
      break;
    case "list":
      parts.push(f.item.kind === "enum" ? "Choose any that apply." : "One per line.");
      if (f.item.kind === "text" && f.item.pattern !== undefined) {
        const words = patternWords(f.item.pattern);
        if (words !== undefined) parts.push(`Each: ${words.charAt(0).toLowerCase()}${words.slice(1)}`);
      }
      if (f.minItems !== undefined && f.minItems > 1) parts.push(`At least ${f.minItems}.`);
      break;
    case "json":
      parts.push(f.example !== "" ? `JSON, for example ${f.example}` : "JSON, as the topic's schema describes it.");
      break;
    default:
      break;
  }
  if (f.description !== undefined) parts.push(f.description);
  return parts.join(" ");
}

/** Whether a field (or any field inside it) has a value in `state`. */
export function hasInput(f: FormField, state: FormState): boolean {
  return allFields(f).some((x) => {
    const v = state[x.path];
    return v !== undefined && v !== "" && v !== false && !(Array.isArray(v) && v.length === 0);
  });
}

/** Groups with more optional fields than this show them folded away (required ones always show). */
export const FOLD_OPTIONAL_OVER = 10;
