/**
 * Batches the lookups that resolvers make during one execution step: every `load` issued before the current
 * microtask ends goes to one `fetch`. graphql-js resolves the items of a list synchronously, so all the parents of a
 * nested field are fetched together, one SQL statement per level instead of one per parent. Results are cached for
 * the request.
 */
export class BatchLoader<V> {
  readonly #fetch: (keys: string[]) => ReadonlyMap<string, V>;
  readonly #missing: V;
  readonly #cache = new Map<string, Promise<V>>();
  #batch: { keys: Set<string>; result: Promise<ReadonlyMap<string, V>> } | undefined;

  /** `fetch` returns what it found; keys it leaves out resolve to `missing`. */
  constructor(fetch: (keys: string[]) => ReadonlyMap<string, V>, missing: V) {
    this.#fetch = fetch;
    this.#missing = missing;
  }

  load(key: string): Promise<V> {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    if (this.#batch === undefined) {
      const keys = new Set<string>();
      const result = Promise.resolve().then(() => {
        this.#batch = undefined;
        return this.#fetch([...keys]);
      });
      this.#batch = { keys, result };
    }
    this.#batch.keys.add(key);
    const value = this.#batch.result.then((found) => (found.has(key) ? (found.get(key) as V) : this.#missing));
    this.#cache.set(key, value);
    return value;
  }
}
