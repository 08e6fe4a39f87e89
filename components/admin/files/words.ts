import { FILE_STATUS_WORDS } from '@/shared/files';
import type { FileSettings } from './draft';

/** Where operators read how to turn scanning on: the README's Files entry points to docs/files.md. */
export const OPERATORS_POINTER =
  'For operators: the README’s Files entry and its section “Malware scanning” (docs/files.md) say how to turn scanning on.';

/**
 * The scanning status in words: on, or a warning that it is off with what happens to uploads
 * meanwhile, which is the workspace's saved choice for files that cannot be scanned.
 */
export function scanNotice(s: Pick<FileSettings, 'scanning' | 'unscannable'>): {
  on: boolean;
  headline: string;
  lines: string[];
} {
  if (s.scanning)
    return {
      on: true,
      headline: 'Malware scanning is on (ClamAV).',
      lines: [
        'Each upload is scanned before anyone but its uploader can fetch it. A file with malware stays blocked: its uploader and the admins are told, and the audit log records it.',
      ],
    };
  return {
    on: false,
    headline: 'Warning: malware scanning is off.',
    lines: [
      'This deployment cannot reach ClamAV, so uploads are not checked for malware.',
      s.unscannable === 'allow'
        ? `Meanwhile files are let through unchecked and marked “${FILE_STATUS_WORDS.unscanned}”. To keep them out until scanning is back, block files that cannot be scanned below.`
        : `Meanwhile every upload is blocked (“${FILE_STATUS_WORDS.blocked}”): nobody can fetch it, its uploader is told, and the audit log records each one.`,
    ],
  };
}
