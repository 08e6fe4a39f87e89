/**
 * Concurrent callers with the same key share one run of `load` and its answer; the next caller
 * after it settled starts a new run. Nothing is kept once a run settles: this is not a cache.
 */
export class SharedRuns<V> {
  private readonly running = new Map<string, Promise<V>>();

  run(key: string, load: () => Promise<V>): Promise<V> {
    const running = this.running.get(key);
    if (running) return running;
    const p = load().finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }
}
