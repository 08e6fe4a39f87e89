import type { z } from 'zod';
import { checkpointCopy } from '../audit/copy-config';
import { verifyAudit } from '../audit/verify';
import { env } from '../../env';
import { appSecrets } from '../../lib/app-secrets';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import type { analyticsInput } from '../analytics/schemas';
import { namesIn } from './names';
import { c, DAY, day, dlp, encryption, holds, retention, type Period } from './report-parts';
import type { ReportSection } from './report-schemas';

/** Members not seen for this long are listed for the access review. */
const INACTIVE_DAYS = 90;

async function audit(ctx: ServiceCtx): Promise<ReportSection> {
  const e = env();
  const v = await verifyAudit(ctx, {
    checkpointKey: appSecrets().checkpointKey,
    intervalSeconds: e.AUDIT_CHECKPOINT_INTERVAL_SECONDS,
    copy: checkpointCopy(),
  });
  const notes = [
    ...(v.ok ? [] : [`The chain breaks at entry #${v.brokenAt ?? '?'}: ${v.reason ?? 'unknown reason'}.`]),
    ...v.warnings,
  ];
  return {
    id: 'audit',
    title: 'Audit log',
    status: notes.length ? 'attention' : 'in_force',
    controls: [
      c('GDPR', 'Art. 5(2)', 'Accountability'),
      c('HIPAA', '§164.312(b)', 'Audit controls'),
      c('SOC 2', 'CC7.2', 'Monitoring of system components'),
    ],
    facts: [
      { label: 'Verification now', value: v.ok ? `the hash chain holds (${v.checked} entries)` : 'BROKEN' },
      {
        label: 'Newest signed checkpoint',
        value: v.checkpoint
          ? `#${v.checkpoint.seq}, signed ${v.checkpoint.createdAt.slice(0, 16).replace('T', ' ')} UTC`
          : 'none yet',
      },
      {
        label: 'Copy outside the database',
        value: v.copy
          ? v.copy.consulted
            ? v.copy.agrees
              ? 'agrees'
              : 'DISAGREES'
            : 'could not be read'
          : 'not configured',
      },
      {
        label: 'Pruned by retention',
        value: v.prunedBefore ? `entries before #${v.prunedBefore}` : 'nothing',
      },
    ],
    notes,
    table: null,
  };
}

async function access(ctx: ServiceCtx, now: Date): Promise<ReportSection> {
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const [members, keys] = await Promise.all([
    tx.member.findMany({
      where: { workspaceId: ws },
      select: {
        userId: true,
        role: true,
        createdAt: true,
        lastSeenAt: true,
        user: { select: { name: true, email: true } },
      },
      orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
    }),
    tx.apiKey.findMany({
      where: { workspaceId: ws, revokedAt: null },
      select: { name: true, scopes: true, lastUsedAt: true, expiresAt: true },
    }),
  ]);
  const count = (r: string) => members.filter((m) => m.role === r).length;
  const stale = members.filter(
    (m) => !m.lastSeenAt || now.getTime() - m.lastSeenAt.getTime() > INACTIVE_DAYS * DAY,
  );
  const staff = members.filter((m) => m.role === 'owner' || m.role === 'admin');
  const notes = [
    ...(stale.some((m) => m.role === 'owner' || m.role === 'admin')
      ? [`An owner or admin has not been seen for ${INACTIVE_DAYS} days: review their access.`]
      : []),
    ...(keys.some((k) => !k.expiresAt) ? ['An API key has no expiry.'] : []),
  ];
  return {
    id: 'access',
    title: 'Access review',
    status: notes.length ? 'attention' : 'in_force',
    controls: [
      c('GDPR', 'Art. 32(4)', 'Access only on instruction'),
      c('HIPAA', '§164.308(a)(4)', 'Information access management'),
      c('SOC 2', 'CC6.2', 'Registration and authorization of users'),
      c('SOC 2', 'CC6.3', 'Role-based access and its removal'),
    ],
    facts: [
      { label: 'Members', value: String(members.length) },
      { label: 'Owners and admins', value: String(staff.length) },
      {
        label: 'Moderators, members, guests',
        value: `${count('moderator')}, ${count('member')}, ${count('guest')}`,
      },
      { label: `Not seen for ${INACTIVE_DAYS} days`, value: String(stale.length) },
      { label: 'API keys in use', value: String(keys.length) },
    ],
    notes,
    table: {
      caption: 'Members and their last activity',
      columns: ['Name', 'Role', 'Member since', 'Last seen'],
      rows: members.map((m) => [m.user.name, m.role, day(m.createdAt), day(m.lastSeenAt)]),
    },
  };
}

async function requests(ctx: ServiceCtx, p: Period): Promise<ReportSection> {
  const { tx, scope } = ctx;
  const exports = await tx.exportJob.findMany({
    where: { workspaceId: scope.workspaceId, createdAt: { gte: p.from, lt: p.to } },
    orderBy: { createdAt: 'asc' },
  });
  const names = await namesIn(
    tx,
    scope.workspaceId,
    exports.map((e) => e.requestedBy),
    [],
  );
  return {
    id: 'requests',
    title: 'Exports and privacy requests',
    status: 'in_force',
    controls: [c('GDPR', 'Art. 15', 'Right of access'), c('GDPR', 'Art. 20', 'Right to data portability')],
    facts: [
      { label: 'Workspace exports in the period', value: String(exports.length) },
      { label: 'Downloads of them', value: String(exports.reduce((n, e) => n + e.downloads, 0)) },
      {
        label: 'Data-subject requests',
        value: 'not recorded: this version of Enclave does not handle them yet',
      },
    ],
    notes: [],
    table: exports.length
      ? {
          caption: 'Exports in the period',
          columns: ['Requested', 'By', 'Status', 'Downloads'],
          rows: exports.map((e) => [
            day(e.createdAt),
            names.person(e.requestedBy).name,
            e.status,
            String(e.downloads),
          ]),
        }
      : null,
  };
}

async function incidents(ctx: ServiceCtx, p: Period): Promise<ReportSection> {
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const [lockdowns, quarantines, failed] = await Promise.all([
    tx.lockdown.findMany({
      where: { workspaceId: ws, startedAt: { gte: p.from, lt: p.to } },
      orderBy: { startedAt: 'asc' },
    }),
    tx.quarantine.findMany({
      where: { workspaceId: ws, startedAt: { gte: p.from, lt: p.to } },
      orderBy: { startedAt: 'asc' },
    }),
    tx.auditEvent.count({
      where: { workspaceId: ws, action: 'auth.sign_in_failed', createdAt: { gte: p.from, lt: p.to } },
    }),
  ]);
  return {
    id: 'incidents',
    title: 'Lockdowns and incidents',
    status: 'in_force',
    controls: [
      c('GDPR', 'Art. 33', 'Notification of a personal data breach'),
      c('HIPAA', '§164.308(a)(6)', 'Security incident procedures'),
      c('SOC 2', 'CC7.4', 'Response to security incidents'),
    ],
    facts: [
      { label: 'Lockdowns in the period', value: String(lockdowns.length) },
      { label: 'Quarantines in the period', value: String(quarantines.length) },
      { label: 'Failed sign-ins in the period', value: String(failed) },
    ],
    notes: [],
    table: lockdowns.length
      ? {
          caption: 'Lockdowns in the period',
          columns: ['Started', 'Mode', 'Reason', 'Ended'],
          rows: lockdowns.map((l) => [day(l.startedAt), l.mode, l.reason, day(l.endedAt ?? l.endsAt)]),
        }
      : null,
  };
}

/**
 * The workspace's compliance report for a range of UTC days: the controls in force, each with its
 * evidence read now (and the period's activity), mapped to GDPR, HIPAA and SOC 2 controls by name.
 * It states what the data shows and nothing more; what Enclave does not record it says it does not.
 */
export async function complianceReport(ctx: ServiceCtx, input: z.infer<typeof analyticsInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope, deps } = ctx;
  const ws = scope.workspaceId;
  const now = new Date();
  const period = {
    from: new Date(`${input.from}T00:00:00Z`),
    to: new Date(Date.parse(`${input.to}T00:00:00Z`) + DAY),
  };
  const [workspace, settings, who] = await Promise.all([
    tx.workspace.findUniqueOrThrow({ where: { id: ws }, select: { id: true, name: true, slug: true } }),
    deps.settings.read(tx, ws),
    namesIn(tx, ws, [me], []),
  ]);
  const sections: ReportSection[] = [];
  // One after another: they share the call's transaction.
  sections.push(await encryption(tx, ws, now));
  sections.push(await retention(tx, ws, env().RETENTION_SWEEP_SECONDS, now));
  sections.push(await holds(tx, ws));
  sections.push(await dlp(tx, ws, settings.security, period));
  sections.push(await audit(ctx));
  sections.push(await access(ctx, now));
  sections.push(await requests(ctx, period));
  sections.push(await incidents(ctx, period));
  return {
    workspace,
    period: { from: input.from, to: input.to },
    generatedAt: now.toISOString(),
    generatedBy: who.person(me),
    sections,
  };
}
