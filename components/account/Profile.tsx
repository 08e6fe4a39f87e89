'use client';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { RequireSession, type SessionUser } from '@/components/client/require-session';
import type { ShownError } from '@/components/client/errors';
import { Field, FormError } from '@/components/ui/field';
import { accountError, fieldProblems } from './account-errors';
import { AccountNav } from './AccountNav';
import { AvatarColourForm } from './AvatarColourForm';
import { EmailStatus } from './EmailStatus';

// As the server's sign-up and reset allow (server/auth/auth.ts).
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

export function Profile() {
  return (
    <RequireSession>
      {(user) => (
        <>
          <h1>Your account</h1>
          <AccountNav />
          <NameForm user={user} />
          <EmailStatus user={user} />
          <AvatarColourForm user={user} />
          <PasswordForm user={user} />
        </>
      )}
    </RequireSession>
  );
}

/** A form's state: its problem, whether it is on its way, and what it last achieved. */
function useAccountForm() {
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return { error, setError, pending, setPending, done, setDone };
}

function NameForm({ user }: { user: SessionUser }) {
  const f = useAccountForm();
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = formText(new FormData(e.currentTarget), 'name').trim();
    f.setDone(null);
    const problem = fieldProblems({ name: name ? null : 'Enter the name others see you by.' });
    f.setError(problem);
    if (problem) return;
    f.setPending(true);
    // better-auth's client refetches the session after /update-user: every use of it shows the name.
    const res = await authClient.updateUser({ name });
    f.setPending(false);
    if (res.error) {
      // A workspace's security policy refused it: the server's sentence names the workspace and why.
      const policy = res.error.code === 'POLICY_BLOCKED' && res.error.message ? res.error.message : null;
      const known: Record<string, readonly [string, string]> = policy
        ? { POLICY_BLOCKED: ['name', policy] }
        : {};
      return f.setError(accountError(res.error, known, 'Your name could not be saved. Try again.'));
    }
    f.setDone(`Saved. Others now see you as ${name}.`);
  }
  return (
    <section aria-labelledby="profile-name">
      <h2 id="profile-name">Display name</h2>
      <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormError error={f.error} />
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          defaultValue={user.name}
          required
          error={f.error}
          hint="Shown to the people in your workspaces."
        />
        <button type="submit" disabled={f.pending}>
          {f.pending ? 'Saving…' : 'Save name'}
        </button>
        <p role="status" className="ok">
          {f.done}
        </p>
      </form>
    </section>
  );
}

const lengthProblem = (pw: string) =>
  pw.length < PASSWORD_MIN
    ? `Use at least ${PASSWORD_MIN} characters for the new password.`
    : pw.length > PASSWORD_MAX
      ? `Use at most ${PASSWORD_MAX} characters for the new password.`
      : null;

function PasswordForm({ user }: { user: SessionUser }) {
  const f = useAccountForm();
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const currentPassword = formText(data, 'currentPassword');
    const newPassword = formText(data, 'newPassword');
    f.setDone(null);
    const problem = fieldProblems({
      currentPassword: currentPassword ? null : 'Enter your current password.',
      newPassword: lengthProblem(newPassword),
    });
    f.setError(problem);
    if (problem) return;
    f.setPending(true);
    const res = await authClient.changePassword({ currentPassword, newPassword });
    f.setPending(false);
    if (res.error) {
      return f.setError(
        accountError(
          res.error,
          {
            INVALID_PASSWORD: [
              'currentPassword',
              'That is not your current password. Check it and try again.',
            ],
            PASSWORD_TOO_SHORT: [
              'newPassword',
              `Use at least ${PASSWORD_MIN} characters for the new password.`,
            ],
            PASSWORD_TOO_LONG: [
              'newPassword',
              `Use at most ${PASSWORD_MAX} characters for the new password.`,
            ],
            CREDENTIAL_ACCOUNT_NOT_FOUND: [null, 'Your account has no password to change.'],
          },
          'Your password could not be changed. Try again.',
        ),
      );
    }
    form.reset();
    f.setDone('Your password was changed. Use the new one next time you sign in.');
  }
  return (
    <section aria-labelledby="profile-password">
      <h2 id="profile-password">Password</h2>
      <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
        {/* For password managers: whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <FormError error={f.error} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={f.error}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          error={f.error}
          hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`}
        />
        <button type="submit" disabled={f.pending}>
          {f.pending ? 'Changing…' : 'Change password'}
        </button>
        <p role="status" className="ok">
          {f.done}
        </p>
      </form>
    </section>
  );
}
