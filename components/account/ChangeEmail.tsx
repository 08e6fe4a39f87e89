'use client';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import type { ShownError } from '@/components/client/errors';
import type { SessionUser } from '@/components/client/require-session';
import { Field, FormError } from '@/components/ui/field';
import { accountError, fieldProblems } from './account-errors';

/**
 * Changing the account's address. Nothing changes until the links are followed: a verified
 * address confirms from the old inbox first, then the new one is verified (better-auth's
 * change-email, audited as profile.updated once it is done).
 */
export function ChangeEmail({ user }: { user: SessionUser }) {
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const newEmail = formText(new FormData(e.currentTarget), 'newEmail').trim();
    setSent(null);
    const problem = fieldProblems({
      newEmail: !newEmail
        ? 'Enter the new address.'
        : newEmail.toLowerCase() === user.email.toLowerCase()
          ? 'This is already your address.'
          : null,
    });
    setError(problem);
    if (problem) return;
    setPending(true);
    const res = await authClient.changeEmail({ newEmail, callbackURL: '/account' });
    setPending(false);
    if (res.error)
      return setError(
        accountError(
          res.error,
          { VALIDATION_ERROR: ['newEmail', 'Enter an email address like name@example.com.'] },
          'The change could not be started. Try again.',
        ),
      );
    setSent(
      user.emailVerified
        ? `Check ${user.email}: open the link there to confirm, then the one we send to ${newEmail}.`
        : `Check ${newEmail}: open the link there to make it your address.`,
    );
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="stack" aria-label="Change email address">
      <FormError error={error} />
      <Field
        label="New email address"
        name="newEmail"
        type="email"
        autoComplete="email"
        required
        error={error}
        hint="Your address stays as it is until you follow the links we email."
      />
      <div className="row">
        <button type="submit" className="secondary" disabled={pending}>
          {pending ? 'Sending…' : 'Change email address'}
        </button>
      </div>
      <p role="status" className="ok">
        {sent}
      </p>
    </form>
  );
}
