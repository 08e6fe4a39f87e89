// Runs the server as a child process for `npm start` and the end-to-end server: passes SIGINT and
// SIGTERM on for a graceful stop, and exits with the server's own status: 0 after a graceful stop,
// 1 when it failed to start or to stop, and 128 + the signal's number when a signal killed it
// (SIGKILL, a crash), as a shell reports it, so that a supervisor that restarts on failure does.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export function supervise(args, env) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) =>
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)),
  );
  return child;
}
