import pino from 'pino';
import { env } from '../env';
import { isDatabaseUnavailable } from './errors';
import { requestContext } from './request-meta';

// Redaction is a backstop: code must not log tokens, secrets or message bodies in the first place.
export const logger = pino({
  level: env().LOG_LEVEL,
  base: undefined,
  // Every line written while serving a request carries its id.
  mixin: () => {
    const m = requestContext.getStore();
    return m ? { requestId: m.requestId } : {};
  },
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers.cookie',
      'headers.authorization',
      'headers.cookie',
      '*.password',
      '*.token',
      '*.secret',
      '*.body',
      '*.key',
    ],
    censor: '[redacted]',
  },
});

export type Logger = typeof logger;

/**
 * Logs a failure at error level, or at warn when it is the database being unavailable: a restart
 * is an outage to see in the log, not a bug to page someone about.
 */
export function logFailure(err: unknown, msg: string, fields: Record<string, unknown> = {}) {
  logger[isDatabaseUnavailable(err) ? 'warn' : 'error']({ ...fields, err }, msg);
}
