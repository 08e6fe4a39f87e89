'use client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
import { useSession } from './auth-client';
import { trpc } from './trpc';

type MemberUpdated = {
  workspaceId: string;
  userId: string;
  role: string | null;
  reason: 'joined' | 'role_changed' | 'removed' | 'left';
};

export type RealtimeState = 'off' | 'connecting' | 'connected' | 'disconnected';
const StateContext = createContext<RealtimeState>('off');
export const useRealtimeState = () => useContext(StateContext);

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
    const socket = io({ path: '/socket.io', withCredentials: true });
    socket.on('connect', () => setConn({ sessionId, state: 'connected' }));
    socket.on('disconnect', () => setConn({ sessionId, state: 'disconnected' }));
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
    return () => {
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
