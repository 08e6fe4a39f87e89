import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * Messages between the nodes of one deployment: a cache entry to forget, an identity event. On
 * one node there is nobody to tell (LocalBus); with Redis every other node hears each message once
 * (RedisBus). A node never hears its own messages: the caller has already acted on them locally.
 */
export interface ClusterBus {
  readonly nodeId: string;
  /** False while the bus cannot reach the other nodes (Redis down): /api/ready says so. */
  connected(): boolean;
  publish<T extends Topic>(topic: T, payload: z.infer<(typeof topics)[T]>): void;
  subscribe<T extends Topic>(topic: T, fn: (payload: z.infer<(typeof topics)[T]>) => void): void;
  close(): Promise<void>;
}

/** Every message a node may send, checked on arrival like any other input. */
export const topics = {
  forget: z.object({
    cache: z.enum(['settings', 'frames', 'keys', 'restrictions']),
    workspaceId: z.uuid(),
  }),
  /** A person's key in a workspace was destroyed (erasure): drop it from memory too. */
  shred: z.object({ workspaceId: z.uuid(), userId: z.string().min(1).max(200) }),
  auth: z.discriminatedUnion('event', [
    z.object({
      event: z.literal('session-revoked'),
      sessionId: z.string().min(1).max(200),
      userId: z.string().min(1).max(200),
      reason: z.enum(['sign_out', 'revoked']).optional(),
    }),
    z.object({ event: z.literal('user-sessions-revoked'), userId: z.string().min(1).max(200) }),
  ]),
};
export type Topic = keyof typeof topics;

export const defaultNodeId = () => `${hostname()}-${process.pid}`;

/** One node: nothing to send, nobody to hear from. */
export class LocalBus implements ClusterBus {
  constructor(readonly nodeId = defaultNodeId()) {}
  connected() {
    return true;
  }
  publish() {}
  subscribe() {}
  close() {
    return Promise.resolve();
  }
}
