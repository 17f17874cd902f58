/**
 * Batches of claims in the console: rows (one per subject, with values that differ from the values shared by all),
 * read from a table or a CSV file, and the status of each claim of an issued batch.
 *
 * CSV: a header row, then one claim per row. Columns `kind` (product, batch, item or company; default product),
 * `gtin`, `namespace` (a self-declared registration's registrant; default the brand's), `lot`, `serial`, `validFrom`,
 * `validUntil` (dates, overriding the batch's window), and any of the topic's fields by their path with dots
 * (`recycledContentPercent`, `certificate.number`, `pcf.declaredUnitAmount`); list fields take their items separated by
 * ";". A cell left empty keeps the shared value.
 *
 * Pure: no React, no DOM; runs in the browser and in Node tests.
 */
import type { SubjectKind } from "@constellate/sdk";

import { enumValue, leafFields } from "./claims-form.ts";
import type { FormState, ObjectField } from "./claims-form.ts";
import { claimStatus } from "./claims-status.ts";
import type { ChainValidity, ClaimStatus, VerdictInput } from "./claims-status.ts";

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const src = text.replace(/^\uFEFF/, "");
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (ch === "\n" || ch === "\r") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new RangeError("the CSV ends inside a quoted field");
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ""));
}

/** A subject as a batch row names it. */
export interface RowSubject {
  kind: SubjectKind;
  gtin?: string;
  namespace?: string;
  lot?: string;
  serial?: string;
}

/** One claim of a batch to issue: its subject, its own window (if any) and its own values over the shared ones. */
export interface BatchRow {
  /** 1-based line of the CSV (or row of the table). */
  line: number;
  subject: RowSubject;
  validFrom?: string;
  validUntil?: string;
  /** Form state for the fields this row sets (merged over the shared form's state). */
  values: FormState;
}

const SUBJECT_COLUMNS = new Set(["kind", "gtin", "namespace", "lot", "serial", "validfrom", "validuntil"]);
const KINDS: readonly SubjectKind[] = ["product", "batch", "item", "company"];

/** The CSV column of a field: its path with dots ("/pcf/declaredUnitAmount" → "pcf.declaredUnitAmount"). */
export function columnOf(path: string): string {
  return path
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** The columns a batch CSV may have for `model`, subject columns first. */
export function csvColumns(model: ObjectField): string[] {
  return [
    "kind",
    "gtin",
    "namespace",
    "lot",
    "serial",
    "validFrom",
    "validUntil",
    ...leafFields(model)
      .filter((f) => f.kind !== "const")
      .map((f) => columnOf(f.path)),
  ];
}

/**
 * Reads a batch CSV against the topic's form: the rows, and the problems in words ("line 3: kind "box" is not one
 * of …"). Unknown columns are a problem (a typo would otherwise drop a value silently).
 */
export function rowsFromCsv(model: ObjectField, text: string): { rows: BatchRow[]; problems: string[] } {
  const problems: string[] = [];
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (error) {
    return { rows: [], problems: [(error as Error).message] };
  }
  if (table.length === 0)
    return { rows: [], problems: ["The CSV is empty: it needs a header row and a row per claim."] };
  const header = table[0]!.map((h) => h.trim());
  const fields = new Map(leafFields(model).map((f) => [columnOf(f.path), f]));
  header.forEach((h, i) => {
    if (h === "") problems.push(`Column ${i + 1} has no name.`);
    else if (!SUBJECT_COLUMNS.has(h.toLowerCase()) && !fields.has(h)) {
      problems.push(
        `Column "${h}" is neither a subject column (kind, gtin, namespace, lot, serial, validFrom, validUntil) nor a field of this topic.`,
      );
    }
  });
  const rows: BatchRow[] = [];
  table.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const get = (name: string) => {
      const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
      return i < 0 ? "" : (cells[i] ?? "").trim();
    };
    const kindText = get("kind").toLowerCase() || "product";
    if (!(KINDS as readonly string[]).includes(kindText)) {
      problems.push(`Line ${line}: kind "${kindText}" is not one of ${KINDS.join(", ")}.`);
      return;
    }
    const kind = kindText as SubjectKind;
    const subject: RowSubject = { kind };
    for (const key of ["gtin", "namespace", "lot", "serial"] as const) {
      const v = get(key);
      if (v !== "") subject[key] = v;
    }
    if (kind !== "company" && subject.gtin === undefined)
      problems.push(`Line ${line}: a ${kind} claim needs its gtin.`);
    if (kind === "batch" && subject.lot === undefined) problems.push(`Line ${line}: a batch claim needs its lot.`);
    if (kind === "item" && subject.serial === undefined) problems.push(`Line ${line}: an item claim needs its serial.`);
    const values: FormState = {};
    header.forEach((h, i) => {
      const f = fields.get(h);
      const cell = (cells[i] ?? "").trim();
      if (f === undefined || cell === "") return;
      switch (f.kind) {
        case "enum": {
          const option = f.options.find((o) => String(o) === cell);
          if (option === undefined)
            problems.push(`Line ${line}: ${h} "${cell}" is not one of ${f.options.map(String).join(", ")}.`);
          else values[f.path] = enumValue(option);
          break;
        }
        case "boolean": {
          const yes = /^(true|yes|y|1)$/i.test(cell);
          const no = /^(false|no|n|0)$/i.test(cell);
          if (!yes && !no) problems.push(`Line ${line}: ${h} "${cell}" is neither yes nor no.`);
          else values[f.path] = yes ? "true" : "false";
          break;
        }
        case "confirm":
          values[f.path] = /^(true|yes|y|1)$/i.test(cell);
          break;
        case "list": {
          const items = cell
            .split(";")
            .map((s) => s.trim())
            .filter((s) => s !== "");
          if (f.item.kind === "enum") {
            const options = f.item.options;
            const chosen: string[] = [];
            for (const item of items) {
              const option = options.find((o) => String(o) === item);
              if (option === undefined)
                problems.push(`Line ${line}: ${h} "${item}" is not one of ${options.map(String).join(", ")}.`);
              else chosen.push(enumValue(option));
            }
            values[f.path] = chosen;
          } else values[f.path] = items.join("\n");
          break;
        }
        default:
          values[f.path] = cell;
      }
    });
    const validFrom = get("validFrom");
    const validUntil = get("validUntil");
    rows.push({
      line,
      subject,
      ...(validFrom !== "" ? { validFrom } : {}),
      ...(validUntil !== "" ? { validUntil } : {}),
      values,
    });
  });
  if (rows.length === 0 && problems.length === 0) problems.push("The CSV has a header but no claims.");
  return { rows, problems };
}

/** The shared form state with a row's own values over it. */
export function mergeRow(shared: FormState, row: Pick<BatchRow, "values">): FormState {
  return { ...shared, ...row.values };
}

// ---------------------------------------------------------------------------------------------------------------------
// Status of a batch's claims
// ---------------------------------------------------------------------------------------------------------------------

/** What the status of one claim of a batch is computed from. */
export interface BatchClaimStatusInput {
  batchRevoked: boolean;
  batchRevokedAt?: bigint | null;
  /** The claim was revoked in the batch (BatchClaimRevocation), at this time. */
  claimRevokedAt?: bigint | null;
  claimRevoked: boolean;
  validFrom: bigint;
  validUntil: bigint;
  issuedAt: bigint;
  issuerCompromisedSince?: bigint | null;
  /** Verdicts on the batch (they cover every claim of it). */
  verdicts: readonly VerdictInput[];
  now: bigint;
}

/** The status of a claim of a batch in words; `chain` is the batchValidity view's answer. */
export function batchClaimStatus(input: BatchClaimStatusInput, chain?: ChainValidity): ClaimStatus {
  if (chain !== undefined && !chain.exists) {
    return {
      kind: "missing",
      label: "Not valid: the chain does not accept it in its batch",
      detail:
        "Its proof does not hold under the batch's root, or its issuer may no longer claim about its subject (a product " +
        "transferred or discontinued, a designation ended, the subject not registered).",
      tone: "bad",
      attestedBy: [],
      rejectedBy: [],
      confirmed: true,
    };
  }
  const status = claimStatus(
    {
      revoked: input.batchRevoked || input.claimRevoked,
      revokedAt: input.batchRevoked ? (input.batchRevokedAt ?? null) : (input.claimRevokedAt ?? null),
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      issuedAt: input.issuedAt,
      issuerCompromisedSince: input.issuerCompromisedSince ?? null,
      verdicts: input.verdicts,
      now: input.now,
    },
    chain,
  );
  if (status.kind === "revoked") {
    return {
      ...status,
      label: input.batchRevoked ? status.label.replace("Revoked", "Revoked with its whole batch") : status.label,
    };
  }
  return status;
}
