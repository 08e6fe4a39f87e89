import type { ChatFile } from './types';

/**
 * Moving a file's bytes: uploads (XMLHttpRequest, for its progress events) and downloads. They are
 * plain HTTP routes of the API (server/http/files.ts), authorised like tRPC calls: the web app by
 * its session cookie (same origin), the widget by its visitor's bearer token (it never sends a
 * cookie this browser may hold for the app).
 */
export interface FileAuth {
  /** The widget session's `ev_…` token; null in the web app, which has its cookie. */
  token: string | null;
}

export type FilePart = 'content' | 'thumbnail';

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`;

export const uploadUrl = (workspaceId: string, conversationId: string) =>
  `${ws(workspaceId)}/conversations/${encodeURIComponent(conversationId)}/files`;

/** A file's content or thumbnail: the version the server picks for the caller, or version `n`. */
export const fileUrl = (workspaceId: string, fileId: string, part: FilePart, version?: number) =>
  `${ws(workspaceId)}/files/${encodeURIComponent(fileId)}/${part}${version ? `?version=${version}` : ''}`;

/** Where a new version of a file is uploaded (the raw body, its name in X-File-Name). */
export const versionUploadUrl = (workspaceId: string, fileId: string) =>
  `${ws(workspaceId)}/files/${encodeURIComponent(fileId)}/versions`;

/** The web app's page of one file (a share's holder reaches it without the conversation). */
export const filePageHref = (workspaceSlug: string, fileId: string) =>
  `/w/${encodeURIComponent(workspaceSlug)}/files/${encodeURIComponent(fileId)}`;

const authHeaders = (auth: FileAuth): Record<string, string> =>
  auth.token ? { authorization: `Bearer ${auth.token}` } : {};

/** A failure with what the server said, and whether trying again may help. */
export class FileHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const FALLBACK: Record<number, string> = {
  0: 'Could not reach the server; check the connection and try again',
  401: 'Your session ended; sign in again',
  403: 'This file is not available',
  404: 'Not found: the file or the conversation is gone',
  413: 'This file is larger than the workspace takes',
  429: 'Too many requests; try again in a moment',
};

/** The server's error body (`{ message, data: { httpStatus, … } }`, server/http/json.ts), worded. */
export function errorFrom(status: number, body: string): FileHttpError {
  let message: string | null = null;
  try {
    const parsed: unknown = JSON.parse(body);
    const m = (parsed as { message?: unknown } | null)?.message;
    if (typeof m === 'string' && m.trim()) message = m;
  } catch {
    // Not JSON (a proxy's page, a cut connection): the status speaks.
  }
  const retryable = status === 0 || status === 429 || status >= 500;
  const fallback =
    FALLBACK[status] ?? (status >= 500 ? 'The server could not take it; try again' : 'Upload refused');
  // A 500 says only "Internal error": the fallback says what to do.
  return new FileHttpError(status >= 500 || !message ? fallback : message, status, retryable);
}

export interface UploadHandle {
  done: Promise<ChatFile>;
  abort: () => void;
}

/** Sends one file as the raw body; `onProgress` hears the bytes sent. Aborting rejects with AbortError. */
export function uploadFile(
  auth: FileAuth,
  target: { workspaceId: string; conversationId: string },
  file: File,
  onProgress: (loaded: number) => void,
): UploadHandle {
  return sendBytes(auth, uploadUrl(target.workspaceId, target.conversationId), file, onProgress);
}

/** Sends a new version of a file (the same upload, to the file's versions). */
export function uploadVersion(
  auth: FileAuth,
  target: { workspaceId: string; fileId: string },
  file: File,
  onProgress: (loaded: number) => void,
): UploadHandle {
  return sendBytes(auth, versionUploadUrl(target.workspaceId, target.fileId), file, onProgress);
}

function sendBytes(
  auth: FileAuth,
  url: string,
  file: File,
  onProgress: (loaded: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ChatFile>((resolve, reject) => {
    xhr.open('POST', url);
    // The name in a header: a cross-site form cannot set one (the server requires it).
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    for (const [k, v] of Object.entries(authHeaders(auth))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status === 201) {
        try {
          resolve((JSON.parse(xhr.responseText) as { file: ChatFile }).file);
          return;
        } catch {
          reject(new FileHttpError('The server answered strangely; try again', xhr.status, true));
          return;
        }
      }
      reject(errorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(errorFrom(0, ''));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/** Fetches a file's content or thumbnail with the caller's credentials, as a blob. */
export async function fetchFile(
  auth: FileAuth,
  workspaceId: string,
  fileId: string,
  part: FilePart,
  signal?: AbortSignal,
  version?: number,
): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(fileUrl(workspaceId, fileId, part, version), {
      headers: authHeaders(auth),
      // The widget's requests carry its token alone; the web app's its cookie.
      credentials: auth.token ? 'omit' : 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw errorFrom(0, '');
  }
  if (!res.ok) throw errorFrom(res.status, await res.text().catch(() => ''));
  return res.blob();
}

/** Saves a blob under `name` through a temporary link (the browser's own download). */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the URL by the next turn; a little later is safe everywhere.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
