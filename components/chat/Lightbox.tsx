'use client';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { formatBytes } from '@/shared/files';
import { FileDownload } from './FileDownload';
import { Spinner } from './FileIcons';
import type { ChatFile } from './types';
import { useFileUrl } from './use-file-url';
import { useViewerDialog } from './use-viewer-dialog';
import { useCommentUi } from './FileComments';

/**
 * A picture at full size, in a modal dialog over the page: Escape, the close button or a click
 * beside the picture closes it, and focus goes back to what opened it. The thumbnail shows while
 * the full picture loads, and stays when the browser cannot draw the original (a TIFF, say).
 */
export function Lightbox({
  file,
  opener,
  onClose,
}: {
  file: ChatFile;
  /** What had focus when it opened; focus returns there. */
  opener: HTMLElement | null;
  onClose: () => void;
}) {
  const { ref, closeRef, titleId, close } = useViewerDialog(opener);
  const full = useFileUrl(file, 'content');
  const thumb = useFileUrl(file.thumbnail ? file : null, 'thumbnail');
  const [broken, setBroken] = useState(false);
  const comments = useCommentUi(file, 1);

  const src = full.url && !broken ? full.url : thumb.url;

  // In a portal: the message's row is moved by a transform and scoped for Tab (tab-scope.ts).
  return createPortal(
    <dialog
      ref={ref}
      className={`modal lightbox${comments.enabled ? ' with-comments' : ''}`}
      aria-labelledby={titleId}
      onClose={onClose}
      // The list and the conversation around it must not take the dialog's keys (arrows, Escape).
      onKeyDown={(e) => e.stopPropagation()}
      onClick={(e) => {
        if (e.target === e.currentTarget || (e.target as Element).classList.contains('lightbox-body'))
          close();
      }}
    >
      <header className="lightbox-head">
        <h2 id={titleId} className="lightbox-title" title={file.name}>
          {file.name}
        </h2>
        <span className="muted">{formatBytes(file.size)}</span>
        <FileDownload file={file} />
        <button ref={closeRef} type="button" className="secondary" onClick={close}>
          Close
        </button>
      </header>
      <div className="lightbox-body">
        {src ? (
          comments.stage(
            <img
              src={src}
              alt={file.name}
              width={file.width ?? undefined}
              height={file.height ?? undefined}
              onError={() => setBroken(true)}
            />,
          )
        ) : full.error && !thumb.loading ? (
          <div role="alert" className="lightbox-note">
            <p className="form-error">Could not load the picture: {full.error}</p>
            <button type="button" onClick={full.retry}>
              Try again
            </button>
          </div>
        ) : (
          <p role="status" className="lightbox-note">
            <Spinner /> Loading the picture…
          </p>
        )}
        {src && src !== full.url && full.loading ? (
          <p role="status" className="lightbox-loading">
            <Spinner /> Loading the full picture…
          </p>
        ) : null}
        {broken ? (
          <p className="lightbox-loading muted">This picture can only be shown as a preview.</p>
        ) : null}
      </div>
      {comments.panel}
    </dialog>,
    document.body,
  );
}
