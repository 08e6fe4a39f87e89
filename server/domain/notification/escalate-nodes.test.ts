import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnvForProcess } from '../../env';
import { workspaceWith } from '../../../test/factories';
import { startMailbox, type Mailbox } from '../../../test/mailbox';
import { useNodes, useRedis } from '../../../test/nodes';
import { testRuntime } from '../../../test/runtime';
import { escalate } from './escalate';

// Two nodes run escalation at the same moment (the singleton job makes that rare, a retry after a
// node stalls makes it possible): each notification is still emailed once.

let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
  setEnvForProcess({ SMTP_URL: mailbox.url });
});
afterAll(() => mailbox.close());
const redis = useRedis();
const [a, b] = useNodes(redis, ['a', 'b']);

describe('escalation on two nodes', () => {
  it('emails each person once when both nodes run at the same time', async () => {
    const ws = await workspaceWith({ member: 3 }, { name: `Two nodes ${randomUUID().slice(0, 6)}` });
    const [author, ...readers] = ws.member;
    await testRuntime().db.admin.user.updateMany({
      where: { id: { in: readers.map((r) => r.userId) } },
      data: { emailVerified: true },
    });
    for (const r of readers) {
      await r.api.notification.updatePreferences({ workspaceId: ws.id, email: 'immediately' });
      for (let i = 0; i < 12; i++)
        await author.api.message.send({
          workspaceId: ws.id,
          conversationId: ws.general.id,
          clientMsgId: `n-${randomUUID()}`,
          body: `<@${r.userId}> number ${i}`,
        });
    }
    const timing = { pushDelayMs: 60_000, emailDelayMs: 120_000, appUrl: a.url };
    const at = new Date(Date.now() + 5 * 60_000);
    const runs = await Promise.all(
      [a, b, a, b, a, b, a, b].map((node) => escalate(node.runtime, at, timing, { workspaceId: ws.id })),
    );
    expect(runs.reduce((n, r) => n + r.emails, 0)).toBe(readers.length);
    for (const r of readers) {
      // Sign-up sent its verification email to the same mailbox.
      const mails = mailbox.to(r.email).filter((m) => m.parsed.subject?.includes(ws.name));
      expect(mails.map((m) => m.parsed.subject)).toEqual([`12 new notifications in ${ws.name}`]);
    }
  });
});
