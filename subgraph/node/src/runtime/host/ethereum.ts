/**
 * graph-ts `ethereum`: encode and decode (null on failure, as in graph-node). Contract calls, balances and code lookups
 * need the chain at the trigger's block, which the local node's synchronous runtime does not have: they fail loudly.
 */
import { decodeEthereumValue, encodeEthereumValue, readEthereumValue, writeEthereumValue } from "../ethereum-value.ts";
import { bytesToHex, hexToBytes } from "../hex.ts";
import type { HostFunction, HostFunctions } from "./context.ts";

export const ethereumFunctions: HostFunctions = {
  "ethereum.encode": ({ heap }, valuePtr) => {
    try {
      return heap.newBytes(hexToBytes(encodeEthereumValue(readEthereumValue(heap, valuePtr))));
    } catch {
      return 0;
    }
  },

  "ethereum.decode": ({ heap }, typesPtr, dataPtr) => {
    try {
      return writeEthereumValue(heap, decodeEthereumValue(heap.string(typesPtr), bytesToHex(heap.bytes(dataPtr))));
    } catch {
      return 0;
    }
  },

  // SmartContractCall: {contractName, contractAddress, functionName, functionSignature, functionParams}.
  "ethereum.call": ({ heap }, callPtr) => {
    const contract = heap.string(heap.u32(callPtr));
    const address = bytesToHex(heap.bytes(heap.u32(callPtr + 4)));
    const signature = heap.string(heap.u32(callPtr + 12));
    throw new Error(
      `ethereum.call ${contract}.${signature} at ${address}: contract calls are not supported by the local node; ` +
        "index the values from events instead",
    );
  },
  "ethereum.getBalance": unsupported("ethereum.getBalance"),
  "ethereum.hasCode": unsupported("ethereum.hasCode"),
};

function unsupported(name: string): HostFunction {
  return () => {
    throw new Error(`${name} is not supported by the local node: it needs the chain state at the trigger's block`);
  };
}
