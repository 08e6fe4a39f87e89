'use client';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { lockdownModeLabel } from '@/shared/lockdown';
import { useAdmin } from './admin-context';
import { ago } from './dates';
import { QueryState } from './QueryState';

/** Health is not pushed to the console, so it asks again this often (and on demand). */
const REFRESH_MS = 15_000;
type Health = RouterOutputs['admin']['health'];

/** What an admin checks first when people say chat is broken: each moving part, in plain words. */
export function HealthPanel() {
  const { ws } = useAdmin();
  const health = trpc.admin.health.useQuery(
    { workspaceId: ws.id },
    { refetchInterval: REFRESH_MS, staleTime: 0 },
  );
  return (
    <section aria-labelledby="health-title" className="admin-health">
      <div className="row">
        <h2 id="health-title">Health</h2>
        <button
          type="button"
          className="secondary"
          disabled={health.isFetching}
          onClick={() => void health.refetch()}
        >
          {health.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <QueryState query={health} what="health" empty={null} isEmpty={() => false}>
        {(h) => <HealthReport h={h} />}
      </QueryState>
    </section>
  );
}

function HealthReport({ h }: { h: Health }) {
  const checkedAt = new Date(h.checkedAt).toLocaleTimeString();
  return (
    <>
      {h.status === 'ok' ? (
        <p role="status" className="ok">
          Everything works. Checked at {checkedAt}.
        </p>
      ) : (
        <div role="alert" className="admin-health-problems">
          <p>Needs attention (checked at {checkedAt}):</p>
          <ul>
            {h.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="admin-health-facts">
        <dt>Database</dt>
        <dd>
          {h.messaging.database === 'ok' ? 'Answers' : 'Slow'} in {h.messaging.databaseMs} ms
        </dd>
        <dt>Connections</dt>
        <dd>{socketsLine(h.sockets)}</dd>
        <dt>Redis</dt>
        <dd>
          {h.redis.mode === 'single-node'
            ? 'Not used (one node)'
            : h.redis.connected
              ? 'Connected'
              : 'Unreachable from this node'}
        </dd>
        <dt>Background jobs</dt>
        <dd>
          {h.jobs.queued === null
            ? 'No job queue runs on this node'
            : `${h.jobs.queued.toLocaleString()} waiting`}
        </dd>
        <dt>Audit checkpoint</dt>
        <dd>
          {h.audit.checkpointAgeSeconds === null
            ? 'None signed yet'
            : `Signed ${ago(h.audit.checkpointAgeSeconds)}`}{' '}
          <span className="muted">({h.audit.headSeq} entries)</span>
        </dd>
        <dt>Security policy</dt>
        <dd>Version {h.policy.version}</dd>
        <dt>Lockdown</dt>
        <dd>
          {h.lockdown
            ? `${lockdownModeLabel[h.lockdown.mode]} until ${new Date(h.lockdown.endsAt).toLocaleString()}`
            : 'None'}
        </dd>
      </dl>
    </>
  );
}

function socketsLine(s: Health['sockets']): string {
  const total = `${s.total.toLocaleString()} socket${s.total === 1 ? '' : 's'}`;
  if (s.nodes.length <= 1) return total;
  return `${total}: ${s.nodes.map((n) => `${n.sockets} on ${n.node}`).join(', ')}`;
}
