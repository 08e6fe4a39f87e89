import type { ReactNode } from 'react';

/** While the frame waits for its config, the host's identity or the session. */
export function Connecting() {
  return (
    <p className="widget-status" role="status" aria-busy="true">
      Connecting…
    </p>
  );
}

/** A state the visitor can do nothing about in the frame (no widget here, opened top-level). */
export function Notice({ children }: { children: ReactNode }) {
  return <p className="widget-notice">{children}</p>;
}

/** Why there is no chat, in the visitor's words; only a passing failure offers Retry. */
export function SessionError({
  code,
  message,
  onRetry,
}: {
  code: string;
  message?: string;
  onRetry: () => void;
}) {
  if (code === 'UNAUTHORIZED')
    return (
      <div className="widget-error" role="alert">
        <p>We couldn&apos;t confirm who you are. Reload the page to try again.</p>
        {message ? <p className="widget-detail">{message}</p> : null}
      </div>
    );
  if (code === 'FORBIDDEN')
    return (
      <div className="widget-error" role="alert">
        <p>This site isn&apos;t allowed to show this chat.</p>
      </div>
    );
  return (
    <div className="widget-error" role="alert">
      <p>Chat is unavailable right now.</p>
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
