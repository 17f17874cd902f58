/**
 * npm run build:app
 *
 * Compiles the contracts if needed, exports ABIs and addresses to the sdk, and builds the Next.js app for production
 * (app/.next), which `npm start` and the app's tests serve with `next start`.
 */
import { buildApp } from "./lib/app-build.ts";
import { buildContracts } from "./lib/build.ts";
import { exportContracts } from "./lib/export.ts";

try {
  const started = Date.now();
  await buildContracts();
  exportContracts();
  await buildApp();
  console.log(`Built app/.next in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`build:app failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
