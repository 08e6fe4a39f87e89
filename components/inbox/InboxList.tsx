'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { inboxHref, useListedActivity, type InboxFilter, type InboxItem } from './use-inbox';
import { waitedFor, waitedForLong } from './waiting';

export const FILTERS: { id: InboxFilter; label: string; empty: string }[] = [
  { id: 'mine', label: 'Mine', empty: 'Nothing is assigned to you. Take one from Unassigned.' },
  { id: 'unassigned', label: 'Unassigned', empty: 'Every open conversation has someone on it.' },
  { id: 'all', label: 'All open', empty: 'No open conversations: nobody is waiting.' },
  { id: 'snoozed', label: 'Snoozed', empty: 'No snoozed conversations.' },
  { id: 'closed', label: 'Closed', empty: 'No closed conversations yet.' },
];

/** Re-renders every 30 s so waiting times move on their own. */
function useNow() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function Item({ item, active, now, me }: { item: InboxItem; active: boolean; now: number; me: string }) {
  const { ws } = useWorkspace();
  const who = item.assignee ? (item.assignee.userId === me ? 'You' : item.assignee.name) : 'Unassigned';
  const record = item.subject.type === 'visitor' ? null : `${item.subject.type} ${item.subject.id}`;
  return (
    <li>
      <Link
        href={inboxHref(ws.slug, item.conversationId)}
        className={`inbox-item${active ? ' active' : ''}${item.unread > 0 ? ' has-unread' : ''}`}
        aria-current={active ? 'page' : undefined}
        data-inbox-id={item.conversationId}
      >
        <span className="inbox-item-top">
          <span className="inbox-visitor">{item.visitor.name}</span>
          {item.waitingSince ? (
            <span className="badge badge-waiting" title={waitedForLong(item.waitingSince, now)}>
              <span aria-hidden="true">{waitedFor(item.waitingSince, now)}</span>
              <span className="sr-only">{waitedForLong(item.waitingSince, now)}</span>
            </span>
          ) : null}
          {item.unread > 0 ? (
            <span className="badge">
              {item.unread}
              <span className="sr-only"> unread</span>
            </span>
          ) : null}
        </span>
        {record ? <span className="inbox-record">About {record}</span> : null}
        <span className="inbox-preview">
          {item.last ? `${item.last.fromVisitor ? '' : 'Team: '}${item.last.preview}` : 'No messages yet'}
        </span>
        <span className="inbox-meta">
          {who}
          {item.status === 'snoozed' && item.snoozedUntil
            ? ` · snoozed until ${new Date(item.snoozedUntil).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}`
            : item.status === 'closed'
              ? ' · closed'
              : ''}
        </span>
      </Link>
    </li>
  );
}

/** The filters with their counts and the conversations of the chosen one, longest wait first. */
export function InboxList({
  filter,
  onFilter,
  activeId,
}: {
  filter: InboxFilter;
  onFilter: (f: InboxFilter) => void;
  activeId: string | null;
}) {
  const { ws, user } = useWorkspace();
  const now = useNow();
  const list = trpc.inbox.list.useQuery({ workspaceId: ws.id, filter }, { refetchInterval: 60_000 });
  const counts = trpc.inbox.counts.useQuery({ workspaceId: ws.id });
  const items = list.data ?? [];
  useListedActivity(filter === 'closed' ? [] : items.map((i) => i.conversationId));
  const chosen = FILTERS.find((f) => f.id === filter) ?? FILTERS[2]!;
  return (
    <section className="inbox-list" aria-labelledby="inbox-title">
      <h2 id="inbox-title">Inbox</h2>
      <div role="group" aria-label="Show" className="inbox-filters">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            className="chip"
            aria-pressed={f.id === filter}
            onClick={() => onFilter(f.id)}
          >
            {f.label}
            {counts.data ? <span className="chip-count"> {counts.data[f.id]}</span> : null}
          </button>
        ))}
      </div>
      {list.isPending ? (
        <p role="status" className="muted inbox-empty">
          Loading conversations…
        </p>
      ) : !list.data && list.error ? (
        <FormError error={toShownError(list.error)} />
      ) : items.length === 0 ? (
        <p className="muted inbox-empty">{chosen.empty}</p>
      ) : (
        <ul className="inbox-items" aria-label={`${chosen.label} conversations`}>
          {items.map((i) => (
            <Item
              key={i.conversationId}
              item={i}
              active={i.conversationId === activeId}
              now={now}
              me={user.id}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
