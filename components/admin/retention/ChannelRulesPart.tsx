'use client';
import { useRef, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { useAdmin } from '../admin-context';
import { showTime } from '../dates';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import { ChannelRuleForm } from './ChannelRuleForm';
import { ruleInWords, type RetentionQuery } from './rules';

/** Channels whose rule replaces the workspace's, each able to follow the workspace again. */
export function ChannelRulesPart({ query }: { query: RetentionQuery }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const heading = useRef<HTMLHeadingElement>(null);
  const [note, setNote] = useState<string | null>(null);
  const follow = trpc.compliance.setChannelRetention.useMutation({
    onSuccess: (data, input) => {
      const name = query.data?.channels.find((c) => c.conversationId === input.conversationId)?.name;
      setNote(`${name ?? 'The channel'} follows the workspace's rule again.`);
      utils.compliance.retention.setData({ workspaceId: ws.id }, data);
      // Its row is gone: focus goes to the part's heading rather than to nowhere.
      heading.current?.focus();
      return utils.audit.invalidate();
    },
  });
  const pendingId = follow.isPending ? follow.variables.conversationId : null;
  return (
    <section aria-labelledby="retention-channels-h" className="retention-part">
      <h2 id="retention-channels-h" ref={heading} tabIndex={-1}>
        Channels with their own rule
      </h2>
      <p className="muted">
        A channel&apos;s own rule replaces the workspace&apos;s there. Direct messages and other conversations
        follow the workspace.
      </p>
      <p role="status" className="ok">
        {note}
      </p>
      <FormProblem error={toShownError(follow.error)} />
      <QueryState
        query={query}
        what="the channels' rules"
        empty="No channel has a rule of its own."
        isEmpty={(r) => r.channels.length === 0}
      >
        {(r) => (
          <Table label="Channels with their own rule" columns={['Channel', 'Rule', 'Set by', 'Actions']}>
            {r.channels.map((c) => (
              <tr key={c.conversationId}>
                <th scope="row">{c.name}</th>
                <td>{ruleInWords(c.messageDays)}</td>
                <td>
                  {c.setBy.name}, <time dateTime={c.setAt}>{showTime(c.setAt)}</time>
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    disabled={pendingId !== null}
                    onClick={() => {
                      setNote(null);
                      follow.mutate({
                        workspaceId: ws.id,
                        conversationId: c.conversationId,
                        messageDays: 'inherit',
                      });
                    }}
                  >
                    {pendingId === c.conversationId ? 'Saving…' : 'Follow the workspace'}
                    <span className="sr-only"> ({c.name})</span>
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
      <ChannelRuleForm channels={query.data?.channels ?? []} onSaved={() => setNote(null)} />
    </section>
  );
}
