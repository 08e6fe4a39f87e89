import { logger } from '../../lib/logger';
import type { EventSink } from '../events';
import type { PresencePort, TenantRunner } from '../deps';
import type { PresenceSetInput, PresenceView } from './schemas';
import { PresenceStore } from './store';

/**
 * Presence of the people connected to this process (one node; a shared store replaces the memory
 * one when realtime scales out). Broadcasts go to the workspaces the person belongs to now, read
 * when the change happens, so racing changes end on the latest; "last seen" is written as a
 * person's first socket comes and last one goes.
 */
export class Presence implements PresencePort {
  private readonly store = new PresenceStore((view) => void this.broadcast(view.userId));

  constructor(private readonly deps: { events: EventSink; tenants: TenantRunner }) {}

  private async workspacesOf(userId: string): Promise<string[]> {
    const rows = await this.deps.tenants.person(userId, (tx) =>
      tx.member.findMany({ where: { userId }, select: { workspaceId: true } }),
    );
    return rows.map((r) => r.workspaceId);
  }

  private async broadcast(userId: string) {
    try {
      const workspaceIds = await this.workspacesOf(userId);
      await this.deps.events.publish({ type: 'presence', ...this.store.view(userId), workspaceIds });
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

  of = (userId: string): PresenceView => this.store.view(userId);
  present = (): string[] => this.store.present();

  async set(userId: string, input: PresenceSetInput): Promise<PresenceView> {
    const view = this.store.set(userId, input);
    await this.broadcast(userId);
    return view;
  }

  async connected(userId: string, socketId: string): Promise<void> {
    if (this.store.connect(userId, socketId)) {
      await this.broadcast(userId);
      await this.touchLastSeen(userId);
    }
  }

  async disconnected(userId: string, socketId: string, opts: { silent?: boolean } = {}): Promise<void> {
    const last = this.store.disconnect(userId, socketId);
    // On shutdown clients reconnect elsewhere at once; announcing them offline would only flicker.
    if (last && !opts.silent) {
      await this.broadcast(userId);
      await this.touchLastSeen(userId);
    }
  }

  /** Forgets everything (the realtime server closed). */
  reset() {
    this.store.clear();
  }
}
