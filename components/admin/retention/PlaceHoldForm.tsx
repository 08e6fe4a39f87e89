'use client';
import { useId, useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Field } from '@/components/ui/field';
import { HOLD_REASON_MAX, HOLD_SCOPES, type HoldScope } from '@/shared/retention';
import { useAdmin } from '../admin-context';
import { FormProblem } from '../FormProblem';
import { PersonSelect } from '../PersonSelect';
import { ChannelSelect } from './ChannelSelect';
import { scopeLabel } from './rules';

/** Places a legal hold on the whole workspace, one channel, or one person's messages. */
export function PlaceHoldForm({ onPlaced }: { onPlaced: () => void }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const heading = useId();
  const [scope, setScope] = useState<HoldScope>('workspace');
  const [channelId, setChannelId] = useState('');
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<ShownError | null>(null);
  const [placed, setPlaced] = useState<string | null>(null);
  const channels = trpc.channel.list.useQuery(
    { workspaceId: ws.id, includeArchived: true },
    { enabled: scope === 'conversation' },
  );
  // Visitors too: what a widget visitor wrote may be needed as much as anyone's.
  const people = trpc.member.list.useQuery(
    { workspaceId: ws.id, includeVisitors: true },
    { enabled: scope === 'person' },
  );
  const place = trpc.compliance.placeHold.useMutation({
    onSuccess: (h) => {
      setPlaced(`The hold on ${h.covers} is placed.`);
      setReason('');
      onPlaced();
      return Promise.all([utils.compliance.holds.invalidate(), utils.audit.invalidate()]);
    },
  });
  const error =
    local ??
    toShownError(place.error) ??
    toShownError(scope === 'conversation' ? channels.error : scope === 'person' ? people.error : null);

  // The fields on show; the errors of any other go above the button.
  const shown = [
    'reason',
    ...(scope === 'conversation' ? ['conversationId'] : []),
    ...(scope === 'person' ? ['userId'] : []),
  ];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPlaced(null);
    // Said here in the page's words ("channel"); the server would ask for a "conversation".
    const missing: Record<string, string[]> | null =
      scope === 'conversation' && !channelId
        ? { conversationId: ['Choose a channel to hold'] }
        : scope === 'person' && !userId
          ? { userId: ['Choose the person whose messages to hold'] }
          : null;
    setLocal(missing ? { message: '', fieldErrors: missing } : null);
    if (missing) return;
    place.mutate({
      workspaceId: ws.id,
      scope,
      reason,
      ...(scope === 'conversation' ? { conversationId: channelId } : {}),
      ...(scope === 'person' ? { userId } : {}),
    });
  }

  return (
    <form className="stack retention-form" onSubmit={onSubmit} noValidate aria-labelledby={heading}>
      <h3 id={heading}>Place a legal hold</h3>
      <fieldset className="admin-fieldset">
        <legend>What it covers</legend>
        {HOLD_SCOPES.map((s) => (
          <label key={s} className="check">
            <input
              type="radio"
              name="scope"
              value={s}
              checked={scope === s}
              onChange={() => {
                setPlaced(null);
                setLocal(null);
                setScope(s);
              }}
            />
            <span>{scopeLabel[s]}</span>
          </label>
        ))}
      </fieldset>
      {scope === 'conversation' ? (
        <ChannelSelect channels={channels.data} value={channelId} onChange={setChannelId} error={error} />
      ) : null}
      {scope === 'person' ? (
        <PersonSelect people={people.data} value={userId} onChange={setUserId} error={error} />
      ) : null}
      <Field
        label="Reason"
        name="reason"
        required
        maxLength={HOLD_REASON_MAX}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={error}
        hint="Why it is held, for example the case it is for. It is kept in the audit log."
      />
      <FormProblem error={error} fields={shown} />
      <div className="row">
        <button type="submit" disabled={place.isPending}>
          {place.isPending ? 'Placing…' : 'Place hold'}
        </button>
        <span role="status" className="ok">
          {placed}
        </span>
      </div>
    </form>
  );
}
