import { env } from '../../env';
import type { CheckpointCopy } from './copy';
import { fileCopy } from './copy-file';
import { urlCopy } from './copy-url';

/** The copy this deployment is configured with: AUDIT_COPY_URL, else the files in AUDIT_COPY_DIR. */
export function checkpointCopy(): CheckpointCopy {
  const e = env();
  return e.AUDIT_COPY_URL ? urlCopy(e.AUDIT_COPY_URL) : fileCopy(e.AUDIT_COPY_DIR);
}
