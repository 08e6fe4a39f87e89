import { logger } from '../../lib/logger';
import type { Deps, FrameAncestorsCache } from '../deps';
import { widgetByHandle } from './sessions';

type Entry = { workspaceId: string | null; origins: string[] };

/**
 * The widget page is requested on every host page load; its frame-ancestors come from a short
 * cache. Changes made in this process apply at once (forget); other processes see them within the
 * TTL. Entries are kept even while the widget is off, so that turning it on forgets them.
 */
export class MemoryFrameCache implements FrameAncestorsCache {
  private readonly cache = new Map<string, Entry & { at: number }>();
  constructor(private readonly ttlMs = 5000) {}

  async get(handle: string, load: () => Promise<Entry>): Promise<string[]> {
    const hit = this.cache.get(handle);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.origins;
    const entry = await load();
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(handle, { ...entry, at: Date.now() });
    return entry.origins;
  }

  forget(workspaceId: string) {
    for (const [k, v] of this.cache) if (v.workspaceId === workspaceId) this.cache.delete(k);
  }
}

/** The origins that may frame the widget of a workspace named by slug or id (none if off/unknown). */
export async function frameAncestors(deps: Pick<Deps, 'frames' | 'tenants'>, handle: string) {
  try {
    return await deps.frames.get(handle, async () => {
      const found = await widgetByHandle(deps.tenants, handle);
      return {
        workspaceId: found?.workspaceId ?? null,
        origins: found?.enabled?.widget.allowedOrigins ?? [],
      };
    });
  } catch (err) {
    // Fail closed: a widget nobody may frame.
    logger.error({ err }, 'widget frame-ancestors lookup failed');
    return [];
  }
}
