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
import { memberLockdownOutput } from '../../domain/lockdown/schemas';
import { memberLockdown } from '../../domain/lockdown/service';
import { endpoints } from '../endpoint';
import { router } from '../init';
import { authedProcedure } from '../procedures';

const api = endpoints('workspace');
const tags = ['workspace'];
const ws = '/workspaces/{workspaceId}';
const admin = { role: 'admin' } as const;

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

  // Open in a lockdown, as is the lockdown itself: the app names the workspace and says why.
  get: api.get(
    { role: 'guest', scope: 'workspace:read', lockdown: 'open' },
    ws,
    null,
    workspaceOutput,
    getWorkspace,
  ),
  lockdown: api.get(
    { role: 'guest', visitor: true, lockdown: 'open' },
    `${ws}/lockdown`,
    null,
    memberLockdownOutput,
    memberLockdown,
  ),
  update: api.patch(admin, ws, updateWorkspaceInput, workspaceOutput, updateWorkspace),
  keys: api.get(admin, `${ws}/keys`, null, keyStatusOutput, keyStatus),
  rotateKey: api.post(admin, `${ws}/keys/rotate`, null, keyStatusOutput, rotateKey),
  archive: api.post(
    { role: 'owner', allowArchived: true },
    `${ws}/archive`,
    archiveWorkspaceInput,
    workspaceOutput,
    archiveWorkspace,
  ),
});
