import { readStates } from '../read-state/service';
import type { ServiceCtx } from '../scope';

/** Adds the caller's unread and mention counts to conversations they are in (0 elsewhere). */
export async function withCounts<T extends { id: string }>(
  ctx: ServiceCtx,
  items: T[],
): Promise<(T & { unread: number; mentions: number })[]> {
  const userId = ctx.scope.userId;
  if (!userId || items.length === 0) return items.map((i) => ({ ...i, unread: 0, mentions: 0 }));
  const states = await readStates(
    ctx.tx,
    ctx.scope.workspaceId,
    userId,
    items.map((i) => i.id),
  );
  const by = new Map(states.map((s) => [s.conversationId, s]));
  return items.map((i) => ({
    ...i,
    unread: by.get(i.id)?.unread ?? 0,
    mentions: by.get(i.id)?.mentions ?? 0,
  }));
}
