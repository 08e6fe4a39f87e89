import type { IncomingMessage, ServerResponse } from 'node:http';
import { frameAncestors } from '../domain/widget/frame';
import { contentSecurityPolicy, WIDGET_PATH } from './csp';

/**
 * The widget page may be framed only by its workspace's allowed host origins (none while the
 * widget is off or the workspace unknown). Set here, before Next renders the page, because the
 * list is per workspace and Next's header config is static.
 */
export async function setWidgetFrameHeaders(req: IncomingMessage, res: ServerResponse, dev: boolean) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== WIDGET_PATH) return;
  const handle = url.searchParams.get('workspace') ?? '';
  const origins = /^[a-z0-9-]{2,64}$/i.test(handle) ? await frameAncestors(handle) : [];
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(dev, origins));
}
