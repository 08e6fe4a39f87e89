import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { daysInWords, AUDIT_RETENTION } from '../../../shared/retention';
import { rowsByVersion } from '../keys/reencrypt';
import type { SecurityPolicy } from '../policy/schemas';
import { activeHolds } from './holds';
import { namesIn } from './names';
import type { Control, ReportSection } from './report-schemas';

export const DAY = 86_400_000;
export interface Period {
  from: Date;
  to: Date;
}
/** 2026-12-07, or a dash for none: how the report writes a date. */
export const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '—');
const ageDays = (d: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - d.getTime()) / DAY));
/** A control a section gives evidence for. */
export const c = (framework: Control['framework'], ref: string, name: string): Control => ({
  framework,
  ref,
  name,
});

type Part = Omit<ReportSection, 'status'> & { status?: ReportSection['status'] };
const done = (p: Part): ReportSection => ({
  ...p,
  status: p.status ?? (p.notes.length > 0 ? 'attention' : 'in_force'),
});

export async function encryption(tx: Tx, ws: WorkspaceId, now: Date): Promise<ReportSection> {
  const [keys, rows] = await Promise.all([
    tx.workspaceKey.findMany({ where: { workspaceId: ws }, orderBy: { version: 'desc' } }),
    rowsByVersion(tx, ws),
  ]);
  const current = keys[0];
  const notes: string[] = [];
  const older = [...rows.entries()]
    .filter(([v]) => current && v < current.version)
    .reduce((n, [, k]) => n + k, 0);
  if (!current) notes.push('The workspace has no data key yet.');
  else if (ageDays(current.createdAt, now) > 365)
    notes.push(
      `The data key is ${ageDays(current.createdAt, now)} days old: rotate it (Settings, Encryption).`,
    );
  if (current?.rotationTotal !== null && current && !current.rotationFinishedAt)
    notes.push('A key rotation is still re-encrypting older rows.');
  return done({
    id: 'encryption',
    title: 'Encryption at rest',
    controls: [
      c('GDPR', 'Art. 32(1)(a)', 'Encryption of personal data'),
      c('HIPAA', '§164.312(a)(2)(iv)', 'Encryption and decryption'),
      c('SOC 2', 'CC6.1', 'Logical access security over protected information'),
    ],
    facts: [
      {
        label: 'Message text, edits, notes and held messages',
        value: 'AES-256-GCM under the workspace data key',
      },
      {
        label: 'Current key',
        value: current ? `version ${current.version}, created ${day(current.createdAt)}` : 'none',
      },
      { label: 'Key age', value: current ? daysInWords(ageDays(current.createdAt, now)) : '—' },
      { label: 'Rotations so far', value: String(Math.max(0, keys.length - 1)) },
      { label: 'Rows still under older keys', value: String(older) },
    ],
    notes,
    table: {
      caption: 'Key versions',
      columns: ['Version', 'Created', 'Rows under it', 'Rotation finished'],
      rows: keys.map((k) => [
        String(k.version),
        day(k.createdAt),
        String(rows.get(k.version) ?? 0),
        k.rotationTotal === null ? '—' : day(k.rotationFinishedAt),
      ]),
    },
  });
}

export async function retention(
  tx: Tx,
  ws: WorkspaceId,
  sweepSeconds: number,
  now: Date,
): Promise<ReportSection> {
  const [rules, audit, lastRun, pruned] = await Promise.all([
    tx.retentionRule.findMany({ where: { workspaceId: ws } }),
    tx.auditRetention.findUnique({ where: { workspaceId: ws } }),
    tx.retentionRun.findFirst({ where: { workspaceId: ws }, orderBy: { startedAt: 'desc' } }),
    tx.auditPrune.findFirst({ where: { workspaceId: ws }, orderBy: { beforeSeq: 'desc' } }),
  ]);
  const own = rules.find((r) => r.conversationId === null);
  const channels = rules.filter((r) => r.conversationId !== null);
  const notes: string[] = [];
  if (lastRun?.status === 'failed') notes.push(`The last sweep (${day(lastRun.startedAt)}) failed.`);
  const expiring = rules.some((r) => r.messageDays !== null);
  if (expiring && (!lastRun || now.getTime() - lastRun.startedAt.getTime() > 2 * sweepSeconds * 1000))
    notes.push('No sweep has run within two sweep intervals although a rule can expire messages.');
  return done({
    id: 'retention',
    title: 'Retention',
    status: expiring || audit ? undefined : notes.length ? 'attention' : 'off',
    controls: [
      c('GDPR', 'Art. 5(1)(e)', 'Storage limitation'),
      c('HIPAA', '§164.316(b)(2)(i)', 'Retention of documentation'),
      c('SOC 2', 'C1.2', 'Disposal of confidential information'),
    ],
    facts: [
      {
        label: 'Messages',
        value: own?.messageDays ? `deleted after ${daysInWords(own.messageDays)}` : 'kept for ever',
      },
      { label: 'Channels with their own rule', value: String(channels.length) },
      {
        label: 'Audit log',
        value: `kept ${daysInWords(audit?.days ?? AUDIT_RETENTION.default)}${audit ? '' : ' (the default)'}`,
      },
      {
        label: 'Last sweep',
        value: lastRun
          ? `${day(lastRun.startedAt)}: ${lastRun.status}, ${lastRun.deleted} deleted, ${lastRun.held} kept by holds`
          : 'none',
      },
      {
        label: 'Audit entries pruned',
        value: pruned ? `before #${pruned.beforeSeq.toString()} on ${day(pruned.prunedAt)}` : 'none',
      },
    ],
    notes,
    table: null,
  });
}

export async function holds(tx: Tx, ws: WorkspaceId): Promise<ReportSection> {
  const rows = await tx.legalHold.findMany({
    where: { workspaceId: ws, releasedAt: null },
    orderBy: { placedAt: 'asc' },
  });
  const active = await activeHolds(tx, ws);
  const names = await namesIn(
    tx,
    ws,
    rows.flatMap((r) => [r.placedBy, r.userId ?? '']),
    rows.flatMap((r) => (r.conversationId ? [r.conversationId] : [])),
  );
  return done({
    id: 'holds',
    title: 'Legal holds',
    status: rows.length ? 'in_force' : 'off',
    controls: [
      c('GDPR', 'Art. 17(3)(e)', 'Erasure exemption for legal claims'),
      c('SOC 2', 'C1.1', 'Identification and retention of confidential information'),
    ],
    facts: [
      { label: 'Holds in force', value: String(rows.length) },
      { label: 'Whole workspace held', value: active.workspace ? 'yes' : 'no' },
    ],
    notes: [],
    table: rows.length
      ? {
          caption: 'Holds in force',
          columns: ['Covers', 'Reason', 'Placed by', 'Since'],
          rows: rows.map((r) => [
            r.conversationId
              ? names.conversation(r.conversationId)
              : r.userId
                ? `${names.person(r.userId).name}'s messages`
                : 'the whole workspace',
            r.reason,
            names.person(r.placedBy).name,
            day(r.placedAt),
          ]),
        }
      : null,
  });
}

export async function dlp(
  tx: Tx,
  ws: WorkspaceId,
  policy: SecurityPolicy,
  p: Period,
): Promise<ReportSection> {
  const hits = await tx.$queryRaw<{ source: string; action: string; n: bigint }[]>`
    SELECT source, action, count(*) AS n FROM policy_hit
    WHERE workspace_id = ${ws}::uuid AND created_at >= ${p.from} AND created_at < ${p.to}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  const on = Object.entries(policy.detectors).filter(([, a]) => a !== 'off');
  return done({
    id: 'dlp',
    title: 'Data loss prevention',
    status: on.length || policy.filters.length ? undefined : 'off',
    controls: [
      c('GDPR', 'Art. 25', 'Data protection by design and by default'),
      c('HIPAA', '§164.308(a)(1)(ii)(B)', 'Risk management'),
      c('SOC 2', 'CC6.7', 'Restriction of the transmission of information'),
    ],
    facts: [
      {
        label: 'Policy version',
        value: `${policy.version}${policy.updatedAt ? `, saved ${day(new Date(policy.updatedAt))}` : ' (the defaults)'}`,
      },
      { label: 'Detectors on', value: on.map(([d, a]) => `${d}: ${a}`).join(', ') || 'none' },
      { label: 'Content filters', value: String(policy.filters.length) },
      { label: 'Blocked domains', value: String(policy.blockedDomains.domains.length) },
      { label: 'Held for review', value: policy.threat.hold ? 'yes' : 'no (reviewed after posting)' },
      { label: 'Hits in the period', value: String(hits.reduce((n, h) => n + Number(h.n), 0)) },
    ],
    notes: [],
    table: hits.length
      ? {
          caption: 'Hits in the period',
          columns: ['Source', 'Action', 'Count'],
          rows: hits.map((h) => [h.source, h.action, String(h.n)]),
        }
      : null,
  });
}
