'use client';
import { useMemo, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { atLeast } from '@/shared/roles';
import type { InboxItem } from './use-inbox';
import { snoozeChoices } from './waiting';

/** Who has the conversation and what state it is in, with the controls to change both. */
export function Triage({ item }: { item: InboxItem }) {
  const { ws, user } = useWorkspace();
  const utils = trpc.useUtils();
  const ref = { workspaceId: ws.id, conversationId: item.conversationId };
  const refresh = () =>
    Promise.all([
      utils.inbox.get.invalidate(ref),
      utils.inbox.list.invalidate(),
      utils.inbox.counts.invalidate(),
    ]);
  const assign = trpc.inbox.assign.useMutation({ onSuccess: refresh });
  const status = trpc.inbox.setStatus.useMutation({ onSuccess: refresh });
  const members = trpc.member.list.useQuery({ workspaceId: ws.id });
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const teammates = useMemo(
    () =>
      (members.data ?? [])
        .filter((m) => atLeast(m.role, 'member'))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [members.data],
  );
  const busy = assign.isPending || status.isPending;
  const mine = item.assignee?.userId === user.id;

  return (
    <section className="inbox-triage" aria-label="Assignee and status">
      <div className="field">
        <label htmlFor="inbox-assignee">Assignee</label>
        <div className="inline-row">
          <select
            id="inbox-assignee"
            value={item.assignee?.userId ?? ''}
            disabled={busy || members.isPending}
            onChange={(e) => assign.mutate({ ...ref, userId: e.target.value || null })}
          >
            <option value="">Unassigned</option>
            {teammates.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.userId === user.id ? `${m.name} (you)` : m.name}
              </option>
            ))}
          </select>
          {!mine ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => assign.mutate({ ...ref, userId: user.id })}
            >
              Assign to me
            </button>
          ) : null}
        </div>
      </div>
      <p className="inbox-status">
        Status:{' '}
        <strong>
          {item.status === 'snoozed' && item.snoozedUntil
            ? `Snoozed until ${new Date(item.snoozedUntil).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}`
            : item.status === 'closed'
              ? 'Closed'
              : 'Open'}
        </strong>
      </p>
      <div className="inline-row">
        {item.status === 'open' ? (
          <button type="button" disabled={busy} onClick={() => status.mutate({ ...ref, status: 'closed' })}>
            Close
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => status.mutate({ ...ref, status: 'open' })}>
            Reopen
          </button>
        )}
        {item.status !== 'snoozed' ? (
          <button
            type="button"
            className="secondary"
            aria-expanded={snoozeOpen}
            aria-controls="inbox-snooze"
            disabled={busy}
            onClick={() => setSnoozeOpen((v) => !v)}
          >
            Snooze…
          </button>
        ) : null}
      </div>
      {snoozeOpen && item.status !== 'snoozed' ? (
        <ul id="inbox-snooze" className="inbox-snooze" aria-label="Snooze until">
          {snoozeChoices(new Date()).map((c) => (
            <li key={c.label}>
              <button
                type="button"
                className="link-btn"
                disabled={busy}
                onClick={() => {
                  setSnoozeOpen(false);
                  status.mutate({ ...ref, status: 'snoozed', snoozedUntil: c.until });
                }}
              >
                {c.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <FormError error={toShownError(assign.error ?? status.error)} />
    </section>
  );
}
