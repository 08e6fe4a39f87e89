'use client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { io } from 'socket.io-client';
import { refusalCode, retryRefusedHandshakes } from '../client/socket-retry';
import type { ChatSocket } from '../client/socket-store';
import { clientTransports } from '@/shared/socket-transports';

/** ended: the server refused or closed this session's socket (revoked, expired): a new session is needed. */
export type SocketState = 'connecting' | 'connected' | 'reconnecting' | 'ended';

/**
 * One Socket.IO connection for one widget session, authenticated with its bearer token (a
 * third-party frame gets no cookies). Created without connecting, so building it has no effect;
 * `start()`/`stop()` run in an effect.
 */
class VisitorConnection {
  readonly socket: ChatSocket;
  private state: SocketState = 'connecting';
  private everConnected = false;
  private retry: { cancel: () => void; stop: () => void };
  private subs = new Set<() => void>();

  constructor(token: string) {
    this.socket = io(window.location.origin, {
      path: '/socket.io',
      ...clientTransports(),
      auth: { token },
      autoConnect: false,
      // Its own connection, never shared with another session's (identify switches tokens).
      forceNew: true,
    });
    const s = this.socket;
    s.on('connect', () => {
      this.everConnected = true;
      this.set('connected');
    });
    s.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      // The server closes a socket on purpose only when its session ended (sweep, removal).
      this.set(reason === 'io server disconnect' ? 'ended' : 'reconnecting');
    });
    // Socket.IO retries transport errors itself; a refusal by the handshake (rate limit, restart)
    // is retried with a backoff, except UNAUTHORIZED: the session ended.
    this.retry = retryRefusedHandshakes(s, { onGiveUp: () => this.set('ended') });
    s.on('connect_error', (err) => {
      if (!s.active && refusalCode(err) === 'UNAUTHORIZED') return;
      this.set(this.everConnected ? 'reconnecting' : 'connecting');
    });
    s.on('session:revoked', () => this.set('ended'));
  }

  private set(state: SocketState) {
    if (this.state === 'ended' || this.state === state) return;
    this.state = state;
    for (const fn of this.subs) fn();
  }

  subscribe = (fn: () => void) => {
    this.subs.add(fn);
    return () => {
      this.subs.delete(fn);
    };
  };

  getState = () => this.state;

  start() {
    if (this.state !== 'ended') this.socket.connect();
  }

  stop() {
    this.retry.cancel();
    this.socket.disconnect();
  }
}

/** The session's socket (connected by an effect, closed on unmount) and its state. */
export function useVisitorSocket(token: string): { socket: ChatSocket; state: SocketState } {
  // The widget remounts everything below a session when its token changes (identify): one per token.
  const [conn] = useState(() => new VisitorConnection(token));
  useEffect(() => {
    conn.start();
    return () => conn.stop();
  }, [conn]);
  const state = useSyncExternalStore(conn.subscribe, conn.getState, conn.getState);
  return { socket: conn.socket, state };
}
