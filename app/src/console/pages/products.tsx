"use client";
/**
 * /console/products: the acting company's products (owned, then those it acts on as a designated actor), transfer
 * offers waiting for it, and the form to register a product.
 */
import { Permission, Role } from "@constellate/sdk";
import Link from "next/link";
import { useState } from "react";
import type { Address } from "viem";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useCursorPages, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Badge, Button, EmptyState, Hash, Notice, PageTitle, Pager, Section, TxStatus } from "../components/ui.tsx";
import { productRoleNames } from "../lib/products.ts";
import { PRODUCT_FIELDS, same, useChainTime, useOperatorProblem } from "./product-common.tsx";
import type { ProductRow } from "./product-common.tsx";
import { RegisterProduct } from "./product-register.tsx";

const OWNED = `query OwnedProducts($owner: String!, $first: Int!, $after: Bytes!) {
  products(where: { owner: $owner, id_gt: $after }, orderBy: id, first: $first) { ${PRODUCT_FIELDS} }
}`;

const ACTING_ON = `query ActingOn($actor: String!, $first: Int!, $after: Bytes!) {
  productActors(where: { actor: $actor, active: true, id_gt: $after }, orderBy: id, first: $first) {
    id roles generation designatedBy { id }
    product { id gtin14 brand generation discontinued owner { id name } constellation { id name } }
  }
}`;

const OFFERS = `query Offers($to: String!) {
  products(where: { transferOfferedTo: $to }, first: 100, orderBy: id) { ${PRODUCT_FIELDS} }
}`;

interface ActorRow {
  id: string;
  roles: number;
  generation: number;
  designatedBy: { id: string };
  product: {
    id: string;
    gtin14: string;
    brand: boolean;
    generation: number;
    discontinued: boolean;
    owner: { id: string; name: string | null };
    constellation: { id: string; name: string };
  };
}

export function ProductsPage() {
  return (
    <div>
      <PageTitle intro="Register your products by GTIN, add their lots, items and serials, designate the partners who record their journeys, and print their QR codes.">
        Products
      </PageTitle>
      <SignedIn needsCompany>
        <ProductsBody />
      </SignedIn>
    </div>
  );
}

function ProductsBody() {
  const session = useSession();
  const company = session.actingFor!;
  return (
    <>
      <TransferOffers company={company} />
      <OwnedProducts company={company} />
      <ActingOn company={company} />
      <Section title="Register a product">
        <RegisterProduct company={company} />
      </Section>
    </>
  );
}

/** A product's standing in words: brand registration or self-declared. */
export function StandingBadge({ brand }: { brand: boolean }) {
  return brand ? <Badge tone="good">Brand registration</Badge> : <Badge tone="warn">Self-declared</Badge>;
}

function OwnedProducts({ company }: { company: Address }) {
  const pages = useCursorPages<ProductRow>(
    ["products", "owned", company],
    OWNED,
    (data: { products: ProductRow[] }) => data.products,
    { owner: company.toLowerCase() },
    20,
  );
  return (
    <Section title="My products">
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? (
        <p className="text-sm text-slate-600">Loading your products…</p>
      ) : pages.rows.length === 0 && pages.page === 0 ? (
        <EmptyState title="You have registered no products yet.">
          Register one below with its GTIN: you need the Producer role in a constellation.
        </EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Products you own</caption>
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="py-1 pr-3 font-medium">GTIN</th>
              <th className="py-1 pr-3 font-medium">Standing</th>
              <th className="py-1 pr-3 font-medium">Constellation</th>
              <th className="py-1 pr-3 font-medium">Lots / items / events</th>
              <th className="py-1 pr-3 font-medium">State</th>
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((p) => (
              <tr key={p.id} className="border-b border-slate-100">
                <td className="py-1.5 pr-3">
                  <Link className="font-mono text-indigo-700 underline" href={`/console/products/${p.id}`}>
                    {p.gtin14}
                  </Link>
                </td>
                <td className="py-1.5 pr-3">
                  <StandingBadge brand={p.brand} />
                </td>
                <td className="py-1.5 pr-3">{p.constellation.name}</td>
                <td className="py-1.5 pr-3">
                  {p.batchCount} / {p.itemCount} / {p.journeyEventCount}
                </td>
                <td className="py-1.5 pr-3">
                  {p.discontinued ? <Badge tone="bad">Discontinued</Badge> : <Badge tone="good">Active</Badge>}{" "}
                  {p.transferOfferedTo !== null ? <Badge tone="info">Transfer offered</Badge> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}

function ActingOn({ company }: { company: Address }) {
  const pages = useCursorPages<ActorRow>(
    ["products", "acting-on", company],
    ACTING_ON,
    (data: { productActors: ActorRow[] }) => data.productActors,
    { actor: company.toLowerCase() },
    20,
  );
  return (
    <Section title="Products I act on">
      <p className="text-sm text-slate-700">
        Other companies' products on which their owner designated you as a product actor: you record journey events that
        fit your roles.
      </p>
      {pages.error !== null ? <Notice tone="error">{pages.error.message}</Notice> : null}
      {pages.rows === undefined ? null : pages.rows.length === 0 && pages.page === 0 ? (
        <div className="mt-2">
          <EmptyState title="No owner has designated you on a product.">
            A brand designates its partners on each product (its product page, "Product actors"): ask it to add you.
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {pages.rows.map((a) => {
            const counts = same(a.designatedBy.id, a.product.owner.id) && a.generation === a.product.generation;
            return (
              <li key={a.id} className="flex flex-wrap items-center gap-2 py-1.5">
                <Link className="font-mono text-indigo-700 underline" href={`/console/products/${a.product.id}`}>
                  {a.product.gtin14}
                </Link>
                <span>of {a.product.owner.name ?? a.product.owner.id}</span>
                <span>as {productRoleNames(a.roles)}</span>
                {!counts ? <Badge tone="warn">Lapsed: the product changed hands</Badge> : null}
                {a.product.discontinued ? <Badge tone="bad">Discontinued</Badge> : null}
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </Section>
  );
}

function TransferOffers({ company }: { company: Address }) {
  const { data } = useGraph<{ products: ProductRow[] }>(["products", "offers", company], OFFERS, {
    to: company.toLowerCase(),
  });
  // One transaction for the section, so that its outcome stays in view once the accepted offer leaves the list.
  const tx = useTransaction();
  const [accepted, setAccepted] = useState<{ id: string; gtin14: string } | undefined>();
  const offers = data?.products ?? [];
  if (offers.length === 0 && tx.state.phase === "idle") return null;
  const accept = async (product: ProductRow) => {
    setAccepted(undefined);
    const receipt = await tx.run(
      { contract: "Products", functionName: "acceptTransfer", args: [product.id] },
      `Accept product ${product.gtin14}`,
    );
    if (receipt !== undefined) setAccepted({ id: product.id, gtin14: product.gtin14 });
  };
  return (
    <Section title="Transfer offers to you">
      <p className="text-sm text-slate-700">
        These owners offer you their product. Accepting makes you its owner: its lots, items and serial roots move with
        it; the actors the former owner designated lapse. You need the Producer role in the product&apos;s
        constellation.
      </p>
      {offers.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No other offers are waiting for you.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {offers.map((p) => (
            <OfferRow key={p.id} product={p} company={company} busy={tx.busy} onAccept={() => void accept(p)} />
          ))}
        </ul>
      )}
      <TxStatus tx={tx} />
      {accepted !== undefined && tx.state.phase === "confirmed" ? (
        <Notice tone="success">
          You own product {accepted.gtin14} now.{" "}
          <Link className="underline" href={`/console/products/${accepted.id}`}>
            Open it
          </Link>{" "}
          to designate your own actors.
        </Notice>
      ) : null}
    </Section>
  );
}

function OfferRow({
  product,
  company,
  busy,
  onAccept,
}: {
  product: ProductRow;
  company: Address;
  busy: boolean;
  onAccept: () => void;
}) {
  const { Products, Constellations } = useContracts();
  const now = useChainTime();
  const operatorProblem = useOperatorProblem(Permission.PRODUCTS, "products", now);
  const offer = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "transferOfferOf",
    args: [product.id as `0x${string}`],
  });
  const producer = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "hasRoles",
    args: [BigInt(product.constellation.number), company, Role.PRODUCER],
  });
  const stillOffered = offer.data === undefined || same(offer.data as string, company);
  const problem = !stillOffered
    ? "The owner withdrew this offer."
    : producer.data === false
      ? `You need the Producer role in "${product.constellation.name}" to take it: ask its admins for it.`
      : product.constellation.archived
        ? `"${product.constellation.name}" is archived: it takes no transfers.`
        : operatorProblem;
  return (
    <li className="py-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Link className="font-mono text-indigo-700 underline" href={`/console/products/${product.id}`}>
          {product.gtin14}
        </Link>
        <StandingBadge brand={product.brand} />
        <span>
          from {product.owner.name ?? <Hash value={product.owner.id} />} in {product.constellation.name}
        </span>
        <Button disabled={problem !== undefined || busy} onClick={onAccept}>
          Accept transfer of {product.gtin14}
        </Button>
      </div>
      {problem !== undefined ? <p className="mt-1 text-xs text-amber-800">{problem}</p> : null}
    </li>
  );
}
