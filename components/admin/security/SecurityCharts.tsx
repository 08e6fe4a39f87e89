'use client';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { RouterOutputs } from '@/components/client/trpc';
import { axis, ChartFigure, grid, size, tooltip } from '../Charts';

type Security = RouterOutputs['admin']['securityAnalytics'];
type Day = Security['days'][number];

// The policy's kinds of hit, in the words of the policy form, each in its own colour.
const KINDS = [
  { key: 'detector', name: 'Detectors', fill: 'var(--accent)' },
  { key: 'filter', name: 'Content filters', fill: 'var(--ok)' },
  { key: 'domain', name: 'Blocked domains', fill: 'var(--warn)' },
  { key: 'markup', name: 'Markup', fill: 'var(--muted)' },
  { key: 'limit', name: 'Rate limit', fill: 'var(--danger)' },
] as const satisfies readonly { key: keyof Day; name: string; fill: string }[];

const hitsOf = (d: Day) => KINDS.reduce((n, k) => n + d[k.key], 0);

/** What the policy caught per day, stacked by kind; the table has each day's total and blocked. */
export function HitsPerDayChart({ days }: { days: Day[] }) {
  const total = days.reduce((n, d) => n + hitsOf(d), 0);
  const blocked = days.reduce((n, d) => n + d.blocked, 0);
  const summary =
    total === 0
      ? `nothing caught in these ${days.length} days.`
      : `${total} caught over ${days.length} days, ${blocked} of them blocked.`;
  return (
    <ChartFigure
      title="Caught by the policy per day"
      summary={summary}
      columns={['Day (UTC)', 'Caught']}
      rows={days.map((d) => ({ label: d.day, value: hitsOf(d) }))}
    >
      <BarChart responsive style={size} data={days} accessibilityLayer={false}>
        <CartesianGrid {...grid} vertical={false} />
        <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} {...axis} />
        <YAxis allowDecimals={false} width={40} {...axis} />
        <Tooltip {...tooltip} />
        <Legend />
        {KINDS.map((k) => (
          <Bar key={k.key} dataKey={k.key} name={k.name} stackId="hits" fill={k.fill} />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

/** Failed sign-ins to accounts of this workspace, per day. */
export function FailedSignInsChart({ days }: { days: Day[] }) {
  const total = days.reduce((n, d) => n + d.failedSignIns, 0);
  return (
    <ChartFigure
      title="Failed sign-ins per day"
      summary={total === 0 ? 'no failed sign-ins in this range.' : `${total} failed sign-ins in this range.`}
      columns={['Day (UTC)', 'Failed sign-ins']}
      rows={days.map((d) => ({ label: d.day, value: d.failedSignIns }))}
    >
      <BarChart responsive style={size} data={days} accessibilityLayer={false}>
        <CartesianGrid {...grid} vertical={false} />
        <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} {...axis} />
        <YAxis allowDecimals={false} width={40} {...axis} />
        <Tooltip {...tooltip} />
        <Bar dataKey="failedSignIns" name="Failed sign-ins" fill="var(--danger)" radius={[3, 3, 0, 0]} />
      </BarChart>
    </ChartFigure>
  );
}
