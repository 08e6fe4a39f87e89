'use client';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { can } from '@/shared/roles';
import { useAdmin } from './admin-context';
import { AuditExport } from './AuditExport';
import { AuditFilters, type AuditFilter } from './AuditFilters';
import { auditColumns, AuditRow } from './AuditRow';
import { FormProblem } from './FormProblem';
import { VerifyChain } from './VerifyChain';

/** The workspace's audit log, newest first, filtered by actor, action and days; and its verification. */
export function AuditLog() {
  const { ws } = useAdmin();
  const [filter, setFilter] = useState<AuditFilter>({});
  const utils = trpc.useUtils();
  // Applying always reads the log again: a filter used before would otherwise show its cached page.
  const apply = (f: AuditFilter) => {
    setFilter(f);
    void utils.audit.list.invalidate();
  };
  // Visitors included: their refused calls are audited, and the filter offers them on request.
  const members = trpc.member.list.useQuery({ workspaceId: ws.id, includeVisitors: true });
  const channels = trpc.channel.list.useQuery({ workspaceId: ws.id, includeArchived: true });
  const keys = trpc.apiKey.list.useQuery({ workspaceId: ws.id }, { enabled: can(ws.role, 'apiKey.manage') });
  // Targets and actors are ids in the log; names read better where the console knows them.
  const names = new Map<string, string>([
    [ws.id, ws.name],
    ...(channels.data ?? []).map((c): [string, string] => [c.id, `#${c.name}`]),
    ...(members.data ?? []).map((m): [string, string] => [m.userId, m.name]),
    ...(keys.data ?? []).map((k): [string, string] => [k.id, `API key “${k.name}”`]),
  ]);
  const log = trpc.audit.list.useInfiniteQuery(
    { workspaceId: ws.id, limit: 50, ...filter },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const error = toShownError(log.error);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <VerifyChain names={names} />
      <section aria-labelledby="entries-h">
        <h2 id="entries-h">Entries</h2>
        <AuditFilters members={members.data ?? []} error={error} onApply={apply} />
        <FormProblem error={error} fields={['action', 'actorId', 'from', 'to']} />
        <AuditExport filter={filter} names={names} />
        {log.isPending ? (
          <p role="status" className="muted">
            Loading the audit log…
          </p>
        ) : log.error ? null : items.length === 0 ? (
          <p className="muted">No entries match.</p>
        ) : (
          <Table label="Audit entries" columns={auditColumns}>
            {items.map((e) => (
              <AuditRow key={e.seq} e={e} names={names} />
            ))}
          </Table>
        )}
        {log.hasNextPage ? (
          <button
            type="button"
            className="secondary"
            disabled={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
          >
            {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
      </section>
    </>
  );
}
