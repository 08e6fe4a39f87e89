'use client';
import Link from 'next/link';
import { lockdownAdminNote, lockdownNotice, type LockdownState } from '@/components/client/lockdown';

/** Above every page of a workspace in a lockdown: why, until when, and what still works. */
export function LockdownBanner({ lock, slug }: { lock: LockdownState | undefined; slug: string }) {
  const notice = lockdownNotice(lock) ?? lockdownAdminNote(lock);
  if (!notice) return null;
  return (
    <div role="status" className="lockdown-banner" data-testid="lockdown-banner">
      <strong>{lock?.quarantine ? 'Quarantine.' : 'Lockdown.'}</strong> {notice}
      {lock?.exempt ? (
        <>
          {' '}
          <Link href={`/admin/${slug}/security`}>Security page</Link>
        </>
      ) : null}
    </div>
  );
}

/** In place of the workspace while a full lockdown keeps this person out. */
export function LockedOut({ lock, name }: { lock: LockdownState; name: string }) {
  return (
    <main className="locked-out" aria-labelledby="locked-out-title">
      <h1 id="locked-out-title">
        {lock.quarantine ? `You are in quarantine in ${name}` : `${name} is locked down`}
      </h1>
      <p>{lockdownNotice(lock)}</p>
      <p className="muted">
        This page comes back by itself when the {lock.quarantine ? 'quarantine' : 'lockdown'} ends.
      </p>
      <p>
        <Link href="/workspaces">Your other workspaces</Link>
      </p>
    </main>
  );
}
