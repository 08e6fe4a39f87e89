import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { bearer } from 'better-auth/plugins';
import type { Db } from '../db/client';
import type { SettingsCache, TenantRunner } from '../domain/deps';
import type { EventSink } from '../domain/events';
import { displayNameRefusal } from '../domain/policy/profile';
import { env } from '../env';
import { appSecrets } from '../lib/app-secrets';
import { logFailure, logger } from '../lib/logger';
import type { Mailer } from '../lib/mail';
import { recordSignIn } from '../domain/audit/sign-in';
import { changedProfileFields, finishesEmailChange, recordProfileChange } from '../domain/audit/profile';
import { onAuthError, rememberAuthError } from './api-errors';
import type { AuthEventBus } from './events';
import { avatarColourSchema } from '@/shared/schemas';

/** What better-auth is built on: the runtime's database, mail and identity events. */
export interface AuthDeps {
  db: Db;
  mail: Mailer;
  events: AuthEventBus;
  tenants: TenantRunner;
  /** For the security policies a display name must pass (server/domain/policy/profile.ts). */
  settings: SettingsCache;
  /** Where repeated failed sign-ins are announced to the workspaces' admins. */
  alerts: EventSink;
}

/** The request's meta for the audit log, from the headers the server set (never the client's own). */
const metaOf = (headers: Headers | undefined) => ({
  ip: headers?.get('x-enclave-client-ip') ?? 'unknown',
  userAgent: headers?.get('user-agent') ?? null,
  requestId: headers?.get('x-request-id') ?? '',
});

/** The better-auth instance of a runtime (one per process, built at start-up). */
export function createAuth({ db, mail, events, tenants, settings, alerts }: AuthDeps) {
  const e = env();
  const auth = betterAuth({
    appName: 'Enclave',
    baseURL: e.APP_URL,
    basePath: '/api/auth',
    secret: appSecrets().authSecret,
    trustedOrigins: e.ALLOWED_ORIGINS,
    database: prismaAdapter(db, { provider: 'postgresql' }),
    // Enclave applies its own limits (server/lib/rate-limit.ts) to /api/auth as to every route.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    onAPIError: { onError: onAuthError },
    // better-auth's own messages join the structured log. Only the text, and an Error for errors: its
    // other arguments can carry request data.
    logger: {
      level: 'warn',
      log: (level, message, ...args: unknown[]) => {
        const err = args.find((a) => a instanceof Error);
        if (level === 'error') logFailure(err, message, { source: 'better-auth' });
        else logger[level]({ source: 'better-auth', err }, message);
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      // Sign-up answers the same whether or not the address has an account (better-auth returns a
      // look-alike user and no session for a taken address when autoSignIn is off): the new
      // account is signed in by the link it is mailed, the existing one is mailed a reminder.
      autoSignIn: false,
      onExistingUserSignUp: async ({ user }) => {
        await mail.send({
          to: user.email,
          subject: 'You already have an Enclave account',
          text: `Someone, maybe you, tried to create an Enclave account with this address. It already has one.\n\nSign in: ${e.APP_URL}/sign-in\nForgot your password? Reset it: ${e.APP_URL}/forgot-password\n\nIf it was not you, ignore this message: nothing has changed.`,
        });
      },
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => {
        await mail.send({
          to: user.email,
          subject: 'Reset your Enclave password',
          text: `Someone asked to reset the password of your Enclave account.\n\nReset it here: ${url}\n\nIf it was not you, ignore this message.`,
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, url }) => {
        // The same hook verifies a new address during an email change: say which it is.
        const stored = await tenants.global.user.findUnique({
          where: { id: user.id },
          select: { email: true },
        });
        const changing = stored !== null && stored.email !== user.email;
        await mail.send({
          to: user.email,
          subject: changing ? 'Verify your new Enclave email address' : 'Verify your Enclave email address',
          text: changing
            ? `Open this link to make ${user.email} the email address of your Enclave account: ${url}\n\nUntil you do, your account keeps its old address.`
            : `Welcome to Enclave.\n\nVerify your email address here: ${url}`,
        });
      },
    },
    // The profile's avatar colour rides on /update-user with the name; the shared schema refuses
    // names outside the palette with its own message, before anything is written.
    user: {
      // Rectifying one's address: a verified one confirms from the old address first, then the
      // new one is verified; only then does the account change (better-auth's change-email).
      changeEmail: {
        enabled: true,
        sendChangeEmailConfirmation: async ({ user, newEmail, url }) => {
          await mail.send({
            to: user.email,
            subject: 'Confirm the change of your Enclave email address',
            text: `Someone asked to change the email address of your Enclave account to ${newEmail}.\n\nIf it was you, confirm here: ${url}\n\nIf it was not you, ignore this message: your address stays as it is.`,
          });
        },
      },
      additionalFields: {
        avatarColour: {
          type: 'string',
          required: false,
          input: true,
          validator: { input: avatarColourSchema },
        },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: {
      // The server sets this header from the socket peer (or a trusted proxy), never the client.
      ipAddress: { ipAddressHeaders: ['x-enclave-client-ip'] },
      useSecureCookies: e.APP_URL.startsWith('https://'),
    },
    plugins: [bearer()],
    databaseHooks: {
      // A person's own name or colour, changed: audited in each of their workspaces. /update-user
      // read the session (the user as it was) before writing, so the two can be compared.
      user: {
        update: {
          after: async (user, ctx) => {
            const query: unknown = ctx?.query;
            const token = query && typeof query === 'object' && 'token' in query ? query.token : null;
            const changedEmail = ctx?.path === '/verify-email' && finishesEmailChange(token);
            const before = ctx?.path === '/update-user' ? ctx.context.session?.user : undefined;
            if (!changedEmail && !before) return;
            try {
              const fields = changedEmail ? ['email' as const] : changedProfileFields(before ?? {}, user);
              await recordProfileChange({ tenants }, { userId: user.id, fields, meta: metaOf(ctx?.headers) });
            } catch (err) {
              logger.error({ err }, 'could not audit a profile change');
            }
          },
        },
      },
      session: {
        delete: {
          after: (session, ctx) => {
            const reason = ctx?.path === '/sign-out' ? 'sign_out' : 'revoked';
            events.emit('session-revoked', { sessionId: session.id, userId: session.userId, reason });
            return Promise.resolve();
          },
        },
      },
    },
    hooks: {
      // A new display name must pass the security policy of every workspace that will show it.
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/update-user') return;
        const body: unknown = ctx.body;
        const name =
          body && typeof body === 'object' && 'name' in body && typeof body.name === 'string'
            ? body.name
            : null;
        if (name === null) return;
        // Through the API, not the context: the bearer plugin turns a token into a session only
        // there. Without a session the endpoint itself answers 401.
        const session = ctx.headers ? await auth.api.getSession({ headers: ctx.headers }) : null;
        if (!session) return;
        const refusal = await displayNameRefusal({ tenants, settings }, session.user.id, name);
        if (refusal) throw new APIError('UNPROCESSABLE_ENTITY', { message: refusal, code: 'POLICY_BLOCKED' });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.context.returned instanceof APIError) rememberAuthError(ctx.context.returned);
        if (ctx.path !== '/sign-in/email') return;
        const meta = metaOf(ctx.headers);
        const returned = ctx.context.returned;
        const ok = !(returned instanceof APIError) && ctx.context.newSession !== null;
        const body: unknown = ctx.body;
        const email =
          body && typeof body === 'object' && 'email' in body && typeof body.email === 'string'
            ? body.email
            : '';
        try {
          await recordSignIn(
            { tenants, events: alerts },
            { ok, email, userId: ctx.context.newSession?.user.id ?? null, meta },
          );
        } catch (err) {
          logger.error({ err, requestId: meta.requestId }, 'could not audit sign-in');
        }
      }),
    },
  });
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;
