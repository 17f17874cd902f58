/**
 * A built subgraph (the output of `graph build`: subgraph.yaml, schema.graphql, and per data source its ABIs and
 * compiled mapping), loaded for running: the schema, and for each data source its address, start block, event handlers
 * (keyed by topic0) and compiled module.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { parse as parseYaml } from "yaml";
import { keccak256, stringToBytes } from "viem";
import type { Abi, AbiEvent, AbiParameter } from "viem";

import { parseBigDecimal } from "./big-decimal.ts";
import { SchemaModel } from "./entity.ts";
import { hexToBytes, isHex } from "./hex.ts";
import type { Hex } from "./hex.ts";
import { stderrLogger } from "./logger.ts";
import type { MappingLogger } from "./logger.ts";
import { CompiledMapping } from "./mapping.ts";
import { NULL } from "./store-value.ts";
import type { StoreValue } from "./store-value.ts";
import { loadSchema } from "../schema.ts";
import type { SubgraphSchema } from "../schema.ts";

export interface EventHandler {
  /** The event as the manifest writes it, e.g. "Transfer(indexed address,indexed address,uint256)". */
  readonly event: string;
  /** The exported mapping function. */
  readonly handler: string;
  readonly topic0: Hex;
  readonly abiEvent: AbiEvent;
}

export interface DataSource {
  readonly name: string;
  readonly network: string;
  /** Lowercase; undefined when the data source listens to every address. */
  readonly address: Hex | undefined;
  readonly startBlock: bigint;
  readonly abiName: string;
  readonly abi: Abi;
  readonly apiVersion: string;
  readonly eventHandlers: readonly EventHandler[];
  /** The manifest's `context`, as dataSource.context() returns it. */
  readonly context: ReadonlyMap<string, StoreValue>;
  readonly mapping: CompiledMapping;
}

export interface TriggeredHandler {
  dataSource: DataSource;
  handler: EventHandler;
}

export interface LoadOptions {
  /** Receives the mappings' log.* calls (default: warnings and worse to stderr). */
  log?: MappingLogger;
  /**
   * Instantiate every mapping afresh for each trigger instead of resetting a used instance to the fresh state (the
   * same behaviour, several times slower; for comparison).
   */
  freshInstances?: boolean;
}

export class Subgraph {
  readonly directory: string;
  readonly schema: SubgraphSchema;
  readonly model: SchemaModel;
  readonly dataSources: readonly DataSource[];
  readonly log: MappingLogger;
  readonly #byName: ReadonlyMap<string, DataSource>;

  constructor(directory: string, schema: SubgraphSchema, dataSources: readonly DataSource[], log: MappingLogger) {
    this.directory = directory;
    this.schema = schema;
    this.model = new SchemaModel(schema);
    this.dataSources = dataSources;
    this.log = log;
    this.#byName = new Map(dataSources.map((ds) => [ds.name, ds]));
  }

  dataSource(name: string): DataSource {
    const dataSource = this.#byName.get(name);
    if (dataSource === undefined) {
      throw new Error(`no data source ${name} in the subgraph (it has ${[...this.#byName.keys()].join(", ")})`);
    }
    return dataSource;
  }

  /**
   * The handlers a log triggers: data sources at its address (or at any address) with a handler for its topic0, and,
   * given the log's block number, whose start block it has reached.
   */
  handlersFor(log: { address: string; topics: readonly string[] }, blockNumber?: bigint): TriggeredHandler[] {
    const address = log.address.toLowerCase();
    const topic0 = log.topics[0]?.toLowerCase();
    const out: TriggeredHandler[] = [];
    for (const dataSource of this.dataSources) {
      if (dataSource.address !== undefined && dataSource.address !== address) continue;
      if (blockNumber !== undefined && blockNumber < dataSource.startBlock) continue;
      for (const handler of dataSource.eventHandlers) if (handler.topic0 === topic0) out.push({ dataSource, handler });
    }
    return out;
  }

  /** Throws, naming each data source and import, if any mapping imports a host function the local node lacks. */
  assertImportsProvided(): void {
    const problems = this.dataSources
      .filter((ds) => ds.mapping.missingImports.length > 0)
      .map((ds) => `data source ${ds.name} imports ${ds.mapping.missingImports.join(", ")}`);
    if (problems.length > 0) {
      throw new Error(`${problems.join("; ")}, which the local node does not provide`);
    }
  }
}

/** Loads `graph build` output; `buildDir` holds its subgraph.yaml. */
export function loadSubgraph(buildDir: string, options: LoadOptions = {}): Subgraph {
  const manifestFile = resolve(buildDir, "subgraph.yaml");
  const manifest = parseYaml(readFileSync(manifestFile, "utf8")) as Manifest;
  const schema = loadSchema(resolve(buildDir, required(manifest.schema?.file, "schema.file", manifestFile)));
  if ((manifest.templates ?? []).length > 0) {
    throw new Error(`${manifestFile}: data source templates are not supported by the local node`);
  }
  const dataSources = (manifest.dataSources ?? []).map((ds) => loadDataSource(buildDir, ds, options));
  return new Subgraph(buildDir, schema, dataSources, options.log ?? stderrLogger);
}

interface Manifest {
  schema?: { file?: string };
  dataSources?: ManifestDataSource[];
  templates?: unknown[];
}

interface ManifestDataSource {
  kind?: string;
  name?: string;
  network?: string;
  source?: { address?: string; abi?: string; startBlock?: number | string };
  context?: Record<string, { type?: string; data?: unknown }>;
  mapping?: {
    apiVersion?: string;
    file?: string;
    abis?: { name?: string; file?: string }[];
    eventHandlers?: { event?: string; handler?: string }[];
    blockHandlers?: unknown[];
    callHandlers?: unknown[];
  };
}

function loadDataSource(buildDir: string, ds: ManifestDataSource, options: LoadOptions): DataSource {
  const name = required(ds.name, "dataSources[].name", buildDir);
  const where = `data source ${name}`;
  if (ds.kind !== "ethereum" && ds.kind !== "ethereum/contract") {
    throw new Error(`${where}: kind ${ds.kind} is not supported by the local node (only ethereum)`);
  }
  const mapping = required(ds.mapping, "mapping", where);
  if ((mapping.blockHandlers ?? []).length > 0 || (mapping.callHandlers ?? []).length > 0) {
    throw new Error(`${where}: block and call handlers are not supported by the local node (only event handlers)`);
  }
  const abiName = required(ds.source?.abi, "source.abi", where);
  const abiFile = (mapping.abis ?? []).find((abi) => abi.name === abiName)?.file;
  const abi = JSON.parse(
    readFileSync(resolve(buildDir, required(abiFile, `mapping.abis[${abiName}]`, where)), "utf8"),
  ) as Abi;
  const address = ds.source?.address;
  if (address !== undefined && !(isHex(address) && address.length === 42)) {
    throw new Error(`${where}: source.address ${address} is not an address`);
  }
  const wasmFile = resolve(buildDir, required(mapping.file, "mapping.file", where));
  const compiled = new CompiledMapping(wasmFile, readFileSync(wasmFile), { fresh: options.freshInstances ?? false });

  const eventHandlers = (mapping.eventHandlers ?? []).map((entry) => {
    const event = required(entry.event, "eventHandlers[].event", where);
    const handler = required(entry.handler, "eventHandlers[].handler", where);
    const abiEvent = findEvent(abi, event);
    if (abiEvent === undefined) throw new Error(`${where}: event ${event} is not in ABI ${abiName}`);
    if (!compiled.exportsFunction(handler)) throw new Error(`${where}: ${mapping.file} does not export ${handler}`);
    return { event, handler, topic0: keccak256(stringToBytes(signature(abiEvent, false))), abiEvent };
  });

  return {
    name,
    network: required(ds.network, "network", where),
    address: address?.toLowerCase() as Hex | undefined,
    startBlock: BigInt(ds.source?.startBlock ?? 0),
    abiName,
    abi,
    apiVersion: required(mapping.apiVersion, "mapping.apiVersion", where),
    eventHandlers,
    context: parseContext(ds.context ?? {}, where),
    mapping: compiled,
  };
}

/** The ABI event a manifest signature names; graph-node accepts it with or without "indexed". */
function findEvent(abi: Abi, manifestSignature: string): AbiEvent | undefined {
  const wanted = manifestSignature.replace(/\s+/g, "");
  return abi.find(
    (item): item is AbiEvent =>
      item.type === "event" &&
      (signature(item, true).replace(/\s+/g, "") === wanted || signature(item, false) === wanted),
  );
}

function signature(event: AbiEvent, withIndexed: boolean): string {
  const params = event.inputs.map((input) => (withIndexed && input.indexed ? "indexed " : "") + canonicalType(input));
  return `${event.name}(${params.join(",")})`;
}

function canonicalType(param: AbiParameter): string {
  if (!param.type.startsWith("tuple")) return param.type;
  const components = (param as { components: readonly AbiParameter[] }).components;
  return `(${components.map(canonicalType).join(",")})${param.type.slice("tuple".length)}`;
}

/** A static data source context: `key: { type: String | Bool | Int | Int8 | BigInt | BigDecimal | Bytes | List, data }`. */
function parseContext(context: NonNullable<ManifestDataSource["context"]>, where: string): Map<string, StoreValue> {
  const out = new Map<string, StoreValue>();
  for (const [key, entry] of Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.set(key, contextValue(entry, `${where}: context.${key}`));
  }
  return out;
}

function contextValue(entry: { type?: string; data?: unknown }, where: string): StoreValue {
  const data = entry.data;
  switch (entry.type) {
    case "String":
      return { kind: "String", value: String(data) };
    case "Bool":
      return { kind: "Boolean", value: data === true || data === "true" };
    case "Int":
      return { kind: "Int", value: Number(data) };
    case "Int8":
      return { kind: "Int8", value: BigInt(data as string) };
    case "BigInt":
      return { kind: "BigInt", value: BigInt(data as string) };
    case "BigDecimal":
      return { kind: "BigDecimal", value: parseBigDecimal(String(data)) };
    case "Bytes":
      return { kind: "Bytes", value: hexToBytes(String(data)) };
    case "List":
      return {
        kind: "List",
        value: (data as { type?: string; data?: unknown }[]).map((item) => contextValue(item, where)),
      };
    case "Null":
      return NULL;
    default:
      throw new Error(`${where}: unknown context type ${entry.type}`);
  }
}

function required<T>(value: T | undefined, field: string, where: string): T {
  if (value === undefined || value === null) throw new Error(`${where}: subgraph.yaml lacks ${field}`);
  return value;
}
