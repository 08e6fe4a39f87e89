import { randomUUID } from 'node:crypto';
import type { Tx } from '../server/db/client';
import type { WorkspaceId } from '../server/db/tenant';
import { noteBinding } from '../server/domain/inbox/notes';
import { keyVersionOf } from '../server/lib/crypto/aead';
import { sendBatch } from '../server/domain/send/send';
import { defaultPolicy } from '../server/domain/policy/schemas';
import { upsertVisitor } from '../server/domain/widget/sessions';
import { env } from '../server/env';
import type { Runtime } from '../server/runtime';

const seedMeta = { requestId: 'seed', ip: '127.0.0.1', userAgent: 'enclave-seed' };

interface Story {
  visitor: { sub: string; name: string; email: string };
  subject: { type: string; id: string };
  title: string;
  /** Who says what, in order: 'visitor' or a staff key. */
  lines: [string, string][];
  status: 'open' | 'closed';
  assignee?: string;
  note?: [string, string];
}

/**
 * Acme's support inbox as a new user should first see it: one visitor waiting about an invoice on
 * the sample host page, one conversation assigned to bob and answered, one closed; a note and the
 * team's canned replies. Written as the app writes them (messages encrypted, through the send path).
 */
export async function seedInbox(rt: Runtime, tx: Tx, ws: WorkspaceId, staff: Record<string, string>) {
  const stories: Story[] = [
    {
      visitor: { sub: 'demo-maya', name: 'Maya Patel', email: 'maya@customer.example' },
      subject: { type: 'invoice', id: '42' },
      title: 'Invoice 42',
      lines: [
        ['visitor', 'Hi! I think I was charged twice for invoice 42. Could someone check?'],
        ['visitor', 'Both charges are from yesterday, same amount.'],
      ],
      status: 'open',
    },
    {
      visitor: { sub: 'demo-leo', name: 'Leo Park', email: 'leo@customer.example' },
      subject: { type: 'visitor', id: '' },
      title: 'Chat with Leo Park',
      lines: [
        ['visitor', 'How do I add a teammate to our account?'],
        ['bob', 'Hi Leo! Settings → Members → **Invite**. Want me to send you the link?'],
        ['visitor', 'Yes please, that would be great.'],
        ['bob', 'Done: check your inbox for an invitation from Acme.'],
      ],
      status: 'open',
      assignee: 'bob',
      note: ['bob', 'Leo is on the trial plan until the 15th; offer the onboarding call if he asks.'],
    },
    {
      visitor: { sub: 'demo-nora', name: 'Nora Diaz', email: 'nora@customer.example' },
      subject: { type: 'visitor', id: '' },
      title: 'Chat with Nora Diaz',
      lines: [
        ['visitor', 'Is there a dark mode?'],
        ['alice', 'There is: the theme switch at the bottom of the sidebar, or it follows your system.'],
        ['visitor', 'Found it, thanks!'],
      ],
      status: 'closed',
      assignee: 'alice',
    },
  ];
  let n = 0;
  for (const s of stories) {
    const claims = { ...s.visitor, exp: Math.floor(Date.now() / 1000) + 60 };
    const v = await upsertVisitor(tx, ws, claims, seedMeta, defaultPolicy());
    const subject = s.subject.type === 'visitor' ? { type: 'visitor', id: v.userId } : s.subject;
    const conv = await tx.conversation.create({
      data: {
        workspaceId: ws,
        kind: 'subject',
        subjectType: subject.type,
        subjectId: subject.id,
        name: s.title,
        createdBy: v.userId,
      },
    });
    const speakers = new Set(s.lines.map(([who]) => (who === 'visitor' ? v.userId : staff[who]!)));
    await tx.conversationMember.createMany({
      data: [...speakers].map((userId) => ({ workspaceId: ws, conversationId: conv.id, userId })),
    });
    for (const [who, body] of s.lines) {
      const userId = who === 'visitor' ? v.userId : staff[who]!;
      const { results } = await sendBatch(rt, tx, (fn) => fn(tx), ws, [
        {
          userId,
          conversationId: conv.id,
          clientMsgId: `demo-inbox-${++n}`,
          body,
          visitor: who === 'visitor',
        },
      ]);
      if (!results[0]?.ok) throw new Error('demo inbox message not stored');
    }
    // The status is set after the messages, so a closed one stays closed.
    await tx.supportConversation.create({
      data: {
        workspaceId: ws,
        conversationId: conv.id,
        visitorId: v.userId,
        status: s.status,
        assigneeId: s.assignee ? staff[s.assignee]! : null,
        pageUrl: `${new URL(env().APP_URL).origin}/widget-demo.html`,
        statusAt: new Date(Date.now() + 1000),
      },
    });
    if (s.note) {
      const [who, body] = s.note;
      const id = randomUUID();
      const blob = await rt.keys.ring.encrypt(tx, noteBinding(ws, id), body);
      await tx.supportNote.create({
        data: {
          id,
          workspaceId: ws,
          conversationId: conv.id,
          authorId: staff[who]!,
          body: new Uint8Array(blob),
          keyVersion: keyVersionOf(blob),
        },
      });
    }
  }
  await tx.cannedReply.createMany({
    data: [
      { title: 'Greeting', body: 'Hi! Thanks for reaching out. How can we help?' },
      { title: 'Refund policy', body: 'Refunds go back to the original card within 5–7 business days.' },
      { title: 'Closing', body: 'Glad we could help! Write again any time.' },
    ].map((c) => ({ ...c, workspaceId: ws, createdBy: staff.alice! })),
  });
}
