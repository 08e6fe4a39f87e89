'use client';
import { useId } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { useAdmin } from './admin-context';
import { ConfirmButton } from './ConfirmButton';
import { showTime } from './dates';
import { FormProblem } from './FormProblem';
import { QueryState } from './QueryState';

type Key = RouterOutputs['workspace']['keys'][number];

/** Re-encryption runs in a background job: while one runs, its progress is asked for this often. */
const POLL_MS = 1_000;
const running = (keys: Key[] | undefined) => !!keys?.some((k) => k.rotation && !k.rotation.finishedAt);

/** The workspace's data keys (newest first) and rotation to a new one, with its progress. */
export function KeyRotation() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const input = { workspaceId: ws.id };
  const keys = trpc.workspace.keys.useQuery(input, {
    refetchInterval: (q) => (running(q.state.data) ? POLL_MS : false),
  });
  const rotate = trpc.workspace.rotateKey.useMutation({
    onSuccess: (data) => utils.workspace.keys.setData(input, data),
  });

  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">Encryption key</h2>
      <p className="muted">
        Rotation creates a new data key, used at once for every new message, and re-encrypts older messages
        with it in the background. Messages stay readable throughout. “Encrypts now” counts the messages,
        edits and notes each key holds today; after a rotation the older keys hold none.
      </p>
      <ConfirmButton
        label="Rotate key"
        question="Create a new key and re-encrypt every message with it?"
        confirmLabel="Yes, rotate"
        className="secondary"
        pending={rotate.isPending || running(keys.data)}
        onConfirm={() => rotate.mutate(input)}
      />
      <FormProblem error={toShownError(rotate.error)} />
      <QueryState query={keys} what="keys" empty="No key yet: one is made with the first message.">
        {(list) => (
          <>
            {list[0]?.rotation ? <Progress version={list[0].version} rotation={list[0].rotation} /> : null}
            <Table
              label="Key versions"
              columns={['Version', 'Created', 'Encrypts now', 'Used so far', 'Rotation']}
            >
              {list.map((k, i) => (
                <tr key={k.version}>
                  <th scope="row">
                    v{k.version}
                    {i === 0 ? <span className="admin-badge">current</span> : null}
                  </th>
                  <td>
                    <time dateTime={k.createdAt}>{showTime(k.createdAt)}</time>
                  </td>
                  <td>{itemCount(k.rows)}</td>
                  <td>{k.encryptions.toLocaleString()} encryptions</td>
                  <td>
                    {k.rotation
                      ? k.rotation.finishedAt
                        ? `done (${k.rotation.total} re-encrypted)`
                        : `${k.rotation.done} of ${k.rotation.total}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </Table>
          </>
        )}
      </QueryState>
    </section>
  );
}

const itemCount = (n: number) => (n === 1 ? '1 item' : `${n.toLocaleString()} items`);

function Progress({ version, rotation }: { version: number; rotation: NonNullable<Key['rotation']> }) {
  const id = useId();
  const { total, done, finishedAt } = rotation;
  return (
    <div className="field admin-progress">
      <label htmlFor={id}>Rotation to key v{version}</label>
      {/* Nothing to re-encrypt counts as complete (a zero maximum would be an empty bar). */}
      <progress id={id} max={Math.max(total, 1)} value={total === 0 ? 1 : done} />
      <span role="status">
        {finishedAt
          ? `Rotation to v${version} done: ${total} re-encrypted, finished ${showTime(finishedAt)}.`
          : `Re-encrypting: ${done} of ${total}…`}
      </span>
    </div>
  );
}
