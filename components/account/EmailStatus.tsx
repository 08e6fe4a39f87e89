'use client';
import { useState } from 'react';
import { authClient } from '@/components/client/auth-client';
import type { SessionUser } from '@/components/client/require-session';
import type { ShownError } from '@/components/client/errors';
import { FormError } from '@/components/ui/field';
import { accountError } from './account-errors';
import { ChangeEmail } from './ChangeEmail';

/**
 * The account's email address and whether it is verified; an unverified one can ask for a fresh
 * link (the one mailed at sign-up may be lost or expired). Invitations bound to an address wait
 * for it.
 */
export function EmailStatus({ user }: { user: SessionUser }) {
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState(false);

  async function send() {
    setError(null);
    setPending(true);
    const res = await authClient.sendVerificationEmail({ email: user.email, callbackURL: '/account' });
    setPending(false);
    if (res.error) return setError(accountError(res.error, {}, 'The link could not be sent. Try again.'));
    setSent(true);
  }

  return (
    <section aria-labelledby="profile-email">
      <h2 id="profile-email">Email address</h2>
      <p>
        <strong>{user.email}</strong>{' '}
        {user.emailVerified ? <span className="ok">(verified)</span> : <span>(not verified yet)</span>}
      </p>
      {user.emailVerified ? null : (
        <div className="stack">
          <FormError error={error} />
          <button type="button" onClick={() => void send()} disabled={pending}>
            {pending ? 'Sending…' : 'Send a verification link'}
          </button>
          <p role="status" className="ok">
            {sent ? `Sent. Open the link in the email to ${user.email}.` : null}
          </p>
        </div>
      )}
      <ChangeEmail user={user} />
    </section>
  );
}
