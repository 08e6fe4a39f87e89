import type { ChatSocket } from '../client/socket-store';
import type { ServerToClientEvents } from '@/server/realtime/types';
import { withFile } from './message-files';
import { convKey, withMessages, type ChatStore } from './store';
import type { ChatApi, ChatFile } from './types';
import type { UploadLimits } from './upload-queue';

const LIMITS_TTL_MS = 60_000;

/**
 * The files side of the chat engine: `file:updated` events (a scan's verdict, a thumbnail) applied
 * to the messages held in the store and told to the composer's uploads; the upload limits; and
 * removing an upload that will not be sent.
 */
export class LiveFiles {
  private listeners = new Set<(f: ChatFile) => void>();
  private limitsOnce: Promise<UploadLimits | null> | null = null;
  private limitsAt = 0;

  constructor(
    private readonly workspaceId: string,
    private readonly api: ChatApi,
    private readonly store: ChatStore,
  ) {}

  /** Listens to the socket's `file:updated`; call the result to stop. */
  bind(socket: ChatSocket): () => void {
    const onFile: ServerToClientEvents['file:updated'] = (p) => {
      if (p.workspaceId !== this.workspaceId) return;
      const { workspaceId: _ws, ...file } = p;
      this.apply(file);
    };
    socket.on('file:updated', onFile);
    return () => {
      socket.off('file:updated', onFile);
    };
  }

  /** A newer state of a file: on its message wherever it is held (the conversation, any thread). */
  apply(file: ChatFile) {
    if (file.messageId) {
      const keys = [convKey(file.conversationId), ...this.store.listKeys().filter((k) => k.startsWith('t:'))];
      for (const key of keys) this.store.update(key, (s) => withMessages(s, withFile(s.messages, file)));
    }
    for (const fn of this.listeners) fn(file);
  }

  /** Hears every file update (the composer's chips follow their uploads' scans). */
  onFile(fn: (f: ChatFile) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /**
   * Asks for a file's state again: the fallback for an event missed while the socket was away (a
   * sync brings messages and their changes, but a scan does not change its message).
   */
  async refresh(fileId: string): Promise<void> {
    try {
      this.apply(await this.api.attachment.get.query({ workspaceId: this.workspaceId, fileId }));
    } catch {
      // Gone or unreachable: the next event, visit or refresh tells.
    }
  }

  /**
   * The largest file and the kinds the workspace takes, read again after a minute (an admin may
   * change them); null when they cannot be read: the server decides anyway.
   */
  limits(): Promise<UploadLimits | null> {
    if (Date.now() - this.limitsAt > LIMITS_TTL_MS) this.limitsOnce = null;
    if (!this.limitsOnce) this.limitsAt = Date.now();
    this.limitsOnce ??= this.api.attachment.limits.query({ workspaceId: this.workspaceId }).catch(() => {
      this.limitsOnce = null;
      return null;
    });
    return this.limitsOnce;
  }

  /** Removes an upload not sent (its chip's ✕); a failure leaves it to the server's daily sweep. */
  async remove(fileId: string): Promise<void> {
    await this.api.attachment.remove.mutate({ workspaceId: this.workspaceId, fileId }).catch(() => undefined);
  }
}
