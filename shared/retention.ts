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
