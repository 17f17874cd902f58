"use client";
/**
 * Accreditations in words, their subjects as the Accreditations contract stores them, and accreditation requests.
 *
 * There is no on-chain request: a company that wants an accreditation stores a restricted request document in its own
 * vault under the scope {@link REQUEST_SCOPE} and grants that scope to the body it chose (Access.grantAccess, 90 days).
 * The body sees the grant in the indexer and reads the request (and the evidence stored under the same scope) from the
 * company's vault with that grant.
 */
import { accessScope, findTopic, Kind, prefixSubject, TOPICS } from "@constellate/sdk";
import { hexToString, stringToHex } from "viem";
import type { Address, Hex } from "viem";

import { leiProblem, nowSeconds } from "./profile-common.tsx";

/** The scope of accreditation requests in the requester's vault. */
export const REQUEST_SCOPE: Hex = accessScope("dataset", null, "accreditation-requests");
export const REQUEST_TYPE = "ConstellateAccreditationRequest";
/** How long a request's grant to the body lasts. */
export const REQUEST_DAYS = 90;

export type KindBit = (typeof Kind)[keyof typeof Kind];
export type KindName = "GS1CompanyPrefix" | "LegalEntity" | "VerifierTopic";

export const KINDS: { bit: KindBit; name: KindName; sdk: keyof typeof Kind; label: string; subjectLabel: string }[] = [
  {
    bit: Kind.GS1_COMPANY_PREFIX,
    name: "GS1CompanyPrefix",
    sdk: "GS1_COMPANY_PREFIX",
    label: "GS1 Company Prefix",
    subjectLabel: "GS1 Company Prefix",
  },
  {
    bit: Kind.LEGAL_ENTITY,
    name: "LegalEntity",
    sdk: "LEGAL_ENTITY",
    label: "Legal entity (LEI)",
    subjectLabel: "LEI",
  },
  {
    bit: Kind.VERIFIER_TOPIC,
    name: "VerifierTopic",
    sdk: "VERIFIER_TOPIC",
    label: "Verifier of a claim topic",
    subjectLabel: "Claim topic",
  },
];

export function kindByName(name: string): (typeof KINDS)[number] | undefined {
  return KINDS.find((k) => k.name === name || k.sdk === name);
}

export function kindByBit(bit: number): (typeof KINDS)[number] | undefined {
  return KINDS.find((k) => k.bit === bit);
}

/** The kinds of a body's mask, in words ("GS1 Company Prefix, Legal entity (LEI)"). */
export function kindWords(mask: number): string {
  const names = KINDS.filter((k) => (mask & k.bit) !== 0).map((k) => k.label);
  return names.length === 0 ? "no kind" : names.join(", ");
}

/** A claim topic (id) in words: its title and full name when published, else its id. */
export function topicWords(topicId: string): string {
  const topic = findTopic(topicId);
  return topic === undefined ? `the claim topic ${topicId.slice(0, 10)}…` : `${topic.title} claims (${topic.key})`;
}

/** The subject text of a left-aligned ASCII subject (prefix or LEI). */
export function subjectText(subject: Hex): string {
  return hexToString(subject, { size: 32 }).replace(/\0+$/, "");
}

/** What an accreditation attests, in words: "GS1 Company Prefix 4012345", "LEI 5299…", "Verifier of … claims". */
export function accreditationWords(kind: KindName, subject: string, text?: string | null): string {
  switch (kind) {
    case "GS1CompanyPrefix":
      return `GS1 Company Prefix ${text ?? subjectText(subject as Hex)}`;
    case "LegalEntity":
      return `Legal entity behind LEI ${text ?? subjectText(subject as Hex)}`;
    case "VerifierTopic":
      return `Verifier of ${topicWords(subject)}`;
  }
}

/** A GS1 Company Prefix typed by hand: a problem in words, or undefined. */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix === "") return "Enter the GS1 Company Prefix (4 to 12 digits) from your GS1 licence.";
  if (!/^[0-9]+$/.test(prefix)) return "A GS1 Company Prefix has digits only.";
  if (prefix.length < 4 || prefix.length > 12)
    return `A GS1 Company Prefix has 4 to 12 digits; this one has ${prefix.length}.`;
  return undefined;
}

/** The contract subject of (kind, typed value), or a problem. Topics are given by their full name or id. */
export function subjectOf(kind: KindBit, value: string): { subject?: Hex; problem?: string } {
  if (kind === Kind.GS1_COMPANY_PREFIX) {
    const problem = prefixProblem(value);
    return problem === undefined ? { subject: prefixSubject(value) } : { problem };
  }
  if (kind === Kind.LEGAL_ENTITY) {
    const problem = value === "" ? "Enter the 20-character LEI." : leiProblem(value);
    return problem === undefined ? { subject: stringToHex(value, { size: 32 }) } : { problem };
  }
  if (value === "") return { problem: "Choose the claim topic." };
  const topic = findTopic(value);
  if (topic !== undefined) return { subject: topic.id };
  if (/^0x[0-9a-fA-F]{64}$/.test(value) && !/^0x0{64}$/.test(value)) return { subject: value.toLowerCase() as Hex };
  return { problem: "Choose a published topic, or give a topic id (0x followed by 64 hexadecimal digits)." };
}

export { TOPICS };

// ---------------------------------------------------------------------------------------------------------------------
// Status of an accreditation (as the indexer holds it)
// ---------------------------------------------------------------------------------------------------------------------

export interface AccreditationRow {
  id: string;
  kind: KindName;
  subject: string;
  subjectText: string | null;
  expiresAt: string;
  revoked: boolean;
  revokedAt: string | null;
  accreditedAt: string;
  evidenceHash: string;
  term: { active: boolean; number: number };
}

export type AccreditationStatus = "valid" | "expired" | "revoked" | "void";

/** Valid when not revoked, not expired and the body's term for the kind still runs (IAccreditations). */
export function accreditationStatus(
  row: Pick<AccreditationRow, "revoked" | "expiresAt" | "term">,
): AccreditationStatus {
  if (row.revoked) return "revoked";
  if (!row.term.active) return "void";
  if (Number(row.expiresAt) <= nowSeconds()) return "expired";
  return "valid";
}

export const STATUS_WORDS: Record<AccreditationStatus, { tone: "good" | "warn" | "bad"; text: string }> = {
  valid: { tone: "good", text: "accredited" },
  expired: { tone: "warn", text: "expired" },
  revoked: { tone: "bad", text: "revoked" },
  void: { tone: "bad", text: "void: the body no longer holds this appointment" },
};

// ---------------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------------

export interface RequestEvidence {
  sha256: string;
  name: string;
  size: number;
  contentType: string;
}

/** The request document a company stores (restricted) in its vault for the body it grants {@link REQUEST_SCOPE}. */
export interface AccreditationRequest {
  type: typeof REQUEST_TYPE;
  version: 1;
  company: Address;
  body: Address;
  kind: keyof typeof Kind;
  prefix?: string;
  lei?: string;
  /** The topic's full name when published, else its id. */
  topic?: string;
  message: string;
  /** Evidence documents, stored in the same vault under the same scope. */
  evidence: RequestEvidence[];
  requestedAt: string;
}

/** Reads a request document defensively (it is untrusted text); undefined when it is not one. */
export function parseRequest(text: string): AccreditationRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.type !== REQUEST_TYPE || typeof r.kind !== "string" || !(r.kind in Kind)) return undefined;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const evidence = Array.isArray(r.evidence)
    ? r.evidence
        .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
        .map((e) => ({
          sha256: str(e.sha256) ?? "",
          name: str(e.name) ?? "",
          size: typeof e.size === "number" ? e.size : 0,
          contentType: str(e.contentType) ?? "",
        }))
        .filter((e) => /^[0-9a-f]{64}$/.test(e.sha256))
    : [];
  const request: AccreditationRequest = {
    type: REQUEST_TYPE,
    version: 1,
    company: (str(r.company) ?? "") as Address,
    body: (str(r.body) ?? "") as Address,
    kind: r.kind as keyof typeof Kind,
    message: str(r.message) ?? "",
    evidence,
    requestedAt: str(r.requestedAt) ?? "",
  };
  const prefix = str(r.prefix);
  const lei = str(r.lei);
  const topic = str(r.topic);
  if (prefix !== undefined) request.prefix = prefix;
  if (lei !== undefined) request.lei = lei;
  if (topic !== undefined) request.topic = topic;
  return request;
}

/** What a request asks for, in words. */
export function requestWords(request: AccreditationRequest): string {
  if (request.kind === "GS1_COMPANY_PREFIX") return `GS1 Company Prefix ${request.prefix ?? "(none given)"}`;
  if (request.kind === "LEGAL_ENTITY") return `Legal entity behind LEI ${request.lei ?? "(none given)"}`;
  return `Verifier of ${request.topic === undefined ? "(no topic given)" : topicWords(request.topic)}`;
}

/** The subject value a request names, as the accredit form takes it. */
export function requestSubjectValue(request: AccreditationRequest): string {
  return request.prefix ?? request.lei ?? request.topic ?? "";
}

// ---------------------------------------------------------------------------------------------------------------------
// GraphQL
// ---------------------------------------------------------------------------------------------------------------------

export interface BodyRow {
  id: string;
  name: string;
  kinds: number;
  appointed: boolean;
  appointedAt: string;
}

export const BODIES_QUERY = `query Bodies {
  accreditationBodies(where: { appointed: true }, orderBy: name, first: 200) { id name kinds appointed appointedAt }
}`;
