/**
 * The Safe half of the browser tests' wallet (wallet.ts): Safe accounts whose owners are the Hardhat node's unlocked
 * accounts, signing and proposing the way Safe{Wallet} does, with every owner signature asked of the node
 * (`eth_signTypedData_v4`), so that nothing here holds a key.
 *
 *  - deployTestSafe({ rpcUrl, owners, threshold }) deploys a Safe (Safe Smart Account 1.5.0, SafeL2 with the
 *    CompatibilityFallbackHandler) on the node, through app/test/vault/auth/helpers/safe.ts, and returns its address.
 *  - A message (personal_sign, eth_signTypedData_v4) is signed off-chain: `threshold` owners sign the EIP-712
 *    SafeMessage wrapping its hash, and the signatures, ordered by owner address, are what the Safe's ERC-1271
 *    isValidSignature(hash, signature) accepts.
 *  - A transaction (eth_sendTransaction from the Safe) becomes a proposal: the SafeTx (operation CALL, no refund,
 *    nonce = the Safe's nonce plus the proposals still waiting) signed by one owner, answered with its safeTxHash.
 *    coSignAndExecute(safeTxHash) collects the other owners' signatures up to the threshold and sends execTransaction
 *    from an owner, which must make the Safe emit ExecutionSuccess.
 */
import type { Address, Hex, PublicClient, TransactionReceipt, WalletClient } from "viem";
import { createPublicClient, createWalletClient, decodeEventLog, getAddress, http, isAddressEqual } from "viem";

import { concatSafeSignatures, deploySafeWith, safeMessageTypedData } from "../vault/auth/helpers/safe.ts";

/** The part of the Safe's ABI (Safe 1.4.1 / 1.5.0) the wallet uses. */
export const SAFE_WALLET_ABI = [
  { type: "function", name: "getOwners", stateMutability: "view", inputs: [], outputs: [{ type: "address[]" }] },
  { type: "function", name: "getThreshold", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
  { type: "function", name: "nonce", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
  {
    type: "function",
    name: "execTransaction",
    stateMutability: "payable",
    inputs: [
      { name: "to", type: "address" },
      { name: "value", type: "uint256" },
      { name: "data", type: "bytes" },
      { name: "operation", type: "uint8" },
      { name: "safeTxGas", type: "uint256" },
      { name: "baseGas", type: "uint256" },
      { name: "gasPrice", type: "uint256" },
      { name: "gasToken", type: "address" },
      { name: "refundReceiver", type: "address" },
      { name: "signatures", type: "bytes" },
    ],
    outputs: [{ name: "success", type: "bool" }],
  },
  {
    type: "function",
    name: "getTransactionHash",
    stateMutability: "view",
    inputs: [
      { name: "to", type: "address" },
      { name: "value", type: "uint256" },
      { name: "data", type: "bytes" },
      { name: "operation", type: "uint8" },
      { name: "safeTxGas", type: "uint256" },
      { name: "baseGas", type: "uint256" },
      { name: "gasPrice", type: "uint256" },
      { name: "gasToken", type: "address" },
      { name: "refundReceiver", type: "address" },
      { name: "_nonce", type: "uint256" },
    ],
    outputs: [{ type: "bytes32" }],
  },
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ type: "bytes4" }],
  },
  {
    type: "event",
    name: "ExecutionSuccess",
    inputs: [
      { name: "txHash", type: "bytes32", indexed: true },
      { name: "payment", type: "uint256", indexed: false },
    ],
  },
  {
    type: "event",
    name: "ExecutionFailure",
    inputs: [
      { name: "txHash", type: "bytes32", indexed: true },
      { name: "payment", type: "uint256", indexed: false },
    ],
  },
] as const;

/** ERC-1271's answer for a valid signature: bytes4(keccak256("isValidSignature(bytes32,bytes)")). */
export const ERC1271_MAGIC_VALUE = "0x1626ba7e";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The EIP-712 type of a Safe transaction (Safe 1.3 and later). */
export const SAFE_TX_TYPES = {
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
} as const;

/** A Safe transaction as Safe{Wallet} proposes a dapp's eth_sendTransaction: a CALL, no gas refund. */
export interface SafeTransaction {
  to: Address;
  value: bigint;
  data: Hex;
  /** 0 = CALL (a dapp's transaction is always one). */
  operation: 0;
  nonce: bigint;
}

/** A proposed Safe transaction, waiting for the other owners (see {@link SafeAccounts.coSignAndExecute}). */
export interface SafeTransactionProposal extends SafeTransaction {
  safe: Address;
  safeTxHash: Hex;
  /** The owners' signatures so far (the proposer's first). */
  signatures: { owner: Address; signature: Hex }[];
  /** The origin of the page that asked for it. */
  origin: string;
  /** The execTransaction transaction, once coSignAndExecute() has mined it. */
  executedIn?: Hex;
}

/** What the wallet knows of a Safe account. */
export interface SafeAccountConfig {
  /** The Safe's address. */
  safe: Address;
  /**
   * The owners the wallet asks the node to sign for (they must be unlocked on the node), in the order it asks them;
   * the first proposes transactions and sends execTransaction. Default: the Safe's owners, as getOwners() lists them.
   */
  signers?: readonly Address[];
}

export interface DeployTestSafeOptions {
  /** The Hardhat node's JSON-RPC endpoint. */
  rpcUrl: string;
  /** The Safe's owners: accounts the node holds unlocked. */
  owners: readonly Address[];
  threshold: number;
  /** Who sends the deployments (default: the first owner); an unlocked account with ether. */
  deployer?: Address;
}

function clients(rpcUrl: string): { reader: PublicClient; writer: WalletClient } {
  const transport = http(rpcUrl);
  return { reader: createPublicClient({ transport }), writer: createWalletClient({ transport }) };
}

async function mined(reader: PublicClient, hash: Hex): Promise<TransactionReceipt> {
  const receipt = await reader.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return receipt;
}

/**
 * Deploys a Safe with `owners` (the node's unlocked accounts) and `threshold` on the node at `rpcUrl`, and returns its
 * address. The singleton, proxy factory and fallback handler are deployed alongside it, by `deployer`.
 */
export async function deployTestSafe(options: DeployTestSafeOptions): Promise<Address> {
  const { reader, writer } = clients(options.rpcUrl);
  const deployer = options.deployer ?? options.owners[0];
  if (deployer === undefined) throw new Error("a Safe needs an owner");
  return await deploySafeWith(
    {
      async deploy(abi, bytecode) {
        const hash = await writer.deployContract({ account: deployer, chain: null, abi, bytecode });
        const receipt = await mined(reader, hash);
        if (receipt.contractAddress == null) throw new Error("the deployment created no contract");
        return receipt.contractAddress;
      },
      async write(call) {
        const hash = await writer.writeContract({ ...call, account: deployer, chain: null } as never);
        return await mined(reader, hash);
      },
    },
    options.owners.map((owner) => getAddress(owner)),
    options.threshold,
  );
}

/** The Safe accounts of one wallet: their signatures, proposals and executions. */
export interface SafeAccounts {
  /** Whether `address` is one of the wallet's Safes. */
  has(address: string): boolean;
  /** The Safe's ERC-1271 signature of `hash` (an EIP-191 or EIP-712 digest): `threshold` owners' SafeMessage signatures. */
  signHash(safe: Address, hash: Hex): Promise<Hex>;
  /** Proposes `tx` as Safe{Wallet} does (signed by the first signer); returns its safeTxHash. */
  propose(safe: Address, tx: { to: Address; value: bigint; data: Hex }, origin: string): Promise<Hex>;
  /** The proposals not yet executed (oldest first). */
  pending(safe?: Address): SafeTransactionProposal[];
  /** Every proposal, executed or not (oldest first). */
  all(): SafeTransactionProposal[];
  /**
   * Collects the remaining owners' signatures of the proposal up to the threshold and sends execTransaction from the
   * first signer; resolves with the mined transaction once the Safe has emitted ExecutionSuccess for it.
   */
  coSignAndExecute(safeTxHash: Hex): Promise<{ transactionHash: Hex; receipt: TransactionReceipt }>;
}

/** The Safe accounts `configs` on the node at `rpcUrl`, whose chain id is `chainId`. */
export function createSafeAccounts(
  rpcUrl: string,
  chainId: number,
  configs: readonly SafeAccountConfig[],
): SafeAccounts {
  const { reader, writer } = clients(rpcUrl);
  const configured = new Map(configs.map((c) => [c.safe.toLowerCase(), c]));
  const proposals: SafeTransactionProposal[] = [];

  const read = async (safe: Address) => {
    const [owners, threshold, nonce] = await Promise.all([
      reader.readContract({ address: safe, abi: SAFE_WALLET_ABI, functionName: "getOwners" }),
      reader.readContract({ address: safe, abi: SAFE_WALLET_ABI, functionName: "getThreshold" }),
      reader.readContract({ address: safe, abi: SAFE_WALLET_ABI, functionName: "nonce" }),
    ]);
    return { owners, threshold: Number(threshold), nonce };
  };

  /** The owners the wallet may ask to sign for `safe`, in order, checked against the Safe's owners. */
  const signersOf = async (safe: Address) => {
    const config = configured.get(safe.toLowerCase());
    if (config === undefined) throw new Error(`${safe} is not one of the wallet's Safes`);
    const state = await read(safe);
    const signers = (config.signers ?? state.owners).map((s) => getAddress(s));
    for (const signer of signers) {
      if (!state.owners.some((owner) => isAddressEqual(owner, signer))) {
        throw new Error(`${signer} is not an owner of the Safe ${safe}`);
      }
    }
    if (signers.length < state.threshold) {
      throw new Error(`the Safe ${safe} needs ${state.threshold} signatures; the wallet can ask ${signers.length}`);
    }
    return { ...state, signers };
  };

  return {
    has: (address) => configured.has(address.toLowerCase()),

    async signHash(safe, hash) {
      const { signers, threshold } = await signersOf(safe);
      const typedData = safeMessageTypedData(chainId, getAddress(safe), hash);
      const signed = await Promise.all(
        signers.slice(0, threshold).map(async (owner) => ({
          owner,
          signature: await writer.signTypedData({ account: owner, ...typedData }),
        })),
      );
      return concatSafeSignatures(signed);
    },

    async propose(safe, tx, origin) {
      const address = getAddress(safe);
      const { signers, nonce: onChain } = await signersOf(address);
      let nonce = onChain;
      for (const p of proposals) {
        if (isAddressEqual(p.safe, address) && p.executedIn === undefined && p.nonce >= nonce) nonce = p.nonce + 1n;
      }
      const safeTx: SafeTransaction = { to: getAddress(tx.to), value: tx.value, data: tx.data, operation: 0, nonce };
      const safeTxHash = await reader.readContract({
        address,
        abi: SAFE_WALLET_ABI,
        functionName: "getTransactionHash",
        args: [safeTx.to, safeTx.value, safeTx.data, 0, 0n, 0n, 0n, ZERO_ADDRESS, ZERO_ADDRESS, nonce],
      });
      const proposer = signers[0] as Address;
      const signature = await writer.signTypedData({
        account: proposer,
        domain: { chainId, verifyingContract: address },
        types: SAFE_TX_TYPES,
        primaryType: "SafeTx",
        message: {
          ...safeTx,
          safeTxGas: 0n,
          baseGas: 0n,
          gasPrice: 0n,
          gasToken: ZERO_ADDRESS,
          refundReceiver: ZERO_ADDRESS,
        },
      });
      proposals.push({ ...safeTx, safe: address, safeTxHash, signatures: [{ owner: proposer, signature }], origin });
      return safeTxHash;
    },

    pending: (safe) =>
      proposals.filter((p) => p.executedIn === undefined && (safe === undefined || isAddressEqual(p.safe, safe))),

    all: () => [...proposals],

    async coSignAndExecute(safeTxHash) {
      const proposal = proposals.find((p) => p.safeTxHash.toLowerCase() === safeTxHash.toLowerCase());
      if (proposal === undefined) throw new Error(`no Safe transaction ${safeTxHash} was proposed to this wallet`);
      if (proposal.executedIn !== undefined) {
        throw new Error(`the Safe transaction ${safeTxHash} was executed already (${proposal.executedIn})`);
      }
      const { signers, threshold, nonce } = await signersOf(proposal.safe);
      if (proposal.nonce !== nonce) {
        throw new Error(
          `the Safe transaction ${safeTxHash} has nonce ${proposal.nonce} but the Safe is at ${nonce}: ` +
            "execute the earlier proposals first",
        );
      }
      for (const owner of signers) {
        if (proposal.signatures.length >= threshold) break;
        if (proposal.signatures.some((s) => isAddressEqual(s.owner, owner))) continue;
        // The SafeTx hash is an EIP-712 digest; each owner signs the same typed data the proposer did.
        const signature = await writer.signTypedData({
          account: owner,
          domain: { chainId, verifyingContract: proposal.safe },
          types: SAFE_TX_TYPES,
          primaryType: "SafeTx",
          message: {
            to: proposal.to,
            value: proposal.value,
            data: proposal.data,
            operation: proposal.operation,
            safeTxGas: 0n,
            baseGas: 0n,
            gasPrice: 0n,
            gasToken: ZERO_ADDRESS,
            refundReceiver: ZERO_ADDRESS,
            nonce: proposal.nonce,
          },
        });
        proposal.signatures.push({ owner, signature });
      }
      const executor = signers[0] as Address;
      const hash = await writer.writeContract({
        account: executor,
        chain: null,
        address: proposal.safe,
        abi: SAFE_WALLET_ABI,
        functionName: "execTransaction",
        args: [
          proposal.to,
          proposal.value,
          proposal.data,
          proposal.operation,
          0n,
          0n,
          0n,
          ZERO_ADDRESS,
          ZERO_ADDRESS,
          concatSafeSignatures(proposal.signatures),
        ],
      });
      const receipt = await mined(reader, hash);
      const executed = receipt.logs.some((log) => {
        if (!isAddressEqual(log.address, proposal.safe)) return false;
        try {
          const event = decodeEventLog({ abi: SAFE_WALLET_ABI, data: log.data, topics: log.topics });
          return event.eventName === "ExecutionSuccess" && event.args.txHash.toLowerCase() === safeTxHash.toLowerCase();
        } catch {
          return false;
        }
      });
      if (!executed) throw new Error(`the Safe did not emit ExecutionSuccess for ${safeTxHash} in ${hash}`);
      proposal.executedIn = hash;
      return { transactionHash: hash, receipt };
    },
  };
}
