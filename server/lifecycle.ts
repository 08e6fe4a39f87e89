import { logger } from './lib/logger';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

export interface SignalOptions {
  /** Hard limit from the signal to exit, whatever hangs. */
  deadlineMs?: number;
  exit?: (code: number) => void;
}

/**
 * The first SIGTERM, SIGINT or SIGHUP runs `stop` once, then exits 0 (1 if stopping failed or the
 * deadline passed). Later signals are ignored: `npm start` forwards Ctrl-C, so the child gets two.
 *
 * Listeners other modules installed for these signals are removed first: a library that stops its
 * part (or exits) the moment a signal arrives would do so under in-flight requests. `stop` stops
 * the embedded database itself, last; PostgreSQL runs in its own session, so a terminal's Ctrl-C
 * reaches only this process.
 */
export function stopOnSignals(stop: () => Promise<void>, opts: SignalOptions = {}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'signal received: stopping');
    setTimeout(() => {
      logger.error('shutdown deadline passed: exiting');
      exit(1);
    }, opts.deadlineMs ?? 9_500).unref();
    stop().then(
      () => exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const s of SIGNALS) {
    process.removeAllListeners(s);
    process.on(s, onSignal);
  }
  return () => SIGNALS.forEach((s) => process.off(s, onSignal));
}

/** A hint for failures a person can fix, else the error's own message. */
function whyNotStarted(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE')
    return `${e.port === undefined ? 'the port' : `port ${e.port}`} is in use: stop what listens there, or set PORT`;
  return err.message;
}

/**
 * Start-up failed: says why in one line (on stderr, and in the log with the details) and exits 1,
 * so a supervisor sees the failure. An embedded PostgreSQL already started is stopped on exit.
 */
export function exitStartFailed(err: unknown): never {
  const why = whyNotStarted(err);
  logger.fatal({ err }, `could not start: ${why}`);
  process.stderr.write(`Enclave could not start: ${why}\n`);
  process.exit(1);
}
