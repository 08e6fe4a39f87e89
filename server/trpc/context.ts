import { resolveActor, type Actor } from '../auth/actor';
import type { RequestMeta } from '../lib/request-meta';
import type { Runtime } from '../runtime';

export interface Context {
  /** The process's runtime: database, auth, caches, services. */
  rt: Runtime;
  actor: Actor | null;
  meta: RequestMeta;
  /** The Origin header of a browser request (null for other callers); the widget checks it. */
  origin: string | null;
  /** Lets a procedure set a response header (Retry-After). A no-op for in-process callers. */
  setHeader: (name: string, value: string) => void;
}

export async function createContext(opts: {
  rt: Runtime;
  headers: Headers;
  meta: RequestMeta;
  setHeader?: (name: string, value: string) => void;
}): Promise<Context> {
  return {
    rt: opts.rt,
    actor: await resolveActor(opts.rt, opts.headers),
    meta: opts.meta,
    origin: opts.headers.get('origin'),
    setHeader: opts.setHeader ?? (() => undefined),
  };
}
