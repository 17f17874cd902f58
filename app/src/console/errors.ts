/**
 * Why something failed, in words a company user understands: the wallet's refusals, the wrong network, and the
 * contracts' custom errors decoded with their NatSpec notices (the sdk's describeRevert).
 */
import { describeRevert } from "@constellate/sdk";
import type { ContractName } from "@constellate/sdk";
import { BaseError } from "viem";
import type { Hex } from "viem";

/** The revert data carried anywhere in an error's cause chain (viem nests it several levels deep). */
export function revertDataOf(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data as Hex;
    if (typeof data === "object" && data !== null) {
      const nested = (data as { data?: unknown }).data;
      if (typeof nested === "string" && /^0x[0-9a-fA-F]{8,}$/.test(nested)) return nested as Hex;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function codeOf(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "number") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Company names for the addresses a decoded revert names (from the indexer), so that the explanation reads
 * "Lumen Coffee Roasters (0x70997970…)" rather than a bare address. Empty when there is no revert or no indexer.
 */
export async function namesForRevert(
  error: unknown,
  lookup: (addresses: string[]) => Promise<Map<string, string>>,
): Promise<(address: `0x${string}`) => string> {
  const data = revertDataOf(error);
  const described = data === undefined ? undefined : describeRevert(data);
  const addresses: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) addresses.push(value.toLowerCase());
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  collect(described?.args);
  const names = addresses.length === 0 ? new Map<string, string>() : await lookup(addresses).catch(() => new Map());
  return (address) => {
    const name = names.get(address.toLowerCase());
    return name === undefined ? address : `${name} (${address.slice(0, 10)}…)`;
  };
}

export interface ExplainOptions {
  contract?: ContractName | undefined;
  formatAddress?: (address: `0x${string}`) => string;
}

/** A sentence saying why `error` happened. */
export function explainError(error: unknown, options: ExplainOptions = {}): string {
  const code = codeOf(error);
  if (code === 4001) return "You rejected the request in your wallet; nothing was sent.";
  if (code === 4100) return "Your wallet has not authorised this site for that account: connect it again.";
  if (code === 4902) return "Your wallet does not know this network: add it in the wallet first.";
  const data = revertDataOf(error);
  if (data !== undefined) {
    const described = describeRevert(data, options);
    if (described !== undefined) return described.message;
    return `The contract refused the call with an error this app does not know (${data.slice(0, 10)}).`;
  }
  const text = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  if (/insufficient funds/i.test(text)) return "The account has not enough ETH to pay for gas.";
  if (/chain mismatch|does not match the target chain/i.test(text)) {
    return "Your wallet is on another network: switch to the network this console uses.";
  }
  if (/user rejected|user denied/i.test(text)) return "You rejected the request in your wallet; nothing was sent.";
  if (/execution reverted/i.test(text)) return "The contract refused the call without saying why.";
  return text;
}
