/**
 * A bounded cache of answers, each filed under the tags that invalidate it; the least recently used answer goes first
 * when it is full.
 */
export class TaggedCache<V> {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { value: V; tags: readonly string[] }>();
  readonly #keysByTag = new Map<string, Set<string>>();

  constructor(maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new RangeError("a cache holds at least one entry");
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, tags: readonly string[]): void {
    this.delete(key);
    this.#entries.set(key, { value, tags });
    for (const tag of tags) {
      let keys = this.#keysByTag.get(tag);
      if (keys === undefined) this.#keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.delete(oldest.value);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.#keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.#keysByTag.delete(tag);
    }
  }

  /** Drops every answer filed under `tag`. */
  invalidate(tag: string): void {
    const keys = this.#keysByTag.get(tag);
    if (keys === undefined) return;
    for (const key of [...keys]) this.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#keysByTag.clear();
  }
}
