/** An in-memory AuthStore with the semantics the real stores promise (atomic single-use nonces, expiry on read). */
import type { AuthStore, StoredSession } from "../../../../src/vault/auth/context.ts";

export class MemoryAuthStore implements AuthStore {
  readonly nonces = new Map<string, Date>();
  readonly sessions = new Map<string, StoredSession>();
  readonly #clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  async consumeNonce(nonce: string, expiresAt: Date): Promise<boolean> {
    await Promise.resolve();
    if (this.nonces.has(nonce)) return false;
    this.nonces.set(nonce, expiresAt);
    return true;
  }

  async createSession(session: StoredSession): Promise<void> {
    await Promise.resolve();
    this.sessions.set(session.idHash, { ...session });
  }

  async getSession(idHash: string): Promise<StoredSession | null> {
    await Promise.resolve();
    const session = this.sessions.get(idHash);
    if (session === undefined || session.expiresAt.getTime() <= this.#clock()) return null;
    return { ...session };
  }

  async deleteSession(idHash: string): Promise<void> {
    await Promise.resolve();
    this.sessions.delete(idHash);
  }
}
