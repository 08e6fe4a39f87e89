import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { appendAudit } from '../server/domain/audit/append';
import type { Deps } from '../server/domain/deps';
import { workspaceByHandle } from '../server/domain/widget/sessions';
import { parseSettings } from '../server/domain/workspace/settings';
import { env } from '../server/env';
import { logger } from '../server/lib/logger';

// Acme's widget is allowed on the app's own origin, where the sample host page /widget-demo.html
// is served. That origin is APP_URL's, which changes with the port: the origin the demo allowed is
// recorded in DATA_DIR, so that a later start can tell the demo's own entry from an admin's.

const record = z.object({ widgetOrigin: z.string() });
const recordFile = () => path.join(env().DATA_DIR, 'demo.json');
export const credentialsFile = () => path.join(env().DATA_DIR, 'demo-credentials.txt');

export const demoPageLine = (appUrl: string) =>
  `  The chat widget on a sample host page: ${appUrl}/widget-demo.html (anonymous visitors).`;

/** Where the demo's invoice conversations link to: the sample host page, on the app's origin. */
export const demoInvoiceLink = (appUrl: string) => `${new URL(appUrl).origin}/widget-demo.html?invoice={id}`;

export function recordDemoOrigin(origin: string) {
  writeFileSync(recordFile(), `${JSON.stringify({ widgetOrigin: origin })}\n`, { mode: 0o600 });
}

/** The origin the demo last allowed: its record, or (seeded before there was one) its credentials file. */
function recordedOrigin(): string | null {
  try {
    if (existsSync(recordFile()))
      return record.parse(JSON.parse(readFileSync(recordFile(), 'utf8'))).widgetOrigin;
    const legacy = /sample host page: (\S+)\/widget-demo\.html/.exec(readFileSync(credentialsFile(), 'utf8'));
    return legacy?.[1] ? new URL(legacy[1]).origin : null;
  } catch {
    return null;
  }
}

/**
 * At every start of a seeded demo: when APP_URL's origin is not the one the demo allowed, Acme's
 * widget allows the new one in its place. Origins an admin added stay; if an admin removed the
 * demo's, nothing is put back. Widget sessions begun on the old origin end, as they do when an admin
 * removes an origin. Returns whether it changed anything.
 */
export async function demoFollowsAppUrl(
  deps: Pick<Deps, 'tenants' | 'settings' | 'frames'>,
): Promise<boolean> {
  const before = recordedOrigin();
  const now = new URL(env().APP_URL).origin;
  if (before === null || before === now) return false;
  const acme = await workspaceByHandle(deps.tenants, 'acme');
  if (!acme) return false;
  const changed = await deps.tenants.system(acme, async (tx, workspaceId) => {
    const w = await tx.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { settings: true },
    });
    const settings = parseSettings(w.settings);
    const origins = settings.widget.allowedOrigins;
    if (!origins.includes(before)) return false;
    const allowedOrigins = [...new Set(origins.map((o) => (o === before ? now : o)))];
    // The demo's record link pointed at the old origin's sample page too.
    const recordLinks = Object.fromEntries(
      Object.entries(settings.recordLinks).map(([t, url]) => [
        t,
        url.startsWith(`${before}/`) ? now + url.slice(before.length) : url,
      ]),
    );
    await tx.workspace.update({
      where: { id: workspaceId },
      data: { settings: { ...settings, recordLinks, widget: { ...settings.widget, allowedOrigins } } },
    });
    await tx.widgetSession.deleteMany({ where: { workspaceId, hostOrigin: before } });
    await appendAudit(tx, workspaceId, {
      action: 'widget.update',
      actor: { type: 'system', id: null },
      target: { type: 'workspace', id: workspaceId },
      data: { allowedOrigins, via: 'demo follows APP_URL' },
      meta: { requestId: 'start', ip: '127.0.0.1', userAgent: 'enclave-start' },
    });
    return true;
  });
  if (!changed) return false;
  deps.settings.forget(acme);
  deps.frames.forget(acme);
  recordDemoOrigin(now);
  if (existsSync(credentialsFile())) {
    const text = readFileSync(credentialsFile(), 'utf8');
    writeFileSync(
      credentialsFile(),
      text.replace(/^ {2}The chat widget on a sample host page: .*$/m, demoPageLine(env().APP_URL)),
    );
  }
  logger.info({ from: before, to: now }, "the demo widget's allowed origin follows APP_URL");
  return true;
}
