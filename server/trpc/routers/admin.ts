import { z } from 'zod';
import { analyticsInput, analyticsOutput } from '../../domain/analytics/schemas';
import { analytics } from '../../domain/analytics/service';
import { connectionsOutput, disconnectInput } from '../../domain/connections/schemas';
import { connections, disconnectMember } from '../../domain/connections/service';
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
