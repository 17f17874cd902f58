"use client";
/**
 * Data access (/console/data): the company's restricted datasets in its vault, the grants it makes (to a company or
 * to the members of a constellation, plain or blinded) and revokes, the grants it received with a way to download
 * what they open, and the vault's log of who read what.
 */
import { Permission } from "@constellate/sdk";
import { useState } from "react";
import type { Address } from "viem";
import { useReadContract } from "wagmi";

import { useConsoleConfig, useContracts } from "../components/config-context.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { Notice, PageTitle, Section } from "../components/ui.tsx";
import { DocumentsList, UploadForm } from "./data-documents.tsx";
import { BlindedGrantsMade, GrantForm, GrantsMade } from "./data-grants.tsx";
import type { GrantPrefill } from "./data-grants.tsx";
import { AccessLog } from "./data-log.tsx";
import { BlindedReceivedList, GrantsReceived, OpenDocumentForm } from "./data-received.tsx";
import type { OpenRequest } from "./data-received.tsx";
import { useProductsOf, useScopeNames } from "./data-scopes.tsx";
import type { ScopeChoice } from "./data-scopes.tsx";

export function DataAccess({ sharedOwner, sharedSha256 }: { sharedOwner?: string; sharedSha256?: string }) {
  return (
    <div>
      <PageTitle intro="Keep restricted datasets in your vault, decide who may read them and until when, and see who did. Partners download what your grants open to them; nobody else can.">
        Data access
      </PageTitle>
      <SignedIn needsCompany>
        <DataAccessBody sharedOwner={sharedOwner} sharedSha256={sharedSha256} />
      </SignedIn>
    </div>
  );
}

function DataAccessBody({
  sharedOwner,
  sharedSha256,
}: {
  sharedOwner?: string | undefined;
  sharedSha256?: string | undefined;
}) {
  const session = useSession();
  const owner = session.actingFor as Address;
  // Everything below belongs to the company acted for: switching company starts afresh (pages, forms).
  return (
    <CompanyData
      key={owner}
      owner={owner}
      sharedOwner={sharedOwner}
      sharedSha256={sharedSha256}
      mayAccess={mayAccess(session.acting?.relation, session.acting?.permissions)}
    />
  );
}

function mayAccess(relation: "self" | "operator" | undefined, permissions: bigint | undefined): boolean {
  if (relation === "self") return true;
  return permissions !== undefined && (permissions & Permission.ACCESS) !== 0n;
}

function CompanyData({
  owner,
  sharedOwner,
  sharedSha256,
  mayAccess,
}: {
  owner: Address;
  sharedOwner?: string | undefined;
  sharedSha256?: string | undefined;
  mayAccess: boolean;
}) {
  const products = useProductsOf([owner]);
  const nameOfScope = useScopeNames([owner]);
  const [prefill, setPrefill] = useState<GrantPrefill | undefined>();
  const [open, setOpen] = useState<OpenRequest | undefined>(
    sharedOwner !== undefined && sharedSha256 !== undefined
      ? { owner: sharedOwner, sha256: sharedSha256, hint: "", nonce: 0 }
      : undefined,
  );

  const grantScope = (choice: ScopeChoice) => {
    setPrefill((p) => ({ choice, nonce: (p?.nonce ?? 0) + 1 }));
    document.getElementById("grant-access")?.scrollIntoView({ block: "start" });
  };

  return (
    <>
      <VaultServes owner={owner} />
      <Section title="Upload a restricted dataset">
        <UploadForm owner={owner} products={products} nameOfScope={nameOfScope} onGrant={grantScope} />
      </Section>
      <Section title="My documents in the vault">
        <DocumentsList owner={owner} nameOfScope={nameOfScope} mayManage={mayAccess} />
      </Section>
      <div id="grant-access">
        <Section title="Grant access">
          <GrantForm owner={owner} products={products} mayGrant={mayAccess} prefill={prefill} />
        </Section>
      </div>
      <Section title="Grants I made">
        <GrantsMade owner={owner} nameOfScope={nameOfScope} mayGrant={mayAccess} />
        <h3 className="mt-6 text-base font-semibold">Blinded grants I made</h3>
        <BlindedGrantsMade owner={owner} nameOfScope={nameOfScope} mayGrant={mayAccess} />
      </Section>
      <Section title="Grants to my company">
        <GrantsReceived company={owner} onOpen={(r) => setOpen((o) => ({ ...r, nonce: (o?.nonce ?? 0) + 1 }))} />
        <h3 className="mt-6 text-base font-semibold">Blinded grants to my company</h3>
        <BlindedReceivedList company={owner} onOpen={(r) => setOpen((o) => ({ ...r, nonce: (o?.nonce ?? 0) + 1 }))} />
      </Section>
      <Section title="Open a shared document">
        <OpenDocumentForm company={owner} request={open} />
      </Section>
      <Section title="Access log">
        <AccessLog owner={owner} mayRead={mayAccess} nameOfScope={nameOfScope} />
      </Section>
    </>
  );
}

/** Uploads need the company's profile to name this vault as its data endpoint (read from the chain now). */
function VaultServes({ owner }: { owner: Address }) {
  const contracts = useContracts();
  const { vaultEndpoint } = useConsoleConfig();
  const profile = useReadContract({
    address: contracts.Companies.address,
    abi: contracts.Companies.abi,
    functionName: "profileOf",
    args: [owner],
  });
  const endpoint = (profile.data as { dataEndpoint: string } | undefined)?.dataEndpoint.replace(/\/+$/, "");
  if (endpoint === undefined) return null;
  const served = endpoint === vaultEndpoint || endpoint.startsWith(`${vaultEndpoint}/`);
  if (served) return null;
  return (
    <Notice tone="warning">
      Your company&apos;s profile names {endpoint === "" ? "no data endpoint" : `the data endpoint ${endpoint}`}, so
      this vault ({vaultEndpoint}) does not store documents for it. Set the data endpoint to {vaultEndpoint} on the
      Company page to upload here; grants and downloads from others work regardless.
    </Notice>
  );
}
