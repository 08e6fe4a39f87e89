import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import type { Logger } from '../lib/logger';
import { canEnter, type PgUser } from './pg-user';

/** Creates `dir` (and its parents) so that everyone may enter it; leaves an existing one as it is. */
export function enterableDir(dir: string) {
  if (mkdirSync(dir, { recursive: true, mode: 0o755 }) !== undefined) chmodSync(dir, 0o755);
}

/**
 * Where the cluster asked for at `wanted` really lives. Normally there. When the app runs as root and
 * the postgres user cannot enter the folder above it (a clone in root's home directory, any 0700
 * folder on the way), the cluster is kept under `systemDir/clusters/` and `wanted` becomes a link to
 * it: the link is the record, so the data stays with DATA_DIR's secrets and removing DATA_DIR starts
 * over, as it does everywhere else.
 */
export function clusterLocation(opts: {
  wanted: string;
  user: PgUser | null;
  systemDir: () => string;
  log?: Logger;
}): string {
  const wanted = path.resolve(opts.wanted);
  const parent = path.dirname(wanted);
  mkdirSync(parent, { recursive: true });
  const link = lstatSync(wanted, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) {
    const target = path.resolve(parent, readlinkSync(wanted));
    if (!existsSync(target))
      opts.log?.warn(
        { link: wanted, target },
        'the embedded cluster this link points to is gone: creating a new one',
      );
    return existsSync(target) ? realpathSync(target) : target;
  }
  if (canEnter(opts.user, parent)) return wanted;

  if (link && existsSync(path.join(wanted, 'PG_VERSION')))
    throw new Error(
      `the embedded PostgreSQL cluster in ${wanted} is in a folder the postgres user cannot enter: move DATA_DIR to such a folder, or let others enter the folders above it (chmod o+x)`,
    );
  const systemDir = opts.systemDir();
  const clusters = path.join(systemDir, 'clusters');
  enterableDir(clusters);
  const id = createHash('sha256')
    .update(path.join(realpathSync(parent), path.basename(wanted)))
    .digest('hex');
  const target = path.join(clusters, id.slice(0, 16));
  if (existsSync(target)) {
    // Nothing links to it any more: the DATA_DIR it belonged to was removed (with its secrets).
    opts.log?.warn({ dir: target }, 'removing the embedded cluster of an earlier DATA_DIR at the same path');
    rmSync(target, { recursive: true, force: true });
  }
  if (link) rmSync(wanted, { recursive: true, force: true });
  symlinkSync(target, wanted);
  opts.log?.info(
    { dir: target, link: wanted },
    'the postgres user cannot enter DATA_DIR: the embedded cluster lives in EMBEDDED_PG_SYSTEM_DIR, linked from DATA_DIR',
  );
  return target;
}
