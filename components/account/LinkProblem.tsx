'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

// The codes better-auth appends as `?error=` when an emailed link cannot be used.
const LINK_CODES = new Set(['INVALID_TOKEN', 'TOKEN_EXPIRED', 'USER_NOT_FOUND', 'INVALID_USER']);

/**
 * An emailed link that failed lands on its destination with `?error=`: say so there, whatever
 * page that is (signed out, the page itself only asks to sign in). The reset page has its own words.
 */
export function LinkProblem() {
  const params = useSearchParams();
  const path = usePathname();
  const code = params.get('error');
  if (!code || !LINK_CODES.has(code) || path.startsWith('/reset-password')) return null;
  return (
    <p role="alert" className="form-error">
      {code === 'TOKEN_EXPIRED' ? 'That email link has expired.' : 'That email link is not valid.'} Ask for a
      new one on <Link href="/account">your account page</Link>.
    </p>
  );
}
