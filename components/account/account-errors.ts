import type { ShownError } from '@/components/client/errors';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * better-auth's answer as sentences for the account forms: a code the form knows goes to its
 * field with the form's own words; anything else is `fallback` above the form (better-auth's
 * messages are terse and meant for developers).
 */
export function accountError(
  err: unknown,
  byCode: Record<string, readonly [field: string | null, sentence: string]>,
  fallback: string,
): ShownError {
  const code = isObject(err) && typeof err.code === 'string' ? err.code : '';
  const status = isObject(err) && typeof err.status === 'number' ? err.status : 0;
  if (status === 429) return { message: 'Too many attempts. Wait a minute and try again.', fieldErrors: {} };
  const known = byCode[code];
  if (!known) return { message: fallback, fieldErrors: {} };
  const [field, sentence] = known;
  return field
    ? { message: '', fieldErrors: { [field]: [sentence] } }
    : { message: sentence, fieldErrors: {} };
}

/** Problems found before sending, as the form shows them (null when there are none). */
export function fieldProblems(problems: Record<string, string | null>): ShownError | null {
  const fieldErrors: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(problems)) if (v) fieldErrors[k] = [v];
  return Object.keys(fieldErrors).length ? { message: '', fieldErrors } : null;
}

/** better-auth's client answers with `{ error }`; React Query wants a thrown Error: this keeps its code. */
export class AuthCallError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(e: { message?: string | undefined; code?: string | undefined; status: number }) {
    super(e.message ?? 'auth call failed');
    this.code = e.code ?? '';
    this.status = e.status;
  }
}
