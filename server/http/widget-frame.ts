import type { IncomingMessage } from 'node:http';
import type { Deps } from '../domain/deps';
import { frameAncestors } from '../domain/widget/frame';
import { WIDGET_PATH } from './csp';

/**
 * Who may frame the page a request asks for: for the widget page, its workspace's allowed host
 * origins (none while the widget is off or the workspace unknown); for every other page, nobody.
 * Read per request because the list is per workspace.
 */
export async function pageFrameAncestors(
  deps: Pick<Deps, 'frames' | 'tenants'>,
  req: IncomingMessage,
): Promise<string[]> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== WIDGET_PATH) return [];
  const handle = url.searchParams.get('workspace') ?? '';
  return /^[a-z0-9-]{2,64}$/i.test(handle) ? frameAncestors(deps, handle) : [];
}
