import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatSocket } from '../client/socket-store';
import { Outbox, type OutboxItem } from './outbox';
import { Sender } from './sender';

// A message with files in the outbox: its uploads survive a reload and go with every retry. The
// browser's storage and the server's socket are stood in for (both are outside this code).

class MemoryStorage {
  private data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

const item = (over: Partial<OutboxItem> = {}): OutboxItem => ({
  clientMsgId: 'client-1',
  conversationId: 'c1',
  parentId: null,
  body: '',
  files: [
    { id: 'f1', name: 'a.png', size: 10, kind: 'image' },
    { id: 'f2', name: 'b.txt', size: 3, kind: 'file' },
  ],
  createdAt: new Date(0).toISOString(),
  status: 'queued',
  error: null,
  ...over,
});

type Answer = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/** A connected socket that answers each `message:send` with the next of `answers`. */
function serverAnswering(answers: Answer[]) {
  const sent: Record<string, unknown>[] = [];
  const socket = {
    connected: true,
    on: () => socket,
    off: () => socket,
    emit: (_event: string, payload: Record<string, unknown>, ack: (a: Answer) => void) => {
      sent.push(payload);
      const next = answers.shift();
      if (next) ack(next);
    },
  };
  return { socket: socket as unknown as ChatSocket, sent };
}

const stored = (clientMsgId: string) => ({
  ok: true as const,
  data: { message: { id: 'm1', clientMsgId, conversationId: 'c1', files: [] }, notice: null },
});

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage());
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('outbox items with files', () => {
  it('keep their files across a reload; items stored before files existed have none', () => {
    new Outbox('k').add(item());
    expect(new Outbox('k').all()[0]!.files.map((f) => f.id)).toEqual(['f1', 'f2']);
    localStorage.setItem(
      'old',
      JSON.stringify([
        { clientMsgId: 'x', conversationId: 'c', parentId: null, body: 'hi', status: 'queued' },
      ]),
    );
    expect(new Outbox('old').all()[0]!.files).toEqual([]);
    localStorage.setItem('bad', JSON.stringify([{ ...item(), files: [{ id: 3 }, 'nonsense'] }]));
    expect(new Outbox('bad').all()[0]!.files).toEqual([]);
  });

  it('are sent with their file ids, in order, and again on a retry after a refusal', async () => {
    const outbox = new Outbox('k');
    outbox.add(item());
    const { socket, sent } = serverAnswering([
      { ok: false, error: { code: 'NOT_FOUND', message: 'File not found' } },
      stored('client-1'),
    ]);
    const storedMessages: string[] = [];
    const sender = new Sender(
      'w1',
      outbox,
      () => socket,
      (m) => storedMessages.push(m.id),
      () => undefined,
    );
    await sender.flush();
    expect(outbox.get('client-1')).toMatchObject({ status: 'failed', error: 'File not found' });
    outbox.update('client-1', { status: 'queued', error: null });
    await sender.flush();
    expect(sent).toHaveLength(2);
    for (const p of sent)
      expect(p).toMatchObject({
        workspaceId: 'w1',
        clientMsgId: 'client-1',
        body: '',
        fileIds: ['f1', 'f2'],
      });
    expect(storedMessages).toEqual(['m1']);
    expect(outbox.all()).toEqual([]);
  });

  it('a message without files sends no fileIds', async () => {
    const outbox = new Outbox(null);
    outbox.add(item({ body: 'hello', files: [] }));
    const { socket, sent } = serverAnswering([stored('client-1')]);
    await new Sender(
      'w1',
      outbox,
      () => socket,
      () => undefined,
      () => undefined,
    ).flush();
    expect(sent[0]).not.toHaveProperty('fileIds');
    expect(sent[0]).toMatchObject({ body: 'hello' });
  });
});
