'use client';
import { useState, type FormEvent } from 'react';
import type { ShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import type { Member } from '@/components/client/trpc';
import { Field, SelectField } from '@/components/ui/field';
import { AUDIT_ACTIONS } from '@/shared/audit-actions';

export interface AuditFilter {
  action?: string;
  actorId?: string;
  hideSignIns?: boolean;
  /** ISO instants: the start of the first day and the end of the last (UTC). */
  from?: string;
  to?: string;
}

const GROUPS = Object.entries(AUDIT_ACTIONS).reduce<Map<string, { value: string; label: string }[]>>(
  (groups, [value, a]) => groups.set(a.group, [...(groups.get(a.group) ?? []), { value, label: a.label }]),
  new Map(),
);

export function AuditFilters({
  members,
  error,
  onApply,
}: {
  /** Widget visitors included: they are offered as actors only when the box is ticked. */
  members: Member[];
  error: ShownError | null;
  onApply: (f: AuditFilter) => void;
}) {
  const [withVisitors, setWithVisitors] = useState(false);
  const actors = members.filter((m) => withVisitors || !m.visitor);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const action = formText(form, 'action');
    const actorId = formText(form, 'actorId');
    const from = formText(form, 'from');
    const to = formText(form, 'to');
    onApply({
      ...(action ? { action } : {}),
      ...(actorId ? { actorId } : {}),
      ...(form.get('hideSignIns') ? { hideSignIns: true } : {}),
      ...(from ? { from: `${from}T00:00:00.000Z` } : {}),
      ...(to ? { to: `${to}T23:59:59.999Z` } : {}),
    });
  }
  return (
    <form className="row" onSubmit={onSubmit} aria-label="Filter the audit log">
      <SelectField
        label="Actor"
        name="actorId"
        error={error}
        defaultValue=""
        options={[
          { value: '', label: 'Anyone' },
          ...actors.map((m) => ({ value: m.userId, label: m.visitor ? `${m.name} (visitor)` : m.name })),
        ]}
      />
      <label className="check">
        <input type="checkbox" checked={withVisitors} onChange={(e) => setWithVisitors(e.target.checked)} />{' '}
        Include widget visitors
      </label>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" name="action" defaultValue="">
          <option value="">Any action</option>
          {[...GROUPS].map(([group, actions]) => (
            <optgroup key={group} label={group}>
              {actions.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <label className="check">
        <input type="checkbox" name="hideSignIns" /> Hide sign-ins
      </label>
      <Field label="From (UTC)" name="from" type="date" error={error} />
      <Field label="To (UTC)" name="to" type="date" error={error} />
      <button type="submit">Apply filters</button>
      <button type="reset" className="secondary" onClick={() => onApply({})}>
        Clear
      </button>
    </form>
  );
}
