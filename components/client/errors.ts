export interface ShownError {
  /** For the top of the form; empty when the problem is shown at a field instead. */
  message: string;
  /** Messages per input field, shown next to the field; the rest goes above the form. */
  fieldErrors: Record<string, string[]>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function fieldErrorsOf(data: unknown): Record<string, string[]> {
  if (!isObject(data) || !isObject(data.fieldErrors)) return {};
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(data.fieldErrors)) {
    if (Array.isArray(v)) out[k] = v.filter((m): m is string => typeof m === 'string');
  }
  return out;
}

// better-auth reports problems with a code; these belong to a specific field of the auth forms.
const authFieldOf: Record<string, string> = {
  INVALID_EMAIL: 'email',
  USER_ALREADY_EXISTS: 'email',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'email',
  PASSWORD_TOO_SHORT: 'password',
  PASSWORD_TOO_LONG: 'password',
  INVALID_PASSWORD: 'password',
};

/**
 * Normalises an error from the tRPC client (message + data.fieldErrors from the server's error
 * formatter) or from better-auth's client ({ message, code }) into what a form shows.
 */
export function toShownError(err: unknown): ShownError | null {
  if (!err) return null;
  if (!isObject(err))
    return { message: typeof err === 'string' ? err : 'Something went wrong', fieldErrors: {} };
  const message =
    typeof err.message === 'string' && err.message
      ? err.message
      : typeof err.statusText === 'string' && err.statusText
        ? err.statusText
        : 'Something went wrong';
  const fieldErrors = fieldErrorsOf(err.data);
  const authField = typeof err.code === 'string' ? authFieldOf[err.code] : undefined;
  // Shown once, at its field, rather than twice.
  if (authField && !fieldErrors[authField]) return { message: '', fieldErrors: { [authField]: [message] } };
  return { message, fieldErrors };
}
