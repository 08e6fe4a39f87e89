import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnvForProcess } from '../../env';
import {
  supportConversation,
  WIDGET_HOST,
  widgetOn,
  widgetVisitor,
  workspaceWith,
  type Person,
  type TestWorkspace,
} from '../../../test/factories';
import { settled, uploadAs } from '../../../test/files';
import { startMailbox, type Mailbox } from '../../../test/mailbox';
import { testRuntime } from '../../../test/runtime';
import { useTestServer } from '../../../test/server';
import { localMinutes } from '../../../shared/notification-prefs';
import { escalate } from './escalate';
import { env } from '../../env';
import { vapidKeysFrom, webPushPort } from '../../runtime/push';
import { startPushEndpoint } from '../../../test/push-endpoint';

// Escalation with a controllable clock: `escalate` takes `now`, and notifications are made at the
// database's real time, so a run "three minutes later" is a run with now + 3 min. Email goes through
// a real SMTP server on loopback and is read back with mailparser.

let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
  setEnvForProcess({ SMTP_URL: mailbox.url });
});
afterAll(() => mailbox.close());
const app = useTestServer();

const MIN = 60_000;
const timing = () => ({ pushDelayMs: 1 * MIN, emailDelayMs: 2 * MIN, appUrl: app.url });
const later = (ms: number) => new Date(Date.now() + ms);
const run = (ws: { id: string }, at: Date) => escalate(testRuntime(), at, timing(), { workspaceId: ws.id });

let ws: TestWorkspace<{ member: 3 }>;
let alice: Person, bob: Person, carol: Person;
beforeAll(async () => {
  ws = await workspaceWith({ member: 3 }, { name: `Escalation ${randomUUID().slice(0, 6)}` });
  [alice, bob, carol] = ws.member;
  // Notification emails go to verified addresses only.
  await testRuntime().db.admin.user.updateMany({
    where: { id: { in: [alice.userId, bob.userId, carol.userId] } },
    data: { emailVerified: true },
  });
});

const say = (
  who: Pick<Person, 'api'>,
  body: string,
  conversationId = ws.general.id,
  parentId?: string,
  fileIds?: string[],
) =>
  who.api.message.send({
    workspaceId: ws.id,
    conversationId,
    clientMsgId: `e-${randomUUID()}`,
    body,
    ...(parentId && { parentId }),
    ...(fileIds && { fileIds }),
  });
/** A header as sent (mailparser also parses List-* headers into objects of its own). */
const header = (mail: ParsedMail, key: string) =>
  mail.headerLines
    .find((h) => h.key === key)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, '');
const unread = (who: Person) =>
  who.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 50 });

describe('notification email', () => {
  it('batches several missed mentions into one email with a one-click unsubscribe, once', async () => {
    await bob.api.notification.updatePreferences({ workspaceId: ws.id, email: 'every15' });
    await say(alice, `hi <@${bob.userId}> one`);
    await say(alice, `hi <@${bob.userId}> two`);
    await say(carol, `and <@${bob.userId}> three`);
    const before = mailbox.to(bob.email).length;

    // Inside the delay nothing goes out.
    expect((await run(ws, later(1.5 * MIN))).emails).toBe(0);
    expect(mailbox.to(bob.email)).toHaveLength(before);

    const done = await run(ws, later(3 * MIN));
    expect(done.emails).toBe(1);
    const mails = mailbox.to(bob.email).slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!.parsed;
    expect(mail.subject).toBe(`3 new notifications in ${ws.name}`);
    // Grouped by conversation: one heading for #general, three lines under it.
    expect(mail.text).toContain('#general:');
    expect(mail.text?.match(/mentioned you/g)).toHaveLength(3);
    expect(mail.text).toContain(`${alice.name} mentioned you`);
    expect(mail.text).toContain(`${carol.name} mentioned you`);
    // Without previews allowed, no message text leaves in the email.
    expect(mail.text).not.toContain('three');
    expect(mail.html).toContain('<h3>');
    expect(header(mail, 'list-unsubscribe')).toMatch(/^<http:\/\/[^>]+\/api\/v1\/unsubscribe\?token=[^>]+>$/);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // A second run sends nothing more for the same notifications.
    expect((await run(ws, later(4 * MIN))).emails).toBe(0);
    expect(mailbox.to(bob.email).slice(before)).toHaveLength(1);
  });

  it('sends nothing for what was read in the meantime', async () => {
    await carol.api.notification.updatePreferences({ workspaceId: ws.id, email: 'immediately' });
    const { message } = await say(alice, `ping <@${carol.userId}>`);
    const before = mailbox.to(carol.email).length;
    // Read on some device before the delay is up.
    await carol.api.read.mark({ workspaceId: ws.id, conversationId: ws.general.id, seq: message.seq });
    expect(await unread(carol)).toHaveLength(0);
    await run(ws, later(3 * MIN));
    expect(mailbox.to(carol.email)).toHaveLength(before);
  });

  it('waits for the person’s window since their last email', async () => {
    await alice.api.notification.updatePreferences({ workspaceId: ws.id, email: 'hourly' });
    await say(bob, `first <@${alice.userId}>`);
    const before = mailbox.to(alice.email).length;
    const t0 = Date.now();
    await run(ws, new Date(t0 + 3 * MIN));
    expect(mailbox.to(alice.email)).toHaveLength(before + 1);
    await say(bob, `second <@${alice.userId}>`);
    // Half an hour on: the hour since the last email is not up.
    await run(ws, new Date(t0 + 33 * MIN));
    expect(mailbox.to(alice.email)).toHaveLength(before + 1);
    await run(ws, new Date(t0 + 64 * MIN));
    const mails = mailbox.to(alice.email).slice(before);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.parsed.subject).toContain(`${bob.name} mentioned you in #general`);
  });

  it('quotes the message when the workspace allows previews, names for mentions included', async () => {
    await ws.api.workspace.update({ workspaceId: ws.id, settings: { notifications: { pushPreview: true } } });
    try {
      const dm = await alice.api.channel.openDirect({ workspaceId: ws.id, userIds: [bob.userId] });
      await bob.api.notification.updatePreferences({ workspaceId: ws.id, email: 'immediately' });
      await say(alice, `lunch with <@${carol.userId}> at noon?`, dm.id);
      const before = mailbox.to(bob.email).length;
      await run(ws, later(20 * MIN));
      const mail = mailbox.to(bob.email).slice(before)[0]!.parsed;
      expect(mail.subject).toContain(`${alice.name} sent you a message in a direct message with`);
      expect(mail.text).toContain(`“lunch with @${carol.name} at noon?”`);
    } finally {
      await ws.api.workspace.update({
        workspaceId: ws.id,
        settings: { notifications: { pushPreview: false } },
      });
    }
  });
});

describe('a shared file', () => {
  it('is emailed as a share, linking to the file’s own page', async () => {
    const f = await uploadAs(ws.owner, ws.id, ws.general.id, 'budget.txt', Buffer.from('numbers'));
    await say(ws.owner, 'the budget', ws.general.id, undefined, [f.id]);
    await settled(ws.id, f.id);
    await bob.api.notification.updatePreferences({ workspaceId: ws.id, email: 'immediately', emailOff: [] });
    await ws.owner.api.attachment.share({
      workspaceId: ws.id,
      fileId: f.id,
      userId: bob.userId,
      download: true,
    });
    const before = mailbox.to(bob.email).length;
    await run(ws, later(400 * MIN));
    const mail = mailbox.to(bob.email).slice(before)[0]!.parsed;
    expect(mail.text).toContain(`${ws.owner.name} shared a file with you`);
    expect(mail.text).toContain(`/w/${ws.slug}/files/${f.id}`);
  });
});

describe('push', () => {
  it('goes to the person’s devices once a notification is unseen past the delay, not before, once', async () => {
    const ep = await startPushEndpoint(testRuntime().push.publicKey());
    const port = webPushPort(testRuntime().tenants, () => vapidKeysFrom(env()), {
      ca: ep.ca,
      allowPrivateAddresses: true,
    });
    try {
      const phone = ep.device(`alice-phone-${randomUUID()}`);
      await alice.api.notification.subscribePush({
        workspaceId: ws.id,
        endpoint: phone.endpoint,
        keys: phone.keys,
      });
      await alice.api.notification.updatePreferences({ workspaceId: ws.id, email: 'off' });
      const deps = { ...testRuntime(), push: port };
      const runWith = (at: Date) => escalate(deps, at, timing(), { workspaceId: ws.id });
      await say(bob, `<@${alice.userId}> the build is red`);
      const mine = () => ep.received.filter((r) => r.device === phone.name);
      await runWith(later(0.5 * MIN));
      expect(mine()).toHaveLength(0);
      const done = await runWith(later(1.5 * MIN));
      expect(done.pushed).toBe(1);
      expect(mine()).toHaveLength(1);
      // Decrypted with the browser's keys at the endpoint: who and where, no text by default.
      const shown = JSON.parse(mine()[0]!.plaintext!) as { title: string; body: string; url: string };
      expect(shown.title).toBe(`${bob.name} mentioned you`);
      expect(shown.body).not.toContain('build is red');
      expect(shown.url).toMatch(new RegExp(`^/w/${ws.slug}/c/${ws.general.id}\\?m=`));
      await runWith(later(5 * MIN));
      expect(mine()).toHaveLength(1);

      // Read before the delay: never pushed. Push turned off: never pushed.
      const { message } = await say(bob, `<@${alice.userId}> fixed`);
      await alice.api.read.mark({ workspaceId: ws.id, conversationId: ws.general.id, seq: message.seq });
      await runWith(later(5 * MIN));
      await alice.api.notification.updatePreferences({ workspaceId: ws.id, push: false });
      await say(bob, `<@${alice.userId}> one more`);
      await runWith(later(5 * MIN));
      expect(mine()).toHaveLength(1);
    } finally {
      await alice.api.notification.updatePreferences({ workspaceId: ws.id, push: true, email: 'every15' });
      port.close();
      await ep.close();
    }
  });
});

describe('quiet hours', () => {
  it('hold the email until they end, in the person’s time zone', async () => {
    const t0 = Date.now();
    const at = new Date(t0 + 3 * MIN);
    // Quiet from a few minutes before `at` for an hour, on the clock of Asia/Tokyo (UTC+9).
    const start = (localMinutes(at, 'Asia/Tokyo') - 5 + 1440) % 1440;
    await carol.api.notification.updatePreferences({
      workspaceId: ws.id,
      email: 'immediately',
      emailOff: [],
      quietHours: { start, end: (start + 60) % 1440 },
      timeZone: 'Asia/Tokyo',
    });
    try {
      await say(bob, `<@${carol.userId}> late-night question`);
      const before = mailbox.to(carol.email).length;
      await run(ws, at);
      expect(mailbox.to(carol.email)).toHaveLength(before);
      await run(ws, new Date(t0 + 70 * MIN));
      const mails = mailbox.to(carol.email).slice(before);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.parsed.text).toContain(`${bob.name} mentioned you`);
    } finally {
      await carol.api.notification.updatePreferences({ workspaceId: ws.id, quietHours: null });
    }
  });
});

describe('widget visitors', () => {
  it('get the team’s replies they missed at the address they gave, pointing back to the host’s page', async () => {
    const secret = await widgetOn(ws);
    const email = `sue-${randomUUID().slice(0, 6)}@visitor.test`;
    const sue = await widgetVisitor(ws, {
      secret,
      claims: { sub: `sue-${randomUUID()}`, name: 'Sue Visitor', email },
    });
    const conv = await supportConversation(ws, sue, {
      messages: ['Do you ship to Norway?'],
      pageUrl: `${WIDGET_HOST}/shipping`,
    });
    await ws.api.inbox.join({ workspaceId: ws.id, conversationId: conv.id });
    await say(ws.owner, 'Yes, we do!', conv.id);
    // The widget shows it as unread; the row is what escalation emails.
    const mine = await testRuntime().db.admin.notification.findMany({
      where: { workspaceId: ws.id, userId: sue.userId },
    });
    expect(mine.map((n) => [n.kind, n.actorId])).toEqual([['direct', ws.owner.userId]]);
    // The visitor's own message notified nobody on the team by email (no staff member is mentioned).
    await run(ws, later(300 * MIN));
    const mails = mailbox.to(email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!.parsed;
    expect(mail.subject).toBe(`${ws.name} replied to you`);
    expect(mail.text).toContain(`${ws.owner.name} replied`);
    expect(mail.text).toContain(`${WIDGET_HOST}/shipping`);
    // No link into the web app, where a visitor cannot sign in; the unsubscribe link stays.
    expect(mail.text).not.toContain('/w/');
    expect(header(mail, 'list-unsubscribe')).toMatch(/unsubscribe\?token=/);
  });
});

describe('one-click unsubscribe', () => {
  async function lastUnsubscribeUrl(who: Person) {
    await who.api.notification.updatePreferences({ workspaceId: ws.id, email: 'immediately', emailOff: [] });
    await say(who === alice ? bob : alice, `hey <@${who.userId}> ${randomUUID()}`);
    await run(ws, later(90 * MIN));
    const mail = mailbox.to(who.email).at(-1)!.parsed;
    return header(mail, 'list-unsubscribe')!.replace(/^<|>$/g, '');
  }

  it('works without signing in, by POST only, and stops that category', async () => {
    const url = await lastUnsubscribeUrl(carol);
    expect(new URL(url).origin).toBe(new URL(app.url).origin);
    // A link scanner's GET changes nothing.
    const shown = await fetch(url);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<form method="post">');
    expect((await carol.api.notification.preferences({ workspaceId: ws.id })).emailOff).toEqual([]);

    // The mail client's one click (RFC 8058): no cookie, no session.
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('You are unsubscribed');
    expect((await carol.api.notification.preferences({ workspaceId: ws.id })).emailOff).toEqual(['activity']);

    const before = mailbox.to(carol.email).length;
    await say(alice, `are you there <@${carol.userId}>`);
    await run(ws, later(200 * MIN));
    expect(mailbox.to(carol.email)).toHaveLength(before);
    // In-app notifications stay.
    expect((await unread(carol)).length).toBeGreaterThan(0);
  });

  it('refuses a token that is forged or cut short, changing nothing', async () => {
    const url = new URL(await lastUnsubscribeUrl(bob));
    const token = url.searchParams.get('token')!;
    const [payload] = token.split('.');
    // Someone else's claims under bob's signature, a truncated one, and garbage.
    const forged = `${Buffer.from(JSON.stringify({ w: ws.id, u: alice.userId, c: 'activity' })).toString('base64url')}.${token.split('.')[1]}`;
    for (const bad of [forged, `${payload}.`, token.slice(0, -3), 'x']) {
      url.searchParams.set('token', bad);
      const r = await fetch(url, { method: 'POST' });
      expect(r.status).toBe(400);
    }
    expect((await alice.api.notification.preferences({ workspaceId: ws.id })).emailOff).toEqual([]);
    expect((await bob.api.notification.preferences({ workspaceId: ws.id })).emailOff).toEqual([]);
  });
});
