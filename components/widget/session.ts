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

/** Whether the server still knows `s` as this visitor; only a refusal says no (else: throws). */
async function stillValid(s: WidgetSession, workspaceId: string): Promise<boolean> {
  try {
    const me = await widgetClient(s.token).widget.me.query({ workspaceId });
    return me.anonymous === s.visitor.anonymous && me.userId === s.visitor.userId;
  } catch (err) {
    // Only a refusal means the session is gone; an unreachable server is worth a retry with it.
    if (!REFUSALS.has(errorCode(err))) throw err;
    return false;
  }
}

const usable = (s: WidgetSession | null, workspaceId: string): s is WidgetSession =>
  !!s && s.workspaceId === workspaceId && Date.parse(s.expiresAt) - Date.now() > MIN_LEFT_MS;

/** The stored anonymous session, if it is for this workspace, unexpired, and the server still knows it. */
async function resumeAnonymous(workspace: string, workspaceId: string): Promise<WidgetSession | null> {
  const s = readStored(workspace);
  if (!usable(s, workspaceId) || !s.visitor.anonymous) {
    if (s) forgetStoredSession(workspace);
    return null;
  }
  if (await stillValid(s, workspaceId)) return s;
  forgetStoredSession(workspace);
  return null;
}

// ------------------------------------------------------------------ identified session (this tab)

// An identity token is exchanged once. When the frame reloads (the host page is restored from
// its cache, or the browser reloads the frame), the loader sends the same token again: the frame
// resumes the session it got for that token instead, kept for this tab only.
const identifiedKey = (workspace: string) => `enclave:widget:${workspace}:identified`;

function readIdentified(workspace: string, identity: string): WidgetSession | null {
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(identifiedKey(workspace)) ?? 'null');
    const o = raw as { identity?: unknown; session?: unknown } | null;
    return o?.identity === identity && isSession(o.session) ? o.session : null;
  } catch {
    return null;
  }
}

function storeIdentified(workspace: string, identity: string, session: WidgetSession) {
  try {
    sessionStorage.setItem(identifiedKey(workspace), JSON.stringify({ identity, session }));
  } catch {
    // See readStored: the next reload then asks the host for a new token.
  }
}

export function forgetIdentified(workspace: string) {
  try {
    sessionStorage.removeItem(identifiedKey(workspace));
  } catch {
    // See readStored.
  }
}

async function resumeIdentified(
  workspace: string,
  workspaceId: string,
  identity: string,
): Promise<WidgetSession | null> {
  const s = readIdentified(workspace, identity);
  if (usable(s, workspaceId) && !s.visitor.anonymous && (await stillValid(s, workspaceId))) return s;
  return null;
}

/**
 * Exchanges the host's signed identity for a widget session. Without one (null), an anonymous
 * visitor resumes the session stored in this browser, or starts one and stores it. An identified
 * visitor's session is kept for this tab with the token it came from: the token cannot be
 * exchanged twice, and the host signs a fresh one on its next page load.
 */
export async function startWidgetSession(args: {
  workspace: string;
  workspaceId: string;
  hostOrigin: string;
  token: string | null;
}): Promise<WidgetSession> {
  const { workspace, workspaceId, hostOrigin, token } = args;
  const resumed =
    token === null
      ? await resumeAnonymous(workspace, workspaceId)
      : await resumeIdentified(workspace, workspaceId, token);
  if (resumed) return resumed;
  const s = await widgetClient(null).widget.session.mutate({ workspace, hostOrigin, token });
  if (token === null) {
    if (s.visitor.anonymous) store(workspace, s);
  } else storeIdentified(workspace, token, s);
  return s;
}
