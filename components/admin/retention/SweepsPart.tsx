'use client';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { Table } from '@/components/ui/table';
import { useAdmin } from '../admin-context';
import { showTime } from '../dates';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import { askedNote, runResult, runStatusLabel, type Asked, type RetentionQuery, type Run } from './rules';

/** The sweep's recent runs, with the progress of one that runs, and a sweep on demand. */
export function SweepsPart({
  query,
  pollError,
  asked,
  onAsked,
}: {
  query: RetentionQuery;
  /** A failed poll, shown above the runs it could not refresh. */
  pollError: unknown;
  asked: Asked | null;
  onAsked: (asked: Asked) => void;
}) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const run = trpc.compliance.runRetention.useMutation({
    onSuccess: () => utils.compliance.retention.invalidate({ workspaceId: ws.id }),
  });
  const running = !!query.data?.runs.some((r) => r.status === 'running');
  const ask = () => {
    // The newest run now: the page polls quickly until a newer one (this sweep's) shows up.
    onAsked({ after: query.data?.runs[0]?.id ?? null, at: Date.now() });
    run.mutate({ workspaceId: ws.id });
  };
  return (
    <section aria-labelledby="retention-sweeps-h" className="retention-part">
      <h2 id="retention-sweeps-h">Sweeps</h2>
      <p className="muted">
        Each sweep counts the messages older than their rule, keeps those under a legal hold and deletes the
        rest. A thread stays while any of its replies does.
      </p>
      <div className="row admin-inline">
        <button
          type="button"
          className="secondary"
          disabled={run.isPending || running || !query.data}
          onClick={ask}
        >
          Run the sweep now
        </button>
        <span role="status" className="ok">
          {query.data && !run.isError ? askedNote(query.data, asked) : ''}
        </span>
      </div>
      <FormProblem error={toShownError(run.error)} />
      {pollError ? <FormError error={toShownError(pollError)} /> : null}
      <QueryState
        query={query}
        what="the sweeps"
        empty="No sweep has run yet."
        isEmpty={(r) => r.runs.length === 0}
      >
        {(r) => (
          <Table label="Recent sweeps" columns={['Started', 'Status', 'What it did', 'Finished']}>
            {r.runs.map((x) => (
              <RunRow key={x.id} r={x} />
            ))}
          </Table>
        )}
      </QueryState>
    </section>
  );
}

function RunRow({ r }: { r: Run }) {
  // What a hold keeps is not deleted: the bar fills with the rest. Nothing to delete counts as
  // complete (a zero maximum would be an empty bar).
  const deletable = r.expired - r.held;
  return (
    <tr>
      <th scope="row">
        <time dateTime={r.startedAt}>{showTime(r.startedAt)}</time>
      </th>
      <td>
        {runStatusLabel[r.status]}
        {r.status === 'running' ? (
          <>
            {' '}
            <progress
              className="retention-progress"
              max={Math.max(deletable, 1)}
              value={deletable === 0 ? 1 : Math.min(r.deleted, deletable)}
              aria-label={`Sweep started ${showTime(r.startedAt)}`}
            />
          </>
        ) : null}
        {r.status === 'failed' && r.error ? <span className="muted">: {r.error}</span> : null}
      </td>
      <td>{runResult(r)}</td>
      <td>{r.finishedAt ? <time dateTime={r.finishedAt}>{showTime(r.finishedAt)}</time> : '—'}</td>
    </tr>
  );
}
