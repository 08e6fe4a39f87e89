'use client';
import { useCallback, useRef, useState } from 'react';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { useChat } from './ChatProvider';
import { filePageHref, uploadVersion, type UploadHandle } from './file-http';
import { FileMenu, type FileMenuItem } from './FileMenu';
import { versionNote } from './message-files';
import { ShareDialog } from './ShareDialog';
import type { ChatFile } from './types';
import { VersionHistory } from './VersionHistory';
import './file-share.css';

type Replacing =
  | { state: 'idle' }
  | { state: 'uploading'; name: string; loaded: number; size: number; handle: UploadHandle }
  | { state: 'done'; version: number }
  | { state: 'error'; message: string };

/**
 * Uploading a new version of a file from the browser: its progress, cancelling it, and what came of
 * it. The new version arrives on the message through `file:updated` too; it is applied at once.
 */
export function useReplace(file: { id: string }) {
  const { workspaceId, fileAuth, engine } = useChat();
  const [r, setR] = useState<Replacing>({ state: 'idle' });
  const start = useCallback(
    (chosen: File) => {
      const handle = uploadVersion(fileAuth, { workspaceId, fileId: file.id }, chosen, (loaded) =>
        setR((now) => (now.state === 'uploading' ? { ...now, loaded } : now)),
      );
      setR({ state: 'uploading', name: chosen.name, loaded: 0, size: chosen.size, handle });
      handle.done.then(
        (f) => {
          engine.files.apply(f);
          setR({ state: 'done', version: f.version });
        },
        (e: unknown) =>
          setR(
            e instanceof DOMException && e.name === 'AbortError'
              ? { state: 'idle' }
              : { state: 'error', message: e instanceof Error ? e.message : 'The new version was refused' },
          ),
      );
    },
    [fileAuth, workspaceId, file.id, engine],
  );
  const cancel = () => (r.state === 'uploading' ? r.handle.abort() : setR({ state: 'idle' }));
  return { r, start, cancel };
}

/** The progress of a replacement and its outcome, where the file is shown. */
export function ReplaceStatus({ replace }: { replace: ReturnType<typeof useReplace> }) {
  const { r, cancel } = replace;
  if (r.state === 'idle') return null;
  if (r.state === 'uploading')
    return (
      <span className="file-replace" role="status">
        Uploading the new version…
        <progress value={r.loaded} max={Math.max(1, r.size)} aria-label={`Uploading ${r.name}`} />
        <button type="button" className="secondary" onClick={cancel}>
          Cancel<span className="sr-only"> uploading {r.name}</span>
        </button>
      </span>
    );
  if (r.state === 'done')
    return (
      <span className="file-replace" role="status">
        Uploaded as v{r.version}; it is scanned before others get it.{' '}
        <button type="button" className="link-btn" onClick={cancel}>
          Dismiss
        </button>
      </span>
    );
  return (
    <span className="file-replace" role="alert">
      <span className="form-error">{r.message}</span>{' '}
      <button type="button" className="link-btn" onClick={cancel}>
        Dismiss
      </button>
    </span>
  );
}

/** A hidden file picker that starts a replacement; `pick()` opens it. */
export function useReplacePicker(replace: ReturnType<typeof useReplace>) {
  const input = useRef<HTMLInputElement>(null);
  const element = (
    <input
      ref={input}
      type="file"
      hidden
      data-testid="replace-input"
      onChange={(e) => {
        const chosen = e.currentTarget.files?.[0];
        e.currentTarget.value = '';
        if (chosen) replace.start(chosen);
      }}
    />
  );
  return { element, pick: () => input.current?.click() };
}

/**
 * Under a sent file: its version ("v2", or which version a download gives while a new one is
 * scanned or was blocked) and its "More" menu: Replace… (a file picker, then the upload's
 * progress), Share… and Version history (dialogs), and its page. What the menu offers is what the
 * server says the caller may do with the file, read when the menu opens.
 */
export function FileTools({ file }: { file: ChatFile }) {
  const { workspaceId, workspaceSlug, userId, forVisitor } = useChat();
  const [menu, setMenu] = useState(false);
  const [dialog, setDialog] = useState<'share' | 'versions' | null>(null);
  const replace = useReplace(file);
  const picker = useReplacePicker(replace);
  const rights = trpc.attachment.get.useQuery({ workspaceId, fileId: file.id }, { enabled: menu });
  const closeDialog = useCallback(() => setDialog(null), []);
  if (!file.messageId) return null;
  const note = versionNote(file, userId);
  const access = rights.data?.access;
  const items: FileMenuItem[] | null = access
    ? [
        ...(access.replace && replace.r.state !== 'uploading'
          ? [{ label: 'Replace…', onSelect: picker.pick }]
          : []),
        ...(access.manage && !forVisitor
          ? [{ label: 'Share…', dialog: true, onSelect: () => setDialog('share') }]
          : []),
        { label: 'Version history', dialog: true, onSelect: () => setDialog('versions') },
        ...(forVisitor
          ? []
          : [{ label: 'Open the file’s page', href: filePageHref(workspaceSlug, file.id) }]),
      ]
    : null;
  return (
    <div className="file-tools">
      {note ? <span className="file-version">{note}</span> : null}
      <FileMenu
        label={`More for ${file.name}`}
        open={menu}
        onOpenChange={setMenu}
        items={items}
        status={rights.error ? (toShownError(rights.error)?.message ?? 'Not available') : 'Loading…'}
      />
      {picker.element}
      <ReplaceStatus replace={replace} />
      <ShareDialog file={file} open={dialog === 'share'} onClose={closeDialog} />
      <VersionHistory file={file} open={dialog === 'versions'} onClose={closeDialog} />
    </div>
  );
}
