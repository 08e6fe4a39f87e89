import { env } from '../env';
import { loadOrCreateSecrets } from './secrets';

let cached: { authSecret: string; checkpointKey: string; masterKey: Buffer } | undefined;

/** Secrets from configuration, or generated once into DATA_DIR for embedded/dev use. */
export function appSecrets() {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET && e.AUDIT_CHECKPOINT_KEY && e.MASTER_KEY) {
    cached = {
      authSecret: e.AUTH_SECRET,
      checkpointKey: e.AUDIT_CHECKPOINT_KEY,
      masterKey: Buffer.from(e.MASTER_KEY, 'base64'),
    };
  } else {
    const local = loadOrCreateSecrets(e.DATA_DIR);
    const master = e.MASTER_KEY ?? local.masterKey;
    if (!master) throw new Error('no master key');
    cached = {
      authSecret: e.AUTH_SECRET ?? local.authSecret,
      checkpointKey: e.AUDIT_CHECKPOINT_KEY ?? local.checkpointKey,
      masterKey: Buffer.from(master, 'base64'),
    };
  }
  return cached;
}
