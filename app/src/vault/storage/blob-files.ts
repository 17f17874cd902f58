/**
 * Content-addressed files: the bytes of every document, once per SHA-256, at `<root>/<first two hex digits>/<sha256>`.
 *
 * A blob is written to a temporary file in its final directory, synced, renamed into place and the directory synced,
 * so a blob name only ever holds complete bytes, even after a crash or power loss. Temporary files and blobs no row
 * refers to are left behind by crashes; the store sweeps them when it opens.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

const FANOUT = /^[0-9a-f]{2}$/;
const BLOB_NAME = /^[0-9a-f]{64}$/;
const TEMPORARY_PREFIX = "tmp-";

export class BlobFiles {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  /** Opens (creating) the blob tree under `root`, whose parent must exist. */
  static async open(root: string): Promise<BlobFiles> {
    if (await createDirectory(root)) await syncDirectory(path.dirname(root));
    return new BlobFiles(root);
  }

  path(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Whether the blob is there with the expected size (a cheap guard, not a hash check). */
  async has(sha256: string, size: number): Promise<boolean> {
    try {
      return (await stat(this.path(sha256))).size === size;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Writes the blob atomically and durably, replacing whatever the name held. */
  async write(sha256: string, bytes: Uint8Array): Promise<void> {
    const directory = path.dirname(this.path(sha256));
    if (await createDirectory(directory)) await syncDirectory(this.root);
    const temporary = path.join(directory, `${TEMPORARY_PREFIX}${randomBytes(8).toString("hex")}`);
    try {
      const file = await open(temporary, "wx", 0o600);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.path(sha256));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(directory);
  }

  /** The blob's bytes, or null if there is no such blob. */
  async read(sha256: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.path(sha256));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  /**
   * Removes temporary files, and blobs no row refers to, as left behind by a crash. Only safe while nothing else writes
   * (the store runs it on open, holding the data directory alone). Other names are left alone. Returns how many went.
   */
  async sweep(isReferenced: (sha256: string) => boolean): Promise<number> {
    let removed = 0;
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !FANOUT.test(entry.name)) continue;
      const fanout = entry.name;
      const directory = path.join(this.root, fanout);
      for (const file of await readdir(directory)) {
        const orphan = BLOB_NAME.test(file) && file.startsWith(fanout) && !isReferenced(file);
        if (orphan || file.startsWith(TEMPORARY_PREFIX)) {
          await rm(path.join(directory, file), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}

/** Creates a directory readable by this user only; false if it already existed. */
async function createDirectory(directory: string): Promise<boolean> {
  try {
    await mkdir(directory, { mode: 0o700 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Makes a directory's entries (a rename, a new file) durable. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}
