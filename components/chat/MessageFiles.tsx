'use client';
import { memo, useEffect, useState } from 'react';
import { FILE_STATUS_WORDS, formatBytes } from '@/shared/files';
import { useChat } from './ChatProvider';
import { FileDownload } from './FileDownload';
import { FileTools } from './FileTools';
import { FileKindIcon, Spinner } from './FileIcons';
import { Lightbox } from './Lightbox';
import { fetchable, fileLook, thumbBox } from './message-files';
import type { PendingFile } from './outbox';
import { PdfViewer } from './PdfViewer';
import type { ChatFile } from './types';
import { useFileUrl } from './use-file-url';
import './files.css';

/** How often a file still waiting (a scan, a thumbnail) is asked about, in case its event was missed. */
const RECHECK_MS = 20_000;

/**
 * The files under a message: pictures as thumbnails (a click opens them full size), PDFs by their
 * first page or as a card (a click opens them in the viewer), other files as a card with their
 * kind, name, size, scan status and download button. A file being scanned says
 * so; one the scan blocked says why and cannot be downloaded. `file:updated` events bring the
 * verdict and the thumbnail (engine.files); a file still waiting is asked about now and then.
 */
export const MessageFiles = memo(function MessageFiles({ files }: { files: readonly ChatFile[] }) {
  const { engine, userId } = useChat();
  const [now, setNow] = useState(() => Date.now());
  const [open, setOpen] = useState<{ file: ChatFile; opener: HTMLElement | null } | null>(null);
  const looks = files.map((f) => fileLook(f, now));
  const waiting = files.filter((_, i) => looks[i] === 'waiting').map((f) => f.id);
  const waitingKey = waiting.join(',');
  useEffect(() => {
    if (!waitingKey) return;
    const t = setInterval(() => {
      setNow(Date.now());
      for (const id of waitingKey.split(',')) void engine.files.refresh(id);
    }, RECHECK_MS);
    return () => clearInterval(t);
  }, [waitingKey, engine]);

  if (files.length === 0) return null;
  // The open picture as it is now (a newer state may have arrived while it was open).
  const shown = open ? (files.find((f) => f.id === open.file.id) ?? open.file) : null;
  return (
    <>
      <ul
        className="msg-files"
        aria-label={files.length === 1 ? 'Attachment' : `${files.length} attachments`}
      >
        {files.map((f, i) => (
          <li key={f.id} className="msg-file" data-file-id={f.id} data-status={f.status}>
            {looks[i] === 'image' ? (
              <ImageTile file={f} onOpen={(opener) => setOpen({ file: f, opener })} />
            ) : looks[i] === 'waiting' ? (
              <WaitingTile file={f} />
            ) : (
              <FileCard
                file={f}
                canFetch={fetchable(f, userId)}
                onOpen={f.kind === 'pdf' ? (opener) => setOpen({ file: f, opener }) : undefined}
              />
            )}
            <FileTools file={f} />
          </li>
        ))}
      </ul>
      {shown && fetchable(shown, userId) ? (
        shown.kind === 'pdf' ? (
          <PdfViewer file={shown} opener={open?.opener ?? null} onClose={() => setOpen(null)} />
        ) : (
          <Lightbox file={shown} opener={open?.opener ?? null} onClose={() => setOpen(null)} />
        )
      ) : null}
    </>
  );
});

// The picture's own box (scaled to fit, never enlarged); its caption at least wide enough to read.
const tileStyle = (box: { width: number; height: number }) => ({
  width: box.width,
  aspectRatio: `${box.width} / ${box.height}`,
});
const footStyle = (box: { width: number }) => ({ width: `max(${box.width}px, 13rem)` });

function Caption({ file }: { file: ChatFile }) {
  return (
    <span className="file-caption">
      <span className="file-name" title={file.name}>
        {file.name}
      </span>
      <span className="file-meta">
        {formatBytes(file.size)}
        {file.status === 'unscanned' ? (
          <span className="file-unscanned"> · {FILE_STATUS_WORDS.unscanned}</span>
        ) : null}
      </span>
    </span>
  );
}

/**
 * A picture's thumbnail (or a PDF's first page) in the box its proportions give (set before it
 * loads: nothing moves).
 */
function ImageTile({ file, onOpen }: { file: ChatFile; onOpen: (opener: HTMLElement) => void }) {
  const box = thumbBox(file.width, file.height);
  const thumb = useFileUrl(file, 'thumbnail');
  const pdf = file.kind === 'pdf';
  return (
    <figure className={`file-image${pdf ? ' file-pdf' : ''}`}>
      <button
        type="button"
        className="file-thumb"
        style={tileStyle(box)}
        aria-haspopup="dialog"
        aria-label={`${pdf ? 'Open PDF' : 'Open picture'} ${file.name}`}
        onClick={(e) => onOpen(e.currentTarget)}
      >
        {thumb.url ? (
          <img
            src={thumb.url}
            alt={pdf ? `First page of ${file.name}` : file.name}
            width={box.width}
            height={box.height}
          />
        ) : thumb.error ? (
          <span className="file-thumb-note">No preview: {thumb.error}</span>
        ) : (
          <span className="file-thumb-note">
            <Spinner /> Loading the preview…
          </span>
        )}
      </button>
      <figcaption className="file-image-foot" style={footStyle(box)}>
        <Caption file={file} />
        <FileDownload file={file} compact />
      </figcaption>
    </figure>
  );
}

/** A picture that is being scanned, or whose thumbnail is on its way: its box, and what it waits for. */
function WaitingTile({ file }: { file: ChatFile }) {
  const box = thumbBox(file.width, file.height);
  const words = file.status === 'pending' ? FILE_STATUS_WORDS.pending : 'Preparing the preview…';
  return (
    <figure className="file-image">
      <div className="file-thumb file-waiting" style={tileStyle(box)}>
        <span className="file-thumb-note">
          <Spinner /> {words}
        </span>
      </div>
      <figcaption className="file-image-foot" style={footStyle(box)}>
        <Caption file={file} />
      </figcaption>
    </figure>
  );
}

/**
 * Any other file (and a picture or PDF without a preview): its kind, name, size, status and
 * download. With `onOpen` (a PDF), its name is a button that opens it, and so is the whole card.
 */
function FileCard({
  file,
  canFetch,
  onOpen,
}: {
  file: ChatFile;
  canFetch: boolean;
  onOpen?: (opener: HTMLElement) => void;
}) {
  const blocked = file.status === 'infected' || file.status === 'blocked';
  const opens = onOpen && canFetch;
  return (
    <div className={`file-card${blocked ? ' file-card-blocked' : ''}${opens ? ' file-card-opens' : ''}`}>
      <FileKindIcon kind={file.kind} />
      <span className="file-card-text">
        {opens ? (
          <button
            type="button"
            className="file-name file-open"
            title={file.name}
            aria-haspopup="dialog"
            aria-label={`Open PDF ${file.name}`}
            onClick={(e) => onOpen(e.currentTarget)}
          >
            {file.name}
          </button>
        ) : (
          <span className="file-name" title={file.name}>
            {file.name}
          </span>
        )}
        <span className="file-meta">
          {formatBytes(file.size)}
          {' · '}
          <span className={`file-status file-status-${file.status}`}>
            {file.status === 'pending' ? <Spinner /> : null}
            {FILE_STATUS_WORDS[file.status]}
          </span>
        </span>
      </span>
      {canFetch ? <FileDownload file={file} /> : null}
    </div>
  );
}

/** The files of a message still in the outbox: what the chips showed, while it is being sent. */
export function PendingFiles({ files }: { files: readonly PendingFile[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="msg-files" aria-label={files.length === 1 ? 'Attachment' : `${files.length} attachments`}>
      {files.map((f) => (
        <li key={f.id} className="msg-file">
          <div className="file-card">
            <FileKindIcon kind={f.kind} />
            <span className="file-card-text">
              <span className="file-name" title={f.name}>
                {f.name}
              </span>
              <span className="file-meta">{formatBytes(f.size)}</span>
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
