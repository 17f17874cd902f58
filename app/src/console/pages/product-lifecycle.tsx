"use client";
/**
 * The owner's steps on the registration itself: new metadata, a transfer to another company (offered here, accepted by
 * the receiver on its products page), and discontinuing it for good (confirmed in a dialog: it cannot be undone).
 */
import { Role } from "@constellate/sdk";
import { useState } from "react";
import { getAddress, isAddress, zeroAddress, zeroHash } from "viem";
import { useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useCompanyNames } from "../components/hooks.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Button, Notice, Section, TextField, TxStatus } from "../components/ui.tsx";
import { checkSha256, metadataUriProblem } from "../lib/products.ts";
import { CompanyName, ConfirmDialog, same } from "./product-common.tsx";
import type { useProduct } from "./product-common.tsx";

export function ProductLifecycle({
  id,
  gtin14,
  product,
}: {
  id: `0x${string}`;
  gtin14: string;
  product: ReturnType<typeof useProduct>;
}) {
  const { access, state } = product;
  if (state === undefined) return null;
  if (!access.isOwner) return null;
  return (
    <Section title="Owner's steps">
      {access.ownerProblem !== undefined ? <Notice tone="warning">{access.ownerProblem}</Notice> : null}
      <UpdateMetadata id={id} problem={state.discontinued ? "The product is discontinued." : access.ownerProblem} />
      <Transfer id={id} gtin14={gtin14} product={product} />
      <Discontinue id={id} gtin14={gtin14} discontinued={state.discontinued} problem={access.ownerProblem} />
    </Section>
  );
}

function UpdateMetadata({ id, problem }: { id: `0x${string}`; problem: string | undefined }) {
  const tx = useTransaction();
  const [uri, setUri] = useState("");
  const [hash, setHash] = useState("");
  const uriProblem = metadataUriProblem(uri);
  const sha = checkSha256(hash);
  const blocker =
    problem ??
    (uri === "" ? "Enter the new metadata URI." : undefined) ??
    uriProblem ??
    (sha.ok ? undefined : sha.problem);
  return (
    <form
      aria-label="Update metadata"
      className="rounded-md border border-slate-200 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        void tx.run(
          {
            contract: "Products",
            functionName: "updateMetadata",
            args: [id, uri, sha.ok && sha.hash !== undefined ? sha.hash : zeroHash],
          },
          "Update metadata",
        );
      }}
    >
      <h3 className="font-medium">Metadata</h3>
      <TextField label="New metadata URI" value={uri} onChange={(e) => setUri(e.target.value)} problem={uriProblem} />
      <TextField
        label="Its SHA-256 (optional)"
        value={hash}
        onChange={(e) => setHash(e.target.value)}
        problem={sha.ok ? undefined : sha.problem}
      />
      <div className="mt-3">
        <Button type="submit" variant="secondary" disabled={blocker !== undefined || tx.busy}>
          Update metadata
        </Button>
      </div>
      <TxStatus tx={tx} />
    </form>
  );
}

function Transfer({
  id,
  gtin14,
  product,
}: {
  id: `0x${string}`;
  gtin14: string;
  product: ReturnType<typeof useProduct>;
}) {
  const { Constellations } = useContracts();
  const tx = useTransaction();
  const [to, setTo] = useState("");
  const { state, offeredTo, access, row } = product;
  const valid = isAddress(to, { strict: false });
  const nameOf = useCompanyNames(valid ? [to] : []);
  const receiverProducer = useReadContract({
    address: Constellations.address,
    abi: Constellations.abi,
    functionName: "hasRoles",
    args: valid && state !== undefined ? [state.constellation, getAddress(to), Role.PRODUCER] : undefined,
    query: { enabled: valid && state !== undefined },
  });
  if (state === undefined) return null;
  const offered = offeredTo !== undefined && offeredTo !== zeroAddress ? offeredTo : undefined;
  const toProblem =
    to === ""
      ? undefined
      : !valid
        ? "An address is 0x followed by 40 hexadecimal digits."
        : /^0x0{40}$/i.test(to)
          ? "The zero address cannot own a product."
          : same(to, state.owner)
            ? "You own the product already."
            : same(to, offered)
              ? "The product is offered to this company already."
              : undefined;
  const name = valid ? nameOf(getAddress(to)) : undefined;
  const warning =
    valid && toProblem === undefined && receiverProducer.data === false
      ? `${name ?? "This company"} does not hold the Producer role in "${row?.constellation.name ?? "the product's constellation"}": it cannot accept until it does.`
      : undefined;
  const blocker =
    access.ownerProblem ?? (to === "" ? "Enter the receiving company's address." : undefined) ?? toProblem;
  return (
    <form
      aria-label="Transfer the product"
      className="mt-4 rounded-md border border-slate-200 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        void (async () => {
          const receipt = await tx.run(
            { contract: "Products", functionName: "offerTransfer", args: [id, getAddress(to)] },
            `Offer product ${gtin14} to ${name ?? to.slice(0, 10)}`,
          );
          if (receipt !== undefined) setTo("");
        })();
      }}
    >
      <h3 className="font-medium">Transfer</h3>
      <p className="text-sm text-slate-700">
        Offer the product to another company; it becomes the owner when it accepts (on its products page). Lots, items
        and serial roots move with it; the actors you designated lapse.
        {state.prefixLength !== 0
          ? " A brand registration stays the brand's: if the receiver is not accredited for the GTIN's prefix, pages say so and an accredited company may reclaim it."
          : ""}
      </p>
      {offered !== undefined ? (
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <span>
            Offered to <CompanyName address={offered} /> until it accepts.
          </span>
          <Button
            variant="secondary"
            disabled={tx.busy || access.ownerProblem !== undefined}
            onClick={() =>
              void tx.run(
                { contract: "Products", functionName: "offerTransfer", args: [id, zeroAddress] },
                "Withdraw the transfer offer",
              )
            }
          >
            Withdraw offer
          </Button>
        </div>
      ) : null}
      <TextField
        label="Receiving company's address"
        value={to}
        onChange={(e) => setTo(e.target.value.trim())}
        problem={toProblem}
        hint={valid && name !== undefined && name !== null ? name : undefined}
      />
      {warning !== undefined ? <Notice tone="warning">{warning}</Notice> : null}
      <div className="mt-3">
        <Button type="submit" variant="secondary" disabled={blocker !== undefined || tx.busy}>
          Offer transfer
        </Button>
      </div>
      <TxStatus tx={tx} />
    </form>
  );
}

function Discontinue({
  id,
  gtin14,
  discontinued,
  problem,
}: {
  id: `0x${string}`;
  gtin14: string;
  discontinued: boolean;
  problem: string | undefined;
}) {
  const tx = useTransaction();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="mt-4 rounded-md border border-red-200 p-3">
      <h3 className="font-medium">Discontinue</h3>
      {discontinued ? (
        <p className="text-sm">This product is discontinued. It can still be transferred.</p>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            Discontinuing is final: no new lots, items, serials, actors or journey events, ever. Past records stay.
          </p>
          <div className="mt-3">
            <Button variant="danger" disabled={problem !== undefined || tx.busy} onClick={() => setConfirming(true)}>
              Discontinue product…
            </Button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        danger
        title={`Discontinue product ${gtin14}?`}
        confirmLabel="Discontinue for good"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void tx.run({ contract: "Products", functionName: "discontinue", args: [id] }, `Discontinue ${gtin14}`);
        }}
      >
        This cannot be undone: the product takes no new lots, items, serials, actors or journey events. Its history,
        claims and QR codes stay.
      </ConfirmDialog>
      <TxStatus tx={tx} />
    </div>
  );
}
