import { z } from 'zod';
import { listAccessRequests, requestAccess } from '../../domain/privacy/access';
import { deleteAccount, deletionPreview } from '../../domain/privacy/account';
import { receiptsOf } from '../../domain/privacy/receipt';
import { subjectRefOf } from '../../domain/privacy/redact';
import {
  deleteAccountInput,
  deletionPreviewOutput,
  myReceipt,
  receiptOutput,
} from '../../domain/privacy/schemas';
import { appSecrets } from '../../lib/app-secrets';
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
          'Asks for a copy of everything held about you (profile, memberships, your messages and edits, the files you uploaded with their contents, reactions, read state, notifications and their settings, audit entries about you), as one ZIP with NDJSON, an HTML view and a signed manifest.',
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
  deletionPreview: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/privacy/account/deletion',
        tags,
        protect: true,
        description:
          'The dry run of deleting your account: per workspace, what is erased, what is kept under a pseudonym and what is kept and why (legal holds, other people’s messages, the audit log). Nothing changes.',
      },
    })
    .input(z.object({}).optional())
    .output(deletionPreviewOutput)
    .query(({ ctx }) => deletionPreview(ctx.rt, ctx.actor.userId)),
  deleteAccount: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/privacy/account/deletion',
        tags,
        protect: true,
        description:
          'Deletes your account: you are erased from every workspace (your texts are destroyed by destroying your keys), your sessions end, and a signed receipt anchored in each workspace’s audit log is returned.',
      },
    })
    .input(deleteAccountInput)
    .output(receiptOutput)
    .mutation(({ ctx, input }) => deleteAccount(ctx.rt, ctx.actor.userId, input, ctx.meta)),
  receipts: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/privacy/erasures',
        tags,
        protect: true,
        description:
          'Your erasure receipts, newest first, each signed and anchored in the audit logs it names.',
      },
    })
    .input(z.object({}).optional())
    .output(z.array(myReceipt))
    .query(({ ctx }) =>
      receiptsOf(ctx.rt.tenants.global, subjectRefOf(appSecrets().checkpointKey, ctx.actor.userId)),
    ),
});
