import { db } from '../../db';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
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
/** The people who are not offline (anywhere on this node). */
export const presentUserIds = (): string[] => store.present();

export async function setPresence(userId: string, input: PresenceSetInput): Promise<PresenceView> {
  const view = store.set(userId, input);
  await broadcast(userId);
  return view;
}

/** Records "last seen" in every workspace of the user (as their first socket comes and last goes). */
async function touchLastSeen(userId: string) {
  try {
    for (const ws of await workspacesOf(userId)) {
      const workspaceId = mintWorkspaceId(ws);
      await withTenant(db(), { workspaceId, userId }, (tx) =>
        tx.member.updateMany({ where: { workspaceId, userId }, data: { lastSeenAt: new Date() } }),
      );
    }
  } catch (err) {
    logger.error({ err, userId }, 'last seen not recorded');
  }
}

/** Called by the realtime layer for each socket that connects or disconnects. */
export async function socketConnected(userId: string, socketId: string): Promise<void> {
  if (store.connect(userId, socketId)) {
    await broadcast(userId);
    await touchLastSeen(userId);
  }
}

export async function socketDisconnected(
  userId: string,
  socketId: string,
  opts: { silent?: boolean } = {},
): Promise<void> {
  const last = store.disconnect(userId, socketId);
  // On shutdown clients reconnect elsewhere at once; announcing them offline would only flicker.
  if (last && !opts.silent) await broadcast(userId);
  if (last && !opts.silent) await touchLastSeen(userId);
}

/** Forgets everything (the realtime server closed). */
export function resetPresence() {
  store.clear();
}
