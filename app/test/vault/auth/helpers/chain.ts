/**
 * A throwaway Hardhat node for one test file, driven with viem: the node's well-known development accounts sign
 * locally, and transactions wait for their receipts.
 */
import type {
  Abi,
  Address,
  Chain,
  ContractFunctionArgs,
  ContractFunctionName,
  HDAccount,
  PublicClient,
  TransactionReceipt,
} from "viem";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { findFreePort, rpc, spawnHardhatNode } from "../../../../../scripts/lib/node.ts";
import type { LocalNode } from "../../../../../scripts/lib/node.ts";

/** Hardhat's development mnemonic: its accounts are funded on every local node, and worthless anywhere else. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export interface TestChain {
  node: LocalNode;
  url: string;
  chain: Chain;
  client: PublicClient;
  accounts: HDAccount[];
  /** Sends a contract call from `account` and waits for it to be mined; throws if it reverted. */
  write<const TAbi extends Abi, Name extends ContractFunctionName<TAbi, "nonpayable" | "payable">>(
    account: HDAccount,
    call: {
      address: Address;
      abi: TAbi;
      functionName: Name;
      args: ContractFunctionArgs<TAbi, "nonpayable" | "payable", Name>;
    },
  ): Promise<TransactionReceipt>;
  /** Deploys `bytecode` from `account`; returns the new contract's address. */
  deploy(account: HDAccount, abi: Abi, bytecode: `0x${string}`): Promise<Address>;
  /** Moves block time forward by `seconds` and mines a block. */
  advanceTime(seconds: number): Promise<void>;
  /** The latest block's time, in seconds. */
  blockTime(): Promise<bigint>;
  stop(): Promise<void>;
}

export async function startChain(): Promise<TestChain> {
  const port = await findFreePort();
  const node = spawnHardhatNode(port);
  await node.ready();
  const url = node.url;
  const chainId = Number(await rpc(url, "eth_chainId"));
  const chain = defineChain({
    id: chainId,
    name: "Hardhat test node",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const client = createPublicClient({ chain, transport: http(url) });
  const accounts = Array.from({ length: 10 }, (_, addressIndex) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex }));
  const walletOf = (account: HDAccount) => createWalletClient({ account, chain, transport: http(url) });

  const waitFor = async (hash: `0x${string}`) => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };

  return {
    node,
    url,
    chain,
    client,
    accounts,
    async write(account, call) {
      const { request } = await client.simulateContract({ ...call, account } as never);
      return await waitFor(await walletOf(account).writeContract(request));
    },
    async deploy(account, abi, bytecode) {
      const receipt = await waitFor(await walletOf(account).deployContract({ abi, bytecode }));
      if (receipt.contractAddress == null) throw new Error("the deployment created no contract");
      return receipt.contractAddress;
    },
    async advanceTime(seconds) {
      await rpc(url, "evm_increaseTime", [seconds]);
      await rpc(url, "evm_mine");
    },
    async blockTime() {
      return (await client.getBlock({ blockTag: "latest" })).timestamp;
    },
    stop: () => node.stop(),
  };
}
