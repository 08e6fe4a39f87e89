import type { IncomingMessage, ServerResponse } from 'node:http';
import { CATEGORY_WORDS } from '../../shared/notification-prefs';
import { applyUnsubscribe, readUnsubscribeToken } from '../domain/notification/unsubscribe';
import type { Runtime } from '../runtime';

const PATH = '/api/v1/unsubscribe';
/** Past this the body is not read: a one-click request carries a dozen bytes. */
const MAX_BODY = 4096;

export const isUnsubscribe = (method: string | undefined, path: string) =>
  path === PATH && (method === 'GET' || method === 'POST');

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${esc(title)}</title><body style="font:16px system-ui;max-width:32rem;margin:4rem auto;padding:0 1rem">` +
      `<h1 style="font-size:1.4rem">${esc(title)}</h1>${body}</body></html>`,
  );
}

async function drain(req: IncomingMessage) {
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > MAX_BODY) break;
  }
}

/**
 * One-click unsubscribe (RFC 8058) without signing in. A POST (the mail client's one click, or
 * the button below) turns the token's category off; a GET only shows that button, because link
 * scanners fetch every URL in an email and must not unsubscribe anyone.
 */
export async function unsubscribeRoute(rt: Runtime, req: IncomingMessage, res: ServerResponse) {
  const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
  const claims = readUnsubscribeToken(token);
  if (!claims) {
    await drain(req);
    return page(
      res,
      400,
      'This unsubscribe link is not valid',
      '<p>It may have been cut short when it was copied. Open the link from the email again, or change your email settings in Enclave under Notifications.</p>',
    );
  }
  const what = CATEGORY_WORDS[claims.category].toLowerCase();
  if (req.method === 'GET')
    return page(
      res,
      200,
      'Stop these emails?',
      `<p>You will no longer get emails about ${esc(what)} from this workspace. Notifications in the app stay as they are.</p>` +
        `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
        `<button type="submit" style="font:inherit;padding:.5rem 1rem">Unsubscribe</button></form>`,
    );
  await drain(req);
  await applyUnsubscribe(rt, token);
  return page(
    res,
    200,
    'You are unsubscribed',
    `<p>No more emails about ${esc(what)} from this workspace. You can turn them back on in Enclave under Notifications → Settings.</p>`,
  );
}
