/**
 * How browsers connect: WebSocket first, which any node behind any load balancer can hold (several
 * nodes need nothing sticky); HTTP long-polling only when a WebSocket cannot be opened, where the
 * server allows it (one node, or a sticky balancer).
 */
export const socketTransports = {
  path: '/socket.io',
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
} as const;
