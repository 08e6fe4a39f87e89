import { describe, expect, it } from 'vitest';
import { FILE_LIMITS } from '@/shared/files';
import type { ChatFile } from './types';
import {
  admit,
  chipStatus,
  failed,
  fileChanged,
  NO_UPLOADS,
  progressed,
  refusalOf,
  removed,
  retried,
  sendLabel,
  summarise,
  uploaded,
  type Incoming,
  type UploadLimits,
} from './upload-queue';

const MB = 1024 * 1024;
const limits: UploadLimits = { maxBytes: MB, categories: ['image', 'text'] };
const incoming = (n: number, over: Partial<Incoming> = {}): Incoming[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `k${i}`,
    name: `f${i}.txt`,
    size: 10,
    type: 'text/plain',
    ...over,
  }));
const stored = (id: string, over: Partial<ChatFile> = {}): ChatFile => ({
  id,
  conversationId: 'c',
  messageId: null,
  uploaderId: 'me',
  version: 1,
  name: `${id}.png`,
  size: 10,
  mime: 'image/png',
  kind: 'image',
  status: 'pending',
  thumbnail: false,
  width: 2,
  height: 2,
  createdAt: new Date(0).toISOString(),
  versionUploaderId: 'me',
  servedVersion: null,
  ...over,
});

describe('refusalOf: what the browser can refuse before a byte goes up', () => {
  it('refuses files over the limit, naming both sizes', () => {
    expect(refusalOf({ name: 'a.bin', size: MB + 1, type: '' }, limits)).toBe(
      'Too large: files in this workspace can be at most 1 MB',
    );
    expect(refusalOf({ name: 'a.bin', size: 3 * MB, type: '' }, limits)).toBe(
      'Too large (3 MB): files in this workspace can be at most 1 MB',
    );
    expect(refusalOf({ name: 'a.bin', size: MB, type: '' }, limits)).toBeNull();
  });
  it('refuses a kind the workspace does not take only when the guess is clear-cut', () => {
    expect(refusalOf({ name: 'a.pdf', size: 1, type: 'application/pdf' }, limits)).toBe(
      'This workspace does not take pdf documents',
    );
    expect(refusalOf({ name: 'v.mp4', size: 1, type: 'video/mp4' }, limits)).toContain('video');
    // Browsers guess documents and archives from the extension, and disagree: the server decides.
    expect(refusalOf({ name: 'a.csv', size: 1, type: 'application/vnd.ms-excel' }, limits)).toBeNull();
    expect(refusalOf({ name: 'a.zip', size: 1, type: 'application/zip' }, limits)).toBeNull();
    expect(refusalOf({ name: 'noext', size: 1, type: '' }, limits)).toBeNull();
  });
  it('without the limits only the name is checked', () => {
    expect(refusalOf({ name: 'a.pdf', size: 10 * MB, type: 'application/pdf' }, null)).toBeNull();
    expect(refusalOf({ name: `${'n'.repeat(FILE_LIMITS.nameMax)}.txt`, size: 1, type: '' }, null)).toContain(
      'longer',
    );
  });
});

describe('admit', () => {
  it('adds a chip per file, uploading those within the limits and showing why for the rest', () => {
    const r = admit(
      NO_UPLOADS,
      [...incoming(1), { key: 'big', name: 'big.png', size: 2 * MB, type: 'image/png' }],
      limits,
    );
    expect(r.list.map((u) => [u.key, u.state])).toEqual([
      ['k0', 'uploading'],
      ['big', 'error'],
    ]);
    expect(r.start).toEqual(['k0']);
    expect(r.list[1]!.error).toContain('at most 1 MB');
    expect(r.list[1]!.retryable).toBe(false);
    expect(r.left).toBe(0);
  });
  it('takes at most the files a message carries and counts the rest', () => {
    const first = admit(NO_UPLOADS, incoming(7), limits);
    const second = admit(
      first.list,
      incoming(5).map((f) => ({ ...f, key: `second-${f.key}` })),
      limits,
    );
    expect(second.list).toHaveLength(FILE_LIMITS.filesPerMessage);
    expect(second.left).toBe(2);
    const full = admit(second.list, incoming(1, { key: 'x' }), limits);
    expect(full.list).toBe(second.list);
    expect(full.left).toBe(1);
  });
});

describe('an upload from start to send', () => {
  const start = admit(NO_UPLOADS, incoming(2), limits).list;

  it('moves forward only: progress, then stored; late progress changes nothing', () => {
    let l = progressed(start, 'k0', 5);
    expect(chipStatus(l[0]!)).toBe('Uploading… 50%');
    expect(progressed(l, 'k0', 4)).toBe(l);
    l = uploaded(l, 'k0', stored('f0'));
    expect(l[0]).toMatchObject({ state: 'done', loaded: 10, file: { id: 'f0' } });
    expect(progressed(l, 'k0', 10)).toBe(l);
    expect(chipStatus(l[0]!)).toBe('Scanning for malware…');
    expect(progressed(l, 'nobody', 1)).toBe(l);
  });

  it('a failure can be retried when the network or the server was at fault', () => {
    const l = failed(start, 'k1', 'Could not reach the server', true);
    expect(l[1]).toMatchObject({ state: 'error', error: 'Could not reach the server' });
    expect(chipStatus(l[1]!)).toBe('Could not reach the server');
    const again = retried(l, 'k1');
    expect(again[1]).toMatchObject({ state: 'uploading', loaded: 0, error: null });
    const refused = failed(start, 'k1', 'Not allowed', false);
    expect(retried(refused, 'k1')).toBe(refused);
  });

  it('follows the scan of stored uploads, newer states only', () => {
    let l = uploaded(start, 'k0', stored('f0'));
    l = fileChanged(l, stored('f0', { status: 'clean' }));
    expect(l[0]!.file!.status).toBe('clean');
    expect(chipStatus(l[0]!)).toBe('Uploaded');
    // A late "pending" (events out of order) does not undo the verdict.
    expect(fileChanged(l, stored('f0'))).toBe(l);
    expect(fileChanged(l, stored('other', { status: 'clean' }))).toBe(l);
  });

  it('sums up what a send would carry and what holds it back', () => {
    let l = uploaded(start, 'k0', stored('f0'));
    expect(summarise(l)).toMatchObject({ uploading: 1, blocked: 0, failed: 0 });
    expect(sendLabel(summarise(l))).toBe('Uploading 1 file…');
    l = uploaded(l, 'k1', stored('f1'));
    expect(summarise(l).files.map((f) => f.id)).toEqual(['f0', 'f1']);
    expect(sendLabel(summarise(l))).toBe('Send');
    l = fileChanged(l, stored('f1', { status: 'infected' }));
    expect(summarise(l)).toMatchObject({ blocked: 1 });
    expect(summarise(l).files.map((f) => f.id)).toEqual(['f0']);
    expect(chipStatus(l[1]!)).toBe('Blocked: malware found');
    l = removed(l, 'k1');
    expect(l.map((u) => u.key)).toEqual(['k0']);
    expect(removed(l, 'k1')).toBe(l);
    expect(sendLabel(summarise(admit(NO_UPLOADS, incoming(3), limits).list))).toBe('Uploading 3 files…');
  });
});
