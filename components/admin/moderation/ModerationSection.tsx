'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { useRealtimeState, useSocket } from '@/components/client/realtime';
import type { ServerToClientEvents } from '@/server/realtime/types';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { useAdmin } from '../admin-context';
import { QueryState } from '../QueryState';
import { ReviewCard } from './ReviewCard';
import type { Decided } from './types';
import { decidedNote } from './words';
import './moderation.css';

type Tab = 'open' | 'decided';

/** Changes arrive over the socket (moderation:updated); this catches up while it is down. */
const REFRESH_MS = 60_000;

const EMPTY: Record<Tab, string> = {
  open: 'Nothing to review. Flagged and reported messages show here.',
  decided: 'Nothing decided yet. Reviews show here once a moderator decides on them.',
};
const HEADING: Record<Tab, string> = { open: 'Open reviews', decided: 'Decided reviews' };

/**
 * The console's Moderation page: messages the policy flagged, whose threat score crossed the
 * threshold, or that people reported; moderators approve, delete, warn or quarantine.
 */
export function ModerationSection() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [tab, setTab] = useState<Tab>('open');
  const [done, setDone] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const poll = { refetchInterval: REFRESH_MS, staleTime: 0 };
  const open = trpc.moderation.queue.useQuery({ workspaceId: ws.id, status: 'open' }, poll);
  const decided = trpc.moderation.queue.useQuery(
    { workspaceId: ws.id, status: 'decided' },
    { ...poll, enabled: tab === 'decided' },
  );
  const shown = tab === 'open' ? open : decided;
  const socket = useSocket();
  const live = useRealtimeState();
  useEffect(() => {
    if (!socket) return;
    const onChange: ServerToClientEvents['moderation:updated'] = (p) => {
      if (p.workspaceId === ws.id) void utils.moderation.queue.invalidate({ workspaceId: ws.id });
    };
    socket.on('moderation:updated', onChange);
    return () => {
      socket.off('moderation:updated', onChange);
    };
  }, [socket, utils, ws.id]);
  // What changed while the socket was down is read once it is back.
  useEffect(() => {
    if (live === 'connected') void utils.moderation.queue.invalidate({ workspaceId: ws.id });
  }, [live, utils, ws.id]);
  // Mentions in a message name people as the chat does.
  const members = trpc.member.list.useQuery({ workspaceId: ws.id, includeVisitors: true });
  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.name])), [members.data]);

  const onDecided = useCallback(
    (r: Decided) => {
      setDone(decidedNote(r.review.status, r.notified));
      // The card leaves the list: focus goes to the list's heading rather than to nowhere.
      heading.current?.focus();
      void utils.moderation.queue.invalidate({ workspaceId: ws.id });
    },
    [utils, ws.id],
  );
  const choose = (t: Tab) => {
    setTab(t);
    setDone(null);
  };

  return (
    <>
      <p className="muted moderation-about">
        Messages the security policy flagged, whose threat score crossed the threshold, or that people
        reported. Whoever reported a message is told what you decided; a warning goes to its author.
      </p>
      <div role="group" aria-label="Show" className="moderation-tabs">
        <button
          type="button"
          className="moderation-tab"
          aria-pressed={tab === 'open'}
          onClick={() => choose('open')}
        >
          Open
          {open.data ? <span className="moderation-tab-count"> {open.data.open}</span> : null}
        </button>
        <button
          type="button"
          className="moderation-tab"
          aria-pressed={tab === 'decided'}
          onClick={() => choose('decided')}
        >
          Decided
        </button>
      </div>
      <h2 ref={heading} id="moderation-list-h" tabIndex={-1} className="moderation-list-h">
        {HEADING[tab]}
      </h2>
      <p role="status" className="ok">
        {done}
      </p>
      {/* A failed refetch keeps the list on the page, with the problem above it. */}
      {shown.data && shown.error ? <FormError error={toShownError(shown.error)} /> : null}
      <QueryState
        query={{ ...shown, error: shown.data ? null : shown.error }}
        what="the review queue"
        empty={EMPTY[tab]}
        isEmpty={(d) => d.items.length === 0}
      >
        {(d) => (
          <ul className="review-list" aria-labelledby="moderation-list-h">
            {d.items.map((item) => (
              <ReviewCard key={item.id} item={item} names={names} onDecided={onDecided} />
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
