'use client';
import { useEffect, useMemo, useState } from 'react';
import type { ChatSocket } from '../client/socket-store';
import type { Member } from '../client/trpc';

export type PresenceStatus = Member['status'];
export interface Presence {
  status: PresenceStatus;
  text: string | null;
}

export const PRESENCE_WORDS: Record<PresenceStatus, string> = {
  online: 'online',
  away: 'away',
  dnd: 'do not disturb',
  offline: 'offline',
};

const EMPTY: ReadonlyMap<string, Presence> = new Map();

/**
 * Everyone's presence: what the member list said when it loaded, then each `presence` event the
 * workspace room hears (a status change, the last tab closing) on top.
 */
export function usePresence(socket: ChatSocket | null, members: readonly Member[]) {
  // Events heard since this member list loaded: a fresh list is newer than those heard before it.
  const [heard, setHeard] = useState<{ base: readonly Member[]; live: ReadonlyMap<string, Presence> }>({
    base: members,
    live: new Map(),
  });
  if (heard.base !== members) setHeard({ base: members, live: new Map() });
  const live = heard.base === members ? heard.live : EMPTY;
  useEffect(() => {
    if (!socket) return;
    const onPresence = (p: { userId: string; status: PresenceStatus; text: string | null }) =>
      setHeard((prev) => ({
        ...prev,
        live: new Map(prev.live).set(p.userId, { status: p.status, text: p.text }),
      }));
    socket.on('presence', onPresence);
    return () => {
      socket.off('presence', onPresence);
    };
  }, [socket]);
  return useMemo(() => {
    const listed = new Map(members.map((m) => [m.userId, { status: m.status, text: m.statusText }]));
    return (userId: string): Presence | undefined => live.get(userId) ?? listed.get(userId);
  }, [live, members]);
}
