/** Where the mappings' `log.*` calls go. */
import type { Hex } from "./hex.ts";

export type LogLevel = "critical" | "error" | "warning" | "info" | "debug";

/** graph-ts's log.Level numbering. */
export const LOG_LEVELS: readonly LogLevel[] = ["critical", "error", "warning", "info", "debug"];

export interface MappingLogEntry {
  level: LogLevel;
  message: string;
  dataSource: string;
  handler: string;
  blockNumber: bigint;
  transactionHash: Hex;
}

export type MappingLogger = (entry: MappingLogEntry) => void;

/** The default: warnings and worse to stderr; info and debug are dropped (they would flood an indexer's output). */
export const stderrLogger: MappingLogger = (entry) => {
  if (entry.level === "info" || entry.level === "debug") return;
  console.error(
    `[${entry.level}] ${entry.dataSource}.${entry.handler} at block ${entry.blockNumber} ` +
      `(tx ${entry.transactionHash}): ${entry.message}`,
  );
};
