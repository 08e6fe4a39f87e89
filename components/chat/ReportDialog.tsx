'use client';
import { MessageDialog, useMessageAction } from './MessageDialog';
import { useCallback, useId, useState, type FormEvent } from 'react';
import {
  REPORT_NOTE_MAX,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
  type ReportReason,
} from '@/shared/moderation';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { FormError, TextArea } from '../ui/field';
import { useChat } from './ChatProvider';
import type { Message } from './types';
import { unnamed } from '@/shared/erasure';

export const REPORTED = 'Reported. A moderator will review it.';

/**
 * Which message is being reported, and the short confirmation once it is. `enabled` is false in
 * the widget: visitors cannot report, so its messages get no Report action at all.
 */
export function useReporting(enabled: boolean) {
  const a = useMessageAction();
  const { finish } = a;
  const reported = useCallback(() => finish(REPORTED), [finish]);
  return {
    onReport: enabled ? a.start : undefined,
    target: a.target,
    close: a.close,
    reported,
    notice: a.notice,
    dismiss: a.dismiss,
  };
}

/**
 * "Report message": a modal dialog with the reasons and an optional note. Escape and Cancel close
 * it; problems (already reported, your own message) are shown in it; on success it closes.
 */
export function ReportDialog({
  message,
  onClose,
  onReported,
}: {
  message: Message | null;
  onClose: () => void;
  onReported: () => void;
}) {
  const titleId = useId();
  return (
    <MessageDialog open={message !== null} className="report-dialog" titleId={titleId} onClose={onClose}>
      {message ? (
        <ReportForm
          key={message.id}
          message={message}
          titleId={titleId}
          onCancel={onClose}
          onReported={onReported}
        />
      ) : null}
    </MessageDialog>
  );
}

function ReportForm({
  message,
  titleId,
  onCancel,
  onReported,
}: {
  message: Message;
  titleId: string;
  onCancel: () => void;
  onReported: () => void;
}) {
  const { workspaceId, nameOf } = useChat();
  const id = useId();
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [noReason, setNoReason] = useState(false);
  const report = trpc.moderation.report.useMutation({ onSuccess: onReported });
  const error = toShownError(report.error);
  const author = message.authorId
    ? (nameOf(message.authorId) ?? unnamed(message.authorId, 'inline'))
    : 'someone';
  const reasonErrors = [
    ...(noReason ? ['Choose why you are reporting it.'] : []),
    ...(error?.fieldErrors.reason ?? []),
  ];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) return setNoReason(true);
    report.mutate({ workspaceId, messageId: message.id, reason, ...(note.trim() ? { note } : {}) });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <h2 id={titleId}>Report message</h2>
      <p className="muted">
        The moderators of this workspace see the message by {author}, your reason and note, and that you
        reported it.
      </p>
      <FormError error={error} />
      <fieldset
        className="report-reasons"
        aria-invalid={reasonErrors.length > 0 || undefined}
        aria-describedby={reasonErrors.length > 0 ? `${id}-reason-err` : undefined}
      >
        <legend>Why are you reporting it?</legend>
        {REPORT_REASONS.map((r) => (
          <label key={r} className="check">
            <input
              type="radio"
              name="reason"
              value={r}
              checked={reason === r}
              onChange={() => {
                setReason(r);
                setNoReason(false);
              }}
            />
            {REPORT_REASON_LABELS[r]}
          </label>
        ))}
        {reasonErrors.length > 0 ? (
          <div id={`${id}-reason-err`} role="alert" className="field-error">
            {reasonErrors.join(' ')}
          </div>
        ) : null}
      </fieldset>
      <TextArea
        label="Note (optional)"
        name="note"
        rows={3}
        maxLength={REPORT_NOTE_MAX}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        hint={`What the moderators should know, up to ${REPORT_NOTE_MAX} characters.`}
        messages={error?.fieldErrors.note ?? []}
      />
      <div className="row">
        <button type="submit" disabled={report.isPending}>
          {report.isPending ? 'Reporting…' : 'Report'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The confirmation after a report, where the list or thread shows its notes. */
export function ReportNotice({
  notice,
  onDismiss,
  className,
}: {
  notice: string | null;
  onDismiss: () => void;
  className: string;
}) {
  if (!notice) return null;
  return (
    <p role="status" className={className}>
      {notice}{' '}
      <button type="button" className="link-btn" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
