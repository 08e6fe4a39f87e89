import { z } from 'zod';
import { listAccessRequests, requestAccess } from '../../domain/privacy/access';
import { router } from '../init';
import { authedProcedure } from '../procedures';

const tags = ['privacy'];
const accessRequest = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
  bytes: z.number().int().nullable(),
  workspaces: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  /** Where its person downloads it while it lasts (null otherwise). */
  downloadPath: z.string().nullable(),
});

// A person's own rights over their data, across every workspace they are in (not a workspace's).
export const privacyRouter = router({
  requestAccess: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/privacy/requests',
        tags,
        protect: true,
        description:
          'Asks for a copy of everything held about you (profile, memberships, your messages and edits, reactions, read state, notifications, audit entries about you), as one ZIP with NDJSON, an HTML view and a signed manifest.',
      },
    })
    .input(z.object({}).optional())
    .output(accessRequest)
    .mutation(({ ctx }) => requestAccess(ctx.rt, ctx.actor.userId, ctx.meta)),
  accessRequests: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/privacy/requests', tags, protect: true } })
    .input(z.object({}).optional())
    .output(z.array(accessRequest))
    .query(({ ctx }) => listAccessRequests(ctx.rt, ctx.actor.userId)),
});
