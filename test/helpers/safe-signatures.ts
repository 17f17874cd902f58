import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type { BaseContract, ContractTransactionResponse, Signer } from "ethers";

import { ethers } from "./fixture.js";
import { execSafeTransaction, Operation, type SafeContract, type SafeTransactionOptions } from "./safe.js";

/**
 * ERC-1271 signatures of a Safe (Safe Smart Account 1.5.0 with its CompatibilityFallbackHandler), the two ways the
 * Safe{Wallet} makes them:
 *  - off-chain: owners sign the EIP-712 `SafeMessage(bytes message)` of the Safe's domain, where `message` is the
 *    32-byte hash the verifying contract asks about; the handler's `isValidSignature(hash, signatures)` checks them
 *    with the Safe's threshold ({signSafeMessage});
 *  - on-chain: the Safe delegatecalls SignMessageLib to record the message as signed (a Safe transaction the owners
 *    sign as any other), after which the empty signature is valid ({approveSafeMessage}).
 */

const require = createRequire(import.meta.url);

const SIGN_MESSAGE_LIB = JSON.parse(
  readFileSync(
    require.resolve("@safe-global/safe-smart-account/build/artifacts/contracts/libraries/SignMessageLib.sol/SignMessageLib.json"),
    "utf8",
  ),
) as { abi: readonly object[]; bytecode: string };

/** The EIP-712 type the CompatibilityFallbackHandler wraps a hash in. */
export const SAFE_MESSAGE_TYPES = { SafeMessage: [{ name: "message", type: "bytes" }] };

/** The hash the Safe's owners sign for `hash`: the EIP-712 SafeMessage over `abi.encode(hash)`, in the Safe's domain. */
export async function safeMessageHash(safe: SafeContract, hash: string): Promise<string> {
  const { chainId } = await ethers.provider.getNetwork();
  return ethers.TypedDataEncoder.hash({ chainId, verifyingContract: await safe.getAddress() }, SAFE_MESSAGE_TYPES, {
    message: hash,
  });
}

/**
 * The Safe's ERC-1271 signature of `hash` (for example an EIP-712 digest another contract checks): each of `signers`
 * (owners) signs the SafeMessage wrapping it, and the signatures are concatenated in ascending order of owner address,
 * as the Safe's `checkSignatures` requires.
 */
export async function signSafeMessage(safe: SafeContract, hash: string, signers: readonly Signer[]): Promise<string> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { chainId, verifyingContract: await safe.getAddress() };
  const expected = await safeMessageHash(safe, hash);
  const signed = await Promise.all(
    signers.map(async (signer) => ({
      owner: BigInt(await signer.getAddress()),
      signature: await signer.signTypedData(domain, SAFE_MESSAGE_TYPES, { message: hash }),
    })),
  );
  signed.sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  for (const { owner, signature } of signed) {
    if (BigInt(ethers.recoverAddress(expected, signature)) !== owner) throw new Error("SafeMessage signature mismatch");
  }
  return ethers.concat(signed.map(({ signature }) => signature));
}

/** Deploys SignMessageLib from the npm artifacts. */
export async function deploySignMessageLib(deployer?: Signer): Promise<BaseContract> {
  const from = deployer ?? (await ethers.getSigners())[0];
  if (from === undefined) throw new Error("no account to deploy SignMessageLib from");
  const lib = await new ethers.ContractFactory(SIGN_MESSAGE_LIB.abi, SIGN_MESSAGE_LIB.bytecode, from).deploy();
  await lib.waitForDeployment();
  return lib as BaseContract;
}

/**
 * Records `hash` as signed by `safe` on-chain: `signers` (owners) sign a Safe transaction that delegatecalls
 * `signMessageLib.signMessage(abi.encode(hash))`. From then on the Safe's ERC-1271 answer for `hash` with the empty
 * signature is valid.
 */
export async function approveSafeMessage(
  safe: SafeContract,
  signMessageLib: BaseContract,
  hash: string,
  signers: readonly Signer[],
  options: Omit<SafeTransactionOptions, "operation"> = {},
): Promise<ContractTransactionResponse> {
  const data = signMessageLib.interface.encodeFunctionData("signMessage", [hash]);
  return execSafeTransaction(safe, await signMessageLib.getAddress(), data, signers, {
    ...options,
    operation: Operation.DelegateCall,
  });
}
