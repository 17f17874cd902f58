/** Running a handler for an event: the entry point the indexer and the mapping tests use. */
import { writeEvent } from "./event.ts";
import type { EthereumEvent } from "./event.ts";
import { MappingAbort } from "./host/index.ts";
import type { Hex } from "./hex.ts";
import type { Subgraph } from "./subgraph.ts";
import type { EntityStore } from "../store/types.ts";

/** A handler failed: names the data source, handler, block, transaction and log, then the reason. */
export class MappingError extends Error {
  readonly dataSource: string;
  readonly handler: string;
  readonly blockNumber: bigint;
  readonly blockHash: Hex;
  readonly transactionHash: Hex;
  readonly logIndex: bigint;
  /** What went wrong, without the location: an abort message, a store validation error, a trap. */
  readonly reason: string;

  constructor(dataSource: string, handler: string, event: EthereumEvent, reason: string, cause: unknown) {
    super(
      `${dataSource}.${handler} failed at block ${event.block.number} (${event.block.hash}), ` +
        `transaction ${event.transaction.hash}, log ${event.logIndex}: ${reason}`,
      { cause },
    );
    this.name = "MappingError";
    this.dataSource = dataSource;
    this.handler = handler;
    this.blockNumber = event.block.number;
    this.blockHash = event.block.hash;
    this.transactionHash = event.transaction.hash;
    this.logIndex = event.logIndex;
    this.reason = reason;
  }
}

/**
 * Runs `handlerName` of data source `dataSourceName` for `event` in a fresh instance of its mapping, with `store` as the
 * entity store. Entities are written through to `store` as the handler sets them: when this throws (a MappingError),
 * the caller discards the block, as graph-node fails the subgraph at that block.
 */
export function runTrigger(
  subgraph: Subgraph,
  dataSourceName: string,
  handlerName: string,
  event: EthereumEvent,
  store: EntityStore,
): void {
  const dataSource = subgraph.dataSource(dataSourceName);
  try {
    dataSource.mapping.call(
      handlerName,
      { store, schema: subgraph.model, dataSource, handler: handlerName, event, log: subgraph.log },
      (heap) => writeEvent(heap, event),
    );
  } catch (error) {
    throw new MappingError(dataSourceName, handlerName, event, reasonOf(error), error);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof MappingAbort) return error.message;
  if (error instanceof WebAssembly.RuntimeError) return `WebAssembly trap: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
