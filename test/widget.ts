import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import type { AppError } from '../server/lib/errors';
import { callerFor, callerWith } from './actors';
import { superQuery } from './db';
import { APP_ORIGIN, widgetOn, workspaceWith } from './factories';
import { claims, now, sign } from './identity';

export { claims, now, sign };

// Shared by the widget's test files: a workspace with the widget on, signed identities, exchanges.

export const HOST = 'https://shop.example';
/** The app's own origin in tests (APP_URL): the widget frame's. */
export const APP = APP_ORIGIN;

/** Awaits a refusal with this tRPC code (and message, and AppError code when given). */
export async function refusedWith(p: Promise<unknown>, code: string, message?: RegExp, appCode?: string) {
  const e: unknown = await p.then(
    (v) => {
      throw new Error(`expected ${code}, got ${JSON.stringify(v).slice(0, 200)}`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  expect((e as TRPCError).code, (e as Error).message).toBe(code);
  if (message) expect((e as Error).message).toMatch(message);
  if (appCode) expect(((e as TRPCError).cause as AppError | undefined)?.code).toBe(appCode);
  return e as TRPCError;
}

/** A workspace with the widget on for HOST, its secret, and its owner's caller. */
export async function widgetWorkspace(
  name: string,
  opts: { anonymous?: boolean; anonymousPerHour?: number } = {},
) {
  const ws = await workspaceWith({}, { name });
  const secret = await widgetOn(ws, { host: HOST, ...opts });
  return { owner: ws.owner, api: ws.api, ws, secret };
}

/** widget.session as the frame (Origin APP) or another caller (null: no Origin header) calls it. */
export const exchange = async (
  workspace: string,
  token: string | null,
  origin: string | null = APP,
  hostOrigin = HOST,
) =>
  (await callerWith(new Headers(origin ? { origin } : {}))).widget.session({ workspace, hostOrigin, token });

export const asVisitor = (token: string) => callerFor({ token });

/** Rows the exchange writes: users, and the workspace's visitors, sessions and used tokens. */
export async function exchangeCounts(workspaceId: string) {
  const [row] = await superQuery<{ u: string; v: string; s: string; t: string }>(
    `SELECT (SELECT count(*) FROM "user")::text AS u,
            (SELECT count(*) FROM widget_visitor WHERE workspace_id = $1)::text AS v,
            (SELECT count(*) FROM widget_session WHERE workspace_id = $1)::text AS s,
            (SELECT count(*) FROM widget_token_use WHERE workspace_id = $1)::text AS t`,
    [workspaceId],
  );
  return row;
}
