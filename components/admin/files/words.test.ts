import { describe, expect, it } from 'vitest';
import { FILE_STATUS_WORDS } from '@/shared/files';
import { scanNotice } from './words';

describe('the scanning status in words', () => {
  it('says scanning is on, whatever the unscannable choice', () => {
    for (const unscannable of ['allow', 'block'] as const)
      expect(scanNotice({ scanning: true, unscannable })).toMatchObject({
        on: true,
        headline: 'Malware scanning is on (ClamAV).',
      });
  });

  it('warns when it is off, with what happens to files per the workspace’s choice', () => {
    const allow = scanNotice({ scanning: false, unscannable: 'allow' });
    expect(allow.on).toBe(false);
    expect(allow.headline).toBe('Warning: malware scanning is off.');
    expect(allow.lines.join(' ')).toContain(`marked “${FILE_STATUS_WORDS.unscanned}”`);
    const block = scanNotice({ scanning: false, unscannable: 'block' });
    expect(block.lines.join(' ')).toContain(`every upload is blocked (“${FILE_STATUS_WORDS.blocked}”)`);
  });
});
