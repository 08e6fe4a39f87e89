'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { durationLabel, durationOptions } from '@/components/ui/durations';
import { Field, SelectField } from '@/components/ui/field';
import {
  LOCKDOWN_MODES,
  LOCKDOWN_REASON_MAX,
  lockdownModeHelp,
  lockdownModeLabel,
  type LockdownMode,
} from '@/shared/lockdown';
import { useAdmin } from '../admin-context';
import { ConfirmButton } from '../ConfirmButton';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import { LockdownHistory } from './LockdownHistory';

type Lockdown = NonNullable<RouterOutputs['admin']['lockdown']['active']>;
const durations = durationOptions();
const when = (iso: string) => new Date(iso).toLocaleString();

/** Emergency lockdown: start one, or see the one in force and extend or lift it. */
export function LockdownPart() {
  const { ws } = useAdmin();
  const lockdown = trpc.admin.lockdown.useQuery({ workspaceId: ws.id });
  // Here, not in the part that shows the lockdown: "lifted" outlives the part it was said in.
  const [note, setNote] = useState<string | null>(null);
  return (
    <section aria-labelledby="lockdown-h" className="security-part lockdown-part">
      <h2 id="lockdown-h">Emergency lockdown</h2>
      <QueryState query={lockdown} what="the lockdown" empty={null} isEmpty={() => false}>
        {(d) => (
          <>
            <p role="status" className="ok">
              {note}
            </p>
            {d.active ? (
              <ActiveLockdown key={d.active.id} l={d.active} setNote={setNote} />
            ) : (
              <StartLockdown setNote={setNote} />
            )}
            <LockdownHistory history={d.history} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function useRefresh() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  return () =>
    Promise.all([
      utils.admin.lockdown.invalidate({ workspaceId: ws.id }),
      utils.workspace.lockdown.invalidate({ workspaceId: ws.id }),
      utils.admin.health.invalidate({ workspaceId: ws.id }),
      utils.admin.securityAnalytics.invalidate({ workspaceId: ws.id }),
    ]);
}

function StartLockdown({ setNote }: { setNote: (note: string | null) => void }) {
  const { ws } = useAdmin();
  const refresh = useRefresh();
  const [mode, setMode] = useState<LockdownMode>('read_only');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('60');
  const start = trpc.admin.startLockdown.useMutation({
    onSuccess: async () => {
      setNote('The workspace is locked down.');
      await refresh();
    },
  });
  const error = toShownError(start.error);
  const run = () => {
    setNote(null);
    start.mutate({ workspaceId: ws.id, mode, reason, minutes: Number(minutes) });
  };
  const submit = (e: FormEvent) => e.preventDefault();
  const label = durationLabel(durations, minutes);
  return (
    <form onSubmit={submit} className="stack lockdown-form" aria-label="Start a lockdown">
      <p className="muted">
        For an incident: stop everyone but admins from writing, or from using the workspace at all, at once
        and on every server. It ends by itself at the time you choose.
      </p>
      <fieldset>
        <legend>Mode</legend>
        {LOCKDOWN_MODES.map((m) => (
          <label key={m} className="check">
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
            <span>
              <strong>{lockdownModeLabel[m]}</strong> <span className="muted">{lockdownModeHelp[m]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field
        label="Reason"
        name="reason"
        required
        maxLength={LOCKDOWN_REASON_MAX}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={error}
        hint="Members see it (widget visitors do not)."
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
      <div className="row">
        <ConfirmButton
          label="Lock down"
          question={`Lock ${ws.name} down (${lockdownModeLabel[mode].toLowerCase()}) for ${label}?`}
          confirmLabel="Yes, lock it down"
          pending={start.isPending}
          onConfirm={run}
        />
      </div>
    </form>
  );
}

function ActiveLockdown({ l, setNote }: { l: Lockdown; setNote: (note: string | null) => void }) {
  const { ws, user } = useAdmin();
  const refresh = useRefresh();
  const isOwner = ws.role === 'owner';
  const [minutes, setMinutes] = useState('60');
  const lift = trpc.admin.liftLockdown.useMutation({
    onSuccess: async (r) => {
      setNote(
        r.lifted ? 'The lockdown is lifted.' : 'Asked to lift: a second admin, or the owner, confirms it.',
      );
      await refresh();
    },
  });
  const extend = trpc.admin.extendLockdown.useMutation({
    onSuccess: async () => {
      setNote('The lockdown is extended.');
      await refresh();
    },
  });
  const askedByMe = l.liftRequestedBy?.id === user.id;
  const needsSecond = l.mode === 'full' && !isOwner;
  const liftLabel = !needsSecond
    ? 'Lift the lockdown'
    : l.liftRequestedBy && !askedByMe
      ? 'Confirm the lift'
      : 'Ask to lift';
  return (
    <div className="lockdown-active" role="group" aria-labelledby="lockdown-active-h">
      <h3 id="lockdown-active-h">
        {lockdownModeLabel[l.mode]} lockdown until {when(l.endsAt)}
      </h3>
      <p>
        “{l.reason}”, started by {l.startedBy.name} at {when(l.startedAt)}.
      </p>
      {l.liftRequestedBy ? (
        <p className="muted">
          {askedByMe ? 'You' : l.liftRequestedBy.name} asked to lift it
          {askedByMe ? '; a second admin, or the owner, confirms it.' : '.'}
        </p>
      ) : null}
      <FormProblem error={toShownError(lift.error ?? extend.error)} fields={[]} />
      <div className="row">
        <ConfirmButton
          label={liftLabel}
          question={
            needsSecond && !(l.liftRequestedBy && !askedByMe)
              ? 'Ask a second admin to lift it?'
              : 'Lift the lockdown now?'
          }
          confirmLabel="Yes"
          className="secondary"
          pending={lift.isPending || askedByMe}
          onConfirm={() => {
            setNote(null);
            lift.mutate({ workspaceId: ws.id });
          }}
        />
        {isOwner ? (
          <>
            <SelectField
              label="Extend by"
              name="extend"
              options={durations}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
            <button
              type="button"
              className="secondary"
              disabled={extend.isPending}
              onClick={() => {
                setNote(null);
                extend.mutate({ workspaceId: ws.id, minutes: Number(minutes) });
              }}
            >
              Extend
            </button>
          </>
        ) : (
          <span className="muted">Only the owner can extend it.</span>
        )}
      </div>
    </div>
  );
}
