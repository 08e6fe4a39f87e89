import type { WorkspaceId } from '../../db/tenant';
import type { TenantRunner, VisitorDenials } from '../deps';
import { logger } from '../../lib/logger';
import type { RequestMeta } from '../../lib/request-meta';
import { appendAudit, type AuditEntry } from './append';

/**
 * Refused calls by widget visitors are audited in bounded form: a visitor is anyone with a host
 * page, and one chain entry per refused call would let a script grow a workspace's audit log
 * without limit. Per visitor and window, the first refusal is recorded at once (`authz.denied`
 * with its procedure, as for people); later ones are only counted per procedure, and when the
 * window ends one more `authz.denied` entry records them: `{ repeated, procedures: { path: n },
 * since, until }`. At most two entries per visitor and window, on each node (counts live in
 * memory; a crash loses at most one window's counts, never the first entry).
 */
export const VISITOR_DENIAL_WINDOW_MS = 60_000;

interface Window {
  workspaceId: WorkspaceId;
  userId: string;
  since: Date;
  counts: Map<string, number>;
  meta: RequestMeta;
  timer: ReturnType<typeof setTimeout>;
}

/** The windows in this process's memory (see above). */
export class MemoryVisitorDenials implements VisitorDenials {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly tenants: TenantRunner) {}

  private append(
    workspaceId: WorkspaceId,
    userId: string,
    data: AuditEntry['data'],
    meta: AuditEntry['meta'],
  ) {
    return this.tenants.personIn(workspaceId, userId, (tx) =>
      appendAudit(tx, workspaceId, {
        action: 'authz.denied',
        actor: { type: 'user', id: userId },
        data,
        meta,
      }),
    );
  }

  /** Writes the summary of one window (if anything was counted) and forgets it. */
  private async close(key: string) {
    const w = this.windows.get(key);
    if (!w) return;
    this.windows.delete(key);
    clearTimeout(w.timer);
    const repeated = [...w.counts.values()].reduce((a, b) => a + b, 0);
    if (repeated === 0) return;
    try {
      await this.append(
        w.workspaceId,
        w.userId,
        {
          repeated,
          procedures: Object.fromEntries(w.counts),
          since: w.since.toISOString(),
          until: new Date().toISOString(),
        },
        // The request that opened the window: its address and agent stand for the rest.
        { ip: w.meta.ip, userAgent: w.meta.userAgent },
      );
    } catch (e) {
      // The workspace may be gone (foreign key): nothing to record it in.
      logger.debug({ err: e }, 'repeated visitor refusals not audited');
    }
  }

  /** Records one refused call by a visitor: at once if it opens a window, otherwise counted. */
  async record(workspaceId: WorkspaceId, userId: string, procedure: string, meta: RequestMeta) {
    const key = `${workspaceId}:${userId}`;
    const open = this.windows.get(key);
    if (open) {
      open.counts.set(procedure, (open.counts.get(procedure) ?? 0) + 1);
      return;
    }
    // Opened before the first entry is written, so concurrent refusals are counted, not written.
    const timer = setTimeout(() => void this.close(key), VISITOR_DENIAL_WINDOW_MS);
    timer.unref();
    this.windows.set(key, { workspaceId, userId, since: new Date(), counts: new Map(), meta, timer });
    await this.append(workspaceId, userId, { procedure }, meta);
  }

  /** Closes every open window now, writing their summaries (shutdown; tests). */
  async flush() {
    for (const key of [...this.windows.keys()]) await this.close(key);
  }
}
