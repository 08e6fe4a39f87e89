'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState, type FormEvent } from 'react';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { toShownError, type ShownError } from '@/components/client/errors';
import { safeNext } from '@/components/client/safe-next';
import { Field, FormError, Loading } from '@/components/ui/field';

export function SignIn() {
  return (
    <Suspense fallback={<Loading what="the form" />}>
      <SignInForm />
    </Suspense>
  );
}

function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const nextParam = params.get('next');
  const next = safeNext(nextParam);
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await authClient.signIn.email({
      email: formText(form, 'email'),
      password: formText(form, 'password'),
    });
    setPending(false);
    if (res.error) return setError(toShownError(res.error));
    router.push(next);
  }

  return (
    <>
      <h1>Sign in</h1>
      {params.get('reset') === 'done' ? (
        <p role="status" className="ok">
          Your password was changed. Sign in with the new one.
        </p>
      ) : null}
      <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormError error={error} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={error} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={error}
        />
        <button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> ·{' '}
        <Link href={nextParam ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'}>
          Create an account
        </Link>
      </p>
    </>
  );
}
