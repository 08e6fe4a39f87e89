import { db } from '../../db';
import { withTenant } from '../../db/tenant';
import { logger } from '../../lib/logger';
import { publish } from '../../realtime/publish';
import type { PresenceSetInput, PresenceView } from './schemas';
import { PresenceStore } from './store';

const store = new PresenceStore((view) => void broadcast(view.userId));

/** The workspaces whose members may see this user's presence: the ones the user belongs to now. */
async function workspacesOf(userId: string): Promise<string[]> {
  const rows = await withTenant(db(), { workspaceId: null, userId }, (tx) =>
    tx.member.findMany({ where: { userId }, select: { workspaceId: true } }),
  );
  return rows.map((r) => r.workspaceId);
}

/** Sends the user's state as it is when the audience is known, so racing changes end on the latest. */
async function broadcast(userId: string) {
  try {
    const workspaceIds = await workspacesOf(userId);
    await publish({ type: 'presence', ...store.view(userId), workspaceIds });
  } catch (err) {
    logger.error({ err, userId }, 'presence broadcast failed');
  }
}

export const presenceOf = (userId: string): PresenceView => store.view(userId);

export async function setPresence(userId: string, input: PresenceSetInput): Promise<PresenceView> {
  const view = store.set(userId, input);
  await broadcast(userId);
  return view;
}

/** Called by the realtime layer for each socket that connects or disconnects. */
export async function socketConnected(userId: string, socketId: string): Promise<void> {
  if (store.connect(userId, socketId)) await broadcast(userId);
}

export async function socketDisconnected(
  userId: string,
  socketId: string,
  opts: { silent?: boolean } = {},
): Promise<void> {
  const last = store.disconnect(userId, socketId);
  // On shutdown clients reconnect elsewhere at once; announcing them offline would only flicker.
  if (last && !opts.silent) await broadcast(userId);
}

/** Forgets everything (the realtime server closed). */
export function resetPresence() {
  store.clear();
}
