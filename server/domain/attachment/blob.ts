import { decryptRange, streamKey } from '../../lib/crypto/file-cipher';
import type { Deps } from '../deps';
import { blobContext } from './bindings';

/** The plaintext of a stored version, streamed and verified segment by segment. */
export async function plaintext(
  deps: Pick<Deps, 'files'>,
  workspaceId: string,
  v: { id: string; storageKey: string; size: bigint },
  fileKey: Buffer,
) {
  const plan = decryptRange(streamKey(fileKey, 'content'), blobContext(workspaceId, v.id), Number(v.size));
  const sealed = await deps.files.store.get(v.storageKey);
  return sealed.pipe(plan.stream());
}
