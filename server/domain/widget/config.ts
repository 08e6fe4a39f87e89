import type { z } from 'zod';
import { db } from '../../db';
import { withTenant } from '../../db/tenant';
import { notFound } from '../../lib/errors';
import type { widgetConfigOutput } from './schemas';
import { enabledWidget, workspaceByHandle } from './sessions';

/** Public: what the widget frame shows before a session exists. Off or unknown is NOT_FOUND. */
export async function widgetConfig(handle: string): Promise<z.infer<typeof widgetConfigOutput>> {
  const workspaceId = await workspaceByHandle(handle);
  if (!workspaceId) throw notFound('Chat widget');
  const found = await withTenant(db(), { workspaceId, userId: null }, (tx) => enabledWidget(tx, workspaceId));
  if (!found) throw notFound('Chat widget');
  return {
    workspaceId,
    name: found.name,
    anonymous: found.widget.anonymous,
    allowedOrigins: found.widget.allowedOrigins,
    appearance: found.widget.appearance,
  };
}
