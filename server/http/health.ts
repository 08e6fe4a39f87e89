import type { ServerResponse } from 'node:http';
import type { Db } from '../db/client';
import { pendingMigrations } from '../db/migrate';
import { DATABASE_RETRY_AFTER_SECONDS } from '../lib/errors';
import { logger } from '../lib/logger';
import { sendJson } from './json';

/** /api/health: the process is alive and serving. */
export function health(res: ServerResponse) {
  sendJson(res, 200, { status: 'ok' });
}

/**
 * /api/ready: the database answers (as the runtime role), every migration on disk is applied, and
 * (on several nodes) Redis is reachable: a node cut off from the others still serves its own
 * sockets, but a load balancer should send new ones elsewhere.
 */
export async function ready(db: Db, res: ServerResponse, cluster: { connected(): boolean }) {
  if (!cluster.connected())
    return sendJson(
      res,
      503,
      { status: 'redis unavailable' },
      { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    );
  try {
    const pending = await pendingMigrations((sql) => db.$queryRawUnsafe(sql));
    if (pending.length > 0) return sendJson(res, 503, { status: 'migrations pending', pending });
    sendJson(res, 200, { status: 'ready' });
  } catch (err) {
    logger.warn({ err }, 'readiness check failed');
    sendJson(
      res,
      503,
      { status: 'database unavailable' },
      { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    );
  }
}
