/**
 * Who an account may act for: itself, when it is a registered company, and every company that appointed it as a live
 * operator. The subgraph (or, without one, the chain's OperatorSet logs) only suggests candidates; each is confirmed
 * by the Companies contract at one block, and an appointment or compromise mark counts as ended as soon as either
 * the block time or the wall clock says so.
 */
import { constellateAbis, Permission } from "@constellate/sdk";
import type { Address } from "viem";
import { getAbiItem, getAddress, isAddress } from "viem";
import { getBlock, getLogs, readContract } from "viem/actions";

import type { AuthContext } from "./context.ts";
import { AuthError } from "./errors.ts";

const COMPANIES_ABI = constellateAbis.Companies;
const OPERATOR_SET = getAbiItem({ abi: COMPANIES_ABI, name: "OperatorSet" });
/** The most candidates one account is checked for: appointing an operator needs no consent, so spam is possible. */
const MAX_CANDIDATES = 1000;
/** Contract reads in flight at once. */
const READ_BATCH = 25;
const GRAPHQL_PAGE = 1000;
const GRAPHQL_TIMEOUT_MS = 5000;

type CompaniesContext = Pick<AuthContext, "client" | "companies" | "graphqlUrl" | "companiesFromBlock" | "clock">;

export interface ActingCompany {
  company: Address;
  /** "self": the account is the company; "operator": it holds a live appointment from the company. */
  relation: "self" | "operator";
  /** The operator's permission bits (Permission in the sdk); every bit for the company itself. */
  permissions: bigint;
  /** Block time (seconds) at which the appointment ends; null for the company itself. */
  expiresAt: bigint | null;
  /**
   * The company marked itself compromised (by block time or wall clock). Only the company's own account still acts
   * then (to move to a new one); its operators are never listed.
   */
  compromised: boolean;
}

/** One consistent reading of the chain: a block, its time, and the wall clock, both in seconds. */
interface Snapshot {
  blockNumber: bigint;
  blockTime: bigint;
  wallTime: bigint;
}

/** The companies `account` may act for now, itself first, confirmed on the chain. */
export async function companiesFor(account: string, ctx: CompaniesContext): Promise<ActingCompany[]> {
  const self = getAddress(account);
  const snapshot = await takeSnapshot(ctx);
  const suggested = await operatorCandidates(self, snapshot, ctx);
  const candidates = [self, ...new Set(suggested.filter((company) => company !== self))].slice(0, MAX_CANDIDATES);
  const confirmed: ActingCompany[] = [];
  for (let i = 0; i < candidates.length; i += READ_BATCH) {
    const batch = candidates.slice(i, i + READ_BATCH);
    const answers = await Promise.all(batch.map((company) => confirm(company, self, 0n, snapshot, ctx)));
    for (const answer of answers) if (answer !== null) confirmed.push(answer);
  }
  return confirmed;
}

/**
 * Whether `account` may act for `company` now with every bit of `permissions` (default: any live appointment),
 * asked of the Companies contract (isActing) and held against the wall clock as well. False for a `company` or
 * `account` that is not an address (such as an untrusted x-owner header).
 */
export async function mayActFor(
  request: { account: string; company: string; permissions?: bigint },
  ctx: CompaniesContext,
): Promise<boolean> {
  if (!isAddress(request.account, { strict: false }) || !isAddress(request.company, { strict: false })) return false;
  const snapshot = await takeSnapshot(ctx);
  const answer = await confirm(
    getAddress(request.company),
    getAddress(request.account),
    request.permissions ?? 0n,
    snapshot,
    ctx,
  );
  return answer !== null;
}

async function confirm(
  company: Address,
  account: Address,
  permissions: bigint,
  snapshot: Snapshot,
  ctx: CompaniesContext,
): Promise<ActingCompany | null> {
  const at = { address: ctx.companies, abi: COMPANIES_ABI, blockNumber: snapshot.blockNumber } as const;
  try {
    const status = await readContract(ctx.client, { ...at, functionName: "statusOf", args: [company] });
    if (status.registeredAt === 0n) return null;
    const compromised =
      status.compromisedFrom !== 0n &&
      (snapshot.blockTime >= status.compromisedFrom || snapshot.wallTime >= status.compromisedFrom);
    if (company === account) {
      return { company, relation: "self", permissions: Permission.ALL, expiresAt: null, compromised };
    }
    if (compromised) return null;
    const [acting, appointment] = await Promise.all([
      readContract(ctx.client, { ...at, functionName: "isActing", args: [company, account, permissions] }),
      readContract(ctx.client, { ...at, functionName: "operatorOf", args: [company, account] }),
    ]);
    if (!acting || appointment.expiresAt <= snapshot.wallTime) return null;
    return {
      company,
      relation: "operator",
      permissions: appointment.permissions,
      expiresAt: appointment.expiresAt,
      compromised: false,
    };
  } catch (error) {
    throw new AuthError("chain_unavailable", "The vault could not read the Companies contract.", { cause: error });
  }
}

async function takeSnapshot(ctx: CompaniesContext): Promise<Snapshot> {
  try {
    const block = await getBlock(ctx.client, { blockTag: "latest" });
    return {
      blockNumber: block.number,
      blockTime: block.timestamp,
      wallTime: BigInt(Math.floor(ctx.clock() / 1000)),
    };
  } catch (error) {
    throw new AuthError("chain_unavailable", "The vault could not read the chain's latest block.", { cause: error });
  }
}

/** Companies that appointed `account` at some time (some may since have removed it, or it may have expired). */
async function operatorCandidates(account: Address, snapshot: Snapshot, ctx: CompaniesContext): Promise<Address[]> {
  if (ctx.graphqlUrl !== undefined) return await candidatesFromSubgraph(account, ctx.graphqlUrl);
  try {
    const logs = await getLogs(ctx.client, {
      address: ctx.companies,
      event: OPERATOR_SET,
      args: { operator: account },
      fromBlock: ctx.companiesFromBlock,
      toBlock: snapshot.blockNumber,
    });
    return logs.flatMap((log) => (log.args.company === undefined ? [] : [getAddress(log.args.company)]));
  } catch (error) {
    throw new AuthError("chain_unavailable", "The vault could not read the Companies contract's logs.", {
      cause: error,
    });
  }
}

const OPERATORS_QUERY = `query OperatorCandidates($where: Operator_filter!, $first: Int!) {
  operators(where: $where, first: $first, orderBy: id, orderDirection: asc) { id company { id } }
}`;

interface OperatorsPage {
  data?: { operators?: { id: string; company?: { id?: unknown } | null }[] };
  errors?: { message: string }[];
}

/** Active Operator entities for `account`, paged with `id_gt` cursors. */
async function candidatesFromSubgraph(account: Address, url: string): Promise<Address[]> {
  const companies: Address[] = [];
  let after: string | undefined;
  while (companies.length < MAX_CANDIDATES) {
    const where = { account: account.toLowerCase(), active: true, ...(after === undefined ? {} : { id_gt: after }) };
    const page = await queryOperators(url, where);
    for (const operator of page) {
      const company = operator.company?.id;
      if (typeof company === "string" && isAddress(company, { strict: false })) companies.push(getAddress(company));
    }
    if (page.length < GRAPHQL_PAGE) break;
    after = page.at(-1)?.id;
  }
  return companies;
}

async function queryOperators(url: string, where: Record<string, unknown>) {
  let body: OperatorsPage;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: OPERATORS_QUERY, variables: { where, first: GRAPHQL_PAGE } }),
      signal: AbortSignal.timeout(GRAPHQL_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = (await response.json()) as OperatorsPage;
  } catch (error) {
    throw new AuthError("index_unavailable", "The vault could not query the subgraph for operator appointments.", {
      cause: error,
    });
  }
  const operators = body.data?.operators;
  if (body.errors !== undefined || !Array.isArray(operators)) {
    const reason = body.errors?.map((e) => e.message).join("; ") ?? "no operators in the answer";
    throw new AuthError("index_unavailable", `The subgraph refused the operator query: ${reason}.`);
  }
  return operators;
}
