'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import type { Channel } from '@/components/chat/types';
import { SelectField } from '@/components/ui/field';
import { Table } from '@/components/ui/table';
import { useAdmin } from './admin-context';
import { showTime } from './dates';
import { FormProblem } from './FormProblem';
import { QueryState } from './QueryState';

/** Who is in one channel; add workspace members to it or take them out. */
export function ChannelMembers({ channel }: { channel: Channel }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const ref = { workspaceId: ws.id, channelId: channel.id };
  const members = trpc.channel.members.useQuery(ref);
  // The team only (member.list's default): widget visitors cannot be added to channels.
  const everyone = trpc.member.list.useQuery({ workspaceId: ws.id });
  const refresh = () => Promise.all([utils.channel.members.invalidate(ref), utils.channel.list.invalidate()]);
  const add = trpc.channel.addMember.useMutation({ onSuccess: refresh });
  const remove = trpc.channel.removeMember.useMutation({ onSuccess: refresh });
  const [pick, setPick] = useState('');
  const error = toShownError(add.error ?? remove.error);

  const inChannel = new Set(members.data?.map((m) => m.userId));
  const candidates = (everyone.data ?? []).filter((m) => !inChannel.has(m.userId));

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pick) add.mutate({ ...ref, userId: pick }, { onSuccess: () => setPick('') });
  }

  return (
    <div className="admin-panel" role="region" aria-label={`Members of #${channel.name}`}>
      {channel.archivedAt ? (
        <p className="muted">Unarchive #{channel.name} to change who is in it.</p>
      ) : (
        <form className="row" onSubmit={onAdd}>
          <SelectField
            label={`Add to #${channel.name}`}
            name="userId"
            value={pick}
            onChange={(e) => setPick(e.target.value)}
            options={[
              { value: '', label: candidates.length ? 'Choose a member…' : 'Everyone is in it' },
              ...candidates.map((m) => ({ value: m.userId, label: m.name })),
            ]}
          />
          <button type="submit" disabled={!pick || add.isPending}>
            Add
          </button>
        </form>
      )}
      <FormProblem error={error} />
      <QueryState query={members} what="channel members" empty="Nobody is in this channel.">
        {(list) => (
          <Table label={`People in #${channel.name}`} columns={['Name', 'Channel role', 'Joined', 'Actions']}>
            {list.map((m) => (
              <tr key={m.userId}>
                <th scope="row">{m.name}</th>
                <td>{m.role}</td>
                <td>
                  <time dateTime={m.joinedAt}>{showTime(m.joinedAt)}</time>
                </td>
                <td>
                  {/* Everyone stays in the default channel. */}
                  {channel.isDefault ? null : (
                    <button
                      type="button"
                      className="danger"
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ ...ref, userId: m.userId })}
                    >
                      Remove
                      <span className="sr-only">
                        {' '}
                        {m.name} from #{channel.name}
                      </span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
    </div>
  );
}
