'use client';
import { useSyncExternalStore } from 'react';
import { useRealtimeState } from '../client/socket-store';
import { useChat } from './ChatProvider';

const TEXT = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'You are offline.',
  disconnected: 'Disconnected from the server. Reload the page to reconnect.',
} as const;

/** The connection state, and how many messages wait in the outbox, when anything is not normal. */
export function ConnectionBanner() {
  const state = useRealtimeState();
  const { engine } = useChat();
  const outbox = useSyncExternalStore(engine.outbox.subscribe, engine.outbox.all, engine.outbox.all);
  const waiting = outbox.filter((i) => i.status !== 'failed').length;
  const show = state !== 'connected' && state !== 'off';
  return (
    <div
      className={`conn-banner${show ? ` conn-${state}` : ' conn-hidden'}`}
      role="status"
      data-testid="connection-banner"
      data-state={state}
    >
      {show ? (
        <>
          {TEXT[state]}
          {waiting > 0
            ? ` ${waiting} ${waiting === 1 ? 'message waits' : 'messages wait'} to be sent.`
            : state === 'offline' || state === 'reconnecting'
              ? ' Messages you write are kept and sent when the connection returns.'
              : ''}
        </>
      ) : null}
    </div>
  );
}
