'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FrameBridge } from './frame-bridge';
import type { HostState } from './host-state';
import {
  errorCode,
  errorMessage,
  forgetIdentified,
  forgetStoredSession,
  startWidgetSession,
  widgetClient,
  type WidgetConfig,
  type WidgetSession,
} from './session';

export type ConfigState =
  | { status: 'loading' }
  | { status: 'ready'; config: WidgetConfig }
  /** Unknown workspace or widget turned off. */
  | { status: 'missing' }
  | { status: 'error' };

const LOADING: ConfigState = { status: 'loading' };

/** The workspace's public widget settings; `attempt` asks again. */
export function useWidgetConfig(workspace: string, attempt: number): ConfigState {
  const key = `${workspace}#${attempt}`;
  const [result, setResult] = useState<{ key: string; state: ConfigState } | null>(null);
  useEffect(() => {
    let live = true;
    widgetClient(null)
      .widget.config.query({ workspace })
      .then(
        (config) => {
          if (live) setResult({ key, state: { status: 'ready', config } });
        },
        (err: unknown) => {
          const code = errorCode(err);
          const missing = code === 'NOT_FOUND' || code === 'BAD_REQUEST';
          if (live) setResult({ key, state: { status: missing ? 'missing' : 'error' } });
        },
      );
    return () => {
      live = false;
    };
  }, [key, workspace]);
  // Keyed by request, so a retry shows as loading without a reset inside the effect.
  return result?.key === key ? result.state : LOADING;
}

export type SessionState =
  | { status: 'waiting' }
  | { status: 'ready'; session: WidgetSession }
  | { status: 'error'; code: string; message: string };

type Outcome = Exclude<SessionState, { status: 'waiting' }>;
const WAITING: SessionState = { status: 'waiting' };

/**
 * The widget session for the identity the host sent, once the config and the host's origin are
 * known. Tells the host `ready` or `error`. `lost()` ends it when the server does (revoked, expired).
 */
export function useWidgetSession(args: {
  workspace: string;
  config: WidgetConfig | null;
  host: HostState;
  attempt: number;
  bridge: FrameBridge;
}): { state: SessionState; lost: () => void } {
  const { workspace, config, bridge, attempt } = args;
  const { origin, auth } = args.host;
  const key = config && origin && auth ? `${auth.seq}#${attempt}` : null;
  const [result, setResult] = useState<{ key: string; outcome: Outcome } | null>(null);
  // React's development double effects would otherwise start two sessions (two anonymous visitors).
  const inflight = useRef(new Map<string, Promise<WidgetSession>>());

  useEffect(() => {
    if (!key || !config || !origin || !auth) return;
    let live = true;
    const ask = JSON.stringify([origin, auth.token, attempt]);
    let p = inflight.current.get(ask);
    if (!p) {
      const started = startWidgetSession({
        workspace,
        workspaceId: config.workspaceId,
        hostOrigin: origin,
        token: auth.token,
      });
      const done = () => void inflight.current.delete(ask);
      started.then(done, done);
      inflight.current.set(ask, started);
      p = started;
    }
    p.then(
      (session) => {
        if (!live) return;
        bridge.post({ type: 'ready', appearance: config.appearance });
        setResult({ key, outcome: { status: 'ready', session } });
      },
      (err: unknown) => {
        if (!live) return;
        const code = errorCode(err);
        const message = errorMessage(err);
        bridge.post({ type: 'error', code, message });
        setResult({ key, outcome: { status: 'error', code, message } });
      },
    );
    return () => {
      live = false;
    };
  }, [key, workspace, config, origin, auth, attempt, bridge]);

  const state: SessionState = key && result?.key === key ? result.outcome : WAITING;
  const anonymous = state.status === 'ready' && state.session.visitor.anonymous;
  const lost = useCallback(() => {
    if (!key) return;
    // A stored session the server no longer knows is of no use on the next load either.
    if (anonymous) forgetStoredSession(workspace);
    else forgetIdentified(workspace);
    const message = 'Your chat session has ended.';
    bridge.post({ type: 'error', code: 'UNAUTHORIZED', message });
    setResult({ key, outcome: { status: 'error', code: 'UNAUTHORIZED', message } });
  }, [key, anonymous, workspace, bridge]);
  return { state, lost };
}
