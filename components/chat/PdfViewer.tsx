'use client';
import { useCommentUi } from './FileComments';
import { useViewerDialog } from './use-viewer-dialog';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { formatBytes } from '@/shared/files';
import { useChat } from './ChatProvider';
import { fetchFile } from './file-http';
import { FileDownload } from './FileDownload';
import { Spinner } from './FileIcons';
import { needsPassword, openPdf } from './pdf-doc';
import { FIT, pageForKey, pageScale, zoomForKey, zoomStep, zoomWords } from './pdf-view';
import type { ChatFile } from './types';

export const PDF_CANNOT_SHOW = 'This PDF cannot be shown — download it instead';

type Loaded =
  { state: 'loading' } | { state: 'error'; password: boolean } | { state: 'ready'; doc: PDFDocumentProxy };

/**
 * Fetches the PDF's bytes with the caller's credentials (the same download route as the button:
 * cookie in the web app, token in the widget) and opens them with PDF.js; destroys the document
 * when the viewer closes or the file changes.
 */
function usePdfDocument(file: ChatFile): Loaded {
  const { workspaceId, fileAuth } = useChat();
  const token = fileAuth.token;
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded }>({
    key: '',
    value: { state: 'loading' },
  });
  const key = `${file.id}:${file.version}`;
  useEffect(() => {
    const abort = new AbortController();
    let live = true;
    let destroy: (() => Promise<void>) | null = null;
    (async () => {
      const blob = await fetchFile({ token }, workspaceId, file.id, 'content', abort.signal);
      const task = await openPdf(await blob.arrayBuffer());
      destroy = () => task.destroy();
      if (!live) return void task.destroy();
      const doc = await task.promise;
      if (live) setLoaded({ key, value: { state: 'ready', doc } });
    })().catch((err: unknown) => {
      if (live) setLoaded({ key, value: { state: 'error', password: needsPassword(err) } });
    });
    return () => {
      live = false;
      abort.abort();
      void destroy?.();
    };
  }, [key, file.id, token, workspaceId]);
  return loaded.key === key ? loaded.value : { state: 'loading' };
}

/** The room the page has in the viewer's body, in CSS pixels, kept up to date. */
function useRoom(ref: RefObject<HTMLElement | null>) {
  const [room, setRoom] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Less the body's padding; a new object only when the size changed (each one redraws the page).
    const measure = () => {
      const width = Math.max(0, el.clientWidth - 16);
      const height = Math.max(0, el.clientHeight - 16);
      setRoom((r) => (r.width === width && r.height === height ? r : { width, height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return room;
}

/** Draws one page of `doc` on a canvas, fitted to `room` at `zoom`; a newer draw cancels an older one. */
function PdfPage({
  doc,
  page,
  zoom,
  room,
  name,
  onError,
}: {
  doc: PDFDocumentProxy;
  page: number;
  zoom: number;
  room: { width: number; height: number };
  name: string;
  onError: () => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState<string | null>(null);
  const key = `${page}:${zoom}:${room.width}x${room.height}`;
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || room.width <= 0 || room.height <= 0) return;
    let task: RenderTask | null = null;
    let live = true;
    void (async () => {
      const p = await doc.getPage(page);
      if (!live) return;
      const natural = p.getViewport({ scale: 1 });
      const { cssScale, canvasScale } = pageScale(natural, room, zoom, window.devicePixelRatio);
      const viewport = p.getViewport({ scale: canvasScale });
      // Drawn on a canvas of its own, shown when complete: no half-drawn page between two.
      const next = document.createElement('canvas');
      next.width = Math.max(1, Math.floor(viewport.width));
      next.height = Math.max(1, Math.floor(viewport.height));
      task = p.render({ canvas: next, viewport });
      await task.promise;
      if (!live) return;
      canvas.width = next.width;
      canvas.height = next.height;
      canvas.style.width = `${Math.round(natural.width * cssScale)}px`;
      canvas.style.height = `${Math.round(natural.height * cssScale)}px`;
      canvas.getContext('2d')?.drawImage(next, 0, 0);
      setDrawn(key);
    })().catch((err: unknown) => {
      if (live && !(err instanceof Error && err.name === 'RenderingCancelledException')) onError();
    });
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, page, zoom, room, key, onError]);
  return (
    <>
      <canvas
        ref={ref}
        className="pdf-page"
        role="img"
        aria-label={`Page ${page} of ${name}`}
        data-drawn={drawn === key ? 'true' : 'false'}
        // Nothing drawn yet: not an empty 300 × 150 box (later pages replace it when drawn).
        hidden={drawn === null}
        data-page={page}
      />
      {drawn !== key ? (
        <p role="status" className="lightbox-loading">
          <Spinner /> Drawing page {page}…
        </p>
      ) : null}
    </>
  );
}

/**
 * A PDF in a modal dialog over the page, drawn by PDF.js: page n of m with buttons and keys
 * (Page Up/Down, the arrows, Home/End), zoom (the buttons, + and -, 0 to fit), a download, and
 * Escape or Close to leave, with focus back on what opened it. One that cannot be read (broken,
 * password-protected) says so and offers the download.
 */
export function PdfViewer({
  file,
  opener,
  onClose,
}: {
  file: ChatFile;
  opener: HTMLElement | null;
  onClose: () => void;
}) {
  const { ref, closeRef, titleId, close } = useViewerDialog(opener);
  const bodyRef = useRef<HTMLDivElement>(null);
  const loaded = usePdfDocument(file);
  const room = useRoom(bodyRef);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(FIT);
  const [broken, setBroken] = useState(false);
  const count = loaded.state === 'ready' ? loaded.doc.numPages : 0;
  const failed = loaded.state === 'error' || broken;
  const onError = useCallback(() => setBroken(true), []);
  const comments = useCommentUi(file, page);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    // The list and the conversation around it must not take the dialog's keys.
    e.stopPropagation();
    if (count === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    // Typing a comment is not paging.
    if (e.target instanceof Element && e.target.closest('input, textarea, select')) return;
    const body = bodyRef.current;
    const canScroll = !!body && body.scrollHeight > body.clientHeight + 1;
    const nextPage = pageForKey(e.key, page, count, canScroll);
    const nextZoom = nextPage === null ? zoomForKey(e.key, zoom) : null;
    if (nextPage !== null) {
      e.preventDefault();
      setPage(nextPage);
      body?.scrollTo({ top: 0 });
    } else if (nextZoom !== null) {
      e.preventDefault();
      setZoom(nextZoom);
    }
  };

  return createPortal(
    <dialog
      ref={ref}
      className={`modal lightbox pdf-viewer${comments.enabled ? ' with-comments' : ''}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={onKeyDown}
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
      {count > 0 && !failed ? (
        <div className="pdf-toolbar" role="toolbar" aria-label="Pages and zoom">
          <button
            type="button"
            className="secondary"
            disabled={page <= 1}
            onClick={() => setPage((p) => Math.max(1, p - 1))}
          >
            Previous page
          </button>
          <span className="pdf-page-count" aria-live="polite">
            Page {page} of {count}
          </span>
          <button
            type="button"
            className="secondary"
            disabled={page >= count}
            onClick={() => setPage((p) => Math.min(count, p + 1))}
          >
            Next page
          </button>
          <span className="pdf-zoom">
            <button
              type="button"
              className="secondary"
              aria-label="Zoom out"
              onClick={() => setZoom((z) => zoomStep(z, -1))}
            >
              −
            </button>
            <span aria-live="polite">{zoomWords(zoom)}</span>
            <button
              type="button"
              className="secondary"
              aria-label="Zoom in"
              onClick={() => setZoom((z) => zoomStep(z, 1))}
            >
              +
            </button>
            <button type="button" className="secondary" disabled={zoom === FIT} onClick={() => setZoom(FIT)}>
              Fit
            </button>
          </span>
        </div>
      ) : null}
      <div ref={bodyRef} className="lightbox-body pdf-body">
        {failed ? (
          <div role="alert" className="lightbox-note pdf-error">
            <p className="form-error">{PDF_CANNOT_SHOW}</p>
            {loaded.state === 'error' && loaded.password ? (
              <p className="muted">It is protected by a password.</p>
            ) : null}
            <FileDownload file={file} />
          </div>
        ) : loaded.state === 'ready' ? (
          comments.stage(
            <PdfPage
              doc={loaded.doc}
              page={page}
              zoom={zoom}
              room={room}
              name={file.name}
              onError={onError}
            />,
          )
        ) : (
          <p role="status" className="lightbox-note">
            <Spinner /> Loading the PDF…
          </p>
        )}
      </div>
      {failed ? null : comments.panel}
    </dialog>,
    document.body,
  );
}
