import type { z } from 'zod';
import { notFound } from '../../lib/errors';
import type { TenantRunner } from '../deps';
import type { widgetConfigOutput } from './schemas';
import { widgetByHandle } from './sessions';
import { noticeOf } from './consent';

/** Public: what the widget frame shows before a session exists. Off or unknown is NOT_FOUND. */
export async function widgetConfig(
  tenants: TenantRunner,
  handle: string,
): Promise<z.infer<typeof widgetConfigOutput>> {
  const found = await widgetByHandle(tenants, handle);
  if (!found?.enabled) throw notFound('Chat widget');
  const { name, widget } = found.enabled;
  return {
    workspaceId: found.workspaceId,
    name,
    anonymous: widget.anonymous,
    allowedOrigins: widget.allowedOrigins,
    appearance: widget.appearance,
    privacy: { ...widget.privacy, notice: noticeOf(widget.privacy) },
  };
}
