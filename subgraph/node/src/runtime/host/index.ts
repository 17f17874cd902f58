/** Every host function the local node provides, by the import name graph-node links it under. */
import type { HostFunction } from "./context.ts";
import { conversionFunctions } from "./conversion.ts";
import { dataSourceFunctions } from "./data-source.ts";
import { ethereumFunctions } from "./ethereum.ts";
import { jsonFunctions } from "./json.ts";
import { logFunctions } from "./log.ts";
import { numberFunctions } from "./numbers.ts";
import { storeFunctions } from "./store.ts";
import { yamlFunctions } from "./yaml.ts";

export const HOST_FUNCTIONS: ReadonlyMap<string, HostFunction> = new Map(
  Object.entries({
    ...storeFunctions,
    ...numberFunctions,
    ...conversionFunctions,
    ...jsonFunctions,
    ...ethereumFunctions,
    ...dataSourceFunctions,
    ...logFunctions,
    ...yamlFunctions,
  }),
);

export type { HostContext, HostFunction } from "./context.ts";
export { MappingAbort } from "./log.ts";
