import type { HostMessage, HostTheme, Subject } from './frame-bridge';

/** A conversation the host asked for; `seq` tells two identical requests apart. */
export interface OpenRequest {
  seq: number;
  subject?: Subject;
  title?: string;
}

/** What the host has told the frame so far. */
export interface HostState {
  /** The host page's origin (allow-listed); sessions are started for it. */
  origin: string | null;
  /** The identity to sign in with (null token: anonymous); a new `seq` asks for a new session. */
  auth: { seq: number; token: string | null } | null;
  /** Whether the panel is shown. */
  visible: boolean;
  open: OpenRequest | null;
  seq: number;
  /** The host page's URL as it last said (the team sees where a visitor wrote from). */
  page: string | null;
  /** The host page's scheme, from its init (used when the widget's theme is `host`). */
  theme: HostTheme | null;
}

export const initialHostState: HostState = {
  origin: null,
  auth: null,
  visible: false,
  open: null,
  seq: 0,
  page: null,
  theme: null,
};

export function hostReducer(s: HostState, a: { msg: HostMessage; origin: string }): HostState {
  const { msg } = a;
  const moved = s.origin === a.origin ? s : { ...s, origin: a.origin };
  const base = msg.page && msg.page !== moved.page ? { ...moved, page: msg.page } : moved;
  switch (msg.type) {
    case 'init':
    case 'identify': {
      const themed =
        msg.type === 'init' && msg.theme && msg.theme !== base.theme ? { ...base, theme: msg.theme } : base;
      // The same identity again (a repeated init) keeps the session it already has.
      if (s.auth?.token === msg.token) return themed;
      const seq = s.seq + 1;
      // A record opened for the previous identity may not be open to the next one.
      const open = msg.type === 'identify' ? null : s.open;
      return { ...themed, seq, auth: { seq, token: msg.token }, open };
    }
    case 'visibility':
      return msg.open === s.visible ? base : { ...base, visible: msg.open };
    case 'open': {
      const seq = s.seq + 1;
      return { ...base, seq, open: { seq, subject: msg.subject, title: msg.title } };
    }
  }
}
