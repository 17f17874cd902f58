"use client";
/**
 * Product actors: the companies the owner designates to write journey events (and claims) on the product, each with
 * product roles that decide which business steps it may record. Designations lapse when the product changes hands.
 */
import { useState } from "react";
import { getAddress, isAddress } from "viem";
import type { Address } from "viem";

import { useCompanyNames, useCursorPages } from "../components/hooks.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Badge, Button, EmptyState, Hash, Pager, Section, TextField, TxStatus } from "../components/ui.tsx";
import { PRODUCT_ROLES, productRoleNames } from "../lib/products.ts";
import { same, Time } from "./product-common.tsx";
import type { ProductAccess } from "./product-common.tsx";

const ACTORS = `query ProductActors($product: String!, $first: Int!, $after: Bytes!) {
  productActors(where: { product: $product, active: true, id_gt: $after }, orderBy: id, first: $first) {
    id roles generation designatedAt actor { id name registered } designatedBy { id }
  }
}`;

interface ActorRow {
  id: string;
  roles: number;
  generation: number;
  designatedAt: string;
  actor: { id: string; name: string | null; registered: boolean };
  designatedBy: { id: string };
}

export function ProductActors({
  id,
  access,
  owner,
  generation,
  discontinued,
}: {
  id: `0x${string}`;
  access: ProductAccess;
  owner: Address;
  generation: number;
  discontinued: boolean;
}) {
  const pages = useCursorPages<ActorRow>(
    ["products", "actors", id],
    ACTORS,
    (data: { productActors: ActorRow[] }) => data.productActors,
    { product: id },
    10,
  );
  const tx = useTransaction();
  const remove = (actor: string, stepDown: boolean) =>
    tx.run(
      { contract: "Products", functionName: "removeActor", args: [id, actor] },
      stepDown ? "Step down as product actor" : `Remove actor ${actor.slice(0, 10)}…`,
    );
  return (
    <Section title="Product actors">
      <p className="text-sm text-slate-700">
        Partners you designate record the journey steps that fit their roles (and may issue claims on the product).
        Membership of the constellation alone lets nobody write on your product.
      </p>
      {pages.rows === undefined ? null : pages.rows.length === 0 && pages.page === 0 ? (
        <div className="mt-2">
          <EmptyState title="No product actors.">
            {access.isOwner
              ? "Designate your supplier, shipper or retailer below so they can record their part of the journey."
              : "The owner has designated nobody yet."}
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {pages.rows.map((a) => {
            const counts = same(a.designatedBy.id, owner) && a.generation === generation;
            const isMe = same(a.actor.id, access.company);
            return (
              <li key={a.id} className="flex flex-wrap items-center gap-2 py-1.5">
                <span>
                  {a.actor.name ?? "Unregistered account"} <Hash value={a.actor.id} />
                  {isMe ? " (you)" : ""}
                </span>
                <span>as {productRoleNames(a.roles)}</span>
                <span className="text-slate-600">
                  since <Time seconds={a.designatedAt} />
                </span>
                {!counts ? <Badge tone="warn">Lapsed: designated by a former owner</Badge> : null}
                {access.isOwner && access.ownerProblem === undefined ? (
                  <Button
                    variant="secondary"
                    disabled={tx.busy}
                    onClick={() => void remove(a.actor.id, false)}
                    aria-label={`Remove actor ${a.actor.name ?? a.actor.id}`}
                  >
                    Remove
                  </Button>
                ) : isMe ? (
                  <Button variant="secondary" disabled={tx.busy} onClick={() => void remove(a.actor.id, true)}>
                    Step down
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <TxStatus tx={tx} />
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
      <DesignateActor
        id={id}
        owner={owner}
        problem={discontinued ? "The product is discontinued: no new actors." : access.ownerProblem}
      />
    </Section>
  );
}

function DesignateActor({ id, owner, problem }: { id: `0x${string}`; owner: Address; problem: string | undefined }) {
  const tx = useTransaction();
  const [address, setAddress] = useState("");
  const [roles, setRoles] = useState(0);
  const valid = isAddress(address, { strict: false });
  const nameOf = useCompanyNames(valid ? [address] : []);
  const addressProblem =
    address === ""
      ? undefined
      : !valid
        ? "An address is 0x followed by 40 hexadecimal digits."
        : /^0x0{40}$/i.test(address)
          ? "The zero address cannot be an actor."
          : same(address, owner)
            ? "The owner needs no designation: it may record every step."
            : undefined;
  const name = valid ? nameOf(getAddress(address)) : undefined;
  const blocker =
    problem ??
    (address === "" ? "Enter the company's address." : undefined) ??
    addressProblem ??
    (roles === 0 ? "Pick at least one role." : undefined);
  return (
    <form
      className="mt-4 rounded-md border border-slate-200 p-3"
      aria-label="Designate a product actor"
      onSubmit={(event) => {
        event.preventDefault();
        void (async () => {
          const receipt = await tx.run(
            { contract: "Products", functionName: "setActor", args: [id, getAddress(address), roles] },
            `Designate ${name ?? address.slice(0, 10)} as ${productRoleNames(roles)}`,
          );
          if (receipt !== undefined) {
            setAddress("");
            setRoles(0);
          }
        })();
      }}
    >
      <h3 className="font-medium">Designate a product actor</h3>
      <TextField
        label="Company address"
        value={address}
        onChange={(event) => setAddress(event.target.value.trim())}
        problem={addressProblem}
        hint={
          valid && addressProblem === undefined
            ? name !== undefined && name !== null
              ? `${name}. Designating it again replaces its roles.`
              : "No registered company has this address: check it."
            : "The partner's company address (its account, often a Safe)."
        }
      />
      <fieldset className="mt-3">
        <legend className="text-sm font-medium">Roles on this product</legend>
        {PRODUCT_ROLES.map((r) => (
          <label key={r.bit} className="mt-1 flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={(roles & r.bit) !== 0}
              onChange={(event) => setRoles((current) => (event.target.checked ? current | r.bit : current & ~r.bit))}
            />
            <span>
              <span className="font-medium">{r.label}</span>: {r.description}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={blocker !== undefined || tx.busy}>
          Designate actor
        </Button>
        {problem !== undefined ? <span className="text-sm text-slate-700">{problem}</span> : null}
      </div>
      <TxStatus tx={tx} />
    </form>
  );
}
