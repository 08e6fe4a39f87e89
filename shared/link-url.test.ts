import { describe, expect, it } from 'vitest';
import { safeHref } from './link-url';

describe('safeHref', () => {
  it('allows absolute http, https and mailto only', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('http://example.com')).toBe('http://example.com/');
    expect(safeHref('mailto:a@example.com')).toBe('mailto:a@example.com');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/relative',
      'javascript&#58;alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });
});
