import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type { BaseContract, ContractRunner, ContractTransactionResponse, Signer } from "ethers";

import { ethers } from "./fixture.js";

/**
 * Real Safe contracts (Safe Smart Account 1.5.0), deployed from the prebuilt Hardhat artifacts that the npm package
 * ships, so that tests exercise the very bytecode a company's multisig runs on mainnet: a SafeL2 singleton, a
 * SafeProxyFactory and a CompatibilityFallbackHandler (EIP-1271 for the Safe, as the Safe{Wallet} sets it up).
 */

const require = createRequire(import.meta.url);

interface Artifact {
  readonly abi: readonly object[];
  readonly bytecode: string;
}

function artifact(path: string): Artifact {
  const file = require.resolve(`@safe-global/safe-smart-account/build/artifacts/contracts/${path}`);
  const { abi, bytecode } = JSON.parse(readFileSync(file, "utf8")) as Artifact;
  return { abi, bytecode };
}

const SAFE_L2 = artifact("SafeL2.sol/SafeL2.json");
const PROXY_FACTORY = artifact("proxies/SafeProxyFactory.sol/SafeProxyFactory.json");
const FALLBACK_HANDLER = artifact("handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json");

/** Enum.Operation of the Safe. */
export const Operation = { Call: 0, DelegateCall: 1 } as const;

/** The parts of the Safe ABI these tests use, typed. */
export type SafeContract = BaseContract & {
  getOwners(): Promise<string[]>;
  getThreshold(): Promise<bigint>;
  nonce(): Promise<bigint>;
  VERSION(): Promise<string>;
  isOwner(owner: string): Promise<boolean>;
  getTransactionHash(
    to: string,
    value: bigint,
    data: string,
    operation: number,
    safeTxGas: bigint,
    baseGas: bigint,
    gasPrice: bigint,
    gasToken: string,
    refundReceiver: string,
    nonce: bigint,
  ): Promise<string>;
  execTransaction(
    to: string,
    value: bigint,
    data: string,
    operation: number,
    safeTxGas: bigint,
    baseGas: bigint,
    gasPrice: bigint,
    gasToken: string,
    refundReceiver: string,
    signatures: string,
  ): Promise<ContractTransactionResponse>;
};

/** The three contracts every Safe here is made of. */
export interface SafeInfrastructure {
  singleton: BaseContract;
  factory: BaseContract;
  fallbackHandler: BaseContract;
}

/** Deploys a SafeL2 singleton, a SafeProxyFactory and a CompatibilityFallbackHandler from the npm artifacts. */
export async function deploySafeInfrastructure(deployer?: Signer): Promise<SafeInfrastructure> {
  const from = deployer ?? (await ethers.getSigners())[0];
  if (from === undefined) throw new Error("no account to deploy the Safe contracts from");
  const deploy = async ({ abi, bytecode }: Artifact) => {
    const contract = await new ethers.ContractFactory(abi, bytecode, from).deploy();
    await contract.waitForDeployment();
    return contract as BaseContract;
  };
  return {
    singleton: await deploy(SAFE_L2),
    factory: await deploy(PROXY_FACTORY),
    fallbackHandler: await deploy(FALLBACK_HANDLER),
  };
}

let saltNonce = 0n;

/**
 * Deploys a Safe proxy with `owners` and `threshold` through the proxy factory (as the Safe{Wallet} does: `setup` as
 * the initializer, the compatibility fallback handler), and returns it with the Safe ABI attached.
 * Deploys the infrastructure first unless `infrastructure` is given.
 */
export async function deploySafe(
  owners: readonly Signer[],
  threshold: number,
  infrastructure?: SafeInfrastructure,
): Promise<SafeContract> {
  const { singleton, factory, fallbackHandler } = infrastructure ?? (await deploySafeInfrastructure());
  const ownerAddresses = await Promise.all(owners.map((owner) => owner.getAddress()));
  const initializer = singleton.interface.encodeFunctionData("setup", [
    ownerAddresses,
    threshold,
    ethers.ZeroAddress, // no setup delegatecall
    "0x",
    await fallbackHandler.getAddress(),
    ethers.ZeroAddress, // no payment for the deployment
    0,
    ethers.ZeroAddress,
  ]);
  saltNonce += 1n;
  const tx = (await factory.getFunction("createProxyWithNonce")(
    await singleton.getAddress(),
    initializer,
    saltNonce,
  )) as ContractTransactionResponse;
  const receipt = await tx.wait();
  let proxy: string | undefined;
  for (const log of receipt?.logs ?? []) {
    const parsed = factory.interface.parseLog(log);
    if (parsed?.name === "ProxyCreation") proxy = parsed.args[0] as string;
  }
  if (proxy === undefined) throw new Error("SafeProxyFactory emitted no ProxyCreation");
  return safeAt(proxy, owners[0] ?? null);
}

/** The Safe at `address`, with the SafeL2 ABI, sending through `runner`. */
export function safeAt(address: string, runner: ContractRunner | null): SafeContract {
  return new ethers.Contract(address, SAFE_L2.abi, runner) as unknown as SafeContract;
}

/** The EIP-712 type of a Safe transaction (Safe 1.3.0 and later). */
const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

export interface SafeTransactionOptions {
  /** Ether sent along by the Safe (default 0). */
  value?: bigint;
  /** Call or DelegateCall (default Call). */
  operation?: number;
  /** Who submits the signed transaction (default the first signer): anyone may, the signatures authorise it. */
  executor?: Signer;
  /** The Safe nonce to sign for (default the Safe's current nonce). */
  nonce?: bigint;
}

/**
 * The owners' signatures over a Safe transaction: each owner signs the EIP-712 SafeTx, whose hash must equal the one
 * the Safe itself computes ({getTransactionHash}); the signatures are concatenated in ascending order of owner
 * address, as the Safe requires.
 */
export async function signSafeTransaction(
  safe: SafeContract,
  to: string,
  data: string,
  signers: readonly Signer[],
  options: SafeTransactionOptions = {},
): Promise<{ safeTxHash: string; signatures: string }> {
  const value = options.value ?? 0n;
  const operation = options.operation ?? Operation.Call;
  const nonce = options.nonce ?? (await safe.nonce());
  const safeTxHash = await safe.getTransactionHash(
    to,
    value,
    data,
    operation,
    0n,
    0n,
    0n,
    ethers.ZeroAddress,
    ethers.ZeroAddress,
    nonce,
  );
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { chainId, verifyingContract: await safe.getAddress() };
  const message = {
    to,
    value,
    data,
    operation,
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: ethers.ZeroAddress,
    refundReceiver: ethers.ZeroAddress,
    nonce,
  };
  const typedHash = ethers.TypedDataEncoder.hash(domain, SAFE_TX_TYPES, message);
  if (typedHash !== safeTxHash) throw new Error(`SafeTx hash mismatch: ${typedHash} != ${safeTxHash}`);

  const signed = await Promise.all(
    signers.map(async (signer) => ({
      owner: BigInt(await signer.getAddress()),
      signature: await signer.signTypedData(domain, SAFE_TX_TYPES, message),
    })),
  );
  signed.sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  for (const { signature } of signed) {
    if (ethers.recoverAddress(safeTxHash, signature) === ethers.ZeroAddress) throw new Error("unrecoverable signature");
  }
  return { safeTxHash, signatures: ethers.concat(signed.map(({ signature }) => signature)) };
}

/**
 * Has `safe` call `to` with `data`: `signers` (owners) sign the SafeTx and the executor submits `execTransaction`.
 * With safeTxGas and gasPrice zero, a failing inner call makes the whole transaction revert with the inner revert
 * data, so `revertedWithCustomError` on the called contract works through the Safe.
 */
export async function execSafeTransaction(
  safe: SafeContract,
  to: string | { getAddress(): Promise<string> },
  data: string,
  signers: readonly Signer[],
  options: SafeTransactionOptions = {},
): Promise<ContractTransactionResponse> {
  const target = typeof to === "string" ? to : await to.getAddress();
  const { signatures } = await signSafeTransaction(safe, target, data, signers, options);
  const executor = options.executor ?? signers[0];
  if (executor === undefined) throw new Error("execSafeTransaction needs a signer or an executor");
  return safeAt(await safe.getAddress(), executor).execTransaction(
    target,
    options.value ?? 0n,
    data,
    options.operation ?? Operation.Call,
    0n,
    0n,
    0n,
    ethers.ZeroAddress,
    ethers.ZeroAddress,
    signatures,
  );
}
