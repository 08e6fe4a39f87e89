import type { ChatFile } from './types';

/** Small line icons for files, drawn in the text colour; decorative (their buttons carry the words). */
const svg = {
  width: 18,
  height: 18,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
  focusable: false,
} as const;

export function PaperclipIcon() {
  return (
    <svg {...svg}>
      <path d="M21.4 11.1 12.2 20.3a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
    </svg>
  );
}

export function DownloadIcon() {
  return (
    <svg {...svg}>
      <path d="M12 3v12m0 0-5-5m5 5 5-5M4 21h16" />
    </svg>
  );
}

/** A document with a mark for its kind: a picture, a PDF, any other file. */
export function FileKindIcon({ kind, size = 28 }: { kind: ChatFile['kind']; size?: number }) {
  return (
    <svg {...svg} width={size} height={size} className={`file-icon file-icon-${kind}`}>
      <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z" />
      <path d="M14 3v6h6" />
      {kind === 'image' ? (
        <path d="m7 18 3.5-4 2.5 2.5 1.5-1.5L17 18z" />
      ) : kind === 'pdf' ? (
        <path d="M8 13h8M8 16h8M8 19h5" />
      ) : (
        <path d="M8 14h8M8 17h6" />
      )}
    </svg>
  );
}

/** A turning ring for work in progress; the words next to it say what. */
export function Spinner() {
  return <span className="file-spinner" aria-hidden="true" />;
}
