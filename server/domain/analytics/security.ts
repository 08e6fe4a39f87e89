import type { z } from 'zod';
import type { ServiceCtx } from '../scope';
import type { analyticsInput } from './schemas';

const DAY = 86_400_000;
export const HIT_SOURCES = ['detector', 'filter', 'domain', 'markup', 'limit'] as const;
type Source = (typeof HIT_SOURCES)[number];
type SecurityDay = { day: string; blocked: number; failedSignIns: number } & Record<Source, number>;

/**
 * The Security page's overview for a range of UTC days: what the policy caught per day (by kind,
 * and how many of those were blocked), failed sign-ins, the people caught most, and the
 * lockdowns and quarantines that started in the range, as a timeline.
 */
export async function securityAnalytics(ctx: ServiceCtx, input: z.infer<typeof analyticsInput>) {
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const from = new Date(`${input.from}T00:00:00Z`);
  const to = new Date(Date.parse(`${input.to}T00:00:00Z`) + DAY);
  const hits = await tx.$queryRaw<{ day: Date; source: Source; action: string; n: bigint }[]>`
    SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, source, action, count(*) AS n
    FROM policy_hit WHERE workspace_id = ${ws}::uuid AND created_at >= ${from} AND created_at < ${to}
    GROUP BY 1, 2, 3`;
  const failed = await tx.$queryRaw<{ day: Date; n: bigint }[]>`
    SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, count(*) AS n
    FROM audit_event WHERE workspace_id = ${ws}::uuid AND action = 'auth.sign_in_failed'
      AND created_at >= ${from} AND created_at < ${to}
    GROUP BY 1`;
  const top = await tx.$queryRaw<{ user_id: string; n: bigint }[]>`
    SELECT user_id, count(*) AS n FROM policy_hit
    WHERE workspace_id = ${ws}::uuid AND created_at >= ${from} AND created_at < ${to}
    GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 10`;
  const [lockdowns, quarantines] = await Promise.all([
    tx.lockdown.findMany({
      where: { workspaceId: ws, startedAt: { gte: from, lt: to } },
      orderBy: { startedAt: 'asc' },
    }),
    tx.quarantine.findMany({
      where: { workspaceId: ws, startedAt: { gte: from, lt: to } },
      orderBy: { startedAt: 'asc' },
    }),
  ]);
  const ids = [...top.map((t) => t.user_id), ...quarantines.map((q) => q.userId)];
  const members = ids.length
    ? await tx.member.findMany({
        where: { workspaceId: ws, userId: { in: ids } },
        select: { userId: true, user: { select: { name: true } } },
      })
    : [];
  const nameOf = (id: string) => members.find((m) => m.userId === id)?.user.name ?? 'Former member';

  const key = (d: Date) => d.toISOString().slice(0, 10);
  const days: SecurityDay[] = [];
  // Every day of the range, empty ones included, so charts have no holes.
  for (let t = from.getTime(); t < to.getTime(); t += DAY) {
    const day = key(new Date(t));
    const those = hits.filter((h) => key(h.day) === day);
    const count = (f: (h: (typeof hits)[number]) => boolean) =>
      those.filter(f).reduce((n, h) => n + Number(h.n), 0);
    const bySource = (s: Source) => count((h) => h.source === s);
    days.push({
      day,
      detector: bySource('detector'),
      filter: bySource('filter'),
      domain: bySource('domain'),
      markup: bySource('markup'),
      limit: bySource('limit'),
      blocked: count((h) => h.action === 'block'),
      failedSignIns: Number(failed.find((f) => key(f.day) === day)?.n ?? 0),
    });
  }
  const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((n, d) => n + f(d), 0);
  const timeline = [
    ...lockdowns.map((l) => ({
      at: l.startedAt.toISOString(),
      kind: 'lockdown' as const,
      text: `${l.mode === 'full' ? 'Full' : 'Read-only'} lockdown: ${l.reason}`,
      endsAt: (l.endedAt ?? l.endsAt).toISOString(),
    })),
    ...quarantines.map((q) => ({
      at: q.startedAt.toISOString(),
      kind: 'quarantine' as const,
      text: `${nameOf(q.userId)} in quarantine: ${q.reason}`,
      endsAt: (q.endedAt ?? q.endsAt).toISOString(),
    })),
  ].sort((x, y) => x.at.localeCompare(y.at));
  return {
    days,
    topFlagged: top.map((t) => ({ userId: t.user_id, name: nameOf(t.user_id), hits: Number(t.n) })),
    timeline,
    totals: {
      hits: sum((d) => HIT_SOURCES.reduce((n, s) => n + d[s], 0)),
      blocked: sum((d) => d.blocked),
      rateLimited: sum((d) => d.limit),
      failedSignIns: sum((d) => d.failedSignIns),
      lockdowns: lockdowns.length,
      quarantines: quarantines.length,
    },
  };
}
