import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { downloadable, type FileStatus } from '../../../shared/files';
import { logger } from '../../lib/logger';
import { ScanUnavailable, type Verdict } from '../../lib/scan/clamd';
import { appendAudit } from '../audit/append';
import type { Deps } from '../deps';
import type { DomainEvent } from '../events';
import { adminIdsOf } from '../member/admins';
import { keyBinding, nameBinding } from './bindings';
import { plaintext } from './blob';
import { makeThumbnail } from './thumbnail';
import { fileChanged } from './touch';

export type ScanDeps = Pick<Deps, 'tenants' | 'keys' | 'files' | 'events' | 'settings'>;

/** Attempts before a scanner that keeps failing counts as "cannot be scanned". */
const ATTEMPTS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function loadVersion(tx: Tx, ws: WorkspaceId, versionId: string, keys: ScanDeps['keys']) {
  const v = await tx.fileVersion.findUnique({
    where: { workspaceId_id: { workspaceId: ws, id: versionId } },
  });
  if (!v) return null;
  const key = await keys.ring.decrypt(tx, keyBinding(ws, v.id), Buffer.from(v.wrappedKey));
  return { v, fileKey: Buffer.from(key, 'base64') };
}

async function verdictOf(
  deps: ScanDeps,
  workspaceId: string,
  v: { id: string; storageKey: string; size: bigint },
  fileKey: Buffer,
): Promise<Verdict | null> {
  const scanner = deps.files.scanner();
  if (!scanner) return null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await scanner.scan(await plaintext(deps, workspaceId, v, fileKey));
    } catch (err) {
      if (!(err instanceof ScanUnavailable) || attempt >= ATTEMPTS) {
        logger.warn({ err, versionId: v.id }, 'a file could not be scanned');
        return null;
      }
      await sleep(500 * 2 ** attempt);
    }
  }
}

/**
 * The scan job of a new version: ClamAV's verdict decides whether anyone but its uploader may
 * fetch it. Infected files are quarantined (kept, fetchable by nobody), their uploader notified,
 * the admins alerted, the finding audited; a file that cannot be scanned follows the workspace's
 * setting (blocked, or let through marked "not scanned"). Then images and PDFs get their thumbnail.
 */
export async function scanVersion(deps: ScanDeps, job: { workspaceId: string; versionId: string }) {
  const found = await deps.tenants.system(job.workspaceId, (tx, ws) =>
    loadVersion(tx, ws, job.versionId, deps.keys),
  );
  if (!found || found.v.status !== 'pending') return;
  const verdict = await verdictOf(deps, job.workspaceId, found.v, found.fileKey);
  const events = await deps.tenants.system(job.workspaceId, async (tx, ws) => {
    const settings = await deps.settings.read(tx, ws);
    const status: FileStatus = verdict
      ? verdict.kind === 'infected'
        ? 'infected'
        : 'clean'
      : settings.files.unscannable === 'block'
        ? 'blocked'
        : 'unscanned';
    const signature = verdict?.kind === 'infected' ? verdict.signature : null;
    // Only a pending version changes: a second run of the job (a retry) finds it decided.
    const changed = await tx.fileVersion.updateMany({
      where: { workspaceId: ws, id: job.versionId, status: 'pending' },
      data: { status, verdict: signature ?? (verdict ? null : 'not scanned'), scannedAt: new Date() },
    });
    if (changed.count === 0) return { status: null, events: [] };
    return { status, events: await settled(tx, ws, deps, found.v, status, signature) };
  });
  for (const e of events.events) await deps.events.publish(e);
  if (events.status && downloadable(events.status)) await thumbnailSafely(deps, job, found);
}

async function settled(
  tx: Tx,
  ws: WorkspaceId,
  deps: ScanDeps,
  v: { id: string; fileId: string; uploaderId: string | null; name: Uint8Array },
  status: FileStatus,
  signature: string | null,
): Promise<DomainEvent[]> {
  const { file: f, event } = await fileChanged(tx, ws, deps.keys, v.fileId);
  const events: DomainEvent[] = event ? [event] : [];
  if (!f || (status !== 'infected' && status !== 'blocked')) return events;
  await appendAudit(tx, ws, {
    action: status === 'infected' ? 'file.infected' : 'file.blocked',
    actor: { type: 'system', id: null },
    target: { type: 'file', id: f.id },
    data: { conversationId: f.conversationId, ...(signature && { signature }), uploaderId: v.uploaderId },
  });
  const name = await deps.keys.ring
    .decrypt(tx, nameBinding(ws, v.id), Buffer.from(v.name))
    .catch(() => 'A file');
  if (v.uploaderId) {
    const detail =
      status === 'infected'
        ? `“${name}” was blocked: malware found (${signature ?? 'unknown'})`
        : `“${name}” was blocked: it could not be scanned`;
    const data = {
      workspaceId: ws,
      userId: v.uploaderId,
      kind: 'file_blocked',
      conversationId: f.conversationId,
      messageId: f.messageId,
      seq: 0n,
      detail,
      fileId: f.id,
    };
    // One per message and person: a later version of a file on it blocked too says so again.
    const n = f.messageId
      ? await tx.notification.upsert({
          where: {
            workspaceId_messageId_userId_kind: {
              workspaceId: ws,
              messageId: f.messageId,
              userId: v.uploaderId,
              kind: 'file_blocked',
            },
          },
          create: data,
          update: { detail, fileId: f.id, readAt: null, createdAt: new Date() },
        })
      : await tx.notification.create({ data });
    events.push({
      type: 'notification',
      workspaceId: ws,
      userId: n.userId,
      kind: 'file_blocked',
      conversationId: f.conversationId,
      messageId: f.messageId,
      seq: 0,
    });
  }
  if (status === 'infected')
    events.push({
      type: 'security:alert',
      workspaceId: ws,
      kind: 'file',
      message: `The malware scan found ${signature ?? 'malware'} in a file and quarantined it.`,
      admins: await adminIdsOf(tx, ws),
    });
  return events;
}

async function thumbnailSafely(
  deps: ScanDeps,
  job: { workspaceId: string; versionId: string },
  found: { v: { id: string; mime: string; storageKey: string; size: bigint }; fileKey: Buffer },
) {
  try {
    const event = await makeThumbnail(deps, job.workspaceId, found.v, found.fileKey);
    if (event) await deps.events.publish(event);
  } catch (err) {
    // A picture sharp cannot read is still a file: it is shown without a preview. (A PDF that
    // cannot be drawn is no error: makeThumbnail answers null.)
    logger.warn({ err, versionId: job.versionId }, 'no thumbnail for a file');
  }
}
