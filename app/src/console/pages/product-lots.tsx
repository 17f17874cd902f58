"use client";
/**
 * A product's lots (batches) and items (serials registered one by one): the lists, and the owner's forms to register
 * more. Lots and serials are 1 to 20 characters of GS1's 82-character set; the owner alone registers them.
 */
import { batchId, itemId } from "@constellate/sdk";
import { useState } from "react";
import { zeroHash } from "viem";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useCursorPages } from "../components/hooks.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Badge, Button, EmptyState, Pager, Section, TextField, TxStatus } from "../components/ui.tsx";
import { checkSha256, keyTextProblem, metadataUriProblem } from "../lib/products.ts";
import { Time } from "./product-common.tsx";
import type { ProductAccess } from "./product-common.tsx";

const BATCHES = `query Batches($product: String!, $first: Int!, $after: Bytes!) {
  batches(where: { product: $product, id_gt: $after }, orderBy: id, first: $first) {
    id lot generation registeredAt serialRootCount serialCount product { generation }
  }
}`;

const ITEMS = `query Items($product: String!, $first: Int!, $after: Bytes!) {
  items(where: { product: $product, id_gt: $after }, orderBy: id, first: $first) {
    id serial generation registeredAt product { generation }
  }
}`;

interface BatchRow {
  id: string;
  lot: string;
  generation: number;
  registeredAt: string;
  serialRootCount: number;
  serialCount: string;
  product: { generation: number };
}

interface ItemRow {
  id: string;
  serial: string;
  generation: number;
  registeredAt: string;
  product: { generation: number };
}

export function ProductLots({
  id,
  access,
  discontinued,
}: {
  id: `0x${string}`;
  gtin14: string;
  access: ProductAccess;
  discontinued: boolean;
}) {
  const batches = useCursorPages<BatchRow>(
    ["products", "batches", id],
    BATCHES,
    (data: { batches: BatchRow[] }) => data.batches,
    { product: id },
    10,
  );
  const items = useCursorPages<ItemRow>(
    ["products", "items", id],
    ITEMS,
    (data: { items: ItemRow[] }) => data.items,
    { product: id },
    10,
  );
  const ownerProblem = discontinued ? "The product is discontinued: no new lots or items." : access.ownerProblem;
  return (
    <Section title="Lots and items">
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <h3 className="font-medium">Lots (batches)</h3>
          {batches.rows === undefined ? null : batches.rows.length === 0 && batches.page === 0 ? (
            <EmptyState title="No lots yet.">
              Register a lot to record its journey as a batch and to commit its serials.
            </EmptyState>
          ) : (
            <ul className="mt-1 divide-y divide-slate-100 text-sm">
              {batches.rows.map((b) => (
                <li key={b.id} className="flex flex-wrap items-center gap-2 py-1">
                  <span className="font-mono">{b.lot}</span>
                  <span className="text-slate-600">
                    registered <Time seconds={b.registeredAt} />
                  </span>
                  {Number(b.serialCount) > 0 ? (
                    <Badge tone="info">
                      {b.serialCount} serials in {b.serialRootCount} root{b.serialRootCount === 1 ? "" : "s"}
                    </Badge>
                  ) : null}
                  {b.generation !== b.product.generation ? (
                    <Badge tone="warn">From an earlier registration</Badge>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <Pager page={batches.page} hasNext={batches.hasNext} onPrevious={batches.previous} onNext={batches.next} />
          <RegisterSubject kind="lot" product={id} problem={ownerProblem} />
        </div>
        <div>
          <h3 className="font-medium">Items (serials registered one by one)</h3>
          {items.rows === undefined ? null : items.rows.length === 0 && items.page === 0 ? (
            <EmptyState title="No items yet.">
              Register an item to record its own journey (e.g. a sale) or issue claims about it. For many serials at
              once, commit them per lot below.
            </EmptyState>
          ) : (
            <ul className="mt-1 divide-y divide-slate-100 text-sm">
              {items.rows.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-2 py-1">
                  <span className="font-mono">{item.serial}</span>
                  <span className="text-slate-600">
                    registered <Time seconds={item.registeredAt} />
                  </span>
                  {item.generation !== item.product.generation ? (
                    <Badge tone="warn">From an earlier registration</Badge>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <Pager page={items.page} hasNext={items.hasNext} onPrevious={items.previous} onNext={items.next} />
          <RegisterSubject kind="serial" product={id} problem={ownerProblem} />
        </div>
      </div>
    </Section>
  );
}

function RegisterSubject({
  kind,
  product,
  problem,
}: {
  kind: "lot" | "serial";
  product: `0x${string}`;
  problem: string | undefined;
}) {
  const { Products } = useContracts();
  const tx = useTransaction();
  const [text, setText] = useState("");
  const [uri, setUri] = useState("");
  const [hash, setHash] = useState("");
  const textProblem = text === "" ? undefined : keyTextProblem(kind, text);
  const subject =
    text !== "" && textProblem === undefined
      ? kind === "lot"
        ? batchId(product, text)
        : itemId(product, text)
      : undefined;
  const existing = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "subjectOf",
    args: subject !== undefined ? [product, subject] : undefined,
    query: { enabled: subject !== undefined },
  });
  const live = (existing.data as readonly [unknown, boolean] | undefined)?.[1] === true;
  const duplicate = live ? `${kind === "lot" ? "Lot" : "Serial"} ${text} is registered already.` : undefined;
  const uriProblem = metadataUriProblem(uri);
  const sha = checkSha256(hash);
  const what = kind === "lot" ? "lot" : "item";
  const blocker =
    problem ??
    (text === "" ? `Enter the ${kind} first.` : undefined) ??
    textProblem ??
    duplicate ??
    uriProblem ??
    (sha.ok ? undefined : sha.problem);
  const label = kind === "lot" ? "Register lot" : "Register item";
  return (
    <form
      className="mt-3 rounded-md border border-slate-200 p-3"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        void (async () => {
          const receipt = await tx.run(
            {
              contract: "Products",
              functionName: kind === "lot" ? "registerBatch" : "registerItem",
              args: [product, text, uri, sha.ok && sha.hash !== undefined ? sha.hash : zeroHash],
            },
            `Register ${what} ${text}`,
          );
          if (receipt !== undefined) {
            setText("");
            setUri("");
            setHash("");
          }
        })();
      }}
    >
      <TextField
        label={kind === "lot" ? "New lot" : "New item's serial"}
        value={text}
        onChange={(event) => setText(event.target.value)}
        problem={textProblem ?? duplicate}
        hint={`1 to 20 characters: A-Z a-z 0-9 and ! " % & ' ( ) * + , - . / : ; < = > ? _`}
      />
      <TextField
        label={`${kind === "lot" ? "Lot" : "Item"} metadata URI (optional)`}
        value={uri}
        onChange={(event) => setUri(event.target.value)}
        problem={uriProblem}
      />
      <TextField
        label={`${kind === "lot" ? "Lot" : "Item"} metadata SHA-256 (optional)`}
        value={hash}
        onChange={(event) => setHash(event.target.value)}
        problem={sha.ok ? undefined : sha.problem}
      />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={blocker !== undefined || tx.busy}>
          {label}
        </Button>
        {problem !== undefined ? <span className="text-sm text-slate-700">{problem}</span> : null}
      </div>
      <TxStatus tx={tx} />
    </form>
  );
}
