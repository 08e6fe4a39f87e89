'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState, type FormEvent } from 'react';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { toShownError, type ShownError } from '@/components/client/errors';
import { safeNext } from '@/components/client/safe-next';
import { Field, FormError, Loading } from '@/components/ui/field';

export function SignUp() {
  return (
    <Suspense fallback={<Loading what="the form" />}>
      <SignUpForm />
    </Suspense>
  );
}

function SignUpForm() {
  const router = useRouter();
  const nextParam = useSearchParams().get('next');
  const next = safeNext(nextParam);
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await authClient.signUp.email({
      name: formText(form, 'name'),
      email: formText(form, 'email'),
      password: formText(form, 'password'),
    });
    setPending(false);
    if (res.error) return setError(toShownError(res.error));
    router.push(next);
  }

  return (
    <>
      <h1>Create an account</h1>
      <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormError error={error} />
        <Field label="Name" name="name" autoComplete="name" required error={error} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={error} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={error}
        />
        <button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account?{' '}
        <Link href={nextParam ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>Sign in</Link>
      </p>
    </>
  );
}
