/**
 * Makes a local Hardhat node look like a busy chain: automine off, then blocks of about `eventsPerBlock` events, each
 * block a JSON-RPC batch of eth_sendTransaction calls (from the node's unlocked demo accounts) followed by evm_mine.
 * The transactions mix what a constellation does all day: journey events (most), batches, claims, access grants and
 * blinded grants, the product writes in every fifth transaction sent by the brand's operator through actFor (which adds an
 * ActedFor event).
 * Needs the seeded demo (the brand's single origin in constellation 1).
 */
import { Interface, id, keccak256, toBeHex, zeroPadValue } from "ethers";

import { businessStepCode } from "../../sdk/src/constants.ts";
import { productId } from "../../sdk/src/gs1.ts";
import { readArtifact } from "./artifacts.ts";
import type { ConstellateAddresses } from "./deploy.ts";
import { rpc } from "./node.ts";
import { DEMO_GTINS } from "./seed-products.ts";

export interface BusyChainOptions {
  rpcUrl: string;
  addresses: ConstellateAddresses;
  /** The brand (owner of the demo's single origin), its operator and a grantee. */
  brand: string;
  operator: string;
  grantee: string;
  /** makeBusyChain stops once at least this many events were emitted. */
  events: number;
  eventsPerBlock?: number;
  /** Called after each block with the events so far. */
  progress?: (events: number) => void;
}

export interface BusyChainResult {
  events: number;
  transactions: number;
  blocks: number;
  firstBlock: bigint;
  lastBlock: bigint;
}

interface Tx {
  from: string;
  to: string;
  data: string;
  /** Events the transaction emits. */
  events: number;
}

const JOURNEY_STEPS = ["commissioning", "shipping", "receiving", "storing", "retail_selling"].map(businessStepCode);

/** A source of busy blocks: call mineBlock() with automine off (see makeBusyChain). */
export function busyChain(options: Omit<BusyChainOptions, "events" | "progress">): {
  mineBlock(): Promise<{ number: bigint; events: number; transactions: number }>;
} {
  const perBlock = options.eventsPerBlock ?? 20;
  const products = new Interface(readArtifact("Products").abi);
  const claims = new Interface(readArtifact("Claims").abi);
  const access = new Interface(readArtifact("Access").abi);
  const singleOrigin = productId(null, DEMO_GTINS.singleOrigin);
  const { Products, Claims, Access } = options.addresses;
  const call = (method: string, params: unknown[]) => ({ jsonrpc: "2.0", id: 1, method, params });

  // An operator wraps the call in actFor(company, call): the contract then acts for the brand.
  const asOperator = (tx: Tx): Tx => ({
    from: options.operator,
    to: tx.to,
    data: products.encodeFunctionData("actFor", [options.brand, tx.data]),
    events: tx.events + 1,
  });

  let n = 0;
  const nextTx = (): Tx => {
    const tx = plainTx();
    return n % 5 === 0 && tx.to === Products ? asOperator(tx) : tx;
  };
  const plainTx = (): Tx => {
    n += 1;
    const from = options.brand;
    const unique = keccak256(toBeHex(n, 32));
    const time = 1_764_000_000 + n;
    switch (n % 10) {
      case 1:
        return {
          from,
          to: Products,
          data: products.encodeFunctionData("registerBatch", [
            singleOrigin,
            `B${n}`,
            `https://vault.example/b/${n}`,
            unique,
          ]),
          events: 1,
        };
      case 3:
        return {
          from: options.brand,
          to: Claims,
          data: claims.encodeFunctionData("issue", [
            {
              issuer: options.brand,
              product: singleOrigin,
              subject: singleOrigin,
              constellation: 1n,
              topic: id("constellate.bench.v1"),
              documentHash: unique,
              documentURI: `https://vault.example/claims/${n}.json`,
              validFrom: 0n,
              validUntil: 0n,
            },
          ]),
          events: 1,
        };
      case 7:
        return {
          from: options.brand,
          to: Access,
          data: access.encodeFunctionData("grantAccess", [
            { owner: options.brand, scope: unique, kind: 0, account: options.grantee, constellation: 0n, roles: 0 },
            BigInt(time + 365 * 86_400 * 10),
          ]),
          events: 1,
        };
      case 9:
        return {
          from: options.brand,
          to: Access,
          data: access.encodeFunctionData("grantBlinded", [unique, BigInt(time + 365 * 86_400 * 10)]),
          events: 1,
        };
      default:
        return {
          from,
          to: Products,
          data: products.encodeFunctionData("recordEvent", [
            singleOrigin,
            singleOrigin,
            JOURNEY_STEPS[n % JOURNEY_STEPS.length],
            BigInt(time),
            zeroPadValue(unique, 32),
          ]),
          events: 1,
        };
    }
  };

  /** Sends about `perBlock` events' worth of transactions and mines them into one block; returns its number. */
  const mineBlock = async (): Promise<{ number: bigint; events: number; transactions: number }> => {
    const batch: Tx[] = [];
    let inBlock = 0;
    while (inBlock < perBlock) {
      const tx = nextTx();
      batch.push(tx);
      inBlock += tx.events;
    }
    const body = [
      ...batch.map((tx) => call("eth_sendTransaction", [{ from: tx.from, to: tx.to, data: tx.data, gas: "0x7a120" }])),
      call("evm_mine", []),
      call("eth_blockNumber", []),
    ].map((c, i) => ({ ...c, id: i }));
    const response = await fetch(options.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const replies = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
    const failed = replies.find((r) => r.error !== undefined);
    if (failed !== undefined) throw new Error(`busy chain: call ${failed.id} failed: ${failed.error?.message}`);
    const number = replies.find((r) => r.id === body.length - 1)?.result as string;
    return { number: BigInt(number), events: inBlock, transactions: batch.length };
  };
  return { mineBlock };
}

/** Mines blocks of about `eventsPerBlock` events until at least `events` were emitted (automine is off meanwhile). */
export async function makeBusyChain(options: BusyChainOptions): Promise<BusyChainResult> {
  const { mineBlock } = busyChain(options);
  await rpc(options.rpcUrl, "evm_setAutomine", [false]);
  const firstBlock = BigInt((await rpc(options.rpcUrl, "eth_blockNumber")) as string) + 1n;
  let events = 0;
  let transactions = 0;
  let blocks = 0;
  let lastBlock = firstBlock - 1n;
  try {
    while (events < options.events) {
      const mined = await mineBlock();
      events += mined.events;
      transactions += mined.transactions;
      blocks += 1;
      lastBlock = mined.number;
      options.progress?.(events);
    }
  } finally {
    await rpc(options.rpcUrl, "evm_setAutomine", [true]);
  }
  return { events, transactions, blocks, firstBlock, lastBlock };
}
