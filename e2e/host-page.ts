import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Browser, BrowserContext, FrameLocator, Page } from '@playwright/test';

/**
 * A stand-in for a customer's application that embeds the widget (docs/widget.md): a small HTTP
 * server whose one page is built per request with the script tag a host would write. It listens on
 * every local address, so `http://localhost:3201` and `http://127.0.0.1:3201` both reach it: two
 * different origins, of which only the first is put on the workspace's allow-list.
 */
export const APP_ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
export const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3201);
export const HOST_ORIGIN = `http://localhost:${HOST_PORT}`;
export const OTHER_ORIGIN = `http://127.0.0.1:${HOST_PORT}`;

export interface Subject {
  type: string;
  id: string;
}

export interface IdentityClaims {
  sub: string;
  name: string;
  email?: string;
  exp: number;
  subjects?: Subject[];
}

/** What a host's server does, exactly as docs/widget.md says. */
export function signIdentity(secret: string, claims: IdentityClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/** Unix seconds, `seconds` from now (negative: in the past). */
export const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

/** The script tag's attributes: `theme` is its data-theme, `debug` adds data-debug. */
export interface HostPageOptions {
  ws: string;
  token?: string;
  theme?: 'light' | 'dark';
  debug?: boolean;
}

/** The host page at `origin` embedding workspace `ws`; without a token the script tag has no data-token. */
export function hostPageUrl(origin: string, q: HostPageOptions): string {
  const params = new URLSearchParams({
    ws: q.ws,
    ...(q.token ? { token: q.token } : {}),
    ...(q.theme ? { theme: q.theme } : {}),
    ...(q.debug ? { debug: '1' } : {}),
  });
  return `${origin}/?${params.toString()}`;
}

/** A visitor in their own browser on the host page at HOST_ORIGIN, with the chat panel open. */
export async function openWidgetAsVisitor(
  browser: Browser,
  q: HostPageOptions,
): Promise<{ ctx: BrowserContext; page: Page; chat: FrameLocator }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(hostPageUrl(HOST_ORIGIN, q));
  await page
    .locator('[data-enclave-widget]')
    .getByRole('button', { name: /^Open chat/ })
    .click();
  return { ctx, page, chat: page.frameLocator('iframe[title="Chat"]') };
}

// ------------------------------------------------------------------ what the page exposes to tests

export interface EnclaveMessage {
  conversationId: string;
  messageId: string;
  authorId: string;
  authorName: string;
  text: string;
}

/** Everything the host page heard from `Enclave.on(...)`, registered as soon as embed.js ran. */
export interface HostEvents {
  ready: { appearance: { title: string; color: string } }[];
  unread: number[];
  message: EnclaveMessage[];
  open: null[];
  close: null[];
  error: { code: string; message: string }[];
}

/** Computed styles of the host's own elements, and how many style sheets the document has. */
export interface HostStyles {
  textColor: string;
  textFont: string;
  textSize: string;
  buttonBackground: string;
  buttonColor: string;
  bodyBackground: string;
  styleSheets: number;
}

export interface EnclaveApi {
  open(opts?: { subject?: Subject; title?: string }): void;
  close(): void;
  toggle(): void;
  identify(token: string): void;
  on(event: string, cb: (arg: unknown) => void): () => void;
  off(event: string, cb: (arg: unknown) => void): void;
}

/** `window` on the host page (cast inside page.evaluate callbacks). */
export interface HostWindow {
  Enclave?: EnclaveApi;
  __events: HostEvents;
  /** Taken by an inline script before embed.js loads. */
  __stylesBefore: HostStyles;
  __hostStyles(): HostStyles;
  __messages?: EnclaveMessage[];
}

// ------------------------------------------------------------------ the page

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The signed-in user's name as the host knows it (from the token's claims, unverified: display only). */
function userName(token: string | null): string {
  try {
    const claims = JSON.parse(Buffer.from(token?.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      name?: unknown;
    };
    return typeof claims.name === 'string' ? claims.name : 'Guest';
  } catch {
    return 'Guest';
  }
}

// The host's own styles, some of them hostile to anything dropped into the page: none of them may
// reach the widget (shadow root), and the loader may not change how they apply to the page.
const CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 Georgia, 'Times New Roman', serif; color: rgb(30, 41, 59); background: rgb(241, 245, 249); }
a { color: rgb(30, 64, 175); }
button { background: rgb(159, 18, 57); color: rgb(255, 255, 255); border: 0; border-radius: 6px; padding: 10px 18px; font: 600 15px/1.2 Georgia, serif; cursor: pointer; }
button.ghost { background: rgb(255, 255, 255); color: rgb(159, 18, 57); box-shadow: inset 0 0 0 2px rgb(159, 18, 57); }
iframe { border: 6px dashed rgb(159, 18, 57); }
div { line-height: 2; }
.top { display: flex; align-items: center; gap: 32px; padding: 14px 48px; background: rgb(15, 23, 42); color: rgb(241, 245, 249); }
.brand { color: rgb(255, 255, 255); font-weight: 700; font-size: 19px; text-decoration: none; }
.top nav { display: flex; gap: 22px; font-family: system-ui, sans-serif; font-size: 14px; }
.top nav a { color: rgb(203, 213, 225); text-decoration: none; }
.top nav a[aria-current] { color: rgb(255, 255, 255); border-bottom: 2px solid rgb(251, 113, 133); }
.user { margin-left: auto; font-family: system-ui, sans-serif; font-size: 14px; color: rgb(226, 232, 240); }
main { max-width: 780px; margin: 0 0 0 48px; padding: 28px 0 48px; }
.crumbs { margin: 0; font-family: system-ui, sans-serif; font-size: 14px; color: rgb(71, 85, 105); }
.title-row { display: flex; align-items: center; gap: 14px; line-height: 1.3; }
h1 { margin: 6px 0 4px; font-size: 34px; }
.pill { padding: 2px 10px; border-radius: 999px; background: rgb(254, 243, 199); color: rgb(120, 53, 15); font: 600 13px/1.6 system-ui, sans-serif; }
#host-text { color: rgb(20, 83, 45); font-size: 17px; margin: 4px 0 22px; }
.card { background: rgb(255, 255, 255); border-radius: 10px; box-shadow: 0 1px 3px rgba(15, 23, 42, 0.12); padding: 18px 22px; margin-bottom: 22px; }
.card h2 { margin: 0 0 8px; font-size: 18px; }
table { width: 100%; border-collapse: collapse; font-family: system-ui, sans-serif; font-size: 14px; }
th, td { text-align: left; padding: 9px 6px; border-bottom: 1px solid rgb(226, 232, 240); }
th { color: rgb(71, 85, 105); font-weight: 600; }
td.num, th.num { text-align: right; }
tfoot td { font-weight: 700; border-bottom: 0; }
.meta div { line-height: 1.5; }
.meta { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; font-family: system-ui, sans-serif; font-size: 14px; }
.meta dt { color: rgb(71, 85, 105); }
.meta dd { margin: 0; font-weight: 600; }
.actions { display: flex; gap: 12px; }
`;

// Runs before embed.js: records the host's styles, and subscribes to every event once the loader
// has run (the script tag's onload fires right after it executed, before the frame can say anything).
const INLINE = `
window.__events = { ready: [], unread: [], message: [], open: [], close: [], error: [] };
window.__hostStyles = function () {
  var t = getComputedStyle(document.getElementById('host-text'));
  var b = getComputedStyle(document.getElementById('host-button'));
  return {
    textColor: t.color, textFont: t.fontFamily, textSize: t.fontSize,
    buttonBackground: b.backgroundColor, buttonColor: b.color,
    bodyBackground: getComputedStyle(document.body).backgroundColor,
    styleSheets: document.styleSheets.length
  };
};
window.__stylesBefore = window.__hostStyles();
window.__enclaveLoaded = function () {
  Object.keys(window.__events).forEach(function (name) {
    window.Enclave.on(name, function (arg) { window.__events[name].push(arg === undefined ? null : arg); });
  });
};
`;

const LINES = [
  ['Team plan, 12 seats', '12', '$ 96.00', '$ 1,152.00'],
  ['Priority support', '1', '$ 240.00', '$ 240.00'],
  ['Extra storage, 500 GB', '2', '$ 45.00', '$ 90.00'],
];

export function hostPageHtml(q: {
  ws: string;
  token: string | null;
  theme?: string | null;
  debug?: boolean;
}): string {
  const tokenAttr =
    (q.token ? ` data-token="${esc(q.token)}"` : '') +
    (q.theme ? ` data-theme="${esc(q.theme)}"` : '') +
    (q.debug ? ' data-debug' : '');
  const rows = LINES.map(
    (r) =>
      `<tr><td>${esc(r[0]!)}</td><td class="num">${r[1]}</td><td class="num">${r[2]}</td><td class="num">${r[3]}</td></tr>`,
  ).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Invoice 42 · Northwind Billing</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">
  <a class="brand" href="/">Northwind Billing</a>
  <nav aria-label="Main"><a href="#">Dashboard</a><a href="#" aria-current="page">Invoices</a><a href="#">Customers</a><a href="#">Reports</a></nav>
  <span class="user">Signed in as ${esc(userName(q.token))}</span>
</header>
<main>
  <p class="crumbs"><a href="#">Invoices</a> / INV-0042</p>
  <div class="title-row"><h1>Invoice 42</h1><span class="pill">Due 30 June</span></div>
  <p id="host-text">Thanks for your business. Questions about this invoice? Open the chat in the corner: our billing team answers right here.</p>
  <section class="card" aria-labelledby="details-h">
    <h2 id="details-h">Details</h2>
    <dl class="meta">
      <div><dt>Customer</dt><dd>Acme Trading Ltd</dd></div>
      <div><dt>Issued</dt><dd>31 May</dd></div>
      <div><dt>Amount due</dt><dd>$ 1,482.00</dd></div>
    </dl>
  </section>
  <section class="card" aria-labelledby="items-h">
    <h2 id="items-h">Line items</h2>
    <table>
      <thead><tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Amount</th></tr></thead>
      <tbody>${rows}</tbody>
      <tfoot><tr><td colspan="3">Total</td><td class="num">$ 1,482.00</td></tr></tfoot>
    </table>
  </section>
  <div class="actions"><button id="host-button" type="button">Pay invoice</button><button type="button" class="ghost">Download PDF</button></div>
</main>
<script>${INLINE}</script>
<script src="${APP_ORIGIN}/embed.js" data-workspace="${esc(q.ws)}"${tokenAttr} async onload="__enclaveLoaded()"></script>
</body>
</html>`;
}

// ------------------------------------------------------------------ the server

export interface HostPages {
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://host.invalid');
  if (url.pathname !== '/') {
    res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
    return;
  }
  const q = url.searchParams;
  const html = hostPageHtml({
    ws: q.get('ws') ?? '',
    token: q.get('token'),
    theme: q.get('theme'),
    debug: q.has('debug'),
  });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

function listen(server: Server, options: { port: number; host: string; ipv6Only?: boolean }) {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(options, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Starts the host pages on every local address (dual-stack where there is IPv6, else IPv4). */
export async function startHostPages(port = HOST_PORT): Promise<HostPages> {
  const server = createServer(handle);
  try {
    await listen(server, { port, host: '::', ipv6Only: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw err;
    await listen(server, { port, host: '0.0.0.0' });
  }
  return {
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
