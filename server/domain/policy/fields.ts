import { policyWords } from '../../../shared/policy';
import { AppError } from '../../lib/errors';
import type { ServiceCtx } from '../scope';
import { evaluateText, hitsInWords } from './evaluate';
import { recordRefused } from './hits';

/** The text fields besides messages that the policy watches, and how a sentence names them. */
const FIELDS = {
  'channel.name': { where: 'channel names', input: 'name', maskable: false },
  'channel.topic': { where: 'channel topics', input: 'topic', maskable: true },
  'channel.description': { where: 'channel descriptions', input: 'description', maskable: true },
  'support.note': { where: 'internal notes', input: 'body', maskable: true },
  'canned.title': { where: 'canned reply titles', input: 'title', maskable: false },
  'canned.body': { where: 'canned replies', input: 'body', maskable: true },
  'report.note': { where: 'reports', input: 'note', maskable: true },
  'review.note': { where: 'moderation notes', input: 'note', maskable: true },
  'lockdown.reason': { where: 'lockdown reasons', input: 'reason', maskable: true },
  'quarantine.reason': { where: 'quarantine reasons', input: 'reason', maskable: true },
  'legal_hold.reason': { where: 'legal hold reasons', input: 'reason', maskable: true },
  'correction.reason': { where: 'reasons for corrections', input: 'reason', maskable: true },
  'file.name': { where: 'file names', input: 'name', maskable: true },
  'file.comment': { where: 'comments on files', input: 'body', maskable: true },
} as const;
export type PolicyField = keyof typeof FIELDS;

/**
 * Runs the workspace's policy over a record's text fields, as sends do over messages: returns the
 * fields as they may be stored (masked where a rule redacts), records the hits in the caller's
 * transaction, or refuses the whole change with POLICY_BLOCKED and the reason at each field. A
 * name cannot hold a mask (its characters are restricted), so a redacting rule refuses it instead.
 */
export async function policyFields<F extends PolicyField>(
  ctx: ServiceCtx,
  userId: string,
  conversationId: string | null,
  fields: Partial<Record<F, string>>,
): Promise<Partial<Record<F, string>>> {
  const { security: policy } = await ctx.deps.settings.read(ctx.tx, ctx.scope.workspaceId);
  const out: Partial<Record<F, string>> = {};
  const fieldErrors: Record<string, string[]> = {};
  const kept: Parameters<typeof recordRefused>[2] = [];
  const refused: typeof kept = [];
  for (const [field, text] of Object.entries(fields) as [F, string | undefined][]) {
    if (text === undefined) continue;
    const spec = FIELDS[field];
    const v = evaluateText(policy, text);
    const block = v.action === 'block' || (!spec.maskable && v.action === 'redact');
    const hits = v.hits.map((h) => ({
      ...h,
      // What a name could not mask, it refused.
      action: block && h.action === 'redact' ? ('block' as const) : h.action,
      policyVersion: policy.version,
      userId,
      conversationId,
      field,
    }));
    if (block) {
      const what = [
        ...hitsInWords(v.hits, 'block', policy),
        ...(spec.maskable ? [] : hitsInWords(v.hits, 'redact', policy)),
      ];
      fieldErrors[spec.input] = [policyWords.refusedIn(what, spec.where)];
      refused.push(...hits);
    } else {
      out[field] = v.text;
      kept.push(...hits);
    }
  }
  const [first] = Object.values(fieldErrors);
  if (first) {
    await recordRefused(ctx.deps, ctx.scope.workspaceId, [...refused, ...kept]);
    throw new AppError('POLICY_BLOCKED', first[0]!, { fieldErrors });
  }
  if (kept.length > 0)
    await ctx.tx.policyHit.createMany({
      data: kept.map(({ policyVersion, ...h }) => ({
        ...h,
        policyVersion,
        workspaceId: ctx.scope.workspaceId,
      })),
    });
  return out;
}
