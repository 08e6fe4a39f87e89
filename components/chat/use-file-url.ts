'use client';
import { useEffect, useState } from 'react';
import { useChat } from './ChatProvider';
import { fetchFile, type FileAuth, type FilePart } from './file-http';
import type { ChatFile } from './types';

/**
 * Object URLs of fetched files, shared by everything that shows the same file (a thumbnail in the
 * list and in the thread pane), counted by user. The widget cannot let the browser fetch an `<img
 * src>` (no cookie reaches it), so every picture is fetched with the caller's credentials and shown
 * from a blob. When the last user goes, the URL is revoked after a grace period: the virtualised
 * list unmounts rows scrolled away and mounts them again, which should not fetch again.
 */
interface Entry {
  users: number;
  url: Promise<string>;
  revoke: ReturnType<typeof setTimeout> | null;
  abort: AbortController;
}

const GRACE_MS = 30_000;
const entries = new Map<string, Entry>();

function acquire(key: string, load: (signal: AbortSignal) => Promise<Blob>): Promise<string> {
  const held = entries.get(key);
  if (held) {
    held.users++;
    if (held.revoke) clearTimeout(held.revoke);
    held.revoke = null;
    return held.url;
  }
  const abort = new AbortController();
  const url = load(abort.signal).then((blob) => URL.createObjectURL(blob));
  const entry: Entry = { users: 1, url, revoke: null, abort };
  entries.set(key, entry);
  // A failure is not kept: the next user (or "Try again") fetches afresh.
  url.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return url;
}

function release(key: string) {
  const e = entries.get(key);
  if (!e || --e.users > 0) return;
  e.revoke = setTimeout(() => {
    if (entries.get(key) !== e || e.users > 0) return;
    entries.delete(key);
    e.abort.abort();
    void e.url.then(
      (u) => URL.revokeObjectURL(u),
      () => undefined,
    );
  }, GRACE_MS);
}

export interface FileUrl {
  url: string | null;
  error: string | null;
  loading: boolean;
  retry: () => void;
}

/**
 * A blob URL for a file's content or thumbnail, fetched with the caller's credentials; null (and
 * nothing fetched) while `file` is null. The version is in the key: a new version is fetched anew.
 */
export function useFileUrl(file: ChatFile | null, part: FilePart): FileUrl {
  const { workspaceId, fileAuth } = useChat();
  const [attempt, setAttempt] = useState(0);
  const key = file
    ? `${fileAuth.token ?? ''}:${workspaceId}:${file.id}:${file.version}:${part}:${attempt}`
    : '';
  const [state, setState] = useState<{ key: string; url: string | null; error: string | null }>({
    key: '',
    url: null,
    error: null,
  });
  const fileId = file?.id;
  useEffect(() => {
    if (!key || !fileId) return;
    let live = true;
    const auth: FileAuth = { token: fileAuth.token };
    acquire(key, (signal) => fetchFile(auth, workspaceId, fileId, part, signal)).then(
      (url) => live && setState({ key, url, error: null }),
      (e: unknown) =>
        live && setState({ key, url: null, error: e instanceof Error ? e.message : 'Could not load' }),
    );
    return () => {
      live = false;
      release(key);
    };
  }, [key, fileId, fileAuth.token, workspaceId, part]);
  const current = state.key === key && key !== '';
  return {
    url: current ? state.url : null,
    error: current ? state.error : null,
    loading: key !== '' && !current,
    retry: () => setAttempt((n) => n + 1),
  };
}
