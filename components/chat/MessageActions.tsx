'use client';
import { useState } from 'react';
import { ReactionButton } from './ReactionButton';

export interface MessageActionHandlers {
  onReact?: (emoji: string) => void;
  onReply?: () => void;
  onEdit?: () => void;
  onDelete?: () => void;
  onPin?: () => void;
  /** Report to the moderators: others' messages, never in the widget (visitors cannot report). */
  onReport?: () => void;
  /** Correct someone else's message (admins: rectification), in a dialog with the reason. */
  onCorrect?: () => void;
  pinned: boolean;
}

/**
 * The actions of one message. Shown on hover and keyboard focus (opacity only, so they stay in the
 * tab order and reachable by assistive technology).
 */
export function MessageActions({
  onReact,
  onReply,
  onEdit,
  onDelete,
  onPin,
  onReport,
  onCorrect,
  pinned,
}: MessageActionHandlers) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="msg-actions" role="toolbar" aria-label="Message actions">
      {onReact ? (
        <ReactionButton className="icon-btn" onReact={onReact}>
          ☺
        </ReactionButton>
      ) : null}
      {onReply ? (
        <button
          type="button"
          className="icon-btn"
          aria-label="Reply in thread"
          title="Reply in thread"
          onClick={onReply}
        >
          ↩
        </button>
      ) : null}
      {onEdit ? (
        <button type="button" className="icon-btn" aria-label="Edit message" title="Edit" onClick={onEdit}>
          ✎
        </button>
      ) : null}
      {onPin ? (
        <button
          type="button"
          className="icon-btn"
          aria-label={pinned ? 'Unpin message' : 'Pin message'}
          title={pinned ? 'Unpin' : 'Pin'}
          onClick={onPin}
        >
          📌
        </button>
      ) : null}
      {onReport ? (
        <button
          type="button"
          className="icon-btn"
          aria-label="Report message"
          aria-haspopup="dialog"
          title="Report"
          onClick={onReport}
        >
          ⚑
        </button>
      ) : null}
      {onCorrect ? (
        <button
          type="button"
          className="icon-btn"
          aria-label="Correct message…"
          aria-haspopup="dialog"
          title="Correct message…"
          onClick={onCorrect}
        >
          ✍
        </button>
      ) : null}
      {onDelete ? (
        confirming ? (
          <span className="confirm">
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                onDelete();
              }}
            >
              Delete
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="icon-btn"
            aria-label="Delete message"
            title="Delete"
            onClick={() => setConfirming(true)}
          >
            🗑
          </button>
        )
      ) : null}
    </div>
  );
}
