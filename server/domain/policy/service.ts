import type { z } from 'zod';
import { normaliseDomain } from '../../../shared/blocked-domains';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';
import { parseSettings } from '../workspace/settings';
import { checkPattern } from './pattern-check';
import type { composerRulesOutput, PolicyOutput, SecurityPolicy, setPolicyInput } from './schemas';

const toOutput = (p: SecurityPolicy): PolicyOutput => p;

/** The limits that are numbers (an audit detail holds flat records). */
const numbersOf = ({ tier: _tier, ...numbers }: SecurityPolicy['limits']) => numbers;

export async function getPolicy({ tx, scope }: ServiceCtx): Promise<PolicyOutput> {
  const w = await tx.workspace.findUniqueOrThrow({
    where: { id: scope.workspaceId },
    select: { settings: true },
  });
  return toOutput(parseSettings(w.settings).security);
}

export async function composerRules(ctx: ServiceCtx): Promise<z.infer<typeof composerRulesOutput>> {
  const { version, detectors } = await getPolicy(ctx);
  return { version, detectors };
}

/** Checks what zod cannot: each filter pattern (linear-time engine, no exponential cases) and each domain. */
async function checked(input: z.infer<typeof setPolicyInput>) {
  const fieldErrors: Record<string, string[]> = {};
  const patterns = await Promise.all(input.filters.map((f) => checkPattern(f.pattern, f.caseSensitive)));
  patterns.forEach((r, i) => {
    if (!r.ok) fieldErrors[`filters.${i}.pattern`] = [r.message];
  });
  const domains = input.blockedDomains.domains.map((d, i) => {
    const n = normaliseDomain(d);
    if (!n) fieldErrors[`blockedDomains.domains.${i}`] = [`“${d}” is not a domain, like example.com`];
    return n ?? d;
  });
  if (Object.keys(fieldErrors).length > 0)
    throw new AppError('VALIDATION', 'Some rules of the policy cannot be used', { fieldErrors });
  return { ...input, blockedDomains: { ...input.blockedDomains, domains: [...new Set(domains)] } };
}

/**
 * Replaces the workspace's security policy with a new version. It applies to the next message on
 * every node (the settings cache is forgotten everywhere after commit).
 */
export async function setPolicy(
  { tx, scope, meta, deps, afterCommit }: ServiceCtx,
  input: z.infer<typeof setPolicyInput>,
): Promise<PolicyOutput> {
  const { expectedVersion, ...rules } = await checked(input);
  // FOR UPDATE: two saves at once must not both pass the version check.
  const [row] = await tx.$queryRaw<{ settings: unknown }[]>`
    SELECT settings FROM workspace WHERE id = ${scope.workspaceId}::uuid FOR UPDATE`;
  const settings = parseSettings(row?.settings);
  const current = settings.security;
  if (current.version !== expectedVersion)
    throw new AppError(
      'CONFLICT',
      `The policy was changed by someone else (now version ${current.version}). Reload it and make your change again.`,
    );
  const next: SecurityPolicy = {
    ...rules,
    version: current.version + 1,
    updatedAt: new Date().toISOString(),
    updatedBy: scope.actor.kind === 'user' ? scope.actor.userId : null,
  };
  await tx.workspace.update({
    where: { id: scope.workspaceId },
    data: { settings: { ...settings, security: next } },
  });
  const workspaceId = scope.workspaceId;
  afterCommit(() => deps.settings.forget(workspaceId));
  await audit(
    { tx, scope, meta },
    'policy.update',
    { type: 'workspace', id: workspaceId },
    {
      version: next.version,
      detectors: Object.entries(next.detectors).map(([d, a]) => `${d}: ${a}`),
      filters: next.filters.map((f) => `${f.name}: ${f.action}`),
      blockedDomains: next.blockedDomains.domains.length,
      blockedDomainAction: next.blockedDomains.action,
      markup: next.markup,
      limits: numbersOf(next.limits),
      rateTier: next.limits.tier,
      threat: {
        holdAt: next.threat.holdAt,
        quarantineAt: next.threat.quarantineAt,
        quarantineMinutes: next.threat.quarantineMinutes,
      },
      holdForReview: next.threat.hold,
    },
  );
  return toOutput(next);
}
