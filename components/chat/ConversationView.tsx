'use client';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { DropTarget } from './AttachmentChips';
import { useChat } from './ChatProvider';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { NotifyMenu } from './NotifyMenu';
import { PinnedList } from './PinnedList';
import { convKey } from './store';
import { ThreadPane } from './ThreadPane';
import { TypingIndicator } from './TypingIndicator';
import { useList } from './use-chat-state';
import { useFileDrop } from './use-uploads';
import { useOpeningMark } from './use-unread';
import type { Message } from './types';

export interface ConversationInfo {
  id: string;
  /** As shown in the heading: "#general", "Ann, Bo", an invoice's title. */
  title: string;
  /** For labels: "general", "Ann, Bo". */
  name: string;
  topic?: string;
  /** A channel's longer description, under the topic. */
  description?: string;
  /** A record conversation's record, with the host app's page for it when the admin set a link. */
  record?: { type: string; id: string; url: string | null };
  /** Members post, react, pin and keep a read mark; others (public channels) only read. */
  isMember: boolean;
  archived: boolean;
  /** May delete others' messages here. */
  canModerate: boolean;
  /** May correct others' messages here (admins: `message.correct`); never in the widget. */
  canCorrect?: boolean;
}

/**
 * One conversation: its messages (live), typing indicator, composer and an optional thread pane.
 * Shared by the web app and the embeddable widget; routing stays with the caller (`onThread`).
 */
export function ConversationView({
  info,
  highlightId,
  threadId,
  onThread,
  actions,
  notMemberNotice,
  writeNotice,
  escapeToComposer = false,
}: {
  info: ConversationInfo;
  highlightId?: string | null;
  threadId?: string | null;
  onThread: (rootId: string | null) => void;
  /** Extra controls in the header (join, leave, …). */
  actions?: ReactNode;
  /** Shown instead of the composer to readers who are not members. */
  notMemberNotice?: ReactNode;
  /** Why nobody may write here now, whatever their membership (a lockdown); replaces every composer. */
  writeNotice?: ReactNode;
  /**
   * Escape anywhere else in the pane goes back to the composer (the web app). The widget leaves it
   * off: there Escape closes the panel.
   */
  escapeToComposer?: boolean;
}) {
  const { engine, userId, forVisitor } = useChat();
  const id = info.id;
  // Join the room before loading: whatever is committed in between then arrives through sync.
  useEffect(() => engine.want(id), [engine, id]);
  useEffect(() => {
    void engine.open(id, highlightId ?? undefined);
  }, [engine, id, highlightId]);

  const list = useList(convKey(id));
  const opening = useOpeningMark(id, info.isMember);
  const [editing, setEditing] = useState<{ conv: string; id: string } | null>(null);
  const editingId = editing?.conv === id ? editing.id : null;
  const startEdit = useCallback((m: Message) => setEditing({ conv: m.conversationId, id: m.id }), []);
  const endEdit = useCallback(() => setEditing(null), []);
  const openThread = useCallback((m: Message) => onThread(m.id), [onThread]);
  const editLast = () => {
    for (let i = list.messages.length - 1; i >= 0; i--) {
      const m = list.messages[i]!;
      if (m.authorId === userId && !m.deletedAt && m.body !== null) return setEditing({ conv: id, id: m.id });
    }
  };
  const canWrite = info.isMember && !info.archived;
  // Files dropped anywhere on the conversation go to its composer.
  const drop = useFileDrop(canWrite && !writeNotice ? { conversationId: id, parentId: null } : null);
  const mainRef = useRef<HTMLDivElement>(null);
  // Whatever took the Escape first (a menu, the edit form, a dialog, the thread pane) wins.
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!escapeToComposer || e.key !== 'Escape' || e.defaultPrevented) return;
    if (!(e.target instanceof Element)) return;
    if (e.target.closest('dialog, details[open], [role="menu"], .thread-pane, .composer')) return;
    const box = mainRef.current?.querySelector<HTMLTextAreaElement>('.composer textarea');
    if (!box) return;
    e.preventDefault();
    box.focus();
  };

  return (
    <section className="conversation" aria-labelledby="conv-title" onKeyDown={onKeyDown}>
      <header className="conv-header">
        <div className="conv-heading">
          <h2 id="conv-title">{info.title}</h2>
          {info.topic ? <p className="conv-topic">{info.topic}</p> : null}
          {info.description ? <p className="conv-description">{info.description}</p> : null}
          {info.record ? <RecordLine record={info.record} /> : null}
        </div>
        <div className="conv-actions">
          {forVisitor ? null : <PinnedList conversationId={id} />}
          {forVisitor || !info.isMember ? null : <NotifyMenu key={id} conversationId={id} />}
          {actions}
        </div>
      </header>
      <div className="conv-body">
        <div
          className={`conv-main drop-zone${drop.dragging ? ' dragging' : ''}`}
          ref={mainRef}
          {...drop.handlers}
        >
          {drop.dragging ? <DropTarget label={info.title} /> : null}
          <MessageList
            listKey={convKey(id)}
            conversationId={id}
            parentId={null}
            label={`Messages in ${info.name}`}
            canWrite={canWrite && !writeNotice}
            canModerate={info.canModerate}
            canCorrect={info.canCorrect}
            highlightId={highlightId}
            editingId={editingId}
            onStartEdit={startEdit}
            onEndEdit={endEdit}
            onOpenThread={forVisitor ? undefined : openThread}
            receipts
            // Marking read waits for the opening mark, which it would otherwise move first.
            markRead={info.isMember && opening !== undefined}
            unread={opening}
            emptyText="No messages yet. Start the conversation!"
          />
          <TypingIndicator conversationId={id} />
          <Composer
            key={id}
            conversationId={id}
            label={`Message ${info.title}`}
            onEditLast={editLast}
            disabled={
              writeNotice ??
              (canWrite ? undefined : info.archived ? (
                <p className="muted">This conversation is archived.</p>
              ) : (
                (notMemberNotice ?? <p className="muted">Join to post here.</p>)
              ))
            }
          />
        </div>
        {threadId && !forVisitor ? (
          <ThreadPane
            key={threadId}
            conversationId={id}
            rootId={threadId}
            canWrite={canWrite && !writeNotice}
            canModerate={info.canModerate}
            canCorrect={info.canCorrect}
            onClose={() => onThread(null)}
          />
        ) : null}
      </div>
    </section>
  );
}

function RecordLine({ record }: { record: NonNullable<ConversationInfo['record']> }) {
  return (
    <p className="conv-record">
      <span className="muted">{record.type}</span> <code>{record.id}</code>
      {record.url ? (
        <>
          {' · '}
          <a href={record.url} target="_blank" rel="noopener noreferrer">
            Open {record.type} {record.id}
            <span className="sr-only"> in a new tab</span>
          </a>
        </>
      ) : null}
    </p>
  );
}
