/**
 * A throwaway chain for the access tests: a Hardhat node of its own with Constellate deployed under a `test-` Ignition
 * id (removed again on close), viem clients, and the node's unlocked accounts as companies.
 */
import { rmSync } from "node:fs";
import path from "node:path";

import { constellateAbis } from "@constellate/sdk";
import { createPublicClient, createWalletClient, getAddress, http } from "viem";
import type {
  Abi,
  Address,
  ContractFunctionArgs,
  ContractFunctionName,
  Hex,
  PublicClient,
  TransactionReceipt,
} from "viem";
import { hardhat } from "viem/chains";

import { deployConstellate } from "../../../../../scripts/lib/deploy.ts";
import type { DeployResult } from "../../../../../scripts/lib/deploy.ts";
import { findFreePort, rpc, spawnHardhatNode } from "../../../../../scripts/lib/node.ts";
import type { LocalNode } from "../../../../../scripts/lib/node.ts";
import { DEPLOYMENTS_DIR } from "../../../../../scripts/lib/paths.ts";

type Abis = typeof constellateAbis;
export type ContractName = "Companies" | "Constellations" | "Access";
type WriteName<N extends ContractName> = ContractFunctionName<Abis[N], "nonpayable">;
type WriteArgs<N extends ContractName, F extends WriteName<N>> = ContractFunctionArgs<Abis[N], "nonpayable", F>;

/** Twenty addresses, typed as such so that tests can destructure them. */
export type NodeAccounts = readonly [
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
];

export interface TestChain {
  url: string;
  client: PublicClient;
  addresses: Record<ContractName, Address>;
  /** Every contract of the deployment (for the Graph node's data sources). */
  allAddresses: Readonly<Record<string, Address>>;
  /** The node's unlocked, funded accounts (a Hardhat node has twenty). */
  accounts: NodeAccounts;
  /** Sends a transaction from `from` and waits for it (automine: one block each); throws if it reverts. */
  write<N extends ContractName, F extends WriteName<N>>(
    from: Address,
    contract: N,
    functionName: F,
    args: WriteArgs<N, F>,
  ): Promise<TransactionReceipt>;
  /** A view call at the latest block. */
  read(contract: ContractName, functionName: string, args: readonly unknown[]): Promise<unknown>;
  latestBlock(): Promise<{ number: bigint; timestamp: bigint }>;
  /** Moves block time forward by `seconds` and mines a block. */
  travel(seconds: number): Promise<void>;
  mine(): Promise<void>;
  snapshot(): Promise<Hex>;
  revert(id: Hex): Promise<void>;
  close(): Promise<void>;
}

/** Starts a node and deploys Constellate under the Ignition id `test-access-<name>`. */
export async function startTestChain(name: string): Promise<TestChain> {
  const deploymentId = `test-access-${name}-${process.pid}`;
  const node: LocalNode = spawnHardhatNode(await findFreePort());
  let deployment: DeployResult | undefined;
  const close = async () => {
    await deployment?.connection.close().catch(() => {});
    await node.stop();
    rmSync(path.join(DEPLOYMENTS_DIR, deploymentId), { recursive: true, force: true });
  };
  try {
    await node.ready();
    deployment = await deployConstellate({ network: "localhost", rpcUrl: node.url, deploymentId });
  } catch (error) {
    await close();
    throw error;
  }
  const { addresses: deployed } = deployment;
  const addresses = {
    Companies: deployed.Companies as Address,
    Constellations: deployed.Constellations as Address,
    Access: deployed.Access as Address,
  };
  const chain = { ...hardhat, rpcUrls: { default: { http: [node.url] } } };
  const client = createPublicClient({ chain, transport: http(node.url), pollingInterval: 50 });
  const accounts = ((await rpc(node.url, "eth_accounts")) as string[]).map((a) => getAddress(a));
  if (accounts.length < 20) throw new Error(`the test node has ${accounts.length} accounts; the tests use 20`);
  const wallet = createWalletClient({ chain, transport: http(node.url) });

  return {
    url: node.url,
    client,
    addresses,
    allAddresses: deployed as unknown as Record<string, Address>,
    accounts: accounts as unknown as NodeAccounts,
    async write(from, contract, functionName, args) {
      const hash = await wallet.writeContract({
        account: from,
        address: addresses[contract],
        abi: constellateAbis[contract] as Abi,
        functionName: functionName as string,
        args: args as readonly unknown[],
      });
      const receipt = await client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${contract}.${String(functionName)} reverted`);
      return receipt;
    },
    read: (contract, functionName, args) =>
      client.readContract({ address: addresses[contract], abi: constellateAbis[contract] as Abi, functionName, args }),
    async latestBlock() {
      const block = await client.getBlock({ blockTag: "latest" });
      return { number: block.number, timestamp: block.timestamp };
    },
    async travel(seconds) {
      await rpc(node.url, "evm_increaseTime", [seconds]);
      await rpc(node.url, "evm_mine");
    },
    mine: async () => void (await rpc(node.url, "evm_mine")),
    snapshot: async () => (await rpc(node.url, "evm_snapshot")) as Hex,
    async revert(id) {
      if ((await rpc(node.url, "evm_revert", [id])) !== true) throw new Error(`evm_revert ${id} failed`);
    },
    close,
  };
}

/** A company profile with just a name. */
export function profile(name: string) {
  return { name, registryId: "", metadataURI: "", metadataHash: `0x${"00".repeat(32)}` as Hex, dataEndpoint: "" };
}

/** A fixed 32-byte owner secret per owner (what the vault's storage would keep). */
export function testOwnerSecret(owner: Address): Promise<Uint8Array> {
  const bytes = new Uint8Array(32);
  bytes.set(Buffer.from(owner.slice(2).toLowerCase(), "hex"));
  bytes[31] = 0x5e;
  return Promise.resolve(bytes);
}
