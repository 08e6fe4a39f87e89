import { z } from 'zod';
import type { Tx } from '../../db/client';

/** Workspace settings kept in workspace.settings (JSON); unknown or bad stored values fall back. */
export const settingsSchema = z.object({
  /** How deep replies nest: 1 means replies to top-level messages only. */
  replyDepth: z.number().int().min(1).max(10).catch(1).default(1),
  /** The same text from the same person in the same conversation within this many seconds is refused. */
  duplicateWindowSeconds: z.number().int().min(0).max(3600).catch(10).default(10),
});
export type WorkspaceSettings = z.infer<typeof settingsSchema>;
export const settingsPatch = z
  .object({
    replyDepth: z.number().int().min(1).max(10),
    duplicateWindowSeconds: z.number().int().min(0).max(3600),
  })
  .partial();

export const parseSettings = (raw: unknown): WorkspaceSettings =>
  settingsSchema.parse(typeof raw === 'object' && raw !== null ? raw : {});

// Sends read settings on every batch; a short cache keeps that off the hot path. Changes made in
// this process apply at once (the cache is cleared); other processes see them within the TTL.
const TTL_MS = 5000;
const cache = new Map<string, { at: number; value: WorkspaceSettings }>();

export async function readSettings(tx: Tx, workspaceId: string): Promise<WorkspaceSettings> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const w = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
  const value = parseSettings(w?.settings);
  cache.set(workspaceId, { at: Date.now(), value });
  return value;
}

export const forgetSettings = (workspaceId: string) => cache.delete(workspaceId);
