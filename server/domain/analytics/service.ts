import type { z } from 'zod';
import type { ServiceCtx } from '../scope';
import type { analyticsInput } from './schemas';

const DAY = 86_400_000;

/** Messages and active people (distinct authors) per UTC day, and the busiest channels, in a range. */
export async function analytics(ctx: ServiceCtx, input: z.infer<typeof analyticsInput>) {
  const { tx, scope } = ctx;
  const from = new Date(`${input.from}T00:00:00Z`);
  const to = new Date(Date.parse(`${input.to}T00:00:00Z`) + DAY);
  const perDay = await tx.$queryRaw<{ day: Date; messages: bigint; active: bigint }[]>`
    SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, count(*) AS messages,
      count(DISTINCT author_id) AS active
    FROM message WHERE workspace_id = ${scope.workspaceId}::uuid AND created_at >= ${from} AND created_at < ${to}
    GROUP BY 1 ORDER BY 1`;
  const [totals] = await tx.$queryRaw<{ messages: bigint; active: bigint }[]>`
    SELECT count(*) AS messages, count(DISTINCT author_id) AS active FROM message
    WHERE workspace_id = ${scope.workspaceId}::uuid AND created_at >= ${from} AND created_at < ${to}`;
  const busiest = await tx.$queryRaw<{ id: string; name: string; messages: bigint }[]>`
    SELECT c.id, c.name, count(*) AS messages FROM message m
    JOIN conversation c ON c.workspace_id = m.workspace_id AND c.id = m.conversation_id
    WHERE m.workspace_id = ${scope.workspaceId}::uuid AND c.kind = 'channel'
      AND m.created_at >= ${from} AND m.created_at < ${to}
    GROUP BY c.id, c.name ORDER BY count(*) DESC, c.name LIMIT 10`;
  const byDay = new Map(perDay.map((r) => [r.day.toISOString().slice(0, 10), r]));
  const days = [];
  // Every day of the range, empty ones included, so charts have no holes.
  for (let t = from.getTime(); t < to.getTime(); t += DAY) {
    const key = new Date(t).toISOString().slice(0, 10);
    const r = byDay.get(key);
    days.push({ day: key, messages: Number(r?.messages ?? 0), activeUsers: Number(r?.active ?? 0) });
  }
  return {
    days,
    busiestChannels: busiest.map((b) => ({
      conversationId: b.id,
      name: b.name,
      messages: Number(b.messages),
    })),
    totals: { messages: Number(totals?.messages ?? 0), activeUsers: Number(totals?.active ?? 0) },
  };
}
