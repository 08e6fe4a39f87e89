'use client';
import { useId, useRef, useState } from 'react';
import { trpc } from '../client/trpc';
import { useChat } from './ChatProvider';
import { fullLabel } from './format';
import { Markdown } from './Markdown';
import { unnamed } from '@/shared/erasure';

/** What the label says: the author's edit, or an admin's correction (rectification). */
export const changeLabel = (corrected: boolean) => (corrected ? '(corrected by an admin)' : '(edited)');
export const changeTitle = (corrected: boolean, at: string) =>
  `${corrected ? 'Corrected by an admin' : 'Edited'} ${fullLabel(at)}`;

/**
 * "(edited)" (or "(corrected by an admin)") as a button: a dialog with the message's earlier
 * versions, fetched when opened; a correction shows who made it and why.
 */
export function EditHistory({
  messageId,
  editedAt,
  corrected = false,
}: {
  messageId: string;
  editedAt: string;
  corrected?: boolean;
}) {
  const { workspaceId, nameOf } = useChat();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const history = trpc.message.editHistory.useQuery(
    { workspaceId, messageId },
    { enabled: open, staleTime: 0, refetchOnMount: 'always', retry: false },
  );
  return (
    <>
      <button
        type="button"
        className="link-btn msg-edited"
        title={changeTitle(corrected, editedAt)}
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
      >
        {changeLabel(corrected)}
      </button>
      <dialog
        ref={ref}
        className="modal edit-history"
        aria-labelledby={titleId}
        onClose={() => setOpen(false)}
      >
        <h3 id={titleId}>Earlier versions</h3>
        {!open ? null : history.isPending ? (
          <p role="status" className="muted">
            Loading earlier versions…
          </p>
        ) : history.error ? (
          <p role="alert" className="form-error">
            Could not load the earlier versions: {history.error.message}
          </p>
        ) : history.data.length === 0 ? (
          <p className="muted">No earlier versions are kept.</p>
        ) : (
          <ol aria-label="Earlier versions" className="edit-history-list">
            {/* Oldest first, as the server keeps them; each was replaced at the time shown. */}
            {history.data.map((v, i) => (
              <li key={`${v.replacedAt}-${i}`}>
                <div className="muted">
                  Replaced <time dateTime={v.replacedAt}>{fullLabel(v.replacedAt)}</time>
                  {v.editedBy ? ` by ${nameOf(v.editedBy) ?? unnamed(v.editedBy, 'inline')}` : null}
                </div>
                {v.kind === 'correction' ? (
                  <p className="correction-reason">
                    <strong>Corrected by an admin.</strong> Reason: {v.reason ?? 'not given'}
                  </p>
                ) : null}
                <Markdown text={v.body} nameOf={nameOf} />
              </li>
            ))}
          </ol>
        )}
        <button type="button" className="secondary" onClick={() => ref.current?.close()}>
          Close
        </button>
      </dialog>
    </>
  );
}
