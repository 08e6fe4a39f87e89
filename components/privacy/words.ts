import type { RouterOutputs } from '@/components/client/trpc';

/** One workspace in a dry run of an erasure (the account page's and the console's alike). */
export type WorkspaceErasure = RouterOutputs['compliance']['erasurePreview'];
export type SignedReceipt = RouterOutputs['privacy']['deleteAccount'];

/** Whose plan it is: the person reading it ("your data key") or someone else ("their data key"). */
export type Perspective = 'self' | 'other';

type Noun = readonly [one: string, many: string];

// The tables of server/domain/privacy/erasure-plan.ts as people say them.
const ERASED: Record<string, Noun> = {
  message: ['message (its text destroyed)', 'messages (their text destroyed)'],
  message_edit: ['edit of a message', 'edits of messages'],
  member: ['membership', 'memberships'],
  conversation_member: ['channel membership', 'channel memberships'],
  message_reaction: ['reaction', 'reactions'],
  notification: ['notification', 'notifications'],
  file_share: ['file shared with this person', 'files shared with this person'],
  push_subscription: [
    'browser subscribed to push notifications',
    'browsers subscribed to push notifications',
  ],
  widget_visitor: ['widget visitor record', 'widget visitor records'],
  widget_session: ['widget session', 'widget sessions'],
  api_key: ['API key', 'API keys'],
  invitation: ['invitation', 'invitations'],
  mention_notification: [
    'notification these messages sent someone',
    'notifications these messages sent others',
  ],
  report_note: ['note written on a report', 'notes written on reports'],
};

const PSEUDONYMISED: Record<string, Noun> = {
  invitation: ['invitation sent or accepted', 'invitations sent or accepted'],
  conversation: ['channel created', 'channels created'],
  message: ['pinned message', 'pinned messages'],
  message_edit: ['edit', 'edits'],
  notification: ["notification of someone else's", "notifications of other people's"],
  support_note: ['support note', 'support notes'],
  canned_reply: ['saved reply', 'saved replies'],
  policy_hit: ['policy match', 'policy matches'],
  lockdown: ['lockdown record', 'lockdown records'],
  quarantine: ['quarantine record', 'quarantine records'],
  review: ['moderation review', 'moderation reviews'],
  message_report: ['report of a message', 'reports of messages'],
  retention_rule: ['retention rule', 'retention rules'],
  legal_hold: ['legal hold placed or released', 'legal holds placed or released'],
  audit_retention: ['audit retention setting', 'audit retention settings'],
  export_job: ['export', 'exports'],
  file_share: ['share of a file given to someone', 'shares of files given to others'],
  audit_event: ['audit log entry', 'audit log entries'],
};

/** The account's own tables (outside any workspace), removed with the account. */
const ACCOUNT: Record<string, string> = {
  user: 'your profile (name, email address, avatar colour)',
  session: 'your signed-in sessions',
  account: 'your sign-in methods and password',
  access_request: 'the copies of your data you asked for',
};

/** "3 messages (their text destroyed)": a count in words; an unknown table by its own name. */
function counted(n: number, noun: Noun | undefined, table: string) {
  const [one, many] = noun ?? [table.replace(/_/g, ' '), table.replace(/_/g, ' ')];
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** What would be erased, in words, biggest first; tables with nothing in them are left out. */
export function erasedInWords(erased: Record<string, number>, who: Perspective): string[] {
  return Object.entries(erased)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([table, n]) =>
      table === 'person_key'
        ? // The key is what the texts were encrypted under: one per workspace, so no count.
          `${who === 'self' ? 'your' : 'their'} data key (so no copy of the text, backups included, can be read)`
        : counted(n, ERASED[table], table),
    );
}

/** What is kept with the pseudonym in the person's place, in words; empty tables left out. */
export function pseudonymisedInWords(pseudonymised: Record<string, number>): string[] {
  return Object.entries(pseudonymised)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([table, n]) => counted(n, PSEUDONYMISED[table], table));
}

/** What deleting the account removes besides the workspaces' data. */
export const accountInWords = (tables: readonly string[]) =>
  tables.map((t) => ACCOUNT[t] ?? t.replace(/_/g, ' '));

/** "Admin", "Member": a role as the plan's heading says it (null: they have left the workspace). */
export const roleInWords = (role: string | null) =>
  role ? `${role.charAt(0).toUpperCase()}${role.slice(1)}` : 'No longer a member';

export const scopeInWords = (scope: 'workspace' | 'account') =>
  scope === 'account' ? 'Account deleted' : 'Erased from a workspace';

export const requestedInWords = (by: 'self' | 'admin', who: Perspective) =>
  by === 'admin' ? 'By an admin' : who === 'self' ? 'By you' : 'By the person';

/** The file a receipt downloads as. */
export const receiptFileName = (id: string) => `enclave-erasure-receipt-${id}.json`;

/** A kept item's name from the reader's side: the server says it of "them". */
export const keptWhat = (what: string, who: Perspective) =>
  who === 'self' ? what.replace(/\btheir\b/g, 'your').replace(/\bthem\b/g, 'you') : what;

/** "12 Mar 2026, 14:05": a time for people (the ISO value goes in <time dateTime>). */
export const shownAt = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
