'use client';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from '../admin-context';
import { QueryState } from '../QueryState';
import { FileSettingsForm } from './FileSettingsForm';
import { ScanStatus } from './ScanStatus';
import './files.css';

/**
 * The console's Files page: whether uploads are scanned for malware, and the workspace's rules for
 * files (the largest, the kinds allowed, what a file that cannot be scanned becomes). docs/files.md.
 */
export function FilesSection() {
  const { ws } = useAdmin();
  // The form edits what it was loaded from; a refetch (on focus) only refreshes the scanning status.
  const settings = trpc.attachment.settings.useQuery({ workspaceId: ws.id });
  // A failed refetch keeps the page (and the form's edits): only a first load shows the error.
  const kept = { ...settings, error: settings.data ? null : settings.error };
  return (
    <>
      <p className="muted files-about">
        Files people attach to messages in the web app and the widget. Changes apply to the next upload; files
        already stored stay as they are.
      </p>
      <QueryState query={kept} what="the file settings" empty={null} isEmpty={() => false}>
        {(s) => (
          <>
            <ScanStatus settings={s} />
            <section aria-labelledby="files-rules-h" className="files-part">
              <h2 id="files-rules-h">Uploads</h2>
              <FileSettingsForm settings={s} />
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}
