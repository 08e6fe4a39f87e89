/**
 * Every action the audit log records, and how the console says it. The server's `appendAudit`
 * takes only these names, so a new action does not typecheck until it has its words here.
 * `does` is what the actor did, with `{target}` where the target's name goes.
 */
export const AUDIT_ACTIONS = {
  'workspace.create': { group: 'Workspace', label: 'Workspace created', does: 'created the workspace' },
  'workspace.update': {
    group: 'Workspace',
    label: 'Workspace settings changed',
    does: 'changed the settings',
  },
  'workspace.archive': { group: 'Workspace', label: 'Workspace archived', does: 'archived the workspace' },
  'workspace.unarchive': { group: 'Workspace', label: 'Workspace restored', does: 'restored the workspace' },
  'key.rotate': { group: 'Workspace', label: 'Encryption key rotated', does: 'rotated the encryption key' },
  'apiKey.create': { group: 'Workspace', label: 'API key created', does: 'created an API key' },
  'apiKey.revoke': { group: 'Workspace', label: 'API key revoked', does: 'revoked an API key' },
  'widget.update': {
    group: 'Workspace',
    label: 'Widget settings changed',
    does: 'changed the widget settings',
  },
  'widget.consent': {
    group: 'People',
    label: 'Consent given',
    does: 'agreed to the privacy notice in the chat widget',
  },
  'widget.secret_rotated': {
    group: 'Workspace',
    label: 'Widget secret replaced',
    does: 'replaced the widget identity secret',
  },
  'member.invite': { group: 'People', label: 'Invitation made', does: 'made an invitation' },
  'member.invitation_revoke': { group: 'People', label: 'Invitation revoked', does: 'revoked an invitation' },
  'member.join': { group: 'People', label: 'Joined', does: 'joined the workspace' },
  'member.role_change': { group: 'People', label: 'Role changed', does: 'changed the role of {target}' },
  'member.remove': { group: 'People', label: 'Member removed', does: 'removed {target}' },
  'member.leave': { group: 'People', label: 'Left', does: 'left the workspace' },
  'connections.disconnect': { group: 'People', label: 'Disconnected', does: 'disconnected {target}' },
  'member.quarantine': { group: 'People', label: 'Quarantined', does: 'put {target} in quarantine' },
  'member.quarantine_release': {
    group: 'People',
    label: 'Quarantine ended',
    does: 'released {target} from quarantine',
  },
  'member.sessions_reset': {
    group: 'People',
    label: 'Sessions reset',
    does: 'signed {target} out everywhere',
  },
  'widget.visitor_created': {
    group: 'People',
    label: 'Widget visitor arrived',
    does: 'started a visit: {target}',
  },
  'widget.visitor_email_left': {
    group: 'People',
    label: 'Visitor left an email',
    does: 'left an email address for the team',
  },
  'channel.create': { group: 'Channels', label: 'Channel created', does: 'created {target}' },
  'channel.update': { group: 'Channels', label: 'Channel changed', does: 'changed {target}' },
  'channel.archive': { group: 'Channels', label: 'Channel archived', does: 'archived {target}' },
  'channel.unarchive': { group: 'Channels', label: 'Channel unarchived', does: 'unarchived {target}' },
  'channel.join': { group: 'Channels', label: 'Channel joined', does: 'joined {target}' },
  'channel.leave': { group: 'Channels', label: 'Channel left', does: 'left {target}' },
  'channel.member_add': {
    group: 'Channels',
    label: 'Added to a channel',
    does: 'added {target} to a channel',
  },
  'channel.member_remove': {
    group: 'Channels',
    label: 'Removed from a channel',
    does: 'removed {target} from a channel',
  },
  'conversation.create': {
    group: 'Channels',
    label: 'Record conversation opened',
    does: 'opened a conversation',
  },
  'message.delete': { group: 'Messages', label: 'Message deleted', does: 'deleted a message' },
  'message.corrected': { group: 'Messages', label: 'Message corrected', does: 'corrected a message' },
  'profile.updated': { group: 'People', label: 'Profile changed', does: 'changed their profile' },
  'file.upload': { group: 'Files', label: 'File uploaded', does: 'uploaded a file' },
  'file.delete': { group: 'Files', label: 'File deleted', does: 'deleted a file' },
  'file.infected': {
    group: 'Files',
    label: 'Malware found',
    does: 'quarantined a file the malware scan found infected',
  },
  'file.blocked': {
    group: 'Files',
    label: 'File blocked unscanned',
    does: 'blocked a file that could not be scanned',
  },
  'file.settings': { group: 'Files', label: 'File settings changed', does: 'changed the file settings' },
  'file.version': { group: 'Files', label: 'File replaced', does: 'uploaded a new version of a file' },
  'file.share': { group: 'Files', label: 'File shared', does: 'shared a file with {target}' },
  'file.unshare': {
    group: 'Files',
    label: 'File share revoked',
    does: 'stopped sharing a file with {target}',
  },
  'file.comment_delete': {
    group: 'Files',
    label: 'Comment on a file deleted',
    does: 'deleted someone else’s comment on a file',
  },
  'message.report': { group: 'Moderation', label: 'Message reported', does: 'reported a message' },
  'moderation.decide': {
    group: 'Moderation',
    label: 'Moderation decision',
    does: 'decided on a reported or flagged message',
  },
  'policy.update': {
    group: 'Security',
    label: 'Security policy changed',
    does: 'changed the security policy',
  },
  'lockdown.start': { group: 'Security', label: 'Lockdown started', does: 'locked the workspace down' },
  'lockdown.extend': { group: 'Security', label: 'Lockdown extended', does: 'extended the lockdown' },
  'lockdown.lift_request': {
    group: 'Security',
    label: 'Lockdown lift asked for',
    does: 'asked to lift the lockdown',
  },
  'lockdown.lift': { group: 'Security', label: 'Lockdown lifted', does: 'lifted the lockdown' },
  'support.assign': {
    group: 'Support inbox',
    label: 'Conversation assigned',
    does: 'assigned a conversation',
  },
  'support.status_change': {
    group: 'Support inbox',
    label: 'Conversation status changed',
    does: 'changed the status of a conversation',
  },
  'canned_reply.create': {
    group: 'Support inbox',
    label: 'Canned reply added',
    does: 'added a canned reply',
  },
  'canned_reply.update': {
    group: 'Support inbox',
    label: 'Canned reply changed',
    does: 'changed a canned reply',
  },
  'canned_reply.delete': {
    group: 'Support inbox',
    label: 'Canned reply deleted',
    does: 'deleted a canned reply',
  },
  'retention.update': {
    group: 'Compliance',
    label: 'Retention changed',
    does: 'changed how long messages are kept',
  },
  'retention.sweep': {
    group: 'Compliance',
    label: 'Expired messages deleted',
    does: 'deleted the messages past their retention',
  },
  'audit.prune': {
    group: 'Compliance',
    label: 'Audit entries pruned',
    does: 'pruned the audit entries past their retention',
  },
  'privacy.access': {
    group: 'Compliance',
    label: 'Personal data requested',
    does: 'asked for a copy of everything held about them',
  },
  'privacy.erase': {
    group: 'Compliance',
    label: 'Person erased',
    does: 'erased {target}: their texts destroyed, a signed receipt anchored here',
  },
  'export.create': {
    group: 'Compliance',
    label: 'Export requested',
    does: 'asked for an export of the workspace',
  },
  'export.download': {
    group: 'Compliance',
    label: 'Export downloaded',
    does: 'downloaded an export of the workspace',
  },
  'export.expire': {
    group: 'Compliance',
    label: 'Expired export removed',
    does: 'removed the file of an expired export',
  },
  'legal_hold.place': { group: 'Compliance', label: 'Legal hold placed', does: 'placed a legal hold' },
  'legal_hold.release': { group: 'Compliance', label: 'Legal hold released', does: 'released a legal hold' },
  'auth.sign_in': { group: 'Sign-ins and refusals', label: 'Signed in', does: 'signed in' },
  'auth.sign_in_failed': {
    group: 'Sign-ins and refusals',
    label: 'Sign-in failed',
    does: 'failed to sign in',
  },
  'authz.denied': { group: 'Sign-ins and refusals', label: 'Refused', does: 'was refused' },
} as const satisfies Record<string, { group: string; label: string; does: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The actions that are sign-ins (the log's most frequent lines, which admins often hide). */
export const SIGN_IN_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
] as const satisfies readonly AuditAction[];

export const isAuditAction = (a: string): a is AuditAction => Object.hasOwn(AUDIT_ACTIONS, a);

/** The action's name in the console's list (unknown ones, from a newer server, as they are). */
export const auditLabel = (a: string) => (isAuditAction(a) ? AUDIT_ACTIONS[a].label : a);

type Data = Record<string, unknown>;
/** How a `profile.updated` entry names the fields that changed. */
const PROFILE_FIELD_WORDS: Record<string, string> = { name: 'display name', avatarColour: 'avatar colour' };
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

/** The part of a sentence that the entry's data adds, e.g. "from member to admin". */
function dataWords(action: string, data: Data, nameOf: (id: string) => string): string {
  const from = str(data.from);
  const to = str(data.to);
  switch (action) {
    case 'member.role_change':
      return from && to ? ` from ${from} to ${to}` : '';
    case 'member.invite':
      return `${str(data.email) ? ` for ${str(data.email)}` : ''}${str(data.role) ? ` as ${str(data.role)}` : ''}`;
    case 'member.join':
      return str(data.role) ? ` as ${str(data.role)}` : '';
    case 'support.assign':
      return to ? ` to ${nameOf(to)}` : ' to nobody';
    case 'support.status_change':
      return from && to ? ` from ${from} to ${to}` : '';
    case 'key.rotate':
      return str(data.version) ? ` to version ${str(data.version)}` : '';
    case 'apiKey.create':
    case 'canned_reply.create':
    case 'canned_reply.update':
      return str(data.name) ? ` “${str(data.name)}”` : str(data.title) ? ` “${str(data.title)}”` : '';
    case 'channel.member_add':
    case 'channel.member_remove':
      return '';
    case 'authz.denied':
      return str(data.procedure) ? ` (${str(data.procedure)})` : '';
    case 'lockdown.start':
      return `${data.mode === 'full' ? ' fully' : ' read-only'}${str(data.reason) ? `: “${str(data.reason)}”` : ''}`;
    case 'message.corrected':
      return `${str(data.authorId) ? ` by ${nameOf(str(data.authorId)!)}` : ''}${str(data.reason) ? `: “${str(data.reason)}”` : ''}`;
    case 'profile.updated':
      return Array.isArray(data.fields)
        ? ` (${data.fields.map((f) => PROFILE_FIELD_WORDS[String(f)] ?? String(f)).join(', ')})`
        : '';
    case 'file.infected':
      return str(data.signature) ? ` (${str(data.signature)})` : '';
    case 'lockdown.extend':
      return str(data.endsAt) ? ` to ${str(data.endsAt)}` : '';
    default:
      return '';
  }
}

export interface AuditLine {
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  data?: unknown;
}

/** Who did what to whom, in words: "Olive Owner changed the role of Adam Admin from member to admin". */
export function auditSentence(e: AuditLine, nameOf: (id: string) => string): string {
  const actor = e.actorId
    ? nameOf(e.actorId)
    : e.actorType === 'system'
      ? 'Enclave'
      : `An ${e.actorType} caller`;
  const target = e.targetId ? nameOf(e.targetId) : (e.targetType ?? '');
  const data = typeof e.data === 'object' && e.data !== null ? (e.data as Data) : {};
  const does = isAuditAction(e.action) ? AUDIT_ACTIONS[e.action].does : `did ${e.action}`;
  const channel = str(data.channelId);
  const inChannel =
    channel && (e.action === 'channel.member_add' || e.action === 'channel.member_remove')
      ? does.replace('a channel', nameOf(channel))
      : does;
  return `${actor} ${inChannel.replace('{target}', target)}${dataWords(e.action, data, nameOf)}`;
}
