'use client';
import { useCallback, useEffect, useState } from 'react';
import { trpc } from '../client/trpc';
import { DropTarget } from './AttachmentChips';
import { useChat } from './ChatProvider';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';
import { MessageList } from './MessageList';
import { CorrectDialog, useCorrecting } from './CorrectDialog';
import { ReportDialog, ReportNotice, useReporting } from './ReportDialog';
import { convKey, threadKey } from './store';
import { useList } from './use-chat-state';
import { useMessageActions } from './use-message-actions';
import { useFileDrop } from './use-uploads';
import type { Message } from './types';

/** A thread beside the conversation: its root, its replies (live through the same room), a reply box. */
export function ThreadPane({
  conversationId,
  rootId,
  canWrite,
  canModerate,
  canCorrect = false,
  onClose,
}: {
  conversationId: string;
  rootId: string;
  canWrite: boolean;
  canModerate: boolean;
  canCorrect?: boolean;
  onClose: () => void;
}) {
  const { engine, workspaceId, userId, nameOf, colourOf, forVisitor } = useChat();
  const actions = useMessageActions();
  // The root's own Report (the replies' is in their list).
  const report = useReporting(!forVisitor);
  const correction = useCorrecting(!forVisitor && canCorrect);
  const [editingId, setEditingId] = useState<string | null>(null);
  const drop = useFileDrop(canWrite ? { conversationId, parentId: rootId } : null);
  useEffect(() => {
    void engine.openThread(rootId);
    return () => engine.closeThread(rootId);
  }, [engine, rootId]);

  const conv = useList(convKey(conversationId));
  const held = conv.messages.find((m) => m.id === rootId);
  // The root may be outside the loaded window (a link from search): fetch it on its own.
  const fetched = trpc.message.get.useQuery({ workspaceId, messageId: rootId }, { enabled: !held });
  const root = held ?? fetched.data;
  const replies = useList(threadKey(rootId));

  const startEdit = useCallback((m: Message) => setEditingId(m.id), []);
  const endEdit = useCallback(() => setEditingId(null), []);
  const editLast = () => {
    const mine = [...replies.messages].reverse().find((m) => m.authorId === userId && !m.deletedAt);
    if (mine) setEditingId(mine.id);
  };

  return (
    <aside
      className={`thread-pane drop-zone${drop.dragging ? ' dragging' : ''}`}
      aria-labelledby="thread-title"
      {...drop.handlers}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) onClose();
      }}
    >
      {drop.dragging ? <DropTarget label="the thread" /> : null}
      <header className="thread-header">
        <h3 id="thread-title">Thread</h3>
        <button type="button" className="secondary" onClick={onClose} aria-label="Close thread">
          Close
        </button>
      </header>
      <div className="thread-root">
        {root ? (
          <MessageItem
            m={root}
            prev={undefined}
            me={userId}
            nameOf={nameOf}
            colourOf={colourOf}
            canWrite={canWrite}
            canModerate={canModerate}
            highlighted={false}
            editing={editingId === root.id}
            onStartEdit={startEdit}
            onEndEdit={endEdit}
            onReact={actions.react}
            onDelete={actions.remove}
            onPin={actions.pin}
            onReport={report.onReport}
            onCorrect={correction.onCorrect}
            onSaveEdit={actions.edit}
          />
        ) : fetched.error ? (
          <p role="alert" className="form-error">
            {fetched.error.message}
          </p>
        ) : (
          <p role="status" className="muted">
            Loading the thread…
          </p>
        )}
        <ReportNotice notice={report.notice} onDismiss={report.dismiss} className="ok thread-note" />
        <ReportDialog message={report.target} onClose={report.close} onReported={report.reported} />
        <ReportNotice notice={correction.notice} onDismiss={correction.dismiss} className="ok thread-note" />
        <CorrectDialog
          message={correction.target}
          onClose={correction.close}
          onCorrected={correction.corrected}
        />
      </div>
      <MessageList
        listKey={threadKey(rootId)}
        conversationId={conversationId}
        parentId={rootId}
        label="Replies"
        canWrite={canWrite}
        canModerate={canModerate}
        canCorrect={canCorrect}
        editingId={editingId}
        onStartEdit={startEdit}
        onEndEdit={endEdit}
        emptyText="No replies yet."
      />
      <Composer
        conversationId={conversationId}
        parentId={rootId}
        label="Write a reply"
        onEditLast={editLast}
        disabled={canWrite ? undefined : <p className="muted">Join the conversation to reply.</p>}
      />
    </aside>
  );
}
