import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_BODY_BYTES } from './message-body';
import { roleSchema, withBodyRules } from './schemas';

const messages = (r: z.ZodSafeParseResult<unknown>) =>
  r.success ? [] : r.error.issues.map((i) => i.message);

describe('the zod forms', () => {
  it('refuses what the body rules refuse, with every broken rule named', () => {
    const body = withBodyRules(z.string());
    expect(body.safeParse('hello').success).toBe(true);
    expect(messages(body.safeParse('\u0001'.padEnd(MAX_BODY_BYTES + 1, ' ')))).toEqual([
      'At most 16 KB of text',
      'Must not contain control characters',
    ]);
    expect(messages(body.safeParse('   '))).toEqual(['A message needs some text']);
  });

  it('knows the five roles', () => {
    expect(roleSchema.options).toEqual(['owner', 'admin', 'moderator', 'member', 'guest']);
    expect(roleSchema.safeParse('superuser').success).toBe(false);
  });
});
