/**
 * graph-ts `dataSource`: the address, network and context of the data source whose handler runs. Templates (creating
 * data sources at runtime) are not supported by the local node, so create and createWithContext fail loudly.
 */
import { hexToBytes } from "../hex.ts";
import { writeValueMap } from "../store-value.ts";
import type { HostFunction, HostFunctions } from "./context.ts";

export const dataSourceFunctions: HostFunctions = {
  // A data source without an address gets empty bytes, as in graph-node.
  "dataSource.address": ({ heap, dataSource }) =>
    heap.newBytes(dataSource.address === undefined ? new Uint8Array(0) : hexToBytes(dataSource.address)),

  "dataSource.network": ({ heap, dataSource }) => heap.newString(dataSource.network),

  "dataSource.context": ({ heap, dataSource }) => writeValueMap(heap, dataSource.context),

  "dataSource.create": createFromTemplate("dataSource.create"),
  "dataSource.createWithContext": createFromTemplate("dataSource.createWithContext"),
};

function createFromTemplate(name: string): HostFunction {
  return ({ heap }, templatePtr) => {
    throw new Error(
      `${name}("${heap.string(templatePtr)}"): data source templates are not supported by the local node`,
    );
  };
}
