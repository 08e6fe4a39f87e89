import { z } from 'zod';
import { analytics } from '../../domain/admin/analytics';
import { connections, disconnectMember } from '../../domain/admin/connections';
import {
  analyticsInput,
  analyticsOutput,
  connectionsOutput,
  disconnectInput,
} from '../../domain/admin/schemas';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['admin'];
const base = '/workspaces/{workspaceId}/admin';

// Analytics and closing sockets are for admins; moderators may see who is connected.
export const adminRouter = router({
  analytics: workspaceProcedure({ role: 'admin' })
    .meta({ openapi: { method: 'GET', path: `${base}/analytics`, tags, protect: true } })
    .input(analyticsInput)
    .output(analyticsOutput)
    .query(({ ctx, input }) => analytics(ctx, input)),

  connections: workspaceProcedure({ role: 'moderator' })
    .meta({ openapi: { method: 'GET', path: `${base}/connections`, tags, protect: true } })
    .output(connectionsOutput)
    .query(({ ctx }) => connections(ctx)),

  disconnect: workspaceProcedure({ role: 'admin' })
    .meta({
      openapi: { method: 'POST', path: `${base}/connections/{userId}/disconnect`, tags, protect: true },
    })
    .input(disconnectInput)
    .output(z.object({ disconnected: z.number().int() }))
    .mutation(({ ctx, input }) => disconnectMember(ctx, input)),
});
