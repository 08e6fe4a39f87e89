import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from '@playwright/test';

/** What one socket in the page saw. */
export interface PageSocketStats {
  connects: number;
  drops: number;
  errors: number;
  /** The message of its last connect_error. */
  lastError: string | null;
  joined: boolean;
  transport: string | null;
  /** Ids of the `message:new` events it received. */
  received: string[];
}

export interface BrowserSockets {
  stats(): Promise<PageSocketStats[]>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
// Playwright cannot download browsers here: Debian's Chromium, as the browser tests use it.
const CHROMIUM = '/usr/bin/chromium';

/**
 * Real Chromium with `n` Socket.IO clients in one page, each opened with `options` (the shipped
 * clients' transports) to `url`, and joined to the conversation `ref`, from a page served there
 * (the server must allow that origin). Every request is the browser's own: its connection pool,
 * keep-alive and Origin header.
 */
export async function openBrowserSockets(
  url: string,
  token: string,
  ref: { workspaceId: string; conversationId: string },
  n: number,
  options: Record<string, unknown>,
): Promise<BrowserSockets> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  try {
    // The script is put into a page of the server's own (as the app's pages are); its CSP would
    // refuse a script it did not serve.
    const page: Page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${url}/api/ready`);
    await page.addScriptTag({ path: require.resolve('socket.io-client/dist/socket.io.js') });
    await page.evaluate(
      ({ url, token, ref, n, options }) => {
        type Sock = {
          on(e: string, f: (...a: unknown[]) => void): void;
          timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> };
          close(): void;
          io: { engine?: { transport?: { name: string } } };
        };
        const w = window as unknown as {
          io(url: string, o: Record<string, unknown>): Sock;
          __sockets: { socket: Sock; stats: Record<string, unknown> & { received: string[] } }[];
        };
        w.__sockets = Array.from({ length: n }, () => {
          const socket = w.io(url, { ...options, auth: { token }, forceNew: true, reconnectionDelay: 100 });
          const stats = {
            connects: 0,
            drops: 0,
            errors: 0,
            lastError: null as string | null,
            joined: false,
            received: [] as string[],
          };
          socket.on('connect', () => {
            stats.connects++;
            socket
              .timeout(5_000)
              .emitWithAck('channel:join', ref)
              .then(() => (stats.joined = true))
              .catch(() => undefined);
          });
          socket.on('disconnect', () => stats.drops++);
          socket.on('connect_error', (e) => {
            stats.errors++;
            stats.lastError = String((e as Error).message);
          });
          socket.on('message:new', (m) => stats.received.push((m as { id: string }).id));
          return { socket, stats };
        });
      },
      { url, token, ref, n, options },
    );
    return {
      stats: () =>
        page.evaluate(() =>
          (
            window as unknown as {
              __sockets: {
                socket: { io: { engine?: { transport?: { name: string } } } };
                stats: Omit<PageSocketStats, 'transport'>;
              }[];
            }
          ).__sockets.map(({ socket, stats }) => ({
            ...stats,
            transport: socket.io.engine?.transport?.name ?? null,
          })),
        ),
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
