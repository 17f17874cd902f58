"use client";
/** Data hooks shared by the console's pages: GraphQL lists (with cursor paging) and company names. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { UseQueryResult } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { getAddress } from "viem";

import { graphql } from "../graphql.ts";
import { useConsoleConfig } from "./config-context.tsx";

/** A GraphQL query, cached under `key` (lists refresh after every confirmed transaction). */
export function useGraph<T>(
  key: readonly unknown[],
  query: string,
  variables: Record<string, unknown> = {},
  options: { enabled?: boolean; refetchInterval?: number } = {},
): UseQueryResult<T, Error> {
  const { graphqlUrl } = useConsoleConfig();
  return useQuery({
    queryKey: ["graph", ...key, variables],
    queryFn: ({ signal }) => graphql<T>(graphqlUrl, query, variables, signal),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
    ...(options.refetchInterval !== undefined ? { refetchInterval: options.refetchInterval } : {}),
  });
}

/**
 * Cursor paging over `id_gt`: the query takes `$first` and `$after` (an id; "0x", the empty Bytes, before the first
 * page, which graph-node parses as Bytes where "" would be refused) and returns a list ordered by id; one extra row
 * tells whether a next page exists. Lists keyed by String ids pass `firstCursor: ""`.
 */
export function useCursorPages<Row extends { id: string }>(
  key: readonly unknown[],
  query: string,
  pick: (data: never) => Row[],
  variables: Record<string, unknown> = {},
  pageSize = 20,
  options: { enabled?: boolean; firstCursor?: string } = {},
) {
  const [cursors, setCursors] = useState<string[]>([options.firstCursor ?? "0x"]);
  const page = cursors.length - 1;
  const result = useGraph<unknown>(
    [...key, "page"],
    query,
    { ...variables, first: pageSize + 1, after: cursors[page] },
    options.enabled === undefined ? {} : { enabled: options.enabled },
  );
  const rows = result.data === undefined ? undefined : pick(result.data as never);
  const hasNext = rows !== undefined && rows.length > pageSize;
  const visible = rows?.slice(0, pageSize);
  const next = useCallback(() => {
    if (visible !== undefined && visible.length > 0) setCursors((c) => [...c, visible.at(-1)!.id]);
  }, [visible]);
  const previous = useCallback(() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)), []);
  return { ...result, rows: visible, page, hasNext, next, previous };
}

const NAMES_QUERY = `query Names($ids: [Bytes!]!) { companies(where: { id_in: $ids }, first: 1000) { id name } }`;

/** Company names by address (from the indexer), for showing addresses as names. */
export function useCompanyNames(addresses: readonly string[]): (address: string) => string | undefined {
  const ids = [...new Set(addresses.map((a) => a.toLowerCase()))].sort();
  const { data } = useGraph<{ companies: { id: string; name: string }[] }>(
    ["names"],
    NAMES_QUERY,
    { ids },
    {
      enabled: ids.length > 0,
    },
  );
  const names = new Map((data?.companies ?? []).map((c) => [getAddress(c.id), c.name]));
  return (address: string) => {
    try {
      return names.get(getAddress(address));
    } catch {
      return undefined;
    }
  };
}
