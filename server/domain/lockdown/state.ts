import type { LockdownMode } from '../../../shared/lockdown';

/** The lockdown in force in a workspace: what the gate and the send path act on. */
export interface ActiveLockdown {
  id: string;
  mode: LockdownMode;
  reason: string;
  startedAt: Date;
  endsAt: Date;
}

/** A member's quarantine in force: they cannot use the workspace until it ends. */
export interface ActiveQuarantine {
  id: string;
  userId: string;
  reason: string;
  startedAt: Date;
  endsAt: Date;
  /** They read on and what they send waits for a moderator, instead of being refused everything. */
  holds: boolean;
}

/** What holds people back in a workspace now: its lockdown, and its members in quarantine. */
export interface Restrictions {
  lockdown: ActiveLockdown | null;
  quarantines: ActiveQuarantine[];
}

/** A workspace's restrictions, kept briefly on each node (they are asked for on every call). */
export interface RestrictionCache {
  current(workspaceId: string, load: () => Promise<Restrictions>): Promise<Restrictions>;
  /** A lockdown or quarantine started, changed or ended: read again (on every node; cluster/shared.ts). */
  forget(workspaceId: string): void;
}

/**
 * How long a node trusts what it read. Every change is also announced to every node at once; this
 * bounds how late a node that missed the announcement (Redis blipped) can be: under the 2 s that
 * a lockdown may take to reach every node.
 */
const TRUST_MS = 1_000;

export class MemoryRestrictionCache implements RestrictionCache {
  // The read itself is kept: calls that miss together (a reconnect storm) share one query.
  private readonly entries = new Map<string, { value: Promise<Restrictions>; at: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async current(workspaceId: string, load: () => Promise<Restrictions>): Promise<Restrictions> {
    const t = this.now();
    let entry = this.entries.get(workspaceId);
    let mine = false;
    if (!entry || t - entry.at > TRUST_MS) {
      const value = load();
      entry = { value, at: t };
      mine = true;
      this.entries.set(workspaceId, entry);
      // A failed read is not kept: the next call tries again.
      value.catch(() => {
        if (this.entries.get(workspaceId)?.value === value) this.entries.delete(workspaceId);
      });
    }
    let r: Restrictions;
    try {
      r = await entry.value;
    } catch (err) {
      // Someone else's read failed, in their transaction: this call reads in its own, so that
      // what it reports (an outage, say) is about its own connection.
      if (mine) throw err;
      r = await load();
    }
    // Each ends by itself at its end, whatever the cache holds.
    const now = this.now();
    const lockdown = r.lockdown && r.lockdown.endsAt.getTime() > now ? r.lockdown : null;
    const quarantines = r.quarantines.filter((q) => q.endsAt.getTime() > now);
    return lockdown === r.lockdown && quarantines.length === r.quarantines.length
      ? r
      : { lockdown, quarantines };
  }

  forget(workspaceId: string) {
    this.entries.delete(workspaceId);
  }
}
