/**
 * `next build` of the app (app/), run with the project's Node. The build compiles the sdk's generated contract file in,
 * so run the export first (build-app.ts does).
 */
import { spawn } from "node:child_process";
import path from "node:path";

import { ROOT } from "./paths.ts";

export const APP_DIR = path.join(ROOT, "app");
export const NEXT_CLI = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export function buildApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_CLI, "build"], {
      cwd: APP_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`next build failed in app/ (exit ${code}):\n${output.trim()}`));
    });
  });
}
