import type { WorkspaceId } from '../db/tenant';
import type { ServiceCtx } from '../domain/scope';
import { enterWorkspace, socketMeta } from '../gate/enter';
import { AppError } from '../lib/errors';
import type { Runtime } from '../runtime';
import { rooms } from './rooms';
import type { AppSocket, SocketData } from './types';
import { mintWorkspaceId } from '../db/tenant';

/**
 * The socket side of the workspace gate (server/gate/enter.ts, the same one tRPC uses): membership
 * read in the same tenant transaction as the work, the scope minted, after-commit work run. A
 * non-member gets NOT_FOUND whether or not the workspace exists. Widget visitors enter as guests
 * of their one workspace.
 */
export function inWorkspace<T>(
  rt: Runtime,
  { actor, ip }: Pick<SocketData, 'actor' | 'ip'>,
  workspaceId: string,
  /** conversationId: as the tRPC gate's `conversation` option, its access row comes with the membership. */
  opts: { write: boolean; conversationId?: string; lockdown?: 'read' | 'open' },
  fn: (ctx: ServiceCtx) => Promise<T>,
): Promise<T> {
  return enterWorkspace(
    rt,
    { actor, workspaceId, meta: socketMeta(ip) },
    {
      visitor: true,
      write: opts.write,
      conversationId: opts.conversationId,
      lockdown: opts.lockdown,
    },
    fn,
  );
}

/**
 * The socket gate for sends, which the batcher groups per workspace: the socket must be in the
 * workspace (its room is joined after the handshake's membership read and left the moment the
 * membership ends), or be a visitor of it. Checked before anything is loaded, encrypted or queued;
 * the send statement checks membership again in its own transaction.
 */
export function joinedWorkspace(socket: AppSocket, workspaceIdInput: string): WorkspaceId {
  const { actor } = socket.data;
  const inIt =
    actor.kind === 'visitor'
      ? actor.workspaceId === workspaceIdInput
      : socket.rooms.has(rooms.workspace(workspaceIdInput));
  if (!inIt) {
    // A full lockdown took the socket out of the workspace's rooms (and into this one).
    if (socket.rooms.has(rooms.lockedOut(workspaceIdInput)))
      throw new AppError(
        'LOCKED',
        'This workspace is locked down: only admins can use it until it is lifted.',
      );
    throw new AppError('NOT_FOUND', 'Workspace not found');
  }
  return mintWorkspaceId(workspaceIdInput);
}
