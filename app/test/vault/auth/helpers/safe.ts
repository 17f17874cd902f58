/**
 * Real Safe contracts (Safe Smart Account 1.5.0 from its npm artifacts) on the test chain, and their ERC-1271
 * signatures as the Safe{Wallet} makes them: owners sign the EIP-712 `SafeMessage(bytes message)` of the Safe's domain
 * over the 32-byte hash being asked about, and the CompatibilityFallbackHandler checks them against the threshold.
 * (The Hardhat-side twin of this helper is test/helpers/safe-signatures.ts.)
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type { Abi, Address, Hex, HDAccount } from "viem";
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

let saltNonce = 0n;

/** Deploys the Safe contracts and one Safe proxy with `owners` and `threshold`; returns the Safe's address. */
export async function deploySafe(chain: TestChain, owners: readonly HDAccount[], threshold: number): Promise<Address> {
  const deployer = owners[0];
  if (deployer === undefined) throw new Error("a Safe needs an owner");
  const singleton = await chain.deploy(deployer, SAFE_L2.abi, SAFE_L2.bytecode);
  const factory = await chain.deploy(deployer, PROXY_FACTORY.abi, PROXY_FACTORY.bytecode);
  const fallbackHandler = await chain.deploy(deployer, FALLBACK_HANDLER.abi, FALLBACK_HANDLER.bytecode);
  const initializer = encodeFunctionData({
    abi: SAFE_L2.abi,
    functionName: "setup",
    args: [
      owners.map((o) => o.address),
      BigInt(threshold),
      zeroAddress,
      "0x",
      fallbackHandler,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  });
  saltNonce += 1n;
  const receipt = await chain.write(deployer, {
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

/** The Safe's ERC-1271 signature of `hash`: each signer's SafeMessage signature, in ascending order of owner. */
export async function signSafeMessage(
  chain: TestChain,
  safe: Address,
  hash: Hex,
  signers: readonly HDAccount[],
): Promise<Hex> {
  const sorted = [...signers].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const signatures = await Promise.all(
    sorted.map((signer) =>
      signer.signTypedData({
        domain: { chainId: chain.chain.id, verifyingContract: safe },
        types: { SafeMessage: [{ name: "message", type: "bytes" }] },
        primaryType: "SafeMessage",
        message: { message: hash },
      }),
    ),
  );
  return concatHex(signatures);
}
