'use client';
import { useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Field } from '@/components/ui/field';
import { AUDIT_RETENTION, daysInWords } from '@/shared/retention';
import { useAdmin } from '../admin-context';
import { showTime } from '../dates';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import type { Retention, RetentionQuery } from './rules';

type Audit = Retention['audit'];

/** "7 years (the default)", "400 days": how long the audit log keeps its entries. */
export const auditKeptInWords = (a: Pick<Audit, 'days' | 'isDefault'>) =>
  a.isDefault ? '7 years (the default)' : daysInWords(a.days);

/**
 * How long the audit log keeps entries and where pruning has reached. Only the owner changes the
 * length (the server refuses anyone else); admins read it.
 */
export function AuditRetentionPart({ query }: { query: RetentionQuery }) {
  const { ws } = useAdmin();
  const isOwner = ws.role === 'owner';
  return (
    <section aria-labelledby="retention-audit-h" className="retention-part">
      <h2 id="retention-audit-h">Audit log</h2>
      <p className="muted">
        Older audit entries are pruned with the sweep, behind a signed record of where the log now starts, so
        what is left still verifies. A legal hold on the whole workspace stops pruning.
      </p>
      <QueryState query={query} what="the audit log's retention" empty={null} isEmpty={() => false}>
        {(r) => (
          <>
            <p>
              The audit log keeps entries for <strong>{auditKeptInWords(r.audit)}</strong>.
            </p>
            <p>
              <Pruned at={r.audit.prunedBefore} />
            </p>
            {isOwner ? (
              <AuditRetentionForm audit={r.audit} />
            ) : (
              <p className="muted">
                Only the owner of {ws.name} changes how long the audit log keeps entries.
              </p>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function Pruned({ at }: { at: Audit['prunedBefore'] }) {
  if (!at) return <>Nothing pruned yet.</>;
  const removed = at.removed === 1 ? '1 entry' : `${at.removed.toLocaleString('en')} entries`;
  return (
    <>
      Entries before #{at.seq} were pruned on <time dateTime={at.prunedAt}>{showTime(at.prunedAt)}</time> (
      {removed}), behind a signed record; the rest still verifies.
    </>
  );
}

interface Draft {
  kind: 'default' | 'days';
  days: string;
}

/** The owner's choice: the default, or a number of days (the bounds are the server's). */
function AuditRetentionForm({ audit }: { audit: Audit }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  // Loaded once: the page's polls never change what is being typed here.
  const [draft, setDraft] = useState<Draft>(() => ({
    kind: audit.isDefault ? 'default' : 'days',
    days: String(audit.days),
  }));
  const [local, setLocal] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const save = trpc.compliance.setAuditRetention.useMutation({
    onSuccess: (data) => {
      setSaved(true);
      utils.compliance.retention.setData({ workspaceId: ws.id }, data);
      return utils.audit.invalidate();
    },
  });
  const error = local ?? toShownError(save.error);
  const change = (next: Draft) => {
    setSaved(false);
    setLocal(null);
    setDraft(next);
  };

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    if (draft.kind === 'default') {
      setLocal(null);
      save.mutate({ workspaceId: ws.id, days: null });
      return;
    }
    // Only a whole number is checked here (JSON would turn anything else into null, the default).
    const text = draft.days.trim();
    const n = Number(text);
    if (text === '' || !Number.isInteger(n)) {
      setLocal({ message: '', fieldErrors: { days: ['A whole number of days'] } });
      return;
    }
    setLocal(null);
    save.mutate({ workspaceId: ws.id, days: n });
  }

  const { min, max } = AUDIT_RETENTION;
  return (
    <form
      className="stack retention-form"
      onSubmit={onSubmit}
      noValidate
      aria-label="The audit log's retention"
    >
      <fieldset className="admin-fieldset retention-choice">
        <legend>Audit entries</legend>
        <label className="check">
          <input
            type="radio"
            name="audit-rule"
            value="default"
            checked={draft.kind === 'default'}
            onChange={() => change({ ...draft, kind: 'default' })}
          />
          <span>Keep them for 7 years (the default)</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name="audit-rule"
            value="days"
            checked={draft.kind === 'days'}
            onChange={() => change({ ...draft, kind: 'days' })}
          />
          <span>Keep them for a number of days</span>
        </label>
        {draft.kind === 'days' ? (
          <Field
            label="Days"
            name="days"
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            required
            value={draft.days}
            onChange={(e) => change({ ...draft, days: e.target.value })}
            error={error}
            hint={`${min} to ${max.toLocaleString('en')}: audit evidence is kept for a year or more.`}
          />
        ) : null}
      </fieldset>
      <FormProblem error={error} fields={['days']} />
      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? (
            'Saving…'
          ) : (
            <>
              Save<span className="sr-only"> the audit log&apos;s retention</span>
            </>
          )}
        </button>
        <span role="status" className="ok">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}
