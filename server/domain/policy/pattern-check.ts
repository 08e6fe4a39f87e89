import { check } from 'recheck';
import { compileFilter } from '../../../shared/content-filter';
import { POLICY_LIMITS } from '../../../shared/policy';

export type PatternCheck = { ok: true } | { ok: false; message: string };

/** `\1`…`\9` and `\k<name>`, outside a character class or not: RE2 has neither. */
const BACKREFERENCE = /\\(?:[1-9]|k<)/;
const LOOKAROUND = /\(\?<?[=!]/;

/**
 * Whether a workspace may save this content filter. re2js already runs any pattern it accepts in
 * linear time; the checks add what makes a pattern useless or dangerous elsewhere (exported to a
 * backtracking engine, a pattern that is exponential there is a trap) and clear messages for what
 * re2js cannot do at all.
 */
export async function checkPattern(pattern: string, caseSensitive = false): Promise<PatternCheck> {
  if (pattern.trim() === '') return { ok: false, message: 'Enter a pattern.' };
  if (pattern.length > POLICY_LIMITS.patternLength)
    return { ok: false, message: `Keep a pattern under ${POLICY_LIMITS.patternLength} characters.` };
  if (BACKREFERENCE.test(pattern))
    return {
      ok: false,
      message:
        'Backreferences (like \\1) are not supported: filters run on an engine that matches in linear time.',
    };
  if (LOOKAROUND.test(pattern))
    return {
      ok: false,
      message:
        'Lookarounds like (?=…) and (?<!…) are not supported: filters run on an engine that matches in linear time.',
    };
  let compiled;
  try {
    compiled = compileFilter({ id: 'check', pattern, caseSensitive });
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (compiled.re.matcher('').find())
    return { ok: false, message: 'This pattern matches empty text, so it would match every message.' };
  const verdict = await check(pattern, caseSensitive ? '' : 'i', { timeout: 1000 }).catch(() => null);
  if (verdict?.status === 'vulnerable' && verdict.complexity.type === 'exponential')
    return {
      ok: false,
      message:
        'This pattern can take exponential time on some text (nested repetition like (a+)+). Simplify it.',
    };
  return { ok: true };
}
