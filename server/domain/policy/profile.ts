import { policyWords } from '../../../shared/policy';
import type { Deps } from '../deps';
import { evaluateText, hitsInWords } from './evaluate';
import { recordRefused } from './hits';
import { parseSettings } from '../workspace/settings';
import type { SecurityPolicy } from './schemas';

/** A name's hits as recorded: a name cannot hold a mask, so what would be masked was refused. */
const nameHits = (hits: ReturnType<typeof evaluateText>['hits'], policyVersion: number, userId: string) =>
  hits.map((h) => ({
    ...h,
    action: h.action === 'redact' ? ('block' as const) : h.action,
    policyVersion,
    userId,
    conversationId: null,
    field: 'profile.name' as const,
  }));

/**
 * A display name is shown in every workspace its person belongs to, so it passes each one's
 * policy: refused when any of them would block or mask it (a name cannot hold a mask), with the
 * workspace named; what a workspace only flags is recorded there and the name is saved.
 * Returns the refusal's sentence, or null when the name may be saved.
 */
export async function displayNameRefusal(
  deps: Pick<Deps, 'tenants' | 'settings'>,
  userId: string,
  name: string,
): Promise<string | null> {
  const memberships = await deps.tenants.person(userId, (tx) =>
    tx.member.findMany({
      where: { userId },
      select: { workspaceId: true, workspace: { select: { name: true } } },
      orderBy: { createdAt: 'asc' },
    }),
  );
  let refusal: string | null = null;
  for (const m of memberships) {
    const { security: policy } = await deps.tenants.system(m.workspaceId, (tx) =>
      deps.settings.read(tx, m.workspaceId),
    );
    const v = evaluateText(policy, name);
    if (v.hits.length === 0) continue;
    const refused = v.action === 'block' || v.action === 'redact';
    await recordRefused(deps, m.workspaceId, nameHits(v.hits, policy.version, userId));
    if (refused && refusal === null) {
      const what = [...hitsInWords(v.hits, 'block', policy), ...hitsInWords(v.hits, 'redact', policy)];
      refusal = policyWords.refusedByWorkspace(m.workspace.name, what, 'display names');
    }
  }
  return refusal;
}

/**
 * A name against one workspace's policy: allowed unless a rule would block or mask it, with the
 * hits to record either way (a widget visitor's name from the host's token goes through this).
 */
export function nameVerdict(policy: SecurityPolicy, name: string, userId: string) {
  const v = evaluateText(policy, name);
  return {
    allowed: v.action !== 'block' && v.action !== 'redact',
    hits: nameHits(v.hits, policy.version, userId),
  };
}

/**
 * A person joining a workspace brings their display name into it: the same check against that one
 * workspace's policy, recorded there (in a transaction of its own: the join is refused). Returns
 * the refusal's sentence, or null when they may join.
 */
export async function joiningNameRefusal(
  deps: Pick<Deps, 'tenants'>,
  workspace: { id: string; name: string; settings: unknown },
  userId: string,
  name: string,
): Promise<string | null> {
  const policy = parseSettings(workspace.settings).security;
  const v = evaluateText(policy, name);
  if (v.hits.length === 0) return null;
  await recordRefused(deps, workspace.id, nameHits(v.hits, policy.version, userId));
  if (v.action !== 'block' && v.action !== 'redact') return null;
  const what = [...hitsInWords(v.hits, 'block', policy), ...hitsInWords(v.hits, 'redact', policy)];
  return policyWords.nameRefusedToJoin(workspace.name, what);
}
