import { uploadAs } from '../files';
import { newDeviceKeys } from '../push-endpoint';
import { noticeOf } from '../../server/domain/widget/consent';
import type { ApiKeyScope } from '../../server/domain/api-key/scopes';
import { callerFor, type TestUser } from '../actors';
import {
  conversation,
  message,
  WIDGET_HOST,
  widgetOn,
  widgetVisitor,
  workspaceWith,
  type TestWorkspace,
} from '../factories';

/**
 * The cross-workspace fixture: workspace A with one user per role plus a removed member, workspace B
 * with its owner, API keys of both, and one object of each kind in A for procedures that name one.
 */
export interface Fixture {
  a: { id: string; name: string; slug: string };
  b: { id: string };
  ownerA: TestUser;
  adminA: TestUser;
  moderatorA: TestUser;
  memberA: TestUser;
  guestA: TestUser;
  removedA: TestUser;
  /** A guest of A whose sessions the matrix resets (nobody calls as them). */
  signedOutA: TestUser;
  ownerB: TestUser;
  /** A key of B with every scope. */
  keyB: string;
  /** A key of A with only workspace:read. */
  keyAReadOnly: string;
  invitationA: { id: string; token: string };
  apiKeyA: { id: string };
  /** A public channel and a private one (with memberA in it) in A, both made by A's owner. */
  channelA: { id: string };
  privateA: { id: string };
  /** Messages in privateA: one by memberA, one by A's owner (the one the matrix deletes). */
  messageA: { id: string };
  deletableA: { id: string };
  /** The owner's report of another message of memberA's in privateA: an open review. */
  reviewA: { id: string };
  /** A legal hold on privateA, placed by A's owner (the one the matrix releases). */
  holdA: { id: string };
  /** Widget visitors (A's signed, listing invoice 42; B's anonymous), as bearer-token callers. */
  visitorA: TestUser;
  visitorB: TestUser;
  /** A's owner's browser subscribed to push in A; `keys` are a browser's keys for new subscriptions. */
  pushA: { id: string; keys: { p256dh: string; auth: string } };
  /** visitorA's own conversation, in A's support inbox, with a note and a canned reply in A. */
  supportA: { id: string };
  cannedA: { id: string };
  /** memberA's file in privateA, sent on a message; and A's owner's upload there, never sent. */
  fileA: { id: string };
  uploadA: { id: string };
  /**
   * A's owner's shares of fileA, both to read only: with A's moderator (outside privateA: they see
   * the file but may not take or share it), and with signedOutA, the one the matrix revokes (the
   * moderator leaves A in the positive control, and their share goes with them).
   */
  shareA: { id: string };
  /** A's owner's comments on fileA: one the matrix resolves, one it deletes. */
  commentA: { id: string };
  commentGoneA: { id: string };
}

/** A widget visitor of `ws` (A's signed, listing invoice 42; B's anonymous), from the host page. */
/** The privacy notice of A's widget, and its name (what a consent is given to). */
export const FIXTURE_NOTICE = 'We keep this chat for 30 days.';
export const fixtureNotice = () =>
  noticeOf({ noticeText: FIXTURE_NOTICE, noticeUrl: null, requireConsent: false });

async function visitorIn(ws: TestWorkspace, signed: boolean): Promise<TestUser> {
  const secret = await widgetOn(ws, { anonymous: !signed });
  // From the host page, as a browser sends it (anonymous sessions need an Origin).
  const visitor = await widgetVisitor(ws, {
    from: WIDGET_HOST,
    ...(signed && {
      secret,
      claims: {
        sub: `host-user-${ws.id.slice(0, 8)}`,
        name: 'Visitor Vera',
        email: 'vera@host.example',
        subjects: [{ type: 'invoice', id: '42' }],
      },
    }),
  });
  return { userId: visitor.userId, email: '', name: visitor.name, password: '', token: visitor.token };
}

export async function buildFixture(tag: string): Promise<Fixture> {
  const [A, B] = await Promise.all([
    workspaceWith(
      {
        admin: [`Admin A ${tag}`],
        moderator: [`Moderator A ${tag}`],
        member: [`Member A ${tag}`, `Removed A ${tag}`],
        guest: [`Guest A ${tag}`, `Signed-out A ${tag}`],
      },
      { name: `Alpha ${tag}`, owner: `Owner A ${tag}` },
    ),
    workspaceWith({}, { name: `Beta ${tag}`, owner: `Owner B ${tag}` }),
  ]);
  const [ownerA, ownerB] = [A.owner, B.owner];
  const [[adminA], [moderatorA], [memberA, removedA], [guestA, signedOutA]] = [
    A.admin,
    A.moderator,
    A.member,
    A.guest,
  ];
  const [a, b] = [ownerA.api, ownerB.api];
  await a.member.remove({ workspaceId: A.id, userId: removedA.userId });
  const allScopes: ApiKeyScope[] = ['workspace:read', 'members:read', 'members:write', 'audit:read'];
  const keyB = (await b.apiKey.create({ workspaceId: B.id, name: 'b-all', scopes: allScopes })).key;
  const keyAReadOnly = (
    await a.apiKey.create({ workspaceId: A.id, name: 'a-ro', scopes: ['workspace:read'] })
  ).key;
  const apiKeyA = await a.apiKey.create({ workspaceId: A.id, name: 'a-target', scopes: ['members:read'] });
  const invitationA = await a.member.invite({ workspaceId: A.id, role: 'member' });
  const channelA = await conversation(A, { kind: 'channel', name: 'matrix-public' });
  const privateA = await conversation(A, {
    kind: 'channel',
    name: 'matrix-private',
    private: true,
    members: [memberA],
  });
  const messageA = await message(A, privateA, {
    author: memberA,
    body: `fixture message <@${ownerA.userId}>`,
  });
  const [visitorA, visitorB] = await Promise.all([visitorIn(A, true), visitorIn(B, false)]);
  const deletableA = await message(A, privateA, { body: 'fixture message to delete' });
  // A second message of memberA's, reported by A's owner: the review the matrix decides on.
  const reportedA = await message(A, privateA, { author: memberA, body: 'fixture message to report' });
  const reviewA = await a.moderation.report({ workspaceId: A.id, messageId: reportedA.id, reason: 'spam' });
  // A privacy notice in A's widget (not required): the one the matrix's visitor agrees to.
  await a.widget.update({ workspaceId: A.id, privacy: { noticeText: FIXTURE_NOTICE } });
  const holdA = await a.compliance.placeHold({
    workspaceId: A.id,
    scope: 'conversation',
    conversationId: privateA.id,
    reason: 'fixture hold',
  });
  const supportA = await (
    await callerFor(visitorA)
  ).widget.open({
    workspaceId: A.id,
    pageUrl: `${WIDGET_HOST}/pricing`,
  });
  await a.inbox.addNote({ workspaceId: A.id, conversationId: supportA.id, body: 'fixture note' });
  const cannedA = await a.inbox.saveCannedReply({
    workspaceId: A.id,
    title: 'Fixture greeting',
    body: 'Hello! How can we help?',
  });
  const fileA = await uploadAs(memberA, A.id, privateA.id, 'fixture.txt', Buffer.from('fixture file'));
  await (
    await callerFor(memberA)
  ).message.send({
    workspaceId: A.id,
    conversationId: privateA.id,
    clientMsgId: `fixture-file-${tag}`,
    fileIds: [fileA.id],
  });
  const uploadA = await uploadAs(ownerA, A.id, privateA.id, 'draft.txt', Buffer.from('never sent'));
  const { keys: pushKeys } = newDeviceKeys();
  const pushA = await a.notification.subscribePush({
    workspaceId: A.id,
    endpoint: `https://push.example.test/fixture-${tag}`,
    keys: pushKeys,
  });
  await a.attachment.share({ workspaceId: A.id, fileId: fileA.id, userId: moderatorA.userId });
  const shareA = await a.attachment.share({ workspaceId: A.id, fileId: fileA.id, userId: signedOutA.userId });
  const comment = (body: string) =>
    a.attachment.addComment({
      workspaceId: A.id,
      fileId: fileA.id,
      body,
      anchor: { page: 1, rect: { x: 0.1, y: 0.2, w: 0.3, h: 0.2 } },
    });
  const commentA = await comment('fixture comment');
  const commentGoneA = await comment('fixture comment to delete');
  return {
    commentA: { id: commentA.id },
    commentGoneA: { id: commentGoneA.id },
    fileA: { id: fileA.id },
    uploadA: { id: uploadA.id },
    pushA: { id: pushA.id, keys: pushKeys },
    shareA: { id: shareA.id },
    a: { id: A.id, name: A.name, slug: A.slug },
    b: { id: B.id },
    ownerA,
    adminA,
    moderatorA,
    memberA,
    guestA,
    removedA,
    signedOutA,
    ownerB,
    keyB,
    keyAReadOnly,
    invitationA: { id: invitationA.id, token: invitationA.token },
    apiKeyA: { id: apiKeyA.id },
    channelA: { id: channelA.id },
    privateA: { id: privateA.id },
    messageA: { id: messageA.id },
    deletableA: { id: deletableA.id },
    reviewA: { id: reviewA.reviewId },
    holdA: { id: holdA.id },
    visitorA,
    visitorB,
    supportA: { id: supportA.id },
    cannedA: { id: cannedA.id },
  };
}
