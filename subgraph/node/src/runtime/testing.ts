/**
 * Helpers for mapping unit tests: synthetic events built from plain arguments (encoded into a real log and decoded back
 * the way the indexer decodes, so a test exercises the same path), and a harness that runs them against a MemoryStore.
 *
 *   const mappings = MappingHarness.load("subgraph/build");
 *   mappings.emit("Companies", "OperatorSet", { company, operator, permissions: 3n, expiresAt: 0n });
 *   assert.equal(mappings.entity("Operator", id)?.permissions, 3n);
 */
import { encodeAbiParameters, keccak256, stringToBytes } from "viem";
import type { AbiParameter } from "viem";

import { isHashedWhenIndexed } from "./ethereum-value.ts";
import { eventFromLog } from "./event.ts";
import type { EthereumBlock, EthereumEvent, EthereumTransaction } from "./event.ts";
import type { Hex } from "./hex.ts";
import { MemoryStore } from "./memory-store.ts";
import { loadSubgraph } from "./subgraph.ts";
import type { EventHandler, LoadOptions, Subgraph } from "./subgraph.ts";
import { runTrigger } from "./trigger.ts";
import type { EntityData } from "../schema.ts";

/** Event arguments by parameter name (or in ABI order): addresses and bytes as hex, integers as bigint or number. */
export type EventArgs = Readonly<Record<string, unknown>> | readonly unknown[];

export interface EventOptions {
  block?: Partial<EthereumBlock>;
  transaction?: Partial<EthereumTransaction>;
  /** Defaults to a counter, so events built without one get distinct (transaction, log index) pairs. */
  logIndex?: bigint | number;
  /** The emitting contract; defaults to the data source's address. */
  address?: Hex;
}

/** A handler call ready to run: `runTrigger(subgraph, t.dataSource, t.handler, t.event, store)`. */
export interface Trigger {
  dataSource: string;
  handler: string;
  event: EthereumEvent;
}

const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;
const ZERO_ADDRESS: Hex = `0x${"00".repeat(20)}`;
/** keccak256 of the RLP of an empty list: the uncles hash of every block since the merge. */
const EMPTY_UNCLES_HASH: Hex = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
/** Hardhat's first account. */
const DEFAULT_SENDER: Hex = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

let sequence = 0;

/** A block with plausible values; `number` defaults to 1, the hashes derive from the number. */
export function syntheticBlock(overrides: Partial<EthereumBlock> = {}): EthereumBlock {
  const number = overrides.number ?? 1n;
  return {
    hash: keccak256(stringToBytes(`block ${number}`)),
    parentHash: number === 0n ? ZERO_HASH : keccak256(stringToBytes(`block ${number - 1n}`)),
    unclesHash: EMPTY_UNCLES_HASH,
    author: ZERO_ADDRESS,
    stateRoot: ZERO_HASH,
    transactionsRoot: ZERO_HASH,
    receiptsRoot: ZERO_HASH,
    number,
    gasUsed: 21_000n,
    gasLimit: 30_000_000n,
    timestamp: 1_700_000_000n + 12n * number,
    difficulty: 0n,
    totalDifficulty: 0n,
    size: 1_000n,
    baseFeePerGas: 1_000_000_000n,
    ...overrides,
  };
}

export function syntheticTransaction(overrides: Partial<EthereumTransaction> = {}): EthereumTransaction {
  return {
    hash: keccak256(stringToBytes(`transaction ${++sequence}`)),
    index: 0n,
    from: DEFAULT_SENDER,
    to: null,
    value: 0n,
    gasLimit: 1_000_000n,
    gasPrice: 1_000_000_000n,
    input: "0x",
    nonce: 0n,
    ...overrides,
  };
}

/**
 * Builds the event `eventName` (an ABI event name, or the manifest's signature when names are overloaded) of data source
 * `dataSourceName` from plain arguments.
 */
export function makeEvent(
  subgraph: Subgraph,
  dataSourceName: string,
  eventName: string,
  args: EventArgs = {},
  options: EventOptions = {},
): Trigger {
  const dataSource = subgraph.dataSource(dataSourceName);
  const handler = findHandler(dataSource.name, dataSource.eventHandlers, eventName);
  const where = `makeEvent ${dataSource.name}.${eventName}`;
  const inputs = handler.abiEvent.inputs;
  const values = inputs.map((input, i) => {
    const value = Array.isArray(args) ? args[i] : (args as Record<string, unknown>)[input.name ?? ""];
    if (value === undefined) throw new Error(`${where}: missing argument \`${input.name ?? i}\``);
    return toViemValue(input, value);
  });
  const unknown = Array.isArray(args) ? [] : Object.keys(args).filter((key) => !inputs.some((i) => i.name === key));
  if (unknown.length > 0) throw new Error(`${where}: unknown arguments ${unknown.join(", ")}`);

  const topics = [handler.topic0];
  inputs.forEach((input, i) => {
    if (input.indexed === true) topics.push(topic(where, input, values[i]));
  });
  const nonIndexed = inputs.flatMap((input, i) => (input.indexed === true ? [] : [{ input, value: values[i] }]));
  const data = encodeAbiParameters(
    nonIndexed.map((entry) => entry.input),
    nonIndexed.map((entry) => entry.value),
  );

  const address = (options.address ?? dataSource.address ?? ZERO_ADDRESS).toLowerCase() as Hex;
  const block = syntheticBlock(options.block);
  const transaction = syntheticTransaction({ to: address, ...options.transaction });
  const logIndex = BigInt(options.logIndex ?? sequence++);
  const event = eventFromLog(handler.abiEvent, { address, topics, data, logIndex }, block, transaction);
  return { dataSource: dataSource.name, handler: handler.handler, event };
}

/** An indexed parameter's topic: the value itself when static, its keccak hash for strings, bytes and the rest. */
function topic(where: string, input: AbiParameter, value: unknown): Hex {
  if (!isHashedWhenIndexed(input)) return encodeAbiParameters([input], [value]);
  if (input.type === "string") return keccak256(stringToBytes(value as string));
  if (input.type === "bytes") return keccak256(value as Hex);
  if (typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value)) return value as Hex;
  throw new Error(`${where}: indexed ${input.type} \`${input.name}\` is logged as a hash: pass the 32-byte hash`);
}

function findHandler(dataSource: string, handlers: readonly EventHandler[], eventName: string): EventHandler {
  const matches = handlers.filter((h) => h.event === eventName || h.abiEvent.name === eventName);
  if (matches.length === 1) return matches[0]!;
  const known = handlers.map((h) => h.event).join(", ");
  if (matches.length === 0)
    throw new Error(`data source ${dataSource} has no handler for ${eventName} (it has ${known})`);
  throw new Error(`${dataSource}.${eventName} is overloaded: name it by signature (one of ${known})`);
}

/** viem wants numbers for small integer types in some places and bigints in others; it accepts bigints everywhere. */
function toViemValue(param: AbiParameter, value: unknown): unknown {
  if (/^u?int\d*$/.test(param.type) && typeof value === "number") return BigInt(value);
  const array = /^(.*)\[\d*\]$/.exec(param.type);
  if (array !== null && Array.isArray(value)) {
    const element = { ...param, type: array[1]! } as AbiParameter;
    return value.map((item) => toViemValue(element, item));
  }
  if (param.type === "tuple" && value !== null && typeof value === "object") {
    const components = (param as { components: readonly AbiParameter[] }).components;
    return components.map((component, i) =>
      toViemValue(
        component,
        Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[component.name ?? ""],
      ),
    );
  }
  return value;
}

/**
 * Runs handlers against a MemoryStore block by block: emit() builds an event in the current block and runs its
 * handler; nextBlock() moves on (so store.get_in_block forgets the previous block).
 */
export class MappingHarness {
  readonly subgraph: Subgraph;
  readonly store: MemoryStore;
  #block = 1n;
  #logIndex = 0n;

  constructor(subgraph: Subgraph) {
    this.subgraph = subgraph;
    this.store = new MemoryStore(subgraph.schema);
  }

  static load(buildDir: string, options?: LoadOptions): MappingHarness {
    return new MappingHarness(loadSubgraph(buildDir, options));
  }

  get blockNumber(): bigint {
    return this.#block;
  }

  /** Runs the handler for a synthetic event in the current block; throws the handler's MappingError. */
  emit(dataSource: string, eventName: string, args: EventArgs = {}, options: EventOptions = {}): EthereumEvent {
    const trigger = makeEvent(this.subgraph, dataSource, eventName, args, {
      logIndex: this.#logIndex++,
      ...options,
      block: { number: this.#block, ...options.block },
    });
    runTrigger(this.subgraph, trigger.dataSource, trigger.handler, trigger.event, this.store);
    return trigger.event;
  }

  /** Starts the next block and returns its number. */
  nextBlock(): bigint {
    this.store.beginBlock();
    this.#logIndex = 0n;
    return ++this.#block;
  }

  entity(type: string, id: string): EntityData | null {
    return this.store.get(type, id);
  }

  entities(type: string): EntityData[] {
    return this.store.all(type);
  }

  count(type: string): number {
    return this.store.count(type);
  }
}
