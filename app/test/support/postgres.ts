/**
 * A throwaway PostgreSQL server for tests: Debian's binaries, a fresh cluster in a temporary directory, on 127.0.0.1 at
 * a free port, with a random password. initdb and postgres refuse to run as root, so as root they run as `nobody`.
 *
 *     const postgres = await locatePostgres();            // at the top of the file: decides whether to skip
 *     describe("...", { skip: postgres.skip }, () => {
 *       let server: PostgresServer;
 *       before(async () => (server = await startPostgres(postgres)));
 *       after(() => server.stop());
 *       it("...", async () => { const url = await server.createDatabase(); ... });
 *     });
 *
 * Missing binaries are installed when running as root with apt-get; otherwise the tests skip with the command that
 * installs them, except under CI=true, where a test that cannot run is a failure.
 */
import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { chown, mkdtemp, open, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import pg from "pg";

const run = promisify(execFile);

const DEBIAN_ROOT = "/usr/lib/postgresql";
const INSTALL_HINT = "sudo apt-get install postgresql";
const SUPERUSER = "vault_test";
const PORT_ATTEMPTS = 3;

export type PostgresSetup = { binDir: string; skip?: undefined } | { binDir?: undefined; skip: string };

export interface PostgresServer {
  /** The superuser's URL for the `postgres` database. */
  readonly url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut) and removes its directory. */
  stop(): Promise<void>;
}

/** Finds Debian's PostgreSQL binaries, installing them if they are missing and we are root with apt-get. */
export async function locatePostgres(): Promise<PostgresSetup> {
  let binDir = findBinDir();
  if (binDir === null && isRoot() && existsSync("/usr/bin/apt-get")) {
    await installPostgres();
    binDir = findBinDir();
  }
  if (binDir !== null) return { binDir };
  const reason = `PostgreSQL's binaries are not in ${DEBIAN_ROOT}/*/bin: install them with \`${INSTALL_HINT}\``;
  if (process.env.CI === "true") throw new Error(`${reason} (CI=true: these tests may not be skipped)`);
  return { skip: reason };
}

function findBinDir(): string | null {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const binDir = path.join(DEBIAN_ROOT, version, "bin");
    if (existsSync(path.join(binDir, "initdb")) && existsSync(path.join(binDir, "postgres"))) return binDir;
  }
  return null;
}

async function installPostgres(): Promise<void> {
  const options = { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, maxBuffer: 64 * 1024 * 1024 };
  await run("apt-get", ["update"], options);
  await run("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], options);
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** A cluster's directory, binaries, and the user its processes run as (null: this process's user). */
interface Cluster {
  binDir: string;
  root: string;
  dataDir: string;
  user: { uid: number; gid: number } | null;
  password: string;
}

export async function startPostgres(setup: PostgresSetup): Promise<PostgresServer> {
  if (setup.binDir === undefined) throw new Error(setup.skip);
  const root = await mkdtemp(path.join(tmpdir(), "constellate-pg-"));
  try {
    const cluster = await initCluster(setup.binDir, root);
    for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      const started = await startServer(cluster, await freePort());
      if (started !== "port taken") return started;
    }
    throw new Error(`PostgreSQL found no free port in ${PORT_ATTEMPTS} attempts`);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

async function initCluster(binDir: string, root: string): Promise<Cluster> {
  const user = isRoot() ? await userIds("nobody") : null;
  const password = randomBytes(16).toString("hex");
  const passwordFile = path.join(root, "password");
  await writeFile(passwordFile, password, { mode: 0o600 });
  if (user !== null) {
    await chown(root, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  const dataDir = path.join(root, "data");
  const args = ["-D", dataDir, "-U", SUPERUSER, `--pwfile=${passwordFile}`, "--auth=scram-sha-256"];
  try {
    await run(path.join(binDir, "initdb"), [...args, "--encoding=UTF8", "--no-locale", "--no-sync"], {
      ...user,
      cwd: root,
      env: { ...process.env, LC_ALL: "C" },
    });
  } catch (error) {
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, { cause: error });
  }
  return { binDir, root, dataDir, user, password };
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run("id", ["-u", name])).stdout.trim());
  const gid = Number((await run("id", ["-g", name])).stdout.trim());
  return { uid, gid };
}

async function startServer(cluster: Cluster, port: number): Promise<PostgresServer | "port taken"> {
  const logFile = path.join(cluster.root, `postgres-${port}.log`);
  const log = await open(logFile, "w", 0o644);
  if (cluster.user !== null) await chown(logFile, cluster.user.uid, cluster.user.gid);
  // A test server: durability is worth nothing here, speed is.
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: cluster.root,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
  };
  const args = [
    "-D",
    cluster.dataDir,
    ...Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]),
  ];
  const child = spawn(path.join(cluster.binDir, "postgres"), args, {
    ...cluster.user,
    cwd: cluster.root,
    env: { ...process.env, LC_ALL: "C" },
    stdio: ["ignore", log.fd, log.fd],
  });
  await log.close();
  // If the tests end without stopping it, an immediate shutdown on the way out.
  const stopOnExit = (): void => void child.kill("SIGQUIT");
  process.once("exit", stopOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => process.removeListener("exit", stopOnExit));

  const url = `postgres://${SUPERUSER}:${cluster.password}@127.0.0.1:${port}/postgres`;
  while (!(await Promise.race([exited.then(() => false), connectable(url)]))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const output = await readFile(logFile, "utf8");
      if (/could not bind|Address already in use/.test(output)) return "port taken";
      throw new Error(`PostgreSQL exited while starting:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return runningServer(child, exited, cluster.root, url);
}

async function connectable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function runningServer(child: ChildProcess, exited: Promise<void>, root: string, url: string): PostgresServer {
  let databases = 0;
  return {
    url,
    async createDatabase() {
      const name = `test_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const databaseUrl = new URL(url);
      databaseUrl.pathname = `/${name}`;
      return databaseUrl.toString();
    },
    async stop() {
      child.kill("SIGINT");
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
