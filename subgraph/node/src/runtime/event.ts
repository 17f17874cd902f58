/**
 * The ethereum.Event a handler receives: the log's decoded parameters with the block and the transaction, as plain
 * JavaScript (hex strings, bigints), and its layout in the mapping's memory (graph-ts chain/ethereum.ts, apiVersion
 * 0.0.9: Event has 8 fields, Block 15, Transaction 9, all pointers).
 */
import { decodeAbiParameters } from "viem";
import type { AbiEvent } from "viem";

import type { AscHeap } from "./asc/heap.ts";
import { newBigInt } from "./asc/numbers.ts";
import { fromAbiValue, isHashedWhenIndexed, writeEthereumValue } from "./ethereum-value.ts";
import type { EthereumValue } from "./ethereum-value.ts";
import { hexToBytes } from "./hex.ts";
import type { Hex } from "./hex.ts";

export interface EthereumBlock {
  hash: Hex;
  parentHash: Hex;
  unclesHash: Hex;
  author: Hex;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  number: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
}

export interface EthereumTransaction {
  hash: Hex;
  index: bigint;
  from: Hex;
  to: Hex | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: Hex;
  nonce: bigint;
}

/** A log as the indexer has it; `transactionLogIndex` and `logType` are usually absent (graph-node then uses 0, null). */
export interface LogInput {
  address: Hex;
  topics: readonly Hex[];
  data: Hex;
  logIndex: bigint;
  transactionLogIndex?: bigint;
  logType?: string | null;
}

export interface EventParam {
  name: string;
  value: EthereumValue;
}

export interface EthereumEvent {
  address: Hex;
  logIndex: bigint;
  transactionLogIndex: bigint;
  logType: string | null;
  block: EthereumBlock;
  transaction: EthereumTransaction;
  parameters: EventParam[];
}

/** Builds the event for a log of `abiEvent`. Throws when the log does not fit the event's ABI. */
export function eventFromLog(
  abiEvent: AbiEvent,
  log: LogInput,
  block: EthereumBlock,
  transaction: EthereumTransaction,
): EthereumEvent {
  return {
    address: log.address.toLowerCase() as Hex,
    logIndex: log.logIndex,
    transactionLogIndex: log.transactionLogIndex ?? 0n,
    logType: log.logType ?? null,
    block,
    transaction,
    parameters: decodeEventParameters(abiEvent, log.topics, log.data),
  };
}

/**
 * Decodes a log's topics and data into the event's parameters, in ABI order. An indexed parameter of a reference type
 * (string, bytes, array, tuple) is logged as its keccak hash, so it arrives as that hash (fixedBytes), as in graph-node.
 */
export function decodeEventParameters(abiEvent: AbiEvent, topics: readonly Hex[], data: Hex): EventParam[] {
  const indexedCount = abiEvent.inputs.filter((input) => input.indexed === true).length;
  if (topics.length !== indexedCount + 1) {
    throw new Error(
      `log has ${topics.length} topics, but event ${abiEvent.name} has ${indexedCount} indexed parameters`,
    );
  }
  const nonIndexed = abiEvent.inputs.filter((input) => input.indexed !== true);
  let values: readonly unknown[];
  try {
    values = decodeAbiParameters(nonIndexed, data);
  } catch (error) {
    throw new Error(`log data does not decode as event ${abiEvent.name}: ${(error as Error).message.split("\n")[0]}`);
  }
  let topic = 1;
  let next = 0;
  return abiEvent.inputs.map((input) => {
    const name = input.name ?? "";
    if (input.indexed !== true) return { name, value: fromAbiValue(input, values[next++]) };
    const raw = topics[topic++]!;
    if (isHashedWhenIndexed(input)) return { name, value: { kind: "fixedBytes", value: raw.toLowerCase() as Hex } };
    const [decoded] = decodeAbiParameters([input], raw);
    return { name, value: fromAbiValue(input, decoded) };
  });
}

export function writeEvent(heap: AscHeap, event: EthereumEvent): number {
  const ids = heap.ids;
  const parameters = event.parameters.map((param) =>
    heap.newObject(ids.EventParam, [heap.newString(param.name), writeEthereumValue(heap, param.value)]),
  );
  return heap.newObject(ids.EthereumEvent, [
    heap.newBytes(hexToBytes(event.address)),
    newBigInt(heap, event.logIndex),
    newBigInt(heap, event.transactionLogIndex),
    event.logType === null ? 0 : heap.newString(event.logType),
    writeBlock(heap, event.block),
    writeTransaction(heap, event.transaction),
    heap.newPointerArray(parameters, ids.ArrayEventParam),
    0, // receipt: only with `receipt: true` on the handler, which the local node does not fetch
  ]);
}

function writeBlock(heap: AscHeap, block: EthereumBlock): number {
  const bytes = (hex: Hex) => heap.newBytes(hexToBytes(hex));
  const big = (value: bigint) => newBigInt(heap, value);
  return heap.newObject(heap.ids.EthereumBlock, [
    bytes(block.hash),
    bytes(block.parentHash),
    bytes(block.unclesHash),
    bytes(block.author),
    bytes(block.stateRoot),
    bytes(block.transactionsRoot),
    bytes(block.receiptsRoot),
    big(block.number),
    big(block.gasUsed),
    big(block.gasLimit),
    big(block.timestamp),
    big(block.difficulty),
    big(block.totalDifficulty),
    block.size === null ? 0 : big(block.size),
    block.baseFeePerGas === null ? 0 : big(block.baseFeePerGas),
  ]);
}

function writeTransaction(heap: AscHeap, tx: EthereumTransaction): number {
  const bytes = (hex: Hex) => heap.newBytes(hexToBytes(hex));
  const big = (value: bigint) => newBigInt(heap, value);
  return heap.newObject(heap.ids.EthereumTransaction, [
    bytes(tx.hash),
    big(tx.index),
    bytes(tx.from),
    tx.to === null ? 0 : bytes(tx.to),
    big(tx.value),
    big(tx.gasLimit),
    big(tx.gasPrice),
    bytes(tx.input),
    big(tx.nonce),
  ]);
}
