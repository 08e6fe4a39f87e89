import { z } from 'zod';
import {
  archiveWorkspaceInput,
  createWorkspaceInput,
  updateWorkspaceInput,
  workspaceOutput,
} from '../../domain/workspace/schemas';
import {
  archiveWorkspace,
  createWorkspace,
  getWorkspace,
  listMyWorkspaces,
  updateWorkspace,
} from '../../domain/workspace/service';
import { keyStatusOutput } from '../../domain/keys/schemas';
import { keyStatus, rotateKey } from '../../domain/keys/rotation';
import { router } from '../init';
import { authedProcedure, workspaceProcedure } from '../procedures';

const tags = ['workspace'];

export const workspaceRouter = router({
  create: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/workspaces', tags, protect: true } })
    .input(createWorkspaceInput)
    .output(workspaceOutput)
    .mutation(({ ctx, input }) => createWorkspace(ctx.rt, ctx.actor.userId, input, ctx.meta)),

  listMine: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/workspaces', tags, protect: true } })
    .input(z.object({}).optional())
    .output(z.array(workspaceOutput))
    .query(({ ctx }) => listMyWorkspaces(ctx.rt, ctx.actor.userId)),

  get: workspaceProcedure({ role: 'guest', scope: 'workspace:read' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}', tags, protect: true } })
    .output(workspaceOutput)
    .query(({ ctx }) => getWorkspace(ctx)),

  update: workspaceProcedure({ role: 'admin' })
    .meta({ openapi: { method: 'PATCH', path: '/workspaces/{workspaceId}', tags, protect: true } })
    .input(updateWorkspaceInput)
    .output(workspaceOutput)
    .mutation(({ ctx, input }) => updateWorkspace(ctx, input)),

  keys: workspaceProcedure({ role: 'admin' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}/keys', tags, protect: true } })
    .output(keyStatusOutput)
    .query(({ ctx }) => keyStatus(ctx)),

  rotateKey: workspaceProcedure({ role: 'admin' })
    .meta({ openapi: { method: 'POST', path: '/workspaces/{workspaceId}/keys/rotate', tags, protect: true } })
    .output(keyStatusOutput)
    .mutation(({ ctx }) => rotateKey(ctx)),

  archive: workspaceProcedure({ role: 'owner', allowArchived: true })
    .meta({ openapi: { method: 'POST', path: '/workspaces/{workspaceId}/archive', tags, protect: true } })
    .input(archiveWorkspaceInput)
    .output(workspaceOutput)
    .mutation(({ ctx, input }) => archiveWorkspace(ctx, input)),
});
