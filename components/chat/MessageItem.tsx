'use client';
import { membershipLine } from '@/shared/membership-events';
import { memo, type ReactNode } from 'react';
import { Avatar } from '../ui/Avatar';
import { usePresenceOf } from './ChatProvider';
import { EditForm } from './EditForm';
import { changeLabel, changeTitle, EditHistory } from './EditHistory';
import { dayLabel, fullLabel, sameDay, timeLabel } from './format';
import { Markdown, type NameOf } from './Markdown';
import { MessageActions } from './MessageActions';
import { MessageFiles } from './MessageFiles';
import { Reactions } from './Reactions';
import type { Message } from './types';
import { unnamed } from '@/shared/erasure';

export interface MessageItemProps {
  m: Message;
  /** The message above it, for the day separator. */
  prev: Message | undefined;
  /** A widget visitor's view: customers do not pin. */
  noPins?: boolean;
  /** A widget visitor's view: "(edited)" is a plain note; the earlier versions are for staff. */
  noHistory?: boolean;
  /** Continues the author's run (message-list.ts `continuesRun`): text only, name for screen readers. */
  grouped?: boolean;
  /** The first message the caller had not read when the conversation opened: the "New" line above it. */
  unreadLine?: boolean;
  me: string;
  nameOf: NameOf;
  /** The avatar colour an author chose (ChatProvider's `colourOf`). */
  colourOf: (userId: string) => string | null | undefined;
  /** May post, react and pin here (a member of a conversation that is not archived). */
  canWrite: boolean;
  /** May delete others' messages. */
  canModerate: boolean;
  highlighted: boolean;
  /** The list's one tab stop (MessageList's roving focus): tabindex 0, the rest -1. */
  current?: boolean;
  editing: boolean;
  /** Thread summary and reply action; absent inside the thread pane. */
  onOpenThread?: (m: Message) => void;
  onStartEdit: (m: Message) => void;
  onEndEdit: () => void;
  onReact: (m: Message, emoji: string) => void;
  onDelete: (m: Message) => void;
  onPin: (m: Message) => void;
  /** Opens the report dialog; absent where nobody may report (the widget). */
  onReport?: (m: Message) => void;
  /** Opens the correction dialog; only for admins (`message.correct`), on others' messages. */
  onCorrect?: (m: Message) => void;
  onSaveEdit: (m: Message, body: string) => Promise<void>;
  /** Read receipts, on the caller's latest message only. */
  receipt?: ReactNode;
}

/** Above the first unread message; stays put while the conversation is open. */
function UnreadLine() {
  return (
    <div className="unread-line" role="separator" aria-label="New messages" data-testid="unread-line">
      <span aria-hidden="true">New</span>
    </div>
  );
}

/** The day a run of messages starts, inside the first one's article (a feed holds only articles). */
export function DaySeparator({ iso }: { iso: string }) {
  return (
    <div className="day-sep">
      <span>{dayLabel(iso)}</span>
    </div>
  );
}

export const MessageItem = memo(function MessageItem(p: MessageItemProps) {
  if (p.m.event) return <SystemItem {...p} event={p.m.event} />;
  return <WrittenItem {...p} />;
});

/** A system message: one muted line in the feed ("Ann added Bob"), no actions. */
function SystemItem(p: MessageItemProps & { event: NonNullable<MessageItemProps['m']['event']> }) {
  const { m, nameOf } = p;
  const name = (id: string | null) => (id ? (nameOf(id) ?? unnamed(id)) : 'Someone');
  const headId = `msg-${m.id}-author`;
  return (
    <article
      className={`msg msg-system${p.highlighted ? ' msg-highlight' : ''}`}
      aria-labelledby={headId}
      tabIndex={p.current ? 0 : -1}
      data-message-id={m.id}
      data-seq={m.seq}
    >
      {!p.prev || !sameDay(p.prev.createdAt, m.createdAt) ? <DaySeparator iso={m.createdAt} /> : null}
      {p.unreadLine ? <UnreadLine /> : null}
      <p className="msg-system-line">
        <span id={headId}>{membershipLine(p.event, m.authorId, name)}</span>{' '}
        <time dateTime={m.createdAt} title={fullLabel(m.createdAt)}>
          {timeLabel(m.createdAt)}
        </time>
      </p>
    </article>
  );
}

const WrittenItem = function WrittenItem(p: MessageItemProps) {
  const { m, me, nameOf } = p;
  const presenceOf = usePresenceOf();
  const deleted = m.deletedAt !== null;
  const mine = m.authorId === me;
  // The current text is an admin's correction (until the author edits it again).
  const corrected = Boolean(m.correctedAt);
  const author = m.authorId ? (nameOf(m.authorId) ?? unnamed(m.authorId)) : 'Someone';
  const headId = `msg-${m.id}-author`;
  const grouped = p.grouped === true;
  return (
    <article
      className={`msg${grouped ? ' msg-cont' : ''}${p.highlighted ? ' msg-highlight' : ''}${deleted ? ' msg-deleted' : ''}`}
      aria-labelledby={headId}
      tabIndex={p.current ? 0 : -1}
      data-message-id={m.id}
      data-seq={m.seq}
    >
      {!p.prev || !sameDay(p.prev.createdAt, m.createdAt) ? <DaySeparator iso={m.createdAt} /> : null}
      {p.unreadLine ? <UnreadLine /> : null}
      <div className="msg-gutter">
        {grouped ? null : (
          <Avatar
            userId={m.authorId}
            name={author}
            colour={m.authorId ? p.colourOf(m.authorId) : null}
            presence={m.authorId ? presenceOf(m.authorId)?.status : undefined}
          />
        )}
      </div>
      <div className="msg-main">
        <div className="msg-head">
          {/* In a run the name is only for screen readers; the time shows on hover and focus. */}
          <span className={grouped ? 'sr-only' : 'msg-author'} id={headId}>
            {author}
          </span>
          <time dateTime={m.createdAt} title={fullLabel(m.createdAt)}>
            {timeLabel(m.createdAt)}
          </time>
          {m.editedAt && !deleted ? (
            p.noHistory ? (
              <span className="msg-edited" title={changeTitle(corrected, m.editedAt)}>
                {changeLabel(corrected)}
              </span>
            ) : (
              <EditHistory messageId={m.id} editedAt={m.editedAt} corrected={corrected} />
            )
          ) : null}
          {m.pinnedAt && !deleted ? (
            <span
              className="msg-pinned"
              title={m.pinnedBy ? `Pinned by ${nameOf(m.pinnedBy) ?? 'someone'}` : 'Pinned'}
            >
              Pinned
            </span>
          ) : null}
        </div>
        {deleted ? (
          <p className="tombstone">This message was deleted</p>
        ) : m.undecryptable || m.body === null ? (
          <p className="tombstone">This message could not be decrypted</p>
        ) : p.editing ? (
          <EditForm
            initial={m.body}
            onSave={(body) => p.onSaveEdit(m, body).then(p.onEndEdit)}
            onCancel={p.onEndEdit}
          />
        ) : (
          <Markdown text={m.body} nameOf={nameOf} />
        )}
        {!deleted && m.files.length > 0 ? <MessageFiles files={m.files} /> : null}
        {!deleted ? (
          <Reactions
            reactions={m.reactions}
            me={me}
            nameOf={nameOf}
            disabled={!p.canWrite}
            onToggle={(emoji) => p.onReact(m, emoji)}
            onAdd={p.canWrite ? (emoji) => p.onReact(m, emoji) : undefined}
          />
        ) : null}
        {p.onOpenThread && m.replyCount > 0 ? (
          <button type="button" className="link-btn thread-summary" onClick={() => p.onOpenThread?.(m)}>
            {m.replyCount === 1 ? '1 reply' : `${m.replyCount} replies`}
            {m.lastReplyAt ? <span className="muted"> · last {timeLabel(m.lastReplyAt)}</span> : null}
          </button>
        ) : null}
        {p.receipt}
      </div>
      {!deleted && !p.editing ? (
        <MessageActions
          pinned={m.pinnedAt !== null}
          onReact={p.canWrite ? (emoji) => p.onReact(m, emoji) : undefined}
          onReply={p.onOpenThread ? () => p.onOpenThread?.(m) : undefined}
          onEdit={mine && p.canWrite ? () => p.onStartEdit(m) : undefined}
          onPin={p.canWrite && !p.noPins ? () => p.onPin(m) : undefined}
          onDelete={mine || p.canModerate ? () => p.onDelete(m) : undefined}
          onReport={!mine && p.onReport ? () => p.onReport?.(m) : undefined}
          onCorrect={!mine && p.onCorrect && m.body !== null ? () => p.onCorrect?.(m) : undefined}
        />
      ) : null}
    </article>
  );
};
