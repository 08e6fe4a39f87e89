import type { Deps } from '../deps';
import { logFailure } from '../../lib/logger';
import type { PolicyHit } from './evaluate';

export type RefusedHit = PolicyHit & {
  policyVersion: number;
  userId: string;
  conversationId: string | null;
  /** The text it was in: a message unless said (server/domain/policy/fields.ts). */
  field?: string;
};

/**
 * Records what the policy refused. Best effort: the refusal itself stands whether or not its trace
 * could be written (a database that is away must not turn a clear 422 into a 503).
 */
export async function recordRefused(deps: Pick<Deps, 'tenants'>, workspaceId: string, hits: RefusedHit[]) {
  try {
    await deps.tenants.system(workspaceId, (tx, ws) =>
      tx.policyHit.createMany({
        data: hits.map((h) => ({
          workspaceId: ws,
          messageId: null,
          conversationId: h.conversationId,
          field: h.field ?? 'message',
          userId: h.userId,
          source: h.source,
          rule: h.rule,
          action: h.action,
          policyVersion: h.policyVersion,
        })),
      }),
    );
  } catch (err) {
    logFailure(err, 'could not record refused sends', { workspaceId });
  }
}
