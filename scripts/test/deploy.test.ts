import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";

import { findFreePort } from "../lib/node.ts";
import { ROOT } from "../lib/paths.ts";

/** Runs scripts/deploy.ts with `env` on top of the environment without the deployment variables (and with CI set, so
 * that Hardhat never asks for a keystore password). */
function deploy(args: string[], env: Record<string, string>) {
  const base = { ...process.env };
  for (const name of ["RPC_URL", "DEPLOYER_PRIVATE_KEY", "CONSTELLATE_RPC_URL"]) delete base[name];
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "deploy.ts"), ...args], {
    cwd: ROOT,
    env: { ...base, CI: "true", FORCE_COLOR: "0", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("npm run deploy", () => {
  it("fails clearly when the local chain is not running", async () => {
    const port = await findFreePort();
    const { status, output } = deploy([], { CONSTELLATE_RPC_URL: `http://127.0.0.1:${port}` });
    assert.equal(status, 1, output);
    assert.match(output, new RegExp(`Cannot reach the RPC of network "localhost" at http://127\\.0\\.0\\.1:${port}`));
    assert.match(output, /npm start/);
  });

  it("names RPC_URL when a remote network has no RPC URL", () => {
    const { status, output } = deploy(["--network", "remote"], {});
    assert.equal(status, 1, output);
    assert.match(output, /needs RPC_URL/);
    assert.match(output, /npx hardhat keystore set RPC_URL/);
  });

  it("names DEPLOYER_PRIVATE_KEY when a remote network has no key", async () => {
    const port = await findFreePort();
    const { status, output } = deploy(["--network", "remote"], { RPC_URL: `http://127.0.0.1:${port}` });
    assert.equal(status, 1, output);
    assert.match(output, /needs DEPLOYER_PRIVATE_KEY/);
    assert.match(output, /npx hardhat keystore set DEPLOYER_PRIVATE_KEY/);
  });

  it("fails clearly when the remote RPC is unreachable", async () => {
    const port = await findFreePort();
    const { status, output } = deploy(["--network", "remote"], {
      RPC_URL: `http://127.0.0.1:${port}`,
      // Hardhat's first default account: a well-known test key, never funded anywhere that matters.
      DEPLOYER_PRIVATE_KEY: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    });
    assert.equal(status, 1, output);
    assert.match(output, /Cannot reach the RPC of network "remote"/);
    assert.match(output, /RPC_URL/);
  });
});
