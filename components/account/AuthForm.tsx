'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { safeNext } from '@/components/client/safe-next';
import { Field, FormError, Loading } from '@/components/ui/field';

/** An account page that reads its query string: rendered once the search params are known. */
export function AuthPage({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading what="the form" />}>{children}</Suspense>;
}

/**
 * Where to go once signed in (`?next=`, kept only if it is a place on this site), and a link to
 * another account page that carries it along when the page was given one.
 */
export function useNext() {
  const nextParam = useSearchParams().get('next');
  const next = safeNext(nextParam);
  const carry = (path: string) => (nextParam ? `${path}?next=${encodeURIComponent(next)}` : path);
  return { next, carry };
}

interface AuthFormProps {
  /** Sends the form to better-auth; the error it answers with is shown on the form. */
  send: (form: FormData) => Promise<{ error: unknown }>;
  /** What follows a success. */
  done: () => void;
  /** The button's label, and its label while the form is on its way. */
  submit: readonly [idle: string, busy: string];
  /** The fields, given the error to show at them. */
  children: (error: ShownError | null) => ReactNode;
}

/** The form of an account page: its problem on top, its fields, one button that waits for the answer. */
export function AuthForm({ send, done, submit, children }: AuthFormProps) {
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await send(form);
    setPending(false);
    if (res.error) return setError(toShownError(res.error));
    done();
  }

  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormError error={error} />
      {children(error)}
      <button type="submit" disabled={pending}>
        {pending ? submit[1] : submit[0]}
      </button>
    </form>
  );
}

export function EmailField({ error }: { error: ShownError | null }) {
  return <Field label="Email" name="email" type="email" autoComplete="email" required error={error} />;
}

interface PasswordFieldProps {
  label?: string;
  /** Whether the browser offers the saved password or a new one. */
  autoComplete: 'current-password' | 'new-password';
  error: ShownError | null;
}

export function PasswordField({ label = 'Password', autoComplete, error }: PasswordFieldProps) {
  return (
    <Field label={label} name="password" type="password" autoComplete={autoComplete} required error={error} />
  );
}
