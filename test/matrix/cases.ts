import type { ApiKeyScope } from '../../server/domain/api-key/scopes';
import type { Role } from '../../shared/roles';
import type { TestUser } from '../actors';
import { WIDGET_HOST } from '../factories';
import { fixtureNotice, type Fixture } from './fixture';

export interface Case {
  /** Lowest role allowed; null for procedures that do not act in a workspace. */
  minRole: Role | null;
  /** The API-key scope that admits a key, if any. */
  keyScope?: ApiKeyScope;
  /** A valid input aimed at workspace `ws`. */
  input: (f: Fixture, ws: string) => Record<string, unknown> | undefined;
  /** Who succeeds with that input in the positive control (default: A's owner). */
  allowed?: (f: Fixture) => TestUser;
  /** Members of A who must still be refused: the object is outside what they may see. */
  alsoRefused?: (f: Fixture) => TestUser[];
  /**
   * The gate admits widget visitors (as guests). A's visitor is then refused exactly where A's
   * guest is; without this flag it is refused everywhere.
   */
  visitor?: boolean;
  /** Open to anyone (the widget's config and session exchange); tested in the widget tests. */
  public?: boolean;
}

// The guest and the admin are not in A's private channel: its messages do not exist for them.
const outsidePrivate = (f: Fixture) => [f.guestA, f.adminA];

/** Guests and visitors may, but only in A's private channel: refused to whoever is outside it. */
const privateCase = (input: Case['input'], alsoRefused: Case['alsoRefused'] = outsidePrivate): Case => ({
  minRole: 'guest',
  visitor: true,
  input,
  alsoRefused,
});
const inPrivate = (extra: Record<string, unknown> = {}) =>
  privateCase((f, ws) => ({ workspaceId: ws, conversationId: f.privateA.id, ...extra }));
/** deletableA is the owner's: a member of the channel may not change it either. */
const notTheAuthor = (f: Fixture) => [...outsidePrivate(f), f.memberA];
const onMessageA = (extra: Record<string, unknown> = {}) =>
  privateCase((f, ws) => ({ workspaceId: ws, messageId: f.messageA.id, ...extra }));

const visitorOnly = {
  minRole: 'guest' as const,
  visitor: true,
  allowed: (f: Fixture) => f.visitorA,
  alsoRefused: (f: Fixture) => [f.ownerA, f.adminA, f.moderatorA, f.memberA, f.guestA],
};

/** A whole valid policy, as the console saves it (version 0: the fixture's workspaces are new). */
const matrixPolicy = {
  expectedVersion: 0,
  detectors: { card: 'block', ssn: 'redact', iban: 'flag', secret: 'redact', email: 'off', phone: 'off' },
  filters: [
    {
      id: '8d6b6f0e-4c1a-4f8e-9a57-3f0f1d2b9c11',
      name: 'Rival',
      pattern: '\\bcontoso\\b',
      caseSensitive: false,
      action: 'flag',
    },
  ],
  blockedDomains: { domains: ['evil.example'], action: 'block' },
  markup: 'flag',
  limits: {
    messagesPerMinute: 60,
    newAccountMessagesPerMinute: 10,
    newAccountDays: 3,
    maxMessageBytes: 16384,
  },
  threat: { holdAt: 70, quarantineAt: 95, quarantineMinutes: 60 },
};

/** One case per procedure. The isolation test fails when a procedure of appRouter has none. */
export const cases: Record<string, Case> = {
  'workspace.create': { minRole: null, input: () => ({ name: 'Created in matrix' }) },
  'workspace.listMine': { minRole: null, input: () => undefined },
  // A person's own data, across their workspaces: no workspace to be refused in.
  'privacy.accessRequests': { minRole: null, input: () => undefined },
  'privacy.requestAccess': { minRole: null, input: () => undefined },
  'privacy.deletionPreview': { minRole: null, input: () => undefined },
  // Never the caller's own address: a valid confirmation would delete the account under test.
  'privacy.deleteAccount': { minRole: null, input: () => ({ confirmEmail: 'nobody@example.test' }) },
  'privacy.receipts': { minRole: null, input: () => undefined },
  'workspace.get': { minRole: 'guest', keyScope: 'workspace:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'workspace.update': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, name: 'Renamed by matrix' }),
  },
  'member.list': { minRole: 'guest', keyScope: 'members:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'member.invitations': {
    minRole: 'admin',
    keyScope: 'members:read',
    input: (_f, ws) => ({ workspaceId: ws }),
  },
  'member.invite': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (_f, ws) => ({ workspaceId: ws, role: 'member' }),
  },
  'member.revokeInvitation': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (f, ws) => ({ workspaceId: ws, invitationId: f.invitationA.id }),
  },
  'member.accept': { minRole: null, input: (f) => ({ token: f.invitationA.token }) },
  'member.invitation': { minRole: null, input: (f) => ({ token: f.invitationA.token }) },
  'member.changeRole': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (f, ws) => ({ workspaceId: ws, userId: f.memberA.userId, role: 'guest' }),
  },
  'member.remove': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (f, ws) => ({ workspaceId: ws, userId: f.memberA.userId }),
  },
  'member.leave': {
    minRole: 'guest',
    input: (_f, ws) => ({ workspaceId: ws }),
    allowed: (f) => f.moderatorA,
  },
  'apiKey.create': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, name: 'matrix', scopes: ['workspace:read'] }),
  },
  'apiKey.list': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'apiKey.revoke': { minRole: 'admin', input: (f, ws) => ({ workspaceId: ws, keyId: f.apiKeyA.id }) },
  'audit.list': { minRole: 'admin', keyScope: 'audit:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'audit.verify': { minRole: 'admin', keyScope: 'audit:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'channel.list': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'channel.get': { minRole: 'guest', input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id }) },
  'channel.members': { minRole: 'guest', input: (f, ws) => ({ workspaceId: ws, channelId: f.privateA.id }) },
  'channel.create': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws, name: 'matrix-made' }) },
  'channel.update': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id, topic: 'Set by the matrix' }),
  },
  'channel.join': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id }),
    allowed: (f) => f.adminA,
  },
  'channel.leave': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id }),
    allowed: (f) => f.adminA,
  },
  'channel.addMember': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.privateA.id, userId: f.guestA.userId }),
  },
  'channel.removeMember': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.privateA.id, userId: f.guestA.userId }),
  },
  'channel.openDirect': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, userIds: [f.adminA.userId] }),
  },
  'channel.listDirect': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'channel.getOrCreateBySubject': {
    minRole: 'member',
    input: (_f, ws) => ({ workspaceId: ws, subject: { type: 'invoice', id: '42' }, title: 'Invoice 42' }),
  },
  'channel.listBySubject': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws, type: 'invoice' }) },
  'channel.subjectTypes': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws }) },
  'channel.archive': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id, archived: true }),
  },
  'workspace.keys': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'workspace.rotateKey': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'message.send': inPrivate({ clientMsgId: 'matrix-send-0001', body: 'sent by the matrix' }),
  'message.history': inPrivate(),
  'message.get': onMessageA(),
  'message.edit': privateCase(
    (f, ws) => ({ workspaceId: ws, messageId: f.deletableA.id, body: 'edited by the matrix' }),
    notTheAuthor,
  ),
  // Rectification: admins and up correct others' messages they can read; A's admin is not in the
  // private channel, so memberA's message there does not exist for them.
  'message.correct': {
    minRole: 'admin',
    input: (f, ws) => ({
      workspaceId: ws,
      messageId: f.messageA.id,
      body: 'corrected by the matrix',
      reason: 'matrix correction',
    }),
    alsoRefused: (f) => [f.adminA],
  },
  // Earlier versions are for people in the conversation, not for the widget's visitors.
  'message.editHistory': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id }),
    alsoRefused: outsidePrivate,
  },
  'reaction.toggle': onMessageA({ emoji: '👍' }),
  'message.pin': onMessageA({ pinned: true }),
  'message.pins': inPrivate(),
  'read.receipts': onMessageA(),
  'read.mark': inPrivate({ seq: 1 }),
  'message.composerRules': { minRole: 'guest', visitor: true, input: (_f, ws) => ({ workspaceId: ws }) },
  'read.states': { minRole: 'guest', visitor: true, input: (_f, ws) => ({ workspaceId: ws }) },
  // Sync answers per conversation: one the caller cannot read comes back `gone` and empty (tested
  // in the socket matrix and message tests), so only the workspace gate refuses here.
  'message.sync': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({
      workspaceId: ws,
      conversations: [{ conversationId: f.privateA.id, lastSeq: 0, lastRev: 0 }],
    }),
  },
  'search.messages': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws, query: 'fixture message' }) },
  'notification.list': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'notification.markRead': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  // Preferences are each person's own; a conversation's override only for one they are in.
  'notification.preferences': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'notification.updatePreferences': {
    minRole: 'guest',
    input: (_f, ws) => ({ workspaceId: ws, email: 'hourly', levels: { channel: 'all' } }),
  },
  'notification.conversationPreferences': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'notification.setConversationPreference': {
    minRole: 'guest',
    input: (f, ws) => ({
      workspaceId: ws,
      conversationId: f.privateA.id,
      level: 'nothing',
      mutedUntil: null,
    }),
    alsoRefused: outsidePrivate,
  },
  // Web push: each person's own browsers. Only the gate refuses, except removing A's owner's
  // subscription, which nobody else in A can even see. Never widget visitors or API keys.
  'notification.pushKey': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'notification.pushDevices': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'notification.subscribePush': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, endpoint: 'https://push.example.test/matrix', keys: f.pushA.keys }),
  },
  'notification.unsubscribePush': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, subscriptionId: f.pushA.id }),
    alsoRefused: (f) => [f.adminA, f.moderatorA, f.memberA, f.guestA],
  },
  'thread.replies': onMessageA(),
  'message.delete': privateCase((f, ws) => ({ workspaceId: ws, messageId: f.deletableA.id }), notTheAuthor),
  'admin.analytics': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, from: '2026-11-01', to: '2026-11-30' }),
  },
  'admin.securityAnalytics': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, from: '2026-11-01', to: '2026-11-30' }),
  },
  'admin.connections': { minRole: 'moderator', input: (_f, ws) => ({ workspaceId: ws }) },
  'admin.disconnect': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, userId: f.guestA.userId }),
  },
  'admin.health': { minRole: 'admin', keyScope: 'workspace:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'admin.policy': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'admin.setPolicy': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws, ...matrixPolicy }) },
  // Started, extended and lifted by A's owner in turn (who is never held back by it).
  'admin.resetSessions': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, userId: f.signedOutA.userId }),
  },
  'admin.quarantines': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'admin.quarantine': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, userId: f.signedOutA.userId, reason: 'matrix', minutes: 5 }),
  },
  'admin.releaseQuarantine': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, userId: f.signedOutA.userId }),
  },
  // Reported by A's owner (messageA is memberA's: its author may not report it).
  'moderation.report': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id, reason: 'harassment', note: 'matrix' }),
    alsoRefused: notTheAuthor,
  },
  'moderation.queue': { minRole: 'moderator', input: (_f, ws) => ({ workspaceId: ws }) },
  'moderation.decide': {
    minRole: 'moderator',
    input: (f, ws) => ({ workspaceId: ws, reviewId: f.reviewA.id, decision: 'approve' }),
  },
  // The guest: memberA is removed by an earlier case of the positive control.
  'moderation.trust': {
    minRole: 'moderator',
    input: (f, ws) => ({ workspaceId: ws, userId: f.guestA.userId }),
  },
  // Retention and legal hold: admins. The channel rule and the hold are on A's public channel.
  'compliance.retention': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'compliance.setRetention': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws, messageDays: 365 }) },
  'compliance.setChannelRetention': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.channelA.id, messageDays: 90 }),
  },
  'compliance.setAuditRetention': { minRole: 'owner', input: (_f, ws) => ({ workspaceId: ws, days: 3650 }) },
  'compliance.runRetention': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'compliance.exports': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'compliance.createExport': {
    minRole: 'admin',
    input: (f, ws) => ({
      workspaceId: ws,
      conversationIds: [f.channelA.id],
      includeDeleted: false,
      formats: ['csv'],
    }),
  },
  'compliance.report': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, from: '2026-11-01', to: '2026-11-30' }),
  },
  'compliance.holds': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'compliance.placeHold': {
    minRole: 'admin',
    input: (f, ws) => ({
      workspaceId: ws,
      scope: 'conversation',
      conversationId: f.channelA.id,
      reason: 'matrix',
    }),
  },
  'compliance.releaseHold': { minRole: 'admin', input: (f, ws) => ({ workspaceId: ws, holdId: f.holdA.id }) },
  // The removed member: a former member's data is still theirs to have erased.
  'compliance.erasurePreview': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, userId: f.removedA.userId }),
  },
  'compliance.erase': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, userId: f.removedA.userId }),
  },
  'compliance.erasures': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'attachment.get': privateCase((f, ws) => ({ workspaceId: ws, fileId: f.fileA.id })),
  'attachment.list': inPrivate(),
  'attachment.limits': { minRole: 'guest', visitor: true, input: (_f, ws) => ({ workspaceId: ws }) },
  // An unsent upload is its uploader's alone: nobody else may even see it.
  'attachment.remove': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, fileId: f.uploadA.id }),
    alsoRefused: (f) => [f.adminA, f.moderatorA, f.memberA, f.guestA],
  },
  // A file's versions: whoever sees it (moderatorA through the fixture's share).
  'attachment.versions': privateCase((f, ws) => ({ workspaceId: ws, fileId: f.fileA.id })),
  // Sharing and a file's shares: its uploader and admins who see it; moderatorA holds a share of
  // it (to read), which lets them see it but not share it. Never widget visitors.
  'attachment.share': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, fileId: f.fileA.id, userId: f.guestA.userId, download: true }),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
  },
  'attachment.shares': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, fileId: f.fileA.id }),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
  },
  'attachment.revokeShare': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, shareId: f.shareA.id }),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
  },
  // Comments on fileA: whoever sees it reads them (moderatorA through a read-only share); whoever
  // reads privateA comments and resolves (not the moderator: the share does not say comment); its
  // author or an admin who sees it deletes one. Never widget visitors.
  'attachment.comments': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, fileId: f.fileA.id }),
    alsoRefused: outsidePrivate,
  },
  'attachment.addComment': {
    minRole: 'guest',
    input: (f, ws) => ({
      workspaceId: ws,
      fileId: f.fileA.id,
      body: 'matrix comment',
      anchor: { page: 1, rect: { x: 0.5, y: 0.5, w: 0, h: 0 } },
    }),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
  },
  'attachment.resolveComment': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, commentId: f.commentA.id, resolved: true }),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
  },
  'attachment.deleteComment': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, commentId: f.commentGoneA.id }),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA, f.memberA],
  },
  // Each person's own list: only the gate refuses (visitors included).
  'attachment.sharedWithMe': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'attachment.settings': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'attachment.updateSettings': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws, maxMb: 20 }) },
  'admin.lockdown': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'admin.startLockdown': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, mode: 'full', reason: 'matrix drill', minutes: 5 }),
  },
  'admin.extendLockdown': { minRole: 'owner', input: (_f, ws) => ({ workspaceId: ws, minutes: 5 }) },
  'admin.liftLockdown': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'workspace.lockdown': { minRole: 'guest', visitor: true, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.config': { minRole: null, public: true, input: (f) => ({ workspace: f.a.slug }) },
  'widget.session': {
    minRole: null,
    public: true,
    input: (f) => ({ workspace: f.a.slug, hostOrigin: WIDGET_HOST, token: null }),
  },
  // The visitor side of the widget: visitors only (members use the app's own procedures).
  'widget.me': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.conversations': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.people': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.team': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.consent': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws, notice: fixtureNotice() }) },
  'widget.leaveEmail': {
    ...visitorOnly,
    input: (_f, ws) => ({ workspaceId: ws, email: 'matrix@example.com' }),
  },
  'widget.open': {
    ...visitorOnly,
    input: (_f, ws) => ({ workspaceId: ws, subject: { type: 'invoice', id: '42' } }),
  },
  // The support inbox: staff only (guests, visitors and keys refused).
  'inbox.list': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws, filter: 'all' }) },
  'inbox.counts': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws }) },
  'inbox.get': { minRole: 'member', input: (f, ws) => ({ workspaceId: ws, conversationId: f.supportA.id }) },
  'inbox.notes': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.supportA.id }),
  },
  'inbox.assign': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.supportA.id, userId: f.ownerA.userId }),
  },
  'inbox.setStatus': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.supportA.id, status: 'closed' }),
  },
  'inbox.join': { minRole: 'member', input: (f, ws) => ({ workspaceId: ws, conversationId: f.supportA.id }) },
  'inbox.addNote': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.supportA.id, body: 'matrix note' }),
  },
  'inbox.cannedReplies': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws }) },
  'inbox.saveCannedReply': {
    minRole: 'moderator',
    input: (_f, ws) => ({ workspaceId: ws, title: 'Matrix reply', body: 'Made by the matrix' }),
  },
  // After saveCannedReply in the positive control; the fixture's reply goes.
  'inbox.deleteCannedReply': {
    minRole: 'moderator',
    input: (f, ws) => ({ workspaceId: ws, id: f.cannedA.id }),
  },
  'widget.settings': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.update': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, appearance: { title: 'Set by the matrix' } }),
  },
  // Ends every widget session of A: after the visitor cases in the positive control.
  'widget.rotateSecret': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'workspace.archive': { minRole: 'owner', input: (_f, ws) => ({ workspaceId: ws, archived: true }) },
};
