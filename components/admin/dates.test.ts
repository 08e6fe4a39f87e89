import { describe, expect, it } from 'vitest';
import { ago } from './dates';

describe('ago (the audit checkpoint’s age in the console)', () => {
  it('words an age in seconds in the largest unit that fits twice', () => {
    expect([0, 1, 119, 120, 7199, 7200, 172_799, 172_800, 86_400 * 30].map((s) => ago(s, 'en'))).toEqual([
      '0 seconds ago',
      '1 second ago',
      '119 seconds ago',
      '2 minutes ago',
      '119 minutes ago',
      '2 hours ago',
      '47 hours ago',
      '2 days ago',
      '30 days ago',
    ]);
  });
});
