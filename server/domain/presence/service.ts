import { logger } from '../../lib/logger';
import type { EventSink } from '../events';
import type { PresencePort, TenantRunner } from '../deps';
import { restrictionsNow } from '../lockdown/read';
import type { RestrictionCache } from '../lockdown/state';
import type { PresenceSetInput, PresenceView } from './schemas';
import { MemoryPresenceState, type PresenceState } from './store';

/**
 * Presence of the people connected to the deployment, over a state that is this process's memory
 * (one node) or shared (several). Broadcasts go to the workspaces the person belongs to now, read
 * when the change happens, so racing changes end on the latest; "last seen" is written as a
 * person's first socket comes and last one goes.
 */
export class Presence implements PresencePort {
  private readonly store: PresenceState;
  private readonly settling = new Set<NodeJS.Timeout>();

  /**
   * `graceMs`: how long a person whose last socket went stays "online" for the others. A reload,
   * a network blip or a node's restart brings them back within it, and then nobody hears anything:
   * a reconnect storm of N people costs no presence deliveries instead of N to each watcher.
   */
  constructor(
    private readonly deps: { events: EventSink; tenants: TenantRunner; restrictions: RestrictionCache },
    state?: (onChange: (view: PresenceView) => void) => PresenceState,
    private readonly graceMs = 0,
  ) {
    const onChange = (view: PresenceView) => void this.broadcast(view.userId, view);
    this.store = state ? state(onChange) : new MemoryPresenceState(onChange);
  }

  private async workspacesOf(userId: string): Promise<string[]> {
    const rows = await this.deps.tenants.person(userId, (tx) =>
      tx.member.findMany({ where: { userId }, select: { workspaceId: true } }),
    );
    return rows.map((r) => r.workspaceId);
  }

  private async broadcast(userId: string, view: PresenceView) {
    try {
      const all = await this.workspacesOf(userId);
      // Where they are in quarantine, nobody sees them come and go.
      const held = await Promise.all(
        all.map(async (ws) =>
          (await restrictionsNow(this.deps, ws)).quarantines.some((q) => q.userId === userId),
        ),
      );
      const workspaceIds = all.filter((_, i) => !held[i]);
      await this.deps.events.publish({ type: 'presence', ...view, workspaceIds });
    } catch (err) {
      logger.error({ err, userId }, 'presence broadcast failed');
    }
  }

  private async touchLastSeen(userId: string) {
    try {
      for (const ws of await this.workspacesOf(userId)) {
        await this.deps.tenants.personIn(ws, userId, (tx, workspaceId) =>
          tx.member.updateMany({ where: { workspaceId, userId }, data: { lastSeenAt: new Date() } }),
        );
      }
    } catch (err) {
      logger.error({ err, userId }, 'last seen not recorded');
    }
  }

  /** Reads degrade to "offline" while the shared state is unreachable, rather than failing the call. */
  async of(userIds: readonly string[]): Promise<Map<string, PresenceView>> {
    try {
      return await this.store.views(userIds);
    } catch (err) {
      logger.warn({ err }, 'presence unavailable');
      return new Map(userIds.map((userId) => [userId, { userId, status: 'offline' as const, text: null }]));
    }
  }

  async present(): Promise<string[]> {
    try {
      return await this.store.present();
    } catch (err) {
      logger.warn({ err }, 'presence unavailable: @here reaches nobody');
      return [];
    }
  }

  async set(userId: string, input: PresenceSetInput): Promise<PresenceView> {
    const view = await this.store.set(userId, input);
    await this.broadcast(userId, view);
    return view;
  }

  async connected(userId: string, socketId: string): Promise<void> {
    // With the shared state away (Redis down) the socket still serves; it is not counted.
    let view: PresenceView | null;
    try {
      view = await this.store.connect(userId, socketId);
    } catch (err) {
      return logger.warn({ err, userId }, 'presence unavailable: connection not counted');
    }
    if (view) {
      await this.broadcast(userId, view);
      await this.touchLastSeen(userId);
    }
  }

  async disconnected(userId: string, socketId: string, opts: { silent?: boolean } = {}): Promise<void> {
    let last: PresenceView | null;
    try {
      last = await this.store.disconnect(userId, socketId);
    } catch (err) {
      return logger.warn({ err, userId }, 'presence unavailable: disconnection not counted');
    }
    // On shutdown clients reconnect elsewhere at once; announcing them offline would only flicker.
    if (!last || opts.silent) return;
    if (this.graceMs === 0) return this.settle(userId, last);
    const t = setTimeout(() => {
      this.settling.delete(t);
      void this.settle(userId, last);
    }, this.graceMs);
    t.unref();
    this.settling.add(t);
  }

  private async settle(userId: string, view: PresenceView) {
    try {
      if (!(await this.store.settle(userId))) return;
    } catch (err) {
      return logger.warn({ err, userId }, 'presence not settled');
    }
    await this.broadcast(userId, view);
    await this.touchLastSeen(userId);
  }

  /** Forgets this node's sockets (the realtime server closed). */
  async reset(): Promise<void> {
    for (const t of this.settling) clearTimeout(t);
    this.settling.clear();
    await this.store.clear();
  }
}
