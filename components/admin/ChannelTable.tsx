'use client';
import { Fragment, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import type { Channel } from '@/components/chat/types';
import { Table } from '@/components/ui/table';
import { useAdmin } from './admin-context';
import { ChannelMembers } from './ChannelMembers';
import { showTime } from './dates';
import { FormProblem } from './FormProblem';
import { QueryState } from './QueryState';

/** Channels, archived ones included, with archive/unarchive and a membership panel per channel. */
export function ChannelTable() {
  const { ws } = useAdmin();
  const channels = trpc.channel.list.useQuery({ workspaceId: ws.id, includeArchived: true });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="channels-h">
      <h2 id="channels-h">Channels</h2>
      {/* channel.list shows private channels to their members only, admins included. */}
      <p className="muted">Private channels appear here only if you are one of their members.</p>
      <QueryState query={channels} what="channels" empty="No channels yet.">
        {(list) => (
          <Table label="Channels" columns={['Channel', 'Topic', 'Members', 'Status', 'Actions']}>
            {list.map((c) => (
              <Fragment key={c.id}>
                <ChannelRow
                  c={c}
                  open={open === c.id}
                  onToggle={() => setOpen(open === c.id ? null : c.id)}
                />
                {open === c.id ? (
                  <tr>
                    <td colSpan={5} id={`channel-members-${c.id}`}>
                      <ChannelMembers channel={c} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </Table>
        )}
      </QueryState>
    </section>
  );
}

function ChannelRow({ c, open, onToggle }: { c: Channel; open: boolean; onToggle: () => void }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const archive = trpc.channel.archive.useMutation({ onSuccess: () => utils.channel.list.invalidate() });
  return (
    <tr aria-label={`#${c.name}`}>
      <th scope="row">
        #{c.name}
        {c.isPrivate ? <span className="admin-badge">private</span> : null}
        {c.isDefault ? <span className="admin-badge">default</span> : null}
      </th>
      <td>{c.topic || <span className="muted">—</span>}</td>
      <td>{c.memberCount}</td>
      <td>
        {c.archivedAt ? (
          <>
            Archived <time dateTime={c.archivedAt}>{showTime(c.archivedAt)}</time>
          </>
        ) : (
          'Active'
        )}
      </td>
      <td>
        <div className="row admin-inline">
          <button
            type="button"
            className="secondary"
            aria-expanded={open}
            aria-controls={open ? `channel-members-${c.id}` : undefined}
            onClick={onToggle}
          >
            Members<span className="sr-only"> of #{c.name}</span>
          </button>
          {/* #general cannot be archived (the server refuses it as well). */}
          {c.isDefault ? null : (
            <button
              type="button"
              className={c.archivedAt ? 'secondary' : 'danger'}
              disabled={archive.isPending}
              onClick={() => archive.mutate({ workspaceId: ws.id, channelId: c.id, archived: !c.archivedAt })}
            >
              {c.archivedAt ? 'Unarchive' : 'Archive'}
              <span className="sr-only"> #{c.name}</span>
            </button>
          )}
        </div>
        <FormProblem error={toShownError(archive.error)} />
      </td>
    </tr>
  );
}
