#!/usr/bin/env node
// Makes sure node_modules was installed from package-lock.json under the project's pinned Node 22,
// whatever Node runs this script (system Node 20 on a fresh machine). Dependency-free on purpose:
// it runs before anything is installed, as the `prestart` / `pretest` script.
"use strict";

const { createHash } = require("node:crypto");
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { spawnSync } = require("node:child_process");

const root = join(__dirname, "..");
const pinnedNode = require(join(root, "package.json")).devDependencies.node;
const lockFile = join(root, "package-lock.json");
const stampFile = join(root, "node_modules", ".constellate-install.json");
const localNode = join(root, "node_modules", ".bin", "node");

function expectedStamp() {
  return {
    lock: createHash("sha256").update(readFileSync(lockFile)).digest("hex"),
    node: pinnedNode,
  };
}

function upToDate() {
  if (!existsSync(stampFile) || !existsSync(localNode)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    const want = expectedStamp();
    if (stamp.lock !== want.lock || stamp.node !== want.node) return false;
    const probe = spawnSync(localNode, ["--version"], { encoding: "utf8" });
    return probe.status === 0 && probe.stdout.trim() === `v${pinnedNode}`;
  } catch {
    return false;
  }
}

if (!existsSync(lockFile)) {
  console.error("package-lock.json is missing: run this from a complete clone of the repository.");
  process.exit(1);
}

if (!upToDate()) {
  console.log(`Installing dependencies with Node ${pinnedNode} (npm ci); this takes about a minute the first time...`);
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const result = spawnSync(npx, ["-y", "-p", `node@${pinnedNode}`, "-c", "npm ci --no-audit --no-fund"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  if (result.status !== 0) {
    console.error(
      "\nInstalling dependencies failed (see above). Check that the npm registry is reachable, then run the command again.",
    );
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, JSON.stringify(expectedStamp(), null, 2) + "\n");
}
