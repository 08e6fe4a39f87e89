// The baseline for the read figures: the same query served by a minimal `node:http` handler
// on raw `pg` (no auth, no RLS transaction, no decryption, no validation), in the bench process
// beside the app, so both answer over HTTP on the same machine. Rows go out as JSON, byte columns
// as base64 (as a hand-written API would send them).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

export const HISTORY_SQL = `SELECT * FROM message WHERE workspace_id = $1 AND conversation_id = $2 AND parent_id IS NULL
  AND seq < $3 ORDER BY seq DESC LIMIT 50`;
export const SEARCH_SQL = `SELECT * FROM message WHERE workspace_id = $1 AND search_tokens @> $2::text[]
  AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 20`;
export const MEMBERS_SQL = `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM member m
  JOIN "user" u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY m.created_at`;

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

/** Rows with their byte columns as base64 (JSON.stringify would spell a Buffer out byte by byte). */
const withBase64 = (rows: Record<string, unknown>[]) =>
  rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? v.toString('base64') : v;
    return out;
  });

/** Serves GET /history, /search and /members, each one query; `q` is the JSON of its parameters. */
export async function startBaselineServer(adminUrl: string): Promise<BaselineServer> {
  const db = new pg.Pool({ connectionString: adminUrl, max: 10 });
  const routes: Record<string, { sql: string; params: (q: Record<string, unknown>) => unknown[] }> = {
    '/history': { sql: HISTORY_SQL, params: (q) => [q.workspaceId, q.conversationId, q.before] },
    '/search': { sql: SEARCH_SQL, params: (q) => [q.workspaceId, q.tokens] },
    '/members': { sql: MEMBERS_SQL, params: (q) => [q.workspaceId] },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://baseline');
    const route = routes[url.pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    try {
      const q = JSON.parse(url.searchParams.get('q') ?? '{}') as Record<string, unknown>;
      const { rows } = await db.query<Record<string, unknown>>(route.sql, route.params(q));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(withBase64(rows)));
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(e instanceof Error ? e.message : 'failed');
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.end();
    },
  };
}

/** One call to the baseline server: the number of rows it returned. */
export async function baselineCall(url: string, route: string, q: unknown): Promise<number> {
  const res = await fetch(`${url}${route}?q=${encodeURIComponent(JSON.stringify(q))}`);
  if (!res.ok) throw new Error(`baseline ${route}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as unknown[]).length;
}
