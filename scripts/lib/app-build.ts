/**
 * `next build` of the app (app/), run with the project's Node. The build compiles the sdk's generated contract file in,
 * so run the export first (build-app.ts does).
 */
import path from "node:path";

import { runNode } from "./child.ts";
import { ROOT } from "./paths.ts";

export const APP_DIR = path.join(ROOT, "app");
export const NEXT_CLI = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export async function buildApp(): Promise<void> {
  await runNode([NEXT_CLI, "build"], {
    cwd: APP_DIR,
    env: { NEXT_TELEMETRY_DISABLED: "1" },
    what: "next build in app/",
  });
}
