/** How long a retention rule may keep messages, in days (a hundred years at most). */
export const RETENTION_DAYS = { min: 1, max: 36_500 } as const;

/** The most words a legal hold's reason takes. */
export const HOLD_REASON_MAX = 500;

/** What a legal hold covers: the whole workspace, one conversation, or one person's messages. */
export const HOLD_SCOPES = ['workspace', 'conversation', 'person'] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];

/** "30 days", "1 day": a rule's length in words. */
export const daysInWords = (days: number) => (days === 1 ? '1 day' : `${days.toLocaleString('en')} days`);

/** How long the audit log keeps entries, in days: seven years unless the owner says otherwise. */
export const AUDIT_RETENTION = { min: 365, max: 36_500, default: 2557 } as const;

/** What an export can hold besides its manifest: NDJSON per table, CSV, EML per message, an HTML viewer. */
export const EXPORT_FORMATS = ['ndjson', 'csv', 'eml', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  ndjson: 'NDJSON, one file per table (machine-readable)',
  csv: 'CSV of the messages (spreadsheets)',
  eml: 'EML, each message as an email per conversation (archiving systems)',
  html: 'HTML viewer, self-contained (people)',
};
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
