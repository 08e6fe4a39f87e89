import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createOpenApiHttpHandler, generateOpenApiDocument } from 'trpc-to-openapi';
import { env } from '../env';
import { AppError, asAppError } from '../lib/errors';
import { logger } from '../lib/logger';
import {
  requestContext as requestMeta,
  requestMetaFromNode,
  toHeaders,
  type RequestMeta,
} from '../lib/request-meta';
import { createContext } from '../trpc/context';
import { retryAfterOf, statusOf, toTRPCError } from '../trpc/init';
import { appRouter } from '../trpc/root';
import type { Runtime } from '../runtime';
import { offsiteRedirectParam } from './auth-redirects';
import { createAuthRoute } from './auth-route';
import { hasJsonBody, readJsonBody } from './body';
import { health, ready } from './health';
import { decodablePath } from './page-path';
import { sendError, sendJson } from './json';
import { signInAccount } from './sign-in';
import { restRouter } from './rest-router';
import { downloadExport, isExportDownload } from './export-download';
import { fileRoute, isFileRoute } from './files';
import { isUnsubscribe, unsubscribeRoute } from './unsubscribe';

const MAX_BODY = 2 * 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

// trpc-to-openapi's standalone adapter hands over a fetch Request (Headers), tRPC's a Node request.
// Who is calling is read here, before any procedure: its errors (the database away) are mapped
// like a procedure's, or both adapters would answer them 500.
const contextFor =
  (rt: Runtime) =>
  ({ req, res }: { req: IncomingMessage | Request; res: ServerResponse }) =>
    createContext({
      rt,
      headers: req.headers instanceof Headers ? req.headers : toHeaders(req.headers),
      meta: requestMeta.getStore() ?? fallbackMeta(),
      setHeader: (n, v) => {
        if (!res.headersSent) res.setHeader(n, v);
      },
    }).catch((e: unknown) => {
      throw toTRPCError(e);
    });

// Retry-After on answers whose error asks for one (an outage), and statuses tRPC has no code
// for (423 in a lockdown), over tRPC and REST alike.
const responseMeta = ({ errors }: { errors: Parameters<typeof retryAfterOf>[0] }) => {
  const wait = retryAfterOf(errors);
  const status = statusOf(errors);
  return {
    ...(status ? { status } : {}),
    ...(wait ? { headers: { 'retry-after': String(wait) } } : {}),
  };
};

function fallbackMeta(): RequestMeta {
  throw new Error('request handled outside createApiHandler');
}

/** Paths as logged: no query string (verification tokens travel there), reset tokens masked. */
const loggablePath = (path: string) => path.replace(/^(\/api\/auth\/reset-password\/).+$/, '$1[token]');

/** The OpenAPI document of the REST face (built from the router, on first request). */
export function openApiDocument() {
  return generateOpenApiDocument(appRouter, {
    title: 'Enclave API',
    version: '1',
    baseUrl: `${env().APP_URL}/api/v1`,
    description:
      'REST face of the Enclave tRPC API. Authenticate with a session cookie, `Authorization: Bearer <session token>`, or an API key (`Authorization: Bearer ek_…` or `x-api-key`).',
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    },
  });
}

/**
 * API routes are served here, in the custom server's own module graph, rather than as Next route
 * handlers: Next bundles route modules separately, which would duplicate the database pool, the
 * rate-limit state and the Socket.IO instance that these handlers share with the realtime layer.
 */
export function createApiHandler(
  rt: Runtime,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: contextFor(rt),
    responseMeta,
    maxBodySize: MAX_BODY,
  });
  const rest = createOpenApiHttpHandler({
    // Its own copies of the input schemas, which the adapter coerces in place (rest-router.ts).
    router: restRouter(appRouter),
    createContext: contextFor(rt),
    responseMeta,
    maxBodySize: MAX_BODY,
  });
  const betterAuth = createAuthRoute(rt.auth);
  let openApi: ReturnType<typeof openApiDocument> | undefined;

  const authHandler = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const meta = requestMeta.getStore();
    if (!meta) return;
    // Sign-in, sign-up and reset requests share a tight per-IP budget: password guessing is the threat.
    await rt.rateLimits.consume({ ip: meta.ip, global: true }, req.method === 'POST' ? 'auth' : 'api');
    // Mailed links carry where to go afterwards; a crafted one must not send anyone elsewhere.
    const offsite = offsiteRedirectParam(req.url ?? '/');
    if (offsite) throw new AppError('BAD_REQUEST', `${offsite} must be a path on this site`);
    // Guesses spread over many addresses meet the account's own budget; a success gives it back.
    const account = await signInAccount(req, path, MAX_BODY);
    if (account !== null) await rt.rateLimits.consumeSignIn(account);
    // better-auth reads the client IP and request id from these; set here, never taken from the client.
    req.headers['x-enclave-client-ip'] = meta.ip;
    req.headers['x-request-id'] = meta.requestId;
    await betterAuth(req, res);
    if (account !== null && res.statusCode === 200) await rt.rateLimits.signedIn(account);
  };

  const restHandler: Handler = async (req, res) => {
    const url = req.url ?? '/';
    if (url === '/api/v1/openapi.json' || url.startsWith('/api/v1/openapi.json?')) {
      openApi ??= openApiDocument();
      return sendJson(res, 200, openApi);
    }
    // The body is read here, not by the adapter, so that malformed JSON is a 400 (not a 500) and an
    // oversized body a 413; the adapter takes a parsed `req.body` as it is.
    if (hasJsonBody(req))
      (req as IncomingMessage & { body?: unknown }).body = await readJsonBody(req, MAX_BODY);
    // embed.js reads the public widget config from the host page (to warn about a misconfigured
    // origin before framing anything): that one read is open to any origin, without credentials.
    if (req.method === 'GET' && /^\/api\/v1\/widget\/[^/?]+(\?|$)/.test(url))
      res.setHeader('access-control-allow-origin', '*');
    req.url = url.slice('/api/v1'.length) || '/';
    await rest(req, res);
  };

  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith('/api/')) return false;
    const meta = requestMetaFromNode(req);
    res.setHeader('x-request-id', meta.requestId);
    const started = performance.now();
    res.once('finish', () => {
      const quiet = path === '/api/health' || path === '/api/ready';
      logger[quiet ? 'debug' : 'info'](
        {
          requestId: meta.requestId,
          method: req.method,
          path: loggablePath(path),
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    return requestMeta.run(meta, () => route(req, res, path, meta));
  };

  async function route(req: IncomingMessage, res: ServerResponse, path: string, meta: RequestMeta) {
    try {
      // tRPC decodes the procedure name from the path and answers 500 when that throws.
      if (!decodablePath(path))
        sendError(res, new AppError('BAD_REQUEST', 'The path is not valid percent-encoding'), meta.requestId);
      else if (path === '/api/health') health(res);
      else if (path === '/api/ready') await ready(rt.db.app, res, rt.cluster);
      else if (path.startsWith('/api/auth/')) await authHandler(req, res, path);
      else if (path.startsWith('/api/trpc/')) trpc(req, res);
      else if (isExportDownload(req.method, path)) await downloadExport(rt, req, res, path, meta);
      else if (isFileRoute(req.method, path)) await fileRoute(rt, req, res, path, meta);
      else if (isUnsubscribe(req.method, path)) await unsubscribeRoute(rt, req, res);
      else if (path.startsWith('/api/v1/')) await restHandler(req, res);
      else sendError(res, new AppError('NOT_FOUND', 'No such API route'), meta.requestId);
    } catch (e) {
      const app = asAppError(e);
      if (app) return (sendError(res, app, meta.requestId), true);
      logger.error({ err: e, requestId: meta.requestId, path }, 'request failed');
      sendError(res, new AppError('INTERNAL', 'Internal error'), meta.requestId);
    }
    return true;
  }
}
