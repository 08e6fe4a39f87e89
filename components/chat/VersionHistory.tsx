'use client';
import { useId } from 'react';
import { FILE_STATUS_WORDS, formatBytes } from '@/shared/files';
import { unnamed } from '@/shared/erasure';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { FormError, Loading } from '../ui/field';
import { useChat } from './ChatProvider';
import { FileDownload } from './FileDownload';
import { MessageDialog } from './MessageDialog';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A file's versions, newest first: number, name, size, who uploaded it, its scan status and when,
 * each with a download link where the caller may take it. Shared by the dialog and the file page.
 */
export function VersionList({ fileId, enabled = true }: { fileId: string; enabled?: boolean }) {
  const { workspaceId, nameOf } = useChat();
  const q = trpc.attachment.versions.useQuery({ workspaceId, fileId }, { enabled });
  if (q.isPending) return <Loading what="versions" />;
  if (q.error) return <FormError error={toShownError(q.error)} />;
  if (q.data.versions.length === 0) return <p className="muted">No versions.</p>;
  return (
    <ol className="version-list" aria-label="Versions">
      {q.data.versions.map((v) => (
        <li key={v.version} className="version-row" data-version={v.version}>
          <span className="version-text">
            <span>
              <strong>v{v.version}</strong>
              {v.current ? <span className="version-current"> (current)</span> : null} ·{' '}
              <span className="file-name" title={v.name}>
                {v.name}
              </span>
            </span>
            <span className="file-meta">
              {formatBytes(v.size)} ·{' '}
              {v.uploaderId ? (nameOf(v.uploaderId) ?? unnamed(v.uploaderId)) : 'Unknown'} ·{' '}
              {FILE_STATUS_WORDS[v.status]} · <time dateTime={v.createdAt}>{when(v.createdAt)}</time>
            </span>
          </span>
          {v.fetchable ? <FileDownload file={{ id: fileId, name: v.name }} version={v.version} /> : null}
        </li>
      ))}
    </ol>
  );
}

/** "Version history" of a file, as a modal dialog (Escape or Close ends it). */
export function VersionHistory({
  file,
  open,
  onClose,
}: {
  file: { id: string; name: string };
  open: boolean;
  onClose: () => void;
}) {
  const titleId = useId();
  return (
    <MessageDialog open={open} className="version-dialog" titleId={titleId} onClose={onClose}>
      {open ? (
        <div className="stack">
          <h2 id={titleId}>Version history of {file.name}</h2>
          <VersionList fileId={file.id} />
          <div className="row">
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : null}
    </MessageDialog>
  );
}
