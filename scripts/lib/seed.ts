import { Contract, encodeBytes32String, id, sha256, toUtf8Bytes } from "ethers";
import type { ContractTransactionResponse, Signer } from "ethers";

import { Kind, Permission, Role } from "../../sdk/src/constants.ts";
import type {
  Access,
  Accreditations,
  Claims,
  Companies,
  Constellations,
  Products,
} from "../../types/typechain/index.ts";
import { readArtifact } from "./artifacts.ts";
import type { ConstellateAddresses } from "./deploy.ts";
import { seedClaims } from "./seed-claims.ts";
import type { ClaimSeedResult } from "./seed-claims.ts";
import { seedProducts } from "./seed-products.ts";
import type { ProductSeedResult } from "./seed-products.ts";

/** The demo's cast. With a node's default accounts, {@link seedAccountsFrom} assigns them in this order. */
export interface SeedAccounts {
  /** The Accreditations owner (the deployer, locally). */
  governance: Signer;
  brand: Signer;
  supplier: Signer;
  logistics: Signer;
  retailer: Signer;
  /** An auditor, accredited to verify product carbon footprints. */
  verifier: Signer;
  /** A GS1-like accreditation body. */
  body: Signer;
  /** A second brand, the brand's competitor. */
  competitor: Signer;
  /** An employee's wallet acting for the brand. */
  operator: Signer;
}

export const SEED_ACCOUNT_ORDER = [
  "governance",
  "brand",
  "supplier",
  "logistics",
  "retailer",
  "verifier",
  "body",
  "competitor",
  "operator",
] as const satisfies readonly (keyof SeedAccounts)[];

/** Assigns the demo's parts to `signers` in {@link SEED_ACCOUNT_ORDER} (account 0 is governance, the deployer). */
export function seedAccountsFrom(signers: readonly Signer[]): SeedAccounts {
  const pick = (i: number): Signer => {
    const signer = signers[i];
    if (signer === undefined)
      throw new Error(`The demo needs ${SEED_ACCOUNT_ORDER.length} accounts; got ${signers.length}`);
    return signer;
  };
  return {
    governance: pick(0),
    brand: pick(1),
    supplier: pick(2),
    logistics: pick(3),
    retailer: pick(4),
    verifier: pick(5),
    body: pick(6),
    competitor: pick(7),
    operator: pick(8),
  };
}

/** The GS1 Company Prefix the body accredits the brand for. */
export const DEMO_GS1_PREFIX = "4012345";
/** The claim topic the verifier is accredited for. */
export const PCF_TOPIC_NAME = "constellate.topic.product-carbon-footprint.v1";
export const PCF_TOPIC = id(PCF_TOPIC_NAME);

type CompanyKey = Exclude<keyof SeedAccounts, "governance" | "operator">;

interface DemoCompany {
  name: string;
  registryId: string;
  slug: string;
}

/** Profiles of the demo companies: invented names, GLNs with valid check digits. */
export const DEMO_COMPANIES: Record<CompanyKey, DemoCompany> = {
  brand: { name: "Aurora Apparel", registryId: "GLN:4012345000009", slug: "aurora-apparel" },
  supplier: { name: "Anatolia Organic Cotton Mill", registryId: "GLN:8690003000002", slug: "anatolia-cotton" },
  logistics: { name: "Northwind Logistics", registryId: "GLN:8712345000004", slug: "northwind-logistics" },
  retailer: { name: "Greenway Retail", registryId: "GLN:5400001000002", slug: "greenway-retail" },
  verifier: { name: "Clearview Assurance", registryId: "GLN:7610001000003", slug: "clearview-assurance" },
  body: { name: "GS1 Demoland (accreditation body)", registryId: "GLN:5000000000005", slug: "gs1-demoland" },
  competitor: { name: "Denim Republic", registryId: "GLN:5012345000008", slug: "denim-republic" },
};

export interface SeedOptions {
  accounts: SeedAccounts;
  addresses: ConstellateAddresses;
  /** Base URL of the demo data vault (default http://127.0.0.1:3000/vault). */
  vaultUrl?: string;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

export interface SeededConstellation {
  id: bigint;
  name: string;
  founder: string;
  /** Member address -> role mask in effect. */
  members: Record<string, number>;
}

export interface SeedResult {
  companies: Record<CompanyKey, { address: string; name: string }>;
  governance: string;
  operator: { address: string; company: string; permissions: bigint };
  accreditations: { company: string; kind: number; subject: string; label: string; expiresAt: number }[];
  constellations: SeededConstellation[];
  /** Products, the batch with its serials, and the journey's EPCIS documents. */
  products: ProductSeedResult;
  /** Claims with their verdicts, a batch of claims, data-access grants, and the claim documents. */
  claims: ClaimSeedResult;
  transactions: number;
}

const DAY = 24 * 60 * 60;

/**
 * Seeds a demo on freshly deployed contracts: seven companies with profiles; an operator of the brand; a GS1-like body
 * appointed by governance that accredits the brand for a GS1 Company Prefix and the verifier for the product carbon
 * footprint topic; two constellations in which the supplier is the brand's partner in one ("Organic cotton") and
 * produces alongside the brand's competitor in the other ("Recycled denim"); and the brand's products with a batch,
 * committed serials, product actors and a journey from the mill to the shop (see {@link seedProducts}); then claims
 * with verifiers' verdicts, a batch of claims and the brand's data-access grants (see {@link seedClaims}).
 */
export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const { accounts, addresses } = options;
  const log = options.log ?? (() => {});
  const vaultUrl = options.vaultUrl ?? "http://127.0.0.1:3000/vault";
  let transactions = 0;
  const send = async (label: string, tx: Promise<ContractTransactionResponse>) => {
    const receipt = await (await tx).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`seed: ${label} failed`);
    transactions++;
    log(`  ${label}`);
  };

  const companies = contract<Companies>("Companies", addresses.Companies, accounts.governance);
  const accreditations = contract<Accreditations>("Accreditations", addresses.Accreditations, accounts.governance);
  const constellations = contract<Constellations>("Constellations", addresses.Constellations, accounts.governance);
  const products = contract<Products>("Products", addresses.Products, accounts.governance);
  const provider = accounts.governance.provider;
  if (provider === null) throw new Error("seed: the signers need a provider");
  const now = async () => (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);

  const address: Record<keyof SeedAccounts, string> = Object.fromEntries(
    await Promise.all(SEED_ACCOUNT_ORDER.map(async (key) => [key, await accounts[key].getAddress()] as const)),
  ) as Record<keyof SeedAccounts, string>;

  // Companies and their profiles.
  for (const [key, company] of Object.entries(DEMO_COMPANIES) as [CompanyKey, DemoCompany][]) {
    await send(
      `${company.name} registers`,
      companies.connect(accounts[key]).register({
        name: company.name,
        registryId: company.registryId,
        metadataURI: `${vaultUrl}/profiles/${company.slug}.json`,
        metadataHash: sha256(toUtf8Bytes(`demo profile of ${company.slug}`)),
        dataEndpoint: `${vaultUrl}/${company.slug}`,
      }),
    );
  }

  // The brand's operator: an employee's wallet that runs the brand's constellations and products.
  const operatorPermissions =
    Permission.PROFILE |
    Permission.MEMBERSHIP |
    Permission.CONSTELLATION_ADMIN |
    Permission.PRODUCTS |
    Permission.EVENTS |
    Permission.CLAIMS;
  await send(
    "the brand appoints its operator",
    companies
      .connect(accounts.brand)
      .setOperator(address.operator, operatorPermissions, BigInt((await now()) + 365 * DAY)),
  );

  // Governance appoints the body; the body accredits the brand's prefix and the verifier's topic.
  await send(
    "governance appoints the accreditation body",
    accreditations
      .connect(accounts.governance)
      .appointBody(
        address.body,
        Kind.GS1_COMPANY_PREFIX | Kind.LEGAL_ENTITY | Kind.VERIFIER_TOPIC,
        DEMO_COMPANIES.body.name,
      ),
  );
  const expiresAt = (await now()) + 365 * DAY;
  const accredited: SeedResult["accreditations"] = [
    {
      company: address.brand,
      kind: Kind.GS1_COMPANY_PREFIX,
      subject: encodeBytes32String(DEMO_GS1_PREFIX),
      label: `GS1 Company Prefix ${DEMO_GS1_PREFIX}`,
      expiresAt,
    },
    {
      company: address.verifier,
      kind: Kind.VERIFIER_TOPIC,
      subject: PCF_TOPIC,
      label: `verifier for ${PCF_TOPIC_NAME}`,
      expiresAt,
    },
  ];
  for (const a of accredited) {
    await send(
      `the body accredits ${a.company === address.brand ? DEMO_COMPANIES.brand.name : DEMO_COMPANIES.verifier.name}: ${a.label}`,
      accreditations
        .connect(accounts.body)
        .accredit(a.company, a.kind, a.subject, a.expiresAt, sha256(toUtf8Bytes(`evidence: ${a.label}`))),
    );
  }

  // Constellation 1: the brand's "Organic cotton", with the supplier as its partner.
  const cotton = (await constellations.constellationCount()) + 1n;
  await send(
    'the brand founds "Organic cotton"',
    constellations
      .connect(accounts.brand)
      .create(
        "Organic cotton",
        "Traceable organic cotton shirts, from the field to the shelf",
        `${vaultUrl}/constellations/organic-cotton.json`,
        sha256(toUtf8Bytes("demo constellation organic-cotton")),
      ),
  );
  const inviteUntil = BigInt((await now()) + 30 * DAY);
  await send(
    "the brand invites the supplier as SUPPLIER",
    constellations.connect(accounts.brand).invite(cotton, address.supplier, Role.SUPPLIER, inviteUntil),
  );
  await send("the supplier accepts", constellations.connect(accounts.supplier).acceptInvitation(cotton));
  // The operator acts for the brand through actFor.
  await send(
    "the brand's operator invites the logistics company as LOGISTICS (actFor)",
    constellations
      .connect(accounts.operator)
      .actFor(
        address.brand,
        constellations.interface.encodeFunctionData("invite", [cotton, address.logistics, Role.LOGISTICS, inviteUntil]),
      ),
  );
  await send("the logistics company accepts", constellations.connect(accounts.logistics).acceptInvitation(cotton));
  await send(
    "the retailer asks to join as RETAILER",
    constellations.connect(accounts.retailer).requestToJoin(cotton, Role.RETAILER),
  );
  await send(
    "the brand's operator approves the retailer (actFor)",
    constellations
      .connect(accounts.operator)
      .actFor(
        address.brand,
        constellations.interface.encodeFunctionData("approveJoinRequest", [cotton, address.retailer, Role.RETAILER]),
      ),
  );
  await send(
    "the brand invites the verifier as VERIFIER",
    constellations.connect(accounts.brand).invite(cotton, address.verifier, Role.VERIFIER, inviteUntil),
  );
  await send("the verifier accepts", constellations.connect(accounts.verifier).acceptInvitation(cotton));
  await send(
    "the brand takes the PRODUCER role as well",
    constellations.connect(accounts.brand).grantRoles(cotton, address.brand, Role.PRODUCER),
  );

  // Constellation 2: the competitor's "Recycled denim", where the supplier produces alongside the brand's competitor.
  const denim = cotton + 1n;
  await send(
    'the competitor founds "Recycled denim"',
    constellations
      .connect(accounts.competitor)
      .create(
        "Recycled denim",
        "Jeans from post-consumer denim, with every fibre accounted for",
        `${vaultUrl}/constellations/recycled-denim.json`,
        sha256(toUtf8Bytes("demo constellation recycled-denim")),
      ),
  );
  await send(
    "the competitor takes the PRODUCER role",
    constellations.connect(accounts.competitor).grantRoles(denim, address.competitor, Role.PRODUCER),
  );
  await send(
    "the competitor invites the supplier as PRODUCER",
    constellations.connect(accounts.competitor).invite(denim, address.supplier, Role.PRODUCER, inviteUntil),
  );
  await send("the supplier accepts", constellations.connect(accounts.supplier).acceptInvitation(denim));
  await send(
    "the competitor invites the logistics company as LOGISTICS",
    constellations.connect(accounts.competitor).invite(denim, address.logistics, Role.LOGISTICS, inviteUntil),
  );
  await send("the logistics company accepts", constellations.connect(accounts.logistics).acceptInvitation(denim));

  const productSeed = await seedProducts({
    products,
    signers: accounts,
    address,
    cotton,
    denim,
    prefixLength: DEMO_GS1_PREFIX.length,
    vaultUrl,
    now,
    send,
  });

  const claimSeed = await seedClaims({
    claims: contract<Claims>("Claims", addresses.Claims, accounts.governance),
    access: contract<Access>("Access", addresses.Access, accounts.governance),
    accreditations,
    signers: accounts,
    address,
    companies: DEMO_COMPANIES,
    cotton,
    denim,
    tshirt: productSeed.batch.product,
    vaultUrl,
    now,
    send,
  });

  const membersOf = async (constellation: bigint, keys: (keyof SeedAccounts)[]) => {
    const members: Record<string, number> = {};
    for (const key of keys) {
      members[address[key]] = Number((await constellations.membershipOf(constellation, address[key])).roles);
    }
    return members;
  };

  return {
    companies: Object.fromEntries(
      (Object.keys(DEMO_COMPANIES) as CompanyKey[]).map((key) => [
        key,
        { address: address[key], name: DEMO_COMPANIES[key].name },
      ]),
    ) as SeedResult["companies"],
    governance: address.governance,
    operator: { address: address.operator, company: address.brand, permissions: operatorPermissions },
    accreditations: accredited,
    constellations: [
      {
        id: cotton,
        name: "Organic cotton",
        founder: address.brand,
        members: await membersOf(cotton, ["brand", "supplier", "logistics", "retailer", "verifier"]),
      },
      {
        id: denim,
        name: "Recycled denim",
        founder: address.competitor,
        members: await membersOf(denim, ["competitor", "supplier", "logistics"]),
      },
    ],
    products: productSeed,
    claims: claimSeed,
    transactions,
  };
}

function contract<T>(name: string, address: string, runner: Signer): T {
  return new Contract(address, readArtifact(name).abi, runner) as unknown as T;
}

/** Role mask as names, e.g. "ADMIN|PRODUCER". */
export function roleNames(mask: number): string {
  const names = (Object.entries(Role) as [keyof typeof Role, number][])
    .filter(([name, bit]) => name !== "ALL" && (mask & bit) !== 0)
    .map(([name]) => name);
  return names.length === 0 ? "-" : names.join("|");
}
