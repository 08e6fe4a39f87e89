'use client';
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Socket } from 'socket.io-client';
// Only types cross into the browser bundle.
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/realtime/types';

// The socket and its state, apart from the signed-in provider (realtime.tsx), so that the chat
// components and the widget do not pull the session client into their bundles.

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * off: signed out; connecting: first attempt; connected; reconnecting: lost, Socket.IO is retrying;
 * offline: the browser says there is no network (we stop trying until it returns);
 * disconnected: refused or closed by the server, no automatic retry.
 */
export type RealtimeState = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'disconnected';
export const StateContext = createContext<RealtimeState>('off');
export const useRealtimeState = () => useContext(StateContext);
/** For a page with a socket of its own (the widget): tells the chat components its state. */
export const RealtimeStateProvider = StateContext.Provider;

// The socket lives outside React state: it is created in an effect, and chat code subscribes to it
// (useSyncExternalStore) instead of the provider re-rendering the whole tree through setState.
let currentSocket: ChatSocket | null = null;
const socketListeners = new Set<() => void>();
export function setCurrentSocket(s: ChatSocket | null) {
  currentSocket = s;
  for (const l of socketListeners) l();
}
const subscribeSocket = (l: () => void) => {
  socketListeners.add(l);
  return () => socketListeners.delete(l);
};
/** The page's one Socket.IO connection, or null when signed out. Listen to `connect` for (re)connects. */
export const useSocket = (): ChatSocket | null =>
  useSyncExternalStore(
    subscribeSocket,
    () => currentSocket,
    () => null,
  );
