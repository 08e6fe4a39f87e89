import type { ReviewCause, ReviewStatus } from '@/shared/moderation';

/** Why a message is in the queue, as a chip says it ("Reported ×2"). */
export function causeLabel(cause: ReviewCause, reports: number): string {
  if (cause === 'flagged') return 'Flagged by policy';
  if (cause === 'score') return 'Score over threshold';
  if (cause === 'quarantine') return 'Author in quarantine';
  return reports > 1 ? `Reported ×${reports}` : 'Reported';
}

/** How a closed review reads in the Decided list ("Message deleted by Ann"). */
export const decidedLabel: Record<Exclude<ReviewStatus, 'open'>, string> = {
  approved: 'Approved',
  deleted: 'Message deleted',
  warned: 'Author warned',
  quarantined: 'Author quarantined',
};

/** What the page says once a decision is saved, with how many people were told. */
export function decidedNote(status: ReviewStatus, notified: number): string {
  const what = status === 'open' ? 'Saved' : decidedLabel[status];
  if (notified === 0) return `${what}.`;
  return `${what}. ${notified === 1 ? '1 person was' : `${notified} people were`} notified.`;
}
