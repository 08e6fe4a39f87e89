/**
 * How every shipped client (web app, widget) opens its Socket.IO connection: a WebSocket first,
 * HTTP long-polling only when a WebSocket cannot open (a proxy that refuses upgrades).
 *
 * A WebSocket is one TCP connection, so it stays on the node that accepted it: behind
 * `ENCLAVE_NODES` (node:cluster hands out connections round-robin) or any balancer that is not
 * sticky, every client works. Long-polling is a series of requests that must all reach the node
 * that holds the session, which only a sticky balancer guarantees; it is the fallback, not the
 * start.
 */
export function clientTransports(): { transports: ('websocket' | 'polling')[]; tryAllTransports: boolean } {
  return { transports: ['websocket', 'polling'], tryAllTransports: true };
}
