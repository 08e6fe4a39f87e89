'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { Loading } from '../ui/field';
import { useSession } from './auth-client';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  /** A name from shared/avatar-colours.ts; null or absent for the colour from the id. */
  avatarColour?: string | null | undefined;
}

/** Renders its children for a signed-in person; otherwise offers to sign in and come back here. */
export function RequireSession({
  children,
  message = 'Sign in to continue.',
}: {
  children: (user: SessionUser) => ReactNode;
  message?: string;
}) {
  const session = useSession();
  const path = usePathname();
  if (session.isPending) return <Loading what="your session" />;
  const user = session.data?.user;
  if (!user) {
    const next = encodeURIComponent(path);
    return (
      <section aria-labelledby="signin-needed">
        <h2 id="signin-needed">{message}</h2>
        <p>
          <Link href={`/sign-in?next=${next}`}>Sign in</Link> or{' '}
          <Link href={`/sign-up?next=${next}`}>create an account</Link>; you will come back here.
        </p>
      </section>
    );
  }
  return <>{children(user)}</>;
}
