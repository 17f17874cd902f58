/**
 * Candidate constellation grants from the subgraph: the owner's unrevoked, unexpired grants of a scope to
 * constellations the grantee is an active member of. The subgraph only proposes; the chain confirms each candidate.
 */
import type { Address, Hex } from "viem";

/** A constellation grant that may open `scope` of `owner`'s data to `grantee`. */
export interface ConstellationGrantCandidate {
  constellation: bigint;
  roles: number;
}

export interface CandidateQuery {
  owner: Address;
  scope: Hex;
  grantee: Address;
  /** Seconds: grants expired by then are left out. */
  now: bigint;
}

export interface CandidateAnswer {
  candidates: ConstellationGrantCandidate[];
  /** The block the index had reached when it answered. */
  indexedBlock: bigint;
}

/** Proposes candidates; the checker confirms each one on the chain. */
export type ConstellationGrantLookup = (query: CandidateQuery) => Promise<CandidateAnswer>;

const QUERY = /* GraphQL */ `
  query ConstellationGrantCandidates($owner: String!, $scope: Bytes!, $grantee: String!, $now: BigInt!, $first: Int!) {
    grants(
      first: $first
      orderBy: expiresAt
      orderDirection: desc
      where: { owner: $owner, scope: $scope, granteeKind: Constellation, revoked: false, expiresAt_gt: $now }
    ) {
      constellation {
        id
      }
      roles
    }
    memberships(first: $first, where: { company: $grantee, active: true }) {
      constellation {
        id
      }
    }
    _meta {
      block {
        number
      }
    }
  }
`;

interface QueryData {
  grants: { constellation: { id: string } | null; roles: number }[];
  memberships: { constellation: { id: string } }[];
  _meta: { block: { number: number } };
}

/**
 * A lookup through the subgraph at `url` (The Graph's conventions; the local Graph node serves the same). Each list
 * is capped at `first` (default 100): an owner with more live constellation grants of one scope, or a grantee in more
 * constellations, may need to name its grant in a hint.
 */
export function subgraphLookup(
  url: string,
  options: { first?: number; timeoutMs?: number; fetch?: typeof fetch } = {},
): ConstellationGrantLookup {
  const first = options.first ?? 100;
  const timeoutMs = options.timeoutMs ?? 2000;
  const fetchImpl = options.fetch ?? fetch;
  return async ({ owner, scope, grantee, now }) => {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: QUERY,
        variables: {
          owner: owner.toLowerCase(),
          scope: scope.toLowerCase(),
          grantee: grantee.toLowerCase(),
          now: now.toString(),
          first,
        },
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`the subgraph answered HTTP ${response.status}`);
    const body = (await response.json()) as { data?: QueryData; errors?: { message: string }[] };
    if (body.data === undefined || (body.errors?.length ?? 0) > 0) {
      throw new Error(`the subgraph refused the query: ${body.errors?.[0]?.message ?? "no data"}`);
    }
    const memberOf = new Set(body.data.memberships.map((m) => m.constellation.id));
    const candidates: ConstellationGrantCandidate[] = [];
    for (const grant of body.data.grants) {
      const id = grant.constellation?.id;
      if (id === undefined || !memberOf.has(id) || !/^[0-9]{1,20}$/.test(id)) continue;
      candidates.push({ constellation: BigInt(id), roles: grant.roles });
    }
    return { candidates, indexedBlock: BigInt(body.data._meta.block.number) };
  };
}
