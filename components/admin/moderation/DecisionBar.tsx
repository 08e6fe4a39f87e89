'use client';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { durationOptions } from '@/components/ui/durations';
import { Field, SelectField } from '@/components/ui/field';
import { MAX_LOCKDOWN_MINUTES } from '@/shared/lockdown';
import { REPORT_NOTE_MAX, type Decision } from '@/shared/moderation';
import { useAdmin } from '../admin-context';
import { ConfirmButton } from '../ConfirmButton';
import { FormProblem } from '../FormProblem';
import type { Decided, ReviewItem } from './types';

/** A review's quarantine is short, a day, or a week. */
const durations = durationOptions([60, 24 * 60, MAX_LOCKDOWN_MINUTES]);
type Form = 'warn' | 'quarantine';

/**
 * An open review's decision: approve or delete at once (delete asks first); warn and quarantine
 * open a short form (the warning's words go to the author; a quarantine needs its length). A held
 * message is approved and posted, or discarded; there is nothing posted to warn about.
 */
export function DecisionBar({ item, onDecided }: { item: ReviewItem; onDecided: (r: Decided) => void }) {
  const { ws } = useAdmin();
  const who = item.author.name;
  const held = item.message.held;
  const [form, setForm] = useState<Form | null>(null);
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState(durations[0]!.value);
  const decide = trpc.moderation.decide.useMutation({ onSuccess: onDecided });
  const error = toShownError(decide.error);
  const pending = decide.isPending;
  const formRef = useRef<HTMLFormElement>(null);
  const opener = useRef<Partial<Record<Form, HTMLButtonElement | null>>>({});
  useEffect(() => {
    if (form) formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [form]);

  const run = (decision: Decision) => {
    decide.mutate({
      workspaceId: ws.id,
      reviewId: item.id,
      decision,
      // The note is the warning itself, or kept with a quarantine; other decisions have none here.
      ...(decision === 'warn' ? { note } : {}),
      ...(decision === 'quarantine' ? { minutes: Number(minutes), ...(note.trim() ? { note } : {}) } : {}),
    });
  };
  const toggle = (f: Form) => {
    decide.reset();
    setForm(form === f ? null : f);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form) run(form);
  };
  // Cancel and Escape close the open form and give its button the focus back.
  const close = () => {
    if (form) opener.current[form]?.focus();
    decide.reset();
    setForm(null);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  };
  const toggleButton = (f: Form, label: string) => (
    <button
      ref={(el) => {
        opener.current[f] = el;
      }}
      type="button"
      className="secondary"
      aria-expanded={form === f}
      disabled={pending}
      onClick={() => toggle(f)}
    >
      {label}
    </button>
  );

  return (
    <div className="review-decide" role="group" aria-label={`Decide on the message by ${who}`}>
      <div className="row">
        <button type="button" className="secondary" disabled={pending} onClick={() => run('approve')}>
          {held ? 'Approve and post' : 'Approve'}
        </button>
        <ConfirmButton
          label={held ? 'Discard message' : 'Delete message'}
          question={
            held ? `Discard the message by ${who}? Nobody will see it.` : `Delete the message by ${who}?`
          }
          confirmLabel={held ? 'Yes, discard it' : 'Yes, delete it'}
          pending={pending}
          onConfirm={() => run('delete')}
        />
        {/* A warning is about a posted message; a held one is posted or discarded. */}
        {held ? null : toggleButton('warn', 'Warn')}
        {toggleButton('quarantine', 'Quarantine')}
      </div>
      {form ? (
        <form
          ref={formRef}
          className="stack review-form"
          aria-label={form === 'warn' ? `Warn ${who}` : `Quarantine ${who}`}
          onSubmit={submit}
          onKeyDown={onKeyDown}
          noValidate
        >
          {form === 'quarantine' ? (
            <SelectField
              label="For"
              name="minutes"
              options={durations}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              error={error}
            />
          ) : null}
          <Field
            label={form === 'warn' ? 'Warning' : 'Note (optional)'}
            name="note"
            required={form === 'warn'}
            maxLength={REPORT_NOTE_MAX}
            autoComplete="off"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={error}
            hint={form === 'warn' ? `${who} sees it in their notifications.` : 'Kept with the decision.'}
          />
          <div className="row">
            <button type="submit" className="danger" disabled={pending}>
              {form === 'warn' ? 'Send the warning' : `Put ${who} in quarantine`}
            </button>
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <FormProblem error={error} fields={form ? ['note', 'minutes'] : []} />
    </div>
  );
}
