"use client";
/**
 * Registering a product: the GTIN checked as it is typed (length, digits, check digit with the expected digit,
 * restricted ranges by name), whether the acting company is accredited for the GTIN's GS1 Company Prefix (fresh from
 * the chain) and so whether it becomes the brand registration or a self-declared one, the constellation to register
 * it in (registering takes PRODUCER there, in an open constellation), and its metadata.
 */
import { companyPrefixCandidates, Permission, productId, Role, roleNames } from "@constellate/sdk";
import Link from "next/link";
import { useMemo, useState } from "react";
import { zeroAddress, zeroHash } from "viem";
import type { Address } from "viem";
import { useReadContract, useReadContracts } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useGraph } from "../components/hooks.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Button, EmptyState, Notice, SelectField, TextField, TxStatus } from "../components/ui.tsx";
import { checkGtin, checkSha256, metadataUriProblem } from "../lib/products.ts";
import { same, useChainTime, useOperatorProblem } from "./product-common.tsx";
import type { ChainProduct } from "./product-common.tsx";

const MEMBERSHIPS = `query ProducerMemberships($company: String!) {
  memberships(where: { company: $company, active: true }, first: 100, orderBy: id) {
    id roles constellation { id number name archived }
  }
}`;

interface MembershipRow {
  id: string;
  roles: number;
  constellation: { id: string; number: string; name: string; archived: boolean };
}

export function RegisterProduct({ company }: { company: Address }) {
  const { Products, Accreditations, Constellations } = useContracts();
  const tx = useTransaction();
  const now = useChainTime();
  const operatorProblem = useOperatorProblem(Permission.PRODUCTS, "products", now);
  const [gtin, setGtin] = useState("");
  const [constellation, setConstellation] = useState<string>("");
  const [metadataURI, setMetadataURI] = useState("");
  const [metadataHash, setMetadataHash] = useState("");
  const [registered, setRegistered] = useState<{ id: string; gtin: string } | undefined>();

  const memberships = useGraph<{ memberships: MembershipRow[] }>(["products", "memberships", company], MEMBERSHIPS, {
    company: company.toLowerCase(),
  });
  const rows = useMemo(() => memberships.data?.memberships ?? [], [memberships.data]);
  const firstProducer = rows.find((m) => (m.roles & Role.PRODUCER) !== 0 && !m.constellation.archived) ?? rows[0];
  const chosen = constellation !== "" ? constellation : (firstProducer?.constellation.number ?? "");
  const membership = rows.find((m) => m.constellation.number === chosen);

  const check = checkGtin(gtin);
  const gtin14 = check.ok ? check.gtin14 : undefined;
  const candidates = useMemo(() => (gtin14 !== undefined ? companyPrefixCandidates(gtin14) : []), [gtin14]);
  const accreditation = useReadContracts({
    contracts: candidates.map((c) => ({
      address: Accreditations.address,
      abi: Accreditations.abi,
      functionName: "isAccreditedForPrefix",
      args: [company, c.prefix],
    })),
    query: { enabled: candidates.length > 0, refetchInterval: 5_000 },
  });
  const accredited = candidates.find((_, i) => (accreditation.data?.[i]?.result as unknown) === true);
  const accreditationKnown = candidates.length > 0 && accreditation.data !== undefined;

  const resolution = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "resolve",
    args: gtin14 !== undefined ? [gtin14] : undefined,
    query: { enabled: gtin14 !== undefined },
  });
  const ownId = gtin14 !== undefined ? productId(company, gtin14) : undefined;
  const own = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "productOf",
    args: ownId !== undefined ? [ownId] : undefined,
    query: { enabled: ownId !== undefined },
  });
  const hasProducer = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "hasRoles",
    args: chosen !== "" ? [BigInt(chosen), company, Role.PRODUCER] : undefined,
    query: { enabled: chosen !== "" },
  });
  const constellationState = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "constellationOf",
    args: chosen !== "" ? [BigInt(chosen)] : undefined,
    query: { enabled: chosen !== "" },
  });

  const brand = resolution.data as { product: `0x${string}`; owner: Address; accredited: boolean } | undefined;
  const ownExisting = own.data as ChainProduct | undefined;

  // What the contract would refuse, in words, before anything is sent.
  let standing: { tone: "info" | "warning" | "success"; text: string } | undefined;
  let registrationProblem: string | undefined;
  if (gtin14 !== undefined && accreditationKnown) {
    if (accredited !== undefined) {
      standing = {
        tone: "success",
        text:
          `You are accredited for GS1 Company Prefix ${accredited.prefix}: this will be the brand registration of ` +
          `GTIN ${gtin14}, the one the product page and the resolver trust.`,
      };
      if (brand !== undefined && brand.owner !== zeroAddress) {
        if (same(brand.owner, company))
          registrationProblem = "You have registered this GTIN already (brand registration).";
        else if (brand.accredited) {
          registrationProblem =
            `Company ${brand.owner} already holds the brand registration of this GTIN and is accredited for its ` +
            `prefix: it can offer it to you by transfer.`;
        } else {
          standing = {
            tone: "warning",
            text:
              `You are accredited for GS1 Company Prefix ${accredited.prefix}. The brand registration of this GTIN ` +
              `belongs to ${brand.owner}, which is no longer accredited for it: registering reclaims it, and what ` +
              `was recorded under the earlier registration (lots, items, serials, actors) no longer counts.`,
          };
        }
      }
    } else {
      standing = {
        tone: "warning",
        text:
          `You are not accredited for any GS1 Company Prefix of this GTIN (${candidates[0]!.prefix} to ` +
          `${candidates.at(-1)!.prefix}): it will be a self-declared registration in your own namespace. Product ` +
          `pages label it as self-declared, and the brand's own registration, if any, always takes precedence.`,
      };
      if (ownExisting !== undefined && ownExisting.owner !== zeroAddress) {
        registrationProblem = "You have registered this GTIN already (self-declared).";
      }
    }
  }

  let constellationProblem: string | undefined;
  if (membership !== undefined) {
    const archived =
      (constellationState.data as { archived: boolean } | undefined)?.archived ?? membership.constellation.archived;
    if (archived) {
      constellationProblem = `"${membership.constellation.name}" is archived: it takes no new products.`;
    } else if (
      hasProducer.data === false ||
      (hasProducer.data === undefined && (membership.roles & Role.PRODUCER) === 0)
    ) {
      constellationProblem =
        `Registering a product takes the Producer role in the constellation; in "${membership.constellation.name}" ` +
        `you hold ${roleNames(membership.roles)}. Ask its admins for the Producer role, or pick another constellation.`;
    }
  }

  const uriProblem = metadataUriProblem(metadataURI);
  const hash = checkSha256(metadataHash);
  const hashProblem = hash.ok ? undefined : hash.problem;
  const gtinProblem = !check.ok && check.code !== "empty" ? check.problem : undefined;

  const blocker =
    rows.length === 0
      ? "Registering a product takes the Producer role in a constellation, and you are a member of none."
      : (operatorProblem ??
        (gtin === "" ? "Enter the GTIN first." : undefined) ??
        gtinProblem ??
        constellationProblem ??
        registrationProblem ??
        uriProblem ??
        hashProblem ??
        (!accreditationKnown ? "Checking your accreditation…" : undefined));

  const submit = async () => {
    if (gtin14 === undefined || membership === undefined) return;
    const prefixLength = accredited?.length ?? 0;
    const receipt = await tx.run(
      {
        contract: "Products",
        functionName: "register",
        args: [
          BigInt(membership.constellation.number),
          gtin,
          prefixLength,
          metadataURI,
          hash.ok && hash.hash !== undefined ? hash.hash : zeroHash,
        ],
      },
      `Register GTIN ${gtin14}`,
    );
    if (receipt !== undefined) {
      setRegistered({ id: productId(prefixLength === 0 ? company : null, gtin14), gtin: gtin14 });
      setGtin("");
      setMetadataURI("");
      setMetadataHash("");
    }
  };

  return (
    <form
      aria-label="Register a product"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextField
        label="GTIN"
        inputMode="numeric"
        autoComplete="off"
        value={gtin}
        onChange={(event) => setGtin(event.target.value)}
        problem={gtinProblem}
        hint={
          gtin14 !== undefined
            ? `Valid: GTIN-14 ${gtin14}.`
            : "8, 12, 13 or 14 digits, as printed under the barcode (the last digit is the check digit)."
        }
      />
      {standing !== undefined ? <Notice tone={standing.tone}>{standing.text}</Notice> : null}
      {memberships.isLoading ? (
        <p className="mt-3 text-sm text-slate-600">Loading your constellations…</p>
      ) : rows.length === 0 ? (
        <div className="mt-3">
          <EmptyState title="You are a member of no constellation.">
            Registering a product takes the Producer role in a constellation:{" "}
            <Link className="underline" href="/console/constellations">
              found one or ask to join one
            </Link>
            .
          </EmptyState>
        </div>
      ) : (
        <SelectField
          label="Constellation"
          value={chosen}
          onChange={(event) => setConstellation(event.target.value)}
          problem={constellationProblem}
          hint="The product is registered in this constellation: its verifiers judge the product's claims."
        >
          {rows.map((m) => (
            <option key={m.id} value={m.constellation.number}>
              {m.constellation.name} (your roles: {roleNames(m.roles)}){m.constellation.archived ? ", archived" : ""}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label="Metadata URI (optional)"
        value={metadataURI}
        onChange={(event) => setMetadataURI(event.target.value)}
        problem={uriProblem}
        hint="Where a description of the product lives (https:// or ipfs://)."
      />
      <TextField
        label="Metadata SHA-256 (optional)"
        value={metadataHash}
        onChange={(event) => setMetadataHash(event.target.value)}
        problem={hashProblem}
        hint="The SHA-256 of that document, so readers can check it was not changed."
      />
      <div className="mt-4 flex items-center gap-3">
        <Button type="submit" disabled={blocker !== undefined || tx.busy}>
          Register product
        </Button>
        {blocker !== undefined && gtin !== "" && blocker !== gtinProblem && blocker !== constellationProblem ? (
          <span className="text-sm text-slate-700">{blocker}</span>
        ) : null}
        {rows.length === 0 && !memberships.isLoading ? <span className="text-sm text-slate-700">{blocker}</span> : null}
      </div>
      <TxStatus tx={tx} />
      {registered !== undefined && tx.state.phase === "confirmed" ? (
        <Notice tone="success">
          Registered.{" "}
          <Link className="underline" href={`/console/products/${registered.id}`}>
            Open product {registered.gtin}
          </Link>{" "}
          to add lots, items, serials, actors and journey events.
        </Notice>
      ) : null}
    </form>
  );
}
