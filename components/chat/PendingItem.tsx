'use client';
import { memo } from 'react';
import { Avatar } from '../ui/Avatar';
import { timeLabel } from './format';
import { Markdown, type NameOf } from './Markdown';
import { PendingFiles } from './MessageFiles';
import type { OutboxItem } from './outbox';

const STATUS: Record<OutboxItem['status'], string> = {
  queued: 'Waiting for the connection…',
  sending: 'Sending…',
  failed: 'Not sent',
};

/** A message from the outbox, shown in place until the server confirms it. */
export const PendingItem = memo(function PendingItem({
  item,
  current,
  authorId,
  author,
  authorColour,
  nameOf,
  online,
  onRetry,
  onDiscard,
}: {
  item: OutboxItem;
  /** The list's one tab stop (MessageList's roving focus): tabindex 0, the rest -1. */
  current?: boolean;
  /** The caller, for the avatar. */
  authorId: string;
  author: string;
  authorColour: string | null | undefined;
  nameOf: NameOf;
  online: boolean;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
}) {
  // A queued item with a reason is held back by the server (a rate limit), not by the connection.
  const status =
    item.status === 'queued' && item.error
      ? 'Waiting'
      : item.status === 'queued' && online
        ? 'Sending…'
        : STATUS[item.status];
  const headId = `pending-${item.clientMsgId}`;
  return (
    <article
      className={`msg msg-pending${item.status === 'failed' ? ' msg-failed' : ''}`}
      aria-labelledby={headId}
      tabIndex={current ? 0 : -1}
      data-client-msg-id={item.clientMsgId}
      data-status={item.status}
    >
      <div className="msg-gutter">
        <Avatar userId={authorId} name={author} colour={authorColour} />
      </div>
      <div className="msg-main">
        <div className="msg-head">
          <span className="msg-author" id={headId}>
            {author}
          </span>
          <time dateTime={item.createdAt}>{timeLabel(item.createdAt)}</time>
          <span className="msg-status" role={item.status === 'failed' ? 'alert' : undefined}>
            {status}
            {item.error ? `: ${item.error}` : ''}
          </span>
        </div>
        <Markdown text={item.body} nameOf={nameOf} />
        <PendingFiles files={item.files} />
        {item.status === 'failed' ? (
          <div className="row">
            <button type="button" onClick={() => onRetry(item.clientMsgId)}>
              Retry
            </button>
            <button type="button" className="secondary" onClick={() => onDiscard(item.clientMsgId)}>
              Discard
            </button>
          </div>
        ) : null}
      </div>
    </article>
  );
});
