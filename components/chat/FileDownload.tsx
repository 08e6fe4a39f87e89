'use client';
import { useState } from 'react';
import { useChat } from './ChatProvider';
import { fetchFile, fileUrl, saveBlob } from './file-http';
import { DownloadIcon, Spinner } from './FileIcons';
import type { ChatFile } from './types';

/**
 * A file's download button. In the web app it is a plain same-origin link: the session cookie
 * authorises it, the browser streams the file to disk with its own progress (large files never sit
 * in memory) and the server's Content-Disposition names it. The widget has no cookie (it acts only
 * by its bearer token), so it fetches the file with the token and saves the blob.
 */
export function FileDownload({
  file,
  compact = false,
  version,
}: {
  file: Pick<ChatFile, 'id' | 'name'>;
  compact?: boolean;
  /** A version by its number (the version history); without it, the one the server gives the caller. */
  version?: number;
}) {
  const { workspaceId, fileAuth } = useChat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const words = (
    <>
      {busy ? <Spinner /> : <DownloadIcon />}
      <span className={compact ? 'sr-only' : undefined}>Download</span>
      <span className="sr-only">
        {' '}
        {file.name}
        {version ? `, version ${version}` : ''}
      </span>
    </>
  );
  if (!fileAuth.token)
    return (
      <a
        className={`file-download${compact ? ' compact' : ''}`}
        href={fileUrl(workspaceId, file.id, 'content', version)}
        download={file.name}
        title={compact ? `Download ${file.name}` : undefined}
      >
        {words}
      </a>
    );
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      saveBlob(await fetchFile(fileAuth, workspaceId, file.id, 'content', undefined, version), file.name);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not download the file');
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="file-download-wrap">
      <button
        type="button"
        className={`secondary file-download${compact ? ' compact' : ''}`}
        title={compact ? `Download ${file.name}` : undefined}
        aria-busy={busy}
        disabled={busy}
        onClick={() => void download()}
      >
        {words}
      </button>
      {error ? (
        <span role="alert" className="form-error file-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
