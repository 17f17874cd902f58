/** What a host function sees of the trigger it serves. */
import type { AscHeap } from "../asc/heap.ts";
import type { SchemaModel } from "../entity.ts";
import type { EthereumEvent } from "../event.ts";
import type { MappingLogger } from "../logger.ts";
import type { DataSource } from "../subgraph.ts";
import type { EntityStore } from "../../store/types.ts";

export interface HostContext {
  readonly heap: AscHeap;
  readonly store: EntityStore;
  readonly schema: SchemaModel;
  readonly dataSource: DataSource;
  readonly handler: string;
  readonly event: EthereumEvent;
  readonly log: MappingLogger;
}

/**
 * A host function: receives the context and the WebAssembly arguments (pointers and i32s), returns a pointer, a
 * number, an i64 as bigint, or nothing. Throwing fails the trigger.
 */
export type HostFunction = (context: HostContext, ...args: number[]) => number | bigint | void;

export type HostFunctions = Readonly<Record<string, HostFunction>>;
