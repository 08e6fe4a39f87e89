'use client';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient, useSession } from './auth-client';
import { useRealtimeState } from './realtime';

export function Header() {
  const session = useSession();
  const router = useRouter();
  const queryClient = useQueryClient();
  const live = useRealtimeState();
  const [busy, setBusy] = useState(false);
  const user = session.data?.user;

  async function signOut() {
    setBusy(true);
    try {
      await authClient.signOut();
      queryClient.clear();
      router.push('/sign-in');
    } finally {
      setBusy(false);
    }
  }

  return (
    <header className="site-header">
      <nav aria-label="Main">
        <Link href="/" className="brand">
          Enclave
        </Link>
        {user ? <Link href="/workspaces">Workspaces</Link> : null}
      </nav>
      <div className="header-user">
        {session.isPending ? null : user ? (
          <>
            <span
              className={`live live-${live}`}
              data-testid="realtime-status"
              data-state={live}
              title={live === 'connected' ? 'Live updates on' : 'Live updates off'}
            >
              <span className="sr-only">{live === 'connected' ? 'Live updates on' : 'Live updates off'}</span>
            </span>
            <Link href="/account" title="Your account">
              {user.name}
            </Link>
            {/* A way out, not the page's main action: quiet, like the links beside it. */}
            <button type="button" className="link-btn quiet" onClick={() => void signOut()} disabled={busy}>
              Sign out
            </button>
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up">Sign up</Link>
          </>
        )}
      </div>
    </header>
  );
}
