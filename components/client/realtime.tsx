'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
// Only types cross into the browser bundle.
import type { ServerToClientEvents } from '@/server/realtime/types';
import { clientTransports } from '@/shared/socket-transports';
import { useSession } from './auth-client';
import { setCurrentSocket, StateContext, type ChatSocket, type RealtimeState } from './socket-store';
import { refusalCode, retryRefusedHandshakes } from './socket-retry';
import { trpc } from './trpc';

export { useRealtimeState, useSocket, type ChatSocket, type RealtimeState } from './socket-store';

type MemberUpdated = Parameters<ServerToClientEvents['member:updated']>[0];

/**
 * One Socket.IO connection per signed-in page (same origin, session cookie). It turns the server's
 * `session:revoked` and `member:updated` events into a banner and refreshes the cached queries.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { data: session, refetch: refetchSession } = useSession();
  const userId = session?.user.id;
  const sessionId = session?.session.id;
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const [banner, setBanner] = useState<string | null>(null);
  // Keyed by session, so a new session starts as 'connecting' without a reset inside the effect.
  const [conn, setConn] = useState<{ sessionId: string; state: RealtimeState } | null>(null);
  const state: RealtimeState = !sessionId ? 'off' : conn?.sessionId === sessionId ? conn.state : 'connecting';

  useEffect(() => {
    if (!userId || !sessionId) return;
    const socket: ChatSocket = io({ path: '/socket.io', withCredentials: true, ...clientTransports() });
    let everConnected = false;
    const set = (s: RealtimeState) => setConn({ sessionId, state: s });
    socket.on('connect', () => {
      everConnected = true;
      set('connected');
    });
    socket.on('disconnect', (reason) => {
      if (typeof navigator !== 'undefined' && !navigator.onLine) set('offline');
      // The server closed this socket on purpose (session ended): Socket.IO will not retry.
      else if (reason === 'io server disconnect' || reason === 'io client disconnect') set('disconnected');
      else set('reconnecting');
    });
    // Transport errors are retried by Socket.IO; refusals by the handshake (the database restarting)
    // with a backoff here; an UNAUTHORIZED refusal ends it (the session is gone).
    const retry = retryRefusedHandshakes(socket, { onGiveUp: () => set('disconnected') });
    socket.on('connect_error', (err) => {
      if (!socket.active && refusalCode(err) === 'UNAUTHORIZED') return;
      set(everConnected ? 'reconnecting' : 'connecting');
    });
    // Waiting for Socket.IO's heartbeat to notice a dead network takes up to a minute; the browser
    // knows at once. While offline nothing is sent (messages go to the outbox instead).
    const onOffline = () => {
      retry.cancel();
      socket.disconnect();
      set('offline');
    };
    const onOnline = () => {
      if (!socket.connected) {
        set('reconnecting');
        socket.connect();
      }
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    socket.on('session:revoked', () => {
      setBanner('You were signed out');
      queryClient.clear();
      // Re-reads the session: the pages then show their signed-out state and this effect ends.
      void refetchSession();
    });
    socket.on('member:updated', (p: MemberUpdated) => {
      if (p.userId === userId) {
        const name =
          utils.workspace.listMine.getData()?.find((w) => w.id === p.workspaceId)?.name ?? 'a workspace';
        if (p.reason === 'removed') setBanner(`You were removed from ${name}`);
        else if (p.reason === 'left') setBanner(`You left ${name}`);
        else if (p.reason === 'role_changed' && p.role) setBanner(`Your role changed to ${p.role}`);
      }
      void queryClient.invalidateQueries();
    });
    // A lockdown started, changed or ended: what is allowed changed, so every query asks again
    // (the workspace's pages follow its lockdown state).
    socket.on('workspace:lockdown', () => void queryClient.invalidateQueries());
    socket.on('quarantine', () => void queryClient.invalidateQueries());
    // For admins: a lockdown, a quarantine or repeated failed sign-ins, wherever they are in the app.
    socket.on('security:alert', (p) => {
      const name =
        utils.workspace.listMine.getData()?.find((w) => w.id === p.workspaceId)?.name ?? 'a workspace';
      setBanner(`Security alert in ${name}: ${p.message}`);
      void utils.admin.securityAnalytics.invalidate();
    });
    setCurrentSocket(socket);
    return () => {
      retry.stop();
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      setCurrentSocket(null);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [userId, sessionId, refetchSession, queryClient, utils]);

  return (
    <StateContext.Provider value={state}>
      {banner ? (
        <div role="alert" className="banner">
          <span>{banner}</span>
          <button type="button" onClick={() => setBanner(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {children}
    </StateContext.Provider>
  );
}
