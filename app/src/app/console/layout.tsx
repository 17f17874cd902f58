import type { Metadata } from "next";
import type { ReactNode } from "react";

import { loadConsoleConfig } from "../../console/config.ts";
import { ConsoleShell } from "../../console/components/shell.tsx";

export const metadata: Metadata = {
  title: "Constellate console",
  description: "Manage your company, constellations, products, journeys, ESG claims and data access.",
};

// The configuration is read per request (not at build time), so one build serves any chain and deployment.
export const dynamic = "force-dynamic";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen bg-slate-50">
      <ConsoleShell config={loadConsoleConfig()}>{children}</ConsoleShell>
    </div>
  );
}
