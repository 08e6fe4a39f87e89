import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, setEnvForProcess } from '../env';
import { callerFor, signUp } from '../../test/actors';
import { person, workspaceWith } from '../../test/factories';
import { useTestServer } from '../../test/server';
import { testRuntime } from '../../test/runtime';

interface Received {
  to: string[];
  subject: string;
  text: string;
}

/** Decodes the single-part text bodies nodemailer writes (7bit or quoted-printable). */
function parseMail(raw: string, to: string[]): Received {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    body = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return { to, subject: /^subject: (.*)$/im.exec(head)?.[1] ?? '', text: body };
}

/** A real SMTP server on loopback that keeps what it receives. */
async function startMailbox() {
  const inbox: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        inbox.push(parseMail(Buffer.concat(chunks).toString('utf8'), to));
        waiters.splice(0).forEach((w) => w());
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** The nth (from 1) message to `address` whose subject matches; waits up to 5 s for it. */
    async mailTo(address: string, subject: RegExp, nth = 1): Promise<Received> {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const m = inbox.filter((x) => x.to.includes(address) && subject.test(x.subject))[nth - 1];
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no mail to ${address} matching ${String(subject)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
const UA = 'mail-flow-test/1.0';

// The mailbox first: the server reads SMTP_URL when it starts.
beforeAll(async () => {
  mailbox = await startMailbox();
  setEnvForProcess({ SMTP_URL: mailbox.url });
});
afterAll(() => mailbox.close());
const app = useTestServer();

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: env().APP_URL, 'user-agent': UA, ...headers },
    body: JSON.stringify(body),
    redirect: 'manual',
  });

const signIn = (email: string, password: string) => post('/api/auth/sign-in/email', { email, password });

/** Links in mails point at APP_URL; the test server listens elsewhere. */
const linkIn = (text: string, path: string) => {
  const m = new RegExp(`https?://\\S+${path}\\S*`).exec(text);
  if (!m) throw new Error(`no ${path} link in mail`);
  const u = new URL(m[0]);
  return { url: `${app.url}${u.pathname}${u.search}`, parsed: u };
};

const freshEmail = () => `flow-${randomBytes(4).toString('hex')}@example.test`;

describe('auth flows with real mail', () => {
  it('sends a verification mail on sign-up whose link verifies the address', async () => {
    const email = freshEmail();
    const r = await post('/api/auth/sign-up/email', {
      email,
      password: 'first-password-1',
      name: 'Vera',
      callbackURL: '/workspaces',
    });
    expect(r.status).toBe(200);
    const before = await testRuntime().db.app.user.findUniqueOrThrow({
      where: { email },
      select: { emailVerified: true },
    });
    expect(before.emailVerified).toBe(false);

    const mail = await mailbox.mailTo(email, /verify/i);
    const { url } = linkIn(mail.text, '/api/auth/verify-email');
    const v = await fetch(url, { redirect: 'manual', headers: { 'user-agent': UA } });
    // The link is what signs the new person in, and it lands where sign-up was asked to go.
    expect(v.status).toBe(302);
    expect(v.headers.get('location')).toBe('/workspaces');
    expect(v.headers.getSetCookie().join(';')).toMatch(/session_token=[^;]+/);
    const after = await testRuntime().db.app.user.findUniqueOrThrow({
      where: { email },
      select: { emailVerified: true },
    });
    expect(after.emailVerified).toBe(true);

    // A forged token verifies nothing.
    const other = freshEmail();
    await post('/api/auth/sign-up/email', { email: other, password: 'first-password-1', name: 'Other' });
    const forged = url.replace(/token=[^&]+/, 'token=not-a-token');
    await fetch(forged, { redirect: 'manual' });
    const untouched = await testRuntime().db.app.user.findUniqueOrThrow({
      where: { email: other },
      select: { emailVerified: true },
    });
    expect(untouched.emailVerified).toBe(false);
  });

  it('answers sign-up alike for a new and a taken address, mailing each what fits', async () => {
    const taken = await signUp('Tessa');
    const fresh = freshEmail();
    const attempt = (email: string) =>
      post('/api/auth/sign-up/email', { email, password: 'attacker-password-9', name: 'Mallory' });
    const [a, b] = [await attempt(taken.email), await attempt(fresh)];
    // The same status, the same shape, no session either way: nothing tells the two apart.
    expect([a.status, b.status]).toEqual([200, 200]);
    const shape = async (r: Response) => {
      const body = (await r.json()) as { token: unknown; user: Record<string, unknown> };
      return {
        token: body.token,
        keys: Object.keys(body.user).sort(),
        cookie: r.headers.getSetCookie().length,
      };
    };
    expect(await shape(a)).toEqual(await shape(b));
    expect((await shape(await attempt(freshEmail()))).token).toBeNull();

    // The holder of the taken address hears of it; the account is untouched.
    const reminder = await mailbox.mailTo(taken.email, /already have an Enclave account/);
    expect(reminder.text).toContain('/forgot-password');
    expect((await signIn(taken.email, 'attacker-password-9')).status).toBe(401);
    expect((await signIn(taken.email, taken.password)).status).toBe(200);
    const row = await testRuntime().db.app.user.findUniqueOrThrow({ where: { email: taken.email } });
    expect(row.name).toBe('Tessa');
    // The new address gets the link that creates the account.
    await mailbox.mailTo(fresh, /verify/i);
  });

  it('accepts an invitation bound to an email only once that address is verified, writing nothing before', async () => {
    const owner = await signUp('Inviter');
    const api = await callerFor(owner);
    const ws = await api.workspace.create({ name: 'Verified invitees' });
    const email = freshEmail();
    const inv = await api.member.invite({ workspaceId: ws.id, role: 'member', email });
    // A fresh account with the invited address, which its holder never confirmed.
    await post('/api/auth/sign-up/email', { email, password: 'first-password-1', name: 'Nina' });
    const { token } = (await (await signIn(email, 'first-password-1')).json()) as { token: string };
    const nina = await callerFor({ token });
    const state = async () => ({
      members: (await api.member.list({ workspaceId: ws.id })).map((m) => m.userId),
      pending: (await api.member.invitations({ workspaceId: ws.id })).map((i) => i.id),
      audit: await testRuntime().db.app.auditEvent.count({ where: { workspaceId: ws.id } }),
    });
    const before = await state();
    await expect(nina.member.accept({ token: inv.token })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: `Verify your email address first; we sent a link to ${email}`,
    });
    expect(await state()).toEqual(before);

    // What the invitation page offers: the verification mail again, leading back to the invitation.
    const callbackURL = `/invite/${inv.token}`;
    const resend = await post(
      '/api/auth/send-verification-email',
      { email, callbackURL },
      { authorization: `Bearer ${token}` },
    );
    expect(resend.status).toBe(200);
    const mail = await mailbox.mailTo(email, /verify/i, 2);
    const { url } = linkIn(mail.text, '/api/auth/verify-email');
    const v = await fetch(url, { redirect: 'manual', headers: { 'user-agent': UA } });
    expect(v.status).toBe(302);
    expect(v.headers.get('location')).toBe(callbackURL);

    // The same session, now with a verified address, joins.
    expect(await nina.member.accept({ token: inv.token })).toMatchObject({
      workspaceId: ws.id,
      role: 'member',
    });
    expect((await api.member.list({ workspaceId: ws.id })).map((m) => m.name).sort()).toEqual([
      'Inviter',
      'Nina',
    ]);
    // Invitations that name no address are accepted as before, verified or not.
    const open = await api.member.invite({ workspaceId: ws.id, role: 'guest' });
    expect(await (await callerFor(await signUp('Otto'))).member.accept({ token: open.token })).toMatchObject({
      role: 'guest',
    });
  });

  it('resets a password through the mailed token; the old password stops working', async () => {
    const user = await signUp('Reset');
    const r = await post('/api/auth/request-password-reset', { email: user.email, redirectTo: '/reset' });
    expect(r.status).toBe(200);
    const mail = await mailbox.mailTo(user.email, /reset/i);
    const { parsed } = linkIn(mail.text, '/api/auth/reset-password/');
    const token = parsed.pathname.split('/').at(-1) ?? '';
    expect(token.length).toBeGreaterThan(10);

    const newPassword = 'brand-new-password-2';
    const reset = await post('/api/auth/reset-password', { token, newPassword });
    expect(reset.status).toBe(200);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await signIn(user.email, newPassword)).status).toBe(200);
    // The token is single-use.
    const again = await post('/api/auth/reset-password', { token, newPassword: 'third-password-33' });
    expect(again.status).toBe(400);
    expect((await signIn(user.email, newPassword)).status).toBe(200);
  });

  it('audits sign-in success and failure in every workspace of the user, with IP and user agent', async () => {
    const user = await person('Audited');
    const { api } = user;
    const w1 = await workspaceWith({}, { name: 'Audit One', owner: user });
    const w2 = await workspaceWith({}, { name: 'Audit Two', owner: user });
    expect((await signIn(user.email, 'wrong-password-0')).status).toBe(401);
    expect((await signIn(user.email, user.password)).status).toBe(200);

    for (const ws of [w1, w2]) {
      const { items } = await api.audit.list({ workspaceId: ws.id, actorId: user.userId });
      const signIns = items.filter((i) => i.action.startsWith('auth.sign_in'));
      expect(signIns.map((i) => i.action).sort()).toEqual(['auth.sign_in', 'auth.sign_in_failed']);
      for (const i of signIns) {
        expect(i).toMatchObject({ ip: '127.0.0.1', userAgent: UA, targetId: user.userId });
        expect(i.requestId).toBeTruthy();
      }
    }
  });

  it('changes an address only after the old one confirms and the new one verifies, and audits it', async () => {
    const user = await signUp('Eve Changes');
    await testRuntime().db.admin.user.update({ where: { id: user.userId }, data: { emailVerified: true } });
    const ws = await workspaceWith({ member: [user] }, { name: 'Change email', owner: 'Oona' });
    const next = freshEmail();
    const asked = await post(
      '/api/auth/change-email',
      { newEmail: next, callbackURL: '/account' },
      { authorization: `Bearer ${user.token}` },
    );
    expect(asked.status).toBe(200);
    const stored = () =>
      testRuntime().db.admin.user.findUniqueOrThrow({ where: { id: user.userId }, select: { email: true } });
    // Nothing changes before both links are followed: the old address confirms first.
    const confirm = await mailbox.mailTo(user.email, /confirm the change/i);
    expect(confirm.text).toContain(next);
    expect((await stored()).email).toBe(user.email);
    const c = await fetch(linkIn(confirm.text, '/api/auth/verify-email').url, { redirect: 'manual' });
    expect(c.status).toBe(302);
    expect((await stored()).email).toBe(user.email);
    const verify = await mailbox.mailTo(next, /verify your new/i);
    const v = await fetch(linkIn(verify.text, '/api/auth/verify-email').url, { redirect: 'manual' });
    expect(v.status).toBe(302);
    expect((await stored()).email).toBe(next);
    const log = await ws.api.audit.list({ workspaceId: ws.id });
    const changed = log.items.filter((e) => e.action === 'profile.updated' && e.actorId === user.userId);
    expect(changed.map((e) => e.data)).toEqual([{ fields: ['email'] }]);
    expect(JSON.stringify(changed)).not.toContain(next);
    // The new address signs in; the old one no longer does.
    expect((await signIn(next, user.password)).status).toBe(200);
    expect((await signIn(user.email, user.password)).status).toBe(401);
  });
});
