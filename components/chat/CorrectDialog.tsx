'use client';
import { MessageDialog, useMessageAction } from './MessageDialog';
import { useCallback, useId, useState, type FormEvent } from 'react';
import { CORRECTION_REASON_MAX } from '@/shared/limits';
import { blankBody, longBody } from '@/shared/message-body';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { Field, FormError } from '../ui/field';
import { useChat } from './ChatProvider';
import { fromWire, rebase, toWire } from './mention-pills';
import { PillTextarea } from './PillTextarea';
import type { Message } from './types';
import { unnamed } from '@/shared/erasure';

/**
 * Which message an admin is correcting, and the short confirmation once it is done. `enabled` is
 * whether the caller may correct here (`message.correct`); otherwise messages get no Correct action.
 */
export function useCorrecting(enabled: boolean) {
  const a = useMessageAction();
  const { finish } = a;
  const corrected = useCallback((text: string) => finish(text), [finish]);
  return {
    onCorrect: enabled ? a.start : undefined,
    target: a.target,
    close: a.close,
    corrected,
    notice: a.notice,
    dismiss: a.dismiss,
  };
}

/**
 * "Correct message…": a modal dialog with the message's text to correct and the required reason.
 * Escape and Cancel close it; the server's refusals (the policy, an author the caller does not
 * outrank, a deleted message) are shown in it, at their field where they name one.
 */
export function CorrectDialog({
  message,
  onClose,
  onCorrected,
}: {
  message: Message | null;
  onClose: () => void;
  onCorrected: (notice: string) => void;
}) {
  const titleId = useId();
  return (
    <MessageDialog open={message !== null} className="correct-dialog" titleId={titleId} onClose={onClose}>
      {message?.body != null ? (
        <CorrectForm
          key={message.id}
          message={message}
          body={message.body}
          titleId={titleId}
          onCancel={onClose}
          onCorrected={onCorrected}
        />
      ) : null}
    </MessageDialog>
  );
}

function CorrectForm({
  message,
  body,
  titleId,
  onCancel,
  onCorrected,
}: {
  message: Message;
  body: string;
  titleId: string;
  onCancel: () => void;
  onCorrected: (notice: string) => void;
}) {
  const { engine, workspaceId, nameOf } = useChat();
  const id = useId();
  const [draft, setDraft] = useState(() => fromWire(body, nameOf));
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ body?: string; reason?: string }>({});
  const author = message.authorId
    ? (nameOf(message.authorId) ?? unnamed(message.authorId, 'inline'))
    : 'someone';
  const correct = trpc.message.correct.useMutation({
    onSuccess: (m) => {
      engine.mergeChange(m);
      onCorrected(`Corrected. The old text stays in the message's history with your reason.`);
    },
  });
  const error = toShownError(correct.error);
  const bodyErrors = [...(problems.body ? [problems.body] : []), ...(error?.fieldErrors.body ?? [])];
  const reasonErrors = [...(problems.reason ? [problems.reason] : []), ...(error?.fieldErrors.reason ?? [])];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = toWire(draft);
    const found = {
      body: blankBody.broken(next)
        ? 'Enter the corrected text.'
        : longBody.broken(next)
          ? longBody.message
          : next === body
            ? 'Change the text to correct it, or cancel.'
            : undefined,
      reason: reason.trim() ? undefined : 'Say why the message needs correcting.',
    };
    setProblems(found);
    if (found.body || found.reason) return;
    correct.mutate({ workspaceId, messageId: message.id, body: next, reason: reason.trim() });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <h2 id={titleId}>Correct message</h2>
      <p className="muted">
        You are correcting a message by {author}. Its text is replaced and shown as corrected by an admin; the
        old text stays in its history with your reason, and {author} is told.
      </p>
      <FormError error={error} />
      <div className="field">
        <label htmlFor={`${id}-body`}>Corrected text</label>
        <PillTextarea
          id={`${id}-body`}
          draft={draft}
          rows={Math.min(8, draft.text.split('\n').length + 1)}
          aria-invalid={bodyErrors.length > 0 || undefined}
          aria-describedby={bodyErrors.length > 0 ? `${id}-body-err` : undefined}
          onChange={(e) => {
            const text = e.target.value;
            setDraft((d) => rebase(d, text));
          }}
        />
        {bodyErrors.length > 0 ? (
          <div id={`${id}-body-err`} role="alert" className="field-error">
            {bodyErrors.join(' ')}
          </div>
        ) : null}
      </div>
      <Field
        label="Reason"
        name="reason"
        required
        autoComplete="off"
        maxLength={CORRECTION_REASON_MAX}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        hint={`Why it needed correcting, up to ${CORRECTION_REASON_MAX} characters: kept in the message's history and told to its author.`}
        error={{ message: '', fieldErrors: { reason: reasonErrors } }}
      />
      <div className="row">
        <button type="submit" disabled={correct.isPending}>
          {correct.isPending ? 'Saving…' : 'Save correction'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
