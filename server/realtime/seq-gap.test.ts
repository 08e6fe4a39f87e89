import { describe, expect, it } from 'vitest';
import { convKey } from '../../components/chat/store';
import { apiClient, Device, until } from '../../test/chat-device';
import { message, workspaceWith } from '../../test/factories';
import { useTestServer } from '../../test/server';
import { rooms } from './rooms';

const app = useTestServer();

describe('a live client that misses an event', () => {
  it('sees the gap in the next message’s seq and syncs what lies between, without a reconnect', async () => {
    const ws = await workspaceWith({ member: ['Gap reader'] });
    const [reader] = ws.member;
    const device = new Device(app.url, ws.id, reader.userId, reader.token, apiClient(app.url, reader.token));
    try {
      await device.show([ws.general.id]);
      await device.connect();
      const seqs = () => device.engine.store.list(convKey(ws.general.id)).messages.map((m) => m.seq);
      const first = await message(ws, ws.general, { body: 'one' });
      await until(
        () => seqs().includes(first.seq),
        () => `the first message arrived live: ${JSON.stringify(seqs())}`,
      );

      // The reader's socket is out of the room for one message, as when an event is lost between
      // nodes: the socket stays connected, so no reconnect will sync it.
      const room = rooms.conversation(ws.id, ws.general.id);
      const socketId = device.socket.id ?? '';
      app.realtime.io.in(socketId).socketsLeave(room);
      const missed = await message(ws, ws.general, { body: 'two' });
      app.realtime.io.in(socketId).socketsJoin(room);
      const third = await message(ws, ws.general, { body: 'three' });

      await until(
        () => seqs().includes(missed.seq) && seqs().includes(third.seq),
        () => `the missed message was synced: ${JSON.stringify(seqs())}`,
        3_000,
      );
      expect(seqs()).toEqual([first.seq, missed.seq, third.seq]);
      expect(device.engine.latestSeq(ws.general.id)).toBe(third.seq);
      expect(device.socket.connected).toBe(true);
    } finally {
      device.close();
    }
  });
});
