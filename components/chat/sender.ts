import type { ChatSocket } from '../client/socket-store';
import type { AckData } from '@/server/realtime/types';
import type { Outbox } from './outbox';
import { withAck } from './socket-ack';
import type { Message } from './types';

const ACK_TIMEOUT_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the outbox: one message at a time, in order, each awaiting its ack, always with the item's
 * own clientMsgId (a retry after a lost ack returns the stored original). An item leaves the outbox
 * only with the ack; a lost connection or a refusal for a while (TOO_MANY_REQUESTS, UNAVAILABLE)
 * puts it back in the queue, a message the workspace holds for review (HELD) leaves it with a
 * notice, and any other refusal or a missing ack marks it failed for the person to retry or discard.
 */
export class Sender {
  private running = false;
  private again = false;

  constructor(
    private readonly workspaceId: string,
    private readonly outbox: Outbox,
    private readonly socketOf: () => ChatSocket | null,
    private readonly onStored: (m: Message, notice: string | null, parentId: string | null) => void,
    /** The workspace holds the message for a moderator: it is kept there, so it leaves the outbox. */
    private readonly onHeld: (
      where: { conversationId: string; parentId: string | null },
      text: string,
    ) => void,
  ) {}

  async flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      const socket = this.socketOf();
      if (!socket?.connected) return;
      const item = this.outbox.all().find((i) => i.status === 'queued');
      if (!item) return;
      const id = item.clientMsgId;
      this.outbox.update(id, { status: 'sending', error: null });
      const r = await withAck<AckData<'message:send'>>(socket, ACK_TIMEOUT_MS, (ack) =>
        socket.emit(
          'message:send',
          {
            workspaceId: this.workspaceId,
            conversationId: item.conversationId,
            clientMsgId: id,
            body: item.body,
            ...(item.parentId ? { parentId: item.parentId } : {}),
            // The same uploads on every retry: the server attaches them once, with the message.
            ...(item.files.length ? { fileIds: item.files.map((f) => f.id) } : {}),
          },
          ack,
        ),
      );
      if (r.kind === 'ok') {
        this.onStored(r.data.message, r.data.notice, item.parentId);
        this.outbox.remove(id);
      } else if (r.kind === 'disconnected' || (r.kind === 'timeout' && !socket.connected)) {
        this.outbox.update(id, { status: 'queued' });
        return;
      } else if (r.kind === 'timeout') {
        this.outbox.update(id, { status: 'failed', error: 'Not confirmed by the server' });
      } else if (r.error.code === 'TOO_MANY_REQUESTS' || r.error.code === 'UNAVAILABLE') {
        // Refused for a while (a spent budget, a database restart, a server that is draining): the
        // same send again after the time given, in order; on a new connection if this one goes.
        // A spent budget is the person's to know (the server says how long); an outage is not.
        const why = r.error.code === 'TOO_MANY_REQUESTS' ? r.error.message : null;
        this.outbox.update(id, { status: 'queued', error: why });
        await sleep(Math.min(60, r.error.retryAfterSeconds ?? 2) * 1000);
      } else if (r.error.code === 'HELD') {
        this.outbox.remove(id);
        this.onHeld({ conversationId: item.conversationId, parentId: item.parentId }, r.error.message);
      } else {
        this.outbox.update(id, { status: 'failed', error: r.error.message });
      }
    }
  }
}
