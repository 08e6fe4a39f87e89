'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type Member, type Workspace } from '@/components/client/trpc';
import { FormProblem } from '@/components/admin/FormProblem';
import { durationOptions } from '@/components/ui/durations';
import { Field, SelectField } from '@/components/ui/field';
import { LOCKDOWN_REASON_MAX } from '@/shared/lockdown';

const durations = durationOptions();

/** Puts a member in quarantine (with a reason and a duration), or shows until when and releases them. */
export function QuarantineControl({ ws, m }: { ws: Workspace; m: Member }) {
  const utils = trpc.useUtils();
  const refresh = () => utils.member.list.invalidate();
  const start = trpc.admin.quarantine.useMutation({ onSuccess: refresh });
  const release = trpc.admin.releaseQuarantine.useMutation({ onSuccess: refresh });
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('60');
  const error = toShownError(start.error ?? release.error);

  if (m.quarantinedUntil)
    return (
      <div className="quarantine-control">
        <span>In quarantine until {new Date(m.quarantinedUntil).toLocaleString()}</span>{' '}
        <button
          type="button"
          className="secondary"
          disabled={release.isPending}
          onClick={() => release.mutate({ workspaceId: ws.id, userId: m.userId })}
        >
          Release<span className="sr-only"> {m.name}</span>
        </button>
        <FormProblem error={error} />
      </div>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate({ workspaceId: ws.id, userId: m.userId, reason, minutes: Number(minutes) });
  };
  return (
    <details className="quarantine-control">
      <summary>
        Quarantine<span className="sr-only"> {m.name}</span>
      </summary>
      <form className="stack" onSubmit={submit} aria-label={`Quarantine ${m.name}`}>
        <p className="muted">
          They cannot use {ws.name} until it ends; they see the reason, the others see them offline.
        </p>
        <Field
          label="Reason"
          name="reason"
          required
          maxLength={LOCKDOWN_REASON_MAX}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={error}
        />
        <SelectField
          label="For"
          name="minutes"
          options={durations}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          error={error}
        />
        <FormProblem error={error} fields={['reason', 'minutes']} />
        <button type="submit" className="danger" disabled={start.isPending}>
          Put {m.name} in quarantine
        </button>
      </form>
    </details>
  );
}
