import { describe, expect, it } from 'vitest';
import { FILE_LIMITS } from '@/shared/files';
import { FileHttpError, type UploadHandle } from './file-http';
import type { ChatFile } from './types';
import { UploadTray, type Uploader } from './upload-tray';

// The tray with a stand-in for the network (the XMLHttpRequest) and for the engine's file side.

const stored = (id: string, over: Partial<ChatFile> = {}): ChatFile => ({
  id,
  conversationId: 'c',
  messageId: null,
  uploaderId: 'me',
  version: 1,
  name: `${id}.txt`,
  size: 4,
  mime: 'text/plain',
  kind: 'file',
  status: 'pending',
  thumbnail: false,
  width: null,
  height: null,
  createdAt: new Date(0).toISOString(),
  versionUploaderId: 'me',
  servedVersion: null,
  ...over,
});

interface Call {
  name: string;
  auth: string | null;
  progress: (n: number) => void;
  resolve: (f: ChatFile) => void;
  reject: (e: unknown) => void;
  aborted: boolean;
}

function setup(maxBytes = 1024) {
  const calls: Call[] = [];
  const removedIds: string[] = [];
  let onFile: (f: ChatFile) => void = () => undefined;
  const upload: Uploader = (auth, _target, file, onProgress): UploadHandle => {
    let call!: Call;
    const done = new Promise<ChatFile>((resolve, reject) => {
      call = { name: file.name, auth: auth.token, progress: onProgress, resolve, reject, aborted: false };
    });
    calls.push(call);
    return {
      done,
      abort: () => {
        call.aborted = true;
        call.reject(new DOMException('Upload cancelled', 'AbortError'));
      },
    };
  };
  const tray = new UploadTray(
    { workspaceId: 'w', conversationId: 'c' },
    {
      limits: () => Promise.resolve({ maxBytes, categories: ['text', 'image'] }),
      remove: (id) => {
        removedIds.push(id);
        return Promise.resolve();
      },
      onFile: (fn) => {
        onFile = fn;
        return () => undefined;
      },
    },
    upload,
  );
  return { tray, calls, removedIds, fileUpdate: (f: ChatFile) => onFile(f) };
}

const txt = (name: string, size = 4) => new File(['x'.repeat(size)], name, { type: 'text/plain' });
const settle = () => new Promise((r) => setTimeout(r, 0));
const auth = { token: 'ev_token' };

describe('UploadTray', () => {
  it('uploads each file at once with the caller’s credentials and follows its progress', async () => {
    const { tray, calls } = setup();
    let notified = 0;
    tray.subscribe(() => notified++);
    await tray.add([txt('a.txt'), txt('b.txt')], auth);
    expect(calls.map((c) => [c.name, c.auth])).toEqual([
      ['a.txt', 'ev_token'],
      ['b.txt', 'ev_token'],
    ]);
    calls[0]!.progress(2);
    expect(tray.all()[0]).toMatchObject({ state: 'uploading', loaded: 2 });
    calls[0]!.resolve(stored('fa'));
    await settle();
    expect(tray.all()[0]).toMatchObject({ state: 'done', file: { id: 'fa' } });
    expect(notified).toBeGreaterThan(2);
    // Not sendable while b is still uploading.
    expect(tray.take()).toBeNull();
    calls[1]!.resolve(stored('fb'));
    await settle();
    expect(tray.take()?.map((f) => f.id)).toEqual(['fa', 'fb']);
    expect(tray.all()).toEqual([]);
  });

  it('refuses a file over the limit on its chip without uploading it', async () => {
    const { tray, calls } = setup(3);
    await tray.add([txt('big.txt', 10)], auth);
    expect(calls).toHaveLength(0);
    expect(tray.all()[0]).toMatchObject({ state: 'error', retryable: false });
    expect(tray.all()[0]!.error).toContain('at most 3 B');
    // A failed chip does not stop a send: it has nothing to carry.
    expect(tray.take()).toEqual([]);
  });

  it('cancelling aborts the request; removing a stored upload removes it on the server', async () => {
    const { tray, calls, removedIds } = setup();
    await tray.add([txt('a.txt'), txt('b.txt')], auth);
    const [a, b] = tray.all();
    tray.remove(a!.key);
    expect(calls[0]!.aborted).toBe(true);
    await settle();
    expect(tray.all().map((u) => u.name)).toEqual(['b.txt']);
    calls[1]!.resolve(stored('fb'));
    await settle();
    tray.remove(b!.key);
    expect(removedIds).toEqual(['fb']);
    expect(tray.all()).toEqual([]);
  });

  it('an upload that finishes after its chip was removed is removed on the server', async () => {
    const { calls, removedIds } = setup();
    const slow: Uploader = (_auth, _t, _f, _p) => {
      let resolve!: (f: ChatFile) => void;
      const done = new Promise<ChatFile>((r) => (resolve = r));
      calls.push({
        name: 'late',
        auth: null,
        progress: () => undefined,
        resolve,
        reject: () => undefined,
        aborted: false,
      });
      // An abort that comes too late: the bytes were in.
      return { done, abort: () => undefined };
    };
    const t2 = new UploadTray(
      { workspaceId: 'w', conversationId: 'c' },
      {
        limits: () => Promise.resolve(null),
        remove: (id) => {
          removedIds.push(id);
          return Promise.resolve();
        },
        onFile: () => () => undefined,
      },
      slow,
    );
    await t2.add([txt('late.txt')], auth);
    t2.remove(t2.all()[0]!.key);
    calls.at(-1)!.resolve(stored('f-late'));
    await settle();
    expect(removedIds).toEqual(['f-late']);
    expect(t2.all()).toEqual([]);
  });

  it('shows a failure and retries it when it was the network', async () => {
    const { tray, calls } = setup();
    await tray.add([txt('a.txt')], auth);
    calls[0]!.reject(new FileHttpError('Could not reach the server', 0, true));
    await settle();
    expect(tray.all()[0]).toMatchObject({
      state: 'error',
      error: 'Could not reach the server',
      retryable: true,
    });
    tray.retry(tray.all()[0]!.key, auth);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(stored('fa'));
    await settle();
    expect(tray.all()[0]!.state).toBe('done');
  });

  it('follows the scan, and will not send a file it blocked', async () => {
    const { tray, calls, fileUpdate } = setup();
    await tray.add([txt('a.txt')], auth);
    calls[0]!.resolve(stored('fa'));
    await settle();
    fileUpdate(stored('fa', { status: 'infected' }));
    expect(tray.all()[0]!.file!.status).toBe('infected');
    expect(tray.take()).toBeNull();
  });

  it('takes at most the files a message carries and says how many were left out', async () => {
    const { tray, calls } = setup();
    const many = Array.from({ length: FILE_LIMITS.filesPerMessage + 2 }, (_, i) => txt(`f${i}.txt`));
    expect(await tray.add(many, auth)).toBe(2);
    expect(calls).toHaveLength(FILE_LIMITS.filesPerMessage);
    expect(tray.notice()).toBe(
      `A message carries at most ${FILE_LIMITS.filesPerMessage} files: 2 files were left out`,
    );
    tray.dismiss();
    expect(tray.notice()).toBeNull();
  });
});
