'use client';
import { useEffect, useId, useState } from 'react';
import { useRealtimeState, useSocket } from '@/components/client/realtime';
import type { ServerToClientEvents } from '@/components/chat/types';
import { useWorkspace } from './workspace-context';

type Status = 'online' | 'away' | 'dnd' | 'offline';
const LABEL: Record<Status, string> = {
  online: 'Online',
  away: 'Away',
  dnd: 'Do not disturb',
  offline: 'Offline',
};

/** The signed-in user's presence dot (offline while the socket is down) and a status picker. */
export function MeStatus() {
  const { user } = useWorkspace();
  const socket = useSocket();
  const live = useRealtimeState();
  const [chosen, setChosen] = useState<Status>('online');
  const id = useId();
  useEffect(() => {
    if (!socket) return;
    const onPresence: ServerToClientEvents['presence'] = (p) => {
      if (p.userId === user.id && p.status !== 'offline') setChosen(p.status);
    };
    socket.on('presence', onPresence);
    return () => {
      socket.off('presence', onPresence);
    };
  }, [socket, user.id]);
  const status: Status = live === 'connected' ? chosen : 'offline';
  return (
    <div className="me-status">
      <span className={`presence presence-${status}`} data-testid="my-presence" data-status={status}>
        <span className="sr-only">{LABEL[status]}</span>
      </span>
      <span className="me-name">{user.name}</span>
      <label htmlFor={id} className="sr-only">
        Your status
      </label>
      <select
        id={id}
        className="status-select"
        value={chosen}
        disabled={live !== 'connected'}
        onChange={(e) => {
          const next = e.target.value as Exclude<Status, 'offline'>;
          setChosen(next);
          socket?.emit('presence:set', { status: next });
        }}
      >
        <option value="online">Online</option>
        <option value="away">Away</option>
        <option value="dnd">Do not disturb</option>
      </select>
    </div>
  );
}
