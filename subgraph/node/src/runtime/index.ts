/**
 * The host runtime: runs a subgraph's compiled AssemblyScript mappings (the output of `graph build`) in Node, with the
 * host functions graph-node gives them, for the local Graph node's indexer and for mapping unit tests.
 *
 * Loading
 *   loadSubgraph(buildDir, { log?, freshInstances? }): Subgraph
 *     Reads buildDir/subgraph.yaml, schema.graphql, the ABIs, and compiles each data source's WebAssembly once.
 *   subgraph.dataSources: DataSource[]  (name, network, address, startBlock, abi, eventHandlers, context, mapping)
 *   subgraph.dataSource(name): DataSource
 *   subgraph.handlersFor(log, blockNumber?): { dataSource, handler }[]   the handlers a log triggers (address, topic0,
 *                                                                         start block)
 *   subgraph.assertImportsProvided(): void                 throws naming any host function a mapping imports that the
 *                                                          local node does not provide (else the first trigger would)
 *
 * Events
 *   eventFromLog(handler.abiEvent, log: LogInput, block: EthereumBlock, tx: EthereumTransaction): EthereumEvent
 *     Decodes the log's topics and data with the ABI into typed parameters (EthereumValue). Inputs are plain
 *     JavaScript: hex strings (Hex) for hashes, addresses and bytes, bigint for numbers.
 *   blockFromRpc / transactionFromRpc / logFromRpc convert eth_getBlockByNumber / eth_getLogs JSON to those inputs;
 *   eventFromRpc(abiEvent, rpcLog, rpcBlock) does all three, taking the transaction from the block.
 *   runHandlersForLog(subgraph, rpcLog, rpcBlock, store): number   runs every handler the log triggers (the indexer's
 *                                                                   entry point)
 *
 * Running
 *   runTrigger(subgraph, dataSourceName, handlerName, event, store: EntityStore): void
 *     Runs the handler in a freshly started instance; entity writes go to `store` as the handler makes them (store.set
 *     receives the whole entity after the merge: every stored field, null where unset). Throws a
 *     MappingError naming the data source, handler, block, transaction and log, and the reason: the mapping's abort
 *     message with file, line and column, a store validation error (entity, id, field), a missing host function.
 *   Host functions follow graph-node: store (get, get_in_block, set with merge and schema validation, remove,
 *   loadRelated), bigInt, bigDecimal (34 significant digits), typeConversion, crypto.keccak256, json, log (critical
 *   fails the trigger), dataSource (address, network, context), ethereum.encode/decode, yaml. ethereum.call, getBalance
 *   and hasCode and dataSource.create fail when called; ipfs, ens and anything else fail when the mapping is
 *   instantiated.
 *
 * Testing
 *   MemoryStore(schema): an EntityStore in memory, with beginBlock() for get_in_block.
 *   makeEvent(subgraph, dataSource, eventName, args, { block?, transaction?, logIndex?, address? }): Trigger
 *   MappingHarness.load(buildDir): emit(dataSource, eventName, args, options?), nextBlock(), entity(type, id),
 *     entities(type), count(type), store.
 */
export { loadSubgraph, Subgraph } from "./subgraph.ts";
export type { DataSource, EventHandler, LoadOptions, TriggeredHandler } from "./subgraph.ts";
export { decodeEventParameters, eventFromLog } from "./event.ts";
export type { EthereumBlock, EthereumEvent, EthereumTransaction, EventParam, LogInput } from "./event.ts";
export { blockFromRpc, eventFromRpc, logFromRpc, runHandlersForLog, transactionFromRpc } from "./rpc-input.ts";
export type { RpcBlockInput, RpcLogInput, RpcTransactionInput } from "./rpc-input.ts";
export { decodeEthereumValue, encodeEthereumValue } from "./ethereum-value.ts";
export type { EthereumValue } from "./ethereum-value.ts";
export { MappingError, runTrigger } from "./trigger.ts";
export { stderrLogger } from "./logger.ts";
export type { LogLevel, MappingLogEntry, MappingLogger } from "./logger.ts";
export { MemoryStore } from "./memory-store.ts";
export { makeEvent, MappingHarness, syntheticBlock, syntheticTransaction } from "./testing.ts";
export type { EventArgs, EventOptions, Trigger } from "./testing.ts";
export * as bigDecimal from "./big-decimal.ts";
export type { BigDecimal } from "./big-decimal.ts";
export type { Hex } from "./hex.ts";
