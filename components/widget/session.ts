import { httpBatchLink } from '@trpc/client';
import { trpc, type RouterOutputs } from '../client/trpc';

export type WidgetConfig = RouterOutputs['widget']['config'];
export type WidgetSession = RouterOutputs['widget']['session'];

// The widget acts only as its visitor (bearer token), never with a cookie this browser may hold
// for the app's own origin.
const noCookies: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

/** A tRPC client for the widget: anonymous until it has a widget session token. */
export function widgetClient(token: string | null) {
  return trpc.createClient({
    links: [
      httpBatchLink({
        url: '/api/trpc',
        fetch: noCookies,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}

/** The tRPC error code of a failed call (`UNAUTHORIZED`, `FORBIDDEN`, …); no code means no answer. */
export function errorCode(err: unknown): string {
  const data = (err as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === 'string' ? data.code : 'SERVICE_UNAVAILABLE';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Something went wrong';
}

// ------------------------------------------------------------------ anonymous session storage

const storageKey = (workspace: string) => `enclave:widget:${workspace}`;
/** A stored session this close to its end is not worth resuming. */
const MIN_LEFT_MS = 60_000;

function isSession(v: unknown): v is WidgetSession {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const visitor = o.visitor as Record<string, unknown> | null | undefined;
  return (
    typeof o.token === 'string' &&
    typeof o.expiresAt === 'string' &&
    typeof o.workspaceId === 'string' &&
    typeof visitor === 'object' &&
    visitor !== null &&
    typeof visitor.userId === 'string' &&
    typeof visitor.name === 'string' &&
    typeof visitor.anonymous === 'boolean'
  );
}

// Storage may be unavailable in a third-party frame (blocked, or partitioned and full): then the
// anonymous visitor simply starts afresh on the next load.
function readStored(workspace: string): WidgetSession | null {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(storageKey(workspace)) ?? 'null');
    return isSession(raw) ? raw : null;
  } catch {
    return null;
  }
}

function store(workspace: string, s: WidgetSession) {
  try {
    localStorage.setItem(storageKey(workspace), JSON.stringify(s));
  } catch {
    // See readStored.
  }
}

export function forgetStoredSession(workspace: string) {
  try {
    localStorage.removeItem(storageKey(workspace));
  } catch {
    // See readStored.
  }
}

const REFUSALS = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND']);

/** The stored anonymous session, if it is for this workspace, unexpired, and the server still knows it. */
async function resumeAnonymous(workspace: string, workspaceId: string): Promise<WidgetSession | null> {
  const s = readStored(workspace);
  const left = s ? Date.parse(s.expiresAt) - Date.now() : NaN;
  if (!s || !s.visitor.anonymous || s.workspaceId !== workspaceId || !(left > MIN_LEFT_MS)) {
    if (s) forgetStoredSession(workspace);
    return null;
  }
  try {
    const me = await widgetClient(s.token).widget.me.query({ workspaceId });
    if (me.anonymous && me.userId === s.visitor.userId) return s;
  } catch (err) {
    // Only a refusal means the session is gone; an unreachable server is worth a retry with it.
    if (!REFUSALS.has(errorCode(err))) throw err;
  }
  forgetStoredSession(workspace);
  return null;
}

/**
 * Exchanges the host's signed identity for a widget session. Without one (null), an anonymous
 * visitor resumes the session stored in this browser, or starts one and stores it; an identified
 * visitor's session stays in memory, since the host signs a fresh identity on every page load.
 */
export async function startWidgetSession(args: {
  workspace: string;
  workspaceId: string;
  hostOrigin: string;
  token: string | null;
}): Promise<WidgetSession> {
  const { workspace, workspaceId, hostOrigin, token } = args;
  if (token === null) {
    const resumed = await resumeAnonymous(workspace, workspaceId);
    if (resumed) return resumed;
  }
  const s = await widgetClient(null).widget.session.mutate({ workspace, hostOrigin, token });
  if (token === null && s.visitor.anonymous) store(workspace, s);
  return s;
}
