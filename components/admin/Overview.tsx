'use client';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from './admin-context';
import { ActiveUsersChart, BusiestChannelsChart, MessagesPerDayChart } from './Charts';
import { DateRangeForm, type DayRange } from './DateRangeForm';
import { daysBetween, lastDays } from './dates';
import { FormProblem } from './FormProblem';
import { HealthPanel } from './Health';
import { QueryState } from './QueryState';
import { StatCard } from './StatCard';

/** Analytics for a range of UTC days: totals, then messages, active people and busiest channels. */
export function Overview() {
  const { ws } = useAdmin();
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  // The previous range's figures stay on screen while the next one loads.
  const analytics = trpc.admin.analytics.useQuery(
    { workspaceId: ws.id, ...range },
    { placeholderData: keepPreviousData },
  );
  const error = toShownError(analytics.error);

  return (
    <>
      <HealthPanel />
      <h2>Activity</h2>
      <DateRangeForm range={range} onChange={setRange} error={error} />
      <p role="status" className="muted" data-testid="analytics-range">
        {range.from} to {range.to} (UTC), {daysBetween(range.from, range.to)} days
        {analytics.isFetching ? ' · updating…' : ''}
      </p>
      {error ? (
        <FormProblem error={error} fields={['from', 'to']} />
      ) : (
        <QueryState query={analytics} what="analytics" empty={null} isEmpty={() => false}>
          {(data) => (
            <>
              <div className="admin-cards">
                <StatCard label="Messages" value={data.totals.messages} />
                <StatCard label="Active people" value={data.totals.activeUsers} hint="people who posted" />
              </div>
              {data.totals.messages === 0 ? <p className="muted">No messages in this range yet.</p> : null}
              <MessagesPerDayChart days={data.days} />
              <ActiveUsersChart days={data.days} />
              <BusiestChannelsChart channels={data.busiestChannels} />
            </>
          )}
        </QueryState>
      )}
    </>
  );
}
