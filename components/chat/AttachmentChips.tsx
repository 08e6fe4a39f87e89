'use client';
import { useRef } from 'react';
import { fileKindOf, formatBytes } from '@/shared/files';
import { FileKindIcon, PaperclipIcon, Spinner } from './FileIcons';
import { chipStatus, isBlocked, summarise, type Upload, type Uploads } from './upload-queue';
import './files.css';

/** The uploads above the message box: a upload-chip per file with its progress, status and remove button. */
export function AttachmentChips({
  list,
  previewOf,
  onRemove,
  onRetry,
}: {
  list: Uploads;
  /** A picture's preview from the disk (null for other files). */
  previewOf: (key: string) => string | null;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
}) {
  return (
    <>
      {/* Said once per change, not at every percent: how many are going up, then that they are ready. */}
      <p className="sr-only" aria-live="polite">
        {progressWords(list)}
      </p>
      {list.length > 0 ? (
        <ul className="upload-chips" aria-label="Attachments">
          {list.map((u) => (
            <Chip key={u.key} u={u} preview={previewOf(u.key)} onRemove={onRemove} onRetry={onRetry} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

const files = (n: number) => (n === 1 ? '1 file' : `${n} files`);

function progressWords(list: Uploads): string {
  const s = summarise(list);
  if (s.uploading > 0) return `Uploading ${files(s.uploading)}`;
  if (s.files.length > 0) return `${files(s.files.length)} attached, ready to send`;
  return '';
}

function Chip({
  u,
  preview,
  onRemove,
  onRetry,
}: {
  u: Upload;
  preview: string | null;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
}) {
  const bad = u.state === 'error' || isBlocked(u);
  const scanning = u.state === 'done' && u.file?.status === 'pending';
  const status = chipStatus(u);
  const kind = u.file?.kind ?? fileKindOf(u.type);
  return (
    <li className={`upload-chip upload-chip-${u.state}${bad ? ' upload-chip-bad' : ''}`} data-state={u.state}>
      <span className="upload-chip-preview">
        {preview ? (
          <img src={preview} alt="" width={36} height={36} />
        ) : (
          <FileKindIcon kind={kind} size={24} />
        )}
      </span>
      <span className="upload-chip-text">
        <span className="upload-chip-name" title={u.name}>
          {u.name}
        </span>
        <span className="upload-chip-meta">
          {formatBytes(u.size)}
          {' · '}
          {/* A failure is announced once, when it shows; progress is not read out at every step. */}
          <span role={bad ? 'alert' : undefined} className={bad ? 'upload-chip-error' : undefined}>
            {scanning ? <Spinner /> : null}
            {status}
          </span>
        </span>
        {u.state === 'uploading' ? (
          <progress
            className="upload-chip-progress"
            value={u.loaded}
            max={Math.max(1, u.size)}
            aria-label={`Uploading ${u.name}`}
          />
        ) : null}
      </span>
      {u.state === 'error' && u.retryable ? (
        <button type="button" className="secondary upload-chip-btn" onClick={() => onRetry(u.key)}>
          Retry<span className="sr-only"> {u.name}</span>
        </button>
      ) : null}
      <button
        type="button"
        className="secondary upload-chip-btn upload-chip-remove"
        aria-label={u.state === 'uploading' ? `Cancel uploading ${u.name}` : `Remove ${u.name}`}
        title={u.state === 'uploading' ? 'Cancel upload' : 'Remove'}
        onClick={() => onRemove(u.key)}
      >
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}

/**
 * The paperclip: opens the system's file picker (several files at once). The input itself is
 * hidden; the button is what the keyboard and screen readers reach.
 */
export function AttachButton({
  onFiles,
  disabled,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="secondary icon-btn attach-btn"
        aria-label="Attach files"
        title="Attach files (or drop or paste them here)"
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid="attach-input"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          // Cleared, so that choosing the same file again is a change too.
          e.currentTarget.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}

/** Over an area while files are dragged onto it: where they will go. */
export function DropTarget({ label }: { label: string }) {
  return (
    <div className="drop-target" data-testid="drop-target">
      <p>
        <PaperclipIcon />
        Drop files to attach them to {label}
      </p>
    </div>
  );
}
