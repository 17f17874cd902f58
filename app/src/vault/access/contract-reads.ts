/**
 * The records the checker reads from the Companies, Constellations and Access contracts, each at a given block, as
 * plain values (the rules that judge them are in liveness.ts).
 */
import { constellateAbis } from "@constellate/sdk";
import type { Grant } from "@constellate/sdk";
import type { Address, Hex } from "viem";

import type { AccessContracts, ChainClient } from "./chain-state.ts";
import type { CompanyStatus, GrantRecord, MembershipRecord, OperatorRecord } from "./liveness.ts";

const ACCESS_GRANTED = constellateAbis.Access.find(
  (item): item is Extract<(typeof constellateAbis.Access)[number], { type: "event"; name: "AccessGranted" }> =>
    item.type === "event" && item.name === "AccessGranted",
)!;

function toGrantRecord(r: { grantedAt: number; expiresAt: number; revokedAt: number }): GrantRecord {
  return { grantedAt: BigInt(r.grantedAt), expiresAt: BigInt(r.expiresAt), revokedAt: BigInt(r.revokedAt) };
}

export function contractReads(client: ChainClient, addresses: AccessContracts, fromBlock: bigint) {
  return {
    /** `Access.grantOf`. */
    async grant(owner: Address, id: Hex, blockNumber: bigint): Promise<GrantRecord> {
      const record = await client.readContract({
        address: addresses.Access,
        abi: constellateAbis.Access,
        functionName: "grantOf",
        args: [owner, id],
        blockNumber,
      });
      return toGrantRecord(record);
    },

    /** `Access.blindedGrantOf`. */
    async blindedGrant(owner: Address, commitment: Hex, blockNumber: bigint): Promise<GrantRecord> {
      const record = await client.readContract({
        address: addresses.Access,
        abi: constellateAbis.Access,
        functionName: "blindedGrantOf",
        args: [owner, commitment],
        blockNumber,
      });
      return toGrantRecord(record);
    },

    /** `Constellations.membershipOf`: what `hasRoles` reads of it. */
    async membership(constellation: bigint, account: Address, blockNumber: bigint): Promise<MembershipRecord> {
      const m = await client.readContract({
        address: addresses.Constellations,
        abi: constellateAbis.Constellations,
        functionName: "membershipOf",
        args: [constellation, account],
        blockNumber,
      });
      return { roles: m.roles, joinedAt: m.joinedAt };
    },

    /** `Companies.operatorOf`. */
    async operator(company: Address, operator: Address, blockNumber: bigint): Promise<OperatorRecord> {
      const o = await client.readContract({
        address: addresses.Companies,
        abi: constellateAbis.Companies,
        functionName: "operatorOf",
        args: [company, operator],
        blockNumber,
      });
      return { permissions: o.permissions, expiresAt: o.expiresAt };
    },

    /** `Companies.statusOf`. */
    async companyStatus(company: Address, blockNumber: bigint): Promise<CompanyStatus> {
      const s = await client.readContract({
        address: addresses.Companies,
        abi: constellateAbis.Companies,
        functionName: "statusOf",
        args: [company],
        blockNumber,
      });
      return { registeredAt: s.registeredAt, compromisedFrom: s.compromisedFrom };
    },

    /** The grant `id` of `owner` as its first AccessGranted event (up to `toBlock`) states it; undefined if none. */
    async grantById(owner: Address, id: Hex, toBlock: bigint): Promise<Grant | undefined> {
      const [log] = await client.getLogs({
        address: addresses.Access,
        event: ACCESS_GRANTED,
        args: { id, owner },
        fromBlock,
        toBlock,
      });
      const args = log?.args;
      if (args?.scope === undefined || args.kind === undefined || args.account === undefined) return undefined;
      return {
        owner,
        scope: args.scope,
        kind: args.kind === 0 ? 0 : 1,
        account: args.account,
        constellation: args.constellation ?? 0n,
        roles: args.roles ?? 0,
      };
    },
  };
}
