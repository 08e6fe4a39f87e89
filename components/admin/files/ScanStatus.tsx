import type { FileSettings } from './draft';
import { OPERATORS_POINTER, scanNotice } from './words';

/**
 * Whether this deployment scans uploads (ClamAV answering), and, when it does not, a warning with
 * what happens to files meanwhile (the workspace's saved choice for files that cannot be scanned).
 */
export function ScanStatus({ settings }: { settings: FileSettings }) {
  const notice = scanNotice(settings);
  return (
    <section aria-labelledby="files-scan-h" className="files-part">
      <h2 id="files-scan-h">Malware scanning</h2>
      <div className={`files-scan ${notice.on ? 'files-scan-on' : 'files-scan-off'}`}>
        <p>
          <strong>{notice.headline}</strong>
        </p>
        {notice.lines.map((line) => (
          <p key={line} className={notice.on ? 'muted' : undefined}>
            {line}
          </p>
        ))}
        {notice.on ? null : <p className="muted">{OPERATORS_POINTER}</p>}
      </div>
    </section>
  );
}
