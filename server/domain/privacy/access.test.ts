import { createHash, createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appSecrets } from '../../lib/app-secrets';
import { callerFor } from '../../../test/actors';
import { superQuery } from '../../../test/db';
import { message, workspaceWith } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { unzip } from '../../../test/zip';
import { refusedWith } from '../../../test/widget';
import { settled, uploadAs } from '../../../test/files';

// A person's access request end to end: everything about them from every workspace they are in,
// nothing of anyone else's, in a signed ZIP only they can download.

const app = useTestServer();

describe('access requests', () => {
  it('give a person everything about them across workspaces, and only them', async () => {
    const a = await workspaceWith({ member: 2 }, { name: `Access A ${randomUUID().slice(0, 6)}` });
    const [person, other] = a.member;
    const b = await workspaceWith({ member: [person] }, { name: `Access B ${randomUUID().slice(0, 6)}` });
    const mineA = await message(a, a.general, { author: person, body: 'MINE-IN-A' });
    await message(b, b.general, { author: person, body: 'MINE-IN-B' });
    await message(a, a.general, { author: other, body: 'SOMEONE-ELSES' });
    // A file of theirs, sent, and one of the other person's.
    const theirs = await uploadAs(person, a.id, a.general.id, 'my-notes.txt', Buffer.from('MY-FILE-BYTES'));
    await person.api.message.send({
      workspaceId: a.id,
      conversationId: a.general.id,
      clientMsgId: `f-${randomUUID()}`,
      body: 'attached',
      fileIds: [theirs.id],
    });
    const notTheirs = await uploadAs(other, a.id, a.general.id, 'other.txt', Buffer.from('OTHER-FILE-BYTES'));
    await settled(a.id, theirs.id);
    await settled(a.id, notTheirs.id);
    await (await callerFor(other)).reaction.toggle({ workspaceId: a.id, messageId: mineA.id, emoji: '👍' });
    const api = (await callerFor(person)).privacy;

    const asked = await api.requestAccess();
    expect(asked).toMatchObject({ status: 'queued', downloadPath: null });
    let done = asked;
    for (let i = 0; i < 200 && done.status !== 'done' && done.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = (await api.accessRequests()).find((r) => r.id === asked.id)!;
    }
    expect(done).toMatchObject({ status: 'done', workspaces: 2, error: null });

    const res = await fetch(`${app.url}${done.downloadPath}`, {
      headers: { authorization: `Bearer ${person.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="enclave-my-data-/);
    const zipped = await unzip(Buffer.from(await res.arrayBuffer()));
    const files = new Map([...zipped].map(([k, v]) => [k, v.toString()]));
    expect(JSON.parse(files.get('profile.json')!)).toMatchObject({ id: person.userId, email: person.email });
    const manifestText = files.get('manifest.json')!;
    const sig = JSON.parse(files.get('manifest.sig.json')!) as { signature: string };
    expect(sig.signature).toBe(
      createHmac('sha256', appSecrets().checkpointKey).update(manifestText).digest('hex'),
    );
    const manifest = JSON.parse(manifestText) as {
      files: { path: string; sha256: string }[];
      messages: number;
    };
    for (const f of manifest.files)
      expect(createHash('sha256').update(files.get(f.path)!).digest('hex'), f.path).toBe(f.sha256);
    expect(manifest.messages).toBe(3);
    const all = [...files.values()].join('\n');
    expect(all).toContain('MINE-IN-A');
    expect(all).toContain('MINE-IN-B');
    expect(all).not.toContain('SOMEONE-ELSES');
    // Their file: its rows (name decrypted, no key) and its bytes, hashed in the manifest.
    const filePath = `workspaces/${a.slug}/files/${theirs.id}/v1-my-notes.txt`;
    expect(files.get(filePath)).toBe('MY-FILE-BYTES');
    expect(manifest.files.map((f) => f.path)).toContain(filePath);
    expect(files.get(`workspaces/${a.slug}/file_version.ndjson`)).toContain('my-notes.txt');
    expect(files.get(`workspaces/${a.slug}/file_version.ndjson`)).not.toContain('wrapped_key');
    expect(all).not.toContain('OTHER-FILE-BYTES');
    expect(all).not.toContain('other.txt');
    // Another person's reaction to their message is the other person's.
    expect(files.get(`workspaces/${a.slug}/message_reaction.ndjson`)).toBe('');
    expect(files.get(`workspaces/${a.slug}/audit_event.ndjson`)).toContain('privacy.access');

    // Theirs only: not another member's, nobody's; and one at a time.
    expect(
      (await fetch(`${app.url}${done.downloadPath}`, { headers: { authorization: `Bearer ${other.token}` } }))
        .status,
    ).toBe(404);
    expect((await fetch(`${app.url}${done.downloadPath}`)).status).toBe(401);
    await superQuery(`UPDATE access_request SET status = 'running' WHERE id = $1`, [asked.id]);
    await refusedWith(api.requestAccess(), 'CONFLICT', /already being gathered/);
    for (const ws of [a, b]) {
      const audited = await superQuery<{ actor_id: string }>(
        `SELECT actor_id FROM audit_event WHERE workspace_id = $1 AND action = 'privacy.access'`,
        [ws.id],
      );
      expect(audited).toEqual([{ actor_id: person.userId }]);
    }
  });
});
