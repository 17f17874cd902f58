/** graph-ts `log.log` and AssemblyScript's `abort`. */
import { LOG_LEVELS } from "../logger.ts";
import type { HostFunctions } from "./context.ts";

/** Thrown by `abort` (a failed assert, a thrown Error) and by `log.critical`; the trigger reports it. */
export class MappingAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MappingAbort";
  }
}

export const logFunctions: HostFunctions = {
  "log.log": ({ heap, dataSource, handler, event, log }, level, messagePtr) => {
    const message = heap.string(messagePtr);
    const name = LOG_LEVELS[level] ?? "info";
    log({
      level: name,
      message,
      dataSource: dataSource.name,
      handler,
      blockNumber: event.block.number,
      transactionHash: event.transaction.hash,
    });
    if (name === "critical") throw new MappingAbort(`Critical error logged in mapping: ${message}`);
  },

  // abort(message, fileName, line, column): graph-node's wording, e.g.
  // "Mapping aborted at src/probe.ts, line 12, column 3, with message: the probe asserts".
  abort: ({ heap }, messagePtr, filePtr, line, column) => {
    const message = messagePtr === 0 ? "no message" : `message: ${heap.string(messagePtr)}`;
    let location = filePtr === 0 ? "an unknown location" : heap.string(filePtr);
    if (filePtr !== 0 && line !== 0) location += `, line ${line}`;
    if (filePtr !== 0 && line !== 0 && column !== 0) location += `, column ${column}`;
    throw new MappingAbort(`Mapping aborted at ${location}, with ${message}`);
  },
};
