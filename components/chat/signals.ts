import type { ChatSocket } from '../client/socket-store';
import type { AckData } from '@/server/realtime/types';
import { withAck } from './socket-ack';
import type { ReadState } from './types';

const ACK_TIMEOUT_MS = 10_000;
/** The server throttles typing broadcasts to one per 2 s; emitting every 3 s keeps the indicator on. */
const TYPING_EVERY_MS = 3_000;
/** Just over the server's per-person broadcast throttle (2 s). */
const TYPING_RETRY_MS = 2_100;
/** Read marks are batched: at most one per conversation per this interval. */
const READ_MARK_DELAY_MS = 250;

interface Typing {
  lastEmit: number;
  lastKey: number;
  timer: ReturnType<typeof setTimeout> | null;
}
interface ReadMark {
  sent: number;
  pending: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** The small, lossy signals a client sends while reading and writing: typing and read marks. */
export class Signals {
  private typingState = new Map<string, Typing>();
  private readMarks = new Map<string, ReadMark>();

  constructor(
    private readonly workspaceId: string,
    private readonly socketOf: () => ChatSocket | null,
    private readonly onReadState: (s: ReadState) => void,
  ) {}

  /** Call on every keystroke: emits `typing` at most every 3 s while the person keeps typing. */
  typing(conversationId: string) {
    let st = this.typingState.get(conversationId);
    if (!st) this.typingState.set(conversationId, (st = { lastEmit: 0, lastKey: 0, timer: null }));
    st.lastKey = Date.now();
    if (st.timer || st.lastKey - st.lastEmit < TYPING_EVERY_MS) return;
    void this.emitTyping(conversationId, st);
  }

  /** Sending ends the indicator elsewhere; the next keystroke starts it again at once. */
  sent(conversationId: string) {
    const st = this.typingState.get(conversationId);
    if (st?.timer) clearTimeout(st.timer);
    this.typingState.delete(conversationId);
  }

  private async emitTyping(conversationId: string, st: Typing) {
    const socket = this.socketOf();
    if (!socket?.connected) return;
    st.lastEmit = Date.now();
    const r = await withAck<AckData<'typing'>>(socket, ACK_TIMEOUT_MS, (ack) =>
      socket.emit('typing', { workspaceId: this.workspaceId, conversationId }, ack),
    );
    // The server broadcasts once per 2 s per person; one swallowed right after a send would leave
    // the others without an indicator, so try once more if the person is still typing.
    if (r.kind === 'ok' && !r.data.broadcast && !st.timer && this.typingState.get(conversationId) === st) {
      st.timer = setTimeout(() => {
        st.timer = null;
        if (Date.now() - st.lastKey < TYPING_EVERY_MS) void this.emitTyping(conversationId, st);
      }, TYPING_RETRY_MS);
    }
  }

  /** Marks the conversation read up to `seq` (batched; never backwards). */
  markRead(conversationId: string, seq: number) {
    let st = this.readMarks.get(conversationId);
    if (!st) this.readMarks.set(conversationId, (st = { sent: 0, pending: 0, timer: null }));
    if (seq <= Math.max(st.sent, st.pending)) return;
    st.pending = seq;
    if (st.timer) return;
    const mark = st;
    mark.timer = setTimeout(() => {
      mark.timer = null;
      void this.sendReadMark(conversationId);
    }, READ_MARK_DELAY_MS);
  }

  /** After a reconnect: the marks that could not be sent while offline. */
  resend() {
    for (const [id, r] of this.readMarks) if (r.pending > r.sent) void this.sendReadMark(id);
  }

  private async sendReadMark(conversationId: string) {
    const st = this.readMarks.get(conversationId);
    const socket = this.socketOf();
    if (!st || !socket?.connected || st.pending <= st.sent) return;
    const seq = st.pending;
    const r = await withAck<AckData<'read:mark'>>(socket, ACK_TIMEOUT_MS, (ack) =>
      socket.emit('read:mark', { workspaceId: this.workspaceId, conversationId, seq }, ack),
    );
    if (r.kind === 'ok') {
      st.sent = Math.max(st.sent, seq);
      this.onReadState(r.data);
    } else if (r.kind === 'error') {
      // Not a member (a public channel being browsed): there is no read mark to keep.
      st.sent = Math.max(st.sent, seq);
    }
  }
}
