'use client';
import { useState, type FormEvent } from 'react';
import { FILE_COMMENT_MAX } from '@/shared/files';
import { unnamed } from '@/shared/erasure';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { FormError } from '../ui/field';
import { useChat } from './ChatProvider';
import type { Region } from './CommentLayer';
import { timeLabel } from './format';
import type { CommentThread, FileComment } from './use-file-comments';

/**
 * The comment threads of a file beside its viewer: each with its pin's number, replies, a reply
 * box, Resolve / Reopen and Delete; and the box for a new comment, on the region marked on the
 * page or, with none marked, on the whole page (so it works from the keyboard too).
 */
export function CommentPanel({
  fileId,
  page,
  threads,
  loading,
  error,
  pending,
  placing,
  selected,
  onPlacing,
  onClearPending,
  onSelect,
  showResolved,
  onShowResolved,
}: {
  fileId: string;
  page: number;
  threads: CommentThread[];
  loading: boolean;
  error: unknown;
  pending: Region | null;
  placing: boolean;
  selected: string | null;
  onPlacing: (on: boolean) => void;
  onClearPending: () => void;
  onSelect: (id: string | null) => void;
  /** Resolved threads are listed (and pinned) only when asked for. */
  showResolved: boolean;
  onShowResolved: (on: boolean) => void;
}) {
  const { workspaceId } = useChat();
  const utils = trpc.useUtils();
  const [text, setText] = useState('');
  const done = () => utils.attachment.comments.invalidate({ workspaceId, fileId });
  const add = trpc.attachment.addComment.useMutation({ onSuccess: done });
  const shown = threads.filter((t) => showResolved || !t.first.resolvedAt);
  const resolvedCount = threads.length - threads.filter((t) => !t.first.resolvedAt).length;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const rect = pending ?? { x: 0, y: 0, w: 1, h: 1 };
    add.mutate(
      { workspaceId, fileId, body: text, anchor: { page, rect } },
      {
        onSuccess: (c) => {
          setText('');
          onClearPending();
          onSelect(c.id);
        },
      },
    );
  };

  return (
    <aside className="comment-panel" aria-label="Comments">
      <div className="comment-panel-head">
        <h3>Comments</h3>
        <button
          type="button"
          className="secondary"
          aria-pressed={placing}
          onClick={() => onPlacing(!placing)}
        >
          {placing ? 'Cancel marking' : 'Mark a region'}
        </button>
      </div>
      <form className="comment-new" onSubmit={submit} aria-label="New comment">
        <label htmlFor={`new-comment-${fileId}`} className="muted">
          {pending
            ? 'On the marked region'
            : placing
              ? 'Drag or click on the page, then write'
              : `On page ${page}`}
        </label>
        <textarea
          id={`new-comment-${fileId}`}
          value={text}
          maxLength={FILE_COMMENT_MAX}
          rows={2}
          onChange={(e) => setText(e.target.value)}
          placeholder="Add a comment"
        />
        <div className="comment-actions">
          <button type="submit" disabled={add.isPending || text.trim() === ''}>
            Comment
          </button>
          {pending ? (
            <button type="button" className="secondary" onClick={onClearPending}>
              Clear region
            </button>
          ) : null}
        </div>
        <FormError error={toShownError(add.error)} />
      </form>
      {loading ? (
        <p role="status" className="muted">
          Loading comments…
        </p>
      ) : error ? (
        <FormError error={toShownError(error)} />
      ) : threads.length === 0 ? (
        <p className="muted">No comments yet. Mark a region on the page, or comment on the whole page.</p>
      ) : (
        <ol className="comment-threads" aria-label="Comment threads">
          {shown.map((t) => (
            <Thread
              key={t.first.id}
              t={t}
              fileId={fileId}
              selected={selected === t.first.id}
              onSelect={onSelect}
            />
          ))}
        </ol>
      )}
      {resolvedCount > 0 ? (
        <label className="check">
          <input type="checkbox" checked={showResolved} onChange={(e) => onShowResolved(e.target.checked)} />{' '}
          Show {resolvedCount} resolved
        </label>
      ) : null}
    </aside>
  );
}

function Thread({
  t,
  fileId,
  selected,
  onSelect,
}: {
  t: CommentThread;
  fileId: string;
  selected: boolean;
  onSelect: (id: string | null) => void;
}) {
  const { workspaceId, userId } = useChat();
  const utils = trpc.useUtils();
  const [reply, setReply] = useState('');
  const done = () => utils.attachment.comments.invalidate({ workspaceId, fileId });
  const add = trpc.attachment.addComment.useMutation({ onSuccess: done });
  const resolve = trpc.attachment.resolveComment.useMutation({ onSuccess: done });
  const remove = trpc.attachment.deleteComment.useMutation({ onSuccess: done });
  const f = t.first;
  return (
    <li
      className={`comment-thread${selected ? ' selected' : ''}${f.resolvedAt ? ' resolved' : ''}`}
      data-testid="comment-thread"
    >
      <button
        type="button"
        className="comment-number"
        aria-label={`Show comment ${t.n} on the page`}
        onClick={() => onSelect(selected ? null : f.id)}
      >
        {t.n}
      </button>
      <div className="comment-body">
        {f.onEarlierVersion ? <span className="badge">On an earlier version (v{f.version})</span> : null}
        {f.page > 1 ? <span className="muted"> Page {f.page}</span> : null}
        {[f, ...t.replies].map((c) => (
          <Comment
            key={c.id}
            c={c}
            mine={c.authorId === userId}
            onDelete={() => remove.mutate({ workspaceId, commentId: c.id })}
          />
        ))}
        <form
          className="comment-reply"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(
              { workspaceId, fileId, body: reply, parentId: f.id },
              { onSuccess: () => setReply('') },
            );
          }}
        >
          <label className="sr-only" htmlFor={`reply-${f.id}`}>
            Reply to comment {t.n}
          </label>
          <input
            id={`reply-${f.id}`}
            value={reply}
            maxLength={FILE_COMMENT_MAX}
            onChange={(e) => setReply(e.target.value)}
            placeholder="Reply"
          />
          <button type="submit" className="secondary" disabled={add.isPending || reply.trim() === ''}>
            Reply
          </button>
          <button
            type="button"
            className="secondary"
            disabled={resolve.isPending}
            onClick={() => resolve.mutate({ workspaceId, commentId: f.id, resolved: !f.resolvedAt })}
          >
            {f.resolvedAt ? 'Reopen' : 'Resolve'}
          </button>
        </form>
        <FormError error={toShownError(add.error ?? resolve.error ?? remove.error)} />
      </div>
    </li>
  );
}

function Comment({ c, mine, onDelete }: { c: FileComment; mine: boolean; onDelete: () => void }) {
  const { nameOf } = useChat();
  return (
    <div className="comment">
      <p className="comment-meta">
        <strong>{nameOf(c.authorId) ?? unnamed(c.authorId)}</strong>{' '}
        <span className="muted">{timeLabel(c.createdAt)}</span>
        {mine ? (
          <button type="button" className="link-btn" onClick={onDelete}>
            Delete
          </button>
        ) : null}
      </p>
      <p className="comment-text">
        {c.body ?? <em className="muted">This comment can no longer be read.</em>}
      </p>
    </div>
  );
}
