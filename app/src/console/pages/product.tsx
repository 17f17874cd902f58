"use client";
/**
 * /console/products/[id]: one product. Facts (fresh from the chain where they must be current), its journey (the
 * daily work), lots, items and serials, product actors, the QR code, and the owner's steps (metadata, transfer, and
 * discontinuing, which is irreversible).
 */
import Link from "next/link";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { SignedIn } from "../components/shell.tsx";
import { Badge, Hash, Notice, PageTitle, Section } from "../components/ui.tsx";
import { Journey } from "./journey.tsx";
import { CompanyName, SafeLink, Time, useProduct } from "./product-common.tsx";
import { ProductActors } from "./product-actors.tsx";
import { ProductLifecycle } from "./product-lifecycle.tsx";
import { ProductLots } from "./product-lots.tsx";
import { ProductQr } from "./product-qr.tsx";
import { ProductSerials } from "./product-serials.tsx";
import { StandingBadge } from "./products.tsx";

export function ProductPage({ id }: { id: string }) {
  const valid = /^0x[0-9a-fA-F]{64}$/.test(id);
  return (
    <div>
      <p className="text-sm">
        <Link className="text-indigo-700 underline" href="/console/products">
          ← Products
        </Link>
      </p>
      {!valid ? (
        <>
          <PageTitle>Product not found</PageTitle>
          <Notice tone="error">
            &quot;{id}&quot; is not a product id (0x followed by 64 hexadecimal digits). Open the product from your list
            of products.
          </Notice>
        </>
      ) : (
        <SignedIn>
          <ProductBody id={id.toLowerCase() as `0x${string}`} />
        </SignedIn>
      )}
    </div>
  );
}

function ProductBody({ id }: { id: `0x${string}` }) {
  const product = useProduct(id);
  const { row, state, exists, access } = product;
  if (product.loading) return <p className="mt-4 text-slate-600">Loading the product…</p>;
  if (!exists || state === undefined) {
    return (
      <>
        <PageTitle>Product not found</PageTitle>
        <Notice tone="error">
          No product is registered with id <Hash value={id} /> on this chain.{" "}
          <Link className="underline" href="/console/products">
            Back to your products
          </Link>
          .
        </Notice>
      </>
    );
  }
  if (row === undefined) {
    return (
      <>
        <PageTitle>Product</PageTitle>
        <Notice>The indexer has not listed this product yet; this page fills in once it has.</Notice>
      </>
    );
  }
  return (
    <>
      <PageTitle>
        GTIN <span className="font-mono">{row.gtin14}</span>
      </PageTitle>
      <Facts id={id} product={product} />
      <Journey id={id} gtin14={row.gtin14} access={access} owner={state.owner} />
      <ProductLots id={id} gtin14={row.gtin14} access={access} discontinued={state.discontinued} />
      <ProductSerials id={id} gtin14={row.gtin14} access={access} discontinued={state.discontinued} />
      <ProductActors
        id={id}
        access={access}
        owner={state.owner}
        generation={state.generation}
        discontinued={state.discontinued}
      />
      <ProductQr gtin14={row.gtin14} />
      <ProductLifecycle id={id} gtin14={row.gtin14} product={product} />
    </>
  );
}

function Facts({ id, product }: { id: `0x${string}`; product: ReturnType<typeof useProduct> }) {
  const { Products } = useContracts();
  const { row, state, access, offeredTo } = product;
  const resolution = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "resolve",
    args: row !== undefined ? [row.gtin14] : undefined,
    query: { enabled: row !== undefined },
  });
  if (row === undefined || state === undefined) return null;
  const resolved = resolution.data as { product: string; owner: string; accredited: boolean } | undefined;
  const isBrandRegistration = state.prefixLength !== 0;
  return (
    <Section title="Facts">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="font-medium text-slate-600">GTIN-14</dt>
        <dd className="font-mono">{row.gtin14}</dd>
        <dt className="font-medium text-slate-600">Standing</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <StandingBadge brand={isBrandRegistration} />
          {isBrandRegistration ? (
            resolved === undefined ? null : resolved.accredited ? (
              <span>
                The owner is accredited now for GS1 Company Prefix{" "}
                <span className="font-mono">{row.companyPrefix ?? row.gtin14.slice(1, 1 + state.prefixLength)}</span>.
              </span>
            ) : (
              <span className="text-amber-800">
                The owner is not accredited (any more) for this GTIN&apos;s company prefix: a company that is may
                reclaim the registration.
              </span>
            )
          ) : (
            <span>
              Registered by a company not accredited for the GTIN&apos;s prefix: it lives in its own namespace and never
              shadows the brand&apos;s registration.
            </span>
          )}
        </dd>
        <dt className="font-medium text-slate-600">Owner</dt>
        <dd>
          <CompanyName address={state.owner} you={access.company} />
          {access.isOwner ? null : access.roles !== 0 ? (
            <span className="ml-2">
              <Badge tone="info">You are a product actor</Badge>
            </span>
          ) : null}
        </dd>
        <dt className="font-medium text-slate-600">Constellation</dt>
        <dd>
          <Link className="text-indigo-700 underline" href={`/console/constellations/${state.constellation}`}>
            {row.constellation.name}
          </Link>
          {row.constellation.archived ? <Badge tone="warn">Archived</Badge> : null}
        </dd>
        <dt className="font-medium text-slate-600">State</dt>
        <dd>
          {state.discontinued ? (
            <span>
              <Badge tone="bad">Discontinued</Badge>
              {row.discontinuedAt !== null ? (
                <span className="ml-2">
                  since <Time seconds={row.discontinuedAt} />
                </span>
              ) : null}
            </span>
          ) : (
            <Badge tone="good">Active</Badge>
          )}
        </dd>
        <dt className="font-medium text-slate-600">Transfer offer</dt>
        <dd>
          {offeredTo === undefined || /^0x0{40}$/i.test(offeredTo) ? (
            "none"
          ) : (
            <span>
              offered to <CompanyName address={offeredTo} you={access.company} />
            </span>
          )}
        </dd>
        <dt className="font-medium text-slate-600">Registered</dt>
        <dd>
          <Time seconds={row.registeredAt} />
          {state.generation > 0 ? ` (reclaimed ${state.generation} time${state.generation === 1 ? "" : "s"})` : ""}
        </dd>
        <dt className="font-medium text-slate-600">Metadata</dt>
        <dd>
          <SafeLink uri={row.metadataURI} />
          {!/^0x0*$/.test(row.metadataHash) ? (
            <span className="ml-2">
              SHA-256 <Hash value={row.metadataHash} />
            </span>
          ) : null}
        </dd>
        <dt className="font-medium text-slate-600">Product id</dt>
        <dd>
          <Hash value={id} chars={10} />
        </dd>
      </dl>
    </Section>
  );
}
