'use client';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { Table } from '@/components/ui/table';

// Colours come from the page's CSS variables, so the charts follow light and dark mode.
export const axis = { stroke: 'var(--border)', tick: { fill: 'var(--muted)', fontSize: 12 } };
export const grid = { stroke: 'var(--border)', strokeDasharray: '3 3' };
export const tooltip = {
  contentStyle: { background: 'var(--bg)', border: '1px solid var(--border)', color: 'var(--fg)' },
  labelStyle: { color: 'var(--fg)' },
  cursor: { fill: 'color-mix(in srgb, var(--accent) 12%, transparent)' },
};
export const size = { width: '100%', height: 260 } as const;

export interface Row {
  label: string;
  value: number;
}

/**
 * A chart with its text alternatives: the caption says what it shows in a sentence, and the same
 * numbers are in a table (collapsed, for everyone). The drawing itself is hidden from assistive
 * technology, which would otherwise read hundreds of unlabelled shapes.
 */
export function ChartFigure({
  title,
  summary,
  columns,
  rows,
  children,
}: {
  title: string;
  summary: string;
  columns: [string, string];
  rows: Row[];
  children: ReactNode;
}) {
  return (
    <figure className="admin-chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="muted"> — {summary}</span>
      </figcaption>
      <div aria-hidden="true" className="admin-chart-drawing">
        {children}
      </div>
      {rows.length === 0 ? null : (
        <details>
          <summary>{title}: data table</summary>
          <Table caption={title} hideCaption columns={columns}>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.value}</td>
              </tr>
            ))}
          </Table>
        </details>
      )}
    </figure>
  );
}

export interface DayPoint {
  day: string;
  messages: number;
  activeUsers: number;
}
type DayKey = 'messages' | 'activeUsers';

function peak(days: DayPoint[], key: DayKey) {
  return days.reduce<DayPoint | null>((best, d) => (!best || d[key] > best[key] ? d : best), null);
}

/** A series over the days of the range, drawn as bars or as a line, with its numbers in the table. */
function DailyChart({
  days,
  series,
  ...figure
}: {
  days: DayPoint[];
  series: { key: DayKey; name: string; column: string; draw: 'bar' | 'line' };
  title: string;
  summary: string;
}) {
  const Chart = series.draw === 'bar' ? BarChart : LineChart;
  return (
    <ChartFigure
      {...figure}
      columns={['Day (UTC)', series.column]}
      rows={days.map((d) => ({ label: d.day, value: d[series.key] }))}
    >
      <Chart responsive style={size} data={days} accessibilityLayer={false}>
        <CartesianGrid {...grid} vertical={false} />
        <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} {...axis} />
        <YAxis allowDecimals={false} width={40} {...axis} />
        <Tooltip {...tooltip} />
        {series.draw === 'bar' ? (
          <Bar dataKey={series.key} name={series.name} fill="var(--accent)" radius={[3, 3, 0, 0]} />
        ) : (
          <Line
            dataKey={series.key}
            name={series.name}
            type="linear"
            stroke="var(--ok)"
            strokeWidth={2}
            dot={false}
          />
        )}
      </Chart>
    </ChartFigure>
  );
}

export function MessagesPerDayChart({ days }: { days: DayPoint[] }) {
  const total = days.reduce((n, d) => n + d.messages, 0);
  const top = peak(days, 'messages');
  const summary =
    total === 0 || !top
      ? `no messages in these ${days.length} days.`
      : `${total} messages over ${days.length} days; the busiest day was ${top.day} with ${top.messages}.`;
  return (
    <DailyChart
      title="Messages per day"
      summary={summary}
      days={days}
      series={{ key: 'messages', name: 'Messages', column: 'Messages', draw: 'bar' }}
    />
  );
}

export function ActiveUsersChart({ days }: { days: DayPoint[] }) {
  const top = peak(days, 'activeUsers');
  const activeDays = days.filter((d) => d.activeUsers > 0).length;
  const summary =
    !top || top.activeUsers === 0
      ? 'nobody posted in this range.'
      : `people posted on ${activeDays} of ${days.length} days; the most was ${top.activeUsers} on ${top.day}.`;
  return (
    <DailyChart
      title="Active people per day"
      summary={summary}
      days={days}
      series={{ key: 'activeUsers', name: 'People', column: 'People who posted', draw: 'line' }}
    />
  );
}

export interface ChannelPoint {
  conversationId: string;
  name: string;
  messages: number;
}

export function BusiestChannelsChart({ channels }: { channels: ChannelPoint[] }) {
  const [first] = channels;
  const summary = first
    ? `#${first.name} leads with ${first.messages} messages (top ${channels.length} shown).`
    : 'no channel had messages in this range.';
  const rows = channels.map((c) => ({ label: `#${c.name}`, value: c.messages }));
  return (
    <ChartFigure title="Busiest channels" summary={summary} columns={['Channel', 'Messages']} rows={rows}>
      {first ? (
        <BarChart
          responsive
          style={{ width: '100%', height: 60 + channels.length * 32 }}
          data={rows}
          layout="vertical"
          accessibilityLayer={false}
        >
          <CartesianGrid {...grid} horizontal={false} />
          <XAxis type="number" allowDecimals={false} {...axis} />
          <YAxis type="category" dataKey="label" width={130} {...axis} />
          <Tooltip {...tooltip} />
          <Bar dataKey="value" name="Messages" fill="var(--accent)" radius={[0, 3, 3, 0]} />
        </BarChart>
      ) : null}
    </ChartFigure>
  );
}
