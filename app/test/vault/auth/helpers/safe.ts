/**
 * Real Safe contracts (Safe Smart Account 1.5.0 from its npm artifacts) on the test chain, and their ERC-1271
 * signatures as the Safe{Wallet} makes them: owners sign the EIP-712 `SafeMessage(bytes message)` of the Safe's domain
 * over the 32-byte hash being asked about, and the CompatibilityFallbackHandler checks them against the threshold.
 * (The Hardhat-side twin of this helper is test/helpers/safe-signatures.ts.)
 *
 * deploySafe() and signSafeMessage() work with a TestChain's local accounts; the pieces under them (deploySafeWith(),
 * safeMessageTypedData(), concatSafeSignatures()) also serve the browser tests' wallet (app/test/support/wallet-safe.ts),
 * whose owners are the Hardhat node's unlocked accounts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type { Abi, Address, Hex, HDAccount, TransactionReceipt } from "viem";
import { concatHex, decodeEventLog, encodeFunctionData, zeroAddress } from "viem";

import type { TestChain } from "./chain.ts";

const require = createRequire(import.meta.url);

interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

function artifact(path: string): Artifact {
  const file = require.resolve(`@safe-global/safe-smart-account/build/artifacts/contracts/${path}`);
  const { abi, bytecode } = JSON.parse(readFileSync(file, "utf8")) as Artifact;
  return { abi, bytecode };
}

const SAFE_L2 = artifact("SafeL2.sol/SafeL2.json");
const PROXY_FACTORY = artifact("proxies/SafeProxyFactory.sol/SafeProxyFactory.json");
const FALLBACK_HANDLER = artifact("handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json");

/** The EIP-712 type the CompatibilityFallbackHandler wraps a hash in. */
export const SAFE_MESSAGE_TYPES = { SafeMessage: [{ name: "message", type: "bytes" }] } as const;

/** Whoever deploys the Safe contracts: deploys bytecode, and sends a contract call; both wait to be mined. */
export interface SafeDeployer {
  /** Deploys `bytecode`; returns the new contract's address. */
  deploy(abi: Abi, bytecode: Hex): Promise<Address>;
  /** Sends a contract call and waits for it to be mined; throws if it reverted. */
  write(call: {
    address: Address;
    abi: Abi;
    functionName: string;
    args: readonly unknown[];
  }): Promise<TransactionReceipt>;
}

let saltNonce = 0n;

/**
 * Deploys the Safe contracts (SafeL2 singleton, proxy factory, CompatibilityFallbackHandler) with `deployer`, then one
 * Safe proxy with `owners` and `threshold`; returns the Safe's address.
 */
export async function deploySafeWith(
  deployer: SafeDeployer,
  owners: readonly Address[],
  threshold: number,
): Promise<Address> {
  if (owners.length === 0) throw new Error("a Safe needs an owner");
  if (threshold < 1 || threshold > owners.length) throw new Error(`threshold ${threshold} of ${owners.length} owners`);
  const singleton = await deployer.deploy(SAFE_L2.abi, SAFE_L2.bytecode);
  const factory = await deployer.deploy(PROXY_FACTORY.abi, PROXY_FACTORY.bytecode);
  const fallbackHandler = await deployer.deploy(FALLBACK_HANDLER.abi, FALLBACK_HANDLER.bytecode);
  const initializer = encodeFunctionData({
    abi: SAFE_L2.abi,
    functionName: "setup",
    args: [owners, BigInt(threshold), zeroAddress, "0x", fallbackHandler, zeroAddress, 0n, zeroAddress],
  });
  saltNonce += 1n;
  const receipt = await deployer.write({
    address: factory,
    abi: PROXY_FACTORY.abi,
    functionName: "createProxyWithNonce",
    args: [singleton, initializer, saltNonce],
  });
  for (const log of receipt.logs) {
    try {
      const event = decodeEventLog({ abi: PROXY_FACTORY.abi, data: log.data, topics: log.topics });
      if (event.eventName === "ProxyCreation") return (event.args as unknown as { proxy: Address }).proxy;
    } catch {
      // another contract's log
    }
  }
  throw new Error("SafeProxyFactory emitted no ProxyCreation");
}

/** Deploys the Safe contracts and one Safe proxy with `owners` and `threshold`; returns the Safe's address. */
export async function deploySafe(chain: TestChain, owners: readonly HDAccount[], threshold: number): Promise<Address> {
  const deployer = owners[0];
  if (deployer === undefined) throw new Error("a Safe needs an owner");
  return await deploySafeWith(
    {
      deploy: (abi, bytecode) => chain.deploy(deployer, abi, bytecode),
      write: (call) => chain.write(deployer, call as never),
    },
    owners.map((o) => o.address),
    threshold,
  );
}

/** The EIP-712 SafeMessage an owner signs to approve `hash` for the Safe at `safe` (its ERC-1271 check). */
export function safeMessageTypedData(chainId: number, safe: Address, hash: Hex) {
  return {
    domain: { chainId, verifyingContract: safe },
    types: SAFE_MESSAGE_TYPES,
    primaryType: "SafeMessage" as const,
    message: { message: hash },
  };
}

/** Owners' signatures as the Safe's checkSignatures wants them: concatenated in ascending order of owner address. */
export function concatSafeSignatures(signed: readonly { owner: Address; signature: Hex }[]): Hex {
  const sorted = [...signed].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
  return concatHex(sorted.map((s) => s.signature));
}

/** The Safe's ERC-1271 signature of `hash`: each signer's SafeMessage signature, in ascending order of owner. */
export async function signSafeMessage(
  chain: TestChain,
  safe: Address,
  hash: Hex,
  signers: readonly HDAccount[],
): Promise<Hex> {
  const typedData = safeMessageTypedData(chain.chain.id, safe, hash);
  return concatSafeSignatures(
    await Promise.all(
      signers.map(async (signer) => ({ owner: signer.address, signature: await signer.signTypedData(typedData) })),
    ),
  );
}
