import { logger } from '../../lib/logger';
import { widgetByHandle } from './sessions';

// The widget page is requested on every host page load; its frame-ancestors come from a short
// cache. Changes made in this process apply at once; other processes see them within the TTL.
const TTL_MS = 5000;
const cache = new Map<string, { at: number; workspaceId: string | null; origins: string[] }>();

/** The origins that may frame the widget of a workspace named by slug or id (none if off/unknown). */
export async function frameAncestors(handle: string): Promise<string[]> {
  const hit = cache.get(handle);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.origins;
  let origins: string[];
  let workspaceId: string | null;
  try {
    const found = await widgetByHandle(handle);
    // Kept even while the widget is off, so that turning it on forgets this entry.
    workspaceId = found?.workspaceId ?? null;
    origins = found?.enabled?.widget.allowedOrigins ?? [];
  } catch (err) {
    // Fail closed: a widget nobody may frame.
    logger.error({ err }, 'widget frame-ancestors lookup failed');
    return [];
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(handle, { at: Date.now(), workspaceId, origins });
  return origins;
}

export function forgetFrameAncestors(workspaceId: string) {
  for (const [k, v] of cache) if (v.workspaceId === workspaceId) cache.delete(k);
}
