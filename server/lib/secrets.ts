import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// Secrets that embedded mode generates on first start and keeps in DATA_DIR (file mode 0600),
// so that a restart keeps sessions, database passwords and checkpoint signatures valid.
const secretsSchema = z.object({
  authSecret: z.string().min(32),
  checkpointKey: z.string().min(32),
  pgSuperPassword: z.string().min(16),
  pgOwnerPassword: z.string().min(16),
  pgAppPassword: z.string().min(16),
  // Added with message encryption; files written before it get one on the next start.
  masterKey: z.string().length(44).optional(),
});
export type LocalSecrets = z.infer<typeof secretsSchema>;

const fresh = (): LocalSecrets => ({
  authSecret: randomBytes(32).toString('base64url'),
  checkpointKey: randomBytes(32).toString('base64url'),
  pgSuperPassword: randomBytes(18).toString('base64url'),
  pgOwnerPassword: randomBytes(18).toString('base64url'),
  pgAppPassword: randomBytes(18).toString('base64url'),
  masterKey: randomBytes(32).toString('base64'),
});

const write = (file: string, secrets: LocalSecrets) => {
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
};

export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = secretsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success && parsed.data.masterKey) return parsed.data;
    if (parsed.success) {
      const upgraded = { ...parsed.data, masterKey: randomBytes(32).toString('base64') };
      write(file, upgraded);
      return upgraded;
    }
    throw new Error(`${file} is damaged; restore it or remove ${dataDir} to start over`);
  }
  // The folder stays traversable: embedded PostgreSQL runs as its own unprivileged user and keeps
  // its cluster in a subfolder. The secrets file itself is 0600.
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const secrets = fresh();
  write(file, secrets);
  return secrets;
}
