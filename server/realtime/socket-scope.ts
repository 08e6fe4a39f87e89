import { randomUUID } from 'node:crypto';
import { db } from '../db';
import { mintWorkspaceId, withMember, type WorkspaceId } from '../db/tenant';
import type { Role } from '../../shared/roles';
import { enteredConversation, type ServiceCtx } from '../domain/scope';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';
import { rooms } from './publish';
import type { AppSocket, SocketData } from './types';

/**
 * The socket twin of the tRPC workspace gate: reads the caller's membership in one tenant-scoped
 * transaction, mints the scope, runs the service in it, then runs its after-commit work. A
 * non-member gets NOT_FOUND whether or not the workspace exists.
 */
export async function inWorkspace<T>(
  { actor, ip }: Pick<SocketData, 'actor' | 'ip'>,
  workspaceIdInput: string,
  /** conversationId: as the tRPC gate's `conversation` option, its access row comes with the membership. */
  opts: { write: boolean; conversationId?: string },
  fn: (ctx: ServiceCtx) => Promise<T>,
): Promise<T> {
  // A visitor's session belongs to one workspace; every other one does not exist for it.
  if (actor.kind === 'visitor' && actor.workspaceId !== workspaceIdInput)
    throw new AppError('NOT_FOUND', 'Workspace not found');
  const workspaceId = mintWorkspaceId(workspaceIdInput);
  const pending: (() => void | Promise<void>)[] = [];
  const { conversationId } = opts;
  const tenant = { workspaceId, userId: actor.userId, conversationId };
  const result = await withMember(db(), tenant, async (tx, member) => {
    if (!member) throw new AppError('NOT_FOUND', 'Workspace not found');
    if (opts.write && member.archived_at) throw new AppError('FORBIDDEN', 'This workspace is archived');
    return fn({
      tx,
      scope: {
        workspaceId,
        role: actor.kind === 'visitor' ? 'guest' : (member.role as Role),
        actor,
        userId: actor.userId,
        auditActor: { type: 'user', id: actor.userId },
        ...enteredConversation(conversationId, member),
      },
      meta: { requestId: randomUUID(), ip, userAgent: null },
      afterCommit: (f) => pending.push(f),
    });
  });
  for (const f of pending) {
    try {
      await f();
    } catch (err) {
      logger.error({ err }, 'after-commit task failed');
    }
  }
  return result;
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
  if (!inIt) throw new AppError('NOT_FOUND', 'Workspace not found');
  return mintWorkspaceId(workspaceIdInput);
}
