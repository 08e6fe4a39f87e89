import { maxSeq, mergeMany } from './message-list';
import { convKey, threadKey, withMessages, type ChatStore } from './store';
import type { ChatApi, Message } from './types';

export const PAGE = 50;

export const errorText = (e: unknown) =>
  e instanceof Error && e.message ? e.message : 'Something went wrong';

/**
 * Paging through history the window does not hold yet: older messages, newer ones after a jump
 * (the window goes live when it reaches the end), and thread replies. The engine keeps the live tail.
 */
export class HistoryPages {
  constructor(
    private readonly workspaceId: string,
    private readonly api: ChatApi,
    private readonly store: ChatStore,
    private readonly tail: {
      /** A conversation's window reached its newest message: the engine catches it up and goes live. */
      reachedEnd: (conversationId: string, messages: readonly Message[]) => Promise<void>;
      /** A conversation's window ends before its newest message (a jump): nothing keeps it live. */
      leftEnd: (conversationId: string) => void;
    },
  ) {}

  /** Replaces a conversation's window with the latest messages (or those around one). */
  async loadWindow(id: string, around?: string): Promise<void> {
    const key = convKey(id);
    this.store.update(key, (s) => ({
      ...s,
      status: s.status === 'ready' ? 'ready' : 'loading',
      error: null,
    }));
    try {
      const page = await this.api.message.history.query({
        workspaceId: this.workspaceId,
        conversationId: id,
        limit: PAGE,
        ...(around ? { around } : {}),
      });
      this.store.update(key, (s) => ({
        ...s,
        status: 'ready',
        error: null,
        messages: page.messages,
        hasMoreBefore: page.hasMoreBefore,
        hasMoreAfter: page.hasMoreAfter,
        loadingOlder: false,
        loadingNewer: false,
        windowId: s.windowId + 1,
      }));
      if (page.hasMoreAfter) this.tail.leftEnd(id);
      else await this.tail.reachedEnd(id, page.messages);
    } catch (e) {
      this.store.update(key, (s) => ({
        ...s,
        status: s.status === 'ready' ? 'ready' : 'error',
        error: errorText(e),
      }));
    }
  }

  async loadOlder(key: string): Promise<void> {
    const s = this.store.list(key);
    const first = s.messages[0];
    if (s.status !== 'ready' || s.loadingOlder || !s.hasMoreBefore || !first) return;
    const windowId = s.windowId;
    this.store.update(key, (p) => ({ ...p, loadingOlder: true }));
    try {
      const page = await this.page(key, { before: first.seq });
      this.store.update(key, (p) =>
        p.windowId !== windowId
          ? p
          : {
              ...p,
              loadingOlder: false,
              error: null,
              hasMoreBefore: page.hasMoreBefore,
              messages: mergeMany(p.messages, page.messages),
            },
      );
    } catch (e) {
      this.store.update(key, (p) => ({ ...p, loadingOlder: false, error: errorText(e) }));
    }
  }

  /** After a jump: the next page towards the present; at the end the window goes live. */
  async loadNewer(key: string): Promise<void> {
    const s = this.store.list(key);
    const last = s.messages.at(-1);
    if (s.status !== 'ready' || s.loadingNewer || !s.hasMoreAfter || !last) return;
    const windowId = s.windowId;
    this.store.update(key, (p) => ({ ...p, loadingNewer: true }));
    try {
      const page = await this.page(key, { after: last.seq });
      let reachedEnd = false;
      this.store.update(key, (p) => {
        if (p.windowId !== windowId) return p;
        reachedEnd = !page.hasMoreAfter;
        return {
          ...p,
          loadingNewer: false,
          error: null,
          hasMoreAfter: page.hasMoreAfter,
          messages: mergeMany(p.messages, page.messages),
        };
      });
      if (reachedEnd && key.startsWith('c:'))
        await this.tail.reachedEnd(key.slice(2), this.store.list(key).messages);
    } catch (e) {
      this.store.update(key, (p) => ({ ...p, loadingNewer: false, error: errorText(e) }));
    }
  }

  private page(key: string, cursor: { before?: number; after?: number }) {
    const id = key.slice(2);
    return key.startsWith('t:')
      ? this.api.thread.replies.query({
          workspaceId: this.workspaceId,
          messageId: id,
          limit: PAGE,
          ...cursor,
        })
      : this.api.message.history.query({
          workspaceId: this.workspaceId,
          conversationId: id,
          limit: PAGE,
          ...cursor,
        });
  }

  /** Loads a thread's latest replies (kept current by the conversation's room afterwards). */
  async openThread(rootId: string): Promise<void> {
    const key = threadKey(rootId);
    if (this.store.list(key).status === 'ready') return;
    this.store.update(key, (s) => ({ ...s, status: 'loading', error: null }));
    try {
      const page = await this.page(key, {});
      this.store.update(key, (s) => ({
        ...s,
        status: 'ready',
        messages: mergeMany(s.messages, page.messages),
        hasMoreBefore: page.hasMoreBefore,
        hasMoreAfter: false,
        windowId: s.windowId + 1,
      }));
      // A reply committed while the page was on its way may have had its event before the list existed.
      const after = await this.page(key, { after: maxSeq(page.messages) });
      this.store.update(key, (s) => withMessages(s, mergeMany(s.messages, after.messages)));
    } catch (e) {
      this.store.update(key, (s) => ({ ...s, status: 'error', error: errorText(e) }));
    }
  }
}
