/**
 * An erased person's pseudonym starts with this (server/domain/privacy/redact.ts makes them):
 * where their id was, the workspace's records keep the pseudonym.
 */
export const ERASED_PREFIX = 'erased-';

/** How a person nobody can name any more is shown: erased at their request, or simply gone. */
export const unnamed = (id: string, form: 'title' | 'inline' = 'title') =>
  id.startsWith(ERASED_PREFIX)
    ? form === 'title'
      ? 'Erased person'
      : 'an erased person'
    : form === 'title'
      ? 'Former member'
      : 'a former member';
