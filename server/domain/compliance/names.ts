import type { Tx } from '../../db/client';
import { SYSTEM } from '../lockdown/quarantine';

/** "#legal", "a direct message": how a conversation is named in compliance views. */
export const conversationName = (c: { kind: string; name: string | null } | undefined) => {
  if (!c) return 'a deleted conversation';
  if (c.kind === 'channel' && c.name) return `#${c.name}`;
  if (c.kind === 'dm') return 'a direct message';
  if (c.kind === 'group') return 'a group conversation';
  return c.name ?? 'a record conversation';
};

/** People and conversations by id, read once for a view: names for ids, with words for the gone. */
export async function namesIn(tx: Tx, workspaceId: string, userIds: string[], conversationIds: string[]) {
  const [users, conversations] = await Promise.all([
    tx.user.findMany({ where: { id: { in: [...new Set(userIds)] } }, select: { id: true, name: true } }),
    tx.conversation.findMany({
      where: { workspaceId, id: { in: [...new Set(conversationIds)] } },
      select: { id: true, kind: true, name: true },
    }),
  ]);
  const person = (id: string) => ({
    id,
    name: id === SYSTEM ? 'Enclave (automatic)' : (users.find((u) => u.id === id)?.name ?? 'Former member'),
  });
  const conversation = (id: string) => conversationName(conversations.find((c) => c.id === id));
  return { person, conversation };
}
