// People and workspaces for the messaging benchmarks, made through the real procedures (sign-up,
// workspace.create, invitations, channel.create/join) so every row is what the app itself writes.
import { callerFor, signUp, type TestUser } from '../test/actors';

export const RECEIVERS = 200;
export const SENDERS = 50;

export interface Chat {
  owner: TestUser;
  /** RECEIVERS members besides the owner; the first SENDERS of them are the send benchmark's senders. */
  members: TestUser[];
  workspaceId: string;
  /** #general: everyone is in it (the fanout channel). */
  generalId: string;
  /** The channel the SENDERS write to in the send benchmark. */
  sendId: string;
  /** The channel the raw-insert baseline writes to (so its sequence numbers do not mix with the app's). */
  rawId: string;
}

/** Runs `fn` over `items` with at most `n` in flight (sign-up hashes passwords on the thread pool). */
export async function pool<T, R>(items: T[], n: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

export async function joinWorkspace(owner: TestUser, workspaceId: string, users: TestUser[]) {
  const api = await callerFor(owner);
  await pool(users, 4, async (u) => {
    const { token } = await api.member.invite({ workspaceId, role: 'member' });
    await (await callerFor(u)).member.accept({ token });
  });
}

export async function setUpChat(): Promise<Chat> {
  const owner = await signUp('Chat Owner');
  const members = await pool(
    Array.from({ length: RECEIVERS }, (_, i) => i),
    4,
    (i) => signUp(`Chat ${i}`),
  );
  const api = await callerFor(owner);
  const ws = await api.workspace.create({ name: 'Bench chat' });
  await joinWorkspace(owner, ws.id, members);
  const [general] = await api.channel.list({ workspaceId: ws.id });
  if (!general) throw new Error('no #general');
  const send = await api.channel.create({ workspaceId: ws.id, name: 'send' });
  const raw = await api.channel.create({ workspaceId: ws.id, name: 'raw' });
  await pool(members.slice(0, SENDERS), 4, async (u) =>
    (await callerFor(u)).channel.join({ workspaceId: ws.id, channelId: send.id }),
  );
  return { owner, members, workspaceId: ws.id, generalId: general.id, sendId: send.id, rawId: raw.id };
}
