import pino from 'pino';
import { env } from '../env';

// Redaction is a backstop: code must not log tokens, secrets or message bodies in the first place.
export const logger = pino({
  level: env().LOG_LEVEL,
  base: undefined,
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
