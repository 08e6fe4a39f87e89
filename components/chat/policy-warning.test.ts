import { describe, expect, it } from 'vitest';
import { scanText } from '@/shared/dlp';
import { policyWarning, warnedDetectors } from './policy-warning';

const detectors = {
  card: 'block',
  ssn: 'redact',
  iban: 'flag',
  secret: 'redact',
  email: 'off',
  phone: 'off',
} as const;
const warn = (text: string) => policyWarning(detectors, scanText(text, warnedDetectors(detectors)));

describe('the composer’s policy warning', () => {
  it('says a refused card stops the send, whatever else is masked', () => {
    expect(warn('card 4111 1111 1111 1111 and 219-09-9999')).toEqual({
      action: 'block',
      text: 'This workspace does not allow payment card numbers in messages: remove it to send.',
    });
  });

  it('names what will be masked', () => {
    expect(warn('ssn 219-09-9999, key AKIAIOSFODNN7EXAMPLE')).toEqual({
      action: 'redact',
      text: 'US social security numbers and secrets and credentials will be masked when sent, as this workspace requires.',
    });
  });

  it('stays quiet for flagged or unwatched data and plain text', () => {
    expect(warn('iban DE89 3704 0044 0532 0130 00, mail ana@example.com')).toBeNull();
    expect(warn('hello there')).toBeNull();
    expect([...warnedDetectors(detectors)]).toEqual(['card', 'ssn', 'secret']);
  });
});
