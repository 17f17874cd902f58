import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type {
  ContractTransactionReceipt,
  ContractTransactionResponse,
  Signer as EthersSigner,
  TypedDataDomain,
} from "ethers";

import type { Claims, IClaims } from "../../types/typechain/index.js";
import { DAY, ethers, Kind, now, profile, Role } from "./fixture.js";
import { deployWithActors, META } from "./products.js";

/**
 * Claims fixtures and the off-chain side of IClaims: claim ids and typed data computed with ethers alone (never with the
 * contract or the sdk), so the tests check the contract against the EIP-712 encoding itself.
 */

/** A topic id of the published taxonomy: `keccak256("constellate.topic.<name>.v<major>")`. */
export function topicId(name: string, major = 1): string {
  return ethers.id(`constellate.topic.${name}.v${major}`);
}

/** A topic governance puts under accreditation in {deployClaims}. */
export const GOVERNED = topicId("product-carbon-footprint");
/** A topic nobody governs: any VERIFIER member may judge its claims. */
export const UNGOVERNED = topicId("recycled-content");
/** A third topic, for claims and batches that must differ from the others. */
export const OTHER_TOPIC = topicId("fair-labour");

/** SHA-256 of a (pretend) canonical claim document. */
export function documentHash(text: string): string {
  return ethers.sha256(ethers.toUtf8Bytes(text));
}

export const DOC_HASH = documentHash('{"claim":{"kgCO2e":4.2},"salt":"0x01"}');
export const DOC_URI = "https://vault.example.com/claims/0001.json";
export const EVIDENCE = ethers.id("verifier evidence");
export const MANIFEST_HASH = documentHash('{"manifest":"batch"}');
export const MANIFEST_URI = "https://vault.example.com/batches/0001.json";
export const MAX_URI = 512;
export const MAX_REASON = 8;

/** IClaims.Verdict. */
export const Verdict = { None: 0, Attested: 1, Rejected: 2, Withdrawn: 3 } as const;

/** The EIP-712 type of a claim, exactly as Claims.sol spells CLAIM_TYPEHASH. */
export const CLAIM_TYPE_STRING =
  "Claim(address issuer,bytes32 product,bytes32 subject,uint64 constellation,bytes32 topic," +
  "bytes32 documentHash,string documentURI,uint64 validFrom,uint64 validUntil)";

const CLAIM_FIELDS = [
  { name: "issuer", type: "address" },
  { name: "product", type: "bytes32" },
  { name: "subject", type: "bytes32" },
  { name: "constellation", type: "uint64" },
  { name: "topic", type: "bytes32" },
  { name: "documentHash", type: "bytes32" },
  { name: "documentURI", type: "string" },
  { name: "validFrom", type: "uint64" },
  { name: "validUntil", type: "uint64" },
];

export const CLAIM_TYPES = { Claim: CLAIM_FIELDS };
/** `IssueClaim(Claim claim,address signer,uint256 nonce,uint64 deadline)` with the nested Claim. */
export const ISSUE_TYPES = {
  IssueClaim: [
    { name: "claim", type: "Claim" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
  Claim: CLAIM_FIELDS,
};
/** `AttestClaim(bytes32 id,address verifier,bytes32 evidenceHash,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)`. */
export const ATTEST_TYPES = {
  AttestClaim: [
    { name: "id", type: "bytes32" },
    { name: "verifier", type: "address" },
    { name: "evidenceHash", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

/** A claim with every field explicit (the shape IClaims.Claim takes). */
export interface Claim {
  issuer: string;
  product: string;
  subject: string;
  constellation: bigint;
  topic: string;
  documentHash: string;
  documentURI: string;
  validFrom: bigint;
  validUntil: bigint;
}

const CLAIM_ENCODER = ethers.TypedDataEncoder.from(CLAIM_TYPES);

/** The id of `claim` computed off-chain: its EIP-712 struct hash (ethers' `TypedDataEncoder.hashStruct`). */
export function claimIdOf(claim: Claim): string {
  return CLAIM_ENCODER.hashStruct("Claim", claim);
}

/** A company's address as the bytes32 subject of a claim about itself. */
export function companySubject(address: string): string {
  return ethers.zeroPadValue(address, 32);
}

/** `keccak256(abi.encode(issuer, root))`, IClaims.batchId computed off-chain. */
export function batchIdOf(issuer: string, root: string): string {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [issuer, root]));
}

/** The ClaimIssued arguments of `claim`, in event order. */
export function issuedArgs(claim: Claim): unknown[] {
  return [
    claimIdOf(claim),
    claim.issuer,
    claim.subject,
    claim.product,
    claim.constellation,
    claim.topic,
    claim.documentHash,
    claim.documentURI,
    claim.validFrom,
    claim.validUntil,
  ];
}

/** IClaims.Validity as plain values, for deep comparison. */
export interface ValidityView {
  exists: boolean;
  revoked: boolean;
  inWindow: boolean;
  issuerCompromised: boolean;
  attestations: number;
  rejections: number;
  valid: boolean;
}

export const NOT_FOUND: ValidityView = {
  exists: false,
  revoked: false,
  inWindow: false,
  issuerCompromised: false,
  attestations: 0,
  rejections: 0,
  valid: false,
};

/** What a claim that exists and holds, without verdicts, answers. */
export const VALID: ValidityView = { ...NOT_FOUND, exists: true, inWindow: true, valid: true };

function plainValidity(v: IClaims.ValidityStructOutput): ValidityView {
  return {
    exists: v.exists,
    revoked: v.revoked,
    inWindow: v.inWindow,
    issuerCompromised: v.issuerCompromised,
    attestations: Number(v.attestations),
    rejections: Number(v.rejections),
    valid: v.valid,
  };
}

/** Addresses in the ascending order the validity views require. */
export function ascending(addresses: readonly string[]): string[] {
  return [...addresses].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/** `validity(claim, verifiers)` as plain values; `verifiers` are sorted first. */
export async function validityOf(
  claims: Claims,
  claim: Claim,
  verifiers: readonly string[] = [],
): Promise<ValidityView> {
  return plainValidity(await claims.validity(claim, ascending(verifiers)));
}

/** `batchValidity(claim, root, proof, verifiers)` as plain values; `verifiers` are sorted first. */
export async function batchValidityOf(
  claims: Claims,
  claim: Claim,
  root: string,
  proof: readonly string[],
  verifiers: readonly string[] = [],
): Promise<ValidityView> {
  return plainValidity(await claims.batchValidity(claim, root, [...proof], ascending(verifiers)));
}

/** `verdictOf` as plain numbers. */
export async function verdictView(
  claims: Claims,
  id: string,
  verifier: string,
): Promise<{ verdict: number; reason: number; givenAt: number; expiresAt: number }> {
  const v = await claims.verdictOf(id, verifier);
  return {
    verdict: Number(v.verdict),
    reason: Number(v.reason),
    givenAt: Number(v.givenAt),
    expiresAt: Number(v.expiresAt),
  };
}

/** `claimOf` as plain values. */
export async function recordView(
  claims: Claims,
  id: string,
): Promise<{ issuer: string; issuedAt: number; revokedAt: number }> {
  const r = await claims.claimOf(id);
  return { issuer: r.issuer, issuedAt: Number(r.issuedAt), revokedAt: Number(r.revokedAt) };
}

/** The receipt of `tx`, once mined. */
export async function mined(
  tx: ContractTransactionResponse | Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction not mined");
  return receipt;
}

/** The block time of `receipt`. */
export async function blockTime(receipt: ContractTransactionReceipt): Promise<number> {
  const block = await ethers.provider.getBlock(receipt.blockNumber);
  if (block === null) throw new Error("block not found");
  return block.timestamp;
}

// ---------------------------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------------------------

/** The leaf encoding of a claim batch: the claim id. */
export const CLAIM_LEAF = ["bytes32"];

/** A StandardMerkleTree over the ids of `claims`, in order. */
export function claimTree(claims: readonly Claim[]): StandardMerkleTree<[string]> {
  return StandardMerkleTree.of(
    claims.map((c) => [claimIdOf(c)] as [string]),
    CLAIM_LEAF,
  );
}

/** The proof of `claim` in `tree`. */
export function proofOf(tree: StandardMerkleTree<[string]>, claim: Claim): string[] {
  return tree.getProof([claimIdOf(claim)]);
}

// ---------------------------------------------------------------------------------------------------------------
// Signed operations
// ---------------------------------------------------------------------------------------------------------------

/** The EIP-712 domain of `claims` on the test chain. */
export async function claimsDomain(claims: Claims): Promise<TypedDataDomain> {
  const { chainId } = await ethers.provider.getNetwork();
  return { name: "Constellate Claims", version: "1", chainId, verifyingContract: await claims.getAddress() };
}

export interface IssueMessage {
  claim: Claim;
  signer: string;
  nonce: bigint;
  deadline: bigint;
}

export interface AttestMessage {
  id: string;
  verifier: string;
  evidenceHash: string;
  expiresAt: bigint;
  signer: string;
  nonce: bigint;
  deadline: bigint;
}

/** The digest a signer of `message` signs (for ERC-1271 wallets, which sign a hash). */
export async function issueDigest(claims: Claims, message: IssueMessage): Promise<string> {
  return ethers.TypedDataEncoder.hash(await claimsDomain(claims), ISSUE_TYPES, message);
}

export async function attestDigest(claims: Claims, message: AttestMessage): Promise<string> {
  return ethers.TypedDataEncoder.hash(await claimsDomain(claims), ATTEST_TYPES, message);
}

/** `signer`'s EIP-712 signature of an IssueClaim; `domain` overrides parts of the Claims domain. */
export async function signIssue(
  signer: EthersSigner,
  claims: Claims,
  message: IssueMessage,
  domain: Partial<TypedDataDomain> = {},
): Promise<string> {
  return signer.signTypedData({ ...(await claimsDomain(claims)), ...domain }, ISSUE_TYPES, message);
}

/** `signer`'s EIP-712 signature of an AttestClaim; `domain` overrides parts of the Claims domain. */
export async function signAttest(
  signer: EthersSigner,
  claims: Claims,
  message: AttestMessage,
  domain: Partial<TypedDataDomain> = {},
): Promise<string> {
  return signer.signTypedData({ ...(await claimsDomain(claims)), ...domain }, ATTEST_TYPES, message);
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

/** `account`, which the fixture promises (the test network has twenty accounts). */
export function must<T>(account: T | undefined): T {
  if (account === undefined) throw new Error("missing test account");
  return account;
}

/**
 * As {deployWithActors} (brand owns `product` with its `batch` and `item` in constellation 1; actors on it: `supplier`
 * SUPPLIER, `carrier` LOGISTICS, `retailer` RETAILER, `verifier` AUDITOR; `impostor` and `successor` members of
 * constellation 1 but no actors), plus:
 *  - `verifier` and `verifier2` (account 12, "Lab Two") hold VERIFIER in constellation 1;
 *  - constellation 2 ("Rival", `otherId`), founded by `successor`, where `outsider` (account 13) holds VERIFIER;
 *  - `body` appointed for verifier topics as well, governance has put GOVERNED under accreditation and `body` accredited
 *    `verifier` (not `verifier2`) for it until `topicAccreditationExpiry`; UNGOVERNED and OTHER_TOPIC are free;
 *  - `relayer` (account 14), an account that is no company, to submit signed operations.
 */
export async function deployClaims() {
  const base = await deployWithActors();
  const { companies, constellations, accreditations, governance, brand, verifier, body, successor, id } = base;
  const signers = await ethers.getSigners();
  const verifier2 = must(signers[12]);
  const outsider = must(signers[13]);
  const relayer = must(signers[14]);
  await companies.connect(verifier2).register(profile("Lab Two"));
  await companies.connect(outsider).register(profile("Outside Lab"));
  const expiry = (await now()) + 7 * DAY;
  for (const lab of [verifier, verifier2]) {
    await constellations.connect(brand).invite(id, lab.address, Role.VERIFIER, expiry);
    await constellations.connect(lab).acceptInvitation(id);
  }
  await constellations.connect(successor).create("Rival", "Another chain", "ipfs://rival", ethers.ZeroHash);
  const otherId = 2n;
  await constellations.connect(successor).invite(otherId, outsider.address, Role.VERIFIER, expiry);
  await constellations.connect(outsider).acceptInvitation(otherId);
  await accreditations
    .connect(governance)
    .appointBody(body.address, Kind.GS1_COMPANY_PREFIX | Kind.VERIFIER_TOPIC, "GS1 and verifier body");
  await accreditations.connect(governance).governTopic(GOVERNED, true);
  const topicAccreditationExpiry = (await now()) + 365 * DAY;
  await accreditations
    .connect(body)
    .accredit(verifier.address, Kind.VERIFIER_TOPIC, GOVERNED, topicAccreditationExpiry, META);
  return { ...base, verifier2, outsider, relayer, otherId, topicAccreditationExpiry };
}

export type ClaimsFixture = Awaited<ReturnType<typeof deployClaims>>;

/** A claim of the brand about its product, GOVERNED topic, no window; `overrides` replace any field. */
export function productClaim(fx: ClaimsFixture, overrides: Partial<Claim> = {}): Claim {
  return {
    issuer: fx.brand.address,
    product: fx.product,
    subject: fx.product,
    constellation: fx.id,
    topic: GOVERNED,
    documentHash: DOC_HASH,
    documentURI: DOC_URI,
    validFrom: 0n,
    validUntil: 0n,
    ...overrides,
  };
}

/** A claim `issuer` makes about itself in constellation 1; `overrides` replace any field. */
export function companyClaim(fx: ClaimsFixture, issuer: string, overrides: Partial<Claim> = {}): Claim {
  return {
    issuer,
    product: ethers.ZeroHash,
    subject: companySubject(issuer),
    constellation: fx.id,
    topic: UNGOVERNED,
    documentHash: DOC_HASH,
    documentURI: DOC_URI,
    validFrom: 0n,
    validUntil: 0n,
    ...overrides,
  };
}
