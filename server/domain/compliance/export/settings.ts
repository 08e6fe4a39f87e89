import path from 'node:path';
import { env } from '../../../env';
import { appSecrets } from '../../../lib/app-secrets';
import type { ExportSettings } from './build';

/** Where exports are built and kept, how long their links live, and the key that signs them. */
export const exportSettings = (): ExportSettings => ({
  checkpointKey: appSecrets().checkpointKey,
  dir: path.resolve(env().DATA_DIR, 'exports'),
  ttlHours: env().EXPORT_TTL_HOURS,
});
