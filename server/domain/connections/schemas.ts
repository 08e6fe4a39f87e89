import { z } from 'zod';
import { opaqueId } from '../../lib/text';

export const connectionsOutput = z.array(
  z.object({ userId: z.string(), name: z.string(), sockets: z.number().int(), status: z.string() }),
);
export const disconnectInput = z.object({ userId: opaqueId(64) });
