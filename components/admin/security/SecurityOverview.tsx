'use client';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { useAdmin } from '../admin-context';
import { DateRangeForm, type DayRange } from '../DateRangeForm';
import { lastDays } from '../dates';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import { StatCard } from '../StatCard';
import { FailedSignInsChart, HitsPerDayChart } from './SecurityCharts';

type Security = RouterOutputs['admin']['securityAnalytics'];

/** The Security page's overview: what the policy caught, failed sign-ins, who, and the emergencies. */
export function SecurityOverview() {
  const { ws } = useAdmin();
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const q = trpc.admin.securityAnalytics.useQuery(
    { workspaceId: ws.id, ...range },
    { placeholderData: keepPreviousData },
  );
  const error = toShownError(q.error);
  return (
    <section aria-labelledby="security-overview-h" className="security-part">
      <h2 id="security-overview-h">Overview</h2>
      <DateRangeForm range={range} onChange={setRange} error={error} />
      {error ? (
        <FormProblem error={error} fields={['from', 'to']} />
      ) : (
        <QueryState query={q} what="the security overview" empty={null} isEmpty={() => false}>
          {(d) => <Report d={d} />}
        </QueryState>
      )}
    </section>
  );
}

function Report({ d }: { d: Security }) {
  const t = d.totals;
  return (
    <>
      <div className="admin-cards">
        <StatCard label="Caught by the policy" value={t.hits} />
        <StatCard label="Blocked" value={t.blocked} />
        <StatCard label="Rate-limited" value={t.rateLimited} hint="people over the limit" />
        <StatCard label="Failed sign-ins" value={t.failedSignIns} />
        <StatCard label="Lockdowns and quarantines" value={t.lockdowns + t.quarantines} />
      </div>
      <HitsPerDayChart days={d.days} />
      <FailedSignInsChart days={d.days} />
      <h3>Caught most</h3>
      {d.topFlagged.length === 0 ? (
        <p className="muted">Nobody was caught in this range.</p>
      ) : (
        <Table label="Caught most" columns={['Person', 'Times caught']}>
          {d.topFlagged.map((p) => (
            <tr key={p.userId}>
              <th scope="row">{p.name}</th>
              <td>{p.hits}</td>
            </tr>
          ))}
        </Table>
      )}
      <h3>Lockdowns and quarantines</h3>
      {d.timeline.length === 0 ? (
        <p className="muted">None in this range.</p>
      ) : (
        <ol className="security-timeline" aria-label="Lockdowns and quarantines">
          {d.timeline.map((e) => (
            <li key={`${e.kind}-${e.at}`}>
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> {e.text}{' '}
              <span className="muted">(until {new Date(e.endsAt).toLocaleString()})</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
