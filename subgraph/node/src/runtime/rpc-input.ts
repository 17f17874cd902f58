/**
 * Ethereum JSON-RPC results (eth_getBlockByNumber with full transactions, eth_getLogs: quantities as hex strings) turned
 * into the runtime's inputs, with graph-node's defaults for what a node may omit (0 for the difficulties, the
 * effective gas price, null for size and base fee).
 */
import type { AbiEvent } from "viem";

import { eventFromLog } from "./event.ts";
import type { EthereumBlock, EthereumEvent, EthereumTransaction, LogInput } from "./event.ts";
import type { Hex } from "./hex.ts";
import type { Subgraph } from "./subgraph.ts";
import { runTrigger } from "./trigger.ts";
import type { EntityStore } from "../store/types.ts";

export interface RpcBlockInput {
  number: string;
  hash: string;
  parentHash: string;
  sha3Uncles: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  gasUsed: string;
  gasLimit: string;
  timestamp: string;
  difficulty?: string;
  totalDifficulty?: string;
  size?: string;
  baseFeePerGas?: string;
  transactions: readonly (RpcTransactionInput | string)[];
}

export interface RpcTransactionInput {
  hash: string;
  transactionIndex: string;
  from: string;
  to: string | null;
  value: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  input: string;
  nonce: string;
}

export interface RpcLogInput {
  address: string;
  topics: readonly string[];
  data: string;
  logIndex: string;
  transactionHash: string;
  transactionIndex: string;
  transactionLogIndex?: string;
  logType?: string;
}

const hex = (value: string) => value.toLowerCase() as Hex;
const quantity = (value: string | undefined) => (value === undefined ? 0n : BigInt(value));

export function blockFromRpc(block: RpcBlockInput): EthereumBlock {
  return {
    hash: hex(block.hash),
    parentHash: hex(block.parentHash),
    unclesHash: hex(block.sha3Uncles),
    author: hex(block.miner),
    stateRoot: hex(block.stateRoot),
    transactionsRoot: hex(block.transactionsRoot),
    receiptsRoot: hex(block.receiptsRoot),
    number: BigInt(block.number),
    gasUsed: BigInt(block.gasUsed),
    gasLimit: BigInt(block.gasLimit),
    timestamp: BigInt(block.timestamp),
    difficulty: quantity(block.difficulty),
    totalDifficulty: quantity(block.totalDifficulty),
    size: block.size === undefined ? null : BigInt(block.size),
    baseFeePerGas: block.baseFeePerGas === undefined ? null : BigInt(block.baseFeePerGas),
  };
}

export function transactionFromRpc(tx: RpcTransactionInput): EthereumTransaction {
  return {
    hash: hex(tx.hash),
    index: BigInt(tx.transactionIndex),
    from: hex(tx.from),
    to: tx.to === null ? null : hex(tx.to),
    value: BigInt(tx.value),
    gasLimit: BigInt(tx.gas),
    gasPrice: quantity(tx.gasPrice ?? tx.maxFeePerGas),
    input: hex(tx.input),
    nonce: BigInt(tx.nonce),
  };
}

export function logFromRpc(log: RpcLogInput): LogInput {
  return {
    address: hex(log.address),
    topics: log.topics.map(hex),
    data: hex(log.data),
    logIndex: BigInt(log.logIndex),
    ...(log.transactionLogIndex === undefined ? {} : { transactionLogIndex: BigInt(log.transactionLogIndex) }),
    ...(log.logType === undefined ? {} : { logType: log.logType }),
  };
}

/** The event for an RPC log of `abiEvent`, with its transaction taken from the block (fetched with full transactions). */
export function eventFromRpc(abiEvent: AbiEvent, log: RpcLogInput, block: RpcBlockInput): EthereumEvent {
  const tx = block.transactions[Number(BigInt(log.transactionIndex))];
  if (typeof tx !== "object" || tx.hash.toLowerCase() !== log.transactionHash.toLowerCase()) {
    throw new Error(
      `block ${BigInt(block.number)} has no full transaction ${log.transactionHash} at index ${BigInt(log.transactionIndex)} ` +
        "(fetch the block with full transactions)",
    );
  }
  return eventFromLog(abiEvent, logFromRpc(log), blockFromRpc(block), transactionFromRpc(tx));
}

/**
 * Runs every handler an RPC log triggers (by address, topic0 and start block, in manifest order), each in its own fresh
 * instance.
 * Returns how many ran. Throws the first handler's MappingError.
 */
export function runHandlersForLog(
  subgraph: Subgraph,
  log: RpcLogInput,
  block: RpcBlockInput,
  store: EntityStore,
): number {
  const handlers = subgraph.handlersFor(log, BigInt(block.number));
  for (const { dataSource, handler } of handlers) {
    runTrigger(subgraph, dataSource.name, handler.handler, eventFromRpc(handler.abiEvent, log, block), store);
  }
  return handlers.length;
}
