import type { ChatSocket } from '../client/socket-store';
import type { AckData } from '@/server/realtime/types';
import { withAck } from './socket-ack';

const ACK_TIMEOUT_MS = 10_000;
/** A room nobody shows any more is left after this, so quick back-and-forth navigation keeps it. */
const LEAVE_AFTER_MS = 2_000;

/**
 * Which conversation rooms this client wants (reference-counted: the sidebar's badges and the open
 * conversation may want the same one) and which it has joined on the current connection.
 */
export class Rooms {
  private wanted = new Map<string, number>();
  private leaveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private joins = new Map<string, Promise<boolean>>();

  constructor(
    private readonly workspaceId: string,
    private readonly socketOf: () => ChatSocket | null,
    /** Called when a room was left: nothing keeps that conversation current any more. */
    private readonly onLeft: (id: string) => void,
  ) {}

  isWanted = (id: string) => this.wanted.has(id);
  wantedIds = () => [...this.wanted.keys()];

  /** A new connection has joined nothing yet. */
  reset() {
    this.joins.clear();
  }

  /** Joins once per connection; resolves false when not connected or refused. */
  join(id: string): Promise<boolean> {
    const socket = this.socketOf();
    if (!socket?.connected) return Promise.resolve(false);
    const running = this.joins.get(id);
    if (running) return running;
    const p = withAck<AckData<'channel:join'>>(socket, ACK_TIMEOUT_MS, (ack) =>
      socket.emit('channel:join', { workspaceId: this.workspaceId, conversationId: id }, ack),
    ).then((r) => {
      if (r.kind === 'ok') return true;
      if (this.joins.get(id) === p) this.joins.delete(id);
      return false;
    });
    this.joins.set(id, p);
    return p;
  }

  /** Subscribes to a conversation's live events while something shows it; call the result to release. */
  want(id: string): () => void {
    const n = this.wanted.get(id) ?? 0;
    this.wanted.set(id, n + 1);
    const pendingLeave = this.leaveTimers.get(id);
    if (pendingLeave) {
      clearTimeout(pendingLeave);
      this.leaveTimers.delete(id);
    }
    if (n === 0) void this.join(id);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.wanted.get(id) ?? 1) - 1;
      if (left > 0) {
        this.wanted.set(id, left);
        return;
      }
      this.wanted.delete(id);
      this.leaveTimers.set(
        id,
        setTimeout(() => this.leave(id), LEAVE_AFTER_MS),
      );
    };
  }

  private leave(id: string) {
    this.leaveTimers.delete(id);
    if (this.wanted.has(id)) return;
    this.joins.delete(id);
    this.onLeft(id);
    const socket = this.socketOf();
    if (socket?.connected)
      socket.emit('channel:leave', { workspaceId: this.workspaceId, conversationId: id });
  }
}
