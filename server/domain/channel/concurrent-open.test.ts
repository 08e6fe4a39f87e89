import { describe, expect, it } from 'vitest';
import { callerFor } from '../../../test/actors';
import { workspaceWith } from '../../../test/factories';

// Conversations and memberships made on first use: whoever comes first creates them, and everyone
// racing them gets the same one back (insert-on-conflict), never a 500 or "open it again".

async function team(n: number) {
  const ws = await workspaceWith({ member: n }, { name: 'Races', owner: 'Race owner' });
  return { owner: ws.owner, api: ws.api, workspaceId: ws.id, people: ws.member };
}

const settle = async <T>(calls: Promise<T>[]) => {
  const all = await Promise.allSettled(calls);
  const failed = all.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
  expect(failed).toEqual([]);
  return all.map((r) => (r as PromiseFulfilledResult<T>).value);
};

describe('conversations opened by several people at once', () => {
  it('gives everyone opening the same direct conversation at once the same one', async () => {
    const { owner, workspaceId, people } = await team(1);
    const other = people[0]!;
    const callers = await Promise.all([callerFor(owner), callerFor(other)]);
    const opened = await settle(
      Array.from({ length: 10 }, (_, i) =>
        callers[i % 2]!.channel.openDirect({ workspaceId, userIds: [i % 2 ? owner.userId : other.userId] }),
      ),
    );
    expect(new Set(opened.map((d) => d.id)).size).toBe(1);
    const [mine] = await callers[0].channel.listDirect({ workspaceId });
    expect(mine?.participants.map((p) => p.userId).sort()).toEqual([owner.userId, other.userId].sort());
  });

  it("gives everyone opening a record's conversation at once the same one, and joins them all", async () => {
    const { workspaceId, people } = await team(5);
    const callers = await Promise.all(people.map((u) => callerFor(u)));
    const subject = { type: 'invoice', id: 'INV-race' };
    const opened = await settle(
      callers.flatMap((c) => [
        c.channel.getOrCreateBySubject({ workspaceId, subject }),
        c.channel.getOrCreateBySubject({ workspaceId, subject }),
      ]),
    );
    expect(new Set(opened.map((c) => c.id)).size).toBe(1);
    expect(opened.every((c) => c.joined)).toBe(true);
    const [listed] = await callers[0]!.channel.listBySubject({ workspaceId, type: 'invoice' });
    expect(listed?.memberCount).toBe(5);
    const log = await (await callerFor(people[0]!)).channel.listBySubject({ workspaceId, type: 'invoice' });
    expect(log).toHaveLength(1);
  });

  it('joins a channel once when the same person joins it twice at once', async () => {
    const { api, workspaceId, people } = await team(1);
    const channel = await api.channel.create({ workspaceId, name: 'double-click' });
    const member = await callerFor(people[0]!);
    await settle(
      Array.from({ length: 5 }, () => member.channel.join({ workspaceId, channelId: channel.id })),
    );
    expect((await member.channel.get({ workspaceId, channelId: channel.id })).memberCount).toBe(2);
    const joins = await api.audit.list({ workspaceId, action: 'channel.join' });
    expect(joins.items).toHaveLength(1);
  });
});
