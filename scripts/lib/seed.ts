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
import { seedClaims, seedExpiringCertification } from "./seed-claims.ts";
import type { ClaimSeedResult } from "./seed-claims.ts";
import { seedProducts } from "./seed-products.ts";
import type { ProductSeedResult } from "./seed-products.ts";

/** The demo's cast. With a node's default accounts, {@link seedAccountsFrom} assigns them in this order. */
export interface SeedAccounts {
  /** The Accreditations owner (the deployer, locally). */
  governance: Signer;
  /** A specialty roaster: the brand of the demo's coffees, accredited for their GS1 Company Prefix. */
  brand: Signer;
  /** A grower co-op in Huila, Colombia: the brand's green-coffee supplier. */
  supplier: Signer;
  /** A shipper and forwarder. */
  logistics: Signer;
  /** A grocery retailer. */
  retailer: Signer;
  /** An auditor, accredited to verify product carbon footprints. */
  verifier: Signer;
  /** A GS1-like accreditation body. */
  body: Signer;
  /** A second roaster, the brand's competitor (and its partner in "Circular packaging"). */
  competitor: Signer;
  /** An employee's wallet acting for the brand. */
  operator: Signer;
  /** A packaging maker that partners with both roasters. */
  packaging: Signer;
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
  "packaging",
] as const satisfies readonly (keyof SeedAccounts)[];

/**
 * Assigns the demo's parts to `signers` in {@link SEED_ACCOUNT_ORDER} (account 0 is governance, the deployer); the
 * accounts after them (from SEED_ACCOUNT_ORDER.length on) are not part of the demo.
 */
export function seedAccountsFrom(signers: readonly Signer[]): SeedAccounts {
  const pick = (key: keyof SeedAccounts): Signer => {
    const signer = signers[SEED_ACCOUNT_ORDER.indexOf(key)];
    if (signer === undefined)
      throw new Error(`The demo needs ${SEED_ACCOUNT_ORDER.length} accounts; got ${signers.length}`);
    return signer;
  };
  return Object.fromEntries(SEED_ACCOUNT_ORDER.map((key) => [key, pick(key)])) as unknown as SeedAccounts;
}

/** The GS1 Company Prefix the body accredits the brand (the roaster) for. */
export const DEMO_GS1_PREFIX = "4012345";
/** The GS1 Company Prefix the body accredits the packaging maker for. */
export const PACKAGING_GS1_PREFIX = "8012345";
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
  brand: { name: "Lumen Coffee Roasters", registryId: "GLN:4012345000009", slug: "lumen-coffee" },
  supplier: {
    name: "Cordillera Sur Growers' Cooperative",
    registryId: "GLN:7701234000004",
    slug: "cordillera-sur",
  },
  logistics: { name: "Caravel Shipping & Forwarding", registryId: "GLN:8712345000004", slug: "caravel-shipping" },
  retailer: { name: "Greenway Grocers", registryId: "GLN:5400001000002", slug: "greenway-grocers" },
  verifier: { name: "Clearview Assurance", registryId: "GLN:7610001000003", slug: "clearview-assurance" },
  body: { name: "GS1 Demoland (accreditation body)", registryId: "GLN:5000000000005", slug: "gs1-demoland" },
  competitor: { name: "Ridgeline Roasting Co.", registryId: "GLN:5012345000008", slug: "ridgeline-roasting" },
  packaging: { name: "Fernleaf Packaging", registryId: "GLN:8012345000005", slug: "fernleaf-packaging" },
};

/** The demo's two constellations. */
export const DEMO_CONSTELLATIONS = {
  coffee: {
    name: "Specialty coffee",
    purpose: "Traceable single-origin coffee that pays its growers fairly, from the farm to the cup",
    slug: "specialty-coffee",
  },
  circular: {
    name: "Circular packaging",
    purpose: "Recyclable coffee bags with recycled content: made, filled, collected and made into bags again",
    slug: "circular-packaging",
  },
} as const;

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
  /** "Specialty coffee" (the brand's) first, then "Circular packaging" (the packaging maker's). */
  constellations: SeededConstellation[];
  /** Products, the batch with its serials, and the journeys' EPCIS documents. */
  products: ProductSeedResult;
  /** Claims with their verdicts (one expired), a batch of claims, data-access grants, and the claim documents. */
  claims: ClaimSeedResult;
  transactions: number;
}

const DAY = 24 * 60 * 60;

/**
 * Seeds a specialty-coffee demo on freshly deployed contracts: eight companies with profiles (a roaster, the brand; a
 * grower co-op in Huila; a shipper; a retailer; an auditor; a GS1-like body; a competing roaster; a packaging maker);
 * an operator of the brand; the body, appointed by governance, accredits the brand and the packaging maker for their
 * GS1 Company Prefixes and the auditor for product carbon footprints. Two constellations: the brand's "Specialty
 * coffee" (co-op, shipper, retailer, auditor and packaging maker as partners) and the packaging maker's "Circular
 * packaging", where both roasters produce side by side, competitors in one constellation and partners in the other.
 * Then the products with a harvest-to-shelf journey (see {@link seedProducts}), and the claims with verifiers'
 * verdicts, a batch of claims and data-access grants (see {@link seedClaims}); the co-op's certification claim, whose
 * window ends seconds after it is issued, goes first so that it has expired by the end (see
 * {@link seedExpiringCertification}).
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
  const claims = contract<Claims>("Claims", addresses.Claims, accounts.governance);
  const provider = accounts.governance.provider;
  if (provider === null) throw new Error("seed: the signers need a provider");
  const now = async () => (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);

  const address: Record<keyof SeedAccounts, string> = Object.fromEntries(
    await Promise.all(SEED_ACCOUNT_ORDER.map(async (key) => [key, await accounts[key].getAddress()] as const)),
  ) as Record<keyof SeedAccounts, string>;
  const nameOf = (company: string) => {
    const key = (Object.keys(DEMO_COMPANIES) as CompanyKey[]).find((k) => address[k] === company);
    return key === undefined ? company : DEMO_COMPANIES[key].name;
  };

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

  // Constellation 1: the brand's "Specialty coffee", with its partners from the co-op to the shop.
  const coffee = (await constellations.constellationCount()) + 1n;
  const meta = (slug: string) =>
    [`${vaultUrl}/constellations/${slug}.json`, sha256(toUtf8Bytes(`demo constellation ${slug}`))] as const;
  const founded = (c: (typeof DEMO_CONSTELLATIONS)[keyof typeof DEMO_CONSTELLATIONS]) =>
    [c.name, c.purpose, ...meta(c.slug)] as const;
  await send(
    `the brand founds "${DEMO_CONSTELLATIONS.coffee.name}"`,
    constellations.connect(accounts.brand).create(...founded(DEMO_CONSTELLATIONS.coffee)),
  );
  const inviteUntil = BigInt((await now()) + 30 * DAY);
  await send(
    "the brand invites the co-op as SUPPLIER",
    constellations.connect(accounts.brand).invite(coffee, address.supplier, Role.SUPPLIER, inviteUntil),
  );
  await send("the co-op accepts", constellations.connect(accounts.supplier).acceptInvitation(coffee));
  // The operator acts for the brand through actFor.
  await send(
    "the brand's operator invites the shipper as LOGISTICS (actFor)",
    constellations
      .connect(accounts.operator)
      .actFor(
        address.brand,
        constellations.interface.encodeFunctionData("invite", [coffee, address.logistics, Role.LOGISTICS, inviteUntil]),
      ),
  );
  await send("the shipper accepts", constellations.connect(accounts.logistics).acceptInvitation(coffee));
  await send(
    "the retailer asks to join as RETAILER",
    constellations.connect(accounts.retailer).requestToJoin(coffee, Role.RETAILER),
  );
  await send(
    "the brand's operator approves the retailer (actFor)",
    constellations
      .connect(accounts.operator)
      .actFor(
        address.brand,
        constellations.interface.encodeFunctionData("approveJoinRequest", [coffee, address.retailer, Role.RETAILER]),
      ),
  );
  await send(
    "the brand invites the auditor as VERIFIER",
    constellations.connect(accounts.brand).invite(coffee, address.verifier, Role.VERIFIER, inviteUntil),
  );
  await send("the auditor accepts", constellations.connect(accounts.verifier).acceptInvitation(coffee));

  // The co-op's certification claim, whose window ends seconds from now: first, so that it has expired by the end.
  const expiring = await seedExpiringCertification({
    claims,
    signers: accounts,
    address,
    company: DEMO_COMPANIES.supplier,
    constellation: coffee,
    vaultUrl,
    now,
    send,
  });

  await send(
    "the brand invites the packaging maker as SUPPLIER",
    constellations.connect(accounts.brand).invite(coffee, address.packaging, Role.SUPPLIER, inviteUntil),
  );
  await send("the packaging maker accepts", constellations.connect(accounts.packaging).acceptInvitation(coffee));
  await send(
    "the brand takes the PRODUCER role as well",
    constellations.connect(accounts.brand).grantRoles(coffee, address.brand, Role.PRODUCER),
  );

  // Governance appoints the body; the body accredits the GS1 prefixes of the brand and the packaging maker, and the
  // auditor's topic.
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
      company: address.packaging,
      kind: Kind.GS1_COMPANY_PREFIX,
      subject: encodeBytes32String(PACKAGING_GS1_PREFIX),
      label: `GS1 Company Prefix ${PACKAGING_GS1_PREFIX}`,
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
      `the body accredits ${nameOf(a.company)}: ${a.label}`,
      accreditations
        .connect(accounts.body)
        .accredit(a.company, a.kind, a.subject, a.expiresAt, sha256(toUtf8Bytes(`evidence: ${a.label}`))),
    );
  }

  // Constellation 2: the packaging maker's "Circular packaging", where both roasters produce side by side.
  const circular = coffee + 1n;
  await send(
    `the packaging maker founds "${DEMO_CONSTELLATIONS.circular.name}"`,
    constellations.connect(accounts.packaging).create(...founded(DEMO_CONSTELLATIONS.circular)),
  );
  await send(
    "the packaging maker takes the PRODUCER role",
    constellations.connect(accounts.packaging).grantRoles(circular, address.packaging, Role.PRODUCER),
  );
  await send(
    "the packaging maker invites the competing roaster as PRODUCER",
    constellations.connect(accounts.packaging).invite(circular, address.competitor, Role.PRODUCER, inviteUntil),
  );
  await send("the competing roaster accepts", constellations.connect(accounts.competitor).acceptInvitation(circular));
  await send(
    "the brand asks to join as PRODUCER (its competitor is a partner here)",
    constellations.connect(accounts.brand).requestToJoin(circular, Role.PRODUCER),
  );
  await send(
    "the packaging maker approves the brand",
    constellations.connect(accounts.packaging).approveJoinRequest(circular, address.brand, Role.PRODUCER),
  );
  await send(
    "the packaging maker invites the auditor as VERIFIER",
    constellations.connect(accounts.packaging).invite(circular, address.verifier, Role.VERIFIER, inviteUntil),
  );
  await send("the auditor accepts", constellations.connect(accounts.verifier).acceptInvitation(circular));

  const productSeed = await seedProducts({
    products,
    signers: accounts,
    address,
    coffee,
    circular,
    prefixLength: DEMO_GS1_PREFIX.length,
    packagingPrefixLength: PACKAGING_GS1_PREFIX.length,
    vaultUrl,
    now,
    send,
  });

  const claimSeed = await seedClaims({
    claims,
    access: contract<Access>("Access", addresses.Access, accounts.governance),
    accreditations,
    signers: accounts,
    address,
    companies: DEMO_COMPANIES,
    coffee,
    circular,
    singleOrigin: productSeed.batch.product,
    expiring,
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
        id: coffee,
        name: DEMO_CONSTELLATIONS.coffee.name,
        founder: address.brand,
        members: await membersOf(coffee, ["brand", "supplier", "logistics", "retailer", "verifier", "packaging"]),
      },
      {
        id: circular,
        name: DEMO_CONSTELLATIONS.circular.name,
        founder: address.packaging,
        members: await membersOf(circular, ["packaging", "competitor", "brand", "verifier"]),
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
