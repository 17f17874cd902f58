"use client";
/**
 * Serials in bulk: the owner commits a lot's serials, pasted or read from a CSV file, as one Merkle root. Each serial is
 * salted from a fresh secret (so the hashes in a proof do not give away the other serials of the lot), and the list
 * with its salts is stored in the owner's vault as a restricted document under the "serials" scope of the product,
 * before the root goes on chain. A proof shows the owner committed a serial, not that an item carrying it is genuine.
 */
import { accessScope, batchId, buildSerialTree, newSerialSecret } from "@constellate/sdk";
import { useMemo, useState } from "react";
import type { Abi } from "viem";
import { usePublicClient, useReadContract } from "wagmi";

import { useContracts } from "../components/config-context.tsx";
import { useCursorPages, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { useTransaction } from "../components/tx.tsx";
import {
  Badge,
  Button,
  EmptyState,
  Hash,
  Notice,
  Pager,
  Section,
  TextArea,
  TextField,
  TxStatus,
} from "../components/ui.tsx";
import { keyTextProblem, readSerials } from "../lib/products.ts";
import { storeDocument } from "../lib/products-vault.ts";
import { ProblemList, Time } from "./product-common.tsx";
import type { ProductAccess } from "./product-common.tsx";

const ROOTS = `query SerialRoots($product: String!, $first: Int!, $after: Bytes!) {
  serialRoots(where: { product: $product, id_gt: $after }, orderBy: id, first: $first) {
    id root count salted committedAt generation batch { lot generation } product { generation }
  }
}`;

const LOTS = `query Lots($product: String!) {
  batches(where: { product: $product }, first: 100, orderBy: registeredAt, orderDirection: desc) { id lot }
}`;

interface RootRow {
  id: string;
  root: string;
  count: string;
  salted: boolean;
  committedAt: string;
  generation: number;
  batch: { lot: string; generation: number };
  product: { generation: number };
}

export function ProductSerials({
  id,
  gtin14,
  access,
  discontinued,
}: {
  id: `0x${string}`;
  gtin14: string;
  access: ProductAccess;
  discontinued: boolean;
}) {
  const roots = useCursorPages<RootRow>(
    ["products", "serial-roots", id],
    ROOTS,
    (data: { serialRoots: RootRow[] }) => data.serialRoots,
    { product: id },
    10,
  );
  const problem = discontinued ? "The product is discontinued: no new serials." : access.ownerProblem;
  return (
    <Section title="Serials">
      <p className="text-sm text-slate-700">
        Commit the serials printed on a lot&apos;s items as one Merkle root: each serial can then be proven committed by
        you. A proof shows you committed the serial, not that an item carrying it is genuine: printed codes can be
        copied.
      </p>
      {roots.rows === undefined ? null : roots.rows.length === 0 && roots.page === 0 ? (
        <div className="mt-2">
          <EmptyState title="No serials committed yet.">
            Register a lot, then paste its serials or pick a CSV file below.
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {roots.rows.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2 py-1">
              <span>
                {r.count} serials of lot <span className="font-mono">{r.batch.lot}</span>
              </span>
              <span>
                root <Hash value={r.root} />
              </span>
              <span className="text-slate-600">
                committed <Time seconds={r.committedAt} />
              </span>
              {r.salted ? <Badge tone="good">Salted</Badge> : <Badge>Unsalted</Badge>}
              {r.generation !== r.product.generation ? <Badge tone="warn">From an earlier registration</Badge> : null}
            </li>
          ))}
        </ul>
      )}
      <Pager page={roots.page} hasNext={roots.hasNext} onPrevious={roots.previous} onNext={roots.next} />
      <CommitSerials id={id} gtin14={gtin14} problem={problem} />
    </Section>
  );
}

function CommitSerials({ id, gtin14, problem }: { id: `0x${string}`; gtin14: string; problem: string | undefined }) {
  const { Products } = useContracts();
  const session = useSession();
  const publicClient = usePublicClient();
  const tx = useTransaction();
  const [lot, setLot] = useState("");
  const [text, setText] = useState("");
  const [fileNote, setFileNote] = useState<string | undefined>();
  const [step, setStep] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [done, setDone] = useState<{ root: string; count: number; path: string } | undefined>();

  const lots = useGraph<{ batches: { id: string; lot: string }[] }>(["products", "lots", id], LOTS, { product: id });
  const lotProblem = lot === "" ? undefined : keyTextProblem("lot", lot);
  const batch = lot !== "" && lotProblem === undefined ? batchId(id, lot) : undefined;
  const subject = useReadContract({
    address: Products.address,
    abi: Products.abi,
    functionName: "subjectOf",
    args: batch !== undefined ? [id, batch] : undefined,
    query: { enabled: batch !== undefined },
  });
  const record = subject.data as readonly [{ kind: number }, boolean] | undefined;
  const notRegistered =
    record !== undefined && !(record[1] && record[0].kind === 10)
      ? record[0].kind === 21
        ? `${lot} is an item's serial, not a lot.`
        : `Lot ${lot} is not registered for this product: register it under "Lots and items" first.`
      : undefined;

  const parsed = useMemo(() => (text.trim() === "" ? undefined : readSerials(text)), [text]);
  const listProblem =
    parsed === undefined
      ? "Paste the serials or pick a file first."
      : parsed.issues.length > 0
        ? `Fix the ${parsed.issues.length} problem${parsed.issues.length === 1 ? "" : "s"} in the list first: nothing is committed while a line is wrong.`
        : parsed.serials.length === 0
          ? "The list holds no serials."
          : undefined;
  const busy = tx.busy || (step !== undefined && failure === undefined && done === undefined);
  const blocker =
    problem ?? (lot === "" ? "Enter the lot first." : undefined) ?? lotProblem ?? notRegistered ?? listProblem;

  const commit = async () => {
    if (parsed === undefined || batch === undefined || session.actingFor === undefined || publicClient === undefined) {
      return;
    }
    setFailure(undefined);
    setDone(undefined);
    tx.reset();
    try {
      setStep(`Building the Merkle tree of ${parsed.serials.length} salted serials…`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const tree = buildSerialTree({ gtin: gtin14, lot, serials: parsed.serials, secret: newSerialSecret() });
      const [committed] = (await publicClient.readContract({
        address: Products.address,
        abi: Products.abi as Abi,
        functionName: "serialRootOf",
        args: [id, batch, tree.root],
      })) as readonly [{ committedAt: bigint }, boolean];
      if (committed.committedAt !== 0n) throw new Error("These serials are committed for this lot already.");
      const serials: { serial: string; salt: string }[] = [];
      for (const [, value] of tree.tree.entries()) serials.push({ serial: value[2], salt: value[3] });
      const document = {
        type: "constellate.serial-list.v1",
        note: "A proof shows that the owner committed a serial, not that an item carrying it is genuine.",
        product: id,
        gtin: gtin14,
        lot,
        batch,
        root: tree.root,
        count: tree.count,
        salted: tree.salted,
        leafEncoding: ["uint256 gtin14", "string lot", "string serial", "bytes32 salt"],
        serials,
      };
      setStep("Storing the serial list and its salts in your vault (restricted)…");
      const stored = await storeDocument(session.vaultFetch, {
        owner: session.actingFor,
        bytes: new TextEncoder().encode(JSON.stringify(document, null, 2) + "\n"),
        contentType: "application/json",
        visibility: "restricted",
        scope: accessScope("serials", id),
      });
      setStep("Committing the root on chain…");
      const receipt = await tx.run(
        {
          contract: "Products",
          functionName: "commitSerials",
          args: [id, batch, tree.root, tree.count, tree.salted],
        },
        `Commit ${tree.count} serials of lot ${lot}`,
      );
      if (receipt === undefined) {
        setFailure("The root was not committed (see why below); the list stays in your vault, unused.");
        return;
      }
      setDone({ root: tree.root, count: tree.count, path: stored.path });
      setText("");
      setFileNote(undefined);
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  return (
    <form
      className="mt-4 rounded-md border border-slate-200 p-3"
      aria-label="Commit serials"
      onSubmit={(event) => {
        event.preventDefault();
        void commit();
      }}
    >
      <h3 className="font-medium">Commit serials</h3>
      <TextField
        label="Lot of the serials"
        list={`lots-${id}`}
        value={lot}
        onChange={(event) => setLot(event.target.value)}
        problem={lotProblem ?? notRegistered}
      />
      <datalist id={`lots-${id}`}>
        {(lots.data?.batches ?? []).map((b) => (
          <option key={b.id} value={b.lot} />
        ))}
      </datalist>
      <TextArea
        label="Serials"
        rows={6}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setFileNote(undefined);
        }}
        hint='One per line, or separated by commas, semicolons or tabs. A CSV with a header row uses its "serial" column.'
      />
      <div className="mt-2 text-sm">
        <label className="font-medium" htmlFor={`serials-file-${id}`}>
          Or read them from a CSV or text file
        </label>{" "}
        <input
          id={`serials-file-${id}`}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file === undefined) return;
            void file.text().then((content) => {
              setText(content);
              setFileNote(`Read ${file.name} (${file.size} bytes).`);
            });
            event.target.value = "";
          }}
        />
      </div>
      {fileNote !== undefined ? <p className="mt-1 text-xs text-slate-600">{fileNote}</p> : null}
      {parsed !== undefined && parsed.issues.length === 0 && parsed.serials.length > 0 ? (
        <p className="mt-2 text-sm" role="status">
          {parsed.serials.length} serial{parsed.serials.length === 1 ? "" : "s"} ready: first {parsed.serials[0]}, last{" "}
          {parsed.serials.at(-1)}.
        </p>
      ) : null}
      {parsed !== undefined ? (
        <ProblemList
          unit="Line"
          label="These lines cannot be committed:"
          problems={parsed.issues.map((i) => ({ line: i.line, message: `"${i.value}": ${i.message}` }))}
        />
      ) : null}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={blocker !== undefined || busy}>
          Commit serials
        </Button>
        {blocker !== undefined && (problem !== undefined || lot !== "") ? (
          <span className="text-sm text-slate-700">{blocker}</span>
        ) : null}
      </div>
      {step !== undefined && failure === undefined && done === undefined && tx.state.phase === "idle" ? (
        <Notice>{step}</Notice>
      ) : null}
      {failure !== undefined ? <Notice tone="error">{failure}</Notice> : null}
      <TxStatus tx={tx} />
      {done !== undefined ? (
        <Notice tone="success">
          Committed {done.count} serials under root <Hash value={done.root} />. The list and its salts are in your vault
          (restricted, scope &quot;serials&quot; of this product): grant the scope to whoever must check serials.
        </Notice>
      ) : null}
    </form>
  );
}
