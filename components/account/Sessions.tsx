'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authClient, useSession } from '@/components/client/auth-client';
import { RequireSession } from '@/components/client/require-session';
import { FormError, Loading } from '@/components/ui/field';
import { accountError, AuthCallError } from './account-errors';
import { AccountNav } from './AccountNav';
import { deviceName } from './device';

const SESSIONS = ['auth', 'sessions'] as const;

// Sign-in sessions are better-auth's, not tRPC's: its client is called through React Query.
async function listSessions() {
  const res = await authClient.listSessions();
  if (res.error) throw new AuthCallError(res.error);
  return res.data;
}
type Listed = Awaited<ReturnType<typeof listSessions>>[number];

const LIST_ERRORS = {
  // better-auth lists sessions only for a sign-in of the last day (its `freshAge`).
  SESSION_NOT_FRESH: [
    null,
    'For your safety this list needs a recent sign-in: sign out, sign in again and come back.',
  ],
} as const;

const dateTime = (d: Date | string) =>
  new Date(d).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = (d: Date | string) => new Date(d).toLocaleDateString(undefined, { dateStyle: 'medium' });

export function Sessions() {
  return (
    <RequireSession>
      {() => (
        <>
          <h1>Signed-in devices</h1>
          <AccountNav />
          <SessionList />
        </>
      )}
    </RequireSession>
  );
}

function SessionList() {
  const me = useSession().data?.session;
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: SESSIONS, queryFn: listSessions });
  const done = () => queryClient.invalidateQueries({ queryKey: SESSIONS });
  const revoke = useMutation({
    mutationFn: async (token: string) => {
      const res = await authClient.revokeSession({ token });
      if (res.error) throw new AuthCallError(res.error);
    },
    onSettled: done,
  });
  const revokeOthers = useMutation({
    mutationFn: async () => {
      const res = await authClient.revokeOtherSessions();
      if (res.error) throw new AuthCallError(res.error);
    },
    onSettled: done,
  });
  const busy = revoke.isPending || revokeOthers.isPending;
  const actionError = revoke.error ?? revokeOthers.error;

  if (list.isPending) return <Loading what="your sessions" />;
  if (list.error)
    return (
      <FormError
        error={accountError(
          list.error,
          LIST_ERRORS,
          'Your sessions could not be loaded. Reload the page to try again.',
        )}
      />
    );
  // This device first, then the most recently signed in.
  const sessions = [...list.data].sort(
    (a, b) =>
      Number(b.id === me?.id) - Number(a.id === me?.id) ||
      new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime(),
  );
  const others = sessions.filter((s) => s.id !== me?.id).length;
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <p className="muted">
        Signing a device out ends its session at once: its open pages stop receiving messages and it has to
        sign in again.
      </p>
      {actionError ? (
        <FormError
          error={accountError(actionError, {}, 'That session could not be signed out. Try again.')}
        />
      ) : null}
      <ul className="session-list" aria-label="Sessions">
        {sessions.map((s) => (
          <SessionItem
            key={s.id}
            s={s}
            current={s.id === me?.id}
            busy={busy}
            onRevoke={() => revoke.mutate(s.token)}
          />
        ))}
      </ul>
      {others > 0 ? (
        <button type="button" className="danger" disabled={busy} onClick={() => revokeOthers.mutate()}>
          Sign out all other sessions
        </button>
      ) : (
        <p className="muted">You are signed in on this device only.</p>
      )}
    </section>
  );
}

function SessionItem({
  s,
  current,
  busy,
  onRevoke,
}: {
  s: Listed;
  current: boolean;
  busy: boolean;
  onRevoke: () => void;
}) {
  const device = deviceName(s.userAgent);
  return (
    <li className="session" data-current={current}>
      <div>
        <p className="session-device">
          <strong>{device}</strong>
          {current ? <span className="badge badge-current">This device</span> : null}
        </p>
        <p className="muted session-meta">
          {s.ipAddress ? <>IP address {s.ipAddress} · </> : null}
          Signed in {dateTime(s.createdAt)} · Last active {day(s.updatedAt)}
        </p>
      </div>
      {current ? null : (
        <button type="button" className="secondary" disabled={busy} onClick={onRevoke}>
          Sign out
          <span className="sr-only">
            {' '}
            {device}, signed in {dateTime(s.createdAt)}
          </span>
        </button>
      )}
    </li>
  );
}
