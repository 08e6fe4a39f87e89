import type { RouterOutputs } from '../client/trpc';

/** The frame protocol of docs/widget.md: postMessage objects with `enclave: 1` and a `type`. */
export type Appearance = RouterOutputs['widget']['config']['appearance'];
export type Team = RouterOutputs['widget']['team'];
/** The host page's own scheme, which embed.js reads for the `host` theme. */
export type HostTheme = 'light' | 'dark';
export interface Subject {
  type: string;
  id: string;
}

/** Any host message may say which page the host is on (`page`: its URL), for the team's inbox. */
export type HostMessage = (
  | { type: 'init'; token: string | null; theme?: HostTheme }
  | { type: 'identify'; token: string }
  | { type: 'open'; subject?: Subject; title?: string }
  | { type: 'visibility'; open: boolean }
) & { page?: string };

export type FrameMessage =
  | { type: 'ready'; appearance: Appearance }
  | { type: 'error'; code: string; message: string }
  | { type: 'unread'; count: number }
  | {
      type: 'message';
      conversationId: string;
      messageId: string;
      authorId: string;
      authorName: string;
      text: string;
    }
  | { type: 'close' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A record `{ type, id }`; undefined when absent (the visitor's own conversation), null if malformed. */
function subjectOf(v: unknown): Subject | undefined | null {
  if (v === undefined || v === null) return undefined;
  return isRecord(v) && typeof v.type === 'string' && typeof v.id === 'string'
    ? { type: v.type, id: v.id }
    : null;
}

/** An http(s) URL of reasonable length, or undefined (a bad one is dropped, not the message). */
function pageOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= 2048 && /^https?:\/\/\S+$/i.test(v) ? v : undefined;
}

/** A host message in its documented shape, or null (malformed messages are ignored, not guessed at). */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (!isRecord(data) || data.enclave !== 1) return null;
  const msg = parseKnown(data);
  const page = pageOf(data.page);
  return msg && page ? { ...msg, page } : msg;
}

function parseKnown(data: Record<string, unknown>): HostMessage | null {
  switch (data.type) {
    case 'init':
      if (typeof data.token !== 'string' && data.token !== null) return null;
      // A theme we do not know is dropped, not the init.
      return data.theme === 'light' || data.theme === 'dark'
        ? { type: 'init', token: data.token, theme: data.theme }
        : { type: 'init', token: data.token };
    case 'identify':
      return typeof data.token === 'string' ? { type: 'identify', token: data.token } : null;
    case 'visibility':
      return typeof data.open === 'boolean' ? { type: 'visibility', open: data.open } : null;
    case 'open': {
      const subject = subjectOf(data.subject);
      if (subject === null) return null;
      const title = typeof data.title === 'string' ? data.title.trim().slice(0, 120) : '';
      return { type: 'open', ...(subject ? { subject } : {}), ...(title ? { title } : {}) };
    }
    default:
      return null;
  }
}

/** Messages that arrive before the allow-list is known; a host sends a handful at most. */
const MAX_PENDING = 32;

/**
 * The frame's side of the protocol. It accepts messages only from its parent window, at an origin
 * on the workspace's allow-list (the first accepted origin is then the only one), and replies only
 * to that origin. Messages that arrive before the allow-list is loaded wait for it, so an early
 * `init` is not lost.
 */
export class FrameBridge {
  private allowed: ReadonlySet<string> | null = null;
  private hostOrigin: string | null = null;
  private pending: { origin: string; data: unknown }[] = [];
  private onMessage: ((m: HostMessage, origin: string) => void) | null = null;
  private win: Window | null = null;

  /** Listens and tells the parent the frame is loaded; returns the function that stops listening. */
  start(win: Window, onMessage: (m: HostMessage, origin: string) => void): () => void {
    this.win = win;
    this.onMessage = onMessage;
    const listener = (e: MessageEvent) => {
      if (e.source !== win.parent || !isRecord(e.data) || e.data.enclave !== 1) return;
      if (this.allowed) this.accept(e.origin, e.data);
      else if (this.pending.length < MAX_PENDING) this.pending.push({ origin: e.origin, data: e.data });
    };
    win.addEventListener('message', listener);
    // `loaded` carries nothing, so it may go to any origin: the host answers with `init`.
    win.parent.postMessage({ enclave: 1, type: 'loaded' }, '*');
    return () => {
      win.removeEventListener('message', listener);
      this.onMessage = null;
    };
  }

  /** The workspace's allowed host origins: from now on messages are checked (queued ones first). */
  allow(origins: readonly string[]) {
    this.allowed = new Set(origins);
    const queued = this.pending;
    this.pending = [];
    for (const m of queued) this.accept(m.origin, m.data);
  }

  private accept(origin: string, data: unknown) {
    if (this.hostOrigin ? origin !== this.hostOrigin : !this.allowed?.has(origin)) return;
    const msg = parseHostMessage(data);
    if (!msg) return;
    this.hostOrigin = origin;
    this.onMessage?.(msg, origin);
  }

  /** Sends to the accepted host only; before one is known there is nobody to tell. */
  post(msg: FrameMessage) {
    if (!this.win || !this.hostOrigin) return;
    this.win.parent.postMessage({ enclave: 1, ...msg }, this.hostOrigin);
  }
}
