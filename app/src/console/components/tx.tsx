"use client";
/**
 * Sending a contract call from the console, with its progress shown:
 *
 *   checking  → the call is simulated first (eth_call from the account), so a refusal is explained before the wallet
 *               asks for anything;
 *   wallet    → waiting for the wallet;
 *   pending   → sent, waiting for a block;
 *   safe      → a Safe (or another contract wallet) proposed it: waiting for its co-signers, with the Safe transaction
 *               hash; confirmed when the Safe emits ExecutionSuccess for that hash;
 *   confirmed → mined (with an explorer link where one is configured), then the indexer is awaited and lists refresh;
 *   failed    → the reason in words.
 *
 * Acting for a company as its operator wraps the call in the contract's `actFor(company, data)`.
 */
import type { ContractName } from "@constellate/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { encodeFunctionData, isAddressEqual, parseAbi, toEventSelector } from "viem";
import type { Abi, Address, Hex, PublicClient, TransactionReceipt } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { sendTransaction } from "wagmi/actions";

import { explainError, namesForRevert } from "../errors.ts";
import { graphql, waitForIndexer } from "../graphql.ts";
import { useConsoleConfig, useContracts } from "./config-context.tsx";
import { useSession } from "./session.tsx";

export interface ContractCall {
  contract: ContractName;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
  /** Send directly even when acting for another company (for what only the account itself may do). */
  direct?: boolean;
}

export type TxState =
  | { phase: "idle" }
  | { phase: "checking"; label: string }
  | { phase: "wallet"; label: string }
  | { phase: "pending"; label: string; hash: Hex }
  | { phase: "safe"; label: string; safe: Address; safeTxHash: Hex; threshold: number | undefined }
  | { phase: "confirmed"; label: string; hash: Hex; blockNumber: bigint; indexed: boolean }
  | { phase: "failed"; label: string; reason: string; hash?: Hex };

export interface Transaction {
  state: TxState;
  busy: boolean;
  /** Runs the call; resolves to the receipt once mined (undefined when it failed: the state says why). */
  run(call: ContractCall, label: string): Promise<TransactionReceipt | undefined>;
  reset(): void;
}

const SAFE_ABI = parseAbi(["function getThreshold() view returns (uint256)"]);
// Safe 1.4+ indexes txHash, 1.3 does not: the event signatures (topic 0) are the same, so logs are matched both ways.
const EXECUTION_SUCCESS = toEventSelector("ExecutionSuccess(bytes32,uint256)");
const EXECUTION_FAILURE = toEventSelector("ExecutionFailure(bytes32,uint256)");

/** Whether a Safe execution log names Safe transaction `hash` (in an indexed topic or in its data). */
function namesSafeTx(log: { topics: readonly Hex[]; data: Hex }, hash: Hex): boolean {
  const wanted = hash.toLowerCase();
  return log.topics[1]?.toLowerCase() === wanted || log.data.slice(0, 66).toLowerCase() === wanted;
}

export function useTransaction(): Transaction {
  const config = useConsoleConfig();
  const contracts = useContracts();
  const wagmiConfig = useConfig();
  const publicClient = usePublicClient() as PublicClient | undefined;
  const queryClient = useQueryClient();
  const session = useSession();
  const [state, setState] = useState<TxState>({ phase: "idle" });
  // Refusals name companies by their names where the indexer knows them.
  const explain = useCallback(
    async (error: unknown, contract: ContractName) => {
      const formatAddress = await namesForRevert(error, async (ids) => {
        const data = await graphql<{ companies: { id: string; name: string | null }[] }>(
          config.graphqlUrl,
          "query Names($ids: [Bytes!]!) { companies(where: { id_in: $ids }) { id name } }",
          { ids },
        );
        return new Map(data.companies.filter((c) => c.name !== null).map((c) => [c.id, c.name as string]));
      });
      return explainError(error, { contract, formatAddress });
    },
    [config.graphqlUrl],
  );

  const run = useCallback(
    async (call: ContractCall, label: string): Promise<TransactionReceipt | undefined> => {
      const account = session.account;
      if (account === undefined || publicClient === undefined) {
        setState({ phase: "failed", label, reason: "Connect your wallet first." });
        return undefined;
      }
      const contract = contracts[call.contract];
      let data: Hex = encodeFunctionData({
        abi: contract.abi as Abi,
        functionName: call.functionName,
        args: call.args ?? [],
      });
      const actingFor = session.actingFor;
      if (!call.direct && actingFor !== undefined && !isAddressEqual(actingFor, account)) {
        data = encodeFunctionData({ abi: contract.abi as Abi, functionName: "actFor", args: [actingFor, data] });
      }
      const request = { account, to: contract.address, data, value: call.value ?? 0n };
      try {
        setState({ phase: "checking", label });
        await publicClient.call(request);
      } catch (error) {
        setState({ phase: "failed", label, reason: await explain(error, call.contract) });
        return undefined;
      }
      let hash: Hex;
      try {
        setState({ phase: "wallet", label });
        hash = await sendTransaction(wagmiConfig, { ...request, chainId: config.chainId });
      } catch (error) {
        setState({ phase: "failed", label, reason: await explain(error, call.contract) });
        return undefined;
      }
      try {
        const receipt = await settle(publicClient, account, hash, label, setState);
        if (receipt === undefined) return undefined;
        if (receipt.status !== "success") {
          setState({
            phase: "failed",
            label,
            hash: receipt.transactionHash,
            reason: "The transaction was mined but reverted.",
          });
          return undefined;
        }
        setState({
          phase: "confirmed",
          label,
          hash: receipt.transactionHash,
          blockNumber: receipt.blockNumber,
          indexed: false,
        });
        const indexed = await waitForIndexer(config.graphqlUrl, receipt.blockNumber);
        setState({
          phase: "confirmed",
          label,
          hash: receipt.transactionHash,
          blockNumber: receipt.blockNumber,
          indexed,
        });
        await queryClient.invalidateQueries();
        return receipt;
      } catch (error) {
        setState({ phase: "failed", label, hash, reason: await explain(error, call.contract) });
        return undefined;
      }
    },
    [session.account, session.actingFor, publicClient, contracts, wagmiConfig, config, queryClient, explain],
  );

  return {
    state,
    busy: state.phase === "checking" || state.phase === "wallet" || state.phase === "pending" || state.phase === "safe",
    run,
    reset: () => setState({ phase: "idle" }),
  };
}

/**
 * Waits for `hash` to be mined. A contract wallet's "hash" may be a Safe transaction hash instead: when the chain does
 * not know it and the account has code, the transaction awaits the Safe's co-signers; it is confirmed when the Safe
 * executes it (ExecutionSuccess names the Safe transaction hash).
 */
async function settle(
  client: PublicClient,
  account: Address,
  hash: Hex,
  label: string,
  setState: (state: TxState) => void,
): Promise<TransactionReceipt | undefined> {
  setState({ phase: "pending", label, hash });
  const code = await client.getCode({ address: account });
  const isContract = code !== undefined && code !== "0x";
  if (!isContract) return client.waitForTransactionReceipt({ hash, pollingInterval: 500 });
  // Give the node a moment to see a real transaction hash before treating it as a Safe transaction hash.
  for (let i = 0; i < 6; i++) {
    const known = await client.getTransaction({ hash }).catch(() => undefined);
    if (known !== undefined) return client.waitForTransactionReceipt({ hash, pollingInterval: 500 });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const threshold = await client
    .readContract({ address: account, abi: SAFE_ABI, functionName: "getThreshold" })
    .then(Number)
    .catch(() => undefined);
  setState({ phase: "safe", label, safe: account, safeTxHash: hash, threshold });
  let fromBlock = (await client.getBlockNumber()) - 10n;
  if (fromBlock < 0n) fromBlock = 0n;
  for (;;) {
    const logs = await client.getLogs({ address: account, fromBlock });
    const failed = logs.find((log) => log.topics[0] === EXECUTION_FAILURE && namesSafeTx(log, hash));
    if (failed !== undefined) {
      setState({
        phase: "failed",
        label,
        hash: failed.transactionHash,
        reason: "The Safe executed the transaction, but the call inside it failed.",
      });
      return undefined;
    }
    const done = logs.find((log) => log.topics[0] === EXECUTION_SUCCESS && namesSafeTx(log, hash));
    if (done !== undefined) return client.waitForTransactionReceipt({ hash: done.transactionHash });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
