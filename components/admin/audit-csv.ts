import { auditLabel, auditSentence, type AuditLine } from '@/shared/audit-actions';

export type CsvEntry = AuditLine & {
  seq: string;
  createdAt: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  hash: string;
};

const HEADER = [
  'seq',
  'time',
  'action',
  'action_label',
  'summary',
  'actor_type',
  'actor_id',
  'target_type',
  'target_id',
  'ip',
  'user_agent',
  'request_id',
  'data',
  'hash',
];

/**
 * One CSV field (RFC 4180 quoting). A field a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) gets a leading apostrophe: the log holds text that outsiders wrote.
 */
export function csvField(value: string | null | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The entries as a CSV document (CRLF line ends, a header row), names resolved like the table's. */
export function auditCsv(entries: readonly CsvEntry[], nameOf: (id: string) => string): string {
  const rows = entries.map((e) => [
    e.seq,
    e.createdAt,
    e.action,
    auditLabel(e.action),
    auditSentence(e, nameOf),
    e.actorType,
    e.actorId,
    e.targetType,
    e.targetId,
    e.ip,
    e.userAgent,
    e.requestId,
    e.data === null || e.data === undefined ? '' : JSON.stringify(e.data),
    e.hash,
  ]);
  return [HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
