/** The vault's authorisation against the chain: see checker.ts. */
export { AccessCheckUnavailableError, AccessDeniedError, createAccessChecker, READ_PERMISSION } from "./checker.ts";
export type {
  AccessChecker,
  AccessCheckerOptions,
  AccessStats,
  LiveBlindedGrant,
  ReadDecision,
  ReadQuery,
  ReadVia,
} from "./checker.ts";
export { AccessQueryError } from "./inputs.ts";
export type { BlindedGrantee, ReadHint } from "./inputs.ts";
export type { AccessContracts, ChainClient, ChainView } from "./chain-state.ts";
export { subgraphLookup } from "./subgraph.ts";
export type { ConstellationGrantCandidate, ConstellationGrantLookup } from "./subgraph.ts";
