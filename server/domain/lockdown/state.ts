import type { LockdownMode } from '../../../shared/lockdown';

/** The lockdown in force in a workspace: what the gate and the send path act on. */
export interface ActiveLockdown {
  id: string;
  mode: LockdownMode;
  reason: string;
  startedAt: Date;
  endsAt: Date;
}

/** The lockdown in force in a workspace, if any, kept briefly on each node (read on every call). */
export interface LockdownCache {
  current(workspaceId: string, load: () => Promise<ActiveLockdown | null>): Promise<ActiveLockdown | null>;
  /** A lockdown started, changed or ended: read it again (on every node; see cluster/shared.ts). */
  forget(workspaceId: string): void;
}

/**
 * How long a node trusts what it read. Every change is also announced to every node at once; this
 * bounds how late a node that missed the announcement (Redis blipped) can be: under the 2 s that
 * a lockdown may take to reach every node.
 */
const TRUST_MS = 1_000;

export class MemoryLockdownCache implements LockdownCache {
  // The read itself is kept: calls that miss together (a reconnect storm) share one query.
  private readonly entries = new Map<string, { value: Promise<ActiveLockdown | null>; at: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async current(workspaceId: string, load: () => Promise<ActiveLockdown | null>) {
    const t = this.now();
    let entry = this.entries.get(workspaceId);
    if (!entry || t - entry.at > TRUST_MS) {
      const value = load();
      entry = { value, at: t };
      this.entries.set(workspaceId, entry);
      // A failed read is not kept: the next call tries again.
      value.catch(() => {
        if (this.entries.get(workspaceId)?.value === value) this.entries.delete(workspaceId);
      });
    }
    const lock = await entry.value;
    // A lockdown ends by itself at endsAt, whatever the cache holds.
    return lock && lock.endsAt.getTime() > this.now() ? lock : null;
  }

  forget(workspaceId: string) {
    this.entries.delete(workspaceId);
  }
}
