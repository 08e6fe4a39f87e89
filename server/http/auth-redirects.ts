import { env } from '../env';

// The query parameters better-auth redirects to (verify-email, reset-password links).
const REDIRECT_PARAMS = ['callbackURL', 'errorCallbackURL', 'newUserCallbackURL', 'redirectTo'];

/**
 * Whether `value`, as a browser will read it, stays on one of `origins` (relative paths resolve
 * against the first). The same rule as the pages' `?next=` (components/client/safe-next.ts):
 * parsed, not matched as a string, and never a path that is `//host` again once normalised.
 */
export function staysOn(value: string, origins: readonly string[]): boolean {
  try {
    const url = new URL(value, origins[0]);
    return origins.includes(url.origin) && !url.pathname.startsWith('//');
  } catch {
    return false;
  }
}

/**
 * The first redirect parameter of an /api/auth request URL that would leave the app's origins.
 * better-auth checks these itself, yet follows `/.//evil.example/` to `//evil.example/`.
 */
export function offsiteRedirectParam(requestUrl: string): string | null {
  const e = env();
  const origins = [e.APP_URL, ...e.ALLOWED_ORIGINS].flatMap((o) => {
    try {
      return [new URL(o).origin];
    } catch {
      return [];
    }
  });
  const params = new URL(requestUrl, origins[0]).searchParams;
  for (const name of REDIRECT_PARAMS) if (params.getAll(name).some((v) => !staysOn(v, origins))) return name;
  return null;
}
