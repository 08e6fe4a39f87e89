import { describe, expect, it } from 'vitest';
import { env } from '../env';
import { workspaceWith } from '../../test/factories';
import { useTestServer } from '../../test/server';
import { collect, connect, nextEvent } from '../../test/sockets';
import { FAILED_SIGN_IN_ALERT } from '../domain/audit/sign-in';

// Repeated failed sign-ins to a member's account reach the workspace's admins live, once a burst.

const app = useTestServer();
const signIn = (email: string, password: string) =>
  fetch(`${app.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: env().APP_URL },
    body: JSON.stringify({ email, password }),
  });

describe('failed sign-in alert', () => {
  it('tells the admins at the fifth failure within 15 minutes, and not again at the sixth', async () => {
    const ws = await workspaceWith({ admin: 1, member: ['Tried Tom'] }, { name: 'Alerted' });
    const [tom] = ws.member;
    const owner = await connect(app.url, { token: ws.owner.token });
    const admin = await connect(app.url, { token: ws.admin[0].token });
    const member = await connect(app.url, { token: tom.token });
    const memberHears = collect(member, 'security:alert', 2000);
    for (let i = 1; i < FAILED_SIGN_IN_ALERT.count; i++)
      expect((await signIn(tom.email, `wrong-${i}`)).status).toBe(401);
    const toOwner = nextEvent(owner, 'security:alert');
    const toAdmin = nextEvent(admin, 'security:alert');
    expect((await signIn(tom.email, 'wrong-5')).status).toBe(401);
    for (const { payload } of [await toOwner, await toAdmin])
      expect(payload).toMatchObject({
        workspaceId: ws.id,
        kind: 'sign_in',
        message: "5 failed sign-ins to Tried Tom's account within 15 minutes.",
      });
    const again = collect(owner, 'security:alert', 800);
    expect((await signIn(tom.email, 'wrong-6')).status).toBe(401);
    expect(await again).toEqual([]);
    // Members are not told about each other.
    expect(await memberHears).toEqual([]);
  });
});
