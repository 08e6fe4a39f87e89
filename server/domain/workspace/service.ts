import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, isUniqueViolation } from '../../lib/errors';
import type { RequestMeta } from '../../lib/request-meta';
import { iso, isoOrNull } from '../../lib/time';
import { appendAudit, audit } from '../audit/append';
import { createDefaultChannel } from '../channel/service';
import type { Deps } from '../deps';
import type { Role } from '../../../shared/roles';
import { parseSettings, type WorkspaceSettings } from './settings';
import type { ServiceCtx } from '../scope';
import type {
  archiveWorkspaceInput,
  createWorkspaceInput,
  updateWorkspaceInput,
  WorkspaceOutput,
} from './schemas';

const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32) || 'workspace';

const toOutput = (
  w: { id: string; slug: string; name: string; archivedAt: Date | null; createdAt: Date; settings: unknown },
  role: Role,
): WorkspaceOutput => {
  const { security: _policy, ...settings } = parseSettings(w.settings);
  return {
    settings,
    id: w.id,
    slug: w.slug,
    name: w.name,
    archivedAt: isoOrNull(w.archivedAt),
    createdAt: iso(w.createdAt),
    role,
  };
};

/**
 * Creates a workspace with the caller as its owner. This is the one place a scope is minted
 * without a membership check: the workspace is new and the caller becomes its first member.
 */
export async function createWorkspace(
  deps: Pick<Deps, 'tenants' | 'keys' | 'events'>,
  userId: string,
  input: z.infer<typeof createWorkspaceInput>,
  meta: RequestMeta,
): Promise<WorkspaceOutput> {
  const newId = randomUUID();
  const explicit = input.slug !== undefined;
  const baseSlug = input.slug ?? slugify(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? baseSlug : `${baseSlug}-${randomUUID().slice(0, 4)}`;
    try {
      const created = await deps.tenants.personIn(newId, userId, async (tx, id) => {
        const w = await tx.workspace.create({ data: { id, slug, name: input.name } });
        await tx.member.create({ data: { workspaceId: id, userId, role: 'owner' } });
        await createDefaultChannel(tx, id, userId);
        // Its first data key, now: created on first use, concurrent first sends raced for it.
        await deps.keys.ring.ensureFirst(tx, id);
        await appendAudit(tx, id, {
          action: 'workspace.create',
          actor: { type: 'user', id: userId },
          target: { type: 'workspace', id },
          data: { name: input.name, slug },
          meta,
        });
        return toOutput(w, 'owner');
      });
      // The creator's open sockets join the new workspace's room without reconnecting.
      await deps.events.publish({
        type: 'member:updated',
        workspaceId: created.id,
        userId,
        role: 'owner',
        reason: 'joined',
      });
      return created;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (explicit)
        throw new AppError('CONFLICT', 'That address is taken', { fieldErrors: { slug: ['Taken'] } });
    }
  }
  throw new AppError('CONFLICT', 'Could not find a free address; choose one');
}

export async function listMyWorkspaces(
  deps: Pick<Deps, 'tenants'>,
  userId: string,
): Promise<WorkspaceOutput[]> {
  return deps.tenants.person(userId, async (tx) => {
    const rows = await tx.member.findMany({
      where: { userId },
      include: { workspace: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((m) => toOutput(m.workspace, m.role));
  });
}

export async function getWorkspace({ tx, scope }: ServiceCtx): Promise<WorkspaceOutput> {
  const w = await tx.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId } });
  return toOutput(w, scope.role);
}

export async function updateWorkspace(
  { tx, scope, meta, deps, afterCommit }: ServiceCtx,
  input: z.infer<typeof updateWorkspaceInput>,
): Promise<WorkspaceOutput> {
  const settingsChange =
    input.settings && Object.keys(input.settings).length > 0 ? input.settings : undefined;
  if (input.name === undefined && input.slug === undefined && !settingsChange) {
    throw new AppError('VALIDATION', 'Nothing to change', {
      fieldErrors: { name: ['Give a name, a slug or settings'] },
    });
  }
  try {
    let settings: WorkspaceSettings | undefined;
    if (settingsChange) {
      const current = await tx.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId } });
      const stored = parseSettings(current.settings);
      const { notifications, ...rest } = settingsChange;
      settings = { ...stored, ...rest, notifications: { ...stored.notifications, ...notifications } };
      // After commit: forgotten earlier, a read (here or on another node) could cache the old row again.
      const workspaceId = scope.workspaceId;
      afterCommit(() => deps.settings.forget(workspaceId));
    }
    const changes = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(settings && { settings }),
    };
    const w = await tx.workspace.update({ where: { id: scope.workspaceId }, data: changes });
    await audit(
      { tx, scope, meta },
      'workspace.update',
      { type: 'workspace', id: scope.workspaceId },
      {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.slug !== undefined && { slug: input.slug }),
        ...(settings && {
          replyDepth: settings.replyDepth,
          duplicateWindowSeconds: settings.duplicateWindowSeconds,
          duplicateRepeats: settings.duplicateRepeats,
          membershipMessages: settings.membershipMessages,
          recordLinkTypes: Object.keys(settings.recordLinks),
          pushPreview: settings.notifications.pushPreview,
        }),
      },
    );
    return toOutput(w, scope.role);
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('CONFLICT', 'That address is taken', { fieldErrors: { slug: ['Taken'] } });
    throw e;
  }
}

export async function archiveWorkspace(
  { tx, scope, meta }: ServiceCtx,
  input: z.infer<typeof archiveWorkspaceInput>,
): Promise<WorkspaceOutput> {
  const w = await tx.workspace.update({
    where: { id: scope.workspaceId },
    data: { archivedAt: input.archived ? new Date() : null },
  });
  await audit({ tx, scope, meta }, input.archived ? 'workspace.archive' : 'workspace.unarchive', {
    type: 'workspace',
    id: scope.workspaceId,
  });
  return toOutput(w, scope.role);
}
