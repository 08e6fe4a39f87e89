import { FILE_LIMITS } from '@/shared/files';
import { uploadFile, FileHttpError, type FileAuth, type UploadHandle } from './file-http';
import type { LiveFiles } from './live-files';
import type { ChatFile } from './types';
import {
  admit,
  failed,
  fileChanged,
  NO_UPLOADS,
  progressed,
  removed,
  retried,
  summarise,
  uploaded,
  type Uploads,
} from './upload-queue';

export type Uploader = (
  auth: FileAuth,
  target: { workspaceId: string; conversationId: string },
  file: File,
  onProgress: (loaded: number) => void,
) => UploadHandle;

let nextKey = 0;
/** How large a picture may be to preview from the disk (larger ones show their icon). */
const PREVIEW_MAX_BYTES = 20 * 1024 * 1024;

/**
 * One composer's uploads (a conversation's, or a thread's): the chips' state and the requests that
 * move their bytes. It lives outside React, like the drafts, so switching to another conversation
 * and back finds the uploads still going or done. Each file goes up as soon as it is added.
 */
export class UploadTray {
  private list: Uploads = NO_UPLOADS;
  private note: string | null = null;
  private files = new Map<string, File>();
  private previews = new Map<string, string>();
  private running = new Map<string, () => void>();
  private subs = new Set<() => void>();

  constructor(
    private readonly target: { workspaceId: string; conversationId: string },
    private readonly live: Pick<LiveFiles, 'limits' | 'remove' | 'onFile'>,
    private readonly upload: Uploader = uploadFile,
  ) {
    // A chip follows its upload's scan: "Scanning…", then ready or blocked.
    live.onFile((f) => this.set(fileChanged(this.list, f)));
  }

  subscribe = (fn: () => void) => {
    this.subs.add(fn);
    return () => {
      this.subs.delete(fn);
    };
  };

  all = (): Uploads => this.list;

  /** Why files were left out of the last add, until the next add or send. */
  notice = (): string | null => this.note;

  /** A picture's preview from the disk, while its chip is there (an object URL, revoked with it). */
  previewOf(key: string): string | null {
    const known = this.previews.get(key);
    if (known) return known;
    const f = this.files.get(key);
    if (!f || !f.type.startsWith('image/') || f.size > PREVIEW_MAX_BYTES) return null;
    const url = URL.createObjectURL(f);
    this.previews.set(key, url);
    return url;
  }

  private forget(key: string) {
    this.files.delete(key);
    const url = this.previews.get(key);
    if (url) URL.revokeObjectURL(url);
    this.previews.delete(key);
  }

  private set(next: Uploads, note: string | null = this.note) {
    if (next === this.list && note === this.note) return;
    this.list = next;
    this.note = note;
    for (const fn of this.subs) fn();
  }

  dismiss() {
    this.set(this.list, null);
  }

  /** Adds files and starts their uploads; answers how many were left out (past the most per message). */
  async add(files: readonly File[], auth: FileAuth): Promise<number> {
    if (files.length === 0) return 0;
    const limits = await this.live.limits();
    const incoming = files.map((f) => ({ key: `up-${++nextKey}`, name: f.name, size: f.size, type: f.type }));
    const r = admit(this.list, incoming, limits);
    for (const [i, f] of files.entries()) {
      const key = incoming[i]!.key;
      if (r.list.some((u) => u.key === key)) this.files.set(key, f);
    }
    const max = FILE_LIMITS.filesPerMessage;
    this.set(
      r.list,
      r.left === 0
        ? null
        : `A message carries at most ${max} files: ${r.left === 1 ? '1 file was' : `${r.left} files were`} left out`,
    );
    for (const key of r.start) this.start(key, auth);
    return r.left;
  }

  private start(key: string, auth: FileAuth) {
    const file = this.files.get(key);
    if (!file) return;
    const h = this.upload(auth, this.target, file, (loaded) => this.set(progressed(this.list, key, loaded)));
    this.running.set(key, h.abort);
    h.done.then(
      (stored: ChatFile) => {
        this.running.delete(key);
        // Removed while its last bytes went up: the server's copy goes too.
        if (!this.list.some((u) => u.key === key)) void this.live.remove(stored.id);
        else this.set(uploaded(this.list, key, stored));
      },
      (e: unknown) => {
        this.running.delete(key);
        if (e instanceof DOMException && e.name === 'AbortError') return;
        const retryable = e instanceof FileHttpError ? e.retryable : true;
        const message = e instanceof Error && e.message ? e.message : 'Upload failed';
        this.set(failed(this.list, key, message, retryable));
      },
    );
  }

  /** A failed upload again, from the start. */
  retry(key: string, auth: FileAuth) {
    const before = this.list;
    this.set(retried(this.list, key));
    if (this.list !== before) this.start(key, auth);
  }

  /** The chip's remove button: stops the upload, or removes the stored upload from the server. */
  remove(key: string) {
    const u = this.list.find((x) => x.key === key);
    if (!u) return;
    this.running.get(key)?.();
    this.running.delete(key);
    if (u.file) void this.live.remove(u.file.id);
    this.forget(key);
    this.set(removed(this.list, key));
  }

  /**
   * The stored uploads for a send, and the tray emptied (failed chips go with them: they have
   * nothing to send). Null while something is still uploading or the scan blocked a file.
   */
  take(): ChatFile[] | null {
    const s = summarise(this.list);
    if (s.uploading > 0 || s.blocked > 0) return null;
    for (const key of [...this.files.keys()]) this.forget(key);
    this.set(NO_UPLOADS, null);
    return s.files;
  }
}

const trays = new WeakMap<object, Map<string, UploadTray>>();

/** The tray of one composer of one engine (user and workspace), made on first use. */
export function trayFor(
  engine: { workspaceId: string; files: LiveFiles },
  conversationId: string,
  parentId: string | null,
): UploadTray {
  let mine = trays.get(engine);
  if (!mine) trays.set(engine, (mine = new Map<string, UploadTray>()));
  const key = `${conversationId}:${parentId ?? ''}`;
  let tray = mine.get(key);
  if (!tray) {
    tray = new UploadTray({ workspaceId: engine.workspaceId, conversationId }, engine.files);
    mine.set(key, tray);
  }
  return tray;
}
