"use client";
/**
 * The company's own page: register or edit its profile (name, registry identifier, metadata, data endpoint), its
 * status (registered, compromised) and the compromise mark, its operators, and its accreditations (see and request).
 * What the page shows is read fresh from the chain (Companies.statusOf, profileOf); lists come from the indexer.
 */
import { Permission } from "@constellate/sdk";
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { zeroHash } from "viem";
import type { Address, Hex } from "viem";
import { useReadContract } from "wagmi";

import { useConsoleConfig, useContracts } from "../components/config-context.tsx";
import { useCompanyNames } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { useTransaction } from "../components/tx.tsx";
import { Badge, Button, Hash, Notice, PageTitle, Section, TextField, TxStatus } from "../components/ui.tsx";
import { AccreditationsSection } from "./profile-accreditations.tsx";
import {
  endpointProblem,
  formatTime,
  isLoopbackHttp,
  metadataUriProblem,
  nameProblem,
  nowSeconds,
  permissionWords,
  registryIdProblem,
  sameAddress,
  sha256Hex,
  vaultServes,
} from "./profile-common.tsx";
import { OperatorsSection } from "./profile-operators.tsx";

export interface ProfileValues {
  name: string;
  registryId: string;
  metadataURI: string;
  metadataHash: Hex;
  dataEndpoint: string;
}

export function ProfilePage() {
  return (
    <div>
      <PageTitle intro="Your company's profile on the chain, the wallets that act for it, and what accreditation bodies have attested about it. A profile is self-declared: only accreditations prove who you are.">
        Company
      </PageTitle>
      <SignedIn>
        <CompanyBody />
      </SignedIn>
    </div>
  );
}

function CompanyBody() {
  const session = useSession();
  const contracts = useContracts();
  const company = session.actingFor as Address;
  const isSelf = sameAddress(company, session.address);
  const status = useReadContract({
    address: contracts.Companies.address,
    abi: contracts.Companies.abi,
    functionName: "statusOf",
    args: [company],
  });
  const profile = useReadContract({
    address: contracts.Companies.address,
    abi: contracts.Companies.abi,
    functionName: "profileOf",
    args: [company],
  });
  const nameOf = useCompanyNames([company]);

  if (status.error !== null || profile.error !== null) {
    return (
      <Notice tone="error">
        The chain cannot be read right now ({(status.error ?? profile.error)?.message.split("\n")[0]}). Check that the
        network is up, then reload.
      </Notice>
    );
  }
  if (status.data === undefined || profile.data === undefined)
    return <p className="text-slate-600">Reading the chain…</p>;

  const registered = status.data.registeredAt !== 0n;
  const current: ProfileValues = {
    name: profile.data.name,
    registryId: profile.data.registryId,
    metadataURI: profile.data.metadataURI,
    metadataHash: profile.data.metadataHash,
    dataEndpoint: profile.data.dataEndpoint,
  };
  return (
    <>
      {session.acting?.relation === "operator" ? <YourAppointment company={company} name={nameOf(company)} /> : null}
      {!registered && !isSelf ? (
        <Notice tone="warning">
          The company you act for is not registered. Choose another company in the header, or sign in with its own
          account to register it.
        </Notice>
      ) : null}
      {registered ? (
        <StatusSection
          company={company}
          profile={current}
          registeredAt={status.data.registeredAt}
          compromisedFrom={status.data.compromisedFrom}
        />
      ) : null}
      {registered || isSelf ? (
        <ProfileForm key={company} company={company} registered={registered} current={current} />
      ) : null}
      {registered ? (
        <>
          <OperatorsSection company={company} />
          <AccreditationsSection company={company} profile={current} />
        </>
      ) : null}
      {registered && isSelf ? <CompromiseSection compromisedFrom={status.data.compromisedFrom} /> : null}
    </>
  );
}

/** For an operator: whom it acts for, with which permissions, until when (fresh from the chain). */
function YourAppointment({ company, name }: { company: Address; name: string | undefined }) {
  const session = useSession();
  const contracts = useContracts();
  const appointment = useReadContract({
    address: contracts.Companies.address,
    abi: contracts.Companies.abi,
    functionName: "operatorOf",
    args: [company, session.address as Address],
  });
  const permissions = appointment.data?.permissions ?? session.acting?.permissions ?? 0n;
  const expiresAt = appointment.data?.expiresAt ?? session.acting?.expiresAt ?? 0n;
  return (
    <Section title="Your appointment">
      <p data-testid="appointment">
        You (<Hash value={session.address ?? ""} />) act for {name ?? "this company"} (<Hash value={company} />) as its
        operator, until {formatTime(expiresAt)}.
        {Number(expiresAt) <= nowSeconds() ? (
          <>
            {" "}
            <Badge tone="bad">expired</Badge>
          </>
        ) : null}
      </p>
      <p className="mt-2 text-sm">
        <span className="font-medium">You may:</span> {permissionWords(permissions)}.
      </p>
      <p className="mt-2 text-sm text-slate-600">
        Only the company&apos;s own account can change your appointment, appoint other operators or mark the company
        compromised.
      </p>
    </Section>
  );
}

function StatusSection({
  company,
  profile,
  registeredAt,
  compromisedFrom,
}: {
  company: Address;
  profile: ProfileValues;
  registeredAt: bigint;
  compromisedFrom: bigint;
}) {
  const config = useConsoleConfig();
  const served = vaultServes(profile.dataEndpoint, config.vaultEndpoint);
  const metaLink = safeLink(profile.metadataURI);
  return (
    <Section title="Status">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Account</dt>
        <dd>
          <Hash value={company} chars={20} />
        </dd>
        <dt className="font-medium">Name</dt>
        <dd>
          {profile.name} <Badge>self-declared</Badge>
        </dd>
        <dt className="font-medium">Registry identifier</dt>
        <dd>{profile.registryId === "" ? "none given" : profile.registryId} (see Accreditations below)</dd>
        <dt className="font-medium">Profile document</dt>
        <dd>
          {profile.metadataURI === "" ? (
            "none"
          ) : metaLink ? (
            <a
              className="text-indigo-700 underline"
              href={profile.metadataURI}
              target="_blank"
              rel="noreferrer noopener"
            >
              {profile.metadataURI}
            </a>
          ) : (
            profile.metadataURI
          )}
          {profile.metadataURI !== "" ? (
            <span className="ml-2 text-slate-600">
              {profile.metadataHash === zeroHash ? (
                "(no hash recorded)"
              ) : (
                <>
                  SHA-256 <Hash value={profile.metadataHash} />
                </>
              )}
            </span>
          ) : null}
        </dd>
        <dt className="font-medium">Data endpoint</dt>
        <dd>
          {profile.dataEndpoint === "" ? "none" : profile.dataEndpoint}{" "}
          {served ? (
            <Badge tone="good">served by this console&apos;s vault</Badge>
          ) : (
            <Badge tone="warn">not this console&apos;s vault</Badge>
          )}
        </dd>
        <dt className="font-medium">Registered</dt>
        <dd data-testid="registered-at">{formatTime(registeredAt)}</dd>
        <dt className="font-medium">Compromised</dt>
        <dd data-testid="compromised">
          {compromisedFrom === 0n ? (
            "not marked"
          ) : (
            <>
              <Badge tone="bad">compromised</Badge> from {formatTime(compromisedFrom)}: its operators can do nothing,
              and what it states dated from then on is void.
            </>
          )}
        </dd>
      </dl>
    </Section>
  );
}

/** Links only to https (and ipfs, which browsers may hand to a gateway): anything else renders as text. */
function safeLink(uri: string): boolean {
  return /^https:\/\//.test(uri) || /^ipfs:\/\//.test(uri);
}

type MetaHashState =
  | { phase: "none" }
  | { phase: "fetching" }
  | { phase: "hashed"; hash: Hex }
  | { phase: "kept"; hash: Hex; why: string }
  | { phase: "unreachable"; why: string };

/** Fetches the document at `uri` in the browser and hashes it (SHA-256); the chain records the hash with the URI. */
function useMetadataHash(uri: string, problem: string | undefined, current: ProfileValues): MetaHashState {
  const [state, setState] = useState<MetaHashState>({ phase: "none" });
  useEffect(() => {
    if (uri === "" || problem !== undefined) {
      setState({ phase: "none" });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const unreachable = (why: string) => {
        if (uri === current.metadataURI && current.metadataHash !== zeroHash) {
          setState({ phase: "kept", hash: current.metadataHash, why });
        } else {
          setState({ phase: "unreachable", why });
        }
      };
      const url = new URL(uri);
      if (url.protocol !== "https:" && !isLoopbackHttp(url)) {
        unreachable("a browser cannot fetch ipfs:// addresses by itself");
        return;
      }
      setState({ phase: "fetching" });
      fetch(uri, { credentials: "omit", cache: "no-store", signal: controller.signal, redirect: "follow" })
        .then(async (response) => {
          if (!response.ok) throw new Error(`it answered ${response.status}`);
          const bytes = new Uint8Array(await response.arrayBuffer());
          if (bytes.length > 10 * 1024 * 1024) throw new Error("it is larger than 10 MB");
          setState({ phase: "hashed", hash: await sha256Hex(bytes) });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const message = error instanceof Error ? error.message : String(error);
          unreachable(
            /fetch/i.test(message)
              ? "the server cannot be reached or does not allow this page to read it (CORS)"
              : message,
          );
        });
    }, 500);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [uri, problem, current.metadataURI, current.metadataHash]);
  return state;
}

function ProfileForm({
  company,
  registered,
  current,
}: {
  company: Address;
  registered: boolean;
  current: ProfileValues;
}) {
  const config = useConsoleConfig();
  const session = useSession();
  const tx = useTransaction();
  const defaultEndpoint = `${config.vaultEndpoint.replace(/\/+$/, "")}/${company.toLowerCase()}`;
  const [values, setValues] = useState(() =>
    registered
      ? {
          name: current.name,
          registryId: current.registryId,
          metadataURI: current.metadataURI,
          dataEndpoint: current.dataEndpoint,
        }
      : { name: "", registryId: "", metadataURI: "", dataEndpoint: defaultEndpoint },
  );
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [tried, setTried] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const problems = {
    name: nameProblem(values.name),
    registryId: registryIdProblem(values.registryId),
    metadataURI: metadataUriProblem(values.metadataURI),
    dataEndpoint: endpointProblem(values.dataEndpoint),
  };
  const shown = (field: keyof typeof problems) =>
    tried || touched[field] === true || (values[field] !== "" && field !== "name") ? problems[field] : undefined;
  const meta = useMetadataHash(values.metadataURI, problems.metadataURI, current);
  const metadataHash: Hex = meta.phase === "hashed" || meta.phase === "kept" ? meta.hash : zeroHash;

  const operator = session.acting?.relation === "operator";
  const mayEdit = !operator || ((session.acting?.permissions ?? 0n) & Permission.PROFILE) !== 0n;
  const changed =
    !registered ||
    values.name !== current.name ||
    values.registryId !== current.registryId ||
    values.metadataURI !== current.metadataURI ||
    values.dataEndpoint !== current.dataEndpoint ||
    metadataHash !== current.metadataHash;
  const invalid = Object.values(problems).some((p) => p !== undefined);
  const blocked = !mayEdit
    ? "Your appointment does not include “Edit the company profile”: ask the company to add that permission."
    : meta.phase === "fetching"
      ? "Fetching the profile document to hash it…"
      : registered && !changed
        ? "Nothing has changed yet."
        : undefined;

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }));
    setTouched((t) => ({ ...t, [field]: true }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (invalid || blocked !== undefined) return;
    const profile = { ...values, metadataHash };
    if (registered) {
      await tx.run({ contract: "Companies", functionName: "updateProfile", args: [profile] }, "Save profile");
    } else {
      const receipt = await tx.run(
        { contract: "Companies", functionName: "register", args: [profile], direct: true },
        "Register company",
      );
      if (receipt !== undefined) await session.refresh();
    }
  };

  const served = vaultServes(values.dataEndpoint, config.vaultEndpoint);
  return (
    <Section title={registered ? "Edit profile" : "Register your company"}>
      {!registered ? (
        <p className="text-sm text-slate-700">
          Registering puts this profile on the chain for your account <Hash value={company} />. Everyone can read it; it
          is self-declared until an accreditation body confirms your identifiers.
        </p>
      ) : null}
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Company name"
          value={values.name}
          onChange={set("name")}
          onBlur={() => setTouched((t) => ({ ...t, name: true }))}
          problem={shown("name")}
          hint="As customers and partners know it; at most 64 bytes."
          autoComplete="organization"
        />
        <TextField
          label="Registry identifier"
          value={values.registryId}
          onChange={set("registryId")}
          problem={shown("registryId")}
          placeholder="GLN:4012345000009 or LEI:529900T8BM49AURSDO55"
          hint="Your GS1 Global Location Number (GLN: and 13 digits) or Legal Entity Identifier (LEI: and 20 characters). Optional, but partners look for it."
        />
        <TextField
          label="Profile document (URI)"
          value={values.metadataURI}
          onChange={set("metadataURI")}
          problem={shown("metadataURI")}
          placeholder="https://example.com/constellate-profile.json"
          hint="Optional: where a fuller description of the company lives (https:// or ipfs://). This browser fetches it and records its SHA-256, so readers can check it was not changed."
        />
        <MetaHashNote state={meta} uri={values.metadataURI} />
        <TextField
          label="Data endpoint"
          value={values.dataEndpoint}
          onChange={set("dataEndpoint")}
          problem={shown("dataEndpoint")}
          hint={
            <>
              The base URL of your data vault. This console&apos;s vault serves companies whose endpoint starts with{" "}
              <code>{config.vaultEndpoint}</code>
              {!served ? (
                <>
                  {" "}
                  (
                  <button
                    type="button"
                    className="underline"
                    onClick={() => setValues((v) => ({ ...v, dataEndpoint: defaultEndpoint }))}
                  >
                    use {defaultEndpoint}
                  </button>
                  )
                </>
              ) : null}
              .
            </>
          }
        />
        {values.dataEndpoint !== "" && endpointProblem(values.dataEndpoint) === undefined && !served ? (
          <Notice tone="warning">
            This console&apos;s vault will not store documents for you with this endpoint: claims, journeys and data
            sharing then need your own vault at that address.
          </Notice>
        ) : null}
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={tx.busy || (tried && invalid) || blocked !== undefined}>
            {registered ? "Save profile" : "Register company"}
          </Button>
          {blocked !== undefined && !(registered && !changed) ? (
            <span className="text-sm text-slate-700">{blocked}</span>
          ) : null}
          {tried && invalid ? (
            <span className="text-sm text-red-700">Correct the fields marked above first.</span>
          ) : null}
        </div>
        <TxStatus tx={tx} />
      </form>
    </Section>
  );
}

function MetaHashNote({ state, uri }: { state: MetaHashState; uri: string }) {
  if (uri === "" || state.phase === "none") return null;
  if (state.phase === "fetching")
    return <p className="mt-1 text-xs text-slate-600">Fetching the document to hash it…</p>;
  if (state.phase === "hashed") {
    return (
      <p className="mt-1 text-xs text-emerald-800">
        Fetched; its SHA-256 <Hash value={state.hash} /> will be recorded with the address.
      </p>
    );
  }
  if (state.phase === "kept") {
    return (
      <p className="mt-1 text-xs text-slate-700">
        The document cannot be fetched now ({state.why}); the hash already on the chain (<Hash value={state.hash} />) is
        kept.
      </p>
    );
  }
  return (
    <p className="mt-1 text-xs text-amber-800" role="status">
      This browser cannot fetch the document ({state.why}), so the profile will record no hash (zero) and readers cannot
      check the document against it.
    </p>
  );
}

/** Local date-time input value ("YYYY-MM-DDTHH:mm") of a moment in seconds. */
function localInput(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function CompromiseSection({ compromisedFrom }: { compromisedFrom: bigint }) {
  const tx = useTransaction();
  const [since, setSince] = useState(() => localInput(nowSeconds()));
  const [understood, setUnderstood] = useState(false);
  const sinceSeconds = since === "" ? undefined : Math.floor(new Date(since).getTime() / 1000);
  const problem =
    sinceSeconds === undefined || Number.isNaN(sinceSeconds)
      ? "Pick the moment from which the company's key may have been in someone else's hands."
      : sinceSeconds <= 0
        ? "Pick a real date."
        : compromisedFrom !== 0n && BigInt(sinceSeconds) >= compromisedFrom
          ? `The mark stands at ${formatTime(compromisedFrom)} already; it can only move earlier.`
          : undefined;

  const submit = async () => {
    if (problem !== undefined || !understood || sinceSeconds === undefined) return;
    await tx.run(
      { contract: "Companies", functionName: "markCompromised", args: [BigInt(sinceSeconds)], direct: true },
      "Mark compromised",
    );
  };

  return (
    <Section title="Mark the company compromised">
      <Notice tone="warning">
        Do this only if the company&apos;s key (or a Safe owner&apos;s) may be in someone else&apos;s hands. From the
        time you give on, <strong>all operators stop at once</strong>, and everything the company stated dated at or
        after it (journey events, claims, verdicts) is treated as void. It cannot be undone; the time can only move
        earlier. The account keeps what it needs to move to a new account: leaving constellations and handing over admin
        rights.
      </Notice>
      {compromisedFrom !== 0n ? (
        <p className="mt-2 text-sm">
          Marked compromised from <strong>{formatTime(compromisedFrom)}</strong>. You can only move the mark earlier.
        </p>
      ) : null}
      <TextField
        label="Compromised from"
        type="datetime-local"
        value={since}
        onChange={(e) => setSince(e.target.value)}
        problem={problem}
        hint="Your local time. It may lie in the past: statements made since then become void too."
      />
      <label className="mt-3 flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          checked={understood}
          onChange={(e) => setUnderstood(e.target.checked)}
          className="mt-1"
        />
        <span>I understand that this cannot be undone and voids what the company stated from that time on.</span>
      </label>
      <div className="mt-3">
        <Button
          variant="danger"
          disabled={tx.busy || problem !== undefined || !understood}
          onClick={() => void submit()}
        >
          Mark compromised
        </Button>
      </div>
      <TxStatus tx={tx} />
    </Section>
  );
}
