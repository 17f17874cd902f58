"use client";
/** The company's documents in its vault: upload a restricted dataset, list them (paged), download, share, delete. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";

import { useSession } from "../components/session.tsx";
import { Badge, Button, EmptyState, Hash, Notice, Pager, TextField } from "../components/ui.tsx";
import { DEFAULT_SCOPE, rememberDataset, ScopeFields, scopeOf, scopeProblem, ScopeText } from "./data-scopes.tsx";
import type { ScopeChoice, ScopeNamer, ScopeProduct } from "./data-scopes.tsx";
import {
  checkVaultResponse,
  downloadDocument,
  formatBytes,
  formatTime,
  rememberedFileName,
  rememberFileName,
  sha256Hex,
  useVaultPages,
  useVaultProblem,
  VaultAnswerError,
} from "./data-vault.tsx";

interface Uploaded {
  sha256: string;
  size: number;
  fileName: string;
  scope: string;
  choice: ScopeChoice;
  already: boolean;
}

/** Upload a restricted dataset: a file, the scope it is stored under (kind, product, dataset name). */
export function UploadForm({
  owner,
  products,
  nameOfScope,
  onGrant,
}: {
  owner: string;
  products: readonly ScopeProduct[];
  nameOfScope: ScopeNamer;
  /** Opens the grant form on this scope. */
  onGrant: (choice: ScopeChoice) => void;
}) {
  const { vaultFetch } = useSession();
  const queryClient = useQueryClient();
  const explain = useVaultProblem();
  const [file, setFile] = useState<File | null>(null);
  const [choice, setChoice] = useState<ScopeChoice>(DEFAULT_SCOPE);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [uploaded, setUploaded] = useState<Uploaded | undefined>();

  const fileProblem =
    file === null ? "Pick the file to upload." : file.size === 0 ? "The file is empty: pick another one." : undefined;
  const invalid = fileProblem !== undefined || scopeProblem(choice) !== undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    setProblem(undefined);
    setUploaded(undefined);
    const scope = scopeOf(choice);
    if (file === null || fileProblem !== undefined || scope === undefined) return;
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const sha256 = await sha256Hex(bytes);
      let response: Response;
      try {
        response = await vaultFetch("/api/vault/documents", {
          method: "POST",
          headers: {
            "content-type": file.type !== "" ? file.type : "application/octet-stream",
            "x-owner": owner,
            "x-visibility": "restricted",
            "x-scope": scope,
            "x-content-sha256": sha256,
          },
          body: bytes as Uint8Array<ArrayBuffer>,
        });
      } catch {
        throw new VaultAnswerError(0, "unreachable", "");
      }
      await checkVaultResponse(response);
      const stored = (await response.json()) as { sha256: string; size: number; scope: string };
      rememberFileName(stored.sha256, file.name);
      if (choice.dataset !== "") rememberDataset(choice.dataset);
      setUploaded({
        sha256: stored.sha256,
        size: stored.size,
        fileName: file.name,
        scope: stored.scope,
        choice,
        already: response.headers.get("x-already-stored") === "true",
      });
      await queryClient.invalidateQueries({ queryKey: ["vault"] });
    } catch (error) {
      setProblem(explain(error, "upload"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Upload a restricted dataset">
      <p className="text-sm text-slate-700">
        Restricted documents are served only to your company, its operators holding ACCESS, and partners holding a live
        grant for the document&apos;s scope. The vault hashes the bytes itself and keeps them under your company.
      </p>
      <TextField
        label="File"
        type="file"
        disabled={busy}
        problem={attempted ? fileProblem : undefined}
        hint={file !== null ? `${file.name}, ${formatBytes(file.size)}` : undefined}
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          setUploaded(undefined);
        }}
      />
      <ScopeFields value={choice} onChange={setChoice} products={products} disabled={busy} touched={attempted} />
      <div className="mt-4 flex items-center gap-3">
        <Button type="submit" disabled={busy || (attempted && invalid)}>
          {busy ? "Uploading…" : "Upload to the vault"}
        </Button>
      </div>
      {problem !== undefined ? <Notice tone="error">Upload failed: {problem}</Notice> : null}
      {uploaded !== undefined ? (
        <Notice tone="success">
          {uploaded.already ? "Already stored: " : "Stored: "}
          {uploaded.fileName} ({formatBytes(uploaded.size)}) under{" "}
          <ScopeText scope={uploaded.scope} nameOf={nameOfScope} />. SHA-256{" "}
          <code className="break-all font-mono text-xs" data-testid="uploaded-sha256">
            {uploaded.sha256}
          </code>
          . Partners read it once you grant them this scope.{" "}
          <Button variant="link" onClick={() => onGrant(uploaded.choice)}>
            Grant access to this scope
          </Button>
        </Notice>
      ) : null}
    </form>
  );
}

interface DocumentRow {
  owner: string;
  sha256: string;
  size: number;
  contentType: string;
  visibility: "public" | "restricted";
  scope: string | null;
  createdAt: string;
}

const PAGE_SIZE = 20;

/** The company's documents in the vault, a page at a time, newest first as the vault lists them. */
export function DocumentsList({
  owner,
  nameOfScope,
  mayManage,
}: {
  owner: string;
  nameOfScope: ScopeNamer;
  /** The session may list and delete (the owner, or an operator holding ACCESS). */
  mayManage: boolean;
}) {
  const explain = useVaultProblem();
  const pages = useVaultPages<DocumentRow>(
    ["documents", owner.toLowerCase()],
    (after) =>
      `/api/vault/documents?owner=${owner}&limit=${PAGE_SIZE}${after !== null ? `&after=${encodeURIComponent(after)}` : ""}`,
    (body: { documents: DocumentRow[] }) => body.documents,
    mayManage,
  );
  if (!mayManage) {
    return (
      <Notice>
        Listing your company&apos;s documents needs the ACCESS permission: ask your company to add it to your operator
        appointment.
      </Notice>
    );
  }
  if (pages.error !== null) return <Notice tone="error">{explain(pages.error, "list")}</Notice>;
  if (pages.rows === undefined) return <p className="text-sm text-slate-600">Loading your documents…</p>;
  if (pages.rows.length === 0 && pages.page === 0) {
    return (
      <EmptyState title="Your vault holds no documents of your company yet.">
        Upload a restricted dataset above; then grant a partner its scope below.
      </EmptyState>
    );
  }
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-600">
            <tr>
              <th className="py-2 pr-3">Document</th>
              <th className="py-2 pr-3">Visibility and scope</th>
              <th className="py-2 pr-3">Size</th>
              <th className="py-2 pr-3">Stored</th>
              <th className="py-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((row) => (
              <DocumentRowView key={row.sha256} row={row} nameOfScope={nameOfScope} />
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={pages.page} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} />
    </div>
  );
}

function DocumentRowView({ row, nameOfScope }: { row: DocumentRow; nameOfScope: ScopeNamer }) {
  const { vaultFetch } = useSession();
  const queryClient = useQueryClient();
  const explain = useVaultProblem();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | undefined>();
  const [link, setLink] = useState<string | undefined>();
  const name = rememberedFileName(row.sha256);
  const short = row.sha256.slice(0, 10);

  async function download() {
    setMessage(undefined);
    try {
      const saved = await downloadDocument(vaultFetch, { owner: row.owner, sha256: row.sha256 });
      setMessage({ tone: "success", text: `Saved as ${saved.fileName}.` });
    } catch (error) {
      setMessage({ tone: "error", text: explain(error, "download") });
    }
  }

  async function remove() {
    setBusy(true);
    setMessage(undefined);
    try {
      let response: Response;
      try {
        response = await vaultFetch(`/api/vault/documents/${row.owner}/${row.sha256}`, { method: "DELETE" });
      } catch {
        throw new VaultAnswerError(0, "unreachable", "");
      }
      await checkVaultResponse(response);
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: ["vault"] });
    } catch (error) {
      setMessage({ tone: "error", text: explain(error, "delete") });
    } finally {
      setBusy(false);
    }
  }

  function share() {
    const url = new URL("/console/data", window.location.origin);
    url.searchParams.set("owner", row.owner);
    url.searchParams.set("sha256", row.sha256);
    url.hash = "open-document";
    setLink(url.toString());
    void navigator.clipboard?.writeText(url.toString()).catch(() => undefined);
  }

  return (
    <tr className="border-t border-slate-200 align-top" data-sha256={row.sha256}>
      <td className="py-2 pr-3">
        {name !== undefined ? <div className="font-medium">{name}</div> : null}
        <Hash value={row.sha256} chars={8} />
        <div className="text-xs text-slate-600">{row.contentType}</div>
      </td>
      <td className="py-2 pr-3">
        {row.visibility === "public" ? (
          <>
            <Badge tone="info">public</Badge> <span className="text-xs">anyone may read it</span>
          </>
        ) : (
          <>
            <Badge tone="warn">restricted</Badge>{" "}
            {row.scope !== null ? <ScopeText scope={row.scope} nameOf={nameOfScope} /> : null}
          </>
        )}
      </td>
      <td className="py-2 pr-3 whitespace-nowrap">{formatBytes(row.size)}</td>
      <td className="py-2 pr-3 whitespace-nowrap">{formatTime(row.createdAt)}</td>
      <td className="py-2">
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" aria-label={`Download ${short}`} onClick={() => void download()}>
            Download
          </Button>
          {row.visibility === "restricted" ? (
            <>
              <Button variant="secondary" aria-label={`Share link to ${short}`} onClick={share}>
                Share link
              </Button>
              {confirming ? (
                <>
                  <Button variant="danger" disabled={busy} onClick={() => void remove()}>
                    {busy ? "Deleting…" : "Delete for good"}
                  </Button>
                  <Button variant="secondary" disabled={busy} onClick={() => setConfirming(false)}>
                    Keep it
                  </Button>
                </>
              ) : (
                <Button variant="danger" aria-label={`Delete ${short}`} onClick={() => setConfirming(true)}>
                  Delete
                </Button>
              )}
            </>
          ) : null}
        </div>
        {confirming ? (
          <p className="mt-1 text-xs text-slate-700">
            Deleting removes the bytes from the vault: grantees can no longer read them. Grants stay until you revoke
            them.
          </p>
        ) : null}
        {link !== undefined ? (
          <div className="mt-1 text-xs">
            <label>
              Link for grantees (they sign in, then download it if a grant lets them):{" "}
              <input
                readOnly
                value={link}
                className="w-full rounded border border-slate-300 px-1 font-mono"
                onFocus={(e) => e.target.select()}
              />
            </label>
          </div>
        ) : null}
        {message !== undefined ? (
          <p role={message.tone === "error" ? "alert" : "status"} className="mt-1 text-xs">
            {message.text}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
