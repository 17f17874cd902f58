/**
 * Custom errors in words. Every Constellate error carries a NatSpec `@notice` naming its parameters in backticks
 * (exported as {@link errorNotices}); {@link describeRevert} decodes revert data against the contracts' ABIs and fills
 * those names in with the decoded arguments, so that an app can say why a call was refused rather than show a selector.
 *
 *     describeRevert("0x...", { contract: "Constellations" })?.message
 *     // "The change would leave constellation 3 without an admin."
 */
import { decodeErrorResult, getAddress, isAddress } from "viem";
import type { Abi, AbiParameter, Hex } from "viem";

import { Permission, Role } from "./constants.ts";
import { constellateAbis, contractNames, errorNotices } from "./contracts.ts";
import type { ContractName } from "./contracts.ts";

export interface DescribedError {
  /** The contract whose ABI declares the error (the called one when it does). */
  contract: ContractName | undefined;
  /** The error's name (`Error` for a revert string, `Panic` for a panic). */
  name: string;
  /** The decoded arguments by parameter name. */
  args: Record<string, unknown>;
  /** The notice with the arguments filled in; a generic sentence for errors without one. */
  message: string;
}

export interface DescribeOptions {
  /** The contract that was called: its declaration wins when several contracts declare an error of the same name. */
  contract?: ContractName | undefined;
  /** Renders an address (for example as a company's name); default: the checksummed address. */
  formatAddress?: (address: `0x${string}`) => string;
}

const PANICS: Record<number, string> = {
  0x01: "an internal check failed",
  0x11: "a number overflowed",
  0x12: "a division by zero",
  0x21: "an invalid enum value",
  0x32: "an index out of bounds",
  0x41: "too much memory",
};

/** Decodes `data` (revert data) into a described error; undefined when no Constellate ABI declares its selector. */
export function describeRevert(data: Hex, options: DescribeOptions = {}): DescribedError | undefined {
  if (data.length < 10) return undefined;
  const order = options.contract === undefined ? contractNames : [options.contract, ...contractNames];
  for (const contract of order) {
    const abi = constellateAbis[contract] as Abi;
    let decoded: { errorName: string; args: readonly unknown[] | undefined; abiItem: unknown };
    try {
      decoded = decodeErrorResult({ abi, data }) as typeof decoded;
    } catch {
      continue;
    }
    const inputs = ((decoded.abiItem as { inputs?: readonly AbiParameter[] }).inputs ?? []) as readonly AbiParameter[];
    const args: Record<string, unknown> = {};
    inputs.forEach((input, i) => (args[input.name ?? `arg${i}`] = decoded.args?.[i]));
    if (decoded.errorName === "Error") {
      return { contract, name: "Error", args, message: String(decoded.args?.[0] ?? "The contract refused the call.") };
    }
    if (decoded.errorName === "Panic") {
      const code = Number(decoded.args?.[0] ?? 0);
      return { contract, name: "Panic", args, message: `The contract stopped on ${PANICS[code] ?? `panic ${code}`}.` };
    }
    const notice = errorNotices[contract][decoded.errorName];
    const message =
      notice === undefined
        ? `The contract refused the call (${decoded.errorName}).`
        : fillNotice(notice, decoded.errorName, args, options);
    return { contract, name: decoded.errorName, args, message };
  }
  return undefined;
}

/** Fills a notice's backticked parameter names (`id`, `grant.owner`) with the arguments, and drops {@link} braces. */
export function fillNotice(
  notice: string,
  errorName: string,
  args: Record<string, unknown>,
  options: Pick<DescribeOptions, "formatAddress"> = {},
): string {
  const filled = notice
    .replace(/`([A-Za-z_][\w.]*)`/g, (whole, ref: string) => {
      const [head, ...path] = ref.split(".");
      if (!Object.hasOwn(args, head!)) return ref;
      let value: unknown = args[head!];
      for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
      return value === undefined ? ref : formatValue(path.at(-1) ?? head!, value, errorName, options);
    })
    .replace(/\{([A-Za-z_][\w.]*)\}/g, "$1");
  const sentence = filled.charAt(0).toUpperCase() + filled.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

const PERMISSION_NAMES = Object.entries(Permission).filter(([name]) => name !== "ALL") as [string, bigint][];

/** Operator permission names of a mask, e.g. "PRODUCTS and EVENTS"; "no permission" for zero. */
export function permissionNames(mask: bigint): string {
  if (mask === Permission.ALL) return "every permission";
  const names = PERMISSION_NAMES.filter(([, bit]) => (mask & bit) !== 0n).map(([name]) => name);
  if (names.length === 0) return "no permission";
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

const ROLE_NAMES = Object.entries(Role).filter(([name]) => name !== "ALL") as [string, number][];

/** Role names of a constellation role mask, e.g. "ADMIN and VERIFIER"; "no role" for zero. */
export function roleNames(mask: number): string {
  const names = ROLE_NAMES.filter(([, bit]) => (mask & bit) !== 0).map(([name]) => name);
  if (names.length === 0) return "no role";
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function formatValue(
  name: string,
  value: unknown,
  errorName: string,
  options: Pick<DescribeOptions, "formatAddress">,
): string {
  if (typeof value === "string" && isAddress(value, { strict: false })) {
    const address = getAddress(value);
    return options.formatAddress?.(address) ?? address;
  }
  if (typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value)) return `${value.slice(0, 10)}…${value.slice(-6)}`;
  if (typeof value === "bigint" || typeof value === "number") {
    const n = BigInt(value);
    if (/(At|Since|Until|since|until|[Tt]ime)$/.test(name) && n > 1_000_000_000n && n < 100_000_000_000n) {
      return new Date(Number(n) * 1000).toISOString().replace(".000Z", "Z").replace("T", " ");
    }
    if ((name === "roles" || name === "held") && /Roles|Role|Member|Invitation|Join/.test(errorName) && n < 256n) {
      return roleNames(Number(n));
    }
    if (name === "permissions" && n < 1n << 64n) return permissionNames(n);
    if (name === "id" && n < 2n ** 64n) return `#${n}`;
    return n.toString();
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}
