'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useReducer, useState, useSyncExternalStore } from 'react';
import { FrameBridge, type FrameMessage, type HostMessage } from './frame-bridge';
import { hostReducer, initialHostState } from './host-state';
import { useWidgetConfig, useWidgetSession } from './use-widget-boot';
import { ConsentGate } from './ConsentGate';
import { VisitorChat } from './VisitorChat';
import { WidgetHeader } from './WidgetHeader';
import { WidgetProviders } from './WidgetProviders';
import { Connecting, Notice, SessionError } from './WidgetStatus';

// As the server accepts it (server/domain/widget/schemas.ts: workspaceHandle).
const HANDLE = /^[a-z0-9-]{2,64}$/i;
const noSubscribe = () => () => {};

/** The widget page: `/widget?workspace=<slug>`, shown by embed.js in an iframe on a host page. */
export function WidgetApp() {
  const params = useSearchParams();
  const workspace = params.get('workspace')?.trim() ?? '';
  // Rendered on the server as framed (the usual case); the browser knows.
  const framed = useSyncExternalStore(
    noSubscribe,
    () => window.parent !== window,
    () => true,
  );
  if (!framed) return <Notice>This chat opens inside a host page.</Notice>;
  if (!HANDLE.test(workspace)) return <Notice>Chat is not available here.</Notice>;
  // A pinned message's link (`&c=…&m=…`, see hrefOf) scrolls the conversation to it.
  const highlight = { conversationId: params.get('c'), messageId: params.get('m') };
  return <WidgetBoot key={workspace} workspace={workspace} highlight={highlight} />;
}

function WidgetBoot({
  workspace,
  highlight,
}: {
  workspace: string;
  highlight: { conversationId: string | null; messageId: string | null };
}) {
  const [bridge] = useState(() => new FrameBridge());
  const [host, dispatch] = useReducer(hostReducer, initialHostState);
  useEffect(
    () => bridge.start(window, (msg: HostMessage, origin: string) => dispatch({ msg, origin })),
    [bridge],
  );
  const post = useCallback((m: FrameMessage) => bridge.post(m), [bridge]);
  const close = useCallback(() => bridge.post({ type: 'close' }), [bridge]);
  // Keys typed in the frame never reach the host page: Escape closes the panel from here, unless a
  // menu, an edit or the thread pane used it first.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inThread = e.target instanceof Element && e.target.closest('.thread-pane');
      if (e.key === 'Escape' && !e.defaultPrevented && !inThread) close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [close]);

  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const configState = useWidgetConfig(workspace, attempt);
  const config = configState.status === 'ready' ? configState.config : null;
  useEffect(() => {
    if (config) bridge.allow(config.allowedOrigins);
  }, [bridge, config]);
  const theme = config?.appearance.theme;
  useEffect(() => {
    // `visitor` (and `host` before the host said): no attribute, prefers-color-scheme decides.
    const chosen = theme === 'light' || theme === 'dark' ? theme : theme === 'host' ? host.theme : null;
    const root = document.documentElement;
    if (chosen) root.dataset.theme = chosen;
    else delete root.dataset.theme;
  }, [theme, host.theme]);
  const session = useWidgetSession({ workspace, config, host, attempt, bridge });

  if (configState.status === 'missing') return <Notice>Chat is not available here.</Notice>;
  if (configState.status === 'error') return <SessionError code="SERVICE_UNAVAILABLE" onRetry={retry} />;
  if (!config) return <Connecting />;

  if (session.state.status === 'ready') {
    const s = session.state.session;
    return (
      // Everything below a session (cache, socket, chat engine) is its own: a new identity starts clean.
      <WidgetProviders key={s.token} token={s.token}>
        <ConsentGate
          workspaceId={s.workspaceId}
          privacy={config.privacy}
          appearance={config.appearance}
          onClose={close}
        >
          <VisitorChat
            workspace={workspace}
            session={s}
            appearance={config.appearance}
            visible={host.visible}
            openRequest={host.open}
            page={host.page}
            highlight={highlight}
            post={post}
            onClose={close}
            onLost={session.lost}
          />
        </ConsentGate>
      </WidgetProviders>
    );
  }
  return (
    <div className="widget">
      <WidgetHeader appearance={config.appearance} onClose={close} />
      {session.state.status === 'error' ? (
        <SessionError code={session.state.code} message={session.state.message} onRetry={retry} />
      ) : (
        <Connecting />
      )}
    </div>
  );
}
