import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatOf, type Binding } from './aead';
import { Keyring, MemoryKeyStore } from './keyring';
import { MemoryPersonKeyStore, ShreddedError } from './person-keys';

// Per-person keys under the workspace keyring: what a person writes decrypts while their key
// exists, under every workspace key version, and never again once it is destroyed.

const where: Binding = { workspaceId: 'ws-a', table: 'message', rowId: 'm-1', column: 'body' };

function ringWithPeople() {
  const people = new MemoryPersonKeyStore();
  const ring = new Keyring(randomBytes(32), new MemoryKeyStore(), undefined, people);
  return { ring, people, persons: ring.persons! };
}

describe('person keys', () => {
  it('encrypt under the owner’s own key, one per person and workspace, and decrypt without naming them', async () => {
    const { ring, people } = ringWithPeople();
    const a = await ring.encrypt(null, where, 'from alice', 'alice');
    const b = await ring.encrypt(null, where, 'from bob', 'bob');
    await ring.encrypt(null, { ...where, workspaceId: 'ws-b' }, 'alice elsewhere', 'alice');
    expect(formatOf(a)).toBe(2);
    expect(people.rows.map((r) => `${r.workspaceId}/${r.userId}`).sort()).toEqual([
      'ws-a/alice',
      'ws-a/bob',
      'ws-b/alice',
    ]);
    expect(await ring.decrypt(null, where, a)).toBe('from alice');
    expect(await ring.decrypt(null, where, b)).toBe('from bob');
    // Without an owner it is the workspace key, as before.
    expect(formatOf(await ring.encrypt(null, where, 'system'))).toBe(1);
  });

  it('refuse a ciphertext moved to another row, or pointed at another person’s key', async () => {
    const { ring, people } = ringWithPeople();
    const a = await ring.encrypt(null, where, 'secret', 'alice');
    await ring.encrypt(null, where, 'x', 'bob');
    await expect(ring.decrypt(null, { ...where, rowId: 'm-2' }, a)).rejects.toThrow(/could not be decrypted/);
    const bobKey = people.rows.find((r) => r.userId === 'bob')!.id;
    const swapped = Buffer.from(a);
    Buffer.from(bobKey.replaceAll('-', ''), 'hex').copy(swapped, 5);
    await expect(ring.decrypt(null, where, swapped)).rejects.toThrow(/could not be decrypted/);
  });

  it('survive a workspace key rotation by re-wrapping, and are gone for good once destroyed', async () => {
    const { ring, people, persons } = ringWithPeople();
    const a = await ring.encrypt(null, where, 'kept through rotation', 'alice');
    const row = people.rows[0]!;
    expect(await ring.rotate(null, 'ws-a')).toBe(2);
    row.wrapped = await persons.rewrap(null, { ...row }, 2);
    row.wrapVersion = 2;
    // A fresh process (nothing cached) reads the re-wrapped key.
    const fresh = new Keyring(Buffer.alloc(32), new MemoryKeyStore(), undefined, people);
    await expect(fresh.decrypt(null, where, a)).rejects.toThrow(); // another master key
    expect(await ring.decrypt(null, where, a)).toBe('kept through rotation');
    // Destroyed: the row goes, the process forgets it; the ciphertext is now noise.
    people.rows.splice(0, 1);
    persons.shred('ws-a', 'alice');
    await expect(ring.decrypt(null, where, a)).rejects.toBeInstanceOf(ShreddedError);
  });

  it('tell the other nodes when a key is destroyed', () => {
    const { persons } = ringWithPeople();
    const heard: string[] = [];
    persons.onShred = (ws, user) => heard.push(`${ws}/${user}`);
    persons.shred('ws-a', 'alice');
    persons.shredHeard('ws-a', 'bob');
    expect(heard).toEqual(['ws-a/alice']);
  });
});
