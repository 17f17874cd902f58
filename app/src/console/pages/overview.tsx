"use client";
/** The console's start page: who is signed in, whom it acts for, and what to do next. */
import Link from "next/link";

import { useCompanyNames, useGraph } from "../components/hooks.tsx";
import { useSession } from "../components/session.tsx";
import { SignedIn } from "../components/shell.tsx";
import { Badge, EmptyState, Hash, PageTitle, Section } from "../components/ui.tsx";

const OVERVIEW = `query Overview($company: ID!) {
  company(id: $company) {
    id name registryId
    memberships(first: 100, where: { active: true }) { id roles constellation { id number name } }
  }
}`;

interface OverviewData {
  company: {
    id: string;
    name: string;
    registryId: string;
    memberships: { id: string; roles: number; constellation: { id: string; number: string; name: string } }[];
  } | null;
}

export function Overview() {
  const session = useSession();
  const company = session.actingFor?.toLowerCase();
  const { data, error } = useGraph<OverviewData>(
    ["overview"],
    OVERVIEW,
    { company },
    { enabled: company !== undefined },
  );
  const nameOf = useCompanyNames(session.actingFor !== undefined ? [session.actingFor] : []);
  return (
    <div>
      <PageTitle intro="Register your company, work with partners in constellations, register products, record their journeys, issue and verify ESG claims, and share data with the partners you choose.">
        Overview
      </PageTitle>
      <SignedIn>
        <Section title="Signed in for">
          <p>
            {nameOf(session.actingFor ?? "") ?? "An unregistered account"} (<Hash value={session.actingFor ?? ""} />){" "}
            {session.acting?.relation === "operator" ? (
              <Badge tone="info">you act as its operator</Badge>
            ) : (
              <Badge>your own account</Badge>
            )}
          </p>
          {error !== null ? <p className="mt-2 text-sm text-red-700">{error.message}</p> : null}
        </Section>
        {data?.company === null || data === undefined ? (
          <Section title="Get started">
            <EmptyState title="This account has no company profile yet.">
              <Link className="underline" href="/console/profile">
                Register your company
              </Link>{" "}
              with its name and registry identifier (GLN or LEI). Then found or join a constellation.
            </EmptyState>
          </Section>
        ) : (
          <Section title="Constellations">
            {data.company.memberships.length === 0 ? (
              <EmptyState title="Not a member of any constellation.">
                <Link className="underline" href="/console/constellations">
                  Found one or ask to join one
                </Link>
                .
              </EmptyState>
            ) : (
              <ul className="list-disc pl-5">
                {data.company.memberships.map((m) => (
                  <li key={m.id}>
                    <Link className="underline" href={`/console/constellations/${m.constellation.number}`}>
                      {m.constellation.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        )}
      </SignedIn>
    </div>
  );
}
