import { policyWords } from '../../../shared/policy';
import { AppError } from '../../lib/errors';
import type { Deps } from '../deps';
import type { Tx } from '../../db/client';

/** Reads in a transaction scoped to the workspace (the send's own, or a new one). */
type TenantRead = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
import type { RefusedHit } from './hits';
import type { SecurityPolicy } from './schemas';

const DAY_MS = 86_400_000;

interface Sending {
  userId: string;
  conversationId: string;
  /** Widget visitors are anonymous: they always have the new-account limit. */
  visitor?: boolean | undefined;
}

/**
 * Charges each send of a batch to its sender's budget in this workspace: the policy's messages per
 * minute, or its lower new-account limit for accounts younger than `newAccountDays` and for
 * widget visitors. Returns each item's refusal (null when admitted) and, for the send that first
 * went over in a window, a `limit` hit for the security overview (one per offence, not per refusal).
 */
export async function chargeSends(
  deps: Pick<Deps, 'sendRate'>,
  read: TenantRead,
  workspaceId: string,
  policy: SecurityPolicy,
  items: readonly Sending[],
  now: Date,
): Promise<{ refusals: (AppError | null)[]; hits: RefusedHit[] }> {
  const { messagesPerMinute, newAccountMessagesPerMinute, newAccountDays } = policy.limits;
  const newer = Math.min(newAccountMessagesPerMinute, messagesPerMinute);
  const isNew = await newAccounts(read, items, newAccountDays, now, newer < messagesPerMinute);
  const hits: RefusedHit[] = [];
  const refusals = await Promise.all(
    items.map(async (item) => {
      const fresh = item.visitor === true || isNew.has(item.userId);
      const limit = fresh ? newer : messagesPerMinute;
      const charge = await deps.sendRate.take(workspaceId, item.userId, limit);
      if (charge.ok) return null;
      if (charge.offence)
        hits.push({
          source: 'limit',
          rule: fresh ? 'newAccountMessagesPerMinute' : 'messagesPerMinute',
          action: 'block',
          policyVersion: policy.version,
          userId: item.userId,
          conversationId: item.conversationId,
        });
      return new AppError('TOO_MANY_REQUESTS', policyWords.tooFast(limit, fresh, charge.retryAfterSeconds), {
        retryAfterSeconds: charge.retryAfterSeconds,
      });
    }),
  );
  return { refusals, hits };
}

/** The senders whose accounts are younger than `days` (read only when the two limits differ). */
async function newAccounts(
  read: TenantRead,
  items: readonly Sending[],
  days: number,
  now: Date,
  differ: boolean,
): Promise<Set<string>> {
  const ids = [...new Set(items.filter((i) => i.visitor !== true).map((i) => i.userId))];
  if (!differ || days === 0 || ids.length === 0) return new Set();
  const since = new Date(now.getTime() - days * DAY_MS);
  const rows = await read((tx) =>
    tx.user.findMany({ where: { id: { in: ids }, createdAt: { gt: since } }, select: { id: true } }),
  );
  return new Set(rows.map((r) => r.id));
}
