'use client';
import { useState, type FormEvent } from 'react';
import type { ShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import type { Member } from '@/components/client/trpc';
import { Field, SelectField } from '@/components/ui/field';

export interface AuditFilter {
  action?: string;
  actorId?: string;
  /** ISO instants: the start of the first day and the end of the last (UTC). */
  from?: string;
  to?: string;
}

// Suggestions only: the filter takes any action name (new ones appear as the server grows).
const KNOWN_ACTIONS = [
  'workspace.create',
  'workspace.update',
  'workspace.archive',
  'workspace.unarchive',
  'member.invite',
  'member.invitation_revoke',
  'member.join',
  'member.role_change',
  'member.remove',
  'member.leave',
  'channel.create',
  'channel.update',
  'channel.archive',
  'channel.unarchive',
  'channel.join',
  'channel.leave',
  'channel.member_add',
  'channel.member_remove',
  'conversation.create',
  'support.assign',
  'support.status_change',
  'canned_reply.create',
  'canned_reply.update',
  'canned_reply.delete',
  'message.delete',
  'apiKey.create',
  'apiKey.revoke',
  'key.rotate',
  'connections.disconnect',
  'auth.sign_in',
  'auth.sign_in_failed',
  'authz.denied',
];

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
    const action = formText(form, 'action').trim();
    const actorId = formText(form, 'actorId');
    const from = formText(form, 'from');
    const to = formText(form, 'to');
    onApply({
      ...(action ? { action } : {}),
      ...(actorId ? { actorId } : {}),
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
      <Field label="Action" name="action" list="audit-actions" error={error} placeholder="any" />
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Field label="From (UTC)" name="from" type="date" error={error} />
      <Field label="To (UTC)" name="to" type="date" error={error} />
      <button type="submit">Apply filters</button>
      <button type="reset" className="secondary" onClick={() => onApply({})}>
        Clear
      </button>
    </form>
  );
}
