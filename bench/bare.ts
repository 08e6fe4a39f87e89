// The bare Socket.IO server the benchmarks compare the app with: no auth, no database, no presence.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions } from 'socket.io';

/**
 * The ceiling: join a room, and on `send` broadcast the payload to it. With an adapter it is one
 * node of several (the adapter comparison).
 */
export async function bareServer(adapter?: ServerOptions['adapter']) {
  const http = createServer();
  const io = new Server(http, {
    serveClient: false,
    ...(adapter ? { adapter, transports: ['websocket'] } : {}),
  });
  io.on('connection', (socket) => {
    socket.on('join', (_p: unknown, ack: (r: unknown) => void) => {
      void socket.join('room');
      ack({ ok: true });
    });
    socket.on('send', (payload: unknown, ack: (r: unknown) => void) => {
      io.to('room').emit('message:new', payload);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => void io.close(() => resolve())) };
}
