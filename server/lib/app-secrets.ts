import { env } from '../env';
import { loadOrCreateSecrets } from './secrets';

let cached: { authSecret: string; checkpointKey: string } | undefined;

/** Secrets from configuration, or generated once into DATA_DIR for embedded/dev use. */
export function appSecrets() {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET && e.AUDIT_CHECKPOINT_KEY) {
    cached = { authSecret: e.AUTH_SECRET, checkpointKey: e.AUDIT_CHECKPOINT_KEY };
  } else {
    const local = loadOrCreateSecrets(e.DATA_DIR);
    cached = {
      authSecret: e.AUTH_SECRET ?? local.authSecret,
      checkpointKey: e.AUDIT_CHECKPOINT_KEY ?? local.checkpointKey,
    };
  }
  return cached;
}
