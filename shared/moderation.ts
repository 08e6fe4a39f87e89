/**
 * The moderation vocabulary, shared by the server (which decides) and the app and console (which
 * ask and show): why a message is reported, what a moderator may decide, and how each reads.
 */

export const REPORT_REASONS = ['spam', 'harassment', 'sensitive', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  spam: 'Spam or scam',
  harassment: 'Harassment or hate',
  sensitive: 'Private or sensitive information',
  other: 'Something else',
};
/** A reporter's own words, and a moderator's note to the author. */
export const REPORT_NOTE_MAX = 500;

/** What a moderator does with a message under review. */
export const DECISIONS = ['approve', 'delete', 'warn', 'quarantine'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  approve: 'Approve',
  delete: 'Delete message',
  warn: 'Warn the author',
  quarantine: 'Quarantine the author',
};

/** Where a review stands: open, or the decision that closed it. */
export const REVIEW_STATUSES = ['open', 'approved', 'deleted', 'warned', 'quarantined'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const statusOfDecision: Record<Decision, Exclude<ReviewStatus, 'open'>> = {
  approve: 'approved',
  delete: 'deleted',
  warn: 'warned',
  quarantine: 'quarantined',
};

/** What the reporter is told once a moderator has decided (a notification). */
/** What the author of a held message is told of the decision (with the moderator's note, if any). */
export const heldOutcomeInWords = (posted: boolean, note: string | null) =>
  posted
    ? 'A moderator approved your message that was waiting for review: it is posted now.'
    : `A moderator did not post your message that was waiting for review.${note ? ` Their note: ${note}` : ''}`;

export const outcomeInWords: Record<Exclude<ReviewStatus, 'open'>, string> = {
  approved: 'A moderator reviewed the message you reported and left it up.',
  deleted: 'A moderator reviewed the message you reported and deleted it.',
  warned: 'A moderator reviewed the message you reported and warned its author.',
  quarantined: 'A moderator reviewed the message you reported and put its author in quarantine.',
};

/**
 * Why a message is in the queue: the policy flagged it, its score crossed the threshold, people
 * reported it, or (quarantine) it is held because its author is in a quarantine that holds.
 */
export const REVIEW_CAUSES = ['flagged', 'score', 'reported', 'quarantine'] as const;
export type ReviewCause = (typeof REVIEW_CAUSES)[number];

/**
 * What a notification is about: a mention, a reply in a thread the person wrote in, a direct
 * message, any message in a conversation they follow closely (level "all"), being added to a
 * conversation, the outcome of a report of yours, a moderator's
 * warning, what a moderator decided on a message of yours that was held for review, or an
 * admin's correction of a message of yours (its detail is their reason), or a file of yours that
 * the malware scan blocked (its detail names the file's finding).
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'direct',
  'message',
  'added',
  'report_outcome',
  'warning',
  'held_outcome',
  'correction',
  'file_blocked',
  // A file someone shared with the person (its fileId names it; no detail: the name is encrypted).
  'file_shared',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
