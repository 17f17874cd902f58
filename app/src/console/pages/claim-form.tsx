"use client";
/**
 * Issuing a claim: a form generated from the topic's JSON Schema (see lib/claims-form.ts), the subject (a product of
 * the company or one it is designated on, a batch or item of it, or the company itself), the validity window and
 * evidence files. The document is built with a fresh salt, canonicalised and hashed with the sdk, stored in the vault
 * as a public document, the evidence as restricted documents under the claim's evidence scope, then Claims.issue.
 */
import {
  buildClaimDocument,
  canonicalClaimDocument,
  claimDocumentHash,
  ClaimDocumentError,
  claimFromDocument,
  claimId,
  getTopic,
  newClaimSalt,
  Permission,
  ProductRole,
  TOPICS,
  validateTopicValues,
} from "@constellate/sdk";
import type { Claim, ClaimSubjectInput, SubjectKind, Topic } from "@constellate/sdk";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { isAddressEqual } from "viem";
import type { Address } from "viem";

import { useConsoleConfig } from "../components/config-context.tsx";
import { useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Button, EmptyState, Notice, SelectField, TextArea, TextField, TxStatus } from "../components/ui.tsx";
import {
  buildFormModel,
  enumLabel,
  enumValue,
  fieldHint,
  FOLD_OPTIONAL_OVER,
  FORM_PROBLEM,
  hasInput,
  problemsFromIssues,
  readForm,
  WINDOW_FROM,
  WINDOW_UNTIL,
} from "../lib/claims-form.ts";
import type { FieldProblems, FormField, FormState, ObjectField } from "../lib/claims-form.ts";
import {
  buildEvidenceIndex,
  claimEvidenceScope,
  sizeWords,
  vaultDocumentUrl,
  withEvidenceIndex,
} from "../lib/claims-status.ts";
import type { EvidenceFile } from "../lib/claims-status.ts";
import {
  secondsOfDate,
  sha256Hex,
  todayInput,
  uploadDocument,
  useCheckCall,
  usePermissionProblem,
} from "./claims-shared.tsx";

// ---------------------------------------------------------------------------------------------------------------------
// The generated form
// ---------------------------------------------------------------------------------------------------------------------

export interface SchemaFormProps {
  model: ObjectField;
  state: FormState;
  onChange: (path: string, value: string | boolean | string[]) => void;
  /** Problems to show, by path (the caller decides which: typed-in fields, or all after a submit). */
  problems: FieldProblems;
  /** Prefix for element ids, when several forms share a page. */
  idPrefix?: string;
}

/** Renders a form model: one control per field, groups as fieldsets, every control labelled. */
export function SchemaForm({ model, state, onChange, problems, idPrefix = "f" }: SchemaFormProps) {
  return (
    <div className="space-y-1">
      <FieldList fields={model.fields} state={state} onChange={onChange} problems={problems} idPrefix={idPrefix} />
    </div>
  );
}

interface ListProps {
  fields: readonly FormField[];
  state: FormState;
  onChange: SchemaFormProps["onChange"];
  problems: FieldProblems;
  idPrefix: string;
}

/**
 * A group's fields: required ones first in schema order; when a group has many optional fields (a carbon footprint
 * has dozens), those fold away under "More fields", open when any of them holds a value or a problem.
 */
function FieldList({ fields, state, onChange, problems, idPrefix }: ListProps) {
  const optional = fields.filter((f) => !f.required);
  const fold = optional.length > FOLD_OPTIONAL_OVER;
  const render = (f: FormField) => (
    <FieldControl key={f.path} field={f} state={state} onChange={onChange} problems={problems} idPrefix={idPrefix} />
  );
  if (!fold) return <>{fields.map(render)}</>;
  const used = optional.some(
    (f) => hasInput(f, state) || Object.keys(problems).some((p) => p === f.path || p.startsWith(`${f.path}/`)),
  );
  return (
    <>
      {fields.filter((f) => f.required).map(render)}
      <FoldedFields count={optional.length} open={used}>
        {optional.map(render)}
      </FoldedFields>
    </>
  );
}

function FoldedFields({ count, open, children }: { count: number; open: boolean; children: ReactNode }) {
  const [expanded, setExpanded] = useState(open);
  const shown = expanded || open;
  return (
    <div className="mt-4">
      <Button variant="link" aria-expanded={shown} onClick={() => setExpanded(!shown)}>
        {shown ? `Hide the ${count} optional fields` : `Show ${count} more optional fields`}
      </Button>
      {shown ? <div>{children}</div> : null}
    </div>
  );
}

function FieldControl({
  field: f,
  state,
  onChange,
  problems,
  idPrefix,
}: {
  field: FormField;
  state: FormState;
  onChange: SchemaFormProps["onChange"];
  problems: FieldProblems;
  idPrefix: string;
}) {
  const problem = problems[f.path];
  const hint = fieldHint(f, { omitRequired: problem === "Required." });
  const raw = state[f.path];
  const text = typeof raw === "string" ? raw : "";
  switch (f.kind) {
    case "object":
      return (
        <fieldset className="mt-4 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold">
            {f.label.split(" › ").at(-1)}
            {f.required ? "" : " (optional)"}
          </legend>
          {f.description !== undefined ? <p className="text-xs text-slate-600">{f.description}</p> : null}
          <FieldList fields={f.fields} state={state} onChange={onChange} problems={problems} idPrefix={idPrefix} />
        </fieldset>
      );
    case "text":
      return (
        <TextField
          label={f.label}
          hint={hint}
          problem={problem}
          type={
            f.format === "date"
              ? "date"
              : f.format === "date-time"
                ? "datetime-local"
                : f.format === "uri"
                  ? "url"
                  : "text"
          }
          value={text}
          aria-required={f.required}
          onChange={(e) => onChange(f.path, e.target.value)}
        />
      );
    case "number":
      return (
        <TextField
          label={f.label}
          hint={hint}
          problem={problem}
          inputMode="decimal"
          value={text}
          aria-required={f.required}
          onChange={(e) => onChange(f.path, e.target.value)}
        />
      );
    case "boolean":
      return (
        <SelectField
          label={f.label}
          hint={hint}
          problem={problem}
          value={text}
          aria-invalid={problem !== undefined}
          aria-required={f.required}
          onChange={(e) => onChange(f.path, e.target.value)}
        >
          <option value="">{f.required ? "Choose…" : "Not stated"}</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </SelectField>
      );
    case "confirm": {
      const id = `${idPrefix}-${f.path}`;
      return (
        <div className="mt-3">
          <label htmlFor={id} className="flex items-start gap-2 text-sm">
            <input
              id={id}
              type="checkbox"
              className="mt-1"
              checked={raw === true}
              aria-invalid={problem !== undefined}
              onChange={(e) => onChange(f.path, e.target.checked)}
            />
            <span>
              <span className="font-medium">{f.label}</span>: I confirm this{f.required ? " (required)" : ""}.
            </span>
          </label>
          {f.description !== undefined ? <p className="mt-1 text-xs text-slate-600">{f.description}</p> : null}
          {problem !== undefined ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {problem}
            </p>
          ) : null}
        </div>
      );
    }
    case "enum":
      return (
        <SelectField
          label={f.label}
          hint={hint}
          problem={problem}
          value={text}
          aria-invalid={problem !== undefined}
          aria-required={f.required}
          onChange={(e) => onChange(f.path, e.target.value)}
        >
          <option value="">{f.required ? "Choose…" : "Not stated"}</option>
          {f.options.map((o) => (
            <option key={enumValue(o)} value={enumValue(o)}>
              {enumLabel(o)}
            </option>
          ))}
        </SelectField>
      );
    case "const":
      return (
        <p className="mt-3 text-sm">
          <span className="font-medium">{f.label}</span>: {JSON.stringify(f.value)} (fixed by the topic)
        </p>
      );
    case "list":
      if (f.item.kind === "enum") {
        const options = f.item.options;
        const chosen = Array.isArray(raw) ? raw : [];
        return (
          <fieldset className="mt-3" aria-invalid={problem !== undefined}>
            <legend className="text-sm font-medium">{f.label}</legend>
            <p className="text-xs text-slate-600">{hint}</p>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {options.map((o) => {
                const value = enumValue(o);
                const id = `${idPrefix}-${f.path}-${value}`;
                return (
                  <label key={value} htmlFor={id} className="flex items-center gap-1 text-sm">
                    <input
                      id={id}
                      type="checkbox"
                      checked={chosen.includes(value)}
                      onChange={(e) =>
                        onChange(f.path, e.target.checked ? [...chosen, value] : chosen.filter((c) => c !== value))
                      }
                    />
                    {enumLabel(o)}
                  </label>
                );
              })}
            </div>
            {problem !== undefined ? (
              <p role="alert" className="mt-1 text-xs text-red-700">
                {problem}
              </p>
            ) : null}
          </fieldset>
        );
      }
      return (
        <TextArea
          label={f.label}
          hint={hint}
          problem={problem}
          rows={3}
          value={text}
          aria-required={f.required}
          onChange={(e) => onChange(f.path, e.target.value)}
        />
      );
    case "json":
      return (
        <TextArea
          label={`${f.label} (JSON)`}
          hint={hint}
          problem={problem}
          rows={5}
          placeholder={f.example}
          value={text}
          aria-required={f.required}
          onChange={(e) => onChange(f.path, e.target.value)}
        />
      );
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Subjects the company may claim about
// ---------------------------------------------------------------------------------------------------------------------

const SUBJECTS_QUERY = `query ClaimSubjects($company: String!) {
  owned: products(where: { owner: $company, discontinued: false }, first: 500, orderBy: id) {
    id gtin14 brand namespace generation
    owner { id name }
    constellation { id name archived }
    batches(first: 500, orderBy: lot) { id lot generation }
  }
  designations: productActors(where: { actor: $company, active: true }, first: 500, orderBy: id) {
    id roles generation designatedBy { id }
    product {
      id gtin14 brand namespace generation discontinued
      owner { id name }
      constellation { id name archived }
      batches(first: 500, orderBy: lot) { id lot generation }
    }
  }
  memberships(where: { company: $company, active: true }, first: 200, orderBy: id) {
    id roles constellation { id name archived }
  }
}`;

interface ProductEntity {
  id: string;
  gtin14: string;
  brand: boolean;
  namespace: string;
  generation: number;
  discontinued?: boolean;
  owner: { id: string; name: string | null };
  constellation: { id: string; name: string; archived: boolean };
  batches: { id: string; lot: string; generation: number }[];
}

interface SubjectsData {
  owned: ProductEntity[];
  designations: {
    id: string;
    roles: number;
    generation: number;
    designatedBy: { id: string };
    product: ProductEntity;
  }[];
  memberships: { id: string; roles: number; constellation: { id: string; name: string; archived: boolean } }[];
}

/** A product the acting company may claim about. */
export interface ClaimableProduct {
  id: string;
  gtin14: string;
  /** The registrant of a self-declared registration (undefined: the brand's). */
  namespace?: Address;
  constellation: { id: string; name: string };
  /** Owned, or designated with these roles. */
  relation: "owner" | "actor";
  ownerName: string;
  lots: string[];
  label: string;
}

const CLAIM_ISSUER_ROLES = ProductRole.SUPPLIER | ProductRole.LOGISTICS | ProductRole.AUDITOR;

/** The products (owned, or designated with a claim-issuing role) and constellations the company may claim about. */
export function useClaimSubjects(company: Address | undefined) {
  const query = useGraph<SubjectsData>(
    ["claim-subjects", company],
    SUBJECTS_QUERY,
    { company: company?.toLowerCase() },
    { enabled: company !== undefined },
  );
  const result = useMemo(() => {
    const data = query.data;
    if (data === undefined) return undefined;
    const make = (p: ProductEntity, relation: "owner" | "actor"): ClaimableProduct => {
      const namespace = BigInt(p.namespace) === 0n ? undefined : (p.namespace as Address);
      const lots = p.batches.filter((b) => b.generation === p.generation).map((b) => b.lot);
      const who = relation === "owner" ? "yours" : `designated by ${p.owner.name ?? p.owner.id}`;
      return {
        id: p.id,
        gtin14: p.gtin14,
        ...(namespace !== undefined ? { namespace } : {}),
        constellation: { id: p.constellation.id, name: p.constellation.name },
        relation,
        ownerName: p.owner.name ?? p.owner.id,
        lots,
        label: `GTIN ${p.gtin14}${namespace !== undefined ? " (self-declared)" : ""}, ${who}, in ${p.constellation.name}`,
      };
    };
    const products = [
      ...data.owned.map((p) => make(p, "owner")),
      ...data.designations
        .filter(
          (d) =>
            !d.product.discontinued &&
            d.generation === d.product.generation &&
            isAddressEqual(d.designatedBy.id as Address, d.product.owner.id as Address) &&
            (d.roles & CLAIM_ISSUER_ROLES) !== 0 &&
            !data.owned.some((o) => o.id === d.product.id),
        )
        .map((d) => make(d.product, "actor")),
    ];
    const constellations = data.memberships
      .filter((m) => !m.constellation.archived)
      .map((m) => ({ id: m.constellation.id, name: m.constellation.name }));
    return { products, constellations };
  }, [query.data]);
  return { ...result, isLoading: query.isLoading, error: query.error };
}

/** The subject a person chose. */
export interface SubjectChoice {
  kind: SubjectKind;
  productId: string;
  lot: string;
  serial: string;
  constellation: string;
}

export const EMPTY_SUBJECT: SubjectChoice = { kind: "product", productId: "", lot: "", serial: "", constellation: "" };

/** The sdk subject and the constellation of a choice, or what is missing in words. */
export function resolveSubject(
  choice: SubjectChoice,
  products: readonly ClaimableProduct[],
  company: Address,
): { subject: ClaimSubjectInput; constellation: bigint } | { problem: string } {
  if (choice.kind === "company") {
    if (choice.constellation === "")
      return { problem: "Choose the constellation whose verifiers will judge the claim." };
    return { subject: { kind: "company", company }, constellation: BigInt(choice.constellation) };
  }
  const product = products.find((p) => p.id === choice.productId);
  if (product === undefined) return { problem: "Choose the product the claim is about." };
  const base: ClaimSubjectInput = {
    kind: choice.kind,
    gtin: product.gtin14,
    ...(product.namespace !== undefined ? { namespace: product.namespace } : {}),
  };
  if (choice.kind === "batch") {
    if (choice.lot === "") return { problem: "Choose the batch (lot) the claim is about." };
    base.lot = choice.lot;
  }
  if (choice.kind === "item") {
    if (choice.serial.trim() === "") return { problem: "Enter the serial of the item the claim is about." };
    base.serial = choice.serial.trim();
  }
  return { subject: base, constellation: BigInt(product.constellation.id) };
}

const KIND_WORDS: Record<SubjectKind, string> = {
  product: "A product (every unit of it)",
  batch: "A batch (lot) of a product",
  item: "One item (serial) of a product",
  company: "My company itself",
};

export function SubjectPicker({
  topic,
  choice,
  onChange,
  products,
  constellations,
  problem,
  withItemSerial = true,
}: {
  topic: Topic;
  choice: SubjectChoice;
  onChange: (choice: SubjectChoice) => void;
  products: readonly ClaimableProduct[];
  constellations: readonly { id: string; name: string }[];
  problem?: string | undefined;
  withItemSerial?: boolean;
}) {
  const product = products.find((p) => p.id === choice.productId);
  return (
    <div>
      <SelectField
        label="What the claim is about"
        value={choice.kind}
        onChange={(e) => onChange({ ...choice, kind: e.target.value as SubjectKind })}
        hint={`A ${topic.title.toLowerCase()} claim may be about: ${topic.subjectKinds.join(", ")}.`}
      >
        {topic.subjectKinds.map((k) => (
          <option key={k} value={k}>
            {KIND_WORDS[k]}
          </option>
        ))}
      </SelectField>
      {choice.kind === "company" ? (
        constellations.length === 0 ? (
          <EmptyState title="Your company is a member of no constellation.">
            A claim about your company is judged by the verifiers of a constellation you belong to.{" "}
            <Link className="underline" href="/console/constellations">
              Join or found one
            </Link>{" "}
            first.
          </EmptyState>
        ) : (
          <SelectField
            label="Constellation whose verifiers judge it"
            value={choice.constellation}
            problem={problem}
            aria-invalid={problem !== undefined}
            onChange={(e) => onChange({ ...choice, constellation: e.target.value })}
          >
            <option value="">Choose…</option>
            {constellations.map((c) => (
              <option key={c.id} value={c.id}>
                #{c.id} {c.name}
              </option>
            ))}
          </SelectField>
        )
      ) : products.length === 0 ? (
        <EmptyState title="No product to claim about.">
          You can claim about products your company registered, or products whose owner designated your company as a
          supplier, logistics company or auditor.{" "}
          <Link className="underline" href="/console/products">
            Register a product
          </Link>{" "}
          first.
        </EmptyState>
      ) : (
        <>
          <SelectField
            label="Product"
            value={choice.productId}
            problem={choice.kind === "product" || product === undefined ? problem : undefined}
            aria-invalid={(choice.kind === "product" || product === undefined) && problem !== undefined}
            onChange={(e) => onChange({ ...choice, productId: e.target.value, lot: "" })}
            hint="The claim's verifiers come from the product's constellation."
          >
            <option value="">Choose…</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </SelectField>
          {choice.kind === "batch" && product !== undefined ? (
            product.lots.length === 0 ? (
              <EmptyState title="This product has no registered batch.">
                Its owner registers lots on the product&apos;s page; a claim about a batch needs one.
              </EmptyState>
            ) : (
              <SelectField
                label="Batch (lot)"
                value={choice.lot}
                problem={problem}
                aria-invalid={problem !== undefined}
                onChange={(e) => onChange({ ...choice, lot: e.target.value })}
              >
                <option value="">Choose…</option>
                {product.lots.map((lot) => (
                  <option key={lot} value={lot}>
                    {lot}
                  </option>
                ))}
              </SelectField>
            )
          ) : null}
          {choice.kind === "item" && withItemSerial ? (
            <TextField
              label="Item serial"
              value={choice.serial}
              problem={problem}
              hint="A serial registered for this product (GS1 AI 21)."
              onChange={(e) => onChange({ ...choice, serial: e.target.value })}
            />
          ) : null}
        </>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// The issue form
// ---------------------------------------------------------------------------------------------------------------------

/** The problems of a filled-in topic form: typing problems first, then the sdk's. */
export function topicProblems(
  topic: Topic,
  model: ObjectField,
  state: FormState,
  window: { validFrom: string; validUntil: string },
): { values: Record<string, unknown>; problems: FieldProblems } {
  const { values, problems: typing } = readForm(model, state);
  const from = secondsOfDate(window.validFrom);
  const until = window.validUntil === "" ? undefined : secondsOfDate(window.validUntil);
  const context = {
    issuedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...(from !== undefined ? { validFrom: `${window.validFrom}T00:00:00Z` } : {}),
    ...(until !== undefined ? { validUntil: `${window.validUntil}T00:00:00Z` } : {}),
  };
  const problems: FieldProblems = {
    ...problemsFromIssues(model, validateTopicValues(topic, values, context)),
    ...typing,
  };
  if (from === undefined) problems[WINDOW_FROM] = "Enter the date the claim is valid from.";
  if (window.validUntil !== "" && until === undefined)
    problems[WINDOW_UNTIL] = "Enter a date, or leave it empty for no end.";
  if (from !== undefined && until !== undefined && until <= from)
    problems[WINDOW_UNTIL] = "The end must be after the start.";
  return { values, problems };
}

/** Reads a File's bytes. */
export async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

export function IssueClaimForm() {
  const session = useSession();
  const config = useConsoleConfig();
  const company = session.actingFor;
  const subjects = useClaimSubjects(company);
  const tx = useTransaction();
  const check = useCheckCall();
  const permission = usePermissionProblem(Permission.CLAIMS, "issue claims");

  const [topicName, setTopicName] = useState("");
  const [states, setStates] = useState<Record<string, FormState>>({});
  const [choice, setChoice] = useState<SubjectChoice>(EMPTY_SUBJECT);
  const [validFrom, setValidFrom] = useState(todayInput);
  const [validUntil, setValidUntil] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [step, setStep] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [issued, setIssued] = useState<{ id: string; claim: Claim } | undefined>();

  const topic = topicName === "" ? undefined : getTopic(topicName);
  const model = useMemo(() => (topic === undefined ? undefined : buildFormModel(topic.schema)), [topic]);
  const state = topic === undefined ? {} : (states[topic.key] ?? {});
  const checked =
    topic !== undefined && model !== undefined
      ? topicProblems(topic, model, state, { validFrom, validUntil })
      : undefined;
  const shown: FieldProblems = {};
  for (const [path, message] of Object.entries(checked?.problems ?? {})) {
    if (submitted || touched.has(path)) shown[path] = message;
  }
  const subjectChoice =
    topic !== undefined && !topic.subjectKinds.includes(choice.kind)
      ? { ...choice, kind: topic.subjectKinds[0]! }
      : choice;
  const resolved = company === undefined ? undefined : resolveSubject(subjectChoice, subjects.products ?? [], company);
  const subjectProblem = resolved !== undefined && "problem" in resolved ? resolved.problem : undefined;

  const onChange = (path: string, value: string | boolean | string[]) => {
    if (topic === undefined) return;
    setStates((s) => ({ ...s, [topic.key]: { ...(s[topic.key] ?? {}), [path]: value } }));
    setTouched((t) => new Set(t).add(path));
  };

  const busy = step !== undefined || tx.busy;
  const blocker =
    permission ??
    (company === undefined ? "Sign in first." : undefined) ??
    (session.acting === undefined ? "Register your company first: only companies issue claims." : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    setIssued(undefined);
    if (
      blocker !== undefined ||
      topic === undefined ||
      model === undefined ||
      checked === undefined ||
      company === undefined
    )
      return;
    if (resolved === undefined || "problem" in resolved) return;
    if (Object.keys(checked.problems).length > 0) {
      setFailure("Some fields need attention (see the messages under them); nothing was sent.");
      return;
    }
    try {
      setStep("Building the claim document…");
      let doc;
      try {
        doc = buildClaimDocument({
          topic,
          subject: resolved.subject,
          issuer: company,
          values: checked.values,
          validFrom: `${validFrom}T00:00:00Z`,
          ...(validUntil !== "" ? { validUntil: `${validUntil}T00:00:00Z` } : {}),
          salt: newClaimSalt(),
        });
      } catch (error) {
        if (error instanceof ClaimDocumentError) {
          setFailure(`The claim document is not valid: ${error.issues.map((i) => i.message).join("; ")}`);
          return;
        }
        throw error;
      }
      const canonical = canonicalClaimDocument(doc);
      const hash = claimDocumentHash(doc);

      setStep("Hashing the evidence files…");
      const evidence: { file: File; bytes: Uint8Array; entry: EvidenceFile }[] = [];
      for (const file of files) {
        const bytes = await fileBytes(file);
        const sha = (await sha256Hex(bytes)).slice(2);
        evidence.push({
          file,
          bytes,
          entry: {
            name: file.name,
            contentType: file.type || "application/octet-stream",
            size: bytes.byteLength,
            sha256: sha,
          },
        });
      }
      const index =
        evidence.length === 0
          ? undefined
          : buildEvidenceIndex(
              evidence.map((e) => e.entry),
              newClaimSalt(),
            );
      const indexBytes = index === undefined ? undefined : new TextEncoder().encode(canonicalClaimDocument(index));
      const indexHash = indexBytes === undefined ? undefined : (await sha256Hex(indexBytes)).slice(2);
      const documentURI = withEvidenceIndex(vaultDocumentUrl(config.vaultOrigin, company, hash), indexHash);
      const claim = claimFromDocument(doc, { documentURI, constellation: resolved.constellation });
      const id = claimId(claim);

      setStep("Checking with the contract…");
      const refusal = await check("Claims", "issue", [claim]);
      if (refusal !== undefined) {
        setFailure(`The contract would refuse this claim: ${refusal} Nothing was stored or sent.`);
        return;
      }

      setStep("Storing the claim document in the vault (public)…");
      await uploadDocument(session.vaultFetch, {
        owner: company,
        bytes: new TextEncoder().encode(canonical),
        contentType: "application/json",
        visibility: "public",
      });
      if (evidence.length > 0 && indexBytes !== undefined) {
        const scope = claimEvidenceScope({ id, product: claim.product });
        for (const [i, e] of evidence.entries()) {
          setStep(`Storing evidence file ${i + 1} of ${evidence.length} in the vault (restricted)…`);
          await uploadDocument(session.vaultFetch, {
            owner: company,
            bytes: e.bytes,
            contentType: e.entry.contentType,
            visibility: "restricted",
            scope,
          });
        }
        setStep("Storing the evidence index (restricted)…");
        await uploadDocument(session.vaultFetch, {
          owner: company,
          bytes: indexBytes,
          contentType: "application/json",
          visibility: "restricted",
          scope,
        });
      }
      setStep(undefined);
      const receipt = await tx.run({ contract: "Claims", functionName: "issue", args: [claim] }, "Issue the claim");
      if (receipt !== undefined) {
        setIssued({ id, claim });
        setFiles([]);
        setSubmitted(false);
        setTouched(new Set());
      }
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setStep(undefined);
    }
  }

  if (subjects.error !== null && subjects.error !== undefined) {
    return <Notice tone="error">{subjects.error.message}</Notice>;
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Issue a claim">
      <SelectField
        label="Topic"
        value={topicName}
        onChange={(e) => setTopicName(e.target.value)}
        hint={topic?.summary ?? "The kind of claim: each topic has a published schema the form follows."}
      >
        <option value="">Choose a topic…</option>
        {TOPICS.map((t) => (
          <option key={t.key} value={t.key}>
            {t.title}
          </option>
        ))}
      </SelectField>

      {topic === undefined || model === undefined ? null : (
        <>
          <SubjectPicker
            topic={topic}
            choice={subjectChoice}
            onChange={setChoice}
            products={subjects.products ?? []}
            constellations={subjects.constellations ?? []}
            problem={submitted ? subjectProblem : undefined}
          />

          <h3 className="mt-5 text-base font-semibold">{topic.title}: the claim&apos;s values</h3>
          <details className="text-sm text-slate-600">
            <summary className="cursor-pointer">What this topic asserts, precisely</summary>
            <p className="mt-1">{topic.description}</p>
          </details>
          {submitted && shown[FORM_PROBLEM] !== undefined ? <Notice tone="error">{shown[FORM_PROBLEM]}</Notice> : null}
          <SchemaForm model={model} state={state} onChange={onChange} problems={shown} idPrefix="issue" />

          <h3 className="mt-5 text-base font-semibold">Validity</h3>
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TextField
              label="Valid from"
              type="date"
              value={validFrom}
              hint="00:00 UTC on this day."
              problem={submitted || touched.has(WINDOW_FROM) ? checked?.problems[WINDOW_FROM] : undefined}
              onChange={(e) => {
                setValidFrom(e.target.value);
                setTouched((t) => new Set(t).add(WINDOW_FROM));
              }}
            />
            <TextField
              label="Valid until"
              type="date"
              value={validUntil}
              hint="Exclusive, 00:00 UTC. Leave empty for no end."
              problem={submitted || touched.has(WINDOW_UNTIL) ? checked?.problems[WINDOW_UNTIL] : undefined}
              onChange={(e) => {
                setValidUntil(e.target.value);
                setTouched((t) => new Set(t).add(WINDOW_UNTIL));
              }}
            />
          </div>

          <h3 className="mt-5 text-base font-semibold">Evidence</h3>
          <div className="mt-2">
            <label htmlFor="claim-evidence" className="block text-sm font-medium">
              Evidence files (restricted)
            </label>
            <input
              id="claim-evidence"
              type="file"
              multiple
              className="mt-1 text-sm"
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
            <p className="mt-1 text-xs text-slate-600">
              Reports, certificates, lab results. Stored in your vault as restricted documents that only you and the
              verifiers you ask can read; the claim document itself is public.
            </p>
            {files.length > 0 ? (
              <ul className="mt-1 list-disc pl-5 text-sm">
                {files.map((f) => (
                  <li key={`${f.name}-${f.size}`}>
                    {f.name} ({sizeWords(f.size)})
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </>
      )}

      <div className="mt-5 flex items-center gap-3">
        <Button type="submit" disabled={busy || blocker !== undefined || topic === undefined}>
          Issue claim
        </Button>
        {blocker !== undefined ? <span className="text-sm text-slate-700">{blocker}</span> : null}
        {topic === undefined ? <span className="text-sm text-slate-700">Choose a topic first.</span> : null}
      </div>
      {step !== undefined ? <Notice>{step}</Notice> : null}
      {failure !== undefined ? <Notice tone="error">{failure}</Notice> : null}
      <TxStatus tx={tx} />
      {issued !== undefined ? (
        <Notice tone="success">
          Claim issued.{" "}
          <Link className="underline" href={`/console/claims/${issued.id}`}>
            Open the claim
          </Link>{" "}
          to see its status and ask a verifier.
        </Notice>
      ) : null}
    </form>
  );
}
