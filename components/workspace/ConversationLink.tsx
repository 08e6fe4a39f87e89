'use client';
import Link from 'next/link';
import { usePresenceOf } from '@/components/chat/ChatProvider';
import { PRESENCE_WORDS } from '@/components/chat/use-presence';
import type { SidebarItem } from './use-conversations';

/** One conversation in the sidebar, with its unread and mention badges (hidden while it is open). */
export function ConversationLink({
  item,
  href,
  active,
}: {
  item: SidebarItem;
  href: string;
  active: boolean;
}) {
  return (
    <li>
      <Link
        href={href}
        className={`conv-link${active ? ' active' : ''}${item.unread > 0 && !active ? ' has-unread' : ''}`}
        aria-current={active ? 'page' : undefined}
        data-conv-id={item.id}
      >
        <span className="conv-prefix" aria-hidden="true">
          {item.prefix}
        </span>
        <span className="conv-name">{item.name}</span>
        {item.peerId ? <PeerPresence userId={item.peerId} /> : null}
        {!active && item.mentions > 0 ? (
          <span className="badge badge-mention" data-testid="mention-badge">
            @{item.mentions}
            <span className="sr-only"> {item.mentions === 1 ? 'mention' : 'mentions'}</span>
          </span>
        ) : null}
        {!active && item.awaitingReply && item.unread === 0 ? (
          <span className="badge badge-waiting" data-testid="waiting-badge">
            new<span className="sr-only">: a visitor is waiting for a reply</span>
          </span>
        ) : null}
        {!active && item.unread > 0 ? (
          <span className="badge" data-testid="unread-badge">
            {item.unread}
            <span className="sr-only"> unread</span>
          </span>
        ) : null}
      </Link>
    </li>
  );
}

/** The other person's presence in a direct message: a dot, and the word for screen readers. */
function PeerPresence({ userId }: { userId: string }) {
  const p = usePresenceOf()(userId);
  if (!p) return null;
  const words = PRESENCE_WORDS[p.status];
  return (
    <span className="peer-presence" title={p.text ? `${words}: ${p.text}` : words}>
      <span className={`presence-dot dot-${p.status}`} aria-hidden="true" />
      <span className="sr-only"> ({words})</span>
    </span>
  );
}
