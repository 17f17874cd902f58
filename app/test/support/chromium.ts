/**
 * Chromium for browser tests: find it, or install Debian's package when that is possible here, and launch it headless
 * in a fresh profile.
 *
 *     const chromium = await locateChromium();
 *     describe("in Chromium", { skip: chromium.skip ?? false }, () => { ... launchChromium(chromium.executablePath!) ... });
 *
 * Where to look: $CHROME_PATH, then /usr/bin/chromium (Debian's `chromium` package; `npx playwright install` cannot
 * work offline). When it is missing and this process runs as root on a system with apt-get, it runs
 * `apt-get update && apt-get install -y chromium` non-interactively. Otherwise the browser tests are skipped with a
 * message naming that command, except under CI=true, where a missing browser is a failure, never a skip.
 */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { chromium } from "playwright-core";
import type { BrowserContext } from "playwright-core";

export const INSTALL_COMMAND = "apt-get update && apt-get install -y chromium";
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** The flags FACTS.md records as working here (no sandbox as root, no GPU, nothing phoning home). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type ChromiumLocation =
  { executablePath: string; skip?: undefined } | { executablePath?: undefined; skip: string };

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function found(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv !== undefined && fromEnv !== "" && executable(fromEnv)) return fromEnv;
  return executable(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Runs `sh -c script` with its output on stderr; resolves to the exit code. */
function run(script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], {
      stdio: ["ignore", process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal !== null ? 128 : 1)));
  });
}

let located: Promise<ChromiumLocation> | undefined;

/**
 * Chromium's executable, installing it if this is root with apt-get; otherwise `{ skip }` with the reason (or, under
 * CI=true, a thrown error). Memoised per process.
 */
export function locateChromium(): Promise<ChromiumLocation> {
  located ??= locate();
  return located;
}

async function locate(): Promise<ChromiumLocation> {
  const ci = process.env.CI === "true";
  const existing = found();
  if (existing !== undefined) return { executablePath: existing };

  const root = process.getuid?.() === 0;
  if (root && onPath("apt-get")) {
    process.stderr.write(`Chromium is missing: running \`${INSTALL_COMMAND}\` (once; a few minutes)\n`);
    // Wait for another apt/dpkg holding the lock (a parallel test process installing the same package) instead of failing.
    const code = await run(
      "apt-get update -o DPkg::Lock::Timeout=600 && " + "apt-get install -y -q -o DPkg::Lock::Timeout=600 chromium",
    );
    const installed = found();
    if (installed !== undefined) return { executablePath: installed };
    const reason = `\`${INSTALL_COMMAND}\` failed (exit code ${code}) and ${DEBIAN_CHROMIUM} is still missing`;
    if (ci) throw new Error(`Chromium is required under CI: ${reason}`);
    return { skip: `Chromium unavailable: ${reason}` };
  }

  const reason =
    `Chromium not found (${DEBIAN_CHROMIUM}, or set CHROME_PATH): install it as root with \`${INSTALL_COMMAND}\`` +
    (root ? " (apt-get is not available here)" : "");
  if (ci) throw new Error(`Chromium is required under CI: ${reason}`);
  return { skip: reason };
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Chromium, headless, in a fresh profile of its own (removed by close()). */
export async function launchChromium(
  executablePath: string,
  options: { acceptDownloads?: boolean } = {},
): Promise<LaunchedChromium> {
  const profile = mkdtempSync(path.join(tmpdir(), "constellate-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: options.acceptDownloads ?? true,
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
