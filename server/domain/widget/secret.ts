import { randomBytes } from 'node:crypto';
import type { Tx } from '../../db/client';
import type { Binding } from '../../lib/crypto/aead';
import type { KeyServices } from '../deps';

// The identity secret must be readable (HMAC needs it), so it is stored encrypted under the
// workspace's data key like message text, bound to its own row and column.
const binding = (workspaceId: string): Binding => ({
  workspaceId,
  table: 'widget_secret',
  rowId: workspaceId,
  column: 'secret',
});

/** A new secret replaces the old one at once; tokens signed with the old one stop working. */
export async function newSecret(
  keys: KeyServices,
  tx: Tx,
  workspaceId: string,
): Promise<{ secret: string; rotatedAt: Date }> {
  const secret = `wsk_${randomBytes(32).toString('base64url')}`;
  const blob = await keys.ring.encrypt(tx, binding(workspaceId), secret);
  const rotatedAt = new Date();
  await tx.widgetSecret.upsert({
    where: { workspaceId },
    create: { workspaceId, secret: new Uint8Array(blob), rotatedAt },
    update: { secret: new Uint8Array(blob), rotatedAt },
  });
  return { secret, rotatedAt };
}

export async function readSecret(keys: KeyServices, tx: Tx, workspaceId: string): Promise<string | null> {
  const row = await tx.widgetSecret.findUnique({ where: { workspaceId } });
  if (!row) return null;
  return keys.ring.decrypt(tx, binding(workspaceId), Buffer.from(row.secret));
}
