/**
 * A small Ethereum JSON-RPC client for the indexer: plain fetch, JSON-RPC batches, and errors that name the endpoint
 * and the method. Results are returned as the node sends them (hex strings); the indexer converts what it uses.
 */
import type { RpcBlockInput, RpcLogInput, RpcTransactionInput } from "./runtime/rpc-input.ts";

/** A block as eth_getBlockByNumber returns it (with full transactions where the indexer runs handlers). */
export type RpcBlock = RpcBlockInput;
export type RpcTransaction = RpcTransactionInput;

/** A log as eth_getLogs returns it. */
export interface RpcLog extends RpcLogInput {
  blockNumber: string;
  blockHash: string;
  removed?: boolean;
}

export interface LogFilter {
  fromBlock: bigint;
  toBlock: bigint;
  address: string[];
  /** topic0 alternatives. */
  topic0: string[];
}

export class RpcError extends Error {
  readonly code: number | undefined;
  constructor(message: string, code?: number) {
    super(message);
    this.name = "RpcError";
    this.code = code;
  }
}

interface Call {
  method: string;
  params: unknown[];
}

const hex = (n: bigint) => `0x${n.toString(16)}`;

export class JsonRpcClient {
  readonly url: string;
  readonly timeoutMs: number;
  #nextId = 1;

  constructor(url: string, options: { timeoutMs?: number } = {}) {
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async request<T>(method: string, params: unknown[] = []): Promise<T> {
    const [result] = await this.batch<[T]>([{ method, params }]);
    return result;
  }

  /** Sends the calls as one JSON-RPC batch and returns their results in order; any error fails the whole batch. */
  async batch<T extends unknown[]>(calls: Call[]): Promise<T> {
    if (calls.length === 0) return [] as unknown as T;
    const first = this.#nextId;
    this.#nextId += calls.length;
    const body = calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, method: c.method, params: c.params }));
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(calls.length === 1 ? body[0] : body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : "";
      throw new RpcError(`cannot reach the JSON-RPC endpoint ${this.url} (${calls[0]?.method}): ${reason}`);
    }
    if (!response.ok) throw new RpcError(`${this.url} answered HTTP ${response.status} to ${calls[0]?.method}`);
    const json = (await response.json()) as unknown;
    const replies = (Array.isArray(json) ? json : [json]) as {
      id: number;
      result?: unknown;
      error?: { code: number; message: string };
    }[];
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map((c, i) => {
      const reply = byId.get(first + i);
      if (reply === undefined) throw new RpcError(`${this.url} sent no answer to ${c.method}`);
      if (reply.error !== undefined) {
        throw new RpcError(`${c.method} failed at ${this.url}: ${reply.error.message}`, reply.error.code);
      }
      return reply.result;
    }) as T;
  }

  async chainId(): Promise<number> {
    return Number(await this.request<string>("eth_chainId"));
  }

  async blockNumber(): Promise<bigint> {
    return BigInt(await this.request<string>("eth_blockNumber"));
  }

  /** The block headers (or full blocks) at `numbers`, in one batch; null where the chain has no such block yet. */
  async blocks(numbers: readonly bigint[], fullTransactions: boolean): Promise<(RpcBlock | null)[]> {
    return this.batch<(RpcBlock | null)[]>(
      numbers.map((n) => ({ method: "eth_getBlockByNumber", params: [hex(n), fullTransactions] })),
    );
  }

  async logs(filter: LogFilter): Promise<RpcLog[]> {
    return this.request<RpcLog[]>("eth_getLogs", [
      {
        fromBlock: hex(filter.fromBlock),
        toBlock: hex(filter.toBlock),
        address: filter.address,
        topics: [filter.topic0],
      },
    ]);
  }
}
