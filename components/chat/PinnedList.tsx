'use client';
import Link from 'next/link';
import { useState } from 'react';
import { trpc } from '../client/trpc';
import { useChat } from './ChatProvider';
import { timeLabel } from './format';
import { plainText } from './markdown';
import { unnamed } from '@/shared/erasure';

/** The conversation's pinned messages, fetched when opened; each links to its place. */
export function PinnedList({ conversationId }: { conversationId: string }) {
  const { workspaceId, nameOf, hrefOf } = useChat();
  const [open, setOpen] = useState(false);
  const pins = trpc.message.pins.useQuery(
    { workspaceId, conversationId },
    { enabled: open, staleTime: 0, refetchOnMount: 'always' },
  );
  return (
    <details className="pins" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Pinned</summary>
      <div className="pins-body">
        {!open ? null : pins.isPending ? (
          <p role="status" className="muted">
            Loading pinned messages…
          </p>
        ) : pins.error ? (
          <p role="alert" className="form-error">
            {pins.error.message}
          </p>
        ) : pins.data.length === 0 ? (
          <p className="muted">Nothing is pinned here.</p>
        ) : (
          <ul aria-label="Pinned messages">
            {pins.data.map((m) => (
              <li key={m.id}>
                <Link href={hrefOf(conversationId, m.id)}>
                  <strong>{m.authorId ? (nameOf(m.authorId) ?? unnamed(m.authorId)) : 'Someone'}</strong>{' '}
                  <span className="muted">{timeLabel(m.createdAt)}</span>{' '}
                  {m.body ? plainText(m.body, nameOf).slice(0, 140) : 'This message was deleted'}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
