import type { WorkspaceId } from '../../db/tenant';
import { fileViews } from '../attachment/view';
import type { FileOutput } from '../attachment/schemas';
import type { Prepared, SendDeps, TenantRead } from './types';
import type { SendOutcome } from './send-contract';

/**
 * The files of the messages just stored, by message id, read once the statement attached them
 * (their names decrypted, their scan status as it is now). Nothing is read for a batch without files.
 */
export async function withFiles(
  deps: SendDeps,
  read: TenantRead,
  workspaceId: WorkspaceId,
  prepared: Prepared[],
  outcomes: SendOutcome[],
): Promise<Map<string, FileOutput[]>> {
  const sent = prepared.filter((p, k) => outcomes[k]?.status === 'ok' && (p.item.fileIds?.length ?? 0) > 0);
  const out = new Map<string, FileOutput[]>();
  if (sent.length === 0) return out;
  const views = await read((tx) =>
    fileViews(
      tx,
      deps.keys,
      workspaceId,
      sent.flatMap((p) => p.item.fileIds ?? []),
    ),
  );
  const byId = new Map(views.map((v) => [v.id, v]));
  for (const p of sent)
    out.set(
      p.id,
      (p.item.fileIds ?? []).flatMap((id) => byId.get(id) ?? []),
    );
  return out;
}
